"""Downloads made by Sphinx: a plain sphinx-build writes them, links them from every text page
and lists them with their sizes; each is what it says."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree, html

from .helpers import EDITION_TEI, WITNESS, edition_site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with edition_site(tmp_path_factory.mktemp("downloads"), "") as out:
        yield out


def test_each_download_is_what_it_says(site: Path) -> None:
    folder = site / "downloads"
    diplomatic = (folder / "kropotkin-1919-diplomatic.txt").read_text("utf-8")
    assert diplomatic == WITNESS.read_text("utf-8") + "\n"  # the witness, and a final newline
    assert "say and learn" in (folder / "kropotkin-1919-reading.txt").read_text("utf-8")
    tei = folder / "kropotkin-1919.xml"
    assert tei.read_bytes() == EDITION_TEI.read_bytes()
    models = re.findall(rb'<\?xml-model href="([^"]+)"', tei.read_bytes())
    assert models and all((folder / m.decode()).is_file() for m in models)  # resolves there
    assert len(json.loads((folder / "kropotkin-1919-emendations.json").read_text())) == 11
    tsv = (folder / "kropotkin-1919-emendations.tsv").read_text("utf-8").splitlines()
    assert len(tsv) == 12 and tsv[0].startswith("id\tparagraph")
    assert (folder / "kropotkin-1919.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("name", ["reading", "diplomatic", "synoptic"])
def test_every_text_page_links_every_download(site: Path, name: str) -> None:
    page = html.parse(str(site / f"{name}.html"))
    links = page.xpath('//p[contains(@class, "tei-download-line")]//a/@href')
    assert sorted(Path(link).name for link in links) == sorted(
        p.name for p in (site / "downloads").iterdir() if p.suffix != ".sch"
    )
    for link in links:
        assert (site / link).is_file(), link


def test_the_downloads_page_lists_each_file_with_its_size(site: Path) -> None:
    page = html.parse(str(site / "downloads.html"))
    items = page.xpath('//ul[contains(@class, "tei-downloads")]/li')
    # Seven downloads, and three records (BibTeX, RIS, CSL-JSON) of the edition and each text.
    assert len(items) == 7 + 3 * 3
    for item in items:
        (link,) = item.xpath(".//a")
        size = (site / link.get("href")).stat().st_size
        stated = re.search(r"\((\d+(?:\.\d)?) (KB|MB)\)", item.text_content())
        assert stated, item.text_content()
        factor = 1e6 if stated[2] == "MB" else 1e3
        assert abs(float(stated[1]) * factor - size) <= factor  # rounded to the unit shown
    xml = etree.parse(str(site / "downloads" / "kropotkin-1919.xml"))
    assert xml.getroot().tag.endswith("TEI")

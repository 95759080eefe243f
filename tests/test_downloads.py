"""Downloads made by Sphinx: the HTML build writes them (the PDF too where the project asks for
it beside the pages: edition_pdf_alongside), links them from every text page and lists them
with their sizes; each is what it says."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from lxml import etree, html

from .helpers import EDITION_TEI, WITNESS, edition_site


@pytest.fixture(scope="module")
def site(published: Path) -> Path:
    return published / "html"


ALONGSIDE = '\nedition_pdf_alongside = "../pdf"\n'


def test_a_plain_html_build_makes_no_pdf_and_lists_none(tmp_path: Path) -> None:
    """No build inside the build: without edition_pdf_alongside the HTML build writes pages
    only, and neither the links nor the list offer a PDF that is not there."""
    with edition_site(tmp_path) as out:
        assert not list(tmp_path.rglob("*.pdf")) and not list(tmp_path.rglob("*.typ"))
        page = html.parse(str(out / "reading.html"))
        links = page.xpath('//p[contains(@class, "tei-download-line")]//a/@href')
        assert links and not [link for link in links if link.endswith(".pdf")]
        units = json.loads((out / "downloads" / "kropotkin-1919-citable.json").read_text())
        assert all(unit["pdf_page"] is None for unit in units["units"])
        assert not page.xpath('//meta[@name="citation_pdf_url"]')  # no PDF offered to Zotero


def test_the_pdf_alongside_is_the_one_its_own_builder_makes(site: Path, tmp_path: Path) -> None:
    """One read, two writers: the PDF written beside the pages is byte for byte the one a
    build with the tei-typst builder alone makes, and the index gives its pages."""
    from sphinx.cmd.build import build_main

    shutil.copytree(site.parent / "docs", tmp_path / "docs")
    shutil.copytree(site.parent / "tei", tmp_path / "tei")
    alone = tmp_path / "alone"
    assert build_main(["-q", "-b", "tei-typst", str(tmp_path / "docs"), str(alone)]) == 0
    beside = site.parent / "pdf" / "kropotkin-1919.pdf"
    assert beside.read_bytes() == (alone / "kropotkin-1919.pdf").read_bytes()
    assert (site / "downloads" / beside.name).read_bytes() == beside.read_bytes()
    # The pages keep their own medium's headnote: the PDF's tags never reach the HTML.
    headnote = html.parse(str(site / "emendations.html")).xpath("string(//body)")
    assert "linked to the reading text" in headnote
    assert "page of the reading edition" not in headnote
    units = json.loads((site / "downloads" / "kropotkin-1919-citable.json").read_text())
    pages = json.loads((alone / "kropotkin-1919.pages.json").read_text())
    assert {u["id"]: u["pdf_page"] for u in units["units"]} == pages


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


def test_downloads_are_written_again_only_when_what_they_are_made_of_changed(
    tmp_path: Path,
) -> None:
    """A build with nothing changed leaves the downloads as they are (no conversion, no
    parse, no rewrite); a changed file beside the TEI, a download removed from the site or a
    changed setting writes them all again."""
    from sphinx.cmd.build import build_main

    shutil.copytree(EDITION_TEI.parents[1] / "docs", tmp_path / "docs")
    shutil.copytree(EDITION_TEI.parent, tmp_path / "tei")
    out = tmp_path / "out"

    def build(*settings: str) -> dict[str, int]:
        arguments = [x for s in settings for x in ("-D", s)]
        assert build_main(["-q", "-b", "html", *arguments, str(tmp_path / "docs"), str(out)]) == 0
        folder = out / "downloads"
        return {p.name: p.stat().st_mtime_ns for p in folder.iterdir() if p.suffix != ".json"}

    first = build()
    assert build() == first, "nothing changed, nothing written"
    rules = next((tmp_path / "tei").glob("*.sch"))
    rules.write_text(rules.read_text("utf-8") + "\n", "utf-8")
    second = build()
    assert all(second[name] > first[name] for name in first), "the Schematron beside it changed"
    assert (out / "downloads" / rules.name).read_bytes() == rules.read_bytes()
    (out / "downloads" / "kropotkin-1919-reading.txt").unlink()
    third = build()
    assert "kropotkin-1919-reading.txt" in third and third != second
    assert build("edition_downloads=1", "edition_pdf_name=other") != third

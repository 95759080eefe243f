"""'Cite this': the records read by independent parsers (bibtexparser, rispy, json) field by
field against the TEI header, the styles on the pages, a pinpoint for every paragraph."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import bibtexparser
import pytest
import rispy
from lxml import html
from sphinx.testing.util import SphinxTestApp

from edition import citation, header, tei

from .helpers import EDITION_TEI, ROOT

BASE = "https://example.org/kropotkin-1919/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The edition's own docs/, built with a base URL, as a site with one would be."""
    work = tmp_path_factory.mktemp("cite")
    shutil.copytree(ROOT / "docs", work / "docs")
    shutil.copytree(ROOT / "tei", work / "tei")
    conf = work / "docs" / "conf.py"
    conf.write_text(conf.read_text("utf-8") + f"\nhtml_baseurl = {BASE!r}\n", encoding="utf-8")
    app = SphinxTestApp("html", srcdir=work / "docs", builddir=work / "out")
    try:
        app.build()
        assert app.warning.getvalue() == ""
        yield Path(app.outdir)
    finally:
        app.cleanup()  # the nodes, roles and directives it registered, which are global


@pytest.fixture(scope="module")
def page() -> header.TitlePage:
    return header.title_page(tei.load(EDITION_TEI))


def _texts() -> dict[str, tuple[str, str, bool]]:
    return {
        i: (title, date, certain)
        for i, title, date, certain in citation.texts(tei.load(EDITION_TEI))
    }


def test_bibtex_records_read_back_field_by_field(site: Path, page: header.TitlePage) -> None:
    for identifier, (title, date, _) in _texts().items():
        library = bibtexparser.parse_string(
            (site / "_cite" / f"kropotkin-1919-{identifier}.bib").read_text("utf-8")
        )
        assert not library.failed_blocks
        (entry,) = library.entries
        fields = {name: str(f.value).strip("{}") for name, f in entry.fields_dict.items()}
        assert entry.entry_type == "incollection"
        assert fields["author"] == "Kropotkin, Peter"
        assert fields["title"] == title
        assert fields["booktitle"] == f"{page.title}: {page.subtitle}"
        assert fields["editor"] == page.editors[0]
        assert (fields["version"], fields["date"]) == (page.version, page.version_iso)
        assert fields["year"] == page.version_iso[:4] and fields["origdate"] == date
        assert fields["url"].startswith(BASE) and fields["url"].endswith(f"#{identifier}")
    edition = bibtexparser.parse_string((site / "_cite" / "kropotkin-1919.bib").read_text("utf-8"))
    assert edition.entries[0].entry_type == "book"


def test_ris_records_read_back_field_by_field(site: Path, page: header.TitlePage) -> None:
    for identifier, (title, date, _) in _texts().items():
        (record,) = rispy.loads((site / "_cite" / f"kropotkin-1919-{identifier}.ris").read_text())
        assert record["type_of_reference"] == "CHAP"
        assert record["authors"] == ["Kropotkin, Peter"]
        assert record["title"] == title
        assert record["secondary_title"] == f"{page.title}: {page.subtitle}"
        assert record["secondary_authors"] == [page.editors[0]]
        assert (record["edition"], record["year"]) == (page.version, page.version_iso[:4])
        assert record["date"] == page.version_iso.replace("-", "/")
        assert record["original_publication"] == date[:4]
        assert record["urls"] == [f"{BASE}reading.html#{identifier}"]


def test_csl_json_records_read_back_field_by_field(site: Path, page: header.TitlePage) -> None:
    for identifier, (title, date, _) in _texts().items():
        (item,) = json.loads((site / "_cite" / f"kropotkin-1919-{identifier}.json").read_text())
        assert item["type"] == "chapter" and item["title"] == title
        assert item["author"] == [{"family": "Kropotkin", "given": "Peter"}]
        assert item["editor"] == [{"literal": page.editors[0]}]
        assert item["container-title"] == f"{page.title}: {page.subtitle}"
        assert item["version"] == page.version
        assert item["issued"]["date-parts"][0] == [int(p) for p in page.version_iso.split("-")]
        assert item["original-date"]["date-parts"][0] == [int(p) for p in date.split("-")]


@pytest.mark.parametrize("name", ["reading", "diplomatic", "synoptic"])
def test_every_text_page_has_the_editions_citation_and_its_records(site: Path, name: str) -> None:
    document = html.parse(str(site / f"{name}.html"))
    (block,) = document.xpath('//div[contains(@class, "tei-cite")]')
    styles = [s.text_content() for s in block.xpath('.//p[contains(@class, "tei-cite-style")]')]
    assert [s.split(":", 1)[0] for s in styles] == ["Chicago", "MLA", "APA"]
    chicago = styles[0]
    # Names in full (never initialised by a processor), the editor as a body, version, URL.
    assert chicago.startswith("Chicago: Peter Kropotkin, Message to the Workers")
    assert "ed. the Kropotkin 1919 Edition project, version 0.2.0" in chicago
    assert chicago.endswith(f"{BASE}index.html.")
    assert block.xpath(".//em")  # the edition's title in italics
    for link in block.xpath(".//a/@href"):
        assert (site / link).is_file(), link  # every record link resolves


def test_every_paragraph_can_be_cited_with_its_pinpoint(site: Path) -> None:
    """In place, the first style and a link to every style on the citations page (three
    styles for each of 35 paragraphs would break the reading page's weight limit)."""
    document = html.parse(str(site / "reading.html"))
    listing = html.parse(str(site / "cite.html"))
    loci = document.xpath('//p[@id]/a[contains(@class, "tei-locus")]')
    assert len(loci) == 35
    for locus in loci:
        paragraph = locus.getparent()
        identifier = paragraph.get("id")
        details = paragraph.getnext()
        assert details.tag == "details", identifier
        assert details.xpath("string(summary)") == f"Cite {locus.text}"
        url = f"{BASE}reading.html#{identifier}"
        (chicago,) = details.xpath("p")
        assert f", {locus.text}, {url}." in chicago.text_content()
        (all_styles,) = chicago.xpath("a")
        assert all_styles.get("href") == f"cite.html#cite-{identifier}"
        (entry,) = listing.xpath(f'//*[@id="cite-{identifier}"]')
        chicago, mla, apa = (
            p.text_content() for p in entry.xpath("p[contains(@class, 'tei-cite-style')]")
        )
        assert f", {locus.text}, {url}." in chicago and f", {locus.text}, {url}." in mla
        assert f"para. {locus.text[1:]})" in apa and url in apa
    uncertain = document.xpath('//p[@id="msg-p01"]/following-sibling::details[1]/p[1]')[0]
    assert (
        "\u201cMessage to the Workers of the Western World,\u201d 1919?" in uncertain.text_content()
    )


def test_citations_are_not_printed_nor_in_plain_text(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(ROOT / "docs", source / "docs")
    shutil.copytree(ROOT / "tei", source / "tei")
    app = SphinxTestApp("text", srcdir=source / "docs", builddir=tmp_path / "out")
    try:
        app.build()
        reading = (Path(app.outdir) / "reading.txt").read_text("utf-8")
        assert "Cite this edition" not in reading and "Cite §1" not in reading
    finally:
        app.cleanup()


def test_without_a_base_url_the_build_warns_once_and_links_stay_relative(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "letter.xml").write_bytes(EDITION_TEI.read_bytes())
    (source / "conf.py").write_text("extensions = ['edition']\nedition_source = 'letter.xml'\n")
    (source / "index.rst").write_text("Test\n====\n\n.. toctree::\n\n   a\n   b\n")
    for name in ("a", "b"):
        (source / f"{name}.rst").write_text(f"{name}\n=\n\n.. tei-edition:: letter.xml\n")
    app = SphinxTestApp("html", srcdir=source, builddir=tmp_path / "out")
    try:
        app.build()
        assert app.warning.getvalue().count("[edition.baseurl]") == 1
        page = html.parse(str(Path(app.outdir) / "a.html"))
        chicago = page.xpath('//p[contains(@class, "tei-cite-chicago")]')[0].text_content()
        assert chicago.endswith(", index.html.")
    finally:
        app.cleanup()

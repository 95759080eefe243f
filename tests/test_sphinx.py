"""The Sphinx extension, built for real: small test roots and the edition's own docs/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import html
from sphinx.testing.util import SphinxTestApp

from .helpers import ROOT, WITNESS

ROOTS = Path(__file__).resolve().parent / "roots"


def build(source: Path, out: Path) -> SphinxTestApp:
    app = SphinxTestApp("html", srcdir=source, builddir=out, warningiserror=False)
    app.build()
    return app


def view_text(page: Path, view: str) -> str:
    """The text of a view as a reader sees it, minus § loci and note references."""
    tree = html.parse(str(page))
    blocks = tree.xpath(
        f'//div[contains(@class, "tei-view-{view}")]'
        '//p[not(ancestor::*[contains(@class, "tei-apparatus")])]'
    )
    texts = []
    for block in blocks:
        for line_break in block.xpath(".//br"):
            line_break.tail = "\n" + (line_break.tail or "")
        for skipped in block.xpath(
            './/a[contains(@class, "tei-locus") or contains(@class, "footnote-reference")]'
        ):
            skipped.drop_tree()
        texts.append(block.text_content())
    return "\n\n".join(texts)


@pytest.fixture
def edition_site(tmp_path: Path) -> tuple[SphinxTestApp, Path]:
    source = tmp_path / "project"
    shutil.copytree(ROOT / "docs", source / "docs")
    shutil.copytree(ROOT / "tei", source / "tei")
    app = build(source / "docs", tmp_path / "out")
    yield app, Path(app.outdir)
    app.cleanup()


def test_edition_builds_without_warnings(edition_site: tuple[SphinxTestApp, Path]) -> None:
    app, _ = edition_site
    assert app.warning.getvalue() == ""


def test_diplomatic_page_text_is_the_witness(edition_site: tuple[SphinxTestApp, Path]) -> None:
    _, out = edition_site
    assert view_text(out / "diplomatic.html", "diplomatic") == WITNESS.read_text("utf-8")


def test_reading_page_has_loci_permalinks_and_apparatus(
    edition_site: tuple[SphinxTestApp, Path],
) -> None:
    _, out = edition_site
    page = html.parse(str(out / "reading.html"))
    paragraph = page.xpath('//div[contains(@class, "tei-view-reading")]//p[@id="msg-p02"]')[0]
    locus = paragraph.xpath('./a[contains(@class, "tei-locus")]')[0]
    assert (locus.text, locus.get("href")) == ("§2", "#msg-p02")
    reference = paragraph.xpath('.//a[contains(@class, "footnote-reference")]')[0]
    note = page.xpath(f'//*[@id="{reference.get("href")[1:]}"]')[0]
    assert "friends" in note.text_content()
    assert note.xpath(f'.//a[@href="#{reference.get("id")}"]'), "the note links back"
    ids = page.xpath('//div[contains(@class, "tei-view-reading")]//p[@id]/@id')
    assert ids[:2] == ["msg-p01", "msg-p02"] and "wtd-p17" in ids


def test_another_projects_letter_renders(tmp_path: Path) -> None:
    app = build(ROOTS / "test-letter", tmp_path / "out")
    try:
        assert "no handler for <gap>" in app.warning.getvalue()
        out = Path(app.outdir)
        assert view_text(out / "diplomatic.html", "diplomatic").startswith("London, 3 March 1897")
        reading = view_text(out / "reading.html", "reading")
        assert "Dear Doctor Smith," in reading and "thank you for the books" in reading
    finally:
        app.cleanup()

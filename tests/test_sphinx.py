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
        # Paragraphs and the text's own headings (h2 ... h6 since they are real headings).
        "//*[(self::p or self::h2 or self::h3 or self::h4 or self::h5 or self::h6)"
        " and not(ancestor::*[contains(@class, 'tei-apparatus')"
        " or contains(@class, 'tei-commentary') or contains(@class, 'tei-cite')])"
        " and not(ancestor::details) and not(contains(@class, 'tei-div-title'))]"
    )
    texts = []
    for block in blocks:
        for line_break in block.xpath(".//br"):
            line_break.tail = "\n" + (line_break.tail or "")
        for skipped in block.xpath(
            './/a[contains(@class, "tei-locus") or contains(@class, "footnote-reference")]'
            ' | .//span[contains(@class, "tei-witness-reading")]'
        ):
            skipped.drop_tree()
        texts.append(block.text_content())
    return "\n\n".join(texts)


@pytest.fixture(scope="module")
def edition_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """Built once for the module (no test changes it): its warnings and output folder. The
    application is cleaned up at once, so that the module's other builds register afresh."""
    work = tmp_path_factory.mktemp("sphinx")
    source = work / "project"
    shutil.copytree(ROOT / "docs", source / "docs")
    shutil.copytree(ROOT / "tei", source / "tei")
    app = build(source / "docs", work / "out")
    try:
        return app.warning.getvalue(), Path(app.outdir)
    finally:
        app.cleanup()


def test_edition_builds_without_warnings(edition_site: tuple[str, Path]) -> None:
    warnings, _ = edition_site
    assert warnings == ""


def test_diplomatic_page_text_is_the_witness(edition_site: tuple[str, Path]) -> None:
    _, out = edition_site
    assert view_text(out / "diplomatic.html", "diplomatic") == WITNESS.read_text("utf-8")


def test_reading_page_has_loci_permalinks_and_apparatus(
    edition_site: tuple[str, Path],
) -> None:
    _, out = edition_site
    page = html.parse(str(out / "reading.html"))
    paragraph = page.xpath('//div[contains(@class, "tei-view-reading")]//p[@id="msg-p02"]')[0]
    locus = paragraph.xpath('./a[contains(@class, "tei-locus")]')[0]
    assert (locus.text, locus.get("href")) == ("§2", "#msg-p02")
    reference = paragraph.xpath('.//a[contains(@class, "footnote-reference")]')[0]
    note = page.xpath(f'//*[@id="{reference.get("href")[1:]}"]')[0]
    assert (
        note.xpath("./p")[0]
        .text_content()
        .startswith("§2 friends B] friend W. The witness reads \u201ctheir friend")
    )
    entries = [
        p.text_content() for p in page.xpath('//aside[contains(@class, "tei-apparatus-entry")]/p')
    ]
    # A cross-reference in a note is a link that reads as its locus, not as a raw id.
    links = page.xpath('//aside[contains(@class, "tei-commentary-entry")]//a[@href="#msg-p09"]')
    assert [link.text_content() for link in links] == ["Message\u00a0§9"]
    # A punctuation lemma is printed with its word, and the source of the reading with it.
    assert any(e.startswith("§2 Russia, B] Russia W. Comma supplied") for e in entries)
    assert any(e.startswith("§3 Saint Simon] Kept without a hyphen") for e in entries)
    assert note.xpath(f'.//a[@href="#{reference.get("id")}"]'), "the note links back"
    ids = page.xpath('//div[contains(@class, "tei-view-reading")]//p[@id]/@id')
    assert ids[:2] == ["msg-p01", "msg-p02"] and "wtd-p17" in ids


def test_another_projects_letter_renders(tmp_path: Path) -> None:
    app = build(ROOTS / "test-letter", tmp_path / "out")
    try:
        assert app.warning.getvalue() == ""
        out = Path(app.outdir)
        assert view_text(out / "diplomatic.html", "diplomatic").startswith("London, 3 March 1897")
        reading = view_text(out / "reading.html", "reading")
        assert "Dear Doctor Smith," in reading and "thank you for the books" in reading
        assert "books; […] will follow" in reading  # the gap is marked, not closed up
    finally:
        app.cleanup()


def test_front_matter_comes_from_the_tei_header(edition_site: tuple[str, Path]) -> None:
    _, out = edition_site
    title = html.parse(str(out / "index.html"))
    page = title.xpath('//div[contains(@class, "tei-titlepage")]')[0].text_content()
    assert "Message to the Workers of the Western World (Dmitrov, 1920)" in page
    assert "Version 0.3.0, 1 December 2026" in page and "Cite as:" in page
    sources = html.parse(str(out / "sources.html"))
    assert (
        sources.xpath('//dt[@id="baldwin-1927"]')[0]
        .text_content()
        .startswith("Peter Kropotkin. Kropotkin\u2019s Revolutionary Pamphlets")
    )
    principles = html.parse(str(out / "principles.html"))
    rubrics = [r.text_content() for r in principles.xpath('//p[contains(@class, "rubric")]')]
    assert rubrics[:2] == ["Corrections", "Normalisation"]
    text = principles.xpath('//div[contains(@class, "tei-header-principles")]')[0].text_content()
    # The editors' quotation marks are typographic; the witness's apostrophe inside stays.
    assert "\u201c1639 to '48\u201d" in text, "a quoted form of the witness is changed"
    witness_link = principles.xpath('//a[normalize-space(.) = "W"]')[0]
    assert witness_link.get("href") == "sources.html#witness"
    history = html.parse(str(out / "history.html")).xpath(
        '//ul[contains(@class, "tei-revisions")]/li'
    )
    entries = [item.text_content().strip() for item in history]
    # Newest first, each with the version it was released in (none yet for the newest, which
    # are the changes since 0.3.0).
    dates = [entry[:10] for entry in entries]
    assert dates == sorted(dates, reverse=True) and dates[0] >= "2026-12-03"
    unreleased = [entry for entry in entries if entry[:10] > "2026-12-01"]
    assert unreleased and all("(version" not in entry[:30] for entry in unreleased)
    assert any(
        entry.startswith(
            "2026-12-03 Kropotkin 1919 Edition project: The letter\u2019s history set right"
        )
        for entry in unreleased
    )
    assert entries[len(unreleased)].startswith(
        "2026-12-01 (version 0.3.0) Kropotkin 1919 Edition project: The sigla W and B"
    )
    assert entries[len(unreleased) + 1].startswith(
        "2026-11-30 (version 0.3.0) Kropotkin 1919 Edition project"
    )
    assert entries[len(unreleased) + 2].startswith("2026-11-24 (version 0.2.0) Kropotkin 1919")


def test_synoptic_rows_align_paragraphs(edition_site: tuple[str, Path]) -> None:
    _, out = edition_site
    page = html.parse(str(out / "synoptic.html"))
    heads, *rows = page.xpath('//div[contains(@class, "tei-row")]')
    # 36 blocks of the witness, the editors' title of the letter and the print's dateline
    assert len(rows) == 38
    assert heads.text_content().split() == ["Witness", "(diplomatic)", "Reading", "text"]
    row = page.xpath('//div[@id="msg-p03"]')[0]
    cells = row.xpath('./div[contains(@class, "tei-cell")]')
    assert [c.get("class").split()[1] for c in cells] == ["tei-cell-diplomatic", "tei-cell-reading"]
    assert cells[0].xpath(".//p/@id") == ["diplomatic-msg-p03"]
    assert cells[1].xpath(".//p/@id") == ["reading-msg-p03"]
    link = cells[0].xpath('.//span[contains(@class, "tei-choice")]/a')[0]
    assert (link.text_content(), link.get("href")) == ("al", "#reading-em-msg-p03-1")
    assert page.xpath('//*[@id="reading-em-msg-p03-1"]')[0].text_content() == "all"


def test_diplomatic_interventions_link_to_the_reading_page(
    edition_site: tuple[str, Path],
) -> None:
    _, out = edition_site
    page = html.parse(str(out / "diplomatic.html"))
    link = page.xpath('//span[@id="diplomatic-em-msg-p01-1"]/a')[0]
    assert link.get("href") == "reading.html#reading-em-msg-p01-1"
    switcher = page.xpath('//nav[contains(@class, "tei-view-switcher")]//a/@href')
    assert switcher == [
        "reading.html#tei-kropotkin-1919-reading",
        "synoptic.html#tei-kropotkin-1919-synoptic",
    ]


def test_editing_the_tei_rebuilds_the_pages_that_show_it(tmp_path: Path) -> None:
    source = tmp_path / "project"
    shutil.copytree(ROOTS / "test-letter", source)
    app = build(source, tmp_path / "out")
    app.cleanup()
    letter = source / "letter.xml"
    letter.write_text(letter.read_text("utf-8").replace("in haste", "in great haste"), "utf-8")
    again = build(source, tmp_path / "out")
    try:
        assert "in great haste" in view_text(Path(again.outdir) / "reading.html", "reading")
    finally:
        again.cleanup()


def test_sphinx_search_indexes_the_texts(edition_site: tuple[str, Path]) -> None:
    _, out = edition_site
    index = (out / "searchindex.js").read_text("utf-8")
    for word in ("baboeuf", "typhoon", "soviet"):  # stems, as Sphinx's English stemmer makes them
        assert f'"{word}"' in index


def test_a_text_without_its_own_heading_gets_its_title_from_the_header(
    edition_site: tuple[str, Path],
) -> None:
    _, out = edition_site

    def titles(page: str) -> list[str]:
        tree = html.parse(str(out / page))
        return [h.text_content() for h in tree.xpath('//h2[contains(@class, "tei-div-title")]')]

    assert titles("reading.html") == ["Message to the Workers of the Western World"]
    # The witness does not carry it: the witness views bracket it as the editors' addition.
    assert titles("diplomatic.html") == ["[Message to the Workers of the Western World]"]


def test_doctrees_made_by_other_code_are_not_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An upgrade (or an edit) of the extension re-reads every page, though the TEI and the
    version number did not change."""
    import io
    from contextlib import redirect_stdout

    from sphinx.cmd.build import build_main

    from edition import extension

    arguments = ["-b", "html", str(ROOTS / "test-letter"), str(tmp_path / "out")]
    said = []
    for digest in ("0" * 64, "0" * 64, "1" * 64):
        monkeypatch.setattr(extension, "code_digest", lambda value=digest: value)
        output = io.StringIO()
        with redirect_stdout(output):
            assert build_main(arguments) == 0
        said.append(output.getvalue())
    assert "0 added, 0 changed" in said[1]  # same code: nothing to read again
    assert "build environment version not current" in said[2]
    assert "0 added, 0 changed" not in said[2]


def test_every_passage_in_another_script_says_its_language(
    edition_site: tuple[str, Path],
) -> None:
    """Russian in the notes, the introduction and the sources: a screen reader and the
    browser's hyphenation need lang on it (the pages are English)."""
    _, out = edition_site
    unlabelled = []
    for page in out.glob("*.html"):
        tree = html.parse(str(page))
        for text in tree.xpath("//body//text()[normalize-space()]"):
            if not any("\u0400" <= c <= "\u04ff" for c in text):
                continue
            parent = text.getparent().getparent() if text.is_tail else text.getparent()
            declared = parent.xpath("ancestor-or-self::*[@lang][1]/@lang")
            if not declared or declared[0] == "en":
                unlabelled.append((page.name, str(text)[:40]))
    assert unlabelled == []


def test_every_passage_the_tei_gives_a_language_says_it_wherever_it_is_shown(
    edition_site: tuple[str, Path],
) -> None:
    """A French title is French in the notes, in a register's heading and in the revision
    history alike: each place that renders a TEI element with xml:lang keeps it."""
    from lxml import etree

    _, out = edition_site
    tei = etree.parse(str(ROOT / "tei" / "kropotkin-1919.xml"))
    declared = {
        " ".join("".join(element.itertext()).split()).replace("'", "\u2019"): language
        for element in tei.xpath("//*[@xml:lang][parent::*]")
        for language in [element.get("{http://www.w3.org/XML/1998/namespace}lang")]
        if language != "en"
    }
    assert declared.get("Les Temps Nouveaux") == "fr"
    unlabelled = []
    for page in out.glob("*.html"):
        tree = html.parse(str(page))
        for text in tree.xpath("//body//text()[normalize-space()]"):
            words = " ".join(str(text).split())
            if words not in declared:
                continue
            parent = text.getparent().getparent() if text.is_tail else text.getparent()
            shown = parent.xpath("ancestor-or-self::*[@lang][1]/@lang")
            if not shown or shown[0] != declared[words]:
                unlabelled.append((page.name, words))
    assert unlabelled == []
    history = html.parse(str(out / "history.html"))
    assert history.xpath('//ul[contains(@class, "tei-revisions")]//em/*[@lang="fr"]')


def test_no_page_holds_an_id_twice(edition_site: tuple[str, Path]) -> None:
    """A heading's id gives way to a TEI xml:id of the same name ("Introduction" over the
    TEI's div xml:id="introduction"): the TEI's ids are released and cited."""
    import collections

    _, out = edition_site
    for page in sorted(out.glob("*.html")):
        ids = html.parse(str(page)).xpath("//@id")
        twice = [i for i, count in collections.Counter(ids).items() if count > 1]
        assert twice == [], (page.name, twice)
    introduction = html.parse(str(out / "introduction.html"))
    assert introduction.xpath('//div[@id="introduction"]')  # the TEI's, as released
    assert introduction.xpath('//section[@id="section-introduction"]')

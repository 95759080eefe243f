"""Letters of other editions' kinds, one fixture per phenomenon (tests/fixtures/phenomena/): the
text of each view, every source character accounted for, every behaviour in every builder."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from docutils import nodes
from lxml import etree
from sphinx.testing.util import SphinxTestApp

from edition.core import text
from edition.core.behaviours import Generated
from edition.core.convert import MAKERS, ConversionWarning, to_nodes
from edition.core.rules import DEFAULT, RULES
from edition.core.tei import TEI_NS, load, local_name
from edition.core.view import VIEWS, View
from edition.core.views import project

from .helpers import ROOT

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "phenomena"
LETTERS = sorted(FIXTURES.glob("*.xml"))
XML = "{http://www.w3.org/XML/1998/namespace}id"
# What a fixture is there to provoke: its warnings, by subtype.
EXPECTED_WARNINGS = {"links.xml": ["unsafe-link"]}


def converted(path: Path) -> tuple[nodes.Element, list[ConversionWarning]]:
    found: list[ConversionWarning] = []
    return to_nodes(load(path), found.append), found


@pytest.mark.parametrize("letter", LETTERS, ids=lambda p: p.stem)
def test_each_view_reads_as_expected(letter: Path) -> None:
    tree, warnings = converted(letter)
    assert [w.subtype for w in warnings] == EXPECTED_WARNINGS.get(letter.name, [])
    for name, view in VIEWS.items():
        expected = (FIXTURES / f"{letter.stem}.{name}.txt").read_text("utf-8")
        assert str(text.render(project(tree, view))) + "\n" == expected, name


@pytest.mark.parametrize("letter", LETTERS, ids=lambda p: p.stem)
def test_streamed_text_is_the_whole_documents_text(letter: Path) -> None:
    tree, _ = converted(letter)
    for name, view in VIEWS.items():
        result = subprocess.run(
            [sys.executable, "-m", "edition", "text", "--view", name, str(letter)],
            capture_output=True,
            check=True,
        )
        assert result.stdout.decode("utf-8") == str(text.render(project(tree, view))) + "\n"


# -- every source character once, or declared hidden in the view ----------------------------
def _chosen(alternatives: etree._Element, view: View) -> etree._Element | None:
    readings = [c for c in alternatives if isinstance(c.tag, str)]

    def roles(reading: etree._Element) -> set[str]:
        name = local_name(reading)
        if name == "choice":
            return {local_name(c) for c in reading if isinstance(c.tag, str)}
        return {"rdg" if name == "rdgGrp" else name}

    certainty = {"high": 3, "medium": 2, "low": 1}
    for wanted in view.prefer:
        matching = [r for r in readings if wanted in roles(r)]
        if matching:
            return max(matching, key=lambda r: certainty.get(r.get("cert", ""), 0))
    return readings[0] if readings else None


def source_characters(path: Path, view: View) -> Counter[str]:
    """Non-space characters of the running text as the TEI has them, read with lxml alone:
    what the view hides (its roles, the readings it does not choose), notes (listed apart)
    and what the edition renders elsewhere (registers, the editors' divisions) left out."""
    count: Counter[str] = Counter()
    elsewhere = {"note", "listPerson", "listPlace", "listOrg", "listEvent"}

    def walk(element: etree._Element) -> None:
        name = local_name(element)
        if name in elsewhere or name in view.hides or element.get("type") == "introduction":
            return
        if element.tag == f"{{{TEI_NS}}}div" and element.get("type") == "notes":
            return
        count.update(c for c in (element.text or "") if not c.isspace())
        if name in {"choice", "app"}:
            chosen = _chosen(element, view)
            if chosen is not None:
                walk(chosen) if local_name(chosen) == "choice" else walk_content(chosen)
        else:
            for child in element:
                if isinstance(child.tag, str):
                    walk(child)
                count.update(c for c in (child.tail or "") if not c.isspace())

    def walk_content(reading: etree._Element) -> None:
        count.update(c for c in (reading.text or "") if not c.isspace())
        for child in reading:
            if isinstance(child.tag, str):
                walk(child)
            count.update(c for c in (child.tail or "") if not c.isspace())

    body = etree.parse(str(path)).getroot().find(f"{{{TEI_NS}}}text")
    assert body is not None
    walk(body)
    return count


def rendered_characters(tree: nodes.Element, view: View) -> Counter[str]:
    shown = project(tree, view)
    for generated in list(shown.findall(Generated)):
        generated.parent.remove(generated)
    return Counter(c for c in str(text.render(shown)) if not c.isspace())


@pytest.mark.parametrize("letter", LETTERS, ids=lambda p: p.stem)
def test_every_source_character_appears_once_or_is_hidden_by_the_view(letter: Path) -> None:
    tree, _ = converted(letter)
    for view in VIEWS.values():
        assert rendered_characters(tree, view) == source_characters(letter, view), view.name


def test_the_fixtures_exercise_every_behaviour() -> None:
    used = set()
    for letter in LETTERS:
        for element in etree.parse(str(letter)).getroot().iter(f"{{{TEI_NS}}}*"):
            rule = DEFAULT.find(element)
            if rule is not None:
                used.add(rule.behaviour)
    assert used == set(MAKERS)


# -- every builder -------------------------------------------------------------------------
BUILDERS = ("html", "singlehtml", "epub", "text", "xml", "latex", "man", "texinfo", "tei-typst")


@pytest.fixture(scope="module")
def fixture_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("phenomena") / "src"
    source.mkdir()
    pages = []
    for letter in LETTERS:
        shutil.copy(letter, source / letter.name)
        for view in ("reading", "diplomatic", "synoptic"):
            page = f"{letter.stem}-{view}"
            pages.append(page)
            title = f"{letter.stem} {view}"
            (source / f"{page}.rst").write_text(
                f"{title}\n{'=' * len(title)}\n\n.. tei-edition:: {letter.name}\n"
                f"   :view: {view}\n",
                encoding="utf-8",
            )
    toctree = "\n".join(f"   {page}" for page in pages)
    (source / "index.rst").write_text(
        f"Phenomena\n=========\n\n.. toctree::\n\n{toctree}\n", encoding="utf-8"
    )
    (source / "conf.py").write_text(
        'extensions = ["edition"]\nproject = "Phenomena"\nhtml_theme = "alabaster"\n'
        'version = release = "1.0"\ncopyright = "2026, the tests"\n'
        "# links.xml refuses a javascript: link on purpose: the warning is typed, so it can be\n"
        "# silenced like any Sphinx warning.\n"
        'suppress_warnings = ["edition.unsafe-link"]\n'
        'edition_pdf_source = "choice.xml"\n'
        f"edition_pdf_contents = {pages!r}\n"
        'man_pages = [("index", "phenomena", "Phenomena", [], 1)]\n'
        'texinfo_documents = [("index", "phenomena", "Phenomena", "", "phenomena", "", "")]\n',
        encoding="utf-8",
    )
    return source


# Builders whose output is markup around the text: their text is read with a parser.
PARSED = {"html": "html", "singlehtml": "html", "epub": "xhtml", "xml": "xml"}
# Builders whose markup splits words (1\textsuperscript{o}): compared character by character.
BY_CHARACTER = {"text", "latex", "man", "texinfo", "tei-typst"}


def page_text(plain: str, letter: Path) -> str:
    """The plain text as pages show it: a ptr to a paragraph reads as its locus ("§2"), where
    the streamed plain text keeps the target's id."""
    tree = etree.parse(str(letter))
    namespace = {"tei": "http://www.tei-c.org/ns/1.0"}
    paragraphs = {p.get(XML) for p in tree.iterfind(".//tei:body//tei:p", namespace)}
    for pointer in tree.iterfind(".//tei:body//tei:ptr", namespace):
        target = (pointer.get("target") or "").removeprefix("#")
        if target in paragraphs:
            plain = plain.replace(f"#{target}", "§", 1)
    return plain


def words(text_: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text_))


def builder_output(out: Path, builder: str) -> str:
    """The text of everything the builder wrote for the pages (markup parsed away where a
    parser exists)."""
    if builder == "tei-typst":
        return "".join(p.read_text("utf-8") for p in out.glob("*.typ"))
    suffixes = {".html", ".xhtml", ".txt", ".xml", ".tex", ".1", ".texi"}
    texts = []
    for path in sorted(out.rglob("*")):
        if path.suffix not in suffixes or {"_static", "_sources"} & set(path.parts):
            continue
        if builder in PARSED:
            parser = etree.HTMLParser() if PARSED[builder] == "html" else etree.XMLParser()
            root = etree.parse(str(path), parser).getroot()
            for element in root.iter():
                tag = etree.QName(element).localname if isinstance(element.tag, str) else ""
                if tag in {"br", "LineBreak", "HardBreak"}:
                    element.tail = "\n" + (element.tail or "")
                elif "tei-locus" in (element.get("class") or element.get("classes") or ""):
                    element.tail = " " + (element.tail or "")  # in the margin, on the web
            texts.append("".join(root.itertext()))
        else:
            texts.append(path.read_text("utf-8"))
    return "\n".join(texts)


@pytest.mark.slow
@pytest.mark.parametrize("builder", BUILDERS)
def test_every_builder_renders_every_phenomenon(
    builder: str, fixture_project: Path, tmp_path: Path
) -> None:
    app = SphinxTestApp(builder, srcdir=fixture_project, builddir=tmp_path / "out")
    try:
        app.build()
        assert app.warning.getvalue() == ""
        out = Path(app.outdir)
        output = builder_output(out, builder)
        if builder == "tei-typst":
            assert (out / "edition.pdf").stat().st_size > 0
        if builder == "epub":  # XHTML must be XML: a browser-only tag would break the book
            for page in out.rglob("*.xhtml"):
                etree.parse(str(page))
        if builder == "xml":
            for page in out.rglob("*.xml"):
                etree.parse(str(page))
        count = (
            (lambda s: Counter(c for c in s if c.isalnum())) if builder in BY_CHARACTER else words
        )
        found = count(output)
        for letter in LETTERS:
            for view in ("reading", "diplomatic"):
                expected = count(
                    page_text((FIXTURES / f"{letter.stem}.{view}.txt").read_text("utf-8"), letter)
                )
                missing = expected - found
                if builder in {"latex", "texinfo", "man"}:  # spelt as commands (\\"u for ü)
                    missing = Counter({w: n for w, n in missing.items() if w.isascii()})
                assert not missing, (builder, letter.name, view, missing)
        if builder == "text":
            reading = (out / "choice-reading.txt").read_text("utf-8")
            # The witness's readings, hidden on the web until asked for, never leak into text.
            assert "I received your letter" in " ".join(reading.split())
            assert "recieved" not in reading
            assert "Views of this text" not in output and "Side by side" not in output
    finally:
        app.cleanup()


# -- another project's rules, per-document anchors, located warnings ----------------------
LETTER = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader><fileDesc><titleStmt><title>{title}</title></titleStmt>
    <publicationStmt><p>test</p></publicationStmt><sourceDesc><p>test</p></sourceDesc>
  </fileDesc></teiHeader>
  <text><body>
    <p xml:id="p1">See <ref target="#p2">below</ref>; {title} reads
      <choice xml:id="e1"><sic>teh</sic><corr>the</corr></choice> text.</p>
    <p xml:id="p2">{body}</p>
  </body></text>
</TEI>
"""


def _project(tmp_path: Path, files: dict[str, str], conf: str = "") -> SphinxTestApp:
    source = tmp_path / "src"
    source.mkdir(parents=True)
    for name, content in files.items():
        (source / name).write_text(content, encoding="utf-8")
    pages = [name.removesuffix(".rst") for name in files if name.endswith(".rst")]
    toctree = "\n".join(f"   {page}" for page in pages)
    (source / "index.rst").write_text(f"Test\n====\n\n.. toctree::\n\n{toctree}\n")
    (source / "conf.py").write_text(f'extensions = ["edition"]\n{conf}')
    app = SphinxTestApp("html", srcdir=source, builddir=tmp_path / "out")
    app.build()
    return app


def _page(name: str, tei: str, view: str) -> str:
    return f"{name}\n{'=' * len(name)}\n\n.. tei-edition:: {tei}\n   :view: {view}\n"


def test_two_documents_sharing_ids_link_each_within_itself(tmp_path: Path) -> None:
    app = _project(
        tmp_path,
        {
            "a.xml": LETTER.format(title="Alpha", body="Alpha's end."),
            "b.xml": LETTER.format(title="Beta", body="Beta's end."),
            "a-reading.rst": _page("a-reading", "a.xml", "reading"),
            "a-witness.rst": _page("a-witness", "a.xml", "diplomatic"),
            "b-reading.rst": _page("b-reading", "b.xml", "reading"),
            "b-witness.rst": _page("b-witness", "b.xml", "diplomatic"),
        },
    )
    try:
        assert app.warning.getvalue() == ""
        out = Path(app.outdir)
        for name in ("a", "b"):
            witness = etree.parse(str(out / f"{name}-witness.html"), etree.HTMLParser())
            link = witness.xpath('//span[@id="diplomatic-e1"]/a/@href')
            assert link == [f"{name}-reading.html#reading-e1"]
            pointer = witness.xpath('//p[@id="p1"]//a[normalize-space()="below"]/@href')
            assert pointer == [f"{name}-reading.html#p2"]
    finally:
        app.cleanup()


def test_one_view_shown_twice_is_reported_never_a_silent_wrong_link(tmp_path: Path) -> None:
    app = _project(
        tmp_path,
        {
            "a.xml": LETTER.format(title="Alpha", body="End."),
            "first.rst": _page("first", "a.xml", "reading"),
            "second.rst": _page("second", "a.xml", "reading"),
        },
    )
    try:
        warnings = app.warning.getvalue()
        assert "[edition.duplicate-anchor]" in warnings
        assert "'first'" in warnings and "'second'" in warnings
    finally:
        app.cleanup()


def test_another_project_adds_a_rule_in_its_conf(tmp_path: Path) -> None:
    letter = LETTER.format(title="Alpha", body="<madeUpSignoff>Yours, A.</madeUpSignoff>")
    plain = _project(tmp_path / "plain", {"a.xml": letter, "r.rst": _page("r", "a.xml", "reading")})
    try:
        warnings = plain.warning.getvalue()
        # Located in the TEI file, never in a made-up .rst next to it.
        assert f"{Path(plain.srcdir) / 'a.xml'}:9: WARNING: no rule for <madeUpSignoff>" in warnings
        assert "a.xml.rst" not in warnings and "[edition.unknown-element]" in warnings
    finally:
        plain.cleanup()
    ruled = _project(
        tmp_path / "ruled",
        {"a.xml": letter, "r.rst": _page("r", "a.xml", "reading")},
        'edition_rules = [{"element": "madeUpSignoff", "behaviour": "emphasis", '
        '"style": "bold"}]\n',
    )
    try:
        assert ruled.warning.getvalue() == ""
        page = etree.parse(str(Path(ruled.outdir) / "r.html"), etree.HTMLParser())
        assert page.xpath('//strong[normalize-space()="Yours, A."]')
        assert page.xpath('//*[contains(@class, "tei-madeUpSignoff")]')
    finally:
        ruled.cleanup()


def test_a_rule_naming_no_behaviour_is_refused_clearly() -> None:
    from edition.core.convert import rule_table

    with pytest.raises(ValueError, match="unknown behaviour 'sparkle'"):
        rule_table([{"element": "madeUpThing", "behaviour": "sparkle"}])


def test_every_default_rule_names_a_behaviour_with_a_maker() -> None:
    assert {rule.behaviour for rule in RULES} <= set(MAKERS)


def test_the_edition_itself_converts_through_the_rules() -> None:
    tree, warnings = converted(ROOT / "tei" / "kropotkin-1919.xml")
    assert warnings == []
    assert tree.astext()

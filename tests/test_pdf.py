"""The PDF, checked with the tools a reader's software uses: pdftotext, pdffonts, pdfinfo."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docutils import nodes

from edition.writers.typst.markup import string, text_markup

from .helpers import ROOT

POPPLER = all(shutil.which(tool) for tool in ("pdftotext", "pdffonts", "pdfinfo"))


def build_pdf(work: Path) -> Path:
    from sphinx.cmd.build import build_main

    if not (work / "docs").exists():
        shutil.copytree(ROOT / "docs", work / "docs")
        shutil.copytree(ROOT / "tei", work / "tei")
    out = work / "pdf"
    shutil.rmtree(out, ignore_errors=True)
    assert build_main(["-W", "-q", "-E", "-b", "tei-typst", str(work / "docs"), str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def pdf(published: Path) -> Path:
    """The session's PDF, written beside the pages as `edition build` writes it (the same
    bytes as the builder's own: test_two_builds_are_byte_identical)."""
    return published / "pdf"


def tool(*command: str) -> str:
    if not POPPLER:
        pytest.skip(
            "poppler-utils (pdftotext, pdffonts, pdfinfo) not installed; .ci/run installs it"
        )
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def test_pdf_text_has_reading_apparatus_and_diplomatic_text(pdf: Path) -> None:
    text = " ".join(tool("pdftotext", str(pdf / "kropotkin-1919.pdf"), "-").split())
    assert "Certainly there is plenty to say and learn of the actual events" in text  # reading
    assert "Certainly there is plenty to say an learn of the actual events" in text  # witness
    # The apparatus: keyed by line, the lemma with the source of its reading.
    assert re.search(r"\b\d+ friends B\] friend W\. The witness reads", text)
    assert re.search(r"\b\d+ underwent B\] under went W\.", text)
    assert re.search(r"\b\d+ Russia, B\] Russia W\.", text)  # a punctuation lemma and its word
    assert "Contents" in text and "Emendations" in text
    # The diplomatic text's headnote says how interventions are marked, as print marks them
    # (core.behaviours: a dotted underline).
    assert "intervened have a dotted underline" in text and "shaded" not in text
    # The text's title, the print's dateline (supplied: the witness lacks it), then §1.
    assert re.search(
        r"Message to the Workers of the Western World \[Dmitrov, Russia, April 28, 1919\.\]"
        r"\S* §1 I have been asked",
        text,
    )
    # Baldwin's footnote keeps his mark, "*", not a number the apparatus's line keys would be
    # taken for; the apparatus entry for what it supplies is keyed by that mark.
    assert "Western World [Dmitrov, Russia, April 28, 1919.]* " in text
    assert "n. * [Published first in English" in text


MAIN_SIZE = 12.0  # the height pdftotext gives a word of the text (10.5 pt type)


def page_words(pdf: Path) -> dict[int, list[tuple[float, float, float, str]]]:
    """Every page's words as (x, y, height, text), from pdftotext -bbox."""
    found: dict[int, list[tuple[float, float, float, str]]] = {}
    page = 0
    for line in tool("pdftotext", "-bbox", str(pdf), "-").splitlines():
        if "<page " in line:
            page += 1
            found[page] = []
        match = re.search(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*)</word>', line
        )
        if match:
            x, y, bottom, word = match.groups()
            found[page].append((float(x), float(y), float(bottom) - float(y), html_unescape(word)))
    return found


def html_unescape(text: str) -> str:
    import html

    return html.unescape(text)


def rows(words: list[tuple[float, float, float, str]]) -> list[tuple[float, list[str]]]:
    """Words grouped into lines by their top, in reading order."""
    grouped: dict[float, list[tuple[float, str]]] = {}
    for x, y, _, word in words:
        key = next((k for k in grouped if abs(k - y) < 2), y)
        grouped.setdefault(key, []).append((x, word))
    return [(y, [w for _, w in sorted(grouped[y])]) for y in sorted(grouped)]


def test_every_apparatus_entry_is_keyed_to_the_line_of_its_lemma(pdf: Path) -> None:
    """On every page with an apparatus: the text's lines, counted as the margin counts them
    (every fifth number printed), and each entry's line holds the first word of its lemma;
    no cue of the apparatus stands in the text."""
    entries_seen = 0
    for number, words in page_words(pdf / "kropotkin-1919.pdf").items():
        text_words = [w for w in words if abs(w[2] - MAIN_SIZE) < 0.3]
        if not text_words:
            continue
        left = min(x for x, *_ in text_words)
        lines = rows(text_words)
        bottom = max(y for y, _ in lines)
        small = [w for w in words if w[2] < 11 and w[1] > bottom + 5 and w[0] >= left]
        starts = [
            (y, found)
            for y, found in rows(small)
            if found
            and re.fullmatch(r"\d+|title", found[0])
            and "]" in " ".join(found)
            and min(x for x, yy, _, w in small if abs(yy - y) < 2) > left + 4
        ]
        if not starts:
            continue
        # The margin's numbers fix where the count starts (a headnote above the text is not
        # counted) and must agree with each other: no line is skipped or counted twice.
        right = max(x for x, *_ in text_words)
        margin = [w for w in words if w[0] > right and w[3].isdigit() and w[2] < 9]
        offsets = set()
        for _, y, _, digits in margin:
            row = min(range(len(lines)), key=lambda i: abs(lines[i][0] - y))
            offsets.add(row - (int(digits) - 1))
        assert len(offsets) <= 1, (number, offsets)
        offset = offsets.pop() if offsets else 0
        for _, entry in starts:
            text = " ".join(entry)
            assert len(entry) > 1, (number, entry)
            key, lemma = entry[0], text.split(" ", 1)[1].split("]")[0]
            lemma = re.sub(r" (B|ed\.|conj\.)$", "", lemma)
            if key == "title":
                continue
            row = offset + int(key) - 1
            line_text = " ".join(lines[row][1]) if row < len(lines) else ""
            first = lemma.split()[0]
            held = first in line_text or (
                line_text.endswith("\u00ad") and first.startswith(line_text.split()[-1][:-1])
            )
            assert held, (number, key, lemma, line_text)
            entries_seen += 1
        # No cue: no small digits raised within a line of the text.
        cues = [
            w
            for w in words
            if w[2] < 11
            and left <= w[0] < right
            and re.fullmatch(r"\d+", w[3])
            and any(-5 < w[1] - y < 5 for y, _ in lines)
        ]
        assert cues == [], (number, cues)
    assert entries_seen >= 15  # the ten interventions and the readings kept, of both texts


def test_the_synoptic_columns_are_set_alike_without_hyphenation(pdf: Path) -> None:
    pages = page_words(pdf / "kropotkin-1919.pdf")
    synoptic = [
        words for words in pages.values() if [w[3] for w in words[:3]] == ["Side", "by", "side"]
    ]
    assert len(synoptic) > 5
    hyphenated = [w[3] for words in synoptic for w in words if w[3].endswith("\u00ad")]
    assert hyphenated == []


def test_no_heading_is_left_alone_at_the_foot_of_a_page(pdf: Path) -> None:
    """A heading (its words taller than the text's) is never the last line above the folio."""
    stranded = []
    for number, words in page_words(pdf / "kropotkin-1919.pdf").items():
        body = [w for w in words if w[2] > 9]  # leaves out the folio and the line numbers
        if not body:
            continue
        last_y, last_words = rows(body)[-1]
        heights = [w[2] for w in body if abs(w[1] - last_y) < 2]
        if min(heights) > MAIN_SIZE + 1:
            stranded.append((number, " ".join(last_words)))
    assert stranded == []


def test_contents_show_headings_without_note_marks(pdf: Path) -> None:
    contents = tool("pdftotext", "-f", "2", "-l", "2", str(pdf / "kropotkin-1919.pdf"), "-")
    assert re.search(r"WHAT TO DO\? \.", contents), contents  # no "WHAT TO DO?uv ."


def test_every_font_is_embedded_and_the_pdf_is_tagged(pdf: Path) -> None:
    fonts = tool("pdffonts", str(pdf / "kropotkin-1919.pdf")).splitlines()[2:]
    assert fonts, "the PDF uses fonts"
    assert all(line.split()[-5:-3] == ["yes", "yes"] for line in fonts), fonts  # emb, sub
    info = dict(
        line.split(":", 1)
        for line in tool("pdfinfo", str(pdf / "kropotkin-1919.pdf")).splitlines()
        if ":" in line
    )
    assert info["Title"].strip().startswith("Message to the Workers of the Western World")
    assert info["Author"].strip() == "Peter Kropotkin"
    assert "Kropotkin 1919 Edition project" in info["Subject"]
    assert "soviets" in info["Keywords"]
    assert info["Tagged"].strip() == "yes"
    assert int(info["Pages"]) > 20


def test_pdf_has_bookmarks_and_working_internal_links(pdf: Path) -> None:
    from pypdf import PdfReader

    reader = PdfReader(str(pdf / "kropotkin-1919.pdf"))
    titles = {item.title for item in reader.outline if not isinstance(item, list)}
    assert {"Introduction", "Reading edition", "Diplomatic transcription", "Emendations"} <= titles
    # A heading the page gives a level (the works cited by kind) is a bookmark under its page.
    top = list(reader.outline)
    cited = next(i for i, item in enumerate(top) if getattr(item, "title", "") == "Works cited")
    assert isinstance(top[cited + 1], list)
    kinds = [item.title for item in top[cited + 1]]
    assert kinds == ["Primary sources", "Reference works", "Scholarship", "Web pages"]
    internal = 0
    for page in reader.pages:
        for annotation in page.get("/Annots", []) or []:
            annotation = annotation.get_object()
            action = annotation.get("/A", {})
            if annotation.get("/Subtype") == "/Link" and (
                "/Dest" in annotation or action.get("/S") == "/GoTo"
            ):
                internal += 1
    assert internal > 50, internal  # § and note links, ledger and register back-links


def test_a_build_with_nothing_changed_does_not_compile_the_pdf_again(tmp_path: Path) -> None:
    """The same Typst source, template and date as the PDF already there: it is kept as it is
    (the compile is most of the PDF's time); a changed page makes it anew."""
    from sphinx.cmd.build import build_main

    first = build_pdf(tmp_path)
    made = (first / "kropotkin-1919.pdf").stat().st_mtime_ns
    arguments = ["-W", "-q", "-b", "tei-typst", str(tmp_path / "docs"), str(first)]
    assert build_main(arguments) == 0
    assert (first / "kropotkin-1919.pdf").stat().st_mtime_ns == made
    page = tmp_path / "docs" / "introduction.rst"
    page.write_text(page.read_text("utf-8") + "\nOne more sentence.\n", "utf-8")
    assert build_main(arguments) == 0
    assert (first / "kropotkin-1919.pdf").stat().st_mtime_ns != made
    assert "One more sentence." in (first / "kropotkin-1919.typ").read_text("utf-8")


def test_two_builds_are_byte_identical(pdf: Path, tmp_path: Path) -> None:
    again = build_pdf(tmp_path)
    assert (again / "kropotkin-1919.pdf").read_bytes() == (pdf / "kropotkin-1919.pdf").read_bytes()


def test_the_typst_source_has_one_call_for_each_part_of_the_edition(pdf: Path) -> None:
    """What the print is made of, counted against the TEI: each failure names the part."""
    from lxml import etree

    source = (pdf / "kropotkin-1919.typ").read_text("utf-8")
    tei = etree.parse(str(ROOT / "tei" / "kropotkin-1919.xml"))
    ns = {"t": "http://www.tei-c.org/ns/1.0"}
    text_notes = tei.xpath(
        "//t:text//t:note[@target] | //t:standOff//t:note[@target]", namespaces=ns
    )
    textual = [n for n in text_notes if n.get("type") == "textual"]
    paragraphs = tei.xpath("//t:text//t:body//t:p[@xml:id]", namespaces=ns)
    interventions = tei.xpath("//t:text//t:choice[@xml:id]", namespaces=ns)
    assert source.count("#apparatus-entry(") == len(textual), "a textual note is not printed"
    assert source.count("#commentary-entry(") == len(text_notes) - len(textual), (
        "a note of the commentary is not printed, or printed twice"
    )
    # Each paragraph is a citable unit of the text printed with notes, marked once.
    assert source.count("<edition-citable>") == len(paragraphs), "a citable unit is unmarked"
    # Witness and side-by-side: each choice is underlined once in the diplomatic view and in
    # each synoptic column.
    assert source.count("#intervention[") == 3 * len(interventions) > 0, "an intervention lost"
    assert source.count("#synoptic-row[") > len(paragraphs), "the side-by-side rows"
    assert source.count("#witness-text[") >= 1 and source.count("#numbered-lines[") >= 1


def test_each_typst_function_called_is_defined_once(pdf: Path) -> None:
    """The preamble is derived from the node types: every function the text calls is defined
    by exactly one of them or by the template, and nothing is imported by name."""
    from edition.core.node import typst_functions

    source = (pdf / "kropotkin-1919.typ").read_text("utf-8")
    template = (pdf / "_tei-edition" / "edition.typ").read_text("utf-8")
    preamble, _, body = source.partition("#show: edition.with(")
    defined = re.findall(r"^#let ([\w-]+)", preamble + template, flags=re.M)
    assert len(defined) == len(set(defined)), "a Typst function is defined twice"
    called = set(re.findall(r"#([a-z][\w-]*)[\[(]", body))
    builtin = {"heading", "metadata", "link", "footnote", "linebreak", "block", "strong", "emph"}
    builtin |= {"list", "table", "text", "pad", "context", "super", "sub", "box", "h", "v", "raw"}
    builtin |= {"underline", "strike", "smallcaps", "pagebreak", "align", "figure", "image"}
    builtin |= {"outline", "quote", "counter", "grid", "place", "stack", "lorem", "set", "show"}
    assert called - builtin - set(defined) == set(), "a function the text calls is not defined"
    assert set(typst_functions()) <= set(defined)


def test_text_is_escaped_as_typst_strings() -> None:
    nasty = 'a "quote", a \\ backslash, #hash *star* _under_ `tick` $math$ @ref <lbl> [x] = - +'
    assert string(nasty) == (
        '"a \\"quote\\", a \\\\ backslash, #hash *star* _under_ `tick` $math$ @ref <lbl> [x] = - +"'
    )
    assert text_markup("") == ""
    assert text_markup("x") == '#"x";'


def test_typst_compiles_escaped_markup_characters_literally(tmp_path: Path) -> None:
    import typst

    nasty = 'W: "1639 to \'48" #x *y* _z_ `q` $m$ @r <l> [b] \\ -- ...'
    (tmp_path / "t.typ").write_text(f"#set smartquote(enabled: false)\n{text_markup(nasty)}\n")
    typst.compile(str(tmp_path / "t.typ"), output=str(tmp_path / "t.pdf"))
    if POPPLER:
        extracted = tool("pdftotext", str(tmp_path / "t.pdf"), "-").strip()
        assert extracted == nasty


def test_every_node_type_of_ours_has_a_typst_visitor() -> None:
    """Its own (on the class), or its docutils base's: the Typst translator never meets a node
    of ours it cannot print. And every node class in the package is an EditionNode, so that
    registration, derived from EditionNode, misses none."""
    import edition
    from edition.core.node import EditionNode, node_types
    from edition.writers.typst.translator import TypstTranslator

    ours = _our_node_classes(edition)
    assert ours, "found our node classes"
    assert [c.__name__ for c in ours if not issubclass(c, EditionNode)] == []
    assert ours <= set(node_types())

    def printable(cls: type[EditionNode]) -> bool:
        if "typst" in cls.visitors():
            return True
        return any(
            f"visit_{base.__name__}" in dir(TypstTranslator)
            for base in cls.__mro__
            if base not in (nodes.Element, nodes.Node, object)
        )

    assert [c.__name__ for c in ours if not printable(c)] == []


def _our_node_classes(package: object) -> set[type]:
    return {
        cls
        for module in _edition_modules(package)
        for cls in vars(module).values()
        if isinstance(cls, type)
        and issubclass(cls, nodes.Element)
        and cls.__module__ == module.__name__
        and not issubclass(cls, nodes.NodeVisitor)
    }


def _edition_modules(package: object) -> list[object]:
    import importlib
    import pkgutil

    names = [m.name for m in pkgutil.walk_packages(package.__path__, "edition.")]  # type: ignore[attr-defined]
    return [importlib.import_module(name) for name in names]


def _letter_pdf(work: Path, *settings: str) -> tuple[int, Path, str]:
    """Build the test letter's project (no PDF settings of its own) with -D settings."""
    import io
    from contextlib import redirect_stderr

    from sphinx.cmd.build import build_main

    shutil.copytree(Path(__file__).parent / "roots" / "test-letter", work / "src")
    overrides = [argument for setting in settings for argument in ("-D", setting)]
    errors = io.StringIO()
    with redirect_stderr(errors):
        status = build_main(
            ["-q", "-b", "tei-typst", *overrides, str(work / "src"), str(work / "out")]
        )
    return status, work / "out", errors.getvalue()


def test_pdf_defaults_take_the_tei_of_the_pages_and_the_toctree(tmp_path: Path) -> None:
    status, out, errors = _letter_pdf(tmp_path)
    assert status == 0, errors
    assert (out / "edition.pdf").read_bytes()[:5] == b"%PDF-"
    source = (out / "edition.typ").read_text("utf-8")
    # The title page comes from the one TEI file the pages use; the contents follow the toctree.
    assert 'title: "A letter from another project"' in source
    assert source.index("<reading:>") < source.index("<diplomatic:>")
    assert "<index:>" not in source  # the root page is the title page's, not a chapter
    assert (out / "_tei-edition" / "edition.typ").exists()


def test_a_pdf_named_like_the_template_does_not_overwrite_it(tmp_path: Path) -> None:
    status, out, errors = _letter_pdf(tmp_path, "edition_pdf_name=edition")
    assert status == 0, errors
    assert (out / "edition.pdf").exists()
    assert (out / "_tei-edition" / "edition.typ").read_bytes() == (
        ROOT / "edition" / "writers" / "typst" / "edition.typ"
    ).read_bytes()


@pytest.mark.parametrize("name", ["../elsewhere", "sub/name", ".hidden"])
def test_a_pdf_name_with_folders_is_refused_clearly(tmp_path: Path, name: str) -> None:
    status, _, errors = _letter_pdf(tmp_path, f"edition_pdf_name={name}")
    assert status != 0
    assert f"edition_pdf_name = {name!r}: give a plain file name" in errors


def test_a_missing_page_in_the_contents_is_named(tmp_path: Path) -> None:
    status, _, errors = _letter_pdf(tmp_path, "edition_pdf_contents=reading,nowhere")
    assert status != 0
    assert "edition_pdf_contents names nowhere, not a document of this project" in errors


def test_another_extensions_node_prints_its_text_with_a_warning(tmp_path: Path) -> None:
    from sphinx.testing.util import SphinxTestApp

    source = tmp_path / "src"
    source.mkdir()
    shutil.copy(ROOT / "tests" / "fixtures" / "letter.xml", source / "letter.xml")
    # Another extension, in a module of its own (its nodes must pickle with the doctree).
    (source / "madeup.py").write_text(
        "from docutils import nodes\n"
        "from docutils.parsers.rst import Directive\n"
        "class madeUpNode(nodes.General, nodes.Element):\n"
        "    pass\n"
        "class MadeUp(Directive):\n"
        "    def run(self):\n"
        "        return [madeUpNode('', nodes.paragraph('', 'words of another extension'))]\n"
        "def setup(app):\n"
        "    app.add_node(madeUpNode)\n"
        "    app.add_directive('made-up', MadeUp)\n"
    )
    (source / "conf.py").write_text(
        "import sys, pathlib\n"
        "sys.path.insert(0, str(pathlib.Path(__file__).parent))\n"
        "extensions = ['edition', 'madeup']\n"
        "edition_pdf_source = 'letter.xml'\n"
    )
    (source / "index.rst").write_text("Test\n====\n\n.. made-up::\n")
    app = SphinxTestApp("tei-typst", srcdir=source, builddir=tmp_path / "out")
    try:
        app.build()
        assert "[edition.typst-node]" in app.warning.getvalue()
        assert "words of another extension" in (Path(app.outdir) / "edition.typ").read_text()
    finally:
        app.cleanup()


def test_every_node_type_of_ours_is_registered_with_docutils(tmp_path: Path) -> None:
    """app.add_node for each, so that docutils' generic visitors (the xml builder, pformat)
    know them; an unregistered one stops `sphinx-build -b xml`."""
    from sphinx.testing.util import SphinxTestApp

    import edition

    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text("extensions = ['edition']\n")
    (source / "index.rst").write_text("Test\n====\n")
    app = SphinxTestApp("xml", srcdir=source, builddir=tmp_path / "out")
    try:
        ours = _our_node_classes(edition)
        unregistered = [
            c.__name__ for c in ours if not hasattr(nodes.GenericNodeVisitor, f"visit_{c.__name__}")
        ]
        assert unregistered == []
    finally:
        app.cleanup()


def test_every_page_of_the_side_by_side_text_names_its_columns(pdf: Path) -> None:
    """The column headings stand under the running head of every page the rows continue on,
    not only above the first row."""
    pages = page_words(pdf / "kropotkin-1919.pdf")
    synoptic = [
        " ".join(w[3] for w in words)
        for words in pages.values()
        if [w[3] for w in words[:3]] == ["Side", "by", "side"]
    ]
    assert len(synoptic) > 5
    for number, text in enumerate(synoptic):
        assert "Witness (diplomatic)" in text and "Reading text" in text, number
    others = [" ".join(w[3] for w in words) for words in pages.values()]
    assert sum("Witness (diplomatic)" in text for text in others) == len(synoptic)


HEADINGS = ("Locus", "Edited", "Witness", "Type", "Certainty", "Note")
Column = list[tuple[float, str]]  # (right edge, word), in reading order


def _emendation_columns(pdf: Path) -> list[tuple[list[float], list[Column]]]:
    """The list of emendations, page by page: where each column begins (its heading's left
    edge) and each column's words below the heading row, in reading order."""
    boxes = tool("pdftotext", "-bbox", str(pdf / "kropotkin-1919.pdf"), "-")
    found = []
    for page in boxes.split("<page ")[1:]:
        words = [
            (float(x0), float(y0), float(x1), html_unescape(w))
            for x0, y0, x1, w in re.findall(
                r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(.*)</word>', page
            )
        ]
        heads = {w: (x0, y0) for x0, y0, _, w in words if w in HEADINGS}
        if set(heads) != set(HEADINGS):
            continue
        top = max(y for _, y in heads.values())
        edges = [heads[h][0] for h in HEADINGS]
        columns: list[Column] = [[] for _ in HEADINGS]
        for x0, y0, x1, word in sorted(words, key=lambda w: (round(w[1]), w[0])):
            if y0 <= top + 8:  # the heading row ("Edited text" takes two lines)
                continue
            column = max(i for i, edge in enumerate(edges) if x0 >= edge - 1)
            columns[column].append((x1, word))
        found.append((edges, columns))
    return found


def test_the_list_of_emendations_gives_page_and_line_and_every_certainty(
    pdf: Path, published: Path
) -> None:
    """Each intervention's place as the apparatus keys it (page and line; page alone for the
    one in Baldwin's footnote, which has no line number), and how certain every one is,
    supplied readings included."""
    import json

    listed = published / "html" / "downloads" / "kropotkin-1919-emendations.json"
    entries = json.loads(listed.read_text("utf-8"))
    pages = _emendation_columns(pdf)
    assert pages
    loci = " ".join(w for _, columns in pages for _, w in columns[0])
    places = re.findall(r"p\.\s?(\d+)(?:, l\.\s?(\d+))?", loci)
    assert len(places) == len(entries), loci
    assert sum(1 for _, line in places if not line) == 1  # the footnote's
    certainty = [w for _, columns in pages for _, w in columns[4]]
    assert certainty == [e["cert"] for e in entries]


def test_no_word_of_the_list_of_emendations_runs_into_the_next_column(pdf: Path) -> None:
    """No word of a column reaches the next ("capitalisation" in the Type column is
    hyphenated where it must be, not set over the Certainty column)."""
    pages = _emendation_columns(pdf)
    assert pages
    for edges, columns in pages:
        for index, column in enumerate(columns[:-1]):
            for right, word in column:
                assert right <= edges[index + 1], (HEADINGS[index], word)

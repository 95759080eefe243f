"""Every problem one located line: valid TEI the PDF cannot set, ids the edition makes itself,
configuration and environment mistakes. Each ends `edition build` with exit status 1 and one
error or warning that says where and what to do, never Sphinx's crash report; the previous
site stays. Inputs the PDF can set after all (a regional language tag) build."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from edition.cmd.build import BuildRequest, build
from edition.cmd.progress import QUIET, Reporter

from .helpers import ROOT

LETTER_ROOT = ROOT / "tests" / "roots" / "test-letter"
CRASH = ("Traceback", "open an issue", "Exception occurred")


@dataclass(frozen=True)
class Case:
    """A change to the test letter's project, and the one line it must end in."""

    text: Callable[[str], str] = lambda text: text
    conf: str = ""
    env: dict[str, str] = field(default_factory=dict)
    files: Callable[[Path], None] = lambda folder: None
    said: str = ""  # in the one line
    where: str = ""  # the line begins with this (relative to the project folder)


def in_text(old: str, new: str) -> Callable[[str], str]:
    return lambda text: text.replace(old, new, 1)


# The test letter has no version and the project no html_baseurl: not what these cases test.
QUIET_CONF = 'suppress_warnings = ["edition.baseurl", "edition.version"]\n'
RELEASED = f'edition_source = "letter.xml"\nedition_released_ids = "released.txt"\n{QUIET_CONF}'
LONG = "".join(chr(ord("a") + n % 26) for n in range(10_000))  # a word with no space in it
CASES = {
    "a character no font has (emoji)": Case(
        in_text("I write in haste", "I write \U0001f600 in haste"),
        said="no glyph for '\U0001f600' (U+1F600)",
        where="docs/letter.xml:17:",
    ),
    "a character no font has (CJK)": Case(
        in_text("Yours,", "Yours \u6f22,"), said="no glyph for", where="docs/letter.xml:19:"
    ),
    "an id the edition makes for a view": Case(
        in_text("<p>I write", '<p>I write<anchor xml:id="reading-x"/>'),
        said='xml:id "reading-x" begins with "reading-"',
        where="docs/letter.xml:17:",
    ),
    "an id the edition makes for citations": Case(
        in_text("<p>I write", '<p xml:id="cite-p1">I write'),
        said='xml:id "cite-p1" begins with "cite-"',
        where="docs/letter.xml:17:",
    ),
    "pdf contents naming no page": Case(
        conf='edition_pdf_contents = ["nope"]',
        said="edition_pdf_contents names nope",
        where="docs/conf.py:1:",
    ),
    "a pdf name with a folder": Case(
        conf='edition_pdf_name = "../x"', said="edition_pdf_name = '../x'", where="docs/conf.py:1:"
    ),
    "an empty pdf name": Case(
        conf='edition_pdf_name = ""', said="edition_pdf_name = ''", where="docs/conf.py:1:"
    ),
    "two TEI files and no pdf source": Case(
        files=lambda docs: second_letter(docs),
        said="the PDF needs one TEI file for its title page",
        where="docs/conf.py:1:",
    ),
    "a negative SOURCE_DATE_EPOCH": Case(
        env={"SOURCE_DATE_EPOCH": "-5"}, said="SOURCE_DATE_EPOCH='-5': give seconds since 1970"
    ),
    "a SOURCE_DATE_EPOCH past the year 9999": Case(
        env={"SOURCE_DATE_EPOCH": "999999999999999"}, said="give seconds since 1970"
    ),
    "a missing list of released ids": Case(
        conf=RELEASED,
        said="the list of released ids (edition_released_ids in conf.py) is not there",
        where="docs/released.txt:1:",
    ),
    "a Latin-1 list of released ids": Case(
        conf=RELEASED,
        files=lambda docs: (docs / "released.txt").write_bytes("caf\xe9\n".encode("latin-1")),
        said="not UTF-8 (byte 4); save the list as UTF-8",
        where="docs/released.txt:1:",
    ),
    "a released id that is gone": Case(
        conf=RELEASED,
        files=lambda docs: (docs / "released.txt").write_text("p-gone\n", "utf-8"),
        said="'p-gone' was released",
        where="docs/released.txt:1:",
    ),
    "an edition_source that is not there": Case(
        conf=f'edition_source = "missing.xml"\n{QUIET_CONF}',
        said="no such file",
        where="docs/missing.xml:1:",
    ),
    "a word longer than a line of the PDF": Case(
        in_text("I write in haste", f"I write {LONG} in haste"),
        said="a word of 10000 characters",
        where="docs/letter.xml:17:",
    ),
    "EDITION_MAX_MB of inf": Case(env={"EDITION_MAX_MB": "inf"}, said='"inf" is not a size'),
    "EDITION_MAX_MB of nan": Case(env={"EDITION_MAX_MB": "nan"}, said='"nan" is not a size'),
}


def second_letter(docs: Path) -> None:
    shutil.copy(docs / "letter.xml", docs / "second.xml")
    (docs / "second.rst").write_text("Two\n===\n\n.. tei-edition:: second.xml\n", "utf-8")
    index = docs / "index.rst"
    index.write_text(index.read_text("utf-8") + "   second\n", "utf-8")


def project(tmp_path: Path, case: Case) -> Path:
    folder = tmp_path / "project"
    shutil.copytree(LETTER_ROOT, folder / "docs")
    letter = folder / "docs" / "letter.xml"
    text = letter.read_text("utf-8")
    changed = case.text(text)
    assert changed != text or case.text("x") == "x", "the case's change applies"
    letter.write_text(changed, "utf-8")
    if case.conf:
        conf = folder / "docs" / "conf.py"
        conf.write_text(conf.read_text("utf-8") + "\n" + case.conf + "\n", "utf-8")
    case.files(folder / "docs")
    return folder


def run(folder: Path, env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    docs = folder / "docs"
    sources = tuple(sorted(docs.glob("*.xml")))
    said = io.StringIO()
    with redirect_stderr(said), redirect_stdout(io.StringIO()):
        status = build(BuildRequest(sources, docs, folder / "_build"), Reporter(QUIET))
    return status, said.getvalue()


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_problem_is_one_located_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    case = CASES[name]
    folder = project(tmp_path, case)
    monkeypatch.chdir(folder)
    status, said = run(folder, case.env, monkeypatch)
    assert not any(crash in said for crash in CRASH), said
    assert status == 1, said
    problems = [
        line
        for line in said.splitlines()
        if re.search(r"\b(ERROR|WARNING)\b", line) or (line and not line.startswith("build"))
    ]
    assert len(problems) == 1, said
    line = problems[0]
    assert case.said in line, line
    absolute = str(folder / case.where) if case.where else ""
    assert not case.where or line.startswith((case.where, absolute)), line
    assert not (folder / "_build" / "html").exists(), "nothing published"


@pytest.mark.parametrize("tag", ["en-GB", "de-1901", "sr-Latn-RS", "x-private", "i-klingon"])
def test_a_language_tag_the_typesetter_reads_in_part_still_gives_a_pdf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tag: str
) -> None:
    case = Case(
        in_text(
            '<TEI xmlns="http://www.tei-c.org/ns/1.0">',
            f'<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="{tag}">',
        )
    )
    folder = project(tmp_path, case)
    monkeypatch.chdir(folder)
    status, said = run(folder, {}, monkeypatch)
    assert (status, said) == (0, "")
    assert (folder / "_build" / "pdf" / "edition.pdf").read_bytes()[:5] == b"%PDF-"


def sphinx_warnings(source: Path, out: Path) -> list[str]:
    from sphinx.cmd.build import build_main

    said = io.StringIO()
    with redirect_stderr(said):
        build_main(["-q", "-E", "-b", "html", str(source), str(out)])
    return [line for line in said.getvalue().splitlines() if "WARNING" in line]


def test_a_view_shown_twice_on_a_page_is_one_warning(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(LETTER_ROOT, source)
    page = source / "reading.rst"
    page.write_text(page.read_text("utf-8") + "\n.. tei-edition:: letter.xml\n   :view: reading\n")
    warnings = sphinx_warnings(source, tmp_path / "out")
    assert len(warnings) == 1, warnings
    assert "reading.rst: WARNING: the reading view of letter.xml is shown twice" in warnings[0]


def test_a_broken_tei_file_shown_on_two_pages_is_one_warning_at_the_file(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(LETTER_ROOT, source)
    letter = source / "letter.xml"
    letter.write_text(letter.read_text("utf-8").replace("</body>", "</bod>"), "utf-8")
    warnings = sphinx_warnings(source, tmp_path / "out")
    assert len(warnings) == 1, warnings
    assert re.match(rf"{re.escape(str(letter))}:\d+: WARNING: malformed XML", warnings[0])


def test_a_word_longer_than_a_line_is_broken_in_the_pdf_where_it_is_meant(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = Case(
        in_text("I write in haste", f"I write {LONG} in haste"),
        conf='suppress_warnings = ["edition.long-word"]',
    )
    folder = project(tmp_path, case)
    monkeypatch.chdir(folder)
    assert run(folder, {}, monkeypatch) == (0, "")
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) not installed; .ci/run installs it")
    pdf = folder / "_build" / "pdf" / "edition.pdf"
    done = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True)
    lines = done.stdout.replace("\u200b", "").splitlines()
    # The word's lines, between the page's running heads and line numbers.
    pieces = [m[1] for m in (re.fullmatch(r"([a-z]+)( in haste.*)?", x) for x in lines) if m]
    assert LONG in "".join(pieces), "every character of the word is printed, in order"
    printed = [line for line in lines if re.search("[a-z]{20}", line)]
    assert max(len(line) for line in printed) < 80, "no line of it runs off the page"


def test_validate_warns_of_a_word_longer_than_a_line(tmp_path: Path) -> None:
    from edition.validation.validate import validate

    letter = tmp_path / "letter.xml"
    text = (LETTER_ROOT / "letter.xml").read_text("utf-8")
    letter.write_text(text.replace("I write in haste", f"I write {LONG} in haste"), "utf-8")
    report = validate(letter)
    assert report.valid
    warned = [w for w in report.warnings if "a word of 10000 characters" in w.message]
    assert [(w.line, w.column) for w in warned] == [(17, 20)]


class FakeTypstError(Exception):
    """What typst raises: a message, and a diagnostic that says where in the .typ."""

    def __init__(self, message: str, diagnostic: str) -> None:
        super().__init__(message)
        self.diagnostic = diagnostic


def test_a_typesetter_error_is_said_at_the_tei_paragraph_it_stopped_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import typst

    def failing(source: str, **options: object) -> None:
        lines = Path(source).read_text("utf-8").splitlines()
        # A line inside the paragraph of the letter's line 17, past the comment that says so.
        start = next(i for i, text in enumerate(lines, 1) if "/* tei 17 " in text)
        diagnostic = f"error: something\n  ┌─ {Path(source).name}:{start + 1}:3\n"
        raise FakeTypstError("something went wrong", diagnostic)

    folder = project(tmp_path, Case())
    monkeypatch.chdir(folder)
    monkeypatch.setattr(typst, "compile", failing)
    status, said = run(folder, {}, monkeypatch)
    problems = [line for line in said.splitlines() if "ERROR" in line]
    assert status == 1 and len(problems) == 1, said
    assert problems[0].startswith(f"{folder / 'docs' / 'letter.xml'}:17: "), problems[0]
    assert "the typesetter stopped: something went wrong" in problems[0]


def test_the_pages_prose_takes_smart_quotes_and_the_tei_text_keeps_its_own(
    tmp_path: Path,
) -> None:
    # The texts sit out Sphinx's smart quotes (ext.quotes) for speed: the prose around them
    # is still educated, the witness's straight quotes still printed as they stand.
    from sphinx.cmd.build import build_main

    source = tmp_path / "src"
    shutil.copytree(LETTER_ROOT, source)
    letter = source / "letter.xml"
    letter.write_text(
        letter.read_text("utf-8").replace("I write in haste", 'I write "in haste"'), "utf-8"
    )
    page = source / "reading.rst"
    page.write_text(page.read_text("utf-8") + '\nThe editors\' "prose" after it.\n', "utf-8")
    assert build_main(["-q", "-E", "-b", "html", str(source), str(tmp_path / "out")]) == 0
    html = (tmp_path / "out" / "reading.html").read_text("utf-8")
    assert "editors\u2019 \u201cprose\u201d after it" in html
    assert "I write &quot;in haste&quot;" in html or 'I write "in haste"' in html

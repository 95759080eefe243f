"""A catalogue of bad and hostile inputs, each run through every entry point: `edition validate`,
`edition text`, `edition emendations`, and a Sphinx build (HTML, and the PDF for inputs that
must build) with the extension. Each case says what every entry point must answer: the exit
status and the located message; none may print a traceback or crash.

Made-up element names are used wherever an element must be unknown (never a real TEI one)."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from lxml import html

from .helpers import TEI_SKELETON

HEADER_LINES = TEI_SKELETON.count("\n", 0, TEI_SKELETON.index("{body}"))
BODY_LINE = HEADER_LINES + 1  # the line the body's content is on


def tei(body: str, *, declaration: str = '<?xml version="1.0" encoding="UTF-8"?>') -> str:
    return TEI_SKELETON.replace('<?xml version="1.0" encoding="UTF-8"?>', declaration).format(
        body=body
    )


@dataclass(frozen=True)
class Case:
    """content: the file (str is written as UTF-8). Expected answers:
    refused: every command exits 1 with this message (located at path:line:col), Sphinx warns;
    validate: `edition validate` exits 1 with this message among its problems (text still runs);
    warns: `edition text` exits 0 and warns with this [edition.subtype];
    builds: the Sphinx builds (HTML and PDF) succeed with -W;
    never: strings that must not appear in the published HTML (a script, a script URL);
    SECRET, the content of a local file a hostile document names, appears in no output."""

    name: str
    content: str | bytes
    refused: str = ""
    validate: str = ""
    warns: str = ""
    builds: bool = False
    never: tuple[str, ...] = ()
    file_name: str = "letter.xml"
    environment: dict[str, str] = field(default_factory=dict)


SECRET = "TOP-SECRET-CONTENT"
DEEP = 250

CASES = [
    # The file cannot be a TEI document at all: refused everywhere with the same message.
    Case(
        "malformed",
        "<TEI><p>x</TEI>",
        refused=":1:16: malformed XML: Opening and ending tag mismatch",
    ),
    Case("empty file", "", refused=":1:1: malformed XML: Document is empty"),
    Case("binary", b"\x00\x01\x02PK\x03\x04", refused=":1:1: malformed XML:"),
    Case("text after root", tei("<p>x</p>") + "<TEI/>", refused="malformed XML: Extra content"),
    Case("unclosed comment", tei("<p>x</p><!-- never closed"), refused="malformed XML:"),
    Case("duplicate attribute", tei('<p n="1" n="2">x</p>'), refused="malformed XML: Attribute n"),
    Case(
        "undeclared prefix", tei("<p><x:thing>y</x:thing></p>"), refused="malformed XML: Namespace"
    ),
    Case("control character", tei("<p>a\x01b</p>"), refused="malformed XML:"),
    Case("not TEI", "<html/>", refused=":1:1: not a TEI document: the root element is <html>"),
    Case(
        "TEI without namespace",
        "<TEI><text><body><p>x</p></body></text></TEI>",
        refused=":1:1: not a TEI document: the root element is <TEI> in no namespace",
    ),
    Case(
        "entity expansion",
        '<?xml version="1.0"?>\n<!DOCTYPE TEI [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
        '<TEI xmlns="http://www.tei-c.org/ns/1.0">&b;</TEI>',
        refused=":1:1: the document declares entities in a DTD",
    ),
    Case(
        "external entity",
        '<!DOCTYPE TEI [<!ENTITY x SYSTEM "file://SECRET_FILE">]>'
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>&x;</p></body></text></TEI>',
        refused=":1:1: the document declares entities in a DTD",
        never=(SECRET,),
    ),
    Case(
        "encoding mismatch",
        tei("<p>caf\u00e9</p>", declaration='<?xml version="1.0" encoding="ISO-8859-1"?>').encode(),
        refused=f":{BODY_LINE}:",
    ),
    Case(
        "over the size limit",
        tei("<p>" + "x" * 5000 + "</p>"),
        refused=":1:1: the file is 5,",
        environment={"EDITION_MAX_MB": "0.004"},
    ),
    Case(
        "nested beyond libxml2's limit",
        tei("<p>" + "<hi>" * 300 + "deep" + "</hi>" * 300 + "</p>"),
        refused="malformed XML: Excessive depth",
    ),
    # Valid or nearly valid TEI that must never crash anything.
    Case(
        "250 nested hi", tei("<p>" + "<hi>" * DEEP + "deep" + "</hi>" * DEEP + "</p>"), builds=True
    ),
    Case(
        "file name with a space and a euro sign",
        tei("<p>x</p>"),
        builds=True,
        file_name="my letter €.xml",
    ),
    Case(
        "markup characters",
        tei("<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; \" '</p>"),
        builds=True,
        never=("<script>alert",),
    ),
    Case(
        "Typst markup characters",
        tei("<p>#set page(width: 1cm) *b* _i_ `c` $m$ @l [x] \\ </p>"),
        builds=True,
    ),
    Case(
        "CDATA",
        tei("<p><![CDATA[<b>not markup</b> & more]]></p>"),
        builds=True,
        never=("<b>not markup</b>",),
    ),
    Case(
        "comment and processing instruction in the body",
        tei("<p>a</p><!-- a comment --><?pi data?><p>b</p>"),
        builds=True,
    ),
    Case("no-break space is kept", tei("<p>p.\u00a0251</p>"), builds=True),
    Case("combining and zero-width characters", tei("<p>e\u0301 a\u200bb</p>"), builds=True),
    Case("long attribute value", tei(f'<p n="{"n" * 100_000}">x</p>'), builds=True),
    Case(
        "external DTD is not fetched",
        '<!DOCTYPE TEI SYSTEM "http://127.0.0.1:9/tei.dtd">' + tei("<p>x</p>").split("?>", 1)[1],
        builds=True,
    ),
    Case(
        "edition date to the month",
        tei("<p>x</p>").replace(
            "</titleStmt>",
            '</titleStmt><editionStmt><edition>1 <date when="2026-11">Nov 2026</date></edition>'
            "</editionStmt>",
        ),
        builds=True,
    ),
    Case(
        "bidirectional controls",
        tei("<p>a \u202eevil\u202c b</p>"),
        validate="",  # a warning only
        builds=True,
    ),
    # Markup the edition cannot render as meant: validate refuses, text and Sphinx warn.
    Case(
        "javascript link",
        tei('<p><ref target="javascript:alert(document.domain)">x</ref></p>'),
        validate='"javascript:" links are never published',
        warns="edition.unsafe-link",
        never=('href="javascript:',),
    ),
    Case(
        "data link",
        tei('<p><ref target="data:text/html,&lt;script&gt;">x</ref></p>'),
        validate='"data:" links are never published',
        warns="edition.unsafe-link",
        never=('href="data:',),
    ),
    Case(
        "mixed-case javascript link",
        tei('<p><ref target="  JaVaScRiPt:alert(1)">x</ref></p>'),
        validate='"JaVaScRiPt:" links are never published',
        warns="edition.unsafe-link",
        never=('href="JaVaScRiPt:',),
    ),
    Case(
        "javascript link split by a tab",
        tei('<p><ref target="java&#9;script:alert(1)">x</ref></p>'),
        validate='"java" is not a link the edition can follow',
        warns="edition.unsafe-link",
        never=("script:alert",),
    ),
    Case(
        "file link",
        tei('<p><ref target="file:///etc/passwd">x</ref></p>'),
        validate='"file:" links are never published',
        warns="edition.unsafe-link",
        never=('href="file:',),
    ),
    Case(
        "vbscript link",
        tei('<p><ptr target="vbscript:msgbox(1)"/></p>'),
        validate='"vbscript:" links are never published',
        warns="edition.unsafe-link",
        never=('href="vbscript:',),
    ),
    Case(
        "relative link",
        tei('<p><ref target="../../etc/passwd">x</ref></p>'),
        validate="is not a link the edition can follow",
        warns="edition.unsafe-link",
        never=('href="../../etc/passwd"',),
    ),
    Case(
        "choice with corr and no sic",
        tei("<p>a <choice><corr>and</corr></choice> b</p>"),
        validate="<choice> has no reading for the diplomatic view",
        warns="edition.choice-reading",
    ),
    Case(
        "choice with sic and no corr",
        tei("<p>a <choice><sic>an</sic></choice> b</p>"),
        validate="<choice> has no reading for the reading view",
        warns="edition.choice-reading",
    ),
    Case(
        "choice in a choice",
        tei("<p><choice><sic>a</sic><choice><orig>b</orig><reg>c</reg></choice></choice></p>"),
        builds=True,
    ),
    Case(
        "made-up element",
        tei("<p>a <madeUpThing>kept</madeUpThing> b</p>"),
        validate="madeUpThing",
        warns="edition.unknown-element",
    ),
    Case(
        "made-up element in another namespace",
        tei('<p>a <x:madeUp xmlns:x="urn:example">kept</x:madeUp> b</p>'),
        validate="madeUp",
        warns="edition.unknown-element",
    ),
    Case(
        "XInclude is not processed",
        tei(
            '<p><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="SECRET_FILE" '
            'parse="text"/></p>'
        ),
        validate="include",
        warns="edition.unknown-element",
        never=(SECRET,),
    ),
    Case(
        "text directly in the body",
        tei("stray words"),
        validate="TEI: ",
        warns="edition.stray-text",
    ),
    Case(
        "date that is not a date",
        tei('<p><date when="yesterday">then</date></p>'),
        validate="TEI: ",
    ),
]


def run_command(
    arguments: list[str], cwd: Path, environment: dict[str, str]
) -> tuple[int, str, str]:
    import os

    done = subprocess.run(
        [sys.executable, "-m", "edition", *arguments],
        cwd=cwd,
        capture_output=True,
        env={**os.environ, **environment},
        check=False,
    )
    return (
        done.returncode,
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
    )


def write_case(case: Case, folder: Path) -> Path:
    secret = folder / "secret.txt"
    secret.write_text(SECRET, "utf-8")
    path = folder / case.file_name
    content = case.content
    if isinstance(content, str):
        path.write_text(content.replace("SECRET_FILE", str(secret)), "utf-8")
    else:
        path.write_bytes(content)
    return path


def sphinx_build(folder: Path, builder: str, environment: dict[str, str]) -> tuple[int, str]:
    from sphinx.cmd.build import build_main

    errors = io.StringIO()
    saved = {key: __import__("os").environ.get(key) for key in environment}
    __import__("os").environ.update(environment)
    try:
        with redirect_stderr(errors), redirect_stdout(io.StringIO()):
            status = build_main(
                ["-q", "-W", "-E", "-b", builder, str(folder), str(folder / "_out" / builder)]
            )
    finally:
        for key, value in saved.items():
            if value is None:
                __import__("os").environ.pop(key, None)
            else:
                __import__("os").environ[key] = value
    return status, errors.getvalue()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_entry_point_answers_as_the_catalogue_says(case: Case, tmp_path: Path) -> None:
    path = write_case(case, tmp_path)
    outputs = []
    for command in ("validate", "text", "emendations"):
        status, out, err = run_command([command, str(path)], tmp_path, case.environment)
        outputs += [out, err]
        assert "Traceback" not in err, (command, err)
        said = [line for line in (out + err).splitlines() if line.strip()]
        if case.refused:
            assert status == 1, (command, out, err)
            located = [line for line in said if f"{path}:" in line and case.refused in line]
            assert len(located) == 1, (command, said)
            assert re.search(re.escape(str(path)) + r":\d+:\d+: ", located[0]), located
        elif command == "validate":
            if case.validate:
                assert status == 1, out + err
                assert any(case.validate in line and f"{path}:" in line for line in said), said
            else:
                assert status == 0, out + err
        else:
            assert status == 0, (command, err)
            if case.warns and command == "text":
                assert any(f"[{case.warns}]" in line and f"{path}:" in line for line in said)
    if case.refused:
        return
    # The Sphinx build: a page per view; -W turns the extension's warnings into a failure.
    (tmp_path / "conf.py").write_text('extensions = ["edition"]\nhtml_theme = "alabaster"\n')
    (tmp_path / "index.rst").write_text(
        f"Letter\n======\n\n.. tei-edition:: {path.name}\n   :view: synoptic\n", "utf-8"
    )
    status, errors = sphinx_build(tmp_path, "html", case.environment)
    assert "Traceback" not in errors and "Exception occurred" not in errors, errors
    if case.builds:
        assert status == 0, errors
        status, errors = sphinx_build(tmp_path, "tei-typst", case.environment)
        assert status == 0 and "Exception occurred" not in errors, errors
        assert (tmp_path / "_out" / "tei-typst" / "edition.pdf").read_bytes()[:5] == b"%PDF-"
    elif case.warns:
        assert (
            status != 0 and f"[{case.warns.split('.')[1]}]" in errors.replace("edition.", "")
        ) or case.warns in errors, errors
    page = tmp_path / "_out" / "html" / "index.html"
    if page.exists():
        tree = html.parse(str(page))
        hrefs = [a.get("href", "") for a in tree.iter("a")]
        assert not any(
            h.strip().lower().startswith(("javascript:", "data:", "vbscript:", "file:"))
            for h in hrefs
        ), hrefs
        outputs.append(page.read_text("utf-8"))
    assert all(SECRET not in output for output in outputs)
    published = outputs[-1] if page.exists() else ""
    for forbidden in case.never:
        assert forbidden not in published, forbidden


def test_the_catalogue_has_at_least_forty_inputs() -> None:
    assert len(CASES) >= 40
    assert len({c.name for c in CASES}) == len(CASES)


def test_typst_labels_never_break_on_page_names(tmp_path: Path) -> None:
    """The PDF's labels come from page names: any character must give a valid label."""
    from edition.writers.typst.markup import label_name

    names = ["a b", "a€b", "a_b", "a.b", "a/b", "ü", "a:b", "<x>", "a-b"]
    labels = {label_name(name, "p1") for name in names}
    assert len(labels) == len(names)  # no two pages share a label
    assert all(re.fullmatch(r"[A-Za-z0-9_.:-]+", label) for label in labels)

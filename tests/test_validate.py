"""`edition validate`: the real edition is valid; each kind of bad input gets one located line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from edition.cmd import cli
from edition.validation.validate import validate

from .helpers import EDITION_TEI, ROOT, TEI_SKELETON

RULES = ROOT / "tei" / "edition.sch"


def write_tei(tmp_path: Path, body: str, *, header_extra: str = "") -> Path:
    source = TEI_SKELETON.format(body=body).replace(
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<?xml version="1.0" encoding="UTF-8"?>\n<?xml-model href="{RULES}" '
        'type="application/xml" schematypens="http://purl.oclc.org/dsdl/schematron"?>',
    )
    path = tmp_path / "letter.xml"
    path.write_text(source.replace("</teiHeader>", header_extra + "</teiHeader>"), "utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    status = cli.main(list(args))
    captured = capsys.readouterr()
    return status, captured.out.splitlines(), captured.err


def test_the_edition_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "validate", str(EDITION_TEI))
    assert status == 0
    assert len(out) == 1
    assert re.fullmatch(
        re.escape(f"{EDITION_TEI}: valid: TEI P5 (tei_all) and Schematron (")
        + r"\S*tei/edition\.sch\); 44 paragraphs, 11 interventions",
        out[0],
    ), out


GOOD_CHOICE = (
    '<choice xml:id="c1"><sic>an</sic>'
    '<corr resp="#ed" type="typo" evidence="internal" cert="high">and</corr></choice>'
)
TAXONOMY_AND_NOTE = (
    '<encodingDesc><classDecl><taxonomy><category xml:id="typo"><catDesc>typo</catDesc>'
    '</category><category xml:id="textual"><catDesc>apparatus</catDesc></category>'
    '<category xml:id="explanatory"><catDesc>commentary</catDesc></category>'
    "</taxonomy></classDecl></encodingDesc>"
)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            '<p xml:id="p1"><choice xml:id="c1"><corr resp="#ed" type="typo">and</corr></choice>'
            '<note type="textual" target="#c1">why</note></p>',
            "corr without a sic partner",
            id="corr-without-sic",
        ),
        pytest.param(
            '<p xml:id="p1"><choice xml:id="c1"><sic>an</sic><corr type="typo">and</corr></choice>'
            '<note type="textual" target="#c1">why</note></p>',
            "corr without @resp",
            id="corr-without-resp",
        ),
        pytest.param(
            '<p xml:id="p1"><choice xml:id="c1"><sic>an</sic><corr resp="#ed" type="typo" '
            'evidence="internal">and</corr></choice>'
            '<note type="textual" target="#c1">why</note></p>',
            "corr without @cert",
            id="corr-without-cert",
        ),
        pytest.param(
            f'<p xml:id="p1">{GOOD_CHOICE}<supplied resp="#ed" reason="lost">,</supplied></p>',
            "supplied without @cert",
            id="supplied-without-cert",
        ),
        pytest.param(
            f'<p xml:id="p1">{GOOD_CHOICE}</p>',
            'no textual note for intervention "c1"',
            id="corr-without-note",
        ),
        pytest.param(
            '<p xml:id="p1"><choice xml:id="c1"><sic>an</sic><corr resp="#ed" type="typo">and'
            '</corr></choice><note type="textual" target="#c1">why</note></p>',
            "corr needs @evidence",
            id="corr-without-evidence",
        ),
        pytest.param(
            '<p xml:id="p1"><choice xml:id="c1"><sic>an</sic><corr resp="#ed" type="typo" '
            'evidence="external">and</corr></choice>'
            '<note type="textual" target="#c1">why</note></p>',
            'corr with evidence="external" names no source',
            id="external-evidence-without-source",
        ),
        pytest.param(
            f'<p xml:id="p1">{GOOD_CHOICE}<note type="textual" target="#c1">why</note>'
            '<note type="explanatory" target="#p1">Known to all.</note></p>',
            "note cites no source",
            id="explanatory-note-without-source",
        ),
        pytest.param(
            f'<p xml:id="p1">{GOOD_CHOICE}<note type="textual" target="#c1">why</note></p>'
            '<listBibl xml:id="works-cited"><bibl xml:id="b1">A page, '
            '<ptr target="https://example.org/"/></bibl></listBibl>',
            "web source without an access date",
            id="web-source-without-access-date",
        ),
        pytest.param(
            f'<p xml:id="p1">{GOOD_CHOICE}<note type="textual" target="#c1">why</note>'
            '<note type="explanatory" target="#p1">See <ref target="https://example.org/">a page'
            '</ref> (<bibl><ref target="#b1">B</ref></bibl>).</note></p>'
            '<listBibl xml:id="works-cited"><listBibl type="primary"><bibl xml:id="b1">A book.'
            "</bibl></listBibl></listBibl>",
            "a web link in note",
            id="web-link-in-a-note",
        ),
        pytest.param(
            f'<p xml:id="p1">{GOOD_CHOICE}<note type="textual" target="#c1">why</note></p>'
            '<listBibl xml:id="works-cited"><listBibl type="primary"><bibl xml:id="b1">A book.'
            "</bibl></listBibl></listBibl>",
            '"b1" is in the works cited but nothing cites it',
            id="uncited-work",
        ),
        pytest.param(
            f'<p xml:id="p1">{GOOD_CHOICE}<note type="textual" target="#c1">why</note></p>'
            '<listBibl xml:id="works-cited"><bibl xml:id="b1">A book.</bibl></listBibl>',
            "an entry of the works cited that no kind groups",
            id="works-cited-entry-without-kind",
        ),
        pytest.param(
            f'<p xml:id="p1">{GOOD_CHOICE}<note type="textual" target="#c1">why</note></p>'
            '<listBibl xml:id="works-cited"><listBibl type="hearsay"><bibl xml:id="b1">A book.'
            "</bibl></listBibl></listBibl>",
            '@type="hearsay" on listBibl is not declared',
            id="undeclared-source-kind",
        ),
        pytest.param(
            f'<p xml:id="p1">{GOOD_CHOICE}<note type="textual" target="#c1">why</note>'
            '<note type="musing" target="#p1">hm</note></p>',
            '@type="musing" on note is not declared',
            id="undeclared-note-type",
        ),
        pytest.param(
            f'<p xml:id="p1">{GOOD_CHOICE}'
            '<note type="textual" target="#c1 #nowhere">why</note></p>',
            '@target="#c1 #nowhere" names an xml:id that no element in this document has',
            id="dangling-pointer",
        ),
        pytest.param(
            f'<p xml:id="p1">{GOOD_CHOICE}<note type="textual" target="#c1">why</note>'
            'In <title xml:lang="fr">Le Zorblat</title> and again in '
            "<title>Le Zorblat</title>.</p>",
            'the title "Le Zorblat" is marked xml:lang="fr" elsewhere in this document',
            id="title-without-its-language",
        ),
        pytest.param(
            f'<p>{GOOD_CHOICE}<note type="textual" target="#c1">why</note></p>',
            "paragraph without xml:id",
            id="paragraph-without-id",
        ),
        pytest.param(
            f'<p xml:id="p1">{GOOD_CHOICE}<note type="textual" target="#c1">why</note>'
            '<date calendar="#julian">23 February 1917</date></p>',
            "a date given in another calendar",
            id="julian-date-without-western-day",
        ),
        pytest.param(
            f'<p xml:id="p1">{GOOD_CHOICE}<note type="textual" target="#c1">why</note>'
            '<date when="1917-03-08" calendar="#nowhere">23 February 1917</date></p>',
            '@calendar="#nowhere" names an xml:id that no element in this document has',
            id="calendar-pointer-dangling",
        ),
        pytest.param(
            f'<p xml:id="p1">{GOOD_CHOICE}<note type="textual" target="#c1">why</note>'
            '<date when="1919-13-28">April</date></p>',
            '@when="1919-13-28" is not an ISO 8601 date',
            id="date-not-iso",
        ),
    ],
)
def test_each_schematron_rule_reports_a_located_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str, expected: str
) -> None:
    path = write_tei(tmp_path, body, header_extra=TAXONOMY_AND_NOTE)
    status, out, err = run(capsys, "validate", str(path))
    assert status == 1
    matching = [line for line in out if expected in line]
    assert len(matching) == 1, out
    location, _, message = matching[0].partition(": ")
    file, line, column = location.rsplit(":", 2)
    assert file == str(path) and int(line) == 7 and int(column) >= 1
    assert message.startswith("edition.sch: ")
    assert "problem(s) in 1 of 1 file(s)" in err


def test_unused_register_entry_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_tei(tmp_path, '<p xml:id="p1"><persName ref="#owen">Owen</persName></p>')
    registers = (
        '<standOff><listPerson><person xml:id="owen"><persName>Owen</persName></person>'
        '<person xml:id="nobody"><persName>Nobody</persName></person></listPerson></standOff>'
    )
    path.write_text(path.read_text("utf-8").replace("</teiHeader>", "</teiHeader>" + registers))
    status, out, _ = run(capsys, "validate", str(path))
    assert status == 1
    reported = [line for line in out if "edition.sch" in line]
    assert len(reported) == 1, out
    location, _, message = reported[0].partition(": ")
    assert re.fullmatch(re.escape(str(path)) + r":\d+:\d+", location)
    assert message == (
        'edition.sch: register entry "nobody" is not mentioned in the text: tag its mentions '
        'with ref="#nobody", or remove the entry.'
    )


def test_schema_violation_is_located_and_points_to_the_guidelines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_tei(tmp_path, '<p xml:id="p1"><div/></p>')
    status, out, _ = run(capsys, "validate", str(path))
    assert status == 1
    assert any(
        line.startswith(f"{path}:7:") and "TEI: " in line and "ref-div.html" in line for line in out
    ), out


@pytest.mark.parametrize("engine", ["lxml", "auto"])
def test_a_made_up_element_is_reported_without_a_guidelines_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], engine: str
) -> None:
    path = write_tei(tmp_path, '<p xml:id="p1"><madeUpThing/></p>')
    status, out, _ = run(capsys, "validate", "--engine", engine, str(path))
    assert status == 1
    flagged = [line for line in out if "madeUpThing" in line]
    assert flagged and all(line.startswith(f"{path}:7:") for line in flagged), out
    assert not any("ref-madeUpThing" in line for line in out)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(
            "<TEI><p>x</TEI>",
            ":1:16: malformed XML: Opening and ending tag mismatch",
            id="malformed",
        ),
        pytest.param(
            "<html/>", ":1:1: not a TEI document: the root element is <html>", id="not-tei"
        ),
        pytest.param(
            '<?xml version="1.0"?>\n<!DOCTYPE TEI [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
            '<TEI xmlns="http://www.tei-c.org/ns/1.0">&b;</TEI>',
            ":1:1: the document declares entities in a DTD",
            id="entity-expansion",
        ),
    ],
)
def test_bad_files_get_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, expected: str
) -> None:
    path = tmp_path / "bad.xml"
    path.write_text(content, "utf-8")
    for command in (["validate", str(path)], ["text", str(path)], ["emendations", str(path)]):
        status, out, err = run(capsys, *command)
        assert status == 1
        lines = [line for line in out + err.splitlines() if str(path) in line]
        assert len(lines) == 1 and expected in lines[0], (command, out, err)
        assert "Traceback" not in err


def test_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.xml"
    status, _, err = run(capsys, "text", str(missing))
    assert status == 1
    assert (
        err.strip()
        == f"edition text: {missing}: no such file; check the path (TEI sources live in tei/)"
    )


def test_external_entities_are_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", "utf-8")
    path = tmp_path / "xxe.xml"
    path.write_text(
        f'<!DOCTYPE TEI [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>&x;</p></body></text></TEI>',
        "utf-8",
    )
    report = validate(path)
    assert not report.valid
    assert all("TOP-SECRET" not in problem.message for problem in report.problems)
    assert "entities" in report.problems[0].message

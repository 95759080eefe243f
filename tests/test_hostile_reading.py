"""What a document or its rules may make the tool read: regular files within the limit, and,
for declared Schematron, the document itself and the rules' own includes beside them. Each
case ends in one located line and a bounded time; no file outside is read, nothing hangs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from edition.cmd.build import validation_digest
from edition.core.tei import load

from .helpers import TEI_SKELETON

LEAK = "a-secret-that-must-never-print"
MODEL = '<?xml-model href="{}" type="application/xml" schematypens="http://purl.oclc.org/dsdl/schematron"?>\n'


def letter(folder: Path, model: str = "", body: str = '<p xml:id="p1">Text.</p>') -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    text = TEI_SKELETON.format(body=body)
    head, _, rest = text.partition("\n")
    path = folder / "letter.xml"
    path.write_text(head + "\n" + (MODEL.format(model) if model else "") + rest, "utf-8")
    return path


def schematron(folder: Path, name: str, body: str) -> Path:
    path = folder / name
    path.write_text(
        '<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt">\n'
        '  <ns prefix="t" uri="http://www.tei-c.org/ns/1.0"/>\n'
        f"{body}\n</schema>\n",
        "utf-8",
    )
    return path


def validate(*arguments: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "edition", "validate", *arguments],
        capture_output=True,
        text=True,
        timeout=timeout,  # a hang fails the test instead of the suite
        check=False,
    )


def problem_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stdout.splitlines() if ":" in line and "problem(s)" not in line]


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "outside" / "secret.txt"
    path.parent.mkdir()
    path.write_text(LEAK, "utf-8")
    return path


@pytest.mark.parametrize(
    "expression",
    [
        "document('file://{secret}')",
        "document('{secret}')",
        "unparsed-text('file://{secret}')",
        "document('http://127.0.0.1:9/x.xml')",
    ],
)
def test_declared_rules_read_nothing_but_the_document(
    tmp_path: Path, secret: Path, expression: str
) -> None:
    folder = tmp_path / "tei"
    folder.mkdir()
    read = expression.format(secret=secret)
    schematron(
        folder,
        "rules.sch",
        f'<pattern><rule context="/"><assert test="false()">leak: <value-of select="{read}"/>'
        "</assert></rule></pattern>",
    )
    result = validate(str(letter(folder, "rules.sch")))
    assert result.returncode == 1
    assert LEAK not in result.stdout + result.stderr
    lines = problem_lines(result)
    assert len(lines) == 1 and "rules.sch" in lines[0], result.stdout


@pytest.mark.parametrize(
    "href",
    ["{secret}", "../outside/secret.sch", "file://{secret}", "http://127.0.0.1:9/rules.sch"],
)
def test_an_include_from_outside_the_rules_folder_is_refused_in_one_line(
    tmp_path: Path, secret: Path, href: str
) -> None:
    secret.with_suffix(".sch").write_text(
        '<pattern xmlns="http://purl.oclc.org/dsdl/schematron"><rule context="/">'
        f'<assert test="false()">{LEAK}</assert></rule></pattern>',
        "utf-8",
    )
    folder = tmp_path / "tei"
    folder.mkdir()
    target = href.format(secret=secret.with_suffix(".sch"))
    schematron(folder, "rules.sch", f'<include href="{target}"/>')
    result = validate(str(letter(folder, "rules.sch")))
    assert result.returncode == 1
    assert LEAK not in result.stdout + result.stderr
    lines = problem_lines(result)
    assert len(lines) == 1 and "rules.sch:" in lines[0] and "include" in lines[0], lines


def test_an_include_beside_the_rules_is_used_and_part_of_the_validation_memo(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "tei"
    folder.mkdir()
    schematron(folder, "rules.sch", '<include href="parts/ids.sch"/>')
    (folder / "parts").mkdir()
    part = folder / "parts" / "ids.sch"
    part.write_text(
        '<pattern xmlns="http://purl.oclc.org/dsdl/schematron"><rule context="t:body/t:p">'
        '<assert test="@n">every paragraph needs @n</assert></rule></pattern>',
        "utf-8",
    )
    source = letter(folder, "rules.sch")
    result = validate(str(source))
    assert result.returncode == 1 and "ids.sch" not in result.stdout
    assert "rules.sch: every paragraph needs @n" in result.stdout
    schema_file = tmp_path / "schema.rng"
    schema_file.write_text("<grammar/>", "utf-8")
    loaded = {source: load(source)}
    before = validation_digest((source,), schema_file, loaded)
    part.write_text(part.read_text("utf-8").replace("@n", "@rend"), "utf-8")
    assert validation_digest((source,), schema_file, loaded) != before, "the include counts"


def test_an_include_of_itself_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "tei"
    folder.mkdir()
    schematron(folder, "rules.sch", '<include href="rules.sch"/>')
    result = validate(str(letter(folder, "rules.sch")))
    lines = problem_lines(result)
    assert result.returncode == 1 and len(lines) == 1 and "includes itself" in lines[0]


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/stdin", "fifo"])
def test_what_is_not_a_regular_file_is_refused_at_once(tmp_path: Path, device: str) -> None:
    """As the document, and as its declared rules: never read (a device never ends, a pipe
    waits for a writer), one line, at once."""
    if device == "fifo":
        device = str(tmp_path / "letter.xml")
        os.mkfifo(device)
    for arguments in ([device], [str(letter(tmp_path / "tei", device))]):
        result = validate(*arguments, timeout=20)
        lines = problem_lines(result)
        assert result.returncode == 1
        assert len(lines) == 1 and "is not a regular file" in lines[0], result.stdout
        named = lines[0].split(":1:1: ")[0]  # as given, or as the declaration resolves it
        assert named in {device, str(Path(device).resolve())}, lines[0]


def test_the_validation_memo_never_reads_a_declared_device(tmp_path: Path) -> None:
    source = letter(tmp_path / "tei", "/dev/zero")
    schema_file = tmp_path / "schema.rng"
    schema_file.write_text("<grammar/>", "utf-8")
    # Returns (would read 2.6 GB and fail with MemoryError before).
    assert validation_digest((source,), schema_file, {source: load(source)})


def test_a_file_past_the_limit_is_refused_without_reading_it_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.xml"
    with big.open("wb") as out:
        out.truncate(3_000_000)  # sparse: three megabytes of nothing
    result = subprocess.run(
        [sys.executable, "-m", "edition", "validate", str(big)],
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, "EDITION_MAX_MB": "1"},
        check=False,
    )
    lines = problem_lines(result)
    assert result.returncode == 1 and len(lines) == 1 and "over the limit" in lines[0]


def test_validate_warns_of_each_character_the_pdf_cannot_print_where_it_first_stands(
    tmp_path: Path,
) -> None:
    """A warning, not a problem: the web edition shows it; the PDF would stop there."""
    body = '<p xml:id="p1">A \U0001f600 and \u6f22 and \U0001f600 again, and ꝑ.</p>'
    source = letter(tmp_path / "tei", body=body)
    result = validate(str(source))
    assert result.returncode == 0, result.stdout
    warned = [line for line in result.stdout.splitlines() if "warning: no font" in line]
    assert [line.split(" has ")[1].split(" ")[0] for line in warned] == ["'😀'", "'漢'", "'ꝑ'"]
    assert all(line.startswith(f"{source}:6:") for line in warned), warned

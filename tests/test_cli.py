"""The installed `edition` command, run as a user runs it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .benchmark_html import page_weight
from .helpers import EDITION_TEI, ROOT, WITNESS


def edition(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[bytes]:
    executable = shutil.which("edition") or ""
    command = [executable] if executable else [sys.executable, "-m", "edition"]
    return subprocess.run([*command, *args], cwd=cwd, capture_output=True, check=False)


def test_diplomatic_text_from_the_command_line_is_the_witness() -> None:
    result = edition("text", "--view", "diplomatic", str(EDITION_TEI))
    assert result.returncode == 0, result.stderr
    assert result.stdout == WITNESS.read_bytes() + b"\n"
    assert result.stderr == b""


def test_default_file_is_the_tei_in_tei_folder() -> None:
    assert edition("text", "--view", "diplomatic").stdout == WITNESS.read_bytes() + b"\n"


def test_reading_text_has_the_corrections() -> None:
    reading = edition("text", "--view", "reading").stdout.decode("utf-8")
    assert "plenty to say and learn" in reading
    assert "in which all productive work" in reading
    assert "say an learn" not in reading


def test_emendations_json_and_tsv_agree() -> None:
    as_json = json.loads(edition("emendations", "--format", "json").stdout)
    rows = edition("emendations", "--format", "tsv").stdout.decode("utf-8").splitlines()
    assert rows[0].split("\t") == [
        "id",
        "paragraph",
        "witness",
        "edited",
        "type",
        "resp",
        "cert",
        "source",
        "note",
        "evidence",
    ]
    assert len(rows) - 1 == len(as_json) > 0
    for row, entry in zip(rows[1:], as_json, strict=True):
        fields = row.split("\t")
        assert fields[0] == entry["id"] and fields[8] == entry["note"]


def test_generic_tei_letter_renders_and_warns_about_what_it_cannot(tmp_path: Path) -> None:
    letter = ROOT / "tests" / "fixtures" / "letter.xml"
    result = edition("text", "--view", "reading", str(letter))
    assert result.returncode == 0 and result.stderr == b""
    lines = result.stdout.decode("utf-8").splitlines()
    assert lines[0] == "London, 3 March 1897"
    assert "books; […] will follow." in lines[4]  # the gap marked, not silently closed
    odd = tmp_path / "odd.xml"
    odd.write_text(letter.read_text("utf-8").replace("<gap ", "<madeUpGap "), encoding="utf-8")
    result = edition("text", "--view", "reading", str(odd))
    assert result.returncode == 0
    assert f"{odd}:18:".encode() in result.stderr
    assert b"[edition.unknown-element]" in result.stderr


@pytest.mark.slow
def test_build_writes_the_site_and_a_failed_build_keeps_the_previous_one(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "tei", project / "tei")
    shutil.copytree(ROOT / "docs", project / "docs")
    result = edition("build", cwd=project)
    assert result.returncode == 0, result.stderr
    said = result.stderr.decode("utf-8")
    for step in ("validating 1 TEI file", "building the HTML and the PDF", "publishing"):
        assert step in said, said
    assert "open _build/html/index.html" in result.stdout.decode("utf-8")
    site = project / "_build" / "html"
    assert (site / "reading.html").exists() and (site / "diplomatic.html").exists()
    downloads = site / "downloads"
    assert (project / "_build" / "pdf" / "kropotkin-1919.pdf").read_bytes()[:5] == b"%PDF-"
    assert sorted(p.name for p in downloads.iterdir()) == [
        "edition.sch",  # the Schematron the TEI's <?xml-model?> names, beside it
        "kropotkin-1919-citable.json",
        "kropotkin-1919-diplomatic.txt",
        "kropotkin-1919-emendations.json",
        "kropotkin-1919-emendations.tsv",
        "kropotkin-1919-reading.txt",
        "kropotkin-1919.pdf",
        "kropotkin-1919.xml",
    ]
    assert (
        downloads / "kropotkin-1919-diplomatic.txt"
    ).read_bytes() == WITNESS.read_bytes() + b"\n"
    units = json.loads((downloads / "kropotkin-1919-citable.json").read_text("utf-8"))["units"]
    assert all(unit["pdf_page"] for unit in units), "the PDF built first gives every page"
    weight = page_weight(site, "reading.html")
    assert sum(weight.values()) < 150_000, weight  # the limit for the reading page
    assert {"reading.html", "edition.css", "edition.js", "alabaster.css", "basic.css"} <= set(
        weight
    )
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}

    source = project / "tei" / "kropotkin-1919.xml"
    source.write_text(source.read_text("utf-8").replace("</body>", "<p>no id</p></body>"), "utf-8")
    failed = edition("build", cwd=project)
    assert failed.returncode == 1
    assert b"paragraph without xml:id" in failed.stderr
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in (project / "_build").iterdir()) == [
        ".builds",
        ".lock",
        ".validated",
        "html",
        "pdf",
        "site",
    ]
    assert len(list((project / "_build" / ".builds").iterdir())) == 1


def test_python_m_edition_is_the_same_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "edition", "--version"], capture_output=True, check=False
    )
    assert result.returncode == 0 and result.stdout.startswith(b"edition ")


@pytest.mark.parametrize(
    "arguments",
    [
        pytest.param(["validate", "--format", "yaml"], id="unknown-format"),
        pytest.param(["frobnicate"], id="unknown-command"),
        pytest.param(["build", "--jobs", "many"], id="bad-jobs"),
        pytest.param(["build", "--docs", "nowhere"], id="docs-not-a-sphinx-project"),
        pytest.param(["validate", "-q", "-v"], id="quiet-and-verbose"),
    ],
)
def test_usage_errors_exit_2_with_one_line(arguments: list[str]) -> None:
    result = edition(*arguments)
    assert result.returncode == 2, result.stderr
    assert b"Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith(b"edition")


def test_no_tei_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = edition("validate", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        b"edition validate: no FILE given and no TEI file in tei/; name the file to use"
    )


def _invalid_letter(folder: Path) -> Path:
    letter = folder / "letter.xml"
    letter.write_text(
        (ROOT / "tests" / "fixtures" / "letter.xml")
        .read_text("utf-8")
        .replace("</body>", "<p><madeUpThing/></p></body>", 1),
        "utf-8",
    )
    return letter


def test_validate_as_json_lists_every_file_and_problem(tmp_path: Path) -> None:
    letter = _invalid_letter(tmp_path)
    result = edition("validate", "--format", "json", str(EDITION_TEI), str(letter))
    assert result.returncode == 1
    reports = json.loads(result.stdout)
    assert [(r["path"], r["valid"]) for r in reports] == [
        (str(EDITION_TEI), True),
        (str(letter), False),
    ]
    assert reports[0]["paragraphs"] == 44 and reports[0]["interventions"] == 11
    problems = reports[1]["problems"]
    assert all(p["path"] == str(letter) and p["line"] > 1 and p["column"] >= 1 for p in problems)
    assert any("madeUpThing" in p["message"] for p in problems)
    assert b"validating 2/2" in result.stderr  # progress goes to standard error


def test_validate_for_github_writes_annotations(tmp_path: Path) -> None:
    letter = _invalid_letter(tmp_path)
    result = edition("validate", "--format", "github", str(letter))
    assert result.returncode == 1
    lines = result.stdout.decode("utf-8").splitlines()
    assert lines and all(line.startswith(f"::error file={letter},line=") for line in lines)
    assert all(",col=" in line and "::TEI: " in line for line in lines)


def test_quiet_says_nothing_when_all_is_well() -> None:
    result = edition("validate", "-q")
    assert result.returncode == 0
    assert result.stdout == result.stderr == b""


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        pytest.param(
            ["text", "-o", "/nonexistent/x.txt"],
            "edition text: /nonexistent/x.txt: No such file or directory; the folder does not "
            "exist: create it, or write elsewhere (-o)",
            id="text-into-a-missing-folder",
        ),
        pytest.param(
            ["text", "-o", "/"],
            "edition text: ",
            id="text-onto-a-folder",
        ),
        pytest.param(
            ["build", "-o", "README.md"],
            "README.md: exists and is not a folder; choose another output with -o",
            id="build-into-a-file",
        ),
    ],
)
def test_environment_errors_are_one_line_with_exit_1(arguments: list[str], expected: str) -> None:
    result = edition(*arguments)
    assert result.returncode == 1
    lines = result.stderr.decode("utf-8").strip().splitlines()
    assert "Traceback" not in result.stderr.decode("utf-8")
    assert lines[-1].startswith(expected), lines


@pytest.mark.slow
def test_parallel_build_gives_the_same_pages(tmp_path: Path) -> None:
    """--jobs passes -j to Sphinx; the extension says it is parallel-safe, so prove it."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "tei", project / "tei")
    shutil.copytree(ROOT / "docs", project / "docs")
    pages = {}
    for jobs in ("1", "2"):
        result = edition("build", "-q", "-j", jobs, "-o", f"out-{jobs}", cwd=project)
        assert result.returncode == 0, result.stderr
        site = project / f"out-{jobs}" / "html"
        pages[jobs] = {p.name: p.read_bytes() for p in site.glob("*.html")}
    assert pages["1"] == pages["2"] and len(pages["1"]) > 10

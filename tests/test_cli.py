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
    command = [executable] if executable else [sys.executable, "-m", "edition.cli"]
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
    ]
    assert len(rows) - 1 == len(as_json) > 0
    for row, entry in zip(rows[1:], as_json, strict=True):
        fields = row.split("\t")
        assert fields[0] == entry["id"] and fields[8] == entry["note"]


def test_generic_tei_letter_renders_and_warns_about_what_it_cannot() -> None:
    letter = ROOT / "tests" / "fixtures" / "letter.xml"
    result = edition("text", "--view", "reading", str(letter))
    assert result.returncode == 0
    assert result.stdout.decode("utf-8").splitlines()[0] == "London, 3 March 1897"
    assert b"[edition.unknown-element]" in result.stderr


@pytest.mark.slow
def test_build_writes_the_site_and_a_failed_build_keeps_the_previous_one(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "tei", project / "tei")
    shutil.copytree(ROOT / "docs", project / "docs")
    result = edition("build", cwd=project)
    assert result.returncode == 0, result.stderr
    site = project / "_build" / "html"
    assert (site / "reading.html").exists() and (site / "diplomatic.html").exists()
    downloads = site / "downloads"
    assert (project / "_build" / "pdf" / "kropotkin-1919.pdf").read_bytes()[:5] == b"%PDF-"
    assert sorted(p.name for p in downloads.iterdir()) == [
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
        ".doctrees",
        ".validated",
        "html",
        "pdf",
    ]

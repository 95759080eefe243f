"""The command line and its environment: a damaged file of ours, a schema that is not one, an
environment variable read as its user means it. Each is one line and a non-zero exit, never a
traceback; a damaged memo is only no memo."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from edition.validation import schema

from .helpers import EDITION_TEI, ROOT


def edition(
    *arguments: str, cwd: Path | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "edition", *arguments],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, **env},
        timeout=300,
        check=False,
    )


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    output = (result.stdout + result.stderr).strip()
    assert "Traceback" not in output, output
    lines = [line for line in output.splitlines() if not line.startswith("[")]
    assert len(lines) == 1, output
    return lines[0]


def test_a_list_of_released_ids_not_in_utf8_is_one_located_line(tmp_path: Path) -> None:
    listing = tmp_path / "ids.txt"
    listing.write_bytes(b"# ids\ncaf\xe9\n")
    result = edition("ids", str(EDITION_TEI), "--released", str(listing))
    assert result.returncode == 1
    assert one_line(result).endswith(f"{listing}:2:1: not UTF-8 (byte 10); save the list as UTF-8")


@pytest.mark.parametrize("memo", [b"\xff\xfe\x00", b"", b"not a digest"])
def test_a_damaged_validation_memo_is_no_memo(tmp_path: Path, memo: bytes) -> None:
    shutil.copytree(ROOT / "tei", tmp_path / "tei")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    (tmp_path / "_build").mkdir()
    (tmp_path / "_build" / ".validated").write_bytes(memo)
    result = edition("build", "-q", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")


SCHEMAS = {
    "a TEI file": (EDITION_TEI.read_text("utf-8"), "not a RELAX NG grammar (its root is <TEI>)"),
    "a schema including a URL": (
        '<grammar xmlns="http://relaxng.org/ns/structure/1.0">'
        '<include href="http://127.0.0.1:9/tei.rng"/></grammar>',
        "the schema includes 'http://127.0.0.1:9/tei.rng'; validation reads nothing",
    ),
    "a schema including a file from the root": (
        '<grammar xmlns="http://relaxng.org/ns/structure/1.0">'
        '<externalRef href="/etc/schema.rng"/></grammar>',
        "the schema includes '/etc/schema.rng'",
    ),
    "a schema that does not compile": (
        '<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start><ref name="nope"/></start>'
        "</grammar>",
        "not a RELAX NG schema lxml can compile: Reference nope has no matching definition",
    ),
    "not XML at all": ("this is not a schema", "cannot read the schema"),
}


@pytest.mark.parametrize("case", sorted(SCHEMAS))
def test_a_configured_schema_that_is_not_one_is_one_line(tmp_path: Path, case: str) -> None:
    text, said = SCHEMAS[case]
    configured = tmp_path / "schema.rng"
    configured.write_text(text, "utf-8")
    result = edition("validate", str(EDITION_TEI), EDITION_TEI_SCHEMA=str(configured))
    assert result.returncode == 1
    line = one_line(result)
    assert line.startswith(f"edition validate: {configured}") and said in line, line


OFFLINE_VALUES = [("", False), ("0", False), ("false", False), ("No", False), ("off", False)]
OFFLINE_VALUES += [("1", True), ("yes", True), ("true", True), ("anything", True)]


@pytest.mark.parametrize(("value", "offline"), OFFLINE_VALUES)
def test_edition_offline_is_read_as_meant(
    monkeypatch: pytest.MonkeyPatch, value: str, offline: bool
) -> None:
    monkeypatch.setenv(schema.OFFLINE_ENV, value)
    assert schema.offline() is offline


def test_a_damaged_cached_schema_is_said_to_be_damaged(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    damaged = cache / schema.cached_schema().name
    damaged.write_text("<grammar/>", "utf-8")
    result = edition(
        "validate", str(EDITION_TEI), EDITION_CACHE_DIR=str(cache), EDITION_OFFLINE="1"
    )
    assert result.returncode == 1
    line = one_line(result)
    assert f"the copy in {damaged} is damaged (its checksum differs)" in line
    assert "edition schema --fetch" in line

"""The output folder: `edition build` removes only what it made there, and one build at a time
writes into it. Whatever else is found where publishing would remove or replace a thing of its
own (a link to elsewhere, a folder of someone else's) stops the build in one line, untouched."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from edition.cmd.build import BuildRequest, build
from edition.cmd.progress import QUIET, Reporter

from .helpers import ROOT


def project(tmp_path: Path) -> Path:
    folder = tmp_path / "project"
    shutil.copytree(ROOT / "tei", folder / "tei")
    shutil.copytree(ROOT / "docs", folder / "docs")
    return folder


def run_build(folder: Path) -> tuple[int, str]:
    request = BuildRequest(
        (folder / "tei" / "kropotkin-1919.xml",), folder / "docs", folder / "_build"
    )
    said = io.StringIO()
    with redirect_stderr(said), redirect_stdout(io.StringIO()):
        status = build(request, Reporter(QUIET))
    return status, said.getvalue()


def precious(where: Path) -> Path:
    """A folder of someone else's, with what must survive every build."""
    where.mkdir(parents=True)
    (where / "thesis.txt").write_text("years of work", "utf-8")
    (where / "build-2019").mkdir()  # named like a build of ours, all the same not ours
    (where / "build-2019" / "notes.txt").write_text("more work", "utf-8")
    return where


def intact(where: Path) -> bool:
    return (where / "thesis.txt").read_text("utf-8") == "years of work" and (
        where / "build-2019" / "notes.txt"
    ).read_text("utf-8") == "more work"


def link(path: Path, target: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, path)


# Each: what a hostile or mistaken output folder holds, and what the one line must name.
REFUSED: dict[str, tuple[Callable[[Path, Path], None], str]] = {
    "site links outside": (lambda out, other: link(out / "site", other), "site: points to"),
    "site links outside by ..": (
        lambda out, other: link(out / "site", Path(".builds") / ".." / ".." / ".." / other.name),
        "site: points to",
    ),
    "site links to a build-named folder outside .builds": (
        lambda out, other: link(out / "site", other / "build-2019"),
        "site: points to",
    ),
    ".builds is a link": (lambda out, other: link(out / ".builds", other), ".builds: is a link"),
    "site is a folder": (
        lambda out, other: (out / "site").mkdir(parents=True),
        "site: is a folder",
    ),
    "html is someone's folder": (
        lambda out, other: link(out / "html" / "keep", other) or None,
        "html: is a folder",
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_folder_not_ours_stops_the_build_and_nothing_is_removed(
    tmp_path: Path, case: str
) -> None:
    folder = project(tmp_path)
    other = precious(tmp_path / "elsewhere")
    arrange, named = REFUSED[case]
    out = folder / "_build"
    arrange(out, other)
    status, said = run_build(folder)
    assert status == 1
    lines = said.strip().splitlines()
    assert len(lines) == 1 and named in lines[0] and "nothing" in lines[0], said
    assert intact(other)
    assert (
        not (out / ".builds").is_dir()
        or out.joinpath(".builds").is_symlink()
        or not any((out / ".builds").iterdir())
    ), "no build was started"


def test_links_and_folders_in_builds_that_are_not_builds_of_ours_are_left_alone(
    tmp_path: Path,
) -> None:
    """Leftovers are removed; a link named like one (to a folder elsewhere), a file, a folder
    of another name, a pending link that is a folder: none is touched, the build goes on."""
    folder = project(tmp_path)
    other = precious(tmp_path / "elsewhere")
    out = folder / "_build"
    leftover = out / ".builds" / "build-left"  # a killed build of ours
    leftover.mkdir(parents=True)
    link(out / ".builds" / "build-evil", other)
    (out / ".builds" / "README").write_text("mine", "utf-8")
    (out / ".site-999").mkdir()
    link(out / ".staging-1", other)
    status, said = run_build(folder)
    assert (status, said) == (0, "")
    assert intact(other)
    assert not leftover.exists()
    assert (out / ".builds" / "build-evil").is_symlink()
    assert (out / ".builds" / "README").read_text("utf-8") == "mine"
    assert (out / ".site-999").is_dir() and (out / ".staging-1").is_symlink()
    assert (out / "html" / "reading.html").is_file()
    # And the next build, with its own earlier build to replace, still leaves them alone.
    assert run_build(folder) == (0, "")
    assert intact(other) and (out / ".builds" / "build-evil").is_symlink()


def test_a_second_build_of_the_same_folder_at_the_same_time_stops_in_one_line(
    tmp_path: Path,
) -> None:
    folder = project(tmp_path)
    out = folder / "_build"
    command = [sys.executable, "-m", "edition", "build", "-q"]
    first = subprocess.Popen(command, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not (out / ".lock").is_file() or not (out / ".lock").read_text().strip():
        assert first.poll() is None and time.monotonic() < deadline, "the first never started"
        time.sleep(0.02)
    second = subprocess.run(command, cwd=folder, capture_output=True, text=True, check=False)
    assert second.returncode == 1
    lines = second.stderr.strip().splitlines()
    assert len(lines) == 1 and "another edition build is writing here" in lines[0], lines
    assert first.wait(timeout=120) == 0, first.stderr.read() if first.stderr else ""
    assert (out / "html" / "reading.html").is_file()
    assert (out / "pdf" / "kropotkin-1919.pdf").is_file()
    # Once the first is done, the folder is free again.
    assert subprocess.run(command, cwd=folder, capture_output=True, check=False).returncode == 0

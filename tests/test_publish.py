"""Atomic publishing: stopped at any step, by an exception or by SIGKILL, a build leaves the
whole previous site or the whole new one in place; the next build removes its leftovers."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from edition.cmd.build import BuildRequest, build
from edition.cmd.progress import QUIET, Reporter

from .helpers import ROOT

OLD, NEW = "plenty to say", "plenty-new to say"
STEPS = ("validated", "copied", "html", "built", "published")


class Stop(Exception):
    pass


def project(tmp_path: Path) -> Path:
    folder = tmp_path / "project"
    shutil.copytree(ROOT / "tei", folder / "tei")
    shutil.copytree(ROOT / "docs", folder / "docs")
    return folder


def request(folder: Path) -> BuildRequest:
    return BuildRequest(
        (folder / "tei" / "kropotkin-1919.xml",), folder / "docs", folder / "_build"
    )


def edit(folder: Path, old: str, new: str) -> None:
    source = folder / "tei" / "kropotkin-1919.xml"
    source.write_text(source.read_text("utf-8").replace(old, new, 1), "utf-8")


def published_text(out: Path) -> str:
    """Which text the site shows; fails unless HTML, downloads and PDF are one whole build."""
    reading = (out / "html" / "reading.html").read_text("utf-8")
    pdf = (out / "pdf" / "kropotkin-1919.pdf").read_bytes()
    assert pdf[:5] == b"%PDF-"
    assert (out / "html" / "downloads" / "kropotkin-1919.pdf").read_bytes() == pdf
    text = (out / "html" / "downloads" / "kropotkin-1919-reading.txt").read_text("utf-8")
    shown = {version for version in (OLD, NEW) if version in reading}
    assert len(shown) == 1, "the reading page shows one version of the text"
    (version,) = shown
    assert version in text, "the downloads belong to the same build as the pages"
    return version


def leftovers(out: Path) -> list[str]:
    builds = sorted(p.name for p in (out / ".builds").iterdir())
    stray = sorted(p.name for p in out.iterdir() if p.name.startswith((".site-", ".staging-")))
    return stray + (builds if len(builds) != 1 else [])


@pytest.mark.slow
def test_a_build_stopped_between_any_two_steps_leaves_a_whole_site(tmp_path: Path) -> None:
    folder = project(tmp_path)
    out = folder / "_build"
    assert build(request(folder), Reporter(QUIET)) == 0
    assert published_text(out) == OLD
    edit(folder, OLD, NEW)
    for step in STEPS:

        def stop(reached: str, at: str = step) -> None:
            if reached == at:
                raise Stop(at)

        with pytest.raises(Stop):
            build(request(folder), Reporter(QUIET), checkpoint=stop)
        expected = NEW if step == "published" else OLD
        assert published_text(out) == expected, step
    assert build(request(folder), Reporter(QUIET)) == 0
    assert published_text(out) == NEW
    assert leftovers(out) == []


@pytest.mark.slow
def test_a_build_killed_at_any_instant_leaves_a_whole_site(tmp_path: Path) -> None:
    folder = project(tmp_path)
    out = folder / "_build"
    command = [sys.executable, "-m", "edition", "build", "-q"]
    subprocess.run(command, cwd=folder, check=True, capture_output=True)
    versions = [OLD, NEW]
    seen = set()
    # Kills spread over a cold build's two seconds: validating, reading, writing, publishing.
    for round_number, delay in enumerate((0.2, 0.5, 0.8, 1.1, 1.4, 1.7, 2.0)):
        edit(folder, versions[round_number % 2], versions[(round_number + 1) % 2])
        process = subprocess.Popen(command, cwd=folder, stdout=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        seen.add(published_text(out))  # whichever build is in place, it is whole
    assert seen  # at least one state observed; usually both
    subprocess.run(command, cwd=folder, check=True, capture_output=True)
    assert leftovers(out) == []


def count_reads(monkeypatch: pytest.MonkeyPatch, source: Path) -> list[str]:
    """'parse' for each parse of source, 'convert' for each conversion, in this process."""
    from lxml import etree

    import edition.page.converted
    import edition.validation.validate

    seen: list[str] = []
    parse, to_nodes = etree.fromstring, edition.page.converted.to_nodes

    def counted_parse(text: bytes, parser: object = None, *, base_url: str | None = None) -> object:
        if base_url == str(source):
            seen.append("parse")
        return parse(text, parser, base_url=base_url)

    def counted_to_nodes(document: object, *args: object, **kwargs: object) -> object:
        seen.append("convert")
        return to_nodes(document, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(etree, "fromstring", counted_parse)
    monkeypatch.setattr(edition.page.converted, "to_nodes", counted_to_nodes)
    monkeypatch.setattr(edition.validation.validate, "to_nodes", counted_to_nodes)
    return seen


def forget_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if the next build ran in a new process: nothing parsed or converted in memory."""
    import edition.core.tei
    import edition.ext.domain

    monkeypatch.setattr(edition.core.tei, "_PARSED", edition.core.tei.Recent(16))
    monkeypatch.setattr(edition.ext.domain, "_CONVERTED", edition.core.tei.Recent(16))


def test_one_build_parses_and_converts_the_tei_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One parse shared by the validation memo, the validation, the release in conf.py's
    place and the pages; one conversion shared by every page, the ledger, the registers, the
    metadata, the downloads and the PDF. (benchmarks/build_figures.py prints the same.)"""
    folder = project(tmp_path)
    forget_this_process(monkeypatch)
    seen = count_reads(monkeypatch, folder / "tei" / "kropotkin-1919.xml")
    assert build(request(folder), Reporter(QUIET)) == 0
    assert (seen.count("parse"), seen.count("convert")) == (1, 1)


def test_an_unchanged_tei_file_is_not_converted_again_in_the_next_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page of the project edited, the TEI not: the next build, in a new process, takes the
    conversion the last one stored beside the doctrees; the TEI is read for its header only."""
    folder = project(tmp_path)
    assert build(request(folder), Reporter(QUIET)) == 0
    page = folder / "docs" / "introduction.rst"
    page.write_text(page.read_text("utf-8") + "\nOne more sentence.\n", "utf-8")
    forget_this_process(monkeypatch)
    seen = count_reads(monkeypatch, folder / "tei" / "kropotkin-1919.xml")
    assert build(request(folder), Reporter(QUIET)) == 0
    assert seen.count("convert") == 0
    assert seen.count("parse") <= 1
    assert "One more sentence." in (folder / "_build" / "html" / "introduction.html").read_text()


def test_a_build_with_nothing_changed_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The published build is kept as it is while nothing it is made of changed: the TEI, the
    Sphinx project, the files beside the TEI, the installed packages, the PDF's date."""
    folder = project(tmp_path)
    out = folder / "_build"
    assert build(request(folder), Reporter(QUIET)) == 0
    first = (out / "site").resolve()
    stamp = (first / "html" / "reading.html").stat().st_mtime_ns
    assert build(request(folder), Reporter(QUIET)) == 0
    assert (out / "site").resolve() == first
    assert (first / "html" / "reading.html").stat().st_mtime_ns == stamp
    assert sorted(p.name for p in (out / ".builds").iterdir()) == [first.name]
    changes = [
        lambda: (folder / "docs" / "index.rst").write_text(
            (folder / "docs" / "index.rst").read_text("utf-8") + "\n", "utf-8"
        ),
        lambda: (folder / "tei" / "released-ids.txt").write_text(
            (folder / "tei" / "released-ids.txt").read_text("utf-8") + "# a comment\n", "utf-8"
        ),
        lambda: monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764460800"),
    ]
    for change in changes:
        before = (out / "site").resolve()
        change()
        assert build(request(folder), Reporter(QUIET)) == 0
        assert (out / "site").resolve() != before, "a change is built and published"

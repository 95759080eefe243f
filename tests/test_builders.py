"""Other Sphinx builders than the web site's: the EPUB is a well-formed book that epubcheck
accepts, with no downloads folder packed into it."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from lxml import etree

from .helpers import ROOT

EPUBCHECK = Path("/usr/share/java/epubcheck.jar")


def test_the_epub_is_well_formed_and_epubcheck_accepts_it(tmp_path: Path) -> None:
    from sphinx.cmd.build import build_main

    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    shutil.copytree(ROOT / "tei", tmp_path / "tei")
    said = io.StringIO()
    with redirect_stderr(said), redirect_stdout(io.StringIO()):
        status = build_main(
            ["-q", "-W", "-b", "epub", "-d", str(tmp_path / "doctrees"),
             str(tmp_path / "docs"), str(tmp_path / "epub")]
        )  # fmt: skip
    assert status == 0, said.getvalue()  # -W: no unknown-mimetype warning for downloads/
    (book,) = (tmp_path / "epub").glob("*.epub")
    with zipfile.ZipFile(book) as packed:
        names = packed.namelist()
        assert names[0] == "mimetype"
        assert not any(n.startswith(("downloads/", "_cite/")) for n in names), names
        for name in (n for n in names if n.endswith(".xhtml")):
            etree.fromstring(packed.read(name))  # XHTML: every <meta> and <link> closed
        css = packed.read("_static/edition.css").decode("utf-8")
        assert ":has(" not in css and "/*" not in css
    java = shutil.which("java")
    if java is None or not EPUBCHECK.is_file():
        pytest.skip("epubcheck needs Java and Debian's epubcheck (bash .ci/run installs both)")
    done = subprocess.run(
        [java, "-jar", str(EPUBCHECK), str(book)], capture_output=True, text=True, check=False
    )
    report = done.stdout + done.stderr
    assert done.returncode == 0 and "0 fatals / 0 errors" in report, report[-3000:]


def test_singlehtml_links_lead_to_their_anchors(tmp_path: Path) -> None:
    """On the one page of singlehtml each page's address is a fragment of it ("#document-
    persons"): the edition's links and citations lead to the anchor alone, never to a
    fragment glued to another."""
    import re

    from sphinx.cmd.build import build_main

    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    shutil.copytree(ROOT / "tei", tmp_path / "tei")
    with redirect_stderr(io.StringIO()), redirect_stdout(io.StringIO()):
        status = build_main(
            ["-q", "-b", "singlehtml", "-d", str(tmp_path / "doctrees"),
             str(tmp_path / "docs"), str(tmp_path / "single")]
        )  # fmt: skip
    assert status == 0
    page = (tmp_path / "single" / "index.html").read_text("utf-8")
    ids = set(re.findall(r'\sid="([^"]+)"', page))
    fragments = re.findall(r'href="#([^"]+)"', page)
    assert fragments and [f for f in fragments if f not in ids] == []
    assert not re.search(r'href="[^"]*#[^"#]*#', page)  # no two fragments in one address

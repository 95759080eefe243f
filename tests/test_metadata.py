"""One version, one date: Sphinx's release, the PDF and CITATION.cff say what the TEI header
says, and CITATION.cff is valid as cffconvert (the format's own validator) reads it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from edition.core import header, release, tei

from .helpers import EDITION_TEI, ROOT

CFFCONVERT = "cffconvert==2.0.0"


def test_citation_cff_is_the_tei_headers() -> None:
    committed = (ROOT / "CITATION.cff").read_text("utf-8")
    assert committed == release.citation_cff(tei.load(EDITION_TEI)), (
        "CITATION.cff differs from the TEI header: run `edition cff tei/kropotkin-1919.xml "
        "-o CITATION.cff`"
    )
    page = header.title_page(tei.load(EDITION_TEI))
    assert f'version: "{page.version}"' in committed
    assert f'date-released: "{page.version_iso}"' in committed
    assert '- family-names: "Kropotkin"\n      given-names: "Peter"' in committed


@pytest.fixture(scope="session")
def cffconvert() -> Path:
    """cffconvert in an environment of its own: it pins jsonschema 3.2, which the tests'
    own environment must not be made to share."""
    cache = Path(os.environ.get("EDITION_CACHE_DIR") or Path.home() / ".cache" / "tei-edition")
    environment = cache / "cffconvert-venv"
    program = environment / "bin" / "cffconvert"
    if not program.exists():
        venv.create(environment, with_pip=True, clear=True)
        done = subprocess.run(
            [str(environment / "bin" / "python"), "-m", "pip", "install", "-q", CFFCONVERT],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            pytest.skip(f"cannot install {CFFCONVERT} (no package index?): {done.stderr[-300:]}")
    return program


@pytest.mark.slow
def test_citation_cff_is_valid_cff(cffconvert: Path) -> None:
    done = subprocess.run(
        [str(cffconvert), "--validate", "--infile", str(ROOT / "CITATION.cff")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _project(tmp_path: Path, conf: str) -> SphinxTestApp:
    source = tmp_path / "src"
    source.mkdir()
    (source / "letter.xml").write_bytes(EDITION_TEI.read_bytes())
    (source / "conf.py").write_text(
        "extensions = ['edition']\nedition_source = 'letter.xml'\n"
        f"html_baseurl = 'https://example.org/edition/'\n{conf}"
    )
    (source / "index.rst").write_text("Test\n====\n\nVersion |release|, |today|.\n")
    app = SphinxTestApp("html", srcdir=source, builddir=tmp_path / "out")
    app.build()
    return app


def test_sphinx_release_and_date_are_the_tei_headers(tmp_path: Path) -> None:
    page = header.title_page(tei.load(EDITION_TEI))
    app = _project(tmp_path, "")
    try:
        assert app.warning.getvalue() == ""
        assert (app.config.release, app.config.today) == (page.version, page.version_date)
        html = (Path(app.outdir) / "index.html").read_text("utf-8")
        assert f"Version {page.version}, {page.version_date}." in html
        options = (Path(app.outdir) / "_static" / "documentation_options.js").read_text("utf-8")
        assert re.search(rf"VERSION:\s*'{re.escape(page.version)}'", options)
    finally:
        app.cleanup()


def test_a_release_in_conf_py_that_disagrees_is_reported_and_overruled(tmp_path: Path) -> None:
    app = _project(tmp_path, "release = '9.9.9'\n")
    try:
        assert "[edition.version]" in app.warning.getvalue()
        assert app.config.release == header.title_page(tei.load(EDITION_TEI)).version
    finally:
        app.cleanup()


def test_the_editions_conf_py_states_no_version() -> None:
    conf = (ROOT / "docs" / "conf.py").read_text("utf-8")
    assert not re.search(r"^\s*(release|version)\s*=", conf, re.M)


def test_the_pdf_states_the_headers_version(tmp_path: Path) -> None:
    """The Typst source's title page call carries the header's version and date."""
    from sphinx.cmd.build import build_main

    page = header.title_page(tei.load(EDITION_TEI))
    work = tmp_path / "work"
    (work / "tei").mkdir(parents=True)
    (work / "tei" / "kropotkin-1919.xml").write_bytes(EDITION_TEI.read_bytes())
    (work / "tei" / "edition.sch").write_bytes((ROOT / "tei" / "edition.sch").read_bytes())
    source = work / "docs"
    source.mkdir()
    (source / "conf.py").write_text(
        "extensions = ['edition']\nedition_source = '../tei/kropotkin-1919.xml'\n"
        "html_baseurl = 'https://example.org/edition/'\n"
    )
    (source / "index.rst").write_text("Test\n====\n\nText.\n")
    out = work / "pdf"
    assert build_main(["-q", "-b", "tei-typst", str(source), str(out)]) == 0
    typ = (out / "edition.typ").read_text("utf-8")
    assert f'version: "{page.version}"' in typ
    assert f'version-date: "{page.version_date}"' in typ
    # The citation on the title page: version, date and the site's address (the publisher
    # is the editor already named, and is not said twice).
    (cited,) = re.findall(r'citation: "([^"]*)"', typ)
    assert page.publisher == page.editors[0]
    assert f"version {page.version} ({page.version_date})" in cited
    assert cited.endswith(", https://example.org/edition/index.html.")


def test_cff_command_writes_what_the_test_compares(tmp_path: Path) -> None:
    out = tmp_path / "CITATION.cff"
    subprocess.run(
        [sys.executable, "-m", "edition", "cff", str(EDITION_TEI), "-o", str(out)], check=True
    )
    assert out.read_text("utf-8") == (ROOT / "CITATION.cff").read_text("utf-8")


# -- ids that never break ------------------------------------------------------------------
RELEASED_LETTER = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader><fileDesc><titleStmt><title>A letter</title></titleStmt>
    <editionStmt><edition n="1.1.0">Version 1.1.0, <date when="2026-11-30">30 November
      2026</date></edition></editionStmt>
    <publicationStmt><p>test</p></publicationStmt><sourceDesc><p>test</p></sourceDesc>
  </fileDesc></teiHeader>
  <text><body>
    <p xml:id="p1">First paragraph.</p>
    {second}
  </body></text>
</TEI>
"""


def _released_project(tmp_path: Path, second: str) -> tuple[Path, SphinxTestApp]:
    source = _released_sources(tmp_path, second)
    return source, SphinxTestApp("html", srcdir=source, builddir=tmp_path / "out")


def _released_sources(tmp_path: Path, second: str) -> Path:
    source = tmp_path / "src"
    source.mkdir()
    (source / "letter.xml").write_text(RELEASED_LETTER.format(second=second), encoding="utf-8")
    (source / "released-ids.txt").write_text("# version 1.0.0\np1\np2\n", encoding="utf-8")
    (source / "conf.py").write_text(
        "extensions = ['edition']\nedition_source = 'letter.xml'\n"
        "edition_released_ids = 'released-ids.txt'\nhtml_baseurl = 'https://example.org/'\n"
    )
    (source / "index.rst").write_text("Text\n====\n\n.. tei-edition:: letter.xml\n")
    return source


def test_a_released_id_that_disappears_stops_the_build_naming_it(tmp_path: Path) -> None:
    # In a process of its own: a Sphinx that stops while starting leaves its registrations
    # behind in this one.
    source = _released_sources(tmp_path, '<p xml:id="p2-renamed">Second paragraph.</p>')
    built = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(source), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode != 0
    assert "'p2' was released and is no longer in" in built.stderr
    assert 'put <anchor xml:id="p2" type="retired"/>' in built.stderr
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "edition",
            "ids",
            str(tmp_path / "src" / "letter.xml"),
            "--released",
            str(tmp_path / "src" / "released-ids.txt"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1 and "released id 'p2' no longer exists" in done.stderr


def test_a_retired_id_still_lands_on_its_paragraph(tmp_path: Path) -> None:
    from lxml import html

    _, app = _released_project(
        tmp_path,
        '<p xml:id="p2-renamed"><anchor xml:id="p2" type="retired"/>Second paragraph.</p>',
    )
    try:
        app.build()
        assert app.warning.getvalue() == ""
        page = html.parse(str(Path(app.outdir) / "index.html"))
        landing = page.xpath('//*[@id="p2"]')
        assert len(landing) == 1
        assert landing[0].xpath("ancestor::p/@id") == ["p2-renamed"]
    finally:
        app.cleanup()


def test_every_id_of_the_edition_is_released() -> None:
    listed = release.read_released(ROOT / "tei" / "released-ids.txt")
    document = tei.load(EDITION_TEI)
    assert release.missing_released(document, listed) == []
    assert set(release.all_ids(document)) <= set(listed), "run `edition ids --update`"


def test_ids_added_before_a_version_is_out_go_under_its_one_heading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from edition.cmd import cli

    source = _released_sources(tmp_path, '<p xml:id="p2">Second.</p><p xml:id="p3">Third.</p>')
    letter, listing = source / "letter.xml", source / "released-ids.txt"
    update = ["ids", "--update", str(letter), "--released", str(listing)]
    assert cli.main(update) == 0
    text = letter.read_text("utf-8")
    letter.write_text(text.replace("</body>", '<p xml:id="p4">Fourth.</p></body>'), "utf-8")
    assert cli.main(update) == 0
    capsys.readouterr()
    assert listing.read_text("utf-8") == "# version 1.0.0\np1\np2\n# version 1.1.0\np3\np4\n"

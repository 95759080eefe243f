"""A document must never reach the page's code: hostile header fields (a title that opens an
HTML comment or closes the script, line separators, a licence that is a javascript: URL) go
into every page's head as data only, and validate names what the build would not publish."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import redirect_stderr
from pathlib import Path

import pytest
from lxml import html
from sphinx.cmd.build import build_main

from .helpers import ROOT

TITLES = [
    "A letter <!--<script>",
    "Closed </script><script>alert(1)</script>",
    "Comment end --> and <!-- again",
    "Ampersand &amp; <b>bold</b> and \u2028 and \u2029",
]
LICENCE = "javascript:alert(document.cookie)"


def hostile_letter(title: str) -> str:
    source = (ROOT / "tests" / "roots" / "test-letter" / "letter.xml").read_text("utf-8")
    escaped = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    source = source.replace(
        "<title>A letter from another project</title>", f"<title>{escaped}</title>"
    )
    return source.replace(
        "<publicationStmt><p>Test fixture: a TEI letter that is not part of this edition.</p>",
        f'<publicationStmt><availability><licence target="{LICENCE}">Free</licence></availability>',
    )


@pytest.fixture(scope="module", params=range(len(TITLES)), ids=lambda i: f"title{i}")
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Path]]:
    title = TITLES[request.param]
    work = tmp_path_factory.mktemp("hostile-head")
    shutil.copytree(ROOT / "tests" / "roots" / "test-letter", work / "src")
    (work / "src" / "letter.xml").write_text(hostile_letter(title), "utf-8")
    conf = work / "src" / "conf.py"
    conf.write_text(
        conf.read_text("utf-8")
        + '\nedition_source = "letter.xml"\nsuppress_warnings = ["edition.baseurl"]\n',
        "utf-8",
    )
    errors = io.StringIO()
    with redirect_stderr(errors):
        status = build_main(["-q", "-b", "html", str(work / "src"), str(work / "html")])
    assert status == 0, errors.getvalue()
    yield title, work


def pages(work: Path) -> list[Path]:
    found = sorted((work / "html").glob("*.html"))
    assert len(found) >= 3
    return found


def test_every_script_holds_the_titles_as_data_only(site: tuple[str, Path]) -> None:
    title, work = site
    for page in pages(work):
        source = page.read_text("utf-8")
        tree = html.fromstring(source)
        for script in tree.xpath("//script[@type='application/ld+json']"):
            text = script.text or ""
            assert not set(text) & {"<", ">", "&", "\u2028", "\u2029"}, page.name
            data = json.loads(text)
            (book,) = [node for node in data["@graph"] if node["@type"] == "Book"]
            assert book["name"].startswith(title), book["name"]  # read back as written
        # The page's own head is whole: its title, stylesheets and scripts are elements.
        assert tree.xpath("//head/title") and tree.xpath("//head/link[@rel='stylesheet']")
        assert all("alert(1)" not in (s.text or "") for s in tree.xpath("//script[not(@type)]"))


def test_a_javascript_licence_is_published_nowhere(site: tuple[str, Path]) -> None:
    _title, work = site
    for page in pages(work):
        source = page.read_text("utf-8")
        assert "javascript:" not in source, page.name
        tree = html.fromstring(source)
        assert not tree.xpath("//link[@rel='license']")


def test_validate_names_the_licence_the_build_would_not_publish(
    site: tuple[str, Path],
) -> None:
    _title, work = site
    result = subprocess.run(
        [sys.executable, "-m", "edition", "validate", str(work / "src" / "letter.xml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if "<licence target>" in line]
    assert len(lines) == 1 and '"javascript:" links are never published' in lines[0]
    assert lines[0].startswith(f"{work / 'src' / 'letter.xml'}:")


def test_a_browser_reads_every_page_head_whole(site: tuple[str, Path]) -> None:
    """What only a browser shows: its parser, not ours, finds the title and the stylesheets,
    and no script of the document runs."""
    playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright missing")
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        pytest.skip(f"{chromium} not found: install Debian's chromium (bash .ci/run does)")
    _title, work = site
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium), args=["--no-sandbox", "--disable-gpu"]
        )
        dialogs: list[str] = []  # an alert() the document's text made run would land here
        try:
            for page_file in pages(work):
                page = browser.new_page()
                page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
                page.goto(page_file.as_uri())
                page.wait_for_load_state("load")
                assert page.evaluate("document.styleSheets.length") >= 2, page_file.name
                assert page.evaluate("document.querySelectorAll('head > title').length") == 1
                scripts = page.evaluate(
                    "[...document.querySelectorAll('script[type=\"application/ld+json\"]')]"
                    ".flatMap(s => JSON.parse(s.textContent)['@graph'].map(n => n['@type']))"
                )
                assert "Book" in scripts and set(scripts) <= {"Book", "Chapter", "WebPage"}
                assert dialogs == []
                page.close()
        finally:
            browser.close()


def test_a_word_longer_than_a_phone_leaves_the_page_as_wide_as_the_phone(tmp_path: Path) -> None:
    playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright missing")
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        pytest.skip(f"{chromium} not found: install Debian's chromium (bash .ci/run does)")
    source = tmp_path / "src"
    shutil.copytree(ROOT / "tests" / "roots" / "test-letter", source)
    letter = source / "letter.xml"
    letter.write_text(letter.read_text("utf-8").replace("in haste", "in " + "x" * 10_000))
    assert build_main(["-q", "-b", "html", str(source), str(tmp_path / "html")]) == 0
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium), args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            for name in ("reading", "diplomatic"):
                page = browser.new_page(viewport={"width": 360, "height": 740})
                page.goto((tmp_path / "html" / f"{name}.html").as_uri())
                page.wait_for_load_state("load")
                assert page.evaluate("document.documentElement.scrollWidth") <= 361, name
                page.close()
        finally:
            browser.close()

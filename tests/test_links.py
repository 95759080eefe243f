"""A link checker over the built edition: every internal link and fragment lands on a file and
an id that exist, and no page carries a javascript:, data:, vbscript: or file: link."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from lxml import html

UNSAFE = ("javascript:", "data:", "vbscript:", "file:")
LINKING = {
    "a": "href",
    "link": "href",
    "area": "href",
    "script": "src",
    "img": "src",
    "iframe": "src",
    "form": "action",
}


@pytest.fixture(scope="module")
def site(published: Path) -> Path:
    return published / "html"


def targets(site: Path) -> dict[Path, set[str]]:
    """Every page of the site with the ids (and anchor names) it holds."""
    found = {}
    for page in site.rglob("*.html"):
        tree = html.parse(str(page))
        found[page.resolve()] = {e.get("id") for e in tree.iter() if e.get("id")} | {
            e.get("name") for e in tree.iter("a") if e.get("name")
        }
    return found


def test_every_internal_link_and_fragment_resolves(site: Path) -> None:
    pages = targets(site)
    broken, unsafe, checked = [], [], 0
    for page in pages:
        tree = html.parse(str(page))
        for element in tree.iter(*LINKING):
            value = (element.get(LINKING[element.tag]) or "").strip()
            if not value:
                continue
            if value.lower().startswith(UNSAFE):
                unsafe.append((page.name, value[:60]))
                continue
            parts = urlsplit(value)
            if parts.scheme in ("http", "https", "mailto"):
                continue  # the web is not this test's to check
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            checked += 1
            if not target.exists():
                broken.append((page.name, value, "no such file"))
            elif (
                parts.fragment
                and target.suffix == ".html"
                and unquote(parts.fragment) not in pages.get(target, set())
            ):
                broken.append((page.name, value, "no such id"))
    assert unsafe == []
    assert broken == []
    assert checked > 500  # the reading text alone links every note, mention and locus


def test_every_citation_link_leads_to_its_paragraph(published: Path) -> None:
    """The link a reader copies from a paragraph's citation (its href) pins the paragraph as
    its text does: a relative URL keeps its fragment, and the fragment names an element of the
    page it leads to. (Sphinx's relative_uri drops fragments: every href lost it.)"""
    site = published / "html"
    links = html.parse(str(site / "cite.html")).xpath('//a[contains(@class, "tei-cite-url")]')
    pinned = [a for a in links if "#" in a.text_content()]
    assert len(pinned) >= 3 * 35, "each paragraph in each style"
    pages: dict[str, html.HtmlElement] = {}
    for link in pinned:
        href, shown = link.get("href"), link.text_content()
        assert "#" in href and href.partition("#")[2] == shown.partition("#")[2], (href, shown)
        page, _, fragment = href.partition("#")
        if page not in pages:
            pages[page] = html.parse(str(site / page)).getroot()
        assert pages[page].xpath(f'//*[@id="{fragment}"]'), href

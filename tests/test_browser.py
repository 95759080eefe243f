"""What only a browser shows: layout at two widths, notes, permalinks, view switching.

Runs Debian's chromium through Playwright against the built site on 127.0.0.1; screenshots go
to tests/artifacts/ for a person to look at."""

from __future__ import annotations

import contextlib
import functools
import http.server
import itertools
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from .helpers import ROOT

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
if not CHROMIUM.exists():
    pytest.skip(
        f"{CHROMIUM} not found: install Debian's chromium (bash .ci/run does)",
        allow_module_level=True,
    )


@contextlib.contextmanager
def built_site(work: Path, *settings: str) -> Iterator[str]:
    """Build the edition as readers get it (sphinx.testing would swap the theme for "basic"),
    with its PDF beside the pages as `edition build` makes it and `-D name=value` settings
    (another theme), and serve it."""
    from sphinx.cmd.build import build_main

    shutil.copytree(ROOT / "docs", work / "docs")
    shutil.copytree(ROOT / "tei", work / "tei")
    settings = (f"edition_pdf_alongside={work / 'pdf'}", *settings)
    overrides = [argument for setting in settings for argument in ("-D", setting)]
    arguments = ["-W", "-q", "-b", "html", *overrides, str(work / "docs"), str(work / "html")]
    assert build_main(arguments) == 0
    with served(work / "html") as url:
        yield url


@contextlib.contextmanager
def served(html_folder: Path) -> Iterator[str]:
    """A built site served on 127.0.0.1, as readers get it."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(html_folder))
    handler.log_message = lambda *args: None  # type: ignore[assignment,method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@pytest.fixture(scope="module")
def site(published: Path) -> Iterator[str]:
    """The session's build of the edition (conftest), with its PDF beside the pages."""
    with served(published / "html") as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield launched
        launched.close()


def attribute(tag: str, name: str) -> str:
    found = re.search(rf'\s{name}="([^"]*)"', tag)
    return found.group(1) if found else ""


def open_page(
    browser: object, url: str, viewport: dict[str, int], color_scheme: str = "light"
) -> object:
    page = browser.new_page(viewport=viewport, color_scheme=color_scheme)  # type: ignore[attr-defined]
    page.goto(url)
    page.wait_for_load_state("load")
    return page


def shot(page: object, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))  # type: ignore[attr-defined]


def box(page: object, selector: str) -> dict[str, float]:
    found = page.locator(selector).bounding_box()  # type: ignore[attr-defined]
    assert found is not None, f"{selector} is not displayed"
    return found  # type: ignore[no-any-return]


def test_side_by_side_has_two_columns_on_a_desktop(browser: object, site: str) -> None:
    page = open_page(browser, f"{site}/synoptic.html#msg-p02", DESKTOP)
    shot(page, "synoptic-desktop")
    left = box(page, "#msg-p02 .tei-cell-diplomatic")
    right = box(page, "#msg-p02 .tei-cell-reading")
    assert left["x"] + left["width"] <= right["x"]
    assert abs(left["y"] - right["y"]) < 2
    assert not page.locator(".tei-synoptic-toggle").is_visible()  # type: ignore[attr-defined]


def test_side_by_side_is_one_column_with_a_toggle_on_a_phone(browser: object, site: str) -> None:
    page = open_page(browser, f"{site}/synoptic.html#msg-p02", PHONE)
    reading = page.locator("#msg-p02 .tei-cell-reading")  # type: ignore[attr-defined]
    witness = page.locator("#msg-p02 .tei-cell-diplomatic")  # type: ignore[attr-defined]
    assert reading.is_visible() and not witness.is_visible()
    assert box(page, "#msg-p02 .tei-cell-reading")["width"] > PHONE["width"] * 0.7
    shot(page, "synoptic-phone-reading")
    page.get_by_text("Witness (diplomatic)").first.click()  # type: ignore[attr-defined]
    assert witness.is_visible() and not reading.is_visible()
    shot(page, "synoptic-phone-witness")


def test_without_javascript_a_cue_leads_to_its_note_after_the_text(
    browser: object, site: str
) -> None:
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(f"{site}/reading.html")
    reference = page.locator("#msg-p01 a.footnote-reference").first  # type: ignore[attr-defined]
    target = reference.get_attribute("href")
    reference.focus()
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    page.wait_for_url(f"**/reading.html{target}")  # type: ignore[attr-defined]
    note = page.locator(target)  # type: ignore[attr-defined]
    assert note.is_visible() and "say an learn" in note.inner_text()
    assert 0 <= box(page, target)["y"] < DESKTOP["height"] / 2
    shot(page, "reading-note")
    context.close()


def top_is_in_view(page: object, selector: str) -> bool:
    """The element starts near the top of the window and not under the sticky view switcher."""
    bar = box(page, ".tei-view-switcher")
    return bar["y"] + bar["height"] - 1 <= box(page, selector)["y"] < 120


def test_the_reading_text_can_show_the_witness_readings_in_place(
    browser: object, site: str
) -> None:
    page = open_page(browser, f"{site}/reading.html#msg-p01", DESKTOP)
    witness = page.locator("#msg-p01 .tei-witness-reading").first  # type: ignore[attr-defined]
    assert not witness.is_visible()
    page.get_by_text("Show the witness\u2019s readings in place").first.click()  # type: ignore[attr-defined]
    assert witness.is_visible() and witness.inner_text() == "an"
    style = "e => getComputedStyle(e).textDecorationLine + ' ' + getComputedStyle(e).fontStyle"
    assert witness.evaluate(style) == "line-through normal"
    omitted = page.locator(".tei-om").first  # type: ignore[attr-defined]
    assert omitted.inner_text() == "om." and omitted.evaluate(style) == "none italic"
    shot(page, "reading-witness-shown")


def test_a_permalink_scrolls_to_its_paragraph(browser: object, site: str) -> None:
    page = open_page(browser, f"{site}/reading.html#wtd-p10", DESKTOP)
    assert top_is_in_view(page, "#wtd-p10")
    locus = page.locator("#wtd-p10 a.tei-locus")  # type: ignore[attr-defined]
    assert locus.inner_text() == "§10" and locus.get_attribute("href") == "#wtd-p10"
    shot(page, "reading-permalink")


def test_switching_views_keeps_the_paragraph(browser: object, site: str) -> None:
    page = open_page(browser, f"{site}/reading.html#msg-p12", DESKTOP)
    page.locator(".tei-view-switcher a", has_text="Diplomatic").click()  # type: ignore[attr-defined]
    page.wait_for_url("**/diplomatic.html#msg-p12")  # type: ignore[attr-defined]
    assert top_is_in_view(page, "#msg-p12")
    shot(page, "diplomatic-after-switch")


PAGES = [
    "index",
    "introduction",
    "reading",
    "diplomatic",
    "synoptic",
    "emendations",
    "persons",
    "places",
    "organisations",
    "events",
    "sources",
    "principles",
    "bibliography",
    "history",
]


@pytest.mark.parametrize("page_name", [*PAGES, "cite", "downloads"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_no_accessibility_violations(
    browser: object, site: str, page_name: str, viewport: dict[str, int]
) -> None:
    """axe's rules at every impact, heading order and landmarks included."""
    axe_api = pytest.importorskip("axe_playwright_python.sync_playwright")
    page = open_page(browser, f"{site}/{page_name}.html", viewport)
    violations = axe_api.Axe().run(page).response["violations"]
    found = [(v["id"], v["impact"], [n["html"][:80] for n in v["nodes"][:3]]) for v in violations]
    assert found == []


NARROW_PHONE = {"width": 360, "height": 740}


def page_width(page: object) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))  # type: ignore[attr-defined]


def test_no_page_is_wider_than_a_360px_phone(browser: object, site: str) -> None:
    wide = {}
    for name in PAGES:
        page = open_page(browser, f"{site}/{name}.html", NARROW_PHONE)
        if page_width(page) > NARROW_PHONE["width"]:
            wide[name] = page_width(page)
    assert wide == {}
    page = open_page(browser, f"{site}/reading.html", NARROW_PHONE)
    page.locator("a.tei-register-link").nth(3).focus()  # type: ignore[attr-defined]
    shot(page, "reading-phone-gloss")
    assert page_width(page) <= NARROW_PHONE["width"]  # an open gloss does not widen the page


def test_a_phone_gets_the_texts_first_and_each_option_beside_its_label(
    browser: object, site: str
) -> None:
    page = open_page(browser, f"{site}/reading.html", NARROW_PHONE)
    # The contents name the two texts, not their notes, so the text starts on the first screen.
    assert page.locator(".tei-page-contents > ul > li").count() == 2  # type: ignore[attr-defined]
    assert not page.locator(".tei-page-contents ul ul").first.is_visible()  # type: ignore[attr-defined]
    for option in page.locator(".tei-reading-options input").all():  # type: ignore[attr-defined]
        label = page.locator(f"label[for='{option.get_attribute('id')}']")  # type: ignore[attr-defined]
        check, words = option.bounding_box(), label.bounding_box()
        assert check["y"] < words["y"] + words["height"] / 2 < check["y"] + 2 * check["height"]
        assert check["x"] < words["x"]
    shot(page, "reading-phone-top")


def test_the_ledger_on_a_phone_is_a_card_a_row_with_every_value_named(
    browser: object, site: str
) -> None:
    """Six columns were 689 px in a 300 px box: on a phone each row is a card as wide as the
    text, every value under its column's name, nothing to scroll sideways."""
    page = open_page(browser, f"{site}/emendations.html", NARROW_PHONE)
    box = page.evaluate(  # type: ignore[attr-defined]
        "(() => { const s = document.querySelector('.tei-scroll'); "
        "return [s.scrollWidth, s.clientWidth]; })()"
    )
    assert box[0] <= box[1], box
    cards = page.evaluate(  # type: ignore[attr-defined]
        "[...document.querySelectorAll('table.tei-ledger tbody tr')].map(r => ["
        "r.getBoundingClientRect().width, r.getBoundingClientRect().height,"
        "[...r.cells].slice(1).map(c => getComputedStyle(c, '::before').content)])"
    )
    assert len(cards) == 11
    for width, height, labels in cards:
        assert width <= 300 and height < NARROW_PHONE["height"], (width, height)
        assert labels == [
            '"Edited text: "', '"Witness: "', '"Type: "', '"Certainty: "', '"Note: "'
        ]  # fmt: skip
    assert page_width(page) <= NARROW_PHONE["width"]
    shot(page, "emendations-phone")


def test_printing_from_the_browser_leaves_out_the_controls(browser: object, site: str) -> None:
    page = open_page(browser, f"{site}/synoptic.html#msg-p02", NARROW_PHONE)
    page.emulate_media(media="print")  # type: ignore[attr-defined]
    assert not page.locator(".tei-view-switcher").is_visible()  # type: ignore[attr-defined]
    assert not page.locator(".tei-synoptic-toggle").is_visible()  # type: ignore[attr-defined]
    # On paper both columns are printed, whatever the phone's toggle said.
    assert page.locator("#msg-p02 .tei-cell-diplomatic").is_visible()  # type: ignore[attr-defined]
    assert page.locator("#msg-p02 .tei-cell-reading").is_visible()  # type: ignore[attr-defined]
    reading = open_page(browser, f"{site}/reading.html", DESKTOP)
    reading.emulate_media(media="print")  # type: ignore[attr-defined]
    assert not reading.locator(".tei-reading-options").is_visible()  # type: ignore[attr-defined]


def test_interventions_and_names_are_marked_differently_and_a_target_stands_out(
    browser: object, site: str
) -> None:
    page = open_page(browser, f"{site}/reading.html#msg-p02", DESKTOP)
    intervention = page.evaluate(  # type: ignore[attr-defined]
        "getComputedStyle(document.querySelector('#msg-p02 .tei-choice')).borderBottomStyle"
    )
    name = page.evaluate(  # type: ignore[attr-defined]
        "getComputedStyle(document.querySelector('#msg-p02 a.tei-register-link'))"
        ".textDecorationStyle"
    )
    assert (intervention, name) == ("dotted", "solid")
    outline = page.evaluate(  # type: ignore[attr-defined]
        "getComputedStyle(document.querySelector('#msg-p02')).outlineStyle"
    )
    assert outline == "solid"
    shot(page, "reading-target")


def test_the_ledger_fits_a_desktop_page_without_scrolling(browser: object, site: str) -> None:
    page = open_page(browser, f"{site}/emendations.html", DESKTOP)
    region, table = page.evaluate(  # type: ignore[attr-defined]
        "[document.querySelector('.tei-scroll').clientWidth,"
        " document.querySelector('table.tei-ledger').scrollWidth]"
    )
    assert table <= region  # every column, the notes included, in view
    shot(page, "emendations-desktop")


def test_the_text_comes_first_and_a_copied_citation_has_a_whole_address(
    browser: object, site: str
) -> None:
    """'Cite this edition · Downloads' is folded above the text; opened, its addresses read in
    full (the site has no html_baseurl, so the pages hold relative ones)."""
    page = open_page(browser, f"{site}/reading.html", PHONE)
    heading = box(page, ".tei-view-reading .tei-div-title >> nth=0")
    assert heading["y"] < PHONE["height"], "the text's first heading is on the first screen"
    cite = page.locator("details.tei-cite")  # type: ignore[attr-defined]
    assert not cite.locator(".tei-cite-chicago").is_visible()
    cite.locator("summary").click()
    chicago = cite.locator(".tei-cite-chicago")
    assert chicago.is_visible()
    assert chicago.locator("a.tei-cite-url").inner_text() == f"{site}/index.html"
    assert cite.locator(".tei-download-line a", has_text="PDF").is_visible()
    shot(page, "cite-phone")


def outline(page: object) -> list[tuple[str, str]]:
    """The headings of the page's main text, in order: (tag, words)."""
    found = page.evaluate(  # type: ignore[attr-defined]
        "[...document.querySelectorAll('div.body :is(h1,h2,h3,h4,h5,h6)')]"
        ".map(h => [h.tagName.toLowerCase(), h.innerText])"
    )
    return [(tag, " ".join(text.replace("\u00b6", "").split())) for tag, text in found]


@pytest.mark.parametrize("page_name", ["reading", "diplomatic", "synoptic"])
def test_each_text_page_has_a_heading_outline_and_contents(
    browser: object, site: str, page_name: str
) -> None:
    page = open_page(browser, f"{site}/{page_name}.html", DESKTOP)
    tags = [tag for tag, _ in outline(page)]
    assert tags[0] == "h1" and tags.count("h1") == 1
    # A text is an h2, its notes are h3 under it; no level is skipped.
    assert tags.count("h2") == 2
    assert all(int(b[1]) - int(a[1]) <= 1 for a, b in itertools.pairwise(tags))
    # Each text is followed by its own notes, textual notes first; the notes of the print
    # (Baldwin's footnote, which the witness lacks) only where the print's text is shown.
    print_notes = [] if page_name == "diplomatic" else ["Notes of the text"]
    assert [text for tag, text in outline(page) if tag == "h3"] == [
        "Textual notes",
        *print_notes,
        "Commentary",
        "Textual notes",
        "Commentary",
    ]
    titles = [text for tag, text in outline(page) if tag == "h2"]
    assert "Message to the Workers of the Western World" in titles[0]
    assert titles[1].startswith("WHAT TO DO?")
    # The page's contents jump to the second text.
    page.locator(".tei-page-contents a", has_text="WHAT TO DO?").click()  # type: ignore[attr-defined]
    second = box(page, "div.body h2 >> nth=1")
    assert 0 <= second["y"] < DESKTOP["height"] / 2


def test_the_clean_text_hides_all_annotation_and_is_kept_across_pages(
    browser: object, site: str
) -> None:
    page = open_page(browser, f"{site}/reading.html", DESKTOP)
    annotation = "#msg-p02 :is(.tei-apparatus-ref, .tei-commentary-ref, .tei-locus)"
    assert page.locator(annotation).first.is_visible()  # type: ignore[attr-defined]
    page.locator("label[for^='tei-clean-']").click()  # type: ignore[attr-defined]
    visible = page.evaluate(  # type: ignore[attr-defined]
        "[...document.querySelectorAll('.tei-apparatus-ref, .tei-commentary-ref, .tei-locus,"
        " .tei-apparatus, .tei-commentary')].filter(e => e.offsetParent).length"
    )
    assert visible == 0
    decoration = page.evaluate(  # type: ignore[attr-defined]
        "[getComputedStyle(document.querySelector('#msg-p02 a.tei-register-link'))"
        ".textDecorationLine, getComputedStyle(document.querySelector('#msg-p02 .tei-choice'))"
        ".borderBottomStyle]"
    )
    assert decoration == ["none", "none"]
    shot(page, "reading-clean")
    # The choice follows the reader to the next page (edition.js keeps it).
    page.goto(f"{site}/diplomatic.html")  # type: ignore[attr-defined]
    assert page.locator("input.tei-clean-reading").is_checked()  # type: ignore[attr-defined]
    assert not page.locator("#diplomatic-em-msg-p01-1 ~ .tei-locus").count()  # type: ignore[attr-defined]
    assert not page.locator(".tei-locus").first.is_visible()  # type: ignore[attr-defined]


def test_a_textual_note_opens_in_place_by_keyboard_and_by_touch(browser: object, site: str) -> None:
    page = open_page(browser, f"{site}/reading.html", DESKTOP)
    cue = page.locator("#msg-p02 a.tei-apparatus-ref").first  # type: ignore[attr-defined]
    cue.focus()
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    note = page.locator(".tei-note-popover")  # type: ignore[attr-defined]
    assert note.is_visible() and "friends" in note.inner_text()
    assert "#" not in page.url  # type: ignore[attr-defined]  # it opened here, not at the list
    assert cue.get_attribute("aria-expanded") == "true"
    shot(page, "reading-note-keyboard")
    page.keyboard.press("Escape")  # type: ignore[attr-defined]
    assert note.count() == 0
    touch = browser.new_context(viewport=NARROW_PHONE, has_touch=True, is_mobile=True)  # type: ignore[attr-defined]
    phone = touch.new_page()
    phone.goto(f"{site}/reading.html")
    phone.locator("#msg-p02 a.tei-apparatus-ref").first.tap()
    assert phone.locator(".tei-note-popover").is_visible()
    assert "#" not in phone.url
    assert page_width(phone) <= NARROW_PHONE["width"]
    shot(phone, "reading-note-touch")
    touch.close()


@pytest.mark.parametrize("name", ["reading", "synoptic"])
def test_each_gloss_is_on_the_page_once_and_every_mention_shows_it(
    browser: object, site: str, published: Path, name: str
) -> None:
    """The page carries an entry's gloss on its first mention only (page weight); edition.js
    gives it to the later ones, so that hovering any mention of Russia shows the gloss."""
    served = (published / "html" / f"{name}.html").read_text("utf-8")
    pairs = re.findall(r"<a [^>]*tei-register-link[^>]*>", served)
    carried = [
        (attribute(a, "href"), attribute(a, "data-gloss")) for a in pairs if "data-gloss=" in a
    ]
    assert carried and len(carried) == len(set(carried)), "a gloss is on the page twice"
    assert len(pairs) > len(carried), "some entry is mentioned twice"
    page = open_page(browser, f"{site}/{name}.html", DESKTOP)
    shown = page.evaluate(  # type: ignore[attr-defined]
        "[...document.querySelectorAll('.tei-edition a.tei-register-link')]"
        ".map(a => [a.getAttribute('href'), a.getAttribute('data-gloss')])"
    )
    glosses = dict(carried)
    assert shown and all(gloss == glosses.get(href) for href, gloss in shown if href in glosses)
    assert all(gloss for href, gloss in shown if href in glosses)


def test_a_name_shows_its_gloss_on_the_first_tap_and_follows_on_the_second(
    browser: object, site: str
) -> None:
    touch = browser.new_context(viewport=NARROW_PHONE, has_touch=True, is_mobile=True)  # type: ignore[attr-defined]
    phone = touch.new_page()
    phone.goto(f"{site}/reading.html")
    name = phone.locator("#msg-p01 a.tei-register-link").first
    name.tap()
    assert phone.url.endswith("/reading.html")
    gloss = phone.evaluate(
        "getComputedStyle(document.querySelector('#msg-p01 a.tei-register-link'), '::after')"
        ".content"
    )
    assert gloss not in ("none", "normal", "")
    shot(phone, "reading-gloss-touch")
    name.tap()
    phone.wait_for_url("**/places.html#*")
    touch.close()


def test_a_phones_first_screen_shows_kropotkins_first_sentence(browser: object, site: str) -> None:
    """At 360 x 740 the page's title, headnote, contents and options leave room for the first
    sentence of the letter, whole."""
    page = open_page(browser, f"{site}/reading.html", NARROW_PHONE)
    bottom = page.evaluate(  # type: ignore[attr-defined]
        """() => {
          const walker = document.createTreeWalker(document.getElementById('msg-p01'),
            NodeFilter.SHOW_TEXT);
          let node;
          while ((node = walker.nextNode())) {
            if (node.parentElement.closest('.tei-locus')) continue;
            const end = node.data.indexOf('.');
            if (end < 0) continue;
            const range = document.createRange();
            range.setStart(document.getElementById('msg-p01'), 0);
            range.setEnd(node, end + 1);
            return range.getBoundingClientRect().bottom;
          }
          return Infinity;
        }"""
    )
    assert bottom <= NARROW_PHONE["height"], f"the first sentence ends {bottom:.0f} px down"
    assert page_width(page) <= NARROW_PHONE["width"]
    shot(page, "reading-phone-first-screen")


@pytest.mark.parametrize("viewport", [NARROW_PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_paragraphs_citation_opens_at_its_locus(
    browser: object, site: str, viewport: dict[str, int]
) -> None:
    """The § opens the paragraph's citation beside it (click, Enter; Escape closes), with the
    permalink at once and each style, pinned, with the paragraph's whole address."""
    page = open_page(browser, f"{site}/reading.html", viewport)
    locus = page.locator("#msg-p02 a.tei-locus")  # type: ignore[attr-defined]
    locus.click()
    popover = page.locator(".tei-cite-popover")  # type: ignore[attr-defined]
    address = f"{site}/reading.html#msg-p02"
    assert popover.locator("a.tei-cite-url").first.inner_text() == address
    chicago = popover.locator(".tei-cite-chicago")
    chicago.wait_for()
    assert chicago.inner_text().endswith(f", \u00a72, {address}.")
    assert f"par. 2, {address}." in popover.locator(".tei-cite-mla").inner_text()
    assert f"{address} (Original work" in popover.locator(".tei-cite-apa").inner_text()
    assert page.url == address  # type: ignore[attr-defined]  # the address bar holds the permalink
    assert locus.get_attribute("aria-expanded") == "true"
    assert page_width(page) <= viewport["width"]
    shot(page, f"reading-cite-locus-{viewport['width']}")
    page.keyboard.press("Escape")  # type: ignore[attr-defined]
    assert popover.count() == 0
    other = page.locator("#msg-p03 a.tei-locus")  # type: ignore[attr-defined]
    other.focus()
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    assert page.locator(".tei-cite-popover").is_visible()  # type: ignore[attr-defined]
    assert page.url.endswith("#msg-p03")  # type: ignore[attr-defined]


def test_a_citation_at_the_locus_from_disk_still_gives_the_permalink(
    browser: object, published: Path
) -> None:
    """Opened from disk the citations page cannot be fetched: the permalink and the link to
    the paragraph's entry remain."""
    page = open_page(browser, (published / "html" / "reading.html").as_uri(), NARROW_PHONE)
    page.locator("#wtd-p03 a.tei-locus").click()  # type: ignore[attr-defined]
    popover = page.locator(".tei-cite-popover")  # type: ignore[attr-defined]
    assert popover.locator("a.tei-cite-url").inner_text().endswith("/reading.html#wtd-p03")
    entry = popover.locator("a", has_text="Cite \u00a73")
    assert entry.get_attribute("href").endswith("/cite.html#cite-wtd-p03")


def search_results(browser: object, site: str, query: str) -> list[tuple[str, str, str]]:
    page = open_page(browser, f"{site}/search.html?q={query}", DESKTOP)
    page.locator("#search-results .search-summary:not(:empty)").wait_for()  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "[...document.querySelectorAll('ul.search li')].every(li => li.querySelector('p.context'))"
    )
    return page.evaluate(  # type: ignore[attr-defined]
        "[...document.querySelectorAll('ul.search li')].map(li => [li.querySelector('a').href,"
        " li.querySelector('a').textContent, li.querySelector('p.context').textContent])"
    )


def test_a_word_of_the_text_is_found_in_its_paragraph(browser: object, site: str) -> None:
    """The text's views rank first (the reading text first of all), each result leads to the
    paragraph with the word, and its snippet is the paragraph's words without cues or §."""
    results = search_results(browser, site, "friends")
    (href, title, snippet), *others = results
    assert title == "Reading edition" and href == f"{site}/reading.html#msg-p02"
    assert "workers of the civilized world and their friends in other classes" in snippet
    assert not re.search(r"\w\d|§|Cite|om\.", snippet), snippet
    assert [t for _h, t, _s in others[:2]] == ["Diplomatic transcription", "Side by side"]
    assert "their friend in other classes" in others[0][2]
    # Of two words, the paragraph that holds both.
    results = search_results(browser, site, "dictatorial tendencies")
    assert results[0][0] == f"{site}/reading.html#msg-p04"
    assert "dictatorial tendencies" in results[0][2]

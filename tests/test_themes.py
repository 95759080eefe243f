"""Colours that follow the theme: light and dark, on the default theme and on furo.

A dark page must not get a white view bar or unreadable highlights: axe's contrast rule runs on
every text page in both schemes, and the bar must take the page's own background."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .test_browser import DESKTOP, browser, built_site, open_page, shot

__all__ = ["browser"]  # the module-scoped browser fixture, shared

THEMES = {"alabaster": (), "furo": ("html_theme=furo",)}
PAGES = ["reading", "diplomatic", "synoptic"]


@pytest.fixture(scope="module", params=sorted(THEMES))
def themed_site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    theme = request.param
    if theme != "alabaster":
        pytest.importorskip(theme, reason=f"the {theme} theme is not installed")
    with built_site(tmp_path_factory.mktemp(theme), *THEMES[theme]) as url:
        yield theme, url


def background(page: object, selector: str) -> str:
    """The colour an element is drawn on: its own background, or the nearest painted ancestor's."""
    script = """(selector) => {
        for (let node = document.querySelector(selector); node; node = node.parentElement) {
            const colour = getComputedStyle(node).backgroundColor;
            if (colour !== "rgba(0, 0, 0, 0)" && colour !== "transparent") return colour;
        }
        return getComputedStyle(document.documentElement).backgroundColor;
    }"""
    return str(page.evaluate(script, selector))  # type: ignore[attr-defined]


def luminance(colour: str) -> float:
    """Relative luminance (WCAG) of an rgb()/rgba() colour as computed styles give it."""
    values = colour[colour.index("(") + 1 : colour.index(")")].replace("/", " ").split(",")
    channels = [float(v) / 255 for v in values[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("page_name", PAGES)
def test_colours_follow_the_theme_and_pass_contrast(
    browser: object, themed_site: tuple[str, str], page_name: str, scheme: str
) -> None:
    axe_api = pytest.importorskip("axe_playwright_python.sync_playwright")
    theme, site = themed_site
    page = open_page(browser, f"{site}/{page_name}.html#msg-p02", DESKTOP, color_scheme=scheme)
    shot(page, f"theme-{theme}-{scheme}-{page_name}")
    body = background(page, "body .tei-edition")
    assert background(page, ".tei-view-switcher") == body
    dark_page = luminance(body) < 0.2
    # furo follows the reader's scheme; alabaster has no dark mode, so its page stays light.
    assert dark_page == (scheme == "dark" and theme == "furo"), (theme, scheme, body)
    result = axe_api.Axe().run(page, options={"runOnly": ["color-contrast"]}).response
    failing = [(v["id"], [n["html"][:80] for n in v["nodes"][:3]]) for v in result["violations"]]
    assert failing == []

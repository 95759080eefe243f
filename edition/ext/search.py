"""Sphinx's search, made to find a text: pages that show a view of a TEI text rank above the
editorial pages (the canonical view first), and edition.js takes each result to the paragraph
that holds the word, with a snippet of that paragraph's words only.

Sphinx scores a page by where a word occurs (title or text), not by what the page is, and
breaks ties by title: the reading text came seventh of ten. What a page is, the domain knows
from the anchors each view claimed; the search page carries it as a small JSON object."""

from __future__ import annotations

from typing import Any

from edition.core.view import SIDE_BY_SIDE
from edition.ext.domain import views as project_views
from edition.ext.headmeta import script_element

# Added to Sphinx's score (a word in a page's text scores 5, in its title 15): enough to order
# pages that match alike, not enough to put a text above a page titled by the word sought.
CANONICAL_TEXT = 3
OTHER_VIEW = 2
DATA_ID = "tei-search-pages"
SCRIPT = "edition-search.js"


def page_weights(app: Any) -> dict[str, int]:
    """Each page that shows a view of a text, and what it adds to Sphinx's score."""
    views = project_views(app.config)
    weights: dict[str, int] = {}
    for key, (docname, _html_id) in app.env.domains["edition"].anchors.items():
        view = key.split("|", 2)[1]
        if view in views:
            weight = CANONICAL_TEXT if views[view].canonical else OTHER_VIEW
        elif view == SIDE_BY_SIDE:
            weight = OTHER_VIEW
        else:
            continue
        weights[docname] = max(weight, weights.get(docname, 0))
    return weights


def add_page_weights(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if templatename != "search.html":
        return
    # This page's alone (Sphinx restores the list after each page): the text pages' weight
    # budget has no room for code they never run.
    app.add_js_file(SCRIPT, loading_method="defer")
    weights = page_weights(app)
    if not weights:
        return
    tag = script_element(dict(sorted(weights.items())), type="application/json", id=DATA_ID)
    context["metatags"] = context.get("metatags", "") + "\n" + tag + "\n"


def setup(app: Any) -> None:
    app.connect("html-page-context", add_page_weights)

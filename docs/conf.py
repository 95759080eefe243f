"""Sphinx configuration of the Kropotkin 1919 edition."""

from __future__ import annotations

project = "Kropotkin 1919: a critical edition"
author = "Kropotkin 1919 Edition project"
copyright = "2026, Kropotkin 1919 Edition project (editorial matter CC BY 4.0)"
# The version, the release and the date are the TEI header's (edition_source below): they are
# stated once, there.

extensions = ["edition"]
language = "en"
html_theme = "alabaster"
html_title = "Kropotkin 1919"
# Alabaster asks for Georgia, absent on Linux and Android: _static/fonts.css names serif fonts
# that each system has (a CSS file rather than theme options, which other themes reject).
html_static_path = ["_static"]
html_css_files = ["fonts.css"]
# The theme's sidebar headings one level below the page title and its footer in a landmark
# (_templates), so that each page's heading outline is whole for assistive technology.
templates_path = ["_templates"]
html_show_sourcelink = False
exclude_patterns = ["_build"]

# The TEI file whose header describes the edition: version, date, citation, the PDF's title page.
edition_source = "../tei/kropotkin-1919.xml"
# The edition has no fixed public address yet: citations link relative to the site until one is
# set here as html_baseurl (then they carry absolute URLs); the warning says so once per build.
suppress_warnings = ["edition.baseurl"]
# Every id this edition has published: the build stops if one disappears (README: retiring ids).
edition_released_ids = "../tei/released-ids.txt"
# The PDF (edition build, or sphinx-build -b tei-typst): what it contains, in this order.
edition_pdf_name = "kropotkin-1919"
edition_pdf_contents = [
    "introduction", "principles", "sources", "reading", "diplomatic", "synoptic", "emendations",
    "persons", "places", "organisations", "events", "bibliography", "history",
]



def setup(app: object) -> None:
    """The edition shows no code: Sphinx's highlighting stylesheet is not linked from the
    pages, which keeps the reading page within its weight budget (tests/test_cli.py)."""

    def drop_highlighting(app: object, page: str, template: str, context: dict, doctree: object) -> None:
        context["css_files"] = [
            css for css in context.get("css_files", []) if "pygments" not in str(css.filename)
        ]

    app.connect("html-page-context", drop_highlighting)  # type: ignore[attr-defined]

"""Sphinx configuration of the Kropotkin 1919 edition."""

from __future__ import annotations

project = "Kropotkin 1919: a critical edition"
author = "Kropotkin 1919 Edition project"
copyright = "2026, Kropotkin 1919 Edition project (editorial matter CC BY 4.0)"
release = version = "0.1.0"

extensions = ["edition"]
language = "en"
html_theme = "alabaster"
html_title = "Kropotkin 1919"
# Alabaster asks for Georgia, absent on Linux and Android: fonts found on each system, then the
# generic family that every browser has.
_serif = '"Iowan Old Style", "Palatino Linotype", Palatino, "Noto Serif", "DejaVu Serif", serif'
html_theme_options = {"font_family": _serif, "head_font_family": _serif}
html_show_sourcelink = False
exclude_patterns = ["_build"]

# The PDF (edition build, or sphinx-build -b tei-typst): what it contains, in this order.
edition_pdf_source = "../tei/kropotkin-1919.xml"
edition_pdf_name = "kropotkin-1919"
edition_pdf_contents = [
    "introduction", "principles", "sources", "reading", "diplomatic", "synoptic", "emendations",
    "persons", "places", "organisations", "events", "history",
]

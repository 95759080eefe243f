"""TEI P5 critical editions: conversion to docutils, views, validation and rendering.

As a Sphinx extension (``extensions = ["edition"]``) it adds the ``tei-edition`` directive.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

__version__ = "0.1.0"
# libxml2 refuses elements nested deeper than 256 levels (lxml without huge_tree, as tei.py
# parses); a doctree that deep takes about four Python frames a level to convert, pickle and
# write, more than Python's default limit of 1000. Valid TEI must not crash the build.
RECURSION_NEEDED = 256 * 4 * 4


def code_digest() -> str:
    """A digest of the package's own files (code, template, CSS, JS): a build made by other code
    must not be reused, though the version number did not change."""
    import hashlib

    digest = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted(package.rglob("*")):
        if path.suffix in {".py", ".typ", ".css", ".js"} and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def allow_deep_documents() -> None:
    import sys

    if sys.getrecursionlimit() < RECURSION_NEEDED:
        sys.setrecursionlimit(RECURSION_NEEDED)


def setup(app: Any) -> dict[str, Any]:
    """Register the directive; the nodes subclass docutils nodes, so every builder renders them."""
    allow_deep_documents()
    from . import behaviours, citepage, domain, downloads, formats, headmeta, layout, metadata
    from .directive import (
        PageContents,
        TeiCitationsDirective,
        TeiEditionDirective,
        depart_page_contents_html,
        drop_missing_view_links,
        visit_page_contents_html,
    )
    from .frontmatter import TeiHeaderDirective
    from .ledger import TeiEmendationsDirective
    from .pagelinks import (
        EditionLink,
        depart_edition_link_html,
        resolve_edition_links,
        visit_edition_link_html,
    )
    from .registers import TeiRegisterDirective

    app.add_directive("tei-edition", TeiEditionDirective)
    app.add_directive("tei-citations", TeiCitationsDirective)
    app.add_directive("tei-header", TeiHeaderDirective)
    app.add_directive("tei-emendations", TeiEmendationsDirective)
    app.add_directive("tei-register", TeiRegisterDirective)
    static = Path(__file__).parent / "static"
    app.connect("builder-inited", lambda app: app.config.html_static_path.append(str(static)))
    app.add_css_file("edition.css")
    app.add_js_file("edition.js", loading_method="defer")
    app.connect("build-finished", strip_static_comments)
    app.connect("missing-reference", drop_missing_view_links)
    domain.setup(app)
    metadata.setup(app)
    citepage.setup(app)
    downloads.setup(app)
    headmeta.setup(app)
    formats.setup(app)
    behaviours.register(app)
    # The witness's reading beside an intervention is for a reader who switches it on: a page
    # that cannot be switched (plain text, print, a manual page) leaves it out.
    app.add_node(
        layout.WitnessReading,
        **{fmt: (behaviours.skip, None) for fmt in ("text", "latex", "man", "texinfo", "typst")},
    )
    app.add_node(EditionLink, html=(visit_edition_link_html, depart_edition_link_html))
    from .apparatus import (
        EntryLabel,
        NoteCue,
        depart_entry_label_html,
        depart_note_cue_html,
        visit_entry_label_html,
        visit_note_cue_html,
    )

    app.add_node(NoteCue, html=(visit_note_cue_html, depart_note_cue_html))
    app.add_node(EntryLabel, html=(visit_entry_label_html, depart_entry_label_html))
    app.add_node(PageContents, html=(visit_page_contents_html, depart_page_contents_html))
    # The page layer's own nodes render through their docutils bases; registered so that
    # docutils' generic visitors (the xml builder) know them too.
    from .apparatus import (
        DivisionTitle,
        EntryLocus,
        Lemma,
        NoteHeading,
        NoteList,
        ParagraphLocus,
    )
    from .frontmatter import TitlePage
    from .ledger import ReadingLocus, WitnessPlace
    from .pagelinks import InterventionLink, RegisterLink

    for page_node in (
        DivisionTitle,
        NoteHeading,
        EntryLocus,
        Lemma,
        ParagraphLocus,
        WitnessPlace,
        NoteList,
        ReadingLocus,
        InterventionLink,
        RegisterLink,
        TitlePage,
        layout.ViewText,
        layout.SynopticText,
        layout.SynopticRow,
        layout.SynopticCell,
        layout.ColumnHeading,
    ):
        app.add_node(page_node)
    app.connect("doctree-resolved", resolve_edition_links)
    from . import typst

    typst.setup(app)
    return {
        "version": __version__,
        # Sphinx re-reads every page when this changes: doctrees made by other code of ours
        # (an upgrade, an edit) are never reused.
        "env_version": int(code_digest()[:12], 16),
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }


def strip_static_comments(app: Any, exception: Exception | None) -> None:
    """The comments of edition.css and edition.js explain the code to its maintainers; a
    reader's browser has no use for them, so the copies in the built site go without (the
    reading page's weight budget). Only whole comments are removed: CSS /* ... */ blocks
    and JavaScript lines that are nothing but a // comment."""
    if exception is not None or getattr(app.builder, "format", "") != "html":
        return
    static = Path(app.outdir) / "_static"
    css = static / "edition.css"
    if css.exists():
        text = re.sub(r"/\*.*?\*/\n?", "", css.read_text("utf-8"), flags=re.S)
        css.write_text(text, "utf-8")
    script = static / "edition.js"
    if script.exists():
        lines = script.read_text("utf-8").splitlines(keepends=True)
        script.write_text("".join(x for x in lines if not x.lstrip().startswith("//")), "utf-8")

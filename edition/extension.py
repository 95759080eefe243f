"""The Sphinx extension put together: the one place that wires every layer into Sphinx (config
values, nodes and their visitors, directives, events, the domain, the PDF builder)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from edition import __version__, allow_deep_documents, code_digest
from edition.core import node
from edition.ext import (
    alongside,
    citepage,
    domain,
    downloads,
    formats,
    headmeta,
    metadata,
    quotes,
    search,
)
from edition.ext.directive import (
    TeiCitationsDirective,
    TeiEditionDirective,
    drop_missing_view_links,
)
from edition.ext.frontmatter import TeiHeaderDirective
from edition.ext.ledger import TeiEmendationsDirective
from edition.ext.registers import TeiRegisterDirective
from edition.page.pagelinks import resolve_edition_links
from edition.writers import typst


def setup_extension(app: Any) -> dict[str, Any]:
    """Register the directive; the nodes subclass docutils nodes, so every builder renders them."""
    allow_deep_documents()

    app.add_directive("tei-edition", TeiEditionDirective)
    app.add_directive("tei-citations", TeiCitationsDirective)
    app.add_directive("tei-header", TeiHeaderDirective)
    app.add_directive("tei-emendations", TeiEmendationsDirective)
    app.add_directive("tei-register", TeiRegisterDirective)
    static = Path(__file__).parent / "static"
    # At config-inited, before Sphinx compares the configuration with the last build's: added
    # later, the path made every build report "the configuration has changed".
    app.connect("config-inited", lambda app, config: _add_static_path(config, str(static)))
    app.add_css_file("edition.css")
    app.add_js_file("edition.js", loading_method="defer")
    app.connect("build-finished", strip_static_comments)
    app.connect("missing-reference", drop_missing_view_links)
    domain.setup(app)
    metadata.setup(app)
    citepage.setup(app)
    downloads.setup(app)
    alongside.setup(app)
    headmeta.setup(app)
    formats.setup(app)
    quotes.setup(app)
    search.setup(app)
    # Every node type of ours, with the visitors it carries (imported above, layer by layer).
    node.register(app)
    app.connect("doctree-resolved", resolve_edition_links)

    typst.setup(app)
    return {
        "version": __version__,
        # Sphinx re-reads every page when this changes: doctrees made by other code of ours
        # (an upgrade, an edit) are never reused.
        "env_version": int(code_digest()[:12], 16),
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }


def _add_static_path(config: Any, folder: str) -> None:
    if folder not in config.html_static_path:
        config.html_static_path.append(folder)


def strip_static_comments(app: Any, exception: Exception | None) -> None:
    """The comments of edition.css and the scripts explain the code to its maintainers, and
    their indentation shows its structure; a reader's browser has no use for either, so the
    copies in the built site go without (the reading page's weight budget). Only whole
    comments are removed (CSS /* ... */ blocks, JavaScript lines that are nothing but a //
    comment) and the spaces that begin a line (neither file has a string across lines)."""
    if exception is not None or getattr(app.builder, "format", "") != "html":
        return
    static = Path(app.outdir) / "_static"
    css = static / "edition.css"
    if css.exists():
        text = re.sub(r"/\*.*?\*/\n?", "", css.read_text("utf-8"), flags=re.S)
        text += node.stylesheet()  # and the node types' own rules
        css.write_text("".join(x.lstrip(" ") for x in text.splitlines(keepends=True)), "utf-8")
    for script in (static / "edition.js", static / "edition-search.js"):
        if script.exists():
            lines = script.read_text("utf-8").splitlines(keepends=True)
            kept = "".join(x.lstrip(" ") for x in lines if not x.lstrip().startswith("//"))
            script.write_text(kept, "utf-8")

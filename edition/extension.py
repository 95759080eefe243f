"""The Sphinx extension put together: the one place that wires every layer into Sphinx (config
values, nodes and their visitors, directives, events, the domain, the PDF builder)."""

from __future__ import annotations

import re
import zipfile
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
        if app.builder.name.startswith("epub"):
            # The controls these rules serve (clean text, the witness's readings, the
            # phone's column switch) are the web's; EPUB's CSS has no :has() nor :is().
            text = rules_without(text, (":has(", ":is("))
        css.write_text("".join(x.lstrip(" ") for x in text.splitlines(keepends=True)), "utf-8")
    for script in (static / "edition.js", static / "edition-search.js"):
        if script.exists():
            lines = script.read_text("utf-8").splitlines(keepends=True)
            kept = "".join(x.lstrip(" ") for x in lines if not x.lstrip().startswith("//"))
            script.write_text(kept, "utf-8")
    if app.builder.name.startswith("epub"):
        repack_epub(Path(app.outdir) / f"{app.builder.config.epub_basename}.epub", static)


def repack_epub(book: Path, static: Path) -> None:
    """The EPUB is packed before build-finished: its copies of the stylesheet and scripts are
    put in again as finished here (the mimetype first and stored, as the format requires)."""
    if not book.is_file():
        return
    finished = {f"_static/{p.name}": p.read_bytes() for p in static.glob("edition*.*")}
    packed = book.with_name(book.name + ".part")
    with zipfile.ZipFile(book) as old, zipfile.ZipFile(packed, "w") as new:
        for item in old.infolist():
            data = finished.get(item.filename, old.read(item.filename))
            new.writestr(item, data, compress_type=item.compress_type)
    packed.replace(book)


def rules_without(css: str, needles: tuple[str, ...]) -> str:
    """The stylesheet without the rules whose selectors hold any of needles; at-rules (@media)
    keep their other rules. The edition's own CSS has no brace inside a string."""
    kept: list[str] = []
    start = 0
    while start < len(css):
        opening = css.find("{", start)
        if opening < 0:
            kept.append(css[start:])
            break
        depth, end = 1, opening + 1
        while end < len(css) and depth:
            depth += {"{": 1, "}": -1}.get(css[end], 0)
            end += 1
        prelude, body = css[start:opening], css[opening + 1 : end - 1]
        if prelude.strip().startswith("@") and "{" in body:
            kept.append(prelude + "{" + rules_without(body, needles) + "}")
        elif not any(needle in prelude for needle in needles):
            kept.append(css[start:end])
        start = end
    return "".join(kept)

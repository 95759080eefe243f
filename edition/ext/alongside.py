"""The PDF beside the HTML, from the HTML build's one read of the sources (no second Sphinx):
once every page is read, the same application writes the PDF's Typst source with the
tei-typst builder, and the compiler runs in a thread, on the other core, while the pages are
written. `edition build` asks for it with edition_pdf_alongside; a plain
`sphinx-build -b html` makes the pages only."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.errors import SphinxError
from sphinx.util import logging
from sphinx.util.tags import Tags

from edition.ext.citepage import finish_unit_index
from edition.ext.published import FOLDER, DownloadList, PdfNotMade, pdf_folder

logger = logging.getLogger(__name__)
PDF_BUILDER = "tei-typst"


class PdfFailed(SphinxError):
    category = "PDF error"


def builder_tags(builder: Any) -> set[str]:
    """The tags Sphinx sets for a builder (what `.. only::` tests)."""
    names = (builder.format, builder.name)
    return {tag for name in names for tag in (name, f"format_{name}", f"builder_{name}")}


def write_typst_here(app: Any, folder: Path) -> Any:
    """This application, its reading done, writes the PDF's Typst source into folder with the
    tei-typst builder (the same environment, configuration with -D, -t and -c, and doctrees),
    then becomes the HTML builder again. Returns the Typst builder, whose finish() compiles."""
    html = app.builder, app.outdir, app.tags
    # Tags of their own: the project's (-t), the PDF builder's instead of the HTML's. Sphinx's
    # Tags remember each condition they evaluated, so the HTML's are never changed.
    app.tags = Tags([tag for tag in html[2] if tag not in builder_tags(html[0])])
    folder.mkdir(parents=True, exist_ok=True)
    app.outdir = folder
    try:
        builder = app.create_builder(PDF_BUILDER)
        # Post-transforms and event handlers ask the application which builder writes.
        app.builder = builder
        builder.init()
        builder.write_documents(set(app.env.found_docs))
    finally:
        app.builder, app.outdir, app.tags = html
    return builder


class PdfAlongside:
    """One application's PDF written beside its HTML: its Typst source written once reading is
    done, then compiled in a thread (the compiler releases the GIL) while the pages are
    written. A page that lists the PDF's size is written again once the PDF is done, so that
    no page waits for it; the build ends when it is."""

    def __init__(self) -> None:
        self.compiling: threading.Thread | None = None
        self.failure: BaseException | None = None
        self.finished = False
        self.deferred: set[str] = set()  # pages to write again with the PDF's size

    def start(self, app: Any, env: Any) -> None:
        folder = pdf_folder(app)
        if folder is None or self.compiling is not None:
            return
        builder = write_typst_here(app, folder)

        def compile_pdf() -> None:
            try:
                if not builder.failed:  # else write_documents said why there is no source
                    builder.compile_pdf()
            except BaseException as error:  # reported by finish_pdf, in the build's thread
                self.failure = error

        self.compiling = threading.Thread(target=compile_pdf, name="edition-pdf", daemon=True)
        self.compiling.start()

    def before_page(self, app: Any, doctree: nodes.document, docname: str) -> None:
        listings = list(doctree.findall(DownloadList))
        if not listings:
            return
        if self.compiling is None or self.finished or not self.compiling.is_alive():
            self.finish_pdf(app)  # done: the list gives the PDF's size
            return
        # Still compiling: the other pages are written meanwhile, this one again at the end
        # (write_deferred); until then it lists nothing, and no build publishes it so.
        self.deferred.add(docname)
        for listing in listings:
            listing.parent.remove(listing)

    def write_deferred(self, app: Any) -> list[Any]:
        """The pages that list the PDF, written again once it is done (html-collect-pages:
        after every page, before the search index is written)."""
        self.finish_pdf(app)
        for docname in sorted(self.deferred):
            doctree = app.env.get_and_resolve_doctree(docname, app.builder, tags=app.builder.tags)
            app.builder.write_doc_serialized(docname, doctree)
            app.builder.write_doc(docname, doctree)
        self.deferred.clear()
        return []

    def at_end(self, app: Any, exception: BaseException | None) -> None:
        if exception is not None:
            if self.compiling is not None:
                self.compiling.join()
            return
        self.finish_pdf(app)

    def finish_pdf(self, app: Any) -> None:
        """Wait for the PDF, then put it among the downloads with its page map (once)."""
        folder = pdf_folder(app)
        if folder is None or self.compiling is None or self.finished:
            return
        self.compiling.join()
        self.finished = True
        if isinstance(self.failure, PdfNotMade):
            self.failure.report(app)  # one located error; the pages are still written
        elif self.failure is not None:  # not the input's doing: a bug, with its traceback
            raise PdfFailed(f"the PDF could not be written: {self.failure}") from self.failure
        pdf = folder / f"{app.config.edition_pdf_name}.pdf"
        downloads = Path(app.outdir) / FOLDER
        if app.config.edition_downloads and pdf.is_file():
            downloads.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(pdf, downloads / pdf.name)
        finish_unit_index(app)  # with the page of each paragraph in the PDF


def setup(app: Any) -> None:
    app.add_config_value("edition_pdf_alongside", "", "html", types=[str])
    alongside = PdfAlongside()
    app.connect("env-updated", alongside.start)
    # Before downloads.fill (priority 500), which lists the PDF with its size.
    app.connect("doctree-resolved", alongside.before_page, priority=400)
    app.connect("html-collect-pages", alongside.write_deferred)
    app.connect("build-finished", alongside.at_end, priority=400)

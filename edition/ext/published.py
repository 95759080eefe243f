"""What the edition publishes beside its pages: the downloads folder, the files it holds and the
placeholders by which pages list them (filled by downloads.py when a page is written)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.errors import SphinxError
from sphinx.util import logging

from edition.core.node import EVERYWHERE, EditionNode
from edition.ext.domain import views
from edition.ext.metadata import source_path

logger = logging.getLogger(__name__)

FOLDER = "downloads"


@dataclass(frozen=True)
class Download:
    name: str  # the file's name in the downloads folder
    what: str  # what a reader gets
    label: str  # its link among the others on a text page


def makes_a_site(app: Any) -> bool:
    """Whether the builder writes a web site (html, dirhtml, singlehtml): its pages link to
    the downloads and the citation records written beside them. An EPUB is HTML too, but one
    file: a reader has no folder of downloads in it, and its packager refuses what it cannot
    type."""
    builder = app.builder
    return bool(builder.format == "html" and not builder.name.startswith("epub"))


def source_file(app: Any) -> Path | None:
    return source_path(app.confdir, app.config)


def pdf_offered(app: Any) -> bool:
    """Whether the site offers the PDF: given (edition_pdf_file), made beside the pages
    (edition_pdf_alongside), or already among the downloads."""
    name = f"{app.config.edition_pdf_name}.pdf"
    return expected(app, Download(name, "", "")) or bool(app.config.edition_pdf_file)


def expected(app: Any, download: Download) -> bool:
    """Whether a download is in the folder, or will be once the PDF written beside the pages
    is done: the PDF, and the index of citable units that gives its pages."""
    if (Path(app.outdir) / FOLDER / download.name).is_file():
        return True
    finishing = {f"{app.config.edition_pdf_name}.pdf", unit_index_name(app)}
    return pdf_folder(app) is not None and download.name in finishing


def planned(app: Any) -> list[Download]:
    """What the downloads folder holds, in the order a reader looks for it."""
    source = source_file(app)
    if source is None:
        return []
    stem = source.stem
    found = [
        Download(f"{app.config.edition_pdf_name}.pdf", "the printed edition (PDF)", "PDF"),
        Download(source.name, "the TEI P5 encoding, the source of every view", "TEI"),
    ]
    found += [
        Download(f"{stem}-{name}.txt", f"plain text of the {name} view", f"{name} text")
        for name in sorted(views(app.config))
    ]
    found += [
        Download(
            f"{stem}-emendations.json",
            "the interventions of the editors (JSON)",
            "emendations (JSON)",
        ),
        Download(
            f"{stem}-emendations.tsv",
            "the interventions of the editors (TSV)",
            "emendations (TSV)",
        ),
        Download(
            unit_index_name(app),
            "every citable paragraph: id, text, § locus, URL and PDF page (JSON)",
            "citable units",
        ),
    ]
    return found


def unit_index_name(app: Any) -> str:
    source = source_file(app)
    return f"{source.stem if source else 'edition'}-citable.json"


class PdfNotMade(SphinxError):
    """What keeps the PDF from being made (a setting, the source, the typesetter): said as
    one located error (report()), never raised out of Sphinx, whose crash report is for
    bugs. The pages are still written; under -W the build fails."""

    category = "PDF error"

    def __init__(self, message: str, location: str = "", *, reported: bool = False) -> None:
        super().__init__(message)
        self.location = location
        self.reported = reported  # its cause is already said, located, elsewhere

    def report(self, app: Any) -> None:
        """One located error, and the build's status 1 (Sphinx's way for an extension to
        fail a build without a crash report)."""
        app.statuscode = 1
        if self.reported:
            return
        logger.error(
            f"the PDF is not made: {self}",
            type="edition",
            subtype="pdf",
            location=self.location or None,
        )


class DownloadList(EditionNode, nodes.General, nodes.Element):
    """Placeholder for the list of downloads, filled when an HTML page is written; every
    other builder leaves it out."""

    omitted_in = EVERYWHERE


class DownloadLine(EditionNode, nodes.General, nodes.Element):
    """Placeholder for the line of download links on a text page (as DownloadList)."""

    omitted_in = EVERYWHERE


def pdf_folder(app: Any) -> Path | None:
    """Where the PDF is written beside the HTML (edition_pdf_alongside), or None."""
    given = str(app.config.edition_pdf_alongside or "")
    if not given or not makes_a_site(app):
        return None
    return Path(app.confdir, given).resolve()


def pdf_pages(app: Any) -> dict[str, int]:
    """The PDF's page of each paragraph, as the tei-typst builder wrote it beside the PDF:
    the one made alongside, else the one edition_pdf_file names. Empty if neither exists."""
    folder = pdf_folder(app)
    if folder is not None:
        pages = folder / f"{app.config.edition_pdf_name}.pages.json"
    elif app.config.edition_pdf_file:
        pages = Path(app.confdir, app.config.edition_pdf_file).with_suffix(".pages.json")
    else:
        return {}
    if not pages.is_file():
        return {}
    return {str(k): int(v) for k, v in json.loads(pages.read_text("utf-8")).items()}

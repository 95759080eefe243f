"""Downloads made by Sphinx: a plain `sphinx-build -b html` writes them beside the pages (the TEI
with the Schematron its <?xml-model?> names, each view's plain text, the emendations, the PDF),
links them from every text page and lists them, with their sizes, where a page says
``.. tei-downloads::``."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from edition.core import emendations, text
from edition.core.tei import TeiError
from edition.core.views import project
from edition.ext.citepage import RECORD_NAMES, RECORDS_DIR, works_of, write_cite_files
from edition.ext.domain import views
from edition.ext.published import (
    FOLDER,
    DownloadLine,
    DownloadList,
    expected,
    planned,
    source_file,
)
from edition.validation.schematron import declared_schematron

logger = logging.getLogger(__name__)


def write_files(app: Any) -> None:
    """Everything but the citation records (those need the pages' URLs: citepage.py)."""
    if app.builder.format != "html" or not app.config.edition_downloads:
        return
    source = source_file(app)
    if source is None:
        return
    folder = Path(app.outdir) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    try:
        # The domain's conversion: the pages, the ledger and the registers read the same tree.
        converted = app.env.domains["edition"].converted(source)
    except TeiError:
        return  # the pages report it
    document, tree = converted.document, converted.tree

    shutil.copyfile(source, folder / source.name)
    for rules in declared_schematron(document):
        if rules.is_file() and rules.parent == source.parent:  # the TEI's <?xml-model?> resolves
            shutil.copyfile(rules, folder / rules.name)
    for name, view in views(app.config).items():
        shown = str(text.render(project(tree, view)))
        (folder / f"{source.stem}-{name}.txt").write_text(shown + "\n", "utf-8")
    found = converted.emendations
    (folder / f"{source.stem}-emendations.json").write_text(emendations.to_json(found), "utf-8")
    (folder / f"{source.stem}-emendations.tsv").write_text(emendations.to_tsv(found), "utf-8")
    _pdf(app, folder)


def _pdf(app: Any, folder: Path) -> None:
    """The PDF a build made before (edition_pdf_file); one made beside these pages
    (edition_pdf_alongside) is put here by alongside.py when it is done."""
    given = app.config.edition_pdf_file
    if given:
        shutil.copyfile(Path(app.confdir, given), folder / f"{app.config.edition_pdf_name}.pdf")


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{max(1, round(size / 1e3))} KB"


class TeiDownloadsDirective(SphinxDirective):
    """``.. tei-downloads::``: every download, what it is and its size."""

    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        return [DownloadList()]


def _link(app: Any, docname: str, path: str, text: str) -> nodes.reference:
    uri = relative_uri(app.builder.get_target_uri(docname), path)
    return nodes.reference("", text, refuri=uri, classes=["tei-download"])


def fill(app: Any, doctree: nodes.document, docname: str) -> None:
    placeholders = list(doctree.findall(DownloadList)) + list(doctree.findall(DownloadLine))
    if not placeholders:
        return
    write_cite_files(app)  # the records and the unit index it lists
    present = [d for d in planned(app) if expected(app, d)]
    if app.builder.format != "html" or not present:
        for placeholder in placeholders:
            placeholder.parent.remove(placeholder)
        return
    entries = [(f"{FOLDER}/{d.name}", d.name, d.what) for d in present]
    found = works_of(app)
    for key, work in found[1].items() if found else ():
        cited = "the edition" if not key else f"\u201c{work.text}\u201d"
        for extension, name in RECORD_NAMES.items():
            record = f"{work.key}.{extension}"
            entries.append((f"{RECORDS_DIR}/{record}", record, f"citation of {cited} ({name})"))
    for listing in doctree.findall(DownloadList):
        items = nodes.bullet_list(classes=["tei-downloads"])
        # What is there (a PDF that could not be made is not: its error says why).
        for path, name, what in [e for e in entries if (Path(app.outdir) / e[0]).is_file()]:
            size = _size(Path(app.outdir) / path)
            link = _link(app, docname, path, name)
            items.append(
                nodes.list_item("", nodes.paragraph("", "", link, nodes.Text(f" ({size}): {what}")))
            )
        listing.replace_self(items)
    for line in list(doctree.findall(DownloadLine)):
        links: list[nodes.Node] = [nodes.Text("Download: ")]
        for item in present:
            if len(links) > 1:
                links.append(nodes.Text(" · "))
            links.append(_link(app, docname, f"{FOLDER}/{item.name}", item.label))
        line.replace_self(nodes.paragraph("", "", *links, classes=["tei-download-line"]))


def setup(app: Any) -> None:
    app.add_config_value("edition_downloads", True, "html", types=[bool])
    app.add_config_value("edition_pdf_file", "", "html", types=[str])
    app.add_directive("tei-downloads", TeiDownloadsDirective)
    app.connect("builder-inited", write_files)
    app.connect("doctree-resolved", fill)

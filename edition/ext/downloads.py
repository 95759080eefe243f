"""Downloads made by Sphinx: a plain `sphinx-build -b html` writes them beside the pages (the TEI
with the Schematron its <?xml-model?> names, each view's plain text, the emendations, the PDF),
links them from every text page and lists them, with their sizes, where a page says
``.. tei-downloads::``."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from edition import code_digest
from edition.core import emendations, text
from edition.core.tei import TeiError, declared_schematron, file_digest
from edition.core.views import project
from edition.ext.citepage import RECORD_NAMES, RECORDS_DIR, works_of, write_cite_files
from edition.ext.domain import views
from edition.ext.published import (
    FOLDER,
    DownloadLine,
    DownloadList,
    expected,
    makes_a_site,
    planned,
    source_file,
)

logger = logging.getLogger(__name__)


def write_files(app: Any) -> None:
    """Everything but the citation records (those need the pages' URLs: citepage.py); not
    written again when what they are made of is as it was at the last build (inputs_stamp)."""
    if not makes_a_site(app) or not app.config.edition_downloads:
        return
    source = source_file(app)
    if source is None:
        return
    folder = Path(app.outdir) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    try:
        stamp = inputs_stamp(app, source)
        memo = _memo_file(app)
        if _up_to_date(memo, stamp, folder):
            return
        # The domain's conversion: the pages, the ledger and the registers read the same tree.
        converted = app.env.domains["edition"].converted(source)
    except TeiError:
        return  # the pages report it
    document, tree = converted.document, converted.tree

    written: list[Path] = []

    def put(name: str, content: str | Path) -> None:
        written.append(folder / name)
        if isinstance(content, Path):
            shutil.copyfile(content, written[-1])
        else:
            written[-1].write_text(content, "utf-8")

    put(source.name, source)
    for rules in declared_schematron(document):
        if rules.is_file() and rules.parent == source.parent:  # the TEI's <?xml-model?> resolves
            put(rules.name, rules)
    for name, view in views(app.config).items():
        put(f"{source.stem}-{name}.txt", str(text.render(project(tree, view))) + "\n")
    found = converted.emendations
    put(f"{source.stem}-emendations.json", emendations.to_json(found))
    put(f"{source.stem}-emendations.tsv", emendations.to_tsv(found))
    written += _pdf(app, folder)
    _remember(memo, stamp, written)


def inputs_stamp(app: Any, source: Path) -> str:
    """What the downloads are made of: the code, the TEI's bytes, every file beside it (the
    Schematron it names is one; their sizes and times, so that none is read), the edition's
    settings (views, rules, the PDF given), and where they go."""
    digest = hashlib.sha256()
    parts = [code_digest(), str(Path(app.outdir).resolve()), file_digest(source)]
    settings = sorted((v.name, repr(v.value)) for v in app.config if v.name.startswith("edition_"))
    parts += [f"{name}={value}" for name, value in settings]
    beside = sorted(source.parent.iterdir()) if source.parent.is_dir() else []
    given = [Path(app.confdir, app.config.edition_pdf_file)] if app.config.edition_pdf_file else []
    for path in [*beside, *given]:
        try:
            status = path.stat()
        except OSError:
            continue
        parts.append(f"{path.resolve()}:{status.st_size}:{status.st_mtime_ns}")
    for part in parts:
        digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
    return digest.hexdigest()


def _memo_file(app: Any) -> Path:
    return Path(app.doctreedir) / "edition" / "downloads.json"


def _up_to_date(memo: Path, stamp: str, folder: Path) -> bool:
    try:
        record = json.loads(memo.read_text("utf-8"))
        return bool(
            record["stamp"] == stamp and all((folder / n).is_file() for n in record["files"])
        )
    except (OSError, ValueError, KeyError, TypeError):
        return False


def _remember(memo: Path, stamp: str, written: list[Path]) -> None:
    memo.parent.mkdir(parents=True, exist_ok=True)
    record = {"stamp": stamp, "files": sorted(p.name for p in written)}
    partial = memo.with_name(f"{memo.name}.{os.getpid()}.partial")
    partial.write_text(json.dumps(record), "utf-8")
    os.replace(partial, memo)


def _pdf(app: Any, folder: Path) -> list[Path]:
    """The PDF a build made before (edition_pdf_file); one made beside these pages
    (edition_pdf_alongside) is put here by alongside.py when it is done."""
    given = app.config.edition_pdf_file
    if not given:
        return []
    target = folder / f"{app.config.edition_pdf_name}.pdf"
    shutil.copyfile(Path(app.confdir, given), target)
    return [target]


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
    if not makes_a_site(app) or not present:
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

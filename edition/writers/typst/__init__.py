"""The PDF: a Sphinx builder that writes the edition as one Typst document and compiles it with
the typst wheel (compiler and Libertinus fonts included: no TeX, no system fonts)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from collections.abc import Set
from pathlib import Path
from typing import Any, cast

from docutils import nodes
from sphinx.builders import Builder
from sphinx.util import logging

from edition.core import citation, header
from edition.core import node as node_types
from edition.core.tei import TeiError, text_or_empty
from edition.ext.domain import EditionDomain
from edition.ext.published import PdfNotMade
from edition.page.apparatus import CITABLE_LABEL
from edition.writers.typst import card
from edition.writers.typst.markup import (
    label_name,
    language_arguments,
    string,
    tei_place_before,
)
from edition.writers.typst.translator import TypstTranslator

logger = logging.getLogger(__name__)
TEMPLATE = Path(__file__).with_name("edition.typ")
# The template goes into a folder of its own, so no edition_pdf_name can overwrite it.
TEMPLATE_DIR = "_tei-edition"
# The date the PDF was stamped with (SOURCE_DATE_EPOCH or the edition's): a PDF made with
# another is not up to date, though its source is the same.
STAMP = f"{TEMPLATE_DIR}/timestamp"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class TypstBuildError(PdfNotMade):
    category = "Typst error"


def _first_place(source: Path, text: str) -> str:
    """file:line where text first stands in the TEI file (the file alone if nowhere)."""
    lines = text_or_empty(source).splitlines()
    line = next((number for number, found in enumerate(lines, 1) if text in found), 1)
    return f"{source}:{line}"


def _epoch(version_iso: str) -> int:
    """SOURCE_DATE_EPOCH if set, else the edition's date from the TEI: reproducible output."""
    given = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if given:
        if not given.isdigit() or int(given) > MAX_EPOCH:
            raise TypstBuildError(
                f"SOURCE_DATE_EPOCH={given!r}: give seconds since 1970 (e.g. 1764460800), or "
                "unset it",
            )
        return int(given)
    day = header.iso_day(version_iso) or dt.date(2000, 1, 1)
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


class TypstBuilder(Builder):
    """``-b tei-typst``: <outdir>/<edition_pdf_name>.typ and .pdf. Named for this extension so
    that it never clashes with another package's ``typst`` builder."""

    name = "tei-typst"
    format = "typst"
    default_translator_class = TypstTranslator
    epilog = "The PDF is in %(outdir)s."

    def init(self) -> None:
        self.up_to_date = False  # set by write_documents, for finish
        self.failed = False  # write_documents reported why there is no source to compile
        self.stamp = 0  # the PDF's date, from the title page (preamble)

    def get_outdated_docs(self) -> str:
        return "all documents"  # one output from all documents

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return docname

    def get_relative_uri(self, from_: str, to: str, typ: str | None = None) -> str:
        return to  # references become "docname#id", labels in the one Typst document

    def prepare_writing(self, docnames: Set[str]) -> None:
        pass

    def pdf_name(self) -> str:
        stem = str(self.config.edition_pdf_name)
        if not stem or Path(stem).name != stem or stem.startswith("."):
            raise TypstBuildError(
                f"edition_pdf_name = {stem!r}: give a plain file name without folders "
                "(the PDF is written as <name>.pdf in the output folder)",
                f"{Path(self.confdir, 'conf.py')}:1",
            )
        return stem

    def pdf_contents(self) -> list[str]:
        """edition_pdf_contents, else the root document's toctree, depth first, in order."""
        configured = list(self.config.edition_pdf_contents)
        if configured:
            missing = [name for name in configured if name not in self.env.all_docs]
            if missing:
                raise TypstBuildError(
                    f"edition_pdf_contents names {', '.join(missing)}, not a document of this "
                    "project; correct the list in conf.py",
                    f"{Path(self.confdir, 'conf.py')}:1",
                )
            return configured
        ordered: list[str] = []

        def walk(docname: str) -> None:
            for child in self.env.toctree_includes.get(docname, ()):
                if child not in ordered and child != self.config.root_doc:
                    ordered.append(child)
                    walk(child)

        walk(self.config.root_doc)
        return ordered or [self.config.root_doc]

    def pdf_source(self) -> Path:
        """edition_pdf_source, else edition_source, else the one TEI file the project's
        directives read."""
        if self.config.edition_pdf_source or self.config.edition_source:
            return Path(self.confdir, self.config.edition_pdf_source or self.config.edition_source)
        used = sorted(
            {
                Path(self.srcdir, dependency).resolve()
                for dependencies in self.env.dependencies.values()
                for dependency in dependencies
                if str(dependency).endswith(".xml")
            }
        )
        if len(used) != 1:
            found = ", ".join(str(p) for p in used) or "none"
            raise TypstBuildError(
                f"the PDF needs one TEI file for its title page; the pages use {found}: set "
                "edition_pdf_source in conf.py",
                f"{Path(self.confdir, 'conf.py')}:1",
            )
        return used[0]

    def write_documents(self, docnames: Set[str]) -> None:
        try:
            self.write_source()
        except TypstBuildError as error:
            self.failed = True
            error.report(self._app)

    def write_source(self) -> None:
        """The PDF's Typst source, beside the template (raises TypstBuildError)."""
        contents = self.pdf_contents()
        trees = [
            (name, self.env.get_and_resolve_doctree(name, self, tags=self.tags))
            for name in contents
        ]
        labels = {label_name(name, "") for name, _ in trees}
        for name, tree in trees:
            for node in tree.findall(nodes.Element):
                labels.update(label_name(name, identifier) for identifier in node["ids"])
        parts = []
        for name, tree in trees:
            # Through the registry, so that visitors given with app.add_node(typst=...) apply.
            translator = cast("TypstTranslator", self.create_translator(tree, self, name, labels))
            tree.walkabout(translator)
            parts.append(translator.output())
        source = self.preamble() + "\n".join(parts)
        out = Path(self.outdir)
        stem = self.pdf_name()
        written = [out / f"{stem}.typ", out / TEMPLATE_DIR / TEMPLATE.name]
        made = [out / f"{stem}.pdf", out / f"{stem}.pages.json"]
        # The same source, template and stamp as the PDF already there: nothing to compile.
        self.up_to_date = all(p.is_file() for p in written + made) and (
            written[0].read_text("utf-8") == source
            and written[1].read_bytes() == TEMPLATE.read_bytes()
            and text_or_empty(out / STAMP) == str(self.stamp)
        )
        if self.up_to_date:
            return
        written[0].write_text(source, encoding="utf-8")
        (out / TEMPLATE_DIR).mkdir(exist_ok=True)
        shutil.copyfile(TEMPLATE, written[1])

    def preamble(self) -> str:
        """The call of the template with what the teiHeader says of the edition."""
        source = self.pdf_source()
        try:
            # The domain's one conversion of the file: read with the pages, not read again.
            domain = cast("EditionDomain", self.env.domains["edition"])
            document = domain.converted(source).document
        except TeiError as error:
            # The one line about the file says why the PDF is not made too.
            domain.report_tei_error(error)
            raise TypstBuildError(error.message, reported=True) from None
        page = header.title_page(document)
        self.stamp = _epoch(page.version_iso)  # the PDF's date, read with its title page
        day = header.iso_day(page.version_iso)
        date = f"datetime(year: {day.year}, month: {day.month}, day: {day.day})" if day else "none"

        def strings(values: tuple[str, ...]) -> str:
            return "(" + "".join(string(v) + ", " for v in values) + ")"

        # "edited by the Kropotkin 1919 Edition project": a body takes the article.
        editors = tuple(citation.editor_phrase(e) for e in page.editors)
        subject = f"{page.subtitle}, edited by {', '.join(editors)}"
        # The title page's citation: Chicago, as on the web, with the site's address when
        # conf.py gives one (html_baseurl) and the version either way.
        base = str(self.config.html_baseurl or "")
        home = f"{base.rstrip('/')}/{self.config.root_doc}.html" if base else ""
        cited = citation.plain(citation.edition_citation(document, home))
        # The template's page design and the notes' helpers, then the functions the node
        # types' visitors call, each defined with its node type.
        functions = "".join(f"{d}\n" for d in node_types.typst_functions().values())
        return (
            f'#import "{TEMPLATE_DIR}/{TEMPLATE.name}": *\n'
            f"{functions}"
            "#show: edition.with(\n"
            f"  title: {string(page.title)}, subtitle: {string(page.subtitle)},\n"
            f"  authors: {strings(page.authors)}, editors: {strings(editors)},\n"
            f"  version: {string(page.version)}, version-date: {string(page.version_date)},\n"
            f"  publisher: {string(page.publisher)}, licence: {string(page.licence)},\n"
            f"  citation: {string(cited)}, subject: {string(subject)},\n"
            f"  keywords: {strings(header.keywords(document))}, date: {date},\n"
            f"  {language_arguments(document.root.get(XML_LANG, ''))},\n"
            ")\n"
        )

    def traced(self, complaint: str, diagnostic: str = "") -> TypstBuildError:
        """The compiler's complaint, said of the TEI (its Typst source is the builder's, and
        gone with a failed build): a character no bundled font has is found in the TEI."""
        try:
            source = self.pdf_source()
        except TypstBuildError:
            source = None
        missing = MISSING_GLYPH.search(complaint)
        if missing is not None and source is not None:
            text = missing.group("text")
            codes = ", ".join(f"U+{ord(c):04X}" for c in text)
            where = _first_place(source, text)
            return TypstBuildError(
                f"the PDF's fonts (Libertinus, bundled with typst) have no glyph for {text!r} "
                f"({codes}), and a tagged PDF may not leave one out; the web edition shows it, "
                "the PDF cannot be made while the text has it (replace it where it stands)",
                where,
            )
        where = self.tei_place_of_error(diagnostic) or (f"{source}:1" if source else "")
        return TypstBuildError(f"the typesetter stopped: {complaint}", where)

    def tei_place_of_error(self, diagnostic: str) -> str:
        """file:line in the TEI of the paragraph the compiler stopped in: the last place the
        Typst source names (markup.tei_place) at or before the line of the error."""
        typ = Path(self.outdir, f"{self.pdf_name()}.typ")
        position = re.search(rf"{re.escape(typ.name)}:(\d+):\d+", diagnostic)
        if position is None:
            return ""
        return tei_place_before(text_or_empty(typ), int(position.group(1)))

    def finish(self) -> None:
        if self.failed:
            return
        try:
            self.compile_pdf()
        except TypstBuildError as error:
            error.report(self._app)

    def compile_pdf(self) -> None:
        """The Typst source compiled into the PDF, with its page map (raises TypstBuildError,
        located in the TEI where the compiler's complaint can be traced there)."""
        import typst

        out = Path(self.outdir)
        stem = self.pdf_name()
        if self.up_to_date:
            logger.info("PDF up to date: %s", out / f"{stem}.pdf")
            return
        try:
            typst.compile(
                str(out / f"{stem}.typ"),
                output=str(out / f"{stem}.pdf"),
                root=str(out),
                font_paths=[],
                ignore_system_fonts=True,  # the bundled fonts only: the same PDF on every machine
                pdf_standards=["ua-1"],  # tagged; a missing glyph is an error, not an empty box
                timestamp=self.stamp,
            )
        except Exception as error:  # typst raises its own TypstError
            raise self.traced(str(error), str(getattr(error, "diagnostic", ""))) from None
        logger.info("PDF written: %s", out / f"{stem}.pdf")
        pages = pdf_pages(out / f"{stem}.typ", out)
        (out / f"{stem}.pages.json").write_text(json.dumps(pages, indent=1) + "\n", "utf-8")
        (out / STAMP).write_text(str(self.stamp), "utf-8")


MISSING_GLYPH = re.compile(r"the text `\"(?P<text>.+?)\"` could not be displayed with font")
MAX_EPOCH = 253402300799  # 9999-12-31: the latest date a PDF can carry


def pdf_pages(source: Path, root: Path) -> dict[str, int]:
    """Paragraph id -> the page of the PDF it is printed on (in the text printed with notes),
    as Typst lays it out: the index of citable units gives it beside each paragraph's URL."""
    import typst

    found = typst.query(
        str(source),
        f"<{CITABLE_LABEL}>",
        field="value",
        root=str(root),
        font_paths=[],
        ignore_system_fonts=True,
    )
    units = json.loads(found) if isinstance(found, str | bytes) else found
    return {str(unit["id"]): int(unit["page"]) for unit in units}


def setup(app: Any) -> None:
    card.setup(app)
    app.add_config_value("edition_pdf_source", "", "env", types=[str])
    app.add_config_value("edition_pdf_name", "edition", "env", types=[str])
    app.add_config_value("edition_pdf_contents", [], "env", types=[list])
    app.add_builder(TypstBuilder)

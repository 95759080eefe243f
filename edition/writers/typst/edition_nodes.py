"""Typst visitors for the edition's own node types: how each phenomenon looks in print. The
standard docutils nodes are in translator.py; these visitors build on its helpers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from docutils import nodes
from sphinx import addnodes

from edition.core.behaviours import (
    Break,
    ChoiceReading,
    ChosenReading,
    Editorial,
    EditorialChoice,
    Generated,
    HardBreak,
    LineBreak,
    MarkupName,
    NameMention,
    TeiAnchor,
    TeiBlockQuote,
    TeiBold,
    TeiDivision,
    TeiFigure,
    TeiHead,
    TeiInline,
    TeiInlineBlock,
    TeiItalic,
    TeiItem,
    TeiLine,
    TeiLineGroup,
    TeiList,
    TeiNote,
    TeiParagraph,
    TeiPointer,
    TeiQuote,
    TeiSubscript,
    TeiSuperscript,
    TeiTable,
    ToggleControl,
    ToggleGroup,
    UnknownElement,
    ViewSwitcher,
    WordBoundary,
    WordJoin,
)
from edition.core.convert import TeiText
from edition.core.view import VIEWS
from edition.ext.citepage import CiteDetails, CiteEdition, CiteParagraph, RecordLink
from edition.ext.directive import PageContents
from edition.ext.frontmatter import TitlePage
from edition.ext.published import DownloadLine, DownloadList
from edition.page.apparatus import (
    COMMENTARY,
    DivisionTitle,
    EntryLabel,
    EntryLocus,
    Lemma,
    NoteCue,
    NoteHeading,
    NoteList,
    ParagraphLocus,
)
from edition.page.layout import (
    ColumnHeading,
    SynopticCell,
    SynopticRow,
    SynopticText,
    ViewText,
    WitnessReading,
)
from edition.page.pagelinks import (
    EditionLink,
    InterventionLink,
    ReadingLocus,
    RegisterLink,
    WitnessPlace,
)
from edition.writers.typst.markup import enclosing, label_name, printed_with_notes, string


class Translator(Protocol):
    """What these visitors use of TypstTranslator (a protocol, so the mixin type-checks)."""

    labels: set[str]
    section_level: int

    @property
    def body(self) -> list[str]: ...
    def anchor(self, node: nodes.Element) -> None: ...
    def render(self, children: Iterable[nodes.Node]) -> str: ...
    def skip(self, node: nodes.Node) -> None: ...
    def pass_(self, node: nodes.Node) -> None: ...
    def visit_paragraph(self, node: nodes.Element) -> None: ...
    def depart_paragraph(self, node: nodes.Element) -> None: ...
    def bold_line(self, node: nodes.Element) -> None: ...
    def heading(self, node: nodes.Element, level: int, *, anchored: bool = True) -> None: ...
    def visit_container(self, node: nodes.Element) -> None: ...
    def depart_container(self, node: nodes.Element) -> None: ...
    def visit_literal(self, node: nodes.Element) -> None: ...
    def visit_strong(self, node: nodes.Element) -> None: ...
    def visit_inline(self, node: nodes.Element) -> None: ...
    def depart_inline(self, node: nodes.Element) -> None: ...
    def visit_reference(self, node: nodes.Element) -> None: ...
    def visit_line_block(self, node: nodes.Element) -> None: ...
    def visit_TeiHead(self, node: nodes.Element) -> None: ...


CITABLE_LABEL = "edition-citable"


class EditionNodeVisitors:
    """Mixed into TypstTranslator (self is one); a test checks every node type of ours is here."""

    def visit_ViewText(self: Translator, node: nodes.Element) -> None:
        """A view that keeps the source's lines is set as the witness, line for line; one that
        does not is the edited text, with line numbers."""
        self.anchor(node)
        view = VIEWS.get(str(node.get("view", "")))
        template = "witness-text" if view is not None and view.line_breaks else "numbered-lines"
        self.body.append(f"\n\n#{template}[{self.render(node.children)}]\n\n")
        raise nodes.SkipNode

    def visit_SynopticText(self: Translator, node: nodes.Element) -> None:
        self.visit_container(node)

    def depart_SynopticText(self: Translator, node: nodes.Element) -> None:
        self.depart_container(node)

    def visit_SynopticRow(self: Translator, node: nodes.Element) -> None:
        self.anchor(node)
        cells = [self.render([cell]) for cell in node.children]
        self.body.append(f"\n\n#synoptic-row[{cells[0]}][{cells[1]}]\n\n")
        raise nodes.SkipNode

    def visit_SynopticCell(self: Translator, node: nodes.Element) -> None:
        self.anchor(node)
        view = VIEWS.get(str(node.get("view", "")))
        if view is not None and view.line_breaks:  # the witness's column, set as the witness
            self.body.append(f"\n\n#witness-text[{self.render(node.children)}]\n\n")
            raise nodes.SkipNode

    def depart_SynopticCell(self: Translator, node: nodes.Element) -> None:
        self.depart_container(node)

    def visit_NoteList(self: Translator, node: nodes.Element) -> None:
        """Textual and authors' notes are printed as footnotes where referenced; the
        commentary once, as endnotes after the text printed with notes."""
        if node["kind"] != COMMENTARY.css or not printed_with_notes(node):
            raise nodes.SkipNode
        self.visit_container(node)

    def depart_NoteList(self: Translator, node: nodes.Element) -> None:
        self.depart_container(node)

    def visit_CiteEdition(self: Translator, node: nodes.Element) -> None:
        self.skip(node)  # the web's 'cite this'; the PDF's title verso has the citation

    def visit_CiteParagraph(self: Translator, node: nodes.Element) -> None:
        self.skip(node)

    def visit_CiteDetails(self: Translator, node: nodes.Element) -> None:
        self.skip(node)

    def visit_DownloadLine(self: Translator, node: nodes.Element) -> None:
        self.skip(node)

    def visit_DownloadList(self: Translator, node: nodes.Element) -> None:
        self.skip(node)

    def visit_TitlePage(self: Translator, node: nodes.Element) -> None:
        self.skip(node)  # the template sets the PDF's own

    def visit_DivisionTitle(self: Translator, node: nodes.Element) -> None:
        self.visit_TeiHead(node)

    def visit_PageContents(self: Translator, node: nodes.Element) -> None:
        self.skip(node)  # the PDF's own outline lists its headings

    def visit_WitnessPlace(self: Translator, node: nodes.Element) -> None:
        self.skip(node)  # a link to the diplomatic view: nothing to follow on paper

    def visit_EntryLocus(self: Translator, node: nodes.Element) -> None:
        self.skip(node)  # print keys each entry by its page and line

    def visit_Lemma(self: Translator, node: nodes.Element) -> None:
        self.visit_strong(node)

    def visit_ColumnHeading(self: Translator, node: nodes.Element) -> None:
        self.bold_line(node)

    def visit_NoteHeading(self: Translator, node: nodes.Element) -> None:
        """'Commentary' after a text printed with notes is a heading under the text's, so
        that it is in the contents and the bookmarks."""
        if not printed_with_notes(node) or "depth" not in node:
            self.bold_line(node)
        self.heading(node, self.section_level + int(node["depth"]))

    def visit_WitnessReading(self: Translator, node: nodes.Element) -> None:
        self.skip(node)  # the print has the diplomatic transcription and the synoptic text

    def visit_TeiParagraph(self: Translator, node: nodes.Element) -> None:
        self.visit_paragraph(node)

    def depart_TeiParagraph(self: Translator, node: nodes.Element) -> None:
        self.depart_paragraph(node)

    def visit_TeiHead(self: Translator, node: nodes.Element) -> None:
        # A heading of the text itself ("WHAT TO DO?"): in the outline, like the chapters,
        # except in the synoptic rows, where it stands twice.
        if enclosing(node, SynopticText) is not None:
            self.bold_line(node)
        self.heading(node, self.section_level + 1)

    def visit_TeiDivision(self: Translator, node: nodes.Element) -> None:
        self.visit_container(node)

    def depart_TeiDivision(self: Translator, node: nodes.Element) -> None:
        self.depart_container(node)

    def visit_TeiText(self: Translator, node: nodes.Element) -> None:
        self.visit_container(node)

    def depart_TeiText(self: Translator, node: nodes.Element) -> None:
        self.depart_container(node)

    def visit_MarkupName(self: Translator, node: nodes.Element) -> None:
        self.visit_literal(node)

    def visit_TeiInline(self: Translator, node: nodes.Element) -> None:
        self.visit_inline(node)

    def depart_TeiInline(self: Translator, node: nodes.Element) -> None:
        self.depart_inline(node)

    def visit_TeiInlineBlock(self: Translator, node: nodes.Element) -> None:
        self.visit_inline(node)

    def depart_TeiInlineBlock(self: Translator, node: nodes.Element) -> None:
        self.depart_inline(node)

    def visit_UnknownElement(self: Translator, node: nodes.Element) -> None:
        self.visit_inline(node)

    def depart_UnknownElement(self: Translator, node: nodes.Element) -> None:
        self.depart_inline(node)

    def visit_ChoiceReading(self: Translator, node: nodes.Element) -> None:
        self.visit_inline(node)

    def depart_ChoiceReading(self: Translator, node: nodes.Element) -> None:
        self.depart_inline(node)

    def visit_EditorialChoice(self: Translator, node: nodes.Element) -> None:
        self.visit_inline(node)

    def depart_EditorialChoice(self: Translator, node: nodes.Element) -> None:
        self.depart_inline(node)

    def visit_ChosenReading(self: Translator, node: nodes.Element) -> None:
        self.anchor(node)
        if printed_with_notes(node):
            return  # discreet in the text printed with notes: the footnote number marks it
        self.body.append(f"#intervention[{self.render(node.children)}]")
        raise nodes.SkipNode

    def depart_ChosenReading(self: Translator, node: nodes.Element) -> None:
        self.pass_(node)

    def visit_TeiPointer(self: Translator, node: nodes.Element) -> None:
        self.visit_reference(node)

    def visit_EditionLink(self: Translator, node: nodes.Element) -> None:
        self.visit_reference(node)

    def visit_RegisterLink(self: Translator, node: nodes.Element) -> None:
        self.visit_reference(node)

    def visit_NameMention(self: Translator, node: nodes.Element) -> None:
        self.anchor(node)

    def depart_NameMention(self: Translator, node: nodes.Element) -> None:
        self.pass_(node)

    def visit_InterventionLink(self: Translator, node: nodes.Element) -> None:
        if not node.astext():  # an omission of the witness: a caret marks the place
            node = node.deepcopy()
            node.children = [nodes.Text("\u2038")]
        self.visit_reference(node)

    def visit_ParagraphLocus(self: Translator, node: nodes.Element) -> None:
        cell = enclosing(node, SynopticCell)
        if cell is not None and cell.parent.index(cell) > 0:
            raise nodes.SkipNode  # the row's § stands once, beside its first column
        self.body.append(f"#locus({string(node.astext())});")
        if printed_with_notes(node) and node.get("refid"):
            # Where the paragraph is printed, for the index of citable units (pdf_pages()).
            unit = f"(id: {string(str(node['refid']))}, page: here().page())"
            self.body.append(f"#context [#metadata({unit})<{CITABLE_LABEL}>]")
        raise nodes.SkipNode

    def visit_ReadingLocus(self: Translator, node: nodes.Element) -> None:
        content = self.render(node.children)
        name = label_name("reading", node["tei_target"])
        page = ""
        if name in self.labels:
            page = f", p.~#context counter(page).at(<{name}>).first()"
        self.body.append(content + page)
        raise nodes.SkipNode

    def visit_LineBreak(self: Translator, node: nodes.Element) -> None:
        self.body.append("#linebreak()")
        raise nodes.SkipNode

    def visit_TeiNote(self: Translator, node: nodes.Element) -> None:
        self.skip(node)

    def visit_TeiLineGroup(self: Translator, node: nodes.Element) -> None:
        self.visit_line_block(node)

    def visit_TeiLine(self: Translator, node: nodes.Element) -> None:
        self.visit_inline(node)

    def depart_TeiLine(self: Translator, node: nodes.Element) -> None:
        self.depart_inline(node)


# Our own node types: each has its visitor above, or its docutils base's in translator.py (a
# test keeps this list and the behaviours in step).
OWN_NODES = (
    TeiText,
    TeiDivision,
    TeiParagraph,
    TeiHead,
    TeiLineGroup,
    TeiLine,
    TeiInlineBlock,
    TeiInline,
    TeiItalic,
    TeiBold,
    TeiSuperscript,
    TeiSubscript,
    TeiQuote,
    TeiBlockQuote,
    TeiList,
    TeiItem,
    TeiTable,
    TeiFigure,
    TeiAnchor,
    Generated,
    UnknownElement,
    EditorialChoice,
    ChoiceReading,
    ChosenReading,
    Editorial,
    TeiNote,
    LineBreak,
    HardBreak,
    WordJoin,
    WordBoundary,
    Break,
    TeiPointer,
    MarkupName,
    ParagraphLocus,
    InterventionLink,
    ReadingLocus,
    EditionLink,
    RegisterLink,
    NameMention,
    WitnessReading,
    DivisionTitle,
    NoteHeading,
    EntryLocus,
    EntryLabel,
    Lemma,
    NoteCue,
    WitnessPlace,
    ViewSwitcher,
    ToggleGroup,
    ToggleControl,
    ViewText,
    SynopticText,
    SynopticRow,
    SynopticCell,
    ColumnHeading,
    PageContents,
    NoteList,
    TitlePage,
    CiteEdition,
    CiteParagraph,
    CiteDetails,
    RecordLink,
    DownloadLine,
    DownloadList,
    addnodes.pending_xref,
)

"""The closed set of behaviours: node classes the TEI becomes, and how each renders per builder.

Each class subclasses the docutils node whose default rendering is right, so a builder nobody
wrote code for (xml, epub, man, texinfo) still renders it; visitors exist only where the default
would be wrong. Nodes whose content depends on the view say so in ``in_view``.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import MappingProxyType
from typing import Any, ClassVar

from docutils import nodes

from edition.core.node import EVERYWHERE, PRINT_AND_TEXT, EditionNode
from edition.core.view import View

# What a node becomes in a view: (a new childless node or None to splice, the original children
# to project into it). The projection copies; the converted tree is never changed.
Projection = list[tuple[nodes.Node | None, Sequence[nodes.Node]]]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Building a doctree allocates many objects that all live on (parent links make cycles);
    the cyclic collector's passes over them during the walk find nothing to free and took
    most of the time (benchmarks/corpus.py throughput). Paused for the walk, then resumed."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class Projected:
    """Mixin: a node whose content depends on the view."""

    def in_view(self, view: View) -> Projection:
        raise NotImplementedError


class SeparateFlow:
    """Mixin: text outside the running text (notes): its own whitespace flow."""


class FlowBreak:
    """Mixin: ends a line within a block."""


# -- blocks ---------------------------------------------------------------------------------
class TeiDivision(EditionNode, nodes.container):
    """A division: div, a letter part grouping blocks, front/back matter, a text of a group."""


class TeiParagraph(EditionNode, nodes.paragraph):
    """A block of running text: p, ab, dateline, salute, signed ..."""


class TeiHead(EditionNode, nodes.rubric):
    """A heading that is part of the text, not a section title of the editors."""

    @staticmethod
    def visit_typst(translator: Any, node: nodes.Element) -> None:
        # In the PDF's outline, like the chapters; except in the synoptic rows, where it
        # stands twice.
        if translator.side_by_side(node):
            translator.bold_line(node)
        translator.heading(node, translator.section_level + 1)


class TeiInlineBlock(EditionNode, nodes.inline):
    """A block standing in running text (a <signed> inside a closer's sentence)."""


class TeiLineGroup(EditionNode, nodes.line_block):
    """Verse lines (lg), or address lines."""


class TeiLine(EditionNode, nodes.line):
    """One verse line (l) or address line (addrLine)."""

    @staticmethod
    def visit_typst(translator: Any, node: nodes.Element) -> None:
        translator.visit_inline(node)  # its group sets the line ends

    @staticmethod
    def depart_typst(translator: Any, node: nodes.Element) -> None:
        translator.depart_inline(node)


class TeiList(EditionNode, nodes.bullet_list):
    """A list."""


class TeiItem(EditionNode, nodes.list_item):
    """An item of a list."""


class TeiTable(EditionNode, nodes.table):
    """A table; rows and cells are docutils' own."""


class TeiFigure(EditionNode, nodes.container):
    """A figure: its heading, description and a link to the graphic (never fetched)."""


class TeiBlockQuote(EditionNode, nodes.block_quote):
    """A quotation set off from the text."""


class TeiInset(EditionNode, nodes.sidebar):
    """A text inside the text (floatingText: a letter copied whole into another, a document
    inserted), set apart as an inset. Builders without a visitor of ours render the sidebar
    it is: an aside on the web, a boxed block in LaTeX, an indented block in plain text."""

    css = """
aside.tei-inset { margin: 1em 0; padding: 0.4em 1em; border-inline-start: 3px solid currentColor;
  float: none; width: auto; background: none; }
"""
    typst_functions = MappingProxyType(
        {
            "inset": "#let inset(body) = block(inset: (x: 1em, y: 0.6em), "
            "stroke: (left: 0.6pt), breakable: true, body)"
        }
    )

    @staticmethod
    def visit_typst(translator: Any, node: nodes.Element) -> None:
        translator.anchor(node)
        translator.body.append(f"\n\n#inset[{translator.render(node.children)}]\n\n")
        raise nodes.SkipNode


# -- inline ---------------------------------------------------------------------------------
class TeiInline(EditionNode, nodes.inline):
    """A phrase rendered as its text, with class hooks (tei-<name>, tei-<name>-<rend>)."""


class TeiItalic(EditionNode, nodes.emphasis):
    """Italic (hi rend="italic", emph, title of a book)."""


class TeiBold(EditionNode, nodes.strong):
    """Bold."""


class TeiSuperscript(EditionNode, nodes.superscript):
    """Raised."""


class TeiSubscript(EditionNode, nodes.subscript):
    """Lowered."""


class TeiQuote(EditionNode, nodes.inline):
    """q, quote, said in running text: the marks are Generated children."""


class Generated(EditionNode, nodes.inline):
    """Text the edition adds (quotation marks, a gap sign, a page number): never a source
    character, so tests can tell it apart."""


class MarkupName(EditionNode, nodes.literal):
    """Code, or the name of an element, attribute or value, in editorial prose."""


class NameMention(EditionNode, nodes.inline):
    """A mention with register entries in 'tei_refs' (the page layer links it)."""

    @staticmethod
    def visit_typst(translator: Any, node: nodes.Element) -> None:
        translator.anchor(node)  # its words as they are; the register's link is the web's

    @staticmethod
    def depart_typst(translator: Any, node: nodes.Element) -> None:
        pass


class TeiPointer(EditionNode, nodes.reference):
    """A link to an element of the same TEI document ('tei_target')."""


class TeiAnchor(EditionNode, nodes.inline):
    """An empty place a note or link can point to."""


class UnknownElement(EditionNode, nodes.inline):
    """An element no rule knows: its text kept, a warning given."""


# -- breaks ---------------------------------------------------------------------------------
class WordJoin(EditionNode, nodes.inline):
    """Where a break falls inside a word: the layout space around it is removed."""

    omitted_in = EVERYWHERE  # a mark for the projection's whitespace pass, never output


class WordBoundary(EditionNode, nodes.inline):
    """Where two parts must not run together (a block in a sentence, a page marker): a space
    unless one is already there or punctuation follows."""

    omitted_in = EVERYWHERE


def writes(markup: str) -> Any:
    """A visitor that writes markup of its writer's own in place of the node."""

    def visit(translator: Any, node: nodes.Element) -> None:
        translator.body.append(markup)
        raise nodes.SkipNode

    return visit


class LineEnd(EditionNode, FlowBreak, nodes.inline):
    """A line end in the output: each builder writes one in its own markup."""

    @staticmethod
    def visit_html(translator: Any, node: nodes.Element) -> None:
        translator.body.append(translator.emptytag(node, "br", ""))
        raise nodes.SkipNode

    @staticmethod
    def visit_text(translator: Any, node: nodes.Element) -> None:
        translator.add_text("\n")
        raise nodes.SkipNode

    # The line end in each writer's own markup.
    visit_latex = staticmethod(writes("\\\\\n"))
    visit_man = staticmethod(writes("\n.br\n"))
    visit_texinfo = staticmethod(writes("@*\n"))
    visit_typst = staticmethod(writes("#linebreak()"))


class HardBreak(LineEnd):
    """A line end every view keeps: between address lines, before a block in running text."""


class LineBreak(Projected, LineEnd):
    """A line break of the source; views that keep line breaks show it."""

    def in_view(self, view: View) -> Projection:
        if view.line_breaks:
            return [(self.copy(), ())]
        if self.get("break") == "no":
            return [(WordJoin(), ())]
        return [(nodes.Text(" "), ())]


class Break(EditionNode, Projected, nodes.inline):
    """pb, cb, milestone: a locus, never text; 'kind' and 'n' give the marker."""

    MARKERS: ClassVar[dict[str, str]] = {"page": "[p. {}]", "column": "[col. {}]"}

    def in_view(self, view: View) -> Projection:
        marker = self.MARKERS.get(str(self.get("kind")))
        children: list[nodes.Node] = []
        if marker and self.get("n"):
            children.append(Generated("", marker.format(self["n"]), classes=["tei-break-n"]))
        result: Projection = [(self.copy(), children)]
        # Inside a word: no layout space on either side; else a word boundary on both sides.
        edge = WordJoin if self.get("break") == "no" else WordBoundary
        if children or edge is WordJoin:
            result = [(edge(), ()), *result, (edge(), ())]
        return result


# -- notes ----------------------------------------------------------------------------------
class TeiNote(EditionNode, SeparateFlow, nodes.inline):
    """A note where it stands: the page layer makes it a footnote (or drops it when it points
    elsewhere with @target: it is listed at its target)."""

    omitted_in = EVERYWHERE  # what is left of one after the page layer is not the text


# -- alternatives and editorial roles -------------------------------------------------------
class ChoiceReading(EditionNode, nodes.inline):
    """One alternative ('reading' names its role: sic, corr, lem, rdg ...)."""


class ChosenReading(EditionNode, nodes.inline):
    """What a view shows of a set of alternatives; keeps its id for the links between views.
    In print, a dotted underline marks it, except in the text printed with its notes, where
    the footnote's number does."""

    typst_functions = MappingProxyType(
        {
            "intervention": "#let intervention(body) = "
            'underline(stroke: (thickness: 0.4pt, dash: "dotted"), offset: 2pt, body)',
        }
    )

    @staticmethod
    def visit_typst(translator: Any, node: nodes.Element) -> None:
        translator.anchor(node)
        if translator.printed_with_notes(node):
            return
        translator.body.append(f"#intervention[{translator.render(node.children)}]")
        raise nodes.SkipNode

    @staticmethod
    def depart_typst(translator: Any, node: nodes.Element) -> None:
        pass


CERTAINTY = {"high": 3, "medium": 2, "low": 1}


class EditorialChoice(EditionNode, Projected, nodes.inline):
    """choice, app: all alternatives of one place until a view picks one by role."""

    def readings(self) -> list[ChoiceReading]:
        return [child for child in self.children if isinstance(child, ChoiceReading)]

    def reading_for(self, view: View) -> ChoiceReading | None:
        readings = self.readings()
        for wanted in view.prefer:
            # A nested choice offers its own readings' roles; of several readings of one role,
            # the one the editors are surest of.
            matching = [
                r for r in readings if r["reading"] == wanted or wanted in r.get("roles", ())
            ]
            if matching:
                return max(matching, key=lambda r: CERTAINTY.get(str(r.get("cert", "")), 0))
        return readings[0] if readings else None

    def in_view(self, view: View) -> Projection:
        chosen = self.reading_for(view)
        shown = ChosenReading()
        for key in ("tei_id", "tei_line", "tei_resp"):
            if key in self:
                shown[key] = self[key]
        shown["reading"] = chosen["reading"] if chosen else ""
        shown["classes"] = ["tei-choice", f"tei-{shown['reading']}"]
        return [(shown, chosen.children if chosen else ())]


class Editorial(EditionNode, Projected, nodes.inline):
    """add, del, supplied, unclear, gap, sic, corr ... standing alone: 'role' says which, and
    the view says whether it shows that role. With an id or @resp it is an intervention."""

    # Marks that keep the role readable where no styling survives (plain text, print).
    MARKS: ClassVar[dict[str, tuple[str, str]]] = {
        "supplied": ("[", "]"),
        "del": ("⟦", "⟧"),
        "surplus": ("{", "}"),
    }
    EMPTY: ClassVar[dict[str, str]] = {"gap": "[…]", "space": " "}

    def in_view(self, view: View) -> Projection:
        role = str(self["role"])
        if role in view.hides:
            return []
        shell = self.copy()
        children: list[nodes.Node] = list(self.children)
        if role in self.EMPTY and not children:
            children = [Generated("", self.EMPTY[role], classes=[f"tei-{role}-sign"])]
        if role in self.MARKS and role in view.marks:
            opening, closing = self.MARKS[role]
            children = [Generated("", opening), *children, Generated("", closing)]
        return [(shell, children)]


def is_intervention(node: nodes.Node) -> bool:
    """An editorial node the editors answer for: it has an id or names who is responsible."""
    return isinstance(node, EditorialChoice | Editorial | ChosenReading) and bool(
        node.get("tei_id") or node.get("tei_resp")
    )


# -- the page layer's controls: HTML only, skipped by builders without a reader to click -----
class ViewSwitcher(EditionNode, nodes.container):
    """Links to the other views of a text: the web's only."""

    omitted_in = PRINT_AND_TEXT

    @staticmethod
    def visit_html(translator: Any, node: nodes.Element) -> None:
        translator.body.append(
            translator.starttag(node, "nav", "", **{"aria-label": node.get("label", "")})
        )

    @staticmethod
    def depart_html(translator: Any, node: nodes.Element) -> None:
        translator.body.append("</nav>")


class ToggleControl(EditionNode, nodes.Element):
    """A CSS-driven control (no JavaScript): 'kind' checkbox or radio, 'name', 'control_id',
    'label', 'checked', and the classes of its group. A builder without a reader to click
    leaves it out."""

    omitted_in = PRINT_AND_TEXT

    @staticmethod
    def visit_html(translator: Any, node: nodes.Element) -> None:
        attributes: dict[str, Any] = {"type": str(node["kind"]), "ids": [str(node["control_id"])]}
        if node.get("name"):
            attributes["name"] = str(node["name"])
        if node.get("checked"):
            attributes["checked"] = "checked"
        # starttag escapes every value; emptytag closes the element (valid XHTML for EPUB).
        translator.body.append(translator.emptytag(node, "input", "", **attributes))
        label = nodes.Element()  # the label has none of the input's classes
        for_ = str(node["control_id"])
        translator.body.append(translator.starttag(label, "label", "", FOR=for_))
        translator.body.append(translator.encode(str(node["label"])) + "</label>")
        raise nodes.SkipNode


class ToggleGroup(EditionNode, nodes.container):
    """A group of controls (role=group, 'label' is its accessible name)."""

    omitted_in = PRINT_AND_TEXT

    @staticmethod
    def visit_html(translator: Any, node: nodes.Element) -> None:
        attributes = {"role": "group", "aria-label": node.get("label", "")}
        translator.body.append(translator.starttag(node, "div", "", **attributes))

    @staticmethod
    def depart_html(translator: Any, node: nodes.Element) -> None:
        translator.body.append("</div>")

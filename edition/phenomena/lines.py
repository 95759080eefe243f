"""<lb> and <pb>: the witness's line and page breaks, kept in the diplomatic view only."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from lxml import etree

from ..views import FlowBreak, View
from .base import annotate

if TYPE_CHECKING:
    from ..convert import Converter, ConvertFn


class LineBreak(FlowBreak, nodes.inline):
    """A line break of the witness; break="no" means it falls inside a word."""

    def in_view(self, view: View) -> list[nodes.Node]:
        if view.line_breaks:
            return [self.deepcopy()]
        return [] if self.get("break") == "no" else [nodes.Text(" ")]


class PageBreak(nodes.inline):
    """A page break of the witness: a locus for citation, never text."""


def line_break(element: etree._Element, converter: Converter) -> list[nodes.Node]:
    node = annotate(LineBreak(), element)
    if element.get("break"):
        node["break"] = element.get("break")
    return [node]


def page_break(element: etree._Element, converter: Converter) -> list[nodes.Node]:
    node = annotate(PageBreak(), element)
    if element.get("n"):
        node["n"] = element.get("n")
    return [node]


def visit_line_break_html(translator: Any, node: LineBreak) -> None:
    translator.body.append(translator.emptytag(node, "br", "", CLASS="tei-lb"))
    raise nodes.SkipNode


def visit_line_break_text(translator: Any, node: LineBreak) -> None:
    translator.add_text("\n")
    raise nodes.SkipNode


def skip(translator: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


HANDLERS: dict[str, ConvertFn] = {"lb": line_break, "pb": page_break, "cb": page_break}

# Builders whose base-class rendering (an empty inline) would lose the line break.
SPHINX_VISITORS = {
    LineBreak: {
        "html": (visit_line_break_html, skip),
        "text": (visit_line_break_text, skip),
    },
}

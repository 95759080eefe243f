"""Plain text of a projected tree: blocks separated by one blank line, offsets of every id."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from docutils import frontend, nodes
from docutils.utils import new_document


@dataclass(frozen=True)
class Span:
    """Where the text of an identified node lies: block number and character range in it."""

    block: int
    start: int
    end: int


@dataclass
class PlainText:
    blocks: list[str] = field(default_factory=list)
    spans: dict[str, Span] = field(default_factory=dict)

    def __str__(self) -> str:
        return "\n\n".join(self.blocks)


class PlainTextTranslator(nodes.NodeVisitor):
    """A docutils visitor; node classes choose their behaviour through their base classes.

    Not a GenericNodeVisitor: Sphinx's add_node gives that class a default visit_<Name> for
    every registered node, which would shadow the visitor of a node's docutils base here."""

    def __init__(self, document: nodes.document) -> None:
        super().__init__(document)
        self.result = PlainText()
        self._block: list[str] | None = None
        self._line_block_depth = 0
        self._row_depth = 0  # inside a table row: its cells are one block, apart by tabs
        self._open: dict[str, int] = {}
        self._methods: dict[tuple[str, type], Any] = {}

    # Dispatch by the class hierarchy, so a new node type inherits the text of its docutils
    # base; the method found for a class is remembered (the walk meets each class often).
    def _method(self, kind: str, node_class: type) -> Any:
        key = (kind, node_class)
        method = self._methods.get(key)
        if method is None:
            method = next(
                (
                    getattr(type(self), f"{kind}_{cls.__name__}")
                    for cls in node_class.__mro__
                    if hasattr(type(self), f"{kind}_{cls.__name__}")
                ),
                getattr(type(self), f"default_{'visit' if kind == 'visit' else 'departure'}"),
            )
            self._methods[key] = method
        return method

    def dispatch_visit(self, node: nodes.Node) -> None:
        self._method("visit", type(node))(self, node)

    def dispatch_departure(self, node: nodes.Node) -> None:
        self._method("depart", type(node))(self, node)

    def default_visit(self, node: nodes.Node) -> None:
        self._start_span(node)

    def default_departure(self, node: nodes.Node) -> None:
        self._end_span(node)

    def _length(self) -> int:
        return len("".join(self._block)) if self._block is not None else 0

    def _start_span(self, node: nodes.Node) -> None:
        if isinstance(node, nodes.Element) and "tei_id" in node:
            self._open[node["tei_id"]] = self._length()

    def _end_span(self, node: nodes.Node) -> None:
        if isinstance(node, nodes.Element) and "tei_id" in node:
            start = self._open.pop(node["tei_id"], 0)
            self.result.spans[node["tei_id"]] = Span(len(self.result.blocks), start, self._length())

    def _begin_block(self, node: nodes.Node) -> None:
        if self._block is None:
            self._block = []
        self._start_span(node)

    def _end_block(self, node: nodes.Node) -> None:
        self._end_span(node)
        if self._line_block_depth == 0 and self._row_depth == 0 and self._block is not None:
            block = "".join(self._block)
            # A paragraph stays a block though a view empties it (the loci count blocks); only
            # the holder of an editorial element among blocks (a running head the reading
            # text hides) goes with its content.
            if block or not (isinstance(node, nodes.Element) and node.get("holder")):
                self.result.blocks.append(block)
            self._block = None

    def visit_paragraph(self, node: nodes.Node) -> None:
        self._begin_block(node)

    def depart_paragraph(self, node: nodes.Node) -> None:
        self._end_block(node)

    visit_rubric = visit_title = visit_paragraph
    depart_rubric = depart_title = depart_paragraph

    def visit_line_block(self, node: nodes.Node) -> None:
        self._begin_block(node)
        self._line_block_depth += 1

    def depart_line_block(self, node: nodes.Node) -> None:
        self._line_block_depth -= 1
        self._end_block(node)

    def visit_row(self, node: nodes.Node) -> None:
        self._begin_block(node)
        self._row_depth += 1

    def depart_row(self, node: nodes.Node) -> None:
        self._row_depth -= 1
        self._end_block(node)

    def visit_entry(self, node: nodes.Node) -> None:
        if self._block:
            self._block.append("\t")
        self._start_span(node)

    def visit_line(self, node: nodes.Node) -> None:
        if self._block is None:  # a line outside a line block still starts one
            self._block = []
        if self._block:
            self._block.append("\n")
        self._start_span(node)

    def visit_Text(self, node: nodes.Node) -> None:
        if self._block is None:
            self._block = []  # text outside any block still belongs to the text
        self._block.append(str(node))

    def depart_Text(self, node: nodes.Node) -> None:
        pass

    def visit_FlowBreak(self, node: nodes.Node) -> None:
        if self._block is not None:
            self._block.append("\n")

    def visit_SeparateFlow(self, node: nodes.Node) -> None:
        raise nodes.SkipNode  # notes are not part of the running text

    def depart_document(self, node: nodes.Node) -> None:
        if self._block:
            self.result.blocks.append("".join(self._block))
            self._block = None


@cache
def _settings() -> Any:
    """docutils' default settings, made once: building them runs optparse over every option of
    every component (a millisecond a time, and the ledger renders each intervention)."""
    return frontend.get_default_settings()


def render(tree: nodes.Element) -> PlainText:
    """Plain text of an already projected tree."""
    document = new_document("<tei>", settings=_settings())
    document.append(tree)
    translator = PlainTextTranslator(document)
    document.walkabout(translator)
    document.remove(tree)
    return translator.result

"""Plain text of a projected tree: blocks separated by one blank line, offsets of every id."""

from __future__ import annotations

from dataclasses import dataclass, field

from docutils import nodes
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


class PlainTextTranslator(nodes.GenericNodeVisitor):
    """A docutils visitor; node classes choose their behaviour through their base classes."""

    def __init__(self, document: nodes.document) -> None:
        super().__init__(document)
        self.result = PlainText()
        self._block: list[str] | None = None
        self._line_block_depth = 0
        self._open: dict[str, int] = {}

    # Dispatch by the class hierarchy, so a new node type inherits the text of its docutils base.
    def dispatch_visit(self, node: nodes.Node) -> None:
        for cls in type(node).__mro__:
            method = getattr(self, f"visit_{cls.__name__}", None)
            if method is not None:
                method(node)
                return
        self.default_visit(node)

    def dispatch_departure(self, node: nodes.Node) -> None:
        for cls in type(node).__mro__:
            method = getattr(self, f"depart_{cls.__name__}", None)
            if method is not None:
                method(node)
                return
        self.default_departure(node)

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
        if self._line_block_depth == 0 and self._block is not None:
            self.result.blocks.append("".join(self._block))
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

    def visit_line(self, node: nodes.Node) -> None:
        assert self._block is not None
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


def render(tree: nodes.Element) -> PlainText:
    """Plain text of an already projected tree."""
    document = new_document("<tei>")
    document.append(tree)
    translator = PlainTextTranslator(document)
    document.walkabout(translator)
    document.remove(tree)
    return translator.result

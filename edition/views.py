"""Views as data and the one projection that turns the converted tree into a view."""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import MappingProxyType
from typing import Protocol, runtime_checkable

from docutils import nodes


@dataclass(frozen=True)
class View:
    """Which reading of each editorial choice a view shows, whether it keeps line breaks, and
    whether what the editors add (a title the witness lacks) is set in square brackets."""

    name: str
    prefer: tuple[str, ...]
    line_breaks: bool
    bracket_additions: bool


DIPLOMATIC = View(
    "diplomatic", prefer=("sic", "orig", "abbr"), line_breaks=True, bracket_additions=True
)
READING = View(
    "reading", prefer=("corr", "reg", "expan"), line_breaks=False, bracket_additions=False
)
VIEWS = MappingProxyType({view.name: view for view in (DIPLOMATIC, READING)})


@runtime_checkable
class Projectable(Protocol):
    """A node whose content depends on the view: it says what it becomes in each."""

    def in_view(self, view: View) -> list[nodes.Node]: ...


class SeparateFlow:
    """Mixin for nodes whose text is not part of the running text (notes): own whitespace flow."""


class FlowBreak:
    """Mixin for nodes that end a line within a block (a kept line break)."""


_BLOCKS = (nodes.paragraph, nodes.rubric, nodes.line, nodes.title, SeparateFlow)


def project(tree: nodes.Element, view: View, *, in_place: bool = False) -> nodes.Element:
    """A copy of tree as the view shows it; the tree itself is left untouched unless in_place
    (for a tree that is converted only to be shown once, as `edition text` does)."""
    projected = tree if in_place else tree.deepcopy()
    # Document order: an outer choice is resolved before the choices nested in its readings.
    for node in list(projected.findall(nodes.Element)):
        if isinstance(node, Projectable) and node.parent is not None:
            # The node decides everything about its replacement, attributes included.
            replace_child(node, node.in_view(view))
    for block in list(projected.findall(nodes.Element)):
        if isinstance(block, _BLOCKS):
            normalize_block_space(block)
    return projected


def replace_child(old: nodes.Node, new: list[nodes.Node]) -> None:
    """Replace old by new in its parent. docutils' own Element.replace finds the child with
    list.index, i.e. by equality: for Text nodes (strings) that can hit an equal sibling."""
    parent = old.parent
    if parent is None:
        return
    index = next(i for i, child in enumerate(parent.children) if child is old)
    parent[index : index + 1] = new


def _flow(block: nodes.Element) -> list[nodes.Node]:
    """Text nodes and line breaks of one block, in order, not descending into nested flows."""
    items: list[nodes.Node] = []

    def walk(node: nodes.Element) -> None:
        for child in node.children:
            if isinstance(child, nodes.Text | FlowBreak):
                items.append(child)
            elif isinstance(child, nodes.Element) and not isinstance(child, _BLOCKS):
                walk(child)

    walk(block)
    return items


# XML whitespace only: a no-break space (U+00A0) or a thin space is text, never layout. A single
# space is matched by neither branch, so ordinary prose is not copied piece by piece.
_LAYOUT_SPACE = re.compile(r"[\t\n\r][ \t\n\r]*| [ \t\n\r]+")


def _collapse(text: str) -> str:
    return _LAYOUT_SPACE.sub(" ", text)


def normalize_block_space(block: nodes.Element) -> None:
    """TEI's whitespace rule across inline boundaries: collapse runs, trim block and line ends."""
    items = _flow(block)
    new_texts: dict[int, str] = {}
    after_space = True  # the start of a block or line counts as following a space
    for index, item in enumerate(items):
        if isinstance(item, FlowBreak):
            after_space = True
            continue
        text = _collapse(str(item))
        if after_space:
            text = text.lstrip(" ")
        if text:
            after_space = text.endswith(" ")
        new_texts[index] = text
    # Trim spaces before line breaks and at the end of the block.
    trimming = True
    for index in range(len(items) - 1, -1, -1):
        if isinstance(items[index], FlowBreak):
            trimming = True
            continue
        if trimming:
            new_texts[index] = new_texts[index].rstrip(" ")
            trimming = not new_texts[index]
    for index, text in new_texts.items():
        old = items[index]
        if text != str(old):
            replace_child(old, [nodes.Text(text)])

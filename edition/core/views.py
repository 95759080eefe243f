"""The one projection: what each node of the converted tree becomes in a view (see view.py)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from docutils import nodes

from edition.core.behaviours import (
    FlowBreak,
    Projected,
    SeparateFlow,
    WordBoundary,
    WordJoin,
    collector_paused,
)
from edition.core.view import View

_BLOCKS = (nodes.paragraph, nodes.rubric, nodes.line, nodes.title, SeparateFlow)
# What is worked out once on the whole converted file and kept by every view, whatever a
# node becomes there (the page layer's note labels: a note is numbered alike in every view).
CARRIED = ("note_labels", "note_label")


def project(tree: nodes.Element, view: View, *, keep_emptied: bool = False) -> nodes.Element:
    """A copy of tree as the view shows it, in one walk; the tree itself is never changed.
    A block whose words the view hides whole is left out, unless keep_emptied (side-by-side
    rows, where the empty cell shows that one column has nothing there)."""
    with collector_paused():
        projected = _shell(tree)
        _project_into(projected, tree.children, view, keep_emptied)
        for block in list(projected.findall(nodes.Element)):
            if isinstance(block, _BLOCKS):
                normalize_block_space(block)
    return projected


def _shell(node: nodes.Element) -> nodes.Element:
    """A childless copy of node. Element.copy goes through __init__ and its keyword handling;
    at one copy per node and view this is most of a view's cost, and the attributes are
    all there is to copy (list values copied, as Element.copy does for its list attributes)."""
    shell = node.__class__.__new__(node.__class__)
    shell.rawsource = node.rawsource
    shell.children = []
    shell.attributes = {
        key: value[:] if type(value) is list else value for key, value in node.attributes.items()
    }
    shell.source, shell.line = node.source, node.line
    shell.tagname = node.tagname  # set per instance by Element.__init__
    return shell


def _attach(parent: nodes.Element, child: nodes.Node) -> None:
    # Element.append asks for the document root at every call (a walk up the parents); a
    # projected tree belongs to no document until the page takes it.
    parent.children.append(child)
    child.parent = parent


def _project_into(
    parent: nodes.Element, children: Iterable[nodes.Node], view: View, keep_emptied: bool = False
) -> None:
    for child in children:
        if type(child) is nodes.Text:
            _attach(parent, nodes.Text(child))
        elif isinstance(child, Projected):
            # The node decides what it becomes; what it contains is projected in turn.
            for shell, content in child.in_view(view):
                if shell is None:
                    _project_into(parent, content, view, keep_emptied)
                    continue
                if isinstance(shell, nodes.Element):
                    _carry(child, shell)
                    _project_into(shell, content, view, keep_emptied)
                _attach(parent, shell)
        elif isinstance(child, nodes.Element):
            copy = _shell(child)
            _project_into(copy, child.children, view, keep_emptied)
            if not keep_emptied and _emptied(child, copy):
                continue  # a block the view hides whole (a dateline only the print has)
            _attach(parent, copy)
        else:
            _attach(parent, child.deepcopy())


def _carry(original: nodes.Node, shell: nodes.Element) -> None:
    """The node a view makes of another (a choice's chosen reading) keeps what was worked
    out on the original, where it stands for the same TEI element."""
    if not isinstance(original, nodes.Element) or shell.get("tei_id") != original.get("tei_id"):
        return
    for key in CARRIED:
        if key in original and key not in shell:
            shell[key] = original[key]


_DROPPABLE = (*_BLOCKS, nodes.container, nodes.note, nodes.line_block)


def _emptied(original: nodes.Element, projected: nodes.Element) -> bool:
    """Whether a block (a paragraph, heading, division, note) had words and the view hid them
    all: it is then left out, so that a view shows no empty block where the source has only
    what the view hides. A block with an identifier stays: links land on it."""
    return (
        isinstance(original, _DROPPABLE)
        and not original.get("tei_id")
        and not projected.astext().strip()
        and bool(original.astext().strip())
    )


def replace_child(old: nodes.Node, new: list[nodes.Node]) -> None:
    """Replace old by new in its parent. docutils' own Element.replace finds the child with
    list.index, i.e. by equality: for Text nodes (strings) that can hit an equal sibling."""
    parent = old.parent
    if parent is None:
        return
    index = next(i for i, child in enumerate(parent.children) if child is old)
    parent[index : index + 1] = new


def _flow(block: nodes.Element) -> list[nodes.Node]:
    """Text nodes, line breaks and word joins of one block, in order, not entering nested flows."""
    items: list[nodes.Node] = []

    def walk(node: nodes.Element) -> None:
        for child in node.children:
            if isinstance(child, nodes.Text | FlowBreak | WordJoin | WordBoundary):
                items.append(child)
            elif isinstance(child, nodes.Element) and not isinstance(child, _BLOCKS):
                walk(child)

    walk(block)
    return items


# XML whitespace only: a no-break space (U+00A0) or a thin space is text, never layout. A single
# space is matched by neither branch, so ordinary prose is not copied piece by piece.
_LAYOUT_SPACE = re.compile(r"[\t\n\r][ \t\n\r]*| [ \t\n\r]+")


# Punctuation that closes up to the word before it: no boundary space before it.
_CLOSING = frozenset(".,;:!?)]}»\u201d\u2019…")


def _collapse(text: str) -> str:
    return _LAYOUT_SPACE.sub(" ", text)


def normalize_block_space(block: nodes.Element) -> None:
    """TEI's whitespace rule across inline boundaries: collapse runs, trim block and line ends,
    and join the two halves of a word a break with break="no" divides."""
    items = _flow(block)
    new_texts: dict[int, str] = {}
    after_space = True  # the start of a block or line counts as following a space
    last_text: int | None = None
    boundary = False
    for index, item in enumerate(items):
        if isinstance(item, WordBoundary):
            boundary = True
            continue
        if isinstance(item, WordJoin):
            if last_text is not None:
                new_texts[last_text] = new_texts[last_text].rstrip(" ")
            after_space = True  # the next half starts without a space
            continue
        if isinstance(item, FlowBreak):
            after_space = True
            continue
        text = _collapse(str(item))
        if after_space:
            text = text.lstrip(" ")
        if text and boundary and not after_space and text[0] not in _CLOSING | {" "}:
            text = " " + text
        if text:
            boundary = False
            after_space = text.endswith(" ")
        new_texts[index] = text
        last_text = index
    # Trim spaces before line breaks and at the end of the block.
    trimming = True
    for index in range(len(items) - 1, -1, -1):
        if isinstance(items[index], FlowBreak):
            trimming = True
            continue
        if isinstance(items[index], WordJoin | WordBoundary):
            continue
        if trimming:
            new_texts[index] = new_texts[index].rstrip(" ")
            trimming = not new_texts[index]
    for index, text in new_texts.items():
        old = items[index]
        if text != str(old):
            replace_child(old, [nodes.Text(text)])
    for join in items:
        if isinstance(join, WordJoin | WordBoundary):
            replace_child(join, [])

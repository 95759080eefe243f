"""table/row/cell -> a docutils table: rows of cells (with @cols spans), label rows as header."""

from __future__ import annotations

from collections.abc import Callable

from docutils import nodes
from lxml import etree

from edition.core.behaviours import TeiInline, TeiTable
from edition.core.phenomena import Walker
from edition.core.tei import is_tei, local_name

Annotate = Callable[[nodes.Element, etree._Element], nodes.Element]


def _span(cell: etree._Element) -> int:
    try:
        return max(1, min(int(cell.get("cols", "1")), 1000))
    except ValueError:
        return 1


def _tei_children(element: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in element if is_tei(c) and local_name(c) == name]


def table(
    element: etree._Element,
    converter: Walker,
    annotate: Annotate,
    inline_block: Callable[[nodes.Element, etree._Element], list[nodes.Node]],
) -> list[nodes.Node]:
    rows = _tei_children(element, "row")
    if converter.mixed or not rows:
        # In running text (or a table without rows): cells apart by spaces, rows by line ends.
        return inline_block(TeiInline("", "", *converter.children(element)), element)
    width = max(sum(_span(cell) for cell in _tei_children(row, "cell")) for row in rows) or 1
    node = annotate(TeiTable(), element)
    for head in _tei_children(element, "head"):
        node.append(nodes.title("", "", *converter.children(head)))
    group = nodes.tgroup(cols=width)
    node.append(group)
    group.extend(nodes.colspec(colwidth=1) for _ in range(width))
    header = nodes.thead()
    body = nodes.tbody()
    for row in rows:
        converted = nodes.row()
        for cell in _tei_children(row, "cell"):
            entry = nodes.entry("", *converter.blocks(cell))
            annotate(entry, cell)
            if _span(cell) > 1:
                entry["morecols"] = _span(cell) - 1
            converted.append(entry)
        # Only leading label rows can be a header: docutils has no header rows mid-table.
        if row.get("role") == "label" and not len(body):
            header.append(converted)
        else:
            body.append(converted)
    if len(header):
        group.append(header)
    group.append(body)
    return [node]

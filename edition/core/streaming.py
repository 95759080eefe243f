"""The plain text of a view, written part by part as the file is parsed (`edition text`).

Memory then follows the largest part of the text (a division, a letter), not the whole
document: each child of <front>, <body> and <back> (each text of a <group>) is converted,
projected and written when its end tag has been read, then dropped; the header and the standOff
(which the text of a view does not contain) are dropped as they end. The result is the same as
converting the whole document (a test compares them).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from docutils import nodes
from lxml import etree

from edition.core import text
from edition.core.convert import ConversionWarning, Converter, Reporter, TeiText, matter_child
from edition.core.tei import (
    SAFE_PARSING,
    TEI_NS,
    TeiError,
    check_encoding_streamed,
    check_size,
    check_tei_root,
    refuse_entities,
    start_tag_column,
    syntax_error,
)
from edition.core.view import View
from edition.core.views import project

BLOCK_SEPARATOR = "\n\n"
_CONTAINERS = {f"{{{TEI_NS}}}{name}" for name in ("TEI", "text", "group")}
FLOWS = {f"{{{TEI_NS}}}{name}" for name in ("front", "body", "back", "group")}
MATTER = {f"{{{TEI_NS}}}{name}" for name in ("front", "back")}
TEXT_PATH = [f"{{{TEI_NS}}}TEI", f"{{{TEI_NS}}}text"]


class StreamedSource:
    """Path and columns for warnings; a line is read from the file only when a warning needs it."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._lines: list[str] | None = None

    @property
    def path(self) -> Path:
        return self._path

    def column_of(self, element: etree._Element) -> int:
        line = element.sourceline
        if not line:
            return 1
        if self._lines is None:
            self._lines = self._path.read_text("utf-8", errors="replace").splitlines()
        if line > len(self._lines):
            return 1
        return start_tag_column(self._lines[line - 1], element)


class _Writer:
    """Joins blocks exactly as text.PlainText does: one blank line between blocks."""

    def __init__(self, write: Callable[[str], object]) -> None:
        self._write = write
        self._first = True

    def blocks(self, found: list[str]) -> None:
        for block in found:
            self._write(block if self._first else BLOCK_SEPARATOR + block)
            self._first = False


def stream_view_text(
    path: Path, view: View, write: Callable[[str], object], report: Reporter
) -> None:
    """Write the plain text of view for the TEI file at path, block by block."""
    check_size(path)
    check_encoding_streamed(path)
    # A first pass in constant memory: a malformed or hostile file is refused with the same
    # message as everywhere else, before a single character of output is written.
    _check_whole_file(path)
    source = StreamedSource(path)
    converter = Converter(source, report)
    out = _Writer(write)
    flow: etree._Element | None = None  # the front, body, back or group being read
    flow_text_done = False
    found_text = False
    stack: list[etree._Element] = []

    def emit(converted: list[nodes.Node]) -> None:
        if converted:
            tree = TeiText("", *converted)
            out.blocks(text.render(project(tree, view)).blocks)

    def flush_leading(child: etree._Element | None) -> None:
        """The flow's own text and the tails of comments before child, in document order."""
        nonlocal flow_text_done
        assert flow is not None
        converted: list[nodes.Node] = []
        if not flow_text_done:
            converter.text(flow.text, flow, False, converted)
            flow_text_done = True
        for sibling in list(flow):
            if sibling is child:
                break
            converter.text(sibling.tail, flow, False, converted)
            flow.remove(sibling)
        emit(converted)

    events = _parse_events(path, ("start", "end"))
    try:
        for event, element in events:
            if event == "start":
                path_tags = [e.tag for e in stack]
                if element.tag == TEXT_PATH[1] and path_tags == TEXT_PATH[:1]:
                    found_text = True
                if element.tag in FLOWS and path_tags == TEXT_PATH:
                    flow, flow_text_done = element, False
                stack.append(element)
                continue
            stack.pop()
            parent: etree._Element | None = stack[-1] if stack else None
            if parent is not None and flow is not None and parent is flow:
                owner: etree._Element = parent
                flush_leading(element)
                if owner.tag in MATTER:
                    converted = matter_child(element, converter)
                else:
                    converted = converter.convert(element)
                converter.text(element.tail, owner, False, converted)
                owner.remove(element)  # its text now lives in the nodes: free the parsed copy
                emit(converted)
            elif element is flow:
                flush_leading(None)
                flow = None
            elif parent is not None and [e.tag for e in stack] in (TEXT_PATH[:1], TEXT_PATH):
                # Header, standOff: not part of a view's text; free them now.
                element.clear(keep_tail=True)
    except etree.XMLSyntaxError as error:
        raise syntax_error(path, error) from None
    if not found_text:
        report(
            ConversionWarning(
                "no-body", "the document has no <text>; nothing to render", str(path), 1
            )
        )


def _parse_events(path: Path, events: tuple[str, ...]) -> etree.iterparse:
    return etree.iterparse(str(path), events=events, **SAFE_PARSING)


def _check_whole_file(path: Path) -> None:
    if path.stat().st_size == 0:  # iterparse's word for it differs from the parser's
        raise TeiError(path, "malformed XML: Document is empty", 1, 1)
    root: etree._Element | None = None
    try:
        for event, element in _parse_events(path, ("start", "end")):
            if root is None:
                root = element
            if event == "end":
                element.clear(keep_tail=False)
                parent = element.getparent()
                while parent is not None and element.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as error:
        raise syntax_error(path, error) from None
    if root is not None:
        refuse_entities(path, root.getroottree())
        check_tei_root(path, root)

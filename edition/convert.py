"""TEI tree -> docutils nodes in one walk, dispatched through the registry of phenomena."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Protocol

from docutils import nodes
from lxml import etree

from .phenomena import choice, lines, links, names, notes, phrases, specs, structure
from .tei import TeiDocument, is_tei, local_name

ConvertFn = Callable[[etree._Element, "Converter"], list[nodes.Node]]

# The registry: one line per phenomenon module. Adding a TEI element never touches the walker.
HANDLERS: Mapping[str, ConvertFn] = MappingProxyType(
    {
        **structure.HANDLERS,
        **phrases.HANDLERS,
        **choice.HANDLERS,
        **notes.HANDLERS,
        **lines.HANDLERS,
        **links.HANDLERS,
        **specs.HANDLERS,
        **names.HANDLERS,
    }
)


@dataclass(frozen=True)
class ConversionWarning:
    """Something in the TEI the converter could not render as intended (typed, like Sphinx's)."""

    subtype: str
    message: str
    path: str
    line: int | None
    column: int = 1

    def __str__(self) -> str:
        where = f"{self.path}:{self.line or 1}:{self.column}"
        return f"{where}: warning: {self.message} [edition.{self.subtype}]"


Reporter = Callable[[ConversionWarning], None]


class SourceDocument(Protocol):
    """What the walker needs of its document: where it is, to locate warnings."""

    @property
    def path(self) -> Path: ...

    def column_of(self, element: etree._Element) -> int: ...


class TeiText(nodes.container):
    """Root of a converted TEI text; remembers its source file."""


class Converter:
    """The walker: text, elements and tails, in document order, each element to its handler."""

    def __init__(
        self,
        document: SourceDocument,
        report: Reporter,
        handlers: Mapping[str, ConvertFn] = HANDLERS,
    ) -> None:
        self.document = document
        self.handlers = handlers
        self._report = report

    def convert(self, element: etree._Element) -> list[nodes.Node]:
        """Nodes for one element (its tail is the caller's business)."""
        if not isinstance(element.tag, str):
            return []  # comments and processing instructions carry no text of the edition
        handler = self.handlers.get(local_name(element)) if is_tei(element) else None
        if handler is None:
            return unknown_element(element, self)
        return handler(element, self)

    def children(self, element: etree._Element, *, mixed: bool = True) -> list[nodes.Node]:
        """Nodes for the content of element; in element-only content whitespace text is layout."""
        result: list[nodes.Node] = []
        self.text(element.text, element, mixed, result)
        for child in element:
            result.extend(self.convert(child))
            self.text(child.tail, element, mixed, result)
        return result

    def text(
        self, text: str | None, parent: etree._Element, mixed: bool, result: list[nodes.Node]
    ) -> None:
        if not text:
            return
        if mixed:
            result.append(nodes.Text(text))
        elif text.strip():
            self.warn(
                parent,
                "stray-text",
                f"text directly inside <{local_name(parent)}> is not allowed there; "
                f"wrap it in <p> (kept as its own paragraph)",
            )
            result.append(structure.TeiParagraph("", "", nodes.Text(text)))

    def warn(self, element: etree._Element, subtype: str, message: str) -> None:
        self._report(
            ConversionWarning(
                subtype,
                message,
                str(self.document.path),
                element.sourceline,
                self.document.column_of(element),
            )
        )


def unknown_element(element: etree._Element, converter: Converter) -> list[nodes.Node]:
    """Keep the content of an element nobody handles, and say so: never lose text silently."""
    name = local_name(element) if is_tei(element) else str(element.tag)
    converter.warn(
        element,
        "unknown-element",
        f"no handler for <{name}>; its text is kept as plain inline text. "
        f"Add a handler in edition/phenomena/ to render it properly",
    )
    node = phrases.UnknownElement("", "", *converter.children(element), tei_name=name)
    node["classes"].append("tei-unknown")
    parent = element.getparent()
    if parent is not None and local_name(parent) in structure.ELEMENT_ONLY:
        return [structure.TeiParagraph("", "", node)]
    return [node]


def to_nodes(document: TeiDocument, report: Reporter) -> TeiText:
    """Convert the body of the document (the text the witness carries); front and back are
    editorial matter rendered elsewhere."""
    root = TeiText(source=str(document.path))
    body = document.body()
    if body is None:
        report(
            ConversionWarning(
                "no-body",
                "the document has no <text>/<body>; nothing to render",
                str(document.path),
                document.root.sourceline,
            )
        )
        return root
    root.extend(Converter(document, report).children(body, mixed=False))
    return root

"""<ref> and <ptr>: links, to the web or to another element of the same TEI document."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from lxml import etree

from ..linktargets import classify
from .base import annotate

if TYPE_CHECKING:
    from ..convert import Converter, ConvertFn


class TeiPointer(nodes.reference):
    """A link to an element of the document (target "#id"); the page layer resolves it to
    wherever that element is rendered, or leaves the text unlinked."""


def link(element: etree._Element, converter: Converter) -> list[nodes.Node]:
    target = (element.get("target") or "").split()
    content = converter.children(element) or [nodes.Text(target[0] if target else "")]
    kind = classify(target[0]) if target else None
    if kind is not None and kind.kind == "pointer":
        return [annotate(TeiPointer("", "", *content, tei_target=kind.href), element)]
    if kind is not None and kind.kind == "web":
        return [annotate(nodes.reference("", "", *content, refuri=kind.href), element)]
    if kind is not None:
        converter.warn(element, "unsafe-link", f"{kind.why}; it is shown as text. Correct @target")
    return [annotate(nodes.inline("", "", *content), element)]


HANDLERS: dict[str, ConvertFn] = {"ref": link, "ptr": link}

"""ref and ptr: links, to the web or to another element of the same TEI document."""

from __future__ import annotations

from collections.abc import Callable

from docutils import nodes
from lxml import etree

from edition.core.behaviours import Generated, TeiInline, TeiPointer
from edition.core.linktargets import classify
from edition.core.phenomena import Walker


def safe_web_link(target: str) -> str:
    """target if it is a link the edition publishes (http, https, mailto), else ''."""
    kind = classify(target) if target else None
    return kind.href if kind is not None and kind.kind == "web" else ""


def link(
    element: etree._Element,
    converter: Walker,
    annotate: Callable[[nodes.Element, etree._Element], nodes.Element],
) -> list[nodes.Node]:
    target = (element.get("target") or "").split()
    # A ptr has no text of its own: what it shows is the edition's (never a source character).
    content = converter.children(element) or [Generated("", target[0] if target else "")]
    kind = classify(target[0]) if target else None
    if kind is not None and kind.kind == "pointer":
        return [annotate(TeiPointer("", "", *content, tei_target=kind.href), element)]
    if kind is not None and kind.kind == "web":
        return [annotate(nodes.reference("", "", *content, refuri=kind.href), element)]
    if kind is not None:
        converter.warn(element, "unsafe-link", f"{kind.why}; it is shown as text. Correct @target")
    return [annotate(TeiInline("", "", *content), element)]

"""Divisions, paragraphs, headings and verse lines: the block structure of a TEI text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from lxml import etree

from .base import annotate

if TYPE_CHECKING:
    from ..convert import Converter, ConvertFn


class TeiDivision(nodes.container):
    """<div> and the parts of a letter that group blocks (opener, closer, postscript)."""


class TeiParagraph(nodes.paragraph):
    """<p>, <ab> and the one-block parts of a letter (dateline, salute, signed)."""


class TeiInlineBlock(nodes.inline):
    """A one-block part (e.g. <signed>) standing inside the running text of a closer."""


class TeiHead(nodes.rubric):
    """<head>: a heading that is part of the text, not a section title invented by the editors."""


class TeiLineGroup(nodes.line_block):
    """<lg>."""


class TeiLine(nodes.line):
    """<l>."""


# Elements whose own text is layout only (their content model has no character data).
ELEMENT_ONLY = frozenset({"body", "div", "div1", "div2", "div3", "div4", "lg", "front", "back"})


def division(element: etree._Element, converter: Converter) -> list[nodes.Node]:
    has_text = bool((element.text or "").strip()) or any(
        (child.tail or "").strip() for child in element
    )
    if has_text and element.tag.endswith(("opener", "closer", "postscript")):
        # Mixed content (e.g. "Yours, <signed>…</signed>") reads as one block, its parts inline.
        content = [_as_inline(node) for node in converter.children(element)]
        return [annotate(TeiParagraph("", "", *content), element)]
    content = converter.children(element, mixed=False)
    return [annotate(TeiDivision("", *content), element)]


def _as_inline(node: nodes.Node) -> nodes.Node:
    if not isinstance(node, TeiParagraph):
        return node
    inline = TeiInlineBlock("", "", *node.children)
    inline.attributes.update(node.attributes)
    return inline


def paragraph(element: etree._Element, converter: Converter) -> list[nodes.Node]:
    return [annotate(TeiParagraph("", "", *converter.children(element)), element)]


def head(element: etree._Element, converter: Converter) -> list[nodes.Node]:
    return [annotate(TeiHead("", "", *converter.children(element)), element)]


def line_group(element: etree._Element, converter: Converter) -> list[nodes.Node]:
    return [annotate(TeiLineGroup("", *converter.children(element, mixed=False)), element)]


def line(element: etree._Element, converter: Converter) -> list[nodes.Node]:
    return [annotate(TeiLine("", "", *converter.children(element)), element)]


HANDLERS: dict[str, ConvertFn] = {
    **dict.fromkeys(
        ("div", "div1", "div2", "div3", "div4", "opener", "closer", "postscript"), division
    ),
    **dict.fromkeys(("p", "ab", "dateline", "salute", "signed", "byline", "trailer"), paragraph),
    "head": head,
    "lg": line_group,
    "l": line,
}

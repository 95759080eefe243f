"""<note>: editorial and authorial notes, kept in the tree, outside the running text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from lxml import etree

from ..views import SeparateFlow
from .base import annotate

if TYPE_CHECKING:
    from ..convert import Converter, ConvertFn


class TeiNote(SeparateFlow, nodes.inline):
    """A note where it stands in the text; renderers place it (footnote, sidenote, apparatus)."""


def note(element: etree._Element, converter: Converter) -> list[nodes.Node]:
    node = annotate(TeiNote("", "", *converter.children(element)), element)
    for attribute in ("target", "resp", "subtype", "place"):
        value = element.get(attribute)
        if value is not None:
            node[attribute] = value
    return [node]


HANDLERS: dict[str, ConvertFn] = {"note": note}

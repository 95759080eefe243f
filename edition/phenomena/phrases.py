"""Phrase-level elements with no behaviour of their own yet: class-hooked spans."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from lxml import etree

from .base import annotate

if TYPE_CHECKING:
    from ..convert import Converter, ConvertFn


class TeiPhrase(nodes.inline):
    """A known TEI phrase element rendered as its text (CSS hook tei-<element>)."""


class UnknownElement(nodes.inline):
    """An element no handler knows; its text is kept and a warning says so."""


def phrase(element: etree._Element, converter: Converter) -> list[nodes.Node]:
    return [annotate(TeiPhrase("", "", *converter.children(element)), element)]


# Names, dates and terms get register links with the apparatus (their own module then);
# until then their text is what matters, and both views show it alike.
PHRASE_ELEMENTS = (
    "seg",
    "hi",
    "emph",
    "foreign",
    "mentioned",
    "soCalled",
    "q",
    "quote",
    "said",
    "title",
    "date",
    "time",
    "num",
    "measure",
    "sic",
    "gloss",
    "distinct",
    "address",
    "addrLine",
    "geogName",
    "roleName",
)

HANDLERS: dict[str, ConvertFn] = dict.fromkeys(PHRASE_ELEMENTS, phrase)

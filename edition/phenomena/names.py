"""Names, dates of events and terms with @ref: mentions that point to register entries."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from lxml import etree

from .base import annotate

if TYPE_CHECKING:
    from ..convert import Converter, ConvertFn


class NameMention(nodes.inline):
    """A mention of a person, place, organisation, event or concept; 'tei_refs' names the register
    entries it points to (the page layer turns it into a link with the entry's gloss)."""


def mention(element: etree._Element, converter: Converter) -> list[nodes.Node]:
    node = annotate(NameMention("", "", *converter.children(element)), element)
    refs = [r[1:] for r in (element.get("ref") or "").split() if r.startswith("#")]
    if refs:
        node["tei_refs"] = refs
    return [node]


HANDLERS: dict[str, ConvertFn] = dict.fromkeys(
    ("persName", "placeName", "orgName", "name", "rs", "term"), mention
)

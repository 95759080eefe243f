"""What every phenomenon does alike: carry the TEI identity of an element onto its node."""

from __future__ import annotations

from typing import TypeVar

from docutils import nodes
from lxml import etree

from ..tei import XML_ID, local_name

NodeT = TypeVar("NodeT", bound=nodes.Element)


def annotate(node: NodeT, element: etree._Element) -> NodeT:
    """Copy the element's name, xml:id and type onto the node (class hooks tei-<element>)."""
    name = local_name(element)
    node["tei_name"] = name
    node["classes"].append(f"tei-{name}")
    identifier = element.get(XML_ID)
    if identifier:
        node["tei_id"] = identifier
    kind = element.get("type")
    if kind:
        node["tei_type"] = kind
        node["classes"].append(f"tei-{name}-{kind}")
    if element.sourceline:
        node["tei_line"] = element.sourceline
    return node

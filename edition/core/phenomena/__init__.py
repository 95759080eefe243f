"""The few TEI elements whose behaviour needs code beyond the rules table (alternatives, links,
tables). Each is handed the conversion's walk as a `Walker`, so that it never imports the
converter that imports it."""

from __future__ import annotations

from typing import Protocol

from docutils import nodes
from lxml import etree


class Walker(Protocol):
    """What a phenomenon may ask of the one walk over the TEI (convert.Converter)."""

    mixed: bool  # inside mixed content: blocks become inline runs

    def convert(self, element: etree._Element) -> list[nodes.Node]: ...

    def children(self, element: etree._Element, *, mixed: bool = True) -> list[nodes.Node]: ...

    def blocks(self, element: etree._Element) -> list[nodes.Node]: ...

    def warn(self, element: etree._Element, subtype: str, message: str) -> None: ...

"""The `tei-emendations` directive: the ledger of interventions, generated from the TEI."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes
from sphinx.util import logging

from edition.core.node import EditionNode
from edition.core.typography import typeset_text
from edition.core.view import DIPLOMATIC, READING
from edition.ext.base import TeiDirective
from edition.ext.domain import cross_reference
from edition.page import apparatus
from edition.page.converted import Converted
from edition.page.pagelinks import ReadingLocus, WitnessPlace

logger = logging.getLogger(__name__)

COLUMNS = ("Locus", "Edited text", "Witness", "Type", "Certainty", "Note")


class LedgerCell(EditionNode, nodes.entry):
    """A cell of the ledger's body that names its column ('label'): a phone shows each row as
    a card, every value under its column's name (edition.css), where the table would be
    twice the screen's width."""

    @staticmethod
    def visit_html(translator: Any, node: nodes.Element) -> None:
        attributes = {"data-label": str(node["label"])}
        translator.body.append(translator.starttag(node, "td", "", **attributes))
        translator.context.append("</td>\n")

    @staticmethod
    def depart_html(translator: Any, node: nodes.Element) -> None:
        translator.body.append(translator.context.pop())

    @staticmethod
    def visit_typst(translator: Any, node: nodes.Element) -> None:
        """Print sets the ledger as a table; a cell met outside one is its table cell."""
        translator.body.append(translator.table_cell(node))
        raise nodes.SkipNode


def _cell(*content: nodes.Node) -> nodes.entry:
    return nodes.entry("", nodes.paragraph("", "", *content))


def _row(*cells: list[nodes.Node]) -> nodes.row:
    """A body row, each cell labelled with its column's name."""
    return nodes.row(
        "",
        *(
            LedgerCell("", nodes.paragraph("", "", *content), label=label)
            for label, content in zip(COLUMNS, cells, strict=True)
        ),
    )


class TeiEmendationsDirective(TeiDirective):
    """``.. tei-emendations:: ../tei/letter.xml``: one row per intervention, in text order."""

    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {}

    def build(self, converted: Converted) -> list[nodes.Node]:
        numbers, names = converted.loci, converted.names
        table = nodes.table(classes=["tei-ledger"])
        group = nodes.tgroup(cols=len(COLUMNS))
        table.append(group)
        for width in (13, 13, 12, 15, 11, 36):
            group.append(nodes.colspec(colwidth=width))
        head = nodes.thead("", nodes.row("", *(_cell(nodes.Text(c)) for c in COLUMNS)))
        body = nodes.tbody()
        for entry in converted.emendations:
            anchor = f"{READING.name}-{entry.id}"
            locus = ReadingLocus(
                "",
                "",
                cross_reference(
                    self.tei_key,
                    READING.name,
                    anchor,
                    nodes.Text(apparatus.locus_label(entry.paragraph, names, numbers)),
                ),
                tei_target=anchor,
            )
            # The same place in the witness: the diplomatic transcription.
            witness_place = cross_reference(
                self.tei_key, DIPLOMATIC.name, f"{DIPLOMATIC.name}-{entry.id}", nodes.Text("W")
            )
            body.append(
                _row(
                    [locus, WitnessPlace("", " · ", witness_place)],
                    [nodes.Text(entry.edited)],
                    [nodes.Text(entry.witness) if entry.witness else nodes.emphasis("", "om.")],
                    [nodes.Text(entry.type)],
                    [nodes.Text(entry.cert)],
                    [nodes.Text(typeset_text(entry.note))],
                )
            )
        group += [head, body]
        table["support_smartquotes"] = False
        # A phone scrolls the table, not the page (its links keep the region keyboard-reachable).
        return [nodes.container("", table, classes=["tei-scroll"])]

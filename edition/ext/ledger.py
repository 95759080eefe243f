"""The `tei-emendations` directive: the ledger of interventions, generated from the TEI."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes
from sphinx.util import logging

from edition.core.typography import typeset_text
from edition.core.view import DIPLOMATIC, READING
from edition.ext.base import TeiDirective
from edition.ext.domain import cross_reference
from edition.page import apparatus
from edition.page.converted import Converted
from edition.page.pagelinks import ReadingLocus, WitnessPlace

logger = logging.getLogger(__name__)

COLUMNS = ("Locus", "Edited text", "Witness", "Type", "Certainty", "Note")


def _cell(*content: nodes.Node) -> nodes.entry:
    return nodes.entry("", nodes.paragraph("", "", *content))


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
                nodes.row(
                    "",
                    _cell(locus, WitnessPlace("", " · ", witness_place)),
                    _cell(nodes.Text(entry.edited)),
                    _cell(
                        nodes.Text(entry.witness) if entry.witness else nodes.emphasis("", "om.")
                    ),
                    _cell(nodes.Text(entry.type)),
                    _cell(nodes.Text(entry.cert)),
                    _cell(nodes.Text(typeset_text(entry.note))),
                )
            )
        group += [head, body]
        table["support_smartquotes"] = False
        # A phone scrolls the table, not the page (its links keep the region keyboard-reachable).
        return [nodes.container("", table, classes=["tei-scroll"])]

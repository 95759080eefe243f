"""The `tei-emendations` directive: the ledger of interventions, generated from the TEI."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import apparatus, emendations
from .convert import ConversionWarning, to_nodes
from .directive import cross_reference
from .tei import TeiError, load

logger = logging.getLogger(__name__)

COLUMNS = ("Locus", "Edited text", "Witness", "Type", "Certainty", "Note")


class LedgerLocus(nodes.inline):
    """The place of an intervention: § number linked to the reading text (the PDF adds the page)."""


def _cell(*content: nodes.Node) -> nodes.entry:
    return nodes.entry("", nodes.paragraph("", "", *content))


class TeiEmendationsDirective(SphinxDirective):
    """``.. tei-emendations:: ../tei/letter.xml``: one row per intervention, in text order."""

    required_arguments = 1
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {}

    def run(self) -> list[nodes.Node]:
        relative, absolute = self.env.relfn2path(self.arguments[0], self.env.docname)
        self.env.note_dependency(relative)
        try:
            document = load(absolute)
        except TeiError as error:
            logger.warning(
                error.message, type="edition", subtype="tei", location=(error.path, error.line or 1)
            )
            return []

        def report(warning: ConversionWarning) -> None:
            pass  # the views report conversion problems; the ledger would only repeat them

        tree = to_nodes(document, report)
        numbers = apparatus.loci(tree)
        table = nodes.table(classes=["tei-ledger"])
        group = nodes.tgroup(cols=len(COLUMNS))
        table.append(group)
        for width in (11, 12, 12, 15, 10, 40):
            group.append(nodes.colspec(colwidth=width))
        head = nodes.thead("", nodes.row("", *(_cell(nodes.Text(c)) for c in COLUMNS)))
        body = nodes.tbody()
        for entry in emendations.collect(document, tree):
            anchor = f"reading-{entry.id}"
            locus = LedgerLocus(
                "",
                "",
                cross_reference(
                    "reading", anchor, nodes.Text(numbers.get(entry.paragraph, entry.paragraph))
                ),
                tei_target=anchor,
            )
            # The same place in the witness: the diplomatic transcription.
            witness_place = cross_reference("diplomatic", f"diplomatic-{entry.id}", nodes.Text("W"))
            body.append(
                nodes.row(
                    "",
                    _cell(locus, nodes.Text(" · "), witness_place),
                    _cell(nodes.Text(entry.edited)),
                    _cell(
                        nodes.Text(entry.witness) if entry.witness else nodes.emphasis("", "om.")
                    ),
                    _cell(nodes.Text(entry.type)),
                    _cell(nodes.Text(entry.cert)),
                    _cell(nodes.Text(entry.note)),
                )
            )
        group += [head, body]
        table["support_smartquotes"] = False
        return [table]

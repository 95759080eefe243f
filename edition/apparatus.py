"""Per-view decorations of a projected text: § loci and permalinks, textual apparatus notes."""

from __future__ import annotations

from docutils import nodes

from .phenomena.choice import ChosenReading
from .phenomena.structure import TeiDivision, TeiHead, TeiParagraph
from .tei import TeiDocument
from .views import View


class ParagraphLocus(nodes.reference):
    """The § number of a paragraph, which is also its permalink."""


def _texts(tree: nodes.Element) -> list[nodes.Element]:
    """The top-level divisions (each text of the edition), or the whole tree if it has none."""
    divisions: list[nodes.Element] = [d for d in tree.children if isinstance(d, TeiDivision)]
    return divisions or [tree]


def number_paragraphs(tree: nodes.Element) -> None:
    """§ numbers count the paragraphs of each text (top-level division); anchors are xml:ids."""
    divisions = _texts(tree)
    for division in divisions:
        number = 0
        for block in division.findall(nodes.Element):
            if not isinstance(block, TeiParagraph | TeiHead) or "tei_id" not in block:
                continue
            block["ids"] = [block["tei_id"]]
            if isinstance(block, TeiHead):
                continue
            number += 1
            block["locus"] = f"§{number}"
            locus = ParagraphLocus(
                "",
                f"§{number}",
                refid=block["tei_id"],
                classes=["tei-locus"],
            )
            locus["aria-label"] = f"paragraph {number}, permalink"
            block.insert(0, locus)


def attach_apparatus(tree: nodes.Element, document: TeiDocument, view: View) -> None:
    """Footnote references after each intervention, the notes gathered at the end of each text."""
    divisions = _texts(tree)
    for division in divisions:
        entries: list[nodes.footnote] = []
        for chosen in list(division.findall(ChosenReading)):
            identifier = chosen.get("tei_id")
            note_text = document.note_text(identifier) if identifier else ""
            if not note_text:
                continue
            label = str(len(entries) + 1)
            entry_id = f"{view.name}-app-{identifier}"
            ref_id = f"{view.name}-{identifier}"
            chosen["ids"] = [ref_id]
            reference = nodes.footnote_reference(
                "", label, refid=entry_id, ids=[f"{ref_id}-ref"], classes=["tei-app-ref"]
            )
            parent = chosen.parent
            parent.insert(parent.index(chosen) + 1, reference)
            # A plain footnote: readable without JavaScript, with back-links, in every builder.
            entry = nodes.footnote(
                "",
                nodes.label("", label),
                nodes.paragraph("", "", nodes.Text(note_text)),
                ids=[entry_id],
                backrefs=[f"{ref_id}-ref"],
                classes=["tei-apparatus-entry"],
            )
            entries.append(entry)
        if entries:
            apparatus = nodes.container(
                "", nodes.rubric("", "Textual notes"), *entries, classes=["tei-apparatus"]
            )
            division.append(apparatus)

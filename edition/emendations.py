"""The list of editorial interventions, read off the converted tree through the two views."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass

from docutils import nodes

from . import text
from .phenomena.choice import EditorialChoice
from .tei import TeiDocument
from .views import DIPLOMATIC, READING, View, project


@dataclass(frozen=True)
class Emendation:
    """One intervention: where it is, what the witness has, what the edition prints, and why."""

    id: str
    paragraph: str
    witness: str
    edited: str
    type: str
    resp: str
    cert: str
    source: str
    note: str


def _reading_text(choice: EditorialChoice, view: View) -> str:
    # The same projection as the full views, so nested markup resolves exactly as in the text.
    holder = nodes.paragraph("", "", choice.deepcopy())
    return str(text.render(project(holder, view))).strip()


def _paragraph_id(node: nodes.Node) -> str:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.Element) and "tei_id" in parent:
            return str(parent["tei_id"])
        parent = parent.parent
    return ""


def collect(document: TeiDocument, tree: nodes.Element) -> list[Emendation]:
    """Every choice in the text, in document order."""
    result = []
    for choice in tree.findall(EditorialChoice):
        edited_reading = choice.reading_for(READING)
        attributes = edited_reading.attributes if edited_reading is not None else {}
        identifier = str(choice.get("tei_id", ""))
        result.append(
            Emendation(
                id=identifier,
                paragraph=_paragraph_id(choice),
                witness=_reading_text(choice, DIPLOMATIC),
                edited=_reading_text(choice, READING),
                type=str(attributes.get("type", "")),
                resp=str(attributes.get("resp", "")),
                cert=str(attributes.get("cert", "")),
                source=str(attributes.get("source", "")),
                note=document.note_text(identifier) if identifier else "",
            )
        )
    return result


def to_json(emendations: list[Emendation]) -> str:
    return json.dumps([asdict(e) for e in emendations], ensure_ascii=False, indent=2) + "\n"


def to_tsv(emendations: list[Emendation]) -> str:
    buffer = io.StringIO()
    # Plain TSV: values are whitespace-normalised, so no field holds a tab or a newline and no
    # quoting is needed (spreadsheets and `cut` read it as it is).
    writer = csv.writer(
        buffer, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, quotechar=None
    )
    writer.writerow(Emendation.__dataclass_fields__)
    for emendation in emendations:
        writer.writerow(" ".join(value.split()) for value in asdict(emendation).values())
    return buffer.getvalue()

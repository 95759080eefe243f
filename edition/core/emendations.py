"""The list of editorial interventions, read off the converted tree through the two views."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass

from docutils import nodes

from edition.core import text
from edition.core.behaviours import Editorial, EditorialChoice, is_intervention
from edition.core.tei import TeiDocument
from edition.core.view import DIPLOMATIC, READING, View
from edition.core.views import project


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
    evidence: str = ""  # external, internal, conjecture (corr/@evidence), where given


def _reading_text(node: nodes.Element, view: View) -> str:
    # The same projection as the full views, so nested markup resolves exactly as in the text.
    # The holder lists the node without adopting it (project only reads the tree): no copy.
    holder = nodes.paragraph()
    holder.children = [node]
    return str(text.render(project(holder, view))).strip()


def _paragraph_id(node: nodes.Node) -> str:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.Element) and "tei_id" in parent:
            return str(parent["tei_id"])
        parent = parent.parent
    return ""


def _attributes(node: nodes.Element) -> dict[str, str]:
    """Who, how sure, what kind, on what authority: on the edited reading of a choice, on the
    element itself for an add, a supplied word, a lone corr."""
    if isinstance(node, EditorialChoice):
        reading = node.reading_for(READING)
        found = dict(reading.attributes) if reading is not None else {}
    else:
        found = {"type": node.get("tei_type", node.get("role", "")), "resp": node.get("tei_resp")}
        found.update({k: node[k] for k in ("cert", "source", "evidence") if k in node})
    return {k: str(v) for k, v in found.items() if v is not None}


def is_listed(node: nodes.Node) -> bool:
    """Every choice, and every other editorial element with an id or @resp."""
    return isinstance(node, EditorialChoice) or (
        isinstance(node, Editorial) and is_intervention(node)
    )


def count(tree: nodes.Element) -> int:
    """How many interventions `collect` lists, without reading their texts off the views."""
    return sum(1 for node in tree.findall(nodes.Element) if is_listed(node))


def collect(document: TeiDocument, tree: nodes.Element) -> list[Emendation]:
    """Every intervention (is_listed), in document order."""
    result = []
    for node in tree.findall(nodes.Element):
        if not is_listed(node):
            continue
        attributes = _attributes(node)
        identifier = str(node.get("tei_id", ""))
        result.append(
            Emendation(
                id=identifier,
                paragraph=_paragraph_id(node),
                witness=_reading_text(node, DIPLOMATIC),
                edited=_reading_text(node, READING),
                type=attributes.get("type", ""),
                resp=attributes.get("resp", ""),
                cert=attributes.get("cert", ""),
                source=attributes.get("source", ""),
                evidence=attributes.get("evidence", ""),
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

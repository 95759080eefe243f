"""Synoptic layout: diplomatic and reading text in aligned rows, one cell per view."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from docutils import nodes
from lxml import etree

from . import apparatus
from .emendations import Emendation
from .pagelinks import InterventionLink
from .phenomena.choice import ChosenReading
from .phenomena.structure import TeiHead, TeiLineGroup, TeiParagraph
from .tei import TeiDocument
from .views import DIPLOMATIC, READING, View, project

ROW_UNITS = (TeiParagraph, TeiHead, TeiLineGroup, apparatus.DivisionTitle)
COLUMNS = (DIPLOMATIC, READING)


def narrow_toggle(stem: str) -> str:
    """Radio buttons before the rows: on a narrow screen CSS shows only the checked view's
    cells. Plain HTML and CSS, so the toggle works without JavaScript."""
    name = f"tei-synoptic-{stem}"
    buttons = []
    for view, title, checked in (
        ("reading", "Reading text", " checked"),
        ("diplomatic", "Witness (diplomatic)", ""),
    ):
        identifier = f"tei-show-{view}-{stem}"
        buttons.append(
            f'<input type="radio" name="{name}" id="{identifier}" class="tei-show-{view}"{checked}>'
            f'<label for="{identifier}">{title}</label>'
        )
    return (
        '<div class="tei-synoptic-toggle" role="group" aria-label="Text shown on a narrow screen">'
        + "".join(buttons)
        + "</div>"
    )


def anchor_interventions(tree: nodes.Element, view: View, prefix: str) -> None:
    """Every intervention gets an anchor <prefix><choice id> so the other view can link to it."""
    for chosen in tree.findall(ChosenReading):
        if "tei_id" in chosen:
            chosen["ids"] = [f"{prefix}{chosen['tei_id']}"]


def _units(tree: nodes.Element) -> list[nodes.Element]:
    """Blocks that make a row, outermost only, in document order."""
    found: list[nodes.Element] = []

    def walk(node: nodes.Element) -> None:
        for child in node.children:
            if isinstance(child, ROW_UNITS):
                found.append(child)
            elif isinstance(child, nodes.Element) and "tei-apparatus" not in child["classes"]:
                walk(child)

    walk(tree)
    return found


class WitnessReading(nodes.inline):
    """The witness's reading beside an intervention in the reading text, hidden until the
    reader asks for it (a CSS switch, no JavaScript); print and plain text leave it out."""


def show_witness_readings(tree: nodes.Element, emendations: Mapping[str, Emendation]) -> None:
    for chosen in list(tree.findall(ChosenReading)):
        entry = emendations.get(chosen.get("tei_id", ""))
        if entry is None:
            continue
        witness = WitnessReading("", entry.witness or "om.", classes=["tei-witness-reading"])
        chosen.parent.insert(chosen.parent.index(chosen) + 1, witness)


WITNESS_SWITCH = (
    '<div class="tei-witness-switch"><input type="checkbox" id="tei-show-witness-{stem}" '
    'class="tei-show-witness"><label for="tei-show-witness-{stem}">Show the witness\'s readings '
    "in place</label></div>"
)


def link_interventions(
    tree: nodes.Element, emendations: Mapping[str, Emendation], *, same_page: bool
) -> None:
    """Each intervention of a witness view links to its reading. An omission has no text to
    carry the link: it gets an empty marker that CSS shows as a caret, outside the text."""
    for chosen in list(tree.findall(ChosenReading)):
        identifier = chosen.get("tei_id")
        if not identifier:
            continue
        content = list(chosen.children) or [nodes.inline("", "", classes=["tei-omission"])]
        edited = emendations[identifier].edited if identifier in emendations else ""
        if chosen.astext():
            name = f"{chosen.astext()}: the edited text reads “{edited}”"
        else:
            chosen["classes"].append("tei-empty")
            name = f"the editors supply “{edited}” here"
        anchor = f"reading-{identifier}"
        link = InterventionLink("", "", *content, classes=["tei-choice-link"], label=name)
        if same_page:
            link["refid"] = anchor
        else:
            link["tei_label"] = f"tei-reading:{anchor}"
        chosen.children = []
        chosen.append(link)


def synoptic(
    document: TeiDocument,
    tree: nodes.Element,
    emendations: Mapping[str, Emendation],
    convert: Callable[[etree._Element], list[nodes.Node]],
) -> nodes.container:
    """Rows aligned by paragraph: the row carries the canonical xml:id, each cell <view>-<id>."""
    columns: dict[str, nodes.Element] = {}
    for view in COLUMNS:
        shown = project(tree, view)
        apparatus.title_divisions(shown, document, view)
        apparatus.number_paragraphs(shown, prefix=f"{view.name}-")
        anchor_interventions(shown, view, prefix=f"{view.name}-")
        if view is READING:
            apparatus.attach_notes(shown, document, view, emendations, convert)
        else:
            link_interventions(shown, emendations, same_page=True)
        columns[view.name] = shown
    stem = document.path.stem
    container = nodes.container("", classes=["tei-edition", "tei-view-synoptic", "tei-synoptic"])
    container.append(nodes.raw("", narrow_toggle(stem), format="html"))
    units = {name: _units(shown) for name, shown in columns.items()}
    for cells in zip(*(units[view.name] for view in COLUMNS), strict=True):
        identifier = cells[0].get("tei_id")
        row = nodes.container("", classes=["tei-row"], ids=[identifier] if identifier else [])
        for view, cell in zip(COLUMNS, cells, strict=True):
            row.append(
                nodes.container(
                    "",
                    cell.deepcopy(),
                    classes=["tei-cell", f"tei-cell-{view.name}", f"tei-view-{view.name}"],
                )
            )
        container.append(row)
    for notes in columns[READING.name].findall(nodes.container):
        if {"tei-apparatus", "tei-commentary"} & set(notes["classes"]):
            container.append(notes.deepcopy())
    return container

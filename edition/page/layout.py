"""The one page pipeline (a view of a text, alone or as a synoptic column) and the synoptic rows."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from docutils import nodes

from edition.core.behaviours import (
    ChosenReading,
    Editorial,
    TeiAnchor,
    TeiDivision,
    TeiHead,
    TeiLineGroup,
    TeiNote,
    TeiParagraph,
    ToggleControl,
    ToggleGroup,
    is_intervention,
)
from edition.core.emendations import Emendation
from edition.core.node import PRINT_AND_TEXT, EditionNode
from edition.core.view import DIPLOMATIC, READING, View
from edition.core.views import project, replace_child
from edition.page import apparatus
from edition.page.converted import Converted, Prose, anchor_key
from edition.page.pagelinks import InterventionLink

ROW_UNITS = (TeiParagraph, TeiHead, TeiLineGroup, apparatus.DivisionTitle)
COLUMNS = (DIPLOMATIC, READING)


# Typst: the witness as it stands (no hyphen the typesetter adds may pass for the witness's),
# and the edited text numbered every fifth line, counted per page. Every line carries an
# invisible mark with its number, so that an apparatus entry finds the line of its lemma.
WITNESS_TEXT = """#let witness-text(body) = {
  set text(hyphenate: false)
  set par(justify: false)
  body
}"""
NUMBERED_LINES = """#let numbered-lines(body) = {
  set par.line(numbering: n => {
    [#metadata(n)<edition-line>]
    if calc.rem(n, 5) == 0 { text(size: 7pt, fill: luma(90), str(n)) }
  })
  body
}"""


class ViewText(EditionNode, nodes.container):
    """A view of a text on a page of its own: 'view' names it; 'line_breaks' and 'canonical'
    say what the view is (View), so that writers need not know the project's views."""

    typst_functions = MappingProxyType(
        {"witness-text": WITNESS_TEXT, "numbered-lines": NUMBERED_LINES}
    )

    @staticmethod
    def visit_typst(translator: Any, node: nodes.Element) -> None:
        """A view that keeps the source's lines is set as the witness, line for line; one
        that does not is the edited text, with line numbers."""
        translator.anchor(node)
        template = "witness-text" if node.get("line_breaks") else "numbered-lines"
        translator.body.append(f"\n\n#{template}[{translator.render(node.children)}]\n\n")
        raise nodes.SkipNode


class SynopticText(EditionNode, nodes.container):
    """Both views side by side, in rows. Print repeats the column headings at the top of
    every page the rows continue on."""

    typst_functions = MappingProxyType(
        {
            "synoptic-text": """#let synoptic-text(headings, body) = {
  synoptic-columns.update(headings)
  body
  synoptic-columns.update(none)
}"""
        }
    )

    @staticmethod
    def visit_typst(translator: Any, node: nodes.Element) -> None:
        translator.anchor(node)
        headings = [translator.string(heading.astext()) for heading in node.findall(ColumnHeading)]
        body = translator.render(node.children)
        translator.body.append(f"\n\n#synoptic-text(({', '.join(headings)},))[{body}]\n\n")
        raise nodes.SkipNode


class SynopticRow(EditionNode, nodes.container):
    """One block of the text in each view. In print both columns are set alike: ragged and
    unhyphenated, since no hyphen the typesetter adds may pass for the witness's."""

    typst_functions = MappingProxyType(
        {
            "synoptic-row": """#let synoptic-row(witness, reading) = {
  set text(hyphenate: false)
  set par(justify: false)
  grid(columns: (1fr, 1fr), column-gutter: column-gutter, witness, reading)
}"""
        }
    )

    @staticmethod
    def visit_typst(translator: Any, node: nodes.Element) -> None:
        translator.anchor(node)
        cells = [translator.render([cell]) for cell in node.children]
        translator.body.append(f"\n\n#synoptic-row[{cells[0]}][{cells[1]}]\n\n")
        raise nodes.SkipNode


class SynopticCell(EditionNode, nodes.container):
    """One view's block in a row: 'view' names it, 'line_breaks' and 'canonical' as ViewText."""

    typst_functions = MappingProxyType({"witness-text": WITNESS_TEXT})

    @staticmethod
    def visit_typst(translator: Any, node: nodes.Element) -> None:
        translator.anchor(node)
        if node.get("line_breaks"):  # the witness's column, set as the witness
            translator.body.append(f"\n\n#witness-text[{translator.render(node.children)}]\n\n")
            raise nodes.SkipNode

    @staticmethod
    def depart_typst(translator: Any, node: nodes.Element) -> None:
        pass


def view_attributes(view: View) -> dict[str, Any]:
    """What a page's container says of its view, for the writers."""
    return {"view": view.name, "line_breaks": view.line_breaks, "canonical": view.canonical}


def interventions(tree: nodes.Element) -> list[nodes.Element]:
    """What the editors answer for, as a view shows it (a choice's reading, an add, a supplied
    word ...), in document order."""
    return [
        node
        for node in tree.findall(nodes.Element)
        if isinstance(node, ChosenReading | Editorial) and is_intervention(node)
    ]


def present(
    converted: Converted,
    view: View,
    convert_note: Prose,
    tei_key: str,
    *,
    prefix: str,
    notes: bool,
    same_page: bool,
    keep_emptied: bool = False,
) -> nodes.Element:
    """A view of the text, decorated for a page: § loci, anchors, notes, the links between
    views. What differs between views is the view's data, never a test of which view it is."""
    shown = project(converted.tree, view, keep_emptied=keep_emptied)
    found = converted.by_id
    apparatus.title_divisions(shown, converted.document, view)
    apparatus.number_paragraphs(shown, prefix=prefix)
    answered = interventions(shown)  # one walk; the steps below decorate the same nodes
    for node in answered:
        node["ids"] = [f"{view.name}-{node['tei_id']}"] if node.get("tei_id") else []
    for division in apparatus.texts(shown):  # a text is a citation's target too
        if division.get("tei_id") and division is not shown:
            division["ids"] = [f"{prefix}{division['tei_id']}"]
    for anchor in shown.findall(TeiAnchor):  # a place links point to (a retired id, a note's)
        if anchor.get("tei_id"):
            anchor["ids"] = [f"{prefix}{anchor['tei_id']}"]
    if notes:
        apparatus.attach_notes(shown, converted.document, view, found, convert_note)
    for note in list(shown.findall(TeiNote)):
        replace_child(note, [])  # notes of another column, or pointing elsewhere
    apparatus.mark_heading_depths(shown, f"{view.name}-")
    if view.witness_readings:
        show_witness_readings(answered, found)
    if view.links_to:
        link_interventions(answered, found, view.links_to, tei_key, same_page=same_page)
    return shown


def single(converted: Converted, view: View, convert_note: Prose, tei_key: str) -> nodes.Element:
    shown = present(converted, view, convert_note, tei_key, prefix="", notes=True, same_page=False)
    container = ViewText(
        "",
        *shown.children,
        classes=["tei-edition", f"tei-view-{view.name}"],
        tei_source=str(converted.document.path),  # where a writer's warning points
        **view_attributes(view),
    )
    stem = converted.document.path.stem
    witness = any(True for _ in container.findall(WitnessReading))
    container.insert(0, reading_options(stem, witness=witness))
    return container


def reading_options(stem: str, *, witness: bool) -> ToggleGroup:
    """Checkboxes above a text (CSS does the work, so they need no JavaScript): a clean text
    without notes, marks and links, which edition.js remembers from page to page; and, where
    the view has them, the witness's readings shown in place."""
    switches = [
        ToggleControl(
            kind="checkbox",
            control_id=f"tei-clean-{stem}",
            label="Clean text (no notes or marks)",
            classes=["tei-clean-reading"],
        )
    ]
    if witness:
        switches.append(
            ToggleControl(
                kind="checkbox",
                control_id=f"tei-show-witness-{stem}",
                label="Show the witness\u2019s readings in place",
                classes=["tei-show-witness"],
            )
        )
    return ToggleGroup("", *switches, classes=["tei-reading-options"], label="Reading options")


class WitnessReading(EditionNode, nodes.inline):
    """The witness's reading beside an intervention, hidden until the reader asks for it (a CSS
    switch, no JavaScript); print and plain text leave it out."""

    omitted_in = PRINT_AND_TEXT


def show_witness_readings(
    answered: list[nodes.Element], emendations: Mapping[str, Emendation]
) -> None:
    for chosen in answered:
        entry = emendations.get(chosen.get("tei_id", ""))
        if entry is None:
            continue
        if entry.witness:
            witness = WitnessReading("", entry.witness, classes=["tei-witness-reading"])
        else:  # the editors' word that the witness has nothing here, not a reading to strike
            witness = WitnessReading("", "om.", classes=["tei-witness-reading", "tei-om"])
        chosen.parent.insert(chosen.parent.index(chosen) + 1, witness)


def link_interventions(
    answered: list[nodes.Element],
    emendations: Mapping[str, Emendation],
    target_view: str,
    tei_key: str,
    *,
    same_page: bool,
) -> None:
    """Each intervention links to its place in target_view. An omission has no text to carry
    the link: it gets an empty marker that CSS shows as a caret, outside the text."""
    for chosen in answered:
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
        anchor = f"{target_view}-{identifier}"
        link = InterventionLink("", "", *content, classes=["tei-choice-link"], label=name)
        if same_page:
            link["refid"] = anchor
        else:
            link["tei_label"] = anchor_key(tei_key, target_view, anchor)
        chosen.children = []
        chosen.append(link)


def _text_of(node: nodes.Node) -> nodes.Node | None:
    """The text (top-level division) a node belongs to."""
    found = None
    while node is not None:
        if isinstance(node, TeiDivision):
            found = node
        node = node.parent
    return found


def _units(tree: nodes.Element) -> list[nodes.Element]:
    """Blocks that make a row, outermost only, in document order."""
    found: list[nodes.Element] = []

    def walk(node: nodes.Element) -> None:
        for child in node.children:
            if isinstance(child, ROW_UNITS):
                found.append(child)
            elif isinstance(child, nodes.Element) and not isinstance(child, apparatus.NoteList):
                walk(child)

    walk(tree)
    return found


def narrow_toggle(stem: str) -> nodes.Element:
    """Radio buttons before the rows: on a narrow screen CSS shows only the checked view's
    cells. Plain HTML and CSS, so the toggle works without JavaScript."""
    controls = [
        ToggleControl(
            kind="radio",
            name=f"tei-synoptic-{stem}",
            control_id=f"tei-show-{view}-{stem}",
            label=title,
            checked=view == COLUMNS[-1].name,  # the edited text, until the reader asks
            classes=[f"tei-show-{view}"],
        )
        for view, title in ((v.name, v.title) for v in reversed(COLUMNS))
    ]
    return ToggleGroup(
        "", *controls, classes=["tei-synoptic-toggle"], label="Text shown on a narrow screen"
    )


class ColumnHeading(EditionNode, nodes.paragraph):
    """What a synoptic column shows, above it (out of the PDF's outline)."""

    @staticmethod
    def visit_typst(translator: Any, node: nodes.Element) -> None:
        translator.bold_line(node)


def column_headings() -> SynopticRow:
    """A row naming the columns; on a narrow screen only the shown column's name is left."""
    row = SynopticRow("", classes=["tei-row", "tei-column-headings"])
    for view in COLUMNS:
        heading = ColumnHeading("", view.title, classes=["tei-column-heading"])
        row.append(
            SynopticCell(
                "", heading, classes=["tei-cell", f"tei-cell-{view.name}"], **view_attributes(view)
            )
        )
    return row


def synoptic(converted: Converted, convert_note: Prose, tei_key: str) -> nodes.container:
    """Rows aligned by paragraph: the row carries the canonical xml:id, each cell <view>-<id>.
    The last column carries the notes, so they are listed once."""
    columns = {
        view.name: present(
            converted,
            view,
            convert_note,
            tei_key,
            prefix=f"{view.name}-",
            notes=view is COLUMNS[-1],
            same_page=True,
            keep_emptied=True,  # rows pair the columns block by block
        )
        for view in COLUMNS
    }
    stem = converted.document.path.stem
    container = SynopticText(
        "",
        classes=["tei-edition", "tei-view-synoptic", "tei-synoptic"],
        tei_source=str(converted.document.path),  # where a writer's warning points
    )
    container.append(reading_options(stem, witness=False))
    container.append(narrow_toggle(stem))
    container.append(column_headings())
    units = {name: _units(shown) for name, shown in columns.items()}
    last_row: dict[int, nodes.Element] = {}  # a text (by its division) -> its last block
    for cells in zip(*(units[view.name] for view in COLUMNS), strict=True):
        identifier = cells[0].get("tei_id")
        row = SynopticRow("", classes=["tei-row"], ids=[identifier] if identifier else [])
        for view, cell in zip(COLUMNS, cells, strict=True):
            row.append(
                SynopticCell(
                    "",
                    cell.deepcopy(),
                    classes=["tei-cell", f"tei-cell-{view.name}", f"tei-view-{view.name}"],
                    **view_attributes(view),
                )
            )
        container.append(row)
        last_row[id(_text_of(cells[-1]))] = row
    # Each text's notes after its own rows, so the page reads text, notes, next text.
    for notes in list(columns[COLUMNS[-1].name].findall(apparatus.NoteList)):
        text = id(_text_of(notes))
        copy = notes.deepcopy()
        if text not in last_row:
            container.append(copy)
            continue
        container.insert(container.index(last_row[text]) + 1, copy)
        last_row[text] = copy  # the text's next list goes after this one
    return container


def give_heading_levels(container: nodes.Element, top: int) -> None:
    """The text's headings as real headings under the page's own (h2 for a text when the
    directive stands under the page title, h3 for its notes). In the side-by-side view only
    the canonical column's titles are headings: the other column's would say them twice."""
    for heading in container.findall(nodes.rubric):
        if "depth" not in heading:
            continue
        cell = heading.parent
        while cell is not None and not isinstance(cell, SynopticCell):
            cell = cell.parent
        if cell is None or cell.get("canonical"):
            heading["heading-level"] = min(6, top + int(heading["depth"]) - 1)

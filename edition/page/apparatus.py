"""Per-view decorations of a projected text: § loci and permalinks, and the notes as footnotes."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from types import MappingProxyType
from typing import Any

from docutils import nodes
from lxml import etree

from edition.core import header
from edition.core.behaviours import (
    Generated,
    TeiDivision,
    TeiHead,
    TeiNote,
    TeiParagraph,
    TeiPointer,
)
from edition.core.convert import language_of
from edition.core.emendations import Emendation
from edition.core.node import EditionNode
from edition.core.tei import NAMESPACES, XML_ID, TeiDocument
from edition.core.typography import typeset
from edition.core.view import View
from edition.core.views import normalize_block_space
from edition.page.pagelinks import EditionLink


class DivisionTitle(EditionNode, nodes.rubric):
    """The title of a text that the witness does not carry, from the header's part titles:
    editorial, so the witness views show it in square brackets. Printed as the text's own."""

    visit_typst = staticmethod(TeiHead.visit_typst)


def title_divisions(tree: nodes.Element, document: TeiDocument, view: View) -> None:
    titles = header.part_titles(document)
    for division in texts(tree):
        title = titles.get(str(division.get("tei_id", "")))
        if not title or any(isinstance(child, TeiHead) for child in division.children):
            continue
        shown = f"[{title}]" if view.bracket_additions else title
        division.insert(0, DivisionTitle("", shown, classes=["tei-div-title"]))


def mark_heading_depths(tree: nodes.Element, prefix: str) -> None:
    """Each heading of the text's structure gets 'depth' (1 for a text's title, 2 for its
    notes or a division inside it ...) and an id, so that a page can give it a heading level
    under its own title and list it in the page's contents. A head elsewhere (in a list, a
    figure, a line group) is a caption and stays as it is."""
    for heading in list(tree.findall(nodes.rubric)):
        if isinstance(heading, NoteHeading):
            division, name = heading.parent.parent, heading.astext()
            # Under the text's title where it has one; in its place where it has none.
            titled = any(isinstance(c, TeiHead | DivisionTitle) for c in division.children)
            depth = 1 if titled else 0
        elif isinstance(heading, TeiHead | DivisionTitle) and isinstance(
            heading.parent, TeiDivision
        ):
            division, depth, name = heading.parent, 0, "title"
        else:
            continue
        heading["depth"] = _division_depth(division) + depth
        if not heading["ids"]:
            owner = str(division.get("tei_id") or "text")
            heading["ids"] = [f"{prefix}{owner}-{'-'.join(name.lower().split())}"]


def _division_depth(node: nodes.Node | None) -> int:
    depth = 0
    while node is not None:
        depth += isinstance(node, TeiDivision)
        node = node.parent
    return max(depth, 1)


class NoteHeading(EditionNode, nodes.rubric):
    """'Textual notes', 'Commentary': the heading of a note list, one level below its text's."""

    @staticmethod
    def visit_typst(translator: Any, node: nodes.Element) -> None:
        """'Commentary' after a text printed with notes is a heading under the text's, so
        that it is in the contents and the bookmarks."""
        if not translator.printed_with_notes(node) or "depth" not in node:
            translator.bold_line(node)
        translator.heading(node, translator.section_level + int(node["depth"]))


# The Typst label of the marks that say where each paragraph is printed (builder.pdf_pages).
CITABLE_LABEL = "edition-citable"


class ParagraphLocus(EditionLink):
    """The § number of a paragraph, which is also its permalink. Print sets it in the start
    margin beside the paragraph's first line, and notes the page it falls on. On the web,
    'cite' (set when the page is written) is the paragraph's entry on the citations page:
    edition.js opens the paragraph's citation at its locus from it."""

    typst_functions = MappingProxyType(
        {
            "locus": "#let locus(number) = box(width: 0pt, place(bottom + left, dx: -2.6em,\n"
            "  text(size: 7.5pt, fill: luma(70), number)))"
        }
    )

    @staticmethod
    def visit_typst(translator: Any, node: nodes.Element) -> None:
        if translator.synoptic_column(node):
            raise nodes.SkipNode  # the row's § stands once, beside its first column
        translator.body.append(f"#locus({translator.string(node.astext())});")
        if translator.printed_with_notes(node) and node.get("refid"):
            # Where the paragraph is printed, for the index of citable units.
            unit = f"(id: {translator.string(str(node['refid']))}, page: here().page())"
            translator.body.append(f"#context [#metadata({unit})<{CITABLE_LABEL}>]")
        raise nodes.SkipNode


class InPrint(Enum):
    """Where print sets a kind of note."""

    FOOTNOTE = "footnote"  # at the foot of the page, numbered, with its cue in the text
    APPARATUS = "apparatus"  # at the foot of the page, keyed by its lemma's line, no cue
    ENDNOTE = "endnote"  # after the text, keyed by page and line


@dataclass(frozen=True)
class NoteKind:
    """How one kind of note is listed: textual notes and commentary never look alike. Nodes
    carry its name ('note_kind', a NoteList's 'kind'); of_node() gives the kind back."""

    name: str
    heading: str
    one: str  # what a screen reader calls one of them, before its number
    in_print: InPrint
    lettered: bool = False

    @property
    def css(self) -> str:
        return f"tei-{self.name}"

    def label(self, index: int) -> str:
        if not self.lettered:
            return str(index)
        # Commentary is lettered (a, b, ... z, aa, ab ...), the apparatus numbered.
        letters = ""
        index -= 1
        while True:
            letters = chr(ord("a") + index % 26) + letters
            index = index // 26 - 1
            if index < 0:
                return letters


TEXTUAL = NoteKind("apparatus", "Textual notes", "textual note", InPrint.APPARATUS)
COMMENTARY = NoteKind("commentary", "Commentary", "comment", InPrint.ENDNOTE, lettered=True)
# Notes standing in the text without @target: the author's (or the source's) own notes.
NOTES = NoteKind("notes", "Notes of the text", "note", InPrint.FOOTNOTE)
NOTE_KINDS = MappingProxyType({kind.name: kind for kind in (TEXTUAL, COMMENTARY, NOTES)})


def note_kind(node: nodes.Element, attribute: str = "note_kind") -> NoteKind | None:
    """The kind of note a cue (or, with attribute 'kind', a note list) belongs to."""
    return NOTE_KINDS.get(str(node.get(attribute, "")))


class NoteCue(EditionNode, nodes.footnote_reference):
    """The cue to a note of the edition. On the web it is a plain link: docutils wraps every
    cue in two bracket spans, which on a page of a hundred cues is the page's most repeated
    markup; the stylesheet draws the brackets instead. Other builders print it as the
    footnote reference it is."""

    @staticmethod
    def visit_html(translator: Any, node: nodes.Element) -> None:
        href = "#" + node["refid"]
        attributes = {"CLASS": "footnote-reference", "href": href, "role": "doc-noteref"}
        translator.body.append(translator.starttag(node, "a", "", **attributes))

    @staticmethod
    def depart_html(translator: Any, node: nodes.Element) -> None:
        translator.body.append("</a>")


class EntryLabel(EditionNode, nodes.label):
    """The number or letter that begins a note's entry, a link back to its cue. On the web,
    as with the cues, the stylesheet draws its brackets; other builders print the footnote
    label it is."""

    @staticmethod
    def visit_html(translator: Any, node: nodes.Element) -> None:
        translator.body.append(translator.starttag(node, "span", "", CLASS="label"))
        backrefs: list[str] = node.parent.get("backrefs", [])
        if backrefs:
            back = nodes.Element()
            translator.body.append(
                translator.starttag(back, "a", "", role="doc-backlink", href="#" + backrefs[0])
            )

    @staticmethod
    def depart_html(translator: Any, node: nodes.Element) -> None:
        if node.parent.get("backrefs"):
            translator.body.append("</a>")
        translator.body.append("</span>\n")


class NoteList(EditionNode, nodes.container):
    """The notes of one kind after a text; 'kind' names the kind (NOTE_KINDS). Print sets
    the apparatus and the author's notes at the foot of the page where referenced, and lists
    only the endnotes, once, after the text printed with notes."""

    @staticmethod
    def visit_typst(translator: Any, node: nodes.Element) -> None:
        kind = note_kind(node, "kind")
        if kind is None or kind.in_print is not InPrint.ENDNOTE:
            raise nodes.SkipNode
        if not translator.printed_with_notes(node):
            raise nodes.SkipNode
        translator.anchor(node)

    @staticmethod
    def depart_typst(translator: Any, node: nodes.Element) -> None:
        pass


def _kind_of_inline(note: nodes.Element) -> NoteKind:
    if note.get("tei_type") == "textual":
        return TEXTUAL
    if note.get("tei_resp") or note.get("tei_type") in {"editorial", "commentary", "gloss"}:
        return COMMENTARY
    return NOTES


def texts(tree: nodes.Element) -> list[nodes.Element]:
    """The top-level divisions (each text of the edition), or the whole tree if it has none."""
    divisions: list[nodes.Element] = [d for d in tree.children if isinstance(d, TeiDivision)]
    return divisions or [tree]


def loci(tree: nodes.Element) -> dict[str, str]:
    """The § locus of every paragraph: paragraphs are counted per text (top-level division)."""
    found = {}
    for division in texts(tree):
        paragraphs = [p for p in division.findall(TeiParagraph) if "tei_id" in p]
        for number, paragraph in enumerate(paragraphs, start=1):
            found[str(paragraph["tei_id"])] = f"§{number}"
    return found


def text_names(document: TeiDocument) -> dict[str, str]:
    """Element id -> the short name of the text it belongs to (the top-level division's @n),
    which goes with the § number in citations: "Message §2"."""
    names = {}
    body = document.body()
    for division in (
        body.iterfind("tei:div", namespaces=dict(NAMESPACES)) if body is not None else ()
    ):
        for element in division.iter():
            if element.get(XML_ID):
                names[element.get(XML_ID)] = division.get("n", "")
    return names


def locus_label(paragraph_id: str, names: Mapping[str, str], numbers: Mapping[str, str]) -> str:
    """'Message §3': the text's short name with the § locus, so that §3 of one text is never
    taken for §3 of another. A place outside the numbered paragraphs (a dateline, whose
    nearest identified ancestor is the text itself) is named by its text alone."""
    number = numbers.get(paragraph_id)
    name = names.get(paragraph_id, "")
    if number is None:
        return name or paragraph_id
    return f"{name} {number}".strip()


def label_pointers(
    tree: nodes.Element, numbers: Mapping[str, str], names: Mapping[str, str]
) -> None:
    """On a page, a pointer without words of its own (ptr) to a paragraph reads as that
    paragraph's locus, "Message §16", not as the raw id (plain text, streamed block by
    block, cannot know a later paragraph's number and keeps the id)."""
    pointers = [
        p
        for p in tree.findall(TeiPointer)
        if p.children and all(isinstance(c, Generated) for c in p.children)
    ]
    for pointer in pointers:
        identifier = str(pointer["tei_target"])
        if identifier in numbers:
            label = locus_label(identifier, names, numbers).replace(" \u00a7", "\u00a0\u00a7")
            pointer.children = []
            pointer.append(Generated("", label))


def number_paragraphs(tree: nodes.Element, prefix: str = "") -> None:
    """Put the § locus before each paragraph as its permalink; anchors are the xml:ids
    (prefixed when several views share a page)."""
    numbers = loci(tree)
    for block in list(tree.findall(nodes.Element)):
        if not isinstance(block, TeiParagraph | TeiHead) or "tei_id" not in block:
            continue
        anchor = prefix + block["tei_id"]
        block["ids"] = [anchor]
        if block["tei_id"] in numbers:
            block["locus"] = numbers[block["tei_id"]]
            block.insert(0, ParagraphLocus("", block["locus"], refid=anchor, classes=["tei-locus"]))


def _insert_after(node: nodes.Element, new: nodes.Node) -> None:
    """A cue after the place its note is about. A note between two blocks (after a dateline,
    within an opener) has its cue at the end of the block before it: alone it would stand
    on a line of its own."""
    if isinstance(node, TeiParagraph | TeiHead):
        node.append(new)  # a note on a whole paragraph is keyed at its end
        return
    parent = node.parent
    index = next(i for i, child in enumerate(parent.children) if child is node)
    before = parent[index - 1] if index > 0 else None
    if not isinstance(parent, nodes.TextElement) and isinstance(before, nodes.TextElement):
        before.append(new)
        return
    parent.insert(index + 1, new)


class EntryLocus(EditionNode, nodes.inline):
    """Where an apparatus or commentary entry belongs ("§2 "): the web's key. Print keys
    its entries by page and line instead, so it leaves this out."""

    omitted_in = frozenset({"typst"})


class Lemma(EditionNode, nodes.strong):
    """An entry's lemma: the edited text it comments on."""


def _note_paragraph(
    head: list[nodes.Node], content: list[nodes.Node], language: str
) -> nodes.paragraph:
    """The note's own markup (links to sources, titles) kept; TEI whitespace rules applied;
    typeset in the note's language."""
    paragraph = nodes.paragraph("", "", *content)
    normalize_block_space(paragraph)
    typeset(paragraph, language=language)  # the editors' prose; the head (lemma, readings)
    for node in reversed(head):  # is added after, as quoted
        paragraph.insert(0, node)
    return paragraph


def _locus(node: nodes.Node) -> str:
    while node is not None:
        if isinstance(node, nodes.Element) and "locus" in node:
            return str(node["locus"])
        node = node.parent
    return ""


def _block_of(node: nodes.Node) -> nodes.Element | None:
    while node is not None and not isinstance(node, TeiParagraph | TeiHead):
        node = node.parent
    return node


def word_before(target: nodes.Element) -> str:
    """The word that ends just before target in its block (its § locus and note cues not
    counted), or '' when a space or the block's start comes first: what a punctuation lemma
    is printed with ("Russia,] B; Russia W")."""
    block = _block_of(target)
    if block is None:
        return ""
    before: list[str] = []
    for node in block.findall(include_self=False):
        if node is target:
            break
        if isinstance(node, nodes.Text) and not _is_apparatus(node):
            before.append(str(node))
    text = "".join(before)
    if not text or text[-1].isspace():
        return ""
    return text.split()[-1]


def _is_apparatus(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(
            parent, ParagraphLocus | nodes.footnote_reference
        ) or "tei-witness-reading" in (
            parent.get("classes", []) if isinstance(parent, nodes.Element) else []
        ):
            return True
        parent = parent.parent
    return False


def _authority(emendation: Emendation, sigla: header.Sigla) -> str:
    """Where the edited reading comes from: a witness's siglum (B), else 'conj.' for a
    conjecture, else 'ed.' (the editors, on internal evidence)."""
    found = sigla.of(emendation.source)
    if found:
        return found
    return "conj." if emendation.evidence == "conjecture" else "ed."


def _has_words(text: str) -> bool:
    return any(character.isalnum() for character in text)


def _entry_head(
    target: nodes.Element, emendation: Emendation | None, sigla: header.Sigla
) -> list[nodes.Node]:
    """The apparatus key and lemma: "§2 friends B] friend W", "§2 Russia, B] Russia W",
    "§3 Saint Simon]". A lemma of punctuation alone takes the word before it, in both
    readings, so that it can be read."""
    head: list[nodes.Node] = []
    locus = _locus(target)
    if locus:
        head.append(EntryLocus("", locus + " ", classes=["tei-app-locus"]))
    if isinstance(target, TeiParagraph | TeiHead):
        return head
    if emendation is None:
        head += [Lemma("", target.astext()), nodes.Text("] ")]
        return head
    edited, witness = emendation.edited, emendation.witness
    if not (_has_words(edited) and _has_words(witness or "x")):
        word = word_before(target)
        edited, witness = word + edited, word + witness if word else witness
    reading: list[nodes.Node] = [nodes.Text(witness)] if witness else [nodes.emphasis("", "om.")]
    head += [
        Lemma("", edited or "om."),
        nodes.Text(" "),
        nodes.emphasis("", _authority(emendation, sigla)),
        nodes.Text("] "),
        *reading,
    ]
    if sigla.base:
        head += [nodes.Text(" "), nodes.emphasis("", sigla.base)]
    head.append(nodes.Text(". "))
    return head


def _add_note(
    lists: dict[NoteKind, list[nodes.footnote]],
    counts: dict[NoteKind, int],
    view: View,
    kind: NoteKind,
    note_id: str,
    place: nodes.Element,
    content: list[nodes.Node],
    label: str = "",
) -> None:
    """A reference after place, and the note in its kind's list (numbered in text order,
    unless the source gives the note its own mark)."""
    entries = lists[kind]
    counts[kind] = counts.get(kind, 0) + 1
    label = label or kind.label(counts[kind])
    entry_id = f"{view.name}-note-{note_id}"
    ref_id = f"{view.name}-ref-{note_id}"
    # 'place': the id of what the note is about, where print keys the entry by page and line.
    keyed = {"note_kind": kind.name, "place": place["ids"][0] if place["ids"] else ""}
    reference = NoteCue(
        "", label, refid=entry_id, ids=[ref_id], classes=[f"{kind.css}-ref"], **keyed
    )
    reference["aria-label"] = f"{kind.one} {label}"
    _insert_after(place, reference)
    # A plain footnote: readable without JavaScript, with back-links, in every builder.
    entries.append(
        nodes.footnote(
            "",
            EntryLabel("", label),
            *content,
            ids=[entry_id],
            backrefs=[ref_id],
            classes=[f"{kind.css}-entry"],
            **keyed,
        )
    )


def _kind_of_targeted(note: etree._Element) -> NoteKind:
    return TEXTUAL if note.get("type") == "textual" else COMMENTARY


def _notes_in_order(
    division: nodes.Element, document: TeiDocument
) -> tuple[list[tuple[nodes.Element, str, list[etree._Element]]], list[nodes.Element]]:
    """The places notes point to in a text, in text order, each with its identifier and its
    notes; then the notes standing in the text. These last: a note of the apparatus about a
    word inside one (a reading the editors supply in a footnote of the print) comes first."""
    targeted = []
    inline: list[nodes.Element] = []
    for target in list(division.findall(nodes.Element)):
        if isinstance(target, TeiNote):
            if "target" not in target:  # a note in the text, about the place it stands
                inline.append(target)
            continue
        identifier = target.get("tei_id")
        if not identifier or isinstance(target, TeiDivision):
            continue
        notes = list(document.notes_by_target.get(identifier, ()))
        if notes:
            targeted.append((target, str(identifier), notes))
    return targeted, inline


def number_notes(tree: nodes.Element, document: TeiDocument) -> None:
    """Each note's number (or letter), worked out once on the whole converted file, before a
    view leaves out what it does not show: a note has the same label in every view, on every
    page and in print, and the numbering runs through the file, so [3] is never two notes."""
    counts: dict[NoteKind, int] = {}
    for division in texts(tree):
        targeted, inline = _notes_in_order(division, document)
        for target, _identifier, notes in targeted:
            labels = []
            for note in notes:
                kind = _kind_of_targeted(note)
                counts[kind] = counts.get(kind, 0) + 1
                labels.append(kind.label(counts[kind]))
            target["note_labels"] = labels
        for note in inline:
            kind = _kind_of_inline(note)
            counts[kind] = counts.get(kind, 0) + 1
            # The source's own mark ("*"), if it gives one.
            note["note_label"] = str(note.get("n", "")) or kind.label(counts[kind])


def attach_notes(
    tree: nodes.Element,
    document: TeiDocument,
    view: View,
    emendations: Mapping[str, Emendation],
    convert: Callable[[etree._Element], list[nodes.Node]],
) -> None:
    """A footnote reference after every place a note points to; the notes listed at the end of
    each text, textual notes and commentary apart, each entry keyed by § locus and lemma, with
    the label number_notes gave it (a tree it has not seen is numbered in the order shown)."""
    counts: dict[NoteKind, int] = {}
    sigla = header.sigla(document)
    for division in texts(tree):
        lists: dict[NoteKind, list[nodes.footnote]] = {TEXTUAL: [], NOTES: [], COMMENTARY: []}
        targeted, inline = _notes_in_order(division, document)
        for target, identifier, notes in targeted:
            labels: list[str] = list(target.get("note_labels", ()))
            for position, note in enumerate(notes):
                note_id = note.get(XML_ID) or f"{identifier}-{position + 1}"
                if "tei_id" in target and not target["ids"]:
                    target["ids"] = [f"{view.name}-{identifier}"]
                head = _entry_head(target, emendations.get(identifier), sigla)
                label = labels[position] if position < len(labels) else ""
                content: list[nodes.Node] = [
                    _note_paragraph(head, convert(note), language_of(note))
                ]
                _add_note(
                    lists, counts, view, _kind_of_targeted(note), note_id, target, content, label
                )
        for target in inline:
            number = sum(counts.values()) + 1  # unique on the page
            note_id = str(target.get("tei_id") or f"n{number}")
            blocks = [c.deepcopy() for c in target.children]
            label = str(target.get("note_label", "") or target.get("n", ""))
            _add_note(lists, counts, view, _kind_of_inline(target), note_id, target, blocks, label)
        for kind, entries in lists.items():
            if entries:
                division.append(
                    NoteList(
                        "",
                        NoteHeading("", kind.heading),
                        *entries,
                        classes=[kind.css],
                        kind=kind.name,
                    )
                )

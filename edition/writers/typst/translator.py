"""docutils doctree -> Typst markup. Text goes out as Typst string literals, so no character of
the edition can ever be read as markup; structure goes out as calls into edition.typ."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxTranslator

from edition.core.linebreaks import UNBREAKABLE, breakable, overlong_words
from edition.page.apparatus import InPrint, NoteList, note_kind
from edition.page.layout import SynopticCell, SynopticText
from edition.writers.typst.markup import (
    css_classes,
    enclosing,
    label_name,
    printed_with_notes,
    string,
    tei_place,
    text_markup,
)

logger = logging.getLogger(__name__)


def node_language(node: nodes.Element) -> str:
    """The language a node declares (docutils keeps xml:lang as a language-xx class), as
    Typst's text(lang) takes it: hyphenation and quotation marks follow it. Empty if none."""
    language = next(
        (c.removeprefix("language-") for c in node["classes"] if c.startswith("language-")), ""
    ).split("-")[0]
    return language if re.fullmatch(r"[a-z]{2,3}", language) else ""


class TypstTranslator(SphinxTranslator):
    """One visitor per docutils node type; output accumulates in nested buffers (cells, notes,
    rows). The edition's own node types carry their Typst visitors (core.node.EditionNode);
    one that carries none is printed as its docutils base (Sphinx dispatches along the MRO).
    Their visitors use only the methods of the section 'for the node types' below."""

    def __init__(
        self, document: nodes.document, builder: Any, docname: str, labels: set[str]
    ) -> None:
        super().__init__(document, builder)
        self.docname = docname
        self.labels = labels
        self.stack: list[list[str]] = [[]]
        self.section_level = 0
        # Footnotes made by directives are not registered in document.ids: index them here.
        self.by_id = {i: n for n in document.findall(nodes.Element) for i in n["ids"]}
        # The mark of the author's note being rendered ("" outside one).
        self.in_author_note = ""
        # What notes are about, inline: keyed by their line in print (apparatus-entry).
        self.places = {
            str(n["place"]) for n in document.findall(nodes.footnote_reference) if n.get("place")
        }
        self.pending_places: list[str] = []

    # -- buffers -----------------------------------------------------------------------------
    @property
    def body(self) -> list[str]:
        return self.stack[-1]

    def push(self) -> None:
        self.stack.append([])

    def pop(self) -> str:
        return "".join(self.stack.pop())

    def output(self) -> str:
        return "".join(self.stack[0])

    def render(self, children: Iterable[nodes.Node]) -> str:
        self.push()
        for child in children:
            child.walkabout(self)
        return self.pop()

    def anchor(self, node: nodes.Element) -> None:
        for identifier in node["ids"]:
            name = label_name(self.docname, identifier)
            if name not in self.labels:
                continue
            if identifier in self.places and isinstance(node, nodes.Inline):
                self.pending_places.append(name)  # marked in its first word (visit_Text)
            else:
                # No space before the label: in markup it would be text.
                self.body.append(f"#metadata(none)<{name}>")

    def target_label(self, node: nodes.Element) -> str | None:
        """The label a reference points to, if the PDF has it."""
        if node.get("refid"):
            name = label_name(self.docname, node["refid"])
        else:
            uri = str(node.get("refuri", ""))
            if "://" in uri or uri.startswith("mailto:") or "#" not in uri:
                return None
            docname, _, identifier = uri.partition("#")
            name = label_name(docname or self.docname, identifier)
        return name if name in self.labels else None

    # -- for the node types' own visitors -----------------------------------------------------
    @staticmethod
    def string(text: str) -> str:
        return string(text)

    def printed_with_notes(self, node: nodes.Node) -> bool:
        return printed_with_notes(node)

    def side_by_side(self, node: nodes.Node) -> bool:
        """Whether node stands in the synoptic text (where each heading stands twice)."""
        return enclosing(node, SynopticText) is not None

    def synoptic_column(self, node: nodes.Node) -> int | None:
        """Which column of its synoptic row node stands in (0 first), None outside one."""
        cell = enclosing(node, SynopticCell)
        return None if cell is None else cell.parent.index(cell)

    def skip(self, node: nodes.Node) -> None:
        raise nodes.SkipNode

    def pass_(self, node: nodes.Node) -> None:
        pass

    # -- document structure ------------------------------------------------------------------
    def visit_document(self, node: nodes.Element) -> None:
        self.body.append(f"#metadata(none)<{label_name(self.docname, '')}>\n")

    depart_document = pass_

    def visit_section(self, node: nodes.Element) -> None:
        self.section_level += 1
        self.anchor(node)

    def depart_section(self, node: nodes.Element) -> None:
        self.section_level -= 1

    def visit_title(self, node: nodes.Element) -> None:
        self.heading(node, max(1, self.section_level), anchored=False)  # the section's ids

    def heading(self, node: nodes.Element, level: int, *, anchored: bool = True) -> None:
        """A heading in the PDF's outline (contents and bookmarks)."""
        if anchored:
            self.anchor(node)
        self.body.append(f"\n\n#heading(level: {level})[{self.render(node.children)}]\n\n")
        raise nodes.SkipNode

    def visit_paragraph(self, node: nodes.Element) -> None:
        self.body.append("\n\n")
        place = self.tei_place_of(node)
        if place is not None:
            self.body.append(tei_place(*place))
        self.anchor(node)

    def tei_place_of(self, node: nodes.Node) -> tuple[str, int] | None:
        """(TEI file, line) of the nearest element converted from TEI that holds node: the
        line its node keeps (tei_line), the file its page's text says (tei_source)."""
        line: int | None = None
        found: nodes.Node | None = node
        while found is not None:
            if isinstance(found, nodes.Element):
                if line is None and found.get("tei_line"):
                    line = int(found["tei_line"])
                if line is not None and found.get("tei_source"):
                    return str(found["tei_source"]), line
            found = found.parent
        return None

    def depart_paragraph(self, node: nodes.Element) -> None:
        self.flush_places()
        self.body.append("\n\n")

    def warn_long_words(self, node: nodes.Text, text: str) -> None:
        """Once per build for each place, however many views and pages show it."""
        place = self.tei_place_of(node)
        where = f"{place[0]}:{place[1]}" if place else self.docname
        domain = self.builder.env.get_domain("edition")
        for word in overlong_words(text):
            if not domain.first_time(("long-word", where, word)):  # type: ignore[attr-defined]
                continue
            logger.warning(
                "a word of %d characters (%r) is longer than a line of the PDF, which breaks "
                "it where the line ends; the web page wraps it. Put the spaces it lacks, or "
                "add 'edition.long-word' to suppress_warnings where it is meant",
                len(word),
                f"{word[:20]}…{word[-10:]}",
                location=where,
                type="edition",
                subtype="long-word",
            )

    def flush_places(self) -> None:
        """A place without words (an omission) is marked where it ends."""
        self.body.extend(f"#metadata(none)<{name}>" for name in self.pending_places)
        self.pending_places = []

    def visit_rubric(self, node: nodes.Element) -> None:
        """A rubric the page made a heading (Sphinx's 'heading-level', counted from the
        page's title) is one in print too, in the contents and the bookmarks; any other is
        a bold line."""
        if "heading-level" in node:
            self.heading(node, max(1, self.section_level) + int(node["heading-level"]) - 1)
        self.bold_line(node)

    def bold_line(self, node: nodes.Element) -> None:
        """A heading that stays out of the outline (a column's, a synoptic row's); like
        heading(), it ends the node's visit."""
        self.anchor(node)
        content = self.render(node.children)
        self.body.append(f"\n\n#block(above: 1.2em, below: 0.6em, strong[{content}])\n\n")
        raise nodes.SkipNode

    def visit_container(self, node: nodes.Element) -> None:
        self.anchor(node)

    depart_container = pass_

    def visit_compound(self, node: nodes.Element) -> None:
        if "toctree-wrapper" in css_classes(node):
            raise nodes.SkipNode

    depart_compound = pass_

    # -- inline ------------------------------------------------------------------------------
    def visit_Text(self, node: nodes.Text) -> None:
        text = node.astext().replace("\n", " ")
        if UNBREAKABLE.search(text):
            self.warn_long_words(node, text)
            text = breakable(text)
        if self.pending_places and text.strip():
            # A note's place is marked after the first character of its words: a mark
            # before them would stay on the previous line when the line breaks there.
            start = len(text) - len(text.lstrip())
            first, rest = text[: start + 1], text[start + 1 :]
            marks = "".join(f"#metadata(none)<{name}>" for name in self.pending_places)
            self.pending_places = []
            self.body.append(text_markup(first) + marks + text_markup(rest))
            return
        self.body.append(text_markup(text))

    depart_Text = pass_

    # Typst's parser has a nesting limit: styles nested deeper than this (250 nested <hi> are
    # valid TEI) are set once, their inner repetitions as plain content.
    MAX_STYLE_DEPTH = 24

    def styled(self, function: str, node: nodes.Element) -> None:
        self.style_depth = getattr(self, "style_depth", 0) + 1
        try:
            content = self.render(node.children)
        finally:
            self.style_depth -= 1
        language = node_language(node)
        if language:
            content = f"#text(lang: {string(language)})[{content}]"
        if self.style_depth >= self.MAX_STYLE_DEPTH:
            self.body.append(content)
        else:
            self.body.append(f"#{function}[{content}]")
        raise nodes.SkipNode

    def visit_emphasis(self, node: nodes.Element) -> None:
        self.styled("emph", node)

    def visit_strong(self, node: nodes.Element) -> None:
        self.styled("strong", node)

    def visit_superscript(self, node: nodes.Element) -> None:
        self.styled("super", node)

    def visit_subscript(self, node: nodes.Element) -> None:
        self.styled("sub", node)

    def visit_block_quote(self, node: nodes.Element) -> None:
        self.anchor(node)
        self.body.append(f"\n\n#quote(block: true)[{self.render(node.children).strip()}]\n\n")
        raise nodes.SkipNode

    def visit_literal(self, node: nodes.Element) -> None:
        self.body.append(f"#raw({string(node.astext())});")
        raise nodes.SkipNode

    def visit_inline(self, node: nodes.Element) -> None:
        self.anchor(node)
        language = node_language(node)
        if language:
            self.body.append(f"#text(lang: {string(language)})[{self.render(node.children)}]")
            raise nodes.SkipNode

    depart_inline = pass_

    def visit_reference(self, node: nodes.Element) -> None:
        content = self.render(node.children)
        uri = str(node.get("refuri", ""))
        target = self.target_label(node)
        if target:
            self.body.append(f"#link(<{target}>)[{content}]")
        elif "://" in uri or uri.startswith("mailto:"):
            self.body.append(f"#link({string(uri)})[{content}]")
        else:
            self.body.append(content)
        raise nodes.SkipNode

    def visit_footnote_reference(self, node: nodes.Element) -> None:
        self.flush_places()  # an omission's place, before the note's own words
        # Notes are printed with the canonical text; the other views show the places, not notes.
        if not printed_with_notes(node):
            raise nodes.SkipNode
        footnote = self.by_id.get(node["refid"])
        if footnote is None:
            raise nodes.SkipNode
        place = self.place_label(node)
        kind = note_kind(node)
        in_print = kind.in_print if kind is not None else InPrint.FOOTNOTE
        if in_print is InPrint.ENDNOTE and place:
            raise nodes.SkipNode  # no cue: the entry after the text is keyed by page and line
        mark = next((c.astext() for c in footnote.children if isinstance(c, nodes.label)), "")
        own_note = not (in_print is InPrint.APPARATUS and place)
        outer = self.in_author_note
        if own_note:
            self.in_author_note = mark  # an entry for a place inside it is keyed by its mark
        content = self.render(c for c in footnote.children if not isinstance(c, nodes.label))
        self.in_author_note = outer
        if not own_note:
            # The critical apparatus at the foot of the page, keyed by the lemma's line: no
            # cue in the text, as in print editions. A lemma in an author's note has no line
            # number: its key is the note's mark ("n. *").
            key = f", key: {string('n. ' + outer)}" if outer else ""
            self.body.append(f"#note-mark[#apparatus-entry(<{place}>{key})[{content.strip()}]]")
        elif mark and not mark.isdigit():
            # The author's own mark ("*" in Baldwin's print), not a number that the critical
            # apparatus's line numbers would be taken for.
            self.body.append(
                f"#note-mark[#footnote(numbering: _ => {string(mark)})[{content.strip()}]"
                "#counter(footnote).update(n => n - 1)]"
            )
        else:  # the author's own notes keep their numbers and cues
            self.body.append(f"#note-mark[#footnote[{content.strip()}]]")
        raise nodes.SkipNode

    def place_label(self, node: nodes.Element) -> str:
        """The label of what a note is about, if the PDF has it."""
        name = label_name(self.docname, str(node.get("place", "")))
        return name if node.get("place") and name in self.labels else ""

    def visit_target(self, node: nodes.Element) -> None:
        self.anchor(node)

    depart_target = pass_

    # -- lists, lines, tables ----------------------------------------------------------------
    def visit_bullet_list(self, node: nodes.Element) -> None:
        items = [f"[{self.render(item.children).strip()}]" for item in node.children]
        self.body.append(f"\n\n#list({', '.join(items)})\n\n")
        raise nodes.SkipNode

    visit_enumerated_list = visit_bullet_list

    def visit_list_item(self, node: nodes.Element) -> None:
        # Items are printed by their list; one met alone prints as its content.
        self.body.append(f"\n\n{self.render(node.children).strip()}\n\n")
        raise nodes.SkipNode

    def visit_definition_list(self, node: nodes.Element) -> None:
        for item in node.children:
            term = next(c for c in item.children if isinstance(c, nodes.term))
            definition = next(c for c in item.children if isinstance(c, nodes.definition))
            self.body.append("\n\n")
            self.anchor(term)
            self.body.append(
                f"#block(breakable: true)[#strong[{self.render(term.children)}]"
                f" #pad(left: 1.2em)[{self.render(definition.children)}]]\n\n"
            )
        raise nodes.SkipNode

    def visit_line_block(self, node: nodes.Element) -> None:
        self.anchor(node)
        lines = [self.render(line.children) for line in node.children]
        self.body.append("\n\n" + "#linebreak()".join(lines) + "\n\n")
        raise nodes.SkipNode

    def table_cell(self, entry: nodes.Element) -> str:
        content = f"[{self.render(entry.children).strip()}]"
        span = int(entry.get("morecols", 0))
        return f"table.cell(colspan: {span + 1}){content}" if span else content

    def visit_table(self, node: nodes.Element) -> None:
        group = next(c for c in node.children if isinstance(c, nodes.tgroup))
        widths = [str(c["colwidth"]) + "fr" for c in group.children if isinstance(c, nodes.colspec)]
        cells: list[str] = []
        for part in group.children:
            if not isinstance(part, nodes.thead | nodes.tbody):
                continue
            rendered = [
                self.table_cell(entry)
                for row in part.children
                for entry in row.children
                if isinstance(entry, nodes.Element)
            ]
            if isinstance(part, nodes.thead):
                cells.append(f"table.header({', '.join(rendered)})")
            else:
                cells.extend(rendered)
        self.body.append(
            f"\n\n#ledger-table(table(columns: ({', '.join(widths)},), "
            "inset: (x: 4pt, y: 3.5pt), stroke: 0.3pt, " + ", ".join(cells) + "))\n\n"
        )
        raise nodes.SkipNode

    # -- what print leaves out ---------------------------------------------------------------
    def visit_raw(self, node: nodes.Element) -> None:
        if "typst" in node.get("format", "").split():
            self.body.append(node.astext())
        raise nodes.SkipNode

    visit_comment = skip
    visit_system_message = skip

    def visit_footnote(self, node: nodes.Element) -> None:
        """Apparatus entries are printed where referenced; commentary entries as endnotes."""
        notes = enclosing(node, NoteList)
        kind = note_kind(notes, "kind") if notes is not None else None
        if kind is None or kind.in_print is not InPrint.ENDNOTE:
            raise nodes.SkipNode
        label = next((c for c in node.children if isinstance(c, nodes.label)), None)
        content = self.render(c for c in node.children if not isinstance(c, nodes.label))
        self.body.append("\n\n")
        self.anchor(node)
        place = self.place_label(node)
        # Keyed by the page and line of what it comments on; the web's letter where the PDF
        # does not print that place.
        key = f"<{place}>" if place else string(label.astext() if label is not None else "")
        self.body.append(f"#commentary-entry({key})[{content.strip()}]\n\n")
        raise nodes.SkipNode

    visit_label = skip
    visit_toctree = skip
    visit_index = skip
    visit_substitution_definition = skip
    visit_pending_xref = visit_inline  # unresolved cross-references keep their text
    depart_pending_xref = depart_inline

    def unknown_visit(self, node: nodes.Node) -> None:
        """A node of another extension nobody taught the PDF: its text, and a typed warning
        (the build goes on; app.add_node(..., typst=(visit, depart)) gives it a rendering)."""
        logger.warning(
            f"the PDF has no rendering for {type(node).__name__} nodes; their text is printed "
            "plain. Register one with app.add_node(..., typst=(visit, depart))",
            type="edition",
            subtype="typst-node",
            location=node,
        )
        if isinstance(node, nodes.Element):
            self.body.append(self.render(node.children))
        raise nodes.SkipNode

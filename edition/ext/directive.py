"""The `tei-edition` directive: one view of a TEI text, or both side by side, in a Sphinx page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util import logging

from edition.core.behaviours import TeiParagraph, ViewSwitcher
from edition.core.node import EditionNode
from edition.core.view import DIPLOMATIC, READING, SIDE_BY_SIDE
from edition.ext.base import TeiDirective
from edition.ext.citepage import CiteEdition, CiteParagraph
from edition.ext.domain import cross_reference, views
from edition.ext.registers import link_mentions
from edition.page import layout
from edition.page.apparatus import ParagraphLocus, texts
from edition.page.converted import Converted, anchor_key
from edition.page.layout import give_heading_levels

logger = logging.getLogger(__name__)
SIDE_BY_SIDE_LABEL = "Side by side"


class TeiEditionDirective(TeiDirective):
    """``.. tei-edition:: ../tei/letter.xml`` with ``:view:`` reading (the default),
    diplomatic, synoptic (both side by side) or a view of the project's (edition_views)."""

    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "view": directives.unchanged_required,
    }

    def build(self, converted: Converted) -> list[nodes.Node]:
        known = views(self.config)
        name = self.options.get("view", READING.name).strip()
        if name != SIDE_BY_SIDE and name not in known:
            raise self.error(
                f":view: {name!r} is not a view of this project; choose one of "
                + ", ".join([*known, SIDE_BY_SIDE])
                + " (or define it in conf.py, edition_views)"
            )
        stem = converted.document.path.stem
        convert_note = converted.prose
        container: nodes.Element
        if name == SIDE_BY_SIDE:
            container = layout.synoptic(converted, convert_note, self.tei_key)
        else:
            container = layout.single(converted, known[name], convert_note, self.tei_key)
        container["ids"] = [f"tei-{stem}-{name}"]
        # The witness's straight quotes and apostrophes are part of the text: no smart quotes.
        container["support_smartquotes"] = False
        link_mentions(container, converted.document, self.tei_key)
        self.resolve_pointers(container, converted)
        self.register_anchors(container, name)
        view = known.get(name)
        if view is not None and view.canonical:  # where links to an element of the text land
            prefix = f"{view.name}-"
            self.register_anchors(container, "id", lambda html_id: html_id.removeprefix(prefix))
        if name != SIDE_BY_SIDE:  # single views: each paragraph can be cited where it stands
            add_paragraph_citations(container)
        give_heading_levels(container, self._section_depth() + 1)
        shown: list[nodes.Node] = [self._switcher(stem, name), CiteEdition()]
        contents = page_contents(container)
        if contents is not None:
            shown.append(contents)
        return [*shown, container]

    def _switcher(self, stem: str, current: str) -> nodes.Element:
        """Links to the other views of this text; edition.js keeps the paragraph in view."""
        items = []
        labels = {name: view.label or view.title for name, view in views(self.config).items()}
        # The edited text first, then the witness, then the rest in conf.py's order.
        order = [READING.name, DIPLOMATIC.name, SIDE_BY_SIDE]
        order += [name for name in labels if name not in order]
        labels[SIDE_BY_SIDE] = SIDE_BY_SIDE_LABEL
        for name in order:
            title = nodes.Text(labels[name])
            item: nodes.Element
            if name == current:
                item = nodes.strong("", "", title, classes=["tei-current-view"])
            else:
                item = cross_reference(self.tei_key, name, f"tei-{stem}-{name}", title)
            items.append(nodes.inline("", "", item, classes=["tei-switch"]))
        return ViewSwitcher("", *items, classes=["tei-view-switcher"], label="Views of this text")


class TeiCitationsDirective(TeiDirective):
    """``.. tei-citations:: ../tei/letter.xml``: every paragraph of every text, cited in every
    style with its pinpoint and URL (where the reading text's 'All styles' links go)."""

    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {}

    def build(self, converted: Converted) -> list[nodes.Node]:
        result: list[nodes.Node] = []
        for division in texts(converted.tree):
            text = str(division.get("tei_id", ""))
            for paragraph in division.findall(TeiParagraph):
                identifier = str(paragraph.get("tei_id", ""))
                locus = converted.loci.get(identifier)
                if not locus:
                    continue
                html_id = f"cite-{identifier}"
                name = converted.names.get(identifier, "")
                result.append(
                    nodes.container(
                        "",
                        nodes.rubric("", f"{name} {locus}".strip()),
                        CiteParagraph(text=text, locus=locus, paragraph=identifier, listed=True),
                        ids=[html_id],
                        classes=["tei-cite-entry"],
                    )
                )
                key = anchor_key(self.tei_key, "cite", identifier)
                self.domain.note_anchor(key, self.env.docname, html_id)
        return result


class PageContents(EditionNode, nodes.topic):
    """The web page's own contents; print has the document's outline instead. Not a docutils
    'contents' topic: themes restyle those (furo flags them as unsupported)."""

    omitted_in = frozenset({"typst"})

    @staticmethod
    def visit_html(translator: Any, node: nodes.Element) -> None:
        attributes = {"aria-label": "On this page"}
        translator.body.append(translator.starttag(node, "nav", "", **attributes))

    @staticmethod
    def depart_html(translator: Any, node: nodes.Element) -> None:
        translator.body.append("</nav>\n")


def page_contents(container: nodes.Element) -> nodes.Element | None:
    """'On this page': a nested list of links to the headings given levels above, so that a
    reader can jump to the second text or to the notes (a topic of our own class, which
    builders that do not know it render as the topic it is)."""
    entries = [
        (int(heading["heading-level"]), heading)
        for heading in container.findall(nodes.rubric)
        if "heading-level" in heading and heading["ids"]
    ]
    if len(entries) < 2:
        return None
    top = min(level for level, _ in entries)
    root = nodes.bullet_list()
    stack: list[tuple[int, nodes.Element]] = [(top - 1, root)]
    for level, heading in entries:
        while stack[-1][0] >= level:
            stack.pop()
        parent = stack[-1][1]
        if not isinstance(parent, nodes.bullet_list):
            sublist = next((c for c in parent.children if isinstance(c, nodes.bullet_list)), None)
            if sublist is None:
                sublist = nodes.bullet_list()
                parent.append(sublist)
            parent = sublist
        link = nodes.reference("", _plain_title(heading), refid=heading["ids"][0], internal=True)
        item = nodes.list_item("", nodes.paragraph("", "", link))
        parent.append(item)
        stack.append((level, item))
    return PageContents(
        "",
        nodes.title("", "On this page"),
        root,
        classes=["tei-page-contents"],
    )


def _plain_title(heading: nodes.Element) -> str:
    """A heading's words without its note cues and § locus."""
    copy = heading.deepcopy()
    for cue in list(copy.findall(nodes.footnote_reference)) + list(copy.findall(ParagraphLocus)):
        cue.parent.remove(cue)
    return " ".join(copy.astext().split())


def add_paragraph_citations(container: nodes.Element) -> None:
    """After each paragraph with a § locus, a placeholder for its citation block (filled when
    the page is written: the URL needs the builder)."""
    for division in texts(container):
        text = str(division.get("tei_id", ""))
        for paragraph in list(division.findall(TeiParagraph)):
            if not paragraph.get("locus") or not paragraph["ids"]:
                continue
            cite = CiteParagraph(
                text=text,
                locus=paragraph["locus"],
                anchor=paragraph["ids"][0],
                paragraph=paragraph.get("tei_id", ""),
            )
            parent = paragraph.parent
            parent.insert(parent.index(paragraph) + 1, cite)


def drop_missing_view_links(
    app: Any, env: Any, node: addnodes.pending_xref, contnode: nodes.Element
) -> nodes.Node | None:
    """A view the project does not build is not an error: show the text without a link.
    (Pointers inside the TEI are checked by its Schematron, not here.)"""
    if node.get("refdomain") == "edition":
        return nodes.inline("", "", *node.children)
    return None

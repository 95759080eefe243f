"""Links the page layer makes (to a reading, to a register entry): named for screen readers,
with an optional gloss shown on hover and focus, resolved late when the target is on another
page, and left as plain text when the project has no such page."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

from docutils import nodes

from edition.core.node import EditionNode
from edition.core.views import replace_child


class EditionLink(EditionNode, nodes.reference):
    """Attributes: 'tei_label' (a cross-page target, resolved late), 'label' (accessible name),
    'gloss' (a short description shown as a popover by CSS, never part of the text), 'cite'
    (where edition.js finds the citation it opens at a paragraph's §). Only its own classes:
    the theme's link styles ("reference internal") are not the edition's links'."""

    @staticmethod
    def visit_html(translator: Any, node: nodes.Element) -> None:
        href = node.get("refuri") or ("#" + node["refid"] if node.get("refid") else None)
        attributes = {}
        if href:
            attributes["href"] = href
        if node.get("label"):
            attributes["aria-label"] = node["label"]
        if node.get("gloss"):
            # Shown by CSS on hover and on keyboard focus (one copy: page weight counts).
            attributes["data-gloss"] = node["gloss"]
        if node.get("cite"):
            attributes["data-cite"] = node["cite"]
        translator.body.append(translator.starttag(node, "a", "", **attributes))

    @staticmethod
    def depart_html(translator: Any, node: nodes.Element) -> None:
        translator.body.append("</a>")


class InterventionLink(EditionLink):
    """From an intervention in the witness to its reading. An omission of the witness has
    no words to link: in print a caret marks the place."""

    @staticmethod
    def visit_typst(translator: Any, node: nodes.Element) -> None:
        if not node.astext():
            node = node.deepcopy()
            node.children = [nodes.Text("\u2038")]
        translator.visit_reference(node)


class RegisterLink(EditionLink):
    """From a mention in the text to its register entry."""


def link_to_anchor(page_uri: str, anchor: str) -> str:
    """The address of an anchor on the page at page_uri (as the builder gives it from the
    linking page). A page address that is empty, or itself a fragment ("#document-persons":
    singlehtml puts every page on one), means the anchor is on this page: the anchor alone."""
    return f"#{anchor}" if not page_uri or page_uri.startswith("#") else f"{page_uri}#{anchor}"


def resolve_edition_links(app: Any, doctree: nodes.document, docname: str) -> None:
    anchors = app.env.domains["edition"].anchors
    for link in list(doctree.findall(EditionLink)):
        if "tei_label" not in link:
            continue
        target = anchors.get(link["tei_label"])
        if target is None:
            replace_child(link, list(link.children))
            continue
        target_doc, anchor = target
        link["refuri"] = link_to_anchor(app.builder.get_relative_uri(docname, target_doc), anchor)
    gloss_once(doctree)


def gloss_once(doctree: nodes.Element) -> None:
    """A page carries each entry's gloss once, on the first link to the entry: a name mentioned
    ten times weighed its gloss ten times (a twentieth of the reading page). edition.js gives
    the later links the same gloss; without JavaScript they still lead to the entry."""
    given: set[tuple[str, str]] = set()
    for link in doctree.findall(RegisterLink):
        key = (str(link.get("refuri", "")), str(link.get("gloss", "")))
        if not key[0] or not key[1]:
            continue
        if key in given:
            del link["gloss"]
        given.add(key)


class ReadingLocus(EditionNode, nodes.inline):
    """A place in the reading text (an intervention in the ledger, a paragraph in a register):
    its § locus linked there; the PDF adds the page and line of the place its link points to
    (the apparatus's key), on whichever page of the project the reading text is."""

    typst_functions = MappingProxyType(
        {
            "page-line": "#let page-line(place) = context {\n"
            "  let page = counter(page).at(place).first()\n"
            "  let line = line-of(place)\n"
            '  ("p.\\u{a0}" + str(page)\n'
            '    + if line == none { "" } else { ", l.\\u{a0}" + str(line) })\n'
            "}"
        }
    )

    @staticmethod
    def visit_typst(translator: Any, node: nodes.Element) -> None:
        content = translator.render(node.children)
        link = next(iter(node.findall(nodes.reference)), None)
        name = translator.target_label(link) if link is not None else None
        place = f", #page-line(<{name}>)" if name else ""
        translator.body.append(content + place)
        raise nodes.SkipNode


class WitnessPlace(EditionNode, nodes.inline):
    """' · W': a link to the intervention's place in the diplomatic view, which print, with
    no links to follow, leaves out."""

    omitted_in = frozenset({"typst"})

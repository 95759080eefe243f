"""The `tei-edition` directive: one view of a TEI text, or both side by side, in a Sphinx page."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import apparatus, emendations, layout
from .convert import ConversionWarning, Converter, to_nodes
from .emendations import Emendation
from .phenomena.links import TeiPointer
from .tei import TeiDocument, TeiError, load
from .views import READING, VIEWS, View, project, replace_child

logger = logging.getLogger(__name__)
VIEW_NAMES = ("reading", "diplomatic", "synoptic")
VIEW_TITLES = {"reading": "Reading text", "diplomatic": "Diplomatic", "synoptic": "Side by side"}


def label(view: str, html_id: str) -> str:
    """Name under which an anchor of a view is known across pages (Sphinx's std labels)."""
    return f"tei-{view}:{html_id}".lower()


def cross_reference(view: str, html_id: str, *content: nodes.Node) -> addnodes.pending_xref:
    """A link to an anchor in another page's view; resolved late, dropped quietly if that view
    is not part of the project."""
    return addnodes.pending_xref(
        "",
        *content,
        refdomain="std",
        reftype="ref",
        reftarget=label(view, html_id),
        refexplicit=True,
        refwarn=False,
    )


class TeiDirective(SphinxDirective):
    """What every directive of the extension does first: load the TEI file named in its argument,
    make the page depend on it, and report problems as typed, located warnings. Subclasses say
    what they make of the document in build()."""

    required_arguments = 1
    final_argument_whitespace = True  # a TEI file name may contain spaces

    def run(self) -> list[nodes.Node]:
        document = self.load_tei()
        if document is None:
            return []
        return self.build(document, Converter(document, self.report))

    def build(self, document: TeiDocument, converter: Converter) -> list[nodes.Node]:
        raise NotImplementedError

    def load_tei(self) -> TeiDocument | None:
        relative, absolute = self.env.relfn2path(self.arguments[0], self.env.docname)
        # Editing the TEI makes Sphinx rebuild every page that shows it.
        self.env.note_dependency(relative)
        try:
            return load(absolute)
        except TeiError as error:
            logger.warning(
                error.message, type="edition", subtype="tei", location=(error.path, error.line or 1)
            )
            return None

    def report(self, warning: ConversionWarning) -> None:
        logger.warning(
            warning.message,
            type="edition",
            subtype=warning.subtype,
            location=(warning.path, warning.line or 1),
        )


class TeiEditionDirective(TeiDirective):
    """``.. tei-edition:: ../tei/letter.xml`` with ``:view: reading|diplomatic|synoptic``."""

    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "view": lambda arg: directives.choice(arg, VIEW_NAMES),
    }

    def build(self, document: TeiDocument, converter: Converter) -> list[nodes.Node]:
        tree = to_nodes(document, self.report)
        found = {e.id: e for e in emendations.collect(document, tree) if e.id}
        self._convert_note = converter.children
        name = self.options.get("view", "reading")
        container: nodes.Element
        if name == "synoptic":
            container = layout.synoptic(document, tree, found, self._convert_note)
        else:
            container = self._single_view(document, tree, VIEWS[name], found)
        container["ids"] = [f"tei-{document.path.stem}-{name}"]
        # The witness's straight quotes and apostrophes are part of the text: no smart quotes.
        container["support_smartquotes"] = False
        from .registers import link_mentions

        link_mentions(container, document)
        resolve_pointers(container)
        register_anchors(self.env, container, name)
        if name == "reading":  # the canonical place of each element of the text
            register_anchors(
                self.env, container, "id", lambda html_id: html_id.removeprefix("reading-")
            )
        return [self._switcher(document, name), container]

    def _single_view(
        self,
        document: TeiDocument,
        tree: nodes.Element,
        view: View,
        found: Mapping[str, Emendation],
    ) -> nodes.Element:
        shown = project(tree, view)
        apparatus.title_divisions(shown, document, view)
        apparatus.number_paragraphs(shown)
        layout.anchor_interventions(shown, view, prefix=f"{view.name}-")
        apparatus.attach_notes(shown, document, view, found, self._convert_note)
        if view is READING:
            layout.show_witness_readings(shown, found)
            switch = layout.WITNESS_SWITCH.format(stem=document.path.stem)
            shown.insert(0, nodes.raw("", switch, format="html"))
        if view is not READING:
            layout.link_interventions(shown, found, same_page=False)
        return nodes.container(
            "", *shown.children, classes=["tei-edition", f"tei-view-{view.name}"]
        )

    def _switcher(self, document: TeiDocument, current: str) -> nodes.Element:
        """Links to the other views of this text; edition.js keeps the paragraph in view."""
        stem = document.path.stem
        items = []
        for name in VIEW_NAMES:
            title = nodes.Text(VIEW_TITLES[name])
            item: nodes.Element
            if name == current:
                item = nodes.strong("", "", title, classes=["tei-current-view"])
            else:
                item = cross_reference(name, f"tei-{stem}-{name}", title)
            items.append(nodes.inline("", "", item, classes=["tei-switch"]))
        nav = nodes.container("", *items, classes=["tei-view-switcher"])
        nav["aria-label"] = "Views of this text"
        return nav


def register_anchors(
    env: Any, container: nodes.Element, view: str, name: Callable[[str], str] = str
) -> None:
    """Make every anchor of the container known to other pages as tei-<view>:<name(id)>."""
    std = env.domains.standard_domain
    for node in container.findall(nodes.Element):
        for html_id in node["ids"]:
            std.anonlabels[label(view, name(html_id))] = (env.docname, html_id)


def resolve_pointers(container: nodes.Element) -> None:
    """Pointers to elements of the TEI become links to wherever those elements are rendered."""
    for pointer in list(container.findall(TeiPointer)):
        replace_child(pointer, [cross_reference("id", pointer["tei_target"], *pointer.children)])


def drop_missing_view_links(
    app: Any, env: Any, node: addnodes.pending_xref, contnode: nodes.Element
) -> nodes.Node | None:
    """A view the project does not build is not an error: show the text without a link.
    (Pointers inside the TEI are checked by its Schematron, not here.)"""
    if str(node.get("reftarget", "")).startswith("tei-"):
        return nodes.inline("", "", *node.children)
    return None

"""What every directive of the extension shares: the TEI file it names, read from the domain's
one conversion, and the anchors and links it leaves for other pages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import cast

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from edition.core.behaviours import TeiPointer
from edition.core.tei import TeiError
from edition.core.views import replace_child
from edition.ext.domain import EditionDomain, cross_reference
from edition.page.apparatus import label_pointers
from edition.page.converted import Converted, anchor_key

logger = logging.getLogger(__name__)


class TeiDirective(SphinxDirective):
    """What every directive of the extension does first: find the TEI file named in its
    argument, make the page depend on it, and take its one conversion from the domain (problems
    reported once, typed and located at file.xml:line). Subclasses say what they make of it."""

    required_arguments = 1
    final_argument_whitespace = True  # a TEI file name may contain spaces

    def run(self) -> list[nodes.Node]:
        relative, absolute = self.env.relfn2path(self.arguments[0], self.env.docname)
        # Editing the TEI makes Sphinx rebuild every page that shows it.
        self.env.note_dependency(relative)
        self.tei_key = relative  # the TEI file's name in anchors, the same from every page
        try:
            converted = self.domain.converted(Path(absolute))
        except TeiError as error:
            self.domain.report_tei_error(error)
            return []
        except OSError as error:
            logger.warning(
                f"cannot read {absolute}: {error.strerror}",
                type="edition",
                subtype="tei",
                location=(self.env.docname, self.lineno),
            )
            return []
        built = self.build(converted)
        self._yield_section_ids(built)
        return built

    def _yield_section_ids(self, built: list[nodes.Node]) -> None:
        """A section of the page whose id a TEI xml:id also is ("Introduction" over the TEI's
        div xml:id="introduction") gives its id up: the TEI's ids are released and cited, a
        heading's id is only Sphinx's, and a page with one id twice is not well formed."""
        ours = {i for top in built if isinstance(top, nodes.Element)
                for node in top.findall(nodes.Element) for i in node["ids"]}  # fmt: skip
        document = self.state.document
        section: nodes.Node | None = self.state.parent
        while section is not None:
            if isinstance(section, nodes.section):
                for taken in [i for i in section["ids"] if i in ours]:
                    fresh = f"section-{taken}"
                    section["ids"][section["ids"].index(taken)] = fresh
                    document.ids.pop(taken, None)
                    document.ids[fresh] = section
                    for name, target in list(document.nameids.items()):
                        if target == taken:
                            document.nameids[name] = fresh
            section = section.parent

    def _section_depth(self) -> int:
        """How deep the directive stands in the page's sections (1 under the page title)."""
        depth, node = 0, self.state.parent
        while node is not None:
            depth += isinstance(node, nodes.section)
            node = node.parent
        return depth

    @property
    def domain(self) -> EditionDomain:
        return cast("EditionDomain", self.env.domains["edition"])

    def build(self, converted: Converted) -> list[nodes.Node]:
        raise NotImplementedError

    def register_anchors(
        self, container: nodes.Element, view: str, name: Callable[[str], str] = str
    ) -> None:
        """Every anchor of the container, known to other pages under (TEI file, view, id)."""
        for node in container.findall(nodes.Element):
            for html_id in node["ids"]:
                key = anchor_key(self.tei_key, view, name(html_id))
                self.domain.note_anchor(key, self.env.docname, html_id)

    def resolve_pointers(self, container: nodes.Element, converted: Converted) -> None:
        """Pointers to elements of the TEI become links to wherever those elements are shown.
        A pointer without words of its own (ptr) to a paragraph reads as its locus, "Message
        §16", never as the raw id."""
        label_pointers(container, converted.loci, converted.names)
        for pointer in list(container.findall(TeiPointer)):
            link = cross_reference(self.tei_key, "id", pointer["tei_target"], *pointer.children)
            replace_child(pointer, [link])

"""The `tei-edition` directive: one view of a TEI text, placed in a Sphinx page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import apparatus
from .convert import ConversionWarning, to_nodes
from .tei import TeiError, load
from .views import VIEWS, project

logger = logging.getLogger(__name__)


class TeiEditionDirective(SphinxDirective):
    """``.. tei-edition:: ../tei/letter.xml`` with ``:view: reading`` (or ``diplomatic``)."""

    required_arguments = 1
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "view": lambda arg: directives.choice(arg, tuple(VIEWS)),
    }

    def run(self) -> list[nodes.Node]:
        relative, absolute = self.env.relfn2path(self.arguments[0], self.env.docname)
        # Editing the TEI makes Sphinx rebuild every page that shows it.
        self.env.note_dependency(relative)
        try:
            document = load(absolute)
        except TeiError as error:
            logger.warning(
                str(error.message),
                type="edition",
                subtype="tei",
                location=(error.path, error.line or 1),
            )
            return []

        def report(warning: ConversionWarning) -> None:
            logger.warning(
                warning.message,
                type="edition",
                subtype=warning.subtype,
                location=(warning.path, warning.line or 1),
            )

        view = VIEWS[self.options.get("view", "reading")]
        shown = project(to_nodes(document, report), view)
        apparatus.number_paragraphs(shown)
        apparatus.attach_apparatus(shown, document, view)
        container = nodes.container(
            "", *shown.children, classes=["tei-edition", f"tei-view-{view.name}"]
        )
        # The witness's straight quotes and apostrophes are part of the text: no smart quotes.
        container["support_smartquotes"] = False
        return [container]

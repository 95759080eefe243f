"""The steps every command shares: a TEI file, its doctree, and the plain text of a view."""

from __future__ import annotations

import sys
from pathlib import Path

from docutils import nodes

from . import text
from .convert import ConversionWarning, to_nodes
from .tei import TeiDocument, load
from .views import View, project


def convert_quietly(path: Path) -> tuple[TeiDocument, nodes.Element]:
    """Load and convert; what cannot be rendered is reported on standard error, typed."""
    document = load(path)

    def report(warning: ConversionWarning) -> None:
        print(warning, file=sys.stderr)

    return document, to_nodes(document, report)


def view_text(tree: nodes.Element, view: View) -> str:
    return str(text.render(project(tree, view)))

"""What the commands share: a TEI file loaded and converted, problems reported on stderr."""

from __future__ import annotations

import sys
from pathlib import Path

from docutils import nodes

from edition.core.convert import ConversionWarning, to_nodes
from edition.core.tei import TeiDocument, load


def convert_quietly(path: Path) -> tuple[TeiDocument, nodes.Element]:
    """Load and convert; what cannot be rendered is reported on standard error, typed."""
    document = load(path)

    def report(warning: ConversionWarning) -> None:
        print(warning, file=sys.stderr)

    return document, to_nodes(document, report)

"""What builders without a stylesheet need of the page layer: a § locus set apart from the
first word (the web places it in the margin), spanned table cells as plain cells where the
writer has no spans."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from edition.page.apparatus import ParagraphLocus


class SeparateLoci(SphinxPostTransform):
    """'§3 Alone', not '§3Alone', where no margin holds the locus."""

    default_priority = 200
    formats = ("text", "latex", "man", "texinfo")

    def run(self, **kwargs: Any) -> None:
        for locus in list(self.document.findall(ParagraphLocus)):
            parent = locus.parent
            parent.insert(parent.index(locus) + 1, nodes.Text(" "))


class PadSpannedCells(SphinxPostTransform):
    """Manual pages and Texinfo have no spanning cells: the cell stands in its first column,
    the columns it spanned are left empty."""

    default_priority = 200
    formats = ("man", "texinfo")

    def run(self, **kwargs: Any) -> None:
        for entry in list(self.document.findall(nodes.entry)):
            span = int(entry.get("morecols", 0))
            if not span:
                continue
            del entry["morecols"]
            row = entry.parent
            index = row.index(entry)
            for offset in range(span):
                row.insert(index + 1 + offset, nodes.entry())


def setup(app: Any) -> None:
    app.add_post_transform(SeparateLoci)
    app.add_post_transform(PadSpannedCells)

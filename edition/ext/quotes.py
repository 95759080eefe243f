"""The edition's texts sit out docutils' smart quotes, which never change them anyway.

Sphinx's SmartQuotes leaves a text marked ``support_smartquotes = False`` as it is, but still
replaces each of its text nodes by an equal one, and each replacement searches the parent's
children for the node: a paragraph of 20,000 lines costs that many searches of 40,000
children, most of a build's time. Taken out of the page just before the transform and put
back just after it, such a text costs nothing, and no character of the page changes.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms import SphinxSmartQuotes, SphinxTransform

from edition.core.node import EditionNode


class SetAside(EditionNode, nodes.container):
    """Where a text sat out the smart quotes; `text` is the text itself. It never reaches a
    writer (put back at once)."""

    text: nodes.Element


def _unquoted(node: nodes.Node) -> bool:
    return isinstance(node, nodes.Element) and node.get("support_smartquotes") is False


class SetAsideFromSmartQuotes(SphinxTransform):
    default_priority = SphinxSmartQuotes.default_priority - 1

    def apply(self, **kwargs: Any) -> None:
        for text in list(self.document.findall(nodes.Element)):
            if not _unquoted(text) or any(_unquoted(a) for a in _ancestors(text)):
                continue  # set aside with the one that holds it
            place = SetAside()
            place.text = text
            text.replace_self(place)


class PutBackAfterSmartQuotes(SphinxTransform):
    default_priority = SphinxSmartQuotes.default_priority + 1

    def apply(self, **kwargs: Any) -> None:
        for place in list(self.document.findall(SetAside)):
            place.replace_self(place.text)


def _ancestors(node: nodes.Node) -> list[nodes.Node]:
    found = []
    parent = node.parent
    while parent is not None:
        found.append(parent)
        parent = parent.parent
    return found


def setup(app: Any) -> None:
    app.add_transform(SetAsideFromSmartQuotes)
    app.add_transform(PutBackAfterSmartQuotes)

"""<gi>, <att>, <val>, <tag>: names of markup in editorial prose, shown as code."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from lxml import etree

from .base import annotate

if TYPE_CHECKING:
    from ..convert import Converter, ConvertFn


class MarkupName(nodes.literal):
    """The name of an element, attribute or value, written as TEI users write it."""


FORMS = {"gi": "<{}>", "att": "@{}", "val": '"{}"', "tag": "<{}>"}


def markup_name(element: etree._Element, converter: Converter) -> list[nodes.Node]:
    text = " ".join("".join(element.itertext()).split())
    form = FORMS[element.tag.rsplit("}", 1)[-1]]
    return [annotate(MarkupName("", form.format(text)), element)]


HANDLERS: dict[str, ConvertFn] = dict.fromkeys(FORMS, markup_name)

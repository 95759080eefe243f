"""Typst markup from Python strings: string literals, labels, and class tests on nodes."""

from __future__ import annotations

from docutils import nodes


def string(text: str) -> str:
    """A Typst string literal: only the backslash and the double quote need escaping."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def text_markup(text: str) -> str:
    """Text for markup mode; `;` ends the embedded expression before whatever follows."""
    return f"#{string(text)};" if text else ""


def label_name(docname: str, identifier: str) -> str:
    return f"{docname.replace('/', '.')}:{identifier}"


def css_classes(node: nodes.Node) -> set[str]:
    return set(node.get("classes", [])) if isinstance(node, nodes.Element) else set()


def inside(node: nodes.Node, css: str) -> bool:
    parent = node.parent
    while parent is not None:
        if css in css_classes(parent):
            return True
        parent = parent.parent
    return False

"""Typst markup from Python strings: string literals, labels, and class tests on nodes."""

from __future__ import annotations

import re

from docutils import nodes

from edition.page.layout import SynopticText, ViewText


def language_arguments(tag: str) -> str:
    """A BCP 47 tag (xml:lang: 'en', 'en-GB', 'de-1901', 'sr-Latn-RS') as the arguments
    Typst's text() takes: a two or three letter language and a two letter region, each only
    where the tag has one; the rest (scripts, variants, private use) Typst cannot use."""
    parts = tag.replace("_", "-").split("-")
    language = parts[0].lower() if re.fullmatch(r"[A-Za-z]{2,3}", parts[0]) else "en"
    region = next((p.upper() for p in parts[1:] if re.fullmatch(r"[A-Za-z]{2}", p)), "")
    return f"language: {string(language)}, region: {string(region) if region else 'none'}"


# Where the Typst source comes from in the TEI, as comments the compiler ignores: an error it
# reports at a line of the .typ is traced back to the TEI file and line before it.
TEI_PLACE = re.compile(r"/\* tei (?P<line>\d+) (?P<path>[^\n]*?) \*/")


def tei_place(path: str, line: int) -> str:
    """The comment that says a TEI file's line begins here ('' for a path that would end
    the comment early)."""
    if "*/" in path or "\n" in path or "/*" in path:
        return ""
    return f"/* tei {line} {path} */"


def tei_place_before(typst_source: str, line: int) -> str:
    """'file:line' of the last TEI place the Typst source names at or before its line."""
    for text in reversed(typst_source.splitlines()[:line]):
        places = list(TEI_PLACE.finditer(text))
        if places:
            return f"{places[-1]['path']}:{places[-1]['line']}"
    return ""


def string(text: str) -> str:
    """A Typst string literal: only the backslash and the double quote need escaping."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def text_markup(text: str) -> str:
    """Text for markup mode; `;` ends the embedded expression before whatever follows."""
    return f"#{string(text)};" if text else ""


def _label_part(text: str) -> str:
    """ASCII letters, digits and '-' as they are; every other character as _<hex>_, so that
    any page name or id (a space, a euro sign) gives a valid Typst label, and no two differ
    only by what was escaped."""
    return "".join(
        c if c.isascii() and (c.isalnum() or c == "-") else f"_{ord(c):x}_" for c in text
    )


def label_name(docname: str, identifier: str) -> str:
    """A Typst label for an id on a page: '<page>:<id>', folders separated by '.'."""
    page = ".".join(_label_part(part) for part in docname.split("/"))
    return f"{page}:{_label_part(identifier)}"


def enclosing(node: nodes.Node, cls: type[nodes.Element]) -> nodes.Element | None:
    """The nearest ancestor of node of the class cls."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, cls):
            return parent
        parent = parent.parent
    return None


def css_classes(node: nodes.Node) -> set[str]:
    return set(node.get("classes", [])) if isinstance(node, nodes.Element) else set()


def printed_with_notes(node: nodes.Node) -> bool:
    """Whether node stands in the text the PDF prints its notes with: a view on a page of its
    own that is the canonical one (the reading text), not a synoptic column."""
    text = enclosing(node, ViewText)
    if text is None or enclosing(node, SynopticText) is not None:
        return False
    return bool(text.get("canonical"))

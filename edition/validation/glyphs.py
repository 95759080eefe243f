"""What the PDF can print: each character of a document that none of the fonts bundled with the
typesetter has, reported where it first stands, since a tagged PDF may not leave one out and
the build would stop there."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import typst
from lxml import etree

from edition.core.tei import TeiDocument

# The page design's text font (writers/typst/edition.typ); Typst falls back to the other
# bundled fonts for a glyph it lacks, as it does in the edition's PDF.
PROBE = '#set text(font: "Libertinus Serif")\n'
MISSING = re.compile(r"the text `\"(?P<text>.+?)\"` could not be displayed")
MOST = 50  # characters reported per document (each costs one compile)


class _Verdicts:
    """Characters known printable or not, in this process: a thousand letters in one script
    are checked with a handful of compiles, not a thousand."""

    def __init__(self) -> None:
        self.printable: set[str] = set()
        self.missing: set[str] = set()


_KNOWN = _Verdicts()


def missing_glyphs(document: TeiDocument) -> list[tuple[str, int, int]]:
    """(character, line, column) of the first place of each character no font has."""
    found: dict[str, tuple[int, int]] = {}
    for element in document.root.iter(etree.Element):
        for text, owner in ((element.text, element), (element.tail, element.getparent())):
            for character in set(text or "") - found.keys():
                if not character.isascii() and not character.isspace():
                    line = (owner if owner is not None else element).sourceline or 1
                    found[character] = (line, _column(document, line, character))
    unknown = sorted(set(found) - _KNOWN.printable - _KNOWN.missing)
    _check(unknown)
    missing = sorted(set(found) & _KNOWN.missing, key=lambda c: found[c])  # text order
    return [(c, *found[c]) for c in missing][:MOST]


def _column(document: TeiDocument, line: int, character: str) -> int:
    if 0 < line <= len(document.source_lines):
        index = document.source_lines[line - 1].find(character)
        if index >= 0:
            return index + 1
    return 1


def _check(characters: list[str]) -> None:
    """Sort characters into printable and missing: compile them all, take out the one the
    compiler names, and again until the rest compile (one compile per missing character)."""
    left = list(characters)
    with tempfile.TemporaryDirectory(prefix="edition-glyphs-") as folder:
        source = Path(folder, "probe.typ")
        for _ in range(MOST + 1):
            if not left:
                return
            source.write_text(PROBE + " ".join(f"#{_string(c)}" for c in left) + "\n", "utf-8")
            try:
                typst.compile(
                    str(source), font_paths=[], ignore_system_fonts=True, pdf_standards=["ua-1"]
                )
            except Exception as error:  # typst's own TypstError
                named = MISSING.search(str(error))
                if named is None or named.group("text") not in left:
                    return  # not a glyph it lacks: the build will say what it is
                _KNOWN.missing.add(named.group("text"))
                left.remove(named.group("text"))
                continue
            _KNOWN.printable.update(left)
            return


def _string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

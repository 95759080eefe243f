"""Paths of the real edition, and TEI fragments wrapped into whole documents."""

from __future__ import annotations

from pathlib import Path

from docutils import nodes

from edition import tei
from edition.convert import ConversionWarning, to_nodes

ROOT = Path(__file__).resolve().parents[1]
EDITION_TEI = ROOT / "tei" / "kropotkin-1919.xml"
WITNESS = ROOT / "tei" / "kropotkin-1919-witness.txt"
SHARED_WITNESS = ROOT.parent / "shared" / "witness" / "kropotkin-1919-witness.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

TEI_SKELETON = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader><fileDesc><titleStmt><title>Fragment</title></titleStmt>
    <publicationStmt><p>test</p></publicationStmt><sourceDesc><p>test</p></sourceDesc>
  </fileDesc></teiHeader>
  <text><body>{body}</body></text>
</TEI>
"""


def tei_document(body: str, name: str = "fragment.xml") -> tei.TeiDocument:
    """A whole TEI document around a fragment of body content."""
    return tei.load(name, TEI_SKELETON.format(body=body).encode("utf-8"))


def convert(body: str) -> tuple[nodes.Element, list[ConversionWarning]]:
    warnings: list[ConversionWarning] = []
    return to_nodes(tei_document(body), warnings.append), warnings

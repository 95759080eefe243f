"""Paths of the real edition, and TEI fragments wrapped into whole documents."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from docutils import nodes

from edition.core import tei
from edition.core.convert import ConversionWarning, to_nodes

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


@contextmanager
def edition_site(work: Path, conf: str = "") -> Iterator[Path]:
    """The edition's own docs/ and tei/ copied into work and built as HTML (conf: lines added
    to conf.py), without a warning; the Sphinx app is cleaned up after, since what it
    registers (nodes, roles, directives) is global."""
    from sphinx.testing.util import SphinxTestApp

    shutil.copytree(ROOT / "docs", work / "docs")
    shutil.copytree(ROOT / "tei", work / "tei")
    config = work / "docs" / "conf.py"
    config.write_text(config.read_text("utf-8") + conf, encoding="utf-8")
    app = SphinxTestApp("html", srcdir=work / "docs", builddir=work / "out")
    try:
        app.build()
        assert app.warning.getvalue() == ""
        yield Path(app.outdir)
    finally:
        app.cleanup()

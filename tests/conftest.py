"""Session fixtures: the real edition, loaded and converted once."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from docutils import nodes

from edition import allow_deep_documents
from edition.core import tei
from edition.core.convert import ConversionWarning, to_nodes

from .helpers import EDITION_TEI, ROOT, convert

# Tests read what Sphinx prints as plain lines; Sphinx colours it where CI=true or FORCE_COLOR is
# set (as in CI), which would put escape codes before the location a test looks for.
os.environ["NO_COLOR"] = "1"

# What the extension's setup does on its first build, done once before any test: hypothesis
# warns when the recursion limit changes while it runs.
allow_deep_documents()


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The edition built once for the whole session as `edition build` makes it: its own
    theme, its PDF beside the pages, warnings as errors. The folder holds docs/, tei/, html/
    and pdf/; tests read it and never change it."""
    from sphinx.cmd.build import build_main

    work = tmp_path_factory.mktemp("published")
    shutil.copytree(ROOT / "docs", work / "docs")
    shutil.copytree(ROOT / "tei", work / "tei")
    alongside = f"edition_pdf_alongside={work / 'pdf'}"
    arguments = ["-W", "-q", "-b", "html", "-D", alongside, str(work / "docs"), str(work / "html")]
    assert build_main(arguments) == 0
    return work


@pytest.fixture(scope="session")
def edition_document() -> tei.TeiDocument:
    return tei.load(EDITION_TEI)


@pytest.fixture(scope="session")
def edition_tree(edition_document: tei.TeiDocument) -> nodes.Element:
    warnings: list[ConversionWarning] = []
    tree = to_nodes(edition_document, warnings.append)
    assert warnings == [], "the edition must convert without warnings"
    return tree


@pytest.fixture
def convert_body() -> Callable[[str], tuple[nodes.Element, list[ConversionWarning]]]:
    return convert

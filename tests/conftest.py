"""Session fixtures: the real edition, loaded and converted once."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from docutils import nodes

from edition import allow_deep_documents
from edition.core import tei
from edition.core.convert import ConversionWarning, to_nodes

from .helpers import EDITION_TEI, convert

# What the extension's setup does on its first build, done once before any test: hypothesis
# warns when the recursion limit changes while it runs.
allow_deep_documents()


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

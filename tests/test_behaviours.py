"""One doctree fixture per behaviour (tests/fixtures/behaviours/<behaviour>.txt): a TEI fragment
and, for each view, the doctree it becomes, as docutils' pseudo-XML. Pure and fast: no Sphinx.

A fixture file is the TEI fragment (body content), then for each view a line '.', the view's
name and its expected pseudo-XML. After a deliberate change, rewrite the expectations with
EDITION_UPDATE_FIXTURES=1 and read the diff before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from lxml import etree

from edition.core.convert import MAKERS
from edition.core.rules import DEFAULT
from edition.core.tei import is_tei
from edition.core.view import VIEWS
from edition.core.views import project

from .helpers import FIXTURES, convert, tei_document

BEHAVIOURS = FIXTURES / "behaviours"
CASES = sorted(BEHAVIOURS.glob("*.txt"))
UPDATE = bool(os.environ.get("EDITION_UPDATE_FIXTURES"))


def parse(path: Path) -> tuple[str, dict[str, str]]:
    """The fragment and the expected pseudo-XML by view name."""
    fragment, *views = path.read_text("utf-8").split("\n.\n")
    expected = {}
    for chunk in views:
        name, _, tree = chunk.partition("\n")
        expected[name] = tree
    return fragment.strip(), expected


def rendered(fragment: str) -> dict[str, str]:
    tree, warnings = convert(fragment)
    assert [w.subtype for w in warnings] == [], [str(w) for w in warnings]
    return {name: project(tree, view).pformat() for name, view in VIEWS.items()}


def test_every_behaviour_has_its_fixture() -> None:
    assert sorted(p.stem for p in CASES) == sorted(MAKERS)


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_the_fixture_exercises_its_behaviour(case: Path) -> None:
    """Some element of the fragment gets the behaviour the fixture is named for ('matter':
    the body that holds every fragment)."""
    document = tei_document(parse(case)[0])
    used = {
        rule.behaviour
        for element in document.root.iter(etree.Element)
        if is_tei(element) and (rule := DEFAULT.find(element)) is not None
    }
    assert case.stem in used


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_each_view_of_the_fragment_is_the_expected_doctree(case: Path) -> None:
    fragment, expected = parse(case)
    actual = rendered(fragment)
    if UPDATE:
        chunks = [fragment] + [f"{name}\n{tree}" for name, tree in actual.items()]
        case.write_text("\n.\n".join(chunks), "utf-8")
        expected = actual
    assert sorted(expected) == sorted(VIEWS), "a view is missing: EDITION_UPDATE_FIXTURES=1"
    for name in VIEWS:
        assert actual[name] == expected[name], f"the {name} view of {case.name}"

"""The two views of the real edition against the witness, character for character."""

from __future__ import annotations

import pytest
from docutils import nodes

from edition.core import emendations, text
from edition.core.behaviours import Editorial, is_intervention
from edition.core.phenomena.choice import EditorialChoice
from edition.core.tei import TeiDocument
from edition.core.view import DIPLOMATIC, READING
from edition.core.views import project

from .helpers import SHARED_WITNESS, WITNESS


def witness() -> str:
    return WITNESS.read_bytes().decode("utf-8")


def test_project_copy_of_witness_is_byte_identical_to_shared_copy() -> None:
    if not SHARED_WITNESS.exists():
        pytest.skip(f"{SHARED_WITNESS} is not beside this checkout")
    assert WITNESS.read_bytes() == SHARED_WITNESS.read_bytes()


def test_witness_is_what_the_edition_says_it_is() -> None:
    data = witness()
    assert len(data) == 14034
    assert not data.endswith("\n")
    assert len(data.split("\n\n")) == 36


def test_diplomatic_view_reproduces_the_witness_byte_for_byte(edition_tree: nodes.Element) -> None:
    rendered = str(text.render(project(edition_tree, DIPLOMATIC)))
    assert rendered.encode("utf-8") == WITNESS.read_bytes()


def test_reading_differs_from_witness_only_at_interventions(edition_tree: nodes.Element) -> None:
    diplomatic = text.render(project(edition_tree, DIPLOMATIC))
    reading = text.render(project(edition_tree, READING))
    choices = list(edition_tree.findall(EditorialChoice))
    assert choices, "the edition encodes interventions"
    expected_blocks = list(diplomatic.blocks)
    # Apply each intervention at its place in the diplomatic text, last first so offsets hold.
    for choice in sorted(choices, key=lambda c: diplomatic.spans[c["tei_id"]].start, reverse=True):
        where = diplomatic.spans[choice["tei_id"]]
        edited = str(text.render(project(nodes.paragraph("", "", choice.deepcopy()), READING)))
        block = expected_blocks[where.block]
        expected_blocks[where.block] = block[: where.start] + edited + block[where.end :]
    # What the editors supply whole from the print (the dateline) is a block of its own.
    supplied = {
        str(text.render(project(nodes.paragraph("", "", node.deepcopy()), READING)))
        for node in edition_tree.findall(Editorial)
        if node.get("role") == "supplied" and is_intervention(node)
    }
    assert [b for b in reading.blocks if b not in supplied] == expected_blocks
    assert reading.blocks != diplomatic.blocks


def test_every_intervention_is_listed_with_its_note(
    edition_document: TeiDocument, edition_tree: nodes.Element
) -> None:
    listed = emendations.collect(edition_document, edition_tree)
    supplied = [
        n
        for n in edition_tree.findall(Editorial)
        if n.get("role") == "supplied" and is_intervention(n)
    ]
    assert len(listed) == len(list(edition_tree.findall(EditorialChoice))) + len(supplied)
    kinds = {"typo", "word-division", "punctuation", "capitalisation", "supplied"}
    for emendation in listed:
        assert emendation.witness != emendation.edited
        # A paragraph, or the text itself for its dateline (outside the numbered paragraphs).
        assert emendation.paragraph.startswith(("msg-p", "wtd-p", "message", "what-to-do"))
        assert emendation.resp == "#ed"
        assert emendation.type in kinds
        assert len(emendation.note) > 40, f"{emendation.id} needs a real note"


def test_known_errors_of_the_witness_are_emended(
    edition_document: TeiDocument, edition_tree: nodes.Element
) -> None:
    pairs = {(e.witness, e.edited) for e in emendations.collect(edition_document, edition_tree)}
    assert {("an", "and"), ("al", "all"), ("under went", "underwent")} <= pairs


def test_paragraph_ids_are_the_documented_citation_anchors(edition_tree: nodes.Element) -> None:
    ids = [n["tei_id"] for n in edition_tree.findall(nodes.paragraph) if "tei_id" in n]
    assert ids == [f"msg-p{i:02d}" for i in range(1, 19)] + [f"wtd-p{i:02d}" for i in range(1, 18)]
    heads = [n for n in edition_tree.findall(nodes.rubric)]
    assert [h["tei_id"] for h in heads] == ["wtd-head"]

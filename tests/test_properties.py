"""Invariants over generated TEI: no character lost or duplicated by any view."""

from __future__ import annotations

from xml.sax.saxutils import escape

from hypothesis import given, settings
from hypothesis import strategies as st

from edition import text
from edition.views import DIPLOMATIC, READING, project

from .helpers import convert

# Words from a wide alphabet (markup characters included, escaped in the XML).
words = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp"), blacklist_characters="\ufeff"
    ),
    min_size=1,
    max_size=8,
)
plain = st.lists(words, min_size=1, max_size=4).map(" ".join)
segment = st.one_of(
    plain.map(lambda t: ("plain", t, t)),
    st.tuples(st.lists(words, max_size=2).map(" ".join), plain).map(
        lambda pair: ("choice", pair[0], pair[1])
    ),
)


def encode(segments: list[tuple[str, str, str]]) -> str:
    parts = []
    for index, (kind, witness, edited) in enumerate(segments):
        if kind == "plain":
            parts.append(escape(witness))
        else:
            sic = f"<sic>{escape(witness)}</sic>" if witness else "<sic/>"
            parts.append(f'<choice xml:id="c{index}">{sic}<corr>{escape(edited)}</corr></choice>')
    return "<p>" + " ".join(parts) + "</p>"


def expected(segments: list[tuple[str, str, str]], pick: int) -> str:
    return " ".join(" ".join(s[pick] for s in segments).split())


@settings(max_examples=150, deadline=None)
@given(st.lists(segment, min_size=1, max_size=6))
def test_views_are_the_chosen_readings_and_nothing_else(
    segments: list[tuple[str, str, str]],
) -> None:
    tree, warnings = convert(encode(segments))
    assert warnings == []
    assert str(text.render(project(tree, DIPLOMATIC))) == expected(segments, 1)
    assert str(text.render(project(tree, READING))) == expected(segments, 2)


@settings(max_examples=50, deadline=None)
@given(st.lists(plain, min_size=1, max_size=5))
def test_text_without_interventions_is_the_same_in_both_views(paragraphs: list[str]) -> None:
    tree, _ = convert("".join(f"<p>{escape(p)}</p>" for p in paragraphs))
    both = {str(text.render(project(tree, view))) for view in (DIPLOMATIC, READING)}
    assert both == {"\n\n".join(paragraphs)}

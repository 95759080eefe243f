"""Invariants over generated TEI: no character lost or duplicated by any view."""

from __future__ import annotations

from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edition.core import text
from edition.core.streaming import stream_view_text
from edition.core.view import DIPLOMATIC, READING
from edition.core.views import project

from .helpers import TEI_SKELETON, convert

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


# Links with every kind of target: the text is the same whatever the target, and only the
# safe ones may become links.
TARGETS = ["https://example.org/a?b=1&c=<2>", "javascript:alert(1)", "data:text/html,x", "#c0"]
linked = st.tuples(st.sampled_from(TARGETS), plain).map(lambda pair: ("ref", pair[0], pair[1]))
mixed_segment = st.one_of(segment, linked)


def encode_mixed(paragraphs: list[list[tuple[str, str, str]]]) -> str:
    blocks = []
    for number, segments in enumerate(paragraphs):
        parts = []
        for index, (kind, first, second) in enumerate(segments):
            if kind == "ref":
                parts.append(
                    f'<ref target="{escape(first, {chr(34): "&quot;"})}">{escape(second)}</ref>'
                )
            else:
                parts.append(
                    encode([(kind, first, second)])
                    .removeprefix("<p>")
                    .removesuffix("</p>")
                    .replace('xml:id="c0"', f'xml:id="c{number}-{index}"')
                )
        blocks.append("<p>" + " ".join(parts) + "</p>")
    return "".join(blocks)


def expected_mixed(paragraphs: list[list[tuple[str, str, str]]], pick: int) -> str:
    def chosen(segment: tuple[str, str, str]) -> str:
        return segment[2] if segment[0] == "ref" else segment[pick]

    blocks = []
    for segments in paragraphs:
        shown = " ".join(" ".join(chosen(s) for s in segments).split())
        # A paragraph whose words this view hides whole is left out; one with no words at
        # all in any reading stays an (empty) block.
        if shown or not "".join(s[1] + s[2] for s in segments).strip():
            blocks.append(shown)
    return "\n\n".join(blocks)


@settings(
    max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(paragraphs=st.lists(st.lists(mixed_segment, min_size=1, max_size=5), min_size=1, max_size=4))
def test_no_character_is_lost_or_doubled_in_any_view_whole_or_streamed(
    paragraphs: list[list[tuple[str, str, str]]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    body = encode_mixed(paragraphs)
    tree, _ = convert(body)
    path = tmp_path_factory.mktemp("streamed") / "letter.xml"
    path.write_text(TEI_SKELETON.format(body=body), "utf-8")
    for view, pick in ((DIPLOMATIC, 1), (READING, 2)):
        whole = str(text.render(project(tree, view)))
        assert whole == expected_mixed(paragraphs, pick)
        streamed: list[str] = []
        stream_view_text(path, view, streamed.append, lambda warning: None)
        assert "".join(streamed) == whole


@pytest.mark.slow
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(paragraphs=st.lists(st.lists(mixed_segment, min_size=1, max_size=4), min_size=1, max_size=3))
def test_generated_documents_publish_escaped_html_with_only_safe_links(
    paragraphs: list[list[tuple[str, str, str]]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Every word reaches the page as text (markup characters escaped, no element injected),
    and no unsafe target becomes a link."""
    import io
    from contextlib import redirect_stderr

    from lxml import html
    from sphinx.cmd.build import build_main

    folder = tmp_path_factory.mktemp("published")
    (folder / "letter.xml").write_text(TEI_SKELETON.format(body=encode_mixed(paragraphs)), "utf-8")
    (folder / "conf.py").write_text('extensions = ["edition"]\n', "utf-8")
    (folder / "index.rst").write_text(
        "Letter\n======\n\n.. tei-edition:: letter.xml\n   :view: synoptic\n", "utf-8"
    )
    with redirect_stderr(io.StringIO()):  # unsafe links and incomplete choices warn, as they must
        assert build_main(["-q", "-b", "html", str(folder), str(folder / "out")]) == 0
    page = html.parse(str(folder / "out" / "index.html"))
    (view,) = page.xpath("//*[contains(concat(' ', @class, ' '), ' tei-edition ')]")
    shown = view.text_content()
    # The synoptic page shows both readings of a choice; a link shows its text, not its target.
    shown_parts = [s[2] if s[0] == "ref" else f"{s[1]} {s[2]}" for p in paragraphs for s in p]
    words = {word for part in shown_parts for word in part.split()}
    assert all(word in shown for word in words)
    allowed = {
        "div",
        "p",
        "span",
        "a",
        "sup",
        "em",
        "strong",
        "label",
        "input",
        "section",
        "h2",
        "h3",
        "aside",
        "ol",
        "ul",
        "li",
        "dl",
        "dt",
        "dd",
        "br",
        "abbr",
        "small",
        "details",
        "summary",
        "table",
        "tr",
        "td",
        "th",
        "thead",
        "tbody",
        "nav",
        "fieldset",
        "legend",
        "blockquote",
        "cite",
        "hr",
        "i",
        "b",
        "s",
        "del",
        "ins",
        "mark",
    }
    assert {element.tag for element in view.iter() if isinstance(element.tag, str)} <= allowed
    for link in view.iter("a"):
        href = (link.get("href") or "").strip().lower()
        assert not href.startswith(("javascript:", "data:", "vbscript:", "file:")), href

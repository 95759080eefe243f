"""Fixture pairs: a TEI fragment and the text each view makes of it."""

from __future__ import annotations

import pytest

from edition.core import text
from edition.core.view import DIPLOMATIC, READING
from edition.core.views import project

from .helpers import TEI_SKELETON, convert

CASES = [
    pytest.param(
        "<p>say <choice><sic>an</sic><corr>and</corr></choice> learn</p>",
        "say an learn",
        "say and learn",
        id="sic-corr",
    ),
    pytest.param(
        "<p>impossible<choice><sic/><corr>.</corr></choice> And</p>",
        "impossible And",
        "impossible. And",
        id="omitted-punctuation",
    ),
    pytest.param(
        "<p><choice><abbr>Dr</abbr><expan>Doctor</expan></choice> and "
        "<choice><orig>labour</orig><reg>labor</reg></choice></p>",
        "Dr and labour",
        "Doctor and labor",
        id="abbr-expan-orig-reg",
    ),
    pytest.param(
        "<p>a <choice>\n  <corr>b</corr>\n  <sic>c</sic>\n</choice> d</p>",
        "a c d",
        "a b d",
        id="reading-order-and-layout-whitespace",
    ),
    pytest.param(
        "<p>one<lb/>the word under<lb break='no'/>\n  went</p>",
        "one\nthe word under\nwent",
        "one the word underwent",
        id="line-breaks",
    ),
    pytest.param(
        "<p>text<note>a note</note> goes on<pb/> here</p>",
        "text goes on here",
        "text goes on here",
        id="notes-and-page-breaks-are-not-text",
    ),
    pytest.param(
        "<p>the last word on the page, sta<pb n='12' break='no'/>\n tion, "
        "and on <pb n='13'/> it goes</p>",
        "the last word on the page, sta[p. 12]tion, and on [p. 13] it goes",
        "the last word on the page, sta[p. 12]tion, and on [p. 13] it goes",
        id="page-numbers-shown-words-kept-whole",
    ),
    pytest.param(
        "<p>\n    spread   over\n    <hi>several</hi>\n    lines  </p>",
        "spread over several lines",
        "spread over several lines",
        id="whitespace-normalised-across-inline-boundaries",
    ),
    pytest.param(
        "<div><head>WHAT TO DO?</head><p>One.</p>\n\n<p>Two.</p></div>",
        "WHAT TO DO?\n\nOne.\n\nTwo.",
        "WHAT TO DO?\n\nOne.\n\nTwo.",
        id="blocks",
    ),
    pytest.param(
        "<lg><l>first line</l><l>second line</l></lg>",
        "first line\nsecond line",
        "first line\nsecond line",
        id="verse",
    ),
    pytest.param(
        "<div><opener><dateline>Dmitrov, 1919</dateline><salute>Friends,</salute></opener>"
        "<p>Body.</p><closer>Yours, <signed>P. K.</signed></closer></div>",
        "Dmitrov, 1919\n\nFriends,\n\nBody.\n\nYours, P. K.",
        "Dmitrov, 1919\n\nFriends,\n\nBody.\n\nYours, P. K.",
        id="letter-parts",
    ),
]


@pytest.mark.parametrize(("body", "diplomatic", "reading"), CASES)
def test_views_of_fragment(body: str, diplomatic: str, reading: str) -> None:
    tree, warnings = convert(body)
    assert warnings == []
    assert str(text.render(project(tree, DIPLOMATIC))) == diplomatic
    assert str(text.render(project(tree, READING))) == reading


def test_projection_leaves_the_converted_tree_untouched() -> None:
    tree, _ = convert("<p>x <choice><sic>a</sic><corr>b</corr></choice></p>")
    before = tree.pformat()
    project(tree, READING)
    assert tree.pformat() == before


def test_nested_choice_resolves_in_each_view() -> None:
    tree, _ = convert(
        "<p><choice><sic>teh <choice><abbr>St</abbr><expan>Saint</expan></choice></sic>"
        "<corr>the Saint</corr></choice></p>"
    )
    assert str(text.render(project(tree, DIPLOMATIC))) == "teh St"
    assert str(text.render(project(tree, READING))) == "the Saint"


def test_choice_in_a_choice_offers_its_readings_to_each_view() -> None:
    tree, warnings = convert(
        "<p><choice><sic>a</sic><choice><orig>b</orig><reg>c</reg></choice></choice></p>"
    )
    assert warnings == []
    assert str(text.render(project(tree, DIPLOMATIC))) == "a"
    assert str(text.render(project(tree, READING))) == "c"


def test_unknown_element_keeps_its_text_and_warns_with_location() -> None:
    tree, warnings = convert(
        "<p>a <madeUpMark reason='illegible'/>b <unknownThing>kept</unknownThing></p>"
    )
    assert str(text.render(project(tree, READING))) == "a b kept"
    assert [w.subtype for w in warnings] == ["unknown-element", "unknown-element"]
    line = TEI_SKELETON.splitlines()[5]
    column = (
        line.index("<body>") + len("<body>") + len("<p>a <madeUpMark reason='illegible'/>b ") + 1
    )
    assert str(warnings[1]).startswith(
        f"fragment.xml:6:{column}: warning: no rule for <unknownThing>"
    )
    assert str(warnings[1]).endswith("[edition.unknown-element]")


def test_unknown_block_element_still_reaches_the_text() -> None:
    tree, warnings = convert(
        "<div><madeUpList><madeUpItem>one</madeUpItem></madeUpList><p>two</p></div>"
    )
    assert str(text.render(project(tree, READING))) == "one\n\ntwo"
    assert {w.subtype for w in warnings} == {"unknown-element"}


def test_stray_text_in_a_division_is_kept_and_reported() -> None:
    tree, warnings = convert("<div>loose words<p>para</p></div>")
    assert str(text.render(project(tree, READING))) == "loose words\n\npara"
    assert [w.subtype for w in warnings] == ["stray-text"]

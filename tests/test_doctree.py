"""The converted doctree itself: our node types, what they carry, and what a view makes of them."""

from __future__ import annotations

from edition.core.view import DIPLOMATIC
from edition.core.views import project

from .helpers import convert

FRAGMENT = (
    '<p xml:id="p1">say <choice xml:id="c1"><sic>an</sic>'
    '<corr resp="#ed" type="typo" cert="high">and</corr></choice> learn</p>'
)


def test_converted_tree_keeps_every_reading() -> None:
    tree, _ = convert(FRAGMENT)
    assert tree.pformat() == (
        '<TeiText source="fragment.xml">\n'
        '    <TeiParagraph classes="tei-p" tei_id="p1" tei_line="6" tei_name="p">\n'
        "        say \n"
        '        <EditorialChoice classes="tei-choice" tei_id="c1" tei_line="6"'
        ' tei_name="choice">\n'
        '            <ChoiceReading reading="sic">\n'
        "                an\n"
        '            <ChoiceReading cert="high" reading="corr" resp="#ed" type="typo">\n'
        "                and\n"
        "         learn\n"
    )


def test_diplomatic_projection_keeps_the_choice_identity() -> None:
    tree, _ = convert(FRAGMENT)
    assert project(tree, DIPLOMATIC).pformat() == (
        '<TeiText source="fragment.xml">\n'
        '    <TeiParagraph classes="tei-p" tei_id="p1" tei_line="6" tei_name="p">\n'
        "        say \n"
        '        <ChosenReading classes="tei-choice tei-sic" reading="sic" tei_id="c1"'
        ' tei_line="6">\n'
        "            an\n"
        "         learn\n"
    )

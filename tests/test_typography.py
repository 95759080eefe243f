"""The editors' prose is typeset; a quoted form of the witness never is."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docutils import nodes
from lxml import html

from edition.core.typography import human_date, human_span, typeset, typeset_text
from edition.page.apparatus import Lemma


@pytest.mark.parametrize(
    ("prose", "typeset_prose"),
    [
        ('The witness reads "say an learn".', "The witness reads \u201csay an learn\u201d."),
        ("Baldwin's print", "Baldwin\u2019s print"),
        ("the editors' prose", "the editors\u2019 prose"),
        ("the Bolsheviks'.", "the Bolsheviks\u2019."),
        ("pp. 250-256", "pp.\u00a0250\u2013256"),
        ("see § 3 and p. 251", "see §\u00a03 and p.\u00a0251"),
        # What may be the witness's own stays: an elided year, an ISO date, an id, "1848- 1871".
        ('"1639 to \'48"', "\u201c1639 to '48\u201d"),
        ("2026-11-30", "2026-11-30"),
        ("msg-p01", "msg-p01"),
        ("1848- 1871", "1848- 1871"),
        ("§3", "§3"),
    ],
)
def test_editorial_prose_is_typeset(prose: str, typeset_prose: str) -> None:
    assert typeset_text(prose) == typeset_prose


def test_a_lemma_inside_prose_is_left_as_quoted() -> None:
    paragraph = nodes.paragraph(
        "", "", Lemma("", '1639 to \'48 "x"'), nodes.Text(' is "kept" here')
    )
    typeset(paragraph, keep=(Lemma,))
    assert paragraph.astext() == '1639 to \'48 "x" is \u201ckept\u201d here'


def test_an_apostrophe_after_inline_markup_is_one() -> None:
    paragraph = nodes.paragraph(
        "", "", nodes.emphasis("", "Revolutionary Pamphlets"), nodes.Text("'s preface, '48")
    )
    typeset(paragraph)
    assert paragraph.astext() == "Revolutionary Pamphlets\u2019s preface, '48"


def test_a_quote_opening_a_paragraph_opens() -> None:
    first = nodes.paragraph("", "", nodes.Text('He said "yes"'))
    second = nodes.paragraph("", "", nodes.Text('"The late war" of the text'))
    holder = nodes.container("", first, second)
    typeset(holder)
    assert second.astext() == "\u201cThe late war\u201d of the text"


@pytest.mark.parametrize(
    ("iso", "human"),
    [
        ("1772-04-07", "7 April 1772"),
        ("1917-03", "March 1917"),
        ("1919", "1919"),
        ("1919-02-30", "1919-02-30"),  # not a day: left as it is
        ("about 1919", "about 1919"),
    ],
)
def test_dates_are_written_as_a_reader_writes_them(iso: str, human: str) -> None:
    assert human_date(iso) == human


def test_spans_take_an_en_dash_spaced_between_full_dates() -> None:
    assert human_span("1914", "1918") == "1914\u20131918"
    assert human_span("1772-04-07", "1837-10-10") == "7 April 1772 \u2013 10 October 1837"


def test_a_quotation_inside_a_marked_quotation_takes_single_marks() -> None:
    """A title in quotation marks that quotes another title takes single marks inside the
    double ones, never two pairs of doubles."""
    from edition.core.behaviours import Generated, TeiQuote

    title = TeiQuote(
        "",
        "",
        Generated("", "\u201c"),
        nodes.Text('Note for "The Russian Revolution"'),
        Generated("", "\u201d"),
    )
    paragraph = nodes.paragraph("", "", nodes.Text('See "this" and '), title)
    typeset(paragraph)
    assert paragraph.astext() == (
        "See \u201cthis\u201d and \u201cNote for \u2018The Russian Revolution\u2019\u201d"
    )


def test_markup_quoted_in_the_editors_prose_keeps_its_straight_quotes(published: Path) -> None:
    """An attribute written in prose (xml:lang="ru" in the change log) is code, and code is
    never given typographic quotes: no page shows a name='s value in curly quotes."""
    curled = re.compile(r"\w=[\u201c\u201d\u2018\u2019]")
    for page in sorted((published / "html").glob("*.html")):
        text = html.parse(str(page)).getroot().text_content()
        assert not curled.search(text), (page.name, curled.search(text))
    history = html.parse(str(published / "html" / "history.html")).getroot()
    assert 'xml:lang="ru"' in history.text_content()


@pytest.mark.parametrize(
    ("language", "typeset_prose"),
    [
        ("en", "the print reads \u201cfriends\u201d, Baldwin\u2019s"),
        ("de", "the print reads \u201efriends\u201c, Baldwin\u2019s"),
        ("fr", "the print reads \u00ab\u00a0friends\u00a0\u00bb, Baldwin\u2019s"),
        ("it", "the print reads \u00abfriends\u00bb, Baldwin\u2019s"),
        ("de-CH", "the print reads \u00abfriends\u00bb, Baldwin\u2019s"),
        ("xx", "the print reads \u201cfriends\u201d, Baldwin\u2019s"),  # unknown: English
    ],
)
def test_quotation_marks_are_those_of_the_prose_language(language: str, typeset_prose: str) -> None:
    assert typeset_text('the print reads "friends", Baldwin\'s', language=language) == (
        typeset_prose
    )


def test_a_passage_in_another_language_takes_its_own_marks() -> None:
    """The nearest language-* class (an xml:lang in the TEI) decides; the document's language
    the rest; a quote before an element opens, one after it closes."""
    paragraph = nodes.paragraph(
        "",
        "",
        nodes.Text('He wrote ("'),
        nodes.inline("", 'il dit "oui"', classes=["language-fr"]),
        nodes.Text('") and "no".'),
    )
    typeset(paragraph, language="en")
    assert paragraph.astext() == (
        "He wrote (\u201cil dit \u00ab\u00a0oui\u00a0\u00bb\u201d) and \u201cno\u201d."
    )
    german = nodes.paragraph("", "", nodes.Text('Er schrieb "ja" und \'48'))
    typeset(german, language="de")
    assert german.astext() == "Er schrieb \u201eja\u201c und '48"


def test_code_in_prose_is_never_curled() -> None:
    paragraph = nodes.paragraph(
        "", "", nodes.Text('the attribute '), nodes.literal("", 'xml:lang="ru"'),
        nodes.Text(' on "foreign"'),
    )  # fmt: skip
    typeset(paragraph)
    assert paragraph.astext() == 'the attribute xml:lang="ru" on \u201cforeign\u201d'

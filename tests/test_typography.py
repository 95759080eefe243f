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

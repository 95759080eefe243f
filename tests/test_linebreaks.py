"""Words too long for a line of the PDF (core.linebreaks), and the TEI places the Typst source
names so that a typesetter's error is said of the TEI (writers.typst.markup)."""

from __future__ import annotations

from edition.core.linebreaks import BREAK_EVERY, LONGEST_WORD, breakable, overlong_words
from edition.writers.typst.markup import tei_place, tei_place_before


def test_a_word_one_character_past_a_line_is_named_and_made_breakable() -> None:
    fits, too_long = "x" * LONGEST_WORD, "y" * (LONGEST_WORD + 1)
    text = f"a {fits} and {too_long}."
    assert overlong_words(text) == [f"{too_long}."]
    broken = breakable(text)
    assert broken.replace("\u200b", "") == text, "nothing but break opportunities is added"
    assert fits in broken and too_long not in broken
    assert max(len(run) for run in broken.split("\u200b")[1:-1]) == BREAK_EVERY


def test_words_print_can_break_are_not_named() -> None:
    compound = "-".join(["self", "determination"] * 8)  # breaks at its hyphens
    address = "https://example.org/" + "a" * 80  # an address: broken, not a mistake
    assert overlong_words(f"{compound} {address} mail@{'b' * 60}.org") == []
    assert "\u200b" in breakable(address) and breakable(compound) == compound


def test_a_tei_place_is_a_comment_the_path_cannot_end_early() -> None:
    assert tei_place("/p/letter.xml", 17) == "/* tei 17 /p/letter.xml */"
    assert tei_place("/p/odd*/name.xml", 3) == ""
    source = "a\n/* tei 4 /p/a.xml */ b\nc\n/* tei 9 /p/b.xml */d /* tei 12 /p/b.xml */ e\nf\n"
    assert tei_place_before(source, 1) == ""
    assert tei_place_before(source, 3) == "/p/a.xml:4"
    assert tei_place_before(source, 5) == "/p/b.xml:12"

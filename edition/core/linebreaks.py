"""Words too long for a line of print: found the same way by the PDF writer, which makes them
breakable, and by `edition validate`, which warns of them where they stand."""

from __future__ import annotations

import re

# A run of characters with no place to break (a space, a hyphen or dash, a slash) longer than
# this does not fit a line of the PDF's page (A5, 108 mm of text): the typesetter would run it
# off the page. It gets a break opportunity every BREAK_EVERY characters (a zero-width space);
# the build and `edition validate` warn of such a word where it stands, unless it is an
# address (a URL, an e-mail), which print breaks where it must.
LONGEST_WORD = 50
BREAK_EVERY = 10
UNBREAKABLE = re.compile(rf"[^\s\u200b/\u002d\u2010-\u2014]{{{LONGEST_WORD + 1},}}")
TOKEN = re.compile(r"\S+")


def is_address(token: str) -> bool:
    return "://" in token or token.startswith("www.") or "@" in token


def overlong_words(text: str) -> list[str]:
    """The words of text that no line of the PDF holds, addresses left out."""
    return [
        t.group()
        for t in TOKEN.finditer(text)
        if UNBREAKABLE.search(t.group()) and not is_address(t.group())
    ]


def breakable(text: str) -> str:
    """text with every run too long for a line of the PDF made breakable."""

    def broken(match: re.Match[str]) -> str:
        run = match.group()
        return "\u200b".join(run[i : i + BREAK_EVERY] for i in range(0, len(run), BREAK_EVERY))

    return UNBREAKABLE.sub(broken, text)

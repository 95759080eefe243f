"""Typography of the editors' prose (notes, registers, the header's parts): curly quotes,
apostrophes, en dashes in number ranges, no line break after "p." or "§", and dates as a
reader writes them. Never applied to the text of the witness, nor to a lemma or a reading
quoted from it: those keep every character as it stands."""

from __future__ import annotations

import datetime as dt
import re

from docutils import nodes

from edition.core.behaviours import TeiQuote

# After a letter an apostrophe is one, between letters ("Baldwin's") or after a plural
# ("the editors' prose"); before a digit it may be the witness's own ("'48"), and is left.
_APOSTROPHE = re.compile(r"(?<=[^\W\d_])'(?!\d)")
# At the start of a text node it follows whatever ended the one before ("*Title*'s").
_AFTER_WORD = re.compile(r"[^\W_]|[\u201d\u2019)\]]")
# "250-256" but not an ISO date ("2026-11-30") nor an id ("msg-p01").
_RANGE = re.compile(r"(?<![\d\-\w])(\d+)-(\d+)(?![\d\-])")
_TIGHT = re.compile(r"(\b(?:pp?|nos?|vols?|ll?)\.|§)\s+(?=[\dIVXLC])")
_OPENING_CONTEXT = re.compile(r"[\s(\[{\u2014\u2013/-]")


def typeset_text(text: str, *, after: str = "", nested: bool = False) -> str:
    """text with typographic quotes, dashes and spaces; 'after' is what precedes it (decides
    whether a double quote at its start opens or closes). Inside a quotation already marked
    (nested), a double quote is a quotation within it and takes single marks."""
    opening_mark, closing_mark = ("\u2018", "\u2019") if nested else ("\u201c", "\u201d")
    text = _APOSTROPHE.sub("\u2019", text)
    if text.startswith("'") and _AFTER_WORD.fullmatch(after[-1:] or " ") and text[1:2].isalpha():
        text = "\u2019" + text[1:]
    text = _RANGE.sub("\\1\u2013\\2", text)
    text = _TIGHT.sub("\\1\u00a0", text)
    out = []
    previous = after[-1:] if after else ""
    for character in text:
        if character == '"':
            opening = not previous or bool(_OPENING_CONTEXT.match(previous))
            character = opening_mark if opening else closing_mark
        out.append(character)
        previous = character
    return "".join(out)


def typeset(tree: nodes.Element, keep: tuple[type[nodes.Element], ...] = ()) -> None:
    """Every Text node of tree typeset, except inside nodes of the classes in keep (lemmas,
    readings, literals), whose characters are quoted from a source."""
    kept: tuple[type[nodes.Element], ...] = (nodes.literal, nodes.literal_block, nodes.raw, *keep)
    previous, block = "", None
    for text in list(tree.findall(nodes.Text)):
        parent = text.parent
        owner = _block(text)
        if owner is not block:  # a quote at the start of a paragraph opens
            previous, block = "", owner
        inside = nested = False
        while parent is not None and parent is not tree.parent:
            if isinstance(parent, kept):
                inside = True
                break
            nested = nested or isinstance(parent, TeiQuote)
            parent = parent.parent
        if not inside:
            new = typeset_text(str(text), after=previous, nested=nested)
            if new != str(text):
                text.parent.replace(text, nodes.Text(new))
        previous = str(text) or previous


def _block(node: nodes.Node) -> nodes.Node | None:
    """The paragraph (or other text block) a node stands in: its nearest ancestor that is not
    inline markup."""
    parent: nodes.Node | None = node.parent
    while isinstance(parent, nodes.Inline) and isinstance(parent, nodes.Node):
        parent = parent.parent
    return parent


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def human_date(iso: str) -> str:
    """'7 April 1772' for 1772-04-07, 'April 1772' for 1772-04, the year alone for a year;
    anything else as it is."""
    match = re.fullmatch(r"(-?\d{4})(?:-(\d\d)(?:-(\d\d))?)?", iso.strip())
    if not match:
        return iso
    year, month, day = match.groups()
    if month is None:
        return year.lstrip("0") or "0"
    try:
        if day is not None:
            dt.date(int(year), int(month), int(day))
    except ValueError:
        return iso
    name = MONTHS[int(month) - 1] if 1 <= int(month) <= 12 else ""
    if not name:
        return iso
    return f"{int(day)} {name} {year}" if day else f"{name} {year}"


def human_span(start: str, end: str) -> str:
    """'1914-1918', '7 April 1772 - 10 October 1837', with an en dash (U+2013), spaced
    between dates of more than one word."""
    first, last = human_date(start), human_date(end)
    if not first or not last:
        return first or last
    spaced = " " in first or " " in last
    return f"{first} \u2013 {last}" if spaced else f"{first}\u2013{last}"

"""Typography of the editors' prose (notes, registers, the header's parts): curly quotes,
apostrophes, en dashes in number ranges, no line break after "p." or "§", and dates as a
reader writes them. Never applied to the text of the witness, nor to a lemma or a reading
quoted from it: those keep every character as it stands."""

from __future__ import annotations

import datetime as dt
import re

from docutils import nodes
from docutils.utils import smartquotes

from edition.core.behaviours import TeiQuote

# The rules no library has: an en dash in a number range, "250-256" but not an ISO date
# ("2026-11-30") nor an id ("msg-p01"); no line break after "p.", "pp.", "no." or "§".
_RANGE = re.compile(r"(?<![\d\-\w])(\d+)-(\d+)(?![\d\-])")
_TIGHT = re.compile(r"(\b(?:pp?|nos?|vols?|ll?)\.|§)\s+(?=[\dIVXLC])")
# A straight quote before a digit may be the witness's own elision ("'48"), quoted by the
# editors: it is left as it stands (a library would open a quotation there).
_ELISION = re.compile(r"('(?=\d))")
DEFAULT_LANGUAGE = "en"


def _quote_language(language: str) -> str:
    """The language docutils' smart quotes know, for a BCP 47 tag: the tag itself ("de-ch"),
    else its language ("de"), else English."""
    tag = (language or DEFAULT_LANGUAGE).lower()
    for candidate in (tag, tag.split("-")[0]):
        if candidate in smartquotes.smartchars.quotes:
            return candidate
    return DEFAULT_LANGUAGE


def typeset_text(
    text: str,
    *,
    after: str = "",
    before: str = "",
    nested: bool = False,
    language: str = DEFAULT_LANGUAGE,
) -> str:
    """text with the quotation marks and apostrophes of its language (docutils' smart
    quotes, which know some forty: "…" in English, „…“ in German, « … » in French), en
    dashes in number ranges and no break after "p." or "§". 'after' is what precedes it and
    'before' what follows it, in the next text node (they decide whether a quote at its
    start or end opens or closes: '("' before an element opens). Inside a quotation already
    marked (nested), a double quote is a quotation within it and takes the inner marks."""
    text = _RANGE.sub("\\1\u2013\\2", text)
    text = _TIGHT.sub("\\1\u00a0", text)
    if nested:
        text = text.replace('"', "'")
    # What follows stands in as a letter, a space or a stop, never as a quote to be curled.
    following = before[:1]
    if following:
        following = "a" if following.isalnum() else " " if following.isspace() else "."
    tokens = [("literal", after[-1:] or " ")]
    for part in _ELISION.split(text + following):
        if part:
            tokens.append(("literal" if part == "'" else "text", part))
    curled = "".join(list(smartquotes.educate_tokens(tokens, "q", _quote_language(language)))[1:])
    return curled[: len(curled) - len(following)] if following else curled


def typeset(
    tree: nodes.Element,
    keep: tuple[type[nodes.Element], ...] = (),
    language: str = DEFAULT_LANGUAGE,
) -> None:
    """Every Text node of tree typeset in its language (the nearest language-* class, else
    'language', the document's), except inside nodes of the classes in keep (lemmas,
    readings, literals), whose characters are quoted from a source."""
    kept: tuple[type[nodes.Element], ...] = (nodes.literal, nodes.literal_block, nodes.raw, *keep)
    previous, block = "", None
    texts = list(tree.findall(nodes.Text))
    owners = [_block(text) for text in texts]
    for index, text in enumerate(texts):
        parent = text.parent
        owner = owners[index]
        following = index + 1 < len(texts) and owners[index + 1] is owner
        before = str(texts[index + 1])[:1] if following else ""
        if owner is not block:  # a quote at the start of a paragraph opens
            previous, block = "", owner
        inside = nested = False
        own_language = ""
        while parent is not None and parent is not tree.parent:
            if isinstance(parent, kept):
                inside = True
                break
            nested = nested or isinstance(parent, TeiQuote)
            own_language = own_language or _language_class(parent)
            parent = parent.parent
        if not inside:
            new = typeset_text(
                str(text),
                after=previous,
                before=before,
                nested=nested,
                language=own_language or language,
            )
            if new != str(text):
                text.parent.replace(text, nodes.Text(new))
        previous = str(text) or previous


def _language_class(node: nodes.Element) -> str:
    """The language a node declares by docutils' convention (class language-fr)."""
    classes: list[str] = node.get("classes", [])
    for name in classes:
        if name.startswith("language-"):
            return name.removeprefix("language-")
    return ""


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

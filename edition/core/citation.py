"""Citations of the edition, of each text and of each paragraph, from the TEI header alone:
Chicago (notes and bibliography), MLA and APA as text, BibTeX, RIS and CSL-JSON as records.

The styles are formatted here, not by a CSL processor: the one available for Python
(citeproc-py) reduces given names to initials where Chicago and MLA print them in full, and the
three forms an edition needs are few and fixed."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from lxml import etree

from edition.core import header
from edition.core.tei import NAMESPACES, XML_LANG, TeiDocument, normalize_space

MONTHS_MLA = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.",
              "Nov.", "Dec.")  # fmt: skip


# Titles set in italics are marked in the formatted text; segments() splits them out for the
# page (emphasis nodes), plain() drops the marks for plain text.
ITALIC_START, ITALIC_END = "\x02", "\x03"


def _i(title: str) -> str:
    return f"{ITALIC_START}{title}{ITALIC_END}"


def segments(text: str) -> list[tuple[str, bool]]:
    """(text, italic) runs of a formatted citation."""
    runs: list[tuple[str, bool]] = []
    for index, part in enumerate(text.replace(ITALIC_END, ITALIC_START).split(ITALIC_START)):
        if part:
            runs.append((part, index % 2 == 1))
    return runs


def plain(text: str) -> str:
    return text.replace(ITALIC_START, "").replace(ITALIC_END, "")


@dataclass(frozen=True)
class Person:
    given: str
    family: str
    name: str

    def inverted(self) -> str:
        return f"{self.family}, {self.given}" if self.family and self.given else self.name

    def initials(self) -> str:
        """APA's form: family name and initials (APA's rule, not a processor's shortcut)."""
        if not (self.family and self.given):
            return self.name
        return f"{self.family}, " + " ".join(f"{part[0]}." for part in self.given.split())


@dataclass(frozen=True)
class Work:
    """What a citation names: the edition, or one text of it (then 'text' is its title)."""

    key: str
    text: str  # "" for the edition itself
    text_date: str  # ISO, the text's original date
    text_date_certain: bool
    authors: tuple[Person, ...]
    edition_title: str
    editor: str  # the responsible body: "edited by the ..."
    version: str
    version_iso: str
    version_date: str
    publisher: str
    url: str
    translators: tuple[str, ...] = ()
    language: str = ""  # the text's own (xml:lang, BCP 47), never the site's interface

    @property
    def year(self) -> str:
        return self.version_iso[:4]

    @property
    def original_year(self) -> str:
        """'1919', or '1919?' when the TEI records the date as less than certain."""
        year = self.text_date[:4]
        return year if self.text_date_certain or not year else f"{year}?"


# The words Chicago (8.159) and MLA (9th ed., 1.2.1) set lowercase inside a title: articles,
# coordinating conjunctions, prepositions of any length, "to" and "as".
MINOR_WORDS = frozenset(
    ("a", "an", "the", "and", "but", "for", "or", "nor", "as", "to", "about", "above", "across",
     "after", "against", "along", "amid", "among", "around", "at", "before", "behind", "below",
     "beneath", "beside", "besides", "between", "beyond", "by", "despite", "down", "during",
     "except", "from", "in", "inside", "into", "like", "near", "of", "off", "on", "onto", "out",
     "outside", "over", "past", "per", "since", "than", "through", "throughout", "till",
     "toward", "towards", "under", "underneath", "until", "unto", "up", "upon", "via", "with",
     "within", "without", "versus", "vs.")
)  # fmt: skip
# A hyphenated word whose first part is one of these keeps its second part lowercase
# ("Co-operatives", "Anti-intellectual"; Chicago 8.161).
PREFIXES = frozenset(("anti", "co", "counter", "inter", "mid", "multi", "non", "post", "pre",
                      "pro", "re", "semi", "sub", "un"))  # fmt: skip
_WORD = re.compile(r"(\S+)")
_LEADING = "([\u201c\u2018\"'\u00ab"
_TRAILING = ".,;:!?)]\u201d\u2019\"'\u00bb"


def _capitalised(word: str) -> str:
    return word[:1].upper() + word[1:]


def headline_case(title: str) -> str:
    """A title in headline style, as Chicago and MLA print English titles: every word
    capitalised but minor words inside a title or subtitle. A word with a capital already
    (a name, "TEI", "McCarthy") and a minor word the source capitalises are kept as written."""
    tokens = _WORD.split(title)
    words = [i for i, token in enumerate(tokens) if token.strip()]
    result = list(tokens)
    starts_part = True
    for position, index in enumerate(words):
        token = tokens[index]
        core = token.lstrip(_LEADING).rstrip(_TRAILING)
        lead = token[: len(token) - len(token.lstrip(_LEADING))]
        tail = token[len(lead) + len(core) :]
        last = position == len(words) - 1 or tail[-1:] in (":", "?", "!")
        as_written = not core or not core[:1].isalpha() or core != core.lower()
        minor = core in MINOR_WORDS and not starts_part and not last
        if not (as_written or minor):
            parts = core.split("-")
            for n, part in enumerate(parts):
                after_prefix = n > 0 and parts[n - 1].lower() in PREFIXES
                minor_part = n > 0 and part in MINOR_WORDS
                parts[n] = part if after_prefix or minor_part else _capitalised(part)
            result[index] = lead + "-".join(parts) + tail
        starts_part = tail[-1:] in (":", "?", "!") or token.endswith(("\u2014", "\u2013"))
    return "".join(result)


def _titled(title: str, work: Work) -> str:
    """The title as Chicago and MLA print it: headline style for an English one; a title in
    another language keeps its own capitalisation (Chicago 11.6)."""
    english = not work.language or work.language.lower().split("-")[0] == "en"
    return headline_case(title) if english else title


def is_body(editor: str) -> bool:
    """Whether the editor is a body (a project, a society ...), not a person."""
    words = ("project", "society", "edition", "group", "team")
    return any(w in editor.lower() for w in words)


def editor_phrase(editor: str) -> str:
    """'the Kropotkin 1919 Edition project': a body takes the article, a person does not."""
    body = is_body(editor)
    return f"the {editor}" if body and not editor.lower().startswith("the ") else editor


def _publisher(work: Work) -> str:
    """The publisher, or '' where it is the editor already named (Chicago, MLA and APA all
    leave out a publisher that repeats the responsible body)."""
    same = work.publisher.lower().removeprefix("the ") == work.editor.lower().removeprefix("the ")
    return "" if same else work.publisher


def _authors(persons: tuple[Person, ...], form: str) -> str:
    names = [p.inverted() if i == 0 else p.name for i, p in enumerate(persons)]
    if form == "apa":
        names = [p.initials() for p in persons]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + (", & " if form == "apa" else ", and ") + names[-1]


def _day_mla(iso: str) -> str:
    day = header.iso_day(iso)
    return f"{day.day} {MONTHS_MLA[day.month - 1]} {day.year}" if day else iso


def _end(text: str) -> str:
    """A title that ends in its own mark ('What to Do?') takes no added full stop."""
    return text if text[-1:] in ".?!" else text + "."


def _pin(locus: str) -> str:
    return f", {locus}" if locus else ""


def chicago(work: Work, locus: str = "") -> str:
    """Chicago notes and bibliography, the note form (it carries the pinpoint)."""
    authors = " and ".join(p.name for p in work.authors)
    parts = [authors] if authors else []
    if work.text:
        # A date the editors infer, and doubt, stands in brackets with its query mark, as
        # Chicago writes it (so does the official CSL Chicago style: "[1920?]").
        year = work.original_year
        year = f"[{year}]" if year.endswith("?") else year
        parts.append(f"\u201c{_titled(work.text, work)},\u201d {year}")
        parts.append(f"in {_i(_titled(work.edition_title, work))}")
    else:
        parts.append(_i(_titled(work.edition_title, work)))
    # "ed." abbreviates "edited by" before a person; a body reads as words.
    edited = "edited by" if is_body(work.editor) else "ed."
    parts.append(f"{edited} {editor_phrase(work.editor)}")
    if work.translators:
        parts.append(f"trans. {' and '.join(work.translators)}")
    published = ", ".join(p for p in (_publisher(work), work.version_date) if p)
    parts.append(f"version {work.version} ({published})")
    note = ", ".join(parts) + _pin(locus)
    return f"{note}, {work.url}." if work.url else f"{note}."


def mla(work: Work, locus: str = "") -> str:
    """MLA, 9th edition: container, contributors, version, publisher, date, location."""
    authors = _authors(work.authors, "mla")
    head = f"{_end(authors)} " if authors else ""
    if work.text:
        text = _titled(work.text, work)
        head += f"\u201c{_end(text)}\u201d {_i(_titled(work.edition_title, work))}, "
    else:
        head += f"{_i(_titled(work.edition_title, work))}, "
    translated = f"translated by {' and '.join(work.translators)}, " if work.translators else ""
    publisher = f"{_publisher(work)}, " if _publisher(work) else ""
    # MLA numbers paragraphs "par." (the edition's loci are § numbers).
    paragraph = _pin(locus.replace("§", "par. "))
    body = (
        f"edited by {editor_phrase(work.editor)}, {translated}version {work.version}, "
        f"{publisher}{_day_mla(work.version_iso)}{paragraph}"
    )
    # No access date: MLA asks for one only when a source has no date of its own, and one
    # written when the site is built would be wrong on the day a reader cites it.
    return head + body + (f", {work.url}." if work.url else ".")


def apa(work: Work, locus: str = "") -> str:
    """APA, 7th edition: the reference (a republished work: the original date at the end); a
    pinpoint belongs to the in-text citation, which follows in brackets."""
    authors = _authors(work.authors, "apa")
    editor = work.editor  # APA names a group without an article
    translators = " & ".join(work.translators)
    original = work.original_year.replace("?", "")
    original = f"ca. {original}" if work.original_year.endswith("?") else original
    publisher = f" {_publisher(work)}." if _publisher(work) else ""
    if work.text:
        roles = f"{editor} (Ed.)" + (f", {translators} (Trans.)" if translators else "")
        reference = (
            f"{authors} ({work.year}). {_end(work.text)} In {roles}, "
            f"{_i(work.edition_title)} (Version {work.version}).{publisher}"
        )
    elif authors:
        roles = f"{editor}, Ed." + (f"; {translators}, Trans." if translators else "")
        reference = (
            f"{authors} ({work.year}). {_i(work.edition_title)} ({roles}; Version "
            f"{work.version}).{publisher}"
        )
    else:
        reference = (
            f"{editor} (Ed.). ({work.year}). {_i(work.edition_title)} (Version "
            f"{work.version}).{publisher}"
        )
    if work.url:
        reference += f" {work.url}"
    if work.text and work.text_date:
        reference += f" (Original work published {original})"
    if locus:
        first = work.authors[0] if work.authors else None
        name = (first.family or first.name) if first else editor
        paragraph = locus.replace("§", "para. ")
        reference += f" [in the text: ({name}, {original}/{work.year}, {paragraph})]"
    return reference


STYLES = {"Chicago": chicago, "MLA": mla, "APA": apa}


def _bibtex_value(value: str) -> str:
    """Braced, with the characters BibTeX treats specially escaped."""
    escaped = value.replace("\\", "\\textbackslash{}")
    for char in "{}&%$#_":
        escaped = escaped.replace(char, "\\" + char)
    return "{" + escaped + "}"


def bibtex(work: Work) -> str:
    fields: list[tuple[str, str]] = []
    if work.authors:
        fields.append(("author", " and ".join(p.inverted() for p in work.authors)))
    if work.text:
        fields += [("title", work.text), ("booktitle", work.edition_title)]
    else:
        fields.append(("title", work.edition_title))
    fields += [
        ("editor", work.editor),
        ("publisher", work.publisher),
        ("year", work.year),
        ("date", work.version_iso),
        # biblatex's data model has no version on @book or @incollection; an edition's
        # version is its edition ("Version 0.3.0", printed as it stands).
        ("edition", f"Version {work.version}"),
    ]
    if work.translators:
        fields.append(("translator", " and ".join(work.translators)))
    if work.text_date:
        # EDTF, as biblatex reads dates: '?' marks a date the TEI holds uncertain.
        fields.append(("origdate", work.text_date + ("" if work.text_date_certain else "?")))
    if work.url:
        fields.append(("url", work.url))
    babel = BABEL.get(work.language.split("-")[0].lower())
    if babel:
        fields.append(("langid", babel))
    kind = "incollection" if work.text else "book"

    def braced(name: str, value: str) -> str:
        if name == "url":
            return "{" + value + "}"  # a URL is verbatim to BibTeX and biblatex alike
        if name in {"title", "booktitle", "editor"}:
            # Braced again: no style may recase a title or split a body's name into parts.
            return "{" + _bibtex_value(value) + "}"
        return _bibtex_value(value)

    body = ",\n".join(f"  {name} = {braced(name, value)}" for name, value in fields)
    return f"@{kind}{{{work.key},\n{body}\n}}\n"


def ris(work: Work) -> str:
    lines = [("TY", "CHAP" if work.text else "BOOK")]
    lines += [("AU", p.inverted()) for p in work.authors]
    if work.text:
        lines += [("TI", work.text), ("T2", work.edition_title)]
    else:
        lines.append(("TI", work.edition_title))
    lines += [
        # The editor of the book a section is in is a chapter's A2; a book's own editor is
        # its A3 (A2 is a book's series editor, to Zotero's RIS import as to EndNote's).
        ("A2" if work.text else "A3", work.editor),
        *(("A4", name) for name in work.translators),  # RIS's translator
        ("PB", work.publisher),
        ("PY", work.year),
        ("DA", work.version_iso.replace("-", "/")),
        ("ET", f"Version {work.version}"),  # as BibTeX and CSL-JSON give it
    ]
    if work.text_date:
        # RIS has no original date: OP is read as the original title (Citation.js) or kept
        # as a stray note (Zotero). A note says it in words.
        certainty = "" if work.text_date_certain else " (uncertain)"
        lines.append(("N1", f"Original date: {work.text_date}{certainty}."))
    if work.url:
        lines.append(("UR", work.url))
    if work.language:
        lines.append(("LA", work.language))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {value}\n" for tag, value in lines)


def _date_parts(iso: str) -> dict[str, list[list[int]]]:
    return {"date-parts": [[int(part) for part in iso.split("-") if part.isdigit()]]}


def csl_json(work: Work) -> str:
    item: dict[str, object] = {
        "id": work.key,
        "type": "chapter" if work.text else "book",
        "title": work.text or work.edition_title,
        "author": [
            {"family": p.family, "given": p.given} if p.family else {"literal": p.name}
            for p in work.authors
        ],
        "editor": [{"literal": work.editor}],
        **({"translator": [{"literal": t} for t in work.translators]} if work.translators else {}),
        "publisher": work.publisher,
        # CSL's version is a program's: Zotero files a book with one as software.
        "edition": f"Version {work.version}",
        "issued": _date_parts(work.version_iso),
    }
    if work.text:
        item["container-title"] = work.edition_title
    if work.text_date:
        original: dict[str, object] = dict(_date_parts(work.text_date))
        if not work.text_date_certain:
            original["circa"] = True  # CSL's mark of an uncertain date
        item["original-date"] = original
    if work.url:
        item["URL"] = work.url
    if work.language:
        item["language"] = work.language
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


RECORDS = {"bib": bibtex, "ris": ris, "json": csl_json}


def texts(document: TeiDocument) -> list[tuple[str, str, str, bool]]:
    """(division id, title, ISO date, certain) of each text: titles from the header's part
    titles, dates from profileDesc/creation/date[@corresp]. A date known only by its bounds
    (notBefore, notAfter) gives the year they share, or else the later bound's year, uncertain:
    a text known to exist by 10 June 1920 is cited as of 1920?, not of that day."""
    titles = header.part_titles(document)
    dates = {}
    creation = document.root.iterfind(
        "tei:teiHeader/tei:profileDesc/tei:creation/tei:date", namespaces=dict(NAMESPACES)
    )
    for date in creation:
        for pointer in (date.get("corresp") or "").split():
            dates[pointer.lstrip("#")] = _text_date(date)
    return [
        (identifier, title, *dates.get(identifier, ("", True)))
        for identifier, title in titles.items()
    ]


def _text_date(date: etree._Element) -> tuple[str, bool]:
    certain = date.get("cert") in (None, "high")
    if date.get("when"):
        return str(date.get("when")), certain
    before, after = str(date.get("notBefore", ""))[:4], str(date.get("notAfter", ""))[:4]
    if before and before == after:
        return before, certain
    return after or before, False


def language_of(element: etree._Element | None) -> str:
    """The xml:lang an element has or inherits ('' where none is declared)."""
    while element is not None:
        if element.get(XML_LANG):
            return str(element.get(XML_LANG))
        element = element.getparent()
    return ""


# biblatex's langid takes babel's names: those of the languages an edition is likely in.
BABEL = {
    "en": "english", "fr": "french", "de": "ngerman", "it": "italian", "es": "spanish",
    "ru": "russian", "nl": "dutch", "pt": "portuguese", "pl": "polish", "la": "latin",
    "el": "greek", "sv": "swedish", "da": "danish", "no": "norsk", "cs": "czech",
}  # fmt: skip


def edition_citation(document: TeiDocument, url: str = "") -> str:
    """The edition in the first style: the title page, the PDF's verso, 'How to cite'."""
    return chicago(works(document, {"": url})[""])


def works(document: TeiDocument, url_of: dict[str, str]) -> dict[str, Work]:
    """The edition (key '') and each text (key: its division id); url_of maps the same keys to
    the URL a citation gives (absent: no URL)."""
    page = header.title_page(document)
    authors = tuple(Person(*names) for names in header.author_names(document))
    title = f"{page.title}: {page.subtitle}" if page.subtitle else page.title
    common = {
        "authors": authors,
        "edition_title": title,
        "editor": page.editors[0] if page.editors else page.publisher,
        "version": page.version,
        "version_iso": page.version_iso,
        "version_date": page.version_date,
        "publisher": page.publisher,
        "translators": header.translators(document),
    }
    stem = document.root.get("{http://www.w3.org/XML/1998/namespace}id") or "edition"
    text = document.find("tei:text")
    found = {
        "": Work(key=stem, text="", text_date="", text_date_certain=True, url=url_of.get("", ""),
                 language=language_of(text if text is not None else document.root),
                 **common)  # type: ignore[arg-type]
    }  # fmt: skip
    for identifier, text_title, date, certain in texts(document):
        found[identifier] = Work(
            key=f"{stem}-{identifier}",
            text=normalize_space(text_title),
            text_date=date,
            text_date_certain=certain,
            url=url_of.get(identifier, ""),
            language=language_of(document.ids.get(identifier)),
            **common,  # type: ignore[arg-type]
        )
    return found

"""The teiHeader as frozen dataclasses: what the title page, the citation and the history need."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from lxml import etree

from edition.core.linktargets import classify
from edition.core.tei import NAMESPACES, XML_ID, XML_LANG, TeiDocument, local_name, normalize_space

FILE_DESC = "tei:teiHeader/tei:fileDesc/"


def _text(element: etree._Element | None) -> str:
    return normalize_space("".join(element.itertext())) if element is not None else ""


def _all(document: TeiDocument, path: str) -> list[etree._Element]:
    return list(document.root.iterfind(path, namespaces=dict(NAMESPACES)))


def _person(element: etree._Element) -> str:
    """'Peter Kropotkin' from a persName with forename/surname, or the plain text."""
    parts = [_text(p) for p in element.iter() if local_name(p) in {"forename", "surname"}]
    return " ".join(parts) if parts else _text(element)


def iso_day(value: str) -> dt.date | None:
    """The first day an ISO 8601 date means (1919, 1919-04, 1919-04-28, or with a time), or
    None for what has no year or no such day: a TEI @when is often less precise than a day."""
    match = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T|$)", value.strip())
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2] or 1), int(match[3] or 1))
    except ValueError:
        return None


@dataclass(frozen=True)
class Change:
    when: str
    who: str
    version: str
    element: etree._Element = field(compare=False)  # its words may carry markup (a title)


@dataclass(frozen=True)
class TitlePage:
    title: str
    subtitle: str
    authors: tuple[str, ...]
    editors: tuple[str, ...]
    version: str
    version_date: str
    version_iso: str
    edition: str
    publisher: str
    licence: str
    licence_url: str
    identifier: str


def web_url(target: str) -> str:
    """target if it is a web address the edition may publish (linktargets), else ''."""
    found = classify(target) if target.strip() else None
    return found.href if found is not None and found.kind == "web" else ""


def title_page(document: TeiDocument) -> TitlePage:
    titles = _all(document, FILE_DESC + "tei:titleStmt/tei:title")
    main = next((t for t in titles if t.get("type") in (None, "main")), None)
    sub = next((t for t in titles if t.get("type") == "sub"), None)
    edition = document.find(FILE_DESC + "tei:editionStmt/tei:edition")
    edition_date = (
        edition.find("tei:date", namespaces=dict(NAMESPACES)) if edition is not None else None
    )
    licence = document.find(FILE_DESC + "tei:publicationStmt/tei:availability/tei:licence")
    idno = document.find(FILE_DESC + "tei:publicationStmt/tei:idno")
    return TitlePage(
        title=_text(main),
        subtitle=_text(sub),
        authors=tuple(_person(a) for a in _all(document, FILE_DESC + "tei:titleStmt/tei:author")),
        editors=tuple(
            _person(e)
            for e in _all(document, FILE_DESC + "tei:titleStmt/tei:editor")
            if e.get("role") != "translator"
        ),
        version=edition.get("n", "") if edition is not None else "",
        version_date=_text(edition_date),
        version_iso=edition_date.get("when", "") if edition_date is not None else "",
        edition=_text(edition),
        publisher=_text(document.find(FILE_DESC + "tei:publicationStmt/tei:publisher")),
        licence=_text(licence),
        # Only a link the edition publishes anywhere (http, https): a javascript: or file:
        # target is dropped here, for the head, the JSON-LD, the front matter and the PDF
        # alike; validate reports it (validation.validate.header_link_problems).
        licence_url=web_url(licence.get("target", "") if licence is not None else ""),
        identifier=_text(idno),
    )


def author_names(document: TeiDocument) -> tuple[tuple[str, str, str], ...]:
    """(given names, family name, whole name) of each author of the texts, as the header's
    persName parts give them: never guessed by splitting a name at a space."""
    found = []
    for author in _all(document, FILE_DESC + "tei:titleStmt/tei:author"):
        given = " ".join(_text(p) for p in author.iter() if local_name(p) == "forename")
        family = " ".join(_text(p) for p in author.iter() if local_name(p) == "surname")
        found.append((given, family, _person(author)))
    return tuple(found)


def translators(document: TeiDocument) -> tuple[str, ...]:
    """Translators the header names: editor[@role="translator"], or a respStmt whose resp
    says 'translat...'. None are guessed: an unknown translator stays unnamed."""
    found = [
        _person(e)
        for e in _all(document, FILE_DESC + "tei:titleStmt/tei:editor")
        if e.get("role") == "translator"
    ]
    for statement in _all(document, FILE_DESC + "tei:titleStmt/tei:respStmt"):
        resp = " ".join(_text(r) for r in statement if local_name(r) == "resp").lower()
        if "translat" in resp:
            found += [_person(n) for n in statement if local_name(n) in {"persName", "name"}]
    return tuple(found)


def part_titles(document: TeiDocument) -> dict[str, str]:
    """Division id -> its full title, from titleStmt/title[@type="part"][@corresp]."""
    titles = {}
    for title in _all(document, FILE_DESC + "tei:titleStmt/tei:title"):
        if title.get("type") == "part":
            for pointer in (title.get("corresp") or "").split():
                titles[pointer.lstrip("#")] = _text(title)
    return titles


def changes(document: TeiDocument) -> tuple[Change, ...]:
    """The revision history, newest first, as the header records it."""
    result = []
    for change in _all(document, "tei:teiHeader/tei:revisionDesc/tei:change"):
        who = []
        for pointer in (change.get("who") or "").split():
            person = document.ids.get(pointer.lstrip("#"))
            who.append(_text(person) if person is not None else pointer)
        result.append(Change(change.get("when", ""), ", ".join(who), change.get("n", ""), change))
    return tuple(sorted(result, key=lambda c: c.when, reverse=True))


def sources(document: TeiDocument) -> list[etree._Element]:
    """The bibliographic descriptions of the sourceDesc, in order."""
    return [
        element
        for element in _all(document, FILE_DESC + "tei:sourceDesc//*")
        if local_name(element) in {"biblStruct", "bibl"}
        and local_name(element.getparent()) not in {"relatedItem"}
        and element.get(XML_ID)
    ]


def describe_source(element: etree._Element) -> str:
    """One line for a bibliographic description: author, title, editor, imprint, pages."""
    return "".join(text for text, _ in source_parts(element))


def source_parts(element: etree._Element) -> list[tuple[str, str]]:
    """describe_source's line in pieces, each with its language (xml:lang, inherited from
    the description's own elements; '' where none is declared), for a lang attribute."""

    def find(name: str) -> etree._Element | None:
        return next((e for e in element.iter() if local_name(e) == name), None)

    def first(name: str) -> str:
        return _text(find(name))

    def language(name: str) -> str:
        found = find(name)
        while found is not None and found is not element.getparent():
            if found.get(XML_LANG):
                return str(found.get(XML_LANG))
            found = found.getparent()
        return ""

    if local_name(element) == "bibl" and not first("title"):
        return [(_text(element), "")]
    parts = [(first("author"), language("author")), (first("title"), language("title"))]
    if first("editor"):
        parts.append((f"ed. {first('editor')}", ""))
    imprint = ", ".join(p for p in (first("pubPlace"), first("publisher"), first("date")) if p)
    parts.append((imprint, ""))
    if first("biblScope"):
        parts.append((f"pp. {first('biblScope')}", ""))
    # A part that ends in its own punctuation ("Так что же делать?") takes no full stop.
    pieces: list[tuple[str, str]] = []
    for part, part_language in (p for p in parts if p[0]):
        if pieces:
            pieces.append((("" if pieces[-1][0][-1] in ".?!" else ".") + " ", ""))
        pieces.append((part, part_language))
    return pieces


def keywords(document: TeiDocument) -> tuple[str, ...]:
    return tuple(
        _text(t)
        for t in _all(document, "tei:teiHeader/tei:profileDesc/tei:textClass/tei:keywords/tei:term")
    )


@dataclass(frozen=True)
class Sigla:
    """The sigla of the sourceDesc's listWit: 'base' is the witness transcribed (the first
    listed); 'by_pointer' maps '#id' of a witness, or of the bibliographic description it
    corresponds to, to its siglum."""

    base: str
    by_pointer: dict[str, str]

    def of(self, pointers: str) -> str:
        """The sigla of the witnesses named in a pointer list (@source, @wit), in its order."""
        return " ".join(self.by_pointer[p] for p in pointers.split() if p in self.by_pointer)


def sigla(document: TeiDocument) -> Sigla:
    """A witness's siglum is its abbr type="siglum", else its @n, else its xml:id."""
    found: dict[str, str] = {}
    base = ""
    for witness in _all(document, FILE_DESC + "tei:sourceDesc//tei:listWit/tei:witness"):
        abbreviation = witness.find("tei:abbr[@type='siglum']", namespaces=dict(NAMESPACES))
        siglum = _text(abbreviation) or witness.get("n", "") or witness.get(XML_ID, "")
        if not siglum:
            continue
        base = base or siglum
        pointers = [f"#{witness.get(XML_ID)}"] if witness.get(XML_ID) else []
        pointers += witness.get("corresp", "").split()
        for pointer in pointers:
            found.setdefault(pointer, siglum)
    return Sigla(base, found)

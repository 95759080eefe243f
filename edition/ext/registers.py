"""Registers: mentions in the text link to their entries; the `tei-register` directive lists the
entries of a standOff list with gloss, authority links and back-links to every mention."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from lxml import etree
from sphinx.util import logging

from edition.core.behaviours import NameMention
from edition.core.convert import language_class, language_of
from edition.core.tei import NAMESPACES, XML_ID, XML_LANG, TeiDocument, local_name, normalize_space
from edition.core.typography import human_date, human_span, typeset, typeset_text
from edition.core.view import READING
from edition.core.views import normalize_block_space
from edition.ext.base import TeiDirective
from edition.ext.domain import cross_reference
from edition.page import apparatus
from edition.page.converted import Converted, anchor_key
from edition.page.pagelinks import ReadingLocus, RegisterLink

logger = logging.getLogger(__name__)

LISTS = {
    "persons": ("listPerson", "person"),
    "places": ("listPlace", "place"),
    "organisations": ("listOrg", "org"),
    "events": ("listEvent", "event"),
}
AUTHORITIES = {
    "wikidata": "https://www.wikidata.org/wiki/{}",
    "viaf": "https://viaf.org/viaf/{}",
    "gnd": "https://d-nb.info/gnd/{}",
    "isni": "https://isni.org/isni/{}",
}


AUTHORITY_NAMES = {"wikidata": "Wikidata", "viaf": "VIAF", "gnd": "GND", "isni": "ISNI"}
DATE_WORDS = {"birth": "born", "death": "died"}


# Words a name is not filed under when it begins with one (English, French, German, Italian,
# Spanish): "Les Temps Nouveaux" is found under T, "The Times" under T.
LEADING_ARTICLES = re.compile(
    r"^(?:the|an?|les?|la|l['\u2019]|der|die|das|il|lo|gli|i|el|los|las)(?:\s+|(?<=['\u2019]))",
    re.IGNORECASE,
)


def filing_key(entry: etree._Element) -> tuple[str, str, str]:
    """Where a reader looks an entry up: events by their date, the others by their name as the
    register prints it ("Bondfield, Margaret"), without accents or case, and a place's or a
    body's without a leading article (a person's "La Guardia" stays under L); the identifier
    breaks ties, so the order is the same in every build."""
    kind = local_name(entry)
    name = entry_name(entry).strip()
    if kind != "person":
        name = LEADING_ARTICLES.sub("", name)
    folded = "".join(
        c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)
    ).casefold()
    when = (entry.get("from") or entry.get("when") or "") if kind == "event" else ""
    return (str(when), folded, entry.get(XML_ID, ""))


def entry_dates(entry: etree._Element) -> str:
    """Dates as a reader writes them: '7 April 1772 - 10 October 1837' (an en dash) from
    birth and death, '1914-1918' from @from/@to, 'floruit 1893' from another dated child."""
    dated = {local_name(c): c.get("when", "") for c in entry if c.get("when")}
    if "birth" in dated and "death" in dated:
        return human_span(dated.pop("birth"), dated.pop("death")) + "".join(
            f", {name} {human_date(when)}" for name, when in dated.items()
        )
    if dated:
        return ", ".join(
            f"{DATE_WORDS.get(name, name)} {human_date(when)}" for name, when in dated.items()
        )
    if entry.get("from") or entry.get("to"):
        return human_span(entry.get("from", ""), entry.get("to", ""))
    return human_date(entry.get("when", ""))


def _name_element(entry: etree._Element) -> etree._Element | None:
    return next(
        (c for c in entry if local_name(c) in {"persName", "placeName", "orgName", "head"}), None
    )


def entry_name(entry: etree._Element) -> str:
    name = _name_element(entry)
    if name is not None:
        return normalize_space("".join(name.itertext()))
    return str(entry.get(XML_ID, ""))


def entry_heading(entry: etree._Element) -> nodes.strong:
    """The entry's name as its heading, in the name's own language ("Les Temps Nouveaux")."""
    heading = nodes.strong("", entry_name(entry))
    name = _name_element(entry)
    language = language_class((name if name is not None else entry).get(XML_LANG))
    if language:
        heading["classes"].append(language)
    return heading


# Words that end in a full stop without ending a sentence: a page, a number, an edition, a
# title; a single letter is an initial ("N. Lenin"). A gloss cut at one would stop mid-sentence.
ABBREVIATIONS = frozenset(
    ("p", "pp", "no", "nos", "vol", "vols", "ed", "eds", "ca", "cf", "fol", "fols", "ff", "n",
     "nn", "st", "mr", "mrs", "dr", "prof", "viz", "i.e", "e.g")
)  # fmt: skip
SENTENCE_END = re.compile(
    r"([.?!])([\u201d\u2019\")\]]*)\s+(?=[\u201c\u2018\"(\[]?[A-Z\u00c0-\u00de])"
)


def first_sentence(text: str) -> str:
    """The first sentence of a description, whole: never cut where an abbreviation's or an
    initial's full stop stands."""
    for end in SENTENCE_END.finditer(text):
        word = re.split(r"[\s(\[]", text[: end.start(1)])[-1].lower()
        if end.group(1) == "." and (len(word) <= 1 or word in ABBREVIATIONS):
            continue
        return text[: end.end(2)]
    return text


def gloss(entry: etree._Element) -> str:
    """Name and the first sentence of the entry's description, whole: the popover of a
    mention (the register page has the rest)."""
    notes = [c for c in entry if local_name(c) in {"note", "p"}]
    text = normalize_space("".join(notes[0].itertext())) if notes else ""
    first = first_sentence(text)
    if not first:
        return entry_name(entry)
    return f"{entry_name(entry)}: {first}" + ("" if first[-1:] in ".?!\u201d\u2019)" else ".")


def link_mentions(tree: nodes.Element, document: TeiDocument, tei_key: str) -> None:
    """Each mention links to its (first) register entry, with the entry's gloss as popover."""
    for mention in list(tree.findall(NameMention)):
        wanted: list[str] = mention.get("tei_refs", [])
        refs = [r for r in wanted if r in document.ids]
        if not refs:
            continue
        link = RegisterLink(
            "",
            "",
            *mention.children,
            tei_label=anchor_key(tei_key, "id", refs[0]),
            gloss=typeset_text(gloss(document.ids[refs[0]])),
            classes=["tei-register-link"],
        )
        mention.children = []
        mention.append(link)


def mentions_of(document: TeiDocument) -> dict[str, list[str]]:
    """Entry id -> the ids of the paragraphs (in text order) that mention it."""
    found: dict[str, list[str]] = {}
    body = document.body()
    for element in body.iter() if body is not None else ():
        for ref in (element.get("ref") or "").split():
            if not ref.startswith("#"):
                continue
            block = next(
                (a for a in element.iterancestors() if local_name(a) in {"p", "head"}), None
            )
            if block is not None and block.get(XML_ID):
                places = found.setdefault(ref[1:], [])
                if block.get(XML_ID) not in places:
                    places.append(block.get(XML_ID))
    return found


class TeiRegisterDirective(TeiDirective):
    """``.. tei-register:: ../tei/letter.xml`` with ``:list:`` persons, places, organisations
    or events."""

    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "list": lambda arg: directives.choice(arg, tuple(LISTS)),
    }

    def build(self, converted: Converted) -> list[nodes.Node]:
        document, loci = converted.document, converted.loci
        convert = converted.prose
        mentions = mentions_of(document)
        texts = apparatus.text_names(document)
        list_name, entry_tag = LISTS[self.options.get("list", "persons")]
        items = nodes.definition_list(classes=["tei-register"])
        entries = document.root.iterfind(f".//tei:{list_name}/tei:{entry_tag}", dict(NAMESPACES))
        language = language_of(document.root)
        for entry in sorted(entries, key=filing_key):
            identifier = entry.get(XML_ID, "")
            term = nodes.term("", "", entry_heading(entry), ids=[identifier])
            when = entry_dates(entry)
            if when and when not in entry_name(entry):  # not "1793 (1793)"
                term += nodes.Text(f" ({when})")
            body: list[nodes.Node] = []
            for note in (c for c in entry if local_name(c) in {"note", "p"}):
                # A description in a language of its own says so (lang, and its quotes).
                own = language_of(note)
                classes = [language_class(own)] if own != language else []
                body.append(nodes.paragraph("", "", *convert(note), classes=classes))
            authority: list[nodes.Node] = []
            for idno in entry:
                kind, value = idno.get("type"), " ".join((idno.text or "").split())
                if local_name(idno) != "idno" or kind not in AUTHORITIES or not value:
                    continue
                if authority:
                    authority.append(nodes.Text("; "))
                authority.append(
                    nodes.reference(
                        "",
                        f"{AUTHORITY_NAMES[kind]} {value}",
                        # An id written in groups ("0000 0001 ...") has none in its address.
                        refuri=AUTHORITIES[kind].format(value.replace(" ", "")),
                    )
                )
            if authority:
                body.append(
                    nodes.paragraph("", "Authority: ", *authority, classes=["tei-authority"])
                )
            places = mentions.get(identifier, [])
            back = []
            for pid in places:
                text = apparatus.locus_label(pid, texts, loci)
                back += [
                    ReadingLocus(
                        "",
                        "",
                        cross_reference(self.tei_key, READING.name, pid, nodes.Text(text)),
                        tei_target=pid,
                    ),
                    nodes.Text("; "),
                ]
            if back:
                body.append(
                    nodes.paragraph("", "Mentioned in: ", *back[:-1], classes=["tei-mentions"])
                )
            items.append(nodes.definition_list_item("", term, nodes.definition("", *body)))
        container = nodes.container("", items, classes=["tei-register-list"])
        container["support_smartquotes"] = False
        for block in list(container.findall(nodes.paragraph)):
            normalize_block_space(block)
        typeset(container, language=language)
        self.resolve_pointers(container, converted)
        self.register_anchors(container, "id")
        return [container]

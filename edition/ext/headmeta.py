"""Metadata that reference managers and search engines read, in every page's <head>: Highwire
citation_* (Zotero), Dublin Core, schema.org JSON-LD, OpenGraph, rel="license" and a link to
the TEI. Elements are built with lxml, which escapes every value; nothing is pasted as text."""

from __future__ import annotations

import json
from typing import Any

from lxml import etree

from edition.core import citation, header
from edition.core.tei import TeiError
from edition.ext import published
from edition.ext.citepage import base_url, works_of
from edition.ext.metadata import edition_document

CARD_SIZE = (1200, 630)  # the link-preview card's pixels (writers/typst/card.py sets it)


def _element(tag: str, **attributes: str) -> str:
    """A void element, closed as XHTML writes it (<meta ... />): HTML reads it the same, and an
    EPUB's pages must be well-formed XML."""
    element = etree.Element(tag)
    for name, value in attributes.items():
        element.set(name, value)
    return str(etree.tostring(element, method="xml", encoding="unicode")).strip()


def _meta(name: str, content: str, attribute: str = "name") -> str:
    return _element("meta", **{attribute: name, "content": content})


# What the HTML parser reads in a script element's text before JSON does: "</script" ends it,
# "<!--" opens an escape in which "<script" changes the state; & and > are escaped so that
# nothing of the document's can be taken for markup by any reader, and U+2028/9 for old
# JavaScript parsers. JSON's \\u escapes read back as the same characters.
SCRIPT_DATA_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def script_json(data: object) -> str:
    """JSON to stand as the text of a <script> element, whatever strings it holds."""
    # Compact: read by machines, and every page carries it (the reading page's weight budget).
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return "".join(SCRIPT_DATA_ESCAPES.get(c, c) for c in text)


def script_element(data: object, **attributes: str) -> str:
    """A <script> element holding data as JSON (JSON-LD, a page's own data for its scripts)."""
    script = etree.Element("script", **attributes)
    script.text = script_json(data)  # nothing in it that XML escapes: < > & are \u escapes
    return str(etree.tostring(script, method="xml", encoding="unicode")).strip()


def _person(person: citation.Person) -> dict[str, str]:
    found = {"@type": "Person", "name": person.name}
    if person.family:
        found |= {"familyName": person.family, "givenName": person.given}
    return found


def page_metadata(app: Any, pagename: str) -> list[str]:
    """The <head> additions of one page (empty where the project names no edition_source)."""
    found = works_of(app)
    if found is None:
        return []
    key, works = found
    edition = works[""]
    anchors = app.env.domains["edition"].anchors
    shown = [
        work
        for identifier, work in works.items()
        if identifier and anchors.get(f"{key}|id|{identifier}", ("",))[0] == pagename
    ]
    # A page that shows one text is a section of the edition (Zotero: a book section).
    section = shown[0] if len(shown) == 1 else None
    try:
        document = edition_document(app)  # converted once per build, read here for every page
    except TeiError:
        return []  # the pages report it, located
    if document is None:
        return []
    page = header.title_page(document)
    base = base_url(app)
    target = app.builder.get_target_uri(pagename)
    url = base + target
    depth = 0 if base else target.count("/")

    def site_url(path: str) -> str:
        """A URL given from the site's root, as this page must write it."""
        return path if base or "://" in path else "../" * depth + path

    pdf = site_url(f"{base}{published.FOLDER}/{app.config.edition_pdf_name}.pdf")
    tei = site_url(f"{base}{published.FOLDER}/{document.path.name}")
    title = section.text if section else edition.edition_title
    # The language of the text the page shows, as the TEI declares it: not the site's.
    language = (section or edition).language
    card = app.env.domains["edition"].this_build.get("card")
    tags = [
        _meta("citation_title", title),
        *([_meta("citation_inbook_title", edition.edition_title)] if section else []),
        *(_meta("citation_author", p.inverted()) for p in edition.authors),
        _meta("citation_editor", edition.editor),
        _meta("citation_publisher", edition.publisher),
        _meta("citation_publication_date", edition.version_iso.replace("-", "/")),
        _meta("citation_public_url", url),
        *([_meta("citation_pdf_url", pdf)] if published.pdf_offered(app) else []),
        *([_meta("citation_language", language)] if language else []),
        _element("link", rel="schema.DC", href="http://purl.org/dc/elements/1.1/"),
        _meta("DC.title", title),
        *(_meta("DC.creator", p.inverted()) for p in edition.authors),
        _meta("DC.contributor", edition.editor),
        _meta("DC.publisher", edition.publisher),
        _meta("DC.date", edition.version_iso),
        _meta("DC.type", "Text"),
        _meta("DC.format", "text/html"),
        _meta("DC.identifier", url),
        *([_meta("DC.language", language)] if language else []),
        *_open_graph(
            app, title, "article" if section else "book", url, card and site_url(base + card)
        ),
        _element("link", rel="alternate", type="application/tei+xml", href=tei),
    ]
    if page.licence_url or page.licence:
        tags.append(_meta("DC.rights", page.licence_url or page.licence))
    if page.licence_url:
        tags.append(_element("link", rel="license", href=page.licence_url))
    # The canonical link is Sphinx's own, made from the same html_baseurl.
    graph = _graph(works, site_url, site_url(url), tei, page.licence_url)
    tags.append(script_element(graph, type="application/ld+json"))
    return tags


def _open_graph(app: Any, title: str, kind: str, url: str, card: str | None) -> list[str]:
    """OpenGraph: the four properties the protocol requires (title, type, image, url), the
    image's size and words, and the site's name. og:image only where the card was made."""
    site = str(app.config.html_title or app.config.project)
    found = [
        _meta("og:title", title, "property"),
        _meta("og:type", kind, "property"),
        _meta("og:url", url, "property"),
        _meta("og:site_name", site, "property"),
    ]
    if card:
        width, height = CARD_SIZE
        found += [
            _meta("og:image", card, "property"),
            _meta("og:image:type", "image/png", "property"),
            _meta("og:image:width", str(width), "property"),
            _meta("og:image:height", str(height), "property"),
            _meta("og:image:alt", f"Title card of {site}", "property"),
        ]
    return found


def _editor(name: str) -> dict[str, Any]:
    """schema.org's editor is a Person; a body that edits is a contributor in the role of
    editor (schema.org's Role)."""
    if citation.is_body(name):
        return {
            "contributor": {
                "@type": "Role",
                "roleName": "editor",
                "contributor": {"@type": "Organization", "name": name},
            }
        }
    return {"editor": {"@type": "Person", "name": name}}


def _graph(
    works: dict[str, citation.Work],
    site_url: Any,
    page_url: str,
    tei: str,
    licence: str,
) -> dict[str, Any]:
    """One Book, the same on every page (one @id), and each text a Chapter of it; the page
    itself a WebPage that is part of the book and about the texts it shows."""
    edition = works[""]
    book_url = site_url(edition.url)
    book_id = f"{book_url}#edition"
    chapters = []
    for key, work in works.items():
        if not key or not work.url:
            continue
        chapter_url = site_url(work.url)
        chapters.append(
            {
                "@type": "Chapter",
                "@id": chapter_url,
                "url": chapter_url,
                "name": work.text,
                "author": [_person(p) for p in work.authors],
                **({"dateCreated": work.text_date} if work.text_date else {}),
                **({"inLanguage": work.language} if work.language else {}),
                **(
                    {"translator": [{"@type": "Person", "name": t} for t in work.translators]}
                    if work.translators
                    else {}
                ),
                "isPartOf": {"@id": book_id},
            }
        )
    book: dict[str, Any] = {
        "@type": "Book",
        "@id": book_id,
        "url": book_url,
        "name": edition.edition_title,
        "author": [_person(p) for p in edition.authors],
        **_editor(edition.editor),
        "publisher": {"@type": "Organization", "name": edition.publisher},
        "datePublished": edition.version_iso,
        "version": edition.version,
        "bookEdition": f"Version {edition.version}",
        **({"inLanguage": edition.language} if edition.language else {}),
        "encoding": {
            "@type": "MediaObject",
            "encodingFormat": "application/tei+xml",
            "contentUrl": tei,
        },
        "hasPart": [{"@id": chapter["@id"]} for chapter in chapters],
        **({"license": licence} if licence else {}),
    }
    here = page_url.split("#")[0]
    shown = [{"@id": c["@id"]} for c in chapters if c["@id"].split("#")[0] == here]
    webpage = {
        "@type": "WebPage",
        "@id": page_url,
        "url": page_url,
        "isPartOf": {"@id": book_id},
        **({"about": shown} if shown else {}),
    }
    return {"@context": "https://schema.org", "@graph": [book, *chapters, webpage]}


def add_to_head(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    tags = page_metadata(app, pagename)
    if tags:
        context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(tags) + "\n"


def setup(app: Any) -> None:
    app.connect("html-page-context", add_to_head)

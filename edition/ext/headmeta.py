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


def _element(tag: str, **attributes: str) -> str:
    element = etree.Element(tag)
    for name, value in attributes.items():
        element.set(name, value)
    return str(etree.tostring(element, method="html", encoding="unicode")).strip()


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


def _json_ld(data: dict[str, Any]) -> str:
    script = etree.Element("script", type="application/ld+json")
    script.text = script_json(data)
    return str(etree.tostring(script, method="html", encoding="unicode")).strip()


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
    site = base or ""
    pdf = f"{site}{published.FOLDER}/{app.config.edition_pdf_name}.pdf"
    tei = f"{site}{published.FOLDER}/{document.path.name}"
    if not base:  # relative to this page
        depth = target.count("/")
        pdf, tei = ("../" * depth + pdf, "../" * depth + tei)
    title = section.text if section else edition.edition_title
    # The language of the text the page shows, as the TEI declares it: not the site's.
    language = (section or edition).language
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
        _meta("og:title", title, "property"),
        _meta("og:type", "article" if section else "book", "property"),
        _meta("og:url", url, "property"),
        _meta("og:site_name", str(app.config.html_title or app.config.project), "property"),
        _element("link", rel="alternate", type="application/tei+xml", href=tei),
    ]
    if page.licence_url or page.licence:
        tags.append(_meta("DC.rights", page.licence_url or page.licence))
    if page.licence_url:
        tags.append(_element("link", rel="license", href=page.licence_url))
    # The canonical link is Sphinx's own, made from the same html_baseurl.
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Book",
        "name": edition.edition_title,
        "author": [_person(p) for p in edition.authors],
        "editor": {"@type": "Organization", "name": edition.editor},
        "publisher": {"@type": "Organization", "name": edition.publisher},
        "datePublished": edition.version_iso,
        "version": edition.version,
        **({"inLanguage": edition.language} if edition.language else {}),
        "url": url,
        "encoding": {
            "@type": "MediaObject",
            "encodingFormat": "application/tei+xml",
            "contentUrl": tei,
        },
        "hasPart": [
            {
                "@type": "Chapter",
                "name": work.text,
                "author": [_person(p) for p in work.authors],
                "dateCreated": work.text_date,
                # A chapter says its language where it is not the book's.
                **({"inLanguage": work.language} if work.language != edition.language else {}),
                **({"url": work.url} if work.url else {}),
            }
            for key, work in works.items()
            if key
        ],
    }
    if page.licence_url:
        data["license"] = page.licence_url
    if section:
        data = {
            "@context": "https://schema.org",
            "@type": "Chapter",
            "name": section.text,
            "author": [_person(p) for p in section.authors],
            "dateCreated": section.text_date,
            **({"inLanguage": section.language} if section.language else {}),
            "url": url,
            "isPartOf": {k: v for k, v in data.items() if k not in {"@context", "hasPart"}},
        }
    tags.append(_json_ld(data))
    return tags


def add_to_head(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    tags = page_metadata(app, pagename)
    if tags:
        context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(tags) + "\n"


def setup(app: Any) -> None:
    app.connect("html-page-context", add_to_head)

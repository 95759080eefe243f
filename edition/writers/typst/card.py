"""The edition's card for link previews: OpenGraph requires an image (og:image), and a link
to the edition shared in a chat or a post shows it. The card is the title page in brief (site,
title, subtitle, authors, editor, version) on 1200 x 630 pixels, set by Typst, which the PDF
needs anyway; it costs a few hundredths of a second and is rewritten only when it changes."""

from __future__ import annotations

import hashlib
import json
from importlib.metadata import version
from pathlib import Path
from typing import Any

import typst
from sphinx.util import logging

from edition.core import citation, header
from edition.core.tei import TeiError, text_or_empty
from edition.ext.citepage import works_of
from edition.ext.headmeta import CARD_SIZE
from edition.ext.metadata import edition_document
from edition.ext.published import makes_a_site

logger = logging.getLogger(__name__)
TEMPLATE = Path(__file__).with_name("card.typ")
CARD = "_static/edition-card.png"


def card_inputs(app: Any) -> dict[str, str] | None:
    """What the card says, from the TEI header; None where the project has no edition."""
    found = works_of(app)
    try:
        document = edition_document(app)
    except TeiError:
        return None  # the pages report it, located
    if found is None or document is None:
        return None
    edition = found[1][""]
    page = header.title_page(document)
    authors = " and ".join(p.name for p in edition.authors)
    edited = f"edited by {citation.editor_phrase(edition.editor)}" if edition.editor else ""
    byline = " \u00b7 ".join(p for p in (authors, edited, f"version {edition.version}") if p)
    return {
        "site": str(app.config.html_title or app.config.project),
        "title": page.title,
        "subtitle": page.subtitle,
        "byline": byline,
        "lang": (edition.language or "en").split("-")[0],
        "width": str(CARD_SIZE[0]),
        "height": str(CARD_SIZE[1]),
    }


def write_card(app: Any) -> None:
    """Set the card (write-started: once a build, before the pages that name it); the pages'
    heads name it only where it was made."""
    kept = app.env.domains["edition"].this_build
    kept.pop("card", None)
    if not makes_a_site(app):
        return
    inputs = card_inputs(app)
    if inputs is None:
        return
    target = Path(app.outdir) / CARD
    # Set again only when what it says, its design or the compiler changed: a build with
    # nothing changed compiles nothing (the memo lives beside the doctrees, as the downloads').
    memo = Path(app.doctreedir) / "edition" / "card.sha256"
    digest = hashlib.sha256(
        json.dumps([inputs, TEMPLATE.read_text("utf-8"), version("typst")]).encode("utf-8")
    ).hexdigest()
    if target.is_file() and text_or_empty(memo) == digest:
        kept["card"] = CARD
        return
    try:
        image = typst.compile(
            str(TEMPLATE),
            format="png",
            ppi=72,
            sys_inputs=inputs,
            font_paths=[],
            ignore_system_fonts=True,  # the bundled fonts, as the PDF's
        )
    except RuntimeError as error:  # Typst's own message: the pages go without a card
        logger.warning(
            f"the link-preview card could not be set: {error}", type="edition", subtype="card"
        )
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.is_file() or target.read_bytes() != image:
        target.write_bytes(image)
    memo.parent.mkdir(parents=True, exist_ok=True)
    memo.write_text(digest, "utf-8")
    kept["card"] = CARD


def setup(app: Any) -> None:
    app.connect("write-started", lambda app, builder: write_card(app))

"""'Cite this' on the pages: the edition's citation on every text page, each paragraph's
pinpoint citation (a details element: readable without JavaScript), and the citation records
(BibTeX, RIS, CSL-JSON) written beside the site. Placeholders are made when a page is read and
filled in when it is written, once the builder can say what each page's URL is."""

from __future__ import annotations

import json
import posixpath
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from edition.core import citation
from edition.core.node import EVERYWHERE, PRINT_AND_TEXT, EditionNode
from edition.core.tei import TeiError
from edition.ext.metadata import source_path
from edition.ext.published import (
    FOLDER,
    DownloadLine,
    makes_a_site,
    pdf_folder,
    pdf_pages,
    unit_index_name,
)
from edition.page.apparatus import ParagraphLocus, texts
from edition.page.pagelinks import link_to_anchor

logger = logging.getLogger(__name__)
RECORDS_DIR = "_cite"
RECORD_NAMES = {"bib": "BibTeX", "ris": "RIS", "json": "CSL-JSON"}


class CiteEdition(EditionNode, nodes.General, nodes.Element):
    """Placeholder: the 'Cite this edition' block of a text page (the edition_source's).
    The web's; the PDF's title page has the citation."""

    omitted_in = EVERYWHERE


class CiteParagraph(EditionNode, nodes.General, nodes.Element):
    """Placeholder, then the filled block: a paragraph's citations. Attributes: 'text' (the
    division id), 'locus' ('§3'), 'anchor' (its HTML id on this page)."""

    omitted_in = EVERYWHERE


class CiteDetails(EditionNode, nodes.General, nodes.Element):
    """The filled per-paragraph block; rendered as <details> on the web, nowhere else."""

    omitted_in = PRINT_AND_TEXT

    @staticmethod
    def visit_html(translator: Any, node: nodes.Element) -> None:
        translator.body.append(translator.starttag(node, "details", ""))
        translator.body.append(translator.starttag(nodes.Element(), "summary", ""))
        translator.body.append(translator.encode(str(node["summary"])) + "</summary>")

    @staticmethod
    def depart_html(translator: Any, node: nodes.Element) -> None:
        translator.body.append("</details>")


class RecordLink(EditionNode, nodes.reference):
    """A link to a citation record beside the site ('record': its path under the site root)."""


def base_url(app: Any) -> str:
    base = str(app.config.html_baseurl or "")
    return base if not base or base.endswith("/") else base + "/"


def page_url(app: Any, docname: str, anchor: str = "") -> str:
    """Absolute with html_baseurl, else relative to the site's root."""
    target = str(app.builder.get_target_uri(docname))
    if target.startswith("#"):  # singlehtml: every page is a part of the root's one page
        single = f"{app.config.root_doc}{getattr(app.builder, 'out_suffix', '.html')}"
        target = single if anchor else single + target
    return base_url(app) + target + (f"#{anchor}" if anchor else "")


def _urls(app: Any, tei_key: str, document: Any) -> dict[str, str]:
    """The URL of the edition (its root page) and of each text (where the canonical view
    shows it), for the citations."""
    anchors = app.env.domains["edition"].anchors
    urls = {"": page_url(app, app.config.root_doc)}
    for identifier, _title, _date, _certain in citation.texts(document):
        found = anchors.get(f"{tei_key}|id|{identifier}")
        if found is not None:
            urls[identifier] = page_url(app, found[0], found[1])
    return urls


def works_of(app: Any) -> tuple[str, dict[str, citation.Work]] | None:
    """The works to cite, from edition_source (once per build)."""
    # Per builder: the URLs are the builder's (the PDF is written by the same application).
    kept, name = app.env.domains["edition"].this_build, f"citation_works {app.builder.name}"
    cached = kept.get(name)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    path = source_path(app.confdir, app.config)
    if path is None:
        return None
    try:
        document = app.env.domains["edition"].converted(path).document
    except TeiError:
        return None  # the pages report it
    key = Path(posixpath.relpath(path.as_posix(), Path(app.srcdir).resolve().as_posix())).as_posix()
    result = (key, citation.works(document, _urls(app, key, document)))
    kept[name] = result
    return result


def write_cite_files(app: Any) -> None:
    """The records and the index of citable units, beside the pages: once per build, when the
    first page that lists or links them is written (they need the pages' URLs)."""
    kept = app.env.domains["edition"].this_build
    if not makes_a_site(app) or kept.get("cite_files"):
        return
    found = works_of(app)
    path = source_path(app.confdir, app.config)
    if found is None or path is None:
        return
    kept["cite_files"] = True
    write_records(app, found[1])
    if pdf_folder(app) is None:  # else once the PDF gives its pages (finish_unit_index)
        write_unit_index(app, found[0], path)


def finish_unit_index(app: Any) -> None:
    """The index of citable units of a build that makes its PDF beside the pages: written
    when the PDF is done, with the page of each paragraph, where the site has cite files."""
    found = works_of(app)
    path = source_path(app.confdir, app.config)
    written = app.env.domains["edition"].this_build.get("cite_files")
    if found is not None and path is not None and written:
        write_unit_index(app, found[0], path)


def write_unit_index(app: Any, key: str, path: Path) -> None:
    """Every citable unit (each paragraph of each text): its id, text, § locus, URL in the web
    edition and page in the PDF, as JSON that a tool resolves without reading the pages."""
    domain = app.env.domains["edition"]
    converted = domain.converted(path)
    pages = pdf_pages(app)
    titles = dict((i, t) for i, t, _d, _c in citation.texts(converted.document))
    pdf = f"{FOLDER}/{app.config.edition_pdf_name}.pdf"
    units = []
    divisions = _divisions(converted)
    for identifier, locus in converted.loci.items():
        place = domain.anchors.get(f"{key}|id|{identifier}")
        division = next((d for d, inside in divisions if identifier in inside), "")
        unit: dict[str, Any] = {
            "id": identifier,
            "text": converted.names.get(identifier, ""),
            "title": titles.get(division, ""),
            "locus": locus,
            "label": f"{converted.names.get(identifier, '')} {locus}".strip(),
            "url": page_url(app, *place) if place else None,
            "pdf_page": pages.get(identifier),
        }
        if unit["pdf_page"]:
            unit["pdf_url"] = f"{base_url(app)}{pdf}#page={unit['pdf_page']}"
        units.append(unit)
    folder = Path(app.outdir) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    index = {"tei": key, "units": units}
    (folder / unit_index_name(app)).write_text(
        json.dumps(index, ensure_ascii=False, indent=1) + "\n", "utf-8"
    )


def _divisions(converted: Any) -> list[tuple[str, set[str]]]:
    """(division id, the ids within it) of each text."""
    return [
        (
            str(d.get("tei_id", "")),
            {str(n["tei_id"]) for n in d.findall(nodes.Element) if "tei_id" in n},
        )
        for d in texts(converted.tree)
    ]


def _formatted(text: str) -> list[nodes.Node]:
    return [
        nodes.emphasis("", part) if italic else nodes.Text(part)
        for part, italic in citation.segments(text)
    ]


def _linked(content: list[nodes.Node], url: str, href: str) -> list[nodes.Node]:
    """The work's URL in a citation as a link. Text a reader copies must be a whole address:
    edition.js writes a relative one out in full (the link works without it)."""
    if not url:
        return content
    result: list[nodes.Node] = []
    for node in content:
        if isinstance(node, nodes.Text) and url in node:
            before, _, after = str(node).partition(url)
            link = nodes.reference("", url, refuri=href, classes=["tei-cite-url"])
            result += [nodes.Text(before), link, nodes.Text(after)]
        else:
            result.append(node)
    return result


def _style_paragraphs(work: citation.Work, locus: str, href: str = "") -> list[nodes.Node]:
    """The work in each style; href: where its URL leads from the page that shows it."""
    paragraphs: list[nodes.Node] = []
    for name, style in citation.STYLES.items():
        content = _linked(_formatted(style(work, locus)), work.url, href or work.url)
        paragraphs.append(
            nodes.paragraph(
                "",
                "",
                nodes.strong("", name),
                nodes.Text(": "),
                *content,
                classes=["tei-cite-style", f"tei-cite-{name.lower()}"],
            )
        )
    return paragraphs


def _record_links(work: citation.Work, label: str) -> nodes.paragraph:
    links: list[nodes.Node] = [nodes.Text(f"{label}: ")]
    for extension, name in RECORD_NAMES.items():
        if len(links) > 1:
            links.append(nodes.Text(" · "))
        links.append(RecordLink("", name, record=f"{RECORDS_DIR}/{work.key}.{extension}"))
    return nodes.paragraph("", "", *links, classes=["tei-cite-records"])


def _locus_before(placeholder: nodes.Element) -> nodes.Element | None:
    """The § locus of the paragraph a citation placeholder follows."""
    parent = placeholder.parent
    index = parent.index(placeholder)
    if index == 0:
        return None
    return next(iter(parent[index - 1].findall(ParagraphLocus)), None)


def fill_citations(app: Any, doctree: nodes.document, docname: str) -> None:
    """Replace the placeholders of a page by its citations (doctree-resolved)."""
    placeholders = list(doctree.findall(CiteEdition)) + list(doctree.findall(CiteParagraph))
    if not placeholders:
        return
    # The web's: print carries the edition's citation on its title page, plain text none.
    found = works_of(app) if makes_a_site(app) else None
    write_cite_files(app)
    if found is None:
        for placeholder in placeholders:
            placeholder.parent.remove(placeholder)
        return
    _key, works = found
    here = app.builder.get_target_uri(docname)

    def href(url: str) -> str:
        if "://" in url or not url:
            return url
        # relative_uri drops the fragment, and with it the paragraph a citation pins.
        path, mark, fragment = url.partition("#")
        return relative_uri(here, path) + mark + fragment

    for block in doctree.findall(CiteEdition):
        edition = works[""]
        content = _style_paragraphs(edition, "", href(edition.url))
        content.append(_record_links(edition, "The edition as a record"))
        for identifier, text_work in works.items():
            if identifier:
                content.append(
                    _record_links(text_work, f"\u201c{text_work.text}\u201d as a record")
                )
        # Folded: a reader comes to read, and on a phone the block filled a screen and a half
        # before the text. The download links follow (filled by downloads.fill).
        details = CiteDetails("", *content, DownloadLine(), classes=["tei-cite"])
        details["summary"] = "Cite this edition · Downloads"
        block.replace_self(details)
    anchors = app.env.domains["edition"].anchors
    for placeholder in list(doctree.findall(CiteParagraph)):
        work = works.get(str(placeholder["text"]))
        if work is None:
            placeholder.parent.remove(placeholder)
            continue
        locus = str(placeholder["locus"])
        if placeholder.get("listed"):  # an entry of the citations page: the canonical place
            place = anchors.get(f"{_key}|id|{placeholder['paragraph']}")
            url = page_url(app, *place) if place else ""
        else:
            url = page_url(app, docname, str(placeholder["anchor"]))
        pinned = citation.Work(**{**work.__dict__, "url": url})
        styles = _style_paragraphs(pinned, locus, href(url))
        listing = anchors.get(f"{_key}|cite|{placeholder.get('paragraph', '')}")
        if placeholder.get("listed"):
            placeholder.replace_self(styles)
            continue
        paragraph_locus = _locus_before(placeholder)
        if listing is not None and paragraph_locus is not None:
            # The paragraph's entry on the citations page, where every style is, opened from
            # its § (edition.js): a "Cite §N" line after each of 35 paragraphs was clutter, and
            # the styles in place would break the reading page's weight limit (150 KB).
            page = app.builder.get_relative_uri(docname, listing[0])
            paragraph_locus["cite"] = link_to_anchor(page, listing[1])
            placeholder.parent.remove(placeholder)
            continue
        details = CiteDetails("", *styles, classes=["tei-cite-paragraph"])
        details["summary"] = f"Cite {locus}"
        placeholder.replace_self(details)
    for link in doctree.findall(RecordLink):
        link["refuri"] = relative_uri(app.builder.get_target_uri(docname), str(link["record"]))


def write_records(app: Any, works: dict[str, citation.Work]) -> None:
    """BibTeX, RIS and CSL-JSON of the edition and each text."""
    folder = Path(app.outdir) / RECORDS_DIR
    folder.mkdir(exist_ok=True)
    for work in works.values():
        for extension, record in citation.RECORDS.items():
            (folder / f"{work.key}.{extension}").write_text(record(work), encoding="utf-8")


def warn_without_base(app: Any) -> None:
    if makes_a_site(app) and app.config.edition_source and not app.config.html_baseurl:
        logger.warning(
            "html_baseurl is not set in conf.py: citations give links relative to the site, "
            "which a reader cannot follow from a printed page. Set it to the site's address",
            type="edition",
            subtype="baseurl",
        )


def setup(app: Any) -> None:
    app.connect("doctree-resolved", fill_citations)
    app.connect("builder-inited", warn_without_base)

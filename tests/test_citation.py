"""'Cite this': the records read by independent parsers (bibtexparser, rispy, json) field by
field against the TEI header, the styles on the pages, a pinpoint for every paragraph."""

from __future__ import annotations

import json
import shutil
import struct
from collections.abc import Iterator
from pathlib import Path

import bibtexparser
import pytest
import rispy
from lxml import etree, html
from sphinx.testing.util import SphinxTestApp

from edition.core import citation, header, tei

from .helpers import EDITION_TEI, ROOT, edition_site

BASE = "https://example.org/kropotkin-1919/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    # As `edition build` makes it: the PDF beside the pages.
    conf = f"\nhtml_baseurl = {BASE!r}\nedition_pdf_alongside = '../pdf'\n"
    with edition_site(tmp_path_factory.mktemp("cite"), conf) as out:
        yield out


@pytest.fixture(scope="module")
def page() -> header.TitlePage:
    return header.title_page(tei.load(EDITION_TEI))


def _texts() -> dict[str, tuple[str, str, bool]]:
    return {
        i: (title, date, certain)
        for i, title, date, certain in citation.texts(tei.load(EDITION_TEI))
    }


def test_bibtex_records_read_back_field_by_field(site: Path, page: header.TitlePage) -> None:
    for identifier, (title, date, certain) in _texts().items():
        library = bibtexparser.parse_string(
            (site / "_cite" / f"kropotkin-1919-{identifier}.bib").read_text("utf-8")
        )
        assert not library.failed_blocks
        (entry,) = library.entries
        fields = {name: str(f.value).strip("{}") for name, f in entry.fields_dict.items()}
        assert entry.entry_type == "incollection"
        assert fields["author"] == "Kropotkin, Peter"
        assert fields["title"] == title
        assert fields["booktitle"] == f"{page.title}: {page.subtitle}"
        assert fields["editor"] == page.editors[0]
        # No `version`: biber's data model refuses it on @book and @incollection.
        assert "version" not in fields
        assert (fields["edition"], fields["date"]) == (f"Version {page.version}", page.version_iso)
        assert fields["year"] == page.version_iso[:4]
        assert fields["origdate"] == date + ("" if certain else "?")  # EDTF's uncertain
        assert fields["url"].startswith(BASE) and fields["url"].endswith(f"#{identifier}")
    edition = bibtexparser.parse_string((site / "_cite" / "kropotkin-1919.bib").read_text("utf-8"))
    assert edition.entries[0].entry_type == "book"
    assert "version" not in edition.entries[0].fields_dict


def test_ris_records_read_back_field_by_field(site: Path, page: header.TitlePage) -> None:
    for identifier, (title, date, certain) in _texts().items():
        (record,) = rispy.loads((site / "_cite" / f"kropotkin-1919-{identifier}.ris").read_text())
        assert record["type_of_reference"] == "CHAP"
        assert record["authors"] == ["Kropotkin, Peter"]
        assert record["title"] == title
        assert record["secondary_title"] == f"{page.title}: {page.subtitle}"
        assert record["secondary_authors"] == [page.editors[0]]
        assert record["edition"] == f"Version {page.version}"
        assert record["year"] == page.version_iso[:4]
        assert record["date"] == page.version_iso.replace("-", "/")
        # RIS has no original date (OP is read as the original title): a note says it.
        assert "original_publication" not in record
        doubt = "" if certain else " (uncertain)"
        assert record["notes"] == [f"Original date: {date}{doubt}."]
        assert record["urls"] == [f"{BASE}reading.html#{identifier}"]
    # A book's own editor is A3 (to Zotero, a book's A2 is its series editor).
    (book,) = rispy.loads((site / "_cite" / "kropotkin-1919.ris").read_text())
    assert book["type_of_reference"] == "BOOK" and "secondary_authors" not in book
    assert book["tertiary_authors"] == [page.editors[0]]


def test_csl_json_records_read_back_field_by_field(site: Path, page: header.TitlePage) -> None:
    for identifier, (title, date, certain) in _texts().items():
        (item,) = json.loads((site / "_cite" / f"kropotkin-1919-{identifier}.json").read_text())
        assert item["type"] == "chapter" and item["title"] == title
        assert item["author"] == [{"family": "Kropotkin", "given": "Peter"}]
        assert item["editor"] == [{"literal": page.editors[0]}]
        assert item["container-title"] == f"{page.title}: {page.subtitle}"
        # CSL's `version` is a program's: Zotero would file the edition as software.
        assert "version" not in item and item["edition"] == f"Version {page.version}"
        assert item["issued"]["date-parts"][0] == [int(p) for p in page.version_iso.split("-")]
        assert item["original-date"]["date-parts"][0] == [int(p) for p in date.split("-")]
        assert item["original-date"].get("circa", False) is not certain


@pytest.mark.parametrize("name", ["reading", "diplomatic", "synoptic"])
def test_every_text_page_has_the_editions_citation_and_its_records(site: Path, name: str) -> None:
    document = html.parse(str(site / f"{name}.html"))
    (block,) = document.xpath('//details[contains(concat(" ", @class, " "), " tei-cite ")]')
    assert block.xpath("string(summary)") == "Cite this edition · Downloads"
    styles = [s.text_content() for s in block.xpath('.//p[contains(@class, "tei-cite-style")]')]
    assert [s.split(":", 1)[0] for s in styles] == ["Chicago", "MLA", "APA"]
    chicago = styles[0]
    # Names in full (never initialised by a processor), the editor as a body, version, URL.
    assert chicago.startswith("Chicago: Peter Kropotkin, Message to the Workers")
    # A body edits ("edited by the ..."), and the publisher it also is is not said again.
    assert "edited by the Kropotkin 1919 Edition project, version 0.3.0 (1 December 2026)" in (
        chicago
    )
    assert "Edition project, 1 Dec. 2026" not in styles[1] and "Project. http" not in styles[2]
    # Chicago and MLA set an English title in headline style; APA keeps the header's.
    headline = "(1920): A Critical Digital Edition of the English Text"
    assert headline in styles[0] and headline in styles[1] and headline not in styles[2]
    assert chicago.endswith(f"{BASE}index.html.")
    assert block.xpath(".//em")  # the edition's title in italics
    assert block.xpath('.//a[contains(@class, "tei-cite-url")]/@href')[0] == f"{BASE}index.html"
    for link in block.xpath('.//a[not(contains(@class, "tei-cite-url"))]/@href'):
        assert (site / link).is_file(), link  # every record and download link resolves


def test_every_paragraph_can_be_cited_with_its_pinpoint(site: Path) -> None:
    """Each paragraph's § is its permalink and names its entry on the citations page (opened
    at the locus by edition.js), which gives every style with the pinpoint and the
    paragraph's URL; no "Cite §N" line follows the paragraphs."""
    document = html.parse(str(site / "reading.html"))
    listing = html.parse(str(site / "cite.html"))
    loci = document.xpath('//p[@id]/a[contains(@class, "tei-locus")]')
    assert len(loci) == 35
    assert not document.xpath('//*[contains(@class, "tei-cite-link")]')
    for locus in loci:
        paragraph = locus.getparent()
        identifier = paragraph.get("id")
        assert locus.get("href") == f"#{identifier}"
        assert locus.get("data-cite") == f"cite.html#cite-{identifier}"
        (entry,) = listing.xpath(f'//*[@id="cite-{identifier}"]')
        styles = entry.xpath("p[contains(@class, 'tei-cite-style')]")
        chicago, mla, apa = (p.text_content() for p in styles)
        url = f"{BASE}reading.html#{identifier}"
        number = locus.text.removeprefix("§")
        assert f", {locus.text}, {url}." in chicago and f", par. {number}, {url}." in mla
        assert f"para. {locus.text[1:]})" in apa and url in apa
    first = listing.xpath('//*[@id="cite-msg-p01"]/p[contains(@class, "tei-cite-chicago")]')[0]
    assert (
        "\u201cMessage to the Workers of the Western World,\u201d [1920?]" in first.text_content()
    )


def test_citations_are_not_printed_nor_in_plain_text(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(ROOT / "docs", source / "docs")
    shutil.copytree(ROOT / "tei", source / "tei")
    app = SphinxTestApp("text", srcdir=source / "docs", builddir=tmp_path / "out")
    try:
        app.build()
        reading = (Path(app.outdir) / "reading.txt").read_text("utf-8")
        assert "Cite this edition" not in reading and "Cite §1" not in reading
    finally:
        app.cleanup()


def test_without_a_base_url_the_build_warns_once_and_links_stay_relative(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "letter.xml").write_bytes(EDITION_TEI.read_bytes())
    (source / "conf.py").write_text("extensions = ['edition']\nedition_source = 'letter.xml'\n")
    (source / "index.rst").write_text("Test\n====\n\n.. toctree::\n\n   a\n   b\n")
    for name in ("a", "b"):
        (source / f"{name}.rst").write_text(f"{name}\n=\n\n.. tei-edition:: letter.xml\n")
    app = SphinxTestApp("html", srcdir=source, builddir=tmp_path / "out")
    try:
        app.build()
        assert app.warning.getvalue().count("[edition.baseurl]") == 1
        page = html.parse(str(Path(app.outdir) / "a.html"))
        chicago = page.xpath('//p[contains(@class, "tei-cite-chicago")]')[0].text_content()
        assert chicago.endswith(", index.html.")
    finally:
        app.cleanup()


def _head(site: Path, name: str) -> tuple[str, html.HtmlElement]:
    text = (site / f"{name}.html").read_text("utf-8")
    return text, html.fromstring(text)


@pytest.mark.parametrize("name", ["index", "reading", "persons", "downloads"])
def test_every_page_head_carries_what_reference_managers_read(
    site: Path, page: header.TitlePage, name: str
) -> None:
    import extruct

    text, document = _head(site, name)
    url = f"{BASE}{name}.html"

    def meta(key: str, attribute: str = "name") -> list[str]:
        return document.xpath(f'//head/meta[@{attribute}="{key}"]/@content')

    title = f"{page.title}: {page.subtitle}"
    # Highwire tags, read with lxml (extruct does not read them; Zotero does).
    assert meta("citation_title") == [title]
    assert meta("citation_author") == ["Kropotkin, Peter"]
    assert meta("citation_editor") == [page.editors[0]]
    assert meta("citation_publication_date") == [page.version_iso.replace("-", "/")]
    assert meta("citation_public_url") == [url]
    pdf = meta("citation_pdf_url")[0]
    assert pdf == f"{BASE}downloads/kropotkin-1919.pdf"
    assert (site / pdf.removeprefix(BASE)).is_file()
    (licence,) = document.xpath('//head/link[@rel="license"]/@href')
    assert licence == page.licence_url
    (tei_link,) = document.xpath('//head/link[@rel="alternate"][@type="application/tei+xml"]')
    assert (site / tei_link.get("href").removeprefix(BASE)).is_file()
    assert document.xpath('//head/link[@rel="canonical"]/@href') == [url]
    found = extruct.extract(
        text, base_url=url, syntaxes=["json-ld", "opengraph", "dublincore"], uniform=True
    )
    (data,) = found["json-ld"]
    nodes_by_type = {node["@type"]: node for node in data["@graph"]}
    book = nodes_by_type["Book"]
    assert (book["name"], book["version"]) == (title, page.version)
    assert book["@id"] == f"{BASE}index.html#edition" and book["url"] == f"{BASE}index.html"
    assert book["author"][0] == {
        "@type": "Person",
        "name": "Peter Kropotkin",
        "familyName": "Kropotkin",
        "givenName": "Peter",
    }
    # schema.org's editor is a Person: the project edits as a contributor in that role.
    assert "editor" not in book and book["contributor"]["roleName"] == "editor"
    assert book["contributor"]["contributor"]["name"] == page.editors[0]
    assert book["license"] == page.licence_url
    chapters = [node for node in data["@graph"] if node["@type"] == "Chapter"]
    assert [c["name"] for c in chapters] == [t for t, _, _ in _texts().values()]
    assert [part["@id"] for part in book["hasPart"]] == [c["@id"] for c in chapters]
    for chapter in chapters:
        assert chapter["isPartOf"] == {"@id": book["@id"]} and chapter["inLanguage"] == "en"
        assert chapter["@id"].startswith(f"{BASE}reading.html#")
    assert nodes_by_type["WebPage"]["@id"] == url
    (graph,) = found["opengraph"]
    assert (graph["og:title"], graph["og:url"], graph["@type"]) == (title, url, "book")
    # What OpenGraph requires, the image among it: the title card, 1200 x 630.
    card = document.xpath('//head/meta[@property="og:image"]/@content')[0]
    assert card == f"{BASE}_static/edition-card.png"
    assert (site / card.removeprefix(BASE)).read_bytes()[16:24] == struct.pack(">II", 1200, 630)
    elements = {e["name"]: e["content"] for e in found["dublincore"][0]["elements"]}
    assert elements["DC.title"] == title and elements["DC.creator"] == "Kropotkin, Peter"
    assert elements["DC.date"] == page.version_iso and elements["DC.identifier"] == url


def test_every_paragraph_is_a_unit_of_the_index_an_anchor_and_a_pdf_locus(site: Path) -> None:
    """The index of citable units (downloads/...-citable.json) lists each paragraph of the TEI
    with the § locus, a URL that lands on it and the PDF page that prints it."""
    import subprocess

    from edition.core.tei import XML_ID

    index = json.loads((site / "downloads" / "kropotkin-1919-citable.json").read_text("utf-8"))
    units = {unit["id"]: unit for unit in index["units"]}
    document = tei.load(EDITION_TEI)
    paragraphs = [
        p.get(XML_ID)
        for p in document.root.iterfind(".//tei:body/tei:div/tei:p", {"tei": tei.TEI_NS})
        if p.get(XML_ID)
    ]
    assert list(units) == paragraphs
    pages = {}
    for identifier in paragraphs:
        unit = units[identifier]
        page_name, fragment = unit["url"].removeprefix(BASE).split("#")
        assert fragment == identifier
        target = html.parse(str(site / page_name)).xpath(f'//p[@id="{identifier}"]')
        assert (
            target and target[0].xpath('string(a[contains(@class, "tei-locus")])') == unit["locus"]
        )
        assert unit["label"] == f"{unit['text']} {unit['locus']}"
        assert unit["pdf_url"] == f"{BASE}downloads/kropotkin-1919.pdf#page={unit['pdf_page']}"
        pages.setdefault(unit["pdf_page"], []).append(unit)
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils, installed by .ci/run) is not here")
    pdf = site / "downloads" / "kropotkin-1919.pdf"
    for page, on_page in pages.items():
        printed = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for unit in on_page:
            assert unit["locus"] in printed, (unit["id"], page)


def test_a_translator_the_header_names_is_cited_in_every_style_and_record() -> None:
    """The edition's texts name no translator (the TEI says none is known); a letter whose
    header does gets one everywhere, and its editors list stays without them."""
    source = EDITION_TEI.read_text("utf-8").replace(
        '<editor xml:id="ed">',
        '<editor role="translator"><persName><forename>Ann</forename>'
        '<surname>Example</surname></persName></editor>\n        <editor xml:id="ed">',
    )
    document = tei.load("translated.xml", source.encode("utf-8"))
    assert header.title_page(document).editors == ("Kropotkin 1919 Edition project",)
    work = citation.works(document, {})["message"]
    assert work.translators == ("Ann Example",)
    assert "trans. Ann Example" in citation.chicago(work)
    assert "translated by Ann Example," in citation.mla(work)
    assert "(Ed.), Ann Example (Trans.)," in citation.apa(work)
    entry = bibtexparser.parse_string(citation.bibtex(work)).entries[0]
    assert entry.fields_dict["translator"].value.strip("{}") == "Ann Example"
    assert rispy.loads(citation.ris(work))[0]["subsidiary_authors"] == ["Ann Example"]
    assert json.loads(citation.csl_json(work))[0]["translator"] == [{"literal": "Ann Example"}]


def test_a_page_showing_one_text_is_a_book_section_of_the_edition(tmp_path: Path) -> None:
    """What Zotero saves as a book section: the text's title in the edition's."""
    source = tmp_path / "src"
    source.mkdir()
    letter = (ROOT / "tests" / "fixtures" / "letter.xml").read_text("utf-8")
    letter = letter.replace(
        "<titleStmt><title>A letter from another project</title></titleStmt>",
        "<titleStmt><title>Letters of another project</title>"
        '<title type="part" corresp="#one">A letter to Dr Smith</title>'
        "<author><persName><forename>Anna</forename><surname>Writer</surname></persName>"
        "</author><editor>The Letters project</editor></titleStmt>"
        '<editionStmt><edition n="1.0">Version 1.0, <date when="2026-11-30">30 November'
        " 2026</date></edition></editionStmt>",
    ).replace('<div type="letter">', '<div type="letter" xml:id="one" xml:lang="fr">')
    (source / "letter.xml").write_text(letter, encoding="utf-8")
    (source / "conf.py").write_text(
        "extensions = ['edition']\nedition_source = 'letter.xml'\n"
        "html_baseurl = 'https://example.org/letters/'\nedition_downloads = False\n"
        "language = 'de'\n"  # the site's interface: never the text's language
    )
    (source / "index.rst").write_text("Letters\n=======\n\n.. toctree::\n\n   one\n")
    (source / "one.rst").write_text("One\n===\n\n.. tei-edition:: letter.xml\n")
    app = SphinxTestApp("html", srcdir=source, builddir=tmp_path / "out")
    try:
        app.build()
        # Another app alive in this process (the module's site, or a session build on this
        # worker) has registered Sphinx's own nodes: that warning is the tests', not ours.
        said = app.warning.getvalue().splitlines()
        assert [line for line in said if "is already registered" not in line] == []
        page = html.parse(str(Path(app.outdir) / "one.html"))

        def meta(key: str) -> list[str]:
            return page.xpath(f'//head/meta[@name="{key}"]/@content')

        assert meta("citation_title") == ["A letter to Dr Smith"]
        assert meta("citation_inbook_title") == ["Letters of another project"]
        assert meta("citation_author") == ["Writer, Anna"]
        assert meta("citation_editor") == ["The Letters project"]
        (data,) = page.xpath('//script[@type="application/ld+json"]/text()')
        graph = {node["@type"]: node for node in json.loads(data)["@graph"]}
        chapter, book, webpage = graph["Chapter"], graph["Book"], graph["WebPage"]
        assert (
            chapter["isPartOf"] == {"@id": book["@id"]}
            and chapter["name"] == meta("citation_title")[0]
        )
        assert webpage["about"] == [{"@id": chapter["@id"]}]
        # The letter's language, as its xml:lang says, in the head and every record.
        assert meta("citation_language") == ["fr"] and meta("DC.language") == ["fr"]
        assert chapter["inLanguage"] == "fr"
        records = Path(app.outdir) / "_cite"
        (item,) = json.loads(next(records.glob("*-one.json")).read_text("utf-8"))
        assert item["language"] == "fr"
        (record,) = rispy.loads(next(records.glob("*-one.ris")).read_text("utf-8"))
        assert record["language"] == "fr"
        (entry,) = bibtexparser.parse_string(
            next(records.glob("*-one.bib")).read_text("utf-8")
        ).entries
        assert entry.fields_dict["langid"].value == "french"
        index = html.parse(str(Path(app.outdir) / "index.html"))
        assert not index.xpath('//head/meta[@name="citation_inbook_title"]')
    finally:
        app.cleanup()


@pytest.mark.parametrize(
    ("attributes", "expected"),
    [
        ({"when": "1920-11-23"}, ("1920-11-23", True)),
        ({"when": "1919-04-28", "cert": "medium"}, ("1919-04-28", False)),
        ({"notAfter": "1920-06-10"}, ("1920", False)),  # known to exist by then: 1920?
        ({"notBefore": "1920-01-01", "notAfter": "1920-06-10"}, ("1920", True)),
        ({"notBefore": "1919-11-09", "notAfter": "1920-06-10"}, ("1920", False)),
        ({"notBefore": "1920-03"}, ("1920", False)),
        ({}, ("", False)),
    ],
)
def test_a_text_known_by_the_bounds_of_its_date_is_cited_by_year(
    attributes: dict[str, str], expected: tuple[str, bool]
) -> None:
    """The letter was handed over on 10 June 1920 and written before: its records give it the
    year 1920, marked uncertain, never that day as the day it was written."""
    date = etree.Element("{http://www.tei-c.org/ns/1.0}date", attributes)
    assert citation._text_date(date) == expected


def test_every_page_describes_the_same_one_book_as_linked_data(site: Path) -> None:
    """Read as a crawler merges them (rdflib's JSON-LD reader, each page at its own URL), the
    site's pages describe one Book, with each text a Chapter of it, not a book a page. The
    schema.org context is given as its vocabulary (there is no network here)."""
    import rdflib
    from rdflib.namespace import RDF

    schema = rdflib.Namespace("https://schema.org/")
    merged = rdflib.Graph()
    pages = sorted(site.glob("*.html"))
    assert len(pages) > 10
    for page in pages:
        text = page.read_text("utf-8")
        (script,) = html.fromstring(text).xpath('//script[@type="application/ld+json"]/text()')
        data = json.loads(script)
        data["@context"] = {"@vocab": str(schema)}
        merged.parse(data=json.dumps(data), format="json-ld", base=f"{BASE}{page.name}")
    books = set(merged.subjects(RDF.type, schema.Book))
    assert books == {rdflib.URIRef(f"{BASE}index.html#edition")}
    (book,) = books
    chapters = set(merged.subjects(RDF.type, schema.Chapter))
    assert len(chapters) == 2
    assert set(merged.objects(book, schema.hasPart)) == chapters
    assert all(set(merged.objects(c, schema.isPartOf)) == {book} for c in chapters)
    assert len(set(merged.subjects(RDF.type, schema.WebPage))) == len(pages)


@pytest.mark.parametrize(
    ("title", "headline"),
    [
        ("Message to the workers of the world", "Message to the Workers of the World"),
        ("What to do?", "What to Do?"),
        ("the state: its historic role", "The State: Its Historic Role"),
        ("co-operatives in a self-governing commune", "Co-operatives in a Self-Governing Commune"),
        ("where to go from here", "Where to Go from Here"),
        ("what it stands for: a reply", "What It Stands For: A Reply"),
        ("the TEI and McCarthy in 1920", "The TEI and McCarthy in 1920"),
        ("a letter (Dmitrov, 1920) to “the workers”", "A Letter (Dmitrov, 1920) to “the Workers”"),
    ],
)  # fmt: skip
def test_headline_style_is_chicagos_and_mlas(title: str, headline: str) -> None:
    assert citation.headline_case(title) == headline


def test_a_title_in_another_language_keeps_its_capitalisation() -> None:
    document = tei.load(EDITION_TEI)
    work = citation.works(document, {})["message"]
    french = citation.Work(
        **{**work.__dict__, "text": "Une lettre aux travailleurs", "language": "fr"}
    )
    assert "\u201cUne lettre aux travailleurs,\u201d" in citation.chicago(french)
    assert "\u201cUne lettre aux travailleurs.\u201d" in citation.mla(french)


# The readers reference managers use, where this machine has them: citeproc-js with the
# official CSL styles (Debian's citation-style-language-styles and -locales), Citation.js
# (npm, installed by the test into a cache of its own, from tests/consumers/package-lock.json)
# and biber's data-model check (Debian's biber). .ci/run installs the Debian packages.
CSL = Path("/usr/share/citation-style-language")
CONSUMERS = ROOT / "tests" / "consumers"


@pytest.fixture(scope="session")
def node_readers() -> Path:
    """tests/consumers/read.mjs with its npm packages installed beside it, in the user's cache
    (one install per lock file, shared by the suite's workers)."""
    import fcntl
    import hashlib
    import os
    import subprocess

    node, npm = shutil.which("node"), shutil.which("npm")
    if not (node and npm):
        pytest.skip("Node.js and npm are not here (Debian's nodejs and npm)")
    lock = (CONSUMERS / "package-lock.json").read_bytes()
    cache = Path(os.environ.get("EDITION_CACHE_DIR") or Path.home() / ".cache" / "tei-edition")
    folder = cache / f"consumers-{hashlib.sha256(lock).hexdigest()[:16]}"
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / ".lock").open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        if not (folder / "node_modules" / ".package-lock.json").is_file():
            for name in ("package.json", "package-lock.json"):
                shutil.copy(CONSUMERS / name, folder / name)
            done = subprocess.run(
                [npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"],
                cwd=folder,
                capture_output=True,
                text=True,
                check=False,
            )
            if done.returncode != 0:
                pytest.skip(f"npm ci failed (no registry?): {done.stderr[-300:]}")
    shutil.copy(CONSUMERS / "read.mjs", folder / "read.mjs")
    return folder / "read.mjs"


def _node(script: Path, request: dict[str, object]) -> dict[str, object]:
    import subprocess

    done = subprocess.run(
        ["node", str(script)], input=json.dumps(request), capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def _official(script: Path, items: list[object], style: str, locator: str) -> dict[str, object]:
    if not (CSL / "styles" / f"{style}.csl").is_file():
        pytest.skip(
            f"{CSL}/styles/{style}.csl not found: install Debian's "
            "citation-style-language-styles and -locales (bash .ci/run does)"
        )
    return _node(
        script,
        {"cite": items, "style": str(CSL / "styles" / f"{style}.csl"),
         "locales": str(CSL / "locales"), "locator": locator},
    )  # fmt: skip


def _page_styles(site: Path, identifier: str) -> dict[str, str]:
    listing = html.parse(str(site / "cite.html"))
    (entry,) = listing.xpath(f'//*[@id="cite-{identifier}"]')
    return {
        p.get("class").split()[-1].removeprefix("tei-cite-"): p.text_content().split(": ", 1)[1]
        for p in entry.xpath("p[contains(@class, 'tei-cite-style')]")
    }


def test_citeproc_with_the_official_styles_reads_the_record_as_the_page_cites_it(
    site: Path, node_readers: Path
) -> None:
    """The CSL-JSON record, formatted by citeproc-js with the official Chicago (full note),
    MLA 9 and APA 7 styles, agrees with the page's citation of the same paragraph: APA word
    for word (but the publisher the page does not repeat after the editor), Chicago and MLA
    in the titles' headline case, the names, the uncertain date and the address. What the
    page does otherwise by design: the § pinpoint of the edition's loci (CSL: "para."), the
    body read as "the ... project", the version's date."""
    items = json.loads((site / "_cite" / "kropotkin-1919-message.json").read_text("utf-8"))
    address = f"{BASE}reading.html#msg-p02"
    items[0]["URL"] = address  # the record cites the text; the page, its paragraph 2
    ours = _page_styles(site, "msg-p02")
    apa = _official(node_readers, items, "apa", "2")
    (reference,) = apa["bibliography"]
    publisher = " Kropotkin 1919 Edition project."
    assert ours["apa"] == reference.replace(publisher, "", 1) + (
        f" [in the text: {apa['citation'][0]}]"
    )
    chicago = _official(node_readers, items, "chicago-fullnote-bibliography", "2")
    (note,) = chicago["citation"]
    title = "Message to the Workers of the Western World"
    container = f"{items[0]['container-title']}".replace(
        "A critical digital edition of the English text",
        "A Critical Digital Edition of the English Text",
    )
    for part in (f"Peter Kropotkin, \u201c{title},\u201d", f"in {container}", "[1920?]", address):
        assert part in note and part in ours["chicago"], part
    mla = _official(node_readers, items, "modern-language-association", "2")
    (entry,) = mla["bibliography"]
    for part in (f"Kropotkin, Peter. \u201c{title}.\u201d", f"{container}, edited by", address):
        assert part in entry and part in ours["mla"], part


@pytest.mark.parametrize("extension", ["bib", "ris"])
def test_citation_js_reads_each_record_as_an_edition_not_software(
    site: Path, node_readers: Path, extension: str
) -> None:
    """Citation.js (as Zotero's BibTeX and RIS import do) reads each text as a chapter of the
    edition and the edition as a book, never as software; the editor as a body with no given
    name; the version as the edition; the text's own language; no date taken for a title."""
    for record in sorted((site / "_cite").glob(f"*.{extension}")):
        csl = json.loads(record.with_suffix(".json").read_text("utf-8"))[0]
        (item,) = _node(
            node_readers,
            {
                "read": record.read_text("utf-8"),
                "format": "bibtex" if extension == "bib" else "ris",
            },
        )["items"]  # type: ignore[misc]
        assert item["type"] == csl["type"] and item["type"] in {"book", "chapter"}, record.name
        assert item["title"] == csl["title"] and item.get("container-title") == csl.get(
            "container-title"
        )
        assert item["URL"] == csl["URL"] and item["edition"] == csl["edition"]
        assert "version" not in item and "original-title" not in item
        (editor,) = item["editor"]
        assert "given" not in editor
        assert (editor.get("literal") or editor.get("family")) == csl["editor"][0]["literal"]
        assert item["language"] in {"en", "english"}  # RIS's LA and biblatex's langid


def test_biber_validates_every_bibtex_record_against_its_data_model(
    site: Path, tmp_path: Path
) -> None:
    """biber --validate-datamodel refuses a field an entry type does not have (version on
    @book and @incollection was one)."""
    import subprocess

    biber = shutil.which("biber")
    if biber is None:
        pytest.skip("biber is not here: install Debian's biber (bash .ci/run does)")
    for record in sorted((site / "_cite").glob("*.bib")):
        shutil.copy(record, tmp_path / record.name)
        done = subprocess.run(
            [biber, "--tool", "--validate-datamodel", "--nolog", record.name],
            cwd=tmp_path, capture_output=True, text=True, check=False,
        )  # fmt: skip
        said = done.stdout + done.stderr
        assert done.returncode == 0 and "WARN" not in said and "ERROR" not in said, said

"""The `tei-header` directive: title page, sources, editorial principles and history, all read
from the teiHeader so that nothing in it is typed twice."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging

from edition.core import citation, header
from edition.core.behaviours import TeiHead
from edition.core.convert import language_class, language_of
from edition.core.linktargets import classify
from edition.core.node import EditionNode
from edition.core.tei import XML_ID, TeiDocument, local_name
from edition.core.typography import typeset
from edition.core.views import normalize_block_space
from edition.ext.base import TeiDirective
from edition.ext.registers import link_mentions
from edition.page.converted import Converted, Prose
from edition.page.layout import give_heading_levels

logger = logging.getLogger(__name__)

PRINCIPLE_TITLES = {
    "correction": "Corrections",
    "normalization": "Normalisation",
    "punctuation": "Punctuation",
    "quotation": "Quotation",
    "hyphenation": "Hyphenation and word division",
    "segmentation": "Paragraphs and citation anchors",
    "stdVals": "Dates",
    "interpretation": "Interpretation",
}


class TitlePage(EditionNode, nodes.container):
    """The title page on the web; the PDF's template sets its own."""

    omitted_in = frozenset({"typst"})


def _cited(document: TeiDocument) -> list[nodes.Node]:
    """The edition's citation as the cite blocks give it, its title in italics."""
    return [
        nodes.emphasis("", part) if italic else nodes.Text(part)
        for part, italic in citation.segments(citation.edition_citation(document))
    ]


def _paragraph(*content: nodes.Node, classes: tuple[str, ...] = ()) -> nodes.paragraph:
    return nodes.paragraph("", "", *content, classes=list(classes))


class TeiHeaderDirective(TeiDirective):
    """``.. tei-header:: ../tei/letter.xml`` with ``:part:`` title, introduction, sources,
    principles, history or bibliography."""

    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "part": lambda arg: directives.choice(
            arg, ("title", "introduction", "sources", "principles", "history", "bibliography")
        ),
    }

    def build(self, converted: Converted) -> list[nodes.Node]:
        document = converted.document
        self.converted = converted
        part = self.options.get("part", "title")
        render = {
            "title": self._title,
            "introduction": self._introduction,
            "sources": self._sources,
            "principles": self._principles,
            "history": self._history,
            "bibliography": self._bibliography,
        }[part]
        container = nodes.container(
            "", *render(document, converted.prose), classes=[f"tei-header-{part}"]
        )
        # Editorial prose quotes the witness ("'48", ". . ."): quote it exactly.
        container["support_smartquotes"] = False
        for block in list(container.findall(nodes.Element)):
            if isinstance(block, nodes.paragraph | nodes.term):
                normalize_block_space(block)

        typeset(container, language=language_of(document.root))
        give_heading_levels(container, self._section_depth() + 1)
        # Names in the editors' prose (the introduction) link to their register entries too.
        link_mentions(container, converted.document, self.tei_key)
        self.resolve_pointers(container, converted)
        self.register_anchors(container, "id")
        return [container]

    def _title(self, document: TeiDocument, prose: Prose) -> list[nodes.Node]:
        page = header.title_page(document)
        lines = [
            _paragraph(nodes.strong("", page.title), classes=("tei-title-main",)),
            _paragraph(nodes.Text(page.subtitle), classes=("tei-title-sub",)),
            _paragraph(nodes.Text("by " + ", ".join(page.authors)), classes=("tei-title-author",)),
            _paragraph(
                nodes.Text(
                    "edited by " + ", ".join(citation.editor_phrase(e) for e in page.editors)
                )
            ),
            _paragraph(nodes.Text(page.edition)),
            _paragraph(
                nodes.Text(f"Published by {page.publisher}. Identifier: {page.identifier}.")
            ),
            _paragraph(self._licence_link(page.licence, page.licence_url, document)),
            _paragraph(
                nodes.emphasis("", "Cite as: "),
                *_cited(document),
                classes=("tei-citation",),
            ),
        ]
        return [TitlePage("", *lines, classes=["tei-titlepage"])]

    def _licence_link(self, text: str, url: str, document: TeiDocument) -> nodes.Node:
        target = classify(url) if url else None
        if target is not None and target.kind == "web":
            return nodes.reference("", text, refuri=target.href)
        if target is not None:
            licence = document.find("tei:teiHeader//tei:licence")
            line = licence.sourceline if licence is not None else None
            logger.warning(
                f"licence: {target.why}; it is shown as text. Correct @target",
                type="edition",
                subtype="unsafe-link",
                location=(str(document.path), line or 1),
            )
        return nodes.Text(text)

    def _introduction(self, document: TeiDocument, prose: Prose) -> list[nodes.Node]:
        """The front matter of the TEI text: its paragraphs keep their xml:ids as anchors."""
        front = document.find("tei:text/tei:front")
        if front is None:
            return []
        content = nodes.container("", *prose(front, mixed=False))
        for heading in list(content.findall(TeiHead)):  # the page has the title already
            heading.parent.remove(heading)
        for block in content.findall(nodes.Element):
            if "tei_id" in block:
                block["ids"] = [block["tei_id"]]
        for block in list(content.findall(nodes.paragraph)):
            normalize_block_space(block)
        return list(content.children)

    def _sources(self, document: TeiDocument, prose: Prose) -> list[nodes.Node]:
        items = nodes.definition_list()
        for source in header.sources(document):
            notes = [n for n in source if local_name(n) == "note"]
            definition = nodes.definition("", *(_paragraph(*prose(n)) for n in notes))
            # The anchor goes on the term: HTML writers drop ids of definition list items.
            described = [
                nodes.inline("", text, classes=[language_class(lang)]) if lang else nodes.Text(text)
                for text, lang in header.source_parts(source)
            ]
            term = nodes.term("", "", nodes.strong("", "", *described), ids=[source.get(XML_ID)])
            item = nodes.definition_list_item("", term, definition)
            items.append(item)
        return [items]

    def _bibliography(self, document: TeiDocument, prose: Prose) -> list[nodes.Node]:
        """The works the editors cite (each listBibl of the back matter), one entry per
        bibl with its xml:id as anchor, so that a note's ref="#id" lands on it."""
        result: list[nodes.Node] = []
        for listing in document.root.iterfind("{*}text/{*}back//{*}listBibl"):
            head = listing.find("{*}head")
            if head is not None:
                # A list inside a headed list (the works cited grouped by kind) is a
                # subheading of it: real headings, so that a reader can jump between them.
                heading = nodes.rubric("", " ".join("".join(head.itertext()).split()))
                heading["depth"] = 1 + sum(
                    outer.find("{*}head") is not None
                    for outer in listing.iterancestors("{*}listBibl")
                )
                result.append(heading)
            for entry in listing.iterfind("{*}bibl"):
                paragraph = _paragraph(*prose(entry), classes=("tei-bibl",))
                if entry.get(XML_ID):
                    paragraph["ids"] = [entry.get(XML_ID)]
                result.append(paragraph)
        return result

    def _principles(self, document: TeiDocument, prose: Prose) -> list[nodes.Node]:
        result: list[nodes.Node] = []
        project = document.find("tei:teiHeader/tei:encodingDesc/tei:projectDesc")
        if project is not None:
            result.extend(prose(project, mixed=False))
        decl = document.find("tei:teiHeader/tei:encodingDesc/tei:editorialDecl")
        for part in decl if decl is not None else ():
            name = local_name(part)
            result.append(nodes.rubric("", PRINCIPLE_TITLES.get(name, name)))
            result.extend(prose(part, mixed=False))
        # Each taxonomy of the classDecl: what its categories are used for (its desc), then
        # the categories with their descriptions.
        corrected = {c.get("type") for c in document.root.iterfind(".//{*}corr")}
        for taxonomy in document.root.iterfind(".//{*}classDecl/{*}taxonomy"):
            of_corrections = any(c.get(XML_ID) in corrected for c in taxonomy)
            kinds = nodes.bullet_list()
            for category in taxonomy.iterfind("{*}category"):
                description = " ".join("".join(category.itertext()).split())
                kinds.append(
                    nodes.list_item(
                        "",
                        _paragraph(
                            nodes.literal("", category.get(XML_ID, "")),
                            nodes.Text(f": {description}"),
                        ),
                    )
                )
            if not kinds.children:
                continue
            result.append(nodes.rubric("", "Kinds of intervention" if of_corrections else "Types"))
            desc = taxonomy.find("{*}desc")
            if desc is not None and not of_corrections:
                result.append(_paragraph(*prose(desc)))
            result.append(kinds)
        page = header.title_page(document)
        loci, names = self.converted.loci, self.converted.names
        examples = [f"{names.get(pid, '')} {locus} ({pid})".strip() for pid, locus in loci.items()]
        example = (
            f": for example {examples[1] if len(examples) > 1 else examples[0]}" if examples else ""
        )
        result += [
            nodes.rubric("", "How to cite"),
            _paragraph(*_cited(document)),
            _paragraph(
                nodes.Text(
                    "Cite a passage by its text and paragraph number together with the "
                    "paragraph's identifier, which is also its permalink and never changes"
                    f"{example}. Add the version cited ({page.version}): the text of a paragraph "
                    "may be corrected in later versions, its identifier not."
                )
            ),
        ]
        return result

    def _history(self, document: TeiDocument, prose: Prose) -> list[nodes.Node]:
        changes = nodes.bullet_list(classes=["tei-revisions"])
        for change in header.changes(document):
            label = " ".join(
                p
                for p in (
                    change.when,
                    f"(version {change.version})" if change.version else "",
                    change.who,
                )
                if p
            )
            changes.append(
                nodes.list_item(
                    "",
                    _paragraph(
                        nodes.strong("", label),
                        nodes.Text(": "),
                        *prose(change.element),
                    ),
                )
            )
        return [changes]

"""TEI tree -> docutils nodes in one walk: each element gets the behaviour its rule names."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Protocol

from docutils import nodes
from lxml import etree

from edition.core import behaviours as b
from edition.core import rules
from edition.core.node import EditionNode
from edition.core.phenomena import choice, links
from edition.core.phenomena.tables import table
from edition.core.rules import DEFAULT, EDITORIAL_DIVISIONS, Rule, RuleTable
from edition.core.tei import XML_ID, XML_LANG, TeiDocument, is_tei, local_name
from edition.core.view import SIDE_BY_SIDE, VIEWS

Maker = Callable[[etree._Element, "Converter", Rule], list[nodes.Node]]
# The beginnings of the ids the page layer makes (page.layout, page.apparatus, ext): a view's
# name and '-', the side-by-side page's, the containers' and the citations'.
RESERVED_ID_PREFIXES = (*(f"{name}-" for name in VIEWS), f"{SIDE_BY_SIDE}-", "tei-", "cite-")


@dataclass(frozen=True)
class ConversionWarning:
    """Something in the TEI the converter could not render as intended (typed, like Sphinx's)."""

    subtype: str
    message: str
    path: str
    line: int | None
    column: int = 1

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line or 1}"

    def __str__(self) -> str:
        return f"{self.location}:{self.column}: warning: {self.message} [edition.{self.subtype}]"


Reporter = Callable[[ConversionWarning], None]


class SourceDocument(Protocol):
    """What the walker needs of its document: where it is, to locate warnings."""

    @property
    def path(self) -> Path: ...

    def column_of(self, element: etree._Element) -> int: ...


class TeiText(EditionNode, nodes.container):
    """Root of a converted TEI text; remembers its source file."""


def annotate(node: nodes.Element, element: etree._Element) -> nodes.Element:
    """The element's identity on its node: name, id, type, line; class hooks tei-<name>,
    tei-<name>-<type>, tei-<name>-<rend>; language-<xml:lang> (HTML writes it as lang)."""
    name = local_name(element)
    node["tei_name"] = name
    classes = node["classes"]
    classes.append(f"tei-{name}")
    identifier = element.get(XML_ID)
    if identifier:
        node["tei_id"] = identifier
    kind = element.get("type")
    if kind:
        node["tei_type"] = kind
        classes.append(f"tei-{name}-{_token(kind)}")
    for rend in (element.get("rend") or "").split():
        classes.append(f"tei-{name}-{_token(rend)}")
    responsible = element.get("resp")
    if responsible:
        node["tei_resp"] = responsible
    language = language_class(element.get(XML_LANG))
    if language:
        classes.append(language)
    if element.sourceline:
        node["tei_line"] = element.sourceline
    return node


def language_class(language: str | None) -> str:
    """'language-fr' for xml:lang="fr" (docutils' convention, which HTML writes as lang and
    the PDF as the text's language); empty where no language is declared."""
    return f"language-{_token(language)}" if language else ""


def _token(value: str) -> str:
    """A CSS class part from an attribute value: letters, digits, '-' and '_' only."""
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in value)


class Converter:
    """The walker: text, elements and tails in document order, each element to its behaviour.
    'mixed' says whether the element being converted stands in running text (a block there
    becomes inline, kept apart by spaces) or among blocks."""

    def __init__(
        self, document: SourceDocument, report: Reporter, rules: RuleTable = DEFAULT
    ) -> None:
        self.document = document
        self.rules = rules
        self._report = report
        self.mixed = False

    def convert(self, element: etree._Element) -> list[nodes.Node]:
        """Nodes for one element (its tail is the caller's business)."""
        if not isinstance(element.tag, str):
            return []  # comments and processing instructions carry no text of the edition
        rule = self.rules.find(element) if is_tei(element) else None
        identifier = element.get(XML_ID)
        if identifier and identifier.startswith(RESERVED_ID_PREFIXES):
            prefix = next(p for p in RESERVED_ID_PREFIXES if identifier.startswith(p))
            self.warn(
                element,
                "reserved-id",
                f'xml:id "{identifier}" begins with "{prefix}", which the edition gives the ids '
                "it makes for a page (a view's interventions and notes, its containers, the "
                "citations): one page would hold two elements with one id. Rename it",
            )
        if rule is None:
            return unknown_element(element, self)
        return MAKERS[rule.behaviour](element, self, rule)

    def children(self, element: etree._Element, *, mixed: bool = True) -> list[nodes.Node]:
        """Nodes for the content of element; in element-only content whitespace is layout."""
        result: list[nodes.Node] = []
        outer, self.mixed = self.mixed, mixed
        try:
            self.text(element.text, element, mixed, result)
            for child in element:
                result.extend(self.convert(child))
                self.text(child.tail, element, mixed, result)
        finally:
            self.mixed = outer
        return result

    def blocks(self, element: etree._Element) -> list[nodes.Node]:
        """Content that may mix text and blocks (an item, a cell, a note): runs of inline
        content become paragraphs, blocks stay blocks."""
        if not has_text(element):
            return self.children(element, mixed=False)
        result: list[nodes.Node] = []
        run: list[nodes.Node] = []
        for node in self.children(element):
            if is_block(node):
                if "".join(n.astext() for n in run).strip():
                    result.append(b.TeiParagraph("", "", *run))
                run = []
                result.append(node)
            else:
                run.append(node)
        if "".join(n.astext() for n in run).strip() or (not result and run):
            result.append(b.TeiParagraph("", "", *run))
        return result

    def text(
        self, text: str | None, parent: etree._Element, mixed: bool, result: list[nodes.Node]
    ) -> None:
        if not text:
            return
        if mixed:
            result.append(nodes.Text(text))
        elif text.strip():
            self.warn(
                parent,
                "stray-text",
                f"text directly inside <{local_name(parent)}> is not allowed there; "
                f"wrap it in <p> (kept as its own paragraph)",
            )
            result.append(b.TeiParagraph("", "", nodes.Text(text)))

    def warn(self, element: etree._Element, subtype: str, message: str) -> None:
        self._report(
            ConversionWarning(
                subtype,
                message,
                str(self.document.path),
                element.sourceline,
                self.document.column_of(element),
            )
        )


def has_text(element: etree._Element) -> bool:
    return bool((element.text or "").strip()) or any(
        (child.tail or "").strip() for child in element
    )


def is_block(node: nodes.Node) -> bool:
    return isinstance(node, nodes.Body | nodes.rubric) and not isinstance(node, nodes.Inline)


def _inline_block(node: nodes.Element, element: etree._Element) -> list[nodes.Node]:
    """A block standing in running text: inline, kept apart from its neighbours by spaces
    (collapsed with any already there) so that no two words run together."""
    inline = annotate(b.TeiInlineBlock(), element)
    inline.extend(node.children)
    return [b.WordBoundary(), inline, b.WordBoundary()]


# -- the makers, one per behaviour -----------------------------------------------------------
def make_matter(element: etree._Element, converter: Converter, rule: Rule) -> list[nodes.Node]:
    """body, front, back, group: their blocks in place. In front and back, the editors'
    divisions (an introduction, the apparatus) and notes that point elsewhere are left to the
    directives that render them; the letter's own parts (a dateline, a postscript) stay."""
    if local_name(element) not in {"front", "back"}:
        return converter.children(element, mixed=False)
    result: list[nodes.Node] = []
    converter.text(element.text, element, False, result)
    for child in element:
        result.extend(matter_child(child, converter))
        converter.text(child.tail, element, False, result)
    return result


def matter_child(child: etree._Element, converter: Converter) -> list[nodes.Node]:
    """One child of front or back: nothing if it is the editors' (an introduction, the
    apparatus, a note pointing elsewhere), else what its rule makes of it among blocks."""
    name = local_name(child) if isinstance(child.tag, str) else ""
    if (name.startswith("div") and child.get("type", "") in EDITORIAL_DIVISIONS) or (
        name == "note" and child.get("target")
    ):
        return []
    outer, converter.mixed = converter.mixed, False
    try:
        return converter.convert(child)
    finally:
        converter.mixed = outer


def make_division(element: etree._Element, converter: Converter, rule: Rule) -> list[nodes.Node]:
    if converter.mixed:
        return _inline_block(nodes.inline("", "", *converter.children(element)), element)
    return [annotate(b.TeiDivision("", *converter.children(element, mixed=False)), element)]


def make_inset(element: etree._Element, converter: Converter, rule: Rule) -> list[nodes.Node]:
    """A text set apart in the text; in running text, its words kept apart like a block's."""
    if converter.mixed:
        return _inline_block(nodes.inline("", "", *converter.children(element)), element)
    node = annotate(b.TeiInset("", *converter.children(element, mixed=False)), element)
    node["classes"].append("tei-inset")
    return [node]


def make_letter_part(element: etree._Element, converter: Converter, rule: Rule) -> list[nodes.Node]:
    if converter.mixed or not has_text(element):
        return make_division(element, converter, rule)
    # Mixed content ("Yours, <signed>…</signed>") reads as one block, its parts inline.
    return [annotate(b.TeiParagraph("", "", *converter.children(element)), element)]


def make_block(element: etree._Element, converter: Converter, rule: Rule) -> list[nodes.Node]:
    content = converter.children(element)
    if converter.mixed:
        return _inline_block(nodes.inline("", "", *content), element)
    return [annotate(b.TeiParagraph("", "", *content), element)]


def make_heading(element: etree._Element, converter: Converter, rule: Rule) -> list[nodes.Node]:
    content = converter.children(element)
    if converter.mixed:
        return _inline_block(nodes.inline("", "", *content), element)
    return [annotate(b.TeiHead("", "", *content), element)]


def make_line_group(element: etree._Element, converter: Converter, rule: Rule) -> list[nodes.Node]:
    if converter.mixed:
        lines = converter.children(element)
        return _inline_block(nodes.inline("", "", *lines), element)
    content = converter.children(element, mixed=False)
    return [annotate(b.TeiLineGroup("", *content), element)]


def make_verse_line(element: etree._Element, converter: Converter, rule: Rule) -> list[nodes.Node]:
    content = converter.children(element)
    if converter.mixed:  # an address line in a sentence: its own line all the same
        inline = annotate(b.TeiInline("", "", *content), element)
        return [inline, b.HardBreak()]
    line = annotate(b.TeiLine("", "", *content), element)
    parent = element.getparent()
    if parent is not None and _rule_of(parent, converter) == "line-group":
        return [line]
    # A line outside any line group (l directly in a div) is a group of one.
    return [b.TeiLineGroup("", line, classes=["tei-lg-implicit"])]


def _rule_of(element: etree._Element, converter: Converter) -> str:
    rule = converter.rules.find(element) if is_tei(element) else None
    return rule.behaviour if rule is not None else ""


def make_list(element: etree._Element, converter: Converter, rule: Rule) -> list[nodes.Node]:
    if converter.mixed:  # items on lines of their own, the list kept apart from the sentence
        items = converter.children(element)
        while (
            items
            and isinstance(items[-1], b.HardBreak | nodes.Text)
            and not items[-1].astext().strip()
        ):
            items.pop()
        return _inline_block(nodes.inline("", "", *items), element)
    content = converter.children(element, mixed=False)
    ordered = element.get("type") in {"ordered", "numbered"} or "numbered" in (
        element.get("rend") or ""
    )
    if ordered:
        listing: nodes.Element = annotate(nodes.enumerated_list("", enumtype="arabic"), element)
        listing.extend(content)
        return [listing]
    return [annotate(b.TeiList("", *content), element)]


def make_item(element: etree._Element, converter: Converter, rule: Rule) -> list[nodes.Node]:
    if converter.mixed:
        return [annotate(b.TeiInline("", "", *converter.children(element)), element), b.HardBreak()]
    return [annotate(b.TeiItem("", *converter.blocks(element)), element)]


def make_table(element: etree._Element, converter: Converter, rule: Rule) -> list[nodes.Node]:
    return table(element, converter, annotate, _inline_block)


def make_figure(element: etree._Element, converter: Converter, rule: Rule) -> list[nodes.Node]:
    content = converter.blocks(element)
    if converter.mixed:
        return _inline_block(nodes.inline("", "", *content), element)
    return [annotate(b.TeiFigure("", *content), element)]


def make_graphic(element: etree._Element, converter: Converter, rule: Rule) -> list[nodes.Node]:
    """A link to the image, never the image: the edition fetches nothing from the TEI's URLs."""
    marker = b.Generated("", "[image]", classes=["tei-graphic-sign"])
    url = links.safe_web_link(element.get("url", ""))
    node = nodes.reference("", "", marker, refuri=url) if url else b.TeiInline("", "", marker)
    annotate(node, element)
    if converter.mixed:
        return [node]
    return [b.TeiParagraph("", "", node, classes=["tei-graphic-block"])]


# Quotation marks by the language in force (xml:lang on the element or an ancestor).
QUOTATION_MARKS = {
    "de": ("„", "“"),
    "fr": ("«\u00a0", "\u00a0»"),  # French sets its marks off with no-break spaces
    "it": ("«", "»"),
    "es": ("«", "»"),
    "ru": ("«", "»"),
    "pl": ("„", "”"),
    "nl": ("\u2018", "\u2019"),
}
_ALREADY_QUOTED = "\"'\u201c\u201d\u201e\u00ab\u00bb\u2018\u2019\u201a\u2039\u203a"


def language_of(element: etree._Element) -> str:
    for ancestor in element.iterancestors():
        if ancestor.get(XML_LANG):
            return str(ancestor.get(XML_LANG))
    return str(element.get(XML_LANG, "en"))


def make_quote(element: etree._Element, converter: Converter, rule: Rule) -> list[nodes.Node]:
    if not converter.mixed:  # set off: a quotation among the blocks
        return [annotate(b.TeiBlockQuote("", *converter.blocks(element)), element)]
    content = converter.children(element)
    node = annotate(b.TeiQuote("", ""), element)
    previous, parent = element.getprevious(), element.getparent()
    before = previous.tail if previous is not None else parent.text if parent is not None else ""
    text = "".join(element.itertext()).strip()
    marked = (
        (text[:1] and text[0] in _ALREADY_QUOTED)
        or (before or "").rstrip()[-1:] in tuple(_ALREADY_QUOTED)
        or {"pre", "none", "inline"} & set((element.get("rend") or "").split())
    )
    if marked:
        node.extend(content)
        return [node]
    lang = language_of(element).split("-")[0]
    opening, closing = QUOTATION_MARKS.get(lang, ("“", "”"))
    node.extend([b.Generated("", opening), *content, b.Generated("", closing)])
    return [node]


def make_inline(element: etree._Element, converter: Converter, rule: Rule) -> list[nodes.Node]:
    return [annotate(b.TeiInline("", "", *converter.children(element)), element)]


STYLES: Mapping[str, type[nodes.TextElement]] = MappingProxyType(
    {
        "italic": b.TeiItalic,
        "italics": b.TeiItalic,
        "i": b.TeiItalic,
        "it": b.TeiItalic,
        "bold": b.TeiBold,
        "b": b.TeiBold,
        "sup": b.TeiSuperscript,
        "superscript": b.TeiSuperscript,
        "sub": b.TeiSubscript,
        "subscript": b.TeiSubscript,
    }
)


def make_emphasis(element: etree._Element, converter: Converter, rule: Rule) -> list[nodes.Node]:
    """Each @rend token with a style nests one node (italic, bold, raised, lowered); other
    values (underline, small caps, spaced) are class hooks tei-hi-<rend> for the stylesheet."""
    node: nodes.Element = annotate(b.TeiInline("", "", *converter.children(element)), element)
    tokens = (element.get("rend") or "").replace(";", " ").split()
    if element.get("rend") is None and rule.style:
        tokens = [rule.style]
    for token in reversed(tokens):
        key = token.split(":")[-1].strip().lower()
        style = STYLES.get(key)
        if style is not None:
            node = style("", "", node)
    return [node]


def make_break(element: etree._Element, converter: Converter, rule: Rule) -> list[nodes.Node]:
    node: nodes.Element = b.LineBreak() if rule.kind == "line" else b.Break(kind=rule.kind)
    annotate(node, element)
    for attribute in ("break", "n", "unit"):
        if element.get(attribute):
            node[attribute] = element.get(attribute)
    return [node]


def make_note(element: etree._Element, converter: Converter, rule: Rule) -> list[nodes.Node]:
    node = annotate(b.TeiNote("", "", *converter.blocks(element)), element)
    for attribute in ("target", "subtype", "place", "n"):
        value = element.get(attribute)
        if value is not None:
            node[attribute] = value
    return [node]


def make_mention(element: etree._Element, converter: Converter, rule: Rule) -> list[nodes.Node]:
    node = annotate(b.NameMention("", "", *converter.children(element)), element)
    refs = [r[1:] for r in (element.get("ref") or "").split() if r.startswith("#")]
    if refs:
        node["tei_refs"] = refs
    return [node]


def make_editorial(element: etree._Element, converter: Converter, rule: Rule) -> list[nodes.Node]:
    node = annotate(b.Editorial("", "", *converter.children(element)), element)
    node["role"] = rule.role or local_name(element)
    for attribute in ("reason", "cert", "quantity", "unit", "extent", "hand", "source", "evidence"):
        if element.get(attribute) is not None:
            node[attribute] = element.get(attribute)
    if node["role"] in APART_ROLES and converter.mixed:
        return [b.WordBoundary(), node, b.WordBoundary()]
    if converter.mixed:
        return [node]
    if is_block_content(node):  # an addition of whole paragraphs: a division, in effect
        return [b.TeiDivision("", node, classes=["tei-editorial-blocks"])]
    # Among blocks, its text is a block of its own, gone from a view that hides the role.
    return [b.TeiParagraph("", "", node, holder=True)]


# Roles outside the running text of the page (a running head, a catchword): never run into it.
APART_ROLES = frozenset({"fw"})


def is_block_content(node: nodes.Element) -> bool:
    return any(is_block(child) for child in node.children)


def make_anchor(element: etree._Element, converter: Converter, rule: Rule) -> list[nodes.Node]:
    return [annotate(b.TeiAnchor(), element)]


def make_code(element: etree._Element, converter: Converter, rule: Rule) -> list[nodes.Node]:
    """code, gi, att, val, tag: the code or name as TEI users write it; the marks around a
    name are the edition's."""
    forms = {"gi": ("<", ">"), "att": ("@", ""), "val": ('"', '"'), "tag": ("<", ">")}
    text = " ".join("".join(element.itertext()).split())
    before, after = forms.get(local_name(element), ("", ""))
    marks = [b.Generated("", before)] if before else []
    node = b.MarkupName("", "", *marks, nodes.Text(text))
    if after:
        node.append(b.Generated("", after))
    return [annotate(node, element)]


def make_omit(element: etree._Element, converter: Converter, rule: Rule) -> list[nodes.Node]:
    return []


def make_link(element: etree._Element, converter: Converter, rule: Rule) -> list[nodes.Node]:
    return links.link(element, converter, annotate)


def make_alternatives(
    element: etree._Element, converter: Converter, rule: Rule
) -> list[nodes.Node]:
    return choice.alternatives(element, converter, annotate)


# The closed set of behaviours a rule can name, each with the function that builds it: adding
# a behaviour is a maker here, its node type (behaviours.py) and a fixture.
MAKERS: Mapping[str, Maker] = MappingProxyType(
    {
        "division": make_division,  # groups blocks: div, a text of a group
        "inset": make_inset,  # a text set apart inside the text: floatingText
        "letter-part": make_letter_part,  # opener, closer ...: a division, or one block
        "matter": make_matter,  # body, front, back: their blocks (editorial divisions omitted)
        "block": make_block,  # p, ab, dateline, signed ...
        "heading": make_heading,
        "line-group": make_line_group,  # lg, address
        "verse-line": make_verse_line,  # l, addrLine
        "list": make_list,
        "item": make_item,
        "table": make_table,
        "figure": make_figure,
        "graphic": make_graphic,
        "quote": make_quote,  # inline with marks, or set off when it holds blocks
        "inline": make_inline,
        "emphasis": make_emphasis,  # with a style from @rend (or the rule's default)
        "break": make_break,  # with a kind: line, page, column, milestone
        "note": make_note,
        "link": make_link,
        "mention": make_mention,
        "alternatives": make_alternatives,  # choice, app: a view picks one reading by role
        "editorial": make_editorial,  # add, del, supplied, gap ...: a role views show or hide
        "anchor": make_anchor,
        "code": make_code,  # code, gi, att, val, tag
        "omit": make_omit,
    }
)


def rule_table(extra: Iterable[Rule | Mapping[str, Any]] = ()) -> RuleTable:
    """rules.table() with a project's own rules, each naming a behaviour there is a maker for
    (the closed set is MAKERS' keys: one place to add one)."""
    result = rules.table(extra)
    for rule in (r for found in result.by_name.values() for r in found):
        if rule.behaviour not in MAKERS:
            raise ValueError(
                f"rule for <{rule.element}>: unknown behaviour {rule.behaviour!r}; choose one "
                "of " + ", ".join(sorted(MAKERS))
            )
    return result


def unknown_element(element: etree._Element, converter: Converter) -> list[nodes.Node]:
    """Keep the content of an element no rule knows, and say so: never lose text silently."""
    name = local_name(element) if is_tei(element) else str(element.tag)
    converter.warn(
        element,
        "unknown-element",
        f"no rule for <{name}>; its text is kept as plain "
        f"{'inline text' if converter.mixed else 'paragraphs'}. Add a rule (edition_rules in "
        "conf.py, or edition/rules.py) to render it properly",
    )
    if converter.mixed:
        node = b.UnknownElement("", "", *converter.children(element), tei_name=name)
        node["classes"].append("tei-unknown")
        return [node]
    content = converter.blocks(element)
    return [b.TeiDivision("", *content, tei_name=name, classes=["tei-unknown"])]


def to_nodes(document: TeiDocument, report: Reporter, rules: RuleTable = DEFAULT) -> TeiText:
    """Convert the text: body, and the letter's own parts in front and back (a dateline, a
    postscript); the editors' divisions there and the registers are rendered elsewhere. Each
    text of a group becomes a division."""
    root = TeiText(source=str(document.path))
    text = document.text()
    if text is None:
        report(
            ConversionWarning(
                "no-body",
                "the document has no <text>; nothing to render",
                str(document.path),
                document.root.sourceline,
            )
        )
        return root
    with b.collector_paused():
        root.extend(Converter(document, report, rules).children(text, mixed=False))
    return root

"""THE GROWTH AREA: which behaviour each TEI element gets. A data table, first match wins.

Supporting a new element is one line here (and a fixture). Another project adds or overrides
rules in its conf.py, without editing this package::

    edition_rules = [
        {"element": "salute", "behaviour": "block"},
        {"element": "hi", "when": {"rend": "caps"}, "behaviour": "emphasis", "style": "bold"},
    ]

Its rules are tried before these.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from lxml import etree

from edition.core.tei import local_name


@dataclass(frozen=True)
class Rule:
    """element (a TEI local name) + condition -> behaviour. 'when' maps an attribute to a value
    its value must contain as a token ('*': present at all). 'role', 'style' and 'kind'
    parametrise editorial, emphasis and break. The behaviours are convert.MAKERS' keys
    (convert.rule_table refuses any other)."""

    element: str
    behaviour: str
    when: Mapping[str, str] = field(default_factory=dict)
    role: str = ""
    style: str = ""
    kind: str = ""

    def matches(self, element: etree._Element) -> bool:
        for attribute, wanted in self.when.items():
            value = element.get(attribute)
            if value is None or (wanted != "*" and wanted not in value.split()):
                return False
        return True


# Divisions of front and back matter that are the editors' (rendered by other directives, so
# left out of the text's views; see convert.make_matter).
EDITORIAL_DIVISIONS = frozenset(
    {
        "abstract",
        "apparatus",
        "bibliography",
        "commentary",
        "contents",
        "editorial",
        "index",
        "introduction",
        "notes",
        "register",
        "registers",
        "textual-notes",
    }
)


# Elements whose role a view shows or hides (views.View.hides); standing alone, not in a choice.
EDITORIAL_ROLES = (
    *("add", "del", "subst", "mod", "restore", "redo", "undo", "retrace", "handShift"),
    *("supplied", "unclear", "gap", "surplus", "damage", "space", "secl", "fw"),
    *("sic", "corr", "orig", "reg", "abbr", "expan", "am", "ex", "lem", "rdg"),
)


def _rules(behaviour: str, *names: str, **options: Any) -> list[Rule]:
    return [Rule(name, behaviour, **options) for name in names]


RULES: tuple[Rule, ...] = (
    # -- where the text is ------------------------------------------------------------------
    *_rules("matter", "body", "front", "back", "group"),
    *_rules("division", "text", "div", "div1", "div2", "div3", "div4", "div5", "div6"),
    *_rules("division", "div7", "titlePage", "argument", "epigraph", "cit"),
    Rule("floatingText", "inset"),
    *_rules("division", "docImprint", "listBibl"),
    *_rules("letter-part", "opener", "closer", "postscript"),
    # The registers are rendered by the tei-register directive, never as running text.
    *_rules("omit", "listPerson", "listPlace", "listOrg", "listEvent", "listRelation"),
    *_rules("omit", "listNym", "listObject", "listWit", "interp", "interpGrp", "span", "link"),
    *_rules("omit", "linkGrp", "join", "alt", "timeline", "certainty", "precision", "respons"),
    # -- blocks ------------------------------------------------------------------------------
    *_rules("block", "p", "ab", "dateline", "salute", "signed", "byline", "trailer", "docAuthor"),
    *_rules("block", "docDate", "docTitle", "titlePart", "figDesc", "biblStruct"),
    *_rules("block", "stage", "sp", "speaker", "caption", "label", "docEdition"),
    Rule("head", "heading"),
    *_rules("line-group", "lg", "address"),
    *_rules("verse-line", "l", "addrLine"),
    Rule("list", "list"),
    Rule("item", "item"),
    Rule("table", "table"),
    Rule("row", "item"),  # rows and cells outside a table's own build: kept apart all the same
    Rule("cell", "block"),
    Rule("figure", "figure"),
    Rule("graphic", "graphic"),
    # -- phrases -----------------------------------------------------------------------------
    *_rules("quote", "q", "quote", "said"),
    Rule("soCalled", "quote"),
    Rule("title", "quote", when={"level": "a"}),
    *_rules("emphasis", "hi", "emph", "title", "mentioned", style="italic"),
    # A citation in running text (a note's source, a quotation's in cit) stays in the sentence.
    Rule("bibl", "inline"),
    *_rules("inline", "seg", "foreign", "date", "time", "num", "measure", "gloss", "distinct"),
    *_rules("inline", "geogName", "roleName", "forename", "surname", "addName", "genName"),
    *_rules("inline", "w", "pc", "c", "g", "ident", "idno", "email", "lang", "unit", "quantity"),
    *_rules("inline", "locus", "author", "editor", "pubPlace", "publisher", "biblScope"),
    *_rules("inline", "objectName", "street", "postCode", "postBox", "country", "settlement"),
    *_rules("inline", "region", "district", "bloc"),
    *_rules("mention", "persName", "placeName", "orgName", "name", "rs", "term", when={"ref": "*"}),
    *_rules("inline", "persName", "placeName", "orgName", "name", "rs", "term"),
    *_rules("link", "ref", "ptr"),
    *_rules("anchor", "anchor", "addSpan", "delSpan", "damageSpan"),
    *_rules("code", "code", "gi", "att", "val", "tag"),
    Rule("note", "note"),
    # -- breaks ------------------------------------------------------------------------------
    Rule("lb", "break", kind="line"),
    Rule("pb", "break", kind="page"),
    Rule("cb", "break", kind="column"),
    Rule("milestone", "break", kind="milestone"),
    Rule("gb", "break", kind="gathering"),
    # -- alternatives and editorial roles ---------------------------------------------------
    *_rules("alternatives", "choice", "app"),
    *(Rule(name, "editorial", role=name) for name in EDITORIAL_ROLES),
)


@dataclass(frozen=True)
class RuleTable:
    """Rules by element name, in order (a project's own first)."""

    by_name: Mapping[str, tuple[Rule, ...]]

    def find(self, element: etree._Element) -> Rule | None:
        for rule in self.by_name.get(local_name(element), ()):
            if rule.matches(element):
                return rule
        return None


def table(extra: Iterable[Rule | Mapping[str, Any]] = ()) -> RuleTable:
    """The rules, with a project's own (Rule objects or dicts of Rule's fields) tried first."""
    ordered: dict[str, list[Rule]] = {}
    for rule in [as_rule(r) for r in extra] + list(RULES):
        ordered.setdefault(rule.element, []).append(rule)
    return RuleTable(MappingProxyType({k: tuple(v) for k, v in ordered.items()}))


def as_rule(spec: Rule | Mapping[str, Any]) -> Rule:
    if isinstance(spec, Rule):
        return spec
    try:
        fields = dict(spec)
        fields["when"] = dict(fields.get("when", {}))
        return Rule(**fields)
    except (TypeError, ValueError) as error:
        raise ValueError(f"edition_rules: {spec!r}: {error}") from None


DEFAULT = table()

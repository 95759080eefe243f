"""RELAX NG in time linear in the document, for grammars built the way TEI's are.

libxml2 checks an element's children with a compiled automaton only where that element and
every element above it have content models it can compile; an attribute pattern or a
``notAllowed`` in a content model rules that out, and every TEI element has attributes. The
other path keeps one state per child already read and compares each new state with all of
them: 20,000 line breaks in one paragraph cost seconds, 720,000 paragraphs in one body hours.

Where no element pattern ties its attributes to its content (they meet only in a ``group``,
never under a choice or a repetition) and each element of the document is matched by exactly
one element pattern, a document matches the grammar exactly when (1) the document with those
elements' attributes removed matches the grammar with their attribute patterns removed, and
(2) the list of those elements, each with its attributes and nothing inside, matches their
attribute patterns. With the ``notAllowed`` that the subset leaves folded away, libxml2
compiles both, and each pass is linear. Where a grammar is not of that shape, `split` says
why and the caller validates the plain way.
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from lxml import etree

RNG_NS = "http://relaxng.org/ns/structure/1.0"
CHECK_NS = "urn:x-tei-edition:attributes"  # the root of the second pass's document


def _rng(name: str) -> str:
    return f"{{{RNG_NS}}}{name}"


ELEMENT, ATTRIBUTE, REF, DEFINE = _rng("element"), _rng("attribute"), _rng("ref"), _rng("define")
NOT_ALLOWED, EMPTY, CHOICE, START = _rng("notAllowed"), _rng("empty"), _rng("choice"), _rng("start")
# What may not mix attributes and content below it: any combinator but group.
BINDING = frozenset(
    _rng(n) for n in ("choice", "optional", "zeroOrMore", "oneOrMore", "interleave", "mixed")
)
LEAF_CONTENT = frozenset(_rng(n) for n in ("text", "data", "value", "list"))
UNSUPPORTED = frozenset(_rng(n) for n in ("include", "externalRef", "parentRef", "grammar", "div"))
NAME_CLASSES = frozenset(_rng(n) for n in ("name", "anyName", "nsName", "choice"))


class NotSplit(Exception):
    """The grammar or the document is not of the shape the split needs: the reason."""


@dataclass(frozen=True)
class Kinds:
    """What a pattern can match, not looking inside the elements it names."""

    attributes: bool
    content: bool

    def __or__(self, other: Kinds) -> Kinds:
        return Kinds(self.attributes or other.attributes, self.content or other.content)


NOTHING = Kinds(False, False)


PREFIX = f"{{{RNG_NS}}}"
DATA, VALUE, GROUP, OPTIONAL, ZERO_OR_MORE, INTERLEAVE, MIXED, LIST = (
    _rng(n)
    for n in ("data", "value", "group", "optional", "zeroOrMore", "interleave", "mixed", "list")
)


def pattern_children(node: etree._Element) -> list[etree._Element]:
    """A pattern's sub-patterns: RELAX NG children, less an element's or attribute's name
    class and a datatype's parameters."""
    tag = node.tag
    if tag in (DATA, VALUE):
        return []
    children = [c for c in node if isinstance(c.tag, str) and c.tag.startswith(PREFIX)]
    if tag in (ELEMENT, ATTRIBUTE) and children and node.get("name") is None:
        return children[1:]
    return children


def namespace_of(node: etree._Element) -> str:
    """The namespace a name means here: the nearest `ns` attribute (RELAX NG inherits it)."""
    found: etree._Element | None = node
    while found is not None:
        if found.get("ns") is not None:
            return str(found.get("ns"))
        found = found.getparent()
    return ""


def _clark(node: etree._Element, name: str) -> str:
    prefix, colon, local = name.strip().rpartition(":")
    if colon:
        namespace = node.nsmap.get(prefix)
        if namespace is None:
            raise NotSplit(f"the name {name!r} has an undeclared prefix")
        return f"{{{namespace}}}{local}"
    return clark(namespace_of(node), local)


def clark(namespace: str, local: str) -> str:
    """A tag as lxml writes it: {namespace}local, or local alone in no namespace."""
    return f"{{{namespace}}}{local}" if namespace else local


def name_class_matches(name_class: etree._Element, tag: str) -> bool:
    """Whether a RELAX NG name class (name, anyName, nsName, choice, with except) takes a
    Clark-notation tag."""
    namespace = tag[1:].partition("}")[0] if tag.startswith("{") else ""
    children = [c for c in name_class if isinstance(c.tag, str) and c.tag in NAME_CLASSES]
    excepted = any(
        name_class_matches(n, tag)
        for e in name_class
        if e.tag == _rng("except")
        for n in e
        if isinstance(n.tag, str)
    )
    if name_class.tag == _rng("name"):
        return _clark(name_class, name_class.text or "") == tag
    if name_class.tag == _rng("anyName"):
        return not excepted
    if name_class.tag == _rng("nsName"):
        return namespace_of(name_class) == namespace and not excepted
    if name_class.tag == CHOICE:
        return any(name_class_matches(c, tag) for c in children)
    raise NotSplit(f"an unknown name class <{etree.QName(name_class).localname}>")


def element_matches(element: etree._Element, tag: str) -> bool:
    if element.get("name") is not None:
        return _clark(element, str(element.get("name"))) == tag
    first = next((c for c in element if isinstance(c.tag, str) and c.tag in NAME_CLASSES), None)
    if first is None:
        raise NotSplit("an element pattern without a name")
    return name_class_matches(first, tag)


def wildcard_tags(grammar_tree: etree._ElementTree, tags: Iterable[str]) -> frozenset[str]:
    """The tags that some element pattern without a name of its own (anyName, nsName) takes."""
    wild = [e for e in grammar_tree.getroot().iter(ELEMENT) if e.get("name") is None]
    return frozenset(t for t in tags if any(element_matches(e, t) for e in wild))


class Grammar:
    """One flat RELAX NG grammar (a start and named defines, as TEI's ODD processor writes
    them) and what the split needs to know of it."""

    def __init__(self, tree: etree._ElementTree) -> None:
        self.tree = tree
        root = tree.getroot()
        if root.tag != _rng("grammar"):
            raise NotSplit("the schema is not one RELAX NG grammar")
        for node in root.iter(*UNSUPPORTED):
            if node is not root:
                raise NotSplit(f"the schema uses <{etree.QName(node).localname}>")
        self.defines: dict[str, etree._Element] = {}
        for define in root.iterchildren(DEFINE):
            if define.get("combine") or define.get("name") in self.defines:
                raise NotSplit(f"the define {define.get('name')!r} is combined")
            self.defines[str(define.get("name"))] = define
        self._kinds: dict[str, Kinds] = {}
        self._busy: set[str] = set()
        self._scopes: dict[etree._Element, list[etree._Element]] = {}

    def target(self, ref: etree._Element) -> etree._Element:
        define = self.defines.get(str(ref.get("name")))
        if define is None:
            raise NotSplit(f"a ref to {ref.get('name')!r}, which is not defined")
        return define

    def kinds(self, node: etree._Element) -> Kinds:
        if node.tag == ATTRIBUTE:
            return Kinds(True, False)
        if node.tag == ELEMENT or node.tag in LEAF_CONTENT:
            return Kinds(False, True)
        if node.tag == REF:
            name = str(node.get("name"))
            if name not in self._kinds:
                if name in self._busy:
                    raise NotSplit(f"the define {name!r} refers to itself outside an element")
                self._busy.add(name)
                self._kinds[name] = self.kinds(self.target(node))
                self._busy.discard(name)
            return self._kinds[name]
        found = NOTHING
        for child in pattern_children(node):
            found = found | self.kinds(child)
        return found

    def scope(self, element: etree._Element) -> list[etree._Element]:
        """The patterns an element pattern's attributes and content are made of: its own and
        those of the defines it refers to, not those of the elements it names."""
        if element not in self._scopes:
            self._scopes[element] = list(self._walk(element))
        return self._scopes[element]

    def _walk(self, element: etree._Element) -> Iterator[etree._Element]:
        seen: set[str] = set()
        stack = list(pattern_children(element))
        while stack:
            node = stack.pop()
            yield node
            if node.tag in (ELEMENT, ATTRIBUTE):
                continue
            if node.tag == REF:
                name = str(node.get("name"))
                if name not in seen:
                    seen.add(name)
                    stack.extend(pattern_children(self.target(node)))
                continue
            stack.extend(pattern_children(node))

    def check_separate(self, element: etree._Element, tag: str) -> None:
        """Attributes and content meet only in groups within this element's pattern."""
        for node in self.scope(element):
            if node.tag in BINDING:
                kinds = self.kinds(node)
                if kinds.attributes and kinds.content:
                    raise NotSplit(
                        f"<{tag}> ties attributes to content under <{etree.QName(node).localname}>"
                    )

    def element_patterns(self) -> list[etree._Element]:
        return list(self.tree.getroot().iter(ELEMENT))


FOLDED = frozenset({*BINDING, REF, ELEMENT, ATTRIBUTE, GROUP, LIST})


def fold_not_allowed(grammar: Grammar) -> None:
    """Fold away `notAllowed` (RELAX NG's simplification, section 4.20, with an element of
    notAllowed content taken as notAllowed): libxml2 compiles no content model that has one."""
    barred: set[str] = set()

    def allowed(node: etree._Element) -> bool:
        if node.tag == NOT_ALLOWED:
            return False
        if node.tag == REF:
            return str(node.get("name")) not in barred
        children = pattern_children(node)
        if node.tag == CHOICE:
            return any(allowed(c) for c in children)
        if node.tag in (OPTIONAL, ZERO_OR_MORE, DATA, VALUE):
            return True
        return all(allowed(c) for c in children)

    # The least fixpoint: a define is barred once every way through it is; what a cycle
    # through elements leaves undecided stays allowed, which is only slower, never wrong.
    changed = True
    while changed:
        changed = False
        for name, define in grammar.defines.items():
            if name not in barred and not allowed(define):
                barred.add(name)
                changed = True
    root = grammar.tree.getroot()
    for node in reversed(list(root.iter(etree.Element))):
        if node.tag not in FOLDED:
            continue
        parent = node.getparent()
        if parent is None or node not in pattern_children(parent):
            continue  # a name class, not a pattern
        if node.tag == CHOICE:
            for child in pattern_children(node):
                if child.tag == NOT_ALLOWED:
                    node.remove(child)
            if not pattern_children(node):
                _replace(node, NOT_ALLOWED)
        elif node.tag in (OPTIONAL, ZERO_OR_MORE):
            if any(c.tag == NOT_ALLOWED for c in pattern_children(node)):
                _replace(node, EMPTY)
        elif not allowed(node):
            _replace(node, NOT_ALLOWED)
    for define in grammar.defines.values():
        if define.get("name") in barred:
            for child in list(define):
                define.remove(child)
            etree.SubElement(define, NOT_ALLOWED)


SEQUENCES = frozenset({ELEMENT, DEFINE, START, GROUP, INTERLEAVE, LIST})
REPEATS = frozenset(_rng(n) for n in ("optional", "zeroOrMore", "oneOrMore", "mixed"))


def fold_empty(grammar: Grammar) -> None:
    """Drop `empty` from sequences and refs to defines that match only it (RELAX NG's
    simplification, section 4.21). Besides being shorter, it keeps libxml2 from a wrong
    automaton: it refuses a valid document against `group(a, optional(b), c, empty), d`."""
    hollow: set[str] = set()

    def is_empty(node: etree._Element) -> bool:
        if node.tag == EMPTY:
            return True
        if node.tag == REF:
            return str(node.get("name")) in hollow
        if node.tag in (SEQUENCES - {ELEMENT}) | (REPEATS - {MIXED}) | {CHOICE}:
            return all(is_empty(c) for c in pattern_children(node))
        return False

    changed = True
    while changed:
        changed = False
        for name, define in grammar.defines.items():
            if name not in hollow and is_empty(define):
                hollow.add(name)
                changed = True
    root = grammar.tree.getroot()
    for node in reversed(list(root.iter(etree.Element))):
        parent = node.getparent()
        if node.tag == REF and str(node.get("name")) in hollow:
            _replace(node, EMPTY)
            continue
        if node.tag not in SEQUENCES and node.tag not in REPEATS and node.tag != CHOICE:
            continue
        if (
            node is not root
            and node.tag != DEFINE
            and (parent is None or node not in pattern_children(parent))
        ):
            continue  # a name class
        children = pattern_children(node)
        if node.tag in SEQUENCES:
            for child in children:
                if child.tag == EMPTY and len(pattern_children(node)) > 1:
                    node.remove(child)
            # A group that sets ns or datatypeLibrary for what it holds stays.
            if node.tag in (GROUP, INTERLEAVE) and parent is not None and not node.attrib:
                remaining = pattern_children(node)
                if len(remaining) == 1:
                    remaining[0].tail = node.tail
                    parent.replace(node, remaining[0])
        elif (
            ((node.tag in REPEATS and node.tag != MIXED) or node.tag == CHOICE)
            and children
            and all(c.tag == EMPTY for c in children)
            and parent is not None
        ):
            _replace(node, EMPTY)


def _replace(node: etree._Element, tag: str) -> etree._Element:
    parent = node.getparent()
    assert parent is not None
    new = etree.Element(tag)
    new.tail = node.tail
    parent.replace(node, new)
    return new


def prune_unreachable(tree: etree._ElementTree) -> None:
    """Drop the defines no ref reaches from the start: after the subset, most of tei_all."""
    root = tree.getroot()
    defines = {str(d.get("name")): d for d in root.iterchildren(DEFINE)}
    start = root.find(START)
    reached: set[str] = set()
    stack = [start] if start is not None else []
    while stack:
        for ref in stack.pop().iter(REF):
            name = str(ref.get("name"))
            if name not in reached and name in defines:
                reached.add(name)
                stack.append(defines[name])
    for name, define in defines.items():
        if name not in reached:
            root.remove(define)


def _strip_foreign(tree: etree._ElementTree) -> None:
    """Annotations (documentation, embedded Schematron) change nothing in a verdict."""
    for node in list(tree.getroot().iter(etree.Element)):
        if not node.tag.startswith(PREFIX) and node.getparent() is not None:
            node.getparent().remove(node)


Entry = tuple[int, int, str]  # line, column (0: not known), message


@dataclass(frozen=True)
class SplitGrammars:
    """What `split` works out, as text: the two passes' grammars (self-contained, folded) and
    the tags (Clark notation) of the elements split. Working it out takes a few tenths of a
    second for TEI, compiling it a few hundredths, so a caller may keep it between processes."""

    content: bytes
    attributes: bytes | None
    split_tags: frozenset[str]
    # Tags whose element may stand with no attributes: such an element need not be listed.
    bare_ok: frozenset[str] = frozenset()

    def compiled(self) -> SplitValidator:
        attributes = None if self.attributes is None else _compile_text(self.attributes)
        return SplitValidator(
            _compile_text(self.content), attributes, self.split_tags, self.bare_ok, self
        )


def _compile_text(grammar: bytes) -> etree.RelaxNG:
    return etree.RelaxNG(etree.fromstring(grammar, etree.XMLParser(resolve_entities=False)))


@dataclass(frozen=True)
class SplitValidator:
    """The two compiled passes, and the tags (Clark notation) of the elements split."""

    content: etree.RelaxNG
    attributes: etree.RelaxNG | None
    split_tags: frozenset[str]
    # Tags whose element may stand with no attributes: such an element need not be listed.
    bare_ok: frozenset[str] = frozenset()
    grammars: SplitGrammars | None = None  # what it was compiled from, to keep

    def validate(self, tree: etree._ElementTree | etree._Element) -> bool:
        return self._run(tree, stop_early=True)[0]

    def errors(self, tree: etree._ElementTree | etree._Element) -> list[Entry]:
        """What both passes report, each at the line of the document it concerns."""
        return self._run(tree, stop_early=False)[1]

    def _run(
        self, tree: etree._ElementTree | etree._Element, *, stop_early: bool
    ) -> tuple[bool, list[Entry]]:
        root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
        found: list[Entry] = []
        with attributes_set_aside(root, self.split_tags):
            valid = bool(self.content.validate(root))
        # libxml2 may refuse without a message (a start that matches nothing).
        found += [(e.line, e.column, e.message) for e in self.content.error_log]
        if (not valid and stop_early) or self.attributes is None:
            return valid, found
        split = [
            e for e in root.iter(*self.split_tags) if e.tag not in self.bare_ok or len(e.attrib)
        ]
        if stop_early:
            return bool(self.attributes.validate(attribute_list(split))), found
        for element in self._refused(split):
            listing = attribute_list([element])
            self.attributes.validate(listing)
            line = element.sourceline or 0
            found += [(line, 0, e.message) for e in self.attributes.error_log]
            valid = False
        return valid, found

    def _refused(
        self, elements: list[etree._Element], block: int = 1024
    ) -> Iterator[etree._Element]:
        """The elements whose attributes the second pass refuses: blocks first, then halves
        of the blocks refused, so that a few mistakes in a long document cost little more
        than one pass. (The listing has no lines to tell them apart.)"""
        assert self.attributes is not None
        pending = [elements[i : i + block] for i in range(0, len(elements), block)]
        while pending:
            part = pending.pop(0)
            if self.attributes.validate(attribute_list(part)):
                continue
            if len(part) == 1:
                yield part[0]
            else:
                middle = len(part) // 2
                pending[:0] = [part[:middle], part[middle:]]


@contextlib.contextmanager
def attributes_set_aside(root: etree._Element, tags: frozenset[str]) -> Iterator[None]:
    """The first pass's document is the document itself with the split elements' attributes
    set aside, and put back as they were however the pass ends: a copy would be as big again,
    and lxml's copies forget line numbers past 65,535."""
    aside = [(e, e.items()) for e in root.iter(*tags) if len(e.attrib)] if tags else []
    try:
        for element, _ in aside:
            element.attrib.clear()
        yield
    finally:
        for element, items in aside:
            element.attrib.clear()
            for name, value in items:
                element.set(name, value)


def attribute_list(elements: Iterable[etree._Element]) -> etree._Element:
    """The second pass's document: each element once, with its attributes and nothing inside."""
    listing = etree.Element(f"{{{CHECK_NS}}}elements")
    for element in elements:
        etree.SubElement(listing, element.tag, dict(element.attrib))
    return listing


def split(
    grammar_tree: etree._ElementTree, tags: Iterable[str], *, skip_unmatched: bool = False
) -> SplitValidator:
    """The two passes for documents whose elements have these tags; NotSplit where the
    grammar is not of the shape that keeps the verdict exact. skip_unmatched: a tag no
    pattern takes is left as it is (its element keeps its attributes, and the first pass
    refuses it), not a reason to give up."""
    return split_grammars(grammar_tree, tags, skip_unmatched=skip_unmatched).compiled()


def split_grammars(
    grammar_tree: etree._ElementTree, tags: Iterable[str], *, skip_unmatched: bool = False
) -> SplitGrammars:
    """`split` before compiling: the grammars as text."""
    tree = copy.deepcopy(grammar_tree)
    _strip_foreign(tree)
    prune_unreachable(tree)
    grammar = Grammar(tree)
    patterns = grammar.element_patterns()
    named: dict[str, etree._Element] = {}
    wild: list[etree._Element] = []
    for tag in sorted(set(tags)):
        matching = [p for p in patterns if element_matches(p, tag)]
        if not matching and skip_unmatched:
            continue
        if len(matching) != 1:
            raise NotSplit(f"{len(matching)} element patterns take <{tag}>")
        (pattern,) = matching
        if pattern.get("name") is None:
            wild.append(pattern)
            continue
        parent = pattern.getparent()
        if parent is None or parent.tag != DEFINE or len(pattern_children(parent)) != 1:
            raise NotSplit(f"the pattern of <{tag}> is not a define of its own")
        grammar.check_separate(pattern, tag)
        named[tag] = pattern
    # A define with attributes reached from a wildcard's pattern as well keeps them there.
    kept = {
        str(n.get("name"))
        for p in wild
        for n in grammar.scope(p)
        if n.tag == REF and grammar.kinds(n).attributes
    }
    stripped = {
        str(n.get("name"))
        for p in named.values()
        for n in grammar.scope(p)
        if n.tag == REF and grammar.kinds(n).attributes
    }
    if kept & stripped:
        raise NotSplit(f"attributes shared with a wildcard element: {sorted(kept & stripped)}")
    content = _content_grammar(grammar, list(named.values()))
    if not named:
        return SplitGrammars(content, None, frozenset())
    attributes = _attribute_grammar(grammar, named)
    compiled = _compile_text(attributes)
    bare_ok = frozenset(t for t in named if compiled.validate(attribute_list([etree.Element(t)])))
    return SplitGrammars(content, attributes, frozenset(named), bare_ok)


def _content_grammar(grammar: Grammar, patterns: list[etree._Element]) -> bytes:
    work = Grammar(copy.deepcopy(grammar.tree))
    # The same element patterns in the copy, by their define's name.
    names = {str(p.getparent().get("name")) for p in patterns}
    for name in names:
        element = pattern_children(work.defines[name])[0]
        for node in list(work.scope(element)):
            if node.tag == ATTRIBUTE:
                _replace(node, EMPTY)
    return _folded(work.tree)


def _folded(tree: etree._ElementTree) -> bytes:
    """Only what the start reaches, folded: what libxml2 can compile into automata."""
    prune_unreachable(tree)
    work = Grammar(tree)
    fold_not_allowed(work)
    fold_empty(work)
    return bytes(etree.tostring(work.tree))


def _attribute_grammar(grammar: Grammar, named: dict[str, etree._Element]) -> bytes:
    work = Grammar(copy.deepcopy(grammar.tree))
    names = sorted({str(p.getparent().get("name")) for p in named.values()})
    visited: set[str] = set()

    def keep_attributes(node: etree._Element) -> None:
        # Only what holds attributes is entered, so a datatype that an attribute's value
        # shares with some element's content is never touched.
        for child in pattern_children(node):
            if child.tag == ATTRIBUTE:
                continue
            if not work.kinds(child).attributes:
                if child.tag not in (EMPTY, NOT_ALLOWED):
                    _replace(child, EMPTY)
            elif child.tag == REF:
                if str(child.get("name")) not in visited:
                    visited.add(str(child.get("name")))
                    keep_attributes(work.target(child))
            else:
                keep_attributes(child)

    for name in names:
        keep_attributes(pattern_children(work.defines[name])[0])
    root = work.tree.getroot()
    start = root.find(START)
    if start is None:
        raise NotSplit("the schema has no start")
    for child in list(start):
        start.remove(child)
    element = etree.SubElement(start, ELEMENT, name="elements", ns=CHECK_NS)
    choice = etree.SubElement(etree.SubElement(element, _rng("zeroOrMore")), CHOICE)
    for name in names:
        etree.SubElement(choice, REF, name=name)
    return _folded(work.tree)

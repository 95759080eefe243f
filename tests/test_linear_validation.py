"""RELAX NG in two linear passes (validation.linear): the same verdict as the grammar itself on
documents made wrong in many ways, the document left as it was, and located messages."""

from __future__ import annotations

import copy
import random
from pathlib import Path

import pytest
from lxml import etree

from edition.core.tei import load
from edition.validation import linear, schema
from edition.validation.validate import schema_problems

from .helpers import EDITION_TEI, FIXTURES, TEI_SKELETON

SCHEMA = schema.locate()
TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def plain_verdict(tree: etree._ElementTree) -> bool:
    """The subset compiled as it is, checked the way libxml2 checks any grammar."""
    names = schema.used_names([tree])
    return bool(schema._compiled(SCHEMA, schema.subset(SCHEMA, names)).validate(tree))


def split_verdict(tree: etree._ElementTree) -> bool:
    validator = schema.compile_subset(SCHEMA, schema.used_names([tree]))
    assert isinstance(validator, linear.SplitValidator), "TEI's grammar is split"
    return validator.validate(tree)


def mutate(tree: etree._ElementTree, rng: random.Random) -> str:
    """One random change of the kinds an encoder makes by mistake; what was done."""
    elements = [e for e in tree.iter(etree.Element) if e is not tree.getroot()]
    victim = rng.choice(elements)
    parent = victim.getparent()
    assert parent is not None
    kind = rng.choice(
        ["drop", "move", "alien attribute", "bad value", "drop attribute", "twin", "swap", "wrap"]
    )
    if kind == "drop":
        parent.remove(victim)
    elif kind == "move":
        host = rng.choice(
            [e for e in elements if victim not in e.iterancestors() and e is not victim]
        )
        if victim in host.iterancestors():
            return "move (skipped)"
        host.insert(rng.randrange(len(host) + 1), victim)
    elif kind == "alien attribute":
        donors = [e for e in elements if e.attrib]
        donor = rng.choice(donors)
        name = rng.choice(list(donor.attrib))
        victim.set(name, donor.get(name) or "")
    elif kind == "bad value":
        holders = [e for e in elements if e.attrib]
        holder = rng.choice(holders)
        holder.set(rng.choice(list(holder.attrib)), "not a value! ")
    elif kind == "drop attribute":
        holders = [e for e in elements if e.attrib]
        holder = rng.choice(holders)
        del holder.attrib[rng.choice(list(holder.attrib))]
    elif kind == "twin":
        parent.insert(parent.index(victim), copy.deepcopy(victim))  # its xml:id twice too
    elif kind == "swap" and len(parent) > 1:
        index = parent.index(victim)
        other = parent[(index + 1) % len(parent)]
        parent.insert(index, other)
    elif kind == "wrap":
        wrapper = etree.Element(rng.choice([e.tag for e in elements]))
        parent.replace(victim, wrapper)
        wrapper.append(victim)
    return kind


def sources() -> list[tuple[str, etree._ElementTree]]:
    return [
        ("edition", etree.parse(str(EDITION_TEI))),
        ("letter", etree.parse(str(FIXTURES / "letter.xml"))),
    ]


@pytest.mark.slow
def test_the_split_gives_the_grammars_own_verdict_on_randomly_damaged_documents() -> None:
    rng = random.Random(20261203)
    results = []
    for name, original in sources():
        results.append((name, "none", split_verdict(original), plain_verdict(original)))
        for number in range(30):
            tree = copy.deepcopy(original)
            done = [mutate(tree, rng) for _ in range(rng.choice([1, 1, 2]))]
            results.append((f"{name} #{number}", done, split_verdict(tree), plain_verdict(tree)))
    disagreeing = [r for r in results if r[2] != r[3]]
    assert disagreeing == []
    verdicts = [r[3] for r in results]
    assert verdicts.count(True) >= 8 and verdicts.count(False) >= 20, verdicts


def test_the_document_comes_back_as_it_was() -> None:
    tree = etree.parse(str(EDITION_TEI))
    before = etree.tostring(tree)
    validator = schema.compile_subset(SCHEMA, schema.used_names([tree]))
    assert validator.validate(tree)
    assert etree.tostring(tree) == before
    split = validator
    assert isinstance(split, linear.SplitValidator)
    with (
        pytest.raises(RuntimeError),
        linear.attributes_set_aside(tree.getroot(), split.split_tags),
    ):
        assert not any(e.attrib for e in tree.iter(f"{TEI}p"))
        raise RuntimeError("a pass that fails half-way")
    assert etree.tostring(tree) == before


def test_an_attribute_wrong_past_line_65535_is_reported_at_its_line(tmp_path: Path) -> None:
    # lxml forgets lines past 65,535 in copies: the passes must not work on one.
    paragraphs = "\n".join(f"<p>line {n}</p>" for n in range(70_000))
    body = f'<div>{paragraphs}\n<p when="1919">late</p></div>'
    path = tmp_path / "long.xml"
    path.write_text(TEI_SKELETON.format(body=body), "utf-8")
    document = load(path)
    wrong = next(e for e in document.tree.iter(f"{TEI}p") if e.get("when"))
    assert wrong.sourceline and wrong.sourceline > 70_000
    problems = schema_problems(document, engine="lxml", schema_file=SCHEMA)
    assert [(p.line, "Invalid attribute when" in p.message) for p in problems] == [
        (wrong.sourceline, True)
    ]


RNG = '<grammar xmlns="http://relaxng.org/ns/structure/1.0">{}</grammar>'
LEAVES = "".join(
    f'<define name="{n}"><element name="{n}"><empty/></element></define>' for n in "abcd"
)


def grammar(root: str) -> etree._ElementTree:
    """A grammar whose start is the define of `root` (TEI's are made so), with leaves a-d."""
    parts = f'<start><ref name="root"/></start><define name="root">{root}</define>{LEAVES}'
    return etree.ElementTree(etree.fromstring(RNG.format(parts)))


def test_folding_empty_keeps_libxml2_from_refusing_a_valid_document() -> None:
    # libxml2 refuses <r><a/><d/><c/></r> against group(a, b?, d, empty), c, compiled.
    start = (
        '<element name="r"><group><ref name="a"/><optional><ref name="b"/></optional>'
        '<ref name="d"/><empty/></group><ref name="c"/></element>'
    )
    document = etree.fromstring("<r><a/><d/><c/></r>")
    assert not etree.RelaxNG(grammar(start)).validate(document), "libxml2 still has the bug"
    assert linear.split(grammar(start), {"r", "a", "d", "c"}).validate(document)


def test_a_grammar_that_ties_attributes_to_content_is_not_split() -> None:
    start = (
        '<element name="r"><choice><group><attribute name="kind"><value>x</value></attribute>'
        '<ref name="a"/></group><ref name="b"/></choice></element>'
    )
    with pytest.raises(linear.NotSplit, match="ties attributes to content"):
        linear.split(grammar(start), {"r", "a"})


def test_an_element_two_patterns_take_is_not_split() -> None:
    start = (
        '<element name="r"><choice><ref name="a"/>'
        "<element><anyName/><empty/></element></choice></element>"
    )
    with pytest.raises(linear.NotSplit, match="2 element patterns take <a>"):
        linear.split(grammar(start), {"r", "a"})

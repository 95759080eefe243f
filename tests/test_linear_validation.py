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


# The split's grammars are kept in the user cache: a later process compiles them, no more.


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of the test's own, with the real schema configured from where it is."""
    monkeypatch.setenv(schema.SCHEMA_ENV, str(SCHEMA))
    monkeypatch.setenv(schema.CACHE_ENV, str(tmp_path))
    schema.compile_subset.cache_clear()
    yield tmp_path
    schema.compile_subset.cache_clear()


def fresh_validator(tree: etree._ElementTree) -> linear.SplitValidator:
    """What a new process gets: the in-process memo cleared first."""
    schema.compile_subset.cache_clear()
    validator = schema.compile_subset(SCHEMA, schema.used_names([tree]))
    assert isinstance(validator, linear.SplitValidator)
    return validator


def test_a_kept_split_is_compiled_not_worked_out_again_and_judges_alike(
    own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    valid = load(EDITION_TEI).tree
    invalid = copy.deepcopy(valid)
    next(invalid.iter(f"{TEI}p")).set("rend", "x y")  # allowed
    next(invalid.iter(f"{TEI}p")).set("when", "1919")  # not an attribute of <p>
    first = fresh_validator(valid)
    kept = list((own_cache / schema.SPLIT_FOLDER).glob("*.json"))
    assert len(kept) == 1

    def not_again(*args: object, **options: bool) -> linear.SplitGrammars:
        raise AssertionError("the kept split was worked out again")

    monkeypatch.setattr(linear, "split_grammars", not_again)
    second = fresh_validator(valid)
    assert second.grammars == first.grammars
    assert second.validate(valid) and first.validate(valid)
    assert not second.validate(invalid) and not first.validate(invalid)
    assert second.errors(invalid) == first.errors(invalid) != []


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],  # cut short by a killed run
        lambda text: text.replace("attribute", "attributx", 1),  # changed after writing
        lambda text: b"\xff" + text.encode("utf-8"),
        lambda text: "[]",
    ],
    ids=["cut short", "altered", "not UTF-8", "not a record"],
)
def test_a_damaged_kept_split_is_worked_out_again(own_cache: Path, damage: object) -> None:
    valid = load(EDITION_TEI).tree
    invalid = copy.deepcopy(valid)
    next(invalid.iter(f"{TEI}p")).set("when", "1919")
    fresh_validator(valid)
    (kept,) = (own_cache / schema.SPLIT_FOLDER).glob("*.json")
    damaged = damage(kept.read_text("utf-8"))  # type: ignore[operator]
    if isinstance(damaged, bytes):
        kept.write_bytes(damaged)
    else:
        kept.write_text(damaged, "utf-8")
    again = fresh_validator(valid)
    assert again.validate(valid) and not again.validate(invalid)
    assert kept.read_bytes() != damaged, "the damaged record is replaced"


def test_a_cache_that_cannot_be_written_only_costs_time(own_cache: Path) -> None:
    (own_cache / schema.SPLIT_FOLDER).write_text("a file where the folder would be", "utf-8")
    valid = load(EDITION_TEI).tree
    assert fresh_validator(valid).validate(valid)


def test_the_kept_splits_are_bounded_the_least_recently_used_go(
    own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(schema, "SPLITS_KEPT", 2)
    small = etree.fromstring(TEI_SKELETON.format(body="<p>one</p>").encode()).getroottree()
    trees = [small, etree.parse(str(FIXTURES / "letter.xml")), load(EDITION_TEI).tree]
    for tree in trees:
        fresh_validator(tree)
    assert len(list((own_cache / schema.SPLIT_FOLDER).glob("*.json"))) == 2
    worked_out = []
    real = linear.split_grammars

    def counted(*args: object, **options: bool) -> linear.SplitGrammars:
        worked_out.append(1)
        return real(*args, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(linear, "split_grammars", counted)
    fresh_validator(trees[2])
    assert not worked_out, "the most recent is kept"
    fresh_validator(trees[0])
    assert worked_out, "the oldest was let go"

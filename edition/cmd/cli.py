"""The `edition` command: validate the TEI, print a view's text, list the emendations, build,
serve a live preview, fetch the schema."""

from __future__ import annotations

import argparse
import contextlib
import errno
import logging
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from edition import __version__, allow_deep_documents
from edition.cmd.build import DEFAULT_OUTPUT, BuildRequest, build
from edition.cmd.pipeline import convert_quietly
from edition.cmd.progress import NORMAL, QUIET, VERBOSE, Reporter
from edition.cmd.serve import Preview
from edition.core import emendations, header
from edition.core.convert import ConversionWarning
from edition.core.release import all_ids, citation_cff, missing_released, read_released, retire_hint
from edition.core.streaming import stream_view_text
from edition.core.tei import TeiError, load
from edition.core.view import VIEWS
from edition.validation import schema
from edition.validation.reporting import print_reports
from edition.validation.validate import ENGINES, SchemaEngineError, validate_all

SOURCES = Path("tei")
USAGE_ERROR = 2


class UsageError(Exception):
    """The command was called in a way it cannot work: one line, exit status 2."""


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


def _write(data: str, output: str | None) -> None:
    if output:
        Path(output).write_text(data, encoding="utf-8")
    else:
        sys.stdout.buffer.write(data.encode("utf-8"))
        sys.stdout.flush()


def _reporter(args: argparse.Namespace) -> Reporter:
    verbosity = QUIET if args.quiet else VERBOSE if args.verbose else NORMAL
    return Reporter(verbosity)


def cmd_validate(args: argparse.Namespace) -> int:
    reporter = _reporter(args)
    extra = [Path(p) for p in args.schematron]
    sources = _sources(args.files)
    schema_file = schema.locate(args.schema, progress=reporter.step)
    reports = [
        validate_all(
            [source], extra, engine=args.engine, schema_file=schema_file, progress=reporter.step
        )[0]
        for source in (reporter.counted(sources, "validating") if len(sources) > 1 else sources)
    ]
    print_reports(reports, args.format, quiet=args.quiet)
    invalid = sum(1 for r in reports if not r.valid)
    if invalid:
        count = sum(len(r.problems) for r in reports)
        reporter.error(f"{count} problem(s) in {invalid} of {len(reports)} file(s)")
    return 1 if invalid else 0


def cmd_text(args: argparse.Namespace) -> int:
    """Streamed to standard output, or to -o written beside the target and renamed."""
    source = _one_source(args.file)
    view = VIEWS[args.view]

    def warn(warning: ConversionWarning) -> None:
        print(warning, file=sys.stderr)

    if not args.output:
        out = sys.stdout.buffer

        def write(part: str, chunk: int = 1 << 20) -> None:
            for start in range(0, len(part), chunk):  # no second copy of a long paragraph
                out.write(part[start : start + chunk].encode("utf-8"))

        stream_view_text(source, view, write, warn)
        out.write(b"\n")
        out.flush()
        return 0
    # Written beside the target and renamed: a failure never leaves half a file over a good one.
    target = Path(args.output)
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
    if not target.parent.is_dir():
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(target))
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=target.parent, prefix=f".{target.name}.", delete=False
    ) as part:
        try:
            stream_view_text(source, view, part.write, warn)
            part.write("\n")
        except BaseException:
            part.close()
            Path(part.name).unlink()
            raise
    os.replace(part.name, target)
    return 0


def cmd_emendations(args: argparse.Namespace) -> int:
    document, tree = convert_quietly(_one_source(args.file))
    found = emendations.collect(document, tree)
    formatted = emendations.to_json(found) if args.format == "json" else emendations.to_tsv(found)
    _write(formatted, args.output)
    return 0


def cmd_cff(args: argparse.Namespace) -> int:
    _write(citation_cff(load(_one_source(args.file))), args.output)
    return 0


def cmd_ids(args: argparse.Namespace) -> int:
    """Check that every released id still exists; with --update, add the new ones to the list
    (an edition does this when it publishes a version)."""
    source = _one_source(args.file)
    document = load(source)
    listing = Path(args.released)
    released = read_released(listing) if listing.exists() else []
    gone = missing_released(document, released)
    for identifier in gone:
        print(
            f"{source}: released id {identifier!r} no longer exists; {retire_hint(identifier)}",
            file=sys.stderr,
        )
    if gone:
        return 1
    new = [identifier for identifier in all_ids(document) if identifier not in set(released)]
    if args.update and new:
        version = header.title_page(document).version or "unversioned"
        with listing.open("a", encoding="utf-8") as out:
            if not released:
                out.write(
                    "# Ids published with a version of the edition: they never disappear.\n"
                    '# Retire one with <anchor xml:id="..." type="retired"/> (see README).\n'
                )
            heading = f"# version {version}"
            # Ids added again before the version is out go under its one heading.
            headings = [
                line
                for line in (listing.read_text("utf-8") if listing.exists() else "").splitlines()
                if line.startswith("# version ")
            ]
            if not headings or headings[-1] != heading:
                out.write(heading + "\n")
            out.write("".join(f"{i}\n" for i in new))
        print(f"{listing}: {len(new)} id(s) added as released with version {version}")
    elif new:
        print(f"{len(new)} id(s) not yet released (add them with --update): {' '.join(new)}")
    return 0


def _build_request(args: argparse.Namespace) -> BuildRequest:
    docs = Path(args.docs)
    if not (docs / "conf.py").is_file():
        raise UsageError(f"{docs}/conf.py: not found; --docs must name a Sphinx project folder")
    return BuildRequest(tuple(_sources(())), docs, Path(args.output), str(args.jobs), args.engine)


def cmd_build(args: argparse.Namespace) -> int:
    return build(_build_request(args), _reporter(args))


def cmd_serve(args: argparse.Namespace) -> int:
    """Build, serve and rebuild on every edit until interrupted (see serve.py)."""
    request = _build_request(args)
    preview = Preview(request, _reporter(args), host=args.host, port=args.port)
    status: int = preview.run(open_browser=args.open)
    return status


def cmd_schema(args: argparse.Namespace) -> int:
    """Print the path of the TEI schema, fetching it first if needed (or if --fetch)."""
    reporter = _reporter(args)
    path = schema.fetch(reporter.step) if args.fetch else schema.locate(progress=reporter.step)
    print(path)
    return 0


def _common(sub: argparse.ArgumentParser) -> None:
    loudness = sub.add_mutually_exclusive_group()
    loudness.add_argument("-v", "--verbose", action="store_true", help="say more (Sphinx's own)")
    loudness.add_argument("-q", "--quiet", action="store_true", help="only problems")


def _engine(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--engine",
        choices=ENGINES,
        default="auto",
        help="RELAX NG engine: lxml (always there), jing (needs java and the [jing] extra), or "
        "auto: lxml's fast verdict, messages from Jing where it runs (default)",
    )


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="edition",
        description="TEI P5 critical edition: validate, views, emendations, build, preview.",
        epilog=f"Exit status: 0 done, 1 problems in the input or environment, {USAGE_ERROR} "
        "the command was called wrongly.",
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
    p.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="text (path:line:col: message), json, or GitHub Actions annotations",
    )
    p.add_argument("--schema", metavar="RNG", help=f"tei_all.rng to use (or ${schema.SCHEMA_ENV})")
    _engine(p)
    _common(p)
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

    p = sub.add_parser("ids", help="check released ids are all still there; add new ones")
    p.add_argument("file", nargs="?", metavar="FILE", help=f"a TEI file (default: {SOURCES}/*.xml)")
    p.add_argument(
        "--released",
        default=f"{SOURCES}/released-ids.txt",
        metavar="PATH",
        help=f"the list of released ids (default: {SOURCES}/released-ids.txt)",
    )
    p.add_argument("--update", action="store_true", help="add the ids not yet listed")
    p.set_defaults(run=cmd_ids)

    p = sub.add_parser("cff", help="write CITATION.cff from the TEI header")
    p.add_argument("file", nargs="?", metavar="FILE", help=f"a TEI file (default: {SOURCES}/*.xml)")
    p.add_argument("-o", "--output", metavar="PATH", help="write here instead of standard output")
    p.set_defaults(run=cmd_cff)

    for name, run, helped in (
        ("build", cmd_build, "validate and build HTML, PDF and downloads"),
        ("serve", cmd_serve, "build, serve on localhost, rebuild and reload on every edit"),
    ):
        p = sub.add_parser(name, help=helped)
        p.add_argument(
            "-o",
            "--output",
            default=str(DEFAULT_OUTPUT),
            metavar="DIR",
            help=f"output folder (default: {DEFAULT_OUTPUT}/)",
        )
        p.add_argument("--docs", default="docs", metavar="DIR", help="the Sphinx project (docs/)")
        p.add_argument(
            "-j",
            "--jobs",
            default="1",
            metavar="N",
            help="Sphinx processes for reading and writing: a number or 'auto'",
        )
        _engine(p)
        _common(p)
        p.set_defaults(run=run)
        if name == "serve":
            p.add_argument("--host", default="127.0.0.1", help="default: 127.0.0.1 (this machine)")
            p.add_argument("--port", type=port, default=8000, help="default: 8000; 0 picks one")
            p.add_argument("--open", action="store_true", help="open the site in a browser")

    p = sub.add_parser("schema", help="print where the TEI schema is; fetch it if needed")
    p.add_argument("--fetch", action="store_true", help="fetch it again even if it is cached")
    _common(p)
    p.set_defaults(run=cmd_schema)
    return main


def _jobs(value: str) -> str:
    if value != "auto" and not (value.isdigit() and int(value) > 0):
        raise UsageError(f"--jobs {value}: give a positive number or 'auto'")
    return value


def run() -> NoReturn:
    """The `edition` command: main(), then out of the process at once. Everything is written
    and flushed by then; what is left is the interpreter freeing the build's objects one by
    one, a tenth of a cold `edition build` (benchmarks/build_figures.py), which no one waits
    for."""
    status = main()
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        # A reader that went away (a closed pipe) has nothing left to be told.
        with contextlib.suppress(OSError):
            stream.flush()
    os._exit(status)


def port(text: str) -> int:
    """A TCP port number, for argparse (which says what is wrong in one line)."""
    try:
        number = int(text)
    except ValueError:
        number = -1
    if not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port: give 0 to 65535 (0 picks one)")
    return number


def main(argv: Sequence[str] | None = None) -> int:
    allow_deep_documents()
    args = parser().parse_args(argv)
    try:
        if hasattr(args, "jobs"):
            args.jobs = _jobs(args.jobs)
        status: int = args.run(args)
    except UsageError as error:
        print(f"edition {args.command}: {error}", file=sys.stderr)
        return USAGE_ERROR
    except (TeiError, schema.SchemaUnavailable, SchemaEngineError) as error:
        print(f"edition {args.command}: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130
    except OSError as error:  # the file system or the network, not the input: one line too
        print(f"edition {args.command}: {_describe(error)}", file=sys.stderr)
        return 1
    return status


def _describe(error: OSError) -> str:
    where = f"{error.filename}: " if error.filename else ""
    reason = error.strerror or str(error)
    if isinstance(error, PermissionError):
        advice = "check the folder's permissions, or write elsewhere (-o)"
    elif isinstance(error, FileNotFoundError):
        advice = "the folder does not exist: create it, or write elsewhere (-o)"
    elif isinstance(error, (IsADirectoryError, NotADirectoryError)):
        advice = "give a file where a file is meant and a folder where a folder is"
    else:
        advice = "check the path and the free space"
    return f"{where}{reason}; {advice}"


if __name__ == "__main__":
    sys.exit(main())

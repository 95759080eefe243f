"""The build's figures, as ratios measured in one run on this machine (it is shared and noisy):

    python benchmarks/build_figures.py [--repeat N]

- cold `edition build` against its floor: the Typst compile of its own PDF plus a plain
  Sphinx build of the same pages as plain text;
- cold `sphinx-build -b html docs` against the same pages as plain text;
- `sphinx-build -b html` and `edition build` with nothing changed against the plain pages'
  no-op build;
- how often each TEI file is parsed and converted in one `edition build` (counted in every
  process the build runs, the PDF's included).

Each time is the median of N rounds, each run in a fresh process; a round runs every
measurement once, so that the load of the shared machine, which drifts, falls on all of them
alike. The plain pages are the text of each page of docs/ (as Sphinx's text builder writes
it), one line block per paragraph.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.benchmark_html import (  # noqa: E402  (the same median of fresh runs)
    compiled_as_installed,
    timed,
)

# Run in a fresh process: counts every parse of a TEI file and every conversion, in whatever
# process it happens (the PDF is written in one forked from the build), into a log file.
COUNTING = r"""
import os, sys
from pathlib import Path
from lxml import etree
import edition.core.convert as convert
import edition.page.converted as converted
import edition.validation.validate as validate
log, tei = sys.argv[1], sys.argv[2:]

def note(what, where):
    if any(str(where).endswith(name) for name in tei):
        with open(log, "a") as out:
            out.write(f"{what} {os.getpid()} {Path(str(where)).name}\n")

parse = etree.fromstring
def counted_parse(text, parser=None, *, base_url=None):
    note("parse", base_url or "")
    return parse(text, parser, base_url=base_url)
etree.fromstring = counted_parse
to_nodes = convert.to_nodes
def counted_to_nodes(document, *args, **kwargs):
    note("convert", document.path)
    return to_nodes(document, *args, **kwargs)
converted.to_nodes = validate.to_nodes = counted_to_nodes
from edition.cmd.cli import main
sys.exit(main(["build", "-q", "-o", os.environ["FIGURES_OUT"]]))
"""


def call(*command: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> None:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")


def sphinx(builder: str, source: Path, out: Path, *extra: str) -> None:
    call(sys.executable, "-m", "sphinx", "-q", "-b", builder, *extra, str(source), str(out))


def _escaped(line: str) -> str:
    return re.sub(r"([\\*`|_\[\]<>])", r"\\\1", line)


def plain_project(work: Path) -> Path:
    """The pages of docs/ as plain text: what Sphinx's text builder makes of each, as a
    project of plain reStructuredText pages with the same names and toctree."""
    text = work / "text"
    sphinx("text", ROOT / "docs", text)
    plain = work / "plain"
    plain.mkdir()
    (plain / "conf.py").write_text('project = "plain"\nhtml_theme = "alabaster"\n', "utf-8")
    toctree = re.findall(r"^   (\S+)$", (ROOT / "docs" / "index.rst").read_text("utf-8"), re.M)
    for page in sorted(text.glob("*.txt")):
        blocks = [b for b in page.read_text("utf-8").split("\n\n") if b.strip()]
        lines = [page.stem, "=" * max(len(page.stem), 3), ""]
        for block in blocks:
            lines += [f"| {_escaped(line)}" for line in block.splitlines() if line.strip()]
            lines.append("")
        if page.stem == "index":
            lines += [".. toctree::", "", *(f"   {name}" for name in toctree), ""]
        (plain / f"{page.stem}.rst").write_text("\n".join(lines), "utf-8")
    return plain


def counts(work: Path, tei: list[str]) -> dict[str, dict[str, int]]:
    log = work / "counts.log"
    log.unlink(missing_ok=True)
    env = {**os.environ, "FIGURES_OUT": str(work / "counted")}
    call(sys.executable, "-c", COUNTING, str(log), *tei, env=env)
    found: dict[str, dict[str, int]] = collections.defaultdict(collections.Counter)
    for line in log.read_text("utf-8").splitlines():
        what, _pid, name = line.split()
        found[name][what] += 1
    return {name: dict(c) for name, c in found.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    compiled_as_installed()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        plain = plain_project(work)
        out = work / "build"
        html = work / "html"
        plain_out = work / "plain-html"

        def clean(*paths: Path) -> Callable[[], None]:
            return lambda: [shutil.rmtree(p, ignore_errors=True) for p in paths] and None

        edition = [sys.executable, "-m", "edition", "build", "-q", "-o", str(out)]
        call(*edition)  # the PDF's Typst source (and what it imports), for the compile alone
        shutil.copytree(out / "pdf", work / "typst")
        typ = next((work / "typst").glob("*.typ"))
        typst_root = str(typ.parent)
        compile_pdf = (
            "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2], root=sys.argv[3],"
            " font_paths=[], ignore_system_fonts=True, pdf_standards=['ua-1'])"
        )
        scratch = work / "compiled.pdf"
        # Each round runs every measurement once, in this order, so that the machine's load,
        # which drifts over a minute, falls on all of them alike; each is the median of rounds.
        measurements: dict[str, tuple[Callable[[], None], Callable[[], None]]] = {
            "edition build, cold": (clean(out), lambda: call(*edition)),
            "edition build, nothing changed": (lambda: None, lambda: call(*edition)),
            "Typst compile of its PDF": (
                lambda: scratch.unlink(missing_ok=True),
                lambda: call(sys.executable, "-c", compile_pdf, str(typ), str(scratch), typst_root),
            ),
            "plain pages, cold html": (clean(plain_out), lambda: sphinx("html", plain, plain_out)),
            "plain pages, no-op html": (lambda: None, lambda: sphinx("html", plain, plain_out)),
            "sphinx-build -b html docs, cold": (
                clean(html),
                lambda: sphinx("html", ROOT / "docs", html),
            ),
            "sphinx-build -b html docs, no-op": (
                lambda: None,
                lambda: sphinx("html", ROOT / "docs", html),
            ),
        }
        rounds: dict[str, list[float]] = {name: [] for name in measurements}
        for _ in range(args.repeat):
            for name, (prepare, run) in measurements.items():
                rounds[name].append(timed(run, 1, prepare))
        seconds = {name: statistics.median(times) for name, times in rounds.items()}
        tei = sorted(p.name for p in (ROOT / "tei").glob("*.xml"))
        per_file = counts(work, tei)
    floor = seconds["Typst compile of its PDF"] + seconds["plain pages, cold html"]
    figures = {
        "seconds": {name: round(value, 3) for name, value in seconds.items()},
        "ratios": {
            "cold edition build / (Typst compile + plain pages)": round(
                seconds["edition build, cold"] / floor, 2
            ),
            "cold html / plain pages": round(
                seconds["sphinx-build -b html docs, cold"] / seconds["plain pages, cold html"], 2
            ),
            "no-op html / plain pages no-op": round(
                seconds["sphinx-build -b html docs, no-op"] / seconds["plain pages, no-op html"],
                2,
            ),
            "edition build with nothing changed / plain pages no-op": round(
                seconds["edition build, nothing changed"] / seconds["plain pages, no-op html"], 2
            ),
        },
        "per TEI file in one edition build": per_file,
    }
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()

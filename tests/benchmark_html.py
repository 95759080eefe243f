"""Benchmark of the HTML and PDF editions, as ratios measured in one run on this machine.

    python tests/benchmark_html.py [--repeat N]

Measures, each as the median of N runs in a fresh process:
  - a bare Sphinx build of a one-page project (the yardstick),
  - the cold Sphinx HTML build of docs/ (empty output folder),
  - a no-op rebuild of docs/ (nothing changed),
  - the cold `edition build` (TEI validation, downloads, the HTML and the PDF),
  - `edition build` again with nothing changed (validation remembered, Sphinx no-op),
  - `edition validate` alone, in a fresh process (the schema cached, as after the first use),
  - the cold PDF build (Sphinx's typst builder and the compile), as a ratio to the HTML build,
and the weight of the reading page (its HTML plus every CSS and JS file it loads), the PDF's page
count and size.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def page_weight(site: Path, page: str) -> dict[str, int]:
    """Bytes of a page and of the stylesheets (with their @imports) and scripts it loads."""
    html = (site / page).read_text("utf-8")
    assets = re.findall(r'<link rel="stylesheet"[^>]*href="([^"?]+)', html)
    assets += re.findall(r'<script[^>]*src="([^"?]+)', html)
    sizes = {page: len(html.encode("utf-8"))}
    pending = [site / a for a in assets]
    while pending:
        asset = pending.pop()
        if asset.name in sizes or not asset.exists():
            continue
        sizes[asset.name] = asset.stat().st_size
        if asset.suffix == ".css":
            imports = re.findall(r'@import url\("?([^")]+)"?\)', asset.read_text("utf-8"))
            pending += [asset.parent / i for i in imports]
    return sizes


def compiled_as_installed() -> None:
    """Byte-compile the package, as pip does when it installs it: a checkout used in place
    (pip install -e) on a machine that sets PYTHONDONTWRITEBYTECODE would otherwise compile
    every module of ours in every timed run, while Sphinx's come compiled."""
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(Path(__file__).parents[1] / "edition")],
        check=True,
        env={k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    )


def timed(
    run: Callable[[], None], repeat: int, prepare: Callable[[], None] = lambda: None
) -> float:
    times = []
    for _ in range(repeat):
        prepare()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def sphinx(source: Path, out: Path, builder: str = "html") -> None:
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", builder, str(source), str(out)], check=True
    )


def pdf_pages(pdf: Path) -> str:
    if not shutil.which("pdfinfo"):
        return "? (pdfinfo not installed)"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    return next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "?")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    repeat = parser.parse_args().repeat
    compiled_as_installed()
    work = Path(tempfile.mkdtemp(prefix="edition-bench-"))
    try:
        bare = work / "bare"
        bare.mkdir()
        (bare / "conf.py").write_text('html_theme = "alabaster"\n')
        (bare / "index.rst").write_text("One page\n========\n\nA paragraph.\n")
        project = work / "project"
        shutil.copytree(ROOT / "docs", project / "docs")
        shutil.copytree(ROOT / "tei", project / "tei")
        out = work / "out"

        def clean(folder: Path) -> Callable[[], None]:
            return lambda: shutil.rmtree(folder, ignore_errors=True)

        bare_cold = timed(lambda: sphinx(bare, out), repeat, clean(out))
        cold = timed(lambda: sphinx(project / "docs", out), repeat, clean(out))
        noop = timed(lambda: sphinx(project / "docs", out), repeat)
        pdf_out = work / "pdf"
        pdf_cold = timed(
            lambda: sphinx(project / "docs", pdf_out, "tei-typst"), repeat, clean(pdf_out)
        )
        pdf = pdf_out / "kropotkin-1919.pdf"
        pdf_size, pages = pdf.stat().st_size, pdf_pages(pdf)
        # The command line through this interpreter: no dependence on what PATH holds.
        edition = [sys.executable, "-m", "edition"]
        build_cold = timed(
            lambda: subprocess.run(
                [*edition, "build", "-q"], cwd=project, check=True, stdout=subprocess.DEVNULL
            ),
            repeat,
            clean(project / "_build"),
        )
        build_noop = timed(
            lambda: subprocess.run(
                [*edition, "build", "-q"], cwd=project, check=True, stdout=subprocess.DEVNULL
            ),
            repeat,
        )
        validate = timed(
            lambda: subprocess.run(
                [*edition, "validate", "-q"], cwd=project, check=True, stdout=subprocess.DEVNULL
            ),
            repeat,
        )
        weight = page_weight(project / "_build" / "html", "reading.html")
        glosses = gloss_weight(project / "_build" / "html" / "reading.html")
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"bare one-page Sphinx build        {bare_cold:6.2f} s  = 1.00")
    print(f"edition HTML build, cold          {cold:6.2f} s  = {cold / bare_cold:.2f} x bare")
    print(f"edition HTML rebuild, no change   {noop:6.2f} s  = {noop / bare_cold:.2f} x bare")
    print(
        f"`edition build`, cold (with TEI validation and downloads)"
        f" {build_cold:6.2f} s  = {build_cold / bare_cold:.2f} x bare"
    )
    print(
        f"edition PDF build, cold           {pdf_cold:6.2f} s  = {pdf_cold / cold:.2f} x HTML build"
    )
    print(f"PDF: {pages} pages, {pdf_size / 1000:.0f} kB")
    print(
        f"`edition build`, no change (validation remembered)"
        f"        {build_noop:6.2f} s  = {build_noop / bare_cold:.2f} x bare"
    )
    print(
        f"`edition validate`, cold process (schema cached)"
        f"          {validate:6.2f} s  = {validate / bare_cold:.2f} x bare"
    )
    total = sum(weight.values())
    parts = ", ".join(f"{name} {size / 1000:.1f}" for name, size in sorted(weight.items()))
    print(f"reading page weight: {total / 1000:.1f} kB uncompressed ({parts})")
    print(
        f"  of which name glosses: {glosses[0]} data-gloss attributes, {glosses[1]} bytes, "
        f"{glosses[2]} bytes if each distinct gloss stood once"
    )


def gloss_weight(page: Path) -> tuple[int, int, int]:
    """How much of a page the names' glosses take (count, bytes, bytes of the distinct
    ones): what serving each gloss once would save."""
    found = re.findall(r' data-gloss="[^"]*"', page.read_text("utf-8"))
    return len(found), sum(len(g.encode()) for g in found), sum(len(g.encode()) for g in set(found))


if __name__ == "__main__":
    main()

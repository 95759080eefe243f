"""How validation time grows with the document: the edition repeated 1, 10, 30 and 50 times;
documents of small paragraphs of 0.5, 5 and 50 MB; one paragraph of 2,500 to 80,000 line breaks.

    python benchmarks/validation_scaling.py            # all three
    python benchmarks/validation_scaling.py --quick    # the first two sizes of each

Each larger document repeats the body and the back (texts, textual notes, commentary) with every
xml:id inside them renamed per copy and the pointers to them rewritten, so that every copy is as
valid as the original and the Schematron has proportionally more to check. Printed for each size:
the Schematron alone (compiled once, as `edition validate` does), the in-process `validate()`
(load, schema subset, Schematron), and `edition validate` in a fresh process; and the ratio of
each to the 1x figure. Linear growth means a 10x ratio near 10.

The paragraphs and the line breaks are generic TEI with no Schematron: `edition validate` in a
fresh process, its time and its peak memory, and the RELAX NG step alone, each with its ratio to
the smallest; linear growth means a time ratio near the size ratio (the column "per size", time
ratio over size ratio, near 1).

First it prints what the schema costs for the edition: compiling the whole of tei_all, compiling
the subset the edition uses (what `edition validate` does), and, where java and the [jing] extra
exist, Jing validating an invalid copy against the whole schema (the messages path).
"""

from __future__ import annotations

import argparse
import copy
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from edition.core.tei import TEI_NS, XML_ID, declared_schematron, load
from edition.validation import schema
from edition.validation import schema as schema_module
from edition.validation.schematron import load_rules
from edition.validation.validate import jing_command, jing_problems, validate

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "tei" / "kropotkin-1919.xml"
POINTING = ("ref", "corresp", "target", "resp", "source", "who", "decls", "ana", "sameAs")


def renamer(number: int, local_ids: set[str | None]) -> Callable[[re.Match[str]], str]:
    """Rewrites a pointer to an element of the copied parts to that element's copy."""
    return lambda m: f"#{m[1]}-c{number}" if m[1] in local_ids else m[0]


def repeated(times: int, folder: Path) -> Path:
    tree = etree.parse(str(SOURCE))
    text = tree.getroot().find(f"{{{TEI_NS}}}text")
    assert text is not None
    parts = [text.find(f"{{{TEI_NS}}}body"), text.find(f"{{{TEI_NS}}}back")]
    # The works cited are one list for the whole edition (the Schematron checks each note
    # points into it): the copies point to the same entries.
    shared = {
        e.get(XML_ID)
        for part in parts
        if part is not None
        for listing in part.iter(f"{{{TEI_NS}}}listBibl")
        for e in listing.iter()
    }
    local_ids = {e.get(XML_ID) for part in parts if part is not None for e in part.iter()}
    local_ids -= shared | {None}
    originals = [
        [child for child in part if next(child.iter(f"{{{TEI_NS}}}listBibl"), None) is None]
        for part in parts
        if part is not None
    ]
    for number in range(2, times + 1):
        for part, children in zip(parts, originals, strict=True):
            assert part is not None
            twins = [copy.deepcopy(child) for child in children]
            for element in (e for twin in twins for e in twin.iter(etree.Element)):
                if element.get(XML_ID):
                    element.set(XML_ID, f"{element.get(XML_ID)}-c{number}")
                for name in POINTING:
                    value = element.get(name)
                    if value:
                        element.set(
                            name,
                            re.sub(r"#([\w.-]+)", renamer(number, local_ids), value),
                        )
            # The copies go into the same body and back: one of each, as TEI requires.
            part.extend(twins)
    path = folder / f"edition-x{times}.xml"
    tree.write(str(path), encoding="utf-8", xml_declaration=True)
    # The Schematron is declared relative to the document: point to the real one.
    rules = ROOT / "tei" / "edition.sch"
    text = path.read_text("utf-8").replace('href="edition.sch"', f'href="{rules}"')
    path.write_text(text, "utf-8")
    return path


def median_time(run: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(path: Path, schema_file: Path) -> tuple[float, float, float]:
    """Schematron alone, validate() in this process, `edition validate` in a new one."""
    document = load(path)
    (rules,) = declared_schematron(document)
    checker = load_rules(rules)
    report = validate(path)
    assert report.valid, report.problems[:3]
    schematron = median_time(lambda: checker.failures(document.tree))
    whole = median_time(lambda: validate(path, schema_file=schema_file))
    command = [sys.executable, "-m", "edition", "validate", "-q", str(path)]
    process = median_time(lambda: subprocess.run(command, check=True))
    return schematron, whole, process


def schema_costs(schema_file: Path, work: Path) -> None:
    from lxml import etree as lxml_etree

    grammar = lxml_etree.parse(str(schema_file))
    document = load(SOURCE)
    names = schema.used_names([document.tree])
    whole = median_time(lambda: lxml_etree.RelaxNG(grammar), repeat=1)
    subset = median_time(lambda: schema.compile_subset.__wrapped__(schema_file, names), repeat=5)
    print(f"{'tei_all compile, whole schema':40} {whole:7.3f} s")
    print(f"{'tei_all compile, the edition subset':40} {subset:7.3f} s")
    if jing_command() is None:
        print("Jing: not measured (needs java and the [jing] extra)")
        return
    invalid = work / "invalid.xml"
    invalid.write_text(SOURCE.read_text("utf-8").replace("</body>", "<p><madeUp/></p></body>"))
    jing = median_time(lambda: jing_problems(load(invalid), schema_file), repeat=3)
    print(f"{'Jing, whole schema, an invalid copy':40} {jing:7.3f} s")


GENERIC_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader><fileDesc><titleStmt><title>Scaling</title></titleStmt>
    <publicationStmt><p>Benchmark input.</p></publicationStmt>
    <sourceDesc><p>Generated.</p></sourceDesc></fileDesc></teiHeader>
  <text><body><div>
"""
GENERIC_TAIL = "</div></body></text>\n</TEI>\n"
PARAGRAPH = (
    '<p xml:id="p{n}">Paragraph {n}, with <hi rend="italic">some</hi> words and '
    "<choice><sic>teh</sic><corr>the</corr></choice> end.</p>\n"
)


def paragraphs(megabytes: float, folder: Path) -> Path:
    """Small paragraphs (ids, a highlight, an emendation) to about this size."""
    path = folder / f"paragraphs-{megabytes:g}mb.xml"
    count = int(megabytes * 1_000_000 / len(PARAGRAPH.format(n=500_000)))
    with path.open("w", encoding="utf-8") as out:
        out.write(GENERIC_HEAD)
        for start in range(0, count, 10_000):
            out.write(
                "".join(PARAGRAPH.format(n=n) for n in range(start, min(count, start + 10_000)))
            )
        out.write(GENERIC_TAIL)
    return path


def line_breaks(count: int, folder: Path) -> Path:
    path = folder / f"breaks-{count}.xml"
    body = "<p>" + "".join(f"line {n}<lb/>" for n in range(count)) + "</p>\n"
    path.write_text(GENERIC_HEAD + body + GENERIC_TAIL, "utf-8")
    return path


# Run from a small process of its own: a child's peak memory counts what it shared with its
# parent when forked, and this benchmark's own process grows to gigabytes.
MEASURE = """
import os, subprocess, sys, time
start = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
print(time.perf_counter() - start, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status))
"""


def measured(command: list[str]) -> tuple[float, float]:
    """A command's seconds and peak resident memory in MB; it must succeed."""
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, check=True
    )
    seconds, peak, status = done.stdout.split()
    assert status == "0", f"{command} failed"
    return float(seconds), float(peak)


def in_a_process(path: Path) -> tuple[float, float]:
    """`edition validate` in a fresh process: seconds and peak resident memory in MB."""
    return measured([sys.executable, "-m", "edition", "validate", "-q", str(path)])


def built(breaks: int, folder: Path) -> tuple[float, float]:
    """`edition build` (pages and PDF) of the tests' letter with one paragraph of so many line
    breaks."""
    project = folder / f"project-{breaks}"
    shutil.copytree(ROOT / "tests" / "roots" / "test-letter", project / "docs")
    letter = project / "docs" / "letter.xml"
    lines = "".join(f"line {n}<lb/>" for n in range(breaks))
    letter.write_text(letter.read_text("utf-8").replace("I write in haste", lines, 1), "utf-8")
    (project / "tei").mkdir()
    shutil.copy(letter, project / "tei" / "letter.xml")  # what `edition build` validates
    return measured(["env", f"--chdir={project}", sys.executable, "-m", "edition", "build"])


def relaxng_alone(path: Path, schema_file: Path) -> float:
    document = load(path)
    names = schema_module.used_names([document.tree])
    validator = schema_module.compile_subset(schema_file, names)
    return median_time(lambda: validator.validate(document.tree), repeat=1)


def generic_series(
    title: str, unit: str, inputs: list[tuple[float, Path]], schema_file: Path
) -> None:
    print(f"\n{title}")
    print(
        f"{unit:>10} {'bytes':>13}  {'edition validate':>18} {'per size':>8} {'peak MB':>8}"
        f" {'x size':>6}  {'RELAX NG':>16} {'per size':>8}"
    )
    base: tuple[int, float, float, float] | None = None
    for amount, path in inputs:
        size = path.stat().st_size
        seconds, peak = in_a_process(path)
        relaxng = relaxng_alone(path, schema_file)
        base = base or (size, seconds, peak, relaxng)
        scale = size / base[0]
        print(
            f"{amount:>10g} {size:>13,}  {seconds:8.2f} s ({seconds / base[1]:6.1f}x)"
            f" {seconds / base[1] / scale:8.2f} {peak:8.0f} {peak / (size / 1e6):6.1f}"
            f"  {relaxng:7.3f} s ({relaxng / base[3]:5.1f}x) {relaxng / base[3] / scale:8.2f}"
        )


def build_series(counts: tuple[int, ...], folder: Path) -> None:
    print("\n`edition build` of a letter with one paragraph of many line breaks.")
    print(f"{'breaks':>10}  {'edition build':>18} {'per size':>8} {'peak MB':>8}")
    base: tuple[int, float] | None = None
    for breaks in counts:
        seconds, peak = built(breaks, folder)
        base = base or (breaks, seconds)
        ratio = seconds / base[1]
        print(
            f"{breaks:>10}  {seconds:8.2f} s ({ratio:6.1f}x) {ratio / (breaks / base[0]):8.2f}"
            f" {peak:8.0f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the first two sizes of each")
    quick = parser.parse_args().quick
    sizes = (1, 10) if quick else (1, 10, 30, 50)
    rows = []
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        schema_file = schema.locate()
        schema_costs(schema_file, folder)
        for times in sizes:
            path = repeated(times, folder)
            rows.append((times, path.stat().st_size, *measure(path, schema_file)))
        base = rows[0]
        print("\nThe edition repeated, with its Schematron. Each time with its ratio to the 1x")
        print("time; 'bytes' with its ratio to the 1x size.")
        header = f"{'copies':>6} {'bytes':>17}  {'Schematron':>18}  {'validate()':>18}"
        print(f"{header}  {'edition validate':>18}")
        for times, size, schematron, whole, process in rows:
            print(
                f"{times:>5}x {size:>10,} ({size / base[1]:4.1f}x)"
                f"  {schematron:8.3f} s ({schematron / base[2]:5.1f}x)"
                f"  {whole:8.3f} s ({whole / base[3]:5.1f}x)"
                f"  {process:8.3f} s ({process / base[4]:5.1f}x)"
            )
        megabytes = (0.5, 5) if quick else (0.5, 5, 50)
        generic_series(
            "Small paragraphs, no Schematron ('peak MB / x size': peak memory over file MB).",
            "MB",
            [(mb, paragraphs(mb, folder)) for mb in megabytes],
            schema_file,
        )
        counts = (2_500, 10_000) if quick else (2_500, 10_000, 40_000, 80_000)
        build_series(counts[:3], folder)
        generic_series(
            "One paragraph of many line breaks, no Schematron.",
            "breaks",
            [(float(n), line_breaks(n, folder)) for n in counts],
            schema_file,
        )


if __name__ == "__main__":
    main()

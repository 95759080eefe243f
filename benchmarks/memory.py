"""Peak memory of `edition text` against the size of its input, measured in one run.

    python benchmarks/memory.py [--megabytes 38]

Two inputs are generated: the edition's texts repeated until the file reaches the given size (a
markup-dense document, like a large letter edition), and one paragraph of 9.9 MB (libxml2 caps a
text node at 10 MB). Each `edition text` runs in a process of its own; its peak resident memory
(ru_maxrss) is printed with the ratio to the input's size, and the interpreter's own peak (the
command doing nothing but `--version`) for comparison.
"""

from __future__ import annotations

import argparse
import copy
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
TEI = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
MEASURE = (
    "import resource, subprocess, sys; "
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def peak_kb(command: list[str]) -> int:
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, check=True
    )
    return int(done.stdout.strip())


def dense_document(target_bytes: int, path: Path) -> Path:
    tree = etree.parse(str(ROOT / "tei" / "kropotkin-1919.xml"))
    body = tree.getroot().find(f"{{{TEI}}}text/{{{TEI}}}body")
    assert body is not None
    originals = list(body)
    per_copy = sum(len(etree.tostring(child)) for child in originals)
    for number in range(2, max(2, target_bytes // per_copy) + 1):
        for child in originals:
            twin = copy.deepcopy(child)
            for element in twin.iter(etree.Element):
                if element.get(XML_ID):
                    element.set(XML_ID, f"{element.get(XML_ID)}-c{number}")
            body.append(twin)
    tree.write(str(path), encoding="utf-8", xml_declaration=True)
    return path


def long_paragraph(path: Path) -> Path:
    helpers = (ROOT / "tests" / "helpers.py").read_text("utf-8")
    match = re.search(r'TEI_SKELETON = """(.*?)"""', helpers, re.S)
    assert match is not None
    words = "word " * 1_980_000
    path.write_text(match[1].replace("{body}", f"<p>{words}</p>"), "utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--megabytes", type=float, default=38)
    target = int(parser.parse_args().megabytes * 1_000_000)
    edition = [sys.executable, "-m", "edition"]
    baseline = peak_kb([*edition, "--version"])
    print(f"interpreter and imports alone: {baseline / 1000:.0f} MB")
    with tempfile.TemporaryDirectory() as work:
        for path in (
            dense_document(target, Path(work, "dense.xml")),
            long_paragraph(Path(work, "paragraph.xml")),
        ):
            size = path.stat().st_size
            for view in ("diplomatic", "reading"):
                peak = peak_kb([*edition, "text", "--view", view, str(path)]) * 1000
                print(
                    f"{path.name:14} {size / 1e6:6.1f} MB  {view:10}  peak {peak / 1e6:6.1f} MB"
                    f" = {peak / size:4.1f}x the input"
                    f" ({(peak - baseline * 1000) / size:4.1f}x above the interpreter's own)"
                )


if __name__ == "__main__":
    main()

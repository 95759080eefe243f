"""The edition at corpus scale: a synthetic corpus of TEI letters, and what it costs to render.

    python benchmarks/corpus.py generate --letters 117 --out /tmp/corpus
    python benchmarks/corpus.py throughput [--letters 117]
    python benchmarks/corpus.py build [--sizes 100 1000]
    python benchmarks/corpus.py incremental [--letters 100]
    python benchmarks/corpus.py --package-root /tmp/old throughput   # another checkout

Every figure is measured in one run on this machine and printed as a ratio, as the project's
rules ask (timings on a shared machine are noisy; ratios measured together are not):

- throughput: TEI -> doctree -> each view's text, in one process, against the floor of lxml
  parsing and serialising the same files; and the peak memory of converting the largest letter
  against its size;
- build: a full Sphinx HTML build of N letters (a reading page and a diplomatic page each), in a
  fresh process, with its peak memory; the same pages with each letter's text as plain
  reStructuredText (the cost of Sphinx itself); and time(largest N) / time(smallest N);
- incremental: the output pages an edit of one letter makes Sphinx rewrite.

The letters mix the phenomena of real letter editions (letter parts, address lines, choices of
every kind, additions and deletions, gaps, notes, names, quotations, lists, breaks) in several
languages; a seeded generator makes the same corpus every time.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PACKAGE_ROOT = ROOT  # --package-root: the checkout whose edition package is measured
TEI = "http://www.tei-c.org/ns/1.0"

WORDS = {
    "de": [
        "und",
        "der",
        "die",
        "das",
        "ich",
        "Sie",
        "Brief",
        "heute",
        "gestern",
        "Freund",
        "Wien",
        "Arbeit",
        "Buch",
        "sehr",
        "gern",
    ],
    "fr": [
        "et",
        "le",
        "la",
        "les",
        "je",
        "vous",
        "lettre",
        "hier",
        "ami",
        "Paris",
        "travail",
        "livre",
        "très",
        "bien",
        "demain",
    ],
    "it": [
        "e",
        "il",
        "la",
        "le",
        "io",
        "lei",
        "lettera",
        "ieri",
        "amico",
        "Roma",
        "lavoro",
        "libro",
        "molto",
        "bene",
        "domani",
    ],
    "en": [
        "and",
        "the",
        "of",
        "I",
        "you",
        "letter",
        "yesterday",
        "friend",
        "London",
        "work",
        "book",
        "very",
        "well",
        "tomorrow",
    ],
}
SALUTES = {"de": "Lieber Freund,", "fr": "Mon cher ami,", "it": "Caro amico,", "en": "Dear friend,"}
PLACES = {"de": "Wien", "fr": "Paris", "it": "Roma", "en": "London"}


def sentence(rng: random.Random, lang: str, serial: int) -> str:
    """A sentence with one or two phenomena in it (escaped words, so the XML is always valid)."""
    words = [rng.choice(WORDS[lang]) for _ in range(rng.randint(8, 18))]
    phenomena = [
        lambda w: f"<choice><sic>{w}x</sic><corr>{w}</corr></choice>",
        lambda w: f"<choice><abbr>{w[:2]}.</abbr><expan>{w}</expan></choice>",
        lambda w: f"<choice><orig>{w}</orig><reg>{w.lower()}</reg></choice>",
        lambda w: f'<persName ref="#p{serial % 7}">{w.title()}</persName>',
        lambda w: f'<placeName ref="#pl{serial % 5}">{PLACES[lang]}</placeName>',
        lambda w: f'<hi rend="italic">{w}</hi>',
        lambda w: f"<del>{w}</del> <add place='above'>{w}</add>",
        lambda w: f"<unclear>{w}</unclear>",
        lambda w: f'{w} <gap reason="illegible" quantity="1" unit="word"/>',
        lambda w: f'<supplied reason="damage">{w}</supplied>',
        lambda w: f"<q>{w}</q>",
        lambda w: f'<foreign xml:lang="la">{w}</foreign>',
        lambda w: f"{w}<lb/>",
        lambda w: f'{w[:2]}<lb break="no"/>{w[2:]}',
        lambda w: f"{w}<note place='foot'>{w} {w}.</note>",
        lambda w: f'<date when="1900-01-0{serial % 9 + 1}">{w}</date>',
    ]
    for index in rng.sample(range(len(words)), rng.randint(1, 2)):
        words[index] = rng.choice(phenomena)(words[index])
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def registers(rng: random.Random, lang: str, number: int) -> str:
    """The back matter real letter editions carry with each letter: register entries of the
    persons and places mentioned, with authority identifiers (most of a real file's bytes)."""
    people = []
    for person in range(rng.randint(3, 9)):
        links = "".join(
            f'<idno type="URL" subtype="{kind}">https://example.org/{kind}/{number}-{person}</idno>'
            for kind in ("gnd", "wikidata", "viaf", "pmb", "wikipedia")
        )
        people.append(
            f'<person xml:id="p{person}"><persName><forename>{WORDS[lang][person % 5]}'
            f"</forename><surname>{WORDS[lang][(person + 3) % 9].title()}</surname></persName>"
            f'<birth><date when="18{40 + person}-01-01"/><placeName>{PLACES[lang]}</placeName>'
            f'</birth><death><date when="19{10 + person}-12-31"/></death>{links}</person>'
        )
    places = "".join(
        f'<place xml:id="pl{place}"><placeName>{PLACES[lang]} {place}</placeName>'
        f"<location><geo>48.2{place} 16.3{place}</geo></location>"
        f'<idno type="URL">https://example.org/geonames/{number}-{place}</idno></place>'
        for place in range(5)
    )
    return f"<back><listPerson>{''.join(people)}</listPerson><listPlace>{places}</listPlace></back>"


def letter(number: int, seed: int = 1919) -> str:
    rng = random.Random(seed * 100_003 + number)
    lang = rng.choice(sorted(WORDS))
    paragraphs = []
    for p in range(rng.randint(3, 16)):
        text = " ".join(sentence(rng, lang, number + s) for s in range(rng.randint(2, 9)))
        paragraphs.append(f'<p xml:id="l{number}-p{p + 1}">{text}</p>')
    extras = ""
    if rng.random() < 0.3:
        extras += "<list><item>" + "</item><item>".join(WORDS[lang][:3]) + "</item></list>"
    if rng.random() < 0.3:
        extras += f'<pb n="{rng.randint(2, 9)}"/>'
    body = "\n          ".join(paragraphs)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="{lang}">
  <teiHeader>
    <fileDesc>
      <titleStmt><title>Letter {number}</title></titleStmt>
      <publicationStmt><p>Synthetic letter for benchmarks.</p></publicationStmt>
      <sourceDesc><p>Generated by benchmarks/corpus.py (seed {seed}).</p></sourceDesc>
    </fileDesc>
    <profileDesc>
      <correspDesc>
        <correspAction type="sent"><persName ref="#p1">N. N.</persName>
          <placeName>{PLACES[lang]}</placeName><date when="1900-03-01"/></correspAction>
        <correspAction type="received"><persName ref="#p2">M. M.</persName></correspAction>
      </correspDesc>
      <langUsage><language ident="{lang}"/></langUsage>
    </profileDesc>
    <revisionDesc><change when="2026-11-30">Generated.</change></revisionDesc>
  </teiHeader>
  <text>
    <body>
      <div type="letter">
        <opener>
          <dateline>{PLACES[lang]}, <date when="1900-03-0{number % 9 + 1}"
            >{number % 28 + 1}.3.1900</date></dateline>
          <address><addrLine>{WORDS[lang][5].title()} {number}</addrLine>
            <addrLine>{PLACES[lang]}</addrLine></address>
          <salute>{SALUTES[lang]}</salute>
        </opener>
          {body}
        {extras}
        <closer><salute>{WORDS[lang][6]}</salute> <signed>N. N.</signed></closer>
        <postscript><p>P.S. {" ".join(WORDS[lang][:6])}.</p></postscript>
      </div>
    </body>
    {registers(rng, lang, number)}
  </text>
</TEI>
"""


def generate(count: int, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(1, count + 1):
        path = out / f"letter-{number:04d}.xml"
        path.write_text(letter(number), encoding="utf-8")
        paths.append(path)
    return paths


# -- throughput ------------------------------------------------------------------------------
def throughput(count: int) -> None:
    from edition.core import text
    from edition.core.convert import to_nodes
    from edition.core.tei import load
    from edition.core.view import VIEWS
    from edition.core.views import project

    with tempfile.TemporaryDirectory() as folder:
        paths = generate(count, Path(folder))
        size = sum(p.stat().st_size for p in paths)
        data = [p.read_bytes() for p in paths]
        start = time.perf_counter()
        for raw in data:
            etree.tostring(etree.fromstring(raw))
        floor = time.perf_counter() - start
        start = time.perf_counter()
        trees = [to_nodes(load(p, raw), lambda w: None) for p, raw in zip(paths, data, strict=True)]
        convert = time.perf_counter() - start
        views = {}
        for name, view in VIEWS.items():
            start = time.perf_counter()
            for tree in trees:
                text.render(project(tree, view))
            views[name] = time.perf_counter() - start
    body = sum(
        len(etree.tostring(etree.fromstring(raw).find(f"{{{TEI}}}text/{{{TEI}}}body")))
        for raw in data
    )
    print(
        f"{count} letters, {size / 1e6:.2f} MB, of which the bodies (the text the views "
        f"render) {body / size:.0%}"
    )
    print(f"  floor (lxml parse + serialise): {floor:.3f} s ({size / 1e6 / floor:.0f} MB/s)")
    print(f"  convert once (load + TEI -> doctree): {convert:.3f} s = {convert / floor:.1f}x")
    for name, seconds in views.items():
        total = convert + seconds
        print(
            f"  {name} view: projection + text {seconds:.3f} s; with the conversion "
            f"{total:.3f} s = {total / floor:.1f}x the floor"
        )
    both = convert + sum(views.values())
    print(f"  both views from one conversion: {both:.3f} s = {both / floor:.1f}x the floor")


MEMORY = (
    "import resource, sys; from pathlib import Path; "
    "from edition import text; from edition.core.convert import to_nodes; "
    "from edition.core.tei import load; from edition.core.views import VIEWS, project; "
    "paths = sorted(Path(sys.argv[1]).glob('*.xml')) if sys.argv[2] == 'convert' else []; "
    "trees = [to_nodes(load(p), lambda w: None) for p in paths]; "
    "views = [project(t, v) for t in trees for v in VIEWS.values()]; "
    "texts = [text.render(v) for v in views]; "
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
)


def memory(count: int) -> None:
    """Peak memory of holding every letter converted and both views projected (what a build
    keeps), against the corpus's size on disk: the peak of a process that does it, minus the
    peak of one that only imports the same modules."""
    with tempfile.TemporaryDirectory() as folder:
        paths = generate(count, Path(folder))
        size = sum(p.stat().st_size for p in paths)
        peaks = []
        for mode in ("import", "convert"):
            done = subprocess.run(
                [sys.executable, "-c", MEMORY, folder, mode],
                capture_output=True,
                text=True,
                check=True,
                cwd=PACKAGE_ROOT,
            )
            peaks.append(int(done.stdout) * 1024)
    grown = peaks[1] - peaks[0]
    print(
        f"  memory: {size / 1e6:.2f} MB of TEI, converted and both views held: "
        f"{grown / 1e6:.1f} MB above the interpreter's = {grown / size:.1f}x the input"
    )


# -- builds ----------------------------------------------------------------------------------
# The theme's sidebar lists every page of the project on every page (Sphinx's global toctree):
# that work grows with the square of the pages, with or without the extension, and would hide
# what the extension's own cost does as the corpus grows. Both projects go without it.
CONF = (
    'extensions = [{ext}]\nproject = "Corpus"\nhtml_theme = "alabaster"\n'
    'html_sidebars = {{"**": ["searchbox.html"]}}\n'
)


def project_folder(root: Path, count: int, plain: bool) -> Path:
    """One reading and one diplomatic page per letter, listed by an index page; plain: the
    same pages with each letter's text written as reStructuredText (no extension)."""
    from edition.core import text
    from edition.core.convert import to_nodes
    from edition.core.tei import load
    from edition.core.view import VIEWS
    from edition.core.views import project

    # Not "edition": a folder of that name in the working directory would shadow the package.
    source = root / ("plain-rst" if plain else "with-extension")
    letters = generate(count, source / "letters")
    pages = []
    for path in letters:
        for view in ("reading", "diplomatic"):
            name = f"{path.stem}-{view}"
            pages.append(name)
            title = f"{path.stem} ({view})"
            head = f"{title}\n{'=' * len(title)}\n\n"
            if plain:
                shown = text.render(project(to_nodes(load(path), lambda w: None), VIEWS[view]))
                body = "\n\n".join(
                    "| " + block.replace("\n", "\n| ") if "\n" in block else block
                    for block in (b.replace("*", "\\*").replace("`", "\\`") for b in shown.blocks)
                )
            else:
                body = f".. tei-edition:: letters/{path.name}\n   :view: {view}\n"
            (source / f"{name}.rst").write_text(head + body + "\n", encoding="utf-8")
    listing = "\n".join(f"   {page}" for page in pages)
    (source / "index.rst").write_text(
        f"Letters\n=======\n\n.. toctree::\n   :maxdepth: 1\n\n{listing}\n", encoding="utf-8"
    )
    (source / "conf.py").write_text(CONF.format(ext="" if plain else '"edition"'))
    return source


MEASURED_BUILD = (
    "import resource, subprocess, sys, time; start = time.perf_counter(); "
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True); "
    "print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def sphinx_build(source: Path, out: Path) -> tuple[float, int]:
    """Seconds and peak memory (kB) of one sphinx-build in a fresh process."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            MEASURED_BUILD,
            sys.executable,
            "-m",
            "sphinx",
            "-q",
            "-W",  # a build that warns measures nothing worth having
            "-b",
            "html",
            "-d",
            str(out / ".doctrees"),
            str(source),
            str(out),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    seconds, peak = done.stdout.split()
    return float(seconds), int(peak)


def builds(sizes: list[int]) -> None:
    timings = {}
    for count in sizes:
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            edition_src = project_folder(root, count, plain=False)
            plain_src = project_folder(root, count, plain=True)
            seconds, peak = sphinx_build(edition_src, root / "out-edition")
            plain_seconds, plain_peak = sphinx_build(plain_src, root / "out-plain")
        timings[count] = seconds
        print(
            f"{count} letters ({2 * count} pages): edition build {seconds:.1f} s, peak "
            f"{peak / 1024:.0f} MB; plain reStructuredText {plain_seconds:.1f} s, peak "
            f"{plain_peak / 1024:.0f} MB; extension's cost {seconds / plain_seconds:.2f}x"
        )
    small, large = min(timings), max(timings)
    if small != large:
        print(
            f"time({large}) / time({small}) = {timings[large] / timings[small]:.1f} "
            f"({large / small:.0f} times the letters)"
        )


def incremental(count: int) -> None:
    """Which pages an edit of one letter makes Sphinx write again."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        source = project_folder(root, count, plain=False)
        out = root / "out"
        sphinx_build(source, out)
        before = {p: p.stat().st_mtime_ns for p in out.glob("*.html")}
        time.sleep(0.05)
        edited = source / "letters" / "letter-0002.xml"
        edited.write_text(
            edited.read_text("utf-8").replace("P.S.", "P.S. (edited)"), encoding="utf-8"
        )
        seconds, _ = sphinx_build(source, out)
        rewritten = sorted(p.name for p in out.glob("*.html") if p.stat().st_mtime_ns != before[p])
    print(f"after editing letter-0002.xml: {len(rewritten)} of {len(before)} pages rewritten")
    print("  " + ", ".join(rewritten))
    print(f"  rebuild {seconds:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--package-root",
        type=Path,
        default=ROOT,
        metavar="DIR",
        help="measure the edition package of another checkout (throughput), for example a git "
        "worktree of an older commit: git worktree add /tmp/old <commit>",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("generate")
    make.add_argument("--letters", type=int, default=117)
    make.add_argument("--out", type=Path, required=True)
    speed = commands.add_parser("throughput")
    speed.add_argument("--letters", type=int, default=117)
    build = commands.add_parser("build")
    build.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    again = commands.add_parser("incremental")
    again.add_argument("--letters", type=int, default=100)
    arguments = parser.parse_args()
    global PACKAGE_ROOT
    PACKAGE_ROOT = arguments.package_root.resolve()
    sys.path.insert(0, str(PACKAGE_ROOT))
    if arguments.command == "generate":
        paths = generate(arguments.letters, arguments.out)
        print(f"{len(paths)} letters in {arguments.out}")
    elif arguments.command == "throughput":
        throughput(arguments.letters)
        memory(arguments.letters)
    elif arguments.command == "build":
        builds(sorted(arguments.sizes))
    else:
        incremental(arguments.letters)


if __name__ == "__main__":
    main()

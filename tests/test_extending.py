"""What another project adds without editing the package: a view defined as data in its
conf.py, and an element with a behaviour of its own (floatingText, set apart as an inset),
rendered by every builder."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import redirect_stderr
from pathlib import Path

import pytest
from lxml import html
from sphinx.cmd.build import build_main

LETTER = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader><fileDesc><titleStmt><title>A letter with a copy inside</title></titleStmt>
    <publicationStmt><p>Test fixture.</p></publicationStmt>
    <sourceDesc><p>Invented for the tests.</p></sourceDesc></fileDesc></teiHeader>
  <text><body><div type="letter">
    <p xml:id="p1">I <choice><orig>shew</orig><reg>show</reg></choice> you <choice><sic>teh</sic>
      <corr>the</corr></choice> letter of <choice><abbr>Dr</abbr><expan>Doctor</expan></choice>
      Smith, copied whole:</p>
    <floatingText type="letter" xml:id="copy"><body>
      <p xml:id="p2">Dear friend, I write in haste.</p>
    </body></floatingText>
    <p xml:id="p3">So he wrote.</p>
  </div></body></text>
</TEI>
"""
# A normalised transcription: the witness's errors kept, its spelling and abbreviations not.
NORMALISED = """
edition_views = {
    "normalised": {
        "prefer": ["sic", "reg", "expan"],
        "hides": ["del", "surplus"],
        "title": "Normalised transcription",
        "label": "Normalised",
    }
}
"""


def project(folder: Path, conf: str = NORMALISED, view: str = "normalised") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "letter.xml").write_text(LETTER, "utf-8")
    (folder / "conf.py").write_text(f"extensions = ['edition']\n{conf}", "utf-8")
    (folder / "index.rst").write_text(
        "Letter\n======\n\n.. toctree::\n\n   reading\n   normalised\n   diplomatic\n", "utf-8"
    )
    for name, shown in (("reading", "reading"), ("normalised", view), ("diplomatic", "diplomatic")):
        page = f"{name.capitalize()}\n{'=' * len(name)}\n\n.. tei-edition:: letter.xml\n"
        (folder / f"{name}.rst").write_text(page + f"   :view: {shown}\n", "utf-8")
    return folder


def build(source: Path, out: Path, builder: str) -> tuple[int, str]:
    errors = io.StringIO()
    with redirect_stderr(errors):
        status = build_main(["-q", "-E", "-b", builder, str(source), str(out)])
    return status, errors.getvalue()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    work = tmp_path_factory.mktemp("extending")
    status, errors = build(project(work / "src"), work / "html", "html")
    assert (status, errors) == (0, "")
    yield work


def words(page: Path, xpath: str) -> str:
    tree = html.parse(str(page))
    return " ".join(" ".join(n.text_content() for n in tree.xpath(xpath)).split())


def test_a_view_defined_in_conf_is_a_page_of_its_own(site: Path) -> None:
    text = words(site / "html" / "normalised.html", "//*[contains(@class, 'tei-view-normalised')]")
    assert "I show you teh letter of Doctor Smith" in text
    reading = words(site / "html" / "reading.html", "//*[contains(@class, 'tei-view-reading')]")
    assert "I show you the letter of Doctor Smith" in reading


def test_the_other_views_link_to_it_by_its_label(site: Path) -> None:
    tree = html.parse(str(site / "html" / "reading.html"))
    links = tree.xpath("//nav[contains(@class, 'tei-view-switcher')]//a")
    assert {a.text_content(): a.get("href").split("#")[0] for a in links} == {
        "Normalised": "normalised.html",
        "Diplomatic": "diplomatic.html",
    }


def test_floating_text_is_an_inset_on_the_web(site: Path) -> None:
    tree = html.parse(str(site / "html" / "reading.html"))
    (inset,) = tree.xpath("//aside[contains(@class, 'tei-inset')]")
    # Its paragraphs are the letter's too: numbered and citable where they stand.
    assert " ".join(inset.text_content().split()) == "§2Dear friend, I write in haste."
    css = (site / "html" / "_static" / "edition.css").read_text("utf-8")
    assert "aside.tei-inset" in css  # the node type's own rule, at the end of the stylesheet


def test_floating_text_in_plain_text_and_in_print(site: Path) -> None:
    source = site / "src"
    status, errors = build(source, site / "text", "text")
    assert (status, errors) == (0, "")
    assert "Dear friend, I write in haste." in (site / "text" / "reading.txt").read_text("utf-8")
    status, errors = build(source, site / "pdf", "tei-typst")
    assert (status, errors) == (0, "")
    typst = (site / "pdf" / "edition.typ").read_text("utf-8")
    assert "#let inset(" in typst and "#inset[" in typst
    assert (site / "pdf" / "edition.pdf").read_bytes()[:5] == b"%PDF-"


@pytest.mark.parametrize(
    ("conf", "message"),
    [
        ("edition_views = {'normalised': {'prefers': ['reg']}}", "no field prefers"),
        ("edition_views = {'synoptic': {}}", "cannot name a view"),
    ],
)
def test_a_view_badly_defined_is_refused_naming_conf_py(
    tmp_path: Path, conf: str, message: str
) -> None:
    status, errors = build(project(tmp_path / "src", conf), tmp_path / "out", "html")
    assert status != 0
    assert "conf.py" in errors and message in errors


def test_a_page_asking_for_an_unknown_view_names_the_views(tmp_path: Path) -> None:
    _, errors = build(project(tmp_path / "src", view="normalized"), tmp_path / "out", "html")
    assert "normalised.rst:4: ERROR: :view: 'normalized' is not a view of this project" in errors
    assert "diplomatic, reading, normalised, synoptic" in errors

"""A view as data: which readings it prefers, which editorial roles it hides or marks, and what
the page layer does with it. The edition's two views are defined here."""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class View:
    """What a view shows. 'prefer': which alternative of a choice or app it picks, in order;
    'hides': editorial roles whose content it leaves out; 'marks': roles it sets off with marks
    (so that plain text and print keep the distinction); 'line_breaks': the source's line
    breaks kept; 'bracket_additions': what the editors add (a title) in square brackets.
    The page layer's part: 'witness_readings' (the witness's reading can be shown beside each
    intervention), 'links_to' (the view each intervention links to) and 'canonical' (the view
    that links to an element of the text, from anywhere, land in)."""

    name: str
    prefer: tuple[str, ...]
    hides: frozenset[str]
    marks: frozenset[str]
    line_breaks: bool
    bracket_additions: bool
    witness_readings: bool = False
    links_to: str = ""
    canonical: bool = False  # where links to an element of the text land
    title: str = ""  # what a reader calls it: column headings, toggles


DIPLOMATIC = View(
    "diplomatic",
    prefer=("sic", "orig", "abbr", "lem"),
    # The witness has neither the editors' supplements nor the expanded part of an abbreviation.
    hides=frozenset({"supplied", "ex"}),
    marks=frozenset({"del"}),
    line_breaks=True,
    bracket_additions=True,
    links_to="reading",
    title="Witness (diplomatic)",
)
READING = View(
    "reading",
    prefer=("corr", "reg", "expan", "lem"),
    hides=frozenset({"del", "surplus", "am", "fw", "rdg"}),
    marks=frozenset({"supplied"}),
    line_breaks=False,
    bracket_additions=False,
    witness_readings=True,
    canonical=True,
    title="Reading text",
)
VIEWS = MappingProxyType({view.name: view for view in (DIPLOMATIC, READING)})

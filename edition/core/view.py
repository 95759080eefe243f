"""A view as data: which readings it prefers, which editorial roles it hides or marks, and what
the page layer does with it. The edition's two views are defined here; a project adds its own
in conf.py (project_views)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any


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
    label: str = ""  # its name among the links to a text's other views (else its title)


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
    label="Diplomatic",
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
# Not a view: the page of both views side by side (layout), so no view may take its name.
SIDE_BY_SIDE = "synoptic"


def project_views(configured: Mapping[str, Mapping[str, Any]]) -> Mapping[str, View]:
    """The edition's views and a project's own, by name: a view is data, so a project
    defines one in conf.py (edition_views) as a mapping of View's fields, e.g. a normalised
    text: {"normalised": {"prefer": ["corr", "reg", "expan"], "hides": ["del"]}}."""
    found = dict(VIEWS)
    for name, spec in configured.items():
        if name == SIDE_BY_SIDE or not name.isidentifier():
            raise ValueError(
                f"edition_views: {name!r} cannot name a view; choose a word other than "
                f"{SIDE_BY_SIDE!r} (letters, digits and _)"
            )
        fields = {f.name for f in dataclasses.fields(View)} - {"name"}
        unknown = sorted(set(spec) - fields)
        if unknown:
            raise ValueError(
                f"edition_views[{name!r}]: no field {', '.join(unknown)}; a view has "
                + ", ".join(sorted(fields))
            )
        given = {**_VIEW_DEFAULTS, "title": name.capitalize(), **spec}
        for key in ("prefer",):
            given[key] = tuple(given[key])
        for key in ("hides", "marks"):
            given[key] = frozenset(given[key])
        found[name] = View(name, **given)
    return MappingProxyType(found)


_VIEW_DEFAULTS: dict[str, Any] = {
    "prefer": (),
    "hides": (),
    "marks": (),
    "line_breaks": False,
    "bracket_additions": False,
}

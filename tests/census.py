"""Census of an edition's apparatus: the figures a review of the notes and sources asks for.

    python tests/census.py [TEI ...]        (default: tei/kropotkin-1919.xml)

Counts, read from the TEI itself (nothing is typed twice):
  - interventions, as the ledger and `edition validate` count them, by their evidence
    (corr/@evidence; a reading supplied from a source counts as external);
  - notes: textual notes by subtype (on an intervention, retained, doubtful, ...), notes of
    the commentary, register glosses;
  - register entries by list, and how many carry an authority id (idno of a type other than
    the edition's own), by id type;
  - works cited by kind (the type of the listBibl that groups them), and how many are web
    pages with their access date recorded.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from edition.core.convert import to_nodes  # noqa: E402
from edition.core.emendations import collect  # noqa: E402
from edition.core.tei import XML_ID, TeiDocument, load, local_name  # noqa: E402
from edition.ext.registers import LISTS  # noqa: E402

# idno types that identify the edition itself, not an authority record of an entry.
OWN_IDNOS = frozenset({"project", "version", "DOI", "URI", "URL"})


@dataclass
class Census:
    interventions: Counter[str] = field(default_factory=Counter)
    notes: Counter[str] = field(default_factory=Counter)
    entries: Counter[str] = field(default_factory=Counter)
    entries_with_ids: Counter[str] = field(default_factory=Counter)
    id_types: Counter[str] = field(default_factory=Counter)
    sources: Counter[str] = field(default_factory=Counter)
    web_sources: int = 0
    web_sources_dated: int = 0


def intervention_evidence(document: TeiDocument) -> Counter[str]:
    """The ledger's interventions, each by the evidence the encoding gives for it."""
    tree = to_nodes(document, lambda warning: None)
    return Counter(e.evidence or "not stated" for e in collect(document, tree))


def take(document: TeiDocument) -> Census:
    census = Census(interventions=intervention_evidence(document))
    for element in document.root.iter():
        # The editors' and the texts' notes; the header's notes describe sources.
        if local_name(element) != "note" or any(
            local_name(a) == "teiHeader" for a in element.iterancestors()
        ):
            continue
        kind = element.get("type") or "untyped (the source's own)"
        if kind == "textual":
            kind += " (" + (element.get("subtype") or "on an intervention") + ")"
        census.notes[kind] += 1
    for list_name, entry_name in LISTS.values():
        for entry in document.root.iter():
            if local_name(entry) != entry_name or local_name(entry.getparent()) != list_name:
                continue
            census.entries[entry_name] += 1
            ids = [
                i.get("type") or "untyped"
                for i in entry
                if local_name(i) == "idno" and i.get("type") not in OWN_IDNOS
            ]
            if ids:
                census.entries_with_ids[entry_name] += 1
                census.id_types.update(ids)
    cited = [
        e
        for e in document.root.iter()
        if local_name(e) == "listBibl" and e.get(XML_ID) == "works-cited"
    ]
    for works in cited:
        for entry in works.iter():
            if local_name(entry) != "bibl" or local_name(entry.getparent()) != "listBibl":
                continue
            census.sources[entry.getparent().get("type") or "unclassed"] += 1
            links = [p for p in entry.iter() if local_name(p) == "ptr"]
            if any((p.get("target") or "").startswith("http") for p in links):
                census.web_sources += 1
                census.web_sources_dated += any(
                    local_name(d) == "date" and d.get("type") == "accessed" for d in entry.iter()
                )
    return census


def report(path: Path, census: Census) -> str:
    def line(label: str, counts: Counter[str]) -> str:
        parts = ", ".join(f"{name} {n}" for name, n in sorted(counts.items()))
        return f"  {label}: {sum(counts.values())}" + (f" ({parts})" if parts else "")

    return "\n".join(
        [
            f"{path}:",
            line("interventions by evidence", census.interventions),
            line("notes", census.notes),
            line("register entries", census.entries),
            line("entries with an authority id", census.entries_with_ids),
            line("authority ids by type", census.id_types),
            line("works cited by kind", census.sources),
            f"  works cited online: {census.web_sources}, with an access date: "
            f"{census.web_sources_dated}",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("tei", nargs="*", type=Path, default=[ROOT / "tei/kropotkin-1919.xml"])
    arguments = parser.parse_args(argv)
    for path in arguments.tei:
        print(report(path, take(load(path))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

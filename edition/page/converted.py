"""One TEI file converted, and what every page reads off it: the views' tree, the
interventions, the loci, and the notes and register prose, each converted once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from docutils import nodes
from lxml import etree

from edition.core import emendations
from edition.core.convert import ConversionWarning, Converter, TeiText, to_nodes
from edition.core.emendations import Emendation
from edition.core.rules import DEFAULT, RuleTable
from edition.core.tei import TeiDocument, TeiError, load_shared
from edition.page import apparatus


class Prose(Protocol):
    """Converted.prose: the content of a note or of the editors' prose, as nodes."""

    def __call__(self, element: etree._Element, *, mixed: bool = True) -> list[nodes.Node]: ...


def anchor_key(tei: str, view: str, identifier: str) -> str:
    """The name of an anchor across pages: which TEI file, which view, which id. Two TEI files
    may share an id; their anchors never do."""
    return f"{tei}|{view}|{identifier}"


@dataclass
class Converted:
    """One TEI file, converted once, and what every directive reads off it. Picklable, so
    that the environment keeps it for the next build (ext.domain): the lxml document is not
    pickled but read again from its file, and only when a caller asks for it."""

    source: Path  # resolved
    digest: str  # of the bytes it was converted from
    tree: TeiText
    warnings: list[ConversionWarning] = field(default_factory=list)
    emendations: list[Emendation] = field(default_factory=list)
    loci: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    rules: RuleTable = DEFAULT
    _document: TeiDocument | None = field(default=None, repr=False)
    # Notes and register prose, converted on first use: keyed by the element's path in the TEI.
    _prose: dict[str, list[nodes.Node]] = field(default_factory=dict, repr=False)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_document"] = None  # lxml trees do not pickle: the file is read again
        state["rules"] = None  # the domain gives the project's table back (with_rules)
        return state

    @property
    def document(self) -> TeiDocument:
        if self._document is None:
            document = load_shared(self.source)
            if document.digest != self.digest:
                raise TeiError(
                    self.source, "changed while the build was running; build again", 1, 1
                )
            self._document = document
        return self._document

    def with_rules(self, rules: RuleTable) -> Converted:
        self.rules = rules
        return self

    @property
    def by_id(self) -> dict[str, Emendation]:
        return {e.id: e for e in self.emendations if e.id}

    def prose(self, element: etree._Element, *, mixed: bool = True) -> list[nodes.Node]:
        """A note's or a register entry's content as nodes (its markup kept), converted once
        however many pages show it; each caller gets its own copy to place in its page. Quiet:
        the text's own conversion has reported what there is to report."""
        key = f"{element.getroottree().getpath(element)} {mixed}"
        found = self._prose.get(key)
        if found is None:
            walker = Converter(self.document, lambda warning: None, self.rules)
            found = self._prose[key] = walker.children(element, mixed=mixed)
        return [node.deepcopy() for node in found]


def convert(
    document: TeiDocument, rules: RuleTable, report: Callable[[ConversionWarning], None]
) -> Converted:
    """The one conversion of a loaded TEI file: the tree, then what is read off it."""
    found: list[ConversionWarning] = []

    def keep(warning: ConversionWarning) -> None:
        found.append(warning)
        report(warning)

    tree = to_nodes(document, keep, rules)
    apparatus.number_notes(tree, document)  # before any view leaves a note out
    return Converted(
        document.path.resolve(),
        document.digest,
        tree,
        found,
        emendations.collect(document, tree),
        apparatus.loci(tree),
        apparatus.text_names(document),
        rules,
        document,
    )

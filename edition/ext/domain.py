"""Cross-document data: every anchor of every view, namespaced by TEI document, and each TEI
file converted once per build (per process)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from sphinx import addnodes
from sphinx.domains import Domain
from sphinx.errors import ConfigError
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from edition.core import rules
from edition.core.convert import rule_table
from edition.core.tei import load
from edition.core.view import View, project_views
from edition.page.converted import Converted, anchor_key, convert

logger = logging.getLogger(__name__)
CACHED_DOCUMENTS = 16


def cross_reference(tei: str, view: str, identifier: str, *content: nodes.Node) -> nodes.Element:
    """A link to an anchor of a view of a TEI file, wherever a page renders it; resolved late,
    plain text if the project renders no such view."""
    return addnodes.pending_xref(
        "",
        *content,
        refdomain="edition",
        reftype="anchor",
        reftarget=anchor_key(tei, view, identifier),
        refexplicit=True,
        refwarn=False,
    )


class EditionDomain(Domain):
    """Anchors: key (TEI file, view, id) -> (page, HTML id). A key claimed by two pages is
    reported, never resolved silently to either."""

    name = "edition"
    label = "TEI edition"
    # 'by_page': the keys each page claimed, so that forgetting a page (Sphinx does it before
    # reading each one) costs that page's anchors, not a pass over every anchor of the project.
    initial_data: ClassVar[dict[str, Any]] = {"anchors": {}, "by_page": {}}
    data_version = 2

    @property
    def anchors(self) -> dict[str, tuple[str, str]]:
        return self.data.setdefault("anchors", {})  # type: ignore[no-any-return]

    @property
    def by_page(self) -> dict[str, list[str]]:
        return self.data.setdefault("by_page", {})  # type: ignore[no-any-return]

    def note_anchor(self, key: str, docname: str, html_id: str) -> None:
        known = self.anchors.get(key)
        if known is not None and known[0] != docname:
            self._duplicate(key, known[0], docname)
            return
        if known is None:
            self.by_page.setdefault(docname, []).append(key)
        self.anchors[key] = (docname, html_id)

    def _duplicate(self, key: str, first: str, second: str) -> None:
        tei, view, identifier = key.split("|", 2)
        logger.warning(
            f"{identifier!r} of the {view} view of {tei} is rendered on two pages, {first!r} "
            f"and {second!r}; links to it go to {first!r}. Show each view of a TEI file on "
            "one page only",
            type="edition",
            subtype="duplicate-anchor",
            location=second,
        )

    def clear_doc(self, docname: str) -> None:
        for key in self.by_page.pop(docname, ()):
            self.anchors.pop(key, None)

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        wanted = set(docnames)
        for key, (docname, html_id) in otherdata.get("anchors", {}).items():
            if docname in wanted:
                self.note_anchor(key, docname, html_id)

    def resolve_xref(
        self,
        env: Any,
        fromdocname: str,
        builder: Any,
        typ: str,
        target: str,
        node: addnodes.pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        found = self.anchors.get(target)
        if found is None:
            return None
        docname, html_id = found
        return make_refnode(builder, fromdocname, docname, html_id, list(node.children))

    def resolve_any_xref(self, *args: Any) -> list[tuple[str, nodes.reference]]:
        return []  # anchors are the edition's own: a :any: role never means one of them

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        return []

    # -- one conversion per TEI file and build ---------------------------------------------
    def converted(self, path: Path) -> Converted:
        """The TEI at path converted (cached while the file is unchanged): the views, the
        ledger and the registers all read this one tree."""
        path = path.resolve()  # one entry per file, however a page names it
        cache: OrderedDict[Path, tuple[tuple[int, int], Converted]] = self.__dict__.setdefault(
            "_converted", OrderedDict()
        )
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
        cached = cache.get(path)
        if cached is not None and cached[0] == stamp:
            cache.move_to_end(path)
            return cached[1]
        result = convert(load(path), self.rule_table(), lambda warning: None)
        cache[path] = (stamp, result)
        # Bounded: a project of a thousand letters must not hold a thousand trees. Sphinx
        # reads pages in name order, so the pages of one file are read close together.
        while len(cache) > CACHED_DOCUMENTS:
            cache.popitem(last=False)
        for warning in result.warnings:  # once per build, however many pages show the file
            logger.warning(
                warning.message,
                type="edition",
                subtype=warning.subtype,
                location=warning.location,
            )
        return result

    def rule_table(self) -> rules.RuleTable:
        table: rules.RuleTable | None = self.__dict__.get("_rules")
        if table is None:
            table = rule_table(self.env.config.edition_rules)
            self.__dict__["_rules"] = table
        return table


def views(config: Any) -> Mapping[str, View]:
    """The project's views: the edition's two and those conf.py defines (edition_views)."""
    return project_views(config.edition_views)


def check_views(app: Any, config: Any) -> None:
    try:
        views(config)
    except ValueError as error:
        raise ConfigError(f"{Path(app.confdir, 'conf.py')}: {error}") from None


def setup(app: Any) -> None:
    app.add_config_value("edition_rules", [], "env", types=[list])
    app.add_config_value("edition_views", {}, "env", types=[dict])
    app.connect("config-inited", check_views)
    app.add_domain(EditionDomain)

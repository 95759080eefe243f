"""Cross-document data: every anchor of every view, namespaced by TEI document, and each TEI
file's one conversion, kept while the file is unchanged."""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from sphinx import addnodes
from sphinx.domains import Domain
from sphinx.errors import ConfigError
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from edition import code_digest
from edition.core import rules
from edition.core.convert import rule_table
from edition.core.tei import Recent, TeiError, file_digest, load_shared
from edition.core.view import View, project_views
from edition.page.converted import Converted, anchor_key, convert
from edition.page.pagelinks import link_to_anchor

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
    # 'documents': each TEI file's conversion key (converted()); 'reported': the conversions
    # whose warnings this build has shown; 'this_build': see this_build.
    initial_data: ClassVar[dict[str, Any]] = {
        "anchors": {},
        "by_page": {},
        "documents": {},
        "reported": set(),
        "this_build": {},
    }
    data_version = 3

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
        if known is not None:  # the page was forgotten before it was read: it shows it twice
            self._twice(key, docname)
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

    def _twice(self, key: str, docname: str) -> None:
        tei, view, _identifier = key.split("|", 2)
        said = self.data.setdefault("this_build", {})
        if ("twice", docname, tei) in said:
            return  # one warning for the page and file, not one per id
        said["twice", docname, tei] = view
        logger.warning(
            f"the {view} view of {tei} is shown twice on this page: every id in it would be "
            "there twice (links and citations go to the first). Show each view of a TEI file "
            "once per page",
            type="edition",
            subtype="duplicate-anchor",
            location=docname,
        )

    def clear_doc(self, docname: str) -> None:
        for key in self.by_page.pop(docname, ()):
            self.anchors.pop(key, None)

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        wanted = set(docnames)
        for key, (docname, html_id) in otherdata.get("anchors", {}).items():
            if docname in wanted:
                self.note_anchor(key, docname, html_id)
        # A parallel reader's conversions are stored beside the doctrees under these keys.
        self.documents.update(otherdata.get("documents", {}))
        self.data.setdefault("reported", set()).update(otherdata.get("reported", ()))

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
        link = make_refnode(builder, fromdocname, docname, html_id, list(node.children))
        if "refuri" in link:  # another page's anchor, which singlehtml puts on this one
            link["refuri"] = link_to_anchor(builder.get_relative_uri(fromdocname, docname), html_id)
        return link

    def resolve_any_xref(self, *args: Any) -> list[tuple[str, nodes.reference]]:
        return []  # anchors are the edition's own: a :any: role never means one of them

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        return []

    # -- one conversion per TEI file, kept while the file is unchanged -----------------------
    def converted(self, path: Path) -> Converted:
        """The TEI at path converted: the views, the ledger, the registers, the metadata, the
        downloads and the PDF all read this one tree. Kept, keyed on the file's digest and
        the project's rules, in this process (for the pages of this build) and beside the
        doctrees (for the next build): an unchanged file is never converted again."""
        path = path.resolve()  # one entry per file, however a page names it
        key = conversion_key(path, file_digest(path), self.env.config.edition_rules)
        found = _CONVERTED.get(key)
        if not isinstance(found, Converted):
            found = self._stored(key) or self._convert(path, key)
            _CONVERTED.put(key, found)
        previous = self.documents.get(str(path))
        if previous != key:
            self.documents[str(path)] = key
            if previous is not None and previous not in self.documents.values():
                self._store_file(previous).unlink(missing_ok=True)
        reported = self.data.setdefault("reported", set())
        if key not in reported:  # once per build, however many pages show the file
            reported.add(key)
            for warning in found.warnings:
                logger.warning(
                    warning.message,
                    type="edition",
                    subtype=warning.subtype,
                    location=warning.location,
                )
        return found.with_rules(self.rule_table())

    def first_time(self, key: tuple[str, ...]) -> bool:
        """Whether this build has not said key yet (and now it has): a warning about a place
        of a TEI file is said once, however many pages and views show the place."""
        reported = self.data.setdefault("reported", set())
        if key in reported:
            return False
        reported.add(key)
        return True

    def report_tei_error(self, error: TeiError) -> None:
        """A TEI file that does not load, said once per build at the file and line, however
        many pages, the metadata and the PDF ask for it."""
        reported = self.data.setdefault("reported", set())
        if (str(error.path), error.message) in reported:
            return
        reported.add((str(error.path), error.message))
        logger.warning(
            error.message,
            type="edition",
            subtype="tei",
            location=f"{error.path}:{error.line or 1}",
        )

    @property
    def this_build(self) -> dict[str, Any]:
        """What a build works out once and uses on many pages (the works to cite, whether
        their records are written): emptied when a build starts (start_build)."""
        return self.data.setdefault("this_build", {})  # type: ignore[no-any-return]

    @property
    def documents(self) -> dict[str, str]:
        """TEI file -> the key its conversion is stored under."""
        return self.data.setdefault("documents", {})  # type: ignore[no-any-return]

    def _convert(self, path: Path, key: str) -> Converted:
        result = convert(load_shared(path), self.rule_table(), lambda warning: None)
        store = self._store_file(key)
        store.parent.mkdir(parents=True, exist_ok=True)
        # Written whole or not at all: a parallel reader of the same file may write it too.
        partial = store.with_name(f"{store.name}.{os.getpid()}.partial")
        partial.write_bytes(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(partial, store)
        return result

    def _stored(self, key: str) -> Converted | None:
        try:
            stored = pickle.loads(self._store_file(key).read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None  # none yet, or written by other code of ours: convert afresh
        return stored if isinstance(stored, Converted) else None

    def _store_file(self, key: str) -> Path:
        return Path(self.env.doctreedir) / "edition" / f"{key}.pickle"

    def rule_table(self) -> rules.RuleTable:
        return rule_table(self.env.config.edition_rules)


def conversion_key(path: Path, digest: str, project_rules: object) -> str:
    """What a conversion depends on: the file, its bytes, the project's rules, and the code
    that converts (code_digest, as the environment's version)."""
    text = f"{path}\0{digest}\0{project_rules!r}\0{code_digest()}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]


# Conversions made or read in this process, by key (see Recent): the pages of one build
# share one, and the validation's parse is the pages' (tei.load_shared).
_CONVERTED = Recent(CACHED_DOCUMENTS)


def start_build(app: Any) -> None:
    """A new build reports each file's conversion warnings again, once, and works out again
    what it uses on many pages."""
    app.env.domains["edition"].data["reported"] = set()
    app.env.domains["edition"].data["this_build"] = {}


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
    app.connect("builder-inited", start_build, priority=100)  # before anything converts
    app.add_domain(EditionDomain)

"""Sphinx's version, release and date from the teiHeader, and the released ids checked at the
start of every build (the rules themselves are in core/release.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.util import logging

from edition.core import header
from edition.core.release import missing_released, read_released, retire_hint
from edition.core.tei import TeiDocument, TeiError, load_shared

logger = logging.getLogger(__name__)


def source_path(confdir: str | Path, config: Any) -> Path | None:
    """The TEI file whose header describes the edition (edition_source in conf.py)."""
    if not config.edition_source:
        return None
    return Path(confdir, config.edition_source).resolve()


def edition_document(app: Any) -> TeiDocument | None:
    """The edition's TEI, from the domain's one conversion per build (None without
    edition_source); a TeiError propagates, for the caller to report."""
    source = source_path(app.confdir, app.config)
    if source is None:
        return None
    return app.env.domains["edition"].converted(source).document  # type: ignore[no-any-return]


def release_from_header(app: Any, config: Any) -> None:
    """Sphinx's version, release and date are the TEI header's: conf.py states them nowhere."""
    path = source_path(app.confdir, config)
    if path is None:
        return
    try:
        page = header.title_page(load_shared(path))  # the pages' parse too
    except TeiError:
        return  # said once the build starts (check_edition_source), with the pages' words
    if not page.version:
        logger.warning(
            f"{path}: the TEI header gives the edition no version (editionStmt/edition/@n): "
            "Sphinx's release stays as conf.py sets it",
            type="edition",
            subtype="version",
        )
        return
    if config.release and config.release != page.version:
        logger.warning(
            f"{path}: conf.py sets release = {config.release!r}, but the TEI header says the "
            f"edition is version {page.version!r}: the header's is used. Remove release from "
            "conf.py",
            type="edition",
            subtype="version",
        )
    config.release = page.version
    config.version = ".".join(page.version.split(".")[:2])
    if page.version_date and not config.today:
        config.today = page.version_date


def check_edition_source(app: Any) -> None:
    """edition_source names a file that loads: said once per build, as the pages say it."""
    try:
        edition_document(app)
    except TeiError as error:
        app.env.domains["edition"].report_tei_error(error)


def check_released_ids(app: Any) -> None:
    """Ids once published are never withdrawn: each one that is gone is an error, located and
    typed (edition.released-ids), so the build fails under -W (as `edition build` runs it)
    and says what to do; a problem with the list itself is one too. Never a crash report."""
    config = app.config
    source = source_path(app.confdir, config)
    if not config.edition_released_ids or source is None:
        return
    listing = Path(app.confdir, config.edition_released_ids)

    def error(message: str, location: str) -> None:
        logger.error(message, type="edition", subtype="released-ids", location=location)
        app.statuscode = 1  # the build fails, as Sphinx lets an extension fail it

    try:
        released = read_released(listing)
    except FileNotFoundError:
        error(
            "the list of released ids (edition_released_ids in conf.py) is not there; restore "
            "it, or write it with `edition ids`",
            f"{listing}:1",
        )
        return
    except TeiError as problem:  # not UTF-8, located
        error(problem.message, f"{listing}:{problem.line or 1}")
        return
    except OSError as problem:
        error(f"cannot read the released ids: {problem.strerror}", f"{listing}:1")
        return
    try:
        document = edition_document(app)
    except TeiError:
        return  # the pages report it, located
    lines = {
        line.split("#", 1)[0].strip(): number
        for number, line in enumerate(listing.read_text("utf-8").splitlines(), 1)  # UTF-8 now
    }
    for identifier in missing_released(document, released) if document is not None else []:
        error(
            f"{identifier!r} was released and is no longer in {source}: a citation made with "
            f"it would break. {retire_hint(identifier)}",
            f"{listing}:{lines.get(identifier, 1)}",
        )


def setup(app: Any) -> None:
    app.add_config_value("edition_source", "", "env", types=[str])
    app.add_config_value("edition_released_ids", "", "env", types=[str])
    app.connect("builder-inited", check_edition_source)
    app.connect("builder-inited", check_released_ids)
    # After conf.py, before anything reads release: priority below the default 500.
    app.connect("config-inited", release_from_header, priority=400)

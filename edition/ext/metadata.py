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
    except TeiError as error:
        # No location: the environment that resolves locations does not exist yet.
        logger.warning(
            f"{error.path}:{error.line or 1}: {error.message}", type="edition", subtype="tei"
        )
        return
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


def check_released_ids(app: Any) -> None:
    """Ids once published are never withdrawn: the build stops, naming each one that is gone."""
    from sphinx.errors import ExtensionError

    config = app.config
    source = source_path(app.confdir, config)
    if not config.edition_released_ids or source is None:
        return
    listing = Path(app.confdir, config.edition_released_ids)
    try:
        released = read_released(listing)
        document = edition_document(app)
    except OSError as error:
        raise ExtensionError(f"{listing}: cannot read the released ids: {error.strerror}") from None
    except TeiError as error:
        raise ExtensionError(str(error)) from None
    gone = missing_released(document, released) if document is not None else []
    if gone:
        lines = "\n".join(f"  {identifier}: {retire_hint(identifier)}" for identifier in gone)
        raise ExtensionError(
            f"{source}: {len(gone)} released id(s) listed in {listing} no longer exist. "
            f"A citation made with them would break. To retire one:\n{lines}"
        )


def setup(app: Any) -> None:
    app.add_config_value("edition_source", "", "env", types=[str])
    app.add_config_value("edition_released_ids", "", "env", types=[str])
    app.connect("builder-inited", check_released_ids)
    # After conf.py, before anything reads release: priority below the default 500.
    app.connect("config-inited", release_from_header, priority=400)

"""The edition's version, date and citation record, read from the teiHeader and nowhere else:
Sphinx's release, the PDF and CITATION.cff all come from here."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sphinx.util import logging

from . import header
from .tei import TeiDocument, TeiError, load

logger = logging.getLogger(__name__)

# Licences a reference manager or a code host knows by their SPDX name.
SPDX = {
    "creativecommons.org/licenses/by/4.0": "CC-BY-4.0",
    "creativecommons.org/licenses/by-sa/4.0": "CC-BY-SA-4.0",
    "creativecommons.org/licenses/by-nc/4.0": "CC-BY-NC-4.0",
    "creativecommons.org/publicdomain/zero/1.0": "CC0-1.0",
}


def spdx(url: str) -> str:
    """The SPDX identifier of a licence URL, or '' when it is not one of the known ones."""
    bare = url.split("://", 1)[-1].removeprefix("www.").rstrip("/")
    return SPDX.get(bare.removesuffix("/legalcode"), "")


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
        page = header.title_page(load(path))
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


def read_released(path: Path) -> list[str]:
    """The ids of a released-ids file: one per line; '#' starts a comment."""
    found = []
    for line in path.read_text("utf-8").splitlines():
        identifier = line.split("#", 1)[0].strip()
        if identifier:
            found.append(identifier)
    return found


def all_ids(document: TeiDocument) -> list[str]:
    """Every xml:id of the document, in document order: each may be a link's target."""
    return list(document.ids)


def missing_released(document: TeiDocument, released: list[str]) -> list[str]:
    return [identifier for identifier in released if identifier not in document.ids]


def retire_hint(identifier: str) -> str:
    return (
        f'put <anchor xml:id="{identifier}" type="retired"/> at the start of the paragraph '
        "that now holds its text: links to it land there"
    )


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


def _yaml(value: str) -> str:
    """A YAML scalar: JSON's quoted string is valid YAML, whatever the text holds."""
    return json.dumps(value, ensure_ascii=False)


def citation_cff(document: TeiDocument) -> str:
    """CITATION.cff (Citation File Format 1.2.0) for the edition, from its TEI header: the
    editors as the authors of the edition, the author of the texts in the preferred citation
    of the edited work."""
    page = header.title_page(document)
    title = f"{page.title}: {page.subtitle}" if page.subtitle else page.title
    lines = [
        "# Generated from the TEI header by `edition cff`; a test keeps the two in step.",
        "cff-version: 1.2.0",
        'message: "If you cite this edition, please cite it as below."',
        "type: dataset",
        f"title: {_yaml(title)}",
        f"version: {_yaml(page.version)}",
    ]
    if header.iso_day(page.version_iso):
        lines.append(f"date-released: {_yaml(page.version_iso)}")
    lines.append("authors:")
    lines += [f"  - name: {_yaml(editor)}" for editor in page.editors]
    licence = spdx(page.licence_url)
    if licence:
        lines.append(f"license: {_yaml(licence)}")
    keywords = header.keywords(document)
    if keywords:
        lines.append("keywords:")
        lines += [f"  - {_yaml(keyword)}" for keyword in keywords]
    lines += [
        "preferred-citation:",
        "  type: edited-work",
        f"  title: {_yaml(title)}",
        f"  version: {_yaml(page.version)}",
        "  authors:",
    ]
    for given, family, name in header.author_names(document):
        if family:
            lines += [f"    - family-names: {_yaml(family)}", f"      given-names: {_yaml(given)}"]
        else:
            lines.append(f"    - name: {_yaml(name)}")
    lines.append("  editors:")
    lines += [f"    - name: {_yaml(editor)}" for editor in page.editors]
    if page.publisher:
        lines += ["  publisher:", f"    name: {_yaml(page.publisher)}"]
    if header.iso_day(page.version_iso):
        lines.append(f"  year: {page.version_iso[:4]}")
    return "\n".join(lines) + "\n"


def setup(app: Any) -> None:
    app.add_config_value("edition_source", "", "env", types=[str])
    app.add_config_value("edition_released_ids", "", "env", types=[str])
    app.connect("builder-inited", check_released_ids)
    # After conf.py, before anything reads release: priority below the default 500.
    app.connect("config-inited", release_from_header, priority=400)

"""A release of the edition: its ids once published (never withdrawn), its licence's SPDX name
and its CITATION.cff, all from the TEI header."""

from __future__ import annotations

import json
from pathlib import Path

from edition.core import header
from edition.core.tei import TeiDocument, TeiError

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


def read_released(path: Path) -> list[str]:
    """The ids of a released-ids file: one per line; '#' starts a comment. OSError if it
    cannot be read, TeiError (located) if it is not UTF-8."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        where = data[: error.start].count(b"\n") + 1
        message = f"not UTF-8 (byte {error.start + 1}); save the list as UTF-8"
        raise TeiError(path, message, where) from None
    found = []
    for line in text.splitlines():
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

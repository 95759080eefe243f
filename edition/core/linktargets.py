"""Which link targets the edition publishes as links: the web (http, https), mail, and pointers
into the document. Anything else (javascript:, data:, file:, a relative path the edition cannot
resolve) is published as text, with a located warning, so a TEI file can never put a script or a
local file behind a reader's click."""

from __future__ import annotations

import re
from dataclasses import dataclass

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
# What a browser ignores when it reads a URL's scheme: tabs and newlines anywhere, control
# characters and spaces at either end ("java\tscript:" is javascript:).
_IGNORED_INSIDE = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")


@dataclass(frozen=True)
class LinkTarget:
    """kind: 'web' (href is the URL), 'pointer' (href is an xml:id) or 'refused' (why says why)."""

    kind: str
    href: str = ""
    why: str = ""


def classify(target: str) -> LinkTarget:
    """What one @target token may become: a web link, a pointer, or text."""
    cleaned = _IGNORED_INSIDE.sub("", target).strip("".join(chr(c) for c in range(0x21)))
    if cleaned.startswith("#") and len(cleaned) > 1:
        return LinkTarget("pointer", cleaned[1:])
    scheme = _SCHEME.match(cleaned)
    if scheme is None:
        if cleaned.startswith("//"):
            return LinkTarget("web", "https:" + cleaned)
        return LinkTarget(
            "refused",
            why=f'"{target}" is not a link the edition can follow (no http, https or mailto '
            "scheme, and not #id in this document)",
        )
    if scheme.group(1).lower() not in SAFE_SCHEMES:
        return LinkTarget(
            "refused",
            why=f'"{scheme.group(1)}:" links are never published (only http, https, mailto '
            "and #id in this document)",
        )
    return LinkTarget("web", cleaned)

"""TEI P5 critical editions: conversion to docutils, views, validation and rendering.

As a Sphinx extension (``extensions = ["edition"]``) it adds the ``tei-edition`` directive.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

__version__ = "0.1.0"
# libxml2 refuses elements nested deeper than 256 levels (lxml without huge_tree, as tei.py
# parses); a doctree that deep takes about four Python frames a level to convert, pickle and
# write, more than Python's default limit of 1000. Valid TEI must not crash the build.
RECURSION_NEEDED = 256 * 4 * 4


@functools.cache
def code_digest() -> str:
    """A digest of the package's own files (code, template, CSS, JS): a build made by other code
    must not be reused, though the version number did not change. Once per process: the code
    a process runs does not change under it."""
    import hashlib

    digest = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted(package.rglob("*")):
        if path.suffix in {".py", ".typ", ".css", ".js"} and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def allow_deep_documents() -> None:
    import sys

    if sys.getrecursionlimit() < RECURSION_NEEDED:
        sys.setrecursionlimit(RECURSION_NEEDED)


def setup(app: Any) -> dict[str, Any]:
    """Sphinx's entry point (``extensions = ["edition"]``). The Sphinx layer is imported here,
    not at the top, so that ``import edition`` (the command line, the core) needs no Sphinx."""
    from edition.extension import setup_extension

    return setup_extension(app)

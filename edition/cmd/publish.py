"""Atomic publishing: a reader of the output folder sees the whole previous build or the whole
new one, never a mix and never nothing, even if the build is killed at any instant.

Every build is made in a folder of its own, ``<out>/.builds/<id>/`` (``html``, ``pdf`` and the
Sphinx doctrees). ``<out>/site`` is a symbolic link to the published one, and ``<out>/html`` and
``<out>/pdf`` are fixed links into it (``site/html``, ``site/pdf``). Publishing writes a new link
beside ``site`` and renames it over ``site``: one rename, atomic on POSIX file systems, switches
HTML, PDF and downloads together. Whatever a killed build left behind (unfinished builds, a link
not yet renamed, a superseded build not yet removed) is removed by the next build.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

BUILDS = ".builds"
SITE = "site"
ENTRIES = ("html", "pdf")


class OutputFolder:
    """The output folder of `edition build` and the builds inside it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.builds = root / BUILDS
        self.site = root / SITE

    def published(self) -> Path | None:
        """The build the site link points to, if there is one."""
        if not self.site.is_symlink():
            return None
        target = self.site.parent / os.readlink(self.site)
        return target if target.is_dir() else None

    def new_build(self) -> Path:
        """A fresh, empty build folder (removed by the next build if this one never finishes)."""
        self.builds.mkdir(parents=True, exist_ok=True)
        build = Path(tempfile.mkdtemp(prefix="build-", dir=self.builds))
        build.chmod(0o777 & ~_umask())  # mkdtemp's 0700 would hide the site from a web server
        return build

    def publish(self, build: Path) -> None:
        """Point the site at build in one rename, then remove the build it replaced."""
        previous = self.published()
        self._entry_links()
        pending = self.root / f".{SITE}-{os.getpid()}"
        if pending.is_symlink() or pending.exists():
            pending.unlink()
        os.symlink(Path(BUILDS) / build.name, pending)
        os.replace(pending, self.site)  # the atomic step
        if previous is not None and previous.resolve() != build.resolve():
            shutil.rmtree(previous, ignore_errors=True)

    def clean_leftovers(self) -> list[Path]:
        """Remove what killed builds left: builds not published, links never renamed."""
        removed: list[Path] = []
        published = self.published()
        if self.builds.is_dir():
            for build in self.builds.iterdir():
                if published is None or build.resolve() != published.resolve():
                    shutil.rmtree(build, ignore_errors=True)
                    removed.append(build)
        for pending in self.root.glob(f".{SITE}-*"):
            pending.unlink()
            removed.append(pending)
        # The folders of the earlier, non-atomic layout.
        for old in self.root.glob(".staging-*"):
            shutil.rmtree(old, ignore_errors=True)
            removed.append(old)
        return removed

    def _entry_links(self) -> None:
        """html and pdf as links into the site (replacing folders of the earlier layout)."""
        for name in ENTRIES:
            entry = self.root / name
            if entry.is_symlink():
                continue
            if entry.exists():
                shutil.rmtree(entry)
            os.symlink(Path(SITE) / name, entry)


def write_atomically(path: Path, text: str) -> None:
    """A small file written beside its name and renamed over it: never half written."""
    with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, encoding="utf-8") as part:
        part.write(text)
    Path(part.name).chmod(0o666 & ~_umask())
    os.replace(part.name, path)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current

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

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # not POSIX: builds of one folder are not kept apart
    fcntl = None  # type: ignore[assignment]

BUILDS = ".builds"
SITE = "site"
ENTRIES = ("html", "pdf")
BUILD_PREFIX = "build-"
LOCK = ".lock"


class NotOurs(Exception):
    """The output folder holds something edition build did not make where it would remove or
    replace a thing of its own: nothing is removed, the build stops with this message."""


class OutputFolder:
    """The output folder of `edition build` and the builds inside it. It removes only what it
    made: build folders directly in <out>/.builds (itself a real folder, not a link), the
    links it writes, and the folders of the earlier layout that Sphinx wrote. A link or a
    folder there that points elsewhere stops the build, untouched."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.builds = root / BUILDS
        self.site = root / SITE

    def _check_builds(self) -> None:
        if self.builds.is_symlink() or (self.builds.exists() and not self.builds.is_dir()):
            raise NotOurs(
                f"{self.builds}: is {_what(self.builds)}, not the folder edition build keeps "
                "its builds in; nothing was removed. Remove it, or build into another folder "
                "(-o)"
            )

    def _is_build(self, path: Path) -> bool:
        """A build folder this tool made: a real folder, named so, directly in .builds."""
        return (
            path.name.startswith(BUILD_PREFIX)
            and not path.is_symlink()
            and path.is_dir()
            and path.resolve().parent == self.builds.resolve()
        )

    def published(self) -> Path | None:
        """The build the site link points to, if there is one. A site that is not such a
        link (a link elsewhere, a folder) stops the build: publishing would replace it."""
        if not self.site.is_symlink():
            if self.site.exists():
                raise NotOurs(
                    f"{self.site}: is {_what(self.site)}, which edition build did not make; "
                    "nothing was removed. Remove it, or build into another folder (-o)"
                )
            return None
        self._check_builds()
        written = Path(os.readlink(self.site))
        target = self.site.parent / written
        ours = len(written.parts) == 2 and written.parts[0] == BUILDS
        if ours and not target.exists():
            return None  # a build removed by hand: the next one is published in its place
        if not ours or not self._is_build(target):
            raise NotOurs(
                f"{self.site}: points to {target.resolve()}, not to a build in {self.builds}; "
                "edition build did not make that link, and removes nothing it points to. "
                "Remove the link, or build into another folder (-o)"
            )
        return target

    def new_build(self) -> Path:
        """A fresh, empty build folder (removed by the next build if this one never finishes)."""
        self._check_builds()
        self.builds.mkdir(parents=True, exist_ok=True)
        build = Path(tempfile.mkdtemp(prefix=BUILD_PREFIX, dir=self.builds))
        build.chmod(0o777 & ~_umask())  # mkdtemp's 0700 would hide the site from a web server
        return build

    def publish(self, build: Path) -> None:
        """Point the site at build in one rename, then remove the build it replaced."""
        previous = self.published()
        self._entry_links()
        pending = self.root / f".{SITE}-{os.getpid()}"
        if pending.is_symlink():
            pending.unlink()
        os.symlink(Path(BUILDS) / build.name, pending)
        os.replace(pending, self.site)  # the atomic step
        if previous is not None and previous.resolve() != build.resolve():
            shutil.rmtree(previous, ignore_errors=True)

    def clean_leftovers(self) -> list[Path]:
        """Remove what killed builds left: builds not published, links never renamed. Only
        builds and links of ours; anything else in the folder is left as it is. What
        publishing would have to replace and may not stops the build here, before it starts."""
        removed: list[Path] = []
        published = self.published()
        self._check_builds()
        for name in ENTRIES:
            self._replaceable(self.root / name)
        if self.builds.is_dir():
            for build in self.builds.iterdir():
                if not self._is_build(build):
                    continue
                if published is None or build.resolve() != published.resolve():
                    shutil.rmtree(build, ignore_errors=True)
                    removed.append(build)
        for pending in self.root.glob(f".{SITE}-*"):
            if pending.is_symlink():  # links are all this tool writes there
                pending.unlink()
                removed.append(pending)
        # The folders of the earlier, non-atomic layout.
        for old in self.root.glob(".staging-*"):
            if old.is_dir() and not old.is_symlink():
                shutil.rmtree(old, ignore_errors=True)
                removed.append(old)
        return removed

    def _entry_links(self) -> None:
        """html and pdf as links into the site, replacing folders of the earlier layout (a
        Sphinx output, or the PDF folder, that this tool wrote there)."""
        for name in ENTRIES:
            entry = self.root / name
            if entry.is_symlink():
                continue
            if entry.exists():
                self._replaceable(entry)
                shutil.rmtree(entry)
            os.symlink(Path(SITE) / name, entry)

    def _replaceable(self, entry: Path) -> None:
        """html or pdf: a link (the site's), nothing yet, or the earlier layout's output."""
        if entry.is_symlink() or not entry.exists() or _earlier_output(entry):
            return
        raise NotOurs(
            f"{entry}: is {_what(entry)}, which edition build did not write; nothing was "
            "removed. Move it away, or build into another folder (-o)"
        )

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Held while a build writes into this folder: a second build of it at the same time
        stops at once, in one line, instead of removing the first one's build."""
        self.root.mkdir(parents=True, exist_ok=True)
        if fcntl is None:
            yield
            return
        with open(self.root / LOCK, "a+", encoding="utf-8") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                lock.seek(0)
                holder = lock.read().strip() or "another process"
                raise NotOurs(
                    f"{self.root}: another edition build is writing here ({holder}); wait "
                    "for it to finish, or build into another folder (-o)"
                ) from None
            lock.seek(0)
            lock.truncate()
            lock.write(f"process {os.getpid()}")
            lock.flush()
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)


def _what(path: Path) -> str:
    if path.is_symlink():
        return f"a link to {path.resolve()}"
    return "a folder" if path.is_dir() else "a file"


def _earlier_output(entry: Path) -> bool:
    """A folder the earlier layout of edition build wrote: Sphinx's HTML (it leaves a
    .buildinfo) or the PDF folder (the template's folder beside the PDF)."""
    return entry.is_dir() and (
        (entry / ".buildinfo").is_file() or (entry / "_tei-edition").is_dir()
    )


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

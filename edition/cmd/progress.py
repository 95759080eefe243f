"""What a command says while it works: steps on standard error, quieter or louder on request."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from typing import TextIO, TypeVar

Item = TypeVar("Item")
QUIET, NORMAL, VERBOSE = 0, 1, 2


class Reporter:
    """Progress for a person at a terminal; standard output stays for the command's result."""

    def __init__(self, verbosity: int = NORMAL, stream: TextIO | None = None) -> None:
        self.verbosity = verbosity
        self.stream = stream if stream is not None else sys.stderr
        self._started = time.perf_counter()

    def step(self, message: str) -> None:
        """A stage of the work (validating, building the HTML, ...)."""
        if self.verbosity >= NORMAL:
            elapsed = time.perf_counter() - self._started
            print(f"[{elapsed:5.1f}s] {message}", file=self.stream, flush=True)

    def detail(self, message: str) -> None:
        """Shown with -v only."""
        if self.verbosity >= VERBOSE:
            print(f"        {message}", file=self.stream, flush=True)

    def error(self, message: str) -> None:
        """A problem: always shown, whatever the verbosity."""
        print(message, file=self.stream, flush=True)

    def result(self, message: str) -> None:
        """What the command made and what to do next: standard output, silent with -q."""
        if self.verbosity >= NORMAL:
            print(message, flush=True)

    def counted(self, items: Iterable[Item], label: str) -> Iterator[Item]:
        """Yield each item, saying which of how many is being worked on."""
        listed = list(items)
        for number, item in enumerate(listed, 1):
            self.step(f"{label} {number}/{len(listed)}: {item}")
            yield item

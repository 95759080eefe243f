"""`python -m edition`: the same command as `edition`."""

from __future__ import annotations

from edition.cmd.cli import run

if __name__ == "__main__":
    run()

"""`python -m edition`: the same command as `edition`."""

from __future__ import annotations

import sys

from edition.cmd.cli import main

if __name__ == "__main__":
    sys.exit(main())

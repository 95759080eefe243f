"""The `edition` command: validate, text, emendations, build, publish, serve.

Another distribution on the package index is also imported as `edition`; installed beside this
one it overwrites the package's files (and the `edition` command). That is checked here, before
the command imports anything else of the package, so that it ends in one line, not a traceback.
"""

from __future__ import annotations

import sys

import edition

DISTRIBUTION = "tei-edition"


def _sharers() -> list[str]:
    """The installed distributions that put files in the `edition` package."""
    from importlib.metadata import packages_distributions

    return sorted(packages_distributions().get("edition", []))


if not hasattr(edition, "code_digest"):  # the package's __init__ is not this project's
    others = [name for name in _sharers() if name != DISTRIBUTION]
    culprit = f"the distribution {', '.join(others)}" if others else "another distribution"
    remedy = f"pip uninstall {others[0]}" if others else "uninstall it"
    sys.exit(
        f"edition: the package 'edition' in {edition.__path__[0]} was overwritten by "
        f"{culprit}, which is imported under the same name: {remedy}, then reinstall "
        f"{DISTRIBUTION} (or give each its own virtual environment)"
    )

"""Lint, format and type checks of edition/, as part of the test run."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .helpers import ROOT


@pytest.mark.parametrize(
    "command",
    [
        pytest.param(["ruff", "check", "edition", "tests", "benchmarks"], id="ruff-check"),
        pytest.param(
            ["ruff", "format", "--check", "edition", "tests", "benchmarks"], id="ruff-format"
        ),
        pytest.param(["mypy"], id="mypy"),
    ],
)
def test_tool_passes(command: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr

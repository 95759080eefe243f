"""The package as a new user gets it: the wheel into a fresh virtual environment, with current
lxml and without the schema package's generic `schemas` module; validation offline once the
schema is cached."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from edition.validation import schema

from .helpers import EDITION_TEI, ROOT


def run(
    *command: str | Path, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    arguments = [str(c) for c in command]
    done = subprocess.run(arguments, capture_output=True, text=True, env=env, cwd=cwd, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


@pytest.mark.slow
def test_the_wheel_installs_in_a_fresh_venv_and_validates_offline(tmp_path: Path) -> None:
    source = tmp_path / "source"  # a copy, so that no build/ or egg-info lands in the checkout
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(".git", ".venv*", "_build", "build", "*.egg-info"),
    )
    run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--quiet",
        "--no-deps",
        "-w",
        tmp_path / "dist",
        source,
    )
    (wheel,) = (tmp_path / "dist").glob("tei_edition-*.whl")
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv)
    python = venv / "bin" / "python"
    run(python, "-m", "pip", "install", "--quiet", wheel)
    installed = run(
        python,
        "-c",
        "import lxml, importlib.util as u; print(lxml.__version__, u.find_spec('schemas') is None)",
    ).stdout.split()
    assert int(installed[0].split(".")[0]) >= 5 and installed[1] == "True"

    cache = tmp_path / "cache"
    cache.mkdir()
    shutil.copy(schema.locate(), cache / schema.cached_schema().name)
    unreachable = "http://127.0.0.1:9"  # nothing listens there: any download would fail
    offline = {
        **os.environ,
        schema.CACHE_ENV: str(cache),
        schema.OFFLINE_ENV: "1",
        "http_proxy": unreachable,
        "https_proxy": unreachable,
        "PIP_NO_INDEX": "1",
    }
    offline.pop(schema.SCHEMA_ENV, None)
    done = run(venv / "bin" / "edition", "validate", EDITION_TEI, env=offline, cwd=tmp_path)
    assert done.stdout.startswith(f"{EDITION_TEI}: valid: TEI P5 (tei_all)")


def test_sphinx_stems_the_search_index_with_snowballs_c_stemmers() -> None:
    """PyStemmer is a dependency for speed alone: snowballstemmer hands Sphinx its C stemmers
    where it is installed, and the pure-Python ones (a fifth of a cold HTML build) otherwise."""
    from sphinx.search.en import SearchEnglish

    stemmer = SearchEnglish({}).stemmer
    assert type(stemmer).__module__ == "Stemmer", type(stemmer)


def test_a_package_overwritten_by_the_other_edition_distribution_is_named_in_one_line(
    tmp_path: Path,
) -> None:
    """Another distribution is imported as `edition` too; installed beside this one it
    overwrites edition/__init__.py. The command then says so in one line, and how to mend it,
    instead of a traceback."""
    shutil.copytree(ROOT / "edition", tmp_path / "edition")
    (tmp_path / "edition" / "__init__.py").write_text("VERSION = '9'\n", "utf-8")
    done = subprocess.run(
        [sys.executable, "-c", "import edition.cmd.cli"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert "was overwritten by" in line and "reinstall tei-edition" in line, line


def test_the_source_distribution_carries_what_its_tests_need(tmp_path: Path) -> None:
    """Unpacked, the sdist can run its own tests: their helpers and fixtures, the edition they
    build (docs/, tei/), the consumers' lock file; never a browser's screenshots or node_modules."""
    import tarfile

    # In an isolated environment, with the build backend pyproject.toml asks for.
    done = subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--outdir", str(tmp_path), str(ROOT)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if (
        done.returncode != 0
        and "setuptools" in done.stdout + done.stderr
        and ("Could not find a version" in done.stdout + done.stderr)
    ):
        pytest.skip("no package index to install the build backend from")
    assert done.returncode == 0, (done.stdout + done.stderr)[-2000:]
    (archive,) = tmp_path.glob("*.tar.gz")
    with tarfile.open(archive) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    for needed in (
        "tests/conftest.py", "tests/helpers.py", "tests/constraints-min.txt",
        "tests/fixtures/letter.xml", "tests/consumers/package-lock.json", "docs/conf.py",
        "tei/kropotkin-1919.xml", "tei/edition.sch", "tei/kropotkin-1919-witness.txt",
        ".ci/run", "benchmarks/build_figures.py",
    ):  # fmt: skip
        assert needed in names, needed
    assert not any("node_modules" in n or "artifacts" in n or "__pycache__" in n for n in names)

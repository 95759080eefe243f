"""The package's layers, as edition/README.md draws them: each layer imports only layers below
it, the core and the page layer never import Sphinx, no module imports another inside a
function, and no two modules import each other, directly or round a circle."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "edition"
# What each layer may import of the package, besides itself. The top-level modules (the
# package's __init__ and extension.py, which wires every layer into Sphinx) may import all.
ALLOWED = {
    "core": set(),
    "page": {"core"},
    "validation": {"core"},
    "ext": {"core", "page", "validation"},
    "writers": {"core", "page", "ext"},
    "cmd": {"core", "page", "validation", "ext", "writers"},
}
SPHINX_FREE = ("core", "page", "validation")
# The one import inside a function: Sphinx's entry point, so that `import edition` stays free
# of Sphinx for the command line and the core.
LATE_IMPORTS_ALLOWED = {("edition", "edition.extension")}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> str:
    """The layer a module belongs to; "root" for the package itself (its version and code
    digest, which every layer may read), "" for the modules above the layers."""
    parts = module.split(".")
    if len(parts) == 1:
        return "root"
    return parts[1] if parts[1] in ALLOWED else ""


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imports(module: str) -> list[tuple[str, bool]]:
    """(imported module, whether the import stands inside a function or class body)."""
    tree = ast.parse(MODULES[module].read_text("utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [f"{node.module}.{alias.name}" for alias in node.names]
            targets = [n for n in names if n in MODULES] or [node.module]
            found += [(target, node.col_offset > 0) for target in targets]
        elif isinstance(node, ast.Import):
            found += [(alias.name, node.col_offset > 0) for alias in node.names]
    return found


def own_imports(module: str) -> set[str]:
    """The package's modules that module imports at its top."""
    return {t for t, late in imports(module) if t in MODULES and t != module and not late}


def test_the_layers_exist_and_hold_the_modules() -> None:
    assert set(ALLOWED) <= {layer(m) for m in MODULES}
    loose = sorted(m for m in MODULES if not layer(m))
    assert loose == ["edition.__main__", "edition.extension"], loose


@pytest.mark.parametrize("module", sorted(m for m in MODULES if layer(m) in ALLOWED))
def test_a_layer_imports_only_the_layers_below_it(module: str) -> None:
    own = layer(module)
    wrong = sorted(t for t in own_imports(module) if layer(t) not in ALLOWED[own] | {own, "root"})
    assert not wrong, f"{module} ({own}) imports {wrong}"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if layer(m) in SPHINX_FREE))
def test_the_core_the_page_layer_and_validation_need_no_sphinx(module: str) -> None:
    sphinx = sorted(t for t, _ in imports(module) if t.split(".")[0] == "sphinx")
    assert not sphinx, f"{module} imports {sphinx}"


def test_no_import_hides_inside_a_function() -> None:
    late = sorted(
        (module, target)
        for module in MODULES
        for target, inside in imports(module)
        if inside and target.startswith("edition") and (module, target) not in LATE_IMPORTS_ALLOWED
    )
    assert not late, late


def test_no_modules_import_each_other_round_a_circle() -> None:
    graph = {m: own_imports(m) for m in MODULES}
    # A module importing a name from its own package's __init__ is not a circle.
    for module in graph:
        graph[module] = {t for t in graph[module] if not module.startswith(t + ".")}
    circles = []
    state: dict[str, int] = {}  # 1 on the path, 2 done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                circles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert not circles, circles

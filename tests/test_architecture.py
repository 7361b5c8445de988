"""Layering contract, checked on the source (an AST scan of every module under explorer/).

Layers, lowest first: ``settings`` and ``api`` ← ``store`` ← ``analysis`` ← ``presentation`` ←
``export`` ← ``ui`` / ``cli``. ``demo`` is the fake API (api and settings only); ``services``
builds the client and the store for the front ends; ``capture`` (proxy, log follower) sits
beside the front ends, below ``ui`` / ``cli``, and never imports textual. Every import counts for the layer and
third-party rules, wherever it sits (inside a function, under ``TYPE_CHECKING``); the cycle
check looks only at imports that run when a module is imported.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "explorer"
MAX_LINES = 400

# Which first-level parts of `explorer` each part may import (besides itself and the
# `explorer` root, which holds only `__version__`). Absent from the table: no restriction.
ALLOWED_LAYERS: dict[str, set[str]] = {
    "settings": {"api.errors"},
    "api": {"settings"},
    "store": {"api"},
    "analysis": {"api", "store"},
    "presentation": {"api", "store", "analysis"},
    "export": {"api", "store", "analysis", "presentation"},
    "demo": {"api", "settings"},
    "services": {"api", "settings", "store", "demo"},
    "capture": {"api", "settings", "store", "presentation", "demo", "services"},
}
# Textual is the UI; rich's cell-width arithmetic (`rich.cells`) is pure and lays out text
# in presentation too, but no other rich module leaves the UI.
THIRD_PARTY_ONLY_IN: dict[str, tuple[str, ...]] = {
    "textual": ("ui",),
    "rich": ("ui",),
    "rich.cells": ("ui", "presentation"),
}

# Violations of the tree as it is, each to be fixed by moving code (not by widening a rule).
# An entry that no longer matches fails the test: delete it then.
KNOWN_VIOLATIONS: set[tuple[str, str]] = set()


@dataclass(frozen=True)
class Import:
    """One import statement's target, as seen from `module`."""

    module: str
    target: str
    line: int
    at_import_time: bool  # module level (class bodies too), not in a function or TYPE_CHECKING
    type_checking: bool

    def describe(self) -> str:
        return f"{self.module} imports {self.target} (explorer/{self.path_hint}:{self.line})"

    @property
    def path_hint(self) -> str:
        return module_path(self.module).relative_to(PACKAGE).as_posix()


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def module_path(module: str) -> Path:
    return modules()[module]


def is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def resolve(module: str, path: Path, node: ast.ImportFrom) -> list[str]:
    """Absolute targets of `from … import …`: a submodule when the name is one, else the module."""
    if node.level:
        package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
        base = ".".join(package[: len(package) - node.level + 1] + ([node.module] if node.module else []))
    else:
        base = node.module or ""
    return [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules() else base for alias in node.names]


def imports_of(module: str, path: Path | None = None) -> Iterator[Import]:
    """Every import in `module` (read from `path`, by default its file under explorer/)."""
    path = path or module_path(module)
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))

    def visit(node: ast.AST, in_function: bool, in_type_checking: bool) -> Iterator[Import]:
        for child in ast.iter_child_nodes(node):
            at_import_time = not in_function and not in_type_checking
            if isinstance(child, ast.Import):
                for alias in child.names:
                    yield Import(module, alias.name, child.lineno, at_import_time, in_type_checking)
            elif isinstance(child, ast.ImportFrom) and child.module != "__future__":
                for target in resolve(module, path, child):
                    yield Import(module, target, child.lineno, at_import_time, in_type_checking)
            elif isinstance(child, ast.If) and is_type_checking(child.test):
                for statement in child.body:
                    yield from visit(ast.Module(body=[statement], type_ignores=[]), in_function, True)
                for statement in child.orelse:
                    yield from visit(ast.Module(body=[statement], type_ignores=[]), in_function,
                                     in_type_checking)
            else:
                function = isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
                yield from visit(child, in_function or function, in_type_checking)

    yield from visit(tree, False, False)


@cache
def all_imports() -> list[Import]:
    return [found for module in modules() for found in imports_of(module)]


def layer(module: str) -> str:
    """`explorer.store.history` → `store`; the `explorer` root itself → ``""``."""
    return module.split(".")[1] if module.count(".") else ""


def check_known(problems: list[tuple[str, str, str]]) -> None:
    """Fail on every problem not in KNOWN_VIOLATIONS, each message naming module and import."""
    unexpected = [message for module, what, message in problems if (module, what) not in KNOWN_VIOLATIONS]
    assert not unexpected, "\n".join(unexpected)


def layer_problems() -> list[tuple[str, str, str]]:
    problems = []
    for found in all_imports():
        if not found.target.startswith("explorer.") or layer(found.target) == layer(found.module):
            continue
        source, target = layer(found.module), found.target.removeprefix("explorer.")
        if target == "cli" and found.module != "explorer.__main__":
            problems.append((found.module, found.target,
                             f"{found.describe()}: only explorer.__main__ may import explorer.cli"))
            continue
        allowed = ALLOWED_LAYERS.get(source)
        if allowed is None or any(target == a or target.startswith(f"{a}.") for a in allowed):
            continue
        problems.append((found.module, found.target,
                         f"{found.describe()}: the {source} layer may import only "
                         f"{', '.join(sorted(allowed))} (and itself)"))
    return problems


def third_party_problems() -> list[tuple[str, str, str]]:
    problems = []
    for found in all_imports():
        rule = max((name for name in THIRD_PARTY_ONLY_IN
                    if found.target == name or found.target.startswith(f"{name}.")), default=None, key=len)
        if rule is not None and layer(found.module) not in THIRD_PARTY_ONLY_IN[rule]:
            problems.append((found.module, found.target,
                             f"{found.describe()}: {rule} may be imported only in "
                             f"{', '.join(f'explorer/{part}/' for part in THIRD_PARTY_ONLY_IN[rule])}"))
    return problems


def import_time_graph() -> dict[str, set[str]]:
    """Module → the explorer modules importing it runs: the target and the packages above it
    (their `__init__` runs first), except packages that hold the importer (already running)."""
    graph: dict[str, set[str]] = {module: set() for module in modules()}
    for found in all_imports():
        if not found.at_import_time or not found.target.startswith("explorer"):
            continue
        parts = found.target.split(".")
        for end in range(1, len(parts) + 1):
            target = ".".join(parts[:end])
            if target in modules() and not f"{found.module}.".startswith(f"{target}."):
                graph[found.module].add(target)
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle path per group of mutually importing modules (depth-first search)."""
    cycles, done, on_path = [], set(), []

    def walk(module: str) -> None:
        on_path.append(module)
        for target in sorted(graph[module]):
            if target in on_path:
                cycles.append(on_path[on_path.index(target):] + [target])
            elif target not in done:
                walk(target)
        on_path.pop()
        done.add(module)

    for module in sorted(graph):
        if module not in done:
            walk(module)
    return cycles


def test_scan_sees_the_whole_package():
    assert "explorer.api.client" in modules() and "explorer.ui.app" in modules()
    client = {found.target for found in imports_of("explorer.api.client")}
    assert "explorer.settings" in client and "httpx" in client
    graph = import_time_graph()
    assert "explorer.settings" in graph["explorer.api.client"]
    # metrics names the API models under TYPE_CHECKING only: no edge, so no false cycle
    assert "explorer.api.models" not in graph["explorer.analysis.metrics"]


def test_scanner_sees_imports_anywhere(tmp_path):
    source = tmp_path / "sample.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "import explorer.api.errors\n"
        "if TYPE_CHECKING:\n    from textual.app import App\n"
        "class Panel:\n    from explorer.store import history\n"
        "    def show(self):\n        from explorer.ui import app\n"
    )
    found = {f.target: (f.at_import_time, f.type_checking)
             for f in imports_of("explorer.store.sample", source)}
    assert found == {
        "typing": (True, False), "explorer.api.errors": (True, False),
        "textual.app": (False, True), "explorer.store.history": (True, False),
        "explorer.ui.app": (False, False),
    }


def test_textual_and_rich_stay_in_the_ui():
    check_known(third_party_problems())


def test_layers_import_only_lower_layers():
    check_known(layer_problems())


def test_no_import_cycles():
    cycles = find_cycles(import_time_graph())
    assert not cycles, "import cycles at import time:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_cycle_finder_reports_the_path():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycles(graph) == [["a", "b", "c", "a"]]


def test_known_violations_are_still_real():
    found = {(module, what) for module, what, _ in
             layer_problems() + third_party_problems() + self_any_problems()}
    stale = sorted(KNOWN_VIOLATIONS - found)
    assert not stale, f"fixed, so remove from KNOWN_VIOLATIONS in {Path(__file__).name}: {stale}"


def self_any_problems() -> list[tuple[str, str, str]]:
    problems = []
    for module, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) or not node.args.args:
                continue
            first = node.args.args[0]
            if first.arg == "self" and first.annotation is not None and \
                    ast.unparse(first.annotation) in ("Any", "typing.Any"):
                problems.append((module, "self: Any",
                                 f"{module}.{node.name} (line {node.lineno}) types `self: Any`: "
                                 "use a Protocol for what the mixin needs"))
    return problems


def test_no_self_typed_any():
    check_known(self_any_problems())


def test_files_stay_under_the_line_limit():
    too_long = []
    for folder in ("explorer", "tests"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > MAX_LINES:
                too_long.append(f"{path.relative_to(ROOT)}: {lines} lines (at most {MAX_LINES})")
    assert not too_long, "split by concern:\n" + "\n".join(too_long)

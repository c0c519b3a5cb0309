"""The import graph of app.py, app_pages/, ui/ and partnership/: no cycle, and project imports at module level.

A project module imported inside a function hides an edge of the graph (and usually a cycle it
dodges). Third-party imports deferred for start-up time are fine.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

PROJECT = ("app", "app_pages", "ui", "partnership")


def _files() -> list[Path]:
    return [ROOT / "app.py"] + [path for folder in PROJECT[1:] for path in sorted((ROOT / folder).rglob("*.py"))]


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(node: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level or node.module is None:
        return []
    return [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]


def _graph() -> dict[str, set[str]]:
    modules = {_module(path): path for path in _files()}
    graph = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top = [node for node in ast.iter_child_nodes(tree) if isinstance(node, ast.Import | ast.ImportFrom)]
        graph[name] = {target for node in top for target in _imported(node) if target in modules and target != name}
    return graph


def test_the_import_graph_has_no_cycle():
    graph, state, cycles = _graph(), {}, []

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for target in sorted(graph[module]):
            if state.get(target) == "open":
                cycles.append(" -> ".join([*path[path.index(target) :], target]))
            elif target not in state:
                visit(target, [*path, target])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_app_pages_and_ui_import_project_modules_at_module_level_only():
    hidden = []
    for path in _files():
        if path.relative_to(ROOT).parts[0] == "partnership":
            continue
        for function in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.Import | ast.ImportFrom) and any(
                    name.split(".")[0] in PROJECT for name in _imported(node)
                ):
                    hidden.append(f"{path.relative_to(ROOT)}: {function.name}")
    assert hidden == []

"""The layout holds: layers without import cycles, imports visible at the top, short pages and functions.

Checked from the source (ast), so a rule broken anywhere fails here with the file and line:
- the import graph of app.py, app_pages/, ui/, partnership/ and the tools (bench/, deploy/, scripts/,
  devtools/) has no cycle;
- project modules import each other at module level only (a function-level import hides the graph;
  deferring a heavy third-party import into a function is fine);
- partnership/ never imports streamlit or ui/ (the core is what tests and scripts use);
- no page script is over 250 lines, no function over 80 lines (tools included), and no page sleeps;
- no code edits sys.path: the tools run from the root as modules (`python -m bench.capacity`) and import
  other folders as packages;
- a fragment (and the page functions it calls) reads no page variable: it reruns alone.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT, app_pages

PROJECT_PACKAGES = ("partnership", "ui", "app_pages")
TOOL_FOLDERS = ("bench", "deploy", "scripts", "devtools")
MAX_PAGE_LINES = 250
MAX_FUNCTION_LINES = 80
PAGE_SCRIPTS = [ROOT / file for file, *_ in app_pages()]  # a page that is a folder: its page.py


def sources() -> list[Path]:
    return [ROOT / "app.py"] + sorted(p for package in PROJECT_PACKAGES for p in (ROOT / package).rglob("*.py"))


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def tool_sources() -> list[Path]:
    return sorted(p for folder in TOOL_FOLDERS for p in (ROOT / folder).rglob("*.py"))


MODULES = {module_name(path): path for path in sources()}
EVERY_MODULE = MODULES | {module_name(path): path for path in tool_sources()}


def is_project(name: str) -> bool:
    return name.split(".")[0] in PROJECT_PACKAGES + TOOL_FOLDERS or name == "app"


def imported_modules(node: ast.Import | ast.ImportFrom, here: str) -> list[str]:
    """The project modules one import statement loads (`from partnership import data` loads partnership.data)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names if is_project(alias.name)]
    if node.level:  # relative import: resolve against the importing module's package
        package = here.split(".")[: -node.level] if not EVERY_MODULE[here].name == "__init__.py" else here.split(".")
        base = ".".join(package + ([node.module] if node.module else []))
    else:
        base = node.module or ""
    if not is_project(base):
        return []
    targets = [f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in EVERY_MODULE]
    return targets or [base]


def module_level_imports(path: Path) -> set[str]:
    here = module_name(path)
    found: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.update(name for name in imported_modules(node, here) if name in EVERY_MODULE and name != here)
    return found


def test_the_import_graph_has_no_cycle():
    graph = {name: module_level_imports(path) for name, path in EVERY_MODULE.items()}
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(name: str, trail: list[str]) -> None:
        state[name] = 1
        for target in sorted(graph[name]):
            if state.get(target) == 1:
                cycles.append(trail[trail.index(target) :] + [target])
            elif target not in state:
                visit(target, trail + [target])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_project_modules_import_each_other_at_module_level_only():
    hidden = []
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top = set(map(id, tree.body))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom) and id(node) not in top and imported_modules(node, name):
                hidden.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert hidden == []


def test_the_core_never_imports_streamlit_or_the_glue():
    wrong = []
    for name, path in MODULES.items():
        if not name.startswith("partnership"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            wrong += [f"{path.relative_to(ROOT)}:{node.lineno} {n}" for n in names if n.split(".")[0] in ("streamlit", "ui")]
    assert wrong == []


@pytest.mark.parametrize("page", PAGE_SCRIPTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_pages_are_short_and_never_sleep(page: Path):
    text = page.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_PAGE_LINES
    sleeps = [
        node.lineno
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", None)) == "sleep"
    ]
    assert sleeps == []


def test_no_function_is_over_80_lines():
    long = [
        f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for path in EVERY_MODULE.values()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert long == []


def is_sys_path(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "path" and getattr(node.value, "id", None) == "sys"


def edits_sys_path(node: ast.AST) -> bool:
    """`sys.path.insert(...)`, `.append`, `.extend`, `sys.path = ...`, `sys.path += ...`."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return is_sys_path(node.func.value) and node.func.attr in ("insert", "append", "extend")
    if isinstance(node, ast.Assign | ast.AugAssign):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        return any(is_sys_path(target) for target in targets)
    return False


def test_no_code_edits_the_import_path():
    """A folder reaches another as a package (`from devtools.server import ...`), never by a path added at run time."""
    paths = list(EVERY_MODULE.values()) + sorted((ROOT / "tests").rglob("*.py"))
    edits = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in paths
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if edits_sys_path(node)
    ]
    assert edits == []


def test_the_checks_see_the_tools():
    """The rules above read bench/, scripts/ and devtools/ too (a folder renamed away would drop out silently)."""
    assert {"bench.capacity", "bench.locust_streamlit", "scripts.untranslated", "devtools.server"} <= set(EVERY_MODULE)
    assert module_level_imports(EVERY_MODULE["bench.capacity"]) >= {"bench._harness", "bench._phase"}


def page_globals(tree: ast.Module) -> set[str]:
    """Names a page's script assigns at its top level (its variables; UPPER_CASE constants excepted)."""
    names = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Import | ast.ImportFrom):
            continue
        names |= {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    return {name for name in names if not name.isupper()}


def is_fragment(function: ast.FunctionDef) -> bool:
    return any("fragment" in ast.unparse(decorator) for decorator in function.decorator_list)


@pytest.mark.parametrize("page", PAGE_SCRIPTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_fragment_reads_the_page_s_globals(page: Path):
    """A fragment reruns alone: what it needs comes in as arguments, not from the page's last full run."""
    tree = ast.parse(page.read_text(encoding="utf-8"))
    functions = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    variables = page_globals(tree)
    reads = []
    todo, seen = [name for name, node in functions.items() if is_fragment(node)], set()
    while todo:  # the fragments and every page function they call
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        node = functions[name]
        local = {a.arg for a in node.args.args + node.args.kwonlyargs}
        local |= {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
        loaded = {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
        reads += [f"{name} reads {v}" for v in sorted((loaded & variables) - local)]
        todo += [called for called in loaded if called in functions]
    assert reads == []

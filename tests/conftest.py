"""Shared fixtures: the repository root and a copy of the shipped data to break safely."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"

# AppTest runs app.py inside the test process: its once-per-server gc.freeze() (ui/runtime/process_tuning.py)
# would freeze pytest's own heap. It is tested on its own, in a subprocess (tests/ui/runtime/test_process_tuning.py).
os.environ.setdefault("PARTNERSHIP_GC_FREEZE", "0")


@pytest.fixture(scope="session")
def chromium():
    """The Chromium static export uses (PNG, SVG, PDF); skips the test without one (fails with REQUIRE_BROWSER=1)."""
    from partnership import export

    if export.chromium_path() is None:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail("REQUIRE_BROWSER=1 but no Chromium for static export")
        pytest.skip(f"no Chromium for static export ({export.INSTALL_HINT})")
    return export.chromium_path()


def run_python(script: str, env: dict[str, str]) -> list[str]:
    """Run `script` in a fresh interpreter at the project's root, with only PATH, PYTHONPATH and `env` set (for
    once-per-process set-ups, which the test process has long done); the words it printed. Fails on an error."""
    bare = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), **env}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=bare, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def app_pages() -> list[tuple[str, str, str, str]]:
    """app.py's PAGES (file, navigation key, icon, url path), read from its source without running it."""
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(target, "id", None) == "PAGES" for target in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError("app.py has no PAGES list")


def page_names() -> list[str]:
    """The url path of every page in menu order (the default page's too: "overview")."""
    return [url_path for *_, url_path in app_pages()]


def page_links() -> list[tuple[str, str]]:
    """(path a reader opens, page name) in menu order: the default page opens from the root."""
    return [("" if index == 0 else name, name) for index, name in enumerate(page_names())]


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of data/ (the shipped files are never modified by tests)."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


@pytest.fixture
def broken_data(data_copy, monkeypatch):
    """Point the app at a copy of data/ that a test can break."""
    monkeypatch.setenv("PARTNERSHIP_DATA_DIR", str(data_copy))
    return data_copy

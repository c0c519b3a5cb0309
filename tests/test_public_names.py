"""Every name a module's `__all__` lists exists: `from module import *` works for every module that has one.

A name left in `__all__` after its function or submodule moved makes a star import raise; nothing else
would notice, since the product imports names one by one.
"""

from __future__ import annotations

import ast
import importlib

import pytest

from tests.conftest import ROOT


def module_name(path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def declares_all(path) -> bool:
    return any(
        isinstance(node, ast.Assign) and any(getattr(target, "id", None) == "__all__" for target in node.targets)
        for node in ast.parse(path.read_text(encoding="utf-8")).body
    )


MODULES = sorted(
    module_name(path) for package in ("partnership", "ui") for path in (ROOT / package).rglob("*.py") if declares_all(path)
)


def test_the_core_and_the_glue_declare_public_names():
    assert {"partnership", "partnership.data", "partnership.comtrade_api", "ui.frame"} <= set(MODULES)


@pytest.mark.parametrize("module", MODULES)
def test_a_star_import_gives_every_listed_name(module):
    namespace: dict[str, object] = {}
    exec(f"from {module} import *", namespace)  # the module names come from the tree above
    assert [name for name in importlib.import_module(module).__all__ if name not in namespace] == []

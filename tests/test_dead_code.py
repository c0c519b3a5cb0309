"""No dead code in the core and the glue: every public top-level name is used by the product.

A name in partnership/ or ui/ that only its own definition (or only a test) mentions is either
missing its caller or left over; both are review defects. "Used" is a whole-word mention in the
product's code (app, pages, core, glue, scripts, benches, deploy), so a name shared by two
modules may hide one unused twin: this catches the plain case, not every case.
"""

from __future__ import annotations

import ast
import re
from collections import Counter

from tests.conftest import ROOT

PRODUCT = [ROOT / "app.py"] + [
    path
    for folder in ("app_pages", "partnership", "ui", "scripts", "bench", "deploy")
    for path in sorted(ROOT.glob(f"{folder}/**/*.py"))
]


def public_names(source: str) -> list[str]:
    names = []
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.append(node.name)
        elif isinstance(node, ast.Assign):
            names += [target.id for target in node.targets if isinstance(target, ast.Name)]
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.append(node.target.id)
    return [name for name in names if not name.startswith("_")]


def test_every_public_name_of_the_core_and_the_glue_is_used():
    words = Counter(word for path in PRODUCT for word in re.findall(r"\w+", path.read_text(encoding="utf-8")))
    unused = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in PRODUCT
        if path.relative_to(ROOT).parts[0] in ("partnership", "ui")
        for name in public_names(path.read_text(encoding="utf-8"))
        if words[name] <= 1  # only its own definition
    ]
    assert unused == []

"""Shared fixtures: the repository root and a copy of the shipped data to break safely."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"

# AppTest runs app.py inside the test process: its once-per-server gc.freeze() (ui/process_tuning.py)
# would freeze pytest's own heap. It is tested on its own, in a subprocess (tests/test_process_tuning.py).
os.environ.setdefault("PARTNERSHIP_GC_FREEZE", "0")


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of data/ (the shipped files are never modified by tests)."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target

"""The retired first-import script never overwrites data/ (the source of truth with its corrections)."""

from __future__ import annotations

import importlib.util
import shutil

import pytest

from tests.conftest import ROOT

RESEARCH = ROOT.parent / "shared" / "data-research"


def _script():
    spec = importlib.util.spec_from_file_location("import_research", ROOT / "scripts" / "import_research.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("target", ["data", "data/sub", "."])
def test_refuses_to_write_into_data(target, monkeypatch):
    before = {p.name: p.read_bytes() for p in (ROOT / "data").iterdir()}
    monkeypatch.chdir(ROOT)
    with pytest.raises(SystemExit, match="refusing to write into"):
        _script().main([target])
    assert {p.name: p.read_bytes() for p in (ROOT / "data").iterdir()} == before


def test_without_a_target_it_prints_usage():
    with pytest.raises(SystemExit, match="usage"):
        _script().main([])


@pytest.mark.skipif(not RESEARCH.is_dir(), reason="research files not present next to the project")
def test_builds_into_another_folder(tmp_path):
    research = tmp_path / "research"
    shutil.copytree(RESEARCH, research)
    _script().main([str(tmp_path / "out"), str(research)])
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "agreements.csv",
        "events.csv",
        "projects.csv",
        "targets.csv",
        "trade.csv",
    ]

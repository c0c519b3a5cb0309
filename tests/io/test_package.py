"""partnership.io.package: where the data folder is, its datapackage.json (read once per change), each
resource's descriptor, the zip."""

from __future__ import annotations

import io
import json
import os
import zipfile

import pytest

from partnership.io import package
from partnership.io.load import load
from partnership.io.problems import DataError
from tests.conftest import DATA_DIR


def test_data_dir_from_environment(monkeypatch, data_copy):
    monkeypatch.setenv(package.DATA_DIR_ENV, str(data_copy))
    assert package.resolve_data_dir() == data_copy
    assert len(load("targets")) == len(load("targets", DATA_DIR))


def test_unknown_resource(data_copy):
    with pytest.raises(DataError, match="no resource 'nope'"):
        load("nope", data_copy)


def test_package_zip_holds_the_shipped_files_byte_for_byte():
    with zipfile.ZipFile(io.BytesIO(package.package_zip())) as archive:
        names = set(archive.namelist())
        assert names == {"datapackage.json"} | {f"{r}.csv" for r in package.RESOURCES}
        for name in names:
            assert archive.read(name) == (DATA_DIR / name).read_bytes()


def test_the_argument_wins_over_the_environment_and_data_beside_the_app_is_the_default(monkeypatch, tmp_path):
    monkeypatch.setenv(package.DATA_DIR_ENV, str(tmp_path / "from-env"))
    assert package.resolve_data_dir(tmp_path / "given") == tmp_path / "given"
    monkeypatch.setenv(package.DATA_DIR_ENV, "")
    assert package.resolve_data_dir() == package.DEFAULT_DATA_DIR == DATA_DIR


def test_the_descriptor_is_read_again_when_it_changes(data_copy):
    descriptor = data_copy / "datapackage.json"
    first = package.package(data_copy)
    assert package.package(data_copy) is first  # unchanged: not read again
    changed = json.loads(descriptor.read_text(encoding="utf-8")) | {"title": "Changed"}
    descriptor.write_text(json.dumps(changed), encoding="utf-8")
    os.utime(descriptor, (1, first_mtime := descriptor.stat().st_mtime + 10))
    assert package.package(data_copy)["title"] == "Changed"
    assert descriptor.stat().st_mtime == first_mtime


def test_resource_meta_is_the_resource_s_entry_and_an_unknown_name_lists_the_known(data_copy):
    meta = package.resource_meta("trade", data_copy)
    assert meta["path"] == "trade.csv" and {"fields"} <= set(meta["schema"])
    with pytest.raises(DataError) as caught:
        package.resource_meta("nope", data_copy)
    (problem,) = caught.value.problems
    assert problem.code == "unknown_resource"
    assert problem.values == {"resource": "nope", "known": ", ".join(package.RESOURCES)}
    assert caught.value.file == str(data_copy / "datapackage.json")


def test_a_folder_without_a_descriptor_says_so(tmp_path):
    with pytest.raises(DataError) as caught:
        package.package(tmp_path)
    assert [problem.code for problem in caught.value.problems] == ["file_not_found"]
    assert caught.value.file == str(tmp_path / "datapackage.json")


def test_package_zip_of_another_folder_holds_that_folder_s_files(data_copy):
    (data_copy / "events.csv").write_bytes(b"changed")
    with zipfile.ZipFile(io.BytesIO(package.package_zip(data_copy))) as archive:
        assert archive.read("events.csv") == b"changed"
        assert archive.read("trade.csv") == (DATA_DIR / "trade.csv").read_bytes()

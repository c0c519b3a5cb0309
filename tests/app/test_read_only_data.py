"""A read-only data folder (a container's read-only volume): the app serves from it, a refresh says it cannot write."""

from __future__ import annotations

import builtins
import errno
import io
import os
import stat
from pathlib import Path

import pytest

from partnership import refresh
from tests.app.conftest import main_text, open_page
from tests.conftest import ROOT

RECORDED = ROOT / "tests" / "fixtures" / "comtrade_api"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def read_only(data_copy, monkeypatch):
    """data_copy made read-only: mode bits for an ordinary user; for root, whom mode bits do not stop, every
    write under it fails as on a read-only mount (EROFS). The app is pointed at it."""
    for path in [data_copy, *data_copy.rglob("*")]:
        path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH | (stat.S_IXUSR if path.is_dir() else 0))
    if os.access(data_copy, os.W_OK):
        inside = str(data_copy.resolve())

        def refuse(path) -> None:
            if os.path.abspath(os.fspath(path)).startswith(inside):
                raise OSError(errno.EROFS, os.strerror(errno.EROFS), os.fspath(path))

        def guarded_open(original):
            def opener(file, mode="r", *args, **kwargs):
                if not isinstance(file, int) and any(c in mode for c in "wax+"):
                    refuse(file)
                return original(file, mode, *args, **kwargs)

            return opener

        def guarded_os_open(original):
            def opener(path, flags, *args, **kwargs):
                if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
                    refuse(path)
                return original(path, flags, *args, **kwargs)

            return opener

        def guarded_move(original):
            return lambda src, dst, *a, **k: (refuse(src), refuse(dst), original(src, dst, *a, **k))[-1]

        monkeypatch.setattr(builtins, "open", guarded_open(builtins.open))
        monkeypatch.setattr(io, "open", guarded_open(io.open))
        monkeypatch.setattr(os, "open", guarded_os_open(os.open))
        monkeypatch.setattr(os, "replace", guarded_move(os.replace))
        monkeypatch.setattr(os, "rename", guarded_move(os.rename))
    monkeypatch.setenv("PARTNERSHIP_DATA_DIR", str(data_copy))
    before = snapshot(data_copy)
    yield data_copy
    assert snapshot(data_copy) == before, "nothing in the data folder changed"
    for path in [data_copy, *data_copy.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)


def test_the_guard_is_real(read_only):
    with pytest.raises(OSError):
        (read_only / "new.csv").write_text("x", encoding="utf-8")


def test_a_refresh_with_write_says_it_cannot_write_and_writes_nothing(read_only, capsys):
    code = refresh.main(
        ["comtrade", "--years", "2021-2024", "--from-file", str(RECORDED), "--data-dir", str(read_only), "--write"]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert f"Cannot write to {read_only}" in err and "nothing was written" in err and "Traceback" not in err


@pytest.mark.parametrize("page", ["overview", "data"])
def test_the_app_serves_from_a_read_only_folder(read_only, page):
    at = open_page(page, lang="en")
    assert not at.exception, at.exception
    assert main_text(at).strip()

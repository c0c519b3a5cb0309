"""ui.runtime.download_keepalive: a file built by a download button on click survives other sessions' sweeps."""

from __future__ import annotations

import inspect

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from ui.runtime import download_keepalive


@pytest.fixture
def manager() -> MediaFileManager:
    assert download_keepalive.install()
    return MediaFileManager(MemoryMediaFileStorage("/media"))


def click(manager: MediaFileManager, content: bytes = b"\x89PNG chart") -> tuple[str, str]:
    """Register a button's callable and run it as a click does; (url, file id)."""
    placeholder = manager.add_deferred(lambda: content, "image/png", "1.(2).3", "chart.png")
    url = manager.execute_deferred(placeholder)
    return url, download_keepalive.file_id_of(url)


def stored(manager: MediaFileManager, file_id: str) -> bool:
    return manager.read_file(file_id) is not None


def test_file_id_is_read_from_the_media_url():
    assert download_keepalive.file_id_of("/media/fefcfab131e53e6a81c95b36328c3d85.png") == "fefcfab131e53e6a81c95b36328c3d85"


def test_built_file_survives_sweeps_until_it_expires(manager, monkeypatch):
    url, file_id = click(manager)
    assert url.startswith("/media/") and stored(manager, file_id)
    # Other sessions' runs end with sweeps; without the keep-alive the second one deletes the file.
    for _ in range(5):
        manager.remove_orphaned_files()
    assert stored(manager, file_id)

    later = download_keepalive.time.monotonic() + download_keepalive.KEEP_SECONDS + 1
    monkeypatch.setattr(download_keepalive.time, "monotonic", lambda: later)
    manager.remove_orphaned_files()  # expired: unreferenced now, marked
    manager.remove_orphaned_files()  # deleted, as Streamlit would
    assert not stored(manager, file_id)


def test_each_click_holds_the_file_for_its_own_time(manager, monkeypatch):
    start = download_keepalive.time.monotonic()
    url, file_id = click(manager)
    monkeypatch.setattr(download_keepalive.time, "monotonic", lambda: start + download_keepalive.KEEP_SECONDS - 5)
    click(manager)  # same bytes again from another session: same file, held anew
    monkeypatch.setattr(download_keepalive.time, "monotonic", lambda: start + download_keepalive.KEEP_SECONDS + 1)
    manager.remove_orphaned_files()
    manager.remove_orphaned_files()
    assert stored(manager, file_id)


def test_install_is_idempotent():
    assert download_keepalive.install() and download_keepalive.install()
    assert MediaFileManager.execute_deferred.__name__ == "execute_deferred_kept"


def test_the_pinned_streamlit_still_has_the_internals_the_patch_relies_on():
    """Fails when Streamlit's MediaFileManager no longer has the shape the keep-alive wraps (see the module)."""
    execute_deferred = inspect.unwrap(MediaFileManager.execute_deferred)
    remove_orphaned_files = inspect.unwrap(MediaFileManager.remove_orphaned_files)
    assert list(inspect.signature(execute_deferred).parameters) == ["self", "file_id"]
    assert list(inspect.signature(remove_orphaned_files).parameters) == ["self"]
    fresh = MediaFileManager(MemoryMediaFileStorage("/media"))
    assert hasattr(fresh._lock, "__enter__")
    assert isinstance(fresh._files_by_session_and_coord, dict)
    # The sweep decides from that table which files no session references any more.
    assert "_files_by_session_and_coord" in inspect.getsource(MediaFileManager._get_inactive_file_ids)

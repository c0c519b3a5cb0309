"""Keep a file built by a download button on click alive long enough for the browser to fetch it.

Streamlit 1.67 runs a download button's callable (`st.download_button(data=callable)`: every chart
export and table download here) when it is clicked, stores the bytes as /media/<id> and sends the URL
to the browser, which then fetches it. The stored file belongs to no session, and every script run
of *any* session ends by sweeping unreferenced files: the first sweep marks it, the second deletes
it. With many sessions moving sliders, two sweeps can pass before a slow browser asks for the file:
it gets a 404 and the download fails (bench/capacity.py's readers export under load).

`install()` wraps the MediaFileManager so that each file a callable produced stays referenced for
KEEP_SECONDS by a pseudo-session, then is swept as before. Idempotent; a no-op (with a warning) if
Streamlit's internals differ from the version this was written for. Relies on (pinned by
tests/ui/runtime/test_download_keepalive.py): MediaFileManager.execute_deferred(self, file_id) -> url,
MediaFileManager.remove_orphaned_files(self), and an instance's `_lock` and
`_files_by_session_and_coord` ({session id: {coordinates: file id}}).
"""

from __future__ import annotations

import itertools
import logging
import time

from streamlit.runtime.media_file_manager import MediaFileManager

KEEP_SECONDS = 60.0
_HOLDER = "__partnership_download_keepalive__"  # pseudo session id in the manager's reference table
_counter = itertools.count()
_log = logging.getLogger(__name__)


def file_id_of(url: str) -> str:
    """The media file id in a URL of the form <endpoint>/<id><.ext>."""
    return url.rsplit("/", 1)[-1].split(".", 1)[0]


def install() -> bool:
    """Patch Streamlit's MediaFileManager once per process; True if it is (now) patched."""
    if getattr(MediaFileManager, "_keepalive_installed", False):
        return True
    needed = ("execute_deferred", "remove_orphaned_files")
    if not all(hasattr(MediaFileManager, name) for name in needed):
        _log.warning("download keep-alive not installed: Streamlit's MediaFileManager has changed")
        return False
    execute_deferred = MediaFileManager.execute_deferred
    remove_orphaned_files = MediaFileManager.remove_orphaned_files

    def execute_deferred_kept(self, file_id: str) -> str:
        url = execute_deferred(self, file_id)
        try:
            with self._lock:
                # key: "<expiry time>#<n>", so each click holds the file for its own KEEP_SECONDS
                self._files_by_session_and_coord[_HOLDER][f"{time.monotonic() + KEEP_SECONDS}#{next(_counter)}"] = file_id_of(url)
        except AttributeError:  # internals changed: the download still works, only unprotected
            pass
        return url

    def remove_orphaned_files_after_expiry(self) -> None:
        try:
            now = time.monotonic()
            with self._lock:
                held = self._files_by_session_and_coord.get(_HOLDER)
                if held is not None:
                    for key in [key for key in held if float(key.split("#", 1)[0]) <= now]:
                        del held[key]
                    if not held:
                        del self._files_by_session_and_coord[_HOLDER]
        except AttributeError:
            pass
        remove_orphaned_files(self)

    execute_deferred_kept.__wrapped__ = execute_deferred
    remove_orphaned_files_after_expiry.__wrapped__ = remove_orphaned_files
    MediaFileManager.execute_deferred = execute_deferred_kept
    MediaFileManager.remove_orphaned_files = remove_orphaned_files_after_expiry
    MediaFileManager._keepalive_installed = True
    return True

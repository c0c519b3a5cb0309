"""Patches of library internals and per-process tuning of the Streamlit server, installed by one call.

Each module wraps one private part of a pinned library (Streamlit 1.67) and says which; each has a
test that fails when the pinned library no longer has that part in the expected shape
(tests/ui/runtime/, one test module per module; tcp_nodelay.py patches nothing, it sets a socket option the server left off).
kaleido's private tab methods are patched in the core (partnership/export/figures.py, the persistent
browser, which must not import ui/); tests/export/test_kaleido_internals.py pins those.
"""

from __future__ import annotations

from ui.runtime import download_keepalive, process_tuning, session_failover, session_reaper, tcp_nodelay


def install() -> None:
    """Once per process (later calls do nothing): all patches and the start-up heap freeze."""
    # Files built by download buttons on click survive until the browser fetches them.
    download_keepalive.install()
    # Take the start-up heap out of the garbage collector's full passes.
    process_tuning.freeze_startup_heap()
    # A reader who reconnects to another replica after a failover gets a full run, not a dropped fragment rerun.
    session_failover.install()
    # Each message of a session goes out when written, not after the reader's acknowledgement of the one before.
    tcp_nodelay.install()
    # A session kept for a reconnect is shut down when it is dropped: its files, downloads and descriptors go with it.
    session_reaper.install()

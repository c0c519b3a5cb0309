"""A session whose reader left is shut down when Streamlit stops keeping it for a reconnect.

When a websocket closes, Streamlit 1.67 keeps the session (its state, uploads, media files, deferred
downloads, its script thread's event loop and that loop's descriptors) in a MemorySessionStorage for 2
minutes, so a reader whose connection blipped gets it back. When that time is up, or when more than 128
wait, the storage's TTLCache just drops the entry: nothing calls AppSession.shutdown(), so the uploaded
files, media files and deferred callables stay registered under the session's id in the runtime's
managers, and the event loop stays open, until the garbage collector happens to finalise the session
(AppSession.__del__), which a reference from anywhere postpones for ever. bench/soak.py measured it:
RSS and descriptors grew with every closed session.

`install()` wraps the two ways that cache drops entries on its own (`expire`, `_evict_lru`) so every
dropped session is shut down (an explicit delete — a resume or a logout — is left alone), and starts
one daemon thread that reaps expired sessions every REAP_EVERY_S seconds, so an idle server gives the
memory back too. What a session's runs leave in reference cycles is freed only by a full collection,
which process_tuning's thresholds make hours apart (bench/soak.py counted ~50,000 such objects a minute
piling up with 25 readers coming and going): the thread runs one after every COLLECT_AFTER_SESSIONS
sessions it shut down. Relies on (pinned by tests/ui/runtime/test_session_reaper.py): Runtime._session_mgr._session_storage
._cache being Streamlit's TTLCache with `expire(at_time)` and `_evict_lru(reason)`, the manager's
`_storage_lock`, and SessionInfo.session.
"""

from __future__ import annotations

import gc
import logging
import threading
import time

_MARK = "_partnership_reaper"
REAP_EVERY_S = 30.0
# A full collection after this many sessions were shut down (checked every REAP_EVERY_S): what a session
# leaves in reference cycles is freed only by one, and with process_tuning's thresholds those are hours apart.
# The garbage waiting for it (≈ 2,500 objects a session) sets the arenas' high-water mark: docs/soak.md.
COLLECT_AFTER_SESSIONS = 50
_log = logging.getLogger(__name__)
_installed = False
_shut_down = 0  # sessions shut down since the last full collection


def _shutdown(info) -> None:
    global _shut_down
    session = getattr(info, "session", None)
    if session is None:
        return
    _shut_down += 1
    try:
        session.shutdown()
    except Exception:  # noqa: BLE001  (one session's failure must not stop the others' release)
        _log.exception("session_reaper: shutting down session %s failed", getattr(session, "id", "?"))


def wrap(cache) -> bool:
    """Make `cache` (a TTLCache of SessionInfo) shut down the sessions it drops by itself; idempotent."""
    if getattr(cache, _MARK, False):
        return True
    expire, evict = getattr(cache, "expire", None), getattr(cache, "_evict_lru", None)
    if expire is None or evict is None:
        return False

    def reaping_expire(at_time=None):
        removed = expire(at_time)
        for _key, info in removed:
            _shutdown(info)
        return removed

    def reaping_evict(reason):
        info = evict(reason)
        _shutdown(info)
        return info

    cache.expire, cache._evict_lru = reaping_expire, reaping_evict
    setattr(cache, _MARK, True)
    return True


def reap(manager, cache) -> bool:
    """Shut down the expired sessions; a full collection once COLLECT_AFTER_SESSIONS were. True if it collected."""
    global _shut_down
    with manager._storage_lock:
        cache.expire()
    if _shut_down < COLLECT_AFTER_SESSIONS:
        return False
    _shut_down = 0
    gc.collect()
    return True


def _reap_forever(manager, cache) -> None:
    while True:
        time.sleep(REAP_EVERY_S)
        reap(manager, cache)


def install() -> bool:
    """Once per process, after the runtime exists (the app's first run); True if the reaper is in place."""
    global _installed
    if _installed:
        return True
    try:
        from streamlit import runtime
        from streamlit.runtime.caching.ttl_cache import TTLCache
    except ImportError:  # pragma: no cover - a different Streamlit
        return False
    if not runtime.exists():
        return False
    try:  # AppTest's runtime is a mock without a session manager: nothing to reap there
        manager = runtime.get_instance()._session_mgr
        cache, lock = manager._session_storage._cache, manager._storage_lock
    except AttributeError:
        return False
    if not isinstance(cache, TTLCache):
        _log.warning("session_reaper: Streamlit's session storage is not a TTLCache; closed sessions wait for the GC")
        return False
    with lock:
        if getattr(cache, _MARK, False):
            return True
        if not wrap(cache):
            _log.warning("session_reaper: the session storage's cache has no expire/_evict_lru; not installed")
            return False
        _installed = True
    threading.Thread(target=_reap_forever, args=(manager, cache), name="session-reaper", daemon=True).start()
    return True

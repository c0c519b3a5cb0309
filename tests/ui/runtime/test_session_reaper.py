"""ui.runtime.session_reaper: a session Streamlit stops keeping for a reconnect is shut down, not left to the GC."""

from __future__ import annotations

import inspect
import threading

from streamlit.runtime import websocket_session_manager
from streamlit.runtime.caching.ttl_cache import TTLCache
from streamlit.runtime.memory_session_storage import MemorySessionStorage
from streamlit.runtime.session_manager import SessionInfo

from ui.runtime import session_reaper


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Session:
    """What the reaper uses of an AppSession: its id and shutdown()."""

    def __init__(self, sid: str, shut: list[str]) -> None:
        self.id, self._shut = sid, shut

    def shutdown(self) -> None:
        self._shut.append(self.id)


def info(sid: str, shut: list[str]) -> SessionInfo:
    return SessionInfo(client=None, session=Session(sid, shut))  # type: ignore[arg-type]


def reaped_cache(maxsize: int = 3) -> tuple[TTLCache, Clock, list[str]]:
    clock, shut = Clock(), []
    cache = TTLCache(maxsize=maxsize, ttl=120, timer=clock)
    assert session_reaper.wrap(cache)
    assert session_reaper.wrap(cache)  # idempotent: wrapped once
    return cache, clock, shut


def test_an_expired_session_is_shut_down_when_the_cache_reaps_it():
    cache, clock, shut = reaped_cache()
    cache["a"] = info("a", shut)
    clock.now = 60
    cache["b"] = info("b", shut)
    clock.now = 121  # a's two minutes are over, b's are not
    assert shut == []  # nothing happens until the cache is touched (the reaper thread does that)
    cache.expire()
    assert shut == ["a"] and list(cache) == ["b"]
    clock.now = 200
    cache["c"] = info("c", shut)  # a write reaps too
    assert shut == ["a", "b"]


def test_the_oldest_session_is_shut_down_when_too_many_wait():
    cache, _clock, shut = reaped_cache(maxsize=2)
    for sid in "abc":
        cache[sid] = info(sid, shut)
    assert shut == ["a"] and sorted(cache) == ["b", "c"]


def test_a_resumed_or_deleted_session_is_not_shut_down():
    cache, _clock, shut = reaped_cache()
    cache["a"] = info("a", shut)
    cache["b"] = info("b", shut)
    assert cache.pop("a").session.id == "a"  # what a resume does (storage.get, then delete)
    del cache["b"]
    assert shut == []


def test_one_failing_shutdown_does_not_keep_the_others(caplog):
    cache, clock, shut = reaped_cache()

    class Broken(Session):
        def shutdown(self) -> None:
            raise RuntimeError("boom")

    cache["x"] = SessionInfo(client=None, session=Broken("x", shut))  # type: ignore[arg-type]
    cache["y"] = info("y", shut)
    clock.now = 500
    cache.expire()
    assert shut == ["y"] and "x" in caplog.text


def test_streamlit_still_has_what_the_reaper_wraps():
    """Pins the private parts of Streamlit 1.67 used: if this fails, closed sessions wait for the GC again."""
    storage = MemorySessionStorage()
    assert isinstance(storage._cache, TTLCache)
    assert list(inspect.signature(TTLCache.expire).parameters) == ["self", "at_time"]
    assert list(inspect.signature(TTLCache._evict_lru).parameters) == ["self", "reason"]
    source = inspect.getsource(websocket_session_manager.WebsocketSessionManager.__init__)
    assert "self._session_storage = session_storage" in source and "self._storage_lock = threading.Lock()" in source
    # The shutdown is what releases a session's files: Streamlit still does it there.
    from streamlit.runtime.app_session import AppSession

    shutdown = inspect.getsource(AppSession.shutdown)
    assert "remove_session_files" in shutdown and "clear_session_refs" in shutdown


def test_install_wraps_the_running_runtime_once(monkeypatch):
    storage = MemorySessionStorage()
    manager = type("Manager", (), {"_session_storage": storage, "_storage_lock": threading.Lock()})()
    runtime = type("Runtime", (), {"_session_mgr": manager})()
    from streamlit import runtime as streamlit_runtime

    monkeypatch.setattr(streamlit_runtime, "exists", lambda: True)
    monkeypatch.setattr(streamlit_runtime, "get_instance", lambda: runtime)
    monkeypatch.setattr(session_reaper, "_installed", False)
    started = []
    monkeypatch.setattr(session_reaper.threading, "Thread", lambda **kw: type("T", (), {"start": lambda s: started.append(kw)})())
    assert session_reaper.install() and session_reaper.install()
    assert getattr(storage._cache, session_reaper._MARK) and len(started) == 1


def test_install_leaves_a_runtime_without_sessions_alone(monkeypatch):
    """AppTest's runtime is a mock with no session manager: the app runs, nothing is installed."""
    from unittest.mock import MagicMock

    from streamlit import runtime as streamlit_runtime
    from streamlit.runtime import Runtime

    monkeypatch.setattr(streamlit_runtime, "exists", lambda: True)
    monkeypatch.setattr(session_reaper, "_installed", False)
    for mock in (MagicMock(spec=Runtime), MagicMock()):
        monkeypatch.setattr(streamlit_runtime, "get_instance", lambda mock=mock: mock)
        assert session_reaper.install() is False


def test_a_full_collection_follows_every_hundred_sessions_shut_down(monkeypatch):
    collected = []
    monkeypatch.setattr(session_reaper.gc, "collect", lambda: collected.append(1))
    monkeypatch.setattr(session_reaper, "_shut_down", 0)
    cache, clock, shut = reaped_cache(maxsize=1000)
    manager = type("Manager", (), {"_storage_lock": threading.Lock()})()
    for i in range(session_reaper.COLLECT_AFTER_SESSIONS - 1):
        cache[str(i)] = info(str(i), shut)
    clock.now = 500
    assert not session_reaper.reap(manager, cache) and collected == []  # 99 shut down: not yet
    cache["last"] = info("last", shut)
    clock.now = 1000
    assert session_reaper.reap(manager, cache) and collected == [1]
    assert not session_reaper.reap(manager, cache)  # the count starts again

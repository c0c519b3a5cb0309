"""`streamlit run`, writing what the runtime holds every few seconds to $SOAK_STATS (bench/soak.py).

    SOAK_STATS=/tmp/stats.jsonl python bench/_soak_streamlit.py app.py --server.port 8501 ...

Each line is one JSON object: the unix time, sessions with a websocket (`active`), sessions kept for a
reconnect after their websocket closed (`stored`), the sessions' uploaded files and media files, the
deferred download callables, the session objects not yet freed (`in_memory`: a session shut down but
still referenced, or waiting for the garbage collector), full garbage collections so far, and the
interpreter's thread count. Read from Streamlit 1.67's runtime
(Runtime.instance(): its session manager, uploaded-file manager and media-file manager); a part that is
not there is reported as null.
"""

from __future__ import annotations

import gc
import json
import os
import sys
import threading
import time
import weakref

_alive = weakref.WeakSet()  # every AppSession object not yet freed (a shut-down one included)


def _track_sessions() -> None:
    from streamlit.runtime.app_session import AppSession

    original = AppSession.__init__

    def tracked(self, *args, **kwargs):
        original(self, *args, **kwargs)
        _alive.add(self)

    AppSession.__init__ = tracked


_pauses = {"start": 0.0, "total_ms": 0.0, "max_ms": 0.0}  # full (generation 2) collections: time with the GIL held


def _time_full_collections(phase: str, info: dict) -> None:
    if info.get("generation") != 2:
        return
    if phase == "start":
        _pauses["start"] = time.perf_counter()
        return
    ms = (time.perf_counter() - _pauses["start"]) * 1000
    _pauses["total_ms"] += ms
    _pauses["max_ms"] = max(_pauses["max_ms"], ms)


def _count(read) -> int | None:
    try:
        return read()
    except Exception:  # noqa: BLE001  (another Streamlit: the figure is unknown, not zero)
        return None


def snapshot() -> dict:
    from streamlit import runtime

    row: dict = {
        "t": round(time.time(), 3),
        "threads": threading.active_count(),
        "in_memory": len(_alive),
        "full_gcs": gc.get_stats()[2]["collections"],
        "gc2_ms": round(_pauses["total_ms"]),
        "gc2_max_ms": round(_pauses["max_ms"]),
    }
    if not runtime.exists():
        return row
    rt = runtime.get_instance()
    manager = rt._session_mgr
    row["active"] = _count(lambda: len(manager.list_active_sessions()))
    row["stored"] = _count(lambda: len(manager._session_storage.list()))
    row["uploaded_files"] = _count(lambda: sum(len(files) for files in rt.uploaded_file_mgr.file_storage.values()))
    row["media_files"] = _count(lambda: len(rt.media_file_mgr._file_metadata))
    row["deferred"] = _count(lambda: len(rt.media_file_mgr._deferred_callables))
    return row


def _collect_forever(path: str, every_s: float) -> None:
    """$SOAK_COLLECT_EVERY: a full collection every so often, logged (what it freed, how long, RSS around it)."""
    while True:
        time.sleep(every_s)
        before, started = _rss_mb(), time.perf_counter()
        freed = gc.collect()
        row = {"t": time.time(), "collected": freed, "ms": round((time.perf_counter() - started) * 1000, 1)}
        row |= {"rss_before": before, "rss_after": _rss_mb()}
        with open(path, "a", encoding="utf-8") as out:
            out.write(json.dumps(row) + "\n")


def _trim_forever(path: str, every_s: float) -> None:
    """$SOAK_TRIM_EVERY: glibc's malloc_trim(0) every so often, logged (RSS around it, how long)."""
    import ctypes

    trim = ctypes.CDLL("libc.so.6").malloc_trim
    while True:
        time.sleep(every_s)
        before, started = _rss_mb(), time.perf_counter()
        trim(0)
        row = {"t": time.time(), "trim_ms": round((time.perf_counter() - started) * 1000, 1)}
        row |= {"rss_before": before, "rss_after": _rss_mb()}
        with open(path, "a", encoding="utf-8") as out:
            out.write(json.dumps(row) + "\n")


def _census_forever(path: str, every_s: float) -> None:
    """$SOAK_CENSUS_EVERY: the objects by type (the 40 commonest), pyarrow's pool, pymalloc's arenas; with
    $SOAK_CENSUS_COLLECT=1 after a full collection, so only what is alive is counted."""
    import collections
    import io
    import sys as _sys

    collect_first = os.environ.get("SOAK_CENSUS_COLLECT") == "1"
    while True:
        time.sleep(every_s)
        started = time.perf_counter()
        if collect_first:  # what is alive, not what waits for the collector
            row_gc = {"freed": gc.collect(), "gc_ms": round((time.perf_counter() - started) * 1000)}
        counts = collections.Counter(type(o).__name__ for o in gc.get_objects())
        row = {"t": time.time(), "objects": sum(counts.values()), "top": counts.most_common(40)}
        if collect_first:
            row |= row_gc
        try:
            import pyarrow

            row["arrow_mb"] = pyarrow.total_allocated_bytes() / 2**20
            row["arrow_pool"] = pyarrow.default_memory_pool().backend_name
        except ImportError:
            pass
        buffer, saved = io.StringIO(), _sys.stderr
        try:
            read, write = os.pipe()
            saved_fd = os.dup(2)
            os.dup2(write, 2)
            _sys._debugmallocstats()
            os.dup2(saved_fd, 2)
            os.close(write)
            text = os.read(read, 1 << 20).decode(errors="replace")
            os.close(read)
            os.close(saved_fd)
            row["pymalloc"] = [line for line in text.splitlines() if "arenas" in line or "bytes in" in line][:12]
        except Exception as error:  # noqa: BLE001
            row["pymalloc"] = repr(error)
        _sys.stderr = saved
        row["ms"] = round((time.perf_counter() - started) * 1000)
        row["rss"] = _rss_mb()
        with open(path, "a", encoding="utf-8") as out:
            out.write(json.dumps(row) + "\n")
        del buffer


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) / 1024 for line in status if line.startswith("VmRSS:"))


def _write_forever(path: str, every_s: float) -> None:
    while True:
        time.sleep(every_s)
        try:
            line = json.dumps(snapshot())
        except Exception as error:  # noqa: BLE001  (a sample lost, the server goes on)
            line = json.dumps({"t": time.time(), "error": repr(error)[:200]})
        with open(path, "a", encoding="utf-8") as out:
            out.write(line + "\n")


if __name__ == "__main__":
    _track_sessions()
    gc.callbacks.append(_time_full_collections)
    threading.Thread(
        target=_write_forever,
        args=(os.environ["SOAK_STATS"], float(os.environ.get("SOAK_STATS_EVERY", "5"))),
        name="soak-stats",
        daemon=True,
    ).start()
    if os.environ.get("SOAK_COLLECT_EVERY"):
        every = float(os.environ["SOAK_COLLECT_EVERY"])
        threading.Thread(target=_collect_forever, args=(os.environ["SOAK_STATS"] + ".gc", every), daemon=True).start()
    if os.environ.get("SOAK_TRIM_EVERY"):
        every = float(os.environ["SOAK_TRIM_EVERY"])
        threading.Thread(target=_trim_forever, args=(os.environ["SOAK_STATS"] + ".trim", every), daemon=True).start()
    if os.environ.get("SOAK_CENSUS_EVERY"):
        every = float(os.environ["SOAK_CENSUS_EVERY"])
        threading.Thread(target=_census_forever, args=(os.environ["SOAK_STATS"] + ".census", every), daemon=True).start()
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", *sys.argv[1:]]
    sys.exit(cli.main())

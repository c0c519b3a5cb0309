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
    threading.Thread(
        target=_write_forever,
        args=(os.environ["SOAK_STATS"], float(os.environ.get("SOAK_STATS_EVERY", "5"))),
        name="soak-stats",
        daemon=True,
    ).start()
    if os.environ.get("SOAK_COLLECT_EVERY"):
        every = float(os.environ["SOAK_COLLECT_EVERY"])
        threading.Thread(target=_collect_forever, args=(os.environ["SOAK_STATS"] + ".gc", every), daemon=True).start()
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", *sys.argv[1:]]
    sys.exit(cli.main())

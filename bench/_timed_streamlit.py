"""`streamlit run`, with the wall time of every script run appended to $BENCH_RUN_LOG (bench/capacity.py).

    BENCH_RUN_LOG=/tmp/runs.log python -m bench._timed_streamlit app.py --server.port 8501 ...

Each line: `<unix time at the end> <milliseconds> <1 if a fragment run else 0>`, and for every full
garbage collection (generation 2, which stops all threads): `gc <unix time> <milliseconds> <objects freed>`. This is the server's
own share of a slider move (its queue and the run), without the browser. The patch wraps one private
method of Streamlit 1.67's ScriptRunner; if that is gone, the server runs untimed (and says so).

And for every rerun a browser asked for that put a Plotly chart on the wire (st.plotly_chart or the app's chart
element): `chart <unix time> <milliseconds>`, from the moment the server read the browser's request (AppSession.handle_backmsg) to
the moment the first chart of that run was written to the session's websocket (Runtime._send_message):
the server's whole answer time for a move, queueing and GIL waits included, no browser in it; for
a fragment's rerun, the same time again as `fragment-chart <unix time> <milliseconds>`.
"""

from __future__ import annotations

import os
import sys
import threading
import time


def _install(log_path: str) -> None:
    from streamlit.runtime.scriptrunner import script_runner

    runner = script_runner.ScriptRunner
    original = getattr(runner, "_run_script", None)
    if original is None:
        print("bench/_timed_streamlit.py: ScriptRunner._run_script not found, runs are not timed", file=sys.stderr)
        return
    lock = threading.Lock()

    def timed(self, rerun_data, *args, **kwargs):
        started = time.perf_counter()
        try:
            return original(self, rerun_data, *args, **kwargs)
        finally:
            elapsed_ms = (time.perf_counter() - started) * 1000
            fragment = 1 if getattr(rerun_data, "fragment_id_queue", None) else 0
            with lock, open(log_path, "a", encoding="utf-8") as log:
                log.write(f"{time.time():.3f} {elapsed_ms:.1f} {fragment}\n")

    runner._run_script = timed

    # Python's own collections of the oldest generation stop every thread; log them too.
    import gc

    started: dict[str, float] = {}

    def on_gc(phase: str, info: dict) -> None:
        if info.get("generation") != 2:
            return
        if phase == "start":
            started["t"] = time.perf_counter()
        elif "t" in started:
            elapsed_ms = (time.perf_counter() - started.pop("t")) * 1000
            with lock, open(log_path, "a", encoding="utf-8") as log:
                log.write(f"gc {time.time():.3f} {elapsed_ms:.1f} {info.get('collected', 0)}\n")

    gc.callbacks.append(on_gc)
    _install_chart_timing(log_path, lock)


# st.plotly_chart, and the app's own chart element (ui/plotly_element.py, a custom component v2).
CHART_TYPES = ("plotly_chart", "bidi_component")


def _install_chart_timing(log_path: str, lock: threading.Lock) -> None:
    from streamlit.runtime import app_session, runtime

    session_class, runtime_class = app_session.AppSession, runtime.Runtime
    handle, send = getattr(session_class, "handle_backmsg", None), getattr(runtime_class, "_send_message", None)
    if handle is None or send is None:
        print("bench/_timed_streamlit.py: AppSession/Runtime hooks not found, chart times not logged", file=sys.stderr)
        return
    asked: dict[str, tuple] = {}  # session id -> when its last rerun request was read, whether a fragment's

    def timed_handle(self, msg, *args, **kwargs):
        if msg.WhichOneof("type") == "rerun_script":
            asked[self.id] = (time.perf_counter(), bool(msg.rerun_script.fragment_id))
        return handle(self, msg, *args, **kwargs)

    def timed_send(self, session_info, msg, *args, **kwargs):
        result = send(self, session_info, msg, *args, **kwargs)
        kind = msg.WhichOneof("type")
        # A chart the browser already holds (the same figure again, e.g. a slider moved back) goes out as a
        # reference to its cached copy (`ref_hash`): on these pages only charts are large enough to be cached.
        if kind == "ref_hash" or (kind == "delta" and msg.delta.new_element.WhichOneof("type") in CHART_TYPES):
            started = asked.pop(session_info.session.id, None)
            if started is not None:
                elapsed_ms = (time.perf_counter() - started[0]) * 1000
                with lock, open(log_path, "a", encoding="utf-8") as log:
                    log.write(f"chart {time.time():.3f} {elapsed_ms:.1f}\n")
                    if started[1]:  # a fragment's rerun: on the Scenarios page, a slider move
                        log.write(f"fragment-chart {time.time():.3f} {elapsed_ms:.1f}\n")
        return result

    session_class.handle_backmsg = timed_handle
    runtime_class._send_message = timed_send


def _read(log_path: str, tag: str, fields: int, start: float, end: float) -> list[float]:
    """The milliseconds (second field after the tag) of the `tag` lines whose unix time lies in [start, end]."""
    try:
        with open(log_path, encoding="utf-8") as log:
            rows = [line.split()[1:] for line in log if line.startswith(f"{tag} ")]
    except OSError:
        return []
    return [float(row[1]) for row in rows if len(row) == fields and start <= float(row[0]) <= end]


def read_gc_pauses(log_path: str, start: float, end: float) -> list[float]:
    """Milliseconds of the full (generation 2) garbage collections between the two unix times."""
    return _read(log_path, "gc", 3, start, end)


def read_fragment_chart_times(log_path: str, start: float, end: float) -> list[float]:
    """Milliseconds from a fragment's rerun request read to its first chart sent (a slider move on the
    Scenarios page), for those between the two unix times."""
    return _read(log_path, "fragment-chart", 2, start, end)


def read_runs(log_path: str, start: float, end: float) -> list[float]:
    """Milliseconds of the runs that ended between the two unix times."""
    try:
        with open(log_path, encoding="utf-8") as log:
            rows = [line.split() for line in log if line[:1].isdigit()]
    except OSError:
        return []
    return [float(ms) for at, ms, _ in (row for row in rows if len(row) == 3) if start <= float(at) <= end]


if __name__ == "__main__":
    _install(os.environ["BENCH_RUN_LOG"])
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", *sys.argv[1:]]
    sys.exit(cli.main())

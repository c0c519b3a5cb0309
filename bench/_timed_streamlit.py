"""`streamlit run`, with the wall time of every script run appended to $BENCH_RUN_LOG (bench/load.py).

    BENCH_RUN_LOG=/tmp/runs.log python bench/_timed_streamlit.py app.py --server.port 8501 ...

Each line: `<unix time at the end> <milliseconds> <1 if a fragment run else 0>`, and for every full
garbage collection (generation 2, which stops all threads): `gc <unix time> <milliseconds> <objects freed>`. This is the server's
own share of a slider move (its queue and the run), without the browser. The patch wraps one private
method of Streamlit 1.67's ScriptRunner; if that is gone, the server runs untimed (and says so).
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


def read_gc_pauses(log_path: str, start: float, end: float) -> list[float]:
    """Milliseconds of the full (generation 2) garbage collections between the two unix times."""
    try:
        with open(log_path, encoding="utf-8") as log:
            rows = [line.split() for line in log if line.startswith("gc ")]
    except OSError:
        return []
    return [float(row[2]) for row in rows if len(row) == 4 and start <= float(row[1]) <= end]


def read_runs(log_path: str, start: float, end: float) -> list[float]:
    """Milliseconds of the runs that ended between the two unix times."""
    try:
        with open(log_path, encoding="utf-8") as log:
            rows = [line.split() for line in log]
    except OSError:
        return []
    return [float(ms) for at, ms, _ in (row for row in rows if len(row) == 3) if start <= float(at) <= end]


if __name__ == "__main__":
    _install(os.environ["BENCH_RUN_LOG"])
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", *sys.argv[1:]]
    sys.exit(cli.main())

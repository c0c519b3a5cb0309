"""Shared plumbing of the browser benchmarks (not a benchmark itself: its name starts with "_").

A `streamlit run` process on 127.0.0.1, Debian's Chromium through Playwright, the resident memory of
a process tree read from /proc, percentiles, and the one-line result every bench script prints last:

    ratio: 1.08× (goal ≤ 1.3×) — cold start, app vs floor
    RESULT {"name": "cold_start", "ratio": 1.08, "goal": 1.3, "pass": true, ...}

`bench/run_all.py` reads the RESULT line (and falls back to the "ratio:" line for scripts that
print only that).
"""

from __future__ import annotations

import ipaddress
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import CHROMIUM_ARGS, find_chromium  # noqa: E402  (one list of flags for tests and benches)

__all__ = [
    "CHROMIUM_ARGS",
    "ROOT",
    "Streamlit",
    "assert_loopback",
    "chromium_or_exit",
    "cpu_seconds",
    "process_cpu_seconds",
    "emit_result",
    "find_chromium",
    "free_port",
    "machine_cpu",
    "percentile",
    "rss_mb",
    "tree_pids",
    "tree_pss_mb",
    "tree_rss_mb",
    "pss_mb",
]

# What a painted Plotly chart looks like in the DOM: the SVG with at least one drawn trace.
CHART_PAINTED = ".js-plotly-plot .main-svg g.trace"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def assert_loopback(url: str) -> None:
    """Refuse anything but the loopback interface: the load benchmarks never leave the machine."""
    host = urlparse(url).hostname or ""
    if host == "localhost":
        return
    try:
        if ipaddress.ip_address(host).is_loopback:
            return
    except ValueError:
        pass
    raise SystemExit(f"refusing to load {url!r}: only loopback addresses (127.0.0.1, ::1, localhost) are allowed")


def chromium_or_exit() -> str:
    path = find_chromium()
    if path is None:
        raise SystemExit("no Chromium found: apt-get install chromium, or set $CHROMIUM")
    return path


class Streamlit:
    """`streamlit run <script>` on 127.0.0.1:<port>, started at construction, stopped by close().

    `launcher` replaces `-m streamlit run` (e.g. with bench/_timed_streamlit.py, which logs each run)."""

    def __init__(
        self,
        script: str | Path = "app.py",
        port: int | None = None,
        env: dict[str, str] | None = None,
        extra_args: tuple[str, ...] = (),
        cwd: Path = ROOT,
        log: Path | None = None,
        launcher: tuple[str, ...] = ("-m", "streamlit", "run"),
    ):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [
            sys.executable,
            *launcher,
            str(script),
            "--server.port",
            str(self.port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
            *extra_args,
        ]
        self._log = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115  (closed in close())
        self.started = time.perf_counter()
        self.process = subprocess.Popen(command, cwd=cwd, env={**os.environ, **(env or {})}, stdout=self._log, stderr=self._log)

    @property
    def pid(self) -> int:
        return self.process.pid

    def healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    def wait_healthy(self, timeout: float = 60, poll: float = 0.02) -> float:
        """Block until /_stcore/health answers 200; return the seconds since the process started."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit ({self.url}) exited early with code {self.process.returncode}")
            if self.healthy():
                return time.perf_counter() - self.started
            time.sleep(poll)
        self.close()
        raise RuntimeError(f"streamlit ({self.url}) did not become healthy in {timeout:.0f} s")

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if self._log is not subprocess.DEVNULL:
            self._log.close()

    def __enter__(self) -> Streamlit:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            found += [int(child) for child in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]
        except OSError:
            continue
    return found


def tree_pids(pid: int) -> list[int]:
    """The process and all its descendants (e.g. kaleido's Chromium under the streamlit process)."""
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        todo += _children(current)
    return pids


def _proc_mb(pid: int, file: str, field: str) -> float:
    """A "<field>: <n> kB" line of /proc/<pid>/<file>, in MB; 0 if the process is gone."""
    try:
        for line in Path(f"/proc/{pid}/{file}").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def rss_mb(pid: int) -> float:
    """Resident memory of one process in MB (VmRSS from /proc/<pid>/status); 0 if it is gone."""
    return _proc_mb(pid, "status", "VmRSS")


def tree_rss_mb(pid: int) -> float:
    return sum(rss_mb(p) for p in tree_pids(pid))


def pss_mb(pid: int) -> float:
    """Proportional set size in MB (shared pages split among their users; /proc/<pid>/smaps_rollup)."""
    return _proc_mb(pid, "smaps_rollup", "Pss")


def tree_pss_mb(pid: int) -> float:
    """Memory of a process tree without counting shared pages twice (e.g. a Chromium's many processes)."""
    return sum(pss_mb(p) for p in tree_pids(pid))


def process_cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of one process, plus that of its children it has reaped, from /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    # utime, stime, cutime, cstime: fields 14–17 of /proc/<pid>/stat
    return sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int, exclude: set[int] = frozenset()) -> float:
    """CPU time of a process tree (live descendants and reaped ones), without the pids in `exclude`."""
    return sum(process_cpu_seconds(p) for p in tree_pids(pid) if p not in exclude)


def machine_cpu() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, all processes (first line of /proc/stat)."""
    try:
        values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    except (OSError, ValueError, IndexError):
        return 0.0, 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    idle = values[3] + (values[4] if len(values) > 4 else 0)  # idle + iowait
    return (sum(values) - idle) / ticks, sum(values) / ticks


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0–100) by linear interpolation; NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def emit_result(name: str, ratio: float, goal: float, summary: str, **fields) -> dict:
    """Print the script's last two lines: the human ratio line and the machine-readable RESULT line."""
    passed = bool(ratio == ratio and ratio <= goal)
    print(f"ratio: {ratio:.2f}× (goal ≤ {goal:g}×, {'met' if passed else 'NOT met'}) — {summary}")
    fields = {key: (None if isinstance(value, float) and value != value else value) for key, value in fields.items()}
    result = {
        "name": name,
        "ratio": round(ratio, 3) if ratio == ratio else None,
        "goal": goal,
        "pass": passed,
        "summary": summary,
        **fields,
    }
    print("RESULT " + json.dumps(result, ensure_ascii=False), flush=True)
    return result

"""Shared plumbing of the benchmarks (not a benchmark itself: its name starts with "_").

A `streamlit run` process on 127.0.0.1 and Debian's Chromium (both from devtools/server.py), the resident memory of
a process tree read from /proc, percentiles, a load generator's low CPU priority, and the one-line result every
bench script prints last:

    ratio: 1.08× (goal ≤ 1.3×) — cold start, app vs floor
    RESULT {"name": "cold_start", "ratio": 1.08, "goal": 1.3, "pass": true, ...}

`bench/run_all.py` reads the RESULT line (and falls back to the "ratio:" line for scripts that
print only that).
"""

from __future__ import annotations

import atexit
import ipaddress
import json
import os
import time
from pathlib import Path
from urllib.parse import urlparse

# One launcher and one list of Chromium flags for tests and benches.
from devtools.server import CHROMIUM_ARGS, ROOT, find_chromium, free_port
from devtools.server import StreamlitServer as Streamlit

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
    "lasting_zombies",
    "machine_cpu",
    "percentile",
    "rss_mb",
    "tree_pids",
    "tree_pss_mb",
    "tree_rss_mb",
    "pss_mb",
    "yield_to_server",
]

# What a painted Plotly chart looks like in the DOM: the SVG with at least one drawn trace.
CHART_PAINTED = ".js-plotly-plot .main-svg g.trace"


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


def lasting_zombies(pid: int, settle_s: float) -> list[int]:
    """Descendants of `pid` that exited and stay unreaped for `settle_s` (a process just exiting is a zombie until
    its parent, a browser process, reaps it a moment later), looked at every 0.1 s."""
    deadline = time.monotonic() + settle_s
    while (found := _zombies_now(pid)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return found


def _zombies_now(pid: int) -> list[int]:
    out = []
    for child in tree_pids(pid)[1:]:
        try:
            state = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state == "Z":
            out.append(child)
    return out


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


def yield_to_server(niceness: int, idle: bool = True) -> None:
    """Lower the CPU priority of this process and of what it starts from now on (the load generator).

    The generator stands in for the readers' own computers; on one machine it must not take the CPU
    from the server it measures. The server, started before, keeps its priority. Niceness alone is not
    enough with many busy processes (Linux shares the CPU by weight per thread), and a program running
    as root may put threads back to the normal policy; so where the machine allows it (root, cgroup v1
    `cpu` or v2 with the cpu controller) this process moves into its own cgroup with the smallest CPU
    weight, which no child can leave; otherwise SCHED_IDLE, otherwise `niceness`.
    """
    how = _into_low_weight_cgroup() if idle else None
    if how is None and idle and hasattr(os, "sched_setscheduler"):
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
        how = "SCHED_IDLE"
    if how is None and niceness > 0:
        os.nice(niceness)
        how = f"nice {os.nice(0)}"
    print(f"load generator at {how or 'the same priority'}; the server at its own", flush=True)


def _into_low_weight_cgroup() -> str | None:
    """Move this process into a new cgroup with the least CPU weight; a description, or None if not allowed."""
    name = f"partnership-bench-load-{os.getpid()}"
    for root, knob, value in (("/sys/fs/cgroup/cpu", "cpu.shares", "2"), ("/sys/fs/cgroup", "cpu.weight", "1")):
        group = Path(root) / name
        try:
            if not (Path(root) / knob).exists() and not (Path(root) / "cgroup.controllers").exists():
                continue
            group.mkdir(exist_ok=True)
            (group / knob).write_text(value)
            (group / "cgroup.procs").write_text(str(os.getpid()))
        except OSError:
            try:
                group.rmdir()
            except OSError:
                pass
            continue
        atexit.register(_leave_cgroup, Path(root), group)
        return f"cgroup {group} ({knob} {value})"
    return None


def _leave_cgroup(root: Path, group: Path) -> None:
    """At exit: back to the root group, and remove ours (its other members are gone by then)."""
    try:
        (root / "cgroup.procs").write_text(str(os.getpid()))
        group.rmdir()
    except OSError:
        pass

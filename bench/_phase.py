"""One measured phase of readers: Locust (bench/locust_streamlit.py) in a child process, and the figures of its window.

`run_phase` starts N readers against a URL, waits until all opened the page (the locustfile's "go"
record), lets them move for a number of seconds while it samples the servers from /proc, stops Locust
and returns the window's figures (latency percentiles from the readers' raw records, server CPU per
move, memory per session, full GCs and the server's own answer time from its run log). Used by
bench/capacity.py; the failover phase (bench/_failover.py) is the same phase with a replica killed.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench._harness import (
    ROOT,
    Streamlit,
    assert_loopback,
    machine_cpu,
    percentile,
    process_cpu_seconds,
    rss_mb,
    tree_pids,
    yield_to_server,
)
from bench._timed_streamlit import read_fragment_chart_times, read_gc_pauses, read_runs

LOCUSTFILE = Path(__file__).with_name("locust_streamlit.py")
# The run-timing launcher, as a module: run from the root, the app and bench/ import as packages.
TIMED_LAUNCHER = ("-m", "bench._timed_streamlit")


def uptime() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True, timeout=5).stdout.strip()
    except OSError:
        return "load average: " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def read_records(path: Path) -> list[dict]:
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return out


def _lower_priority(idle: bool) -> None:
    """In the Locust child before exec: the load generator yields the CPU to the server it measures."""
    if idle:
        yield_to_server(10)  # a low-weight cgroup, else SCHED_IDLE, else nice
    else:
        os.nice(10)


def locust_command(url: str, users: int, hard_limit_s: float, locustfile: Path = LOCUSTFILE) -> list[str]:
    spawn_rate = max(1.0, users / 15)  # everyone in within ~15 s (their first runs queue on the server)
    return [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(locustfile),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        f"{spawn_rate:g}",
        "--run-time",
        f"{int(hard_limit_s)}s",
        "--stop-timeout",
        "5",
        "--host",
        url,
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]


class Locust:
    """`locust --headless` against `url` in a child process, writing one JSON line per operation.

    `locustfile`: bench/locust_streamlit.py's readers by default; another locustfile may reuse its
    StreamlitSession and `record` (they write the same JSON lines)."""

    def __init__(
        self,
        url: str,
        users: int,
        think: tuple[float, float],
        hard_limit_s: float,
        env: dict,
        idle: bool,
        locustfile: Path = LOCUSTFILE,
    ):
        assert_loopback(url)
        self.record = Path(tempfile.mktemp(prefix="capacity-", suffix=".jsonl"))
        self.log = Path(tempfile.mktemp(prefix="capacity-locust-", suffix=".log"))
        child_env = {
            **os.environ,
            "CAPACITY_RECORD": str(self.record),
            "CAPACITY_THINK": f"{think[0]},{think[1]}",
            "CAPACITY_BARRIER": str(users),
            **env,
        }
        self.started = time.monotonic()
        self._out = open(self.log, "wb")  # noqa: SIM115  (closed in stop())
        self.process = subprocess.Popen(
            locust_command(url, users, hard_limit_s, locustfile),
            cwd=ROOT,
            env=child_env,
            stdout=self._out,
            stderr=subprocess.STDOUT,
            preexec_fn=lambda: _lower_priority(idle),
        )

    def cpu_seconds(self) -> float:
        return sum(process_cpu_seconds(pid) for pid in tree_pids(self.process.pid))

    def records(self) -> list[dict]:
        return read_records(self.record)

    def running(self) -> bool:
        return self.process.poll() is None

    def wait_for_go(self, limit_s: float) -> None:
        """Until every reader has opened the page (the "go" record), Locust ends, or `limit_s` passes."""
        deadline = time.monotonic() + limit_s
        while time.monotonic() < deadline and self.running():
            if any(r["kind"] == "go" for r in self.records()):
                return
            time.sleep(0.2)

    def stop(self) -> str:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # Locust stops its users and prints its summary
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._out.close()
        text = self.log.read_text(encoding="utf-8", errors="replace")
        self.log.unlink(missing_ok=True)
        return text

    def cleanup(self) -> None:
        self.record.unlink(missing_ok=True)


@dataclass
class ServerProbe:
    """The measured servers from /proc: the Streamlit processes' CPU and memory, their children's CPU apart
    (the Chromium a replica starts for PNG exports). A replica killed mid-run keeps the CPU it had used by
    its last sample."""

    pids: list[int]
    last_cpu: dict[int, float] = field(default_factory=dict)

    def cpu(self) -> float:
        for pid in self.pids:
            self.last_cpu[pid] = max(self.last_cpu.get(pid, 0.0), process_cpu_seconds(pid))
        return sum(self.last_cpu.values())

    def export_cpu(self) -> float:
        return sum(process_cpu_seconds(p) for pid in self.pids for p in tree_pids(pid) if p != pid)

    def rss(self) -> float:
        return sum(rss_mb(pid) for pid in self.pids)


@dataclass
class Window:
    """What was sampled around the moving window: (wall time, server CPU, generator CPU, machine CPU) at
    its start and end, memory before the readers, once all had opened and at its peak, load averages."""

    start: tuple = ()
    stop: tuple = ()
    rss_before: float = 0.0
    rss_loaded: float = 0.0
    rss_peak: float = 0.0
    export_cpu_s: float = 0.0
    loads: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)


def _marks(probe: ServerProbe, locust: Locust) -> tuple:
    return time.time(), probe.cpu(), locust.cpu_seconds(), machine_cpu()


def watch_window(probe: ServerProbe, locust: Locust, seconds: float, during, window: Window) -> None:
    """Sample the servers every 0.25 s for `seconds` (calling `during(elapsed)` each time, if given)."""
    window.rss_loaded = window.rss_peak = probe.rss()
    window.start = _marks(probe, locust)
    export0 = probe.export_cpu()
    started = time.monotonic()
    while time.monotonic() - started < seconds and locust.running():
        if during is not None:
            window.extra.update(during(time.monotonic() - started) or {})
        window.rss_peak = max(window.rss_peak, probe.rss())
        probe.cpu()
        time.sleep(0.25)
    window.stop = _marks(probe, locust)
    window.export_cpu_s = probe.export_cpu() - export0
    window.loads["end"] = os.getloadavg()


def run_phase(
    url: str,
    server_pids: list[int],
    users: int,
    seconds: float,
    think: tuple[float, float],
    env: dict | None = None,
    idle: bool = False,
    run_logs: list[str] = (),
    during=None,
    open_limit_s: float = 300,
) -> dict:
    """N readers: wait until all opened (the "go" record), move for `seconds`, stop. Figures of the window."""
    probe = ServerProbe(list(server_pids))
    window = Window(rss_before=probe.rss(), loads={"start": os.getloadavg()})
    locust = Locust(url, users, think, open_limit_s + seconds + 60, env or {}, idle)
    locust.wait_for_go(open_limit_s)
    watch_window(probe, locust, seconds, during, window)
    summary = locust.stop()
    records = locust.records()
    locust.cleanup()
    point = figures(records, window, users, run_logs)
    point["records"] = records if during is not None else None
    point["locust_summary"] = "\n".join(line for line in summary.splitlines() if "|" in line)[-4000:] or summary[-2000:]
    return {**point, **window.extra}


def figures(records: list[dict], window: Window, users: int, run_logs: list[str]) -> dict:
    """The phase's figures from the readers' records, the samples of the window and the servers' run logs."""
    (t0, cpu0, gen0, m0), (t1, cpu1, gen1, m1) = window.start, window.stop
    wall = max(t1 - t0, 1e-9)
    in_window = [r for r in records if t0 <= r["t"] <= t1]
    moves = [r for r in in_window if r["kind"] == "move" and r["ok"]]
    latencies = [r["ms"] for r in moves]
    errors = [r for r in records if not r["ok"] and r["kind"] not in ("reconnect-try",)]
    opens = [r for r in records if r["kind"] == "open"]
    per_move = max(len(moves), 1)
    return {
        "sessions": users,
        "opened": sum(r["ok"] for r in opens),
        "moves": len(moves),
        "moves_per_s": round(len(moves) / wall, 2),
        "moves_without_chart": sum(1 for r in moves if not r.get("chart", True)),
        **{f"p{q}_ms": round(percentile(latencies, q), 1) for q in (50, 95, 99)},
        "max_ms": round(max(latencies, default=float("nan")), 1),
        "open_p95_ms": round(percentile([r["ms"] for r in opens if r["ok"]], 95), 1),
        "exports": sum(1 for r in in_window if r["kind"] == "export png" and r["ok"]),
        "page_visits": sum(1 for r in in_window if r["kind"].startswith("page ") and r["ok"]),
        "errors": len(errors),
        "error_samples": sorted({f"{r['kind']}: {r['error']}" for r in errors})[:8],
        "server_cpu_per_move_ms": round((cpu1 - cpu0) / per_move * 1000, 1),
        "server_cpu_share": round((cpu1 - cpu0) / wall, 2),
        "export_chromium_cpu_s": round(window.export_cpu_s, 1),
        "generator_cpu_share": round((gen1 - gen0) / wall, 2),
        "generator_cpu_per_move_ms": round((gen1 - gen0) / per_move * 1000, 1),
        "machine_busy": round((m1[0] - m0[0]) / max(m1[1] - m0[1], 1e-9), 2),
        "mb_per_session": round((window.rss_loaded - window.rss_before) / max(users, 1), 2),
        "rss_before_mb": round(window.rss_before, 1),
        "rss_loaded_mb": round(window.rss_loaded, 1),
        "rss_peak_mb": round(window.rss_peak, 1),
        **server_log_figures(run_logs, t0, t1),
        "window_s": round(wall, 1),
        "load_start": [round(x, 2) for x in window.loads["start"]],
        "load_end": [round(x, 2) for x in window.loads["end"]],
    }


def server_log_figures(run_logs: list[str], t0: float, t1: float) -> dict:
    """Full GCs, script runs and the server's own answer to a move (its request read → its chart written
    to the websocket), from the servers' run logs (bench/_timed_streamlit.py) between two unix times."""
    gcs = [ms for log in run_logs for ms in read_gc_pauses(log, t0, t1)]
    runs = [ms for log in run_logs for ms in read_runs(log, t0, t1)]
    answers = [ms for log in run_logs for ms in read_fragment_chart_times(log, t0, t1)]
    return {
        "full_gcs": len(gcs),
        "full_gc_max_ms": round(max(gcs, default=0.0), 1),
        "full_gc_total_ms": round(sum(gcs), 1),
        "server_run_p95_ms": round(percentile(runs, 95), 1),
        "server_answer_p50_ms": round(percentile(answers, 50), 1),
        "server_answer_p95_ms": round(percentile(answers, 95), 1),
    }


def start_server(
    env: dict | None = None, log: Path | None = None, cwd: Path = ROOT, script: str = "app.py"
) -> tuple[Streamlit, str]:
    """A replica under the run-timing launcher; (the server, its run log's path)."""
    run_log = tempfile.mktemp(prefix="capacity-runs-", suffix=".log")
    server = Streamlit(script, launcher=TIMED_LAUNCHER, env={"BENCH_RUN_LOG": run_log, **(env or {})}, log=log, cwd=cwd)
    server.wait_healthy(timeout=120)
    return server, run_log


def warm(url: str, pids: list[int], idle: bool) -> None:
    """A reader per replica opens the page, exports once (the replica starts its Chromium) and moves a few
    times (behind the proxy both are open at once, so least_conn sends them to different replicas)."""
    run_phase(url, pids, len(pids), 6, (0.3, 0.6), env={"CAPACITY_WARMUP": "1", "CAPACITY_PAGES": "0"}, idle=idle)


def single(url: str, pids: list[int], seconds: float, idle: bool, run_logs=()) -> dict:
    """The floor: one reader alone, moving every 0.5–1 s, no exports or other pages."""
    env = {"CAPACITY_EXPORTS": "0", "CAPACITY_PAGES": "0"}
    return run_phase(url, pids, 1, seconds, (0.5, 1.0), env=env, idle=idle, run_logs=run_logs)


def describe(label: str, point: dict) -> str:
    return (
        f"{label}: {point['sessions']} readers, {point['moves']} moves ({point['moves_per_s']}/s): p50 {point['p50_ms']:.0f} / "
        f"p95 {point['p95_ms']:.0f} / p99 {point['p99_ms']:.0f} ms (the server's own answer p50 "
        f"{point.get('server_answer_p50_ms', float('nan')):.0f} / p95 {point.get('server_answer_p95_ms', float('nan')):.0f} ms); "
        f"errors {point['errors']}; server CPU "
        f"{point['server_cpu_per_move_ms']:.0f} ms per move ({point['server_cpu_share']:.2f} cores); "
        f"{point['mb_per_session']:.2f} MB per session; full GCs {point['full_gcs']} (max {point['full_gc_max_ms']:.0f} ms); "
        f"load generator {point['generator_cpu_share']:.2f} cores; machine busy {point['machine_busy']:.0%}; "
        f"load average {point['load_start'][0]:.1f} → {point['load_end'][0]:.1f}"
    )

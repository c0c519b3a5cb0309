"""Capacity: concurrent readers per replica at the Streamlit protocol level (Locust, no browser).

Each simulated reader (bench/locust_streamlit.py) is a Streamlit session over the websocket, as a
browser's: it opens /scenarios (every other one through a shared link with settings in the URL),
and once all readers are in, moves the growth slider every 3–9 s (a fragment rerun with the
slider's new value), now and then visits another page and comes back or downloads the chart as PNG.
Latency of a move = rerun request sent → the chart's delta received (see the locustfile).

The floor is one reader alone moving every 0.5–1 s against the same server, in the same run; the
ratio is p95 with N readers / p95 alone (goal ≤ 2×), with 0 errors. Locust runs headless in a
child process at low CPU priority (nice 10; `--idle` for bench/load.py's cgroup / SCHED_IDLE), its
own CPU is reported. Loopback only; bounded: --seconds of moving after all readers opened, a hard
time limit on every Locust run, at most 1,000 readers.

    python bench/capacity.py --sessions 100 --seconds 60      # one point: floor + 100 readers, own server
    python bench/capacity.py --quick                           # CI smoke: 3 readers, a few seconds
    python bench/capacity.py --replicas 2 --sessions 200 --kill-after 20   # nginx + 2 replicas, A killed
    python bench/capacity.py --curve      # 1, 25, 50, 100, 200 on one replica + 200 on two with a kill:
                                          # artifacts/bench/capacity.json and docs/capacity.png

Server figures, read from /proc and the server's run log (bench/_timed_streamlit.py) over the
moving window: CPU per move (all the server's CPU in the window / moves in it), memory per session
((RSS with all readers open − RSS before) / N), full garbage collections (count, longest).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _harness import (
    ROOT,
    Streamlit,
    assert_loopback,
    emit_result,
    free_port,
    machine_cpu,
    percentile,
    process_cpu_seconds,
    rss_mb,
    tree_pids,
)
from _timed_streamlit import read_fragment_chart_times, read_gc_pauses, read_runs

GOAL = 2.0
LOCUSTFILE = Path(__file__).with_name("locust_streamlit.py")
TIMED = Path(__file__).with_name("_timed_streamlit.py")
ARTIFACT = ROOT / "artifacts" / "bench" / "capacity.json"
CHART_PNG = ROOT / "docs" / "capacity.png"
CURVE = (1, 25, 50, 100, 200)
MAX_SESSIONS = 1000


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
        sys.path.insert(0, str(Path(__file__).parent))
        import load  # bench/load.py: a low-weight cgroup, else SCHED_IDLE, else nice

        load.yield_to_server(10)
    else:
        os.nice(10)


class Locust:
    """`locust --headless` against `url` in a child process, writing one JSON line per operation."""

    def __init__(self, url: str, users: int, think: tuple[float, float], hard_limit_s: float, env: dict, idle: bool):
        assert_loopback(url)
        self.record = Path(tempfile.mktemp(prefix="capacity-", suffix=".jsonl"))
        self.log = Path(tempfile.mktemp(prefix="capacity-locust-", suffix=".log"))
        spawn_rate = max(1.0, users / 15)  # everyone in within ~15 s (their first runs queue on the server)
        command = [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(LOCUSTFILE),
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
            command, cwd=ROOT, env=child_env, stdout=self._out, stderr=subprocess.STDOUT, preexec_fn=lambda: _lower_priority(idle)
        )

    def cpu_seconds(self) -> float:
        return sum(process_cpu_seconds(pid) for pid in tree_pids(self.process.pid))

    def records(self) -> list[dict]:
        return read_records(self.record)

    def running(self) -> bool:
        return self.process.poll() is None

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

    last_cpu: dict[int, float] = {}

    def server_cpu() -> float:
        # The Streamlit processes themselves; the Chromium a replica starts for PNG exports is counted apart.
        # A replica killed mid-run keeps the CPU it had used by its last sample.
        for pid in server_pids:
            last_cpu[pid] = max(last_cpu.get(pid, 0.0), process_cpu_seconds(pid))
        return sum(last_cpu.values())

    def export_cpu() -> float:
        return sum(process_cpu_seconds(p) for pid in server_pids for p in tree_pids(pid) if p != pid)

    def server_rss() -> float:
        return sum(rss_mb(pid) for pid in server_pids)

    rss_before = server_rss()
    loads = {"start": os.getloadavg()}
    locust = Locust(url, users, think, open_limit_s + seconds + 60, env or {}, idle)
    go_at = None
    deadline = time.monotonic() + open_limit_s
    while go_at is None and time.monotonic() < deadline and locust.running():
        if any(r["kind"] == "go" for r in locust.records()):
            go_at = time.time()
        else:
            time.sleep(0.2)
    if go_at is None:
        go_at = time.time()
    rss_loaded = server_rss()
    marks = {"go": (time.time(), server_cpu(), locust.cpu_seconds(), machine_cpu())}
    export0 = export_cpu()
    peak = rss_loaded
    extra = {}
    end = time.monotonic() + seconds
    while time.monotonic() < end and locust.running():
        if during is not None:
            extra.update(during(time.monotonic() - (end - seconds)) or {})
        peak = max(peak, server_rss())
        server_cpu()
        time.sleep(0.25)
    marks["stop"] = (time.time(), server_cpu(), locust.cpu_seconds(), machine_cpu())
    export_cpu_s = export_cpu() - export0
    loads["end"] = os.getloadavg()
    summary = locust.stop()
    records = locust.records()
    locust.cleanup()
    (t0, cpu0, gen0, m0), (t1, cpu1, gen1, m1) = marks["go"], marks["stop"]
    window = [r for r in records if t0 <= r["t"] <= t1]
    moves = [r for r in window if r["kind"] == "move" and r["ok"]]
    latencies = [r["ms"] for r in moves]
    errors = [r for r in records if not r["ok"] and r["kind"] not in ("reconnect-try",)]
    opens = [r for r in records if r["kind"] == "open"]
    gcs = [ms for log in run_logs for ms in read_gc_pauses(log, t0, t1)]
    runs = [ms for log in run_logs for ms in read_runs(log, t0, t1)]
    # The server's own answer to a move (a fragment rerun): its request read → its chart written to the websocket.
    answers = [ms for log in run_logs for ms in read_fragment_chart_times(log, t0, t1)]
    busy = (m1[0] - m0[0]) / max(m1[1] - m0[1], 1e-9)
    wall = max(t1 - t0, 1e-9)
    return {
        "sessions": users,
        "opened": sum(r["ok"] for r in opens),
        "moves": len(moves),
        "moves_per_s": round(len(moves) / wall, 2),
        "moves_without_chart": sum(1 for r in moves if not r.get("chart", True)),
        "p50_ms": round(percentile(latencies, 50), 1),
        "p95_ms": round(percentile(latencies, 95), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
        "max_ms": round(max(latencies, default=float("nan")), 1),
        "open_p95_ms": round(percentile([r["ms"] for r in opens if r["ok"]], 95), 1),
        "exports": sum(1 for r in window if r["kind"] == "export png" and r["ok"]),
        "page_visits": sum(1 for r in window if r["kind"].startswith("page ") and r["ok"]),
        "errors": len(errors),
        "error_samples": sorted({f"{r['kind']}: {r['error']}" for r in errors})[:8],
        "server_cpu_per_move_ms": round((cpu1 - cpu0) / max(len(moves), 1) * 1000, 1),
        "server_cpu_share": round((cpu1 - cpu0) / wall, 2),
        "export_chromium_cpu_s": round(export_cpu_s, 1),
        "generator_cpu_share": round((gen1 - gen0) / wall, 2),
        "generator_cpu_per_move_ms": round((gen1 - gen0) / max(len(moves), 1) * 1000, 1),
        "machine_busy": round(busy, 2),
        "mb_per_session": round((rss_loaded - rss_before) / max(users, 1), 2),
        "rss_before_mb": round(rss_before, 1),
        "rss_loaded_mb": round(rss_loaded, 1),
        "rss_peak_mb": round(peak, 1),
        "full_gcs": len(gcs),
        "full_gc_max_ms": round(max(gcs, default=0.0), 1),
        "full_gc_total_ms": round(sum(gcs), 1),
        "server_run_p95_ms": round(percentile(runs, 95), 1),
        "server_answer_p50_ms": round(percentile(answers, 50), 1),
        "server_answer_p95_ms": round(percentile(answers, 95), 1),
        "window_s": round(wall, 1),
        "load_start": [round(x, 2) for x in loads["start"]],
        "load_end": [round(x, 2) for x in loads["end"]],
        "records": records if during is not None else None,
        "locust_summary": "\n".join(line for line in summary.splitlines() if "|" in line)[-4000:]
        or summary[-2000:],  # no stats table: Locust failed, keep what it said
        **extra,
    }


def start_server(
    env: dict | None = None, log: Path | None = None, cwd: Path = ROOT, script: str = "app.py"
) -> tuple[Streamlit, str]:
    run_log = tempfile.mktemp(prefix="capacity-runs-", suffix=".log")
    server = Streamlit(script, launcher=(str(TIMED),), env={"BENCH_RUN_LOG": run_log, **(env or {})}, log=log, cwd=cwd)
    server.wait_healthy(timeout=120)
    return server, run_log


def warm(url: str, pids: list[int], idle: bool) -> None:
    """A reader per replica opens the page, exports once (the replica starts its Chromium) and moves a few
    times (behind the proxy both are open at once, so least_conn sends them to different replicas)."""
    run_phase(url, pids, len(pids), 6, (0.3, 0.6), env={"CAPACITY_WARMUP": "1", "CAPACITY_PAGES": "0"}, idle=idle)


def single(url: str, pids: list[int], seconds: float, idle: bool, run_logs=()) -> dict:
    env = {"CAPACITY_EXPORTS": "0", "CAPACITY_PAGES": "0"}
    return run_phase(url, pids, 1, seconds, (0.5, 1.0), env=env, idle=idle, run_logs=run_logs)


# The bare one-slider page (one slider, one st.plotly_chart): the floor of a committed move's server work.
BARE_ENV = {"CAPACITY_PAGE": "", "CAPACITY_WIDGET": "growth", "CAPACITY_CHART": "chart"}


def bare_page(seconds: float, idle: bool) -> dict:
    """One reader moving the slider of bench/floor_slider_app.py on its own server: its CPU per rerun."""
    server, run_log = start_server(script="bench/floor_slider_app.py")
    try:
        env = {"CAPACITY_EXPORTS": "0", "CAPACITY_PAGES": "0", **BARE_ENV}
        run_phase(server.url, [server.pid], 1, 4, (0.3, 0.6), env=env, idle=idle)  # warm-up
        point = run_phase(server.url, [server.pid], 1, seconds, (0.5, 1.0), env=env, idle=idle, run_logs=[run_log])
    finally:
        server.close()
        Path(run_log).unlink(missing_ok=True)
    point.pop("records", None)
    return point


def describe_work(page: dict, bare: dict) -> str:
    ratio = page["server_cpu_per_move_ms"] / max(bare["server_cpu_per_move_ms"], 1e-9)
    return (
        f"server CPU per committed move: Scenarios page {page['server_cpu_per_move_ms']:.1f} ms vs bare one-slider page "
        f"{bare['server_cpu_per_move_ms']:.1f} ms: {ratio:.2f}× (goal ≤ 1.5×)"
    )


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


def one_replica(args, sessions: int) -> dict:
    """Fresh server: warm-up, the single-reader floor, then `sessions` readers."""
    if args.url:
        assert_loopback(args.url)
        url, pids, logs, server = args.url, args.server_pid, [], None
    else:
        server, run_log = start_server()
        url, pids, logs = server.url, [server.pid], [run_log]
    try:
        warm(url, pids, args.idle)
        floor = single(url, pids, args.single_seconds, args.idle, logs)
        print(describe("alone", floor), flush=True)
        bare = None if args.url else bare_page(args.single_seconds, args.idle)
        if bare is not None:
            print(describe("bare one-slider page, alone", bare), flush=True)
            print(describe_work(floor, bare), flush=True)
        many = run_phase(url, pids, sessions, args.seconds, (args.think_min, args.think_max), idle=args.idle, run_logs=logs)
        print(describe("loaded", many), flush=True)
    finally:
        if server is not None:
            server.close()
        for log in logs:
            Path(log).unlink(missing_ok=True)
    many.pop("records", None)
    floor.pop("records", None)
    return {"single": floor, "many": many, "bare": bare, "uptime": uptime()}


def compare(args, sessions: int) -> dict:
    """A/B in one run: this app (A) and a changed one (B: --compare-dir and/or --compare-env), each its own
    server, each with `sessions` readers at the same time, so both see the same machine."""
    import threading

    env_b = dict(item.split("=", 1) for item in args.compare_env)
    servers = {"a": start_server(), "b": start_server(env_b, cwd=Path(args.compare_dir) if args.compare_dir else ROOT)}
    out: dict = {}
    try:
        for server, _log in servers.values():
            warm(server.url, [server.pid], args.idle)

        def measure(name: str, users: int, seconds: float, think: tuple[float, float], key: str, env=None) -> None:
            server, log = servers[name]
            out.setdefault(name, {})[key] = run_phase(
                server.url, [server.pid], users, seconds, think, env=env, idle=args.idle, run_logs=[log]
            )

        for key, users, seconds, think, env in (
            ("single", 1, args.single_seconds, (0.5, 1.0), {"CAPACITY_EXPORTS": "0", "CAPACITY_PAGES": "0"}),
            ("many", sessions, args.seconds, (args.think_min, args.think_max), None),
        ):
            threads = [threading.Thread(target=measure, args=(n, users, seconds, think, key, env)) for n in servers]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            for name in servers:
                out[name][key].pop("records", None)
                print(describe(f"{name.upper()} {key}", out[name][key]), flush=True)
                for sample in out[name][key]["error_samples"]:
                    print(f"  {name.upper()} error: {sample}", flush=True)
    finally:
        for server, log in servers.values():
            server.close()
            Path(log).unlink(missing_ok=True)
    a, b = out["a"]["many"], out["b"]["many"]
    print(
        f"A/B with {sessions} readers each, at the same time: p95 A {a['p95_ms']:.0f} ms, B {b['p95_ms']:.0f} ms "
        f"(B/A {b['p95_ms'] / a['p95_ms']:.2f}); p50 A {a['p50_ms']:.0f}, B {b['p50_ms']:.0f}; "
        f"server CPU per move A {a['server_cpu_per_move_ms']:.0f}, B {b['server_cpu_per_move_ms']:.0f} ms; "
        f"full GCs A {a['full_gcs']} (max {a['full_gc_max_ms']:.0f} ms), B {b['full_gcs']} (max {b['full_gc_max_ms']:.0f} ms)",
        flush=True,
    )
    return {"single": out["b"]["single"], "many": b, "a": out["a"], "uptime": uptime()}


def two_replicas(args, sessions: int) -> dict:
    """Two replicas behind deploy/nginx.conf; replica A killed `kill_after` s into the moving window."""
    sys.path.insert(0, str(ROOT / "deploy"))
    import run_replicas

    binary = run_replicas.find_nginx()
    if binary is None:
        raise SystemExit("nginx not found: apt-get install nginx")
    prefix = Path(tempfile.mkdtemp(prefix="capacity-proxy-"))
    prefix.chmod(0o755)
    env = {"STREAMLIT_SERVER_COOKIE_SECRET": os.urandom(32).hex(), "PARTNERSHIP_DATA_DIR": str(ROOT / "data")}
    replicas, logs, nginx = {}, {}, None
    try:
        for name in ("a", "b"):
            replicas[name], logs[name] = start_server(env)
        nginx = run_replicas.Nginx(binary, prefix, free_port(), replicas)
        pids = [r.pid for r in replicas.values()]
        warm(nginx.url, pids, args.idle)
        floor = single(nginx.url, pids, args.single_seconds, args.idle, list(logs.values()))
        print(describe("alone, through the proxy", floor), flush=True)
        killed: dict = {}

        def kill_a(elapsed: float) -> dict:
            if "at" not in killed and elapsed >= args.kill_after:
                killed["at"] = time.time()
                replicas["a"].process.kill()
                replicas["a"].process.wait()
                print(f"killed replica A (pid {replicas['a'].pid}) {elapsed:.0f} s into the window", flush=True)
            return {}

        many = run_phase(
            nginx.url,
            pids,
            sessions,
            args.seconds,
            (args.think_min, args.think_max),
            idle=args.idle,
            run_logs=list(logs.values()),
            during=kill_a,
        )
        facts = failover_facts(many.pop("records"), nginx, replicas, killed.get("at", float("inf")))
        many.update(facts)
        print(describe("loaded, through the proxy", many), flush=True)
        print(
            f"sticky until the kill {facts['sticky']}/{facts['sessions_seen']} (proxy log); on A {facts['on_a']}, on B {facts['on_b']}; "
            f"A's readers reconnected {facts['reconnected']}/{facts['on_a']} (slowest {facts['reconnect_max_s']} s after the kill); "
            f"B's readers undisturbed {facts['b_undisturbed']}/{facts['on_b']}; unexpected errors {facts['unexpected_errors']}",
            flush=True,
        )
    finally:
        if nginx is not None:
            nginx.close()
        for replica in replicas.values():
            replica.close()
        for log in logs.values():
            Path(log).unlink(missing_ok=True)
        shutil.rmtree(prefix, ignore_errors=True)
    floor.pop("records", None)
    return {"single": floor, "many": many, "uptime": uptime(), "replicas": 2}


def failover_facts(records: list[dict], nginx, replicas: dict, kill_at: float) -> dict:
    """Stickiness from the proxy's access log; losses, reconnects and errors from the readers' records."""
    address = {f"127.0.0.1:{replica.port}": name for name, replica in replicas.items()}
    before: dict[str, set[str]] = {}
    for entry in nginx.access_log():
        if not entry["session"] or entry["session"] == "-":
            continue
        if float(entry["t"]) - float(entry["rt"]) < kill_at:
            before.setdefault(entry["session"], set()).add(address.get(entry["upstream"].split(",")[-1].strip(), "?"))
    sessions = {r["session"] for r in records if r["kind"] == "open" and r["ok"]}
    home = {s: next(iter(before[s])) for s in sessions if len(before.get(s, ())) == 1}
    on_a = [s for s in sessions if home.get(s) == "a"]
    on_b = [s for s in sessions if home.get(s) == "b"]
    by_session: dict[str, list[dict]] = {}
    for r in records:
        by_session.setdefault(r["session"], []).append(r)
    reconnected, delays, unexpected, expected = 0, [], [], 0
    for s in on_a:
        rows = by_session.get(s, [])
        back = [r for r in rows if r["kind"] == "reconnect" and r["ok"] and r["t"] > kill_at]
        moved_after = back and any(r["kind"] == "move" and r["ok"] and r["t"] > back[0]["t"] for r in rows)
        if back and moved_after:
            reconnected += 1
            delays.append(back[0]["t"] - kill_at)
        for r in rows:
            if r["ok"]:
                continue
            if r["t"] > kill_at and (not back or r["t"] <= back[0]["t"] + 1):
                expected += 1  # in flight while its replica died
            else:
                unexpected.append(r)
    b_clean = 0
    for s in on_b:
        rows = by_session.get(s, [])
        bad = [r for r in rows if not r["ok"] or r["kind"] in ("lost", "reconnect")]
        unexpected += [r for r in rows if not r["ok"]]
        b_clean += not bad and any(r["kind"] == "move" and r["t"] > kill_at for r in rows)
    unexpected += [r for s in sessions - set(home) for r in by_session.get(s, []) if not r["ok"]]
    return {
        "sessions_seen": len(sessions),
        "sticky": len(home),
        "on_a": len(on_a),
        "on_b": len(on_b),
        "reconnected": reconnected,
        "reconnect_max_s": round(max(delays), 1) if delays else None,
        "reconnect_p50_s": round(percentile(delays, 50), 1) if delays else None,
        "b_undisturbed": b_clean,
        "expected_errors": expected,
        "unexpected_errors": len(unexpected),
        "unexpected_samples": sorted({f"{r['kind']}: {r['error']}" for r in unexpected})[:8],
    }


def ratio_of(point: dict) -> float:
    single_p95 = point["single"]["p95_ms"]
    return point["many"]["p95_ms"] / single_p95 if single_p95 and single_p95 == single_p95 else float("nan")


def curve(args) -> dict:
    points = []
    for n in args.curve_sessions:
        print(f"\n== {n} readers on one replica == {uptime()}", flush=True)
        point = one_replica(args, n)
        point["ratio"] = round(ratio_of(point), 2)
        points.append(point)
        save_curve(points, None, args)
    replicas = None
    if not args.no_replicas:
        print(f"\n== {args.replica_sessions} readers on two replicas behind nginx, A killed == {uptime()}", flush=True)
        replicas = two_replicas(args, args.replica_sessions)
        replicas["ratio"] = round(ratio_of(replicas), 2)
    return save_curve(points, replicas, args)


def commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    except OSError:
        return "?"


def save_curve(points: list[dict], replicas: dict | None, args) -> dict:
    # The one-reader point has few moves (3–9 s apart): its ratio is noise, not a knee.
    knee = next((p["many"]["sessions"] for p in points if p["many"]["sessions"] > 1 and p["ratio"] > GOAL), None)
    data = {
        "commit": commit(),
        "command": "python bench/capacity.py --curve" + (f" --seconds {args.seconds:g}" if args.seconds != 60 else ""),
        "cores": os.cpu_count(),
        "machine": "shared: other jobs ran at the same time; see each point's load averages",
        "points": points,
        "replicas": replicas,
        "knee_sessions": knee,
        "goal": GOAL,
    }
    ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    ARTIFACT.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    return data


def curve_chart(data: dict, path: Path = CHART_PNG) -> Path:
    """The curve as a Plotly chart, exported through the app's own PNG export (partnership.export)."""
    import plotly.graph_objects as go

    from partnership import export

    points = data["points"]
    xs = [p["many"]["sessions"] for p in points]
    traces = [go.Scatter(x=xs, y=[p["many"][f"p{q}_ms"] for p in points], name=f"p{q}", mode="lines+markers") for q in (50, 99)]
    # The machine's load next to each p95: on a shared machine it explains as much as the readers do.
    traces.insert(
        1,
        go.Scatter(
            x=xs,
            y=[p["many"]["p95_ms"] for p in points],
            name="p95 (label: load average at the start)",
            mode="lines+markers+text",
            text=[f"load {p['many']['load_start'][0]:.0f}" for p in points],
            textposition=["bottom right"] * (len(points) - 1) + ["bottom left"],
        ),
    )
    single = [p["single"]["p95_ms"] * GOAL for p in points]
    traces.append(go.Scatter(x=xs, y=single, name="2 × p95 alone (goal)", mode="lines", line={"dash": "dash", "color": "grey"}))
    if data.get("replicas"):
        r = data["replicas"]["many"]
        traces.append(
            go.Scatter(
                x=[r["sessions"]],
                y=[r["p95_ms"]],
                name="p95, 2 replicas + nginx, one killed",
                mode="markers",
                marker={"symbol": "diamond", "size": 12},
            )
        )
    figure = go.Figure(
        traces,
        layout={
            "title": f"Slider move → chart: one replica and the load generator on 2 cores (commit {data['commit']})",
            "xaxis": {"title": "concurrent readers (Streamlit protocol, Locust)"},
            "yaxis": {"title": "ms", "type": "log"},
            "template": "plotly_white",
            "width": 900,
            "height": 500,
        },
    )
    path.write_bytes(export.figure_bytes(figure, "png"))
    return path


def markdown_table(data: dict) -> str:
    """The curve as a markdown table (docs/performance.md, docs/deploy.md), from artifacts/bench/capacity.json."""
    lines = [
        "| readers | p50 | p95 | p99 | p95 alone | ratio | the server's own answer, p50 / p95 (alone) | errors "
        "| server CPU per move | server cores busy | MB per session | full GCs (longest) | Locust cores "
        "| load average (start → end) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    rows = [(str(p["many"]["sessions"]), p) for p in data["points"]]
    if data.get("replicas"):
        rows.append((f"{data['replicas']['many']['sessions']} on 2 replicas, one killed", data["replicas"]))
    for label, p in rows:
        m, s = p["many"], p["single"]
        errors = m.get("unexpected_errors", m["errors"])
        lines.append(
            f"| {label} | {m['p50_ms']:.0f} ms | {m['p95_ms']:.0f} ms | {m['p99_ms']:.0f} ms | {s['p95_ms']:.0f} ms | "
            f"{p['ratio']:.2f}× | {_answer(m, s)} | {errors} | {m['server_cpu_per_move_ms']:.0f} ms | {m['server_cpu_share']:.2f} | "
            f"{m['mb_per_session']:.2f} | {m['full_gcs']} ({m['full_gc_max_ms']:.0f} ms) | {m['generator_cpu_share']:.2f} | "
            f"{m['load_start'][0]:.0f} → {m['load_end'][0]:.0f} |"
        )
    return "\n".join(lines)


def _answer(many: dict, single: dict) -> str:
    """The server's own answer to a move (request read → chart written), from curves that recorded it."""
    if "server_answer_p95_ms" not in many:
        return "–"
    return (
        f"{many['server_answer_p50_ms']:.0f} / {many['server_answer_p95_ms']:.0f} ms "
        f"({single.get('server_answer_p95_ms', float('nan')):.0f} ms)"
    )


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="3 readers, a few seconds: the CI smoke run")
    parser.add_argument("--sessions", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=60, help="seconds of moving once all readers have opened")
    parser.add_argument("--single-seconds", type=float, default=30, help="seconds of the one-reader floor")
    parser.add_argument("--think-min", type=float, default=3.0)
    parser.add_argument("--think-max", type=float, default=9.0)
    parser.add_argument("--replicas", type=int, choices=(1, 2), default=1, help="2: nginx + two replicas, A killed mid-run")
    parser.add_argument("--kill-after", type=float, default=20, help="with --replicas 2: seconds into the window")
    parser.add_argument(
        "--curve", action="store_true", help="the whole curve; writes artifacts/bench/capacity.json, docs/capacity.png"
    )
    parser.add_argument("--curve-sessions", type=int, nargs="+", default=list(CURVE))
    parser.add_argument("--replica-sessions", type=int, default=200)
    parser.add_argument("--no-replicas", action="store_true", help="with --curve: skip the two-replica point")
    parser.add_argument("--table", action="store_true", help="print the saved curve as a markdown table and exit")
    parser.add_argument("--no-chart", action="store_true", help="with --curve: do not write docs/capacity.png")
    parser.add_argument("--compare-dir", help="A/B: run a changed copy of the app from this folder as B, side by side")
    parser.add_argument("--compare-env", action="append", default=[], help="A/B: KEY=VALUE in B's environment only")
    parser.add_argument("--idle", action="store_true", help="Locust in a low-weight cgroup / SCHED_IDLE instead of nice 10")
    parser.add_argument("--url", help="an already running app (loopback only); default: start one")
    parser.add_argument("--server-pid", type=int, action="append", default=[], help="pid(s) measured with --url")
    args = parser.parse_args(argv)
    if args.quick:
        args.sessions, args.seconds, args.single_seconds, args.think_min, args.think_max = 3, 6, 5, 0.5, 1.5
    if max([args.sessions, args.replica_sessions, *args.curve_sessions]) > MAX_SESSIONS:
        parser.error(f"at most {MAX_SESSIONS} readers")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.table:
        print(markdown_table(json.loads(ARTIFACT.read_text(encoding="utf-8"))))
        return 0
    print(f"machine: {os.cpu_count()} cores; {uptime()}", flush=True)
    if args.curve:
        data = curve(args)
        if not args.no_chart:
            print(f"chart: {curve_chart(data).relative_to(ROOT)}", flush=True)
        print(f"curve: {ARTIFACT.relative_to(ROOT)}", flush=True)
        for p in data["points"]:
            print(
                f"  {p['many']['sessions']:>4} readers: p50 {p['many']['p50_ms']:.0f} p95 {p['many']['p95_ms']:.0f} "
                f"p99 {p['many']['p99_ms']:.0f} ms, ratio {p['ratio']:.2f}×, errors {p['many']['errors']}"
            )
        point = data["replicas"] or data["points"][-1]
        label = "2 replicas, A killed" if data["replicas"] else "one replica"
        sessions = point["many"]["sessions"]
    elif args.compare_dir or args.compare_env:
        point, label, sessions = compare(args, args.sessions), "B of an A/B pair", args.sessions
        data = None
    elif args.replicas == 2:
        point, label, sessions = two_replicas(args, args.sessions), "2 replicas behind nginx, A killed", args.sessions
    else:
        point, label, sessions = one_replica(args, args.sessions), "one replica", args.sessions
        data = None
    many, floor = point["many"], point["single"]
    ratio = ratio_of(point)
    errors = many["errors"] + floor["errors"]
    if args.replicas == 2 or (args.curve and data["replicas"]):
        errors = many["unexpected_errors"] + floor["errors"]
    for sample in many["error_samples"] + floor["error_samples"]:
        print("  error:", sample)
    knee = data["knee_sessions"] if args.curve else None
    result = emit_result(
        "capacity",
        ratio,
        GOAL,
        f"{sessions} readers ({label}), Streamlit protocol via Locust: move→chart p95 {many['p95_ms']:.0f} ms vs "
        f"{floor['p95_ms']:.0f} ms alone … errors {errors}, server CPU {many['server_cpu_per_move_ms']:.0f} ms/move, "
        f"{many['mb_per_session']:.2f} MB/session, load generator {many['generator_cpu_share']:.2f} cores"
        + (f", knee at {knee} readers" if args.curve else ""),
        sessions=sessions,
        p50_ms=many["p50_ms"],
        p95_ms=many["p95_ms"],
        p99_ms=many["p99_ms"],
        single_p95_ms=floor["p95_ms"],
        moves=many["moves"],
        moves_without_chart=many["moves_without_chart"],
        errors=errors,
        **{k: many[k] for k in ("server_cpu_per_move_ms", "mb_per_session", "full_gcs", "full_gc_max_ms", "generator_cpu_share")},
        machine_busy=many["machine_busy"],
        load_average=many["load_start"],
        knee_sessions=knee,
        **(
            {
                "single_cpu_per_move_ms": floor["server_cpu_per_move_ms"],
                "bare_cpu_per_move_ms": point["bare"]["server_cpu_per_move_ms"],
                "cpu_per_move_vs_bare": round(
                    floor["server_cpu_per_move_ms"] / max(point["bare"]["server_cpu_per_move_ms"], 1e-9), 2
                ),
            }
            if point.get("bare")
            else {}
        ),
    )
    if not many["moves"] or not floor["moves"]:
        print("no moves measured: the Locust run failed (its output is in the point's locust_summary)", file=sys.stderr)
        return 1
    return 0 if result["errors"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())

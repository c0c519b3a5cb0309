"""Capacity: concurrent readers per replica at the Streamlit protocol level (Locust, no browser).

Each simulated reader (bench/locust_streamlit.py) is a Streamlit session over the websocket, as a
browser's: it opens /scenarios (every other one through a shared link with settings in the URL),
and once all readers are in, moves the growth slider every 3–9 s (a fragment rerun with the
slider's new value), now and then visits another page and comes back or downloads the chart as PNG.
Latency of a move = rerun request sent → the chart's delta received (see the locustfile).

The floor is one reader alone moving every 0.5–1 s against the same server, in the same run; the
ratio is p95 with N readers / p95 alone (goal ≤ 2×), with 0 errors. Locust runs headless in a
child process at low CPU priority (nice 10; `--idle`: a low-weight cgroup, else SCHED_IDLE), its own
CPU is reported. Loopback only; bounded: --seconds of moving after all readers opened, a hard
time limit on every Locust run, at most 1,000 readers.

    python -m bench.capacity --sessions 100 --seconds 60      # one point: floor + 100 readers, own server
    python -m bench.capacity --quick                           # CI smoke: 3 readers, a few seconds
    python -m bench.capacity --replicas 2 --sessions 200 --kill-after 20   # nginx + 2 replicas, A killed
    python -m bench.capacity --replicas 2 --quick             # failover smoke: 3 readers through nginx, A killed
    python -m bench.capacity --replicas 2 --keep              # no load: the proxy's URL for a browser, Ctrl+C stops
    python -m bench.capacity --curve      # 1, 25, 50, 100, 200 on one replica + 200 on two with a kill:
                                          # artifacts/bench/capacity.json and docs/capacity.png

Failover (`--replicas 2`, bench/_failover.py): two replicas behind deploy/nginx.conf, replica A killed
--kill-after seconds into the window; reported: sticky sessions, A's readers reconnected through the
proxy and moving again, B's readers undisturbed, unexpected errors (gated: 0).

Server figures, read from /proc and the server's run log (bench/_timed_streamlit.py) over the
moving window: CPU per move (all the server's CPU in the window / moves in it), memory per session
((RSS with all readers open − RSS before) / N), full garbage collections (count, longest).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

from bench._failover import two_replicas
from bench._harness import ROOT, assert_loopback, emit_result
from bench._phase import describe, run_phase, single, start_server, uptime, warm

GOAL = 2.0
ARTIFACT = ROOT / "artifacts" / "bench" / "capacity.json"
CHART_PNG = ROOT / "docs" / "capacity.png"
CURVE = (1, 25, 50, 100, 200)
MAX_SESSIONS = 1000


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
        "command": "python -m bench.capacity --curve" + (f" --seconds {args.seconds:g}" if args.seconds != 60 else ""),
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
    parser.add_argument("--quick", action="store_true", help="3 readers (4 with --replicas 2), seconds: the CI smoke run")
    parser.add_argument("--sessions", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=60, help="seconds of moving once all readers have opened")
    parser.add_argument("--single-seconds", type=float, default=30, help="seconds of the one-reader floor")
    parser.add_argument("--think-min", type=float, default=3.0)
    parser.add_argument("--think-max", type=float, default=9.0)
    parser.add_argument("--replicas", type=int, choices=(1, 2), default=1, help="2: nginx + two replicas, A killed mid-run")
    parser.add_argument("--kill-after", type=float, default=20, help="with --replicas 2: seconds into the window")
    parser.add_argument("--keep", action="store_true", help="with --replicas 2: no load, keep the proxy up until Ctrl+C")
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
    if args.quick and args.replicas == 2:  # readers on both replicas, time to reconnect after the kill
        args.sessions, args.seconds, args.kill_after = 4, 20, 5
    if max([args.sessions, args.replica_sessions, *args.curve_sessions]) > MAX_SESSIONS:
        parser.error(f"at most {MAX_SESSIONS} readers")
    return args


def measure(args) -> tuple[dict, str, dict | None]:
    """The run the arguments ask for: (its point {"single", "many", ...}, a label, the curve's data or None)."""
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
        if data["replicas"]:
            return data["replicas"], "2 replicas, A killed", data
        return data["points"][-1], "one replica", data
    if args.compare_dir or args.compare_env:
        return compare(args, args.sessions), "B of an A/B pair", None
    if args.replicas == 2:
        return two_replicas(args, args.sessions), "2 replicas behind nginx, A killed", None
    return one_replica(args, args.sessions), "one replica", None


FAILOVER_FIELDS = (
    "sessions_seen",
    "sticky",
    "on_a",
    "on_b",
    "reconnected",
    "reconnect_max_s",
    "b_undisturbed",
    "b_lost_websocket",
    "b_no_move_after_kill",
)


def failover_ok(many: dict) -> bool:
    """Readers on both replicas, each sticky until the kill, all of A's back and moving, all of B's undisturbed."""
    return (
        many["on_a"] > 0
        and many["on_b"] > 0
        and many["sticky"] == many["sessions_seen"]
        and many["reconnected"] == many["on_a"]
        and many["b_undisturbed"] == many["on_b"]
    )


def extra_fields(point: dict) -> dict:
    """The RESULT line's fields beyond latency: the failover's facts, or the floor's work vs the bare page."""
    many, floor, bare = point["many"], point["single"], point.get("bare")
    if "unexpected_errors" in many:
        return {**{k: many[k] for k in FAILOVER_FIELDS}, "failover_ok": failover_ok(many)}
    if not bare:
        return {}
    return {
        "single_cpu_per_move_ms": floor["server_cpu_per_move_ms"],
        "bare_cpu_per_move_ms": bare["server_cpu_per_move_ms"],
        "cpu_per_move_vs_bare": round(floor["server_cpu_per_move_ms"] / max(bare["server_cpu_per_move_ms"], 1e-9), 2),
    }


def report(point: dict, label: str, knee: int | None) -> dict:
    """The last two lines (bench/_harness.emit_result); errors behind a failover are the unexpected ones only."""
    many, floor = point["many"], point["single"]
    errors = many.get("unexpected_errors", many["errors"]) + floor["errors"]
    for sample in many["error_samples"] + floor["error_samples"]:
        print("  error:", sample)
    sessions = many["sessions"]
    return emit_result(
        "capacity",
        ratio_of(point),
        GOAL,
        f"{sessions} readers ({label}), Streamlit protocol via Locust: move→chart p95 {many['p95_ms']:.0f} ms vs "
        f"{floor['p95_ms']:.0f} ms alone … errors {errors}, server CPU {many['server_cpu_per_move_ms']:.0f} ms/move, "
        f"{many['mb_per_session']:.2f} MB/session, load generator {many['generator_cpu_share']:.2f} cores"
        + (f", knee at {knee} readers" if knee else ""),
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
        **extra_fields(point),
    )


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.table:
        print(markdown_table(json.loads(ARTIFACT.read_text(encoding="utf-8"))))
        return 0
    print(f"machine: {os.cpu_count()} cores; {uptime()}", flush=True)
    point, label, data = measure(args)
    result = report(point, label, data["knee_sessions"] if data else None)
    if not point["many"]["moves"] or not point["single"]["moves"]:
        print("no moves measured: the Locust run failed (its output is in the point's locust_summary)", file=sys.stderr)
        return 1
    return 0 if result["errors"] == 0 and result.get("failover_ok", True) else 1


if __name__ == "__main__":
    raise SystemExit(main())

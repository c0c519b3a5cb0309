"""Soak: one replica, readers arriving and leaving for an hour; does anything per session stay behind?

25 Locust users (bench/_soak_locust.py), each an endless series of visits: a new session opens
/scenarios (often through a shared link), releases the slider a few times, sometimes downloads the PNG,
opens the Agreements page with a filter, downloads a table, visits one or two other pages, comes back
and closes its connection. Every --sample seconds the server process is read from /proc (RSS, open file
descriptors, threads), its runtime from inside (bench/_soak_streamlit.py: sessions with a websocket,
sessions kept for a reconnect, uploaded and media files, deferred downloads) and the export Chromium
under it (its processes' RSS, their number, zombies).

    python -m bench.soak                  # 60 minutes, 25 readers: table, docs/soak.png, artifacts/bench/soak.json
    python -m bench.soak --minutes 8      # a shorter run (docs/soak.md: before and after a fix)
    python -m bench.soak --quick          # CI smoke: 4 readers, ~25 s, nothing written to docs/
    python -m bench.soak --idle-sessions 50   # memory per idle session: 50 readers open the page, stay, leave

Goals (docs/soak.md): RSS at the end ≤ 1.1× RSS at minute 5 (the ratio printed), descriptors and
threads within ± 5 % of minute 5 (also printed as levels: the median of minutes 5–10 and of the last 5),
live sessions = connected readers, 0 errors, p95 of a move in the last 5 minutes ≤ 1.2× the first 5. Loopback only; the Locust child has a hard time limit.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench._harness import (
    ROOT,
    Streamlit,
    emit_result,
    lasting_zombies,
    percentile,
    process_cpu_seconds,
    rss_mb,
    tree_pids,
)
from bench._phase import Locust

GOAL = 1.1
LAUNCHER = Path(__file__).with_name("_soak_streamlit.py")
LOCUSTFILE = Path(__file__).with_name("_soak_locust.py")
ARTIFACT = ROOT / "artifacts" / "bench" / "soak.json"
CHART = ROOT / "docs" / "soak.png"
COLUMNS = (
    "min",
    "rss_mb",
    "fds",
    "threads",
    "active",
    "stored",
    "in_memory",
    "connected",
    "chromium_mb",
    "chromium_procs",
    "zombies",
    "p95_ms",
    "cpu_s",
    "gc2_ms",
    "locust_mb",
    "locust_cpu_s",
)


def _proc_status(pid: int, field: str) -> str:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return line.split()[1]
    except OSError:
        pass
    return ""


def sample(pid: int, stats: Path, started: float, records: list[dict], since: float, locust_pid: int | None) -> dict:
    """One row of the table: the server process, its runtime's own count, its export browser; the p95 of the
    moves since the last sample (`since`), and the Locust process itself (the clock of every move: a client
    that grew slower would read as a slower server)."""
    connected = connected_now(records)
    now = time.time()
    children = [p for p in tree_pids(pid) if p != pid]
    try:
        fds = len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        fds = -1
    lines = stats.read_text(encoding="utf-8").splitlines() if stats.exists() else []
    inside = json.loads(lines[-1]) if lines else {}
    return {
        "t": now,
        "min": round((now - started) / 60, 2),
        "rss_mb": round(rss_mb(pid), 1),
        "fds": fds,
        "threads": int(_proc_status(pid, "Threads") or 0),
        "active": inside.get("active"),
        "stored": inside.get("stored"),
        "uploaded_files": inside.get("uploaded_files"),
        "media_files": inside.get("media_files"),
        "deferred": inside.get("deferred"),
        "in_memory": inside.get("in_memory"),
        "full_gcs": inside.get("full_gcs"),
        "connected": connected,
        "chromium_mb": round(sum(rss_mb(p) for p in children), 1),
        "chromium_procs": len(children),
        # A zombie still unreaped 0.5 s later (CI's smoke run caught one exiting as the export browser started).
        "zombies": len(lasting_zombies(pid, settle_s=0.5)),
        "p95_ms": _p95_or_none(records, since, now),
        "cpu_s": round(process_cpu_seconds(pid), 1),
        "gc2_ms": inside.get("gc2_ms"),
        "gc2_max_ms": inside.get("gc2_max_ms"),
        "locust_mb": round(rss_mb(locust_pid), 1) if locust_pid else None,
        "locust_cpu_s": round(process_cpu_seconds(locust_pid), 1) if locust_pid else None,
        "load": round(os.getloadavg()[0], 2),
    }


def connected_now(records: list[dict]) -> int:
    return sum(1 for r in records if r["kind"] == "connected") - sum(1 for r in records if r["kind"] == "closed")


def at_minute(rows: list[dict], minute: float) -> dict:
    """The first sample at or after `minute` (the last one if the run was shorter)."""
    return next((row for row in rows if row["min"] >= minute), rows[-1])


def table(rows: list[dict]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---:|" * len(COLUMNS)]
    lines += ["| " + " | ".join("" if row.get(c) is None else f"{row[c]:g}" for c in COLUMNS) + " |" for row in rows]
    return "\n".join(lines)


def chart(rows: list[dict], path: Path, title: str) -> None:
    """Four small panels over the run's minutes: RSS (server, Chromium), fds, threads, sessions."""
    from plotly.subplots import make_subplots

    minutes = [row["min"] for row in rows]
    panels = (
        ("RSS, MB", ("rss_mb", "server RSS"), ("chromium_mb", "export Chromium (sum of its processes' RSS)")),
        ("open descriptors", ("fds", "server descriptors")),
        ("threads", ("threads", "server threads")),
        (
            "sessions",
            ("active", "sessions with a websocket"),
            ("stored", "kept for a reconnect"),
            ("in_memory", "session objects in memory"),
            ("connected", "readers connected"),
        ),
    )
    fig = make_subplots(rows=2, cols=2, subplot_titles=[p[0] for p in panels], horizontal_spacing=0.1, vertical_spacing=0.14)
    for i, (_, *series) in enumerate(panels):
        for column, name in series:
            fig.add_scatter(
                x=minutes, y=[row.get(column) for row in rows], name=name, mode="lines", row=i // 2 + 1, col=i % 2 + 1
            )
    fig.update_xaxes(rangemode="tozero")
    fig.update_xaxes(title_text="minutes", row=2)
    fig.update_yaxes(rangemode="tozero")
    fig.update_layout(title=title, width=1000, height=680, template="plotly_white", legend={"orientation": "h", "y": -0.14})
    path.write_bytes(fig.to_image(format=path.suffix.lstrip(".")))


def level(rows: list[dict], key: str, start_min: float, end_min: float) -> float:
    """The median of `key` over the samples from `start_min` to before `end_min` (the last sample if none).

    Threads and descriptors move with the runs in flight at the instant of a sample (a script thread each,
    threads swung 20–29 in an hour): a window's median is their level, one sample is not.
    """
    return percentile([row[key] for row in rows if start_min <= row["min"] < end_min] or [rows[-1][key]], 50)


def window_p95(records: list[dict], start: float, end: float) -> float:
    return percentile([r["ms"] for r in records if r["kind"] == "move-chart" and start <= r["t"] < end], 95)


def _p95_or_none(records: list[dict], start: float, end: float) -> float | None:
    value = window_p95(records, start, end)
    return None if value != value else round(value, 1)  # NaN: no move in the window


def run(args) -> dict:
    stats = Path(tempfile.mktemp(prefix="soak-stats-", suffix=".jsonl"))
    env = {"SOAK_STATS": str(stats), "SOAK_STATS_EVERY": str(min(5.0, args.sample))}
    server = Streamlit("app.py", launcher=(str(LAUNCHER),), env=env, cwd=Path(args.cwd))
    server.wait_healthy(timeout=120)
    seconds = args.minutes * 60
    locust = Locust(server.url, args.sessions, (args.think[0], args.think[1]), seconds + 60, {}, args.idle, locustfile=LOCUSTFILE)
    started, rows = time.time(), []
    try:
        while time.time() - started < seconds and locust.running():
            time.sleep(min(args.sample, max(0.0, started + seconds - time.time())) if rows else min(args.sample, 5))
            since = rows[-1]["t"] if rows else started
            rows.append(sample(server.pid, stats, started, locust.records(), since, locust.process.pid))
            print(table(rows[-1:]).splitlines()[-1], flush=True)
        summary = locust.stop()
        records = locust.records()
        time.sleep(args.sample if not args.quick else 3)  # everyone left: what stays?
        rows.append(sample(server.pid, stats, started, records, rows[-1]["t"] if rows else started, None))
    finally:
        if locust.running():
            locust.stop()
        locust.cleanup()
        server.close()
        stats.unlink(missing_ok=True)
    return {"rows": rows, "records": records, "summary": summary, "started": started, "seconds": seconds}


def figures(result: dict, early_min: float) -> dict:
    """The goals' figures: the sample at `early_min` against the last one with readers still on."""
    rows, records, started = result["rows"], result["records"], result["started"]
    live = rows[:-1] or rows
    early, end = at_minute(live, early_min), live[-1]
    window = early_min * 60
    last_start = started + result["seconds"] - window
    errors = [r for r in records if not r["ok"]]
    return {
        "rss_early_mb": early["rss_mb"],
        "rss_end_mb": end["rss_mb"],
        "rss_after_mb": rows[-1]["rss_mb"],
        "rss_ratio": round(end["rss_mb"] / max(early["rss_mb"], 1e-9), 3),
        "fds_early": early["fds"],
        "fds_end": end["fds"],
        "threads_early": early["threads"],
        "threads_end": end["threads"],
        # Levels: the median of the samples in the window after the first `early_min`, and in the last one.
        "fds_level_early": level(live, "fds", early_min, 2 * early_min),
        "fds_level_end": level(live, "fds", live[-1]["min"] - early_min, float("inf")),
        "threads_level_early": level(live, "threads", early_min, 2 * early_min),
        "threads_level_end": level(live, "threads", live[-1]["min"] - early_min, float("inf")),
        "sessions_end": end["active"],
        "connected_end": end["connected"],
        "stored_after": rows[-1]["stored"],
        "active_after": rows[-1]["active"],
        "zombies_max": max(row["zombies"] for row in rows),
        "visits": sum(1 for r in records if r["kind"] == "closed"),
        "moves": sum(1 for r in records if r["kind"] == "move-chart"),
        "exports": sum(1 for r in records if r["kind"] == "export png" and r["ok"]),
        "tables": sum(1 for r in records if r["kind"] == "download table" and r["ok"]),
        "errors": len(errors),
        "error_samples": sorted({f"{r['kind']}: {r['error']}" for r in errors})[:8],
        "p95_first_ms": round(window_p95(records, started, started + window), 1),
        "p95_last_ms": round(window_p95(records, last_start, started + result["seconds"]), 1),
        # The first window holds the ramp: sessions kept for a reconnect pile up for 2–3 minutes, the first full
        # collection comes after 50 closed sessions. The window after it is the first at the steady state.
        "p95_settled_ms": round(window_p95(records, started + window, started + 2 * window), 1),
        "load_average": [row["load"] for row in rows],
    }


def commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""


def idle_sessions(count: int, cwd: str) -> int:
    """Memory per idle session: `count` readers open the page and stay, then leave; RSS read by the client."""
    server = Streamlit("app.py", cwd=Path(cwd))
    try:
        server.wait_healthy(timeout=120)
        client = [sys.executable, str(Path(__file__).with_name("_fault_client.py")), "idle", server.url]
        done = subprocess.run([*client, "--count", str(count), "--pid", str(server.pid)], capture_output=True, text=True)
        out = json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        server.close()
    per_session = (out["rss_open"] - out["rss_before"]) / count
    kept = (out["rss_after"] - out["rss_before"]) / count
    emit_result(
        "soak-idle",
        out["rss_after"] / max(out["rss_open"], 1e-9),
        1.0,  # nothing grows after the readers left
        f"{count} idle sessions: RSS {out['rss_before']:.0f} → {out['rss_open']:.0f} MB open ({per_session:.2f} MB each) → "
        f"{out['rss_after']:.0f} MB {out['wait_s']:.0f} s after they left ({kept:.2f} MB each still held)",
        mb_per_idle_session=round(per_session, 2),
        mb_per_closed_session=round(kept, 2),
        **out,
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=60)
    parser.add_argument("--sessions", type=int, default=25, help="readers connected at once (at most 200)")
    parser.add_argument("--sample", type=float, default=30, help="seconds between samples")
    parser.add_argument("--think", type=float, nargs=2, default=(2.0, 6.0), help="seconds between a reader's moves")
    parser.add_argument("--quick", action="store_true", help="CI smoke: 4 readers, ~25 s, nothing written to docs/")
    parser.add_argument(
        "--idle",
        action="store_true",
        help="Locust yields the CPU to the server: a low-weight cgroup where allowed, else SCHED_IDLE, else nice 10 "
        "(bench/_harness.py yield_to_server); without it Locust runs at nice 10",
    )
    parser.add_argument(
        "--idle-sessions", type=int, metavar="N", help="instead: memory per idle session, N readers open and leave"
    )
    parser.add_argument("--cwd", default=str(ROOT), help="the app's folder (e.g. an export of an older commit)")
    parser.add_argument("--chart", type=Path, default=CHART)
    parser.add_argument("--json", type=Path, default=ARTIFACT)
    args = parser.parse_args(argv)
    if args.idle_sessions:
        return idle_sessions(args.idle_sessions, args.cwd)
    if args.quick:
        args.minutes, args.sessions, args.sample, args.think = 0.4, 4, 3, (0.3, 0.8)
    args.sessions = min(args.sessions, 200)
    early_min = 5 if args.minutes >= 15 else args.minutes / 3
    started_at = commit()  # the code the server runs (HEAD may move during an hour)
    result = run(args)
    out = figures(result, early_min)
    print(table(result["rows"]))
    for error in out["error_samples"]:
        print("  error:", error)
    meta = {"commit": started_at, "command": "python -m bench.soak " + " ".join(argv if argv is not None else sys.argv[1:])}
    args.json.parent.mkdir(parents=True, exist_ok=True)
    moves = [[round(r["t"] - result["started"], 2), r["ms"]] for r in result["records"] if r["kind"] == "move-chart"]
    # Every move (seconds into the run, ms), so any window's percentile can be read afterwards.
    args.json.write_text(json.dumps({**meta, **out, "rows": result["rows"], "moves": moves}, indent=1), encoding="utf-8")
    if not args.quick:
        chart(
            result["rows"], args.chart, f"Soak: {args.sessions} readers coming and going, {args.minutes:g} min ({meta['commit']})"
        )
    emit_result(
        "soak",
        out["rss_ratio"],
        GOAL,
        f"{args.sessions} readers coming and going for {args.minutes:g} min, {out['visits']} visits: RSS "
        f"{out['rss_early_mb']:.0f} MB at {early_min:g} min → {out['rss_end_mb']:.0f} MB at the end; fds {out['fds_early']} → "
        f"{out['fds_end']} (levels {out['fds_level_early']:g} → {out['fds_level_end']:g}), threads {out['threads_early']} → "
        f"{out['threads_end']} (levels {out['threads_level_early']:g} → {out['threads_level_end']:g}); sessions {out['sessions_end']} for "
        f"{out['connected_end']} connected; p95 of a move {out['p95_first_ms']:.0f} → {out['p95_last_ms']:.0f} ms (minutes "
        f"{early_min:g}–{2 * early_min:g}: {out['p95_settled_ms']:.0f} ms); "
        f"errors {out['errors']}",
        **{k: v for k, v in out.items() if k not in ("load_average",)},
        **meta,
    )
    if not out["moves"]:
        print("no moves measured: the Locust run failed:\n" + result["summary"][-2000:], file=sys.stderr)
        return 1
    return 0 if out["errors"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())

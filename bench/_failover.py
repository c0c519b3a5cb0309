"""Failover under load: two replicas behind deploy/nginx.conf, Locust readers through the proxy, replica A killed.

The readers (bench/locust_streamlit.py) open the Scenarios page through nginx, which pins each session
to one replica (sticky cookie); `kill_after` seconds into the moving window replica A gets SIGKILL, as in
a crash. From the proxy's access log (it names each reader's session and upstream) and the readers'
records it reports: were sessions sticky until the kill, did A's readers reconnect through the proxy
(to B) and move their chart again, were B's readers undisturbed, and which errors were not the expected
loss of the moves in flight on A. Run by `python -m bench.capacity --replicas 2`; needs nginx.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from bench._harness import ROOT, free_port, percentile
from bench._phase import describe, run_phase, single, start_server, uptime, warm
from bench._proxy import Nginx, find_nginx


def two_replicas(args, sessions: int) -> dict:
    """Two replicas behind deploy/nginx.conf; replica A killed `args.kill_after` s into the moving window."""
    binary = find_nginx()
    if binary is None:
        raise SystemExit("nginx not found: apt-get install nginx")
    prefix = Path(tempfile.mkdtemp(prefix="capacity-proxy-"))
    prefix.chmod(0o755)  # nginx's workers (user nobody) create their temp folders under it
    # One cookie secret for both: a cookie signed by one replica stays valid on the other after a failover.
    env = {"STREAMLIT_SERVER_COOKIE_SECRET": os.urandom(32).hex(), "PARTNERSHIP_DATA_DIR": str(ROOT / "data")}
    replicas, logs, nginx = {}, {}, None
    try:
        for name in ("a", "b"):
            replicas[name], logs[name] = start_server(env)
        nginx = Nginx(binary, prefix, free_port(), replicas)
        print(f"proxy {nginx.url} → A {replicas['a'].url} (pid {replicas['a'].pid}), B {replicas['b'].url}", flush=True)
        if getattr(args, "keep", False):
            return keep_running(nginx)
        floor, many = measure_failover(args, sessions, nginx, replicas, logs)
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


def keep_running(nginx: Nginx) -> dict:
    """--keep: no load; the proxy stays up for a browser until Ctrl+C."""
    print(f"--keep: open {nginx.url} in a browser; Ctrl+C stops everything", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        raise SystemExit(0) from None


def measure_failover(args, sessions: int, nginx: Nginx, replicas: dict, logs: dict) -> tuple[dict, dict]:
    """The floor through the proxy, then `sessions` readers with replica A killed part-way: (floor, loaded)."""
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

    think = (args.think_min, args.think_max)
    many = run_phase(nginx.url, pids, sessions, args.seconds, think, idle=args.idle, run_logs=list(logs.values()), during=kill_a)
    facts = failover_facts(many.pop("records"), nginx, replicas, killed.get("at", float("inf")))
    many.update(facts)
    print(describe("loaded, through the proxy", many), flush=True)
    print(
        f"sticky until the kill {facts['sticky']}/{facts['sessions_seen']} (proxy log); on A {facts['on_a']}, on B {facts['on_b']}; "
        f"A's readers reconnected {facts['reconnected']}/{facts['on_a']} (slowest {facts['reconnect_max_s']} s after the kill); "
        f"B's readers undisturbed {facts['b_undisturbed']}/{facts['on_b']} (lost their websocket {facts['b_lost_websocket']}, "
        f"no move after the kill {facts['b_no_move_after_kill']}); unexpected errors {facts['unexpected_errors']}",
        flush=True,
    )
    return floor, many


def homes_before(nginx: Nginx, replicas: dict, kill_at: float) -> dict[str, set[str]]:
    """Each session's replicas (a, b) for the requests it started before the kill, from the proxy's log."""
    address = {f"127.0.0.1:{replica.port}": name for name, replica in replicas.items()}
    before: dict[str, set[str]] = {}
    for entry in nginx.access_log():
        if not entry["session"] or entry["session"] == "-":
            continue
        if float(entry["t"]) - float(entry["rt"]) < kill_at:
            before.setdefault(entry["session"], set()).add(address.get(entry["upstream"].split(",")[-1].strip(), "?"))
    return before


def killed_replica_readers(by_session: dict[str, list[dict]], on_a: list[str], kill_at: float) -> tuple[list[float], int, list]:
    """A's readers: (delays of those that reconnected and moved again, errors in flight at the kill, other errors)."""
    delays, expected, unexpected = [], 0, []
    for session in on_a:
        rows = by_session.get(session, [])
        back = [r for r in rows if r["kind"] == "reconnect" and r["ok"] and r["t"] > kill_at]
        if back and any(r["kind"] == "move" and r["ok"] and r["t"] > back[0]["t"] for r in rows):
            delays.append(back[0]["t"] - kill_at)
        for r in (r for r in rows if not r["ok"]):
            if r["t"] > kill_at and (not back or r["t"] <= back[0]["t"] + 1):
                expected += 1  # in flight while its replica died
            else:
                unexpected.append(r)
    return delays, expected, unexpected


def failover_facts(records: list[dict], nginx: Nginx, replicas: dict, kill_at: float) -> dict:
    """Stickiness from the proxy's access log; losses, reconnects and errors from the readers' records."""
    before = homes_before(nginx, replicas, kill_at)
    sessions = {r["session"] for r in records if r["kind"] == "open" and r["ok"]}
    home = {s: next(iter(before[s])) for s in sessions if len(before.get(s, ())) == 1}
    on_a = [s for s in sessions if home.get(s) == "a"]
    on_b = [s for s in sessions if home.get(s) == "b"]
    by_session: dict[str, list[dict]] = {}
    for r in records:
        by_session.setdefault(r["session"], []).append(r)
    delays, expected, unexpected = killed_replica_readers(by_session, on_a, kill_at)
    b_clean, b_lost, b_idle = 0, 0, 0
    for s in on_b:
        rows = by_session.get(s, [])
        unexpected += [r for r in rows if not r["ok"]]
        lost = any(r["kind"] in ("lost", "reconnect") for r in rows)
        moved = any(r["kind"] == "move" and r["ok"] and r["t"] > kill_at for r in rows)
        b_lost += lost
        b_idle += not lost and not moved  # no move of its own after the kill (busy exporting or visiting a page)
        b_clean += not lost and moved and all(r["ok"] for r in rows)
    unexpected += [r for s in sessions - set(home) for r in by_session.get(s, []) if not r["ok"]]
    return {
        "sessions_seen": len(sessions),
        "sticky": len(home),
        "on_a": len(on_a),
        "on_b": len(on_b),
        "reconnected": len(delays),
        "reconnect_max_s": round(max(delays), 1) if delays else None,
        "reconnect_p50_s": round(percentile(delays, 50), 1) if delays else None,
        "b_undisturbed": b_clean,
        "b_lost_websocket": b_lost,
        "b_no_move_after_kill": b_idle,
        "expected_errors": expected,
        "unexpected_errors": len(unexpected),
        "unexpected_samples": sorted({f"{r['kind']}: {r['error']}" for r in unexpected})[:8],
    }

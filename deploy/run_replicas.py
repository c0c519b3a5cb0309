"""Two replicas behind nginx on loopback: load through the proxy, sticky sessions, losing one replica.

Starts two `streamlit run app.py` replicas (same code, same read-only data folder, same cookie secret)
and Debian's nginx with deploy/nginx.conf, all on 127.0.0.1. Then runs bench/load.py's sessions
through the proxy: first one session alone (the floor), then N at once. While the N move their
sliders, replica A is killed (SIGKILL, as in a crash). The script shows, from the browsers' side
(X-Upstream header of every response, websocket events) and the proxy's (its access log, which
names each session) and the replicas' (/_stcore/metrics):

  * every session talked to one replica only until the kill (sticky);
  * the sessions on B saw nothing: no websocket closed, no error, their moves went on;
  * the sessions on A lost their websocket, reconnected through the proxy to B, and their sliders
    move the chart again there; the slider value came back from the URL.

    python deploy/run_replicas.py            # 20 sessions, ≈ 3 min
    python deploy/run_replicas.py --quick    # 4 sessions, for the CI smoke test
    python deploy/run_replicas.py --keep     # leave everything running; prints the proxy URL, Ctrl+C stops

Needs nginx (apt-get install nginx) and Chromium. Nothing listens beyond 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import load  # noqa: E402
from _harness import CHROMIUM_ARGS, Streamlit, chromium_or_exit, emit_result, free_port, percentile  # noqa: E402

TEMPLATE = ROOT / "deploy" / "nginx.conf"
GOAL = 2.0  # p95 slider→chart through the proxy with N sessions ≤ 2× one session's


def find_nginx() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(p).exists()), None)


def render(template: str, **values: str) -> str:
    for key, value in values.items():
        template = template.replace("{{" + key + "}}", value)
    left = re.findall(r"\{\{\w+\}\}", template)
    if left:
        raise ValueError(f"unfilled placeholders in {TEMPLATE}: {left}")
    return template


def data_fingerprint(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.iterdir()):
        if path.is_file():
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310  (http://127.0.0.1 only)
            return response.status == 200
    except OSError:
        return False


def sessions_connected(replica: Streamlit) -> int | None:
    """Sessions the replica has seen connect (Streamlit's own /_stcore/metrics)."""
    try:
        with urllib.request.urlopen(f"{replica.url}/_stcore/metrics?families=session_events", timeout=5) as response:  # noqa: S310
            text = response.read().decode()
    except OSError:
        return None
    match = re.search(r'session_events_total\{type="connect"\}\s+(\d+)', text)
    return int(match[1]) if match else None


class Nginx:
    """nginx in the foreground (daemon off) with a config rendered from deploy/nginx.conf."""

    def __init__(self, binary: str, prefix: Path, listen_port: int, replicas: dict[str, Streamlit]):
        self.prefix, self.port = prefix, listen_port
        self.url = f"http://127.0.0.1:{listen_port}"
        self.conf = prefix / "nginx.conf"
        self.conf.write_text(
            render(
                TEMPLATE.read_text(encoding="utf-8"),
                PREFIX=str(prefix),
                LISTEN=f"127.0.0.1:{listen_port}",
                REPLICA_A=f"127.0.0.1:{replicas['a'].port}",
                REPLICA_B=f"127.0.0.1:{replicas['b'].port}",
            ),
            encoding="utf-8",
        )
        base = [binary, "-p", str(prefix), "-c", str(self.conf), "-e", str(prefix / "error.log")]
        check = subprocess.run([*base, "-t", "-q"], capture_output=True, text=True)
        if check.returncode:
            raise SystemExit(f"nginx -t rejected the config:\n{check.stderr}")
        self.process = subprocess.Popen([*base, "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 15
        while not http_ok(f"{self.url}/nginx-health"):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"nginx did not start: {self.process.stderr.read().decode() if self.process.stderr else ''}")
            time.sleep(0.1)

    def access_log(self) -> list[dict]:
        pattern = re.compile(
            r'"(?P<request>[^"]*)" (?P<status>\d+) .*?cookie=(?P<cookie>\S*) upstream=(?P<upstream>.*?) session=(?P<session>\S*) rt=(?P<rt>[\d.]+) t=(?P<t>[\d.]+)'
        )
        path = self.prefix / "access.log"
        return (
            [match.groupdict() for line in path.read_text().splitlines() if (match := pattern.search(line))]
            if path.exists()
            else []
        )

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # graceful: finish open requests
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="4 sessions, short: the CI smoke run")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--duration", type=float, default=45, help="seconds of moving after the ramp")
    parser.add_argument("--ramp", type=float, help="seconds over which the sessions open (default: 3 s per session)")
    parser.add_argument(
        "--kill-after", type=float, default=12, help="seconds after all sessions are up until replica A is killed"
    )
    parser.add_argument("--think-min", type=float, default=3.0)
    parser.add_argument("--think-max", type=float, default=9.0)
    parser.add_argument("--single-moves", type=int, default=15)
    parser.add_argument(
        "--nice",
        type=int,
        default=10,
        help="CPU niceness of the browsers where neither a low-weight cgroup nor SCHED_IDLE is available "
        "(bench/load.py's yield_to_server; the replicas and nginx keep their priority)",
    )
    parser.add_argument("--keep", action="store_true", help="start everything, print the URL and wait for Ctrl+C (no load)")
    args = parser.parse_args(argv)
    if args.ramp is None:
        args.ramp = 3.0 * args.sessions
    if args.quick:
        args.sessions, args.duration, args.ramp, args.kill_after, args.single_moves = 4, 16, 2, 3, 3
    return args


async def drive(args, proxy: str, replicas: dict[str, Streamlit], target: load.Target) -> dict:
    """The single-session floor, then N sessions with replica A killed part-way; returns what happened."""
    from playwright.async_api import async_playwright

    killed: dict = {}

    async def kill_a(stats: list[load.SessionStats]) -> None:
        while not all(s.load_s is not None or s.finished for s in stats):
            await asyncio.sleep(0.2)
        await asyncio.sleep(args.kill_after)
        killed["upstreams"] = {s.index: set(s.upstreams) for s in stats}
        killed["values"] = {}
        for s in stats:  # each session's slider value as its URL records it, before the kill
            if s.page is not None and not s.finished:
                try:
                    killed["values"][s.index] = await slider_state(s.page, target)
                except Exception:  # noqa: S110  (a session that just ended)
                    pass
        killed["at"], killed["wall"] = time.monotonic(), time.time()
        replicas["a"].process.kill()
        replicas["a"].process.wait()
        print(f"killed replica A (pid {replicas['a'].pid}) at +{time.perf_counter() - started:.0f} s", flush=True)
        # After the reconnects: does each session's slider still show what its URL says?
        await asyncio.sleep(max(args.duration / 3, 8))
        killed["values_after"] = {}
        for s in stats:
            if s.page is not None and not s.finished:
                try:
                    killed["values_after"][s.index] = await slider_state(s.page, target)
                except Exception:  # noqa: S110
                    pass

    started = time.perf_counter()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium_or_exit(), args=CHROMIUM_ARGS, headless=True)
        try:
            pids = [replica.pid for replica in replicas.values()]
            await load.run_phase(browser, proxy, target, 2, 0, (0, 0), 0, 0, pids, 120, label="warm")  # both replicas
            single = await load.run_phase(
                browser, proxy, target, 1, 60, (0.3, 0.6), 0, args.single_moves, pids, 180, label="single"
            )
            print(single.describe("single session through the proxy"), flush=True)
            many = await load.run_phase(
                browser,
                proxy,
                target,
                args.sessions,
                args.duration,
                (args.think_min, args.think_max),
                args.ramp,
                10_000,
                pids,
                args.duration + args.ramp + 240,
                during=kill_a,
                label="load",
            )
            print(many.describe(f"{args.sessions} sessions through the proxy"), flush=True)
        finally:
            await browser.close()
    return {"single": single, "many": many, "killed": killed}


async def slider_state(page, target: load.Target) -> tuple[str | None, str | None]:
    """(the slider's value, the value its URL parameter holds)."""
    return await page.evaluate(
        "(key) => [document.querySelector(`.st-key-${key} input`)?.value ?? null, new URL(location.href).searchParams.get(key)]",
        target.widget,
    )


def analyse(outcome: dict, replicas: dict[str, Streamlit], nginx: Nginx, connected: dict[str, int | None]) -> dict:
    single, many, killed = outcome["single"], outcome["many"], outcome["killed"]
    address = {f"127.0.0.1:{replica.port}": name for name, replica in replicas.items()}
    kill_at = killed.get("at", float("inf"))
    home: dict[int, str | None] = {}
    sticky = 0
    for s in many.sessions:
        seen = {address.get(u.split(",")[-1].strip(), u) for u in killed.get("upstreams", {}).get(s.index, set())}
        home[s.index] = next(iter(seen)) if len(seen) == 1 else None
        sticky += len(seen) == 1
    on = {name: [s for s in many.sessions if home[s.index] == name] for name in ("a", "b")}

    # The proxy's view: every request of a session (its X-Bench-Session header) before the kill → one replica.
    log = nginx.access_log()
    by_session: dict[str, set[str]] = {}
    streams: dict[str, list[str]] = {}
    tags = {s.tag for s in many.sessions}
    kill_wall = killed.get("wall", float("inf"))
    for entry in log:
        if entry["session"] not in tags:
            continue
        last = address.get(entry["upstream"].split(",")[-1].strip(), entry["upstream"])
        if float(entry["t"]) - float(entry["rt"]) < kill_wall:  # the request started before the kill
            by_session.setdefault(entry["session"], set()).add(last)
        if "/_stcore/stream" in entry["request"]:
            streams.setdefault(entry["session"], []).append(last)

    def recovered(s: load.SessionStats) -> bool:
        return any(t > kill_at for t in s.socket_times) and any(t > kill_at for t in s.move_times)

    def reconnect_s(s: load.SessionStats) -> float | None:
        after = [t - kill_at for t in s.socket_times if t > kill_at]
        return min(after) if after else None

    lost_on_a = [s for s in on["a"] if s.sockets_closed_early]
    back = [s for s in on["a"] if recovered(s)]
    b_clean = [s for s in on["b"] if not s.errors and not s.sockets_closed_early and any(t > kill_at for t in s.move_times)]
    # Errors that are not the expected loss: anything on B, anything on A before the kill or
    # after its reconnect (a move that timed out while its replica was gone is the expected loss).
    unexpected = [f"session {s.index} (B): {e}" for s in on["b"] for e in s.errors]
    for s in on["a"]:
        reopened = min((t for t in s.socket_times if t > kill_at), default=float("inf"))
        unexpected += [
            f"session {s.index} (A): {e}"
            for e, t in zip(s.errors, s.error_times, strict=False)
            if t < kill_at or t > reopened + 25
        ]
    expected = [
        f"session {s.index} (A): {e}" for s in on["a"] for e in s.errors if f"session {s.index} (A): {e}" not in unexpected
    ]
    unexpected += [
        f"session {s.index} (no single replica before the kill): {e}"
        for s in many.sessions
        if home[s.index] is None
        for e in s.errors
    ]

    def value_kept(index: int) -> bool:
        # The slider shows what its URL says; no URL parameter means the default, as before the kill.
        value, url_value = killed.get("values_after", {}).get(index, (None, None))
        before = killed.get("values", {}).get(index, (None, None))
        if value is None:
            return False
        if url_value is not None:
            return float(value) == float(url_value)
        return before[1] is None and before[0] is not None and float(value) == float(before[0])

    values_kept = sum(1 for s in back if value_kept(s.index))
    streams_to_b = sum(1 for s in on["a"] if streams.get(s.tag, [])[-1:] == ["b"])
    reconnects = [r for s in back if (r := reconnect_s(s)) is not None]
    proxy_sticky = sum(1 for s in many.sessions if by_session.get(s.tag) == {home[s.index]})
    return {
        "sessions": len(many.sessions),
        "proxy_sticky": proxy_sticky,
        "on_a": len(on["a"]),
        "on_b": len(on["b"]),
        "sticky": sticky,
        "lost_on_a": len(lost_on_a),
        "reconnected": len(back),
        "streams_to_b": streams_to_b,
        "reconnect_max_s": max(reconnects, default=None),
        "values_kept": values_kept,
        "b_undisturbed": len(b_clean),
        "unexpected_errors": unexpected,
        "expected_errors": expected,
        "values_after": killed.get("values_after", {}),
        "connected": connected,
        "single_p95": percentile(single.latencies, 95),
        "p50": percentile(many.latencies, 50),
        "p95": percentile(many.latencies, 95),
        "moves": len(many.latencies),
        "mb_per_session": many.memory_per_session_mb(),
    }


def main(argv=None) -> int:
    args = parse_args(argv)
    nginx_binary = find_nginx()
    if nginx_binary is None:
        print("nginx not found: apt-get install nginx", file=sys.stderr)
        return 2
    target = load.default_target()
    prefix = Path(tempfile.mkdtemp(prefix="partnership-proxy-"))
    prefix.chmod(0o755)  # nginx's workers (user nobody) create their temp folders under it
    data_dir = ROOT / "data"
    fingerprint = data_fingerprint(data_dir)
    # One secret for all replicas: a cookie signed by one replica stays valid on the other after a failover.
    env = {"STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32), "PARTNERSHIP_DATA_DIR": str(data_dir)}
    replicas: dict[str, Streamlit] = {}
    nginx = None
    try:
        for name in ("a", "b"):
            replicas[name] = Streamlit("app.py", env=env, log=prefix / f"replica-{name}.log")
        for replica in replicas.values():
            replica.wait_healthy()
        nginx = Nginx(nginx_binary, prefix, free_port(), replicas)
        print(
            f"proxy {nginx.url} → replica A {replicas['a'].url} (pid {replicas['a'].pid}), B {replicas['b'].url} (pid {replicas['b'].pid})"
        )
        print(
            f"health through the proxy: {'ok' if http_ok(nginx.url + '/_stcore/health') else 'FAILED'}; config and logs in {prefix}"
        )
        if args.keep:
            print("--keep: open the proxy URL in a browser; Ctrl+C stops everything")
            try:
                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                return 0
        print(f"target: /{target.page}, move '{target.widget}', watch '{target.chart}'", flush=True)
        load.yield_to_server(args.nice)
        outcome = asyncio.run(drive(args, nginx.url, replicas, target))
        connected = {name: sessions_connected(replica) for name, replica in replicas.items()}
        facts = analyse(outcome, replicas, nginx, connected)
    finally:
        if nginx is not None:
            nginx.close()
        for replica in replicas.values():
            replica.close()
    data_unchanged = data_fingerprint(data_dir) == fingerprint

    print(
        f"sessions: {facts['sessions']}, on replica A {facts['on_a']}, on B {facts['on_b']}; "
        f"on one replica only until the kill: {facts['sticky']}/{facts['sessions']} "
        f"(the proxy's access log agrees for {facts['proxy_sticky']}/{facts['sessions']}: all their requests before the kill, "
        f"websocket included, went to that one replica)"
    )
    print(f"replica B after the run: {facts['connected']['b']} session connections in all (its /_stcore/metrics)")
    print(
        f"killed A: {facts['lost_on_a']}/{facts['on_a']} of its sessions lost their websocket; "
        f"{facts['reconnected']}/{facts['on_a']} reconnected and moved their chart again "
        f"(their websocket now to B per the proxy's log: {facts['streams_to_b']}/{facts['on_a']}; "
        f"slowest reconnect {facts['reconnect_max_s'] or float('nan'):.1f} s after the kill; "
        f"slider value restored from the URL: {facts['values_kept']}/{facts['reconnected']})"
    )
    print(
        f"B's sessions undisturbed (no websocket closed, no error, moves after the kill): {facts['b_undisturbed']}/{facts['on_b']}"
    )
    print(f"data folder unchanged: {data_unchanged}")
    for line in facts["expected_errors"][:15]:
        print("  lost with replica A (expected):", line)
    for line in facts["unexpected_errors"][:15]:
        print("  unexpected error:", line)
    ok = (
        facts["on_a"] > 0
        and facts["on_b"] > 0
        and facts["sticky"] == facts["sessions"] == facts["proxy_sticky"]
        and facts["reconnected"] == facts["on_a"]
        and facts["b_undisturbed"] == facts["on_b"]
        and not facts["unexpected_errors"]
        and data_unchanged
    )
    ratio = (
        facts["p95"] / facts["single_p95"] if facts["single_p95"] == facts["single_p95"] and facts["single_p95"] else float("nan")
    )
    emit_result(
        "replicas",
        ratio,
        GOAL,
        f"2 replicas behind nginx, {facts['sessions']} sessions: p95 {facts['p95']:.0f} ms vs {facts['single_p95']:.0f} ms alone; "
        f"sticky {facts['sticky']}/{facts['sessions']}; A killed: {facts['reconnected']}/{facts['on_a']} reconnected to B, "
        f"B undisturbed {facts['b_undisturbed']}/{facts['on_b']}, unexpected errors {len(facts['unexpected_errors'])}",
        failover_ok=ok,
        **{k: v for k, v in facts.items() if k not in ("unexpected_errors", "expected_errors", "connected", "values_after")},
        unexpected_errors=len(facts["unexpected_errors"]),
    )
    if os.environ.get("KEEP_PROXY_DIR") != "1":
        shutil.rmtree(prefix, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

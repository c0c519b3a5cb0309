"""Load: N concurrent browser sessions open pages and move a slider; slider→chart latency, errors, memory.

Each session is its own Playwright browser context (own cookies, own websocket, own Streamlit session)
in one headless Chromium. A session opens the Overview, navigates in the app to the page under test,
waits for its chart, then moves the slider one step at a time (alternately right and left, a random
think time between moves) until the time is up. A move's latency is measured inside the page, from the
keydown on the slider to the first change of the chart's SVG (its traces' paths and texts).

The floor is the same journey with one session, in the same run against the same server; the goal is
p95 with N sessions ≤ 2× the single session's p95, with 0 errors. Errors are uncaught page errors,
exception boxes, moves or page loads that time out, HTTP responses ≥ 400 and websockets that close
before the session ends. Server memory per session = (RSS of the streamlit process tree with all N
sessions open − RSS before they connect) / N, read from /proc.

Bounded: loopback URLs only, --duration seconds of moving (after a --ramp of staggered starts),
at most --max-moves moves in all, and a hard deadline after which everything is cancelled.

    python bench/load.py                      # 50 sessions, 60 s, starts its own server (≈ 2–3 min)
    python bench/load.py --quick              # 3 sessions, a few moves (CI smoke)
    python bench/load.py --sessions 20 --page trade --widget events --chart trade_chart
    python bench/load.py --url http://127.0.0.1:8080 --server-pid 1234 --server-pid 1235   # through a proxy
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import os
import random
import re
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from _harness import (
    CHROMIUM_ARGS,
    ROOT,
    Streamlit,
    assert_loopback,
    chromium_or_exit,
    cpu_seconds,
    emit_result,
    machine_cpu,
    percentile,
    process_cpu_seconds,
    pss_mb,
    rss_mb,
    tree_pids,
)
from _timed_streamlit import read_chart_times, read_gc_pauses, read_runs

GOAL = 2.0
# Opened at /scenarios, Streamlit's client first asks /scenarios/_stcore/health and host-config in case
# the app is served under that base path; the 404s are its normal probe, not errors.
BASE_PATH_PROBE = re.compile(r"^/[^?#]+/_stcore/(health|host-config)(\?|$)")
DEBUG_SHOTS = False

# Installed in every page before its scripts run: times a move from the first keydown/pointerdown
# to the first change of the watched chart's SVG (paths of its traces, its texts). The page's
# WebSocket is wrapped to note when the move left (first message sent after the key) and when the
# last message before the chart changed arrived, which splits a move into browser → server → browser.
PROBE_JS = r"""
(() => {
  const chartOf = (key) => document.querySelector(`.st-key-${key} .js-plotly-plot .main-svg`);
  const signature = (key) => {
    const svg = chartOf(key);
    if (!svg) return null;
    const parts = [];
    svg.querySelectorAll('g.trace path, text').forEach((e) => parts.push(e.getAttribute('d') || e.textContent));
    return parts.join('|');
  };
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', () => {
        const state = window.__bench && window.__bench.state;
        if (state && state.sent !== null && state.changed === null) state.received = performance.now();
      });
    }
    send(data) {
      const state = window.__bench && window.__bench.state;
      if (state && state.start !== null && state.sent === null) state.sent = performance.now();
      return super.send(data);
    }
  };
  window.__bench = {
    signature,
    arm(key) {
      this.key = key;
      const state = { base: signature(key), start: null, sent: null, received: null, changed: null };
      this.state = state;
      const onInput = () => { if (state.start === null) state.start = performance.now(); };
      document.addEventListener('keydown', onInput, { capture: true, once: true });
      document.addEventListener('pointerdown', onInput, { capture: true, once: true });
      const observer = new MutationObserver(() => {
        if (state.start === null || state.changed !== null) return;
        const now = signature(key);
        if (now !== null && now !== state.base) {
          state.changed = performance.now();
          observer.disconnect();
        }
      });
      // Watch the chart's own container (cheap); done() re-checks in case it was replaced.
      const root = document.querySelector(`.st-key-${key}`) || document.body;
      observer.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
    },
    done() {
      const state = this.state;
      if (state && state.changed === null && state.start !== null) {
        const now = signature(this.key);
        if (now !== null && now !== state.base) state.changed = performance.now();
      }
      return !!state && state.changed !== null;
    },
    timings() {
      const s = this.state;
      const part = (a, b) => (a !== null && b !== null ? b - a : null);
      return { total: s.changed - s.start, to_send: part(s.start, s.sent), server: part(s.sent, s.received), render: part(s.received, s.changed) };
    },
  };
})();
"""


@dataclass
class Target:
    """What a session does: the page (URL path, "" = Overview), the widget it moves and the chart it watches.

    `widget` and `chart` are Streamlit keys (each keyed element carries the CSS class st-key-<key>).
    """

    page: str
    widget: str
    chart: str
    lang: str = "ru"


def default_target() -> Target:
    """The Scenarios page's explorer (its custom-growth slider redraws the chart in place), else the Trade page's events toggle."""
    scenarios_page = ROOT / "app_pages" / "scenarios.py"
    if scenarios_page.exists() and "scenario_chart" in scenarios_page.read_text(encoding="utf-8"):
        return Target(page="scenarios", widget="scenario_chart", chart="scenario_chart")  # the explorer: its slider
    return Target(page="trade", widget="events", chart="trade_chart")


@dataclass
class SessionStats:
    index: int
    tag: str = ""  # names the session in the X-Bench-Session request header
    latencies_ms: list[float] = field(default_factory=list)
    parts: list[dict] = field(default_factory=list)  # move_once()'s split of each latency
    exports_s: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    load_s: float | None = None
    sockets_opened: int = 0
    sockets_closed_early: int = 0
    upstreams: set[str] = field(default_factory=set)  # X-Upstream response headers (behind deploy/nginx.conf)
    finished: bool = False
    # time.monotonic() of each successful move, error and websocket opening (deploy/run_replicas.py reads them)
    move_times: list[float] = field(default_factory=list)
    error_times: list[float] = field(default_factory=list)
    socket_times: list[float] = field(default_factory=list)
    page: object = field(default=None, repr=False)

    def error(self, text: str) -> None:
        self.errors.append(text)
        self.error_times.append(time.monotonic())


class Budget:
    """Shared bounds of the moving part: a time limit and a total number of moves.

    `over` is set when either runs out, so that sleeping sessions stop at once (and exporting
    sessions then export together)."""

    def __init__(self, duration: float, max_moves: int):
        self.end = time.monotonic() + duration
        self.moves_left = max_moves
        self.over = asyncio.Event()
        asyncio.get_running_loop().call_later(max(duration, 0), self.over.set)

    def take(self) -> bool:
        if time.monotonic() >= self.end or self.moves_left <= 0:
            self.over.set()
            return False
        self.moves_left -= 1
        return True

    async def pause(self, seconds: float) -> None:
        """Think for `seconds`, or less if the budget runs out meanwhile."""
        try:
            await asyncio.wait_for(self.over.wait(), timeout=seconds)
        except TimeoutError:
            pass


async def open_session(
    browser, base_url: str, target: Target, stats: SessionStats, timeout_ms: float = 60_000, via_overview: bool = True
):
    """A new context; at the Overview then in-app navigation to the target page, or straight to it (a shared link).

    Returns (context, page)."""
    # The header names the session in the proxy's access log (deploy/nginx.conf logs it).
    context = await browser.new_context(
        viewport={"width": 1400, "height": 1000},
        accept_downloads=True,
        extra_http_headers={"X-Bench-Session": stats.tag or str(stats.index)},
    )
    await context.add_init_script(PROBE_JS)
    page = await context.new_page()
    stats.page = page
    origin = base_url.rstrip("/")

    def on_response(response) -> None:
        if response.url.startswith(origin):
            upstream = response.headers.get("x-upstream")
            if upstream:
                stats.upstreams.add(upstream)
            path = response.url[len(origin) :]
            if response.status >= 400 and not (response.status == 404 and BASE_PATH_PROBE.match(path)):
                stats.error(f"HTTP {response.status} {path}")

    def on_websocket(socket) -> None:
        stats.sockets_opened += 1
        stats.socket_times.append(time.monotonic())

        def closed(_socket) -> None:
            if not stats.finished:
                stats.sockets_closed_early += 1

        socket.on("close", closed)

    page.on("pageerror", lambda error: stats.error(f"page error: {error}"))
    page.on("console", lambda message: stats.console_errors.append(message.text) if message.type == "error" else None)
    page.on("response", on_response)
    page.on("websocket", on_websocket)

    started = time.perf_counter()
    if via_overview or not target.page:
        await page.goto(f"{origin}/?lang={target.lang}", timeout=timeout_ms)
        await page.wait_for_selector(".js-plotly-plot .main-svg g.trace", state="attached", timeout=timeout_ms)
        if target.page:
            link = page.locator(f'[data-testid="stSidebarNav"] a[href$="/{target.page}"]')
            await link.first.click(timeout=timeout_ms)
            await page.wait_for_url(f"**/{target.page}**", timeout=timeout_ms)
    else:  # a shared link straight to the page
        await page.goto(f"{origin}/{target.page}?lang={target.lang}", timeout=timeout_ms)
    await page.wait_for_selector(
        f".st-key-{target.chart} .js-plotly-plot .main-svg g.trace", state="attached", timeout=timeout_ms
    )
    await page.wait_for_selector(f".st-key-{target.widget}", timeout=timeout_ms)
    await settle(page, timeout_ms)
    stats.load_s = time.perf_counter() - started
    # The running-status widget shows only after a moment: wait and check again before the first move.
    await page.wait_for_timeout(1000)
    await settle(page, timeout_ms)
    await check_exceptions(page, stats)
    return context, page


async def settle(page, timeout_ms: float) -> None:
    """Until the script run is over (no running-status widget)."""
    await page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout_ms)


async def check_exceptions(page, stats: SessionStats) -> None:
    boxes = page.locator('[data-testid="stException"]')
    if await boxes.count():
        stats.error("exception box: " + " ⏎ ".join((await boxes.first.inner_text()).splitlines()[:3])[:300])


async def move_once(page, target: Target, direction: int, timeout_ms: float = 20_000) -> dict:
    """One step of the widget; in-page milliseconds until the chart changed (`total`) and its parts:
    key → message sent (`to_send`), sent → last message before the change (`server`), → change (`render`)."""
    await page.evaluate("(key) => window.__bench.arm(key)", target.chart)
    widget = page.locator(f".st-key-{target.widget}")
    slider = widget.locator('input[type="range"], [role="slider"]')
    if await slider.count():
        await slider.first.focus()
        await page.keyboard.press("ArrowRight" if direction > 0 else "ArrowLeft")
    else:  # a toggle or checkbox
        box = widget.locator("input").first
        await box.focus()
        await page.keyboard.press("Space")
    try:
        await page.wait_for_function("() => window.__bench.done()", timeout=timeout_ms, polling=25)
    except Exception:
        state = await page.evaluate(
            "(w) => ({value: document.querySelector(`.st-key-${w} input`)?.value, start: window.__bench.state.start,"
            " running: !!document.querySelector('[data-testid=stStatusWidget]'), changed: window.__bench.state.changed,"
            " same: window.__bench.signature(window.__bench.key) === window.__bench.state.base})",
            target.widget,
        )
        if DEBUG_SHOTS:
            await page.screenshot(path=f"/tmp/load-timeout-{time.time():.0f}.png", full_page=True)
        raise TimeoutError(f"chart did not change in {timeout_ms / 1000:.0f} s after the move ({state})") from None
    return await page.evaluate("() => window.__bench.timings()")


async def export_once(page, target: Target, fmt: str = "png", timeout_ms: float = 60_000) -> float:
    """Open the chart's export menu, download one file, check it; seconds from the click to the file."""
    await page.locator(f".st-key-{target.chart}-export button").first.click(timeout=timeout_ms)
    button = page.locator(f".st-key-{target.chart}-export-{fmt} button").first
    await button.wait_for(timeout=timeout_ms)
    started = time.perf_counter()
    async with page.expect_download(timeout=timeout_ms) as info:
        await button.click(timeout=timeout_ms)
    download = await info.value
    path = await download.path()
    elapsed = time.perf_counter() - started
    head = Path(path).read_bytes()[:8] if path else b""
    await page.keyboard.press("Escape")  # close the menu
    if fmt == "png" and head != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"the exported file is not a PNG (starts {head!r})")
    return elapsed


async def run_session(
    browser,
    base_url: str,
    target: Target,
    stats: SessionStats,
    go: asyncio.Event,
    budget_of,
    think,
    delay: float,
    export: bool = False,
):
    """One visitor: open the page, wait until every session is open, then move until the budget is spent.

    With `export`, the visitor first downloads the chart as PNG (all such visitors at the same moment)."""
    await asyncio.sleep(delay)
    context = None
    try:
        # Every other visitor comes through the Overview, the rest follow a link straight to the page.
        context, page = await open_session(browser, base_url, target, stats, via_overview=stats.index % 2 == 0)
        await go.wait()
        budget = budget_of()
        direction = 1
        await budget.pause(random.uniform(0, think[1]))  # sessions out of step, as people are
        while budget.take():
            try:
                timing = await move_once(page, target, direction)
                stats.latencies_ms.append(timing["total"])
                stats.parts.append(timing)
                stats.move_times.append(time.monotonic())
            except Exception as error:  # a timeout (e.g. while reconnecting): count it and go on
                stats.error(f"move: {type(error).__name__}: {str(error).splitlines()[0][:200]}")
            try:
                await settle(page, 30_000)
            except Exception as error:
                stats.error(f"still running after 30 s: {type(error).__name__}")
            await check_exceptions(page, stats)
            direction = -direction
            await budget.pause(random.uniform(*think))
        if export:  # after the moves, all exporting sessions at the same moment: kaleido under concurrency
            try:
                stats.exports_s.append(await export_once(page, target))
            except Exception as error:
                stats.error(f"export: {type(error).__name__}: {str(error).splitlines()[0][:200]}")
    except Exception as error:
        waited = [line.strip() for line in str(error).splitlines() if "waiting for" in line]
        stats.error(f"session: {type(error).__name__}: {str(error).splitlines()[0][:200]} {waited[:1]}")
    finally:
        stats.finished = True
        if context is not None:
            await context.close()


@dataclass
class Phase:
    """One run of N sessions: opening (staggered over the ramp), then moving together for the duration."""

    sessions: list[SessionStats]
    rss_before_mb: float
    rss_loaded_mb: float
    rss_peak_mb: float
    wall_s: float
    moving_s: float = 0.0
    server_cpu_open_s: float = 0.0  # CPU seconds of the server(s) while the sessions opened
    client_cpu_open_s: float = 0.0  # … and of this process with its browser
    server_cpu_moving_s: float = 0.0
    client_cpu_moving_s: float = 0.0
    machine_busy: float = float("nan")  # share of all cores busy while moving, every process on the machine
    children_cpu_moving_s: float = 0.0  # the server's children: kaleido's Chromium once something was exported
    children_pss_peak_mb: float = 0.0
    window: tuple[float, float] = (0.0, 0.0)  # unix times of the moving part (for the server's run log)
    server_runs_ms: list[float] = field(default_factory=list)  # script runs the server timed in the window
    gc_pauses_ms: list[float] = field(default_factory=list)  # the server's full garbage collections in the window
    server_chart_ms: list[float] = field(default_factory=list)  # server: rerun request read → its chart sent
    export_window_s: float = 0.0  # after the moves: the export burst, and the sessions closing
    server_cpu_export_s: float = 0.0
    children_cpu_export_s: float = 0.0

    @property
    def latencies(self) -> list[float]:
        return [value for s in self.sessions for value in s.latencies_ms]

    @property
    def errors(self) -> list[str]:
        return [f"session {s.index}: {e}" for s in self.sessions for e in s.errors] + [
            f"session {s.index}: websocket closed early" for s in self.sessions for _ in range(s.sockets_closed_early)
        ]

    def memory_per_session_mb(self) -> float:
        return (self.rss_loaded_mb - self.rss_before_mb) / max(len(self.sessions), 1)

    def cpu_per_move_ms(self) -> tuple[float, float]:
        moves = max(len(self.latencies), 1)
        return self.server_cpu_moving_s / moves * 1000, self.client_cpu_moving_s / moves * 1000

    def cpu_per_open_s(self) -> tuple[float, float]:
        opened = max(sum(s.load_s is not None for s in self.sessions), 1)
        return self.server_cpu_open_s / opened, self.client_cpu_open_s / opened

    @property
    def exports(self) -> list[float]:
        return [value for s in self.sessions for value in s.exports_s]

    def part(self, name: str, q: float) -> float:
        return percentile([p[name] for p in self.parts if p.get(name) is not None], q)

    @property
    def parts(self) -> list[dict]:
        return [p for s in self.sessions for p in s.parts]

    def describe(self, label: str) -> str:
        lat = self.latencies
        loads = [s.load_s for s in self.sessions if s.load_s is not None]
        rate = len(lat) / self.moving_s if self.moving_s else float("nan")
        cores = os.cpu_count() or 1
        ours = (self.server_cpu_moving_s + self.client_cpu_moving_s) / (self.moving_s * cores) if self.moving_s else float("nan")
        server_move, client_move = self.cpu_per_move_ms()
        server_open, client_open = self.cpu_per_open_s()
        return (
            f"{label}:\n"
            f"  opened {len(loads)}/{len(self.sessions)} (median {statistics.median(loads) if loads else float('nan'):.1f} s; "
            f"CPU per open: server {server_open:.2f} s, browser {client_open:.2f} s)\n"
            f"  {len(lat)} moves in {self.moving_s:.0f} s ({rate:.1f}/s); CPU per move: server {server_move:.0f} ms, "
            f"browser {client_move:.0f} ms; CPU busy: this run {ours:.0%}, whole machine {self.machine_busy:.0%}\n"
            f"  slider→chart p50 {percentile(lat, 50):.0f} ms, p95 {percentile(lat, 95):.0f} ms, max {max(lat, default=float('nan')):.0f} ms"
            f" = key→sent p50 {self.part('to_send', 50):.0f}/p95 {self.part('to_send', 95):.0f}"
            f" + server p50 {self.part('server', 50):.0f}/p95 {self.part('server', 95):.0f}"
            f" + render p50 {self.part('render', 50):.0f}/p95 {self.part('render', 95):.0f} ms\n"
            + (
                f"  the server's own script runs meanwhile: {len(self.server_runs_ms)}, "
                f"p50 {percentile(self.server_runs_ms, 50):.0f} ms, p95 {percentile(self.server_runs_ms, 95):.0f} ms; "
                f"full GCs {len(self.gc_pauses_ms)}, longest {max(self.gc_pauses_ms, default=0):.0f} ms\n"
                f"  the server's answer to a move (request read → chart sent, no browser in it): "
                f"p50 {percentile(self.server_chart_ms, 50):.0f} ms, p95 {percentile(self.server_chart_ms, 95):.0f} ms "
                f"over {len(self.server_chart_ms)} moves\n"
                if self.server_runs_ms
                else ""
            )
            + (
                f"  then {len(self.exports)} PNG exports at once (kaleido): p50 {percentile(self.exports, 50):.2f} s, "
                f"max {max(self.exports):.2f} s; CPU: server {self.server_cpu_export_s:.1f} s, kaleido {self.children_cpu_export_s:.1f} s\n"
                if self.exports
                else ""
            )
            + f"  errors {len(self.errors)}; streamlit RSS {self.rss_before_mb:.0f} → {self.rss_loaded_mb:.0f} MB with all open "
            f"(peak {self.rss_peak_mb:.0f}), {self.memory_per_session_mb():.1f} MB per session"
            + (
                f"; kaleido's Chromium (its child): peak {self.children_pss_peak_mb:.0f} MB PSS"
                if self.children_pss_peak_mb
                else ""
            )
        )


async def run_phase(
    browser,
    base_url: str,
    target: Target,
    sessions: int,
    duration: float,
    think: tuple[float, float],
    ramp: float,
    max_moves: int,
    server_pids: list[int],
    hard_timeout: float,
    during=None,
    label: str = "s",
    exports: int = 0,
    run_log: str | None = None,
) -> Phase:
    """N sessions: they open over `ramp` seconds; once all are open they move together for `duration`.

    `during(stats_list)` is an optional coroutine run alongside (e.g. killing a replica).
    """
    stats = [SessionStats(index, tag=f"{label}{index}") for index in range(sessions)]
    # Memory per session is the streamlit process's own RSS; its children (kaleido's Chromium, started
    # by the first export) are reported apart, as PSS so that their shared pages count once.
    rss = lambda: sum(rss_mb(pid) for pid in server_pids)  # noqa: E731
    children_pss = lambda: sum(pss_mb(p) for pid in server_pids for p in tree_pids(pid)[1:])  # noqa: E731

    last_seen: dict[int, float] = {}  # a server that dies (deploy/run_replicas.py kills one) keeps its last count

    def cpu() -> tuple[float, float, float]:
        """CPU seconds so far: the streamlit process(es), this process with its browser, the servers' children."""
        server_tree = {p for pid in server_pids for p in tree_pids(pid)}
        for pid in server_pids:
            last_seen[pid] = max(last_seen.get(pid, 0.0), process_cpu_seconds(pid))
        server = sum(last_seen.values())
        children = sum(process_cpu_seconds(p) for p in server_tree if p not in server_pids)
        return server, cpu_seconds(os.getpid(), exclude=server_tree), children

    before = rss()
    peak, loaded_rss, children_peak = before, before, 0.0
    go = asyncio.Event()
    budget: Budget | None = None
    marks: dict[str, tuple[float, ...]] = {"start": (time.monotonic(), *cpu())}
    machine: dict[str, tuple[float, float]] = {}
    wall: dict[str, float] = {}

    def budget_of() -> Budget:
        nonlocal budget
        if budget is None:
            budget = Budget(duration, max_moves)
        return budget

    async def sample() -> None:
        nonlocal peak, loaded_rss, children_peak
        while True:
            current = rss()
            peak = max(peak, current)
            children_peak = max(children_peak, children_pss())
            if not go.is_set() and all(s.load_s is not None or s.finished for s in stats):
                loaded_rss = current
                marks["go"] = (time.monotonic(), *cpu())
                machine["go"] = machine_cpu()
                wall["go"] = time.time()
                go.set()
            if budget is not None and budget.over.is_set() and "stop" not in marks:
                marks["stop"] = (time.monotonic(), *cpu())
                machine["stop"] = machine_cpu()
                wall["stop"] = time.time()
            await asyncio.sleep(0.25)

    started = time.perf_counter()
    sampler = asyncio.create_task(sample())
    tasks = [
        asyncio.create_task(
            run_session(browser, base_url, target, s, go, budget_of, think, ramp * i / max(sessions, 1), export=i < exports)
        )
        for i, s in enumerate(stats)
    ]
    extra = [asyncio.create_task(during(stats))] if during else []
    done, pending = await asyncio.wait(tasks + extra, timeout=hard_timeout)
    marks["end"] = (time.monotonic(), *cpu())
    machine["end"] = machine_cpu()
    for task in pending:
        task.cancel()
    if pending:
        await asyncio.wait(pending, timeout=30)  # let cancelled sessions close their contexts
    for s in stats:
        if not s.finished:
            s.error("hard deadline reached")
    sampler.cancel()
    if "go" not in marks:
        loaded_rss = rss()
        marks["go"] = marks["end"]
        machine["go"] = machine["end"]
    marks.setdefault("stop", marks["end"])
    machine.setdefault("stop", machine["end"])
    (_t0, server0, client0, _), (t1, server1, client1, children1), (t2, server2, client2, children2) = (
        marks["start"],
        marks["go"],
        marks["stop"],
    )
    t3, server3, _client3, children3 = marks["end"]
    return Phase(
        stats,
        before,
        loaded_rss,
        peak,
        time.perf_counter() - started,
        moving_s=t2 - t1,
        server_cpu_open_s=server1 - server0,
        client_cpu_open_s=client1 - client0,
        server_cpu_moving_s=server2 - server1,
        client_cpu_moving_s=client2 - client1,
        children_cpu_moving_s=children2 - children1,
        children_pss_peak_mb=children_peak,
        machine_busy=(machine["stop"][0] - machine["go"][0]) / max(machine["stop"][1] - machine["go"][1], 1e-9),
        window=(wall.get("go", 0.0), wall.get("stop", time.time())),
        server_runs_ms=read_runs(run_log, wall.get("go", 0.0), wall.get("stop", time.time())) if run_log else [],
        gc_pauses_ms=read_gc_pauses(run_log, wall.get("go", 0.0), wall.get("stop", time.time())) if run_log else [],
        server_chart_ms=read_chart_times(run_log, wall.get("go", 0.0), wall.get("stop", time.time())) if run_log else [],
        export_window_s=t3 - t2,
        server_cpu_export_s=server3 - server2,
        children_cpu_export_s=children3 - children2,
    )


async def measure(args, base_url: str, server_pids: list[int], target: Target, run_log: str | None = None) -> tuple[Phase, Phase]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium_or_exit(), args=CHROMIUM_ARGS, headless=True)
        try:
            # Warm-up: the first session pays for imports and caches, the first export starts kaleido's
            # browser; neither phase should.
            await run_phase(browser, base_url, target, 1, 0, (0, 0), 0, 2, server_pids, 120, exports=1)
            single = await run_phase(
                browser,
                base_url,
                target,
                1,
                args.single_duration,
                (0.3, 0.6),
                0,
                args.single_moves,
                server_pids,
                args.single_duration + 120,
                run_log=run_log,
            )
            print(single.describe("single session"), flush=True)
            many = await run_phase(
                browser,
                base_url,
                target,
                args.sessions,
                args.duration,
                (args.think_min, args.think_max),
                args.ramp,
                args.max_moves,
                server_pids,
                args.ramp + args.duration + 240,
                exports=args.exports,
                run_log=run_log,
            )
            print(many.describe(f"{args.sessions} sessions"), flush=True)
        finally:
            await browser.close()
    return single, many


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="3 sessions, a few moves: the CI smoke run")
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60, help="seconds of moving after the ramp")
    parser.add_argument("--ramp", type=float, help="seconds over which the sessions open (default: 3 s per session)")
    parser.add_argument("--think-min", type=float, default=10.0, help="seconds between a session's moves (min)")
    parser.add_argument("--think-max", type=float, default=30.0, help="seconds between a session's moves (max)")
    parser.add_argument("--max-moves", type=int, default=2000, help="moves in all sessions together, at most")
    parser.add_argument("--single-moves", type=int, default=30, help="moves of the single-session floor")
    parser.add_argument("--single-duration", type=float, default=60)
    parser.add_argument("--page", help="URL path of the page under test (default: scenarios if it exists, else trade)")
    parser.add_argument("--widget", help="key of the slider (or toggle) to move")
    parser.add_argument("--chart", help="key of the chart that must change")
    parser.add_argument(
        "--exports", type=int, default=10, help="sessions that download the chart as PNG, all at once, when moving starts"
    )
    parser.add_argument("--lang", default="ru")
    parser.add_argument("--url", help="an already running app (loopback only); default: start one")
    parser.add_argument("--server-pid", type=int, action="append", default=[], help="pid(s) whose RSS is measured with --url")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--app-dir", help="run the app from this folder instead (to compare a changed copy, same run of the bench)"
    )
    parser.add_argument("--nice", type=int, default=10, help="CPU niceness of the browsers with --no-sched-idle")
    parser.add_argument(
        "--no-sched-idle", action="store_true", help="browsers at --nice instead of SCHED_IDLE (see yield_to_server)"
    )
    args = parser.parse_args(argv)
    if args.ramp is None:
        args.ramp = 3.0 * args.sessions
    if args.quick:
        args.sessions, args.duration, args.ramp, args.max_moves, args.exports = 3, 4, 2, 9, 2
        args.single_moves, args.single_duration, args.think_min, args.think_max = 4, 20, 0.3, 0.8
    return args


def target_from(args) -> Target:
    target = default_target()
    if args.page is not None:
        target.page = args.page
    target.widget = args.widget or target.widget
    target.chart = args.chart or target.chart
    target.lang = args.lang
    return target


def report(single: Phase, many: Phase, target: Target, sessions: int) -> dict:
    p95_single, p95_many = percentile(single.latencies, 95), percentile(many.latencies, 95)
    errors = single.errors + many.errors
    for line in errors[:20]:
        print("  error:", line)
    consoles = sorted({text[:160] for s in single.sessions + many.sessions for text in s.console_errors})
    for text in consoles[:10]:
        print("  console error (not counted):", text)
    ratio = p95_many / p95_single if p95_single == p95_single and p95_single > 0 else float("nan")
    answer_single, answer_many = percentile(single.server_chart_ms, 95), percentile(many.server_chart_ms, 95)
    if answer_single == answer_single and answer_single > 0:
        print(
            f"server's answer to a move (request read → chart sent), p95: {answer_many:.0f} ms with {sessions} sessions vs "
            f"{answer_single:.0f} ms alone = {answer_many / answer_single:.2f}× — the part of slider→chart that is the "
            "server's; the rest is the browsers, which share this machine's cores with it",
            flush=True,
        )
    result = emit_result(
        "load",
        ratio,
        GOAL,
        f"{sessions} sessions on /{target.page} moving '{target.widget}': slider→chart p95 {p95_many:.0f} ms vs "
        f"{p95_single:.0f} ms alone, {len(errors)} errors, {many.memory_per_session_mb():.1f} MB per session"
        + (
            f"; the server's own answer p95 {answer_many:.0f} vs {answer_single:.0f} ms ({answer_many / answer_single:.2f}×)"
            if answer_single == answer_single and answer_single > 0
            else ""
        ),
        sessions=sessions,
        page=target.page,
        widget=target.widget,
        chart=target.chart,
        p50_ms=round(percentile(many.latencies, 50), 1),
        p95_ms=round(p95_many, 1),
        single_p50_ms=round(percentile(single.latencies, 50), 1),
        single_p95_ms=round(p95_single, 1),
        moves=len(many.latencies),
        errors=len(errors),
        mb_per_session=round(many.memory_per_session_mb(), 2),
        exports=len(many.exports),
        export_p50_s=round(percentile(many.exports, 50), 3),
        export_max_s=round(max(many.exports, default=float("nan")), 3),
        server_cpu_per_move_ms=round(many.cpu_per_move_ms()[0], 1),
        browser_cpu_per_move_ms=round(many.cpu_per_move_ms()[1], 1),
        server_run_p50_ms=round(percentile(many.server_runs_ms, 50), 1),
        server_run_p95_ms=round(percentile(many.server_runs_ms, 95), 1),
        single_server_run_p95_ms=round(percentile(single.server_runs_ms, 95), 1),
        server_chart_p50_ms=round(percentile(many.server_chart_ms, 50), 1),
        server_chart_p95_ms=round(percentile(many.server_chart_ms, 95), 1),
        single_server_chart_p95_ms=round(percentile(single.server_chart_ms, 95), 1),
        machine_busy=round(many.machine_busy, 2),
        moves_per_s=round(len(many.latencies) / many.moving_s, 2) if many.moving_s else None,
        rss_before_mb=round(many.rss_before_mb, 1),
        rss_loaded_mb=round(many.rss_loaded_mb, 1),
        rss_peak_mb=round(many.rss_peak_mb, 1),
    )
    result["pass"] = result["pass"] and not errors
    return result


def yield_to_server(niceness: int, idle: bool = True) -> None:
    """Lower the CPU priority of this process and of what it starts from now on (Playwright, Chromium).

    The browsers stand in for the readers' own computers; on one machine they must not take the CPU
    from the server they are measuring. The server, started before, keeps its priority.

    Niceness alone does not do that with many sessions: Linux shares the CPU by weight per thread, and
    50 busy renderer processes at nice 10 (weight 110 each) outweigh one server thread at nice 0 (1024)
    five to one. SCHED_IDLE is not enough either when Chromium runs as root (as in CI): it puts its
    display threads back to the normal policy, some at nice -8, above the server. So, where the machine
    allows it (root, cgroup v1 `cpu` or v2 with the cpu controller), this process moves into its own
    cgroup with the smallest CPU weight, which no thread of its children can leave; otherwise SCHED_IDLE,
    otherwise `niceness`. The single-session floor runs under the same rule, so the ratio compares like
    with like.
    """
    how = _into_low_weight_cgroup() if idle else None
    if how is None and idle and hasattr(os, "sched_setscheduler"):
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
        how = "SCHED_IDLE"
    if how is None and niceness > 0:
        os.nice(niceness)
        how = f"nice {os.nice(0)}"
    print(
        f"load generator (this process, Playwright, Chromium) at {how or 'the same priority'}; the server at its own", flush=True
    )


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
    """At exit: back to the root group, and remove ours (its other members, the browsers, are gone by then)."""
    try:
        (root / "cgroup.procs").write_text(str(os.getpid()))
        group.rmdir()
    except OSError:
        pass


def main(argv=None) -> int:
    args = parse_args(argv)
    random.seed(args.seed)
    target = target_from(args)
    print(f"target: /{target.page} (lang={target.lang}), move '{target.widget}', watch chart '{target.chart}'", flush=True)
    server, run_log = None, None
    if args.url:
        assert_loopback(args.url)
        base_url, pids = args.url, args.server_pid
    else:
        # Our own server logs the wall time of each script run: the server's share of a move.
        run_log = tempfile.mktemp(prefix="bench-runs-", suffix=".log")
        os.environ["BENCH_RUN_LOG"] = run_log
        server = Streamlit(
            "app.py",
            launcher=(str(Path(__file__).with_name("_timed_streamlit.py")),),
            cwd=Path(args.app_dir) if args.app_dir else ROOT,
        )
        server.wait_healthy()
        base_url, pids = server.url, [server.pid]
    yield_to_server(args.nice, idle=not args.no_sched_idle)
    try:
        single, many = asyncio.run(measure(args, base_url, pids, target, run_log))
    finally:
        if server is not None:
            server.close()
        if run_log and os.path.exists(run_log):
            if os.environ.get("BENCH_KEEP_RUN_LOG"):
                print(f"server run log kept: {run_log}", flush=True)
            else:
                os.remove(run_log)
    result = report(single, many, target, args.sessions)
    return 0 if result["errors"] == 0 else 1  # a missed timing goal is reported, not an exit code


if __name__ == "__main__":
    raise SystemExit(main())

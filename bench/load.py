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
import random
import statistics
import time
from dataclasses import dataclass, field

from _harness import CHROMIUM_ARGS, ROOT, Streamlit, assert_loopback, chromium_or_exit, emit_result, percentile, tree_rss_mb

GOAL = 2.0
DEBUG_SHOTS = False

# Installed in every page before its scripts run: times a move from the first keydown/pointerdown
# to the first change of the watched chart's SVG (paths of its traces, its texts).
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
  window.__bench = {
    signature,
    arm(key) {
      this.key = key;
      const state = { base: signature(key), start: null, changed: null };
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
      observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    },
    done() { return this.state && this.state.changed !== null; },
    latency() { return this.state.changed - this.state.start; },
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
    """The Scenarios page's custom-growth slider once the page exists, else the Trade page's events toggle."""
    scenarios_page = ROOT / "app_pages" / "scenarios.py"
    if scenarios_page.exists() and "scenario_chart" in scenarios_page.read_text(encoding="utf-8"):
        return Target(page="scenarios", widget="growth3", chart="scenario_chart")
    return Target(page="trade", widget="events", chart="trade_chart")


@dataclass
class SessionStats:
    index: int
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    load_s: float | None = None
    sockets_opened: int = 0
    sockets_closed_early: int = 0
    upstreams: set[str] = field(default_factory=set)  # X-Upstream response headers (behind deploy/nginx.conf)
    finished: bool = False


class Budget:
    """Shared bounds of a run: a time limit and a total number of moves."""

    def __init__(self, duration: float, max_moves: int):
        self.end = time.monotonic() + duration
        self.moves_left = max_moves

    def take(self) -> bool:
        if time.monotonic() >= self.end or self.moves_left <= 0:
            return False
        self.moves_left -= 1
        return True


async def open_session(browser, base_url: str, target: Target, stats: SessionStats, timeout_ms: float = 60_000):
    """A new context at the Overview, then in-app navigation to the target page; returns (context, page)."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    await context.add_init_script(PROBE_JS)
    page = await context.new_page()
    origin = base_url.rstrip("/")

    def on_response(response) -> None:
        if response.url.startswith(origin):
            upstream = response.headers.get("x-upstream")
            if upstream:
                stats.upstreams.add(upstream)
            if response.status >= 400:
                stats.errors.append(f"HTTP {response.status} {response.url[len(origin) :]}")

    def on_websocket(socket) -> None:
        stats.sockets_opened += 1

        def closed(_socket) -> None:
            if not stats.finished:
                stats.sockets_closed_early += 1

        socket.on("close", closed)

    page.on("pageerror", lambda error: stats.errors.append(f"page error: {error}"))
    page.on("console", lambda message: stats.console_errors.append(message.text) if message.type == "error" else None)
    page.on("response", on_response)
    page.on("websocket", on_websocket)

    started = time.perf_counter()
    await page.goto(f"{origin}/?lang={target.lang}", timeout=timeout_ms)
    await page.wait_for_selector(".js-plotly-plot .main-svg g.trace", state="attached", timeout=timeout_ms)
    if target.page:
        link = page.locator(f'[data-testid="stSidebarNav"] a[href$="/{target.page}"]')
        await link.first.click(timeout=timeout_ms)
        await page.wait_for_url(f"**/{target.page}**", timeout=timeout_ms)
    await page.wait_for_selector(
        f".st-key-{target.chart} .js-plotly-plot .main-svg g.trace", state="attached", timeout=timeout_ms
    )
    await page.wait_for_selector(f".st-key-{target.widget}", timeout=timeout_ms)
    await settle(page, timeout_ms)
    stats.load_s = time.perf_counter() - started
    await check_exceptions(page, stats)
    return context, page


async def settle(page, timeout_ms: float) -> None:
    """Until the script run is over (no running-status widget)."""
    await page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout_ms)


async def check_exceptions(page, stats: SessionStats) -> None:
    boxes = page.locator('[data-testid="stException"]')
    if await boxes.count():
        stats.errors.append("exception box: " + (await boxes.first.inner_text())[:300])


async def move_once(page, target: Target, direction: int, timeout_ms: float = 20_000) -> float:
    """One step of the widget; the in-page milliseconds until the chart changed."""
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
    return await page.evaluate("() => window.__bench.latency()")


async def run_session(
    browser, base_url: str, target: Target, stats: SessionStats, budget_of, think: tuple[float, float], delay: float
):
    """One visitor: open, then move until the shared budget is spent."""
    await asyncio.sleep(delay)
    context = None
    try:
        context, page = await open_session(browser, base_url, target, stats)
        budget = budget_of()
        direction = 1
        while True:
            await asyncio.sleep(random.uniform(*think))
            if not budget.take():
                break
            try:
                stats.latencies_ms.append(await move_once(page, target, direction))
            except Exception as error:  # a timeout or a closed page: count it, reload the view, go on
                stats.errors.append(f"move: {type(error).__name__}: {str(error).splitlines()[0][:200]}")
                await settle(page, 30_000)
            await settle(page, 30_000)
            await check_exceptions(page, stats)
            direction = -direction
    except Exception as error:
        waited = [line.strip() for line in str(error).splitlines() if "waiting for" in line]
        stats.errors.append(f"session: {type(error).__name__}: {str(error).splitlines()[0][:200]} {waited[:1]}")
    finally:
        stats.finished = True
        if context is not None:
            await context.close()


@dataclass
class Phase:
    sessions: list[SessionStats]
    rss_before_mb: float
    rss_loaded_mb: float
    rss_peak_mb: float
    wall_s: float

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

    def describe(self, label: str) -> str:
        lat = self.latencies
        loads = [s.load_s for s in self.sessions if s.load_s is not None]
        return (
            f"{label}: {len(self.sessions)} session(s), {len(lat)} moves in {self.wall_s:.0f} s; "
            f"slider→chart p50 {percentile(lat, 50):.0f} ms, p95 {percentile(lat, 95):.0f} ms, max {max(lat, default=float('nan')):.0f} ms; "
            f"page open median {statistics.median(loads) if loads else float('nan'):.1f} s; errors {len(self.errors)}; "
            f"server RSS {self.rss_before_mb:.0f} → {self.rss_loaded_mb:.0f} MB (peak {self.rss_peak_mb:.0f}), "
            f"{self.memory_per_session_mb():.1f} MB per session"
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
) -> Phase:
    """N sessions at once; `during(stats_list)` is an optional coroutine run alongside (e.g. killing a replica)."""
    stats = [SessionStats(index) for index in range(sessions)]
    rss = lambda: sum(tree_rss_mb(pid) for pid in server_pids)  # noqa: E731
    before = rss()
    peak = before
    budget: Budget | None = None
    all_loaded = asyncio.Event()
    loaded_rss = before

    def budget_of() -> Budget:
        # The clock of the measured part starts when the first session is ready.
        nonlocal budget
        if budget is None:
            budget = Budget(duration + ramp, max_moves)
        return budget

    async def sample() -> None:
        nonlocal peak, loaded_rss
        while True:
            current = rss()
            peak = max(peak, current)
            if not all_loaded.is_set() and all(s.load_s is not None or s.finished for s in stats):
                all_loaded.set()
                loaded_rss = current
            await asyncio.sleep(0.5)

    started = time.perf_counter()
    sampler = asyncio.create_task(sample())
    tasks = [
        asyncio.create_task(run_session(browser, base_url, target, s, budget_of, think, ramp * i / max(sessions, 1)))
        for i, s in enumerate(stats)
    ]
    extra = [asyncio.create_task(during(stats))] if during else []
    done, pending = await asyncio.wait(tasks + extra, timeout=hard_timeout)
    for task in pending:
        task.cancel()
    for s in stats:
        if not s.finished:
            s.errors.append("hard deadline reached")
    sampler.cancel()
    if not all_loaded.is_set():
        loaded_rss = rss()
    return Phase(stats, before, loaded_rss, peak, time.perf_counter() - started)


async def measure(args, base_url: str, server_pids: list[int], target: Target) -> tuple[Phase, Phase]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium_or_exit(), args=CHROMIUM_ARGS, headless=True)
        try:
            # Warm-up: the first session pays for imports and caches; neither phase should.
            await run_phase(browser, base_url, target, 1, 0, (0, 0), 0, 2, server_pids, 120)
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
                args.duration + args.ramp + 180,
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
    parser.add_argument("--ramp", type=float, default=20, help="seconds over which the sessions start")
    parser.add_argument("--think-min", type=float, default=2.0, help="seconds between a session's moves (min)")
    parser.add_argument("--think-max", type=float, default=6.0, help="seconds between a session's moves (max)")
    parser.add_argument("--max-moves", type=int, default=2000, help="moves in all sessions together, at most")
    parser.add_argument("--single-moves", type=int, default=30, help="moves of the single-session floor")
    parser.add_argument("--single-duration", type=float, default=60)
    parser.add_argument("--page", help="URL path of the page under test (default: scenarios if it exists, else trade)")
    parser.add_argument("--widget", help="key of the slider (or toggle) to move")
    parser.add_argument("--chart", help="key of the chart that must change")
    parser.add_argument("--lang", default="ru")
    parser.add_argument("--url", help="an already running app (loopback only); default: start one")
    parser.add_argument("--server-pid", type=int, action="append", default=[], help="pid(s) whose RSS is measured with --url")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.quick:
        args.sessions, args.duration, args.ramp, args.max_moves = 3, 4, 2, 9
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
    result = emit_result(
        "load",
        ratio,
        GOAL,
        f"{sessions} sessions on /{target.page} moving '{target.widget}': slider→chart p95 {p95_many:.0f} ms vs "
        f"{p95_single:.0f} ms alone, {len(errors)} errors, {many.memory_per_session_mb():.1f} MB per session",
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
        rss_before_mb=round(many.rss_before_mb, 1),
        rss_loaded_mb=round(many.rss_loaded_mb, 1),
        rss_peak_mb=round(many.rss_peak_mb, 1),
    )
    result["pass"] = result["pass"] and not errors
    return result


def main(argv=None) -> int:
    args = parse_args(argv)
    random.seed(args.seed)
    target = target_from(args)
    print(f"target: /{target.page} (lang={target.lang}), move '{target.widget}', watch chart '{target.chart}'", flush=True)
    server = None
    if args.url:
        assert_loopback(args.url)
        base_url, pids = args.url, args.server_pid
    else:
        server = Streamlit("app.py")
        server.wait_healthy()
        base_url, pids = server.url, [server.pid]
    try:
        single, many = asyncio.run(measure(args, base_url, pids, target))
    finally:
        if server is not None:
            server.close()
    result = report(single, many, target, args.sessions)
    return 0 if result["errors"] == 0 else 1  # a missed timing goal is reported, not an exit code


if __name__ == "__main__":
    raise SystemExit(main())

"""Cold start: from `streamlit run` to the Overview's first chart painted in headless Chromium.

Measured against a floor app (bench/floor_chart_app.py: Streamlit and one Plotly chart) in the same run,
alternating app and floor so both see the same machine. Each round starts a fresh server process and
opens the page in a fresh browser context (empty cache); the browser itself is started once, before
timing, because it is the visitor's and not the server's. Goal: app ≤ 1.3× floor (medians).

    python -m bench.cold_start            # 5 rounds (≈ 1 min)
    python -m bench.cold_start --quick    # 1 round, for the CI smoke test
"""

from __future__ import annotations

import argparse
import statistics
import time

from bench._harness import CHART_PAINTED, CHROMIUM_ARGS, ROOT, Streamlit, chromium_or_exit, emit_result

GOAL = 1.3
APPS = {"app": "app.py", "floor": "bench/floor_chart_app.py"}


def one_start(browser, script: str) -> dict:
    """Seconds from spawning `streamlit run` to health and to the first chart painted."""
    server = Streamlit(script)
    try:
        health = server.wait_healthy(poll=0.01)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        try:
            page = context.new_page()
            page.goto(server.url, wait_until="commit")
            page.wait_for_selector(CHART_PAINTED, state="attached", timeout=60_000)
            # One more animation frame: the chart's SVG is in the DOM and now on screen.
            page.evaluate("() => new Promise(resolve => requestAnimationFrame(() => resolve()))")
            painted = time.perf_counter() - server.started
            if page.locator('[data-testid="stException"]').count():
                raise RuntimeError(f"{script} shows an exception: {page.locator('[data-testid=stException]').first.inner_text()}")
        finally:
            context.close()
    finally:
        server.close()
    return {"health_s": health, "chart_s": painted}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="one round, no warm-up (CI smoke)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    rounds = 1 if args.quick else args.rounds

    from playwright.sync_api import sync_playwright

    results: dict[str, list[dict]] = {name: [] for name in APPS}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_or_exit(), args=CHROMIUM_ARGS, headless=True)
        try:
            if not args.quick:  # warm the OS file cache for both, unmeasured
                for script in APPS.values():
                    one_start(browser, script)
            for index in range(rounds):
                order = list(APPS) if index % 2 == 0 else list(reversed(APPS))
                for name in order:
                    results[name].append(one_start(browser, APPS[name]))
                    timing = results[name][-1]
                    print(
                        f"round {index + 1} {name:5}: healthy {timing['health_s']:.2f} s, chart painted {timing['chart_s']:.2f} s"
                    )
        finally:
            browser.close()

    median = {name: statistics.median(r["chart_s"] for r in runs) for name, runs in results.items()}
    health = {name: statistics.median(r["health_s"] for r in runs) for name, runs in results.items()}
    ratio = median["app"] / median["floor"]
    print(
        f"\nmedian of {rounds}: app {median['app']:.2f} s (healthy {health['app']:.2f} s), floor {median['floor']:.2f} s (healthy {health['floor']:.2f} s)"
    )
    emit_result(
        "cold_start",
        ratio,
        GOAL,
        f"cold start to first chart: app {median['app']:.2f} s vs floor {median['floor']:.2f} s (median of {rounds})",
        app_s=round(median["app"], 3),
        floor_s=round(median["floor"], 3),
        rounds=rounds,
        cwd=str(ROOT),
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

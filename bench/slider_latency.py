"""Slider → chart: from a keyboard move of a slider to the chart showing the new numbers, in Chromium.

The Scenarios page (the explorer's slider of scenario 3, which redraws the path chart in the browser from
rows the server computed, and sends the value after a pause) against two floors, same run, same browser:
a bare app with one slider and one st.plotly_chart (bench/floor_slider_app.py), and the same app drawing
its chart with the app's own chart element (ui/plotly_element.py, FLOOR_ELEMENT=1).
Each move presses ArrowRight or ArrowLeft on the slider's focused range input; the clock is the browser's own:
it starts at the key event's time stamp and stops on the first animation frame in which the chart's drawn data
differ from before (the time from the driver's press, which adds the DevTools protocol's round trips to every
app alike, is printed too). After a
page move the benchmark waits for the release's run (the URL holds the value), so no app is timed while
another's server works. Moves alternate direction and apps, one move each, so all see the same machine
load; the first moves are a warm-up, not measured.
Goal: page ≤ 0.6× the st.plotly_chart floor (medians; moonshot 0.3×); the ratio against the element floor is
printed too. Then a drag: the mouse holds the page's thumb and makes 24 small moves over ~1.2 s; it counts the
moves after which the chart had changed before the release, the websocket frames sent while held (goal 0), the
frames after the release (one run), and whether the URL then holds the new value.

    python -m bench.slider_latency              # 40 moves per app
    python -m bench.slider_latency --quick      # 3 moves per app, for the CI smoke test
    python -m bench.slider_latency --diagnose   # also a floor drawing the page's own chart

--diagnose adds a fourth app, the element floor with the Scenarios page's path chart instead of a
one-line chart (FLOOR_CHART=scenarios): page vs that floor is what the rest of the page costs, that
floor vs the element floor is what drawing the richer figure costs. The ratio reported is always page
vs the plain st.plotly_chart floor.
"""

from __future__ import annotations

import argparse
import statistics
import time

from bench._harness import CHROMIUM_ARGS, ROOT, Streamlit, chromium_or_exit, emit_result, percentile

GOAL = 0.6
PAGE_SLIDER = '.st-key-scenario_chart input[type="range"][data-index="3"]'
FLOOR_SLIDER = '.st-key-growth input[type="range"]'
# name: (script, URL path, the slider's selector, the chart's key[, environment])
APPS = {
    "page": ("app.py", "/scenarios?lang=en", PAGE_SLIDER, "scenario_chart"),
    "floor": ("bench/floor_slider_app.py", "/", FLOOR_SLIDER, "chart"),
    "element": ("bench/floor_slider_app.py", "/", FLOOR_SLIDER, "chart", {"FLOOR_ELEMENT": "1"}),
}

# The chart's drawn data as one string; Streamlit gives a keyed element the class st-key-<key>.
SIGNATURE_JS = """(selector) => {
    const plot = document.querySelector(selector);
    return plot && plot.data ? JSON.stringify(plot.data.map(trace => trace.y)) : null;
}"""
# Armed before the key press, in the page, with nothing running per frame: the key event's own time stamp (the
# browser's clock, as the reader's key reached it); a MutationObserver that, once the page's DOM changes and the
# chart's drawn data differ, stamps the next animation frame (the frame that paints the change).
ARM_JS = """([selector, before]) => {
    const step = (window.__benchStep = { key: null, frame: null });
    document.addEventListener("keydown", (event) => { step.key = event.timeStamp; }, { capture: true, once: true });
    const changed = () => {
        const plot = document.querySelector(selector);
        const now = plot && plot.data ? JSON.stringify(plot.data.map(trace => trace.y)) : null;
        return now !== null && now !== before;
    };
    const observer = new MutationObserver(() => {
        if (step.key === null || !changed()) return;
        observer.disconnect();
        requestAnimationFrame(() => { step.frame = performance.now(); });
    });
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
}"""
DONE_JS = "() => window.__benchStep && window.__benchStep.frame !== null ? window.__benchStep : false"


def idle(page) -> None:
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)
    page.wait_for_timeout(150)


def check(page) -> None:
    """A run that ends in an exception box does less work: refuse to time it."""
    if page.locator('[data-testid="stException"]').count():
        raise RuntimeError(page.locator('[data-testid="stException"]').first.inner_text())


class Target:
    """One app open in its own browser context, its slider focused, ready to be moved."""

    def __init__(self, browser, server: Streamlit, path: str, slider: str, chart_key: str):
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.page = self.context.new_page()
        self.sent: list = []  # when the page sent each websocket frame (listening before the socket opens)
        self.page.on("websocket", lambda ws: ws.on("framesent", lambda frame: self.sent.append(time.monotonic())))
        self.page.goto(server.url + path)
        self.chart = f".st-key-{chart_key} .js-plotly-plot"
        self.page.wait_for_selector(f"{self.chart} .main-svg g.trace", timeout=60_000)
        idle(self.page)
        check(self.page)
        self.thumb = self.page.locator(slider)
        self.thumb.scroll_into_view_if_needed()
        self.explorer = slider == PAGE_SLIDER
        self.moves = 0

    def move(self) -> tuple[float, float]:
        """Milliseconds to the first frame with the chart's new data: from the key event, and from the driver's press."""
        page = self.page
        self.thumb.focus()
        before = page.evaluate(SIGNATURE_JS, self.chart)
        key = "ArrowRight" if self.moves % 2 == 0 else "ArrowLeft"
        self.moves += 1
        page.evaluate(ARM_JS, [self.chart, before])
        start = page.evaluate("() => performance.now()")
        page.keyboard.press(key)
        step = page.wait_for_function(DONE_JS, timeout=30_000).json_value()
        key_at, frame_at = step["key"], step["frame"]
        if self.explorer:  # the release's run, after the pause: done before another app is timed
            page.wait_for_function("(url) => location.href !== url", arg=page.url, timeout=30_000)
        idle(page)
        check(page)
        return frame_at - key_at, frame_at - start

    def drag(self, steps: int = 24, pause_ms: int = 50) -> dict:
        """Hold the thumb, move it right in small steps, release: redraws while held, frames sent while held and after."""
        page = self.page
        box = self.thumb.bounding_box()
        y, x0 = box["y"] + box["height"] / 2, box["x"] + box["width"] * 0.3
        url, redraws = page.url, 0
        last = page.evaluate(SIGNATURE_JS, self.chart)
        page.mouse.move(x0, y)
        page.mouse.down()
        held_from = time.monotonic()
        for step in range(1, steps + 1):
            page.mouse.move(x0 + box["width"] * 0.015 * step, y)
            page.wait_for_timeout(pause_ms)
            now = page.evaluate(SIGNATURE_JS, self.chart)
            redraws += now != last
            last = now
        released = time.monotonic()
        page.mouse.up()
        page.wait_for_function("(url) => location.href !== url", arg=url, timeout=30_000)
        idle(page)
        check(page)
        return {
            "moves": steps,
            "redraws_while_held": redraws,
            "frames_while_held": sum(held_from <= t < released for t in self.sent),
            "frames_after_release": sum(t >= released for t in self.sent),
            "url_after": page.url,
        }

    def close(self) -> None:
        self.context.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="3 moves per app, 1 warm-up (CI smoke)")
    parser.add_argument("--moves", type=int, default=40)
    parser.add_argument("--diagnose", action="store_true", help="add a floor that draws the page's own chart")
    args = parser.parse_args()
    moves, warmup = (3, 1) if args.quick else (args.moves, 4)
    apps = dict(APPS)
    if args.diagnose:
        apps["chart"] = (*APPS["floor"], {"FLOOR_CHART": "scenarios", "FLOOR_ELEMENT": "1"})
    timings, driver, dragged = measure(apps, moves, warmup)
    report(timings, driver, dragged)
    return 0


def measure(apps: dict, moves: int, warmup: int) -> tuple[dict[str, list[float]], dict[str, list[float]], dict]:
    """Each app on its own server, moved in turn by one browser: milliseconds per move by app from the key event and
    from the driver's press, and the page's drag."""
    from playwright.sync_api import sync_playwright

    timings: dict[str, list[float]] = {name: [] for name in apps}
    driver: dict[str, list[float]] = {name: [] for name in apps}
    servers = {name: Streamlit(spec[0], env=spec[4] if len(spec) > 4 else None) for name, spec in apps.items()}
    try:
        for server in servers.values():
            server.wait_healthy()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_or_exit(), args=CHROMIUM_ARGS, headless=True)
            targets = {}
            try:
                for name, (_script, path, slider, chart_key, *_env) in apps.items():
                    targets[name] = Target(browser, servers[name], path, slider, chart_key)
                # Page and floor move in turn, one move each, so both see the same machine load.
                for index in range(warmup + moves):
                    order = list(apps) if index % 2 == 0 else list(reversed(apps))
                    for name in order:
                        from_key, from_press = targets[name].move()
                        if index >= warmup:
                            timings[name].append(from_key)
                            driver[name].append(from_press)
                dragged = targets["page"].drag()
            finally:
                for target in targets.values():
                    target.close()
                browser.close()
    finally:
        for server in servers.values():
            server.close()
    return timings, driver, dragged


def report(timings: dict[str, list[float]], driver: dict[str, list[float]], dragged: dict) -> None:
    median = {name: statistics.median(values) for name, values in timings.items()}
    for name, values in timings.items():
        print(
            f"{name:7}: median {median[name]:.0f} ms, p90 {percentile(values, 90):.0f} ms, "
            f"min {min(values):.0f} ms over {len(values)} moves"
        )
    by_driver = {name: statistics.median(values) for name, values in driver.items()}
    print(
        "from the driver's press (CDP round trips included): "
        + ", ".join(f"{name} {value:.0f} ms" for name, value in by_driver.items())
        + f"; page vs floor {by_driver['page'] / by_driver['floor']:.2f}×"
    )
    ratio = median["page"] / median["floor"]
    element_ratio = median["page"] / median["element"]
    print(
        f"drag ({dragged['moves']} moves held): the chart changed after {dragged['redraws_while_held']} of them before the "
        f"release; websocket frames sent while held: {dragged['frames_while_held']}, after the release: "
        f"{dragged['frames_after_release']}; URL then: {dragged['url_after']}"
    )
    print(
        f"page vs st.plotly_chart floor: {ratio:.2f}×; page vs chart-element floor: {element_ratio:.2f}×; "
        f"element floor vs st.plotly_chart floor: {median['element'] / median['floor']:.2f}×"
    )
    diagnosis = {}
    if "chart" in median:
        diagnosis = {
            "floor_same_chart_ms": round(median["chart"], 1),
            "page_vs_same_chart_floor": round(median["page"] / median["chart"], 3),
            "same_chart_floor_vs_element_floor": round(median["chart"] / median["element"], 3),
        }
        print(
            f"diagnosis: drawing the page's chart alone costs {median['chart'] / median['element']:.2f}× the element floor; "
            f"the rest of the page adds {median['page'] / median['chart']:.2f}× on top of that"
        )
    emit_result(
        "slider_latency",
        ratio,
        GOAL,
        f"slider move to chart changed: Scenarios page {median['page']:.0f} ms vs floor {median['floor']:.0f} ms "
        f"(st.plotly_chart) and {median['element']:.0f} ms (chart element, page {element_ratio:.2f}×), "
        f"median of {len(timings['page'])} moves",
        page_ms=round(median["page"], 1),
        floor_ms=round(median["floor"], 1),
        element_floor_ms=round(median["element"], 1),
        page_vs_element_floor=round(element_ratio, 3),
        element_floor_vs_floor=round(median["element"] / median["floor"], 3),
        page_p90_ms=round(percentile(timings["page"], 90), 1),
        floor_p90_ms=round(percentile(timings["floor"], 90), 1),
        driver_page_ms=round(by_driver["page"], 1),
        driver_floor_ms=round(by_driver["floor"], 1),
        driver_ratio=round(by_driver["page"] / by_driver["floor"], 3),
        moves=len(timings["page"]),
        drag_redraws_while_held=dragged["redraws_while_held"],
        drag_frames_while_held=dragged["frames_while_held"],
        drag_frames_after_release=dragged["frames_after_release"],
        cwd=str(ROOT),
        **diagnosis,
    )


if __name__ == "__main__":
    raise SystemExit(main())

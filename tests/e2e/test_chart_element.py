"""The chart element in Chromium: updated in place (the same DOM node), plotly.js only from this
server, the app's dark theme, an accessible name, and a visible theme switch."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest

from tests.e2e.conftest import IDLE_JS, SCREENSHOTS, assert_no_exception, wait_for_app, wait_for_paint

pytestmark = pytest.mark.browser

PATHS_CHART = ".st-key-scenario_chart .js-plotly-plot"
TRADE_CHART = ".st-key-trade_chart .js-plotly-plot"
OVERVIEW_CHART = ".js-plotly-plot"
DATA_JS = "(selector) => JSON.stringify(document.querySelector(selector).data.map(trace => [trace.x, trace.y]))"
# Marks the plot's DOM node; after a rerun the mark is still there only if the node was kept.
MARK_JS = "(selector) => { document.querySelector(selector).__testMark = 'kept'; }"
SAME_NODE_JS = "(selector) => document.querySelector(selector).__testMark === 'kept'"
ANNOTATIONS_JS = "(selector) => document.querySelector(selector).layout.annotations.map(a => a.text).join(' ')"
PAPER_JS = "(selector) => document.querySelector(selector)._fullLayout.paper_bgcolor"
# A CSS colour as the browser reads it: [r, g, b].
RGB_JS = """(color) => {
    const probe = document.createElement('span');
    probe.style.color = color;
    document.body.appendChild(probe);
    const rgb = getComputedStyle(probe).color.match(/\\d+/g).slice(0, 3).map(Number);
    probe.remove();
    return rgb;
}"""


def off_machine(urls: list[str]) -> list[str]:
    return [
        url
        for url in urls
        if urlparse(url).scheme not in ("data", "blob") and urlparse(url).hostname not in ("127.0.0.1", "localhost")
    ]


def settle(page) -> None:
    """Wait until the app is idle (no run, nothing stale); then wait for what the run changes before reading it."""
    page.wait_for_function(IDLE_JS, timeout=30_000)
    assert_no_exception(page)


def changed(page, selector: str, before: str) -> None:
    page.wait_for_function(
        "([selector, before]) => JSON.stringify(document.querySelector(selector).data.map(t => [t.x, t.y])) !== before",
        arg=[selector, before],
        timeout=15_000,
    )


def element_shot(page, selector: str, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(selector).first.scroll_into_view_if_needed()
    wait_for_paint(page)
    page.locator(selector).first.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def test_scenarios_slider_redraws_the_same_plot_node_and_nothing_leaves_the_machine(app_server, page):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{app_server.url}/scenarios?lang=en")
    wait_for_app(page)
    page.wait_for_selector(f"{PATHS_CHART} .main-svg g.trace", timeout=30_000)
    settle(page)
    page.evaluate(MARK_JS, PATHS_CHART)
    before = page.evaluate(DATA_JS, PATHS_CHART)
    page.locator('.st-key-scenario_chart input[type="range"][data-index="3"]').focus()
    page.keyboard.press("ArrowRight")
    changed(page, PATHS_CHART, before)
    page.wait_for_url(re.compile(r"growth3=10\.5"), timeout=10_000)  # the release's run, after the pause
    page.wait_for_function(f"(s) => ({ANNOTATIONS_JS})(s).includes('+10.5% a year')", arg=PATHS_CHART, timeout=30_000)
    settle(page)
    assert page.evaluate(SAME_NODE_JS, PATHS_CHART), "the chart was remounted, not updated in place"
    assert page.evaluate(DATA_JS, PATHS_CHART) != before
    assert page.locator(PATHS_CHART).count() == 1
    assert "+10.5% a year" in page.evaluate(ANNOTATIONS_JS, PATHS_CHART)
    plotly = [url for url in requests if "plotly" in url.lower()]
    assert plotly and all(urlparse(url).path.startswith("/app/static/plotly-") for url in plotly), plotly
    assert len(plotly) == 1  # loaded once for both charts and every rerun
    assert not any("PlotlyChart" in url for url in requests)  # Streamlit's own Plotly bundle is never fetched
    assert off_machine(requests) == []


def test_trade_filter_redraws_its_chart_in_place(app_server, page):
    page.goto(f"{app_server.url}/trade?lang=en")
    wait_for_app(page)
    page.wait_for_selector(f"{TRADE_CHART} .main-svg g.trace", timeout=30_000)
    settle(page)
    page.evaluate(MARK_JS, TRADE_CHART)
    before = page.evaluate(DATA_JS, TRADE_CHART)
    page.locator(".st-key-events label").first.click()  # the "events on the chart" toggle
    changed(page, TRADE_CHART, before)
    settle(page)
    assert page.evaluate(SAME_NODE_JS, TRADE_CHART), "the chart was remounted, not updated in place"
    assert page.locator(TRADE_CHART).count() == 1


def test_the_chart_has_an_accessible_name(app_server, page):
    page.goto(f"{app_server.url}/?lang=en")
    wait_for_app(page)
    page.wait_for_selector(f"{OVERVIEW_CHART} .main-svg g.trace", timeout=30_000)
    box = page.locator(".pm-chart").first
    assert box.get_attribute("role") == "figure"
    label = box.get_attribute("aria-label")
    meta = page.evaluate("() => document.querySelector('.js-plotly-plot').layout.meta")
    title = page.evaluate("() => document.querySelector('.js-plotly-plot').layout.title.text")
    expected = meta.get("aria_label") if isinstance(meta, dict) and meta.get("aria_label") else title
    assert label and label == " ".join(expected.replace("<br>", " ").split())
    # The modebar's buttons stay reachable (role="figure" does not hide its content, as role="img" would).
    assert page.locator(".pm-chart .modebar-btn").count() >= 1


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_charts_follow_the_system_theme(app_server, browser, scheme):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(f"{app_server.url}/scenarios?lang=en")
        wait_for_app(page)
        page.wait_for_selector(f"{PATHS_CHART} .main-svg g.trace", timeout=30_000)
        settle(page)
        paper = page.evaluate(RGB_JS, page.evaluate(PAPER_JS, PATHS_CHART))
        text = page.evaluate(RGB_JS, page.evaluate("(s) => document.querySelector(s)._fullLayout.font.color", PATHS_CHART))
        element_shot(page, ".st-key-scenario_chart", f"chart-scenarios-{scheme}")
    finally:
        context.close()
    if scheme == "dark":
        assert max(paper) < 60, paper  # the app's dark background, not a white panel
        assert min(text) > 180, text  # light text on it
    else:
        assert min(paper) > 240, paper
        assert max(text) < 80, text


def test_the_menu_switches_the_theme_and_the_chart_follows(app_server, page):
    page.goto(f"{app_server.url}/scenarios?lang=en")
    wait_for_app(page)
    page.wait_for_selector(f"{PATHS_CHART} .main-svg g.trace", timeout=30_000)
    settle(page)
    page.evaluate(MARK_JS, PATHS_CHART)
    page.locator('[data-testid="stMainMenu"]').click()
    page.locator('[data-testid="stMainMenuItem-theme-Dark"]').click()
    page.wait_for_function(
        "(s) => document.querySelector(s).dataset.theme === 'dark'", arg=PATHS_CHART.replace(" .js-plotly-plot", " .pm-plot")
    )
    assert page.evaluate(SAME_NODE_JS, PATHS_CHART)  # redrawn in place, not remounted
    assert page.evaluate(PAPER_JS, PATHS_CHART).lower() not in ("white", "#fff", "#ffffff", "rgb(255, 255, 255)")

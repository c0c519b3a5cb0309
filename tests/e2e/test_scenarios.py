"""Scenarios page in Chromium: the explorer follows the keyboard, the mouse and a finger; the release is recorded in the URL."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from tests import shipped
from tests.e2e.conftest import IDLE_JS, assert_no_exception, screenshot, wait_for_app

pytestmark = pytest.mark.browser

PATHS_CHART = ".st-key-scenario_chart .js-plotly-plot"
FAN_CHART = ".st-key-fan_chart .js-plotly-plot"
CHART_DATA_JS = "(selector) => JSON.stringify(document.querySelector(selector).data.map(trace => trace.y))"
# The footer's text; its line breaks (wrapped to fit a phone) read as spaces.
FOOTER_JS = (
    "(selector) => document.querySelector(selector).layout.annotations.map(a => a.text.split('<br>').join(' ')).join('\\n')"
)


def open_scenarios(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)
    page.wait_for_selector(f"{PATHS_CHART} .main-svg g.trace", timeout=30_000)
    page.wait_for_selector(f"{FAN_CHART} .main-svg g.trace", timeout=30_000)
    assert_no_exception(page)


def settle(page) -> None:
    """Wait until the app is idle (no run, nothing stale); then wait for what the run changes before reading it."""
    page.wait_for_function(IDLE_JS, timeout=30_000)
    assert_no_exception(page)


def result_row(page, index: int):
    """The cells of the results table's row `index` (the page's first st.table), to wait on with expect(...)."""
    return page.locator('[data-testid="stTable"]').first.locator("tbody tr").nth(index).locator("td, th")


def results(page) -> list[list[str]]:
    """The results table's body cells, one list per scenario (the page's first st.table; the yearly values follow).

    The table is drawn by the same fragment run as the charts but may reach the page after them: wait for its rows.
    """
    page.wait_for_selector('[data-testid="stTable"] tbody tr', timeout=30_000)
    return page.evaluate(
        """() => [...document.querySelector('[data-testid="stTable"]').querySelectorAll('tbody tr')]
            .map(row => [...row.querySelectorAll('td, th')].map(cell => cell.innerText.trim()))"""
    )


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_renders_both_charts_with_their_parameters(app_server, page, lang):
    open_scenarios(page, f"{app_server.url}/scenarios?lang={lang}")
    footer = page.evaluate(FOOTER_JS, PATHS_CHART)
    if lang == "ru":
        assert f"Отправная точка: {shipped.latest_usd_bn('ru')} за {shipped.latest_year()} год" in footer
        assert f"2. Нужный темп — нужный темп: {shipped.required_growth('ru')}" in footer
        assert results(page)[0][2:5] == shipped.scenario_results("ru")[1][0][2:5]  # the default trend
    else:
        assert f"Starting point: {shipped.latest_usd_bn('en')} in {shipped.latest_year()}" in footer
        assert results(page)[1][2:5] == shipped.scenario_results("en")[1][1][2:5]  # the required rate
    assert "10" in page.evaluate(FOOTER_JS, FAN_CHART)
    page.set_viewport_size({"width": 1400, "height": 4200})  # the main block scrolls: a tall window shows it all
    screenshot(page, f"scenarios-{lang}")


SLIDER3 = '.st-key-scenario_chart input[type="range"][data-index="3"]'
SAME_NODE_JS = """(selector) => {
    const plot = document.querySelector(selector);
    const same = window.__explorerPlot === plot;
    window.__explorerPlot = plot;
    return same;
}"""


def count_sent_frames(page) -> list:
    """Every websocket frame the page sends from now on (a drag must send none)."""
    sent: list = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda frame: sent.append(frame)))
    return sent


def test_keyboard_step_redraws_the_same_chart_and_the_pause_writes_the_url(app_server, page, browser):
    open_scenarios(page, f"{app_server.url}/scenarios?lang=en")
    page.evaluate(SAME_NODE_JS, PATHS_CHART)
    before = page.evaluate(CHART_DATA_JS, PATHS_CHART)
    slider = page.locator(SLIDER3)
    assert slider.get_attribute("aria-valuetext") == "+10.0%"
    slider.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "([selector, before]) => JSON.stringify(document.querySelector(selector).data.map(t => t.y)) !== before",
        arg=[PATHS_CHART, before],
        timeout=15_000,
    )
    assert slider.get_attribute("aria-valuetext") == "+11.0%"
    assert page.locator(".st-key-scenario_chart output").inner_text() == "+11.0%"
    # The pause after the last key sends the value: one run, the URL holds it, the results follow.
    page.wait_for_url(re.compile(r"growth3=11"), timeout=10_000)
    expect(result_row(page, 2)).to_contain_text(shipped.custom_result(11.0, "en"), timeout=30_000)
    settle(page)
    assert page.evaluate(SAME_NODE_JS, PATHS_CHART), "the chart was remounted, not updated in place"
    reached = shipped.custom_result(11.0, "en")[3].removeprefix("in ")
    assert f"3. Custom — custom rate: +11.0% a year; target in {reached}" in page.evaluate(FOOTER_JS, PATHS_CHART)
    assert_no_exception(page)  # the fragments rerun on their own: module names must not shadow their helpers
    assert results(page)[2][1:5] == shipped.custom_result(11.0, "en")  # the shipped figure × 1.11^5
    query = parse_qs(urlparse(page.url).query)
    assert float(query["growth3"][0]) == 11.0 and query["lang"] == ["en"]
    # Announced politely once released: the scenario, its rate and the year it reaches the target.
    live = page.locator(".st-key-scenario_chart .pm-live").inner_text()
    assert live == f"3. Custom — custom rate: +11.0% a year; target in {reached}"
    # Home and End, as a native range input gives them.
    page.keyboard.press("End")
    page.wait_for_function("(s) => document.querySelector(s).getAttribute('aria-valuetext') === '+30.0%'", arg=SLIDER3)

    # The copied link opens the same scenario in a fresh browser context.
    page.keyboard.press("ArrowLeft")
    page.wait_for_url(re.compile(r"growth3=29.5"), timeout=10_000)
    expect(result_row(page, 2)).to_contain_text(["+29.5%"], timeout=30_000)
    settle(page)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        fresh = context.new_page()
        open_scenarios(fresh, page.url)
        assert fresh.locator(SLIDER3).get_attribute("aria-valuetext") == "+29.5%"
        assert results(fresh) == results(page)
        assert fresh.evaluate(CHART_DATA_JS, PATHS_CHART) == page.evaluate(CHART_DATA_JS, PATHS_CHART)
    finally:
        context.close()


LEGEND_JS = "(selector) => [...document.querySelectorAll(selector + ' .legendtext')].map(node => node.textContent).join('\\n')"


def test_a_negative_rate_shows_the_minus_sign_while_the_slider_moves_and_after(app_server, page):
    """The slider's value, the legend and the footer write −2,0% (U+2212), as the axes do, in the browser's
    redraw (the rows the element applies) and in the server's run after the release."""
    open_scenarios(page, f"{app_server.url}/scenarios?lang=kk&growth3=-2")
    slider = page.locator(SLIDER3)
    assert slider.get_attribute("aria-valuetext") == "\u22122,0%"
    for text in (page.evaluate(LEGEND_JS, PATHS_CHART), page.evaluate(FOOTER_JS, PATHS_CHART)):
        assert "\u22122,0%" in text and re.search(r"-\d", text) is None, text
    slider.focus()
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("(s) => document.querySelector(s).getAttribute('aria-valuetext') === '\u22122,5%'", arg=SLIDER3)
    assert page.locator(".st-key-scenario_chart output").inner_text() == "\u22122,5%"
    assert "\u22122,5%" in page.evaluate(LEGEND_JS, PATHS_CHART)  # redrawn in the browser, before the run
    page.wait_for_url(re.compile(r"growth3=-2.5"), timeout=10_000)
    settle(page)
    page.wait_for_function(f"(s) => ({FOOTER_JS})(s).includes('\u22122,5%')", arg=PATHS_CHART)
    for text in (page.evaluate(LEGEND_JS, PATHS_CHART), page.evaluate(FOOTER_JS, PATHS_CHART)):
        assert "\u22122,5%" in text and re.search(r"-\d", text) is None, text


def redrawn(page, before: str, timeout_ms: float) -> bool:
    """Whether the paths chart's data changes from `before` within `timeout_ms`."""
    try:
        page.wait_for_function(
            "([selector, before]) => JSON.stringify(document.querySelector(selector).data.map(t => t.y)) !== before",
            arg=[PATHS_CHART, before],
            timeout=timeout_ms,
        )
    except PlaywrightTimeoutError:
        return False
    return True


def drag(page, slider, steps: int = 24, redraw_ms: float = 2_000, touch: bool = False) -> tuple[int, int]:
    """Hold the thumb and move it right in small steps (each past at least one of the slider's steps), waiting up to
    `redraw_ms` after each for the chart to follow; (redraws seen while held, frames sent while held)."""
    slider.scroll_into_view_if_needed()
    box = slider.bounding_box()  # in the viewport's coordinates, as the mouse and touch events take them
    y, x0 = box["y"] + box["height"] / 2, box["x"] + box["width"] * 0.5
    sent = count_sent_frames(page)
    redraws, last = 0, page.evaluate(CHART_DATA_JS, PATHS_CHART)
    cdp = page.context.new_cdp_session(page) if touch else None

    def touch_event(kind: str, x: float) -> None:
        points = [] if kind == "touchEnd" else [{"x": x, "y": y}]
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    if touch:
        touch_event("touchStart", x0)
    else:
        page.mouse.move(x0, y)
        page.mouse.down()
    for step in range(1, steps + 1):
        x = x0 + box["width"] * 0.015 * step
        touch_event("touchMove", x) if touch else page.mouse.move(x, y)
        if redrawn(page, last, redraw_ms):
            redraws += 1
            last = page.evaluate(CHART_DATA_JS, PATHS_CHART)
    held = len(sent)
    touch_event("touchEnd", x) if touch else page.mouse.up()
    return redraws, held


def test_dragging_redraws_the_chart_before_the_release_and_sends_nothing_until_then(app_server, page):
    open_scenarios(page, f"{app_server.url}/scenarios?lang=ru")
    redraws, sent_while_held = drag(page, page.locator(SLIDER3))
    assert redraws >= 12, f"the chart followed {redraws} of 24 moves while the button was held"
    assert sent_while_held == 0, f"{sent_while_held} websocket frames sent during the drag"
    page.wait_for_url(re.compile(r"growth3="), timeout=10_000)
    settle(page)
    value = float(parse_qs(urlparse(page.url).query)["growth3"][0])
    assert value > 10.0
    shown = page.locator(SLIDER3).get_attribute("aria-valuetext")
    assert shown == f"+{value:.1f}".replace(".", ",") + "\xa0%"
    # Once the release's run is over, the table and the chart agree: the table's rate is the slider's.
    expect(result_row(page, 2)).to_contain_text([shown], timeout=30_000)
    assert results(page)[2][1] == shown


def test_a_phone_drags_the_slider_with_a_finger(app_server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        open_scenarios(page, f"{app_server.url}/scenarios?lang=kk")
        slider = page.locator(SLIDER3)
        slider.scroll_into_view_if_needed()
        redraws, sent_while_held = drag(page, slider, steps=12, touch=True)
        assert redraws >= 6 and sent_while_held == 0, (redraws, sent_while_held)
        page.wait_for_url(re.compile(r"growth3="), timeout=10_000)
        settle(page)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
        screenshot(page, "scenarios-phone-kk-explorer")
    finally:
        context.close()


def test_preset_and_name_survive_a_language_switch_in_the_link(app_server, page, browser):
    open_scenarios(page, f"{app_server.url}/scenarios?lang=en")
    page.locator(".st-key-preset1 button").filter(has_text="tune").click()  # :material/tune: — custom
    page.wait_for_url(re.compile(r"preset1="), timeout=10_000)
    settle(page)
    name = page.locator(".st-key-name1 input")
    name.fill("Mine")
    name.press("Enter")
    page.wait_for_url(re.compile(r"name1=Mine"), timeout=10_000)
    settle(page)
    page.locator('[data-testid="stSidebar"] [data-testid="stRadio"] label').filter(has_text="Русский").click()
    # The rerun in Russian may start after the status widget's first check: wait for the explorer's Russian label.
    expect(page.locator('[data-testid="stMain"]')).to_contain_text("темп роста, % в год", timeout=30_000)
    settle(page)
    page.wait_for_selector(f"{PATHS_CHART} .main-svg g.trace")
    query = parse_qs(urlparse(page.url).query)
    assert query["preset1"] == [":material/tune:"] and query["name1"] == ["Mine"]
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        fresh = context.new_page()
        open_scenarios(fresh, page.url)
        footer = fresh.evaluate(FOOTER_JS, PATHS_CHART)
        assert "1. Mine — свой темп: +10,0" in footer
    finally:
        context.close()


def test_impossible_input_shows_a_message(app_server, page):
    page.goto(f"{app_server.url}/scenarios?lang=en&target_year=2020")
    wait_for_app(page)
    page.wait_for_selector('[data-testid="stAlertContentError"]', timeout=30_000)
    assert_no_exception(page)
    assert '"Target year" (2020) must be after "Starting year" (2025).' in page.inner_text('[data-testid="stMain"]')

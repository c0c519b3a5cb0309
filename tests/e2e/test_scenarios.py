"""Scenarios page in Chromium: a keyboard move of a slider changes the chart and is recorded in the URL."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest

from tests import shipped
from tests.e2e.conftest import assert_no_exception, screenshot, wait_for_app

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
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)
    page.wait_for_timeout(400)
    assert_no_exception(page)


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
        assert "2. Нужный темп — нужный темп: +15,01" in footer
        assert results(page)[0][2:5] == shipped.scenario_results("ru")[1][0][2:5]  # the default trend
    else:
        assert f"Starting point: {shipped.latest_usd_bn('en')} in {shipped.latest_year()}" in footer
        assert results(page)[1][2:5] == ["$10.00 bn", "+$0.00 bn", "in 2030"]
    assert "10" in page.evaluate(FOOTER_JS, FAN_CHART)
    page.set_viewport_size({"width": 1400, "height": 4200})  # the main block scrolls: a tall window shows it all
    page.wait_for_timeout(500)
    screenshot(page, f"scenarios-{lang}")


def test_keyboard_slider_move_changes_the_chart_and_the_url(app_server, page, browser):
    open_scenarios(page, f"{app_server.url}/scenarios?lang=en")
    before = page.evaluate(CHART_DATA_JS, PATHS_CHART)
    slider = page.locator('.st-key-growth3 input[type="range"]')
    slider.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "([selector, before]) => JSON.stringify(document.querySelector(selector).data.map(t => t.y)) !== before",
        arg=[PATHS_CHART, before],
        timeout=15_000,
    )
    settle(page)
    reached = shipped.custom_result(11.0, "en")[3].removeprefix("in ")
    assert f"3. Custom — custom rate: +11.0% a year; target in {reached}" in page.evaluate(FOOTER_JS, PATHS_CHART)
    assert_no_exception(page)  # the fragments rerun on their own: module names must not shadow their helpers
    assert results(page)[2][1:5] == shipped.custom_result(11.0, "en")  # the shipped figure × 1.11^5
    page.wait_for_url(re.compile(r"growth3=11"), timeout=10_000)
    query = parse_qs(urlparse(page.url).query)
    assert float(query["growth3"][0]) == 11.0 and query["lang"] == ["en"]

    # The copied link opens the same scenario in a fresh browser context.
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        fresh = context.new_page()
        open_scenarios(fresh, page.url)
        assert fresh.locator(".st-key-growth3 [data-testid='stSliderThumbValue']").inner_text() == "11.0 %"
        assert results(fresh) == results(page)
        assert fresh.evaluate(CHART_DATA_JS, PATHS_CHART) == page.evaluate(CHART_DATA_JS, PATHS_CHART)
    finally:
        context.close()


def test_preset_and_name_survive_a_language_switch_in_the_link(app_server, page, browser):
    open_scenarios(page, f"{app_server.url}/scenarios?lang=en")
    page.locator(".st-key-preset1 button").filter(has_text="tune").click()  # :material/tune: — custom
    settle(page)
    name = page.locator(".st-key-name1 input")
    name.fill("Mine")
    name.press("Enter")
    settle(page)
    page.locator('[data-testid="stSidebar"] [data-testid="stRadio"] label').filter(has_text="Русский").click()
    settle(page)
    page.wait_for_selector(f"{PATHS_CHART} .main-svg g.trace")
    assert "Свой темп роста" in page.inner_text('[data-testid="stMain"]')
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

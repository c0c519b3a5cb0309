"""Embedded charts in Chromium: framed by a page of another site, and the Cite panel of a chart.

The framing page is served by Python's http.server on a second loopback port under the name
`localhost`, while the app runs on 127.0.0.1: another origin and another site. The framing test's Chromium blocks third-party
cookies (as Safari and Firefox do by default), so the framed app works without any cookie.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest

from devtools.server import free_port
from tests.e2e.conftest import CHROMIUM_ARGS, SCREENSHOTS, assert_no_exception, wait_for_app

pytestmark = pytest.mark.browser

CHART = ".js-plotly-plot"
PLOT_TEXT_JS = "() => { const p = document.querySelector('.js-plotly-plot'); return p ? JSON.stringify([p.layout, p.data.map(t => t.name)]) : ''; }"
FRAMES = {  # frame name: (page, chart id, the view's settings)
    "trade": ("trade", "trade", {"reporters": "Kazakhstan"}),
    "scenarios": ("scenarios", "scenarios", {"preset1": ":material/tune:", "growth1": "17.5", "n": "1"}),
    "projects": ("projects", "projects", {}),
}


def embed_src(app_url: str, page: str, chart: str, settings: dict[str, str], lang: str = "en") -> str:
    query = {**settings, "lang": lang, "embed": "true", "embed_options": "light_theme", "chart": chart}
    return f"{app_url}/{page}?{urlencode(query)}"


@pytest.fixture
def framing_site(tmp_path, app_server) -> Iterator[str]:
    """http://localhost:<port>/frames.html framing the three charts, served from a thread."""
    frames = "\n".join(
        f'<iframe name="{name}" title="{name}" src="{embed_src(app_server.url, *spec)}" width="820" height="800"></iframe>'
        for name, spec in FRAMES.items()
    )
    (tmp_path / "frames.html").write_text(f"<!doctype html><html><body><h1>A newsroom</h1>{frames}</body></html>", "utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://localhost:{server.server_address[1]}/frames.html"
    server.shutdown()
    server.server_close()


@pytest.fixture
def no_third_party_cookies(browser, chromium_path) -> Iterator:
    """A page of a Chromium that refuses third-party cookies, every frame on screen (so each is painted)."""
    strict = browser.browser_type.launch(
        executable_path=chromium_path, args=[*CHROMIUM_ARGS, "--test-third-party-cookie-phaseout"]
    )
    context = strict.new_context(viewport={"width": 900, "height": 2500})
    yield context.new_page()
    context.close()
    strict.close()


def test_three_charts_framed_by_another_site(framing_site, no_third_party_cookies, app_server):
    page = no_third_party_cookies
    assert app_server.url.startswith("http://127.0.0.1:")
    page.goto(framing_site)
    for name in FRAMES:
        frame = page.frame(name=name)
        assert frame is not None and frame.url.startswith(app_server.url)
        frame.wait_for_selector(f"{CHART} .main-svg g.trace", timeout=60_000)
        wait_for_app(frame)
        assert_no_exception(frame)
        assert frame.locator(CHART).count() == 1, name
        assert frame.locator('[data-testid="stSidebar"]').count() == 0, name
        assert frame.locator('[data-testid="stSidebarNav"]').count() == 0, name
        # Read-only: no uploads, no Streamlit buttons or inputs (plotly's own modebar only zooms and saves a PNG).
        controls = '[data-testid="stFileUploader"], [data-testid="stDownloadButton"], button:not(.modebar-btn), input'
        assert frame.locator(controls).count() == 0, name
        sources = frame.locator('[data-testid="stCaptionContainer"] a[href^="https://"]')
        assert sources.count() >= 1, name
        assert not sources.first.get_attribute("href").startswith(app_server.url)
        back = frame.get_by_role("link", name="Open in the monitor")
        href = back.get_attribute("href")
        assert href.startswith(f"{app_server.url}/{FRAMES[name][0]}") and "embed" not in href and "chart=" not in href
    scenario = page.frame(name="scenarios").evaluate(PLOT_TEXT_JS)
    assert "+17.5%" in scenario  # the custom growth from the URL, in the chart's footer
    trade = page.frame(name="trade").evaluate(PLOT_TEXT_JS)
    assert '"Kazakhstan"' in trade and '"Uzbekistan"' not in trade  # reporters=Kazakhstan
    assert page.context.cookies() == []  # nothing stored for the app inside another site's page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "embed-framed.png"), full_page=True)


# The texts of the chart's title, legend and footer that end beyond its right edge (drawn there, cut on screen).
CUT_TEXTS_JS = """() => {
    const plot = document.querySelector('.js-plotly-plot');
    const right = plot.getBoundingClientRect().right + 1;
    return [...plot.querySelectorAll('.gtitle, .legendtext, .annotation-text')]
        .filter(text => text.getBoundingClientRect().right > right).map(text => text.textContent);
}"""


@pytest.mark.parametrize("chart", ["trade", "scenarios", "projects"])
def test_embedded_chart_fits_a_320_px_frame(page, app_server, chart):
    page.set_viewport_size({"width": 320, "height": 800})
    page_path, chart_id, settings = FRAMES[chart]
    page.goto(embed_src(app_server.url, page_path, chart_id, settings, lang="ru"))
    page.wait_for_selector(f"{CHART} .main-svg g.trace", timeout=60_000)
    wait_for_app(page)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    assert page.locator(CHART).bounding_box()["width"] <= 320
    assert page.get_by_role("link", name="Открыть в мониторинге").count() == 1
    # The narrow frame (charts.base.NARROW_BELOW) applies: no title, legend entry or footer line is cut.
    page.wait_for_function("() => document.querySelector('.js-plotly-plot').layout.legend.font?.size === 11")
    assert page.evaluate(CUT_TEXTS_JS) == []
    page.screenshot(path=str(SCREENSHOTS / f"embed-320-ru-{chart}.png"), full_page=True)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_cite_panel_of_a_chart(page, app_server, lang):
    # A bound multiselect writes its option's label in the page's language; Russian needs no ?lang=.
    view = {
        "ru": "/trade?reporters=%D0%9A%D0%B0%D0%B7%D0%B0%D1%85%D1%81%D1%82%D0%B0%D0%BD",
        "en": "/trade?lang=en&reporters=Kazakhstan",
    }[lang]
    page.goto(app_server.url + view)
    wait_for_app(page)
    page.wait_for_selector(".st-key-trade_chart .js-plotly-plot .main-svg g.trace", timeout=60_000)
    label = {"ru": "Цитировать", "en": "Cite"}[lang]
    button = page.locator(".st-key-trade_chart-export-row").get_by_role("button", name=label)
    button.focus()
    page.keyboard.press("Enter")  # opens with the keyboard; the panel is made then (a rerun)
    panel = page.locator('[data-testid="stPopoverBody"]').filter(has=page.locator('[data-testid="stCode"]'))
    panel.wait_for(timeout=30_000)
    text = panel.locator('[data-testid="stCode"]').first.inner_text()
    assert (
        f"URL: {app_server.url}{view} (дата обращения: " in text if lang == "ru" else f"{app_server.url}{view} (accessed " in text
    )
    snippet = panel.locator('[data-testid="stCode"]').nth(1).inner_text()
    assert "<iframe" in snippet and "embed=true" in snippet and "chart=trade" in snippet
    panel.screenshot(path=str(SCREENSHOTS / f"cite-panel-{lang}.png"))
    # The reference's copy button is a tab stop, and Enter on it copies the reference. (Streamlit draws a
    # popover's body at the end of the page, so Tab from the Cite button first crosses the page.)
    copy = panel.locator('[data-testid="stCode"] button').first
    assert copy.evaluate("b => b.tabIndex >= 0 && !b.disabled")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_server.url)
    copy.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("text => navigator.clipboard.readText().then(t => t === text)", arg=text, timeout=10_000)
    assert_no_exception(page)


def test_dark_theme_on_request(page, app_server):
    src = embed_src(app_server.url, "projects", "projects", {}).replace("light_theme", "dark_theme")
    page.goto(src)
    page.wait_for_selector(f"{CHART} .main-svg g.trace", timeout=60_000)
    wait_for_app(page)
    background = page.evaluate("() => getComputedStyle(document.querySelector('[data-testid=\"stApp\"]')).backgroundColor")
    assert background == "rgb(0, 0, 0)"  # [theme.dark] backgroundColor
    page.screenshot(path=str(SCREENSHOTS / "embed-dark.png"), full_page=True)

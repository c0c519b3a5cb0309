"""What only a browser shows of the layout: figures never cut off, charts a reader can read on a phone
(390 px), titles wrapped to the chart's real width, the Download menu and the chart toolbar by keyboard,
and filters from a shared link."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import assert_no_exception, screenshot, wait_for_app
from tests.e2e.test_accessibility import focused, shows_focus, tab_until

pytestmark = pytest.mark.browser

CHART = ".js-plotly-plot .main-svg"


def open_view(page, server, address: str) -> None:
    page.goto(f"{server.url}/{address}")
    wait_for_app(page)
    page.wait_for_selector(CHART, timeout=30_000)
    assert_no_exception(page)


@pytest.fixture(params=[1400, 390], ids=["desktop", "phone"])
def sized(request, browser):
    width = request.param
    phone = width < 600
    context = browser.new_context(
        viewport={"width": width, "height": 900 if not phone else 844}, is_mobile=phone, has_touch=phone
    )
    yield context.new_page()
    context.close()


@pytest.mark.parametrize(("lang", "over"), [("uz", "ortiq"), ("kk", "астам")])
def test_no_metric_on_the_projects_page_is_cut_off(app_server, sized, lang, over):
    """The portfolio range keeps its "over" word: a value that does not fit wraps, never ends in an ellipsis."""
    open_view(sized, app_server, f"projects?lang={lang}")
    metrics = sized.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stMetricValue"] > div')].map(box => ({
            text: box.innerText, scroll: box.scrollWidth, client: box.clientWidth,
            overflow: getComputedStyle(box).textOverflow,
            inner: [...box.querySelectorAll('*')].map(e => [e.scrollWidth, e.clientWidth, getComputedStyle(e).textOverflow])}))"""
    )
    assert len(metrics) >= 4, metrics
    for metric in metrics:
        assert metric["scroll"] <= metric["client"] + 1 and metric["overflow"] != "ellipsis", metric
        assert all(scroll <= client + 1 or overflow != "ellipsis" for scroll, client, overflow in metric["inner"]), metric
    assert any(over in metric["text"] for metric in metrics), metrics


def _plot_geometry(page) -> dict:
    return page.locator(".js-plotly-plot").first.evaluate(
        """(el) => {
        const chart = el.getBoundingClientRect();
        const plot = el.querySelector('.nsewdrag').getBoundingClientRect();
        const texts = [...el.querySelectorAll('.annotation, .bartext, .ytick text, .xtick text')]
            .map(t => t.getBoundingClientRect()).filter(r => r.width > 0);
        return {chart: [chart.left, chart.right, chart.height], plot: [plot.width, plot.height],
                yticks: [...el.querySelectorAll('.ytick text')].filter(t => t.getBoundingClientRect().width > 0).length,
                labels: el.querySelectorAll('.annotation').length,
                outside: texts.filter(r => r.left < chart.left - 1 || r.right > chart.right + 1).length,
                page: document.documentElement.scrollWidth, viewport: window.innerWidth};
    }"""
    )


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", ["events", "agreements", "projects"])
@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_register_charts_have_a_phone_form_with_the_plot_across_the_width(app_server, phone, path, lang):
    """On a phone the row labels stand above their rows: the plot takes most of the width, is tall enough to
    read, and no label (bar values included) runs out of the chart."""
    open_view(phone, app_server, f"{path}?lang={lang}")
    phone.wait_for_function("() => document.querySelector('.js-plotly-plot .nsewdrag').getBoundingClientRect().width > 250")
    geometry = _plot_geometry(phone)
    left, right, _ = geometry["chart"]
    assert geometry["page"] <= geometry["viewport"], geometry
    assert geometry["plot"][0] >= 0.8 * (right - left), geometry
    assert geometry["plot"][1] >= 250, geometry
    assert geometry["yticks"] == 0 and geometry["labels"] >= 4, geometry  # labels above rows, not on the axis
    assert geometry["outside"] == 0, geometry
    screenshot(phone, f"phone-chart-{path}-{lang}")


def test_at_desktop_width_the_register_charts_keep_their_axis_labels(app_server, page):
    open_view(page, app_server, "projects")
    geometry = _plot_geometry(page)
    assert geometry["yticks"] >= 4 and geometry["outside"] == 0, geometry


def test_on_a_phone_a_table_toolbar_leaves_the_heading_above_it_readable(app_server, phone):
    open_view(phone, app_server, "trade")
    table = phone.locator('[data-testid="stDataFrame"]').last
    table.scroll_into_view_if_needed()
    table.tap()
    toolbar = phone.locator('[data-testid="stElementToolbar"]').last
    toolbar.wait_for(state="visible")
    heading = phone.locator("h3").filter(has_text="Все цифры")
    assert toolbar.bounding_box()["y"] >= heading.bounding_box()["y"] + heading.bounding_box()["height"] - 1


def test_a_chart_title_that_fits_one_line_at_1400_px_is_one_line(app_server, page):
    """Titles and footers are wrapped to the chart's real width, and again when the width changes."""
    open_view(page, app_server, "overview")

    def shape() -> dict:
        return page.locator(".js-plotly-plot").first.evaluate(
            """(el) => ({title: el.layout.title.text, width: el.getBoundingClientRect().width,
                 titleWidth: el.querySelector('.gtitle').getBoundingClientRect().width,
                 footerLines: el.layout.annotations[el.layout.annotations.length - 1].text.split('<br>').length})"""
        )

    wide = shape()
    assert "<br>" not in wide["title"] and wide["titleWidth"] < wide["width"], wide
    assert wide["footerLines"] <= 3, wide
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_function("() => document.querySelector('.js-plotly-plot').layout.title.text.includes('<br>')")
    narrow = shape()
    assert narrow["footerLines"] > wide["footerLines"] and narrow["titleWidth"] <= narrow["width"], narrow


def test_the_download_menu_holds_the_focus_and_moves_with_the_arrow_keys(app_server, page):
    page.goto(f"{app_server.url}/trade?lang=en")
    wait_for_app(page)
    page.wait_for_selector(CHART, timeout=30_000)
    tab_until(page, lambda s: "st-key-trade_chart-export " in s["ids"] + " " and "Download" in s["text"])
    page.keyboard.press("Enter")
    page.wait_for_selector('[data-testid="stPopoverBody"]', timeout=10_000)
    page.wait_for_function("() => document.activeElement.closest('[data-testid=\"stPopoverBody\"]')", timeout=5_000)
    in_menu = "() => !!document.activeElement.closest('[data-testid=\"stPopoverBody\"]')"
    assert "PNG" in focused(page)["text"]
    # Tab reaches the CSV within the menu's five items and never leaves it.
    seen = []
    for _ in range(6):
        page.keyboard.press("Tab")
        assert page.evaluate(in_menu)
        seen.append(focused(page)["text"])
    assert any("CSV" in text for text in seen[:4]), seen
    page.keyboard.press("Home")
    assert "PNG" in focused(page)["text"]
    page.keyboard.press("ArrowDown")
    assert "SVG" in focused(page)["text"]
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert "CSV" in focused(page)["text"] and page.evaluate(in_menu)
    page.keyboard.press("Escape")
    page.wait_for_selector('[data-testid="stPopoverBody"]', state="detached", timeout=10_000)
    assert "Download" in focused(page)["text"]


def test_the_chart_toolbar_shows_a_clear_focus_ring(app_server, page):
    open_view(page, app_server, "overview?lang=en")
    state = tab_until(
        page, lambda s: s["tag"] == "BUTTON" and "modebar" in page.evaluate("() => String(document.activeElement.className)")
    )
    ring = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, parseFloat(s.outlineWidth)] }"
    )
    assert ring[0] == "solid" and ring[1] >= 2, (state, ring)
    assert shows_focus(page)


@pytest.mark.parametrize(
    ("address", "label"),
    [("agreements?sector=water", "вода и экология"), ("agreements?lang=kk&sector=water", "су және экология")],
)
def test_a_shared_link_with_a_filter_in_the_datas_words_keeps_it(app_server, page, address, label):
    open_view(page, app_server, address)
    page.wait_for_function(f"() => document.querySelector('.st-key-sector').innerText.includes({label!r})", timeout=15_000)
    assert "sector=" in page.url  # the address carries the filter, in the page's language

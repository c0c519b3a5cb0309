"""In a real browser: an upload changes the figures of this session only, reset brings the shipped data back,
and a UN Comtrade file draws the HS-chapter treemap on the Trade page."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from tests import shipped
from tests.app.data.test_page import trade_upload
from tests.e2e.conftest import assert_no_exception, screenshot, wait_for_app
from tests.test_comtrade import ROWS as COMTRADE_ROWS
from tests.test_comtrade import comtrade_csv

pytestmark = pytest.mark.browser

MAIN = '[data-testid="stMain"]'
CHART_VALUES_JS = """() => Array.from(document.querySelectorAll('.js-plotly-plot'))
    .flatMap(g => (g._fullData || []).flatMap(t => Array.from(t.y || [])))"""


def wait_for_text(page, text: str, timeout: float = 30_000) -> None:
    page.wait_for_function(
        "t => document.querySelector('[data-testid=\"stMain\"]')?.innerText.includes(t)", arg=text, timeout=timeout
    )
    wait_for_app(page)


def go_to(page, nav_title: str) -> None:
    """Navigate inside the app (the same session), as a user clicks the sidebar."""
    link = page.locator('[data-testid="stSidebarNav"] a').filter(has_text=nav_title).first
    path = urlparse(link.get_attribute("href")).path
    link.click()
    page.wait_for_function("path => location.pathname === path", arg=path, timeout=30_000)  # the new page's run began
    wait_for_app(page)


def upload_trade(page, url: str, path) -> None:
    """On the Data page, upload the shipped trade table with the headline at 7.77 as `path`; wait for the verdict."""
    page.goto(f"{url}/data")
    wait_for_app(page)
    path.write_bytes(trade_upload(7.77))
    page.locator(".st-key-upload-trade-0 input[type=file]").set_input_files(str(path))
    wait_for_text(page, "прошёл проверку")


def main_text(page) -> str:
    return page.inner_text(MAIN)


def test_upload_is_used_in_this_session_only_and_reset_restores(app_server, browser, tmp_path):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    other_context = browser.new_context(viewport={"width": 1400, "height": 1000})
    other = other_context.new_page()
    try:
        upload_trade(page, app_server.url, tmp_path / "моя-торговля.csv")
        assert_no_exception(page)
        assert "Чем ваша таблица отличается от опубликованной" in main_text(page)
        screenshot(page, "data-upload-ru")

        go_to(page, "Обзор")
        wait_for_text(page, "7,77 млрд $")
        assert shipped.latest_usd_bn("ru") not in main_text(page)
        screenshot(page, "overview-uploaded-ru")

        # A second browser session at the same time still sees the shipped data.
        other.goto(app_server.url)
        wait_for_app(other)
        wait_for_text(other, "млрд $")
        assert shipped.latest_usd_bn("ru") in main_text(other)
        assert "7,77 млрд $" not in main_text(other)

        go_to(page, "Торговля")
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
        page.wait_for_function(f"() => ({CHART_VALUES_JS})().includes(7.77)", timeout=30_000)  # the uploaded row, drawn

        go_to(page, "Данные")
        page.locator(".st-key-reset-trade button").click()
        page.wait_for_function(
            "() => !document.querySelector('[data-testid=\"stMain\"]').innerText.includes('прошёл проверку')", timeout=30_000
        )
        wait_for_app(page)
        go_to(page, "Обзор")
        wait_for_text(page, shipped.latest_usd_bn("ru"))
        assert "7,77 млрд $" not in main_text(page)
        assert_no_exception(page)
    finally:
        context.close()
        other_context.close()


def test_comtrade_upload_draws_the_product_treemap(app_server, browser, tmp_path):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        page.goto(f"{app_server.url}/data?lang=en")
        wait_for_app(page)
        page.get_by_role("tab", name="UN Comtrade").click()
        file = tmp_path / "TradeData_UZB_KAZ.csv"
        file.write_bytes(comtrade_csv(COMTRADE_ROWS))
        page.locator(".st-key-upload-comtrade-0 input[type=file]").set_input_files(str(file))
        wait_for_text(page, "gave 3 rows of the trade table")
        assert_no_exception(page)
        screenshot(page, "data-comtrade-en")

        go_to(page, "Trade")
        wait_for_text(page, "Products by HS chapter")
        page.locator(".st-key-products_treemap").scroll_into_view_if_needed()
        page.wait_for_selector(".st-key-products_treemap .js-plotly-plot .main-svg", timeout=30_000)
        labels = page.locator(".st-key-products_treemap .js-plotly-plot").inner_text()
        assert "Ch. 27" in labels
        # Panel titles are wrapped into lines: compare the layout's texts with their breaks as spaces.
        titles = page.evaluate(
            "() => document.querySelector('.st-key-products_treemap .js-plotly-plot').layout.annotations"
            ".map(a => a.text.split('<br>').join(' ')).join('\\n')"
        )
        assert "Uzbekistan's report" in titles and "Mirror, Kazakhstan's report" in titles
        assert_no_exception(page)
        page.locator(".st-key-products_treemap").screenshot(
            path=str(screenshot(page, "trade-comtrade-en").with_name("trade-treemap-en.png"))
        )
    finally:
        context.close()


def test_exports_after_an_upload_name_the_uploaded_file(app_server, page, tmp_path):
    """Upload a trade file, then take the Trade chart's PNG and CSV and the briefing: each names the file."""
    import io

    from PIL import Image
    from pypdf import PdfReader

    from tests.e2e.test_export import SIDEBAR, download, open_menu

    page.set_viewport_size({"width": 1400, "height": 1000})
    upload_trade(page, app_server.url, tmp_path / "my-trade-2026.csv")
    go_to(page, "Торговля")
    menu = open_menu(page, "Скачать")
    _, png = download(page, menu.get_by_role("button", name="PNG", exact=True), tmp_path / "chart.png")
    assert "my-trade-2026.csv" in Image.open(io.BytesIO(png)).text["Description"]
    page.keyboard.press("Escape")
    _, csv = download(page, page.get_by_role("button", name="Данные (CSV)").first, tmp_path / "chart.csv")
    lines = csv.decode("utf-8-sig").splitlines()
    assert lines[0].endswith("Данные из") and all(
        line.endswith("загружено в этом сеансе: my-trade-2026.csv") for line in lines[1:]
    )
    sidebar = page.locator(SIDEBAR)
    _, report = download(page, sidebar.get_by_role("button", name="Справка (HTML)"), tmp_path / "briefing.html")
    assert 'id="provenance"' in report.decode() and "my-trade-2026.csv" in report.decode()
    _, pdf = download(page, sidebar.get_by_role("button", name="Справка (PDF)"), tmp_path / "briefing.pdf")
    reader = PdfReader(io.BytesIO(pdf))
    assert "my-trade-2026.csv" in reader.pages[0].extract_text() and "my-trade-2026.csv" in reader.metadata["/Keywords"]
    assert_no_exception(page)

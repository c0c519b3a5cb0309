"""Exports in a real browser: click a format in a chart's menu and receive the file; the briefing too."""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
import unicodedata

import pytest
from playwright.sync_api import expect

from partnership.i18n import t
from tests.e2e.conftest import StreamlitServer, assert_no_exception, screenshot, wait_for_app

pytestmark = pytest.mark.browser

TODAY = dt.date.today().isoformat()
POPOVER = '[data-testid="stPopoverBody"]'
SIDEBAR = '[data-testid="stSidebar"]'


def open_menu(page, label: str = "Download"):
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    page.locator('[data-testid="stMain"]').get_by_role("button", name=label, exact=True).first.click()
    page.wait_for_selector(POPOVER, timeout=10_000)
    return page.locator(POPOVER)


def download(page, button, path):
    with page.expect_download(timeout=60_000) as info:
        button.click()
    received = info.value
    assert received.failure() is None
    received.save_as(path)
    return received.suggested_filename, path.read_bytes()


def open_offline(browser, path):
    """Open a downloaded HTML file with the network cut off; return (page, context, requests made)."""
    context = browser.new_context(viewport={"width": 1200, "height": 900}, offline=True)
    tab = context.new_page()
    requests: list[str] = []
    tab.on("request", lambda request: requests.append(request.url))
    tab.goto(path.as_uri())
    return tab, context, requests


def test_png_from_the_chart_menu(app_server, page, tmp_path):
    page.goto(f"{app_server.url}/?lang=en")
    wait_for_app(page)
    menu = open_menu(page)
    assert [menu.get_by_role("button", name=name, exact=True).count() for name in ("PNG", "SVG", "PDF", "HTML", "CSV")] == [1] * 5
    screenshot(page, "export-menu-en")
    name, body = download(page, menu.get_by_role("button", name="PNG", exact=True), tmp_path / "chart.png")
    assert name == f"overview-turnover-target-en-{TODAY}.png"
    assert body.startswith(b"\x89PNG\r\n\x1a\n")
    assert struct.unpack(">II", body[16:24]) == (2400, 1350)
    assert_no_exception(page)


def test_pdf_and_svg_from_the_chart_menu(app_server, page, tmp_path):
    from pypdf import PdfReader

    page.goto(f"{app_server.url}/trade?lang=ru")
    wait_for_app(page)
    menu = open_menu(page, "Скачать")
    name, pdf = download(page, menu.get_by_role("button", name="PDF", exact=True), tmp_path / "chart.pdf")
    assert name == f"trade-turnover_usd_bn-ru-{TODAY}.pdf"
    assert "Источники:" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    name, svg = download(page, menu.get_by_role("button", name="SVG", exact=True), tmp_path / "chart.svg")
    assert name.endswith(".svg") and svg.startswith(b"<svg")
    # The title is wrapped into lines (tspans) to fit a phone: read the drawing's text with tags as spaces.
    text = " ".join(re.sub(rb"<[^>]+>", b" ", svg).decode("utf-8").split())
    assert "Товарооборот Узбекистана и Казахстана" in text


def test_html_export_opens_offline_and_draws_the_chart(app_server, page, browser, tmp_path):
    page.goto(f"{app_server.url}/?lang=en")
    wait_for_app(page)
    menu = open_menu(page)
    name, body = download(page, menu.get_by_role("button", name="HTML", exact=True), tmp_path / "chart.html")
    assert name == f"overview-turnover-target-en-{TODAY}.html"
    offline, context, requests = open_offline(browser, tmp_path / "chart.html")
    try:
        offline.wait_for_selector(".js-plotly-plot .main-svg g.trace", timeout=20_000)
        assert "path to the target" in offline.locator(".js-plotly-plot").inner_text()
        assert [url for url in requests if not url.startswith(("file:", "data:"))] == []
    finally:
        context.close()


def test_csv_of_the_chart_and_no_rerun(app_server, page, tmp_path):
    page.goto(f"{app_server.url}/?lang=en")
    wait_for_app(page)
    marker = page.evaluate("() => { window.__noRerun = 1; return 1 }")
    menu = open_menu(page)
    name, body = download(page, menu.get_by_role("button", name="CSV", exact=True), tmp_path / "chart.csv")
    assert name == f"overview-turnover-target-en-{TODAY}.csv"
    text = body.decode("utf-8-sig")
    assert text.startswith("Year,Series,") and "https://" in text
    # The page did not reload and the menu is still open: the file was made without a rerun.
    assert page.evaluate("() => window.__noRerun") == marker
    assert page.locator(POPOVER).is_visible()


def test_modebar_download_uses_the_same_name_at_scale_2(app_server, page, tmp_path):
    page.goto(f"{app_server.url}/?lang=ru")
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    chart = page.locator(".js-plotly-plot").first
    chart.hover()
    width = chart.evaluate("el => el._fullLayout.width")
    camera = chart.locator(f'.modebar-btn[data-title="{t("chart_toolbar.download_png", "ru")}"]')  # the toolbar speaks Russian
    name, body = download(page, camera, tmp_path / "modebar.png")
    assert name == f"overview-turnover-target-ru-{TODAY}.png"
    assert struct.unpack(">II", body[16:24])[0] == 2 * width


MODEBAR_NAMES = """el => [...el.querySelectorAll('.modebar-btn')].map(b => b.getAttribute('data-title'))"""


def modebar_titles(chart) -> list[str]:
    chart.hover()
    return chart.evaluate(MODEBAR_NAMES)


def test_no_control_offers_to_send_a_chart_elsewhere(app_server, page, browser, tmp_path):
    """plotly.js 3+ shows "Share chart…" (upload to Plotly Cloud) unless told not to: not on screen, not in a file."""
    for path in ("/", "/trade", "/scenarios", "/projects"):
        page.goto(f"{app_server.url}{path}?lang=en")
        wait_for_app(page)
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
        chart = page.locator(".js-plotly-plot").first
        titles = modebar_titles(chart)
        assert titles and not any("share" in title.lower() or "cloud" in title.lower() for title in titles), (path, titles)
    menu = open_menu(page)
    _, body = download(page, menu.get_by_role("button", name="HTML", exact=True), tmp_path / "chart.html")
    tab, context, _ = open_offline(browser, tmp_path / "chart.html")
    try:
        tab.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
        titles = modebar_titles(tab.locator(".js-plotly-plot").first)
        assert titles and not any("share" in title.lower() or "cloud" in title.lower() for title in titles), titles
        assert tab.evaluate("() => document.querySelector('.js-plotly-plot')._context.showSendToCloud") is False
    finally:
        context.close()


def test_briefing_html_and_pdf_from_the_sidebar(app_server, page, browser, tmp_path):
    from pypdf import PdfReader

    page.goto(f"{app_server.url}/trade?lang=en&reporters=Kazakhstan")
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    sidebar = page.locator(SIDEBAR)
    name, body = download(page, sidebar.get_by_role("button", name="Briefing (HTML)"), tmp_path / "briefing.html")
    assert name == f"briefing-trade-en-{TODAY}.html"
    report = body.decode("utf-8")
    for section in ('id="kpis"', 'id="parameters"', 'id="charts"', 'id="tables"', 'id="sources"'):
        assert section in report
    assert "<dt>reporters</dt><dd>Kazakhstan</dd>" in report
    assert f'href="{app_server.url}/trade?lang=en&amp;reporters=Kazakhstan"' in report  # reopens this view
    offline, context, requests = open_offline(browser, tmp_path / "briefing.html")
    try:
        offline.wait_for_selector("#chart-1 .main-svg g.trace", timeout=20_000)
        assert offline.locator(".js-plotly-plot").count() == 3  # the Trade page's three charts (one per tab)
        assert [url for url in requests if not url.startswith(("file:", "data:"))] == []
        screenshot(offline, "briefing-html-en")
    finally:
        context.close()
    name, pdf = download(page, sidebar.get_by_role("button", name="Briefing (PDF)"), tmp_path / "briefing.pdf")
    assert name == f"briefing-trade-en-{TODAY}.pdf"
    # NFKC: Chromium's PDF text uses ligatures ("ﬁ" in "Briefing").
    text = unicodedata.normalize("NFKC", "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    assert "Briefing: Uzbekistan–Kazakhstan partnership" in text and "Key figures" in text and "Sources" in text


def test_without_chromium_static_formats_are_disabled_and_html_still_downloads(browser, tmp_path):
    server = StreamlitServer(env={"CHROMIUM": str(tmp_path / "no-chromium")})
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    try:
        page = context.new_page()
        page.goto(f"{server.url}/?lang=ru")
        wait_for_app(page)
        menu = open_menu(page, "Скачать")
        for name in ("PNG", "SVG", "PDF"):
            assert menu.get_by_role("button", name=name, exact=True).is_disabled()
        assert "apt-get install chromium" in menu.inner_text()
        assert page.locator(SIDEBAR).get_by_role("button", name="Справка (PDF)").is_disabled()
        screenshot(page, "export-menu-no-chromium-ru")
        name, body = download(page, menu.get_by_role("button", name="HTML", exact=True), tmp_path / "chart.html")
        assert name.endswith(".html") and b"Plotly.newPlot" in body
        name, body = download(page, menu.get_by_role("button", name="CSV", exact=True), tmp_path / "chart.csv")
        assert body.startswith("\ufeffГод,Ряд,".encode())
        assert_no_exception(page)
    finally:
        context.close()
        server.close()


def test_an_export_the_browser_cannot_make_says_so_in_the_page_language(browser, tmp_path):
    """A Chromium that dies as it starts (each time: the retry on a new browser dies too) stands for the export
    browser lost twice in one export; the reader reads the catalog's sentence under the button, not Streamlit's
    English reason, and the page goes on."""
    dying = tmp_path / "chromium"
    dying.write_text("#!/bin/sh\nexit 1\n")
    dying.chmod(0o755)
    server = StreamlitServer(env={"CHROMIUM": str(dying)})
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    try:
        page = context.new_page()
        downloads = []
        page.on("download", lambda download: downloads.append(download))
        page.goto(f"{server.url}/?lang=ru")
        wait_for_app(page)
        menu = open_menu(page, "Скачать")
        menu.get_by_role("button", name="PNG", exact=True).click()
        error = page.locator('[data-testid="stDownloadButtonError"]')
        expect(error).to_have_text(t("streamlit_ui.download_failed", "ru"), timeout=30_000)
        screenshot(page, "export-failed-ru")
        assert downloads == []
        assert_no_exception(page)
    finally:
        context.close()
        server.close()

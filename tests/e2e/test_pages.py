"""Every page opens in Chromium in both languages, without an exception box, with its charts drawn."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests import shipped
from tests.conftest import page_links
from tests.e2e.conftest import assert_no_exception, screenshot, wait_for_app

pytestmark = pytest.mark.browser

PAGES = [(path, name) for path, name in page_links() if name != "data"]


@pytest.mark.parametrize("lang", ["ru", "en"])
@pytest.mark.parametrize(("url_path", "name"), PAGES)
def test_page_renders_with_charts(app_server, page, url_path, name, lang):
    """Every page with charts: no exception box, at least one Plotly chart drawn, a screenshot kept."""
    page.goto(f"{app_server.url}/{url_path}?lang={lang}")
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    assert_no_exception(page)
    assert page.locator(".js-plotly-plot").count() >= 1
    screenshot(page, f"{name}-{lang}")


def test_overview_shows_sourced_kpis_in_russian_by_default(app_server, page):
    page.goto(app_server.url)
    wait_for_app(page)
    main = page.locator('[data-testid="stMain"]')
    for text in (
        shipped.latest_usd_bn("ru"),
        shipped.latest_growth("ru"),
        f"Цель к {shipped.target_year()} году",
        shipped.target_usd_bn("ru"),
        shipped.required_rate("ru"),
    ):
        expect(main).to_contain_text(text, timeout=30_000)
    assert page.locator(f'[data-testid="stMain"] a[href^="https://{shipped.latest_host()}"]').count() >= 1


def test_language_switch_updates_url(app_server, page):
    page.goto(f"{app_server.url}/trade")
    wait_for_app(page)
    page.locator('[data-testid="stSidebar"] [data-testid="stRadio"] label').filter(has_text="English").click()
    page.wait_for_url("**lang=en**", timeout=15_000)
    wait_for_app(page)
    assert "Uzbekistan–Kazakhstan trade" in page.inner_text('[data-testid="stMain"]')


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_data_page_renders(app_server, page, lang):
    page.goto(f"{app_server.url}/data?lang={lang}")
    wait_for_app(page)
    assert_no_exception(page)
    expect(page.locator('[data-testid="stFileUploaderDropzone"]').first).to_be_visible(timeout=30_000)
    screenshot(page, f"data-{lang}")

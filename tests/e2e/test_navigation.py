"""Settings survive navigation within a session: the sidebar and the browser's Back button bring a page back
as it was left (ui/view_memory.py)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_exception, screenshot, wait_for_app

pytestmark = pytest.mark.browser

# The sidebar's pages in menu order (app.py's PAGES).
MENU = ("overview", "trade", "scenarios", "agreements", "projects", "events", "data")
GROWTH3 = ".st-key-scenario_chart output"  # the explorer's value beside scenario 3's slider (the only custom one)


def go(page, url_path: str) -> None:
    """Open a page from the sidebar, as a reader does."""
    index = MENU.index(url_path)
    page.locator('[data-testid="stSidebarNav"] a').nth(index).click()
    page.wait_for_url(re.compile(rf"/{url_path}(\?|$)") if index else re.compile(r"/(\?|$)"), timeout=15_000)
    wait_for_app(page)
    assert_no_exception(page)


def back(page, url_path: str) -> None:
    page.go_back()
    page.wait_for_url(re.compile(rf"/{url_path}(\?|$)"), timeout=15_000)
    wait_for_app(page)  # a restored view reruns once more: the callers wait for its URL and values
    assert_no_exception(page)


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def test_scenario_setting_survives_the_sidebar_and_the_back_button(app_server, page):
    page.goto(f"{app_server.url}/scenarios?growth3=12.5")
    wait_for_app(page)
    expect(page.locator(GROWTH3)).to_have_text("+12,5\xa0%", timeout=30_000)

    go(page, "trade")
    assert "growth3" not in query(page)  # another page's link carries only its own settings
    back(page, "scenarios")
    page.wait_for_url(re.compile(r"growth3=12\.5"), timeout=10_000)
    expect(page.locator(GROWTH3)).to_have_text("+12,5\xa0%", timeout=30_000)

    go(page, "trade")
    go(page, "scenarios")
    page.wait_for_url(re.compile(r"growth3=12\.5"), timeout=10_000)
    expect(page.locator(GROWTH3)).to_have_text("+12,5\xa0%", timeout=30_000)

    # A change made in the page's fragment (no full run) is what Back brings back.
    page.locator('.st-key-scenario_chart input[type="range"][data-index="3"]').focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_url(re.compile(r"growth3=13"), timeout=10_000)
    go(page, "events")
    back(page, "scenarios")
    page.wait_for_url(re.compile(r"growth3=13"), timeout=10_000)
    expect(page.locator(GROWTH3)).to_have_text("+13,0\xa0%", timeout=30_000)
    screenshot(page, "navigation-back-scenarios")


def test_agreements_filters_survive_the_sidebar_and_the_back_button(app_server, page):
    page.goto(f"{app_server.url}/agreements?lang=en&summit=true&q=energy")
    wait_for_app(page)
    expect(page.locator(".st-key-q input")).to_have_value("energy", timeout=30_000)
    for leave in ("back", "sidebar"):
        go(page, "events")
        if leave == "back":
            back(page, "agreements")
        else:
            go(page, "agreements")
        page.wait_for_url(re.compile(r"summit=true"), timeout=10_000)
        assert query(page)["q"] == ["energy"] and query(page)["lang"] == ["en"], leave
        expect(page.locator(".st-key-q input")).to_have_value("energy", timeout=30_000)
        expect(page.locator(".st-key-summit input")).to_be_checked(timeout=30_000)

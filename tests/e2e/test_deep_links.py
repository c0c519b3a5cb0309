"""Every page opens from its own link as the very first request a freshly started server receives.

A bookmarked or shared link is often the first thing a just-started (or just-restarted) replica
sees; before any session has run the router, Streamlit must still resolve the path to the page,
with the router's sidebar and without its "Page not found" dialog. One new server per link.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from partnership.i18n import DEFAULT_LANGUAGE, catalog, t
from tests.conftest import app_pages
from tests.e2e.conftest import StreamlitServer, assert_no_exception, screenshot, wait_for_app

pytestmark = pytest.mark.browser


PAGES = app_pages()


def heading_pattern(url_path: str, lang: str) -> re.Pattern[str]:
    """The page's own title (`<url path>.title`), its {placeholders} matching any text."""
    template = catalog(lang)[f"{url_path}.title"]
    parts = re.split(r"\{[^}]*\}", template)
    return re.compile("^" + ".+".join(re.escape(part) for part in parts) + "$")


def test_every_page_has_a_title_string():
    assert [path for *_, path in PAGES] == ["overview", "trade", "scenarios", "agreements", "projects", "events", "data"]
    for *_, url_path in PAGES:
        assert f"{url_path}.title" in catalog(DEFAULT_LANGUAGE)


@pytest.mark.parametrize(
    ("url_path", "query", "lang"),
    [(url_path, "", DEFAULT_LANGUAGE) for *_, url_path in PAGES] + [("overview", "?lang=en", "en")],
)
def test_deep_link_is_the_first_request_of_a_new_server(browser, url_path, query, lang):
    server = StreamlitServer()
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.goto(f"{server.url}/{url_path}{query}")
        wait_for_app(page)
        main = page.locator('[data-testid="stMain"]')
        expect(main.locator("h1").first).to_have_text(heading_pattern(url_path, lang), timeout=30_000)
        # The router's sidebar: every page in menu order, in the page's language.
        links = page.locator('[data-testid="stSidebarNavLink"] [data-testid="stMarkdownContainer"]')
        expect(links).to_have_text([t(key, lang) for _, key, _, _ in PAGES])
        assert "Page not found" not in page.inner_text("body")
        assert page.locator('[role="dialog"]').count() == 0
        assert_no_exception(page)
        # The address stays the link that was opened, so it can be bookmarked again.
        assert page.url == f"{server.url}/{url_path}{query}"
        screenshot(page, f"deep-link-{url_path}-{lang}")
    finally:
        context.close()
        server.close()


def test_the_briefing_link_of_the_root_page_opens_it_on_a_new_server(app_server, page, browser, tmp_path):
    """The briefing's "reopen this view" link, written on the root page, is itself a working deep link."""
    import html

    page.goto(f"{app_server.url}/?lang=en")
    wait_for_app(page)
    with page.expect_download(timeout=60_000) as info:
        page.locator('[data-testid="stSidebar"]').get_by_role("button", name="Briefing (HTML)").click()
    info.value.save_as(tmp_path / "briefing.html")
    report = (tmp_path / "briefing.html").read_text(encoding="utf-8")
    links = [html.unescape(href) for href in re.findall(r'href="([^"]+)"', report) if href.startswith(app_server.url)]
    assert links == [f"{app_server.url}/overview?lang=en"]
    server = StreamlitServer()
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        fresh = context.new_page()
        fresh.goto(links[0].replace(app_server.url, server.url))
        wait_for_app(fresh)
        expect(fresh.locator('[data-testid="stMain"] h1').first).to_have_text(heading_pattern("overview", "en"), timeout=30_000)
        assert "Page not found" not in fresh.inner_text("body")
    finally:
        context.close()
        server.close()

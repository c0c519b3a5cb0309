"""Real-browser fixtures: `streamlit run` on a loopback port, driven by Debian's Chromium (devtools/server.py).

Chromium is found at $CHROMIUM, /usr/bin/chromium or on PATH and launched through
Playwright with executable_path (Playwright cannot download browsers here). Without it
the tests skip with the reason, unless REQUIRE_BROWSER=1, which makes them fail.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from devtools import server
from devtools.server import CHROMIUM_ARGS, ROOT, find_chromium

__all__ = ["CHROMIUM_ARGS", "ROOT", "SCREENSHOTS", "StreamlitServer", "find_chromium"]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"


def _no_browser(reason: str) -> None:
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


class StreamlitServer(server.StreamlitServer):
    """One `streamlit run` process on 127.0.0.1 (devtools/server.py), healthy once constructed; stopped on close()."""

    def __init__(self, env: dict[str, str] | None = None, script: str = "app.py", cwd: Path = ROOT):
        super().__init__(script, env=env, cwd=cwd)
        self.wait_healthy()


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = find_chromium()
    if path is None:
        _no_browser("no Chromium found (set $CHROMIUM or install Debian's chromium: apt-get install chromium)")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _no_browser("playwright is not installed (pip install -r requirements-dev.txt)")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def app_server(browser) -> Iterator[StreamlitServer]:
    """The app with the shipped data, shared by the tests of a session."""
    server = StreamlitServer()
    yield server
    server.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    tab = context.new_page()
    yield tab
    context.close()


# The app is idle: connected, its last run (or fragment run) over (stApp's data-test-script-state, which Streamlit's
# own browser tests read), no element of an earlier run left stale, and the main block holds content.
IDLE_JS = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return !!app && app.dataset.testConnectionState === 'CONNECTED' && app.dataset.testScriptState === 'notRunning'
        && !document.querySelector('[data-testid="stStatusWidget"]')
        && !document.querySelector('[data-stale="true"]')
        && document.querySelectorAll('[data-testid="stMainBlockContainer"] *').length > 10;
}"""
# Resolves once the fonts have loaded, styles have been applied (two frames) and every finite CSS transition or
# animation running then has ended (a spinner's endless one is left alone): what a screenshot or a comparison of
# looks waits for.
PAINTED_JS = """async () => {
    await document.fonts.ready;
    await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
    const finite = document.getAnimations().filter(animation => animation.effect
        && animation.effect.getComputedTiming().iterations !== Infinity);
    await Promise.all(finite.map(animation => animation.finished.catch(() => null)));
}"""


def wait_for_app(page, timeout: float = 30_000) -> None:
    """Wait until the page's script run has finished and the page holds content. A run an interaction starts may
    begin after this returns: wait for what the run changes (expect(...), wait_for_url, wait_for_function)."""
    page.wait_for_selector('[data-testid="stMain"]', timeout=timeout)
    page.wait_for_function(IDLE_JS, timeout=timeout)


def wait_for_paint(page) -> None:
    """Wait until the page looks as it will: fonts loaded, styles applied, CSS transitions over."""
    page.evaluate(PAINTED_JS)


def assert_no_exception(page) -> None:
    boxes = page.locator('[data-testid="stException"]')
    assert boxes.count() == 0, boxes.first.inner_text()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    wait_for_paint(page)
    page.screenshot(path=str(path), full_page=True)
    return path

"""The export browser over a long life: killed during an export, replaced when it has grown, no zombies left."""

from __future__ import annotations

import asyncio
import os
import signal
import threading
import time

import pytest

from bench._harness import lasting_zombies, tree_pids  # the benchmarks' /proc process tree
from partnership import data, export, trade
from partnership.charts import trade as trade_charts
from partnership.export import figures


@pytest.fixture(scope="module")
def figure():
    return trade_charts.trade_chart(trade.with_balance(data.load("trade")), "en").figure


def browser_pids() -> list[int]:
    """The Chromium processes under kaleido's launcher (not the launcher itself)."""
    return tree_pids(figures._browser._kaleido.subprocess.pid)[1:]


def test_a_browser_killed_during_an_export_is_replaced_and_the_export_still_arrives(chromium, figure):
    export.figure_bytes(figure, "svg")  # the browser is up
    starts = figures._browser.starts
    rendering = threading.Event()
    calls = []

    async def slow_then_real(k):
        calls.append(k)
        if len(calls) == 1:  # the first browser is killed while it holds this export
            rendering.set()
            await asyncio.sleep(30)
        return await k.calc_fig(figure.to_plotly_json(), opts={"format": "png", "width": 1200, "height": 675})

    result: dict = {}
    worker = threading.Thread(target=lambda: result.update(png=figures._browser.run(slow_then_real)))
    started = time.monotonic()
    worker.start()
    assert rendering.wait(20)
    for pid in browser_pids():  # the whole browser, as the kernel's OOM killer or a crash would end it
        os.kill(pid, signal.SIGKILL)
    worker.join(60)
    assert result["png"].startswith(b"\x89PNG"), "the export was redone on a new browser"
    assert time.monotonic() - started < 25, "the death was noticed at once, not at the 60 s timeout"
    assert figures._browser.starts == starts + 1 and len(calls) == 2
    assert export.figure_bytes(figure, "png").startswith(b"\x89PNG")  # and the next export works
    assert lasting_zombies(os.getpid(), settle_s=10.0) == []


class FakeProcess:
    def __init__(self, alive: bool = True) -> None:
        self.alive, self.pid = alive, os.getpid()

    def poll(self):
        return None if self.alive else -9


class FakeKaleido:
    """What _Browser.run and the retirement read of a kaleido browser: its launcher process."""

    def __init__(self) -> None:
        self.subprocess = FakeProcess()


@pytest.fixture
def fake_browser(monkeypatch):
    """A _Browser whose 'browsers' are FakeKaleido objects on one real event loop; closes are recorded."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    browser, closed = figures._Browser(), []

    def get():
        if not figures._process_alive(browser._kaleido):
            browser._loop, browser._kaleido = loop, FakeKaleido()
            browser.starts, browser.renders = browser.starts + 1, 0
        return browser._loop, browser._kaleido

    monkeypatch.setattr(browser, "get", get)
    monkeypatch.setattr(figures, "_close", lambda loop_, k, thread_: closed.append(k))
    yield browser, closed
    loop.call_soon_threadsafe(loop.stop)
    thread.join(5)


def test_an_export_fails_with_a_message_when_the_new_browser_dies_too(fake_browser):
    browser, _closed = fake_browser

    async def always_killed(k):
        k.subprocess.alive = False
        await asyncio.sleep(30)

    started = time.monotonic()
    with pytest.raises(RuntimeError, match="export browser stopped during the render"):
        browser.run(always_killed)
    assert time.monotonic() - started < 5 and browser.starts == 2  # noticed within a second, tried on a new one once


def test_the_browser_is_retired_past_its_render_limit_once_no_export_uses_it(fake_browser, monkeypatch):
    browser, closed = fake_browser
    monkeypatch.setattr(figures, "RESTART_AFTER", 3)
    monkeypatch.setattr(figures, "MEMORY_CHECK_EVERY", 10**6)

    async def render(k):
        return b"png"

    first = browser.run(render) and browser._kaleido
    browser.run(render)
    browser._inflight += 1  # another export is still rendering on it: kept past the limit
    browser.run(render)
    assert browser._kaleido is first and closed == []
    browser._inflight -= 1
    browser.run(render)
    assert browser._kaleido is None and closed == [first]  # closed in the background
    browser.run(render)
    assert browser.starts == 2 and browser.renders == 1


def test_the_browser_is_replaced_when_its_memory_passes_the_limit(chromium, figure, monkeypatch):
    export.figure_bytes(figure, "svg")
    starts, old = figures._browser.starts, figures._browser._kaleido.subprocess
    monkeypatch.setattr(figures, "MEMORY_CHECK_EVERY", 1)
    monkeypatch.setattr(figures, "RESTART_ABOVE_MB", 1e9)
    export.figure_bytes(figure, "svg")
    assert figures._browser._kaleido is not None  # far below the limit: kept
    assert figures._tree_pss_mb(old.pid) > 50  # what is measured is a whole browser's memory
    monkeypatch.setattr(figures, "RESTART_ABOVE_MB", 1.0)
    export.figure_bytes(figure, "svg")
    assert figures._browser._kaleido is None
    old.wait(timeout=30)  # closed in the background and reaped
    assert export.figure_bytes(figure, "png").startswith(b"\x89PNG") and figures._browser.starts == starts + 1
    assert lasting_zombies(os.getpid(), settle_s=10.0) == []

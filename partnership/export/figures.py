"""Charts as files: PNG, SVG, PDF (kaleido on the system Chromium) and offline interactive HTML.

    from partnership.export import figure_bytes
    png = figure_bytes(fig, "png")       # 2400×1350 px (1200×675 at scale 2)
    html = figure_bytes(fig, "html")     # one file, plotly.js embedded, opens offline

Static formats need a Chromium-family browser. One browser is started on the first static
export and reused by every later export, every session and every thread of the process
(kaleido's tabs are a pool; each call is a coroutine submitted to one background event loop,
so concurrent callers never share a result). Nothing starts a browser per image.

The browser is looked up as $CHROMIUM if that variable is set (an empty or missing path means
"no browser": static export is then disabled), else /usr/bin/chromium, else `chromium` or
`chromium-browser` on PATH. `static_export_available()` tells a caller whether PNG/SVG/PDF work;
without a browser they raise `ExportUnavailable`, while HTML (and the tables' CSV/XLSX via
`table_bytes`) keep working. kaleido's MathJax (a CDN script) is disabled: nothing is fetched.
"""

from __future__ import annotations

import asyncio
import atexit
import base64
import concurrent.futures
import contextlib
import html
import io
import os
import shutil
import struct
import sys
import tempfile
import threading
import time
import zlib
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

from partnership.charts.base import at_width
from partnership.export.provenance import NONE, Provenance, note, stamp
from partnership.export.tables import AUTHOR
from partnership.export.tables import MIME_TYPES as TABLE_MIME_TYPES
from partnership.i18n import DEFAULT_LANGUAGE, plotly_locale

__all__ = [
    "FORMATS",
    "MIME_TYPES",
    "STATIC_FORMATS",
    "ExportUnavailable",
    "chromium_path",
    "figure_bytes",
    "html_to_pdf",
    "pdf_with_metadata",
    "shutdown",
    "static_export_available",
]

STATIC_FORMATS = ("png", "svg", "pdf")
FORMATS = (*STATIC_FORMATS, "html")
MIME_TYPES = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "html": "text/html",
    **TABLE_MIME_TYPES,
}
# Exported size: 16:9 for slides; PNG at scale 2 so it stays sharp on a projector.
DEFAULT_WIDTH = 1200
DEFAULT_HEIGHT = 675
PNG_SCALE = 2
MIN_PLOT_PX = 120  # the least height an export leaves the plot between its margins
TITLE_PAD = 12  # px between a static image's edge and its left-aligned title
# Tabs kept ready in the one browser: two so a tab reloads (kaleido's clean-up) while the other renders.
TABS = 2
RELOAD_EVERY = 50
START_TIMEOUT = 60.0
RENDER_TIMEOUT = 60.0
CLOSE_TIMEOUT = 15.0
# The browser is replaced after this many renders, or when its processes hold more than RESTART_ABOVE_MB
# (proportional set size, checked every MEMORY_CHECK_EVERY renders; a fresh one holds ~0.5 GB after its
# first exports, docs/soak.md).
RESTART_AFTER = 2000
RESTART_ABOVE_MB = 1000.0
MEMORY_CHECK_EVERY = 25
INSTALL_HINT = "apt-get install chromium (or set $CHROMIUM to a Chromium/Chrome executable)"
# plotly.js's config for every chart, on screen and in exported HTML. plotly.js 3+ adds a "Share chart…"
# button that uploads the chart to Plotly Cloud unless showSendToCloud is false; nothing here may offer to
# send data elsewhere, so it is off and its destination empty (plotly.py's HTML export drops that key; the
# button's switch is what counts). Tips are English-only notifier bubbles.
PLOTLY_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "showSendToCloud": False,
    "plotlyServerURL": "",
    "showTips": False,
}


class ExportUnavailable(RuntimeError):
    """Static export (PNG, SVG, PDF) needs Chromium, which was not found."""


def chromium_path() -> str | None:
    """The browser used for static export, or None when there is none."""
    configured = os.environ.get("CHROMIUM")
    if configured is not None:
        candidates: tuple[str | None, ...] = (configured,)
    else:
        candidates = ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser"))
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def static_export_available() -> bool:
    """True when PNG, SVG and PDF can be made (a Chromium was found)."""
    return chromium_path() is not None


def _unavailable() -> ExportUnavailable:
    return ExportUnavailable(f"PNG, SVG and PDF export needs Chromium, which was not found. Install it: {INSTALL_HINT}.")


# --- the one browser -------------------------------------------------------------------------


def _kaleido_class():
    import kaleido

    class PersistentKaleido(kaleido.Kaleido):
        """kaleido's browser, but a used tab is not reloaded before the caller gets the image.

        kaleido reloads its tab after every figure and only then hands the bytes back. plotly.js's
        `toImage` draws into a temporary element it removes itself, so a tab can render again at
        once; it is reloaded (in the background, off the caller's time) after a failure and every
        RELOAD_EVERY figures, to keep the page's memory bounded.
        """

        _background: set
        _uses: dict

        async def _return_kaleido_tab(self, tab) -> None:
            failed = sys.exc_info()[0] is not None  # called from kaleido's `finally`: is an error propagating?
            uses = self._uses.get(id(tab), 0) + 1
            if not failed and uses < RELOAD_EVERY:
                self._uses[id(tab)] = uses
                await self.tabs_ready.put(tab)
                return
            self._uses.pop(id(tab), None)

            async def reload_and_return() -> None:
                try:
                    await tab.reload()
                except Exception:  # noqa: BLE001 - a broken tab is replaced by a fresh one
                    with contextlib.suppress(Exception):
                        await self.close_tab(tab.tab.target_id)
                    self._total_tabs -= 1
                    await self._create_kaleido_tab()
                    return
                await self.tabs_ready.put(tab)

            task = asyncio.create_task(reload_and_return())
            self._background.add(task)
            task.add_done_callback(self._background.discard)

    return PersistentKaleido


class _BrowserGone(RuntimeError):
    """The browser process died while it rendered (killed, crashed, out of memory)."""


def _process_alive(k: Any) -> bool:
    process = getattr(k, "subprocess", None)
    return k is not None and process is not None and process.poll() is None


def _tree_pss_mb(pid: int) -> float:
    """Memory of a process and its descendants in MB, shared pages split among them (Linux /proc; 0 elsewhere)."""
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        with contextlib.suppress(OSError, ValueError, IndexError):
            for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) / 1024
        with contextlib.suppress(OSError):
            for task in os.listdir(f"/proc/{current}/task"):
                with contextlib.suppress(OSError):
                    todo += [int(child) for child in Path(f"/proc/{current}/task/{task}/children").read_text().split()]
    return total


def _close(loop: asyncio.AbstractEventLoop | None, k: Any, thread: threading.Thread | None) -> None:
    """Close a browser and stop its loop (a dead browser's close gives up after CLOSE_TIMEOUT)."""
    if loop is None:
        return
    if k is not None:

        async def close() -> None:
            for task in list(k._background):
                task.cancel()
            await k.close()

        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(close(), loop).result(CLOSE_TIMEOUT if _process_alive(k) else 2)
        process = getattr(k, "subprocess", None)
        if process is not None and process.poll() is None:
            process.kill()
        if process is not None:
            with contextlib.suppress(Exception):
                process.wait(timeout=5)  # reaped: no zombie left under the server
    loop.call_soon_threadsafe(loop.stop)
    if thread is not None:
        thread.join(timeout=5)


class _Browser:
    """One kaleido browser on one background event loop, shared by every thread of the process.

    It is replaced by a fresh one (the old one closed in the background, once no export is using it)
    after RESTART_AFTER renders, or when its processes hold more than RESTART_ABOVE_MB (checked every
    MEMORY_CHECK_EVERY renders): a server that runs for weeks keeps its export memory bounded.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido: Any = None
        self.starts = 0  # how many browsers this process has started (tests check it stays 1)
        self.renders = 0  # renders by the current browser
        self._inflight = 0

    def _alive(self) -> bool:
        return _process_alive(self._kaleido)

    def get(self) -> tuple[asyncio.AbstractEventLoop, Any]:
        with self._lock:
            if self._alive():
                return self._loop, self._kaleido
            self._stop_locked()
            path = chromium_path()
            if path is None:
                raise _unavailable()
            loop = asyncio.new_event_loop()
            thread = threading.Thread(target=loop.run_forever, name="partnership-export-browser", daemon=True)
            thread.start()

            async def open_browser():
                k = _kaleido_class()(n=TABS, path=path, mathjax=False, timeout=RENDER_TIMEOUT)
                k._background, k._uses = set(), {}
                await k.open()
                return k

            try:
                self._kaleido = asyncio.run_coroutine_threadsafe(open_browser(), loop).result(START_TIMEOUT)
            except BaseException:
                loop.call_soon_threadsafe(loop.stop)
                thread.join(timeout=5)
                raise
            self._loop, self._thread = loop, thread
            self.starts += 1
            self.renders = 0
            return loop, self._kaleido

    def run(self, make_coroutine, timeout: float = RENDER_TIMEOUT):
        """Run `make_coroutine(kaleido)` on the browser's loop; if the browser died, once more on a new one."""
        from choreographer.errors import BrowserClosedError, BrowserFailedError, ChannelClosedError

        for attempt in (1, 2):
            loop, k = self.get()
            with self._lock:
                self._inflight += 1
            try:
                return self._wait(asyncio.run_coroutine_threadsafe(make_coroutine(k), loop), k, timeout)
            except (BrowserClosedError, BrowserFailedError, ChannelClosedError, _BrowserGone):
                if attempt == 2 or _process_alive(k):
                    raise
            finally:
                with self._lock:
                    self._inflight -= 1
                    self.renders += k is self._kaleido
                    self._retire_if_due_locked()
        raise AssertionError("unreachable")

    @staticmethod
    def _wait(future: concurrent.futures.Future, k: Any, timeout: float):
        """The render's result; a dead browser is noticed within a second, not at the timeout."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                return future.result(min(1.0, max(0.0, deadline - time.monotonic())))
            except concurrent.futures.TimeoutError:
                if not _process_alive(k):
                    future.cancel()
                    raise _BrowserGone("the export browser stopped during the render") from None
                if time.monotonic() >= deadline:
                    future.cancel()
                    raise TimeoutError(f"export took longer than {timeout:.0f} s") from None

    def _retire_if_due_locked(self) -> None:
        if self._inflight or self._kaleido is None or not self.renders:
            return
        due = self.renders >= RESTART_AFTER
        if not due and self.renders % MEMORY_CHECK_EVERY == 0:
            due = _tree_pss_mb(self._kaleido.subprocess.pid) > RESTART_ABOVE_MB
        if due:  # the next export starts a fresh browser; this one closes off the callers' time
            old = (self._loop, self._kaleido, self._thread)
            self._loop = self._kaleido = self._thread = None
            threading.Thread(target=_close, args=old, name="partnership-export-browser-close", daemon=True).start()

    def _stop_locked(self) -> None:
        old = (self._loop, self._kaleido, self._thread)
        self._loop = self._kaleido = self._thread = None
        _close(*old)

    def stop(self) -> None:
        with self._lock:
            self._stop_locked()


_browser = _Browser()
atexit.register(_browser.stop)


def shutdown() -> None:
    """Close the shared browser (it starts again on the next static export)."""
    _browser.stop()


# --- figures ---------------------------------------------------------------------------------


def _size(layout: dict, width: int | None, height: int | None) -> tuple[int, int]:
    # A slide at least: a figure taller than the screen's default (many rows, a long footer) keeps its height. A
    # height asked for is given unless the title, legend and footer would leave the plot less than MIN_PLOT_PX
    # (kaleido refuses a plot without room: "Something went wrong with axis scaling").
    width = width or layout.get("width") or DEFAULT_WIDTH
    if height is None:
        return (width, max(layout.get("height") or 0, DEFAULT_HEIGHT))
    margin = layout.get("margin") or {}
    return (width, max(height, (margin.get("t") or 0) + (margin.get("b") or 0) + MIN_PLOT_PX))


def _title_text(fig: go.Figure) -> str:
    title = fig.layout.title.text if fig.layout.title else None
    return str(title) if title else "Chart"


def _lang(fig: go.Figure) -> str:
    meta = fig.layout.meta
    return meta.get("lang", DEFAULT_LANGUAGE) if isinstance(meta, dict) else DEFAULT_LANGUAGE


def figure_html(fig: go.Figure, *, height: int | None = None, provenance: Provenance = NONE) -> str:
    """A complete HTML page with the interactive chart and plotly.js inline (no CDN, opens offline).

    With uploaded data the chart carries the banner and the page a `<meta name="data-provenance">`.
    """
    fig = stamp(fig, provenance, _lang(fig))
    _, shown_height = _size(fig.layout.to_plotly_json(), None, height)
    body = fig.to_html(
        include_plotlyjs=True,
        include_mathjax=False,
        full_html=True,
        config={**PLOTLY_CONFIG, **plotly_locale(_lang(fig))},  # a copy: plotly.py pops keys from the dict it is given
        default_width="100%",
        default_height=f"{shown_height}px",
        validate=False,
    )
    title = html.escape(_title_text(fig).replace("<br>", " "))
    body = body.replace("<html>", f'<html lang="{html.escape(_lang(fig))}">', 1)
    head = f"<head>\n    <title>{title}</title>"
    if provenance:
        head += f'\n    <meta name="data-provenance" content="{html.escape(note(provenance, _lang(fig)))}">'
    return body.replace("<head>", head, 1)


def _pad_title(spec: dict) -> None:
    """A left-aligned title a few pixels in from the image's edge (on screen the page margin does that)."""
    title = spec.setdefault("layout", {}).setdefault("title", {})
    if isinstance(title, dict):
        title["pad"] = {"l": TITLE_PAD, **title.get("pad", {})}


def figure_bytes(
    fig: go.Figure,
    fmt: str,
    *,
    width: int | None = None,
    height: int | None = None,
    scale: float | None = None,
    provenance: Provenance = NONE,
) -> bytes:
    """The figure as a file: "png" (scale 2), "svg", "pdf" (vector) or "html" (interactive, offline).

    Static formats raise ExportUnavailable without Chromium. The figure is exported as it is:
    its title, its source line and any parameters `finish()` put inside it come along. `provenance`
    naming uploaded files puts a banner in the image and the note in the file's metadata (PNG text
    chunk, SVG <desc>, PDF subject and keywords, HTML <meta>).
    """
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {', '.join(FORMATS)}, got {fmt!r}")
    if fmt == "html":
        return figure_html(fig, height=height, provenance=provenance).encode("utf-8")
    if not static_export_available():
        raise _unavailable()
    said = note(provenance, _lang(fig))
    fig = stamp(fig, provenance, _lang(fig))
    # Titles and footers wrapped as the chart element wraps them on a chart as wide as the image.
    spec = at_width(fig.to_dict(), width or fig.layout.width or DEFAULT_WIDTH)
    w, h = _size(spec["layout"], width, height)
    opts = {"format": fmt, "width": w, "height": h, "scale": scale or (PNG_SCALE if fmt == "png" else 1)}
    _pad_title(spec)
    image = _browser.run(lambda k: k.calc_fig(spec, opts=opts))
    if fmt == "pdf":
        # Chromium names the PDF after kaleido's page ("Kaleido-fier"): the chart's own title instead.
        sources = fig.layout.meta.get("sources") if isinstance(fig.layout.meta, dict) else None
        subject = " ".join(part for part in (said, str(sources or "")) if part)
        image = pdf_with_metadata(image, _title_text(fig).replace("<br>", " "), subject=subject, keywords=said)
    elif fmt == "png" and said:
        image = png_with_text(image, "Description", said)
    elif fmt == "svg" and said:
        image = svg_with_description(image, said)
    return image


def pdf_with_metadata(pdf: bytes, title: str, subject: str = "", keywords: str = "") -> bytes:
    """The PDF with its document title, author (the monitor), subject and keywords set."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    info = {"/Title": title, "/Author": AUTHOR, "/Subject": subject, "/Creator": AUTHOR}
    if keywords:
        info["/Keywords"] = keywords
    writer.add_metadata(info)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def png_with_text(png: bytes, keyword: str, text: str) -> bytes:
    """The PNG with an iTXt chunk (UTF-8 text, shown by image viewers' "properties") before its end."""
    payload = keyword.encode("latin-1") + b"\x00\x00\x00\x00\x00" + text.encode("utf-8")
    chunk = struct.pack(">I", len(payload)) + b"iTXt" + payload + struct.pack(">I", zlib.crc32(b"iTXt" + payload))
    end = png.rindex(b"IEND") - 4  # the IEND chunk starts with its 4-byte length
    return png[:end] + chunk + png[end:]


def svg_with_description(svg: bytes, text: str) -> bytes:
    """The SVG with a <desc> (its accessible description and metadata) as the first child of its root."""
    opening = svg.index(b">", svg.index(b"<svg")) + 1
    return svg[:opening] + f"<desc>{html.escape(text)}</desc>".encode() + svg[opening:]


# --- printing a page -------------------------------------------------------------------------

A4_PORTRAIT = {"paperWidth": 8.27, "paperHeight": 11.69}


async def _print_page(k, url: str, footer: str) -> bytes:
    tab = await k.create_tab(url="", window=True)
    try:
        await tab.send_command("Page.enable")
        loaded = tab.subscribe_once("Page.loadEventFired")
        await tab.send_command("Page.navigate", params={"url": url})
        await loaded
        await tab.send_command(
            "Runtime.evaluate",
            params={"expression": "document.fonts.ready.then(() => true)", "awaitPromise": True},
        )
        response = await tab.send_command(
            "Page.printToPDF",
            params={
                **A4_PORTRAIT,
                "printBackground": True,
                "marginTop": 0.5,
                "marginBottom": 0.6,
                "marginLeft": 0.5,
                "marginRight": 0.5,
                "displayHeaderFooter": True,
                "headerTemplate": "<span></span>",
                "footerTemplate": (
                    '<div style="font-size:8px;font-family:sans-serif;color:#5f6368;width:100%;'
                    'padding:0 0.5in;display:flex;justify-content:space-between">'
                    f'<span>{html.escape(footer)}</span><span><span class="pageNumber"></span>'
                    ' / <span class="totalPages"></span></span></div>'
                ),
            },
        )
        if "error" in response:
            raise RuntimeError(f"Chromium could not print the page: {response['error']}")
        return base64.b64decode(response["result"]["data"])
    finally:
        with contextlib.suppress(Exception):
            await k.close_tab(tab.target_id)


def html_to_pdf(page: str, footer: str = "") -> bytes:
    """Print an HTML page to an A4 PDF with the shared Chromium (page numbers in the footer).

    The page is written to a private temporary file and opened from there, so it may be large
    and must be self-contained: the browser has nothing else to load.
    """
    if not static_export_available():
        raise _unavailable()
    with tempfile.TemporaryDirectory(prefix="partnership-print-") as folder:
        path = Path(folder) / "page.html"
        path.write_text(page, encoding="utf-8")
        return _browser.run(lambda k: _print_page(k, path.as_uri(), footer), timeout=RENDER_TIMEOUT * 2)

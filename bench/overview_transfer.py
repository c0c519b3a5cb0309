"""First visit to the Overview: bytes the browser downloads, and that nothing leaves 127.0.0.1.

A fresh Chromium context (empty cache) opens the Overview and waits until its chart is drawn and the
script run is over; every HTTP response's `encodedDataLength` (bytes on the wire: compressed body and
headers, from CDP `Network.loadingFinished`) is summed. The floor is the bare one-chart Streamlit page
of bench/cold_start.py (bench/floor_chart_app.py: st.plotly_chart and nothing else) measured the same
way in the same run. Then the Overview is opened again in the same context (a second visit: what the
browser's cache saves). Any request to a host other than 127.0.0.1 fails the run.

Goal: the Overview's first visit ≤ 4.5 MB (GOAL_MB) and no more than the bare one-chart page (ratio ≤ 1).

    python -m bench.overview_transfer            # one visit per app (the sizes do not vary much)
    python -m bench.overview_transfer --quick    # the same (CI smoke)
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from urllib.parse import urlparse

from bench._harness import CHART_PAINTED, CHROMIUM_ARGS, ROOT, Streamlit, chromium_or_exit, emit_result

GOAL = 1.0
GOAL_MB = 4.5
MB = 1_000_000
APPS = {"overview": ("app.py", "/"), "floor": ("bench/floor_chart_app.py", "/")}


class Visit:
    """The requests of one page load, from the DevTools protocol."""

    def __init__(self):
        self.urls: dict[str, str] = {}
        self.bytes: dict[str, float] = {}
        self.encoding: dict[str, str] = {}
        self.from_cache: set[str] = set()

    def listen(self, cdp) -> None:
        cdp.on("Network.requestWillBeSent", lambda e: self.urls.setdefault(e["requestId"], e["request"]["url"]))
        cdp.on("Network.responseReceived", self._response)
        cdp.on("Network.requestServedFromCache", lambda e: self.from_cache.add(e["requestId"]))
        cdp.on("Network.loadingFinished", lambda e: self.bytes.__setitem__(e["requestId"], e["encodedDataLength"]))

    def _response(self, event) -> None:
        headers = {key.lower(): value for key, value in event["response"].get("headers", {}).items()}
        self.encoding[event["requestId"]] = headers.get("content-encoding", "")
        if event["response"].get("fromDiskCache") or event["response"].get("fromMemoryCache"):
            self.from_cache.add(event["requestId"])

    def total_mb(self) -> float:
        return sum(self.bytes.values()) / MB

    def outside(self) -> list[str]:
        """Requests to anything but this machine (data: and blob: URLs never leave the browser)."""
        return [
            url
            for url in self.urls.values()
            if urlparse(url).scheme not in ("data", "blob") and urlparse(url).hostname not in ("127.0.0.1", "localhost", "::1")
        ]

    def largest(self, count: int = 5) -> list[str]:
        ranked = sorted(self.bytes.items(), key=lambda item: -item[1])[:count]
        return [
            f"{size / MB:6.2f} MB {self.encoding.get(rid) or 'identity':8} {urlparse(self.urls.get(rid, '?')).path}"
            for rid, size in ranked
        ]

    def by_kind(self) -> dict[str, float]:
        kinds: dict[str, float] = defaultdict(float)
        for rid, size in self.bytes.items():
            path = urlparse(self.urls.get(rid, "")).path
            kind = (
                "plotly.js (app/static)"
                if "/app/static/plotly" in path
                else "PlotlyChart chunk"
                if "PlotlyChart" in path
                else "other"
            )
            kinds[kind] += size / MB
        return dict(kinds)


def visit(context, url: str) -> Visit:
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    record = Visit()
    record.listen(cdp)
    page.goto(url)
    page.wait_for_selector(CHART_PAINTED, timeout=90_000)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
    page.wait_for_timeout(1500)  # late requests (fonts, icons) are counted too
    page.close()
    return record


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="the same run (it is one page load per app)")
    parser.parse_args()

    from playwright.sync_api import sync_playwright

    first: dict[str, Visit] = {}
    servers = {name: Streamlit(script) for name, (script, _path) in APPS.items()}
    try:
        for server in servers.values():
            server.wait_healthy()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_or_exit(), args=CHROMIUM_ARGS, headless=True)
            try:
                for name, (_script, path) in APPS.items():
                    context = browser.new_context(viewport={"width": 1400, "height": 1000})
                    first[name] = visit(context, servers[name].url + path)
                    if name == "overview":
                        again = visit(context, servers[name].url + path)
                    context.close()
            finally:
                browser.close()
    finally:
        for server in servers.values():
            server.close()

    for name, record in first.items():
        print(f"{name}: first visit {record.total_mb():.2f} MB in {len(record.bytes)} requests; largest:")
        for line in record.largest():
            print("   ", line)
        print("    by kind:", ", ".join(f"{kind} {size:.2f} MB" for kind, size in record.by_kind().items()))
    print(
        f"overview, second visit in the same browser: {again.total_mb():.2f} MB in {len(again.bytes)} requests "
        f"({len(again.from_cache)} from the cache)"
    )
    for rid, url in again.urls.items():
        if "/app/static/plotly" in url:
            print(
                f"    plotly.js on the second visit: {again.bytes.get(rid, 0) / 1000:.1f} kB "
                f"({'from the cache' if rid in again.from_cache else 'fetched again'})"
            )
    outside = sorted({url for record in (*first.values(), again) for url in record.outside()})
    for url in outside:
        print("LEFT THE MACHINE:", url)
    overview_mb, floor_mb = first["overview"].total_mb(), first["floor"].total_mb()
    ratio = overview_mb / floor_mb
    emit_result(
        "overview_transfer",
        ratio if not outside and overview_mb <= GOAL_MB else max(ratio, GOAL + 1),
        GOAL,
        f"Overview first visit {overview_mb:.2f} MB ({len(first['overview'].bytes)} requests; goal ≤ {GOAL_MB} MB) vs "
        f"{floor_mb:.2f} MB for a bare one-chart st.plotly_chart page; second visit {again.total_mb():.2f} MB; "
        f"requests off 127.0.0.1: {len(outside)}",
        overview_mb=round(overview_mb, 3),
        floor_mb=round(floor_mb, 3),
        overview_requests=len(first["overview"].bytes),
        second_visit_mb=round(again.total_mb(), 3),
        goal_mb=GOAL_MB,
        outside_requests=outside,
        cwd=str(ROOT),
    )
    return 1 if outside else 0


if __name__ == "__main__":
    raise SystemExit(main())

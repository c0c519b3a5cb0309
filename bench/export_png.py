"""Export speed: a warm PNG of the Overview chart through `partnership.export.figure_bytes`.

Measured against plotly's own `fig.to_image` (kaleido, which starts a browser for every image)
in the same run, same figure, same size (1200×675 at scale 2 = 2400×1350 px), same Chromium.
Goal: warm median ≤ 0.15 s and ≥ 10× faster than `fig.to_image` (ratio ours/plotly ≤ 0.1).

    python -m bench.export_png            # 30 warm exports, 5 plotly exports, 4 threads × 10 (≈ 30 s)
    python -m bench.export_png --quick    # 5 / 1 / 2 × 2, for the CI smoke test

The baseline is kept offline: kaleido's default page loads MathJax from a CDN, so plotly is
pointed at an empty local MathJax file (which only makes the baseline faster, never slower).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import threading
import time
from pathlib import Path

import plotly.io as pio

from partnership import data, export, kpis, trade
from partnership.charts import trade as trade_charts

GOAL_SECONDS = 0.15
GOAL_RATIO = 0.1  # ours / plotly: at least 10× faster


def overview_figure(lang: str = "ru"):
    trade_df, targets, projects = data.load("trade"), data.load("targets"), data.load("projects")
    k = kpis.overview(trade_df, targets, projects)
    return trade_charts.overview_chart(trade.full_year(trade_df), k["path"], k["target"], lang).figure


def timed(function) -> tuple[float, bytes]:
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small sizes for the CI smoke test")
    args = parser.parse_args()
    warm_runs, plotly_runs, threads, per_thread = (5, 1, 2, 2) if args.quick else (30, 5, 4, 10)

    browser = export.chromium_path()
    if browser is None:
        raise SystemExit(f"no Chromium found: {export.INSTALL_HINT}")
    fig = overview_figure()
    size = {"width": export.DEFAULT_WIDTH, "height": export.DEFAULT_HEIGHT, "scale": export.PNG_SCALE}

    cold, first = timed(lambda: export.figure_bytes(fig, "png"))
    assert first.startswith(b"\x89PNG"), "not a PNG"
    warm = [timed(lambda: export.figure_bytes(fig, "png"))[0] for _ in range(warm_runs)]

    # Several sessions exporting at once share the one browser.
    concurrent: list[float] = []
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(per_thread):
            seconds, _ = timed(lambda: export.figure_bytes(fig, "png"))
            with lock:
                concurrent.append(seconds)

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    wall_start = time.perf_counter()
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    wall = time.perf_counter() - wall_start
    export.shutdown()

    # plotly's own path: kaleido.calc_fig_sync starts a browser for each image.
    with tempfile.TemporaryDirectory() as folder:
        empty_mathjax = Path(folder) / "mathjax-offline-stub.js"
        empty_mathjax.write_text("", encoding="utf-8")
        pio.defaults.mathjax = str(empty_mathjax)
        os.environ.setdefault("BROWSER_PATH", browser)
        baseline = [timed(lambda: fig.to_image(format="png", **size))[0] for _ in range(plotly_runs)]

    ours, theirs = statistics.median(warm), statistics.median(baseline)
    ratio = ours / theirs
    ordered = sorted(concurrent)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(f"figure: Overview chart, PNG {size['width']}×{size['height']} at scale {size['scale']}, {len(first):,} bytes")
    print(f"first export (starts the browser): {cold:.2f} s")
    print(f"warm export, median of {warm_runs}: {ours * 1000:.0f} ms (min {min(warm) * 1000:.0f}, max {max(warm) * 1000:.0f})")
    print(
        f"{threads} threads × {per_thread}: median {statistics.median(concurrent) * 1000:.0f} ms, "
        f"p95 {p95 * 1000:.0f} ms, {len(concurrent) / wall:.1f} images/s"
    )
    print(f"plotly fig.to_image, median of {plotly_runs}: {theirs:.2f} s")
    print(f"speed-up: {theirs / ours:.1f}× (goal ≥ {1 / GOAL_RATIO:g}×); warm median goal ≤ {GOAL_SECONDS * 1000:.0f} ms")
    passed = ratio <= GOAL_RATIO and ours <= GOAL_SECONDS
    summary = f"warm PNG export {ours * 1000:.0f} ms vs plotly fig.to_image {theirs:.2f} s"
    print(f"ratio: {ratio:.3f}× (goal ≤ {GOAL_RATIO:g}×, {'met' if passed else 'NOT met'}) — {summary}")
    result = {
        "name": "export_png",
        "ratio": round(ratio, 4),
        "goal": GOAL_RATIO,
        "pass": passed,
        "summary": summary,
        "warm_median_s": round(ours, 4),
        "goal_seconds": GOAL_SECONDS,
        "plotly_median_s": round(theirs, 3),
        "cold_s": round(cold, 3),
        "concurrent_median_s": round(statistics.median(concurrent), 4),
        "concurrent_p95_s": round(p95, 4),
    }
    print("RESULT " + json.dumps(result, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()

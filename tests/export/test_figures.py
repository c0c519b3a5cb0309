"""partnership.export: the four figure formats, one shared browser, and life without Chromium."""

from __future__ import annotations

import base64
import io
import json
import struct
import threading
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from partnership import data, export, kpis, trade
from partnership.charts import base as chart_base
from partnership.charts import trade as trade_charts
from partnership.export import figures
from partnership.export import tables as table_export


@pytest.fixture(scope="module")
def trade_figure():
    """The Trade page's chart in English: its source footer names the hosts of the data."""
    return trade_charts.trade_chart(trade.with_balance(data.load("trade")), "en").figure


@pytest.fixture(scope="module")
def overview_figure():
    trade_df, targets, projects = data.load("trade"), data.load("targets"), data.load("projects")
    k = kpis.overview(trade_df, targets, projects)
    return trade_charts.overview_chart(trade.full_year(trade_df), k["path"], k["target"], "ru").figure


def png_size(png: bytes) -> tuple[int, int]:
    return struct.unpack(">II", png[16:24])


def svg_text(svg: bytes) -> str:
    root = ET.fromstring(svg)
    return " ".join(text for element in root.iter() for text in (element.text,) if text)


def test_png_has_magic_bytes_and_is_twice_the_slide_size(chromium, trade_figure):
    png = export.figure_bytes(trade_figure, "png")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert png_size(png) == (2 * export.DEFAULT_WIDTH, 2 * export.DEFAULT_HEIGHT)


def test_png_respects_size_and_scale(chromium, trade_figure):
    png = export.figure_bytes(trade_figure, "png", width=800, height=500, scale=1)
    assert png_size(png) == (800, 500)


def test_svg_parses_as_xml_and_carries_title_and_source_line(chromium, trade_figure):
    svg = export.figure_bytes(trade_figure, "svg")
    root = ET.fromstring(svg)  # raises if not well-formed XML
    assert root.tag.endswith("svg")
    text = svg_text(svg)
    assert "Uzbekistan–Kazakhstan trade turnover" in text
    assert "Sources:" in text and "Uzbekistan–Kazakhstan Partnership Monitor" in text
    # The hosts named are the data's own sources.
    hosts = {url.split("/")[2].removeprefix("www.") for url in data.load("trade")["source_url"]}
    assert any(host in text for host in hosts)


def test_pdf_opens_with_pypdf_and_holds_the_chart_text(chromium, overview_figure):
    from pypdf import PdfReader

    pdf = export.figure_bytes(overview_figure, "pdf")
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    # 1200×675 CSS px printed at 96 dpi = 900×506.25 pt: the page is the chart, not an A4 sheet.
    assert float(page.mediabox.width) == pytest.approx(900, abs=2)
    text = " ".join(page.extract_text().split())  # the footer is wrapped into lines
    assert "Источники:" in text and "Мониторинг партнёрства" in text
    assert "2030" in text


def test_scenario_parameters_stated_in_the_figure_survive_export(chromium):
    """Scenario charts state their parameters in the footer note (chart_base.finish); the export keeps them."""
    fig = go.Figure(go.Scatter(x=[2025, 2030], y=[4.97, 10]))
    chart_base.finish(fig, "en", "Scenario", "Sources: example.org.", note="Growth 15% a year from 2025; target $10 bn by 2030")
    text = svg_text(export.figure_bytes(fig, "svg"))
    assert "Growth 15% a year from 2025; target $10 bn by 2030" in text
    assert "Sources: example.org." in text


class _Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.external: list[str] = []
        self.inline_scripts = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            if attrs.get("src"):
                self.external.append(attrs["src"])
            else:
                self.inline_scripts += 1
        if tag == "link" and attrs.get("href"):
            self.external.append(attrs["href"])


def test_html_is_self_contained_with_the_data_and_no_cdn(trade_figure):
    page = export.figure_bytes(trade_figure, "html").decode("utf-8")
    parser = _Scripts()
    parser.feed(page)
    assert parser.external == []  # nothing loaded from anywhere: plotly.js is inline
    assert parser.inline_scripts >= 2  # plotly.js and the chart
    assert "cdn.plot.ly/plotly" not in page and "<script src=" not in page
    assert "Plotly.newPlot" in page and "plotly.js v" in page  # the library itself is in the file
    assert '<html lang="en">' in page and "<title>Uzbekistan–Kazakhstan trade turnover</title>" in page
    # No control of the file offers to upload the chart (plotly.js's "Share chart…" is on by default).
    assert '"showSendToCloud": false' in page.replace('":false', '": false')
    # The data: each turnover value and the source footer are in the figure (read as JSON, not as text:
    # the json module escapes non-ASCII characters where orjson does not).
    traces, layout = _plotted_figure(page)
    plotted = {float(y) for trace in traces for y in _values(trace["y"])}
    assert set(data.load("trade")["turnover_usd_bn"].dropna()) <= plotted
    # The footer is wrapped for narrow charts: read it with its line breaks as spaces.
    assert any("Uzbekistan–Kazakhstan Partnership Monitor" in note["text"].replace("<br>", " ") for note in layout["annotations"])


def _values(array) -> list:
    """A trace's array as plotly.js reads it: a JSON list, or a typed array ({"dtype", "bdata"} in base64)."""
    if isinstance(array, dict):
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return array


def _plotted_figure(page: str) -> tuple[list, dict]:
    """The traces and layout an exported HTML page passes to Plotly.newPlot, parsed."""
    decoder = json.JSONDecoder()
    rest = page[page.index("Plotly.newPlot(") :]
    rest = rest[rest.index(",") + 1 :].lstrip()  # past the div id
    traces, end = decoder.raw_decode(rest)
    rest = rest[end:].lstrip().removeprefix(",").lstrip()
    layout, _ = decoder.raw_decode(rest)
    return traces, layout


def test_unknown_format_is_a_value_error(trade_figure):
    with pytest.raises(ValueError, match="png, svg, pdf, html"):
        export.figure_bytes(trade_figure, "jpeg")


def test_table_bytes_is_the_safe_table_export():
    assert export.table_bytes is table_export.table_bytes
    csv = export.table_bytes(pd.DataFrame({"name": ["=1+1", "ok"], "value": [1.5, -2]}), "csv").decode("utf-8-sig")
    assert "'=1+1" in csv and "-2" in csv


def test_one_browser_serves_many_threads_each_getting_its_own_image(chromium, trade_figure):
    export.figure_bytes(trade_figure, "png")  # the browser is up
    starts = figures._browser.starts
    formats = ["png", "svg", "pdf"] * 4
    results: dict[int, bytes] = {}

    def work(index: int) -> None:
        results[index] = export.figure_bytes(trade_figure, formats[index], width=600 + index * 10, height=400)

    workers = [threading.Thread(target=work, args=(i,)) for i in range(len(formats))]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert figures._browser.starts == starts  # nothing started another browser
    for index, fmt in enumerate(formats):
        body = results[index]
        assert body[:4] == {"png": b"\x89PNG", "svg": b"<svg", "pdf": b"%PDF"}[fmt]
        if fmt == "png":  # each caller got the image it asked for, not a neighbour's
            margin = chart_base.at_width(trade_figure.to_dict(), 600 + index * 10)["layout"]["margin"]  # wrapped to the width
            margins = margin["t"] + margin["b"]
            assert png_size(body) == (2 * (600 + index * 10), 2 * max(400, margins + figures.MIN_PLOT_PX))


def test_the_browser_starts_again_after_shutdown_or_a_crash(chromium, trade_figure):
    export.figure_bytes(trade_figure, "svg")
    starts = figures._browser.starts
    export.shutdown()
    assert export.figure_bytes(trade_figure, "svg").startswith(b"<svg")
    assert figures._browser.starts == starts + 1
    # The browser process dies (killed by us, by its own pid): the next export starts a new one.
    figures._browser._kaleido.subprocess.kill()
    figures._browser._kaleido.subprocess.wait(timeout=10)
    assert export.figure_bytes(trade_figure, "png").startswith(b"\x89PNG")
    assert figures._browser.starts == starts + 2


def test_html_to_pdf_prints_an_a4_page(chromium):
    from pypdf import PdfReader

    pdf = export.html_to_pdf("<html><body><h1>Справка</h1><p>Товарооборот</p></body></html>", footer="footer")
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert float(page.mediabox.width) == pytest.approx(595, abs=2)  # A4 portrait, in points
    assert "Справка" in page.extract_text() and "Товарооборот" in page.extract_text()


# --- without Chromium -------------------------------------------------------------------------


@pytest.fixture
def no_chromium(monkeypatch, tmp_path):
    """$CHROMIUM pointing at nothing: the app must behave as on a machine without a browser."""
    monkeypatch.setenv("CHROMIUM", str(tmp_path / "no-such-chromium"))
    export.shutdown()
    yield
    export.shutdown()


def test_chromium_path_follows_the_environment(monkeypatch, tmp_path):
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setenv("CHROMIUM", str(fake))
    assert export.chromium_path() == str(fake)
    fake.chmod(0o644)  # not executable: not a browser
    assert export.chromium_path() is None
    monkeypatch.setenv("CHROMIUM", "")
    assert export.chromium_path() is None and not export.static_export_available()


@pytest.mark.parametrize("fmt", export.STATIC_FORMATS)
def test_without_chromium_static_formats_say_what_to_install(no_chromium, trade_figure, fmt):
    assert not export.static_export_available()
    with pytest.raises(export.ExportUnavailable, match="apt-get install chromium"):
        export.figure_bytes(trade_figure, fmt)
    assert figures._browser._kaleido is None  # nothing was started


def test_without_chromium_html_and_csv_still_work(no_chromium, trade_figure):
    page = export.figure_bytes(trade_figure, "html")
    assert page.startswith(b"<!doctype html>") and b"Plotly.newPlot" in page
    assert export.table_bytes(trade.full_year(data.load("trade")), "csv").startswith(b"\xef\xbb\xbfyear")
    with pytest.raises(export.ExportUnavailable):
        export.html_to_pdf("<p>x</p>")


def test_pdf_metadata_names_the_chart_and_the_monitor(chromium, overview_figure):
    from pypdf import PdfReader

    meta = PdfReader(io.BytesIO(export.figure_bytes(overview_figure, "pdf"))).metadata
    title = overview_figure.layout.title.text.replace("<br>", " ")
    assert meta.title == title and "Kaleido" not in (meta.title or "")
    assert meta.author == "Uzbekistan–Kazakhstan Partnership Monitor"
    assert meta.subject and ("inform.kz" in meta.subject or "sputniknews" in meta.subject)  # the chart's sources

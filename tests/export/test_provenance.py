"""An export made from uploaded data says so, naming the file, in every format (partnership/export/provenance.py);
an export of the published data carries no such mark."""

from __future__ import annotations

import io
import re
import zipfile

import pandas as pd
import pytest

from partnership import data, export, session_data, trade
from partnership.charts import trade as trade_charts
from partnership.export import briefing, chart_data, provenance
from partnership.export.provenance import NONE, Provenance, Upload

FILE = "моя-торговля-2026.csv"
MY_URL = "https://example.org/my-2026-figure"


@pytest.fixture(scope="module")
def uploaded() -> pd.DataFrame:
    """The shipped trade table with one row a reader added: a 2026 figure from their own page."""
    shipped = data.load("trade")
    row = shipped[shipped["year"] == 2025].iloc[[0]].assign(year=2026, turnover_usd_bn=5.55, source_url=MY_URL)
    return pd.concat([shipped, row], ignore_index=True)


@pytest.fixture(scope="module")
def prov(uploaded) -> Provenance:
    return session_data.provenance({"trade": (FILE, uploaded)})


@pytest.fixture(scope="module")
def chart(uploaded):
    return trade_charts.trade_chart(trade.with_balance(uploaded), "ru")


@pytest.fixture(scope="module")
def figure(chart):
    return chart.figure


def test_session_provenance_names_each_file_with_its_rows_sources(uploaded):
    comtrade_rows = uploaded.iloc[[0]].assign(source_url="https://comtradeplus.un.org/x")
    prov = session_data.provenance({"trade": (FILE, uploaded)}, ("comtrade.csv", comtrade_rows))
    assert prov.files == (FILE, "comtrade.csv")
    assert MY_URL in prov.uploads[0].source_urls
    assert prov.upload_of(["https://comtradeplus.un.org/x"]).file == "comtrade.csv"
    assert prov.only(["events"]) == NONE and not prov.only(["events"])
    assert prov.only(["trade"]) == prov


def test_row_labels_mark_uploaded_rows_and_name_the_file():
    prov = Provenance((Upload("trade", "a.csv", frozenset({"https://a"})),))
    labels = provenance.row_labels(prov, "en", [["https://a"], ["https://b"], []], 3)
    assert labels == ["uploaded in this session: a.csv", "published data", "published data"]
    # A table without sources: every row says the view includes uploaded data.
    assert provenance.row_labels(prov, "en", None, 2) == ["includes data uploaded in this session: a.csv"] * 2
    assert provenance.row_labels(NONE, "en", None, 2) == ["", ""]


def test_stamp_adds_the_banner_to_the_footer_and_leaves_the_figure_alone(figure, prov):
    before = figure.to_json()
    stamped = provenance.stamp(figure, prov, "ru")
    assert figure.to_json() == before
    footer = stamped.layout.annotations[provenance._footer_index(stamped)].text
    assert FILE in footer and "Загруженные данные" in footer
    assert FILE in stamped.layout.meta["provenance"]
    assert stamped.layout.margin.b > figure.layout.margin.b
    # A wider chart shows its width frame's footer (the chart element): the banner is there too, with its room.
    for before_frame, frame in zip(figure.layout.meta["frames"], stamped.layout.meta["frames"], strict=True):
        assert frame["footer"].startswith(before_frame["footer"]) and FILE in frame["footer"]
        assert frame["margin"]["b"] > before_frame["margin"]["b"] and frame["height"] > before_frame["height"]
    assert provenance.stamp(figure, NONE, "ru") is figure


def test_chart_csv_marks_each_uploaded_row(chart, prov):
    table = chart_data.chart_table(chart, "ru", prov)
    marks = table["Данные из"]
    assert set(marks) == {f"загружено в этом сеансе: {FILE}"}
    assert set(table["Откуда цифра"]) == {f"загружено в этом сеансе: {FILE}"}
    assert 2026 in set(table["Год"])
    csv = export.table_bytes(table, "csv").decode("utf-8-sig")
    assert FILE in csv.splitlines()[-1]
    # Without uploads the CSV is as before: no column.
    assert "Данные из" not in chart_data.chart_table(chart, "ru").columns


def test_chart_csv_marks_only_the_rows_of_an_added_comtrade_file(chart):
    shipped = data.load("trade")
    prov = Provenance((Upload("trade", "comtrade.csv", frozenset({shipped["source_url"].iloc[0]})),))
    table = chart_data.chart_table(chart, "en", prov)
    marks = set(table["Data from"])
    assert marks == {"uploaded in this session: comtrade.csv", "published data"}


def test_table_csv_has_a_column_naming_the_file(uploaded, prov):
    csv = export.table_bytes(
        uploaded[["year", "turnover_usd_bn"]], "csv", provenance=prov, lang="ru", row_urls=[[u] for u in uploaded["source_url"]]
    ).decode("utf-8-sig")
    header, *rows = csv.splitlines()
    assert header.endswith("Данные из")
    assert all(row.endswith(f"загружено в этом сеансе: {FILE}") for row in rows)
    plain = export.table_bytes(uploaded[["year"]], "csv").decode("utf-8-sig")
    assert "Данные из" not in plain and FILE not in plain


def test_table_xlsx_has_the_column_and_the_note_in_its_properties(uploaded, prov):
    from openpyxl import load_workbook

    xlsx = export.table_bytes(uploaded[["year"]], "xlsx", provenance=prov, lang="en")
    book = load_workbook(io.BytesIO(xlsx))
    sheet = book.active
    assert sheet.cell(1, 2).value == "Data from"
    assert FILE in sheet.cell(2, 2).value
    assert FILE in book.properties.description and FILE in book.properties.keywords
    core = zipfile.ZipFile(io.BytesIO(xlsx)).read("docProps/core.xml").decode()
    assert FILE in core
    assert load_workbook(io.BytesIO(export.table_bytes(uploaded[["year"]], "xlsx"))).properties.description is None


def test_html_chart_shows_the_banner_and_has_a_meta(figure, prov):
    page = export.figure_bytes(figure, "html", provenance=prov).decode()
    meta = re.search(r'<meta name="data-provenance" content="([^"]*)">', page)
    assert meta and FILE in meta[1]
    assert "Загруженные данные" in page  # the footer line drawn in the chart
    assert "data-provenance" not in export.figure_bytes(figure, "html").decode()


def test_png_has_the_note_in_a_text_chunk(chromium, figure, prov):
    png = export.figure_bytes(figure, "png", provenance=prov)
    assert png.startswith(b"\x89PNG") and png.endswith(b"IEND\xaeB`\x82")
    assert b"iTXt" in png and FILE.encode() in png
    from PIL import Image

    assert FILE in Image.open(io.BytesIO(png)).text["Description"]  # a valid chunk: Pillow reads it


def test_svg_draws_the_banner_and_describes_itself(chromium, figure, prov):
    import xml.etree.ElementTree as ET

    svg = export.figure_bytes(figure, "svg", provenance=prov)
    root = ET.fromstring(svg)
    text = " ".join(e.text for e in root.iter() if e.text)
    assert FILE in text and "Загруженные данные" in text
    assert FILE in root.find("{http://www.w3.org/2000/svg}desc").text


def test_pdf_shows_the_banner_and_has_it_in_its_info(chromium, figure, prov):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(export.figure_bytes(figure, "pdf", provenance=prov)))
    assert FILE in reader.pages[0].extract_text()
    assert FILE in reader.metadata["/Keywords"] and FILE in reader.metadata["/Subject"]
    plain = PdfReader(io.BytesIO(export.figure_bytes(figure, "pdf")))
    assert "/Keywords" not in plain.metadata


def _report(figure, uploaded, prov) -> briefing.Briefing:
    return briefing.Briefing(lang="ru", view="Торговля", charts=[briefing.ChartItem("trade", figure, uploaded)], provenance=prov)


def test_briefing_html_has_a_notice_and_a_meta(figure, uploaded, prov):
    page = briefing.briefing_html(_report(figure, uploaded, prov), static=False)
    assert re.search(rf'<meta name="data-provenance" content="[^"]*{re.escape(FILE)}', page)
    assert re.search(rf'<p class="notice" id="provenance">[^<]*{re.escape(FILE)}', page)
    assert 'id="provenance"' not in briefing.briefing_html(_report(figure, uploaded, NONE), static=False)


def test_briefing_pdf_says_it_on_every_page_and_in_its_info(chromium, figure, uploaded, prov):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(briefing.briefing_pdf(_report(figure, uploaded, prov))))
    assert len(reader.pages) > 1
    for page in reader.pages:
        assert FILE in page.extract_text().replace("\n", " ")
    assert FILE in reader.metadata["/Keywords"]


def test_a_stamped_figure_is_not_stamped_twice(figure, prov):
    once = provenance.stamp(figure, prov, "ru")
    assert provenance.stamp(once, prov, "ru") is once
    footer = once.layout.annotations[provenance._footer_index(once)].text
    assert footer.count(FILE) == 1


def test_on_the_page_the_line_takes_the_footers_colour_and_in_exports_amber(figure, prov):
    on_page = provenance.stamp(figure, prov, "ru", color=False)
    exported = provenance.stamp(figure, prov, "ru")
    assert "color:" not in on_page.layout.annotations[provenance._footer_index(on_page)].text  # a dark theme recolours it
    assert provenance.BANNER_COLOR in exported.layout.annotations[provenance._footer_index(exported)].text

"""partnership.export.briefing: one self-contained report with every section, escaped, offline; and its PDF."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import unicodedata
from collections import Counter
from html.parser import HTMLParser

import pandas as pd
import plotly.graph_objects as go
import pytest

from partnership import data, export, kpis, trade
from partnership.charts import trade as trade_charts
from partnership.export import briefing
from tests import shipped

GENERATED = dt.datetime(2025, 11, 16, 9, 30, tzinfo=dt.UTC)


class Page(HTMLParser):
    """The parts of the report a test looks at: section ids, scripts, images, links, visible text."""

    def __init__(self, text: str):
        super().__init__()
        self.ids: list[str] = []
        self.script_src: list[str] = []
        self.scripts = 0
        self.images: list[dict] = []
        self.links: list[str] = []
        self.text: list[str] = []
        self._in_script = False
        self.html_lang = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "html":
            self.html_lang = attrs.get("lang")
        if tag in ("script", "style"):
            self._in_script = True
        if tag == "script":
            self.scripts += 1
            if attrs.get("src"):
                self.script_src.append(attrs["src"])
        if tag == "img":
            self.images.append(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._in_script = False

    def handle_data(self, text):
        if not self._in_script and text.strip():
            self.text.append(text.strip())

    @property
    def visible(self) -> str:
        return "\n".join(self.text)


@pytest.fixture(scope="module")
def tables():
    return data.load("trade"), data.load("targets"), data.load("projects")


def make_report(tables, lang: str = "ru", parameters=None, reporters=("Uzbekistan", "Kazakhstan")) -> briefing.Briefing:
    trade_df, targets, projects = tables
    k = kpis.overview(trade_df, targets, projects)
    full = trade.full_year(trade_df)
    chosen = trade.with_balance(trade.by_reporters(trade_df, list(reporters)))
    growth = trade.reported_growth(chosen)
    return briefing.Briefing(
        lang=lang,
        view="Торговля" if lang == "ru" else "Trade",
        kpis=briefing.overview_kpis(trade_df, targets, projects, lang),
        charts=[
            briefing.ChartItem(
                "overview-turnover-target",
                trade_charts.overview_chart(full, k["path"], k["target"], lang, start=k["latest"]),
                full,
            ),
            briefing.ChartItem("trade-growth", trade_charts.growth_chart(growth, lang), growth),
        ],
        parameters=parameters,
        link="http://127.0.0.1:8501/trade?lang=" + lang,
        generated=GENERATED,
    )


@pytest.fixture(scope="module")
def report_html(tables):
    return briefing.briefing_html(
        make_report(tables, parameters={"Рост, % в год": "12,5", "Чьи данные": "Узбекистан, Казахстан"}), static=False
    )


def test_every_section_is_present(report_html):
    page = Page(report_html)
    for section in ("kpis", "parameters", "charts", "tables", "sources", "generated", "language"):
        assert section in page.ids, section
    text = page.visible
    for heading in ("Ключевые цифры", "Параметры сценария и фильтры", "Графики", "Таблицы", "Источники"):
        assert heading in text
    assert "Подготовлено: 16 ноября 2025" in text
    assert "Язык: Русский" in text and page.html_lang == "ru"
    assert "Страница:\nТорговля" in text


def test_kpis_are_the_overviews_numbers(report_html):
    text = Page(report_html).visible
    assert f"Товарооборот за {shipped.latest_year()} год" in text
    assert f"{shipped.latest_usd_bn('ru')} ({shipped.latest_growth('ru')})" in text
    assert "10 млрд $" in text and f"{shipped.required_rate('ru')} в год" in text and shipped.progress("ru") in text
    assert "1,3 млрд $" in text


def test_parameters_are_listed_and_left_out_when_not_given(tables, report_html):
    text = Page(report_html).visible
    assert "Рост, % в год\n12,5" in text
    plain = Page(briefing.briefing_html(make_report(tables), static=False))
    assert "parameters" not in plain.ids


def test_charts_are_interactive_with_plotly_inline_and_no_cdn(report_html):
    page = Page(report_html)
    assert page.script_src == []  # nothing is fetched: the report opens offline
    assert "plotly.js v" in report_html and report_html.count("Plotly.newPlot") == 2
    assert 'id="chart-1"' in report_html and 'id="chart-2"' in report_html
    assert "Товарооборот Узбекистана и Казахстана по годам и путь к цели" in report_html


def test_tables_are_the_filtered_rows_with_locale_numbers_and_numbered_sources(tables, report_html):
    trade_df = tables[0]
    growth = trade.reported_growth(trade.by_reporters(trade_df, ["Uzbekistan", "Kazakhstan"]))
    full = trade.full_year(trade_df)
    text = Page(report_html).visible
    # Each row once: the growth chart's full-year rows are in the first table already, the rest in its own.
    shown = set(zip(full["year"], full["source_url"], full["period"], strict=True))
    new = [key not in shown for key in zip(growth["year"], growth["source_url"], growth["period"], strict=True)]
    assert 0 < sum(new) < len(growth)
    assert f"Строк: {len(full)}." in text and f"Строк: {sum(new)}." in text
    assert "Другие (СМИ, аналитики)" not in text.split("Данные графика «Рост")[1].split("Источники")[0]
    assert "0,7352" in text  # a value as stored, with the Russian decimal comma
    listed = briefing.sources(make_report(tables))
    urls = [url for _, url in listed]
    assert len(urls) == len(set(urls))
    assert set(growth["source_url"]) <= set(urls)
    # A table's source column links to the source itself, labelled with its number in the list.
    first = urls.index(growth["source_url"].iloc[0]) + 1
    assert re.search(rf'<a href="{re.escape(growth["source_url"].iloc[0])}"[^>]*>\[{first}\]</a>', report_html)


def test_sources_list_every_kpi_and_chart_source_with_titles(tables, report_html):
    page = Page(report_html)
    trade_df = tables[0]
    latest = trade.latest_full_year(trade_df)
    assert latest["source_url"] in page.links
    assert latest["source_title"] in page.visible


def test_static_images_when_chromium_is_there(tables):
    if not export.static_export_available():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail("REQUIRE_BROWSER=1 but no Chromium")
        pytest.skip("no Chromium")
    page = Page(briefing.briefing_html(make_report(tables, lang="en")))
    statics = [image for image in page.images if image.get("class") == "static"]
    assert len(statics) == 2
    assert all(image["src"].startswith("data:image/svg+xml;base64,") for image in statics)
    assert "Static image (SVG)" in page.visible and "Language: English" in page.visible


def test_without_chromium_the_report_says_so_and_keeps_interactive_charts(tables, monkeypatch):
    monkeypatch.setenv("CHROMIUM", "")
    page = Page(briefing.briefing_html(make_report(tables, lang="en")))
    assert not [image for image in page.images if image.get("class") == "static"]
    assert "apt-get install chromium" in page.visible
    assert page.scripts >= 3  # plotly.js and both charts


def test_data_text_is_escaped_and_only_web_links_are_links(tables):
    hostile = pd.DataFrame(
        {
            "year": [2024, 2025],
            "reporter_detail": ["<script>alert(1)</script>", "<img src=x onerror=alert(2)>"],
            "turnover_usd_bn": [1.0, 2.0],
            "source_title": ["ok", "bad"],
            "source_url": ["https://example.org/a", "javascript:alert(3)"],
        }
    )
    fig = go.Figure(go.Scatter(x=[2024, 2025], y=[1, 2], name="<b onmouseover=alert(4)>x</b>"))
    report = briefing.Briefing(
        lang="en",
        view="<i>view</i>",
        kpis=[briefing.Kpi("<u>label</u>", "1", "note", "javascript:alert(5)")],
        charts=[briefing.ChartItem("x", fig, hostile)],
        parameters={"<p>": "<script>alert(6)</script>"},
        generated=GENERATED,
    )
    page_html = briefing.briefing_html(report, interactive=False, static=False)
    page = Page(page_html)
    assert page.scripts == 0  # the print version has no script at all; no data became one
    assert page.images == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page_html and "&lt;img src=x" in page_html
    assert "<u>" not in page_html and "<i>view</i>" not in page_html
    assert not any(link.startswith("javascript:") for link in page.links)
    assert "https://example.org/a" in page.links
    assert "javascript:alert(3)" in page.visible  # shown as text, not as a link


def test_english_report(tables):
    page = Page(briefing.briefing_html(make_report(tables, lang="en"), static=False))
    text = page.visible
    assert page.html_lang == "en"
    assert "Key figures" in text and f"Trade turnover in {shipped.latest_year()}" in text
    assert f"{shipped.latest_usd_bn('en')} ({shipped.latest_growth('en')})" in text
    assert "Prepared: November 16, 2025" in text
    assert "Ключевые" not in text


def test_pdf_is_the_same_report_printed_by_chromium(tables):
    if not export.static_export_available():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail("REQUIRE_BROWSER=1 but no Chromium")
        pytest.skip("no Chromium")
    from pypdf import PdfReader

    pdf = briefing.briefing_pdf(make_report(tables, parameters={"Рост, % в год": "12,5"}))
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 2
    text = unicodedata.normalize("NFKC", "\n".join(page.extract_text() for page in reader.pages))
    for expected in (
        "Справка: партнёрство Узбекистан — Казахстан",
        "Ключевые цифры",
        shipped.latest_usd_bn("ru"),
        "Параметры сценария и фильтры",
        "12,5",
        "Графики",
        "Источники:",  # the source line inside the chart image
        "Таблицы",
        "Источники",
        "16 ноября 2025",
    ):
        assert expected in text, expected
    assert float(reader.pages[0].mediabox.width) == pytest.approx(595, abs=2)  # A4


# Letters the Uzbek (Latin) and Kazakh (Cyrillic) reports must print: ʻ in oʻ/gʻ, and the Kazakh letters.
SPECIAL_LETTERS = {"uz": "ʻ", "kk": "әғқңөұүі"}


def _fonts(reader) -> set[str]:
    names = set()
    for pdf_page in reader.pages:
        fonts = pdf_page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            names.add(str(ref.get_object().get("/BaseFont")))
    return names


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "uz",
            (
                "Maʼlumotnoma: Oʻzbekiston–Qozogʻiston hamkorligi",
                "Asosiy raqamlar",
                shipped.latest_usd_bn("uz"),
                "Manbalar",
                "2025-yil 16-noyabr",
            ),
        ),
        (
            "kk",
            (
                "Анықтама: Өзбекстан–Қазақстан серіктестігі",
                "Негізгі сандар",
                shipped.latest_usd_bn("kk"),
                "Дереккөздер",
                "қараша",
            ),
        ),
    ],
)
def test_pdf_in_uzbek_and_kazakh_prints_every_letter(tables, lang, expected):
    if not export.static_export_available():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail("REQUIRE_BROWSER=1 but no Chromium")
        pytest.skip("no Chromium")
    from pypdf import PdfReader

    report = make_report(tables, lang=lang)
    report.view = briefing.t("nav.trade", lang)
    pdf = briefing.briefing_pdf(report)
    reader = PdfReader(io.BytesIO(pdf))
    text = unicodedata.normalize("NFC", "\n".join(page.extract_text() for page in reader.pages))
    for phrase in expected:
        assert phrase in text, phrase
    for letter in SPECIAL_LETTERS[lang]:
        assert letter in text, letter
    assert "\ufffd" not in text  # a glyph no font had would extract as a replacement character
    # Every font in the PDF is a DejaVu face: Debian's fonts-dejavu-core, which has ʻ and ә ғ қ ң ө ұ ү һ і.
    fonts = _fonts(reader)
    assert fonts and all("DejaVu" in name for name in fonts), fonts


class TableCells(HTMLParser):
    """Headers and [n] source markers of the report's tables."""

    def __init__(self, text: str):
        super().__init__()
        self.headers: list[str] = []
        self.markers: list[str] = []
        self._tag = None
        self._table = 0
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self._table += tag == "table"
        self._tag = tag

    def handle_endtag(self, tag):
        self._table -= tag == "table"
        self._tag = None

    def handle_data(self, text):
        if self._table and self._tag == "th":
            self.headers.append(text.strip())
        elif self._table and re.fullmatch(r"\[\d+\]", text.strip()):
            self.markers.append(text.strip())


def test_pdf_tables_keep_every_column_on_the_a4_page(tables):
    """The widest table (the data behind the Overview chart) prints whole: each header, each [n]."""
    if not export.static_export_available():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail("REQUIRE_BROWSER=1 but no Chromium")
        pytest.skip("no Chromium")
    from pypdf import PdfReader

    for lang in ("ru", "en"):
        report = make_report(tables, lang=lang, reporters=trade.REPORTERS)
        cells = TableCells(briefing.briefing_html(report, interactive=False, static=False))
        assert "Кто сообщил" in cells.headers or "Reported by" in cells.headers
        assert len(cells.markers) >= 10
        reader = PdfReader(io.BytesIO(briefing.briefing_pdf(report)))
        assert reader.metadata.author == "Uzbekistan–Kazakhstan Partnership Monitor"
        assert reader.metadata.title.startswith(briefing.t("export.briefing.title", lang))
        text = unicodedata.normalize("NFKC", "\n".join(page.extract_text() for page in reader.pages))
        words = set(text.split())
        for header in cells.headers:
            for word in header.split():
                assert word in words, (lang, header, word)
        # The key figures carry [n] markers too: the PDF has at least every table's markers.
        missing = Counter(cells.markers) - Counter(re.findall(r"\[\d+\]", text))
        assert not missing, (lang, missing)


def test_a_column_that_repeats_an_earlier_one_is_printed_once():
    df = pd.DataFrame({"period": ["full year"], "period_type": ["full_year"], "year": [2024]})
    html_table = briefing.table_html(df, "ru")
    assert html_table.count("полный год") == 1


def trade_page_report(lang: str = "ru") -> briefing.Briefing:
    """The Trade page's three tabs: figures, reconciliation, growth — drawn from the same rows."""
    chosen = trade.with_balance(data.load("trade"))
    recon, growth = trade.reconciliation(chosen), trade.reported_growth(chosen)
    return briefing.Briefing(
        lang=lang,
        charts=[
            briefing.ChartItem("trade-turnover", trade_charts.trade_chart(chosen, lang), chosen),
            briefing.ChartItem("trade-reconciliation", trade_charts.reconciliation_chart(recon, lang), recon),
            briefing.ChartItem("trade-growth", trade_charts.growth_chart(growth, lang), growth),
        ],
        generated=GENERATED,
    )


def test_the_trade_briefing_lists_each_row_once_with_the_union_of_columns():
    report = trade_page_report()
    tables = briefing.all_tables(report)
    assert len(tables) == 1  # the reconciliation's and the growth chart's rows are the figures' rows
    title, rows = tables[0]
    assert len(rows) == len(data.load("trade"))
    assert {"balance_usd_bn", "full_year_min", "disagree"} <= set(rows.columns)  # each tab's own columns
    for chart in report.charts:
        assert briefing.chart_title(chart.figure) in title
    assert briefing.briefing_html(report, static=False).count("<table>") == 1


def test_negatives_take_the_minus_sign_and_calculations_are_rounded_as_shown():
    page = briefing.briefing_html(trade_page_report(), static=False)
    assert "−0,5648" in page and "-0,5648" not in page  # a balance: two stated figures' difference
    path = pd.DataFrame({"year": [2026, 2027], "value": [-1.234567, 5.718263]})  # a calculation: no source
    cells = briefing.table_html(path, "ru")
    assert "−1,23" in cells and "5,72" in cells and "5,718" not in cells
    # In one table: a source's figure as stated, a calculated row (no source) rounded.
    mixed = path.assign(source_url=["https://example.org/a", None])
    cells = briefing.table_html(mixed, "ru")
    assert "−1,2346" in cells and "5,72<" in cells


def test_statements_are_escaped_markdown():
    report = briefing.Briefing(lang="ru", statements=["**Идёт ли год?** <script>x</script> \\$5"], generated=GENERATED)
    page = briefing.briefing_html(report, static=False)
    assert '<p class="statement"><b>Идёт ли год?</b> &lt;script&gt;x&lt;/script&gt; $5</p>' in page


def test_key_events_table_is_the_overviews_list():
    events = data.load("events")
    table = briefing.key_events_table(events, "ru")
    assert len(table) == int(events["key_event"].sum()) > 0
    assert list(table.columns) == ["date", "event", "source_url"]
    page = briefing.briefing_html(
        briefing.Briefing(lang="ru", tables=[("Ключевые события", table)], generated=GENERATED), static=False
    )
    assert all(title.replace("«", "&laquo;") in page or title in page for title in table["event"])
    assert "<th>Событие</th>" in page


def test_the_pdf_prints_the_link_back_to_the_view(tables):
    if not export.static_export_available():
        pytest.skip("no Chromium")
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(briefing.briefing_pdf(make_report(tables))))
    first = reader.pages[0]
    assert "http://127.0.0.1:8501/trade?lang=ru" in first.extract_text()
    uris = [a.get_object()["/A"].get("/URI") for a in first.get("/Annots", []) if "/A" in a.get_object()]
    assert "http://127.0.0.1:8501/trade?lang=ru" in uris


def test_a_chart_without_its_rows_lists_its_own_table_and_every_source_of_its_points():
    """The briefing reads the chart's table: a path's calculations in words and rounded, the target's source listed."""
    trade_df, targets = data.load("trade"), data.load("targets")
    k = kpis.overview(trade_df, targets, data.load("projects"))
    chart = trade_charts.overview_chart(trade.full_year(trade_df), k["path"], k["target"], "ru", start=k["latest"])
    report = briefing.Briefing(lang="ru", charts=[briefing.ChartItem("overview", chart)], generated=GENERATED)
    assert briefing.all_tables(report)[0][1] is chart.table
    page = briefing.briefing_html(report, static=False)
    assert "<td>расчёт</td>" in page and "<td>из источника</td>" in page and "<th>Единица</th>" in page
    assert k["target"]["source_url"] in [url for _, url in briefing.sources(report)]

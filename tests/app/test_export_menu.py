"""Export menu on every chart and the briefing downloads, as the pages render them (AppTest).

Streamlit registers a download's callable without running it (it runs when the user clicks);
the `downloads` fixture records each registration, so a test can check the file name and then
"click" by calling the callable, exactly as Streamlit's server would.
"""

from __future__ import annotations

import csv as pycsv
import datetime as dt
import io
import os
import unicodedata

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

from partnership import data, export, kpis, scenarios, trade
from partnership.i18n import LANGUAGES, t
from tests import shipped
from tests.app.conftest import open_page
from ui import plotly_element

FORMATS = ["PNG", "SVG", "PDF", "HTML", "CSV"]
TODAY = dt.date.today().isoformat()


def scenarios_headline():
    return scenarios.headline_by_year(data.load("trade"))


@pytest.fixture
def downloads(monkeypatch):
    recorded: dict[str, tuple[str, str, object]] = {}
    original = MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        file_id = original(self, data_callable, mimetype, coordinates, file_name, **kwargs)
        recorded[file_id] = (file_name, mimetype, data_callable)
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    return recorded


@pytest.fixture
def chromium():
    if not export.static_export_available():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail("REQUIRE_BROWSER=1 but no Chromium")
        pytest.skip("no Chromium")


def popovers(at):
    labels = {t("export.menu", code) for code in LANGUAGES}
    return [block for block in at.get("popover") if block.proto.popover.label in labels]


def buttons_of(block) -> dict:
    return {button.proto.label: button for button in block.get("download_button")}


def sidebar_buttons(at) -> dict:
    return {button.proto.label: button for button in at.sidebar.get("download_button")}


def test_every_chart_on_every_page_has_the_export_menu():
    for page in (None, "trade"):
        for lang in LANGUAGES:
            at = open_page(page, lang=lang)
            assert not at.exception
            charts = plotly_element.payloads(at.main)
            menus = popovers(at)
            assert len(charts) >= 1 and len(menus) == len(charts), (page, lang)
            for menu in menus:
                assert (
                    menu.proto.popover.label
                    == {"ru": "Скачать", "en": "Download", "uz": "Yuklab olish", "kk": "Жүктеп алу"}[lang]
                )
                buttons = buttons_of(menu)
                assert list(buttons) == FORMATS
                for button in buttons.values():
                    assert button.proto.ignore_rerun  # on_click="ignore": a download never reruns the page
                    assert button.proto.deferred_file_id  # built only when clicked
                    assert not button.proto.disabled


def test_file_names_and_contents_of_the_overview_chart(downloads):
    at = open_page(lang="en")
    buttons = buttons_of(popovers(at)[0])
    stem = f"overview-turnover-target-en-{TODAY}"
    for label, button in buttons.items():
        file_name, mime, _ = downloads[button.proto.deferred_file_id]
        assert file_name == f"{stem}.{label.lower()}"
        assert mime == export.MIME_TYPES[label.lower()]
    # "Click" HTML and CSV (no browser needed): the chart's data, offline.
    html = downloads[buttons["HTML"].proto.deferred_file_id][2]()
    assert b"Plotly.newPlot" in html and b"<script src=" not in html
    assert "Uzbekistan–Kazakhstan trade by year and the path to the target".encode() in html
    csv = downloads[buttons["CSV"].proto.deferred_file_id][2]().decode("utf-8-sig")
    full_years = trade.full_year(data.load("trade"))
    header = next(iter(pycsv.reader(io.StringIO(csv))))
    assert header == [
        "Year",
        "Series",
        "Trade turnover, USD billion (as on the chart)",
        "Trade turnover, USD billion (full value)",
        "Figure from",
        "Source",
        "Whose figures",
        "Period",
        "Period type",
        "“Over” (lower bound)",
    ]
    rows = list(pycsv.DictReader(io.StringIO(csv)))
    drawn = ("Path at the required constant growth", "Target")  # the path's start and the target: sources' figures too
    from_sources = [row for row in rows if row["Figure from"] == "source" and row["Series"] not in drawn]
    assert len(from_sources) == len(full_years)  # every full-year figure, once, with its own source
    assert all(row["Source"].startswith("https://") for row in from_sources)
    assert {row["Period type"] for row in from_sources} == {"full year"}  # what the screen-reader sentence reads too
    target = kpis.current_target(data.load("targets"))
    assert [row["Source"] for row in rows if row["Series"] == "Target"] == [target["source_url"]]


def test_static_downloads_are_built_on_click(downloads, chromium):
    at = open_page(lang="ru")
    buttons = buttons_of(popovers(at)[0])
    png = downloads[buttons["PNG"].proto.deferred_file_id][2]()
    svg = downloads[buttons["SVG"].proto.deferred_file_id][2]()
    pdf = downloads[buttons["PDF"].proto.deferred_file_id][2]()
    assert png.startswith(b"\x89PNG") and svg.startswith(b"<svg") and pdf.startswith(b"%PDF")
    assert "Источники:".encode() in svg


def test_the_charts_modebar_download_uses_the_same_name_at_scale_2():
    at = open_page("trade", lang="ru")
    config = plotly_element.payloads(at.main)[0]["config"]
    assert config["toImageButtonOptions"] == {
        "format": "png",
        "filename": f"trade-turnover_usd_bn-ru-{TODAY}",
        "scale": 2,
    }
    assert config["displaylogo"] is False


@pytest.mark.parametrize("page", ["overview", "trade", "scenarios", "agreements", "projects", "events"])
def test_no_chart_offers_to_send_it_elsewhere(page):
    # plotly.js 3+ adds a "Share chart…" button that uploads the chart to Plotly Cloud unless told not to.
    at = open_page(page, lang="ru")
    configs = [payload["config"] for payload in plotly_element.payloads(at.main)]
    assert configs
    for config in configs:
        assert config["showSendToCloud"] is False and config["plotlyServerURL"] == ""


def test_csv_follows_the_pages_filter(downloads):
    at = open_page("trade", lang="en")
    at.multiselect(key="reporters").set_value(["Uzbekistan"]).run()
    assert not at.exception
    csv_button = buttons_of(popovers(at)[0])["CSV"]
    csv = downloads[csv_button.proto.deferred_file_id][2]().decode("utf-8-sig")
    rows = csv.strip().splitlines()[1:]
    assert rows and all(row.split(",")[1].startswith("Uzbekistan") for row in rows)


def test_without_chromium_static_formats_are_disabled_with_a_note(monkeypatch, downloads):
    monkeypatch.setenv("CHROMIUM", "")  # as on a machine without a browser
    at = open_page(lang="ru")
    assert not at.exception
    buttons = buttons_of(popovers(at)[0])
    assert [label for label, button in buttons.items() if button.proto.disabled] == ["PNG", "SVG", "PDF"]
    warnings = [warning.value for warning in at.main.warning]
    assert any("apt-get install chromium" in text and "HTML и CSV работают" in text for text in warnings)
    # HTML and CSV still work.
    assert b"Plotly.newPlot" in downloads[buttons["HTML"].proto.deferred_file_id][2]()
    assert downloads[buttons["CSV"].proto.deferred_file_id][2]().startswith("\ufeffГод,Ряд".encode())
    # The briefing: HTML works, PDF is disabled and says why.
    sidebar = sidebar_buttons(at)
    assert sidebar["Справка (PDF)"].proto.disabled and not sidebar["Справка (HTML)"].proto.disabled
    assert any("apt-get install chromium" in caption.value for caption in at.sidebar.caption)
    report = downloads[sidebar["Справка (HTML)"].proto.deferred_file_id][2]().decode()
    assert "Ключевые цифры" in report and "apt-get install chromium" in report


def test_briefing_is_the_current_page_with_its_filter(downloads):
    at = open_page("trade", lang="en", reporters="Kazakhstan")  # a shared link with a filter
    at.selectbox(key="measure").set_value("exports_uz_to_kz_usd_bn").run()
    assert not at.exception
    sidebar = sidebar_buttons(at)
    file_name, mime, make = downloads[sidebar["Briefing (HTML)"].proto.deferred_file_id]
    assert file_name == f"briefing-trade-en-{TODAY}.html" and mime == "text/html"
    report = make().decode("utf-8")
    assert "Page: <b>Trade</b>" in report
    assert "Uzbekistan&#x27;s exports to Kazakhstan" in report or "Uzbekistan's exports to Kazakhstan" in report
    assert "Key figures" in report and shipped.latest_usd_bn("en") in report  # the KPIs
    assert "Scenario parameters and filters" in report  # the page's URL state
    assert "<dt>reporters</dt><dd>Kazakhstan</dd>" in report.split('id="parameters"')[1].split("</section>")[0]
    # Only the Kazakh figures are in the tables behind the charts.
    tables = report.split('id="tables"')[1].split('id="sources"')[0]
    assert "<td>Kazakhstan</td>" in tables and "<td>Uzbekistan</td>" not in tables
    # Three charts on the Trade page (over time, reconciliation, growth), nothing from the Overview.
    assert report.count("Plotly.newPlot") == 3
    assert "path to the target" not in report


def test_briefing_pdf_from_the_sidebar(downloads, chromium):
    from pypdf import PdfReader

    at = open_page(lang="ru")
    file_name, mime, make = downloads[sidebar_buttons(at)["Справка (PDF)"].proto.deferred_file_id]
    assert file_name == f"briefing-overview-ru-{TODAY}.pdf" and mime == "application/pdf"
    reader = PdfReader(io.BytesIO(make()))
    text = unicodedata.normalize("NFKC", "\n".join(page.extract_text() for page in reader.pages))
    assert "Справка: партнёрство Узбекистан — Казахстан" in text and "Обзор" in text
    assert shipped.latest_usd_bn("ru") in text and "Источники" in text


def test_scenarios_chart_csv_has_units_sources_history_rounding_and_parameters(downloads):
    at = open_page("scenarios", lang="en", growth3="12.5")
    assert not at.exception
    menu = popovers(at)[0]  # the paths chart comes first
    csv_text = downloads[buttons_of(menu)["CSV"].proto.deferred_file_id][2]().decode("utf-8-sig")
    rows = list(pycsv.DictReader(io.StringIO(csv_text)))
    columns = list(rows[0])
    shown, full = "Trade turnover, USD billion (as on the chart)", "Trade turnover, USD billion (full value)"
    assert columns[:4] == ["Year", "Series", shown, full]
    assert {"Source", "Start year", "Target, USD bn", "Target year", "Horizon, year"} <= set(columns)
    history = [row for row in rows if row["Figure from"] == "source"]
    assert history and all(row["Source"].startswith("https://") for row in history)  # the history, with sources
    computed = [row for row in rows if row["Figure from"] == "calculation" and row["Series"].startswith("3.")]
    assert computed and all(row["Source"].startswith("https://") for row in computed)  # the start figure's source
    assert all(len(row[shown].split(".")[-1]) <= 2 for row in computed)  # as the chart shows: 2 decimals
    assert any(len(row[full].split(".")[-1]) > 2 for row in computed)  # and the full value beside it
    assert {row["Growth a year (fraction)"] for row in computed} == {"0.125"}


def test_table_downloads_are_the_table_as_shown(downloads):
    import openpyxl

    at = open_page("agreements", lang="ru", summit="true")
    assert not at.exception
    files = {
        downloads[b.proto.deferred_file_id][0]: downloads[b.proto.deferred_file_id][2] for b in at.main.get("download_button")
    }
    csv_name = next(name for name in files if name.startswith("agreements-ru-") and name.endswith(".csv"))
    xlsx_name = csv_name.removesuffix(".csv") + ".xlsx"
    header = next(iter(pycsv.reader(io.StringIO(files[csv_name]().decode("utf-8-sig")))))
    for raw in ("date_note", "title_lang", "summit_2025_11_15", "source_url", "date"):
        assert raw not in header, raw  # the page's labels, not field names
    assert {"Дата", "Название"} <= set(header)
    sheet = openpyxl.load_workbook(io.BytesIO(files[xlsx_name]())).active
    columns = [cell.value for cell in sheet[1]]
    assert columns == header
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    summit = [row[i] for row in rows for i, name in enumerate(columns) if "15" in name and "2025" in name]
    assert summit and set(summit) == {"да"}  # the page's tick, in words
    dates = [row[columns.index("Дата")] for row in rows if row[columns.index("Дата")] is not None]
    assert dates and all(isinstance(value, dt.datetime) for value in dates)  # real spreadsheet dates
    assert not any(isinstance(v, str) and v.startswith("'") for row in rows for v in row)  # no visible apostrophe


def test_after_an_upload_every_export_of_the_trade_page_names_the_file(downloads):
    from tests.app.data.test_page import trade_upload, upload

    at = upload(open_page("data", lang="ru"), "upload-trade-0", "моя-торговля.csv", trade_upload(7.77))
    at.switch_page("app_pages/trade.py").run()
    assert not at.exception
    menu = buttons_of(popovers(at)[0])
    made = {label: downloads[button.proto.deferred_file_id][2] for label, button in menu.items()}
    csv_rows = list(pycsv.DictReader(io.StringIO(made["CSV"]().decode("utf-8-sig"))))
    assert csv_rows and {row["Данные из"] for row in csv_rows} == {"загружено в этом сеансе: моя-торговля.csv"}
    assert 'name="data-provenance"' in made["HTML"]().decode() and "моя-торговля.csv" in made["HTML"]().decode()
    tables = {
        downloads[b.proto.deferred_file_id][0]: downloads[b.proto.deferred_file_id][2]
        for b in at.main.get("download_button")
        if downloads[b.proto.deferred_file_id][0].endswith(".csv") and "Данные" not in b.proto.label
    }
    table_csvs = [make().decode("utf-8-sig") for name, make in tables.items() if name.startswith("trade-figures")]
    assert table_csvs and all("моя-торговля.csv" in text.splitlines()[1] for text in table_csvs)
    report = downloads[sidebar_buttons(at)["Справка (HTML)"].proto.deferred_file_id][2]().decode()
    assert 'id="provenance"' in report and "моя-торговля.csv" in report


def test_without_an_upload_no_export_claims_one(downloads):
    at = open_page("trade", lang="ru")
    menu = buttons_of(popovers(at)[0])
    csv = downloads[menu["CSV"].proto.deferred_file_id][2]().decode("utf-8-sig")
    assert "Данные из" not in csv.splitlines()[0]
    report = downloads[sidebar_buttons(at)["Справка (HTML)"].proto.deferred_file_id][2]().decode()
    assert 'id="provenance"' not in report


def test_the_overview_briefing_has_the_on_track_sentence_and_the_key_events(downloads):
    from partnership.export import briefing

    at = open_page(lang="ru")
    report = downloads[sidebar_buttons(at)["Справка (HTML)"].proto.deferred_file_id][2]().decode()
    on_track = next(m.value for m in at.main.markdown if m.value.startswith("**"))
    assert briefing.markdown_html(on_track) in report  # the sentence the page shows
    assert "<h3>Ключевые события</h3>" in report
    events = briefing.key_events_table(data.load("events"), "ru")
    assert len(events) and all(title in report for title in events["event"])


def test_after_an_upload_the_chart_on_the_page_names_it_too():
    from tests.app.data.test_page import trade_upload, upload

    at = upload(open_page("data", lang="ru"), "upload-trade-0", "моя-торговля.csv", trade_upload(7.77))
    at.switch_page("app_pages/trade.py").run()
    figures = plotly_element.figures(at.main)
    assert figures and all("моя-торговля.csv" in str(figure) for figure in figures)


def test_the_data_pages_comtrade_tables_download_marked_as_the_upload(downloads):
    from tests.app.data.test_page import upload
    from tests.test_comtrade import KZ, UZ, comtrade_csv, row

    raw = comtrade_csv([row(2022, UZ, KZ, "X", "TOTAL", 2e9), row(2022, UZ, KZ, "M", "TOTAL", 3e9)])
    at = upload(open_page("data", lang="en"), "upload-comtrade-0", "my-comtrade.csv", raw)
    files = {
        downloads[b.proto.deferred_file_id][0]: downloads[b.proto.deferred_file_id][2] for b in at.main.get("download_button")
    }
    name = next(name for name in files if name.startswith("comtrade-trade-rows") and name.endswith(".csv"))
    header, *rows = files[name]().decode("utf-8-sig").splitlines()
    assert header.endswith("Data from") and rows
    assert all(line.endswith("uploaded in this session: my-comtrade.csv") for line in rows)


def test_scenario_chart_csv_gives_each_history_point_its_own_source(downloads):
    """A history point is a source's figure with that figure's own URL; the target is the target's; every row
    has a series; the preset is in the page's language (the Russian page read "trend"/"custom" before)."""
    at = open_page("scenarios", lang="ru", growth3="12.5")
    csv_text = downloads[buttons_of(popovers(at)[0])["CSV"].proto.deferred_file_id][2]().decode("utf-8-sig")
    rows = list(pycsv.DictReader(io.StringIO(csv_text)))
    year, series, origin, source = (t(f"export.chart.{key}", "ru") for key in ("year", "series", "origin", "source"))
    headline = scenarios_headline()
    history = [row for row in rows if row[series] == t("scenarios.chart.history", "ru")]
    assert [int(row[year]) for row in history] == headline["year"].tolist()
    for row, url in zip(history, headline["source_url"], strict=True):
        assert (row[origin], row[source]) == (t("export.chart.origin_source", "ru"), url), row
    assert len({row[source] for row in history}) > 1  # not every year carries the 2025 source's URL
    target = [row for row in rows if row[series] != history[0][series] and not row[series][0].isdigit()]
    target_url = kpis.current_target(data.load("targets"))["source_url"]
    assert target and all(row[source] == target_url for row in target), target
    assert all(row[series] for row in rows)
    column = t("export.chart.param.preset", "ru")
    presets = {row[column] for row in rows if row.get(column)}
    assert presets == {t(f"scenarios.preset_name.{preset}", "ru") for preset in ("trend", "required", "custom")}

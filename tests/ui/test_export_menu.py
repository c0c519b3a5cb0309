"""ui.export_menu's logic: file names, the view a run records, the view's link and parameters, the briefing's content.

Unit tests with a stand-in for streamlit (tests/ui/fake_streamlit.py); the menus and buttons as pages render
them are tested with AppTest in tests/app/test_export_menu.py.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from partnership import data, export
from partnership.charts.chart import Chart
from partnership.export import briefing
from partnership.export.provenance import NONE, Provenance, Upload
from partnership.i18n import plotly_locale
from tests.ui import fake_streamlit
from ui import export_menu, session

TODAY = dt.date.today().isoformat()
LINK = "https://monitor.example.org/trade"


@pytest.fixture
def app(monkeypatch):
    """The fake streamlit export_menu and ui.session see (one session state for both)."""
    fake = fake_streamlit.Streamlit(url=LINK)
    monkeypatch.setattr(export_menu, "st", fake)
    monkeypatch.setattr(session, "st", fake)
    return fake


def test_file_stem_is_name_language_and_day():
    assert export_menu.file_stem("trade-flows", "kk", dt.date(2026, 1, 9)) == "trade-flows-kk-2026-01-09"
    assert export_menu.file_stem("trade-flows", "ru") == f"trade-flows-ru-{TODAY}"


def test_plotly_config_names_the_modebar_download_like_the_menu_s_files():
    config = export_menu.plotly_config("trade-flows", "uz")
    assert config["toImageButtonOptions"] == {"format": "png", "filename": f"trade-flows-uz-{TODAY}", "scale": 2}
    assert config["displaylogo"] is False and config["showSendToCloud"] is False  # export.PLOTLY_CONFIG
    assert config["locale"] == plotly_locale("uz")["locale"] != plotly_locale("ru")["locale"]
    assert set(config) == {*export.PLOTLY_CONFIG, *plotly_locale("uz"), "toImageButtonOptions"}


def test_a_chart_s_csv_is_excel_ready_with_formulas_neutralized():
    table = pd.DataFrame({"year": [2024], "name": ["=1+1"]})
    assert export_menu._csv(table) == b"\xef\xbb\xbfyear,name\r\n2024,'=1+1\r\n"


def test_a_session_has_one_view_until_the_next_run_starts_a_new_one(app):
    export_menu.start_view()  # the session's first run: nothing to forget
    view = export_menu.current_view()
    assert isinstance(view, export_menu.View) and app.session_state[export_menu.VIEW_KEY] is view
    assert export_menu.current_view() is view
    view.resources.add("trade")
    export_menu.start_view()
    fresh = export_menu.current_view()
    assert fresh is not view and fresh.resources == set() and fresh.charts == {}
    app.session_state[export_menu.VIEW_KEY] = "left by an older version"
    assert isinstance(export_menu.current_view(), export_menu.View)
    assert isinstance(app.session_state[export_menu.VIEW_KEY], export_menu.View)


def test_remember_records_charts_sentences_and_tables_in_the_view(app):
    chart = Chart(figure=None, table=pd.DataFrame({"year": [2024]}))
    behind = pd.DataFrame({"x": [1]})
    export_menu.remember("flows", "trade-flows", chart, behind)
    item = export_menu.current_view().charts["flows"]
    assert (item.name, item.chart, item.source) == ("trade-flows", chart, behind)
    export_menu.remember_text("On track.")
    export_menu.remember_text(None, ("Top chapters", behind))
    export_menu.remember_text("")  # nothing to add
    export_menu.remember_text("Both.", ("Second", behind))
    view = export_menu.current_view()
    assert view.statements == ["On track.", "Both."]
    assert [title for title, _ in view.tables] == ["Top chapters", "Second"]


def test_the_view_names_the_uploads_of_its_tables_and_of_more(app):
    uploads = (Upload("trade", "my-trade.csv"), Upload("projects", "my-projects.csv"), Upload("events", "e.csv"))
    app.session_state[session.SESSION_PROVENANCE_KEY] = Provenance(uploads)
    app.session_state[session.SESSION_TABLES_KEY] = {"trade": pd.DataFrame(), "projects": pd.DataFrame()}
    view = export_menu.current_view()
    assert view.provenance() == NONE
    view.resources.add("trade")
    assert view.provenance().files == ("my-trade.csv",)
    assert view.provenance("projects", "events").files == ("my-trade.csv", "my-projects.csv")  # events: not in use


def test_the_briefing_s_parameters_are_the_page_s_settings_each_with_all_its_values(app):
    app.query_params = fake_streamlit.query_params(
        {"years": ["2020", "2024"], "lang": "en", "flow": "x", "embed": "true", "embed_options": "dark_theme"}
    )
    assert export_menu._url_parameters() == {"years": "2020, 2024", "flow": "x"}


def test_the_view_link_reopens_the_same_view_language_included(app):
    assert export_menu.view_link() == LINK  # no parameters: the page's address alone
    app.query_params = fake_streamlit.query_params({"years": ["2020", "2024"], "lang": "en", "q": "cotton & wool"})
    assert export_menu.view_link() == f"{LINK}?years=2020&years=2024&lang=en&q=cotton+%26+wool"


@pytest.mark.parametrize("url", [None, "", "about:blank", "javascript:alert(1)", "http://host/page with space"])
def test_no_view_link_without_a_web_address(app, url):
    app.context.url = url
    app.query_params = fake_streamlit.query_params({"years": "2020"})
    assert export_menu.view_link() is None


def test_the_overview_tables_are_the_session_s_or_none_when_one_cannot_be_read(app, monkeypatch):
    mine = pd.DataFrame({"year": [2024]})
    app.session_state[session.SESSION_TABLES_KEY] = {"targets": mine}
    trade, targets, projects = export_menu._overview_tables()
    assert targets is mine
    assert trade.equals(data.load("trade")) and projects.equals(data.load("projects"))

    def unreadable(resource):
        raise data.DataError(f"{resource}.csv", [])

    monkeypatch.setattr(session, "table", unreadable)
    assert export_menu._overview_tables() is None


def overview_tables():
    return data.load("trade"), data.load("targets"), data.load("projects")


def test_the_report_is_the_view_as_it_is_now_with_the_overview_s_key_figures(app):
    view = export_menu.current_view()
    export_menu.remember("flows", "trade-flows", Chart(figure=None, table=pd.DataFrame({"year": [2024]})))
    export_menu.remember_text("On track.", ("Top chapters", pd.DataFrame({"x": [1]})))
    prov = Provenance((Upload("trade", "my-trade.csv"),))
    report = export_menu.make_report(view, "en", "Trade", overview_tables(), {"years": "2020"}, LINK, prov)
    assert (report.lang, report.view, report.link, report.provenance) == ("en", "Trade", LINK, prov)
    assert report.parameters == {"years": "2020"}
    assert [item.name for item in report.charts] == ["trade-flows"]
    assert report.statements == ["On track."] and [title for title, _ in report.tables] == ["Top chapters"]
    assert report.kpis == briefing.overview_kpis(*overview_tables(), "en") != []
    # Later records of the view do not change a report already made.
    export_menu.remember_text("Later.", ("Later", pd.DataFrame()))
    assert report.statements == ["On track."] and len(report.tables) == 1


def test_a_report_without_parameters_tables_or_readable_key_figures_still_comes(app, monkeypatch):
    view = export_menu.current_view()
    report = export_menu.make_report(view, "ru", "Обзор", None, {}, None)
    assert (report.kpis, report.parameters, report.link, report.provenance, report.charts) == ([], None, None, NONE, [])
    for error in (LookupError("no year"), ValueError("bad"), KeyError("column")):

        def broken(*args, error=error):
            raise error

        monkeypatch.setattr(briefing, "overview_kpis", broken)
        assert export_menu.make_report(view, "ru", "Обзор", overview_tables(), {}, None).kpis == []


def test_the_briefing_html_is_utf_8_text_of_the_report(app):
    view = export_menu.current_view()
    export_menu.remember_text("Торговля растёт.")
    page = export_menu._briefing_html(view, "ru", "Торговля", None, {"years": "2020"}, LINK).decode("utf-8")
    assert "Торговля растёт." in page and LINK in page and "<html" in page

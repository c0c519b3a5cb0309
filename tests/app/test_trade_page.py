"""Trade page: reporters, measures, reconciliation and the table with sources."""

from __future__ import annotations

import pytest

from partnership import data, trade
from partnership.i18n import LANGUAGES, period_label
from tests import shipped
from tests.app.conftest import main_text, open_page
from ui import plotly_element


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_opens_with_all_sources(lang):
    at = open_page("trade", lang=lang)
    assert not at.exception
    assert len(plotly_element.figures(at.main)) >= 2
    table = at.main.dataframe[-1].value
    assert len(table) == len(data.load("trade"))
    assert set(at.multiselect(key="reporters").value) == {"Uzbekistan", "Kazakhstan", "other"}


def test_reconciliation_lists_disagreements():
    text = main_text(open_page("trade", lang="en"))
    rows = shipped.disagreements_en()
    assert len(rows) >= 2  # the shipped data has years whose sources disagree
    lines = [line.removeprefix("- ") for line in text.splitlines() if line.startswith("- ")]
    assert [line for line in lines if line in rows] == rows  # every one, in year order


def test_the_first_tab_points_to_the_years_where_sources_disagree():
    """The chart shows every source's figure; a reader of the first tab is told where they differ."""
    at = open_page("trade", lang="ru")
    years = ", ".join(str(int(year)) for year in trade.disagreements(data.load("trade"))["year"])
    pointer = f"Источники расходятся в годовых цифрах за {years}: см. вкладку «Сверка источников»."
    assert pointer in [caption.value for caption in at.main.tabs[0].caption]
    at.multiselect(key="reporters").set_value(["Uzbekistan"]).run()  # one side's figures agree
    assert not [caption for caption in at.main.tabs[0].caption if "расходятся" in caption.value]


def test_filter_to_uzbek_figures():
    at = open_page("trade", lang="en")
    at.multiselect(key="reporters").set_value(["Uzbekistan"]).run()
    assert not at.exception
    table = at.main.dataframe[-1].value
    assert set(table["reporter"]) == {"Uzbekistan"}
    assert "Among the chosen sources the full-year figures agree." in main_text(at)


def test_reporters_from_url():
    at = open_page("trade", lang="en", reporters="Kazakhstan")
    assert at.multiselect(key="reporters").value == ["Kazakhstan"]


def test_balance_measure():
    at = open_page("trade", lang="ru")
    at.selectbox(key="measure").set_value("balance_usd_bn").run()
    assert not at.exception
    assert "Сальдо = экспорт Узбекистана − импорт Узбекистана" in main_text(at)


def test_no_reporter_chosen_shows_a_message():
    at = open_page("trade", lang="en")
    at.multiselect(key="reporters").set_value([]).run()
    assert not at.exception
    assert any("No figure for the chosen sources" in i.value for i in at.main.info)


def test_events_on_the_chart():
    at = open_page("trade", lang="en")
    at.toggle(key="events").set_value(True).run()
    assert not at.exception
    figure = plotly_element.figures(at.main)[0]
    events = [trace for trace in figure["data"] if trace.get("name") == "Events"]
    assert len(events) == 1
    assert any("Supreme Interstate Council" in text for text in events[0]["hovertext"])


def test_broken_events_file_keeps_trade_figures(broken_data):
    (broken_data / "events.csv").write_text("date,year\n2025-01-01,1800\n", encoding="utf-8")
    at = open_page("trade", lang="en")
    assert not at.exception and not at.main.error
    at.toggle(key="events").set_value(True).run()
    assert not at.exception
    assert len(at.main.error) == 1
    assert "events.csv" in at.main.code[0].value
    assert len(plotly_element.figures(at.main)) >= 1


def test_language_switch_keeps_the_chosen_reporters():
    at = open_page("trade", lang="ru")
    at.multiselect(key="reporters").set_value(["Kazakhstan"]).run()
    at.selectbox(key="measure").set_value("exports_uz_to_kz_usd_bn").run()
    at.sidebar.radio(key="lang").set_value("en").run()
    assert not at.exception
    assert at.title[0].value == "Uzbekistan–Kazakhstan trade"
    assert at.multiselect(key="reporters").value == ["Kazakhstan"]
    assert at.selectbox(key="measure").value == "exports_uz_to_kz_usd_bn"


def test_both_tables_name_the_period_in_the_page_language():
    """The sources' own period words ("Jan-Sep", "full year") are data; each table shows them in Russian."""
    at = open_page("trade", lang="ru")
    raw = data.load("trade")["period"]
    tables = [table.value for table in at.main.dataframe if "period" in table.value.columns]
    assert len(tables) == 2  # the reconciliation and the table of every figure
    for table in tables:
        assert set(table["period"]) <= {period_label(p, "ru") for p in raw}
        assert "full year" not in set(table["period"])

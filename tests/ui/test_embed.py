"""ui/embed: embed mode (?chart=<id>, with Streamlit's embed=true in a browser) through the real router: the chart alone,
its sources, the view's settings, errors as messages."""

from __future__ import annotations

import datetime as dt

import pytest

from partnership import data
from partnership.chart_registry import CHARTS
from tests.app.conftest import main_text, open_page
from tests.conftest import ROOT
from ui import plotly_element


def embedded(chart: str, lang: str = "en", **query):
    at = open_page(None, lang=lang, chart=chart, **query)
    assert not at.exception
    return at


@pytest.mark.parametrize("chart_id", list(CHARTS))
def test_embed_draws_only_the_chart_with_its_sources(chart_id):
    at = embedded(chart_id)
    (figure,) = plotly_element.figures(at.main)
    spec = CHARTS[chart_id]
    expected = spec.build([data.load(name) for name in spec.resources], "en", {"lang": ["en"]})
    assert figure["layout"]["title"]["text"] == expected.figure.layout.title.text
    assert len(at.sidebar) == 0  # no language picker, no briefing, no footer
    assert not at.get("download_button") and not at.get("file_uploader") and not at.main.button
    (sources,) = at.main.caption
    assert sources.value.startswith("Sources: [") and "](http" in sources.value
    assert at.main.title.len == 0  # the page did not run


def test_embed_follows_the_language_and_the_views_settings():
    at = embedded("trade", lang="ru", reporters="Казахстан")
    (figure,) = plotly_element.figures(at.main)
    assert figure["layout"]["meta"]["lang"] == "ru"
    names = {trace["name"] for trace in figure["data"] if trace.get("name")}
    assert names and all(name.startswith("Казахстан") for name in names)
    assert at.main.caption[0].value.startswith("Источники: ")


def test_embed_of_a_scenario_shows_the_custom_growth():
    at = embedded("scenarios", n="1", preset1=":material/tune:", growth1="17.5")
    (figure,) = plotly_element.figures(at.main)
    (scenario,) = figure["layout"]["meta"]["parameters"]["scenarios"]
    assert scenario["growth"] == pytest.approx(0.175)


def test_embed_errors_are_messages():
    at = embedded("nope")
    assert "There is no chart “nope” here" in at.main.info[0].value and "trade" in at.main.info[0].value
    at = embedded("scenarios", target_year="2020")
    assert '"Target year" (2020)' in main_text(at) and not plotly_element.figures(at.main)


def test_embedded_scenario_charts_are_the_pages_charts():
    query = {"n": "2", "preset2": ":material/tune:", "growth2": "12.5", "vol": "5.0", "fan": "2", "span": "2017–2025"}
    on_page = plotly_element.figures(open_page("scenarios", lang="en", **query).main)
    for chart_id, index in (("scenarios", 0), ("scenarios-fan", 1)):
        (alone,) = plotly_element.figures(embedded(chart_id, **query).main)
        assert alone["layout"]["meta"] == on_page[index]["layout"]["meta"]
        assert alone["data"] == on_page[index]["data"]


def test_embedded_agreements_chart_follows_the_pages_filters():
    query = {"sector": "Energy", "summit": "true", "q": "agreement"}
    page_figures = plotly_element.figures(open_page("agreements", lang="en", **query).main)
    (alone,) = plotly_element.figures(embedded("agreements", **query).main)
    assert alone["data"] == page_figures[0]["data"] and alone["layout"]["title"] == page_figures[0]["layout"]["title"]
    everything = plotly_element.figures(embedded("agreements").main)[0]
    assert alone["layout"]["title"] != everything["layout"]["title"]  # the title counts the documents shown


def test_embedded_agreements_chart_reads_the_date_range():
    at = open_page("agreements", lang="en")
    at.date_input(key="dates").set_value((dt.date(2022, 1, 1), dt.date(2024, 12, 31))).run()
    on_page = plotly_element.figures(at.main)[0]
    # A bound date range is in the URL as two ISO dates (dates=2022-01-01&dates=2024-12-31).
    (alone,) = plotly_element.figures(embedded("agreements", dates=["2022-01-01", "2024-12-31"]).main)
    assert alone["data"] == on_page["data"] and alone["layout"]["title"] == on_page["layout"]["title"]
    assert alone["layout"]["title"] != plotly_element.figures(embedded("agreements").main)[0]["layout"]["title"]


def test_embed_on_bad_data_is_a_message_with_the_way_to_the_monitor(broken_data):
    (broken_data / "trade.csv").write_text("year,period\nnot a year,x\n", encoding="utf-8")
    at = embedded("trade")
    assert "The data could not be loaded" in main_text(at) and not plotly_element.figures(at.main)
    assert len(plotly_element.figures(embedded("projects").main)) == 1  # other charts still work
    (broken_data / "trade.csv").write_bytes((ROOT / "data" / "trade.csv").read_bytes())
    targets = broken_data / "targets.csv"
    header, *rows = targets.read_text("utf-8").splitlines()
    targets.write_text("\n".join([header, *(row.replace(",current,", ",past,") for row in rows)]) + "\n", "utf-8")
    at = embedded("overview")
    assert "cannot be drawn from the data" in at.main.info[0].value
    assert not at.exception

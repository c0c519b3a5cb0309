"""The chart registry: stable ids, each on its page under the same element key, built from tables and URL settings."""

from __future__ import annotations

import json
import re

import plotly.io as pio
import pytest

from partnership import data, trade
from partnership.chart_registry import CHARTS, by_key
from partnership.charts import trade as trade_charts
from partnership.i18n import t
from tests.app.conftest import open_page, page_file
from tests.conftest import ROOT
from ui import plotly_element


def build(chart_id: str, query: dict, lang: str = "en"):
    spec = CHARTS[chart_id]
    return spec.build([data.load(name) for name in spec.resources], lang, query)


def test_ids_are_words_and_each_is_drawn_by_its_page_under_its_key():
    app = (ROOT / "app.py").read_text("utf-8")
    for chart_id, spec in CHARTS.items():
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", chart_id) and spec.id == chart_id
        assert f'"{spec.page}")' in app  # a page of the router
        page = (ROOT / page_file(spec.page)).read_text("utf-8")
        assert f'"{spec.key}"' in page, f"{page_file(spec.page)} draws no chart keyed {spec.key}"
        assert by_key(spec.key) is spec
    assert by_key("no_such_chart") is None


def test_the_readme_lists_every_chart_id():
    readme = (ROOT / "README.md").read_text("utf-8")
    for chart_id in CHARTS:
        assert f"`{chart_id}`" in readme


@pytest.mark.parametrize("chart_id", list(CHARTS))
@pytest.mark.parametrize("lang", ["ru", "en", "uz", "kk"])
def test_every_chart_builds_with_a_title_and_sources(chart_id, lang):
    built = build(chart_id, {}, lang)
    assert built.figure.layout.title.text and built.figure.data
    assert built.figure.layout.meta["lang"] == lang
    assert built.sources and all(url.startswith(("https://", "http://")) for url in built.sources)


def test_trade_reads_the_pages_labels_in_the_pages_language():
    rows = data.load("trade")
    for lang in ("en", "ru"):
        query = {"reporters": [t("reporter.Kazakhstan", lang)], "measure": t("measure.exports_uz_to_kz_usd_bn", lang)}
        built = build("trade", query, lang)
        chosen = trade.with_balance(trade.by_reporters(rows, ["Kazakhstan"]))
        expected = trade_charts.trade_chart(chosen, lang, y="exports_uz_to_kz_usd_bn").figure
        assert built.figure.to_plotly_json() == expected.to_plotly_json()
    # As on the page: a label of another language is not an option (the widget keeps its default).
    assert set(build("trade", {"reporters": ["Kazakhstan"]}, "ru").data["reporter"]) == set(trade.REPORTERS)
    assert set(build("trade", {"reporters": ["Kazakhstan"]}).data["reporter"]) == {"Kazakhstan"}
    assert build("trade", {"reporters": []}).data.empty  # a cleared multiselect (?reporters=) shows nothing
    assert set(build("trade", {}).data["reporter"]) == set(trade.REPORTERS)


def test_scenarios_chart_shows_the_custom_growth_from_the_url():
    built = build("scenarios", {"n": "1", "preset1": ":material/tune:", "growth1": "17.5"})
    (scenario,) = built.figure.layout.meta["parameters"]["scenarios"]
    assert scenario["preset"] == "custom" and scenario["growth"] == pytest.approx(0.175)


def test_events_filters_from_the_url():
    everything = build("events", {})
    key_only = build("events", {"key_only": "true"})
    assert 0 < len(key_only.data) < len(everything.data)


@pytest.mark.parametrize("page", ["overview", "trade", "agreements", "projects", "events"])
def test_the_registry_builds_the_charts_the_pages_show(page):
    query = {"reporters": "Kazakhstan"} if page == "trade" else {}
    on_page = plotly_element.figures(open_page(page, lang="kk", **query).main)
    specs = [spec for spec in CHARTS.values() if spec.page == page]
    assert len(on_page) == len(specs)  # every chart of the page has an id, in page order
    for spec, shown in zip(specs, on_page, strict=True):
        tables = [data.load(name) for name in spec.resources]
        built = spec.build(tables, "kk", {key: [value] for key, value in query.items()})
        assert json.loads(pio.to_json(built.figure, validate=False)) == shown, spec.id

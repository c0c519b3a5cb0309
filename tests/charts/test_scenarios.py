"""partnership.charts.scenarios: the figures carry their parameters, crossings, target and history."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import pytest

from partnership import data, scenarios
from partnership.charts import base as chart_base
from partnership.charts import scenarios as scenario_charts
from partnership.i18n import fmt_pct, t


@pytest.fixture(scope="module")
def setup():
    trade_df = data.load("trade")
    headline = scenarios.headline_by_year(trade_df)
    base = scenarios.default_base(trade_df)
    required = scenarios.required_cagr(4.97, 2025, 10.0, 2030)
    chosen = [
        scenarios.Scenario("Trend", "trend", scenarios.trend_growth(headline, 2022)),
        scenarios.Scenario("Required", "required", required),
        scenarios.Scenario("<b>Mine</b>", "custom", 0.10),
    ]
    paths = scenarios.paths_table(4.97, 2025, chosen, 2035)
    summary = scenarios.summarize(4.97, 2025, chosen, 10.0, 2030, 2035)
    return headline, base, chosen, paths, summary


def _setup(base, **extra) -> scenarios.Setup:
    """Base 4.97 bn in 2025 (the data's default base row), target 10 bn by 2030, horizon 2035."""
    return scenarios.Setup(float(base["turnover_usd_bn"]), int(base["year"]), base["source_url"], 10.0, 2030, 2035, **extra)


def _paths_figure(setup, lang: str) -> go.Figure:
    headline, base, _chosen, paths, summary = setup
    return scenario_charts.paths_chart(
        headline, paths, summary, _setup(base, trend_span=(2022, 2025), target_url="https://example.org/target"), lang
    ).figure


def _footer(fig: go.Figure) -> str:
    """The footer's text; its line breaks (wrapped to fit a phone-wide chart) read as spaces."""
    return "\n".join(a.text.replace("<br>", " ") for a in fig.layout.annotations)


def test_paths_chart_states_its_parameters_inside_the_figure(setup):
    fig = _paths_figure(setup, "en")
    footer = _footer(fig)
    assert "Starting point: $4.97 bn in 2025 (ru.trend.az) · target: $10 bn by 2030 · horizon: 2035" in footer
    assert "1. Trend — trend 2022–2025: +2.6% a year; target not by 2035" in footer
    assert "2. Required — required rate: +15.01% a year; target in 2030" in footer
    assert "3. &lt;b&gt;Mine&lt;/b&gt; — custom rate: +10.0% a year; target in 2033" in footer
    assert "Sources: ru.trend.az, example.org" in footer
    assert fig.layout.title.text.replace("<br>", " ") == "Uzbekistan–Kazakhstan trade: history and scenarios to 2035"
    parameters = fig.layout.meta["parameters"]
    assert parameters["base_year"] == 2025 and parameters["base_value"] == 4.97
    assert parameters["target_value"] == 10.0 and parameters["target_year"] == 2030 and parameters["horizon"] == 2035
    assert [s["year_reached"] for s in parameters["scenarios"]] == [None, 2030, 2033]
    assert [s["preset"] for s in parameters["scenarios"]] == ["trend", "required", "custom"]


def test_paths_chart_in_russian_uses_russian_words_and_decimal_commas(setup):
    footer = _footer(_paths_figure(setup, "ru"))
    assert "Отправная точка: 4,97 млрд $ за 2025 год (ru.trend.az) · цель: 10 млрд $ к 2030 году" in footer
    assert "2. Required — нужный темп: +15,01\xa0% в год; цель в 2030 году" in footer
    assert "1. Trend — тренд 2022–2025: +2,6\xa0% в год; цель не к 2035 году" in footer
    assert _paths_figure(setup, "ru").layout.separators == ", "


def test_paths_chart_draws_history_paths_target_and_crossings(setup):
    fig = _paths_figure(setup, "en")
    history = fig.data[0]
    assert history.name == "History (one full-year figure per year)"
    assert list(history.x) == list(range(2017, 2026))
    assert list(history.y)[2:4] == [None, 3.0]  # 2019: no full-year figure, the line breaks
    assert list(history.y)[-1] == 4.97
    lines = [trace for trace in fig.data if trace.mode == "lines"]
    assert [trace.name for trace in lines] == ["1. Trend: +2.6%", "2. Required: +15.01%", "3. &lt;b&gt;Mine&lt;/b&gt;: +10.0%"]
    assert list(lines[1].x) == list(range(2025, 2036)) and lines[1].y[5] == pytest.approx(10.0)
    # Every scenario has its crossing trace, after all the lines; one without points does not reach the target.
    crossings = [trace for trace in fig.data if trace.marker.symbol == "diamond"]
    assert [trace.legendgroup for trace in crossings] == ["0", "1", "2"] and fig.data[5:] == tuple(crossings)
    assert len(crossings[0].x) == 0 and crossings[0].hovertext == ""
    crossings = crossings[1:]
    assert [(trace.x[0], trace.text[0]) for trace in crossings] == [(2030, "2030"), (2033, "2033")]
    assert crossings[0].y[0] == pytest.approx(10.0)
    star = next(trace for trace in fig.data if trace.marker.symbol == "star")
    assert (star.x[0], star.y[0]) == (2030, 10.0) and star.name == "Target: $10 bn by 2030"
    assert [(shape.y0, shape.y1, shape.xref) for shape in fig.layout.shapes] == [(10.0, 10.0, "paper")]


def test_a_scenario_that_never_reaches_the_target_has_no_crossing(setup):
    headline, base, _chosen, _paths, _summary = setup
    slow = [scenarios.Scenario("Slow", "custom", 0.01)]
    fig = scenario_charts.paths_chart(
        headline,
        scenarios.paths_table(4.97, 2025, slow, 2035),
        scenarios.summarize(4.97, 2025, slow, 10.0, 2030, 2035),
        _setup(base),
        "en",
    ).figure
    assert not [trace for trace in fig.data if trace.marker.symbol == "diamond" and len(trace.x)]
    assert "1. Slow — custom rate: +1.0% a year; target not by 2035" in _footer(fig)


def test_fan_chart_bands_median_and_parameters(setup):
    headline, base, chosen, _paths, _summary = setup
    simulated = scenarios.simulate(4.97, 2025, 2035, chosen[1].growth, 0.11)
    quantiles = scenarios.fan(simulated, 2025)
    probability = scenarios.probability_of_target(4.97, 2025, 10.0, 2030, chosen[1].growth, 0.11)
    fig = scenario_charts.fan_chart(
        headline,
        quantiles,
        _setup(base),
        scenarios.Scenario("2. Required", "required", chosen[1].growth),
        0.11,
        probability,
        "en",
        scenarios.N_PATHS,
        scenarios.SEED,
    ).figure
    names = [trace.name for trace in fig.data if trace.showlegend is not False]
    assert names[:3] == ["10–90 % of paths", "25–75 % of paths", "Median"]
    assert fig.data[-2].name == "History (one full-year figure per year)" and fig.data[-2].legendrank == 1
    outer_low, outer_high = fig.data[0], fig.data[1]
    assert list(outer_low.y) == list(quantiles[0.1]) and list(outer_high.y) == list(quantiles[0.9])
    assert outer_high.fill == "tonexty"
    median = next(trace for trace in fig.data if trace.name == "Median")
    assert list(median.y) == list(quantiles[0.5])
    footer = _footer(fig)
    assert "2. Required: mean growth +15.01% a year, volatility 11.0%; 10,000 paths, seed 0" in footer
    assert f"Probability of reaching $10 bn by 2030: {probability * 100:.1f}%" in footer
    assert fig.layout.title.text.replace("<br>", " ") == 'Uncertainty of scenario "2. Required": a fan of Monte Carlo paths'
    parameters = fig.layout.meta["parameters"]
    assert parameters["n_paths"] == 10_000 and parameters["seed"] == 0 and parameters["volatility"] == 0.11
    assert parameters["probability"] == probability


def test_figures_are_json_serialisable_for_export(setup):
    fig = _paths_figure(setup, "en")
    spec = json.loads(fig.to_json())
    assert spec["layout"]["meta"]["parameters"] == json.loads(json.dumps(fig.layout.meta["parameters"]))
    assert spec["layout"]["title"]["text"] == fig.layout.title.text


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_unvalidated_figures_pass_plotlys_validation_unchanged(setup, lang):
    """The Scenarios figures skip plotly's validation for speed (chart_base.fast_figure): here it runs on them.

    A misspelt property or an invalid value makes go.Figure(...) raise; a value validation would coerce
    differently shows as a difference; the template must be the shared one, as finish() sets it.
    """
    headline, base, chosen, _paths, _summary = setup
    simulated = scenarios.simulate(4.97, 2025, 2035, chosen[0].growth, 0.1)
    fan = scenario_charts.fan_chart(
        headline,
        scenarios.fan(simulated, 2025),
        _setup(base),
        scenarios.Scenario("1. Trend", "trend", chosen[0].growth),
        0.1,
        0.25,
        lang,
        scenarios.N_PATHS,
        scenarios.SEED,
    ).figure
    for fig in (_paths_figure(setup, lang), fan):
        validated = go.Figure(fig.to_dict())
        assert validated.to_plotly_json() == fig.to_plotly_json()
        reference = go.Figure(layout=dict(template=chart_base.TEMPLATE_NAME))
        assert fig.to_plotly_json()["layout"]["template"] == reference.to_plotly_json()["layout"]["template"]


def _drawn_points(fig: go.Figure) -> int:
    return sum(1 for trace in fig.data for x, y in zip(trace.x, trace.y, strict=True) if x is not None and y is not None)


def test_fan_table_names_every_band_edge_and_gives_history_its_own_sources(setup):
    headline, base, chosen, _paths, _summary = setup
    quantiles = scenarios.fan(scenarios.simulate(4.97, 2025, 2035, chosen[1].growth, 0.11, 200), 2025)
    chart = scenario_charts.fan_chart(
        headline, quantiles, _setup(base), scenarios.Scenario("2. Required", "required", chosen[1].growth), 0.11, 0.4, "ru"
    )
    table = chart.table
    assert len(table) == _drawn_points(chart.figure)  # one row per point drawn, band edges included
    assert table["series"].str.len().gt(0).all()
    edges = {t("scenarios.chart.quantile", "ru", p=fmt_pct(p, "ru", digits=0)) for p in (10, 25, 75, 90)}
    assert edges | {"Медиана"} <= set(table["series"]) and "Квантиль 10" in min(edges)
    history = table[table["series"] == "История (одно годовое значение за год)"]
    assert list(zip(history["year"], history["source_url"], strict=True)) == list(
        zip(headline["year"], headline["source_url"], strict=True)
    )
    assert set(history["origin"]) == {"source"} and set(table.loc[~table.index.isin(history.index), "origin"]) >= {"calculation"}
    assert set(table["preset"]) == {"нужный темп"}  # the page's words, not the code


def test_paths_table_has_a_row_per_point_each_scenario_with_its_growth(setup):
    headline, base, _chosen, paths, summary = setup
    chart = scenario_charts.paths_chart(
        headline, paths, summary, _setup(base, trend_span=(2022, 2025), target_url="https://example.org/target"), "en"
    )
    table = chart.table
    assert len(table) == _drawn_points(chart.figure)
    target = table[table["series"].str.startswith("Target")]
    assert list(target["source_url"]) == ["https://example.org/target"] and list(target["origin"]) == ["source"]
    mine = table[table["series"].str.startswith("3. <b>Mine</b>:")]  # user text as typed: a CSV is not markup
    assert len(mine) and set(mine["growth"]) == {0.10} and set(mine["origin"]) == {"calculation"}


def test_on_a_phone_both_charts_label_the_target_by_its_figure_alone():
    """The long target sentence ran over the y axis of a phone-wide chart (cut at 320 px in kk): layout.meta.phone
    replaces the star's label with its figure and year, on the fan as on the paths."""
    from tests.charts.test_summaries import _figures

    for lang in ("ru", "kk"):
        for name in ("paths", "fan"):
            fig = _figures(lang)[name]
            patches = fig.layout.meta["phone"]["traces"]
            (index,) = [int(i) for i, patch in patches.items() if "text" in patch]
            assert fig.data[index].marker.symbol == "star", (lang, name)
            assert patches[index]["text"][0].strip().endswith(", 2030"), (lang, name)
            assert len(patches[index]["text"][0]) < len(fig.data[index].text[0]), (lang, name)

"""partnership.charts.summaries: every chart's accessible name is its title plus a sentence from its own data, in the UI language."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from partnership import data, events, kpis, projects, scenarios, trade
from partnership.charts import comtrade as comtrade_charts
from partnership.charts import registers as register_charts
from partnership.charts import scenarios as scenario_charts
from partnership.charts import summaries
from partnership.charts import trade as trade_charts
from partnership.charts.chart import Chart
from partnership.i18n import LANGUAGES
from tests.charts.test_comtrade import PRODUCTS


def _rows(*figures: tuple) -> pd.DataFrame:
    """Trade rows (year, reporter, period_type, turnover, lower_bound), with what the trade chart needs besides."""
    return pd.DataFrame(
        [
            {
                "year": year,
                "period": "full year" if kind == "full_year" else "Jan-Sep",
                "period_type": kind,
                "reporter": reporter,
                "reporter_detail": "statistics office",
                "turnover_usd_bn": value,
                "lower_bound": bound,
                "source_title": "A source",
                "source_url": f"https://example.org/{year}/{reporter}",
            }
            for year, reporter, kind, value, bound in figures
        ]
    )


def _series(rows: pd.DataFrame, lang: str) -> str:
    """The trade chart's sentence, read from the chart's own table."""
    return summaries.series(trade_charts.trade_chart(rows, lang).table, lang)


SMALL = _rows(
    (2021, "Kazakhstan", "full_year", 3.1, False),
    (2023, "other", "full_year", 4.5, False),
    (2023, "Uzbekistan", "full_year", 4.4, False),
    (2024, "Uzbekistan", "part_year", 3.25, False),
)


def test_series_states_span_latest_and_whose_figures_in_english():
    text = _series(SMALL, "en")
    # The latest full year is 2023 (the 2024 figure covers part of a year); the Uzbek figure is preferred.
    assert text == (
        "figures for 2021–2024, latest $4.4 bn in 2023 (full year); "
        "full-year figures from Uzbek, Kazakh, and other sources; part-year figures as open markers: 1."
    )


def test_series_in_russian_uses_russian_words_and_decimal_commas():
    text = _series(SMALL, "ru")
    assert "4,4 млрд $ в 2023 г." in text
    assert "узбекских, казахстанских и других источников" in text
    assert "4.4" not in text


def test_a_lower_bound_is_said_as_one():
    rows = _rows((2024, "Uzbekistan", "full_year", 4.0, True))
    assert "≥ $4 bn in 2024" in _series(rows, "en")


def test_no_figures_is_said_plainly():
    assert _series(SMALL.iloc[0:0], "en") == "No figures to show."


def test_aria_label_is_plain_text_with_the_title_first():
    label = summaries.aria_label("A &amp; B<br>by year", "some text.")
    assert label == "A & B by year. Some text."
    # The summary is data text: kept as written, never parsed as markup.
    assert summaries.aria_label("T", "<b>x</b>") == "T. <b>x</b>"
    assert summaries.aria_label("Title", None) == "Title"


def test_clauses_end_in_one_full_stop():
    assert summaries._sentence(["a", "цель — 10 млрд $ к 2030 г."]) == "a; цель — 10 млрд $ к 2030 г."


def test_reconciliation_names_the_years_where_sources_disagree():
    recon = trade.reconciliation(data.load("trade"))
    differ = sorted(trade.disagreements(data.load("trade"))["year"].astype(int))
    text = summaries.reconciliation(trade_charts.reconciliation_chart(recon, "en").table, "en")
    assert f"figures for {int(recon['year'].min())}–{int(recon['year'].max())}: {len(recon)}" in text
    assert all(str(year) in text.split("differ between sources for")[1] for year in differ)


def _figures(lang: str) -> dict[str, go.Figure]:
    """One figure of every builder of the core, from the shipped data."""
    return {name: chart.figure for name, chart in _charts(lang).items()}


def _charts(lang: str) -> dict[str, Chart]:
    """One chart of every builder of the core, from the shipped data."""
    trade_df = data.load("trade")
    k = kpis.overview(trade_df, data.load("targets"), data.load("projects"))
    headline = scenarios.headline_by_year(trade_df)
    base = scenarios.default_base(trade_df)
    chosen = [scenarios.Scenario("Mine", "custom", 0.10), scenarios.Scenario("Slow", "custom", 0.01)]
    paths = scenarios.paths_table(float(base["turnover_usd_bn"]), int(base["year"]), chosen, 2035)
    summary = scenarios.summarize(float(base["turnover_usd_bn"]), int(base["year"]), chosen, 10.0, 2030, 2035)
    simulated = scenarios.simulate(float(base["turnover_usd_bn"]), int(base["year"]), 2035, 0.10, 0.11)
    quantiles = scenarios.fan(simulated, int(base["year"]))
    setup = scenarios.Setup(float(base["turnover_usd_bn"]), int(base["year"]), base["source_url"], 10.0, 2030, 2035)
    project_rows = data.load("projects")
    return {
        "trade": trade_charts.trade_chart(trade_df, lang),
        "overview": trade_charts.overview_chart(trade.full_year(trade_df), k["path"], k["target"], lang),
        "reconciliation": trade_charts.reconciliation_chart(trade.reconciliation(trade_df), lang),
        "growth": trade_charts.growth_chart(trade.reported_growth(trade_df), lang),
        "paths": scenario_charts.paths_chart(headline, paths, summary, setup, lang),
        "fan": scenario_charts.fan_chart(headline, quantiles, setup, chosen[0], 0.11, 0.25, lang, 100, 0),
        "agreements": register_charts.agreements_by_year_sector(data.load("agreements"), lang),
        "projects": register_charts.projects_by_sector(
            projects.sector_sums(project_rows),
            lang,
            projects.valued_summary(project_rows),
            projects.with_value(project_rows),
        ),
        "events": register_charts.events_timeline(events.timeline(data.load("events")), lang),
        "treemap": comtrade_charts.product_treemap(PRODUCTS, lang, 2022, "exports_uz_to_kz"),
    }


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_figure_of_the_core_has_an_accessible_name_with_its_title_and_a_summary(lang):
    for name, fig in _figures(lang).items():
        label = fig.layout.meta["aria_label"]
        title = summaries.plain(fig.layout.title.text)
        assert label.startswith(title + ". "), name
        assert len(label) > len(title) + 20, name
        assert "<" not in label.replace(title, ""), name


def test_summaries_carry_numbers_from_the_data_in_the_ui_language():
    trade_df = data.load("trade")
    latest = trade.latest_full_year(trade_df)
    en, ru = _figures("en"), _figures("ru")
    value = float(latest["turnover_usd_bn"])
    assert f"${value:g} bn in {int(latest['year'])}" in en["trade"].layout.meta["aria_label"]
    assert f"{value:g}".replace(".", ",") + f" млрд $ в {int(latest['year'])}" in ru["trade"].layout.meta["aria_label"]
    assert "target $10 bn by 2030" in en["overview"].layout.meta["aria_label"]
    assert "Mine at +10.0% a year reaches the target in 2033" in en["paths"].layout.meta["aria_label"]
    assert "Slow at +1.0% a year does not reach it by 2035" in en["paths"].layout.meta["aria_label"]
    assert "Probability of reaching $10 bn by 2030: 25.0%" in en["fan"].layout.meta["aria_label"]
    assert "Вероятность достичь 10 млрд $ к 2030 г.: 25,0 %" in ru["fan"].layout.meta["aria_label"]
    sums = projects.sector_sums(data.load("projects"))
    top = sums.sort_values("value_usd_mn", ascending=False).iloc[0]
    assert f"${top['value_usd_mn']:g} mn" in en["projects"].layout.meta["aria_label"]
    timeline = events.timeline(data.load("events"))
    assert (
        f"key milestones: {int(timeline['key_event'].fillna(False).astype(bool).sum())}" in en["events"].layout.meta["aria_label"]
    )
    # The treemap: each reporter's total as the panel title states it.
    for reporter_label in ("Uzbekistan's report", "Kazakhstan's report"):
        assert reporter_label in en["treemap"].layout.meta["aria_label"]


# Per chart: its sentence's function and a change of one number in its table, with what the sentence then says.
def _latest_line_point(table: pd.DataFrame) -> pd.Index:
    full = table[(table["period_type"] == "full year") & (table["series"] == "Uzbekistan")]
    return full.index[full["year"] == full["year"].max()]


def _changed(table: pd.DataFrame, rows, column: str, value) -> pd.DataFrame:
    out = table.copy()
    out.loc[rows, column] = value
    return out


EDITS = {
    "trade": (summaries.series, lambda t: _changed(t, _latest_line_point(t), "value", 7.25), "latest $7.25 bn in 2025"),
    "overview": (
        summaries.overview,
        lambda t: _changed(t, t.index[t["series"] == "Target"], "value", 12.5),
        "target $12.5 bn by 2030",
    ),
    "reconciliation": (
        summaries.reconciliation,
        lambda t: _changed(t, t.index[(t["year"] == 2022) & (t["period_type"] == "full year")], "value", 4.0),
        "differ between sources for 2021, 2023, and 2024",
    ),
    "growth": (
        summaries.growth,
        lambda t: _changed(t, _latest_line_point(t), "value", 33.5),
        "latest +33.5% in 2025",
    ),
    "paths": (
        summaries.paths,
        lambda t: t[t["series"] != "1. Mine: year it reaches the target"],
        "1. Mine at +10.0% a year does not reach it by 2035",
    ),
    "fan": (
        summaries.fan,
        lambda t: _changed(_changed(t, t.index, "probability", 0.5), t.index[t["series"] == "Median"][-1:], "value", 11.0),
        "Probability of reaching $10 bn by 2030: 50.0%; median path $11.00 bn in 2035",
    ),
    "agreements": (
        summaries.agreements,
        lambda t: _changed(t, t.index[t["series"] == "water and environment"][-1:], "value", 40),
        "most in water and environment (41)",
    ),
    "projects": (summaries.projects, lambda t: _changed(t, t.index[-1:], "value", 9999.0), ": $9,999 mn"),
    "events": (summaries.events, lambda t: _changed(t, t.index, "key_event", True), "key milestones: 34"),
    "treemap": (
        summaries.treemap,
        lambda t: _changed(t, t.index[(t["series"] == "Uzbekistan") & (t["category"] == "Ch. 52")], "value", 3000.0),
        "Uzbekistan's report: $4,200.0 mn, largest section Textiles (71.4%)",
    ),
}


@pytest.mark.parametrize("name", list(EDITS))
def test_each_sentence_reads_its_charts_table(name):
    """The accessible name is the sentence of the chart's own table (the rows its CSV exports); a number
    changed in that table changes the sentence."""
    chart = _charts("en")[name]
    sentence, edit, said = EDITS[name]
    title = summaries.plain(chart.figure.layout.title.text)
    assert chart.figure.layout.meta["aria_label"] == summaries.aria_label(title, sentence(chart.table, "en"))
    assert said not in sentence(chart.table, "en")
    assert said in sentence(edit(chart.table), "en")


def test_a_figures_period_and_lower_bound_come_from_the_table():
    table = trade_charts.trade_chart(_rows((2024, "Uzbekistan", "full_year", 4.0, True)), "en").table
    assert "≥ $4 bn" in summaries.series(table, "en")
    assert "≥" not in summaries.series(table.assign(lower_bound=False), "en")
    assert "(Jan–Sep)" in summaries.series(table.assign(period="Jan–Sep"), "en")

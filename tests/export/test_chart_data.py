"""partnership.export.chart_data: one CSV layout for every chart, each point with its value, unit and source."""

from __future__ import annotations

import pandas as pd

from partnership import data, kpis, trade
from partnership.charts import base as chart_base
from partnership.charts import trade as trade_charts
from partnership.export import chart_data


def test_every_trade_figure_is_a_row_with_its_own_source():
    shipped = data.load("trade")
    table = chart_data.chart_table(trade_charts.trade_chart(shipped, "en"), "en", shipped)
    assert list(table.columns[:4]) == [
        "Year",
        "Series",
        "Trade turnover, USD billion (as on the chart)",
        "Trade turnover, USD billion (full value)",
    ]
    figures = shipped[shipped["turnover_usd_bn"].notna()]
    assert len(table) == len(figures)
    pairs = set(zip(table["Year"], table["Source"], strict=True))
    assert pairs == set(zip(figures["year"].astype(int), figures["source_url"], strict=True))
    assert set(table["Figure from"]) == {"source"}


def test_a_computed_path_is_rounded_as_shown_beside_its_full_value_and_named_by_its_start():
    shipped = data.load("trade")
    k = kpis.overview(shipped, data.load("targets"), data.load("projects"))
    full = trade.full_year(shipped)
    table = chart_data.chart_table(trade_charts.overview_chart(full, k["path"], k["target"], "ru"), "ru", full)
    path = table[table["Ряд"] == "Путь при требуемом постоянном росте"]
    computed = path[path["Откуда цифра"] == "расчёт"]
    assert len(computed) == 5  # 2026–2030
    shown, whole = computed.columns[2], computed.columns[3]
    assert "млрд" in shown and "как на графике" in shown and "полное значение" in whole
    assert (computed[shown] == computed[whole].round(2)).all() and (computed[shown] != computed[whole]).any()
    assert set(computed["Источник"]) == {k["latest"]["source_url"]}  # the figure the path starts from


def test_a_chart_without_points_exports_its_data():
    frame = pd.DataFrame({"chapter": ["01"], "value": [1.0]})
    fig = chart_base.go.Figure(chart_base.go.Treemap(labels=["01"], parents=[""], values=[1.0]))
    assert chart_data.chart_table(fig, "en", frame).equals(frame)

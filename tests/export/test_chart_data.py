"""partnership.export.chart_data: one CSV layout for every chart, each point with its value, unit and own source."""

from __future__ import annotations

import pandas as pd

from partnership import data, kpis, trade
from partnership.charts import chart as chart_table_rows
from partnership.charts import registers as register_charts
from partnership.charts import trade as trade_charts
from partnership.export import chart_data


def test_every_trade_figure_is_a_row_with_its_own_source():
    shipped = data.load("trade")
    table = chart_data.chart_table(trade_charts.trade_chart(shipped, "en"), "en")
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


def test_two_statements_of_the_same_value_in_the_same_year_keep_their_own_sources():
    """The old CSV matched points to rows by (year, value): two such statements shared each other's URLs."""
    shipped = data.load("trade")
    row = shipped[(shipped["year"] == 2023) & (shipped["period_type"] == "full_year")].iloc[[0]]
    twins = pd.concat(
        [
            row.assign(reporter="Uzbekistan", turnover_usd_bn=4.2, lower_bound=False, source_url="https://a.example/uz"),
            row.assign(reporter="Kazakhstan", turnover_usd_bn=4.2, lower_bound=False, source_url="https://b.example/kz"),
        ],
        ignore_index=True,
    )
    table = chart_data.chart_table(trade_charts.trade_chart(twins, "en"), "en")
    assert sorted(zip(table["Series"], table["Source"], strict=True)) == [
        ("Kazakhstan", "https://b.example/kz"),
        ("Uzbekistan", "https://a.example/uz"),
    ]
    assert list(table["Year"]) == [2023, 2023]
    # A path drawn from one of them names that one only (the Uzbek figure is the headline).
    target = pd.Series({"target_usd_bn": 10.0, "target_year": 2030, "source_url": "https://t.example"})
    path = pd.Series([4.2, 10.0], index=[2023, 2030])
    overview = chart_data.chart_table(trade_charts.overview_chart(twins, path, target, "en"), "en")
    start = overview[overview["Series"] == "Path at the required constant growth"]
    assert list(start["Source"]) == ["https://a.example/uz"] * 2


def test_a_computed_path_is_rounded_as_shown_beside_its_full_value_and_named_by_its_start():
    shipped = data.load("trade")
    k = kpis.overview(shipped, data.load("targets"), data.load("projects"))
    full = trade.full_year(shipped)
    table = chart_data.chart_table(trade_charts.overview_chart(full, k["path"], k["target"], "ru", start=k["latest"]), "ru")
    path = table[table["Ряд"] == "Путь при требуемом постоянном росте"]
    computed = path[path["Откуда цифра"] == "расчёт"]
    assert len(computed) == 5  # 2026–2030; 2025 is the figure it starts from
    assert list(path.loc[path["Откуда цифра"] == "из источника", "Год"]) == [int(k["latest"]["year"])]
    shown, whole = computed.columns[2], computed.columns[3]
    assert "млрд" in shown and "как на графике" in shown and "полное значение" in whole
    assert (computed[shown] == computed[whole].round(2)).all() and (computed[shown] != computed[whole]).any()
    assert set(path["Источник"]) == {k["latest"]["source_url"]}  # the figure the path starts from
    target = table[table["Ряд"] == "Цель"]
    assert list(target["Источник"]) == [k["target"]["source_url"]]


def test_a_count_names_the_sources_of_what_it_counts():
    docs = data.load("agreements")
    table = chart_data.chart_table(register_charts.agreements_by_year_sector(docs, "en"), "en")
    counts = table["Number of documents (full value)"]
    assert counts.sum() >= len(docs.dropna(subset=["year"])) and set(table["Figure from"]) == {"calculation"}
    for (year, urls), count in zip(zip(table["Year"], table["Source"], strict=True), counts, strict=True):
        listed = urls.split()
        assert 1 <= len(listed) <= count and set(listed) <= set(docs.loc[docs["year"] == year, "source_url"])


def test_an_empty_chart_has_an_empty_table():
    empty = chart_table_rows.Chart(trade_charts.go.Figure(), chart_table_rows.table([]))
    assert chart_data.chart_table(empty, "en").empty


def test_a_figures_period_and_lower_bound_are_columns_in_words():
    """The screen-reader sentence reads them from the chart's table; the CSV shows the same, yes/no in words."""
    shipped = data.load("trade")
    table = chart_data.chart_table(trade_charts.trade_chart(shipped, "ru"), "ru")
    figures = shipped[shipped["turnover_usd_bn"].notna()]
    assert set(table["«Более» (нижняя граница)"]) == {"да", "нет"}
    assert (table["«Более» (нижняя граница)"] == "да").sum() == int(figures["lower_bound"].sum())
    assert (table["Тип периода"] == "полный год").sum() == int((figures["period_type"] == "full_year").sum())
    assert "январь–сентябрь" in set(table["Период"]) and set(table["Чьи данные"]) == {
        "Узбекистан",
        "Казахстан",
        "Другие (СМИ, аналитики)",
    }

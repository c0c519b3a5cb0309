"""partnership.charts.chart: a chart's tidy table of points, one row per point with its own source."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from partnership.charts import chart


def test_points_give_one_row_per_point_with_its_own_source_and_the_parameters():
    rows = chart.points(
        "Turnover", [4.2, 4.97], "$ bn", chart.SOURCE, ["https://a.uz/1", "https://b.kz/2"], years=[2024, 2025], growth=0.15
    )
    assert rows == [
        {
            "year": 2024,
            "series": "Turnover",
            "value": 4.2,
            "unit": "$ bn",
            "origin": "source",
            "source_url": "https://a.uz/1",
            "growth": 0.15,
        },
        {
            "year": 2025,
            "series": "Turnover",
            "value": 4.97,
            "unit": "$ bn",
            "origin": "source",
            "source_url": "https://b.kz/2",
            "growth": 0.15,
        },
    ]


def test_one_url_serves_every_point_and_missing_values_stay_missing():
    rows = chart.points("Path", [4.97, None, float("nan")], "$ bn", chart.CALCULATION, "https://a.uz", years=[2025, pd.NA, 2027])
    assert [row["source_url"] for row in rows] == ["https://a.uz"] * 3
    assert [row["value"] for row in rows] == [4.97, None, None]
    assert [row["year"] for row in rows] == [2025, None, 2027]
    assert {row["origin"] for row in rows} == {"calculation"}


def test_a_point_without_a_url_has_an_empty_one_and_categories_replace_years():
    rows = chart.points("Exports", [1, 2], "$ m", chart.SOURCE, ["https://a.uz", None], categories=["27", "72"])
    assert [(row["category"], row["source_url"]) for row in rows] == [("27", "https://a.uz"), ("72", "")]
    assert all("year" not in row for row in rows)
    assert [type(row["value"]) for row in rows] == [float, float]


def test_table_puts_the_known_columns_first_in_order_then_the_parameters():
    rows = chart.points("Turnover", [4.97], "$ bn", chart.SOURCE, "https://a.uz", years=[2025], target=10.0)
    frame = chart.table([{**row, "label": "summit"} for row in rows])
    assert list(frame.columns) == ["year", "series", "value", "unit", "origin", "source_url", "label", "target"]
    assert str(frame["year"].dtype) == "Int64"


def test_an_empty_table_still_has_the_columns_an_export_reads():
    assert list(chart.table([]).columns) == ["series", "value", "unit", "origin", "source_url"]
    assert chart.table([]).empty


def test_a_table_given_as_a_function_is_built_once_when_first_read():
    calls = []

    def build():
        calls.append(1)
        return chart.table(chart.points("Turnover", [4.2, 4.97], "$ bn", chart.SOURCE, ["https://a.uz https://b.kz", None]))

    built = chart.Chart(go.Figure(layout={"title": {"text": "Trade"}}), build)
    assert calls == []
    assert built.source_urls() == ["https://a.uz", "https://b.kz"]  # a point summing two rows names both
    assert len(built.table) == 2 and calls == [1]
    assert repr(built) == "Chart('Trade')"

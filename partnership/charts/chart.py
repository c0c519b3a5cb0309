"""What a chart builder returns: the figure and the tidy table of what it draws.

    chart = trade_chart(rows, "ru")
    chart.figure            # the Plotly figure
    chart.table             # one row per point: year, series, value, unit, origin, source_url, parameters

The table is made where the data is known, so each point keeps the source of the row it was drawn
from (two statements with the same value in the same year keep their own URLs). Its columns:
`year` (calendar years), `date` (as the source writes it) and/or `category` (an HS chapter), `series` (as
the legend names it, in the chart's language), `value`, `unit` (the value axis's title), `origin` (SOURCE: a
source's figure, CALCULATION: computed from them), `source_url` (space-separated when a point sums
several rows), `label` (a point's name or text: an event's title, a chapter's description) and the view's
parameters (a scenario's start, target, growth…) or what else is known of a point (a figure's period, whether
it is a lower bound) under their own names. The chart's CSV (partnership.export.chart_data) puts it in the
reader's words; the chart's screen-reader sentence (charts.summaries) is read from it too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pandas as pd
import plotly.graph_objects as go

__all__ = ["CALCULATION", "COLUMNS", "SOURCE", "Chart", "points", "table"]

SOURCE = "source"
CALCULATION = "calculation"
COLUMNS = ("year", "date", "category", "series", "value", "unit", "origin", "source_url", "label")


class Chart:
    """A figure and the tidy table of its points (see the module).

    `table` may be given as a function making it, called once when the table is first asked for.
    """

    __slots__ = ("_table", "figure")

    def __init__(self, figure: go.Figure, table: pd.DataFrame | Callable[[], pd.DataFrame]) -> None:
        self.figure = figure
        self._table = table

    @property
    def table(self) -> pd.DataFrame:
        if callable(self._table):
            self._table = self._table()
        return self._table

    def source_urls(self) -> list[str]:
        """The source URLs of every point, in order (a point summing several rows has several)."""
        return [url for cell in self.table["source_url"] if isinstance(cell, str) for url in cell.split()]

    def __repr__(self) -> str:
        return f"Chart({self.figure.layout.title.text!r})"


def points(
    series: str,
    values: Iterable,
    unit: str,
    origin: str,
    source_urls: Iterable | str,
    *,
    years: Iterable | None = None,
    categories: Iterable | None = None,
    **parameters: object,
) -> list[dict]:
    """One row per point of one series: its year and/or category, value, unit, origin and source URL.

    `source_urls` is one URL per point or one URL for them all; `parameters` go on every row.
    """
    values = list(values)
    urls = [source_urls] * len(values) if isinstance(source_urls, str) else list(source_urls)
    years = list(years) if years is not None else None
    categories = list(categories) if categories is not None else None
    rows = []
    for index, value in enumerate(values):
        row: dict = {}
        if years is not None:
            row["year"] = None if pd.isna(years[index]) else int(years[index])
        if categories is not None:
            row["category"] = categories[index]
        url = urls[index]
        row |= {
            "series": series,
            "value": None if value is None or pd.isna(value) else float(value),
            "unit": unit,
            "origin": origin,
            "source_url": url if isinstance(url, str) else "",
            **parameters,
        }
        rows.append(row)
    return rows


def table(rows: list[dict]) -> pd.DataFrame:
    """The chart's table from `points` rows: the known columns first, in COLUMNS order, then the parameters."""
    frame = pd.DataFrame(rows)
    if frame.empty:
        return pd.DataFrame(columns=["series", "value", "unit", "origin", "source_url"])
    known = [column for column in COLUMNS if column in frame.columns]
    if "year" in frame.columns:
        frame["year"] = frame["year"].astype("Int64")
    return frame[known + [column for column in frame.columns if column not in COLUMNS]]

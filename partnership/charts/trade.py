"""Trade figures: the turnover lines by reporter, the Overview's path to the target, reconciliation, growth.

Pure functions of tidy trade frames and a language; the palette, template and footer come from
`partnership.charts.base`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from partnership.charts import summaries
from partnership.charts.base import (
    PATH_COLOR,
    PERIOD_SYMBOLS,
    REPORTER_COLORS,
    TARGET_COLOR,
    finish,
    source_line,
    year_axis,
)
from partnership.charts.chart import CALCULATION, SOURCE, Chart, points, table
from partnership.i18n import fmt_number, fmt_pct, localized_title, period_label, t
from partnership.text import plotly_text
from partnership.trade import latest_full_year
from partnership.vocabulary import term


def _with_gaps(rows: pd.DataFrame, y: str) -> pd.DataFrame:
    """Insert an empty row wherever consecutive years are missing, so lines break at gaps."""
    pieces, previous = [], None
    for _, row in rows.iterrows():
        if previous is not None and row["year"] - previous > 1:
            pieces.append({"year": None, y: None})
        pieces.append(row.to_dict())
        previous = row["year"]
    return pd.DataFrame(pieces, columns=rows.columns)


def _hover(rows: pd.DataFrame, y: str, lang: str) -> list[str]:
    """Hover text per row: year and period, the value, who reported it, the publication."""
    texts = []
    for _, row in rows.iterrows():
        if pd.isna(row.get("year")):
            texts.append("")
            continue
        if y.endswith("_pct"):
            value = fmt_pct(row[y], lang, signed=True)
        else:
            bound = "≥ " if bool(row.get("lower_bound", False)) else ""
            value = f"{bound}{fmt_number(row[y], lang)} {t('units.bn_short', lang)}"
        texts.append(
            f"<b>{int(row['year'])} · {period_label(row['period'], lang)}</b><br>{value}"
            f"<br>{plotly_text(term('reporter_detail', row['reporter_detail'], lang))}<br>{plotly_text(row['source_title'])}"
        )
    return texts


# What a line point is chosen by when one source group gives several full-year figures for a year.
LINE_MEASURES = ("turnover_usd_bn", "exports_uz_to_kz_usd_bn", "imports_uz_from_kz_usd_bn")


def one_per_year(rows: pd.DataFrame, y: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the figure the line takes for each year, the other figures of that year), both sorted by year.

    The rule: an exact figure before a lower bound ("over $4 bn"); then the figure whose source
    publishes most of turnover, exports and imports (the fuller statement); then the first in the
    data file. Nothing is averaged: the others stay on the chart as unconnected markers.
    """
    if rows.empty:
        return rows, rows
    ranked = rows.assign(
        _bound=rows["lower_bound"].fillna(False).astype(bool) if "lower_bound" in rows else False,
        _detail=-rows[[c for c in LINE_MEASURES if c in rows]].notna().sum(axis=1),
        _order=range(len(rows)),
    ).sort_values(["year", "_bound", "_detail", "_order"], kind="stable")
    first = ~ranked["year"].duplicated()
    helpers = ["_bound", "_detail", "_order"]
    return ranked[first].drop(columns=helpers), ranked[~first].drop(columns=helpers)


def line_points(rows: pd.DataFrame, y: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the points a reporter's line joins, the year's other figures as markers): `one_per_year`, except that
    a year whose only figure is a lower bound ("over $4 bn") is a ▲ marker, never a point on the line.
    """
    line, others = one_per_year(rows, y)
    bound = line["lower_bound"].fillna(False).astype(bool) if "lower_bound" in line else pd.Series(False, index=line.index)
    return line[~bound], pd.concat([others, line[bound]]).sort_values("year", kind="stable")


def _symbols(rows: pd.DataFrame) -> list[str]:
    """Circle per figure, ▲ for a lower bound ("over $X"); open for part of a year, ✕ for an unstated period.

    The empty rows `_with_gaps` inserts get a circle (they draw nothing).
    """
    bounds = rows["lower_bound"] if "lower_bound" in rows else pd.Series(False, index=rows.index)
    out = []
    for period_type, bound in zip(rows["period_type"], bounds, strict=True):
        if period_type == "unclear":
            out.append(PERIOD_SYMBOLS["unclear"])
            continue
        base = "triangle-up" if isinstance(bound, (bool, np.bool_)) and bound else "circle"
        out.append(f"{base}-open" if period_type == "part_year" else base)
    return out


def coinciding(lines: dict[str, pd.DataFrame], y: str) -> dict[str, dict[int, list[str]]]:
    """Per reporter line, the years whose point is the same figure as another reporter line's point.

    {reporter: {year: [other reporters with that year and value, in drawing order]}}. A later line is
    drawn over an earlier one, so where they coincide only one would be seen without `_casing`.
    """
    points = {r: {int(row["year"]): row[y] for _, row in rows.iterrows()} for r, rows in lines.items()}
    out: dict[str, dict[int, list[str]]] = {}
    for reporter, mine in points.items():
        for year, value in mine.items():
            same = [o for o, theirs in points.items() if o != reporter and theirs.get(year) == value]
            if same:
                out.setdefault(reporter, {})[year] = same
    return out


def _casing(lines: dict[str, pd.DataFrame], y: str) -> list[dict]:
    """Layout shapes under the lines: where a line is drawn over an earlier one's same figures, the earlier
    one shows as a wide band in its colour around the shared segments and as a ring around the shared points.
    """
    shapes, drawn = [], []
    for reporter, over in lines.items():
        for depth, below in enumerate(reversed(drawn), start=1):
            shared = lines[below].merge(over[["year", y]], on=["year", y]).sort_values("year")
            style = dict(layer="below", opacity=0.45, line=dict(color=REPORTER_COLORS[below], width=2.5 + 6 * depth))
            points = list(zip(shared["year"].astype(int), shared[y], strict=True))
            for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
                if x1 == x0 + 1:
                    shapes.append(dict(type="line", x0=x0, y0=y0, x1=x1, y1=y1, **style))
            size = 9 + 7 * depth
            ring = dict(type="circle", xsizemode="pixel", ysizemode="pixel", fillcolor=REPORTER_COLORS[below], **style)
            shapes += [dict(ring, xanchor=x, yanchor=v, x0=-size / 2, x1=size / 2, y0=-size / 2, y1=size / 2) for x, v in points]
        drawn.append(reporter)
    return shapes


def _coincide_hover(texts: list[str], full: pd.DataFrame, same: dict[int, list[str]], lang: str) -> list[str]:
    names = {year: ", ".join(t(f"reporter.{r}", lang) for r in others) for year, others in same.items()}
    return [
        f"{text}<br>{t('chart.coincide_hover', lang, others=names[int(year)])}"
        if not pd.isna(year) and int(year) in names
        else text
        for text, year in zip(texts, full["year"], strict=True)
    ]


def _add_events(fig: go.Figure, events: pd.DataFrame, lang: str) -> None:
    """One marker per year with events, its hover listing every event of that year, and a dotted line at the year."""
    by_year = list(events.sort_values("date_text", kind="stable").groupby("year", sort=True))
    years = [int(year) for year, _ in by_year]
    texts = [
        "<br>".join(f"<b>{plotly_text(e['date_text'])}</b> {plotly_text(localized_title(e, lang))}" for _, e in group.iterrows())
        for _, group in by_year
    ]
    for year in years:
        fig.add_vline(x=year, line=dict(color="#9aa0a6", width=1, dash="dot"))
    fig.add_trace(
        go.Scatter(
            x=years,
            y=[0] * len(years),
            mode="markers",
            name=t("chart.events", lang),
            marker=dict(symbol="triangle-up", size=11, color="#5f6368"),
            hovertext=texts,
            hoverinfo="text",
        )
    )


# Measures the data package does not state but computes from a row's figures (trade.with_balance).
COMPUTED_MEASURES = ("balance_usd_bn",)


def _points(rows: pd.DataFrame, y: str, series: str, unit: str, lang: str) -> list[dict]:
    """The chart-table rows of figures drawn as one series: each with its own row's source URL, whose figure it
    is, its period (as the hover says it) and period type, and (not for a rate) whether it is a lower bound."""
    origin = CALCULATION if y in COMPUTED_MEASURES else SOURCE
    drawn = rows[rows["year"].notna()]
    lane = points(series, drawn[y], unit, origin, _urls(drawn), years=drawn["year"])
    bounds = drawn["lower_bound"] if "lower_bound" in drawn else [False] * len(drawn)
    columns = zip(drawn["reporter"], drawn["period"], drawn["period_type"], bounds, strict=True)
    return [
        row
        | {
            "reporter": t(f"reporter.{reporter}", lang),
            "period": period_label(period, lang),
            "period_type": t(f"period_type.{period_type}", lang),
        }
        | ({} if y.endswith("_pct") else {"lower_bound": bool(not pd.isna(bound) and bound)})
        for row, (reporter, period, period_type, bound) in zip(lane, columns, strict=True)
    ]


def trade_chart(trade: pd.DataFrame, lang: str, y: str = "turnover_usd_bn", events: pd.DataFrame | None = None) -> Chart:
    """Figures by year and reporter: full years as lines with markers, part years as open markers.

    A line joins one full-year figure per year of one reporter (`one_per_year` says which) and
    breaks where years are missing; a reporter's other figures for the same year are markers
    beside it. A lower bound ("over $4 bn") is drawn as ▲ and reads "≥" in the hover; a year whose
    only figure is one is a ▲ marker, not a point on the line (`line_points`). Where two
    lines have the same figure, the one drawn first shows as a wide band around the other, and
    the hover names both (`coinciding`). The table has one row per figure drawn, with its row's source.
    """
    fig = go.Figure()
    unit = t(f"measure.{y}", lang) + f", {t('units.bn_axis', lang)}"
    drawn: list[dict] = []
    rows = trade[trade[y].notna()]
    lines = {
        reporter: frame
        for reporter in REPORTER_COLORS
        if len(frame := line_points(rows[(rows["reporter"] == reporter) & (rows["period_type"] == "full_year")], y)[0])
    }
    same = coinciding(lines, y)
    for shape in _casing(lines, y):
        fig.add_shape(**shape)
    for reporter, color in REPORTER_COLORS.items():
        mine = rows[rows["reporter"] == reporter]
        line_rows, others = line_points(mine[mine["period_type"] == "full_year"], y)
        full = _with_gaps(line_rows, y)
        if len(full):
            fig.add_trace(
                go.Scatter(
                    x=full["year"],
                    y=full[y],
                    mode="lines+markers",
                    name=t(f"reporter.{reporter}", lang),
                    line=dict(color=color, width=2.5),
                    marker=dict(
                        size=9,
                        symbol=_symbols(full),
                        color=color,
                    ),
                    hovertext=_coincide_hover(_hover(full, y, lang), full, same.get(reporter, {}), lang),
                    hoverinfo="text",
                    connectgaps=False,
                    legendgroup=reporter,
                )
            )
            drawn += _points(full, y, fig.data[-1].name, unit, lang)
        if len(others):
            fig.add_trace(_marker_trace(others, y, lang, reporter, full_year=True, same_year=True))
            drawn += _points(others, y, fig.data[-1].name, unit, lang)
        part = mine[mine["period_type"] != "full_year"]
        if len(part):
            fig.add_trace(_marker_trace(part, y, lang, reporter, full_year=False))
            drawn += _points(part, y, fig.data[-1].name, unit, lang)
    if events is not None and len(events):
        _add_events(fig, events, lang)
    fig.update_xaxes(title=None, **year_axis(rows["year"]))
    fig.update_yaxes(title=unit)
    newest_first = _newest_first(rows)
    tidy = table(drawn)
    figure = finish(
        fig,
        lang,
        t(f"chart.title.{y}", lang),
        source_line(newest_first, lang),
        t("chart.part_year_note", lang)
        + "<br>"
        + t("chart.line_rule_note", lang)
        + (" " + t("chart.coincide_note", lang) if same else ""),
        summaries.series(tidy, lang, percent=y.endswith("_pct")),
    )
    return Chart(figure, tidy)


def overview_chart(
    full_year: pd.DataFrame, path: pd.Series, target: pd.Series, lang: str, start: pd.Series | None = None
) -> Chart:
    """Full-year turnover by year and source, with the constant-growth path to the target.

    `start` is the figure the path starts from (kpis.overview's "latest"; by default trade.latest_full_year):
    the path's first point is that figure, the others are calculated from it, and all carry its source.
    """
    lines = trade_chart(full_year, lang)
    fig = lines.figure
    start = latest_full_year(full_year) if start is None else start
    unit = t("measure.turnover_usd_bn", lang) + f", {t('units.bn_axis', lang)}"
    origins = [SOURCE if int(year) == int(start["year"]) else CALCULATION for year in path.index]
    drawn = [
        {**row, "origin": origin}
        for row, origin in zip(
            points(t("chart.required_path", lang), path.values, unit, CALCULATION, str(start["source_url"]), years=path.index),
            origins,
            strict=True,
        )
    ]
    drawn += points(
        t("chart.target", lang), [target["target_usd_bn"]], unit, SOURCE, str(target["source_url"]), years=[target["target_year"]]
    )
    fig.layout.annotations = ()
    fig.add_trace(
        go.Scatter(
            x=list(path.index),
            y=list(path.values),
            mode="lines",
            name=t("chart.required_path", lang),
            line=dict(color=PATH_COLOR, width=2, dash="dash"),
            hovertemplate="%{x}: %{y:.2f} " + t("units.bn_short", lang) + "<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[int(target["target_year"])],
            y=[float(target["target_usd_bn"])],
            mode="markers+text",
            name=t("chart.target", lang),
            marker=dict(symbol="star", size=16, color=TARGET_COLOR),
            text=[
                t(
                    "chart.target_label",
                    lang,
                    value=fmt_number(float(target["target_usd_bn"]), lang),
                    year=int(target["target_year"]),
                )
            ],
            textposition="middle left",
            hoverinfo="text",
        )
    )
    fig.update_xaxes(**year_axis([*full_year["year"], *path.index, target["target_year"]]))
    urls = [target["source_url"], *full_year.sort_values("year", ascending=False, kind="stable")["source_url"]]
    tidy = table([*lines.table.to_dict("records"), *drawn])
    finish(
        fig,
        lang,
        t("chart.title.overview", lang),
        source_line(urls, lang),
        t("chart.path_note", lang),
        summaries.overview(tidy, lang),
    )
    # On a phone (layout.meta["phone"], see ui/assets/plotly_element.js) the star's label is its figure
    # alone: the whole sentence ran over the y axis; the legend names the star "Target".
    short = f"{fmt_number(float(target['target_usd_bn']), lang)} {t('units.bn_short', lang)}, {int(target['target_year'])}  "
    phone = {"traces": {len(fig.data) - 1: {"text": [short]}}}
    fig.update_layout(meta={**fig.layout.meta, "phone": phone})
    return Chart(fig, tidy)


def _marker_trace(rows: pd.DataFrame, y: str, lang: str, reporter: str, full_year: bool, same_year: bool = False) -> go.Scatter:
    """One reporter's figures as markers only: filled for full years, open for part years, ▲ for lower bounds.

    `same_year`: the figures a line left out because it took another figure of the same year.
    """
    color = REPORTER_COLORS[reporter]
    name = t(f"reporter.{reporter}", lang)
    if same_year:
        name += f" · {t('chart.same_year', lang)}"
    elif not full_year:
        name += f" · {t('chart.part_year', lang)}"
    return go.Scatter(
        x=rows["year"],
        y=rows[y],
        mode="markers",
        name=name,
        legendgroup=reporter,
        showlegend=not same_year,
        marker=dict(size=11, color=color, symbol=_symbols(rows), line=dict(width=2, color=color)),
        hovertext=_hover(rows, y, lang),
        hoverinfo="text",
    )


def _urls(rows: pd.DataFrame) -> list[str]:
    """Each row's source URL ("" where it has none), for the chart's table."""
    return [url if isinstance(url, str) else "" for url in rows["source_url"]] if "source_url" in rows else [""] * len(rows)


def _dot_chart(rows: pd.DataFrame, y: str, lang: str, unit: str) -> tuple[go.Figure, list[dict]]:
    """Every row as a dot at its year: colour = reporter, symbol = period (open = part of a year); and the dots
    as chart-table rows (`unit`: the value axis's title).

    Full-year and part-year dots are separate traces, so the legend shows each symbol truly.
    """
    fig, drawn = go.Figure(), []
    for reporter in REPORTER_COLORS:
        mine = rows[(rows["reporter"] == reporter) & rows[y].notna()]
        for full_year in (True, False):
            selected = mine[(mine["period_type"] == "full_year") == full_year]
            if len(selected):
                fig.add_trace(_marker_trace(selected, y, lang, reporter, full_year))
                drawn += _points(selected, y, fig.data[-1].name, unit, lang)
    fig.update_xaxes(**year_axis(rows["year"]))
    fig.update_yaxes(title=unit)
    return fig, drawn


def _newest_first(rows: pd.DataFrame) -> pd.Series:
    return rows.sort_values("year", ascending=False, kind="stable")["source_url"]


def reconciliation_chart(recon: pd.DataFrame, lang: str) -> Chart:
    """Every source's turnover figure for each year as a dot, so disagreements stand side by side."""
    fig, drawn = _dot_chart(recon, "turnover_usd_bn", lang, t("measure.turnover_usd_bn", lang) + f", {t('units.bn_axis', lang)}")
    tidy = table(drawn)
    figure = finish(
        fig,
        lang,
        t("chart.title.reconciliation", lang),
        source_line(_newest_first(recon), lang),
        t("chart.part_year_note", lang),
        summaries.reconciliation(tidy, lang),
    )
    return Chart(figure, tidy)


def growth_chart(growth: pd.DataFrame, lang: str) -> Chart:
    """Growth rates as the sources state them, one dot per figure (open = part of a year)."""
    fig, drawn = _dot_chart(growth, "growth_reported_pct", lang, t("chart.growth_axis", lang))
    fig.add_hline(y=0, line=dict(color="#9aa0a6", width=1))
    fig.update_yaxes(rangemode="normal", ticksuffix="%")
    tidy = table(drawn)
    figure = finish(
        fig,
        lang,
        t("chart.title.growth", lang),
        source_line(_newest_first(growth), lang),
        t("chart.growth_note", lang),
        summaries.growth(tidy, lang),
    )
    return Chart(figure, tidy)

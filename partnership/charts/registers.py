"""Figures of the registers: documents by year and sector, projects by sector, the events timeline.

Pure functions `(rows, lang, ...) -> Chart` (charts.chart) that end in `charts.finish`, so each figure
carries its title and sources. Data text is escaped before it reaches Plotly, whose labels
understand a little HTML: a title or sector from the data is always shown as plain text.
"""

from __future__ import annotations

import html
import textwrap

import pandas as pd
import plotly.graph_objects as go

from partnership import agreements as agreements_core
from partnership import events as events_core
from partnership.charts import summaries
from partnership.charts.base import PALETTE, finish, source_line
from partnership.charts.chart import CALCULATION, SOURCE, Chart, points, table
from partnership.i18n import fmt_number, fmt_usd_mn, localized_title, row_date, t
from partnership.text import plotly_text

HEATMAP_SCALE = [[0.0, "#d6e6f2"], [1.0, PALETTE[0]]]
# Okabe–Ito without its yellow (too pale for markers on white); the lanes name the categories anyway.
CATEGORY_COLORS = dict(
    zip(
        events_core.CATEGORIES,
        ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#8C6D1F", "#000000", "#7F7F7F"),
        strict=True,
    )
)
ROW_HEIGHT = 30
LABEL_WIDTH = 30  # characters per line of a category label on the y axis
CHAR_PX = 7.4  # approximate width of one character at the axis font size


def _wrapped(label: str) -> str:
    """A category label as inert Plotly text, wrapped onto lines of LABEL_WIDTH characters."""
    return "<br>".join(plain(line) for line in textwrap.wrap(label, LABEL_WIDTH)) or plain(label)


def _fit_left(fig: go.Figure, labels: list[str]) -> go.Figure:
    """Reserve room for the y-axis labels and keep the source footer at the figure's left edge.

    The footer of `finish` sits at the plot area's left; with long category labels the plot
    area starts far right, so the footer is moved back by the width of the margin.
    """
    longest = max((len(line) for label in labels for line in html.unescape(label).split("<br>")), default=0)
    left = int(min(40 + CHAR_PX * longest, 320))
    fig.update_layout(margin=dict(l=left))
    fig.update_yaxes(automargin=False)
    if fig.layout.annotations:
        fig.layout.annotations[-1].update(xshift=-left + 8)
    return fig


plain = plotly_text


def _phone_form(
    fig: go.Figure,
    labels: list[str],
    row_px: int,
    above: tuple[float, str, int],
    layout: dict | None = None,
    traces: dict | None = None,
) -> go.Figure:
    """On a phone the y-axis labels would take half the width and leave the plot a sliver: there
    (layout.meta["phone"], applied by the chart element below the first frame's width) each label
    stands above its row across the full width, with `row_px` more height per row for it.

    `labels` are the rows' labels as inert Plotly text, unwrapped; `above` places one: (offset from its row's
    centre in rows, negative is up; yanchor; yshift px).
    """
    offset, anchor, shift = above
    base_height = fig.layout.height or 450
    phone = {
        "layout": {
            "height": base_height + row_px * len(labels),
            "margin": {"l": 12},
            "yaxis": {"showticklabels": False, "ticks": ""},
            **(layout or {}),
        },
        "annotations": [
            {
                "text": label,
                "x": 0,
                "xref": "paper",
                "y": index + offset,
                "yref": "y",
                "xanchor": "left",
                "yanchor": anchor,
                "yshift": shift,
                "showarrow": False,
                "font": {"size": 12},
            }
            for index, label in enumerate(labels)
        ],
        "footer": {"xshift": 0},
        "traces": traces or {},
    }
    fig.update_layout(meta={**fig.layout.meta, "phone": phone})
    return fig


def _cell_sources(rows: pd.DataFrame) -> dict[tuple[int, str], list[str]]:
    """{(year, sector group): the source URLs of the documents counted in that cell}."""
    out: dict[tuple[int, str], list[str]] = {}
    for year, text, url in zip(rows["year"], rows["sector"], rows["source_url"], strict=True):
        if pd.notna(year) and isinstance(url, str):
            for group in agreements_core.sector_groups(text):
                urls = out.setdefault((int(year), group), [])
                if url not in urls:
                    urls.append(url)
    return out


def _cells_table(counts: pd.DataFrame, rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per cell: year, sector group, documents, and the sources of those documents."""
    sources = _cell_sources(rows)
    drawn = []
    for sector, cells in counts.groupby("sector", sort=False):
        urls = [" ".join(sources.get((int(year), sector), [])) for year in cells["year"]]
        label = agreements_core.group_label(sector, lang)
        drawn += points(label, cells["documents"], t("export.chart.documents", lang), CALCULATION, urls, years=cells["year"])
    return table(drawn)


def agreements_by_year_sector(rows: pd.DataFrame, lang: str) -> Chart:
    """A grid of years × sector groups (agreements.SECTOR_GROUPS); each cell says how many documents were signed.

    The table: one row per cell (a count, so a calculation) with the sources of the documents it counts.
    """
    counts = agreements_core.by_year_sector(rows, grouped=True)
    fig = go.Figure()
    if len(counts):
        totals = counts.groupby("sector", sort=False)["documents"].sum()
        first_year = counts.groupby("sector", sort=False)["year"].min()
        # Most documents at the top; ties by the earliest year.
        order = sorted(totals.index, key=lambda s: (-totals[s], first_year[s], s))
        years = sorted(counts["year"].unique())
        grid = counts.pivot_table(index="sector", columns="year", values="documents", aggfunc="sum").reindex(
            index=order, columns=years
        )
        labels = [_wrapped(agreements_core.group_label(s, lang)) for s in order]
        z = grid.to_numpy(dtype="float64")
        text = [["" if v != v else fmt_number(v, lang) for v in line] for line in z]
        hover = [
            [
                "" if v != v else t("registers.chart.cell_hover", lang, year=year, sector=label, count=fmt_number(v, lang))
                for v, year in zip(line, years, strict=True)
            ]
            for line, label in zip(z, labels, strict=True)
        ]
        fig.add_trace(
            go.Heatmap(
                z=z,
                x=[str(y) for y in years],
                y=labels,
                text=text,
                texttemplate="%{text}",
                textfont=dict(size=13),
                hovertext=hover,
                hoverinfo="text",
                colorscale=HEATMAP_SCALE,
                zmin=0,
                zmax=max(2, float(counts["documents"].max())),
                showscale=False,
                xgap=3,
                ygap=3,
            )
        )
        fig.update_yaxes(autorange="reversed", type="category", gridcolor="rgba(0,0,0,0)")
        fig.update_xaxes(type="category", title=None, side="bottom")
        fig.update_layout(height=max(360, 220 + ROW_HEIGHT * len(order)))
    else:
        labels = []
    notes = [t("registers.chart.sectors_note", lang)]
    undated = agreements_core.without_year(rows)
    if undated:
        notes.append(t("registers.chart.undated_note", lang, count=undated))
    cells = _cells_table(counts, rows, lang)
    finish(
        fig,
        lang,
        t("registers.chart.agreements_title", lang, count=len(rows)),
        source_line(rows["source_url"], lang),
        " ".join(notes),
        summaries.agreements(cells, lang),
    )
    # Phone: labels above rows parted by a wider gap.
    figure = _phone_form(
        _fit_left(fig, labels),
        [plain(agreements_core.group_label(s, lang)) for s in order] if len(counts) else [],
        24,
        (-0.5, "middle", 0),
        layout={"xaxis": {"tickangle": "auto", "autotickangles": [0, 90]}},  # upright only where years collide
        traces={0: {"ygap": 22}},
    )
    return Chart(figure, cells)


def projects_by_sector(sums: pd.DataFrame, lang: str, summary: dict, valued: pd.DataFrame) -> Chart:
    """Horizontal bars: the sum of published values per sector, with how many projects each covers.

    `valued`: the projects summed (projects.with_value), whose sources the footer and each bar's row name.
    """
    sources = valued["source_url"]
    fig = go.Figure()
    labels = [_wrapped(agreements_core.sector_label(s, lang)) for s in sums["sector"]]
    if len(sums):
        fig.add_trace(
            go.Bar(
                x=sums["value_usd_mn"],
                y=labels,
                orientation="h",
                marker=dict(color=PALETTE[2]),
                text=[
                    t("registers.chart.bar_label", lang, value=fmt_usd_mn(v, lang), count=int(n))
                    for v, n in zip(sums["value_usd_mn"], sums["projects"], strict=True)
                ],
                textposition="outside",
                cliponaxis=False,
                hoverinfo="text",
                hovertext=[
                    f"{label}: {fmt_usd_mn(v, lang)} · " + t("registers.chart.projects_count", lang, count=int(n))
                    for label, v, n in zip(labels, sums["value_usd_mn"], sums["projects"], strict=True)
                ],
            )
        )
        fig.update_yaxes(autorange="reversed", automargin=True, gridcolor="rgba(0,0,0,0)")
        fig.update_xaxes(
            title=None,
            range=[0, float(sums["value_usd_mn"].max()) * 1.35],
            showgrid=True,
            gridcolor="#e6e8eb",
        )
        fig.update_layout(height=max(340, 230 + ROW_HEIGHT * len(sums)), showlegend=False)
    note = t(
        "registers.chart.projects_note",
        lang,
        valued=summary["valued"],
        projects=summary["projects"],
        unvalued=summary["unvalued"],
    )
    bars = _sums_table(sums, valued, lang)
    finish(fig, lang, t("registers.chart.projects_title", lang), source_line(sources, lang), note, summaries.projects(bars, lang))
    # Phone: labels above thinner bars, the value inside a long bar and beside a short one.
    top = float(sums["value_usd_mn"].max()) if len(sums) else 1.0
    figure = _phone_form(
        _fit_left(fig, labels),
        [plain(agreements_core.sector_label(s, lang)) for s in sums["sector"]],
        18,
        (-0.25, "bottom", 1),
        layout={"bargap": 0.5, "xaxis": {"range": [0, top * 1.02]}},
        traces={0: {"textposition": "auto", "insidetextanchor": "end"}},
    )
    return Chart(figure, bars)


def _sums_table(sums: pd.DataFrame, valued: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per bar: the sector, the sum (a calculation), how many projects, the sources of those projects."""
    drawn = []
    for sector, value, count in zip(sums["sector"], sums["value_usd_mn"], sums["projects"], strict=True):
        urls = " ".join(dict.fromkeys(valued.loc[valued["sector"] == sector, "source_url"].dropna()))
        label = agreements_core.sector_label(sector, lang)
        drawn += points(label, [value], t("export.column.value_usd_mn", lang), CALCULATION, urls, projects=int(count))
    return table(drawn)


def _flag(value: object) -> bool:
    return bool(not pd.isna(value) and value)


def _date_ticks(rows: pd.DataFrame) -> dict:
    """Numeric tick labels (no month names, which Plotly would print in English)."""
    if rows.empty:
        return {"tickformat": "%Y"}
    span_days = (rows["when"].max() - rows["when"].min()).days
    if span_days > 15 * 365:
        return {"tickformat": "%Y"}
    if span_days > 2 * 365:
        return {"tickformat": "%Y", "dtick": "M12"}
    return {"tickformat": "%m.%Y"}


def events_timeline(rows: pd.DataFrame, lang: str) -> Chart:
    """One lane per category; filled markers on exact days, open ones where only month or year is known.

    `rows` is `events.timeline(...)` (with `when` and `date_exact`). Key milestones are larger stars.
    The table: one row per event (no value): its date as the source gives it, category, title, source.
    """
    fig = go.Figure()
    lanes = [c for c in events_core.category_values(rows)] if len(rows) else []
    lane_labels = {c: plain(events_core.category_label(c, lang)) for c in lanes}
    for category in lanes:
        mine = rows[rows["category"] == category]
        color = CATEGORY_COLORS.get(category, PALETTE[-1])
        key = mine["key_event"].fillna(False).astype(bool)
        exact = mine["date_exact"].astype(bool)
        symbols = [("star" if k else "circle") + ("" if e else "-open") for k, e in zip(key, exact, strict=True)]
        hover = []
        for _, event in mine.iterrows():
            when = row_date(event, lang)
            title = localized_title(event, lang)
            place = f"<br>{plain(event['place'])}" if isinstance(event["place"], str) else ""
            hover.append(f"<b>{plain(when)}</b> · {lane_labels[category]}<br>{plain(title)}{place}")
        fig.add_trace(
            go.Scatter(
                x=mine["when"],
                y=[lane_labels[category]] * len(mine),
                mode="markers",
                name=lane_labels[category],
                marker=dict(
                    color=color,
                    symbol=symbols,
                    size=[17 if k else 11 for k in key],
                    line=dict(width=2, color=color),
                    opacity=0.9,
                ),
                hovertext=hover,
                hoverinfo="text",
                showlegend=False,
            )
        )
    # Legend entries that explain the symbols, not the colours (the lanes name the categories).
    for name, symbol in (
        (t("registers.chart.legend_event", lang), "circle"),
        (t("registers.chart.legend_key", lang), "star"),
        (t("registers.chart.legend_inexact", lang), "circle-open"),
    ):
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=name,
                marker=dict(symbol=symbol, size=12, color="#5f6368", line=dict(width=2, color="#5f6368")),
            )
        )
    fig.update_yaxes(
        type="category",
        categoryorder="array",
        categoryarray=[lane_labels[c] for c in lanes],
        autorange="reversed",
        gridcolor="#eef0f2",
        showgrid=True,
    )
    fig.update_xaxes(type="date", showgrid=True, gridcolor="#eef0f2", title=None, **_date_ticks(rows))
    fig.update_layout(height=max(340, 230 + 42 * len(lanes)))
    drawn = _events_table(rows, lanes, lang)
    finish(
        fig,
        lang,
        t("registers.chart.events_title", lang, count=len(rows)),
        source_line(rows["source_url"] if len(rows) else [], lang),
        t("registers.chart.events_note", lang),
        summaries.events(drawn, lang),
    )
    lanes_shown = list(lane_labels.values())
    # Phone: lane names above their lanes, the time axis across the full width.
    return Chart(_phone_form(_fit_left(fig, lanes_shown), lanes_shown, 10, (0, "bottom", 9)), drawn)


def _events_table(rows: pd.DataFrame, lanes: list[str], lang: str) -> pd.DataFrame:
    """One row per event, lane by lane: its year, its date as the source gives it, its category, title and source
    (no value), and whether it is a key milestone (a star)."""
    drawn = []
    for category in lanes:
        mine = rows[rows["category"] == category]
        lane = points(
            events_core.category_label(category, lang),
            [None] * len(mine),
            "",
            SOURCE,
            mine["source_url"],
            years=mine["when"].dt.year,
        )
        events = [event for _, event in mine.iterrows()]
        drawn += [
            {"date": row_date(event, lang), **row, "label": localized_title(event, lang), "key_event": _flag(event["key_event"])}
            for row, event in zip(lane, events, strict=True)
        ]
    return table(drawn)

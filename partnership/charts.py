"""Plotly figure builders: pure functions of tidy DataFrames and a language.

One palette and one layout template, defined here once. Every figure carries its
title and its sources inside the figure, so they survive any export.
"""

from __future__ import annotations

import functools
import textwrap
from urllib.parse import urlparse

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from partnership import summaries
from partnership.i18n import fmt_number, fmt_pct, localized_title, period_label, plotly_separators, t
from partnership.text import plotly_text
from partnership.vocabulary import term

# Okabe–Ito: distinguishable with the common forms of colour blindness.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
REPORTER_COLORS = {"Uzbekistan": "#009E73", "Kazakhstan": "#0072B2", "other": "#E69F00"}
TARGET_COLOR = "#D55E00"
PATH_COLOR = "#CC79A7"
# Part-year figures get open markers so they never read as full years.
PERIOD_SYMBOLS = {"full_year": "circle", "part_year": "circle-open", "unclear": "x-thin-open"}
TEMPLATE_NAME = "partnership"
FONT_FAMILY = "Inter, 'Source Sans Pro', 'DejaVu Sans', Arial, sans-serif"
MAX_SOURCES_IN_FOOTER = 6

# The layout adapts to a phone-wide chart (≈360 px) as well as a desktop one. Plotly cannot wrap
# text to the width, so titles, y-axis titles and footers are wrapped at line lengths that fit a
# phone. From the top: a strip for the modebar, the title, the legend (pinned just under the title
# in figure coordinates; Plotly reserves its height above the plot however many rows it wraps
# into on a narrow screen), the plot, horizontal tick labels (year axes choose their spacing from
# the width, see year_axis), the footer.
TITLE_CHARS = 34  # characters per title line at 16 px
AXIS_TITLE_CHARS = 20
FOOTER_CHARS = 44  # characters per footer line at 11 px
FOOTER_LINE_PX = 14
FOOTER_OFFSET_PX = 32  # from the plot's bottom edge, below horizontal tick labels
# Category and date axes turn their labels upright when they do not fit (a narrow screen): room for
# four-digit years standing up.
FOOTER_OFFSET_UPRIGHT_PX = 48
MODEBAR_PX = 32
TITLE_LINE_PX = 21
MULTILINE_TITLE_SHIFT_PX = 14
# Plotly's (and Streamlit's) height for a figure without one; exports use their own size, where the
# legend then sits a little lower than on screen.
DEFAULT_HEIGHT = 450
# The plot and its legend keep at least this much of the figure's height: a figure whose wrapped
# title and footer need more margin grows taller instead of squeezing the plot to a strip.
MIN_PLOT_AND_LEGEND_PX = 320

pio.templates[TEMPLATE_NAME] = go.layout.Template(
    layout=dict(
        font=dict(family=FONT_FAMILY, size=13, color="#262730"),
        colorway=list(PALETTE),
        paper_bgcolor="white",
        plot_bgcolor="white",
        xaxis=dict(showgrid=False, linecolor="#9aa0a6", ticks="outside", tickcolor="#9aa0a6", automargin=True),
        yaxis=dict(gridcolor="#e6e8eb", zerolinecolor="#9aa0a6", rangemode="tozero", automargin=True),
        legend=dict(orientation="h", xref="container", x=0, xanchor="left", yref="container", yanchor="top", tracegroupgap=4),
        hoverlabel=dict(font_family=FONT_FAMILY),
        margin=dict(l=60, r=20, t=MODEBAR_PX + TITLE_LINE_PX + 24, b=110),
        title=dict(
            x=0,
            xanchor="left",
            xref="container",
            y=1,
            yanchor="top",
            yref="container",
            pad=dict(t=MODEBAR_PX, l=8),
            # Plotly's automargin moves a title of three lines or more up by a line, under the modebar.
            automargin=False,
            font=dict(size=16),
        ),
    )
)


def wrap(text: str, width: int) -> str:
    """Plotly text broken into lines of at most `width` characters (existing <br> kept).

    Breaks only at spaces, so escaped entities (&amp;) and tags stay whole.
    """
    lines = []
    for line in str(text).split("<br>"):
        lines += textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False) or [""]
    return "<br>".join(lines)


def year_axis(years) -> dict:
    """X-axis settings for calendar years: every year over a short span, else Plotly's own spacing.

    Plotly picks the spacing from the axis length (fewer ticks on a phone), so labels stay
    horizontal; a forced yearly tick would turn them vertical and onto the footer on a narrow chart.
    Over ≤ 5 years the automatic spacing could fall below a year and repeat labels, so it is fixed.
    """
    values = [int(y) for y in years if y == y and y is not None]
    short = bool(values) and max(values) - min(values) <= 5
    return dict(tickformat="d", tickangle=0, **({"dtick": 1, "tick0": min(values)} if short else {}))


def _footer_offset(x_type: str | None) -> int:
    return FOOTER_OFFSET_UPRIGHT_PX if x_type in ("category", "date") else FOOTER_OFFSET_PX


def _frame(title: str, footer: str, height: int | None, y_title: str | None, x_type: str | None) -> dict:
    """Layout that depends on the wrapped texts: height, title, legend position, bottom margin, y-axis title."""
    title = wrap(title, TITLE_CHARS)
    lines = title.count("<br>") + 1
    # Plotly sets a title of several lines ~14 px higher than one of a single line: padded back down.
    pad = MODEBAR_PX + (MULTILINE_TITLE_SHIFT_PX if lines > 1 else 0)
    below_title = MODEBAR_PX + TITLE_LINE_PX * lines + 12
    margin = {"t": below_title + 8, "b": _footer_offset(x_type) + FOOTER_LINE_PX * (footer.count("<br>") + 1) + 14}
    needed = margin["t"] + margin["b"] + MIN_PLOT_AND_LEGEND_PX
    layout = {"height": needed} if needed > (height or DEFAULT_HEIGHT) else {}
    height = max(height or DEFAULT_HEIGHT, needed)
    layout |= {
        "title": {"text": title, "pad": {"t": pad}},
        "legend": {"y": 1 - below_title / height},
        "margin": margin,
    }
    if y_title:
        layout["yaxis"] = {"title": {"text": wrap(y_title, AXIS_TITLE_CHARS)}}
    return layout


def source_line(urls: pd.Series | list[str], lang: str) -> str:
    """'Sources: inform.kz, yuz.uz, … (+3)' from the source URLs behind a figure, in the order given.

    Callers pass the newest figures' sources first, so the footer names the ones that matter most.
    """
    hosts: list[str] = []
    for url in urls:
        host = urlparse(str(url)).netloc.removeprefix("www.")
        if host and host not in hosts:
            hosts.append(host)
    shown = ", ".join(hosts[:MAX_SOURCES_IN_FOOTER])
    if len(hosts) > MAX_SOURCES_IN_FOOTER:
        shown += f", … (+{len(hosts) - MAX_SOURCES_IN_FOOTER})"
    return t("chart.sources", lang, sources=shown)


def finish(fig: go.Figure, lang: str, title: str, sources: str, note: str | None = None, summary: str | None = None) -> go.Figure:
    """Apply the shared template, the language's number format, the title and the source footer.

    `summary` (partnership.summaries) with the title becomes `layout.meta["aria_label"]`, the
    chart's accessible name on the page.
    """
    footer = _footer(sources, note, fig.layout.xaxis.type)
    frame = _frame(title, footer["text"], fig.layout.height, fig.layout.yaxis.title.text, fig.layout.xaxis.type)
    frame["margin"] = {side: max(fig.layout.margin[side] or 0, px) for side, px in frame["margin"].items()}
    fig.update_layout(
        template=TEMPLATE_NAME,
        separators=plotly_separators(lang),
        meta=dict(lang=lang, sources=sources, aria_label=summaries.aria_label(title, summary)),
        **frame,
    )
    fig.add_annotation(footer)
    return fig


def _footer(sources: str, note: str | None, x_type: str | None = None) -> dict:
    return dict(
        text=wrap(f"{sources}<br>{note}" if note else sources, FOOTER_CHARS),
        showarrow=False,
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=-_footer_offset(x_type),
        xanchor="left",
        yanchor="top",
        align="left",
        font=dict(size=11, color="#5f6368"),
    )


@functools.cache
def _template() -> dict:
    return pio.templates[TEMPLATE_NAME].to_plotly_json()


def fast_figure(
    traces: list[dict],
    layout: dict,
    lang: str,
    title: str,
    sources: str,
    note: str | None = None,
    meta: dict | None = None,
    summary: str | None = None,
) -> go.Figure:
    """The figure `finish(go.Figure(data=traces, layout=layout), ...)` makes, without plotly's validation.

    Validating costs ~10 ms per figure (mostly copying the template); the Scenarios page builds two on
    every slider move. Only for figures whose traces and layout are plain dicts written in this package:
    tests/test_scenario_charts.py checks that plotly's validation accepts them and changes nothing.
    """
    x_type = layout.get("xaxis", {}).get("type")
    footer = _footer(sources, note, x_type)
    yaxis = layout.get("yaxis", {})
    frame = _frame(title, footer["text"], layout.get("height"), yaxis.get("title", {}).get("text"), x_type)
    margin = layout.get("margin", {})
    full = {
        **layout,
        **frame,
        "template": _template(),
        "separators": plotly_separators(lang),
        "title": {**layout.get("title", {}), **frame["title"]},
        "legend": {**layout.get("legend", {}), **frame["legend"]},
        "yaxis": {**yaxis, **({"title": {**yaxis.get("title", {}), **frame["yaxis"]["title"]}} if "yaxis" in frame else {})},
        "meta": {"lang": lang, "sources": sources, "aria_label": summaries.aria_label(title, summary), **(meta or {})},
        "annotations": [*layout.get("annotations", []), footer],
        "margin": {**margin, **{side: max(margin.get(side, 0), px) for side, px in frame["margin"].items()}},
    }
    return go.Figure({"data": traces, "layout": full}, _validate=False)


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


def trade_chart(trade: pd.DataFrame, lang: str, y: str = "turnover_usd_bn", events: pd.DataFrame | None = None) -> go.Figure:
    """Figures by year and reporter: full years as lines with markers, part years as open markers.

    A line joins one full-year figure per year of one reporter (`one_per_year` says which) and
    breaks where years are missing; a reporter's other figures for the same year are markers
    beside it. A lower bound ("over $4 bn") is drawn as ▲ and reads "≥" in the hover.
    """
    fig = go.Figure()
    rows = trade[trade[y].notna()]
    for reporter, color in REPORTER_COLORS.items():
        mine = rows[rows["reporter"] == reporter]
        line_rows, others = one_per_year(mine[mine["period_type"] == "full_year"], y)
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
                    hovertext=_hover(full, y, lang),
                    hoverinfo="text",
                    customdata=_urls(full),
                    connectgaps=False,
                    legendgroup=reporter,
                )
            )
        if len(others):
            fig.add_trace(_marker_trace(others, y, lang, reporter, full_year=True, same_year=True))
        part = mine[mine["period_type"] != "full_year"]
        if len(part):
            fig.add_trace(_marker_trace(part, y, lang, reporter, full_year=False))
    if events is not None and len(events):
        # One marker per year, its hover listing every event of that year.
        by_year = list(events.sort_values("date_text", kind="stable").groupby("year", sort=True))
        years = [int(year) for year, _ in by_year]
        texts = [
            "<br>".join(
                f"<b>{plotly_text(e['date_text'])}</b> {plotly_text(localized_title(e, lang))}" for _, e in group.iterrows()
            )
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
    fig.update_xaxes(title=None, **year_axis(rows["year"]))
    fig.update_yaxes(title=t(f"measure.{y}", lang) + f", {t('units.bn_axis', lang)}")
    newest_first = _newest_first(rows)
    return finish(
        fig,
        lang,
        t(f"chart.title.{y}", lang),
        source_line(newest_first, lang),
        t("chart.part_year_note", lang) + "<br>" + t("chart.line_rule_note", lang),
        summaries.series(rows, y, lang),
    )


def overview_chart(full_year: pd.DataFrame, path: pd.Series, target: pd.Series, lang: str) -> go.Figure:
    """Full-year turnover by year and source, with the constant-growth path to the target."""
    fig = trade_chart(full_year, lang)
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
    return finish(
        fig,
        lang,
        t("chart.title.overview", lang),
        source_line(urls, lang),
        t("chart.path_note", lang),
        summaries.overview(full_year, target, lang),
    )


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
        customdata=_urls(rows),
    )


def _urls(rows: pd.DataFrame) -> list[str]:
    """Each point's source URL, carried in the trace so the chart's CSV names the source of every point."""
    return [url if isinstance(url, str) else "" for url in rows["source_url"]] if "source_url" in rows else [""] * len(rows)


def _dot_chart(rows: pd.DataFrame, y: str, lang: str) -> go.Figure:
    """Every row as a dot at its year: colour = reporter, symbol = period (open = part of a year).

    Full-year and part-year dots are separate traces, so the legend shows each symbol truly.
    """
    fig = go.Figure()
    for reporter in REPORTER_COLORS:
        mine = rows[(rows["reporter"] == reporter) & rows[y].notna()]
        for full_year in (True, False):
            selected = mine[(mine["period_type"] == "full_year") == full_year]
            if len(selected):
                fig.add_trace(_marker_trace(selected, y, lang, reporter, full_year))
    fig.update_xaxes(**year_axis(rows["year"]))
    return fig


def _newest_first(rows: pd.DataFrame) -> pd.Series:
    return rows.sort_values("year", ascending=False, kind="stable")["source_url"]


def reconciliation_chart(recon: pd.DataFrame, lang: str) -> go.Figure:
    """Every source's turnover figure for each year as a dot, so disagreements stand side by side."""
    fig = _dot_chart(recon, "turnover_usd_bn", lang)
    fig.update_yaxes(title=t("measure.turnover_usd_bn", lang) + f", {t('units.bn_axis', lang)}")
    return finish(
        fig,
        lang,
        t("chart.title.reconciliation", lang),
        source_line(_newest_first(recon), lang),
        t("chart.part_year_note", lang),
        summaries.reconciliation(recon, lang),
    )


def growth_chart(growth: pd.DataFrame, lang: str) -> go.Figure:
    """Growth rates as the sources state them, one dot per figure (open = part of a year)."""
    fig = _dot_chart(growth, "growth_reported_pct", lang)
    fig.add_hline(y=0, line=dict(color="#9aa0a6", width=1))
    fig.update_yaxes(title=t("chart.growth_axis", lang), rangemode="normal", ticksuffix="%")
    return finish(
        fig,
        lang,
        t("chart.title.growth", lang),
        source_line(_newest_first(growth), lang),
        t("chart.growth_note", lang),
        summaries.growth(growth, lang),
    )

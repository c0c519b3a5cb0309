"""Figures of the Scenarios page: constant-growth paths and the Monte Carlo fan.

Pure functions of data and a language, like charts.py. Each figure states its parameters
(base figure, target, growth rates, volatility, paths, seed, probability) in a footer inside the
figure and in `layout.meta["parameters"]`, so a PNG, SVG or HTML export still says what it shows.
Scenario names are user text: they are HTML-escaped before Plotly sees them.
"""

from __future__ import annotations

import html
from urllib.parse import urlparse

import pandas as pd
import plotly.graph_objects as go

from partnership.charts import summaries
from partnership.charts.base import PALETTE, TARGET_COLOR, fast_figure, source_line, year_axis
from partnership.i18n import fmt_number, fmt_pct, fmt_usd_bn, t

SCENARIO_COLORS = (PALETTE[0], PALETTE[2], PALETTE[4])
HISTORY_COLOR = "#262730"
FAN_COLOR = "0, 114, 178"  # PALETTE[0] as RGB, for translucent bands
Y_HEADROOM = 1.2


def _name(text: object) -> str:
    return html.escape(str(text), quote=False)


def _rate(rate: float, lang: str, preset: str | None = None) -> str:
    """A growth rate as shown everywhere on the page: 0.1 pp, or 0.01 pp for the exact required rate."""
    return fmt_pct(rate * 100, lang, digits=2 if preset == "required" else 1, signed=True)


def _history_trace(history: pd.DataFrame, lang: str) -> dict:
    """Headline full-year figures; the line breaks where years are missing."""
    values = history.set_index("year")["turnover_usd_bn"].astype(float)
    years = list(range(int(values.index.min()), int(values.index.max()) + 1)) if len(values) else []
    y = [float(values[year]) if year in values.index else None for year in years]
    by_year = history.set_index("year")
    hover = [
        (
            f"<b>{year}</b>: {fmt_usd_bn(float(by_year.loc[year, 'turnover_usd_bn']), lang)}"
            f"<br>{_name(by_year.loc[year, 'source_title'])}"
        )
        if year in by_year.index
        else ""
        for year in years
    ]
    return dict(
        type="scatter",
        x=years,
        y=y,
        mode="lines+markers",
        name=t("scenarios.chart.history", lang),
        line=dict(color=HISTORY_COLOR, width=2.5),
        marker=dict(size=8, color=HISTORY_COLOR),
        connectgaps=False,
        hovertext=hover,
        hoverinfo="text",
    )


def _target_line(target_value: float) -> dict:
    """The target as a dotted horizontal line across the plot (a layout shape)."""
    return dict(
        type="line",
        xref="paper",
        x0=0,
        x1=1,
        yref="y",
        y0=target_value,
        y1=target_value,
        line=dict(color=TARGET_COLOR, width=1.5, dash="dot"),
    )


def _target_trace(target_value: float, target_year: int, lang: str) -> dict:
    label = t("scenarios.chart.target", lang, value=fmt_usd_bn(target_value, lang), year=target_year)
    return dict(
        type="scatter",
        x=[target_year],
        y=[target_value],
        mode="markers+text",
        name=label,
        marker=dict(symbol="star", size=15, color=TARGET_COLOR, line=dict(width=1, color="white")),
        text=[label],
        textposition="top left",
        textfont=dict(color=TARGET_COLOR),
        hoverinfo="text",
    )


def _sources(history: pd.DataFrame, base: pd.Series, target_url: str | None, lang: str) -> str:
    newest_first = history.sort_values("year", ascending=False, kind="stable")["source_url"]
    urls = [base["source_url"], *([target_url] if target_url else []), *newest_first]
    return source_line(urls, lang)


def _base_text(base: pd.Series, target_value: float, target_year: int, horizon: int, lang: str) -> str:
    return t(
        "scenarios.chart.params_base",
        lang,
        value=fmt_usd_bn(float(base["turnover_usd_bn"]), lang),
        year=int(base["year"]),
        source=_host(base["source_url"]),
        target=fmt_usd_bn(target_value, lang),
        target_year=target_year,
        horizon=horizon,
    )


def _host(url: object) -> str:
    return urlparse(str(url)).netloc.removeprefix("www.")


def _preset_text(row: pd.Series, trend_span: tuple[int, int] | None, lang: str) -> str:
    if row["preset"] == "trend" and trend_span is not None:
        return t("scenarios.chart.preset_trend", lang, start=trend_span[0], end=trend_span[1])
    return t(f"scenarios.chart.preset_{row['preset']}", lang)


def _figure(
    traces: list[dict],
    target_value: float,
    lang: str,
    title: str,
    sources: str,
    lines: list[str],
    parameters: dict,
    summary: str,
) -> go.Figure:
    """One Figure built in a single pass from plain dicts, unvalidated (charts.fast_figure; tests validate it).

    The y axis leaves room above the highest value and the target for the target's label; the year
    axis and the footer's room come from charts (year_axis, fast_figure).
    """
    ys = [y for trace in traces for y in trace["y"] if y is not None]
    top = max([target_value, *ys]) * Y_HEADROOM
    xs = [x for trace in traces for x in trace["x"]]
    layout = dict(
        shapes=[_target_line(target_value)],
        hovermode="closest",
        legend=dict(traceorder="normal"),
        xaxis=year_axis(xs),
        yaxis=dict(title=dict(text=t("measure.turnover_usd_bn", lang) + f", {t('units.bn_axis', lang)}"), range=[0, top]),
    )
    return fast_figure(traces, layout, lang, title, sources, "<br>".join(lines), meta={"parameters": parameters}, summary=summary)


def paths_chart(
    history: pd.DataFrame,
    paths: pd.DataFrame,
    summary: pd.DataFrame,
    base: pd.Series,
    target_value: float,
    target_year: int,
    lang: str,
    trend_span: tuple[int, int] | None = None,
    target_url: str | None = None,
) -> go.Figure:
    """History, one constant-growth path per scenario, the target line and the year each path crosses it.

    `history`: scenarios.headline_by_year; `paths`: scenarios.paths_table (index year, one column
    per scenario, in the order of `summary` rows); `summary`: scenarios.summarize; `base`: the
    chosen full-year row (year, turnover_usd_bn, source_url).
    """
    traces = [_history_trace(history, lang), _target_trace(target_value, target_year, lang)]
    horizon = int(paths.index.max())
    years = [int(year) for year in paths.index]
    lines = [_base_text(base, target_value, target_year, horizon, lang)]
    parameters: dict = {
        "base_year": int(base["year"]),
        "base_value": float(base["turnover_usd_bn"]),
        "target_value": float(target_value),
        "target_year": int(target_year),
        "horizon": horizon,
        "scenarios": [],
    }
    crossings = []
    for index, ((column, values), (_, row)) in enumerate(zip(paths.items(), summary.iterrows(), strict=True)):
        color = SCENARIO_COLORS[index % len(SCENARIO_COLORS)]
        name = _name(column)
        traces.append(
            dict(
                type="scatter",
                x=years,
                y=[float(v) for v in values],
                mode="lines",
                name=f"{name}: {_rate(row['growth'], lang, row['preset'])}",
                line=dict(color=color, width=2.5, dash=("solid", "dash", "dashdot")[index % 3]),
                legendgroup=str(index),
                hovertemplate=f"{name}<br>%{{x}}: %{{y:.2f}} {t('units.bn_short', lang)}<extra></extra>",
            )
        )
        reached = None if pd.isna(row["year_reached"]) else int(row["year_reached"])
        if reached is not None:
            # Drawn after every path, so the diamonds sit on top of the lines and the target star.
            crossings.append(
                dict(
                    type="scatter",
                    x=[reached],
                    y=[float(values.loc[reached])],
                    mode="markers+text",
                    marker=dict(symbol="diamond", size=12, color=color, line=dict(width=1.5, color="white")),
                    text=[str(reached)],
                    textposition="bottom right",
                    textfont=dict(color=color, size=13),
                    showlegend=False,
                    legendgroup=str(index),
                    hovertext=t("scenarios.chart.crossing", lang, name=name, year=reached),
                    hoverinfo="text",
                )
            )
        reached_text = (
            t("scenarios.reached_in", lang, year=reached)
            if reached is not None
            else t("scenarios.not_reached", lang, year=horizon)
        )
        lines.append(
            t(
                "scenarios.chart.params_scenario",
                lang,
                name=name,
                preset=_preset_text(row, trend_span, lang),
                rate=_rate(row["growth"], lang, row["preset"]),
                reached=reached_text,
            )
        )
        parameters["scenarios"].append(
            {"name": str(column), "preset": row["preset"], "growth": float(row["growth"]), "year_reached": reached}
        )
    lines.append(t("scenarios.chart.not_forecast", lang))
    spoken = [{**scenario, "rate": _rate(scenario["growth"], lang, scenario["preset"])} for scenario in parameters["scenarios"]]
    return _figure(
        traces + crossings,
        target_value,
        lang,
        t("scenarios.chart.title_paths", lang, horizon=horizon),
        _sources(history, base, target_url, lang),
        lines,
        parameters,
        summaries.paths(base, spoken, target_value, target_year, horizon, lang),
    )


def fan_chart(
    history: pd.DataFrame,
    quantiles: pd.DataFrame,
    mean_path: pd.Series,
    base: pd.Series,
    scenario_name: str,
    growth: float,
    preset: str | None,
    volatility: float,
    probability: float,
    target_value: float,
    target_year: int,
    n_paths: int,
    seed: int,
    lang: str,
    target_url: str | None = None,
) -> go.Figure:
    """The Monte Carlo fan of one scenario: 10–90 % and 25–75 % bands, median, average path, target.

    `quantiles`: scenarios.fan (index year, columns 0.1, 0.25, 0.5, 0.75, 0.9); `mean_path`: the
    scenario's constant-growth path (the average of the simulated paths).
    """
    years = [int(year) for year in quantiles.index]
    unit = t("units.bn_short", lang)
    traces = []
    for low, high, alpha, key in ((0.1, 0.9, 0.16, "band_80"), (0.25, 0.75, 0.32, "band_50")):
        traces.append(
            dict(
                type="scatter",
                x=years,
                y=list(quantiles[low]),
                mode="lines",
                line=dict(width=0),
                showlegend=False,
                hoverinfo="skip",
            )
        )
        traces.append(
            dict(
                type="scatter",
                x=years,
                y=list(quantiles[high]),
                mode="lines",
                line=dict(width=0),
                fill="tonexty",
                fillcolor=f"rgba({FAN_COLOR}, {alpha})",
                name=t(f"scenarios.chart.{key}", lang),
                hoverinfo="skip",
            )
        )
    traces.append(
        dict(
            type="scatter",
            x=years,
            y=list(quantiles[0.5]),
            mode="lines",
            name=t("scenarios.chart.median", lang),
            line=dict(color=PALETTE[0], width=2.5),
            hovertemplate=f"%{{x}}: %{{y:.2f}} {unit}<extra></extra>",
        )
    )
    traces.append(
        dict(
            type="scatter",
            x=[int(year) for year in mean_path.index],
            y=[float(v) for v in mean_path],
            mode="lines",
            name=t("scenarios.chart.mean", lang),
            line=dict(color=PALETTE[0], width=1.5, dash="dash"),
            hovertemplate=f"%{{x}}: %{{y:.2f}} {unit}<extra></extra>",
        )
    )
    # History on top of the bands, first in the legend.
    traces += [_history_trace(history, lang) | {"legendrank": 1}, _target_trace(target_value, target_year, lang)]
    horizon = years[-1]
    name = _name(scenario_name)
    lines = [
        _base_text(base, target_value, target_year, horizon, lang),
        t(
            "scenarios.chart.params_mc",
            lang,
            name=name,
            n=fmt_number(n_paths, lang, digits=0),
            seed=seed,
            mean=_rate(growth, lang, preset),
            vol=fmt_pct(volatility * 100, lang, digits=1),
        ),
        t(
            "scenarios.chart.params_probability",
            lang,
            target=fmt_usd_bn(target_value, lang),
            year=target_year,
            p=fmt_pct(probability * 100, lang, digits=1),
        ),
    ]
    parameters = {
        "base_year": int(base["year"]),
        "base_value": float(base["turnover_usd_bn"]),
        "target_value": float(target_value),
        "target_year": int(target_year),
        "scenario": str(scenario_name),
        "preset": preset,
        "mean_growth": float(growth),
        "volatility": float(volatility),
        "n_paths": int(n_paths),
        "seed": int(seed),
        "probability": float(probability),
    }
    return _figure(
        traces,
        target_value,
        lang,
        t("scenarios.chart.title_fan", lang, name=name),
        _sources(history, base, target_url, lang),
        lines,
        parameters,
        summaries.fan(float(quantiles[0.5].iloc[-1]), horizon, probability, target_value, target_year, lang),
    )

"""Figures of the Scenarios page: constant-growth paths and the Monte Carlo fan.

Pure functions of data and a language, like charts.py. Each figure states its parameters
(base figure, target, growth rates, volatility, paths, seed, probability) in a footer inside the
figure and in `layout.meta["parameters"]`, so a PNG, SVG or HTML export still says what it shows.
Scenario names are user text: they are HTML-escaped before Plotly sees them.
"""

from __future__ import annotations

import html
from typing import NamedTuple
from urllib.parse import urlparse

import pandas as pd
import plotly.graph_objects as go

from partnership.charts import summaries
from partnership.charts.base import PALETTE, TARGET_COLOR, fast_figure, source_line, year_axis
from partnership.charts.chart import CALCULATION, SOURCE, Chart, points, table
from partnership.i18n import catalog, fmt_number, fmt_pct, fmt_usd_bn, t
from partnership.scenarios import N_PATHS, SEED, Scenario, Setup, project, rate_text

SCENARIO_COLORS = (PALETTE[0], PALETTE[2], PALETTE[4])
HISTORY_COLOR = "#262730"
FAN_COLOR = "0, 114, 178"  # PALETTE[0] as RGB, for translucent bands
Y_HEADROOM = 1.2
PLOT_DECIMALS = 6  # a path's values as plotted, in $ bn
FIXED_TRACES = 2  # the path chart's history and target come before the scenarios' lines and crossings


def _name(text: object) -> str:
    return html.escape(str(text), quote=False)


def _history_trace(history: pd.DataFrame, lang: str) -> dict:
    """Headline full-year figures; the line breaks where years are missing."""
    # One figure per year (headline_by_year): plain dicts, not a pandas lookup per year.
    years_known = history["year"].astype(int).tolist()
    values = dict(zip(years_known, history["turnover_usd_bn"].astype(float).tolist(), strict=True))
    titles = dict(zip(years_known, history["source_title"].tolist(), strict=True))
    years = list(range(min(values), max(values) + 1)) if values else []
    y = [values.get(year) for year in years]
    hover = [
        f"<b>{year}</b>: {fmt_usd_bn(values[year], lang)}<br>{_name(titles[year])}" if year in values else "" for year in years
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


def sources_text(history: pd.DataFrame, setup: Setup, lang: str) -> str:
    newest_first = history.sort_values("year", ascending=False, kind="stable")["source_url"]
    urls = [setup.base_url, *([setup.target_url] if setup.target_url else []), *newest_first]
    return source_line(urls, lang)


def _base_text(setup: Setup, lang: str) -> str:
    return t(
        "scenarios.chart.params_base",
        lang,
        value=fmt_usd_bn(setup.base_value, lang),
        year=setup.base_year,
        source=_host(setup.base_url),
        target=fmt_usd_bn(setup.target_value, lang),
        target_year=setup.target_year,
        horizon=setup.horizon,
    )


def _setup_parameters(setup: Setup) -> dict:
    return {
        "base_year": setup.base_year,
        "base_value": setup.base_value,
        "target_value": float(setup.target_value),
        "target_year": int(setup.target_year),
    }


def _host(url: object) -> str:
    return urlparse(str(url)).netloc.removeprefix("www.")


def _preset_text(preset: str, trend_span: tuple[int, int] | None, lang: str) -> str:
    if preset == "trend" and trend_span is not None:
        return t("scenarios.chart.preset_trend", lang, start=trend_span[0], end=trend_span[1])
    return t(f"scenarios.chart.preset_{preset}", lang)


def y_top(target_value: float, ys) -> float:
    """The y axis's top: room above the highest value and the target for the target's label."""
    return max([target_value, *ys]) * Y_HEADROOM


def _figure(
    traces: list[dict],
    target_value: float,
    lang: str,
    title: str,
    sources: str,
    lines: list[str],
    parameters: dict,
    summary: str,
    phone: dict | None = None,
) -> go.Figure:
    """One Figure built in a single pass from plain dicts, unvalidated (charts.fast_figure; tests validate it).

    `phone`: layout.meta["phone"], what the chart element changes on a phone-wide chart (charts.base).

    The y axis leaves room above the highest value and the target for the target's label; the year
    axis and the footer's room come from charts (year_axis, fast_figure).
    """
    top = y_top(target_value, (y for trace in traces for y in trace["y"] if y is not None))
    xs = [x for trace in traces for x in trace["x"]]
    layout = dict(
        shapes=[_target_line(target_value)],
        hovermode="closest",
        legend=dict(traceorder="normal"),
        xaxis=year_axis(xs),
        yaxis=dict(title=dict(text=y_title(lang)), range=[0, top]),
    )
    meta = {"parameters": parameters, **({"phone": phone} if phone else {})}
    return fast_figure(traces, layout, lang, title, sources, "<br>".join(lines), meta=meta, summary=summary)


def y_title(lang: str) -> str:
    return t("measure.turnover_usd_bn", lang) + f", {t('units.bn_axis', lang)}"


def paths_title(setup: Setup, lang: str) -> str:
    return t("scenarios.chart.title_paths", lang, horizon=setup.horizon)


class Drawn(NamedTuple):
    """One scenario as the path chart draws it: its line, the diamond where it crosses the target (a trace
    without points when it does not), its footer line, and what a screen reader and the parameters say of it."""

    line: dict
    crossing: dict
    footer: str
    parameters: dict


def drawn_scenario(
    index: int, column: str, years: list[int], values: list[float], growth: float, preset: str, reached, setup: Setup, lang: str
) -> Drawn:
    """Scenario number `index` (0-based: colour and dash) named `column` ("3. Custom"), its path `values` over `years`.

    Values are plotted to 1e-6 bn ($1,000; the hover shows two decimals): the chart sends less, and the
    explorer's rows (charts.scenario_explorer) are the same numbers. The yearly table keeps full values.
    """
    color = SCENARIO_COLORS[index % len(SCENARIO_COLORS)]
    name = _name(column)
    rate = rate_text(growth, preset, lang)
    plotted = [round(float(v), PLOT_DECIMALS) for v in values]
    line = dict(
        type="scatter",
        x=years,
        y=plotted,
        mode="lines",
        name=f"{name}: {rate}",
        line=dict(color=color, width=2.5, dash=("solid", "dash", "dashdot")[index % 3]),
        legendgroup=str(index),
        hovertemplate=f"{name}<br>%{{x}}: %{{y:.2f}} {t('units.bn_short', lang)}<extra></extra>",
    )
    reached = None if reached is None or pd.isna(reached) else int(reached)
    crossing = dict(
        type="scatter",
        x=[] if reached is None else [reached],
        y=[] if reached is None else [plotted[years.index(reached)]],
        mode="markers+text",
        marker=dict(symbol="diamond", size=12, color=color, line=dict(width=1.5, color="white")),
        text=[] if reached is None else [str(reached)],
        textposition="bottom right",
        textfont=dict(color=color, size=13),
        showlegend=False,
        legendgroup=str(index),
        # Named as its scenario's series (the chart's CSV lists the year it reaches the target under it).
        name=f"{name}: {t('scenarios.chart.reached_series', lang)}",
        hovertext="" if reached is None else t("scenarios.chart.crossing", lang, name=name, year=reached),
        hoverinfo="text",
    )
    reached_text = (
        t("scenarios.reached_in", lang, year=reached)
        if reached is not None
        else t("scenarios.not_reached", lang, year=setup.horizon)
    )
    footer = t(
        "scenarios.chart.params_scenario",
        lang,
        name=name,
        preset=_preset_text(preset, setup.trend_span, lang),
        rate=rate,
        reached=reached_text,
    )
    parameters = {"name": str(column), "preset": preset, "growth": float(growth), "year_reached": reached}
    return Drawn(line, crossing, footer, parameters)


def footer_lines(setup: Setup, drawn: list[Drawn], lang: str) -> list[str]:
    """The path chart's parameter lines: the base and target, one line per scenario, "not a forecast"."""
    return [_base_text(setup, lang), *(scenario.footer for scenario in drawn), t("scenarios.chart.not_forecast", lang)]


def paths_chart(history: pd.DataFrame, paths: pd.DataFrame, summary: pd.DataFrame, setup: Setup, lang: str) -> go.Figure:
    """History, one constant-growth path per scenario, the target line and the year each path crosses it.

    `history`: scenarios.headline_by_year; `paths`: scenarios.paths_table (index year from the base
    year to the horizon, one column per scenario, in the order of `summary` rows); `summary`:
    scenarios.summarize; `setup`: the base, target, horizon and trend span.
    Traces, in order: history, target, each scenario's line, each scenario's crossing (drawn after every
    path, so the diamonds sit on top of the lines and the target star); the explorer relies on that order.
    """
    return paths_figure(history, setup, drawn_scenarios(paths, summary, setup, lang), lang)


def drawn_scenarios(paths: pd.DataFrame, summary: pd.DataFrame, setup: Setup, lang: str) -> list[Drawn]:
    """Every scenario of `paths` and `summary` (as paths_chart takes them) as the path chart draws it."""
    years = [int(year) for year in paths.index]
    rows = summary.itertuples(index=False)
    return [
        drawn_scenario(index, column, years, values.tolist(), row.growth, row.preset, row.year_reached, setup, lang)
        for index, ((column, values), row) in enumerate(zip(paths.items(), rows, strict=True))
    ]


def paths_figure(history: pd.DataFrame, setup: Setup, drawn: list[Drawn], lang: str) -> Chart:
    """paths_chart's figure from its scenarios as drawn (drawn_scenario), and its table."""
    traces = [_history_trace(history, lang), _target_trace(setup.target_value, setup.target_year, lang)]
    traces += [scenario.line for scenario in drawn] + [scenario.crossing for scenario in drawn]
    chosen = [scenario.parameters for scenario in drawn]
    parameters = _setup_parameters(setup) | {"horizon": setup.horizon, "scenarios": chosen}
    tidy = _paths_table(history, setup, drawn, lang)
    figure = _figure(
        traces,
        setup.target_value,
        lang,
        paths_title(setup, lang),
        sources_text(history, setup, lang),
        footer_lines(setup, drawn, lang),
        parameters,
        summaries.paths(tidy, lang),
        _phone(setup, len(drawn), lang),
    )
    return Chart(figure, tidy)


def _paths_table(history: pd.DataFrame, setup: Setup, drawn: list[Drawn], lang: str) -> pd.DataFrame:
    """The path chart's points: each history figure with its own source, the target with the target's, each
    scenario's path and the year it reaches the target (calculations from the starting figure, with its source)."""
    fixed = _setup_parameters(setup) | {"horizon": setup.horizon}
    rows = _history_points(history, lang, fixed) + _target_points(setup, lang, fixed)
    for scenario in drawn:
        chosen = scenario.parameters
        name, rate = chosen["name"], rate_text(chosen["growth"], chosen["preset"], lang)
        own = fixed | {"scenario": name, "preset": _preset_name(chosen["preset"], lang), "growth": chosen["growth"]}
        for trace, series in (
            (scenario.line, f"{name}: {rate}"),
            (scenario.crossing, f"{name}: {t('scenarios.chart.reached_series', lang)}"),
        ):
            rows += points(series, trace["y"], y_title(lang), CALCULATION, setup.base_url, years=trace["x"], **own)
    return table(rows)


def _history_points(history: pd.DataFrame, lang: str, parameters: dict) -> list[dict]:
    return points(
        t("scenarios.chart.history", lang),
        history["turnover_usd_bn"],
        y_title(lang),
        SOURCE,
        history["source_url"],
        years=history["year"],
        **parameters,
    )


def _target_points(setup: Setup, lang: str, parameters: dict) -> list[dict]:
    label = t("scenarios.chart.target", lang, value=fmt_usd_bn(setup.target_value, lang), year=setup.target_year)
    url = setup.target_url or ""
    return points(label, [setup.target_value], y_title(lang), SOURCE, url, years=[setup.target_year], **parameters)


def _preset_name(preset: str, lang: str) -> str:
    return catalog(lang).get(f"scenarios.preset_name.{preset}", preset)


def _phone(setup: Setup, count: int, lang: str) -> dict:
    """On a phone the target star's label is its figure alone (the sentence ran over the y axis; the legend names
    it) and the diamonds lose their year labels, which run into each other; the footer and hover still give them."""
    crossings = {FIXED_TRACES + count + index: {"mode": "markers"} for index in range(count)}
    lines = {FIXED_TRACES + index: {} for index in range(count)}  # renamed by the explorer as they move: as they are
    return {"traces": {1: _short_target(setup, lang), **lines, **crossings}}


def _short_target(setup: Setup, lang: str) -> dict:
    """The target star's label on a phone: its figure and year alone (the legend names it)."""
    return {"text": [f"{fmt_number(float(setup.target_value), lang)} {t('units.bn_short', lang)}, {setup.target_year}  "]}


def _fan_traces(quantiles: pd.DataFrame, mean_path: pd.Series, lang: str) -> list[dict]:
    """The 10–90 % and 25–75 % bands (a lower edge, then the upper one filled down to it), the median and the mean."""
    years = [int(year) for year in quantiles.index]
    hover = f"%{{x}}: %{{y:.2f}} {t('units.bn_short', lang)}<extra></extra>"
    traces = []
    for low, high, alpha, key in ((0.1, 0.9, 0.16, "band_80"), (0.25, 0.75, 0.32, "band_50")):
        edge = dict(type="scatter", x=years, mode="lines", line=dict(width=0))
        traces.append(edge | dict(y=list(quantiles[low]), name=_quantile_name(low, lang), showlegend=False, hoverinfo="skip"))
        traces.append(
            edge
            | dict(
                y=list(quantiles[high]),
                fill="tonexty",
                fillcolor=f"rgba({FAN_COLOR}, {alpha})",
                name=t(f"scenarios.chart.{key}", lang),
                hoverinfo="skip",
            )
        )
    median = dict(color=PALETTE[0], width=2.5)
    traces.append(
        dict(
            type="scatter",
            x=years,
            y=list(quantiles[0.5]),
            mode="lines",
            name=t("scenarios.chart.median", lang),
            line=median,
            hovertemplate=hover,
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
            hovertemplate=hover,
        )
    )
    return traces


def fan_chart(
    history: pd.DataFrame,
    quantiles: pd.DataFrame,
    setup: Setup,
    scenario: Scenario,
    volatility: float,
    probability: float,
    lang: str,
    n_paths: int = N_PATHS,
    seed: int = SEED,
) -> Chart:
    """The Monte Carlo fan of one scenario: 10–90 % and 25–75 % bands, median, average path, target.

    `quantiles`: scenarios.fan (index year, columns 0.1, 0.25, 0.5, 0.75, 0.9); `scenario`: the one
    simulated, named as the page shows it ("2. Required"); its constant-growth path is the average of
    the simulated paths.
    """
    mean_path = project(setup.base_value, setup.base_year, scenario.growth, setup.horizon)
    # History on top of the bands, first in the legend.
    traces = _fan_traces(quantiles, mean_path, lang)
    traces += [_history_trace(history, lang) | {"legendrank": 1}, _target_trace(setup.target_value, setup.target_year, lang)]
    name = _name(scenario.name)
    target = fmt_usd_bn(setup.target_value, lang)
    mean, vol, p = (
        rate_text(scenario.growth, scenario.preset, lang),
        fmt_pct(volatility * 100, lang, digits=1),
        fmt_pct(probability * 100, lang, digits=1),
    )
    lines = [
        _base_text(setup, lang),
        t("scenarios.chart.params_mc", lang, name=name, n=fmt_number(n_paths, lang, digits=0), seed=seed, mean=mean, vol=vol),
        t("scenarios.chart.params_probability", lang, target=target, year=setup.target_year, p=p),
    ]
    parameters = _setup_parameters(setup) | {
        "scenario": str(scenario.name),
        "preset": scenario.preset,
        "mean_growth": float(scenario.growth),
        "volatility": float(volatility),
        "n_paths": int(n_paths),
        "seed": int(seed),
        "probability": float(probability),
    }
    named = parameters | {"scenario": str(scenario.name), "preset": _preset_name(scenario.preset, lang)}
    tidy = _fan_table(history, quantiles, mean_path, setup, named, lang)
    figure = _figure(
        traces,
        setup.target_value,
        lang,
        t("scenarios.chart.title_fan", lang, name=name),
        sources_text(history, setup, lang),
        lines,
        parameters,
        summaries.fan(tidy, lang),
        {"traces": {len(traces) - 1: _short_target(setup, lang)}},  # the target is the last trace
    )
    return Chart(figure, tidy)


def _fan_table(
    history: pd.DataFrame, quantiles: pd.DataFrame, mean_path: pd.Series, setup: Setup, parameters: dict, lang: str
) -> pd.DataFrame:
    """The fan chart's points: every quantile of the simulated paths (each band edge named by its quantile), the
    median, the scenario's path, then the history with its own sources and the target."""
    years, unit = [int(year) for year in quantiles.index], y_title(lang)
    rows = []
    for level in quantiles.columns:
        series = t("scenarios.chart.median", lang) if level == 0.5 else _quantile_name(level, lang)
        rows += points(series, quantiles[level], unit, CALCULATION, setup.base_url, years=years, **parameters)
    rows += points(
        t("scenarios.chart.mean", lang), mean_path, unit, CALCULATION, setup.base_url, years=mean_path.index, **parameters
    )
    return table(rows + _history_points(history, lang, parameters) + _target_points(setup, lang, parameters))


def _quantile_name(level: float, lang: str) -> str:
    return t("scenarios.chart.quantile", lang, p=fmt_pct(level * 100, lang, digits=0))

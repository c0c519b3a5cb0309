"""The CSV behind a chart: what the chart draws, one row per point, with what a reader needs to use it.

    table = chart_table(fig, "ru", data=rows_behind_the_chart)

One builder for every chart (trade, overview, scenarios, registers), so every chart's CSV has the
same columns: year (or the category), series, the value as the chart shows it and the full value
(the unit is in both headers, from the value axis), where the figure comes from (a source figure or
a calculation) with its source URL, and the chart's parameters (`layout.meta["parameters"]`: a
scenario's start, target, growth…) on every row.

Sources: a point that is a row of `data` (same year, same value) takes that row's `source_url`; a
computed point (a growth path, a quantile) takes the source of the figure it starts from (the
`base_year` parameter's row). Charts without x/y points (treemaps) export `data` as it is.
"""

from __future__ import annotations

import math
import numbers

import pandas as pd
import plotly.graph_objects as go

from partnership.export.provenance import NONE, Provenance
from partnership.export.tables import with_provenance
from partnership.i18n import catalog, t

# Computed values are shown with two decimals (the hover's %{y:.2f}); source figures as stored.
SHOWN_DIGITS = 2
YEARS = range(1900, 2101)


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    value = float(value)
    return None if math.isnan(value) else value


def _axis_title(fig: go.Figure, axis: str) -> str:
    title = getattr(fig.layout, axis).title
    text = title.text if title is not None else None
    return str(text).replace("<br>", " ") if text else ""


def _sources_by_point(data: pd.DataFrame | None) -> dict[tuple[int, float], list[str]]:
    """{(year, value): [source URLs]} for every numeric cell of the rows behind the chart."""
    if data is None or "source_url" not in data.columns or "year" not in data.columns:
        return {}
    out: dict[tuple[int, float], list[str]] = {}
    numeric = [
        c
        for c in data.columns
        if c != "year" and pd.api.types.is_numeric_dtype(data[c]) and not pd.api.types.is_bool_dtype(data[c])
    ]
    for _, row in data.iterrows():
        year, url = _number(row["year"]), row["source_url"]
        if year is None or not isinstance(url, str) or not url.strip():
            continue
        for column in numeric:
            value = _number(row[column])
            if value is not None:
                urls = out.setdefault((int(year), round(value, 9)), [])
                if url not in urls:
                    urls.append(url)
    return out


def _parameter_columns(parameters: dict, lang: str) -> dict[str, object]:
    strings = catalog(lang)
    out = {}
    for key, value in parameters.items():
        if isinstance(value, (list, dict)):
            continue
        label = strings.get(f"export.chart.param.{key}", key)
        out[label] = value
    return out


def _scenario_of(series: str, scenarios: list[dict]) -> dict | None:
    for scenario in scenarios:
        if series == scenario.get("name") or series.startswith(f"{scenario.get('name')}:"):
            return scenario
    return None


def chart_table(fig: go.Figure, lang: str, data: pd.DataFrame | None = None, provenance: Provenance = NONE) -> pd.DataFrame:
    """One row per point the chart draws (see the module): year, series, value shown and full, source, parameters.

    With `provenance` naming uploaded files, a last column marks each row: uploaded (which file) or published.
    """
    table = _points_table(fig, lang, data)
    if not provenance:
        return table
    source = t("export.chart.source", lang)
    if source in table.columns:
        row_urls = [str(urls).split() if isinstance(urls, str) else [] for urls in table[source]]
    elif "source_url" in table.columns:
        row_urls = [[url] if isinstance(url, str) else [] for url in table["source_url"]]
    else:
        row_urls = None
    return with_provenance(table, provenance, lang, row_urls)


def _points_table(fig: go.Figure, lang: str, data: pd.DataFrame | None) -> pd.DataFrame:
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    parameters = meta.get("parameters") if isinstance(meta.get("parameters"), dict) else {}
    sources = _sources_by_point(data)
    events = t("chart.events", lang)
    points = []
    for trace in fig.data:
        xs, ys = getattr(trace, "x", None), getattr(trace, "y", None)
        if xs is None or ys is None or trace.name == events:
            continue
        if getattr(trace, "orientation", None) == "h":
            xs, ys = ys, xs
        # A trace may carry each point's source URL (the trade charts do); else it is looked up in `data`.
        custom = getattr(trace, "customdata", None)
        urls = [u if isinstance(u, str) else "" for u in custom] if custom is not None and len(custom) == len(xs) else None
        for index, (x, y) in enumerate(zip(xs, ys, strict=False)):
            value = _number(y)
            if x is None or value is None or (isinstance(x, float) and math.isnan(x)):
                continue
            points.append((x, str(trace.name or ""), value, urls[index] if urls is not None else None))
    if not points:
        return data.copy() if data is not None else pd.DataFrame()

    yearly = all(_number(x) is not None and float(x).is_integer() and int(x) in YEARS for x, *_ in points)
    x_label = t("export.chart.year", lang) if yearly else (_axis_title(fig, "xaxis") or t("export.chart.category", lang))
    unit = _axis_title(fig, "yaxis") or t("export.chart.value", lang)
    shown_label = t("export.chart.value_shown", lang, axis=unit)
    full_label = t("export.chart.value_full", lang, axis=unit)
    base_year = parameters.get("base_year")
    base_sources = [url for (year, _), urls in sources.items() if year == base_year for url in urls]
    fixed = _parameter_columns(parameters, lang)
    scenarios = parameters.get("scenarios") if isinstance(parameters.get("scenarios"), list) else []

    # A computed point without a base_year parameter takes the sources its series starts from.
    series_sources: dict[str, list[str]] = {}
    for x, series, value, own_url in points:
        year = int(float(x)) if yearly else x
        found = ([own_url] if own_url else []) if own_url is not None else sources.get((year, round(value, 9)), [])
        series_sources.setdefault(series, [])
        series_sources[series] += [url for url in found if url not in series_sources[series]]

    rows = []
    for x, series, value, own_url in points:
        year = int(float(x)) if yearly else x
        if own_url is not None:
            matched = [own_url] if own_url else []
        else:
            matched = sources.get((year, round(value, 9)), []) if yearly else []
        row = {
            x_label: year,
            t("export.chart.series", lang): series,
            shown_label: value if matched else round(value, SHOWN_DIGITS),
            full_label: value,
            t("export.chart.origin", lang): t("export.chart.origin_source" if matched else "export.chart.origin_computed", lang),
            t("export.chart.source", lang): " ".join(matched or base_sources or series_sources.get(series, [])),
        }
        scenario = _scenario_of(series, scenarios)
        if scenario is not None:
            preset = scenario.get("preset")
            row[t("export.chart.param.preset", lang)] = catalog(lang).get(f"scenarios.preset_name.{preset}", preset)
            row[t("export.chart.param.growth", lang)] = scenario.get("growth")
        rows.append({**row, **fixed})
    table = pd.DataFrame(rows)
    return table.dropna(axis=1, how="all") if len(table) else table

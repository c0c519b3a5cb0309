"""The CSV behind a chart: its table (partnership.charts.chart) in the reader's words.

    table = chart_table(chart, "ru", provenance)

One layout for every chart: the year (and/or date, category), the series, the value as the chart
shows it and the full value (the unit in both headers), where the figure comes from (a source, a
calculation, or a file uploaded in this session) with its source URL, then the chart's parameters
(a scenario's start, target, growth…) or what else the chart knows of a point (a figure's period, whether
it is a lower bound; yes/no in words). The builder made each row with its own source,
so nothing is looked up here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from partnership.charts.chart import CALCULATION, COLUMNS, Chart
from partnership.export.provenance import NONE, Provenance
from partnership.export.tables import with_provenance
from partnership.i18n import catalog, t

# Computed values are shown with two decimals (the hover's %{y:.2f}); source figures as stored.
SHOWN_DIGITS = 2
HEADERS = {  # tidy column → catalog key of its header
    "year": "export.chart.year",
    "date": "export.column.date",
    "category": "export.chart.category",
    "series": "export.chart.series",
    "label": "export.column.name",
}


def _urls(cell: object) -> list[str]:
    return str(cell).split() if isinstance(cell, str) else []


def _origin(origin: object, urls: list[str], provenance: Provenance, lang: str) -> str:
    upload = provenance.upload_of(urls) if provenance else None
    if upload is not None:
        return t("export.provenance.row_uploaded", lang, file=upload.file)
    return t("export.chart.origin_computed" if origin == CALCULATION else "export.chart.origin_source", lang)


def _value_columns(tidy: pd.DataFrame, lang: str) -> dict[str, pd.Series]:
    """The value as the chart shows it (a calculation rounded as the hover shows it) and in full, unit in the headers."""
    if "value" not in tidy or tidy["value"].isna().all():
        return {}
    units = [unit for unit in dict.fromkeys(tidy["unit"]) if isinstance(unit, str) and unit]
    unit = units[0] if len(units) == 1 else t("export.chart.value", lang)
    values = tidy["value"].astype("float64")
    if values.dropna().map(float.is_integer).all():
        values = values.astype("Int64")  # counts stay whole numbers
    computed = tidy["origin"] == CALCULATION
    shown = values.where(~computed, values.round(SHOWN_DIGITS))
    return {t("export.chart.value_shown", lang, axis=unit): shown, t("export.chart.value_full", lang, axis=unit): values}


def _in_words(values: pd.Series, lang: str) -> pd.Series:
    """A yes/no column (a lower bound, a key milestone) in words; any other column as it is."""
    flags = values.dropna()
    if flags.empty or not flags.map(lambda v: isinstance(v, (bool, np.bool_))).all():
        return values
    return values.map(lambda v: v if pd.isna(v) else t("export.table.yes" if v else "export.table.no", lang))


def chart_table(chart: Chart, lang: str, provenance: Provenance = NONE) -> pd.DataFrame:
    """The chart's CSV table (see the module).

    With `provenance` naming uploaded files, the origin of an uploaded row names its file and a last column
    marks each row: uploaded (which file) or published.
    """
    tidy = chart.table.reset_index(drop=True)
    if tidy.empty:
        return pd.DataFrame()
    strings = catalog(lang)
    urls = [_urls(cell) for cell in tidy["source_url"]]
    columns: dict[str, object] = {}
    for key in ("year", "date", "category", "series"):
        if key in tidy:
            columns[t(HEADERS[key], lang)] = tidy[key]
    columns |= _value_columns(tidy, lang)
    if "label" in tidy:
        columns[t(HEADERS["label"], lang)] = tidy["label"]
    columns[t("export.chart.origin", lang)] = [
        _origin(origin, row_urls, provenance, lang) for origin, row_urls in zip(tidy["origin"], urls, strict=True)
    ]
    columns[t("export.chart.source", lang)] = tidy["source_url"]
    for key in tidy.columns:
        if key not in COLUMNS:
            columns[strings.get(f"export.chart.param.{key}", key)] = _in_words(tidy[key], lang)
    table = pd.DataFrame(columns)
    return with_provenance(table, provenance, lang, urls)


__all__ = ["SHOWN_DIGITS", "chart_table"]

"""Which figures the history uses, and the trend, growth and volatility measured on them.

The trade table holds several full-year figures for most years and none for 2019–2021. So that
every number on the Scenarios page can be traced, the history is defined once, here:

- Only full-year turnover figures (`period_type == "full_year"`); part-year figures never enter.
- One *headline* figure per year (`headline_by_year`): the reporter first in
  `trade.REPORTER_PREFERENCE` (Uzbekistan, then Kazakhstan, then other), then exact figures before
  lower bounds ("over $4 bn"), then the lower value. Headlines of different years can come from
  different reporters; the page lists each year's figure with its source.
- Year-on-year growth (`yearly_growth`) only between *consecutive* calendar years that both have a
  headline figure; gaps (2018 → 2022) are never bridged or filled in.
- The trend over a span (`trend_growth`) is the constant annual growth between the headline
  figures at the two ends of the span, first_year → latest year: the geometric mean of the yearly
  rates, which needs figures only at the two ends. The default span (`default_trend_start`) is the
  latest unbroken run of consecutive years.
- Historical volatility (`historical_volatility`) is the sample standard deviation (ddof=1) of the
  consecutive-year growth rates inside the span; it needs at least two such rates.
- The base figure a scenario starts from is any full-year row (`base_options`).
"""

from __future__ import annotations

from urllib.parse import urlparse

import numpy as np
import pandas as pd

from partnership import trade as trade_views
from partnership.scenarios.checks import ScenarioInputError, check_year
from partnership.scenarios.growth import required_cagr

HEADLINE_COLUMNS = [
    "year",
    "turnover_usd_bn",
    "reporter",
    "reporter_detail",
    "lower_bound",
    "source_title",
    "source_url",
    "figures",
]


def headline_by_year(trade: pd.DataFrame) -> pd.DataFrame:
    """One full-year turnover figure per year (see the module docstring for the rule), oldest first.

    Columns: year, turnover_usd_bn, reporter, reporter_detail, lower_bound, source_title,
    source_url, figures (how many full-year figures the data holds for that year).
    """
    rows = trade_views.full_year(trade).copy()
    if rows.empty:
        return pd.DataFrame(columns=HEADLINE_COLUMNS)
    rows["_rank"] = rows["reporter"].map(trade_views.REPORTER_PREFERENCE).fillna(len(trade_views.REPORTERS))
    rows["_bound"] = rows["lower_bound"].fillna(False).astype(bool)
    counts = rows.groupby("year")["turnover_usd_bn"].transform("size")
    rows["figures"] = counts.astype(int)
    ordered = rows.sort_values(["year", "_rank", "_bound", "turnover_usd_bn"], kind="stable")
    headline = ordered.drop_duplicates("year", keep="first")
    out = headline[HEADLINE_COLUMNS].reset_index(drop=True)
    out["year"] = out["year"].astype(int)
    out["turnover_usd_bn"] = out["turnover_usd_bn"].astype(float)
    return out


def yearly_growth(headline: pd.DataFrame, first_year: int | None = None) -> pd.DataFrame:
    """Growth between headline figures of consecutive calendar years only (gaps are skipped).

    Columns: year, previous_year, value, previous_value, growth (fraction). With first_year, only
    the pairs whose earlier year is first_year or later (the pairs inside a trend span).
    """
    if first_year is not None:
        first_year = check_year("first_year", first_year)
    values = headline.set_index("year")["turnover_usd_bn"].astype(float).sort_index()
    rows = [
        {
            "year": int(year),
            "previous_year": int(year) - 1,
            "value": float(value),
            "previous_value": float(values[year - 1]),
            "growth": float(value) / float(values[year - 1]) - 1,
        }
        for year, value in values.items()
        if year - 1 in values.index and (first_year is None or year - 1 >= first_year)
    ]
    return pd.DataFrame(rows, columns=["year", "previous_year", "value", "previous_value", "growth"])


def _latest_year(headline: pd.DataFrame) -> int:
    if headline.empty:
        raise LookupError("the trade table has no full-year turnover figure")
    return int(headline["year"].max())


def trend_starts(headline: pd.DataFrame) -> list[int]:
    """Years a trend span can start at (every earlier year with a headline figure), newest first."""
    latest = _latest_year(headline)
    return sorted((int(y) for y in headline["year"] if y < latest), reverse=True)


def default_trend_start(headline: pd.DataFrame) -> int:
    """Start of the latest unbroken run of consecutive years ending at the latest year.

    If the latest year has no figure for the year before, the nearest earlier year with a figure.
    """
    starts = trend_starts(headline)
    if not starts:
        raise LookupError("the trade table has only one year of full-year figures: no trend")
    years = set(int(y) for y in headline["year"])
    start = _latest_year(headline)
    while start - 1 in years:
        start -= 1
    return start if start < _latest_year(headline) else starts[0]


def trend_growth(headline: pd.DataFrame, first_year: int) -> float:
    """Constant annual growth from the headline figure of first_year to that of the latest year."""
    first_year = check_year("first_year", first_year)
    latest = _latest_year(headline)
    values = headline.set_index("year")["turnover_usd_bn"]
    if first_year not in values.index:
        raise ScenarioInputError("first_year", "no_year", value=first_year)
    if first_year >= latest:
        raise ScenarioInputError("first_year", "before", value=first_year, other_name="latest_year", other=latest)
    return required_cagr(float(values[first_year]), first_year, float(values[latest]), latest)


def historical_volatility(headline: pd.DataFrame, first_year: int | None = None) -> float:
    """Sample standard deviation of consecutive-year growth rates whose years lie in first_year..latest."""
    growth = yearly_growth(headline, first_year)
    if len(growth) < 2:
        raise ScenarioInputError("first_year", "too_few", value=first_year)
    return float(np.std(growth["growth"].to_numpy(), ddof=1))


def default_volatility(headline: pd.DataFrame) -> float:
    """Historical volatility over the default trend span; over all years if that span has too few rates; else 0."""
    for first_year in (default_trend_start(headline), None):
        try:
            return historical_volatility(headline, first_year)
        except ScenarioInputError:
            continue
    return 0.0


def gaps(headline: pd.DataFrame) -> list[tuple[int, int]]:
    """Runs of years without a full-year figure between the first and the latest, as (first, last)."""
    years = sorted(int(y) for y in headline["year"])
    return [(a + 1, b - 1) for a, b in zip(years, years[1:], strict=False) if b - a > 1]


# --- The base figure -------------------------------------------------------------------------------


def _host(url: object) -> str:
    return urlparse(str(url)).netloc.removeprefix("www.") or "?"


def base_options(trade: pd.DataFrame) -> pd.DataFrame:
    """Every full-year row that can start a scenario, newest year first, with a unique `label`.

    The label ("2025 · 4.97 · ru.trend.az", "≥4" for a lower bound) uses no words, so it reads the
    same in every UI language: a page can bind it to the URL and a link survives a language switch.
    """
    rows = trade_views.full_year(trade)
    rows = rows.sort_values("year", ascending=False, kind="stable")
    labels: list[str] = []
    for _, row in rows.iterrows():
        bound = "≥" if bool(row["lower_bound"]) is True else ""
        label = f"{int(row['year'])} · {bound}{float(row['turnover_usd_bn']):g} · {_host(row['source_url'])}"
        candidate, copy = label, 2
        while candidate in labels:
            candidate, copy = f"{label} ({copy})", copy + 1
        labels.append(candidate)
    return rows.assign(label=labels)


def default_base(trade: pd.DataFrame) -> pd.Series:
    """The base_options row of trade.latest_full_year (the headline latest figure)."""
    options = base_options(trade)
    latest = trade_views.latest_full_year(trade)
    return options.loc[latest.name]

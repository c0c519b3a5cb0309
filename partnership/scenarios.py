"""Growth scenarios for the turnover target: constant-growth paths, trend and volatility from the
full-year figures in data/, and a Monte Carlo of annual growth.

Conventions
-----------
- Rates are fractions (0.15 = 15 % a year), values USD billion, years calendar years.
- Impossible input (a value ≤ 0, a target year before the start year, a negative volatility, …)
  raises `ScenarioInputError`, a ValueError whose message names the argument and says why;
  `.argument` holds the argument's name and `.reason`/`.details` let a page translate it.

Which figures the history uses
------------------------------
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

The Monte Carlo
---------------
`simulate` draws each year's growth factor 1 + g independently from a lognormal distribution with
mean 1 + mean_growth and standard deviation `volatility`: values stay positive, the *average* path
equals `project(..., mean_growth, ...)`, and volatility 0 gives exactly that path. The median path lies
a little below the average one. Draws come from numpy's default generator with a fixed seed, so the
same inputs give the same numbers.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from urllib.parse import urlparse

import numpy as np
import pandas as pd

from partnership import trade as trade_views

LAST_YEAR = 2035
PRESETS = ("trend", "required", "custom")
MAX_SCENARIOS = 3
N_PATHS = 10_000
SEED = 0
FAN_QUANTILES = (0.1, 0.25, 0.5, 0.75, 0.9)
# A path computed at exactly the required rate must not miss the target by floating-point rounding.
_REACHED_TOLERANCE = 1e-12
_GAP_TOLERANCE = 1e-9

_MESSAGES = {
    "number": "{argument} must be a finite number, got {value!r}",
    "positive": "{argument} must be a positive number, got {value!r}",
    "growth": "{argument} must be a growth rate above -100 % (above -1), got {value!r}",
    "non_negative": "{argument} must be zero or more, got {value!r}",
    "year": "{argument} must be a whole calendar year, got {value!r}",
    "count": "{argument} must be a whole number of at least 1, got {value!r}",
    "seed": "{argument} must be a whole number of at least 0, got {value!r}",
    "after": "{argument} ({value}) must be after {other_name} ({other})",
    "before": "{argument} ({value}) must be before {other_name} ({other})",
    "not_before": "{argument} ({value}) must not be before {other_name} ({other})",
    "preset": "{argument} must be one of {other}, got {value!r}",
    "no_year": "{argument} ({value}) has no full-year figure in the data",
    "too_few": "{argument} ({value}) leaves fewer than two consecutive-year growth rates to measure volatility",
    "too_many": "{argument} may hold at most {other} scenarios, got {value}",
}


class ScenarioInputError(ValueError):
    """Impossible scenario input. str() names the argument and says why (English, for scripts).

    `.argument`: the argument's name; `.reason`: a key of the message (positive, after, …);
    `.details`: the values in the message, so a page can show it translated.
    """

    def __init__(self, argument: str, reason: str, **details: object) -> None:
        self.argument = argument
        self.reason = reason
        self.details = details
        super().__init__(_MESSAGES[reason].format(argument=argument, **details))


def _is_number(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def _check_number(name: str, value: object) -> float:
    if not (_is_number(value) and math.isfinite(value)):
        raise ScenarioInputError(name, "number", value=value)
    return float(value)


def _check_positive(name: str, value: object) -> float:
    if not (_is_number(value) and math.isfinite(value) and value > 0):
        raise ScenarioInputError(name, "positive", value=value)
    return float(value)


def _check_growth(name: str, value: object) -> float:
    if not (_is_number(value) and math.isfinite(value) and value > -1):
        raise ScenarioInputError(name, "growth", value=value)
    return float(value)


def _check_non_negative(name: str, value: object) -> float:
    if not (_is_number(value) and math.isfinite(value) and value >= 0):
        raise ScenarioInputError(name, "non_negative", value=value)
    return float(value)


def _check_year(name: str, value: object) -> int:
    if not (_is_number(value) and math.isfinite(value) and float(value).is_integer()):
        raise ScenarioInputError(name, "year", value=value)
    return int(value)


def _check_count(name: str, value: object) -> int:
    if not (_is_number(value) and math.isfinite(value) and float(value).is_integer() and value >= 1):
        raise ScenarioInputError(name, "count", value=value)
    return int(value)


def _check_after(name: str, year: int, other_name: str, other: int) -> None:
    if year <= other:
        raise ScenarioInputError(name, "after", value=year, other_name=other_name, other=other)


def _check_not_before(name: str, year: int, other_name: str, other: int) -> None:
    if year < other:
        raise ScenarioInputError(name, "not_before", value=year, other_name=other_name, other=other)


# --- Constant growth -------------------------------------------------------------------------


def required_cagr(start_value: float, start_year: int, target_value: float, target_year: int) -> float:
    """Constant annual growth that takes start_value in start_year to target_value in target_year."""
    start_value = _check_positive("start_value", start_value)
    start_year = _check_year("start_year", start_year)
    target_value = _check_positive("target_value", target_value)
    target_year = _check_year("target_year", target_year)
    _check_after("target_year", target_year, "start_year", start_year)
    return (target_value / start_value) ** (1 / (target_year - start_year)) - 1


def project(start_value: float, start_year: int, cagr: float, end_year: int) -> pd.Series:
    """Values at constant growth, indexed by year from start_year to end_year inclusive."""
    start_value = _check_positive("start_value", start_value)
    start_year = _check_year("start_year", start_year)
    cagr = _check_growth("cagr", cagr)
    end_year = _check_year("end_year", end_year)
    _check_not_before("end_year", end_year, "start_year", start_year)
    years = pd.RangeIndex(start_year, end_year + 1, name="year")
    return pd.Series(start_value * (1 + cagr) ** (years - start_year), index=years, name="turnover_usd_bn")


def year_reached(start_value: float, start_year: int, cagr: float, target_value: float, last_year: int = LAST_YEAR) -> int | None:
    """First year at or above target_value on the constant-growth path, or None if not by last_year.

    The start year counts: a start value already at the target gives start_year.
    """
    target_value = _check_positive("target_value", target_value)
    last_year = _check_year("last_year", last_year)
    path = project(start_value, start_year, cagr, max(last_year, _check_year("start_year", start_year)))
    reached = path[path >= target_value * (1 - _REACHED_TOLERANCE)]
    return int(reached.index[0]) if len(reached) else None


def validate_setup(start_value: float, start_year: int, target_value: float, target_year: int, last_year: int) -> None:
    """Check a page's base, target and horizon together; raises ScenarioInputError naming the first bad one."""
    _check_positive("start_value", start_value)
    start_year = _check_year("start_year", start_year)
    _check_positive("target_value", target_value)
    target_year = _check_year("target_year", target_year)
    last_year = _check_year("last_year", last_year)
    _check_after("target_year", target_year, "start_year", start_year)
    _check_not_before("last_year", last_year, "target_year", target_year)


def to_slider_pct(rate: float, step: float = 0.5, low: float = -10.0, high: float = 30.0) -> float:
    """A rate (fraction) in percent, rounded to a slider's step and kept inside its range."""
    rate = _check_number("rate", rate)
    return float(min(max(round(rate * 100 / step) * step, low), high))


# --- Monte Carlo -------------------------------------------------------------------------------


def _lognormal_parameters(mean_growth: float, volatility: float) -> tuple[float, float]:
    """mu, sigma of log(1 + g) such that 1 + g has mean 1 + mean_growth and standard deviation volatility."""
    mean_factor = 1 + mean_growth
    sigma2 = math.log1p((volatility / mean_factor) ** 2)
    return math.log(mean_factor) - sigma2 / 2, math.sqrt(sigma2)


def simulate(
    start_value: float,
    start_year: int,
    end_year: int,
    mean_growth: float,
    volatility: float,
    n_paths: int = N_PATHS,
    seed: int = SEED,
) -> np.ndarray:
    """Monte Carlo paths of the value, shape (n_paths, end_year - start_year + 1).

    Column j is the year start_year + j; column 0 is start_value on every path. Each year's growth
    factor 1 + g is drawn independently from a lognormal with mean 1 + mean_growth and standard
    deviation `volatility` (see the module docstring); all draws in one vectorized call.
    """
    start_value = _check_positive("start_value", start_value)
    start_year = _check_year("start_year", start_year)
    end_year = _check_year("end_year", end_year)
    _check_not_before("end_year", end_year, "start_year", start_year)
    mean_growth = _check_growth("mean_growth", mean_growth)
    volatility = _check_non_negative("volatility", volatility)
    n_paths = _check_count("n_paths", n_paths)
    if not (_is_number(seed) and math.isfinite(seed) and float(seed).is_integer() and seed >= 0):
        raise ScenarioInputError("seed", "seed", value=seed)
    mu, sigma = _lognormal_parameters(mean_growth, volatility)
    steps = end_year - start_year
    rng = np.random.default_rng(int(seed))
    log_factors = mu + sigma * rng.standard_normal((n_paths, steps))
    log_paths = np.concatenate([np.zeros((n_paths, 1)), np.cumsum(log_factors, axis=1)], axis=1)
    return start_value * np.exp(log_paths)


def probability_of_target(
    start_value: float,
    start_year: int,
    target_value: float,
    target_year: int,
    mean_growth: float,
    volatility: float,
    n_paths: int = N_PATHS,
    seed: int = SEED,
) -> float:
    """Share of simulated paths at or above target_value in at least one year up to target_year.

    "Reaching the target by the target year" as `year_reached` counts it: any year from start_year
    to target_year inclusive. With volatility 0 it is 1.0 exactly when year_reached(...) <= target_year.
    """
    target_value = _check_positive("target_value", target_value)
    start_year = _check_year("start_year", start_year)
    target_year = _check_year("target_year", target_year)
    _check_not_before("target_year", target_year, "start_year", start_year)
    paths = simulate(start_value, start_year, target_year, mean_growth, volatility, n_paths, seed)
    reached = (paths >= target_value * (1 - _REACHED_TOLERANCE)).any(axis=1)
    return float(reached.mean())


def fan(paths: np.ndarray, start_year: int, quantiles: tuple[float, ...] = FAN_QUANTILES) -> pd.DataFrame:
    """Quantiles of simulated paths per year: index year, one column per quantile (0.1, 0.25, …)."""
    start_year = _check_year("start_year", start_year)
    values = np.quantile(np.asarray(paths, dtype=float), quantiles, axis=0).T
    years = pd.RangeIndex(start_year, start_year + values.shape[0], name="year")
    return pd.DataFrame(values, index=years, columns=list(quantiles))


# --- History: one headline full-year figure per year ----------------------------------------------

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
        first_year = _check_year("first_year", first_year)
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
    first_year = _check_year("first_year", first_year)
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


# --- Named scenarios ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    """A named constant-growth scenario: `preset` says where `growth` came from."""

    name: str
    preset: str
    growth: float

    def __post_init__(self) -> None:
        if self.preset not in PRESETS:
            raise ScenarioInputError("preset", "preset", value=self.preset, other=", ".join(PRESETS))
        _check_growth("growth", self.growth)


def scenario_growth(preset: str, trend: float, required: float, custom: float) -> float:
    """The growth a preset stands for: the trend, exactly the required rate, or the user's own."""
    if preset not in PRESETS:
        raise ScenarioInputError("preset", "preset", value=preset, other=", ".join(PRESETS))
    return {"trend": trend, "required": required, "custom": custom}[preset]


def _check_scenarios(scenarios: list[Scenario] | tuple[Scenario, ...]) -> None:
    if not 1 <= len(scenarios) <= MAX_SCENARIOS:
        raise ScenarioInputError("scenarios", "too_many", value=len(scenarios), other=MAX_SCENARIOS)


def paths_table(
    start_value: float, start_year: int, scenarios: list[Scenario] | tuple[Scenario, ...], end_year: int
) -> pd.DataFrame:
    """Yearly values of every scenario: index year (start..end), one column per scenario, in order.

    Columns are named "1. name", "2. name", … so equal names stay apart.
    """
    _check_scenarios(scenarios)
    return pd.DataFrame(
        {f"{i}. {s.name}": project(start_value, start_year, s.growth, end_year) for i, s in enumerate(scenarios, start=1)}
    )


def summarize(
    start_value: float,
    start_year: int,
    scenarios: list[Scenario] | tuple[Scenario, ...],
    target_value: float,
    target_year: int,
    last_year: int = LAST_YEAR,
) -> pd.DataFrame:
    """Per scenario: the value in the target year, the gap to the target, the year it is reached.

    Columns: name, preset, growth, value_at_target_year, gap (value − target; negative = short of it;
    exactly 0 within floating-point noise of the target),
    year_reached (Int64, <NA> = not by last_year), reached (by last_year), on_time (reached by target_year).
    """
    _check_scenarios(scenarios)
    target_value = _check_positive("target_value", target_value)
    start_year = _check_year("start_year", start_year)
    target_year = _check_year("target_year", target_year)
    last_year = _check_year("last_year", last_year)
    _check_after("target_year", target_year, "start_year", start_year)
    _check_not_before("last_year", last_year, "target_year", target_year)
    rows = []
    for scenario in scenarios:
        value = float(project(start_value, start_year, scenario.growth, target_year).iloc[-1])
        gap = value - target_value
        if abs(gap) <= target_value * _GAP_TOLERANCE:  # rounding noise of the exact required rate
            gap = 0.0
        reached = year_reached(start_value, start_year, scenario.growth, target_value, last_year)
        rows.append(
            {
                "name": scenario.name,
                "preset": scenario.preset,
                "growth": scenario.growth,
                "value_at_target_year": value,
                "gap": gap,
                "year_reached": reached,
                "reached": reached is not None,
                "on_time": reached is not None and reached <= target_year,
            }
        )
    out = pd.DataFrame(rows)
    out["year_reached"] = out["year_reached"].astype("Int64")
    return out


def yearly_values(headline: pd.DataFrame, paths: pd.DataFrame) -> pd.DataFrame:
    """The table behind the scenario chart: year, one column per scenario, in order.

    When the paths start before the latest full year, a `history` column (after `year`) holds the
    headline figure of each year (empty where the data has none), to compare the paths with.
    """
    history = headline.set_index("year")["turnover_usd_bn"].astype(float)
    out = paths.copy()
    if len(history) and history.index.max() > out.index.min():
        out.insert(0, "history", history.reindex(out.index).to_numpy())
    return out.reset_index()

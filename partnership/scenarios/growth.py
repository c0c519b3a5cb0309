"""Constant growth: the rate that reaches a target, the path at a rate, named scenarios side by side.

Rates are fractions (0.15 = 15 % a year), values USD billion, years calendar years.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from partnership.scenarios.checks import (
    REACHED_TOLERANCE,
    ScenarioInputError,
    check_after,
    check_growth,
    check_not_before,
    check_positive,
    check_year,
)

LAST_YEAR = 2035
PRESETS = ("trend", "required", "custom")
MAX_SCENARIOS = 3
_GAP_TOLERANCE = 1e-9


def required_cagr(start_value: float, start_year: int, target_value: float, target_year: int) -> float:
    """Constant annual growth that takes start_value in start_year to target_value in target_year."""
    start_value = check_positive("start_value", start_value)
    start_year = check_year("start_year", start_year)
    target_value = check_positive("target_value", target_value)
    target_year = check_year("target_year", target_year)
    check_after("target_year", target_year, "start_year", start_year)
    return (target_value / start_value) ** (1 / (target_year - start_year)) - 1


def project(start_value: float, start_year: int, cagr: float, end_year: int) -> pd.Series:
    """Values at constant growth, indexed by year from start_year to end_year inclusive."""
    start_year, values = _path(start_value, start_year, cagr, end_year)
    return pd.Series(values, index=pd.RangeIndex(start_year, start_year + len(values), name="year"), name="turnover_usd_bn")


def _path(start_value: float, start_year: int, cagr: float, end_year: int) -> tuple[int, np.ndarray]:
    """project's checks and numbers, without the Series: (start year, the values from it to end_year).

    The scenario fragment computes a dozen short paths per slider move; a Series each cost more than the
    arithmetic. The same numpy power of the same integer exponents, so the values are project's to the bit.
    """
    start_value = check_positive("start_value", start_value)
    start_year = check_year("start_year", start_year)
    cagr = check_growth("cagr", cagr)
    end_year = check_year("end_year", end_year)
    check_not_before("end_year", end_year, "start_year", start_year)
    return start_year, start_value * (1 + cagr) ** np.arange(end_year - start_year + 1, dtype=np.int64)


def year_reached(start_value: float, start_year: int, cagr: float, target_value: float, last_year: int = LAST_YEAR) -> int | None:
    """First year at or above target_value on the constant-growth path, or None if not by last_year.

    The start year counts: a start value already at the target gives start_year.
    """
    target_value = check_positive("target_value", target_value)
    last_year = check_year("last_year", last_year)
    first, path = _path(start_value, start_year, cagr, max(last_year, check_year("start_year", start_year)))
    reached = np.flatnonzero(path >= target_value * (1 - REACHED_TOLERANCE))
    return first + int(reached[0]) if len(reached) else None


def validate_setup(start_value: float, start_year: int, target_value: float, target_year: int, last_year: int) -> None:
    """Check a page's base, target and horizon together; raises ScenarioInputError naming the first bad one."""
    check_positive("start_value", start_value)
    start_year = check_year("start_year", start_year)
    check_positive("target_value", target_value)
    target_year = check_year("target_year", target_year)
    last_year = check_year("last_year", last_year)
    check_after("target_year", target_year, "start_year", start_year)
    check_not_before("last_year", last_year, "target_year", target_year)


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
        check_growth("growth", self.growth)


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
    paths = {f"{i}. {s.name}": _path(start_value, start_year, s.growth, end_year) for i, s in enumerate(scenarios, start=1)}
    first, values = next(iter(paths.values()))
    years = pd.RangeIndex(first, first + len(values), name="year")
    return pd.DataFrame({name: path for name, (_first, path) in paths.items()}, index=years)


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
    target_value = check_positive("target_value", target_value)
    start_year = check_year("start_year", start_year)
    target_year = check_year("target_year", target_year)
    last_year = check_year("last_year", last_year)
    check_after("target_year", target_year, "start_year", start_year)
    check_not_before("last_year", last_year, "target_year", target_year)
    rows = []
    for scenario in scenarios:
        value = float(_path(start_value, start_year, scenario.growth, target_year)[1][-1])
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
    # Built in one go from plain columns (this runs on every slider move): year, history, the paths.
    figures = dict(zip(headline["year"].astype(int).tolist(), headline["turnover_usd_bn"].astype(float).tolist(), strict=True))
    years = paths.index
    columns: dict[str, object] = {"year": years.to_numpy()}
    if figures and max(figures) > years.min():
        columns["history"] = np.array([figures.get(year, np.nan) for year in years.tolist()], dtype=float)
    columns |= {name: paths[name].to_numpy() for name in paths.columns}
    return pd.DataFrame(columns)

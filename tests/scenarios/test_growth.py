"""partnership.scenarios.growth: constant-growth arithmetic (property tests), the summary and the path tables."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import assume, given

from partnership import scenarios
from tests.scenarios.strategies import PROPERTY, rates, spans, values, years


@PROPERTY
@given(values, years, values, spans)
def test_projecting_at_the_required_rate_lands_on_the_target(start, year, target, span):
    rate = scenarios.required_cagr(start, year, target, year + span)
    path = scenarios.project(start, year, rate, year + span)
    assert path.index[0] == year and path.index[-1] == year + span and len(path) == span + 1
    assert path.iloc[0] == pytest.approx(start)
    assert path.iloc[-1] == pytest.approx(target, rel=1e-9)


@PROPERTY
@given(values, years, values, spans)
def test_the_required_rate_reaches_the_target_exactly_in_the_target_year(start, year, target, span):
    assume(target > start * (1 + 1e-9))
    rate = scenarios.required_cagr(start, year, target, year + span)
    assert scenarios.year_reached(start, year, rate, target, last_year=year + span) == year + span


@PROPERTY
@given(values, years, rates, values, spans)
def test_year_reached_is_the_first_year_at_or_above_the_target(start, year, rate, target, span):
    last = year + span
    reached = scenarios.year_reached(start, year, rate, target, last_year=last)
    path = scenarios.project(start, year, rate, last)
    tolerance = target * (1 - 1e-12)
    if reached is None:
        assert (path < tolerance).all()
    else:
        assert year <= reached <= last
        assert path[reached] >= tolerance
        assert (path[path.index < reached] < tolerance).all()


@PROPERTY
@given(values, years, values, spans, rates, rates)
def test_faster_growth_never_reaches_the_target_later(start, year, target, span, rate_a, rate_b):
    slow, fast = sorted((rate_a, rate_b))
    last = year + span
    slow_year = scenarios.year_reached(start, year, slow, target, last_year=last)
    fast_year = scenarios.year_reached(start, year, fast, target, last_year=last)
    if slow_year is not None:
        assert fast_year is not None and fast_year <= slow_year


def test_required_rate_from_the_data_matches_the_overview():
    # 4.97 (2025) to 10 (2030): about 15 % a year.
    assert scenarios.required_cagr(4.97, 2025, 10.0, 2030) == pytest.approx((10 / 4.97) ** 0.2 - 1)
    assert scenarios.required_cagr(4.97, 2025, 10.0, 2030) == pytest.approx(0.1501, abs=1e-4)


def test_summary_and_tables():
    chosen = [
        scenarios.Scenario("Trend", "trend", 0.026),
        scenarios.Scenario("Required", "required", scenarios.required_cagr(4.97, 2025, 10, 2030)),
        scenarios.Scenario("Trend", "custom", 0.10),
    ]
    summary = scenarios.summarize(4.97, 2025, chosen, 10.0, 2030, last_year=2035)
    assert list(summary["name"]) == ["Trend", "Required", "Trend"]
    assert summary.loc[1, "value_at_target_year"] == pytest.approx(10.0)
    assert summary.loc[1, "gap"] == 0.0  # exactly: the required rate's rounding noise is no gap
    assert summary["year_reached"].tolist()[1:] == [2030, 2033]
    assert pd.isna(summary.loc[0, "year_reached"]) and not summary.loc[0, "reached"]
    assert summary["on_time"].tolist() == [False, True, False]
    assert summary.loc[2, "gap"] == pytest.approx(4.97 * 1.1**5 - 10)
    paths = scenarios.paths_table(4.97, 2025, chosen, 2035)
    assert list(paths.columns) == ["1. Trend", "2. Required", "3. Trend"]  # equal names stay apart
    assert list(paths.index) == list(range(2025, 2036))
    headline = pd.DataFrame({"year": [2024, 2025], "turnover_usd_bn": [4.3, 4.97]})
    assert list(scenarios.yearly_values(headline, paths).columns) == ["year", "1. Trend", "2. Required", "3. Trend"]
    from_2024 = scenarios.paths_table(4.3, 2024, chosen[:1], 2030)
    table = scenarios.yearly_values(headline, from_2024)
    assert list(table.columns) == ["year", "history", "1. Trend"]
    assert table["history"].tolist()[:2] == [4.3, 4.97] and table["history"].iloc[2:].isna().all()


def test_a_value_within_rounding_of_the_target_reaches_it():
    # Exactly at the tolerance below the target (growth 0 keeps every year on it): reached in the start year.
    at_tolerance = 10.0 * (1 - 1e-12)
    assert scenarios.year_reached(at_tolerance, 2025, 0.0, 10.0, last_year=2030) == 2025
    assert scenarios.probability_of_target(at_tolerance, 2025, 10.0, 2030, 0.0, 0.0, n_paths=5) == 1.0


def test_summary_gap_rounding_limit_last_year_and_columns():
    # A gap exactly at the rounding limit (target × 1e-9 = 1.0 here) shows as no gap; one above it does not.
    flat = [scenarios.Scenario("flat", "custom", 0.0)]
    assert scenarios.summarize(1e9 + 1, 2025, flat, 1e9, 2030)["gap"].tolist() == [0.0]
    assert scenarios.summarize(1e9 + 2, 2025, flat, 1e9, 2030)["gap"].tolist() == [2.0]
    # The year reached is looked for up to the caller's last year, not the default 2035.
    slow = [scenarios.Scenario("Slow", "trend", 0.05)]
    summary = scenarios.summarize(4.97, 2025, slow, 10.0, 2030, last_year=2040)
    assert list(summary.columns) == [
        "name",
        "preset",
        "growth",
        "value_at_target_year",
        "gap",
        "year_reached",
        "reached",
        "on_time",
    ]
    assert summary.loc[0, ["name", "preset", "growth"]].tolist() == ["Slow", "trend", 0.05]
    assert summary["year_reached"].dtype == "Int64" and summary["year_reached"].tolist() == [2040]
    assert summary.loc[0, "reached"] and not summary.loc[0, "on_time"]


def test_scenario_growth_picks_the_presets_rate():
    assert [scenarios.scenario_growth(p, 0.1, 0.2, 0.3) for p in scenarios.PRESETS] == [0.1, 0.2, 0.3]


def test_path_and_fan_tables_are_indexed_by_year():
    path = scenarios.project(4.97, 2025, 0.1, 2027)
    assert list(path.reset_index().columns) == ["year", "turnover_usd_bn"]
    quantiles = scenarios.fan(scenarios.simulate(4.97, 2025, 2027, 0.1, 0.1, n_paths=20), 2025)
    assert quantiles.index.name == "year" and list(quantiles.reset_index().columns)[0] == "year"

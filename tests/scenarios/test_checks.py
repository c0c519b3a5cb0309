"""partnership.scenarios: growth arithmetic (property tests), the Monte Carlo, the history rules, errors."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from partnership import data, scenarios, trade

values = st.floats(min_value=0.01, max_value=1_000, allow_nan=False, allow_infinity=False)
years = st.integers(min_value=1990, max_value=2040)
spans = st.integers(min_value=1, max_value=40)
rates = st.floats(min_value=-0.5, max_value=1.0, allow_nan=False, allow_infinity=False)
vols = st.floats(min_value=0.0, max_value=0.6, allow_nan=False, allow_infinity=False)


@pytest.fixture(scope="module")
def trade_df() -> pd.DataFrame:
    return data.load("trade")


@pytest.fixture(scope="module")
def headline(trade_df) -> pd.DataFrame:
    return scenarios.headline_by_year(trade_df)


# --- constant growth: properties -----------------------------------------------------------------


# Arithmetic properties: no per-example deadline (a loaded machine or a coverage tracer makes timings noise).
PROPERTY = settings(deadline=None)


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


# --- Monte Carlo ---------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(values, years, st.integers(min_value=0, max_value=15), rates)
def test_without_volatility_every_path_is_the_constant_growth_path(start, year, span, rate):
    paths = scenarios.simulate(start, year, year + span, rate, 0.0, n_paths=50, seed=3)
    expected = scenarios.project(start, year, rate, year + span).to_numpy()
    assert paths.shape == (50, span + 1)
    np.testing.assert_allclose(paths, np.broadcast_to(expected, paths.shape), rtol=1e-9)


@settings(max_examples=30, deadline=None)
@given(values, years, st.integers(min_value=1, max_value=12), rates, vols, st.integers(min_value=0, max_value=2**32))
def test_paths_start_at_the_start_value_stay_positive_and_repeat_with_the_seed(start, year, span, rate, vol, seed):
    paths = scenarios.simulate(start, year, year + span, rate, vol, n_paths=200, seed=seed)
    assert paths.shape == (200, span + 1)
    assert (paths[:, 0] == start).all()
    assert (paths > 0).all() and np.isfinite(paths).all()
    np.testing.assert_array_equal(paths, scenarios.simulate(start, year, year + span, rate, vol, n_paths=200, seed=seed))


@pytest.mark.parametrize(("rate", "vol"), [(0.15, 0.11), (0.026, 0.3), (-0.05, 0.2)])
def test_the_average_path_is_the_scenario_line_and_growth_has_the_chosen_volatility(rate, vol):
    paths = scenarios.simulate(4.97, 2025, 2035, rate, vol, n_paths=scenarios.N_PATHS, seed=0)
    line = scenarios.project(4.97, 2025, rate, 2035).to_numpy()
    final = paths[:, -1]
    standard_error = final.std(ddof=1) / math.sqrt(len(final))
    assert abs(final.mean() - line[-1]) < 5 * standard_error
    growth = paths[:, 1:] / paths[:, :-1] - 1
    assert growth.mean() == pytest.approx(rate, abs=0.01)
    assert growth.std() == pytest.approx(vol, rel=0.05)


def test_simulate_defaults_to_10000_paths_and_a_fixed_seed():
    first = scenarios.simulate(4.97, 2025, 2030, 0.1, 0.1)
    assert first.shape == (10_000, 6)
    np.testing.assert_array_equal(first, scenarios.simulate(4.97, 2025, 2030, 0.1, 0.1))
    assert not np.array_equal(first, scenarios.simulate(4.97, 2025, 2030, 0.1, 0.1, seed=1))


@settings(max_examples=60, deadline=None)
@given(values, years, values, spans, rates)
def test_without_volatility_the_probability_is_one_exactly_when_the_line_reaches_the_target_in_time(
    start, year, target, span, rate
):
    target_year = year + min(span, 15)
    probability = scenarios.probability_of_target(start, year, target, target_year, rate, 0.0, n_paths=20)
    reached = scenarios.year_reached(start, year, rate, target, last_year=target_year)
    assert probability == (1.0 if reached is not None else 0.0)


def _independent_paths(start, steps, mean_growth, volatility, n_paths, seed):
    """The Monte Carlo as the module docstring defines it, written out here without the module's code."""
    sigma = math.sqrt(math.log(1 + (volatility / (1 + mean_growth)) ** 2))
    mu = math.log(1 + mean_growth) - sigma**2 / 2
    normals = np.random.default_rng(seed).standard_normal((n_paths, steps))
    paths = []
    for row in normals:
        value, path = start, [start]
        for z in row:
            value *= math.exp(mu + sigma * z)
            path.append(value)
        paths.append(path)
    return paths


@settings(max_examples=25, deadline=None)
@given(values, years, values, st.integers(min_value=1, max_value=10), rates, vols, st.integers(min_value=0, max_value=2**16))
def test_probability_is_a_share_of_paths(start, year, target, span, rate, vol, seed):
    n_paths = 40
    paths = _independent_paths(start, span, rate, vol, n_paths, seed)
    # Keep away from paths that touch the target within rounding: there the count is a matter of ulps.
    assume(all(abs(value / target - 1) > 1e-9 for path in paths for value in path))
    count = sum(any(value >= target for value in path) for path in paths)
    probability = scenarios.probability_of_target(start, year, target, year + span, rate, vol, n_paths=n_paths, seed=seed)
    assert probability == count / n_paths


def test_probability_counts_a_path_that_reaches_the_target_and_falls_back():
    # Eight paths from seed 11, counted by hand from the independent simulation: a path counts when any
    # year from the start to the target year is at or above the target, also if it ends below.
    paths = _independent_paths(5.0, 4, 0.05, 0.3, 8, 11)
    reached = [any(v >= 6.0 for v in path) for path in paths]
    ends_above = [path[-1] >= 6.0 for path in paths]
    assert sum(reached) > sum(ends_above)  # the case that tells "any year" from "the last year"
    assert 0 < sum(reached) < 8
    assert scenarios.probability_of_target(5.0, 2025, 6.0, 2029, 0.05, 0.3, n_paths=8, seed=11) == sum(reached) / 8
    np.testing.assert_allclose(scenarios.simulate(5.0, 2025, 2029, 0.05, 0.3, n_paths=8, seed=11), paths, rtol=1e-12)


def test_probability_counts_any_year_up_to_the_target_year():
    paths = scenarios.simulate(4.97, 2025, 2030, 0.12, 0.2, n_paths=scenarios.N_PATHS, seed=0)
    expected = float((paths >= 10.0 * (1 - 1e-12)).any(axis=1).mean())
    assert scenarios.probability_of_target(4.97, 2025, 10.0, 2030, 0.12, 0.2) == expected
    # At the required rate the average path ends on the target; the median ends below it.
    required = scenarios.required_cagr(4.97, 2025, 10.0, 2030)
    at_required = scenarios.probability_of_target(4.97, 2025, 10.0, 2030, required, 0.11)
    assert 0.3 < at_required < 0.6
    assert scenarios.probability_of_target(4.97, 2025, 10.0, 2030, required + 0.1, 0.11) > at_required
    assert scenarios.probability_of_target(10.0, 2025, 10.0, 2030, -0.2, 0.3) == 1.0


def test_fan_quantiles_are_ordered_and_start_at_the_start_value():
    paths = scenarios.simulate(4.97, 2025, 2035, 0.1, 0.15)
    quantiles = scenarios.fan(paths, 2025)
    assert list(quantiles.index) == list(range(2025, 2036))
    assert list(quantiles.columns) == [0.1, 0.25, 0.5, 0.75, 0.9]
    assert (quantiles.loc[2025] == 4.97).all()
    assert (quantiles.diff(axis=1).iloc[:, 1:] >= 0).all().all()
    assert quantiles.loc[2035, 0.5] < scenarios.project(4.97, 2025, 0.1, 2035).iloc[-1]


# --- impossible input: ValueError naming the argument ---------------------------------------------------

bad_positive = st.one_of(
    st.floats(max_value=0.0, allow_nan=False), st.just(float("nan")), st.just(float("inf")), st.just(None), st.just("5")
)


@PROPERTY
@given(bad_positive)
def test_a_start_value_that_is_not_positive_is_refused_by_name(value):
    for call in (
        lambda: scenarios.required_cagr(value, 2025, 10, 2030),
        lambda: scenarios.project(value, 2025, 0.1, 2030),
        lambda: scenarios.simulate(value, 2025, 2030, 0.1, 0.1, n_paths=10),
        lambda: scenarios.probability_of_target(value, 2025, 10, 2030, 0.1, 0.1, n_paths=10),
    ):
        with pytest.raises(ValueError, match="start_value") as info:
            call()
        assert info.value.argument == "start_value"


@PROPERTY
@given(bad_positive)
def test_a_target_value_that_is_not_positive_is_refused_by_name(value):
    for call in (
        lambda: scenarios.required_cagr(4.97, 2025, value, 2030),
        lambda: scenarios.year_reached(4.97, 2025, 0.1, value),
        lambda: scenarios.probability_of_target(4.97, 2025, value, 2030, 0.1, 0.1, n_paths=10),
    ):
        with pytest.raises(ValueError, match="target_value must be a positive number"):
            call()


@PROPERTY
@given(st.floats(max_value=-1e-9, allow_nan=False, allow_infinity=False))
def test_negative_volatility_is_refused(vol):
    with pytest.raises(ValueError, match="volatility must be zero or more") as info:
        scenarios.simulate(4.97, 2025, 2030, 0.1, vol, n_paths=10)
    assert info.value.argument == "volatility" and info.value.reason == "non_negative"
    with pytest.raises(ValueError, match="volatility"):
        scenarios.probability_of_target(4.97, 2025, 10, 2030, 0.1, vol, n_paths=10)


@PROPERTY
@given(st.integers(min_value=1, max_value=30))
def test_a_target_year_before_the_start_year_is_refused(back):
    with pytest.raises(ValueError, match=r"target_year \(\d+\) must be after start_year") as info:
        scenarios.required_cagr(4.97, 2025, 10, 2025 - back)
    assert info.value.details == {"value": 2025 - back, "other_name": "start_year", "other": 2025}
    with pytest.raises(ValueError, match="target_year .* must not be before start_year"):
        scenarios.probability_of_target(4.97, 2025, 10, 2025 - back, 0.1, 0.1, n_paths=10)
    with pytest.raises(ValueError, match="end_year .* must not be before start_year"):
        scenarios.simulate(4.97, 2025, 2025 - back, 0.1, 0.1, n_paths=10)


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: scenarios.project(4.97, 2025, -1.0, 2030), "cagr"),
        (lambda: scenarios.simulate(4.97, 2025, 2030, -1.5, 0.1), "mean_growth"),
        (lambda: scenarios.simulate(4.97, 2025, 2030, 0.1, 0.1, n_paths=0), "n_paths"),
        (lambda: scenarios.simulate(4.97, 2025, 2030, 0.1, 0.1, seed=-1), "seed"),
        (lambda: scenarios.simulate(4.97, 2025.5, 2030, 0.1, 0.1), "start_year"),
        (lambda: scenarios.year_reached(4.97, 2025, 0.1, 10, last_year="2035"), "last_year"),
        (lambda: scenarios.validate_setup(4.97, 2025, 10, 2030, 2029), "last_year"),
        (lambda: scenarios.validate_setup(4.97, 2025, 0.0, 2030, 2035), "target_value"),
        (lambda: scenarios.Scenario("x", "fast", 0.1), "preset"),
        (lambda: scenarios.scenario_growth("fast", 0.1, 0.2, 0.3), "preset"),
        (lambda: scenarios.summarize(4.97, 2025, [], 10, 2030), "scenarios"),
        (lambda: scenarios.summarize(4.97, 2025, [scenarios.Scenario("x", "custom", 0.1)] * 4, 10, 2030), "scenarios"),
        (
            lambda: scenarios.summarize(4.97, 2025, [scenarios.Scenario("x", "custom", 0.1)], 10, 2030, last_year=2029),
            "last_year",
        ),
    ],
)
def test_impossible_input_names_the_argument(call, argument):
    with pytest.raises(ValueError, match=argument) as info:
        call()
    assert isinstance(info.value, scenarios.ScenarioInputError)
    assert info.value.argument == argument
    assert str(info.value).startswith(argument)


def test_bools_are_not_numbers_and_numpy_numbers_are():
    with pytest.raises(ValueError, match="start_value"):
        scenarios.project(True, 2025, 0.1, 2030)
    path = scenarios.project(np.float64(4.97), np.int64(2025), np.float32(0.1), np.int64(2026))
    assert list(path.index) == [2025, 2026]


# --- history: one headline full-year figure per year ------------------------------------------------------


def test_headline_is_one_full_year_figure_per_year(trade_df, headline):
    full = trade.full_year(trade_df)
    assert list(headline["year"]) == sorted(full["year"].unique())
    # 2016's "$1 bn" is a rounded remark (period unclear), not a full year; 2020 and 2021 have full-year figures.
    assert list(headline["year"]) == [2017, 2018, 2020, 2021, 2022, 2023, 2024, 2025]
    counts = full.groupby("year").size()
    assert dict(zip(headline["year"], headline["figures"], strict=True)) == counts.to_dict()
    for _, row in headline.iterrows():
        assert ((full["year"] == row["year"]) & (full["turnover_usd_bn"] == row["turnover_usd_bn"])).any()


def test_headline_prefers_uzbek_figures_then_exact_ones_then_the_lower(headline, trade_df):
    by_year = headline.set_index("year")
    assert by_year.loc[2022, "reporter"] == "Uzbekistan" and by_year.loc[2022, "turnover_usd_bn"] == 4.6  # not Kazakhstan's 5.0
    assert by_year.loc[2024, "turnover_usd_bn"] == 4.2  # the Uzbek statistics, not media's 4.3 or "over 4"
    assert not by_year.loc[2024, "lower_bound"]
    assert by_year.loc[2023, "turnover_usd_bn"] == 4.4  # four Kazakh figures, 4.4 and 4.5: the lower
    latest = trade.latest_full_year(trade_df)
    assert by_year.loc[int(latest["year"]), "turnover_usd_bn"] == latest["turnover_usd_bn"]


def test_growth_only_between_consecutive_years(headline):
    growth = scenarios.yearly_growth(headline)
    assert list(zip(growth["previous_year"], growth["year"], strict=True)) == [
        (2017, 2018),
        (2020, 2021),
        (2021, 2022),
        (2022, 2023),
        (2023, 2024),
        (2024, 2025),
    ]
    assert growth.set_index("year").loc[2025, "growth"] == pytest.approx(4.97 / 4.2 - 1)
    assert scenarios.gaps(headline) == [(2019, 2019)]
    assert list(scenarios.yearly_growth(headline, 2022)["year"]) == [2023, 2024, 2025]


def test_trend_is_constant_growth_between_the_ends_of_the_span(headline):
    assert scenarios.trend_starts(headline) == [2024, 2023, 2022, 2021, 2020, 2018, 2017]
    assert scenarios.default_trend_start(headline) == 2020  # the latest run of consecutive years: 2020–2025
    assert scenarios.trend_growth(headline, 2022) == pytest.approx((4.97 / 4.6) ** (1 / 3) - 1)
    # Across the 2019 gap the trend needs only the two ends.
    assert scenarios.trend_growth(headline, 2018) == pytest.approx((4.97 / 3.0) ** (1 / 7) - 1)
    growth = scenarios.yearly_growth(headline, 2022)["growth"]
    assert scenarios.trend_growth(headline, 2022) == pytest.approx(np.prod(1 + growth) ** (1 / 3) - 1)


def test_trend_refuses_a_year_without_a_figure_or_the_latest_year(headline):
    with pytest.raises(ValueError, match="first_year .2019. has no full-year figure") as info:
        scenarios.trend_growth(headline, 2019)
    assert info.value.reason == "no_year"
    with pytest.raises(ValueError, match="first_year .2025. must be before"):
        scenarios.trend_growth(headline, 2025)


def test_historical_volatility_is_the_sample_sd_of_consecutive_growth(headline):
    expected = np.std([4.4 / 4.6 - 1, 4.2 / 4.4 - 1, 4.97 / 4.2 - 1], ddof=1)
    assert scenarios.historical_volatility(headline, 2022) == pytest.approx(expected)
    from_2020 = np.std([3.9 / 3.0 - 1, 4.6 / 3.9 - 1, 4.4 / 4.6 - 1, 4.2 / 4.4 - 1, 4.97 / 4.2 - 1], ddof=1)
    assert scenarios.historical_volatility(headline, 2020) == pytest.approx(from_2020)
    assert scenarios.historical_volatility(headline, 2018) == pytest.approx(from_2020)  # 2018→2019 is no pair
    assert scenarios.default_volatility(headline) == pytest.approx(from_2020)
    everything = scenarios.yearly_growth(headline)["growth"]
    assert scenarios.historical_volatility(headline) == pytest.approx(np.std(everything, ddof=1))
    with pytest.raises(ValueError, match="fewer than two") as info:
        scenarios.historical_volatility(headline, 2024)
    assert info.value.argument == "first_year"


yearly = st.dictionaries(st.integers(min_value=2000, max_value=2030), values, min_size=2, max_size=15)


def _table(figures: dict[int, float]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": pd.array(list(figures), dtype="Int64"),
            "period_type": "full_year",
            "months": 12,
            "turnover_usd_bn": list(figures.values()),
            "lower_bound": False,
            "reporter": "Uzbekistan",
            "reporter_detail": "x",
            "source_title": "t",
            "source_url": "https://example.org/",
        }
    )


@PROPERTY
@given(yearly)
def test_growth_pairs_are_exactly_the_consecutive_years(figures):
    headline = scenarios.headline_by_year(_table(figures))
    growth = scenarios.yearly_growth(headline)
    assert set(growth["year"]) == {y for y in figures if y - 1 in figures}
    for _, row in growth.iterrows():
        assert row["growth"] == pytest.approx(figures[row["year"]] / figures[row["year"] - 1] - 1)
    start = scenarios.default_trend_start(headline)
    latest = max(figures)
    if latest - 1 in figures:  # the latest unbroken run of years
        assert all(y in figures for y in range(start, latest + 1)) and start - 1 not in figures
    else:  # no run: the nearest earlier year
        assert start == max(y for y in figures if y < latest)


def test_base_options_have_unique_language_free_labels(trade_df):
    options = scenarios.base_options(trade_df)
    assert len(options) == len(trade.full_year(trade_df))
    assert options["label"].is_unique
    assert options.iloc[0]["label"] == "2025 · 4.97 · ru.trend.az"
    assert "2024 · ≥4 · rus.baq.kz" in set(options["label"])
    assert all(not any(c.isalpha() and not c.isascii() for c in label) for label in options["label"])
    assert scenarios.default_base(trade_df)["label"] == "2025 · 4.97 · ru.trend.az"


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


@PROPERTY
@given(st.floats(min_value=-0.5, max_value=0.5, allow_nan=False))
def test_slider_percent_is_on_the_step_and_in_range(rate):
    shown = scenarios.to_slider_pct(rate)
    assert -10.0 <= shown <= 30.0
    assert (shown / 0.5) == pytest.approx(round(shown / 0.5))
    if -0.1 <= rate <= 0.3:
        assert abs(shown - rate * 100) <= 0.25 + 1e-9


# --- every refusal: the argument, the reason, the values and the English sentence ------------------------

PRESET_LIST = "trend, required, custom"


def _bad(call):
    with pytest.raises(scenarios.ScenarioInputError) as info:
        call()
    return info.value


@pytest.mark.parametrize(
    ("call", "argument", "reason", "details", "message"),
    [
        (
            lambda: scenarios.required_cagr(4.97, 2025.5, 10, 2030),
            "start_year",
            "year",
            {"value": 2025.5},
            "start_year must be a whole calendar year, got 2025.5",
        ),
        (
            lambda: scenarios.required_cagr(4.97, 2025, 10, "2030"),
            "target_year",
            "year",
            {"value": "2030"},
            "target_year must be a whole calendar year, got '2030'",
        ),
        (  # the same year is not after it: no growth rate over zero years
            lambda: scenarios.required_cagr(4.97, 2025, 10, 2025),
            "target_year",
            "after",
            {"value": 2025, "other_name": "start_year", "other": 2025},
            "target_year (2025) must be after start_year (2025)",
        ),
        (
            lambda: scenarios.project(0, 2025, 0.1, 2030),
            "start_value",
            "positive",
            {"value": 0},
            "start_value must be a positive number, got 0",
        ),
        (
            lambda: scenarios.project(4.97, 2025.5, 0.1, 2030),
            "start_year",
            "year",
            {"value": 2025.5},
            "start_year must be a whole calendar year, got 2025.5",
        ),
        (
            lambda: scenarios.project(4.97, 2025, 0.1, 2030.5),
            "end_year",
            "year",
            {"value": 2030.5},
            "end_year must be a whole calendar year, got 2030.5",
        ),
        (
            lambda: scenarios.project(4.97, 2025, 0.1, 2024),
            "end_year",
            "not_before",
            {"value": 2024, "other_name": "start_year", "other": 2025},
            "end_year (2024) must not be before start_year (2025)",
        ),
        (
            lambda: scenarios.project(4.97, 2025, -1.0, 2030),
            "cagr",
            "growth",
            {"value": -1.0},
            "cagr must be a growth rate above -100 % (above -1), got -1.0",
        ),
        (
            lambda: scenarios.year_reached(4.97, 2025.5, 0.1, 10),
            "start_year",
            "year",
            {"value": 2025.5},
            "start_year must be a whole calendar year, got 2025.5",
        ),
        (
            lambda: scenarios.summarize(4.97, 2025, [scenarios.Scenario("x", "custom", 0.1)], 0, 2030),
            "target_value",
            "positive",
            {"value": 0},
            "target_value must be a positive number, got 0",
        ),
        (
            lambda: scenarios.summarize(4.97, 2025.5, [scenarios.Scenario("x", "custom", 0.1)], 10, 2030),
            "start_year",
            "year",
            {"value": 2025.5},
            "start_year must be a whole calendar year, got 2025.5",
        ),
        (
            lambda: scenarios.summarize(4.97, 2025, [scenarios.Scenario("x", "custom", 0.1)], 10, 2030.5),
            "target_year",
            "year",
            {"value": 2030.5},
            "target_year must be a whole calendar year, got 2030.5",
        ),
        (
            lambda: scenarios.summarize(4.97, 2025, [scenarios.Scenario("x", "custom", 0.1)], 10, 2030, last_year=2035.5),
            "last_year",
            "year",
            {"value": 2035.5},
            "last_year must be a whole calendar year, got 2035.5",
        ),
        (
            lambda: scenarios.summarize(4.97, 2025, [scenarios.Scenario("x", "custom", 0.1)], 10, 2024),
            "target_year",
            "after",
            {"value": 2024, "other_name": "start_year", "other": 2025},
            "target_year (2024) must be after start_year (2025)",
        ),
        (
            lambda: scenarios.summarize(4.97, 2025, [scenarios.Scenario("x", "custom", 0.1)], 10, 2030, last_year=2029),
            "last_year",
            "not_before",
            {"value": 2029, "other_name": "target_year", "other": 2030},
            "last_year (2029) must not be before target_year (2030)",
        ),
        (
            lambda: scenarios.summarize(4.97, 2025, [scenarios.Scenario("x", "custom", 0.1)] * 4, 10, 2030),
            "scenarios",
            "too_many",
            {"value": 4, "other": 3},
            "scenarios may hold at most 3 scenarios, got 4",
        ),
        (
            lambda: scenarios.Scenario("x", "fast", 0.1),
            "preset",
            "preset",
            {"value": "fast", "other": PRESET_LIST},
            "preset must be one of trend, required, custom, got 'fast'",
        ),
        (
            lambda: scenarios.Scenario("x", "custom", -2),
            "growth",
            "growth",
            {"value": -2},
            "growth must be a growth rate above -100 % (above -1), got -2",
        ),
        (
            lambda: scenarios.scenario_growth("fast", 0.1, 0.2, 0.3),
            "preset",
            "preset",
            {"value": "fast", "other": PRESET_LIST},
            "preset must be one of trend, required, custom, got 'fast'",
        ),
        (
            lambda: scenarios.validate_setup(0.0, 2025, 10, 2030, 2035),
            "start_value",
            "positive",
            {"value": 0.0},
            "start_value must be a positive number, got 0.0",
        ),
        (
            lambda: scenarios.validate_setup(4.97, 2025.5, 10, 2030, 2035),
            "start_year",
            "year",
            {"value": 2025.5},
            "start_year must be a whole calendar year, got 2025.5",
        ),
        (
            lambda: scenarios.validate_setup(4.97, 2025, 10, 2030.5, 2035),
            "target_year",
            "year",
            {"value": 2030.5},
            "target_year must be a whole calendar year, got 2030.5",
        ),
        (
            lambda: scenarios.validate_setup(4.97, 2025, 10, 2030, None),
            "last_year",
            "year",
            {"value": None},
            "last_year must be a whole calendar year, got None",
        ),
        (
            lambda: scenarios.validate_setup(4.97, 2025, 10, 2025, 2035),
            "target_year",
            "after",
            {"value": 2025, "other_name": "start_year", "other": 2025},
            "target_year (2025) must be after start_year (2025)",
        ),
        (
            lambda: scenarios.validate_setup(4.97, 2025, 10, 2030, 2029),
            "last_year",
            "not_before",
            {"value": 2029, "other_name": "target_year", "other": 2030},
            "last_year (2029) must not be before target_year (2030)",
        ),
        (
            lambda: scenarios.simulate(4.97, 2025, 2030.5, 0.1, 0.1),
            "end_year",
            "year",
            {"value": 2030.5},
            "end_year must be a whole calendar year, got 2030.5",
        ),
        (
            lambda: scenarios.simulate(4.97, 2025, 2030, 0.1, -0.1),
            "volatility",
            "non_negative",
            {"value": -0.1},
            "volatility must be zero or more, got -0.1",
        ),
        (
            lambda: scenarios.simulate(4.97, 2025, 2030, 0.1, 0.1, n_paths=0),
            "n_paths",
            "count",
            {"value": 0},
            "n_paths must be a whole number of at least 1, got 0",
        ),
        (
            lambda: scenarios.simulate(4.97, 2025, 2030, 0.1, 0.1, seed=-1),
            "seed",
            "seed",
            {"value": -1},
            "seed must be a whole number of at least 0, got -1",
        ),
        (
            lambda: scenarios.probability_of_target(4.97, 2025.5, 10, 2030, 0.1, 0.1),
            "start_year",
            "year",
            {"value": 2025.5},
            "start_year must be a whole calendar year, got 2025.5",
        ),
        (
            lambda: scenarios.probability_of_target(4.97, 2025, 10, 2030.5, 0.1, 0.1),
            "target_year",
            "year",
            {"value": 2030.5},
            "target_year must be a whole calendar year, got 2030.5",
        ),
        (
            lambda: scenarios.fan(np.ones((3, 2)), 2025.5),
            "start_year",
            "year",
            {"value": 2025.5},
            "start_year must be a whole calendar year, got 2025.5",
        ),
        (
            lambda: scenarios.to_slider_pct(float("inf")),
            "rate",
            "number",
            {"value": float("inf")},
            "rate must be a finite number, got inf",
        ),
        (
            lambda: scenarios.to_slider_pct("0.1"),
            "rate",
            "number",
            {"value": "0.1"},
            "rate must be a finite number, got '0.1'",
        ),
    ],
)
def test_each_refusal_names_the_argument_the_reason_and_the_values(call, argument, reason, details, message):
    error = _bad(call)
    assert (error.argument, error.reason, error.details) == (argument, reason, details)
    assert str(error) == message


def test_history_refusals_name_the_first_year_and_the_latest(headline):
    error = _bad(lambda: scenarios.trend_growth(headline, 2020.5))
    assert (error.argument, error.reason, str(error)) == (
        "first_year",
        "year",
        "first_year must be a whole calendar year, got 2020.5",
    )
    error = _bad(lambda: scenarios.trend_growth(headline, 2025))
    assert (error.argument, error.reason) == ("first_year", "before")
    assert error.details == {"value": 2025, "other_name": "latest_year", "other": 2025}
    assert str(error) == "first_year (2025) must be before latest_year (2025)"
    error = _bad(lambda: scenarios.yearly_growth(headline, "2022"))
    assert (error.argument, error.reason, error.details) == ("first_year", "year", {"value": "2022"})
    error = _bad(lambda: scenarios.historical_volatility(headline, 2024))
    assert (error.reason, error.details) == ("too_few", {"value": 2024})
    assert str(error) == "first_year (2024) leaves fewer than two consecutive-year growth rates to measure volatility"


def test_a_table_without_full_years_or_with_one_year_says_so():
    empty = scenarios.headline_by_year(_table({2020: 1.0}).iloc[0:0])
    assert list(empty.columns) == scenarios.HEADLINE_COLUMNS  # an empty table of the same columns
    with pytest.raises(LookupError) as info:
        scenarios.trend_starts(empty)
    assert str(info.value) == "the trade table has no full-year turnover figure"
    with pytest.raises(LookupError) as info:
        scenarios.default_trend_start(scenarios.headline_by_year(_table({2024: 4.3})))
    assert str(info.value) == "the trade table has only one year of full-year figures: no trend"


# --- boundaries and the shapes the pages use -----------------------------------------------------------


def test_one_simulated_path_is_enough():
    assert scenarios.simulate(4.97, 2025, 2030, 0.1, 0.1, n_paths=1).shape == (1, 6)


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


def _rows(*rows: tuple) -> pd.DataFrame:
    """A trade table of full-year rows (year, value, reporter, lower_bound, source_url)."""
    table = pd.DataFrame(rows, columns=["year", "turnover_usd_bn", "reporter", "lower_bound", "source_url"])
    return table.assign(
        year=pd.array(table["year"], dtype="Int64"),
        period_type="full_year",
        months=12,
        lower_bound=pd.array(table["lower_bound"], dtype="boolean"),
        reporter_detail="x",
        source_title="t",
    )


def test_headline_takes_the_preferred_reporter_even_when_larger_and_exact_before_bound():
    table = _rows(
        (2024, 5.0, "Uzbekistan", False, "https://a.uz/"),
        (2024, 4.6, "Kazakhstan", False, "https://b.kz/"),
        (2025, 4.0, "Uzbekistan", True, "https://a.uz/"),  # "over 4": a lower bound
        (2025, 4.3, "Uzbekistan", False, "https://a.uz/"),
    )
    headline = scenarios.headline_by_year(table)
    assert list(headline.columns) == scenarios.HEADLINE_COLUMNS
    assert headline["turnover_usd_bn"].tolist() == [5.0, 4.3]
    assert headline["year"].dtype == "int64" and headline["figures"].dtype == "int64"
    assert headline["figures"].tolist() == [2, 2]


def test_gaps_volatility_fallbacks_and_growth_values():
    one_year_gap = scenarios.headline_by_year(_table({2018: 3.0, 2020: 3.5, 2021: 3.9}))
    assert scenarios.gaps(one_year_gap) == [(2019, 2019)]
    # The default span 2021–2022 has one rate: the volatility falls back to all years (three rates).
    figures = {2010: 1.0, 2011: 1.2, 2012: 1.1, 2021: 2.0, 2022: 2.5}
    headline = scenarios.headline_by_year(_table(figures))
    assert scenarios.default_volatility(headline) == pytest.approx(np.std([0.2, 1.1 / 1.2 - 1, 0.25], ddof=1))
    # No two rates anywhere: no volatility measured, 0.
    assert scenarios.default_volatility(scenarios.headline_by_year(_table({2018: 3.0, 2020: 3.5, 2022: 4.0}))) == 0.0
    # Exactly two rates are enough.
    two = scenarios.headline_by_year(_table({2023: 4.0, 2024: 4.4, 2025: 4.0}))
    assert scenarios.historical_volatility(two, 2023) == pytest.approx(np.std([0.1, 4.0 / 4.4 - 1], ddof=1))
    growth = scenarios.yearly_growth(two)
    assert list(growth.columns) == ["year", "previous_year", "value", "previous_value", "growth"]
    assert growth[["value", "previous_value"]].to_numpy().tolist() == [[4.4, 4.0], [4.0, 4.4]]


def test_base_labels_drop_www_number_copies_and_keep_the_order_within_a_year():
    table = _rows(
        (2025, 4.97, "Uzbekistan", False, "https://www.example.org/a"),
        (2025, 4.97, "Kazakhstan", False, "https://example.org/b"),
        (2025, 4.97, "other", False, "https://example.org/c"),
        (2024, 4.3, "Uzbekistan", False, "https:///no-host"),
    )
    labels = scenarios.base_options(table)["label"].tolist()
    assert labels == [
        "2025 · 4.97 · example.org",
        "2025 · 4.97 · example.org (2)",
        "2025 · 4.97 · example.org (3)",
        "2024 · 4.3 · ?",
    ]
    # Within a year the figures stay in full_year's order (smaller first), also among many rows.
    many = _rows(*[(2020 + i % 3, 1.0 + i / 10, "Uzbekistan", False, "https://a.uz/") for i in range(30)])
    options = scenarios.base_options(many)
    expected = trade.full_year(many).sort_values("year", ascending=False, kind="stable")["turnover_usd_bn"]
    assert options["turnover_usd_bn"].tolist() == expected.tolist()
    assert options["turnover_usd_bn"].tolist()[:3] == [1.2, 1.5, 1.8]


def test_default_trend_start_is_the_latest_run_or_the_nearest_earlier_year():
    def start(*years: int) -> int:
        return scenarios.default_trend_start(scenarios.headline_by_year(_table({y: 1.0 + (y - 2000) / 10 for y in years})))

    assert start(2018, 2024, 2025) == 2024  # a run of two years
    assert start(2018, 2022, 2023, 2024, 2025) == 2022
    assert start(2018, 2022, 2025) == 2022  # no figure for 2024: the nearest earlier year, not the latest

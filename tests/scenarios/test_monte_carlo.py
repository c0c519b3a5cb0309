"""partnership.scenarios.monte_carlo: simulated paths, the probability of reaching the target, the fan."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from partnership import scenarios
from tests.scenarios.strategies import rates, spans, values, vols, years


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


def test_one_simulated_path_is_enough():
    assert scenarios.simulate(4.97, 2025, 2030, 0.1, 0.1, n_paths=1).shape == (1, 6)

"""partnership.scenarios.checks: impossible input is refused naming the argument, the reason and the values."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnership import scenarios
from tests.scenarios.strategies import PROPERTY

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

"""partnership.scenarios.setup: the page's Setup, slider ranges, rate and gap texts and results table."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnership import data, scenarios
from tests.scenarios.strategies import PROPERTY


@pytest.fixture(scope="module")
def page_setup():
    trade_df = data.load("trade")
    headline = scenarios.headline_by_year(trade_df)
    return scenarios.make_setup(headline, scenarios.default_base(trade_df), 10.0, 2030, 2035, 2021, "https://example.org/t")


def test_make_setup_checks_and_measures_the_trend(page_setup):
    assert (page_setup.base_value, page_setup.base_year, page_setup.horizon) == (4.97, 2025, 2035)
    assert page_setup.trend_span == (2021, 2025)
    assert page_setup.trend == pytest.approx(0.062, abs=5e-4)
    assert page_setup.required == pytest.approx(scenarios.required_cagr(4.97, 2025, 10.0, 2030))
    trade_df = data.load("trade")
    headline = scenarios.headline_by_year(trade_df)
    with pytest.raises(scenarios.ScenarioInputError) as error:
        scenarios.make_setup(headline, scenarios.default_base(trade_df), 10.0, 2020, 2035, 2021)
    assert (error.value.argument, error.value.reason) == ("target_year", "after")


def test_scenario_from_inputs_names_and_rates(page_setup):
    trend = scenarios.scenario_from_inputs(page_setup, 1, "  ", "trend", None, "ru")
    assert (trend.name, trend.growth) == ("Тренд", page_setup.trend)
    custom = scenarios.scenario_from_inputs(page_setup, 3, "Mine", "custom", None, "en")
    assert (custom.name, custom.growth) == ("Mine", scenarios.DEFAULT_CUSTOM_GROWTH / 100)
    assert scenarios.scenario_from_inputs(page_setup, 2, "", "custom", 2.5, "en").growth == pytest.approx(0.025)
    assert scenarios.scenario_from_inputs(page_setup, 2, "", "required", 2.5, "en").growth == page_setup.required


def test_rate_and_gap_texts():
    assert scenarios.rate_text(0.150081, "required", "en") == "+15.01%"
    assert scenarios.rate_text(0.062, "trend", "ru") == "+6,2\xa0%"
    assert scenarios.gap_text(-0.004, "en") == "−$0.004 bn"
    assert scenarios.gap_text(0.0, "ru") == "+0,00 млрд $"
    assert scenarios.gap_text(2.37, "en") == "+$2.37 bn"


def test_results_table_in_the_page_language(page_setup):
    chosen = [scenarios.Scenario("A*", "custom", 0.20), scenarios.Scenario("B", "required", page_setup.required)]
    summary = scenarios.summarize(4.97, 2025, chosen, 10.0, 2030, 2035)
    table = scenarios.results_table(summary, [0.5, 1.0], page_setup, 11.5, "en")
    assert list(table)[-1] == "Probability of reaching the target by 2030 (volatility 11.5%)"
    rows = list(zip(*table.values(), strict=True))
    assert rows[0] == ("1\\. A\\*", "+20.0%", "$12.37 bn", "+$2.37 bn", "in 2029", "**50.0%**")
    assert rows[1][1:] == ("+15.01%", "$10.00 bn", "+$0.00 bn", "in 2030", "**100.0%**")


def test_slider_ranges_bound_to_slider_pct():
    assert scenarios.to_slider_pct(0.1166, scenarios.VOLATILITY_SLIDER) == 11.5
    assert scenarios.to_slider_pct(-0.5, scenarios.VOLATILITY_SLIDER) == scenarios.VOLATILITY_SLIDER.low
    assert scenarios.to_slider_pct(0.9) == scenarios.GROWTH_SLIDER.high


def test_error_text_names_the_fields_and_values_in_the_language(page_setup):
    with pytest.raises(scenarios.ScenarioInputError) as info:
        scenarios.required_cagr(4.97, 2025, 10, 2024)
    assert scenarios.error_text(info.value, "en") == '"Target year" (2024) must be after "Starting year" (2025).'
    assert scenarios.error_text(info.value, "ru") == "«Год цели» (2024) должен быть позже, чем «Год отправной точки» (2025)."
    headline = scenarios.headline_by_year(data.load("trade"))
    with pytest.raises(scenarios.ScenarioInputError) as info:
        scenarios.trend_growth(headline, 2025)
    assert scenarios.error_text(info.value, "en") == (
        '"Trend period" (2025) must be before the latest year with a full-year figure (2025).'
    )
    with pytest.raises(scenarios.ScenarioInputError) as info:
        scenarios.project(0.0, 2025, 0.1, 2030)
    assert scenarios.error_text(info.value, "en") == '"Starting point": a positive number is needed, got 0.'
    assert scenarios.error_text(info.value, "ru") == "«Отправная точка»: нужно положительное число, сейчас 0."


def test_results_table_headers_and_a_scenario_that_misses_the_target(page_setup):
    chosen = [scenarios.Scenario("Slow", "custom", 0.01)]
    summary = scenarios.summarize(4.97, 2025, chosen, 10.0, 2030, 2035)
    table = scenarios.results_table(summary, [0.0], page_setup, 12.0, "ru")
    assert list(table) == [
        "Сценарий",
        "Темп роста в год",
        "Товарооборот в 2030 году",
        "Разница с целью",
        "Цель достигнута",
        "Вероятность достичь цели к 2030 году (волатильность 12,0\xa0%)",
    ]
    english = scenarios.results_table(summary, [0.0], page_setup, 12.0, "en")
    assert list(english)[-1] == "Probability of reaching the target by 2030 (volatility 12.0%)"
    assert english["Target reached"] == ["not by 2035"]  # the horizon, not the target year
    assert english["Scenario"] == ["1\\. Slow"]


def test_gap_text_shows_a_third_decimal_only_below_half_a_cent():
    assert scenarios.gap_text(0.004, "en") == "+$0.004 bn"
    assert scenarios.gap_text(-0.005, "en") == "−$0.01 bn"  # half a cent rounds to a visible 0.01
    assert scenarios.gap_text(0.5, "en") == "+$0.50 bn"


def test_setup_keeps_the_sources_and_a_missing_trend_refuses_the_trend_preset(page_setup):
    assert page_setup.base_url == str(scenarios.default_base(data.load("trade"))["source_url"])
    assert page_setup.base_url.startswith("https://")
    assert page_setup.target_url == "https://example.org/t"
    assert scenarios.default_name(1, "en") == "Trend" and scenarios.default_name(2, "en") == "Required rate"
    assert scenarios.scenario_from_inputs(page_setup, 1, "", "trend", None, "en").name == "Trend"
    no_trend = scenarios.Setup(4.97, 2025, "https://a.uz/", 10.0, 2030, 2035)
    custom = scenarios.scenario_from_inputs(no_trend, 3, "", "custom", 5.0, "en")
    assert (custom.name, custom.growth) == ("Custom", 0.05)
    with pytest.raises(scenarios.ScenarioInputError) as error:
        scenarios.scenario_from_inputs(no_trend, 1, "", "trend", None, "en")
    assert (error.value.argument, error.value.reason) == ("growth", "growth")
    assert math.isnan(error.value.details["value"])  # the page says "got nan": no trend was measured


def test_yearly_table_in_the_page_language_with_empty_cells_for_missing_years():
    values = pd.DataFrame(
        {"year": [2024, 2025, 2026], "history": [4.3, float("nan"), float("nan")], "1. *Plan*": [4.3, 4.7301, 1234.5]}
    )
    assert scenarios.yearly_table(values, "ru") == {
        "Год": ["2024", "2025", "2026"],
        "История": ["4,30", "", ""],
        "1\\. \\*Plan\\*": ["4,30", "4,73", "1\u00a0234,50"],
    }
    english = scenarios.yearly_table(values, "en")
    assert list(english) == ["Year", "History", "1\\. \\*Plan\\*"]
    assert english["1\\. \\*Plan\\*"] == ["4.30", "4.73", "1,234.50"]


@PROPERTY
@given(st.floats(min_value=-0.5, max_value=0.5, allow_nan=False))
def test_slider_percent_is_on_the_step_and_in_range(rate):
    shown = scenarios.to_slider_pct(rate)
    assert -10.0 <= shown <= 30.0
    assert (shown / 0.5) == pytest.approx(round(shown / 0.5))
    if -0.1 <= rate <= 0.3:
        assert abs(shown - rate * 100) <= 0.25 + 1e-9

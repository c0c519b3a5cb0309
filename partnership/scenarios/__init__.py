"""Growth scenarios for the turnover target: constant-growth paths, trend and volatility from the
full-year figures in data/, and a Monte Carlo of annual growth.

Conventions
-----------
- Rates are fractions (0.15 = 15 % a year), values USD billion, years calendar years.
- Impossible input (a value ≤ 0, a target year before the start year, a negative volatility, …)
  raises `ScenarioInputError`, a ValueError whose message names the argument and says why;
  `.argument` holds the argument's name and `.reason`/`.details` let a page translate it.

Modules: `growth` (constant growth, named scenarios), `monte_carlo` (simulated paths, probability,
fan), `history` (which figures the history uses: headline, trend, volatility, base figures),
`setup` (what the Scenarios page computes from its inputs), `checks` (the input checks).
Every public name of them is importable from here.
"""

from __future__ import annotations

from partnership.scenarios.checks import (
    ScenarioInputError,
)
from partnership.scenarios.growth import (
    LAST_YEAR,
    MAX_SCENARIOS,
    PRESETS,
    Scenario,
    paths_table,
    project,
    required_cagr,
    scenario_growth,
    summarize,
    validate_setup,
    year_reached,
    yearly_values,
)
from partnership.scenarios.history import (
    HEADLINE_COLUMNS,
    base_options,
    default_base,
    default_trend_start,
    default_volatility,
    gaps,
    headline_by_year,
    historical_volatility,
    trend_growth,
    trend_starts,
    yearly_growth,
)
from partnership.scenarios.monte_carlo import (
    FAN_QUANTILES,
    N_PATHS,
    SEED,
    fan,
    probability_of_target,
    simulate,
)
from partnership.scenarios.setup import (
    DEFAULT_CUSTOM_GROWTH,
    GROWTH_SLIDER,
    VOLATILITY_SLIDER,
    Setup,
    SliderRange,
    default_name,
    error_text,
    fan_data,
    gap_text,
    growth_from_text,
    make_setup,
    paths_data,
    rate_text,
    results_table,
    scenario_from_inputs,
    slider_values,
    to_slider_pct,
    yearly_table,
)

__all__ = [
    "fan_data",
    "paths_data",
    "growth_from_text",
    "slider_values",
    "error_text",
    "DEFAULT_CUSTOM_GROWTH",
    "FAN_QUANTILES",
    "GROWTH_SLIDER",
    "HEADLINE_COLUMNS",
    "LAST_YEAR",
    "MAX_SCENARIOS",
    "N_PATHS",
    "PRESETS",
    "SEED",
    "Scenario",
    "ScenarioInputError",
    "Setup",
    "SliderRange",
    "VOLATILITY_SLIDER",
    "base_options",
    "default_base",
    "default_name",
    "default_trend_start",
    "default_volatility",
    "fan",
    "gap_text",
    "gaps",
    "headline_by_year",
    "historical_volatility",
    "make_setup",
    "paths_table",
    "probability_of_target",
    "project",
    "rate_text",
    "required_cagr",
    "results_table",
    "scenario_from_inputs",
    "scenario_growth",
    "simulate",
    "summarize",
    "to_slider_pct",
    "trend_growth",
    "trend_starts",
    "validate_setup",
    "year_reached",
    "yearly_growth",
    "yearly_table",
    "yearly_values",
]

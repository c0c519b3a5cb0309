"""The Monte Carlo of annual growth: simulated paths, the probability of reaching a target, the fan.

`simulate` draws each year's growth factor 1 + g independently from a lognormal distribution with
mean 1 + mean_growth and standard deviation `volatility`: values stay positive, the *average* path
equals `growth.project(..., mean_growth, ...)`, and volatility 0 gives exactly that path. The median
path lies a little below the average one. Draws come from numpy's default generator with a fixed
seed, so the same inputs give the same numbers.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from partnership.scenarios.checks import (
    REACHED_TOLERANCE,
    ScenarioInputError,
    check_count,
    check_growth,
    check_non_negative,
    check_not_before,
    check_positive,
    check_year,
    is_number,
)

N_PATHS = 10_000
SEED = 0
FAN_QUANTILES = (0.1, 0.25, 0.5, 0.75, 0.9)


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
    start_value = check_positive("start_value", start_value)
    start_year = check_year("start_year", start_year)
    end_year = check_year("end_year", end_year)
    check_not_before("end_year", end_year, "start_year", start_year)
    mean_growth = check_growth("mean_growth", mean_growth)
    volatility = check_non_negative("volatility", volatility)
    n_paths = check_count("n_paths", n_paths)
    if not (is_number(seed) and math.isfinite(seed) and float(seed).is_integer() and seed >= 0):
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
    target_value = check_positive("target_value", target_value)
    start_year = check_year("start_year", start_year)
    target_year = check_year("target_year", target_year)
    check_not_before("target_year", target_year, "start_year", start_year)
    paths = simulate(start_value, start_year, target_year, mean_growth, volatility, n_paths, seed)
    reached = (paths >= target_value * (1 - REACHED_TOLERANCE)).any(axis=1)
    return float(reached.mean())


def fan(paths: np.ndarray, start_year: int, quantiles: tuple[float, ...] = FAN_QUANTILES) -> pd.DataFrame:
    """Quantiles of simulated paths per year: index year, one column per quantile (0.1, 0.25, …)."""
    start_year = check_year("start_year", start_year)
    values = np.quantile(np.asarray(paths, dtype=float), quantiles, axis=0).T
    years = pd.RangeIndex(start_year, start_year + values.shape[0], name="year")
    return pd.DataFrame(values, index=years, columns=list(quantiles))

"""Growth arithmetic for the $10 bn target: required growth, constant-growth paths.

All rates are fractions (0.15 = 15 % a year). Impossible input raises ValueError
naming the argument, so a page can show it as a message.
"""

from __future__ import annotations

import math

import pandas as pd


def _check_positive(name: str, value: float) -> None:
    if not (isinstance(value, (int, float)) and math.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a positive number, got {value!r}")


def _check_growth(name: str, value: float) -> None:
    if not (isinstance(value, (int, float)) and math.isfinite(value) and value > -1):
        raise ValueError(f"{name} must be a growth rate above -100 %, got {value!r}")


def required_cagr(start_value: float, start_year: int, target_value: float, target_year: int) -> float:
    """Constant annual growth that takes start_value in start_year to target_value in target_year."""
    _check_positive("start_value", start_value)
    _check_positive("target_value", target_value)
    if target_year <= start_year:
        raise ValueError(f"target_year ({target_year}) must be after start_year ({start_year})")
    return (target_value / start_value) ** (1 / (target_year - start_year)) - 1


def project(start_value: float, start_year: int, cagr: float, end_year: int) -> pd.Series:
    """Values at constant growth, indexed by year from start_year to end_year inclusive."""
    _check_positive("start_value", start_value)
    _check_growth("cagr", cagr)
    if end_year < start_year:
        raise ValueError(f"end_year ({end_year}) must not be before start_year ({start_year})")
    years = pd.RangeIndex(start_year, end_year + 1, name="year")
    return pd.Series(start_value * (1 + cagr) ** (years - start_year), index=years, name="turnover_usd_bn")


def year_reached(start_value: float, start_year: int, cagr: float, target_value: float, last_year: int = 2035) -> int | None:
    """First year at or above target_value on the constant-growth path, or None if not by last_year."""
    path = project(start_value, start_year, cagr, max(last_year, start_year))
    # A relative tolerance keeps a path computed at exactly the required rate from missing by rounding.
    reached = path[path >= target_value * (1 - 1e-12)]
    return int(reached.index[0]) if len(reached) else None

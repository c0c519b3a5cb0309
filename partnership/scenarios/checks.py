"""Input checks of the scenario functions: an impossible input raises ScenarioInputError naming the argument."""

from __future__ import annotations

import math
import numbers

import numpy as np

# A path computed at exactly the required rate must not miss the target by floating-point rounding.
REACHED_TOLERANCE = 1e-12

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


def is_number(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def check_number(name: str, value: object) -> float:
    if not (is_number(value) and math.isfinite(value)):
        raise ScenarioInputError(name, "number", value=value)
    return float(value)


def check_positive(name: str, value: object) -> float:
    if not (is_number(value) and math.isfinite(value) and value > 0):
        raise ScenarioInputError(name, "positive", value=value)
    return float(value)


def check_growth(name: str, value: object) -> float:
    if not (is_number(value) and math.isfinite(value) and value > -1):
        raise ScenarioInputError(name, "growth", value=value)
    return float(value)


def check_non_negative(name: str, value: object) -> float:
    if not (is_number(value) and math.isfinite(value) and value >= 0):
        raise ScenarioInputError(name, "non_negative", value=value)
    return float(value)


def check_year(name: str, value: object) -> int:
    if not (is_number(value) and math.isfinite(value) and float(value).is_integer()):
        raise ScenarioInputError(name, "year", value=value)
    return int(value)


def check_count(name: str, value: object) -> int:
    if not (is_number(value) and math.isfinite(value) and float(value).is_integer() and value >= 1):
        raise ScenarioInputError(name, "count", value=value)
    return int(value)


def check_after(name: str, year: int, other_name: str, other: int) -> None:
    if year <= other:
        raise ScenarioInputError(name, "after", value=year, other_name=other_name, other=other)


def check_not_before(name: str, year: int, other_name: str, other: int) -> None:
    if year < other:
        raise ScenarioInputError(name, "not_before", value=year, other_name=other_name, other=other)

"""The Scenarios page's inputs read from a URL's query parameters, as its widgets read them.

The page binds every widget to the URL (app_pages/scenarios/widgets.py), and a bound widget writes its option's
*label*: the base row's label ("2025 · 4.97 · ru.trend.az"), the trend period as "2021–2025", the
preset as its icon (`PRESET_ICONS`), numbers as text. `from_query` reads such a query into the
`Setup` and scenarios the page would show, without Streamlit, so an embedded chart (or any script)
draws the same paths. A value a widget would not accept (unknown label, out of range, not a number)
falls back to the widget's default, as Streamlit does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from partnership.scenarios.growth import LAST_YEAR, MAX_SCENARIOS, PRESETS, Scenario
from partnership.scenarios.history import base_options, default_base, default_trend_start, default_volatility, trend_starts
from partnership.scenarios.setup import (
    VOLATILITY_SLIDER,
    Setup,
    growth_from_text,
    make_setup,
    scenario_from_inputs,
    to_slider_pct,
)

# The preset control's option labels (icons, the same in every language): what the URL holds.
PRESET_ICONS = {"trend": ":material/trending_up:", "required": ":material/flag:", "custom": ":material/tune:"}
NAME_CHARS = 40  # the name field's max_chars

Query = Mapping[str, str | Sequence[str]]


@dataclass(frozen=True)
class ScenarioQuery:
    """What the page shows for a query: the checked setup and the chosen scenarios, in card order; the
    volatility (a fraction) and the scenario the fan shows (1-based)."""

    setup: Setup
    scenarios: list[Scenario]
    volatility: float
    fan_for: int


def _value(query: Query, key: str) -> str | None:
    value = query.get(key)
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else None
    return value if isinstance(value, str) and value != "" else None


def _number(query: Query, key: str, default: float, low: float, high: float) -> float:
    try:
        number = float(_value(query, key) or "nan")
    except ValueError:
        return default
    return number if low <= number <= high else default


def _integer(query: Query, key: str, default: int, low: int, high: int) -> int:
    number = _number(query, key, default, low, high)
    return int(number) if float(number).is_integer() else default


def _span_start(query: Query, headline: pd.DataFrame) -> int:
    starts, latest = trend_starts(headline), int(headline["year"].max())
    labels = {f"{year}–{latest}": year for year in starts}
    return labels.get(_value(query, "span") or "", default_trend_start(headline))


def _preset(query: Query, index: int) -> str:
    given = _value(query, f"preset{index}")
    by_label = {icon: preset for preset, icon in PRESET_ICONS.items()}
    return by_label.get(given or "", PRESETS[index - 1])


def from_query(trade: pd.DataFrame, headline: pd.DataFrame, target_row: pd.Series, query: Query, lang: str) -> ScenarioQuery:
    """The page's setup and scenarios for `query` (a URL's parameters: one value or a list per key).

    `headline` is scenarios.headline_by_year(trade), `target_row` kpis.current_target(targets).
    Raises ScenarioInputError for inputs the page also refuses (a target year before the base year…).
    """
    options = base_options(trade)
    chosen = options[options["label"] == _value(query, "base")]
    base = chosen.iloc[0] if len(chosen) else default_base(trade)
    first_year = int(headline["year"].min())
    target_value = _number(query, "target", float(target_row["target_usd_bn"]), 0.0, float("inf"))
    target_year = _integer(query, "target_year", int(target_row["target_year"]), first_year, LAST_YEAR)
    horizon = _integer(query, "horizon", LAST_YEAR, first_year, LAST_YEAR)
    setup = make_setup(headline, base, target_value, target_year, horizon, _span_start(query, headline), target_row["source_url"])
    count = _integer(query, "n", MAX_SCENARIOS, 1, MAX_SCENARIOS)
    scenarios = []
    for index in range(1, count + 1):
        name = (_value(query, f"name{index}") or "")[:NAME_CHARS]
        preset = _preset(query, index)
        growth = growth_from_text(_value(query, f"growth{index}"))  # None: the slider's default
        scenarios.append(scenario_from_inputs(setup, index, name, preset, growth if preset == "custom" else None, lang))
    default_vol = to_slider_pct(default_volatility(headline), VOLATILITY_SLIDER)
    volatility = _number(query, "vol", default_vol, VOLATILITY_SLIDER.low, VOLATILITY_SLIDER.high) / 100
    return ScenarioQuery(setup, scenarios, volatility, _integer(query, "fan", 1, 1, count))

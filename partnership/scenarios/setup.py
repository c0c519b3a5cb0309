"""What the Scenarios page computes from its inputs, in the page's language.

`Setup` is the checked starting point, target, horizon and trend every scenario and chart shares;
the slider ranges are the page's and `to_slider_pct`'s; the scenario from a card's inputs, the
rate and gap texts and the results table are what the page shows.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from partnership.i18n import fmt_number, fmt_pct, fmt_usd_bn, t
from partnership.scenarios.checks import ScenarioInputError, check_number
from partnership.scenarios.growth import PRESETS, Scenario, required_cagr, scenario_growth, validate_setup
from partnership.scenarios.history import trend_growth
from partnership.text import escape_markdown


@dataclass(frozen=True)
class SliderRange:
    """A slider's range and step, in percent."""

    low: float
    high: float
    step: float


GROWTH_SLIDER = SliderRange(-10.0, 30.0, 0.5)  # % a year
VOLATILITY_SLIDER = SliderRange(0.0, 30.0, 0.5)  # % a year
DEFAULT_CUSTOM_GROWTH = 10.0  # where a fresh "custom" slider starts, % a year (a UI default, not a fact)


def slider_values(slider: SliderRange = GROWTH_SLIDER) -> list[float]:
    """Every position of a slider, in percent, low to high (the explorer's rows)."""
    count = round((slider.high - slider.low) / slider.step)
    return [round(slider.low + k * slider.step, 10) for k in range(count + 1)]


def growth_from_text(text: object, slider: SliderRange = GROWTH_SLIDER) -> float | None:
    """A custom growth from a link's `growthN=` value, in percent; None unless it is a position of the slider.

    Links written before the explorer carry the same values ("12.5", "10.0"), so they keep working.
    """
    try:
        value = float(str(text).strip())
    except ValueError:
        return None
    if not slider.low <= value <= slider.high:
        return None
    steps = (value - slider.low) / slider.step
    return round(slider.low + round(steps) * slider.step, 10) if abs(steps - round(steps)) < 1e-9 else None


def to_slider_pct(rate: float, slider: SliderRange = GROWTH_SLIDER) -> float:
    """A rate (fraction) in percent, rounded to a slider's step and kept inside its range."""
    rate = check_number("rate", rate)
    return float(min(max(round(rate * 100 / slider.step) * slider.step, slider.low), slider.high))


@dataclass(frozen=True)
class Setup:
    """The starting point, the target and the horizon every scenario and chart of the page shares.

    `trend_span` (first, latest year) and `trend` (its constant annual growth) are set when the page
    measured a trend; `target_url` is the target's source.
    """

    base_value: float
    base_year: int
    base_url: str
    target_value: float
    target_year: int
    horizon: int
    trend_span: tuple[int, int] | None = None
    trend: float | None = None
    target_url: str | None = None

    @property
    def required(self) -> float:
        """The constant growth that reaches the target in the target year."""
        return required_cagr(self.base_value, self.base_year, self.target_value, self.target_year)


def make_setup(
    headline: pd.DataFrame,
    base: pd.Series,
    target_value: float,
    target_year: int,
    horizon: int,
    span_start: int,
    target_url: str | None = None,
) -> Setup:
    """The page's Setup from the chosen base row (a history.base_options row) and inputs.

    Raises ScenarioInputError naming the first impossible input (base, target, horizon, then the trend span).
    """
    base_value, base_year = float(base["turnover_usd_bn"]), int(base["year"])
    validate_setup(base_value, base_year, target_value, target_year, horizon)
    trend = trend_growth(headline, span_start)
    latest = int(headline["year"].max())
    return Setup(
        base_value,
        base_year,
        str(base["source_url"]),
        target_value,
        target_year,
        horizon,
        (span_start, latest),
        trend,
        target_url,
    )


def default_name(index: int, lang: str) -> str:
    """Scenario `index`'s (1-based) name when the reader gives none: its default preset's name."""
    return t(f"scenarios.default_name.{PRESETS[index - 1]}", lang)


def scenario_from_inputs(setup: Setup, index: int, name: str, preset: str, custom_pct: float | None, lang: str) -> Scenario:
    """Scenario `index` from its card: name (blank: the default), preset, custom rate in % (None: the slider's default)."""
    custom = (DEFAULT_CUSTOM_GROWTH if custom_pct is None else custom_pct) / 100
    trend = setup.trend if setup.trend is not None else float("nan")
    return Scenario(name.strip() or default_name(index, lang), preset, scenario_growth(preset, trend, setup.required, custom))


def rate_text(growth: float, preset: str | None, lang: str) -> str:
    """A growth rate as the page shows it: 0.1 pp, the exact required rate to 0.01 pp."""
    return fmt_pct(growth * 100, lang, digits=2 if preset == "required" else 1, signed=True)


def gap_text(gap: float, lang: str) -> str:
    """'+1,23 млрд $' / '−0,004 млрд $': signed, with a third decimal where two would show a gap as zero."""
    digits = 3 if 0 < abs(gap) < 0.005 else 2
    return ("+" if gap >= 0 else "−") + fmt_usd_bn(abs(gap), lang, digits=digits)


def results_table(
    summary: pd.DataFrame, probabilities: list[float], setup: Setup, vol_pct: float, lang: str
) -> dict[str, list[str]]:
    """Per scenario (growth.summarize rows): name, rate, value in the target year, gap, year reached, probability.

    Column headers and cells in `lang`; cells are Markdown (names escaped, the probability bold).
    """

    def text(key: str, **values: object) -> str:
        return t(f"scenarios.{key}", lang, **values)

    rows = list(summary.itertuples(index=False))
    return {
        text("column.scenario"): [f"{i}\\. {escape_markdown(row.name)}" for i, row in enumerate(rows, start=1)],
        text("column.rate"): [rate_text(row.growth, row.preset, lang) for row in rows],
        text("column.value_in", year=setup.target_year): [fmt_usd_bn(row.value_at_target_year, lang, digits=2) for row in rows],
        text("column.gap"): [gap_text(row.gap, lang) for row in rows],
        text("column.reached"): [
            text("reached_in", year=int(row.year_reached)) if row.reached else text("not_reached", year=setup.horizon)
            for row in rows
        ],
        text("column.probability", year=setup.target_year, vol=fmt_pct(vol_pct, lang, digits=1)): [
            f"**{fmt_pct(p * 100, lang, digits=1)}**" for p in probabilities
        ],
    }


def yearly_table(values: pd.DataFrame, lang: str) -> dict[str, list[str]]:
    """growth.yearly_values as the page shows it: headers and cells in `lang`, values to two decimals.

    Cells are Markdown: scenario names (user text) are escaped; a year without a figure is an empty cell.
    """

    def header(column: str) -> str:
        if column in ("year", "history"):
            return t(f"scenarios.column.{column}", lang)
        return escape_markdown(column)

    def cell(value: object) -> str:
        return "" if pd.isna(value) else fmt_number(float(value), lang, digits=2)

    table = {header("year"): [str(int(year)) for year in values["year"]]}
    for column in values.columns.drop("year"):
        table[header(column)] = [cell(value) for value in values[column]]
    return table


def paths_data(values: pd.DataFrame, headline: pd.DataFrame, setup: Setup) -> pd.DataFrame:
    """The rows behind the path chart (its CSV): every year's figure, the paths (growth.yearly_values) and the
    target, each with its source (a path's year takes that year's figure's source, if any)."""
    history = headline[["year", "turnover_usd_bn", "source_url"]]
    target = pd.DataFrame({"year": [setup.target_year], "target": [setup.target_value], "source_url": [setup.target_url]})
    return pd.concat([history, values.merge(history[["year", "source_url"]], on="year", how="left"), target])


def fan_data(quantiles: pd.DataFrame, headline: pd.DataFrame) -> pd.DataFrame:
    """The rows behind the fan chart: its quantiles, and the history with its sources."""
    return quantiles.reset_index().merge(headline[["year", "turnover_usd_bn", "source_url"]], on="year", how="outer")


def error_text(error: ScenarioInputError, lang: str) -> str:
    """An impossible scenario input as a sentence in `lang`, naming the field (plain text, no Markdown)."""
    details = {
        key: fmt_number(value, lang) if isinstance(value, float) and value == value else str(value)
        for key, value in error.details.items()
    }
    if "other_name" in error.details:
        details["other_name"] = t(f"scenarios.field.{error.details['other_name']}", lang)
    return t(f"scenarios.error.{error.reason}", lang, field=t(f"scenarios.field.{error.argument}", lang), **details)

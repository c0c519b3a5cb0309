"""The shipped data's headline figures as the pages write them.

UI tests read the numbers they expect from here, i.e. from data/ through partnership's own functions,
so a correction in data/ does not break a test about the page.
"""

from __future__ import annotations

from functools import cache

from babel.numbers import format_decimal

from partnership import data, i18n, kpis, scenarios, trade
from partnership.i18n import fmt_pct, fmt_usd_bn


@cache
def _latest():
    return trade.latest_full_year(data.load("trade"))


def latest_value() -> float:
    """The headline latest full-year turnover, $ bn (4.97 at the time of writing)."""
    return float(_latest()["turnover_usd_bn"])


def latest_year() -> int:
    return int(_latest()["year"])


def latest_usd_bn(lang: str) -> str:
    """The headline figure as a metric shows it: '4,97 млрд $' / '$4.97 bn'."""
    return fmt_usd_bn(latest_value(), lang)


def latest_number(lang: str) -> str:
    """The headline figure as Babel writes the bare number in `lang`: '4,97' / '4.97'."""
    return format_decimal(latest_value(), locale=i18n.babel_locale(lang))


def latest_growth(lang: str) -> str:
    """The growth the headline source states, as the metric's delta: '+11,4 %' / '+11.4%'."""
    return fmt_pct(float(_latest()["growth_reported_pct"]), lang, signed=True)


def target_host() -> str:
    """The current target's source host (the Overview's target card, the Scenarios page's sources)."""
    return str(kpis.current_target(data.load("targets"))["source_url"]).split("/")[2]


def latest_host() -> str:
    """The headline source's host, as the Scenarios page's base option names it."""
    return str(_latest()["source_url"]).split("/")[2]


@cache
def _headline():
    return scenarios.headline_by_year(data.load("trade"))


def trend_span() -> tuple[int, int]:
    """The default trend period of the Scenarios page: (first, latest year)."""
    headline = _headline()
    return scenarios.default_trend_start(headline), int(headline["year"].max())


def trend_rate(lang: str) -> str:
    """The default trend's rate as the page writes it: '+6,2 %'."""
    return scenarios.rate_text(scenarios.trend_growth(_headline(), trend_span()[0]), "trend", lang)


def _setup():
    """The Scenarios page's default setup from the shipped data."""
    trade_df, target = data.load("trade"), kpis.current_target(data.load("targets"))
    return scenarios.make_setup(
        _headline(),
        scenarios.default_base(trade_df),
        float(target["target_usd_bn"]),
        int(target["target_year"]),
        scenarios.LAST_YEAR,
        trend_span()[0],
    )


def required_growth(lang: str) -> str:
    """The Scenarios page's required rate, to 0.01 pp: '+15,01 %' / '+15.01%'."""
    return scenarios.rate_text(_setup().required, "required", lang)


def base_label() -> str:
    """The Scenarios page's default base option, as its selectbox holds it: '2025 · 4.97 · ru.trend.az'."""
    return f"{latest_year()} · {latest_value():g} · {latest_host()}"


def custom_result(growth_pct: float, lang: str) -> list[str]:
    """A custom scenario's cells as the results table writes them: rate, value in the target year, gap, year reached."""
    setup = _setup()
    chosen = [scenarios.Scenario("custom", "custom", growth_pct / 100)]
    summary = scenarios.summarize(setup.base_value, setup.base_year, chosen, setup.target_value, setup.target_year)
    table = scenarios.results_table(summary, [0.0], setup, 0.0, lang)
    return [cells[0] for cells in list(table.values())[1:5]]


def scenario_results(lang: str) -> tuple[list[str], list[list[str]]]:
    """The Scenarios page's default results table from the shipped data: (column headers, rows as read)."""
    headline, setup = _headline(), _setup()
    chosen = [scenarios.scenario_from_inputs(setup, i, "", preset, None, lang) for i, preset in enumerate(scenarios.PRESETS, 1)]
    summary = scenarios.summarize(setup.base_value, setup.base_year, chosen, setup.target_value, setup.target_year)
    vol_pct = scenarios.to_slider_pct(scenarios.default_volatility(headline), scenarios.VOLATILITY_SLIDER)
    key = (setup.base_value, setup.base_year, setup.target_value, setup.target_year)
    shares = [scenarios.probability_of_target(*key, scenario.growth, vol_pct / 100) for scenario in chosen]
    table = scenarios.results_table(summary, shares, setup, vol_pct, lang)
    rows = [[str(cell).replace("**", "").replace("\\", "") for cell in row] for row in zip(*table.values(), strict=True)]
    return list(table), rows


@cache
def _overview() -> dict:
    return kpis.overview(data.load("trade"), data.load("targets"), data.load("projects"))


def required_rate(lang: str) -> str:
    """The growth the current target needs from the headline figure, as the Overview writes it: '15,0 %'."""
    return fmt_pct(_overview()["required_cagr"] * 100, lang, digits=1)


def progress(lang: str) -> str:
    """The headline figure as a share of the current target, as the Overview writes it: '49,7 %'."""
    return fmt_pct(_overview()["progress"] * 100, lang, digits=1)


def headline_years() -> list[int]:
    """The years with a headline full-year figure (the Scenarios page's history)."""
    return [int(year) for year in _headline()["year"]]


def gap_years() -> str:
    """The runs of years without a full-year figure, as the Scenarios page's method names them: '2019'."""
    return ", ".join(f"{a}–{b}" if b > a else str(a) for a, b in scenarios.gaps(_headline()))


def default_volatility_pct() -> float:
    """The volatility slider's default: the historical volatility of the default trend span, on the slider's step."""
    return scenarios.to_slider_pct(scenarios.default_volatility(_headline()), scenarios.VOLATILITY_SLIDER)

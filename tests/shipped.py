"""The shipped data's headline figures as the pages write them.

UI tests read the numbers they expect from here, i.e. from data/ through partnership's own functions,
so a correction in data/ does not break a test about the page.
"""

from __future__ import annotations

from functools import cache

from babel.numbers import format_decimal

from partnership import data, i18n, kpis, projects, scenarios, trade
from partnership.i18n import fmt_pct, fmt_usd_bn, fmt_usd_mn_as_bn, t


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


def year_in_progress() -> int:
    """The year the on-track sentence asks about: after the latest full year, or a later one with part-year figures."""
    return max(int(data.load("trade")["year"].max()), latest_year() + 1)


def latest_number(lang: str) -> str:
    """The headline figure as Babel writes the bare number in `lang`: '4,97' / '4.97'."""
    return format_decimal(latest_value(), locale=i18n.babel_locale(lang))


def latest_growth(lang: str) -> str:
    """The growth the headline source states, as the metric's delta: '+11,4 %' / '+11.4%'."""
    return fmt_pct(float(_latest()["growth_reported_pct"]), lang, signed=True)


@cache
def _target():
    return kpis.current_target(data.load("targets"))


def target_host() -> str:
    """The current target's source host (the Overview's target card, the Scenarios page's sources)."""
    return str(_target()["source_url"]).split("/")[2]


def target_year() -> int:
    """The year of the target in force (2030 at the time of writing)."""
    return int(_target()["target_year"])


def target_value() -> float:
    """The target in force, $ bn (10 at the time of writing)."""
    return float(_target()["target_usd_bn"])


def target_usd_bn(lang: str) -> str:
    """The target in force as the pages write it: '10 млрд $' / '$10 bn'."""
    return fmt_usd_bn(target_value(), lang)


def summit_usd_bn(lang: str) -> str:
    """The figure named at the state visit (the row cited in the article), as the Overview's card writes it: '≈4 млрд $'."""
    return t("overview.approx", lang, value=fmt_usd_bn(float(trade.article_figure(data.load("trade"))["turnover_usd_bn"]), lang))


def summit_growth(lang: str) -> str:
    """The growth the visit's figure states, as the card's delta: '+15 %' / '+15%'."""
    return fmt_pct(float(trade.article_figure(data.load("trade"))["growth_reported_pct"]), lang, signed=True)


def launch_usd_bn(lang: str, which: str = "launch_article") -> str:
    """The joint projects launched, as the Overview's card writes it: the article's count ('1,3 млрд $'), or with
    `which="launch_other"` the other side's count its caption names."""
    return fmt_usd_mn_as_bn(float(_overview()[which]["value_usd_mn"]), lang)


def launch_cards(lang: str) -> list[tuple[str, str]]:
    """The Projects page's launch cards, (label, value), one per side: ('As counted by the Kazakh side', '$1.2 bn')."""
    rows = projects.latest_launch_by_side(data.load("projects")).values()
    return [
        (t("projects.launch_label", lang, side=t(f"projects.side.{row['reporter']}", lang)), projects.value_bn_label(row, lang))
        for row in rows
    ]


def portfolio_range(lang: str) -> str:
    """The Projects page's portfolio card: the range of the latest portfolio figures, '1,7 млрд $ – более 8 млрд $'."""
    span = projects.latest_portfolio_range(data.load("projects"))
    return projects.range_label(span["min"], span["max"], lang)


def disagreements_en() -> list[str]:
    """The years whose full-year figures differ, as the English Trade page lists them: '2022: from $4.6 bn to $5 bn (4 sources)',
    and after a figure stated only as "over X" that it is a lower bound."""
    rows = trade.disagreements(data.load("trade"))
    lines = []
    for _, row in rows.iterrows():
        low, high = fmt_usd_bn(row["min"], "en"), fmt_usd_bn(row["max"], "en")
        bounds = [
            f"; {value} is a lower bound (the source says “over”)"
            for value, over in ((low, row["min_over"]), (high, row["max_over"]))
            if over
        ]
        lines.append(f"{int(row['year'])}: from {low} to {high} ({int(row['count'])} sources)" + "".join(bounds))
    return lines


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

"""Scenarios: growth paths to the target, several scenarios side by side, the probability of reaching it.

Every input is bound to the URL, so a copied link reopens the same scenarios. Bound widgets write
their option's *label* into the URL, so every option label here reads the same in Russian and
English (years, numbers, icons); words live in the widget labels and captions. The URL records
only what the user changed, so every widget has a fixed default (from data/ or a UI constant) and
no widget value is ever set by code: such a value would be on screen but missing from a copied link.
The scenario inputs and their charts run in fragments: moving a slider reruns only that part.
"""

from __future__ import annotations

from types import SimpleNamespace

import streamlit as st

from partnership import kpis, on_track, scenarios
from partnership.charts import scenarios as scenario_charts
from partnership.i18n import fmt_number, fmt_pct, fmt_usd_bn, localized_title, t
from partnership.text import escape_markdown, markdown_link
from partnership.vocabulary import term
from ui import frame

# Option labels of the preset control: icons, the same in every language (see the module docstring).
PRESET_ICONS = {"trend": ":material/trending_up:", "required": ":material/flag:", "custom": ":material/tune:"}
DEFAULT_PRESETS = scenarios.PRESETS  # scenario 1: trend, 2: required, 3: custom
GROWTH_MIN, GROWTH_MAX, GROWTH_STEP = -10.0, 30.0, 0.5  # slider range, % a year
VOL_MIN, VOL_MAX, VOL_STEP = 0.0, 30.0, 0.5
DEFAULT_CUSTOM_GROWTH = 10.0  # where a fresh "custom" slider starts, % a year (a UI default, not a fact)

lang = frame.lang()
title = st.empty()
st.caption(t("scenarios.intro", lang))


def s(key: str, **values: object) -> str:
    return t(f"scenarios.{key}", lang, **values)


def show_error(error: ValueError) -> None:
    """An impossible input as a message in the UI language, naming the field; never a traceback."""
    if isinstance(error, scenarios.ScenarioInputError):
        details = {key: escape_markdown(value) for key, value in error.details.items()}
        if "other_name" in error.details:
            details["other_name"] = escape_markdown(s(f"field.{error.details['other_name']}"))
        text = s(f"error.{error.reason}", field=s(f"field.{error.argument}"), **details)
    else:
        text = escape_markdown(error)
    st.error(f"**{s('error.title')}**\n\n{text}", icon=":material/error:")


loaded = frame.tables("trade", "targets")
if loaded is None:
    st.stop()
trade_df, targets = loaded

headline = scenarios.headline_by_year(trade_df)
try:
    target_row = kpis.current_target(targets)
except LookupError:
    title.title(s("title", target="…"))
    st.warning(s("error.no_target"))
    st.stop()
if headline.empty or not scenarios.trend_starts(headline):
    title.title(s("title", target=fmt_usd_bn(float(target_row["target_usd_bn"]), lang)))
    st.warning(s("error.no_history" if headline.empty else "error.no_trend"))
    st.stop()

# Is the latest year on track? A part of it against the same months of the year before, never a full year.
st.markdown(on_track.sentence(trade_df, targets, lang))

latest_year = int(headline["year"].max())
first_year = int(headline["year"].min())
trend_starts = scenarios.trend_starts(headline)
default_start = scenarios.default_trend_start(headline)
options = scenarios.base_options(trade_df)
labels = list(options["label"])
default_base = scenarios.default_base(trade_df)
default_vol_pct = scenarios.to_slider_pct(scenarios.default_volatility(headline), VOL_STEP, VOL_MIN, VOL_MAX)


# --- Starting point, target, horizon, trend period: the whole page depends on them. -------------------
with st.container(border=True):
    st.subheader(s("setup"))
    c_base, c_value, c_year, c_horizon, c_span = st.columns([3.2, 1.3, 1.2, 1.2, 1.6])
    base_label = c_base.selectbox(
        s("base"), labels, index=labels.index(default_base["label"]), key="base", bind="query-params", help=s("base_help")
    )
    base = options[options["label"] == base_label].iloc[0]
    reporter = term("reporter_detail", base["reporter_detail"], lang) or t(f"reporter.{base['reporter']}", lang)
    c_base.caption(
        s(
            "base_caption",
            value=("≥" if bool(base["lower_bound"]) is True else "") + fmt_usd_bn(float(base["turnover_usd_bn"]), lang),
            year=int(base["year"]),
            reporter=escape_markdown(reporter),
            link=markdown_link(s("source"), base["source_url"]),
        )
    )
    target_value = c_value.number_input(
        s("target_value"),
        min_value=0.0,
        value=float(target_row["target_usd_bn"]),
        step=0.5,
        format="%.1f",
        key="target",
        bind="query-params",
    )
    target_year = c_year.number_input(
        s("target_year"),
        min_value=first_year,
        max_value=scenarios.LAST_YEAR,
        value=int(target_row["target_year"]),
        step=1,
        key="target_year",
        bind="query-params",
    )
    horizon = c_horizon.number_input(
        s("horizon"),
        min_value=first_year,
        max_value=scenarios.LAST_YEAR,
        value=scenarios.LAST_YEAR,
        step=1,
        key="horizon",
        bind="query-params",
    )
    span_start = c_span.selectbox(
        s("span"),
        trend_starts,
        index=trend_starts.index(default_start),
        format_func=lambda year: f"{year}–{latest_year}",
        key="span",
        bind="query-params",
        help=s("span_help"),
    )
    st.caption(
        s(
            "target_caption",
            title=escape_markdown(localized_title(target_row, lang)),
            link=markdown_link(s("source"), target_row["source_url"]),
        )
    )

title.title(s("title", target=fmt_usd_bn(target_value, lang)))
base_value, base_year = float(base["turnover_usd_bn"]), int(base["year"])
try:
    scenarios.validate_setup(base_value, base_year, target_value, target_year, horizon)
    required = scenarios.required_cagr(base_value, base_year, target_value, target_year)
    trend = scenarios.trend_growth(headline, span_start)
except ValueError as error:
    show_error(error)
    st.stop()

ctx = SimpleNamespace(
    base=base,
    base_value=base_value,
    base_year=base_year,
    target_value=target_value,
    target_year=target_year,
    horizon=horizon,
    trend=trend,
    required=required,
    span=(span_start, latest_year),
    target_url=target_row["source_url"],
)


def scenario_values(index: int, name: str, preset: str, custom_pct: float | None) -> scenarios.Scenario:
    """One scenario from its three inputs (the custom rate counts only for the custom preset)."""
    default_name = s(f"default_name.{DEFAULT_PRESETS[index - 1]}")
    custom = (DEFAULT_CUSTOM_GROWTH if custom_pct is None else custom_pct) / 100
    return scenarios.Scenario(
        name.strip() or default_name, preset, scenarios.scenario_growth(preset, ctx.trend, ctx.required, custom)
    )


def scenario_inputs(index: int) -> scenarios.Scenario:
    """One scenario's name, preset and growth slider; returns the scenario."""
    default_preset = DEFAULT_PRESETS[index - 1]
    # Empty by default and named by the placeholder: a constant default keeps the URL in step with the page.
    default_name = s(f"default_name.{default_preset}")
    name = st.text_input(
        s("name", index=index), value="", placeholder=default_name, max_chars=40, key=f"name{index}", bind="query-params"
    )
    preset = st.segmented_control(
        s("preset"),
        scenarios.PRESETS,
        default=default_preset,
        required=True,
        format_func=PRESET_ICONS.get,
        key=f"preset{index}",
        bind="query-params",
        help=s("preset_help"),
        width="stretch",
    )
    custom_pct = None
    if preset == "custom":
        custom_pct = st.slider(
            s("rate_custom"),
            GROWTH_MIN,
            GROWTH_MAX,
            value=DEFAULT_CUSTOM_GROWTH,
            step=GROWTH_STEP,
            format="%.1f %%",
            key=f"growth{index}",
            bind="query-params",
            help=s(
                "growth_help",
                low=fmt_pct(GROWTH_MIN, lang, signed=True),
                high=fmt_pct(GROWTH_MAX, lang, signed=True),
                step=fmt_number(GROWTH_STEP, lang),
            ),
        )
    scenario = scenario_values(index, name, preset, custom_pct)
    if preset != "custom":
        # The slider is not drawn; a hidden bound slider keeps its value and gets it back when shown again.
        st.markdown(s(f"rate_{preset}", rate=rate_text(scenario.growth, preset), start=ctx.span[0], end=ctx.span[1]))
    return scenario


# The Monte Carlo is deterministic (fixed seed): the same inputs give the same numbers, so they are
# computed once per server, not on every slider move (moving scenario 3 leaves 1 and 2 unchanged, and most
# readers look at the same defaults). Errors are not cached; they reach show_error as before.
@st.cache_data(show_spinner=False, max_entries=512)
def probability(base_value: float, base_year: int, target_value: float, target_year: int, growth: float, vol: float) -> float:
    return scenarios.probability_of_target(base_value, base_year, target_value, target_year, growth, vol)


@st.cache_data(show_spinner=False, max_entries=128)
def fan_quantiles(base_value: float, base_year: int, horizon: int, growth: float, vol: float):
    return scenarios.fan(scenarios.simulate(base_value, base_year, horizon, growth, vol), base_year)


def gap_text(gap: float) -> str:
    """'+1,23 млрд $' / '−0,004 млрд $': signed, with a third decimal where two would show a gap as zero."""
    digits = 3 if 0 < abs(gap) < 0.005 else 2
    return ("+" if gap >= 0 else "−") + fmt_usd_bn(abs(gap), lang, digits=digits)


def rate_text(growth: float, preset: str) -> str:
    """A growth rate as the page shows it: 0.1 pp, the exact required rate to 0.01 pp."""
    return fmt_pct(growth * 100, lang, digits=2 if preset == "required" else 1, signed=True)


def paths_section(chosen: list[scenarios.Scenario]):
    """The path chart of `chosen`; (paths, summary, values), or None after showing an error."""
    try:
        paths = scenarios.paths_table(ctx.base_value, ctx.base_year, chosen, ctx.horizon)
        summary = scenarios.summarize(ctx.base_value, ctx.base_year, chosen, ctx.target_value, ctx.target_year, ctx.horizon)
    except ValueError as error:
        show_error(error)
        return None
    values = scenarios.yearly_values(headline, paths)
    frame.chart(
        scenario_charts.paths_chart(
            headline,
            paths,
            summary,
            ctx.base,
            ctx.target_value,
            ctx.target_year,
            lang,
            trend_span=ctx.span,
            target_url=ctx.target_url,
        ),
        key="scenario_chart",
        name="scenarios-paths",
        # The source of each year's figure goes with it, so the chart's CSV names it.
        data=values.merge(headline[["year", "source_url"]], on="year", how="left"),
    )
    return paths, summary, values


# Few elements per run: every element is one message to the browser, and a slider move redraws them all.
@st.fragment
def scenario_section(count: int) -> None:
    """The scenario cards and their chart; the results and the Monte Carlo run in a nested fragment."""
    chosen = []
    for index, column in enumerate(st.columns(count, border=True), start=1):
        with column:
            chosen.append(scenario_inputs(index))
    drawn = paths_section(chosen)
    if drawn is None:
        return
    paths, summary, values = drawn
    results_section(chosen, summary)
    st.subheader(s("table"))
    frame.data_table(
        values,
        name="scenarios-yearly",
        key="scenario_table",
        column_config={
            "year": st.column_config.NumberColumn(s("column.year"), format="%d"),
            "history": st.column_config.NumberColumn(s("column.history"), format="%.2f"),
        }
        | {name: st.column_config.NumberColumn(name, format="%.2f") for name in paths.columns},
    )
    st.caption(s("table_caption"))


@st.fragment
def results_section(chosen: list[scenarios.Scenario], summary) -> None:
    """Per scenario: value in the target year, gap, year reached, probability; then the Monte Carlo fan."""
    st.subheader(s("results"))
    results = st.container()
    st.subheader(s("uncertainty"))
    st.caption(s("uncertainty_intro", n=fmt_number(scenarios.N_PATHS, lang, digits=0), seed=scenarios.SEED))
    left, right = st.columns([2, 1], vertical_alignment="bottom")
    vol_pct = left.slider(
        s("volatility"),
        VOL_MIN,
        VOL_MAX,
        value=default_vol_pct,
        step=VOL_STEP,
        format="%.1f %%",
        key="vol",
        bind="query-params",
        help=s("volatility_help"),
    )
    try:
        history_vol = scenarios.historical_volatility(headline, ctx.span[0])
        left.caption(
            s(
                "volatility_caption",
                start=ctx.span[0],
                end=ctx.span[1],
                value=fmt_pct(history_vol * 100, lang, digits=1),
                count=len(scenarios.yearly_growth(headline, ctx.span[0])),
            )
        )
    except ValueError:
        left.caption(s("volatility_none", start=ctx.span[0], end=ctx.span[1]))
    fan_index = right.segmented_control(
        s("fan_for"),
        list(range(1, len(chosen) + 1)),
        default=1,
        required=True,
        key="fan",
        bind="query-params",
    )
    volatility = vol_pct / 100
    try:
        probabilities = [
            probability(ctx.base_value, ctx.base_year, ctx.target_value, ctx.target_year, scenario.growth, volatility)
            for scenario in chosen
        ]
        selected = chosen[fan_index - 1]
        quantiles = fan_quantiles(ctx.base_value, ctx.base_year, ctx.horizon, selected.growth, volatility)
    except ValueError as error:
        show_error(error)
        return
    probability_column = s("column.probability", year=ctx.target_year, vol=fmt_pct(vol_pct, lang, digits=1))
    results.table(
        {
            s("column.scenario"): [f"{i}\\. {escape_markdown(name)}" for i, name in enumerate(summary["name"], start=1)],
            s("column.rate"): [rate_text(row["growth"], row["preset"]) for _, row in summary.iterrows()],
            s("column.value_in", year=ctx.target_year): [
                fmt_usd_bn(value, lang, digits=2) for value in summary["value_at_target_year"]
            ],
            s("column.gap"): [gap_text(gap) for gap in summary["gap"]],
            s("column.reached"): [
                s("reached_in", year=int(row["year_reached"])) if row["reached"] else s("not_reached", year=ctx.horizon)
                for _, row in summary.iterrows()
            ],
            probability_column: [f"**{fmt_pct(p * 100, lang, digits=1)}**" for p in probabilities],
        },
        hide_index=True,
    )
    results.caption(s("probability_caption", year=ctx.target_year))
    frame.chart(
        scenario_charts.fan_chart(
            headline,
            quantiles,
            scenarios.project(ctx.base_value, ctx.base_year, selected.growth, ctx.horizon),
            ctx.base,
            f"{fan_index}. {selected.name}",
            selected.growth,
            selected.preset,
            volatility,
            probabilities[fan_index - 1],
            ctx.target_value,
            ctx.target_year,
            scenarios.N_PATHS,
            scenarios.SEED,
            lang,
            target_url=ctx.target_url,
        ),
        key="fan_chart",
        name="scenarios-fan",
        data=quantiles.reset_index().merge(headline[["year", "turnover_usd_bn", "source_url"]], on="year", how="outer"),
    )


st.subheader(s("scenarios_header"))
count = st.segmented_control(
    s("count"),
    list(range(1, scenarios.MAX_SCENARIOS + 1)),
    default=scenarios.MAX_SCENARIOS,
    required=True,
    key="n",
    bind="query-params",
)
scenario_section(count)

with st.expander(s("method")):
    missing_years = ", ".join(f"{a}–{b}" if b > a else str(a) for a, b in scenarios.gaps(headline)) or s("no_gaps")
    st.markdown(s("method_text", gaps=missing_years))
    frame.data_table(
        headline.assign(
            reporter=headline["reporter"].map(lambda r: t(f"reporter.{r}", lang)),
            reporter_detail=headline["reporter_detail"].map(lambda d: term("reporter_detail", d, lang)),
        ),
        name="scenarios-history",
        key="scenario_history",
        column_config={c: s(f"column.{c}") for c in headline.columns if c not in ("turnover_usd_bn", "source_url")}
        | {
            "year": st.column_config.NumberColumn(s("column.year"), format="%d"),
            "turnover_usd_bn": st.column_config.NumberColumn(s("column.value"), format="%.2f"),
            "source_url": frame.link_column(lang),
        },
    )
    st.markdown(f"**{s('method_growth')}**")
    growth_rows = scenarios.yearly_growth(headline)
    frame.data_table(
        growth_rows,
        name="scenarios-growth",
        key="scenario_growth",
        column_config={
            "year": st.column_config.NumberColumn(s("column.year"), format="%d"),
            "previous_year": st.column_config.NumberColumn(s("column.previous_year"), format="%d"),
            "value": st.column_config.NumberColumn(s("column.value"), format="%.2f"),
            "previous_value": st.column_config.NumberColumn(s("column.previous_value"), format="%.2f"),
            "growth": st.column_config.NumberColumn(s("column.growth"), format="percent"),
        },
    )

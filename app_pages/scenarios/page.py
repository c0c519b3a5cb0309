"""Scenarios: growth paths to the target, several scenarios side by side, the probability of reaching it.

The widgets (bound to the URL, so a copied link reopens the same scenarios) are in widgets.py beside this script.
The custom growths and the path chart are one explorer element (ui/plotly_element.py with the rows of
partnership/charts/scenario_explorer.py): dragging a growth slider redraws the chart in the browser from
rows the core computed for every position, without a server run; the release writes `growthN` into the
URL and reruns one fragment. That fragment draws everything a growth changes (the explorer, the results
table, the volatility and fan controls, the fan, the yearly table) into containers the page made once
(`Areas`), so the browser redraws only those elements. The scenario cards' names and presets, the headings, captions, export
menus and table downloads are drawn by the page: a new name or preset reruns the page; the menus make
their files from the chart as it is when clicked (export_menu.live_chart_menu), the yearly table's
downloads from the table last shown.
"""

from __future__ import annotations

from functools import partial
from typing import Any, NamedTuple

import pyarrow as pa
import streamlit as st

from app_pages.scenarios import widgets
from partnership import kpis, on_track, scenarios
from partnership.charts import scenario_explorer
from partnership.charts import scenarios as scenario_charts
from partnership.export import provenance
from partnership.i18n import fmt_number, fmt_pct, fmt_usd_bn, t
from ui import export_menu, frame, plotly_element

view = frame.page("scenarios", "trade", "targets", titled=False)
lang, (trade_df, targets), title = view.lang, view.tables, view.heading


def page_text(key: str, **values: object) -> str:
    return t(f"scenarios.{key}", lang, **values)


# The Monte Carlo is deterministic (fixed seed): the same inputs give the same numbers, so they are
# computed once per server, not on every slider move. Errors are not cached; they reach widgets.show_error.
@st.cache_data(show_spinner=False, max_entries=512)
def probability(base_value: float, base_year: int, target_value: float, target_year: int, growth: float, vol: float) -> float:
    return scenarios.probability_of_target(base_value, base_year, target_value, target_year, growth, vol)


@st.cache_data(show_spinner=False, max_entries=128)
def fan_quantiles(base_value: float, base_year: int, horizon: int, growth: float, vol: float):
    return scenarios.fan(scenarios.simulate(base_value, base_year, horizon, growth, vol), base_year)


def probabilities(setup: scenarios.Setup, scenario_list: list[scenarios.Scenario], volatility: float) -> list[float]:
    key = (setup.base_value, setup.base_year, setup.target_value, setup.target_year)
    return [probability(*key, scenario.growth, volatility) for scenario in scenario_list]


def draw_chart(chart, key: str, name: str, data, lang: str, **explorer) -> None:
    """The chart element of a fragment; its export menu (live_chart_menu, made by the page) reads it when clicked.

    After an upload the chart on the page names it, in the footer's colour (its modebar PNG is an export too);
    the menu's files stamp the unstamped figure themselves.
    """
    config = export_menu.plotly_config(name, lang)
    shown = provenance.stamp(chart.figure, export_menu.current_view().provenance(), lang, color=False)
    plotly_element.show(shown, key=key, config=config, unavailable=t("chart.unavailable", lang), **explorer)
    export_menu.remember(key, name, chart, data)


# A slider's rows (81 positions, ~10 ms) depend on the setup, slot, name and language only: once per server, read-only.
@st.cache_resource(show_spinner=False, max_entries=256)
def explorer_rows(setup: scenarios.Setup, slot: int, column: str, lang: str) -> tuple[dict, ...]:
    return scenario_explorer.positions(setup, slot, column, lang)


class Card(NamedTuple):
    """A scenario card as the page drew it: its name and preset (a custom growth is the explorer's slider)."""

    index: int
    name: str
    preset: str


class Areas(NamedTuple):
    """Where the scenario fragment draws, among what the page draws once: the menus, headings, captions, downloads."""

    chart: Any
    results: Any
    volatility: Any
    fan_for: Any
    fan: Any
    yearly: Any


def paths_section(setup: scenarios.Setup, chosen: list[scenarios.Scenario], headline, lang: str) -> tuple | None:
    """The path chart of `chosen`; (its yearly values, the scenarios' summary), or None after showing an error."""
    try:
        paths = scenarios.paths_table(setup.base_value, setup.base_year, chosen, setup.horizon)
        summary = scenarios.summarize(
            setup.base_value, setup.base_year, chosen, setup.target_value, setup.target_year, setup.horizon
        )
    except ValueError as error:
        widgets.show_error(error, lang)
        return None
    values = scenarios.yearly_values(headline, paths)
    # The rows behind the chart, with each year's source, for the briefing (made when asked for).
    data = partial(scenarios.paths_data, values, headline, setup)
    drawn = scenario_charts.drawn_scenarios(paths, summary, setup, lang)
    chart = scenario_charts.paths_figure(headline, setup, drawn, lang)
    uploaded = export_menu.current_view().provenance()
    banner = (provenance.banner_line(uploaded, lang, color=False), provenance.BANNER_LINE_PX) if uploaded else None
    explorer = scenario_explorer.element_data(headline, setup, chosen, drawn, lang, explorer_rows, banner)
    commit = partial(widgets.commit_growth, "scenario_chart")
    draw_chart(chart, "scenario_chart", "scenarios-paths", data, lang, explorer=explorer, on_commit=commit)
    return values, summary


def monte_carlo(
    setup: scenarios.Setup, chosen: list[scenarios.Scenario], vol_pct: float, fan_index: int, lang: str
) -> tuple | None:
    """Each scenario's probability of reaching the target, and the fan of the chosen one (cached per input)."""
    try:
        shares = probabilities(setup, chosen, vol_pct / 100)
        selected = chosen[fan_index - 1]
        quantiles = fan_quantiles(setup.base_value, setup.base_year, setup.horizon, selected.growth, vol_pct / 100)
    except ValueError as error:
        widgets.show_error(error, lang)
        return None
    return shares, selected, quantiles


def fan_figure(headline, quantiles, setup: scenarios.Setup, shown: scenarios.Scenario, vol_pct: float, share: float, lang: str):
    """The fan chart (charts.chart.Chart), built again only when what it shows changes: moving another scenario's
    slider leaves it as it is."""
    memo = st.session_state.setdefault("_scenarios_fan", {})
    inputs = (setup, shown, vol_pct, share, lang)
    if memo.get("inputs") != inputs or memo.get("headline") is not headline:
        figure = scenario_charts.fan_chart(headline, quantiles, setup, shown, vol_pct / 100, share, lang)
        memo.update(inputs=inputs, headline=headline, figure=figure)
    return memo["figure"]


@st.fragment
def scenario_section(
    areas: Areas, setup: scenarios.Setup, cards: list[Card], default_vol: float, headline, latest: dict, lang: str
) -> None:
    """Everything a growth slider changes: the explorer (sliders and path chart), the results, the fan, the yearly table."""
    chosen = [
        scenarios.scenario_from_inputs(setup, card.index, card.name, card.preset, widgets.custom_growth(card.index), lang)
        for card in cards
    ]
    with areas.chart:
        drawn = paths_section(setup, chosen, headline, lang)
    with areas.volatility:
        vol_pct = widgets.volatility_slider(default_vol, lang)
    with areas.fan_for:
        fan_index = st.segmented_control(
            widgets.catalog_text(lang, "fan_for"),
            list(range(1, len(cards) + 1)),
            default=1,
            required=True,
            key="fan",
            bind="query-params",
        )
    if drawn is None:
        return
    values, summary = drawn
    with areas.results:
        computed = monte_carlo(setup, chosen, vol_pct, fan_index, lang)
        if computed is None:
            return
        shares, selected, quantiles = computed
        # Columns of text handed over as an Arrow table: Streamlit sends it as it is (0.03 ms), where a dict
        # goes through a pandas DataFrame first (0.45 ms), on every slider move.
        st.table(pa.table(scenarios.results_table(summary, shares, setup, vol_pct, lang)), hide_index=True)
    with areas.fan:
        shown = scenarios.Scenario(f"{fan_index}. {selected.name}", selected.preset, selected.growth)
        figure = fan_figure(headline, quantiles, setup, shown, vol_pct, shares[fan_index - 1], lang)
        data = partial(scenarios.fan_data, quantiles, headline)
        draw_chart(figure, "fan_chart", "scenarios-fan", data, lang)
    with areas.yearly:
        latest["yearly"] = (values, widgets.yearly_config(values, lang))  # for the downloads
        # A static table (a dozen years): drawn in a fraction of the time of the sortable grid on every move.
        st.table(pa.table(scenarios.yearly_table(values, lang)), hide_index=True)


headline = scenarios.headline_by_year(trade_df)
try:
    target_row = kpis.current_target(targets)
except LookupError:
    title.title(page_text("title", target="…"))
    st.warning(page_text("error.no_target"))
    st.stop()
if headline.empty or not scenarios.trend_starts(headline):
    title.title(page_text("title", target=fmt_usd_bn(float(target_row["target_usd_bn"]), lang)))
    st.warning(page_text("error.no_history" if headline.empty else "error.no_trend"))
    st.stop()

# Is the latest year on track? A part of it against the same months of the year before, never a full year.
st.markdown(on_track.sentence(trade_df, targets, lang))
with st.container(border=True):
    st.subheader(page_text("setup"))
    choice = widgets.setup_inputs(headline, trade_df, target_row, lang)
title.title(page_text("title", target=fmt_usd_bn(choice.target_value, lang)))
try:
    setup = scenarios.make_setup(headline, **choice._asdict(), target_url=target_row["source_url"])
except ValueError as error:
    widgets.show_error(error, lang)
    st.stop()

st.subheader(page_text("scenarios_header"))
count = st.segmented_control(
    page_text("count"),
    list(range(1, scenarios.MAX_SCENARIOS + 1)),
    default=scenarios.MAX_SCENARIOS,
    required=True,
    key="n",
    bind="query-params",
)
cards = []
for index, column in enumerate(st.columns(count, border=True), start=1):
    with column:
        name, preset = widgets.scenario_choice(index, setup, lang)
        cards.append(Card(index, name, preset))
export_menu.live_chart_menu("scenario_chart", "scenarios-paths", lang, export_menu.menu_row("scenario_chart"))
chart = st.container()
st.subheader(page_text("results"))
results = st.container(key="scenario_results")
st.caption(page_text("probability_caption", year=setup.target_year))
st.subheader(page_text("uncertainty"))
st.caption(page_text("uncertainty_intro", n=fmt_number(scenarios.N_PATHS, lang, digits=0), seed=scenarios.SEED))
left, right = st.columns([2, 1], vertical_alignment="bottom")
volatility = left.container()
span = dict(start=choice.span_start, end=setup.trend_span[1])
try:
    history_vol = fmt_pct(scenarios.historical_volatility(headline, span["start"]) * 100, lang, digits=1)
    years_measured = len(scenarios.yearly_growth(headline, span["start"]))
    left.caption(page_text("volatility_caption", **span, value=history_vol, count=years_measured))
except ValueError:
    left.caption(page_text("volatility_none", **span))
export_menu.live_chart_menu("fan_chart", "scenarios-fan", lang, export_menu.menu_row("fan_chart"))
fan = st.container()
st.subheader(page_text("table"))
yearly = st.container()
latest = st.session_state.setdefault("_scenarios_latest", {})
frame.table_downloads(lambda: latest["yearly"], "scenarios-yearly", "scenario_table")
st.caption(page_text("table_caption"))
with st.expander(page_text("method")):
    widgets.method(headline, lang)

default_vol = scenarios.to_slider_pct(scenarios.default_volatility(headline), scenarios.VOLATILITY_SLIDER)
scenario_section(Areas(chart, results, volatility, right, fan, yearly), setup, cards, default_vol, headline, latest, lang)

"""The Scenarios page's widgets: the setup row, a scenario card, the volatility slider, the method, errors.

Every input is bound to the URL (`bind="query-params"`), so a copied link reopens the same scenarios;
the custom growths are the explorer's sliders (not widgets), whose state is the URL's `growthN` itself.
Bound widgets write their option's *label* into the URL, so every option label reads the same in every
language (years, icons); numbers in labels are shown the page's way by locale_widgets.py, which also
reads a link written in another language's numbers; words live in the labels and captions. The URL records only what the
reader changed, so every widget has a fixed default (from data/ or a core constant) and no widget value
is ever set by code: such a value would be on screen but missing from a copied link.
"""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd
import streamlit as st

from app_pages.scenarios import locale_widgets
from partnership import scenarios
from partnership.i18n import fmt_number, fmt_pct, fmt_usd_bn, localized_title, t
from partnership.scenarios import query as scenario_query
from partnership.text import escape_markdown, markdown_link
from partnership.vocabulary import term
from ui import frame

# Option labels of the preset control: icons, the same in every language (see the module docstring); the
# embed view reads a link's presets with the same table (partnership.scenarios.query).
PRESET_ICONS = scenario_query.PRESET_ICONS
GROWTH, VOLATILITY = scenarios.GROWTH_SLIDER, scenarios.VOLATILITY_SLIDER


def catalog_text(lang: str, key: str, **values: object) -> str:
    """A text of the Scenarios page's catalog."""
    return t(f"scenarios.{key}", lang, **values)


def show_error(error: ValueError, lang: str) -> None:
    """An impossible input as a message in the UI language, naming the field; never a traceback."""
    text = scenarios.error_text(error, lang) if isinstance(error, scenarios.ScenarioInputError) else str(error)
    st.error(f"**{catalog_text(lang, 'error.title')}**\n\n{escape_markdown(text)}", icon=":material/error:")


class SetupChoice(NamedTuple):
    """What the reader chose in the setup row; `scenarios.make_setup` turns it into the page's `Setup`."""

    base: pd.Series  # the starting row of data/trade.csv
    target_value: float  # $ bn
    target_year: int
    horizon: int  # the last year the charts draw
    span_start: int  # the first year of the trend period


def setup_inputs(headline: pd.DataFrame, trade_df: pd.DataFrame, target_row: pd.Series, lang: str) -> SetupChoice:
    """The setup row: starting point, target value and year, horizon and trend period, each bound to the URL."""
    options = scenarios.base_options(trade_df)
    labels, starts, latest = list(options["label"]), scenarios.trend_starts(headline), int(headline["year"].max())
    years = dict(min_value=int(headline["year"].min()), max_value=scenarios.LAST_YEAR, step=1, bind="query-params")
    c_base, c_value, c_year, c_horizon, c_span = st.columns([3.2, 1.3, 1.2, 1.2, 1.6])
    default = labels.index(scenarios.default_base(trade_df)["label"])
    with c_base:
        label = locale_widgets.choice(
            catalog_text(lang, "base"),
            labels,
            default,
            lambda option: base_label(option, lang),
            key="base",
            help=catalog_text(lang, "base_help"),
            placeholder=t("streamlit_ui.choose_option", lang),
        )
    base = options[options["label"] == label].iloc[0]
    reporter = term("reporter_detail", base["reporter_detail"], lang) or t(f"reporter.{base['reporter']}", lang)
    value = ("≥" if bool(base["lower_bound"]) is True else "") + fmt_usd_bn(float(base["turnover_usd_bn"]), lang)
    link = markdown_link(catalog_text(lang, "source"), base["source_url"])
    c_base.caption(
        catalog_text(lang, "base_caption", value=value, year=int(base["year"]), reporter=escape_markdown(reporter), link=link)
    )
    with c_value:
        target_value = locale_widgets.number_input(
            catalog_text(lang, "target_value"),
            float(target_row["target_usd_bn"]),
            lang,
            key="target",
            invalid=lambda text: catalog_text(lang, "error.number", field=catalog_text(lang, "target_value"), value=text),
        )
    target_year = c_year.number_input(
        catalog_text(lang, "target_year"), value=int(target_row["target_year"]), key="target_year", **years
    )
    horizon = c_horizon.number_input(catalog_text(lang, "horizon"), value=scenarios.LAST_YEAR, key="horizon", **years)
    span_start = c_span.selectbox(
        catalog_text(lang, "span"),
        starts,
        index=starts.index(scenarios.default_trend_start(headline)),
        format_func=lambda year: f"{year}–{latest}",
        placeholder=t("streamlit_ui.choose_option", lang),
        key="span",
        bind="query-params",
        help=catalog_text(lang, "span_help"),
    )
    title_text = escape_markdown(localized_title(target_row, lang))
    st.caption(
        catalog_text(
            lang, "target_caption", title=title_text, link=markdown_link(catalog_text(lang, "source"), target_row["source_url"])
        )
    )
    return SetupChoice(base, target_value, int(target_year), int(horizon), int(span_start))


def scenario_choice(index: int, setup: scenarios.Setup, lang: str) -> tuple[str, str]:
    """One scenario's name and preset (drawn by the page); for trend and required, the rate it uses. (name, preset).

    The custom preset's growth is set on the explorer's slider above the path chart (drawn by the page's
    fragment): a release reruns only that fragment, while a new name or preset reruns the page.
    """
    preset_default = scenarios.PRESETS[index - 1]
    # Empty by default and named by the placeholder: a constant default keeps the URL in step with the page.
    name = st.text_input(
        catalog_text(lang, "name", index=index),
        value="",
        placeholder=scenarios.default_name(index, lang),
        max_chars=40,
        key=f"name{index}",
        bind="query-params",
    )
    preset = st.segmented_control(
        catalog_text(lang, "preset"),
        scenarios.PRESETS,
        default=preset_default,
        required=True,
        format_func=PRESET_ICONS.get,
        key=f"preset{index}",
        bind="query-params",
        help=catalog_text(lang, "preset_help"),
        width="stretch",
    )
    if preset == "custom":
        st.caption(catalog_text(lang, "rate_custom_where"))
        link_notice(index, lang)
    else:
        # The URL keeps a custom growth while another preset is chosen: choosing "custom" again brings it back.
        growth = scenarios.scenario_from_inputs(setup, index, name, preset, None, lang).growth
        rate = scenarios.rate_text(growth, preset, lang)
        st.markdown(catalog_text(lang, f"rate_{preset}", rate=rate, start=setup.trend_span[0], end=setup.trend_span[1]))
    return name, preset


def custom_growth(index: int) -> float | None:
    """Scenario `index`'s custom growth in % from the URL (`growthN`), None when the link has none or an impossible one.

    The explorer's sliders are not Streamlit widgets: the URL is their state. `commit_growth` writes it.
    """
    text = st.query_params.get(f"growth{index}")
    return None if text is None else scenarios.growth_from_text(text)


def link_notice(index: int, lang: str) -> None:
    """Say so when the link's growth for scenario `index` could not be used (the slider then starts at the default)."""
    text = st.query_params.get(f"growth{index}")
    if text is None or scenarios.growth_from_text(text) is not None:
        return
    st.caption(
        catalog_text(
            lang,
            "growth_link_ignored",
            index=index,
            value=escape_markdown(text[:20]),
            low=fmt_pct(GROWTH.low, lang, signed=True),
            high=fmt_pct(GROWTH.high, lang, signed=True),
            step=fmt_number(GROWTH.step, lang),
            default=fmt_pct(scenarios.DEFAULT_CUSTOM_GROWTH, lang, signed=True),
        )
    )


def commit_growth(key: str) -> None:
    """The explorer's release (its `commit` trigger {"index", "value"}): the new growth goes into the URL.

    Runs before the fragment's rerun, which then reads it (`custom_growth`). The default is not written,
    as a bound widget at its default is not: the URL records what the reader changed.
    """
    event = (st.session_state.get(key) or {}).get("commit")
    if not isinstance(event, dict) or event.get("index") not in range(1, scenarios.MAX_SCENARIOS + 1):
        return
    value = scenarios.growth_from_text(event.get("value"))
    if value is None:
        return
    name = f"growth{event['index']}"
    if value == scenarios.DEFAULT_CUSTOM_GROWTH:
        st.query_params.pop(name, None)
    else:
        st.query_params[name] = str(value)


def base_label(option: str, lang: str) -> str:
    """A starting point's option label ('2025 · 4.97 · ru.trend.az') with its figure as the page writes numbers."""
    year, figure, rest = option.split(" · ", 2)
    bound = "≥" if figure.startswith("≥") else ""
    return f"{year} · {bound}{fmt_number(float(figure.lstrip('≥')), lang)} · {rest}"


def volatility_slider(default_vol: float, lang: str) -> float:
    steps = round((VOLATILITY.high - VOLATILITY.low) / VOLATILITY.step)
    options = [VOLATILITY.low + i * VOLATILITY.step for i in range(steps + 1)]
    return locale_widgets.number_slider(
        catalog_text(lang, "volatility"),
        options,
        default_vol,
        lambda value: fmt_pct(value, lang, digits=1),
        key="vol",
        help=catalog_text(lang, "volatility_help"),
    )


def yearly_config(values, lang: str) -> dict:
    """The yearly table's column headings and formats, for its downloads."""
    number = st.column_config.NumberColumn
    config = {
        "year": number(catalog_text(lang, "column.year"), format="%d"),
        "history": number(catalog_text(lang, "column.history"), format="%.2f"),
    }
    return config | {name: number(name, format="%.2f") for name in values.columns if name not in config}


def method(headline, lang: str) -> None:
    """How the history is chosen: the figures used, with their sources, and the yearly growth between them."""
    missing_years = ", ".join(f"{a}–{b}" if b > a else str(a) for a, b in scenarios.gaps(headline)) or catalog_text(
        lang, "no_gaps"
    )
    st.markdown(catalog_text(lang, "method_text", gaps=missing_years))
    number = st.column_config.NumberColumn
    shown = headline.assign(
        reporter=headline["reporter"].map(lambda r: t(f"reporter.{r}", lang)),
        reporter_detail=headline["reporter_detail"].map(lambda d: term("reporter_detail", d, lang)),
    )
    config = {c: catalog_text(lang, f"column.{c}") for c in headline.columns if c not in ("turnover_usd_bn", "source_url")}
    config |= {
        "year": number(catalog_text(lang, "column.year"), format="%d"),
        "turnover_usd_bn": number(catalog_text(lang, "column.value"), format="%.2f"),
        "source_url": frame.link_column(lang),
    }
    frame.data_table(shown, name="scenarios-history", key="scenario_history", column_config=config)
    st.markdown(f"**{catalog_text(lang, 'method_growth')}**")
    frame.data_table(
        scenarios.yearly_growth(headline),
        name="scenarios-growth",
        key="scenario_growth",
        column_config={
            "year": number(catalog_text(lang, "column.year"), format="%d"),
            "previous_year": number(catalog_text(lang, "column.previous_year"), format="%d"),
            "value": number(catalog_text(lang, "column.value"), format="%.2f"),
            "previous_value": number(catalog_text(lang, "column.previous_value"), format="%.2f"),
            "growth": number(catalog_text(lang, "column.growth"), format="percent"),
        },
    )

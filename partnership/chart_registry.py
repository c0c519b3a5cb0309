"""Every chart that can be embedded or cited on its own: a stable id (a word, never a position), the page
it belongs to, the element key the page draws it with, and how to build it from the tables, the language
and the view's URL parameters, without running the page.

    spec = CHARTS["trade"]
    built = spec.build([data.load(name) for name in spec.resources], "en", {"reporters": ["Kazakhstan"]})
    built.figure, built.data, built.sources  # the figure, the table behind it, its source URLs (newest first)

URL parameters are read as the page's bound widgets write them: an option's label in the page's
language (ui/frame.relabel_after_language_switch); as on the page, a label of another language is ignored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial

import pandas as pd
import plotly.graph_objects as go

from partnership import agreements, kpis, projects, trade
from partnership import events as event_views
from partnership.charts import registers as register_charts
from partnership.charts import scenarios as scenario_charts
from partnership.charts import trade as trade_charts
from partnership.i18n import t
from partnership.scenarios import Scenario, fan, headline_by_year, paths_table, probability_of_target, simulate, summarize
from partnership.scenarios.query import from_query
from partnership.vocabulary import term

Query = Mapping[str, str | Sequence[str]]
TRADE_MEASURES = ("turnover_usd_bn", "exports_uz_to_kz_usd_bn", "imports_uz_from_kz_usd_bn", "balance_usd_bn")


@dataclass(frozen=True)
class Built:
    """A chart as its page shows it: the figure, the table behind it and its sources' URLs, newest first."""

    figure: go.Figure
    data: pd.DataFrame | None
    sources: tuple[str, ...]


@dataclass(frozen=True)
class ChartSpec:
    """An embeddable chart: `id` in ?chart=, `page` its page's URL path, `key` its element key on that page."""

    id: str
    page: str
    key: str
    resources: tuple[str, ...]
    build: Callable[[Sequence[pd.DataFrame], str, Query], Built]


def _values(query: Query, key: str) -> list[str] | None:
    """A parameter's values (a bound multiselect repeats its key), or None when the URL does not have it."""
    if key not in query:
        return None
    value = query[key]
    return [v for v in ([value] if isinstance(value, str) else list(value)) if v != ""]


def _option(query: Query, key: str, options: Sequence[str], label: Callable[[str], str], default: str) -> str:
    chosen = _options(query, key, options, label)
    return chosen[-1] if chosen else default


def _options(query: Query, key: str, options: Sequence[str], label: Callable[[str], str]) -> list[str] | None:
    """The options whose label (as the page shows it) the URL names; None (the default) when the URL has no
    such key or names no option; [] for a cleared widget (`?key=`)."""
    given = _values(query, key)
    if given is None:
        return None
    names = {label(option): option for option in options}
    chosen = [names[value] for value in given if value in names]
    return chosen if chosen or not given else None  # no known label at all: the widget keeps its default


def _flag(query: Query, key: str) -> bool:
    return (_values(query, key) or ["false"])[-1].lower() == "true"


def _sources(rows: pd.DataFrame, by: str = "year") -> tuple[str, ...]:
    if "source_url" not in rows or rows.empty:
        return ()
    newest = rows.sort_values(by, ascending=False, kind="stable") if by in rows else rows
    return tuple(dict.fromkeys(str(url) for url in newest["source_url"].dropna()))


def _trade_rows(rows: pd.DataFrame, lang: str, query: Query) -> pd.DataFrame:
    reporters = _options(query, "reporters", trade.REPORTERS, lambda r: t(f"reporter.{r}", lang))
    return trade.with_balance(trade.by_reporters(rows, list(trade.REPORTERS) if reporters is None else reporters))


def _trade(tables: Sequence[pd.DataFrame], lang: str, query: Query) -> Built:
    chosen = _trade_rows(tables[0], lang, query)
    measure = _option(query, "measure", TRADE_MEASURES, lambda m: t(f"measure.{m}", lang), TRADE_MEASURES[0])
    shown_events = kpis.key_events(tables[1]) if _flag(query, "events") else None
    figure = trade_charts.trade_chart(chosen, lang, y=measure, events=shown_events).figure
    return Built(figure, chosen, _sources(chosen[chosen[measure].notna()]))


def _reconciliation(tables: Sequence[pd.DataFrame], lang: str, query: Query) -> Built:
    recon = trade.reconciliation(_trade_rows(tables[0], lang, query))
    return Built(trade_charts.reconciliation_chart(recon, lang).figure, recon, _sources(recon))


def _growth(tables: Sequence[pd.DataFrame], lang: str, query: Query) -> Built:
    growth = trade.reported_growth(_trade_rows(tables[0], lang, query))
    return Built(trade_charts.growth_chart(growth, lang).figure, growth, _sources(growth))


def _overview(tables: Sequence[pd.DataFrame], lang: str, query: Query) -> Built:
    trade_df, targets, project_rows = tables
    figures = kpis.overview(trade_df, targets, project_rows)
    full_years = trade.full_year(trade_df)
    figure = trade_charts.overview_chart(full_years, figures["path"], figures["target"], lang, start=figures["latest"]).figure
    return Built(figure, full_years, (*_sources(full_years), str(figures["target"]["source_url"])))


def _scenarios(tables: Sequence[pd.DataFrame], lang: str, query: Query) -> Built:
    """The Scenarios page's path chart for the scenarios in the URL (partnership.scenarios.query)."""
    trade_df, targets = tables
    headline = headline_by_year(trade_df)
    chosen = from_query(trade_df, headline, kpis.current_target(targets), query, lang)
    setup = chosen.setup
    paths = paths_table(setup.base_value, setup.base_year, chosen.scenarios, setup.horizon)
    summary = summarize(setup.base_value, setup.base_year, chosen.scenarios, setup.target_value, setup.target_year, setup.horizon)
    figure = scenario_charts.paths_chart(headline, paths, summary, setup, lang).figure
    urls = (setup.base_url, *([setup.target_url] if setup.target_url else []), *_sources(headline))
    return Built(figure, headline, tuple(dict.fromkeys(urls)))


def _scenario_fan(tables: Sequence[pd.DataFrame], lang: str, query: Query) -> Built:
    """The Scenarios page's Monte Carlo fan of the scenario ?fan= names, with the volatility in ?vol=."""
    trade_df, targets = tables
    headline = headline_by_year(trade_df)
    chosen = from_query(trade_df, headline, kpis.current_target(targets), query, lang)
    setup, vol = chosen.setup, chosen.volatility
    picked = chosen.scenarios[chosen.fan_for - 1]
    quantiles = fan(simulate(setup.base_value, setup.base_year, setup.horizon, picked.growth, vol), setup.base_year)
    share = probability_of_target(setup.base_value, setup.base_year, setup.target_value, setup.target_year, picked.growth, vol)
    shown = Scenario(f"{chosen.fan_for}. {picked.name}", picked.preset, picked.growth)
    figure = scenario_charts.fan_chart(headline, quantiles, setup, shown, vol, share, lang).figure
    urls = (setup.base_url, *([setup.target_url] if setup.target_url else []), *_sources(headline))
    return Built(figure, quantiles.reset_index(), tuple(dict.fromkeys(urls)))


def _projects(tables: Sequence[pd.DataFrame], lang: str, query: Query) -> Built:
    rows = tables[0]
    sums = projects.sector_sums(rows)
    valued = projects.with_value(rows)
    figure = register_charts.projects_by_sector(sums, lang, projects.valued_summary(rows), valued).figure
    return Built(figure, sums, _sources(valued, by="as_of"))


AGREEMENT_FACETS = {  # facet: (URL key, its options, its label)
    "kinds": ("kind", agreements.kind_values, agreements.kind_label),
    "sectors": ("sector", agreements.sector_values, agreements.sector_label),
    "parties": ("parties", agreements.party_values, partial(term, "parties")),
}


def _dates(query: Query) -> list[dt.date]:
    dates = []
    for value in _values(query, "dates") or []:
        try:
            dates.append(dt.date.fromisoformat(value))
        except ValueError:
            return []  # a date the widget would refuse: its default, the whole extent
    return dates


def _agreements(tables: Sequence[pd.DataFrame], lang: str, query: Query) -> Built:
    """The Agreements page's chart under its filters: search, dates, the summit package, facets."""
    docs = tables[0]
    chosen = {
        facet: tuple(_options(query, key, options(docs), partial(label, lang=lang)) or ())
        for facet, (key, options, label) in AGREEMENT_FACETS.items()
    }
    date_from, date_to = agreements.full_range_to_none(_dates(query), agreements.date_extent(docs))
    search = (_values(query, "q") or [""])[-1]
    filters = agreements.Filters(date_from, date_to, query=search, summit_only=_flag(query, "summit"), **chosen)
    rows = agreements.apply(docs, filters)
    figure = register_charts.agreements_by_year_sector(rows, lang).figure
    return Built(figure, agreements.by_year_sector(rows), _sources(rows, by="date"))


def _events(tables: Sequence[pd.DataFrame], lang: str, query: Query) -> Built:
    rows = tables[0]
    label = partial(event_views.category_label, lang=lang)
    categories = _options(query, "category", event_views.category_values(rows), label) or []
    shown = event_views.timeline(rows, categories, _flag(query, "key_only"))
    return Built(register_charts.events_timeline(shown, lang).figure, shown, _sources(shown, by="date"))


CHARTS: dict[str, ChartSpec] = {
    spec.id: spec
    for spec in (
        ChartSpec("overview", "overview", "overview_chart", ("trade", "targets", "projects"), _overview),
        ChartSpec("trade", "trade", "trade_chart", ("trade", "events"), _trade),
        ChartSpec("trade-reconciliation", "trade", "reconciliation_chart", ("trade",), _reconciliation),
        ChartSpec("trade-growth", "trade", "growth_chart", ("trade",), _growth),
        ChartSpec("scenarios", "scenarios", "scenario_chart", ("trade", "targets"), _scenarios),
        ChartSpec("scenarios-fan", "scenarios", "fan_chart", ("trade", "targets"), _scenario_fan),
        ChartSpec("agreements", "agreements", "agreements_chart", ("agreements",), _agreements),
        ChartSpec("projects", "projects", "projects_chart", ("projects",), _projects),
        ChartSpec("events", "events", "events_chart", ("events",), _events),
    )
}
_BY_KEY = {spec.key: spec for spec in CHARTS.values()}


def by_key(key: str) -> ChartSpec | None:
    """The embeddable chart a page draws under element key `key`, if it is one."""
    return _BY_KEY.get(key)

"""Text alternatives for charts: the title and a one-sentence summary read from the chart's own table.

Every figure the core builds carries `layout.meta["aria_label"]` (set through `aria_label`, called by
charts.finish and charts.fast_figure); the chart element on the page gives its container
role="figure" and that text as its accessible name, so a screen reader says what the chart shows.
Each sentence reads the chart's tidy table (charts.chart: the rows its CSV exports, in the chart's
language), so the sentence, the CSV and the figure cannot disagree; numbers in the project's Babel
formatting, in the UI language. Plain text only: Plotly markup in a title is removed and entities are decoded.
"""

from __future__ import annotations

import html
import re

import pandas as pd
from babel.lists import format_list

from partnership.i18n import fmt_number, fmt_pct, fmt_usd_bn, fmt_usd_mn, normalize_language, t
from partnership.trade import REPORTER_PREFERENCE, REPORTERS

_TAG = re.compile(r"<[^>]+>")


def plain(text: object) -> str:
    """Plotly text (may hold <br>, <b>, escaped entities) as plain text on one line."""
    return " ".join(html.unescape(_TAG.sub(" ", str(text))).split())


def aria_label(title: str, summary: str | None) -> str:
    """'<title>. <Summary>' as plain text; the title alone when there is nothing to summarize.

    The title is Plotly text (data in it already escaped); the summary is plain text from data, kept as is.
    """
    head = plain(title).rstrip(". ")
    tail = " ".join(str(summary or "").split())
    return f"{head}. {tail[:1].upper()}{tail[1:]}" if tail else head


def _sentence(parts: list[str]) -> str:
    """Clauses joined by semicolons, ending in exactly one full stop ('2030 г.' does not get a second)."""
    text = "; ".join(part.strip() for part in parts if part)
    return text if text.endswith(".") else text + "."


def _list(items: list[str], lang: str) -> str:
    return format_list(items, locale=normalize_language(lang)) if items else ""


def _span(years: pd.Series) -> str:
    years = years.dropna().astype(int)
    if years.empty:
        return ""
    first, last = int(years.min()), int(years.max())
    return str(first) if first == last else f"{first}–{last}"


def _value(value: float, percent: bool, lang: str, lower_bound: bool = False) -> str:
    shown = fmt_pct(value, lang, signed=True) if percent else fmt_usd_bn(value, lang)
    return f"≥ {shown}" if lower_bound else shown


def _flag(value: object) -> bool:
    return bool(value) if value is not None and not pd.isna(value) else False


def _reporters(lang: str) -> dict[str, str]:
    """{a reporter as a trade chart's table names it: its key in REPORTERS}."""
    return {t(f"reporter.{reporter}", lang): reporter for reporter in REPORTERS}


def _figures(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A trade chart's figures from its table (rows with a period; a path or target has none), each with its
    reporter's key (`key`) and whether it covers a full year (`full`)."""
    if "period_type" not in table:
        return table.iloc[0:0]
    rows = table[table["value"].notna() & table["year"].notna() & table["period_type"].notna()]
    return rows.assign(key=rows["reporter"].map(_reporters(lang)), full=rows["period_type"] == t("period_type.full_year", lang))


def _latest(rows: pd.DataFrame) -> pd.Series:
    """The newest figure, preferring full years and then the Uzbek side's, as the headline does; of one side's
    figures for that year, the one its line takes (listed first in the table)."""
    full = rows[rows["full"]]
    pool = full if len(full) else rows
    pool = pool[pool["year"] == pool["year"].max()]
    rank = pool["key"].map(REPORTER_PREFERENCE).fillna(len(REPORTERS))
    return pool.assign(_rank=rank).sort_values("_rank", kind="stable").iloc[0]


def series(table: pd.DataFrame, lang: str, percent: bool = False) -> str:
    """A trade chart's figures (trade_chart's table): span, the latest figure and whose figures it holds.

    'Full-year figures 2016–2025, latest $4.97 bn in 2025; full-year figures from Uzbek, Kazakh
    and other sources; 3 part-year figures.' `percent`: the values are growth rates in %.
    """
    rows = _figures(table, lang)
    if rows.empty:
        return t("a11y.no_figures", lang)
    latest = _latest(rows)
    full = rows[rows["full"]]
    parts = [
        t(
            "a11y.latest",
            lang,
            span=_span(rows["year"]),
            value=_value(float(latest["value"]), percent, lang, _flag(latest.get("lower_bound"))),
            year=int(latest["year"]),
            period=latest["period"],
        )
    ]
    reporters = [r for r in REPORTERS if r in set(full["key"])]
    if reporters:
        names = _list([t(f"a11y.reporter_adj.{r}", lang) for r in reporters], lang)
        parts.append(t("a11y.full_year_from", lang, reporters=names))
    others = len(rows) - len(full)
    if others:
        parts.append(t("a11y.part_year_count", lang, count=others))
    return _sentence(parts)


def overview(table: pd.DataFrame, lang: str) -> str:
    """The overview chart (overview_chart's table): the full-year series and the target it is drawn towards."""
    target = table[table["series"] == t("chart.target", lang)].iloc[0]
    goal = t("a11y.target", lang, value=fmt_usd_bn(float(target["value"]), lang), year=int(target["year"]))
    return _sentence([series(table, lang).removesuffix("."), goal])


def reconciliation(table: pd.DataFrame, lang: str) -> str:
    """How many figures for which years, and the years whose full-year figures differ (reconciliation_chart's table)."""
    rows = _figures(table, lang)
    if rows.empty:
        return t("a11y.no_figures", lang)
    counted = t("a11y.figures_span", lang, count=len(rows), span=_span(rows["year"]))
    spread = rows[rows["full"]].groupby("year")["value"].agg(["min", "max"])
    differ = sorted(int(year) for year in spread.index[spread["max"] > spread["min"]])
    verdict = t("a11y.differ", lang, years=_list([str(y) for y in differ], lang)) if differ else t("a11y.agree", lang)
    return _sentence([counted, verdict])


def growth(table: pd.DataFrame, lang: str) -> str:
    """Reported growth rates (growth_chart's table): how many, over which years, the latest one."""
    return series(table, lang, percent=True)


def treemap(table: pd.DataFrame, lang: str) -> str:
    """Each reporter's total and its largest HS section with its share (product_treemap's table)."""
    parts = []
    for reporter in dict.fromkeys(table["series"]) if len(table) else ():
        mine = table[table["series"] == reporter]
        total = float(mine["value"].sum())
        sections = mine.groupby("hs_section", sort=False)["value"].sum().sort_values(ascending=False, kind="stable")
        parts.append(
            t(
                "a11y.treemap_reporter",
                lang,
                reporter=reporter,
                total=fmt_usd_mn(total, lang, 1),
                section=str(sections.index[0]),
                share=fmt_pct(float(sections.iloc[0]) / total * 100, lang, digits=1),
            )
        )
    return _sentence(parts) if parts else t("a11y.no_figures", lang)


def agreements(table: pd.DataFrame, lang: str) -> str:
    """Documents by year and sector (a cell per row): the years covered and the sector with most documents."""
    if table.empty:
        return t("a11y.no_figures", lang)
    totals = table.groupby("series", sort=False)["value"].sum().sort_values(ascending=False, kind="stable")
    return t(
        "a11y.agreements",
        lang,
        span=_span(table["year"]),
        sector=str(totals.index[0]),
        count=fmt_number(float(totals.iloc[0]), lang),
    )


def projects(table: pd.DataFrame, lang: str) -> str:
    """Published values by sector (a bar per row): how many sectors, the largest with its sum and project count."""
    if table.empty:
        return t("a11y.no_figures", lang)
    top = table.sort_values("value", ascending=False, kind="stable").iloc[0]
    return t(
        "a11y.projects",
        lang,
        sectors=len(table),
        sector=str(top["series"]),
        value=fmt_usd_mn(float(top["value"]), lang),
        count=int(top["projects"]),
    )


def events(table: pd.DataFrame, lang: str) -> str:
    """The timeline (an event per row, lane by lane): span, its categories and how many key milestones."""
    if table.empty:
        return t("a11y.no_figures", lang)
    key = int(table["key_event"].fillna(False).astype(bool).sum())
    categories = _list([str(lane) for lane in dict.fromkeys(table["series"])], lang)
    return t("a11y.events", lang, span=_span(table["year"]), categories=categories, milestones=key)


def paths(table: pd.DataFrame, lang: str) -> str:
    """Constant-growth paths (paths_chart's table): the base figure, then each scenario's rate (as its line's
    legend entry "<name>: <rate>" gives it) and the year it reaches the target (its crossing's row, if any)."""
    setup = table.iloc[0]
    parts = [
        t(
            "a11y.paths_base",
            lang,
            value=fmt_usd_bn(float(setup["base_value"]), lang),
            year=int(setup["base_year"]),
            target=fmt_usd_bn(float(setup["target_value"]), lang),
            target_year=int(setup["target_year"]),
        )
    ]
    chosen = table[table["scenario"].notna()] if "scenario" in table else table.iloc[0:0]
    for name in dict.fromkeys(chosen["scenario"]):
        mine = chosen[chosen["scenario"] == name]
        crossing = mine[mine["series"] == f"{name}: {t('scenarios.chart.reached_series', lang)}"]
        rate = str(mine["series"].iloc[0]).removeprefix(f"{name}: ")
        reached = int(crossing["year"].iloc[0]) if len(crossing) else None
        key = "a11y.path_reached" if reached is not None else "a11y.path_not_reached"
        parts.append(t(key, lang, name=name, rate=rate, year=reached, horizon=int(setup["horizon"])))
    return _sentence(parts)


def fan(table: pd.DataFrame, lang: str) -> str:
    """The Monte Carlo fan (fan_chart's table): the probability of the target and the median path's last figure."""
    median = table[table["series"] == t("scenarios.chart.median", lang)]
    last = median[median["year"] == median["year"].max()].iloc[0]
    setup = table.iloc[0]
    return t(
        "a11y.fan",
        lang,
        p=fmt_pct(float(setup["probability"]) * 100, lang, digits=1),
        target=fmt_usd_bn(float(setup["target_value"]), lang),
        target_year=int(setup["target_year"]),
        median=fmt_usd_bn(float(last["value"]), lang, 2),
        horizon=int(last["year"]),
    )

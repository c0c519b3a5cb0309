"""Text alternatives for charts: the title and a one-sentence summary built from the chart's own data.

Every figure the core builds carries `layout.meta["aria_label"]` (set through `aria_label`, called by
charts.finish and charts.fast_figure); the chart element on the page gives its container
role="figure" and that text as its accessible name, so a screen reader says what the chart shows.
The sentences here use the same rows as the figure and the project's Babel formatting, in the UI
language. Plain text only: Plotly markup in a title is removed and entities are decoded.
"""

from __future__ import annotations

import html
import re

import pandas as pd
from babel.lists import format_list

from partnership.i18n import fmt_number, fmt_pct, fmt_usd_bn, fmt_usd_mn, normalize_language, period_label, t
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


def _value(value: float, y: str, lang: str, lower_bound: bool = False) -> str:
    shown = fmt_pct(value, lang, signed=True) if y.endswith("_pct") else fmt_usd_bn(value, lang)
    return f"≥ {shown}" if lower_bound else shown


def _flag(value: object) -> bool:
    return bool(value) if value is not None and not pd.isna(value) else False


def _latest(rows: pd.DataFrame, y: str) -> pd.Series | None:
    """The newest figure, preferring full years and then the Uzbek side's, as the headline does."""
    rows = rows[rows[y].notna() & rows["year"].notna()]
    if rows.empty:
        return None
    full = rows[rows["period_type"] == "full_year"]
    pool = full if len(full) else rows
    pool = pool[pool["year"] == pool["year"].max()]
    rank = pool["reporter"].map(REPORTER_PREFERENCE).fillna(len(REPORTERS))
    return pool.assign(_rank=rank).sort_values("_rank", kind="stable").iloc[0]


def series(rows: pd.DataFrame, y: str, lang: str) -> str:
    """Figures by year and reporter: span, the latest figure and whose figures the chart holds.

    'Full-year figures 2016–2025, latest $4.97 bn in 2025; full-year figures from Uzbek, Kazakh
    and other sources; 3 part-year figures.'
    """
    rows = rows[rows[y].notna() & rows["year"].notna()]
    if rows.empty:
        return t("a11y.no_figures", lang)
    latest = _latest(rows, y)
    full = rows[rows["period_type"] == "full_year"]
    parts = [
        t(
            "a11y.latest",
            lang,
            span=_span(rows["year"]),
            value=_value(float(latest[y]), y, lang, _flag(latest.get("lower_bound"))),
            year=int(latest["year"]),
            period=period_label(latest["period"], lang),
        )
    ]
    reporters = [r for r in REPORTERS if r in set(full["reporter"])]
    if reporters:
        names = _list([t(f"a11y.reporter_adj.{r}", lang) for r in reporters], lang)
        parts.append(t("a11y.full_year_from", lang, reporters=names))
    others = len(rows) - len(full)
    if others:
        parts.append(t("a11y.part_year_count", lang, count=others))
    return _sentence(parts)


def overview(full_year: pd.DataFrame, target: pd.Series, lang: str) -> str:
    """The overview chart: the full-year series and the target it is drawn towards."""
    goal = t(
        "a11y.target",
        lang,
        value=fmt_usd_bn(float(target["target_usd_bn"]), lang),
        year=int(target["target_year"]),
    )
    return _sentence([series(full_year, "turnover_usd_bn", lang).removesuffix("."), goal])


def reconciliation(recon: pd.DataFrame, lang: str) -> str:
    """How many figures for which years, and the years whose full-year figures differ."""
    rows = recon[recon["turnover_usd_bn"].notna()]
    if rows.empty:
        return t("a11y.no_figures", lang)
    counted = t("a11y.figures_span", lang, count=len(rows), span=_span(rows["year"]))
    differ = sorted({int(y) for y in rows.loc[rows["disagree"].fillna(False).astype(bool), "year"]})
    verdict = t("a11y.differ", lang, years=_list([str(y) for y in differ], lang)) if differ else t("a11y.agree", lang)
    return _sentence([counted, verdict])


def growth(rows: pd.DataFrame, lang: str) -> str:
    """Reported growth rates: how many, over which years, the latest one."""
    return series(rows, "growth_reported_pct", lang)


def treemap(chosen: pd.DataFrame, reporters: list[str], lang: str) -> str:
    """Each reporter's total and its largest HS section with its share."""
    parts = []
    for reporter in reporters:
        mine = chosen[chosen["reporter"] == reporter]
        if mine.empty:
            continue
        total = float(mine["value_usd_mn"].sum())
        sections = mine.groupby("hs_section")["value_usd_mn"].sum().sort_values(ascending=False, kind="stable")
        top = str(sections.index[0])
        parts.append(
            t(
                "a11y.treemap_reporter",
                lang,
                reporter=t(f"reporter.{reporter}", lang),
                total=fmt_usd_mn(total, lang, 1),
                section=t(f"data.hs_section.{top}", lang),
                share=fmt_pct(float(sections.iloc[0]) / total * 100, lang, digits=1),
            )
        )
    return _sentence(parts) if parts else t("a11y.no_figures", lang)


def agreements(counts: pd.DataFrame, sector_label, lang: str) -> str:
    """Documents by year and sector: the years covered and the sector with most documents."""
    if counts.empty:
        return t("a11y.no_figures", lang)
    totals = counts.groupby("sector", sort=False)["documents"].sum().sort_values(ascending=False, kind="stable")
    return t(
        "a11y.agreements",
        lang,
        span=_span(counts["year"]),
        sector=sector_label(str(totals.index[0])),
        count=fmt_number(float(totals.iloc[0]), lang),
    )


def projects(sums: pd.DataFrame, sector_label, lang: str) -> str:
    """Published values by sector: how many sectors, the largest with its sum and project count."""
    if sums.empty:
        return t("a11y.no_figures", lang)
    top = sums.sort_values("value_usd_mn", ascending=False, kind="stable").iloc[0]
    return t(
        "a11y.projects",
        lang,
        sectors=len(sums),
        sector=sector_label(str(top["sector"])),
        value=fmt_usd_mn(float(top["value_usd_mn"]), lang),
        count=int(top["projects"]),
    )


def events(rows: pd.DataFrame, category_label, lang: str) -> str:
    """The timeline: span, number of categories and of key milestones."""
    if rows.empty:
        return t("a11y.no_figures", lang)
    years = rows["when"].dt.year
    key = int(rows["key_event"].fillna(False).astype(bool).sum())
    categories = _list([category_label(c) for c in dict.fromkeys(rows["category"].dropna())], lang)
    return t("a11y.events", lang, span=_span(years), categories=categories, milestones=key)


def paths(
    base_value: float, base_year: int, scenarios: list[dict], target_value: float, target_year: int, horizon: int, lang: str
) -> str:
    """Constant-growth paths: the base figure, then each scenario's rate and the year it reaches the target.

    `scenarios`: [{"name", "rate" (formatted as on the page), "year_reached" (int or None)}].
    """
    parts = [
        t(
            "a11y.paths_base",
            lang,
            value=fmt_usd_bn(base_value, lang),
            year=base_year,
            target=fmt_usd_bn(target_value, lang),
            target_year=target_year,
        )
    ]
    for scenario in scenarios:
        reached = scenario["year_reached"]
        key = "a11y.path_reached" if reached is not None else "a11y.path_not_reached"
        parts.append(t(key, lang, name=scenario["name"], rate=scenario["rate"], year=reached, horizon=horizon))
    return _sentence(parts)


def fan(median_last: float, horizon: int, probability: float, target_value: float, target_year: int, lang: str) -> str:
    """The Monte Carlo fan: the probability of the target and the median at the horizon."""
    return t(
        "a11y.fan",
        lang,
        p=fmt_pct(probability * 100, lang, digits=1),
        target=fmt_usd_bn(target_value, lang),
        target_year=target_year,
        median=fmt_usd_bn(median_last, lang, 2),
        horizon=horizon,
    )

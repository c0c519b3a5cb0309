"""'Is this year on track?': the latest part-year figure against the same months of the year before.

The comparison is `trade.same_period_pair` (same months, same reporter side, consecutive years, never a
full year); the yardstick is the constant growth the current target needs from the latest full year
(the Overview's required rate). The result is one sentence with both figures' sources, or a sentence
saying that the data has no such pair. Data text in it is escaped; the links are Markdown links.
"""

from __future__ import annotations

import pandas as pd

from partnership import kpis, scenarios, trade
from partnership.i18n import fmt_pct, fmt_usd_bn, fmt_usd_bn_over, period_label, t
from partnership.text import escape_markdown, markdown_link


def verdict(growth: float, required: float, bound: str) -> str:
    """'ahead' (at or above the required growth), 'behind', or 'undecided' where a lower bound leaves it open."""
    if bound == "uncertain":
        return "undecided"
    if growth >= required:
        return "ahead" if bound in ("exact", "at_least") else "undecided"
    return "behind" if bound in ("exact", "at_most") else "undecided"


def _figure(row: pd.Series, lang: str) -> str:
    over = row.get("lower_bound", False)
    is_over = not pd.isna(over) and bool(over)
    return (fmt_usd_bn_over if is_over else fmt_usd_bn)(float(row["turnover_usd_bn"]), lang)


def sentence(trade_df: pd.DataFrame, targets: pd.DataFrame, lang: str, year: int | None = None) -> str:
    """The on-track sentence (Markdown) for `year`.

    By default `year` is the year in progress as far as the data can tell: the year after the latest
    full-year figure, or a later year that already has part-year figures. A part of a year whose full
    figure is known is not "on track" any more: the full year answers that.
    """
    latest = trade.latest_full_year(trade_df)
    target = kpis.current_target(targets)
    required = scenarios.required_cagr(
        float(latest["turnover_usd_bn"]), int(latest["year"]), float(target["target_usd_bn"]), int(target["target_year"])
    )
    if year is None:
        year = max(int(trade_df["year"].max()), int(latest["year"]) + 1)
    year = int(year)
    pair = trade.same_period_pair(trade_df, year)
    if pair is None:
        return t("on_track.none", lang, year=year, previous_year=year - 1)
    current, previous = pair.current, pair.previous
    growth = fmt_pct(pair.growth * 100, lang, digits=1, signed=True)
    growth_key = {"exact": "on_track.growth", "at_least": "on_track.growth_at_least", "at_most": "on_track.growth_at_most"}
    return t(
        f"on_track.{verdict(pair.growth, required, pair.bound)}",
        lang,
        year=int(current["year"]),
        period=escape_markdown(period_label(str(current["period"]), lang)),
        current=_figure(current, lang),
        current_source=markdown_link(t("on_track.source", lang), current["source_url"]),
        previous_year=int(previous["year"]),
        previous=_figure(previous, lang),
        previous_source=markdown_link(t("on_track.source", lang), previous["source_url"]),
        reporter=t(f"reporter.{current['reporter']}", lang),
        growth=t(growth_key.get(pair.bound, "on_track.growth_unknown"), lang, value=growth),
        required=fmt_pct(required * 100, lang, digits=1),
        base_year=int(latest["year"]),
        target=fmt_usd_bn(float(target["target_usd_bn"]), lang),
        target_year=int(target["target_year"]),
    )

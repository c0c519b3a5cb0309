"""The Overview's key figures worded for a reader: one `Card` each, with its source.

The Overview page and the briefing report both render these, so the wording is written once.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from partnership import kpis, trade
from partnership.i18n import MINUS, fmt_pct, fmt_usd_bn, fmt_usd_mn_as_bn, localized_title, period_label, t
from partnership.text import markdown_link
from partnership.vocabulary import term


@dataclass(frozen=True)
class Card:
    label: str
    value: str
    note: str = ""
    source_url: str | None = None
    delta: str | None = None  # growth as the source states it, e.g. "+11,4 %"
    other_source: tuple[str, str] | None = None  # (label, url) of a second, disagreeing count
    progress: float | None = None  # 0..1 for a progress bar
    check: str | None = None  # Markdown: what the stated growth implies, beside the same side's own previous figure

    @property
    def falls(self) -> bool:
        """Whether `delta` is a loss: it starts with the minus sign, which Streamlit's metric does not read as one."""
        return self.delta is not None and self.delta.startswith(MINUS)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _present(value: object) -> bool:
    return value is not None and value is not pd.NA and value == value


def _reporter(row: pd.Series, lang: str) -> str:
    side = t(f"reporter.{row['reporter']}", lang)
    detail = term("reporter_detail", row.get("reporter_detail"), lang)
    return f"{side} — {detail}" if detail else side


def _growth(row: pd.Series, lang: str) -> str | None:
    growth = row.get("growth_reported_pct")
    return fmt_pct(growth, lang, signed=True) if _present(growth) else None


def growth_check_text(check: trade.GrowthCheck | None, year: int, lang: str) -> str | None:
    """The stated growth reconciled (Markdown): the base it implies, and the rate against the same side's figure."""
    if check is None:
        return None
    previous_year = year - 1
    stated = fmt_pct(check.stated_pct, lang, signed=True)
    text = t(
        "overview.growth_implied", lang, stated=stated, base=fmt_usd_bn(check.implied_base, lang, digits=2), year=previous_year
    )
    if check.previous is None:
        return text
    return (
        text
        + " "
        + t(
            "overview.growth_against",
            lang,
            year=previous_year,
            previous=fmt_usd_bn(float(check.previous["turnover_usd_bn"]), lang),
            source=markdown_link(t("overview.source", lang), check.previous["source_url"]),
            computed=fmt_pct(check.computed * 100, lang, digits=1, signed=True),
        )
    )


def overview_cards(figures: dict, lang: str) -> list[Card]:
    """Cards from `kpis.overview(...)`: latest year, summit, launch, target, required growth, progress."""
    latest, target, summit = figures["latest"], figures["target"], figures["summit"]
    start = fmt_usd_bn(latest["turnover_usd_bn"], lang)
    target_text = fmt_usd_bn(target["target_usd_bn"], lang)
    year, target_year = int(latest["year"]), int(target["target_year"])
    cards = [
        Card(
            t("overview.latest", lang, year=year),
            start,
            t(
                "overview.latest_caption",
                lang,
                period=_sentence(t("period_type.full_year", lang)),
                reporter=_reporter(latest, lang),
            ),
            latest["source_url"],
            delta=_growth(latest, lang),
            check=growth_check_text(figures.get("growth_check"), year, lang),
        )
    ]
    if summit is not None:
        cards.append(
            Card(
                t("overview.summit", lang),
                t("overview.approx", lang, value=fmt_usd_bn(summit["turnover_usd_bn"], lang)),
                t(
                    "overview.summit_caption",
                    lang,
                    period=_sentence(period_label(summit["period"], lang)),
                    reporter=_reporter(summit, lang),
                ),
                summit["source_url"],
                delta=_growth(summit, lang),
            )
        )
    else:
        # The card keeps its place (a grid with a hole reads as a broken page) and says why it is empty.
        cards.append(Card(t("overview.summit", lang), "—", t("overview.summit_missing", lang)))
    launch, other = figures["launch_article"], figures["launch_other"]
    if launch is not None:
        cards.append(
            Card(
                t("overview.launch", lang),
                fmt_usd_mn_as_bn(launch["value_usd_mn"], lang),
                t(
                    "overview.launch_caption",
                    lang,
                    other=fmt_usd_mn_as_bn(other["value_usd_mn"], lang) if other is not None else "—",
                ),
                launch["source_url"],
                other_source=(t("overview.other_source", lang), other["source_url"]) if other is not None else None,
            )
        )
    else:
        cards.append(Card(t("overview.launch", lang), "—", t("overview.launch_missing", lang)))
    cards += [
        Card(
            t("overview.target", lang, year=target_year),
            target_text,
            localized_title(target, lang),
            target["source_url"],
        ),
        Card(
            t("overview.required", lang),
            t("overview.required_value", lang, value=fmt_pct(figures["required_cagr"] * 100, lang, digits=1)),
            t("overview.required_caption", lang, start=start, year=year, target=target_text, target_year=target_year),
        ),
        Card(
            t("overview.progress", lang),
            fmt_pct(figures["progress"] * 100, lang, digits=1),
            t("overview.progress_caption", lang, start=start, year=year, target=target_text),
            progress=figures["progress_bar"],
        ),
    ]
    return cards


def cards_from_tables(trade_df: pd.DataFrame, targets: pd.DataFrame, projects: pd.DataFrame, lang: str) -> list[Card]:
    return overview_cards(kpis.overview(trade_df, targets, projects), lang)

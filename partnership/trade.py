"""Views of the `trade` resource: full-year figures, latest figure, reconciliation.

Every function takes the tidy trade table (one row per figure per source) and
returns plain DataFrames or dicts; nothing is averaged or filled in. Where sources
disagree, all rows are kept and the disagreement is shown, not resolved.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

REPORTERS = ("Uzbekistan", "Kazakhstan", "other")
# What identifies a trade figure and its values, in the order tables show them (Trade page, Data page).
FIGURE_COLUMNS = (
    "year",
    "period",
    "reporter",
    "reporter_detail",
    "turnover_usd_bn",
    "exports_uz_to_kz_usd_bn",
    "imports_uz_from_kz_usd_bn",
)
# Which figure to headline when a year has several full-year figures: the Uzbek side's
# statistics first (the data's own perspective), then Kazakhstan's, then media.
REPORTER_PREFERENCE = {name: rank for rank, name in enumerate(REPORTERS)}


class MissingFigure(LookupError):
    """A figure the Overview needs is not in the tables; `code` names which (the UI translates from it)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def full_year(trade: pd.DataFrame) -> pd.DataFrame:
    """Full-year turnover figures, sorted by year."""
    rows = trade[(trade["period_type"] == "full_year") & trade["turnover_usd_bn"].notna()]
    return rows.sort_values(["year", "turnover_usd_bn"], kind="stable").reset_index(drop=True)


def by_reporters(trade: pd.DataFrame, reporters: list[str] | tuple[str, ...]) -> pd.DataFrame:
    return trade[trade["reporter"].isin(list(reporters))].reset_index(drop=True)


def latest_full_year(trade: pd.DataFrame) -> pd.Series:
    """The headline full-year figure: the latest year, preferring the Uzbek side's figure."""
    rows = full_year(trade)
    if rows.empty:
        raise MissingFigure("no_full_year", "the trade table has no full-year turnover figure")
    latest = rows[rows["year"] == rows["year"].max()].copy()
    latest["_rank"] = latest["reporter"].map(REPORTER_PREFERENCE).fillna(len(REPORTERS))
    return latest.sort_values("_rank", kind="stable").iloc[0].drop("_rank")


def article_figure(trade: pd.DataFrame) -> pd.Series | None:
    """The turnover figure as the seed article gives it (flagged cited_in_article)."""
    rows = trade[trade["cited_in_article"].fillna(False).astype(bool)]
    return rows.iloc[-1] if len(rows) else None


def with_balance(trade: pd.DataFrame) -> pd.DataFrame:
    """Adds balance_usd_bn = exports − imports (Uzbek view) where the source gives both."""
    out = trade.copy()
    out["balance_usd_bn"] = out["exports_uz_to_kz_usd_bn"] - out["imports_uz_from_kz_usd_bn"]
    return out


def reconciliation(trade: pd.DataFrame) -> pd.DataFrame:
    """Every source's turnover figure side by side per year, with the spread of full-year figures.

    Columns: year, period, period_type, reporter, turnover_usd_bn, source_title, source_url,
    full_year_min, full_year_max, full_year_sources (count), disagree (full-year figures differ).
    """
    figures = trade[trade["turnover_usd_bn"].notna()].copy()
    full = full_year(trade).groupby("year")["turnover_usd_bn"].agg(["min", "max", "count"])
    full.columns = ["full_year_min", "full_year_max", "full_year_sources"]
    merged = figures.merge(full, left_on="year", right_index=True, how="left")
    merged["full_year_sources"] = merged["full_year_sources"].fillna(0).astype(int)
    merged["disagree"] = merged["full_year_max"] > merged["full_year_min"]
    order = merged["period_type"].map({"full_year": 0, "part_year": 1, "unclear": 2})
    merged = merged.assign(_order=order).sort_values(["year", "_order", "turnover_usd_bn"], kind="stable")
    columns = [
        "year",
        "period",
        "period_type",
        "reporter",
        "reporter_detail",
        "turnover_usd_bn",
        "exports_uz_to_kz_usd_bn",
        "imports_uz_from_kz_usd_bn",
        "lower_bound",
        "source_title",
        "source_url",
        "full_year_min",
        "full_year_max",
        "full_year_sources",
        "disagree",
    ]
    return merged[columns].reset_index(drop=True)


def disagreements(trade: pd.DataFrame) -> pd.DataFrame:
    """Years whose full-year figures differ between sources: year, min, max, number of sources, and whether
    the min and the max are stated only as lower bounds ("over X": min_over, max_over; a figure that one
    source gives exactly is exact)."""
    full = full_year(trade)
    over = pd.Series([_lower(row) for _, row in full.iterrows()], index=full.index, dtype=bool)
    spread = full.groupby("year")["turnover_usd_bn"].agg(["min", "max", "count"]).reset_index()
    exact = {year: set(values) for year, values in full.loc[~over].groupby("year")["turnover_usd_bn"]}
    spread["min_over"] = [row.min not in exact.get(row.year, ()) for row in spread.itertuples()]
    spread["max_over"] = [row.max not in exact.get(row.year, ()) for row in spread.itertuples()]
    return spread[spread["max"] > spread["min"]].reset_index(drop=True)


def reported_growth(trade: pd.DataFrame) -> pd.DataFrame:
    """Year-on-year growth rates as the sources state them (never computed here)."""
    rows = trade[trade["growth_reported_pct"].notna()]
    return rows.sort_values(["year", "months"], kind="stable", na_position="last").reset_index(drop=True)


@dataclass(frozen=True)
class SamePeriodPair:
    """A part-year figure and the figure for the same months of the year before, from the same side.

    `growth` is current / previous − 1 (a fraction). `bound` says what the lower-bound flags allow:
    "exact"; "at_least" (only the current figure is "over X"); "at_most" (only the previous one is);
    "uncertain" (both are).
    """

    current: pd.Series
    previous: pd.Series
    growth: float
    bound: str


def _lower(row: pd.Series) -> bool:
    value = row.get("lower_bound", False)
    return bool(value) if not pd.isna(value) else False


def same_period_pair(trade: pd.DataFrame, year: int | None = None) -> SamePeriodPair | None:
    """The latest part-year figure of `year` (default: the latest year in the table) that has a figure for
    the same period of the year before from the same reporter side; None where there is no such pair.

    Same period means the same months (`months`) and the same period as written (`period`, e.g. "Jan-Aug");
    a full-year figure and figures with an unknown span (no `months`) never pair. Among several figures
    of the earlier year an exact one is preferred to an "over X" one. The longest span is tried first, then
    the Uzbek side's figure before Kazakhstan's and other sources'.
    """
    if trade.empty:
        return None
    part = trade[(trade["period_type"] == "part_year") & trade["turnover_usd_bn"].notna() & trade["months"].notna()].copy()
    year = int(trade["year"].max()) if year is None else int(year)
    part["_rank"] = part["reporter"].map(REPORTER_PREFERENCE).fillna(len(REPORTERS))
    part["_bound"] = [_lower(row) for _, row in part.iterrows()]
    current = part[part["year"] == year].sort_values(["months", "_rank", "_bound"], ascending=[False, True, True], kind="stable")
    earlier = part[part["year"] == year - 1]
    for _, row in current.iterrows():
        same = earlier[
            (earlier["months"] == row["months"])
            & (earlier["period"].str.strip() == str(row["period"]).strip())
            & (earlier["reporter"] == row["reporter"])
        ].sort_values("_bound", kind="stable")
        if same.empty:
            continue
        previous = same.iloc[0]
        now_over, before_over = bool(row["_bound"]), bool(previous["_bound"])
        bound = {(False, False): "exact", (True, False): "at_least", (False, True): "at_most"}.get(
            (now_over, before_over), "uncertain"
        )
        growth = float(row["turnover_usd_bn"]) / float(previous["turnover_usd_bn"]) - 1
        drop = ["_rank", "_bound"]
        return SamePeriodPair(row.drop(drop), previous.drop(drop), growth, bound)
    return None


@dataclass(frozen=True)
class GrowthCheck:
    """What a full-year figure's stated growth says about the year before, beside the data's own figure.

    `implied_base`: the previous year's value the stated rate implies (value / (1 + rate)), a calculation;
    `previous`: the same reporter side's exact full-year figure for the year before, if the data has one;
    `computed`: the growth against it (a fraction), a calculation.
    """

    stated_pct: float
    implied_base: float
    previous: pd.Series | None
    computed: float | None


def growth_check(trade: pd.DataFrame, row: pd.Series) -> GrowthCheck | None:
    """The reconciliation of `row`'s stated growth (None where the source states none).

    The previous-year figure is the same reporter side's full-year figure of the year before: an exact
    one (a lower bound is not used), the fullest statement (turnover, exports, imports) first.
    """
    stated = row.get("growth_reported_pct")
    if stated is None or pd.isna(stated) or pd.isna(row.get("turnover_usd_bn")):
        return None
    value, stated = float(row["turnover_usd_bn"]), float(stated)
    rows = full_year(trade)
    earlier = rows[(rows["year"] == int(row["year"]) - 1) & (rows["reporter"] == row["reporter"])]
    earlier = earlier[[not _lower(r) for _, r in earlier.iterrows()]]
    if earlier.empty:
        return GrowthCheck(stated, value / (1 + stated / 100), None, None)
    measures = ["turnover_usd_bn", "exports_uz_to_kz_usd_bn", "imports_uz_from_kz_usd_bn"]
    fullest = earlier.assign(_detail=-earlier[measures].notna().sum(axis=1)).sort_values("_detail", kind="stable")
    previous = fullest.iloc[0].drop("_detail")
    return GrowthCheck(stated, value / (1 + stated / 100), previous, value / float(previous["turnover_usd_bn"]) - 1)

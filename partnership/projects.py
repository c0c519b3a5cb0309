"""Joint projects and the totals the two sides announce, each saying what it counts.

The `projects` table mixes three kinds of rows: single projects, launch totals (the sum of a
launch ceremony, as one side counted it) and portfolio totals (a stated portfolio). They are
never added to each other. A project without a published value is listed as such and left
out of every sum: it is not counted as zero.
"""

from __future__ import annotations

import pandas as pd

from partnership.agreements import sector_label
from partnership.i18n import fmt_number, fmt_usd_bn, fmt_usd_bn_over, language_mark, localized_titles, normalize_language, t

KINDS = ("project", "launch_total", "portfolio")
TABLE_COLUMNS = ("name", "sector", "value_usd_mn", "location", "status", "source_url")
TOTAL_COLUMNS = ("kind", "value_usd_mn", "lower_bound", "reporter", "as_of", "name", "status", "cited_in_article", "source_url")
# How the International Center for Industrial Cooperation "Central Asia" is named in the data.
ICIC_MARKERS = ("ICIC", "Industrial Cooperation", "промышленной кооперации", "МЦПК")


def mn_to_bn(value_usd_mn: float) -> float:
    """USD million as USD billion (the data stores millions; headlines speak of billions)."""
    return float(value_usd_mn) / 1000


def is_lower_bound(row: pd.Series) -> bool:
    """True where the source gives the value as "over X" (tables written before the field have none)."""
    value = row.get("lower_bound", False)
    return bool(value) if not pd.isna(value) else False


def value_bn_label(row: pd.Series, lang: str) -> str:
    """A total's value in USD billion as the reader's language writes it: "$8 bn", or "over $8 bn" for a lower bound."""
    return (fmt_usd_bn_over if is_lower_bound(row) else fmt_usd_bn)(mn_to_bn(row["value_usd_mn"]), lang)


def range_label(low: pd.Series, high: pd.Series, lang: str) -> str:
    """The span of two totals ("$1.7–8 bn"); a lower-bound upper end reads "$1.7 bn – over $8 bn"."""
    low_bn, high_bn = fmt_number(mn_to_bn(low["value_usd_mn"]), lang), fmt_number(mn_to_bn(high["value_usd_mn"]), lang)
    key = "projects.portfolio_value_over" if is_lower_bound(high) else "projects.portfolio_value"
    return t(key, lang, low=low_bn, high=high_bn)


NAME_LANGUAGES = ("ru", "uz", "kk")  # optional name_<code> columns beside `name` (English)


def names(rows: pd.DataFrame, lang: str) -> tuple[pd.Series, pd.Series]:
    """Per row: the name to show in `lang` and the code of the language it is written in.

    `name` is the English name; `name_ru`, `name_uz`, `name_kk` hold names a source writes in that
    language. The language's title order picks one, as for document titles: never a translation of ours.
    """
    frame = pd.DataFrame({"name_en": rows["name"]}, index=rows.index)
    for code in NAME_LANGUAGES:
        if f"name_{code}" in rows:
            frame[f"name_{code}"] = rows[f"name_{code}"]
    return localized_titles(frame, lang, prefix="name")


def marked_names(rows: pd.DataFrame, lang: str) -> pd.Series:
    """Names in `lang` as text, each followed by its language mark where it is another language's name."""
    shown, shown_lang = names(rows, lang)
    marked = [
        f"{text} {mark}" if (mark := language_mark(code, lang)) else text for text, code in zip(shown, shown_lang, strict=True)
    ]
    return pd.Series(marked, index=rows.index, dtype="object")


def single_projects(projects: pd.DataFrame) -> pd.DataFrame:
    """Rows that are one project each (not a launch or portfolio total), in table order."""
    return projects[projects["kind"] == "project"].reset_index(drop=True)


def with_value(projects: pd.DataFrame) -> pd.DataFrame:
    rows = single_projects(projects)
    return rows[rows["value_usd_mn"].notna()].reset_index(drop=True)


def without_value(projects: pd.DataFrame) -> pd.DataFrame:
    """Single projects whose value was not published: listed, never summed as zero."""
    rows = single_projects(projects)
    return rows[rows["value_usd_mn"].isna()].reset_index(drop=True)


def sector_sums(projects: pd.DataFrame) -> pd.DataFrame:
    """Sum of published values by sector, with how many projects each sum covers.

    Only single projects with a value; largest sum first. Columns: sector, value_usd_mn, projects.
    """
    rows = with_value(projects)
    if rows.empty:
        return pd.DataFrame({"sector": pd.Series(dtype="object"), "value_usd_mn": pd.Series(dtype="float64"), "projects": []})
    grouped = rows.groupby("sector", sort=False).agg(value_usd_mn=("value_usd_mn", "sum"), projects=("name", "size"))
    grouped = grouped.reset_index().sort_values(["value_usd_mn", "sector"], ascending=[False, True], kind="stable")
    grouped["sector"] = grouped["sector"].astype("object")
    grouped["projects"] = grouped["projects"].astype("int64")
    return grouped.reset_index(drop=True)


def valued_summary(projects: pd.DataFrame) -> dict:
    """What the sum of single projects covers: the sum, how many projects are in it, how many are not."""
    valued, unvalued = with_value(projects), without_value(projects)
    return {
        "sum_usd_mn": float(valued["value_usd_mn"].sum()) if len(valued) else None,
        "valued": len(valued),
        "unvalued": len(unvalued),
        "projects": len(valued) + len(unvalued),
    }


def _totals(projects: pd.DataFrame, kind: str) -> pd.DataFrame:
    rows = projects[(projects["kind"] == kind) & projects["value_usd_mn"].notna()]
    return rows.sort_values(["as_of", "value_usd_mn"], ascending=[False, False], na_position="last", kind="stable").reset_index(
        drop=True
    )


def launch_totals(projects: pd.DataFrame) -> pd.DataFrame:
    """Launch-ceremony sums, one row per side's count (Uzbek and Kazakh counts differ).

    The one order every page uses: newest ceremony first; within a ceremony the figure the article
    cites first, then the larger count.
    """
    rows = projects[(projects["kind"] == "launch_total") & projects["value_usd_mn"].notna()]
    cited = rows["cited_in_article"].fillna(False).astype(bool).rename("_cited")
    ordered = pd.concat([rows, cited], axis=1).sort_values(
        ["as_of", "_cited", "value_usd_mn"], ascending=False, na_position="last", kind="stable"
    )
    return ordered.drop(columns="_cited").reset_index(drop=True)


def latest_launch(projects: pd.DataFrame) -> pd.DataFrame:
    """The counts of the most recent launch ceremony, in `launch_totals` order."""
    rows = launch_totals(projects)
    return rows[rows["as_of"] == rows["as_of"].max()].reset_index(drop=True) if len(rows) else rows


def portfolios(projects: pd.DataFrame) -> pd.DataFrame:
    """Stated portfolio totals, newest statement first."""
    return _totals(projects, "portfolio")


def latest_launch_by_side(projects: pd.DataFrame) -> dict[str, pd.Series]:
    """{reporter: row} for the most recent launch ceremony: each side's own sum, in `launch_totals` order."""
    latest = latest_launch(projects)
    return {str(row["reporter"]): row for _, row in latest.iterrows() if isinstance(row["reporter"], str)}


def portfolio_range(projects: pd.DataFrame, as_of: str | None = None) -> dict | None:
    """The smallest and largest portfolio figure (optionally only those stated on `as_of`), with their rows."""
    rows = portfolios(projects)
    if as_of is not None:
        rows = rows[rows["as_of"] == as_of]
    if rows.empty:
        return None
    low = rows.loc[rows["value_usd_mn"].idxmin()]
    high = rows.loc[rows["value_usd_mn"].idxmax()]
    return {"min": low, "max": high, "statements": len(rows)}


def latest_portfolio_range(projects: pd.DataFrame) -> dict | None:
    """The range of portfolio figures stated most recently (e.g. both sides at one summit)."""
    rows = portfolios(projects)
    dated = rows[rows["as_of"].notna()]
    if dated.empty:
        return portfolio_range(projects)
    return portfolio_range(projects, as_of=str(dated["as_of"].max()))


def display_table(projects: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Single projects as shown and exported: the name in the UI language where a source gives one (else marked), sector in the UI language."""
    lang = normalize_language(lang)
    rows = single_projects(projects)
    return pd.DataFrame(
        {
            "name": marked_names(rows, lang),
            "sector": rows["sector"].map(lambda s: sector_label(s, lang)).astype("object"),
            "value_usd_mn": rows["value_usd_mn"].astype("float64"),
            "location": rows["location"].astype("object").fillna(""),
            "status": rows["status"].astype("object").fillna(""),
            "source_url": rows["source_url"].astype("object"),
        }
    )


def totals_table(projects: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Launch and portfolio totals as shown and exported, labels in the UI language."""
    lang = normalize_language(lang)
    rows = pd.concat([launch_totals(projects), portfolios(projects)], ignore_index=True)
    return pd.DataFrame(
        {
            "kind": rows["kind"].map(lambda k: t(f"projects.kind.{k}", lang)).astype("object"),
            "value_usd_mn": rows["value_usd_mn"].astype("float64"),
            "lower_bound": [is_lower_bound(row) for _, row in rows.iterrows()],
            "reporter": rows["reporter"].map(lambda r: t(f"reporter.{r}", lang) if isinstance(r, str) else "").astype("object"),
            "as_of": rows["as_of"].astype("object").fillna(""),
            "name": marked_names(rows, lang),
            "status": rows["status"].astype("object").fillna(""),
            "cited_in_article": rows["cited_in_article"].fillna(False).astype(bool),
            "source_url": rows["source_url"].astype("object"),
        }
    )


def _mentions_icic(text: object) -> bool:
    return isinstance(text, str) and any(marker.casefold() in text.casefold() for marker in ICIC_MARKERS)


def icic(projects: pd.DataFrame, agreements: pd.DataFrame, events: pd.DataFrame) -> dict:
    """Everything the data says about the International Center for Industrial Cooperation 'Central Asia'.

    {'project': row or None, 'agreements': rows, 'events': rows}; agreements and events oldest
    first (undated agreements last). Nothing here is typed in: it is read from the three tables.
    """
    project_rows = projects[projects["name"].map(_mentions_icic)]
    agreement_rows = agreements[agreements["title_en"].map(_mentions_icic) | agreements["title_ru"].map(_mentions_icic)]
    event_rows = events[
        (events["category"] == "centre") | events["title_en"].map(_mentions_icic) | events["title_ru"].map(_mentions_icic)
    ]
    return {
        "project": project_rows.iloc[0] if len(project_rows) else None,
        "agreements": agreement_rows.sort_values(["date", "year"], na_position="last", kind="stable").reset_index(drop=True),
        "events": event_rows.sort_values(["date", "year"], na_position="last", kind="stable").reset_index(drop=True),
    }

"""Events as timeline data: visits, council and commission meetings, treaties, ratifications.

An event with an exact date is placed on that day. One known only by month or year is
placed in the middle of that period and flagged `date_exact=False`, so a chart can draw it
differently and never suggest a day the source did not give.
"""

from __future__ import annotations

import re

import pandas as pd

from partnership.dates import exact_and_note
from partnership.i18n import catalog, language_mark, localized_titles, normalize_language, t

CATEGORIES = ("diplomacy", "visit", "council", "commission", "treaty", "ratification", "transport", "centre", "other")
TABLE_COLUMNS = ("date", "date_note", "category", "title", "place", "key_event", "source_url", "quote")
_YEAR_MONTH = re.compile(r"^\s*(\d{4})-(\d{2})\s*$")


def category_label(value: str, lang: str) -> str:
    return catalog(normalize_language(lang)).get(f"events.category.{value}", value)


def category_values(events: pd.DataFrame) -> list[str]:
    present = set(events["category"].dropna())
    return [c for c in CATEGORIES if c in present] + sorted(present - set(CATEGORIES))


def select(events: pd.DataFrame, categories: list[str] | tuple[str, ...] = (), key_only: bool = False) -> pd.DataFrame:
    """Events of the given categories (all when empty), optionally only the key milestones."""
    keep = pd.Series(True, index=events.index)
    if categories:
        keep &= events["category"].isin(list(categories)).astype(bool)
    if key_only:
        keep &= events["key_event"].fillna(False).astype(bool)
    return events[keep]


def _placed(row: pd.Series) -> tuple[pd.Timestamp, bool]:
    if pd.notna(row["date"]):
        return pd.Timestamp(row["date"]), True
    month = _YEAR_MONTH.match(str(row["date_text"]))
    if month:
        return pd.Timestamp(int(month.group(1)), int(month.group(2)), 15), False
    return pd.Timestamp(int(row["year"]), 7, 1), False


def timeline(events: pd.DataFrame, categories: list[str] | tuple[str, ...] = (), key_only: bool = False) -> pd.DataFrame:
    """The chosen events oldest first, each with where it sits on a time axis.

    Adds `when` (the day, or the middle of the month/year given) and `date_exact`.
    """
    rows = select(events, categories, key_only).copy()
    if rows.empty:
        return rows.assign(when=pd.Series(dtype="datetime64[us]"), date_exact=pd.Series(dtype="bool")).reset_index(drop=True)
    placed = [_placed(row) for _, row in rows.iterrows()]
    rows["when"] = pd.to_datetime([p[0] for p in placed])
    rows["date_exact"] = [p[1] for p in placed]
    return rows.sort_values(["when", "date_exact"], ascending=[True, False], kind="stable").reset_index(drop=True)


def category_counts(events: pd.DataFrame, key_only: bool = False) -> dict[str, int]:
    """How many events each category has (under the key-only switch), in the order of CATEGORIES."""
    rows = select(events, (), key_only)
    counts = rows["category"].value_counts()
    return {c: int(counts.get(c, 0)) for c in category_values(events)}


def display_table(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Events as shown and exported: the title in the UI language, else another's marked with its language."""
    lang = normalize_language(lang)
    shown, shown_lang = localized_titles(rows, lang)
    title = [
        f"{text} {mark}" if (mark := language_mark(code, lang, text)) and isinstance(text, str) else text
        for text, code in zip(shown, shown_lang, strict=True)
    ]
    exact, note = exact_and_note(rows, lang)
    return pd.DataFrame(
        {
            "date": exact,
            "date_note": note,
            "category": rows["category"].map(lambda c: category_label(c, lang)).astype("object"),
            "title": pd.Series(title, index=rows.index, dtype="object"),
            "place": rows["place"].astype("object").fillna(""),
            "key_event": rows["key_event"].fillna(False).astype(bool),
            "source_url": rows["source_url"].astype("object"),
            "quote": rows["quote"].astype("object").fillna(""),
        }
    ).reset_index(drop=True)


def column_labels(lang: str) -> dict[str, str]:
    return {column: t(f"events.column.{column}", lang) for column in TABLE_COLUMNS}

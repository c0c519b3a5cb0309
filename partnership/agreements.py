"""The register of agreements as plain data: filters, facet counts, search, the display table.

Filters combine with AND. Facet counts work as in Datasette: the count next to a value of
one facet is the number of rows that would be shown if that value were chosen, under all
the OTHER filters (a facet does not narrow its own counts), so several values of a facet
can be compared and combined (values of one facet combine with OR).

A document can name several sectors, separated by ';': it counts once under each. The sector facet
and the chart offer groups of sectors (SECTOR_GROUPS), the parties facet one form per set of
signatories (PARTY_SETS); the table shows each document's own sector and parties.
Dates: a row with an exact date is in a date range when the date is; a row with only a
year is in it when any day of that year is; a row with neither is shown only while no
date bound is set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pandas as pd

from partnership import vocabulary
from partnership.dates import exact_and_note
from partnership.i18n import LANGUAGES, catalog, language_mark, localized_titles, normalize_language, t

KINDS = ("agreement", "framework", "plan", "memorandum", "decision", "contract")
FACETS = ("kinds", "sectors", "parties")
SECTOR_SEPARATOR = ";"
TABLE_COLUMNS = ("date", "date_note", "title", "title_lang", "kind", "sector", "parties", "summit_2025_11_15", "source_url")


@dataclass(frozen=True)
class Filters:
    """What the user asked for. Empty means 'no restriction'."""

    date_from: date | None = None
    date_to: date | None = None
    kinds: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    query: str = ""
    summit_only: bool = False

    @property
    def active(self) -> bool:
        return bool(
            self.date_from or self.date_to or self.kinds or self.sectors or self.parties or self.query.strip() or self.summit_only
        )


# --- vocabulary -------------------------------------------------------------------------


# The facet and the chart group the register's sectors (one or two documents each) into fields of
# cooperation; the table keeps each document's own sector. A sector not listed (an upload) is its own group.
SECTOR_GROUPS = {
    "political": "politics",
    "political/security/economic": "politics",
    "comprehensive": "politics",
    "regional cooperation": "politics",
    "border": "security",
    "defence": "security",
    "justice": "security",
    "emergencies": "security",
    "trade": "trade",
    "investment/trade": "trade",
    "customs": "trade",
    "customs/trade": "trade",
    "trade/industrial zone": "trade",
    "industrial/trade zone": "trade",
    "industry": "industry",
    "mining": "industry",
    "mining/geology": "industry",
    "oil & gas chemistry": "industry",
    "transport/logistics": "transport",
    "telecom": "transport",
    "space": "transport",
    "water": "water",
    "environment": "water",
    "migration/travel": "people",
    "education": "people",
    "tourism": "people",
}
GROUPS = ("politics", "security", "trade", "industry", "transport", "water", "people")
# Parties as one form per set of signatories (the data keeps how each source names them; the table
# shows that): the facet offers the set. A value not listed is its own set.
PARTY_SETS = {
    "Presidents Mirziyoyev & Tokayev": "presidents",
    "Presidents Tokayev & Mirziyoyev": "presidents",
    "Presidents (SIC decision)": "presidents",
    "KZ-UZ governments": "governments",
    "Deputy PMs Zhumangarin (KZ) & Khodjaev (UZ)": "governments",
    "Deputy PMs Zhumangarin & Khojayev; businesses": "governments",
    "KZ-UZ": "states",
    "KZ-UZ (states)": "states",
    "KZ-UZ (signed in presence of presidents)": "states",
    "KZ-UZ (adopted at 1st SIC)": "states",
    "KZ-UZ authorized agencies": "ministries",
    "KZ MoJ - UZ MoJ": "ministries",
    "KZ Ministry of Industry and Construction (E. Nagaspaev) - UZ Ministry of Mining and Geology": "ministries",
    "KazMunayGas - Uzbekneftegaz": "companies",
    "Uzzheldorcontainer (UZ) - Aktau and Kuryk ports (KZ)": "companies",
    "KZ-UZ (parties not named in the source)": "unnamed",
}
PARTY_ORDER = ("presidents", "states", "governments", "ministries", "companies", "unnamed")


def sector_groups(text: object) -> list[str]:
    """The groups of a document's sectors, each once: 'customs; emergencies; space' → ['trade', 'security', 'transport']."""
    return list(dict.fromkeys(SECTOR_GROUPS.get(part, part) for part in split_sectors(text)))


def party_set(value: object) -> str | None:
    return PARTY_SETS.get(value, value) if isinstance(value, str) else None


def _in_order(found: list[str], order: tuple[str, ...]) -> list[str]:
    """Known values in `order`, then the others in order of first appearance."""
    unique = list(dict.fromkeys(found))
    return [v for v in order if v in unique] + [v for v in unique if v not in order]


def group_values(df: pd.DataFrame) -> list[str]:
    """The sector groups the table's documents fall into (GROUPS order, then unknown sectors)."""
    return _in_order([SECTOR_GROUPS.get(sector, sector) for sector in sector_values(df)], GROUPS)


def party_set_values(df: pd.DataFrame) -> list[str]:
    return _in_order([party_set(value) for value in party_values(df)], PARTY_ORDER)


def group_label(value: str, lang: str) -> str:
    """A sector group in the UI language; a sector that is its own group keeps its sector label."""
    return catalog(normalize_language(lang)).get(f"registers.sector_group.{value}") or sector_label(value, lang)


def party_set_label(value: str, lang: str) -> str:
    """A set of parties in the UI language; a value that is its own set goes through the vocabulary."""
    return catalog(normalize_language(lang)).get(f"agreements.party_set.{value}") or vocabulary.term("parties", value, lang)


def split_sectors(text: object) -> list[str]:
    """'customs; emergencies; space' → ['customs', 'emergencies', 'space']."""
    if not isinstance(text, str):
        return []
    return [part.strip() for part in text.split(SECTOR_SEPARATOR) if part.strip()]


def sector_values(df: pd.DataFrame) -> list[str]:
    """Every sector named in the table, in order of first appearance."""
    seen: dict[str, None] = {}
    for text in df["sector"]:
        for part in split_sectors(text):
            seen.setdefault(part, None)
    return list(seen)


def party_values(df: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys(v for v in df["parties"] if isinstance(v, str)))


def kind_values(df: pd.DataFrame) -> list[str]:
    present = set(df["kind"].dropna())
    return [k for k in KINDS if k in present] + sorted(present - set(KINDS))


def sector_label(value: str, lang: str) -> str:
    """The sector in the UI language where the catalog has it; the data's own text otherwise."""
    return catalog(normalize_language(lang)).get(f"registers.sector.{value}", value)


def sectors_label(text: object, lang: str) -> str:
    return "; ".join(sector_label(part, lang) for part in split_sectors(text))


def kind_label(value: str, lang: str) -> str:
    return catalog(normalize_language(lang)).get(f"agreements.kind.{value}", value)


# --- search -----------------------------------------------------------------------------

_NON_WORD = re.compile(r"[^\w$%]+")


def normalize_text(text: object) -> str:
    """Lower-case, 'ё' as 'е', punctuation and quotes as spaces: what search compares."""
    if not isinstance(text, str):
        return ""
    return " ".join(_NON_WORD.sub(" ", text.casefold().replace("ё", "е")).split())


def search_terms(query: str) -> list[str]:
    return normalize_text(query).split()


def search_mask(df: pd.DataFrame, query: str) -> pd.Series:
    """Rows whose title in any language (title_ru, title_en, title_uz…) contains every word of the query (any order)."""
    terms = search_terms(query)
    if not terms:
        return pd.Series(True, index=df.index)
    columns = [f"title_{code}" for code in LANGUAGES if f"title_{code}" in df.columns]
    haystack = pd.Series("", index=df.index, dtype="object")
    for column in columns:
        haystack = haystack + " | " + df[column].map(normalize_text)
    mask = pd.Series(True, index=df.index)
    for term in terms:
        mask &= haystack.str.contains(term, regex=False)
    return mask.astype(bool)


# --- dates ------------------------------------------------------------------------------


def _spans(df: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """First and last possible day of each row: the exact date, else its year, else NaT."""
    exact = pd.to_datetime(df["date"])
    years = pd.to_numeric(df["year"], errors="coerce")
    year_start = pd.to_datetime(years.astype("Int64").astype("string") + "-01-01", errors="coerce")
    year_end = pd.to_datetime(years.astype("Int64").astype("string") + "-12-31", errors="coerce")
    return exact.fillna(year_start), exact.fillna(year_end)


def date_extent(df: pd.DataFrame) -> tuple[date, date] | None:
    """The earliest and latest possible day over all rows (None if no row has a date or year)."""
    start, end = _spans(df)
    if start.dropna().empty:
        return None
    return start.min().date(), end.max().date()


def date_mask(df: pd.DataFrame, date_from: date | None, date_to: date | None) -> pd.Series:
    if date_from is None and date_to is None:
        return pd.Series(True, index=df.index)
    start, end = _spans(df)
    mask = start.notna()
    if date_from is not None:
        mask &= end >= pd.Timestamp(date_from)
    if date_to is not None:
        mask &= start <= pd.Timestamp(date_to)
    return mask.fillna(False).astype(bool)


def full_range_to_none(
    chosen: tuple[date, ...] | list[date], extent: tuple[date, date] | None
) -> tuple[date | None, date | None]:
    """A date widget's value as bounds: an unset side, or one at the table's extent, is no bound.

    The widget returns one date while the user has picked only the start of a range.
    """
    chosen = tuple(chosen or ())
    lo = chosen[0] if len(chosen) >= 1 else None
    hi = chosen[1] if len(chosen) >= 2 else None
    if extent is not None:
        lo = None if lo is not None and lo <= extent[0] else lo
        hi = None if hi is not None and hi >= extent[1] else hi
    return lo, hi


# --- filters and facets -----------------------------------------------------------------


def _sector_mask(df: pd.DataFrame, sectors: tuple[str, ...]) -> pd.Series:
    """Rows in any of the wanted sector groups (or, as older links name them, sectors)."""
    wanted = set(sectors)
    return df["sector"].map(lambda text: bool(wanted.intersection(sector_groups(text) + split_sectors(text)))).astype(bool)


def _party_mask(df: pd.DataFrame, parties: tuple[str, ...]) -> pd.Series:
    """Rows whose parties are in any of the wanted sets (or, as older links name them, are that value)."""
    wanted = set(parties)
    return df["parties"].map(lambda value: party_set(value) in wanted or value in wanted).astype(bool)


def masks(df: pd.DataFrame, filters: Filters) -> dict[str, pd.Series]:
    """One boolean Series per filter; a filter that is not set keeps every row."""
    everything = pd.Series(True, index=df.index)
    return {
        "dates": date_mask(df, filters.date_from, filters.date_to),
        "kinds": df["kind"].isin(filters.kinds).astype(bool) if filters.kinds else everything,
        "sectors": _sector_mask(df, filters.sectors) if filters.sectors else everything,
        "parties": _party_mask(df, filters.parties) if filters.parties else everything,
        "query": search_mask(df, filters.query),
        "summit": df["summit_2025_11_15"].fillna(False).astype(bool) if filters.summit_only else everything,
    }


def _combined(df: pd.DataFrame, filters: Filters, skip: str | None = None) -> pd.Series:
    keep = pd.Series(True, index=df.index)
    for name, mask in masks(df, filters).items():
        if name != skip:
            keep &= mask
    return keep


def apply(df: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The rows that pass every filter, newest first (undated rows last)."""
    rows = df[_combined(df, filters)]
    return sort_rows(rows)


def sort_rows(df: pd.DataFrame) -> pd.DataFrame:
    start, _ = _spans(df)
    order = pd.DataFrame({"start": start, "pos": range(len(df))}, index=df.index)
    order = order.sort_values(["start", "pos"], ascending=[False, True], na_position="last", kind="stable")
    return df.loc[order.index].reset_index(drop=True)


def _facet_values(df: pd.DataFrame, facet: str) -> list[str]:
    return {"kinds": kind_values, "sectors": group_values, "parties": party_set_values}[facet](df)


def facet_counts(df: pd.DataFrame, filters: Filters, facet: str) -> list[dict]:
    """[{'value', 'count', 'selected'}] for one facet, counted under all the other filters.

    Values with no row under the other filters are left out unless selected; selected values
    come first, then by count (largest first), then by first appearance in the table.
    """
    if facet not in FACETS:
        raise ValueError(f"facet must be one of {', '.join(FACETS)}, got {facet!r}")
    rows = df[_combined(df, filters, skip=facet)]
    if facet == "sectors":
        counted = pd.Series([group for text in rows["sector"] for group in sector_groups(text)], dtype="object")
    elif facet == "kinds":
        counted = rows["kind"].astype("object")
    else:
        counted = rows["parties"].map(party_set).astype("object")
    counts = counted.value_counts()
    selected = set(getattr(filters, facet))
    out = []
    for position, value in enumerate(_facet_values(df, facet)):
        count = int(counts.get(value, 0))
        if count or value in selected:
            out.append({"value": value, "count": count, "selected": value in selected, "_pos": position})
    out.sort(key=lambda item: (not item["selected"], -item["count"], item["_pos"]))
    for item in out:
        del item["_pos"]
    return out


def summit_package(df: pd.DataFrame) -> pd.DataFrame:
    """The documents of the state visit of 15 November 2025 (the article's list)."""
    return df[df["summit_2025_11_15"].fillna(False).astype(bool)].reset_index(drop=True)


# --- display ----------------------------------------------------------------------------


def titles(df: pd.DataFrame, lang: str) -> tuple[pd.Series, pd.Series]:
    """The title in `lang`, else in the next language of its title order; and which language each is in."""
    return localized_titles(df, normalize_language(lang))


def display_table(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The rows as the page shows (and exports) them, labels in the UI language.

    `title_lang` is filled ('(рус.)', '(in Russian)'…) only where the title is shown in another language,
    so a reader sees which titles are not the source's own in that language. Empty text
    cells are '' (not None), so the table shows and exports them as blank.
    """
    lang = normalize_language(lang)
    title, title_lang = titles(df, lang)
    exact, note = exact_and_note(df, lang)
    out = pd.DataFrame(
        {
            "date": exact,
            "date_note": note,
            "title": title,
            "title_lang": [language_mark(code, lang, text) for code, text in zip(title_lang, title, strict=True)],
            "kind": df["kind"].map(lambda k: kind_label(k, lang)),
            "sector": df["sector"].map(lambda s: sectors_label(s, lang)),
            "parties": df["parties"].map(lambda p: vocabulary.term("parties", p, lang)).astype("object"),
            "summit_2025_11_15": df["summit_2025_11_15"].fillna(False).astype(bool),
            "source_url": df["source_url"].astype("object"),
        },
        index=df.index,
    )
    return out.reset_index(drop=True)


def column_labels(lang: str) -> dict[str, str]:
    return {column: t(f"agreements.column.{column}", lang) for column in TABLE_COLUMNS}


def by_year_sector(df: pd.DataFrame, grouped: bool = False) -> pd.DataFrame:
    """Documents per year and sector, or sector group if `grouped` (a document in several counts in each);
    rows without a year left out."""
    parts = sector_groups if grouped else (lambda text: list(dict.fromkeys(split_sectors(text))))
    rows = [
        {"year": int(year), "sector": part}
        for year, text in zip(df["year"], df["sector"], strict=True)
        if pd.notna(year)
        for part in parts(text)
    ]
    if not rows:
        return pd.DataFrame({"year": pd.Series(dtype="int64"), "sector": pd.Series(dtype="object"), "documents": []})
    counted = pd.DataFrame(rows).value_counts(["year", "sector"]).rename("documents").reset_index()
    return counted.sort_values(["year", "sector"], kind="stable").reset_index(drop=True)


def without_year(df: pd.DataFrame) -> int:
    return int(df["year"].isna().sum())

"""Filter logic of the agreements register on small fixtures, plus facts of the shipped table."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from partnership import agreements as ag
from partnership import data
from partnership.export.tables import as_shown
from partnership.i18n import LANGUAGES, catalog


def _docs() -> pd.DataFrame:
    rows = [
        # date, date_text, year, title_ru, title_en, sector, kind, parties, summit
        (
            "2021-12-06",
            "2021-12-06",
            2021,
            "Соглашение о водных ресурсах",
            "Water agreement",
            "water",
            "agreement",
            "Govs",
            False,
        ),
        ("2022-12-22", "2022-12-22", 2022, None, "Treaty on demarcation of the border", "border", "agreement", "States", False),
        (None, "2022-12/2023-01", 2022, None, "Roadmap of investment", "investment/trade", "plan", "Deputy PMs", False),
        (
            None,
            "date not stated",
            None,
            "Соглашение о центре «Центральная Азия»",
            "ICIC agreement",
            "industry",
            "agreement",
            "Govs",
            False,
        ),
        ("2025-11-15", "2025-11-15", 2025, "Решение о воде", "Decision on water", "water", "decision", "Presidents", True),
        ("2025-11-15", "2025-11-15", 2025, None, "Customs; emergencies", "customs; emergencies", "agreement", "Govs", True),
        (
            "2025-11-15",
            "2025-11-15",
            2025,
            "Меморандум о горной промышленности",
            "MoU on mining",
            "mining",
            "memorandum",
            "Ministries",
            True,
        ),
    ]
    frame = pd.DataFrame(
        rows,
        columns=["date", "date_text", "year", "title_ru", "title_en", "sector", "kind", "parties", "summit_2025_11_15"],
    )
    frame["date"] = pd.to_datetime(frame["date"])
    frame["year"] = frame["year"].astype("Int64")
    frame["title_ru"] = frame["title_ru"].astype("string")
    frame["summit_2025_11_15"] = frame["summit_2025_11_15"].astype("boolean")
    frame["source_url"] = "https://example.org/doc"
    return frame


@pytest.fixture
def docs() -> pd.DataFrame:
    return _docs()


def titles_of(rows: pd.DataFrame) -> list[str]:
    return list(rows["title_en"])


def test_no_filter_keeps_every_row_newest_first_undated_last(docs):
    rows = ag.apply(docs, ag.Filters())
    assert len(rows) == len(docs)
    assert rows.iloc[0]["date"] == pd.Timestamp("2025-11-15")
    assert rows.iloc[-1]["title_en"] == "ICIC agreement"  # no date, no year


def test_search_matches_either_title_all_words_case_and_yo_insensitive(docs):
    assert titles_of(ag.apply(docs, ag.Filters(query="ВОДЕ"))) == ["Decision on water"]
    # English words find rows whose Russian title is missing, Russian words rows whose English title differs.
    assert titles_of(ag.apply(docs, ag.Filters(query="demarcation"))) == ["Treaty on demarcation of the border"]
    assert titles_of(ag.apply(docs, ag.Filters(query="горной"))) == ["MoU on mining"]
    assert set(titles_of(ag.apply(docs, ag.Filters(query="water")))) == {"Water agreement", "Decision on water"}
    # Every word must match, in any order; quotes and punctuation do not matter.
    assert titles_of(ag.apply(docs, ag.Filters(query="азия центре"))) == ["ICIC agreement"]
    assert titles_of(ag.apply(docs, ag.Filters(query="water mining"))) == []
    assert ag.normalize_text("Ёлка «Центральная Азия»") == "елка центральная азия"
    assert ag.normalize_text(None) == ""  # a missing title is empty text


def test_search_takes_the_query_literally_not_as_a_pattern(docs):
    docs.loc[len(docs)] = docs.iloc[0]
    docs.loc[len(docs) - 1, ["title_ru", "title_en"]] = [None, "Loan of $100 mn at 5% (tranche 1.2)"]
    # '$' and '%' are kept as characters of a word: they find only the title that has them.
    assert titles_of(ag.apply(docs, ag.Filters(query="$"))) == ["Loan of $100 mn at 5% (tranche 1.2)"]
    assert titles_of(ag.apply(docs, ag.Filters(query="$100"))) == ["Loan of $100 mn at 5% (tranche 1.2)"]
    assert titles_of(ag.apply(docs, ag.Filters(query="5%"))) == ["Loan of $100 mn at 5% (tranche 1.2)"]
    # '.' and '*' are no wildcards but separators: "1.2" is the words 1 and 2, "wat.*" the word wat.
    assert titles_of(ag.apply(docs, ag.Filters(query="1.2"))) == ["Loan of $100 mn at 5% (tranche 1.2)"]
    assert set(titles_of(ag.apply(docs, ag.Filters(query="wat.*")))) == {"Water agreement", "Decision on water"}
    # Brackets and other pattern characters neither fail nor filter: the remaining words do.
    assert titles_of(ag.apply(docs, ag.Filters(query="(tranche"))) == ["Loan of $100 mn at 5% (tranche 1.2)"]
    assert len(ag.apply(docs, ag.Filters(query="( [ * + ? |"))) == len(docs)
    assert ag.search_terms("$100 (tranche) 5%") == ["$100", "tranche", "5%"]


def test_kind_sector_parties_and_summit_filters_combine_with_and(docs):
    assert len(ag.apply(docs, ag.Filters(kinds=("agreement",)))) == 4
    assert titles_of(ag.apply(docs, ag.Filters(kinds=("agreement",), sectors=("water",)))) == ["Water agreement"]
    # Values of one facet combine with OR.
    assert len(ag.apply(docs, ag.Filters(kinds=("plan", "memorandum")))) == 2
    assert len(ag.apply(docs, ag.Filters(parties=("Govs",)))) == 3
    summit = ag.apply(docs, ag.Filters(summit_only=True))
    assert len(summit) == 3 and summit["summit_2025_11_15"].all()


def test_a_document_with_several_sectors_matches_each(docs):
    assert titles_of(ag.apply(docs, ag.Filters(sectors=("emergencies",)))) == ["Customs; emergencies"]
    assert titles_of(ag.apply(docs, ag.Filters(sectors=("customs",)))) == ["Customs; emergencies"]
    assert ag.split_sectors("customs; emergencies; space") == ["customs", "emergencies", "space"]


def test_date_range_uses_exact_dates_then_years_and_drops_undated_rows_only_when_narrowed(docs):
    rows = ag.apply(docs, ag.Filters(date_from=date(2022, 6, 1), date_to=date(2022, 12, 31)))
    # The demarcation treaty by its date, the roadmap by its year 2022; the ICIC row has neither.
    assert set(titles_of(rows)) == {"Treaty on demarcation of the border", "Roadmap of investment"}
    rows = ag.apply(docs, ag.Filters(date_from=date(2022, 12, 23)))
    assert "Treaty on demarcation of the border" not in titles_of(rows)
    assert "Roadmap of investment" in titles_of(rows)  # its year still overlaps
    assert "ICIC agreement" not in titles_of(rows)
    assert len(ag.apply(docs, ag.Filters(date_to=date(2021, 12, 5)))) == 0


def test_date_extent_and_full_range_means_no_bound(docs):
    extent = ag.date_extent(docs)
    assert extent == (date(2021, 12, 6), date(2025, 11, 15))
    assert ag.full_range_to_none(extent, extent) == (None, None)
    assert ag.full_range_to_none((date(2022, 1, 1), extent[1]), extent) == (date(2022, 1, 1), None)
    # While the user has picked only the start of a range the widget returns one date.
    assert ag.full_range_to_none((date(2022, 1, 1),), extent) == (date(2022, 1, 1), None)
    assert ag.full_range_to_none((), extent) == (None, None)
    # An end inside the table's extent is a bound, with or without a start bound.
    assert ag.full_range_to_none((date(2022, 1, 1), date(2023, 6, 30)), extent) == (date(2022, 1, 1), date(2023, 6, 30))
    assert ag.full_range_to_none((extent[0], date(2023, 6, 30)), extent) == (None, date(2023, 6, 30))


def test_facet_counts_ignore_their_own_filter_but_respect_the_others(docs):
    filters = ag.Filters(kinds=("agreement",), sectors=("water",))
    kinds = {item["value"]: item for item in ag.facet_counts(docs, filters, "kinds")}
    # Under sector=water only: 1 agreement and 1 decision; the kind filter does not narrow its own counts.
    assert {v: i["count"] for v, i in kinds.items()} == {"agreement": 1, "decision": 1}
    assert kinds["agreement"]["selected"] and not kinds["decision"]["selected"]
    sectors = {item["value"]: item["count"] for item in ag.facet_counts(docs, filters, "sectors")}
    # Under kind=agreement, by sector group: water 1, security 2 (border; customs; emergencies), industry 1,
    # trade 1 (customs); the document on customs and emergencies counts once in each of its groups.
    assert sectors == {"water": 1, "security": 2, "industry": 1, "trade": 1}
    # Each count equals the rows that choosing that value alone (with the other filters) would show.
    for value, count in sectors.items():
        assert len(ag.apply(docs, ag.Filters(kinds=("agreement",), sectors=(value,)))) == count


def test_facet_keeps_a_selected_value_with_zero_count_and_lists_selected_first(docs):
    filters = ag.Filters(sectors=("industry",), query="water")
    sectors = ag.facet_counts(docs, filters, "sectors")
    assert sectors[0] == {"value": "industry", "count": 0, "selected": True}
    assert {i["value"] for i in sectors[1:]} == {"water"}
    with pytest.raises(ValueError, match=r"^facet must be one of kinds, sectors, parties, got 'colour'$"):
        ag.facet_counts(docs, filters, "colour")


def test_display_table_marks_titles_shown_in_the_other_language(docs):
    table = ag.display_table(ag.apply(docs, ag.Filters()), "ru")
    assert list(table.columns) == list(ag.TABLE_COLUMNS)
    fallback = table[table["title_lang"] == "(англ.)"]
    assert set(fallback["title"]) == {"Treaty on demarcation of the border", "Roadmap of investment", "Customs; emergencies"}
    own = table[table["title_lang"] == ""]
    assert "Решение о воде" in set(own["title"])
    english = ag.display_table(docs, "en")
    assert (english["title_lang"] == "").all()
    # Date as the source gives it appears only where it says more than the date column.
    assert set(table["date_note"]) == {"", "2022-12/2023-01", "date not stated (англ.)"}  # words the vocabulary lacks are marked
    assert table.loc[table["title"] == "Customs; emergencies", "sector"].item() == "таможня; чрезвычайные ситуации"


def test_by_year_sector_counts_each_sector_and_skips_rows_without_year(docs):
    counts = ag.by_year_sector(docs)
    assert counts["documents"].sum() == 7  # 6 rows with a year, one of them has two sectors
    # The chart's data (and its CSV download): these three columns only, by year then sector.
    assert counts.to_dict("split", index=False) == {
        "columns": ["year", "sector", "documents"],
        "data": [
            [2021, "water", 1],
            [2022, "border", 1],
            [2022, "investment/trade", 1],
            [2025, "customs", 1],
            [2025, "emergencies", 1],
            [2025, "mining", 1],
            [2025, "water", 1],
        ],
    }
    assert counts.set_index(["year", "sector"]).loc[(2025, "water"), "documents"] == 1
    assert ag.without_year(docs) == 1


def test_shipped_package_of_15_november_2025_has_13_documents():
    docs = data.load("agreements")
    package = ag.summit_package(docs)
    assert len(package) == 13  # 11 from the research files + 2 the seed article names, sourced since
    assert (package["date"] == pd.Timestamp("2025-11-15")).all()
    assert len(ag.apply(docs, ag.Filters(summit_only=True))) == 13


def test_sector_and_kind_labels_are_unique_per_language():
    """Labels are the multiselect options' labels, so two values must never share one."""
    docs = data.load("agreements")
    projects = data.load("projects")
    values = list(dict.fromkeys(ag.sector_values(docs) + list(projects["sector"])))
    for lang in ("ru", "en"):
        labels = [ag.sector_label(v, lang) for v in values]
        assert len(set(labels)) == len(labels), lang
        kinds = [ag.kind_label(k, lang) for k in ag.KINDS]
        assert len(set(kinds)) == len(kinds)
        # Every shipped sector has a label in both catalogs.
        assert all(f"registers.sector.{v}" in catalog(lang) for v in values)
    assert ag.sector_label("unknown sector", "ru") == "unknown sector"


def test_vocabularies_in_order_of_first_appearance(docs):
    docs.loc[len(docs)] = docs.iloc[0]
    docs.loc[len(docs) - 1, ["parties", "kind", "sector"]] = [None, "treaty", " ; border ;  ; "]
    assert ag.party_values(docs) == ["Govs", "States", "Deputy PMs", "Presidents", "Ministries"]
    # Known kinds in the register's order, unknown ones after them alphabetically.
    assert ag.kind_values(docs) == ["agreement", "plan", "memorandum", "decision", "treaty"]
    assert ag.sector_values(docs) == ["water", "border", "investment/trade", "industry", "customs", "emergencies", "mining"]
    assert ag.split_sectors(None) == [] and ag.split_sectors(" ; a ;; b ") == ["a", "b"]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_column_labels_come_from_the_catalog(lang):
    labels = ag.column_labels(lang)
    assert list(labels) == list(ag.TABLE_COLUMNS)
    assert labels == {column: catalog(lang)[f"agreements.column.{column}"] for column in ag.TABLE_COLUMNS}


def test_by_year_sector_without_any_year_is_an_empty_table_of_the_same_columns(docs):
    docs["year"] = pd.array([None] * len(docs), dtype="Int64")
    counts = ag.by_year_sector(docs)
    assert counts.empty and list(counts.columns) == ["year", "sector", "documents"]
    assert counts["year"].dtype == "int64" and counts["sector"].dtype == "object"
    assert ag.without_year(docs) == len(docs)


def test_same_day_documents_keep_the_table_order_and_rows_keep_their_columns(docs):
    rows = ag.apply(docs, ag.Filters())
    # The three documents of 15 November 2025 in the register's order; a year-only row at its year's start.
    assert titles_of(rows) == [
        "Decision on water",
        "Customs; emergencies",
        "MoU on mining",
        "Treaty on demarcation of the border",
        "Roadmap of investment",
        "Water agreement",
        "ICIC agreement",
    ]
    # The rows as they are: the register's columns and no leftover index column.
    assert list(rows.columns) == list(docs.columns)
    assert list(rows.index) == list(range(len(rows)))
    package = ag.summit_package(docs)
    assert list(package.columns) == list(docs.columns)
    assert titles_of(package) == ["Decision on water", "Customs; emergencies", "MoU on mining"]


def test_date_bounds_include_their_own_day(docs):
    # A one-day range: the document of that day, and the year-only roadmap whose year contains it.
    one_day = ag.Filters(date_from=date(2022, 12, 22), date_to=date(2022, 12, 22))
    assert titles_of(ag.apply(docs, one_day)) == ["Treaty on demarcation of the border", "Roadmap of investment"]
    summit_day = ag.Filters(date_from=date(2025, 11, 15), date_to=date(2025, 11, 15))
    assert titles_of(ag.apply(docs, summit_day)) == ["Decision on water", "Customs; emergencies", "MoU on mining"]
    # A year-only row is in a range that touches its first or its last day.
    assert "Roadmap of investment" in titles_of(ag.apply(docs, ag.Filters(date_from=date(2022, 12, 31))))
    assert "Roadmap of investment" in titles_of(ag.apply(docs, ag.Filters(date_to=date(2022, 1, 1))))


def test_parties_facet_counts_under_the_other_filters_not_its_own(docs):
    filters = ag.Filters(kinds=("agreement",), parties=("Govs",))
    # Under kind=agreement: Govs on three agreements, States on one; choosing Govs does not hide States.
    assert ag.facet_counts(docs, filters, "parties") == [
        {"value": "Govs", "count": 3, "selected": True},
        {"value": "States", "count": 1, "selected": False},
    ]
    for item in ag.facet_counts(docs, filters, "parties"):
        assert len(ag.apply(docs, ag.Filters(kinds=("agreement",), parties=(item["value"],)))) == item["count"]


def test_facet_values_come_largest_count_first_then_in_the_register_order(docs):
    counts = [(i["value"], i["count"]) for i in ag.facet_counts(docs, ag.Filters(), "sectors")]
    # Sector groups: largest count first, ties in agreements.GROUPS order.
    assert counts == [("security", 2), ("trade", 2), ("industry", 2), ("water", 2)]
    kinds = [(i["value"], i["count"]) for i in ag.facet_counts(docs, ag.Filters(), "kinds")]
    assert kinds == [("agreement", 4), ("plan", 1), ("memorandum", 1), ("decision", 1)]


def test_each_filter_mask_selects_the_rows_its_filter_keeps(docs):
    filters = ag.Filters(
        date_from=date(2025, 1, 1),
        kinds=("agreement",),
        sectors=("water",),
        parties=("Govs",),
        query="water",
        summit_only=True,
    )
    kept = {name: titles_of(docs[mask]) for name, mask in ag.masks(docs, filters).items()}
    assert kept == {
        "dates": ["Decision on water", "Customs; emergencies", "MoU on mining"],
        "kinds": ["Water agreement", "Treaty on demarcation of the border", "ICIC agreement", "Customs; emergencies"],
        "sectors": ["Water agreement", "Decision on water"],
        "parties": ["Water agreement", "ICIC agreement", "Customs; emergencies"],
        "query": ["Water agreement", "Decision on water"],
        "summit": ["Decision on water", "Customs; emergencies", "MoU on mining"],
    }
    # Rows dropped by one filter only, as a page explaining "why is this row hidden" would ask.
    assert titles_of(docs[~ag.masks(docs, filters)["sectors"]]) == [
        "Treaty on demarcation of the border",
        "Roadmap of investment",
        "ICIC agreement",
        "Customs; emergencies",
        "MoU on mining",
    ]


@pytest.mark.parametrize("dtype", ["object", "str"])
def test_search_works_on_titles_held_as_plain_text(docs, dtype):
    """A table built in code holds its titles as Python strings, not pandas' nullable 'string'."""
    for column in ("title_ru", "title_en"):
        docs[column] = docs[column].astype(dtype)
    assert titles_of(ag.apply(docs, ag.Filters(query="water"))) == ["Decision on water", "Water agreement"]
    assert titles_of(ag.apply(docs, ag.Filters(query="горной"))) == ["MoU on mining"]
    assert titles_of(ag.apply(docs, ag.Filters(query="water mining"))) == []


def test_a_document_without_a_summit_flag_is_not_in_the_package(docs):
    docs.loc[docs["title_en"] == "MoU on mining", "summit_2025_11_15"] = pd.NA
    expected = ["Decision on water", "Customs; emergencies"]
    assert titles_of(ag.summit_package(docs)) == expected
    assert titles_of(ag.apply(docs, ag.Filters(summit_only=True))) == expected
    table = ag.display_table(docs, "en")
    assert table.loc[table["title"] == "MoU on mining", "summit_2025_11_15"].item() is False


@pytest.mark.parametrize(
    ("lang", "kind", "sector", "parties"),
    [
        ("en", "agreement / treaty", "customs; emergencies", "Governments of Kazakhstan and Uzbekistan"),
        ("ru", "соглашение / договор", "таможня; чрезвычайные ситуации", "Правительства Казахстана и Узбекистана"),
    ],
)
def test_display_table_labels_kind_sector_and_parties_in_the_page_language(docs, lang, kind, sector, parties):
    docs.loc[docs["title_en"] == "Customs; emergencies", "parties"] = "KZ-UZ governments"
    docs.loc[docs["title_en"] == "MoU on mining", "kind"] = "treaty"  # not in the register's kinds
    table = ag.display_table(docs, lang)
    row = table.iloc[5]  # the customs and emergencies agreement
    assert (row["kind"], row["sector"], row["parties"]) == (kind, sector, parties)
    # A kind the catalog does not know is shown as the data gives it.
    assert table.iloc[6]["kind"] == "treaty"
    assert ag.kind_label("treaty", lang) == "treaty"
    assert ag.sectors_label("customs; emergencies", lang) == sector
    # The summit column is a tick in the table and in its export, not a number.
    shown = as_shown(table)
    assert list(shown["summit_2025_11_15"]) == ["", "", "", "", "✓", "✓", "✓"]


def test_display_table_of_rows_in_another_order_keeps_each_rows_date_note(docs):
    # Rows as a caller may pass them: a subset, or reversed, each row keeping its own index label.
    plans = ag.display_table(docs[docs["kind"] == "plan"], "en")
    assert list(plans["date_note"]) == ["2022-12/2023-01"]
    reversed_table = ag.display_table(docs.iloc[::-1], "en")
    assert list(reversed_table["title"]) == list(docs["title_en"])[::-1]
    assert list(reversed_table["date_note"]) == ["", "", "", "date not stated", "2022-12/2023-01", "", ""]


def test_sectors_are_grouped_and_parties_offered_as_one_form_per_set():
    """The facets offer groups: 25 sectors of 33 documents fall into a few fields, and the two presidents
    are one party set whichever order a source names them in; the table keeps each row's own words."""
    shipped = data.load("agreements")
    assert len(ag.sector_values(shipped)) > 20
    groups = ag.group_values(shipped)
    assert set(groups) <= set(ag.GROUPS) and len(groups) == len(ag.GROUPS)  # every shipped sector has its group
    presidents = shipped[shipped["parties"].str.startswith("Presidents", na=False)]
    assert {"Presidents Mirziyoyev & Tokayev", "Presidents Tokayev & Mirziyoyev"} <= set(presidents["parties"])
    assert {ag.party_set(v) for v in presidents["parties"]} == {"presidents"}
    assert set(ag.party_set_values(shipped)) == set(ag.PARTY_ORDER)
    chosen = ag.apply(shipped, ag.Filters(parties=("presidents",)))
    assert len(chosen) == len(presidents)
    # A link naming a sector (or a party value) as before still filters by it.
    assert len(ag.apply(shipped, ag.Filters(sectors=("environment",)))) == 1
    assert len(ag.apply(shipped, ag.Filters(parties=("KZ MoJ - UZ MoJ",)))) == 1
    # Each group and set has a label of its own in every language; unknown values keep theirs.
    for lang in LANGUAGES:
        labels = [ag.group_label(g, lang) for g in ag.GROUPS] + [ag.party_set_label(p, lang) for p in ag.PARTY_ORDER]
        assert len(set(labels)) == len(labels), lang
        assert all(f"registers.sector_group.{g}" in catalog(lang) for g in ag.GROUPS), lang
        assert all(f"agreements.party_set.{p}" in catalog(lang) for p in ag.PARTY_ORDER), lang
    assert ag.group_label("unknown sector", "ru") == "unknown sector"
    assert ag.sector_groups("customs; emergencies; space") == ["trade", "security", "transport"]
    # The chart's groups count a document once per group.
    grouped = ag.by_year_sector(shipped, grouped=True)
    assert set(grouped["sector"]) == set(groups)
    assert grouped["documents"].sum() == sum(
        len(ag.sector_groups(t)) for t, y in zip(shipped["sector"], shipped["year"], strict=True) if pd.notna(y)
    )

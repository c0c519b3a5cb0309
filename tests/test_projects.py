"""Project totals say what they count; projects without a value are listed, never summed as zero."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from partnership import data
from partnership import projects as pj
from partnership.i18n import t

COLUMNS = ["name", "kind", "sector", "value_usd_mn", "location", "status", "reporter", "as_of", "cited_in_article", "source_url"]


@pytest.fixture
def rows() -> pd.DataFrame:
    frame = pd.DataFrame(
        [
            ("Plant A", "project", "metallurgy", 100.0, "X", "built", None, None, False, "https://a.example/1"),
            ("Plant B", "project", "metallurgy", 20.5, "Y", "planned", None, None, False, "https://a.example/2"),
            ("Bank office", "project", "finance", None, "Z", "opened", None, None, False, "https://a.example/3"),
            ("Centre", "project", "industrial/trade zone", None, "W", "launched", None, None, False, "https://a.example/4"),
            ("Launch (UZ)", "launch_total", "mixed", 1300.0, "both", "", "Uzbekistan", "2025-11-15", True, "https://uz.example"),
            ("Launch (KZ)", "launch_total", "mixed", 1200.0, "both", "", "Kazakhstan", "2025-11-15", False, "https://kz.example"),
            ("Old launch", "launch_total", "mixed", 900.0, "both", "", "Kazakhstan", "2022-12-22", False, "https://kz.example/o"),
            ("Portfolio old", "portfolio", "mixed", 2500.0, "both", "", "Kazakhstan", "2024-04", False, "https://p.example/1"),
            ("Portfolio KZ", "portfolio", "mixed", 1700.0, "both", "", "Kazakhstan", "2025-11-15", False, "https://p.example/2"),
            ("Portfolio UZ", "portfolio", "mixed", 8000.0, "both", "", "Uzbekistan", "2025-11-15", False, "https://p.example/3"),
        ],
        columns=COLUMNS,
    )
    frame["cited_in_article"] = frame["cited_in_article"].astype("boolean")
    return frame


def test_sector_sums_cover_only_projects_with_a_published_value(rows):
    sums = pj.sector_sums(rows)
    assert list(sums["sector"]) == ["metallurgy"]
    assert sums.loc[0, "value_usd_mn"] == pytest.approx(120.5)
    assert sums.loc[0, "projects"] == 2
    # Finance has a project but no value: it is not a zero bar.
    assert "finance" not in set(sums["sector"])


def test_projects_without_value_are_listed_and_the_summary_says_what_is_counted(rows):
    assert list(pj.without_value(rows)["name"]) == ["Bank office", "Centre"]
    summary = pj.valued_summary(rows)
    assert summary == {"sum_usd_mn": pytest.approx(120.5), "valued": 2, "unvalued": 2, "projects": 4}
    # Totals rows are never mixed into the projects' sums.
    assert set(pj.single_projects(rows)["kind"]) == {"project"}


def test_launch_totals_by_side_for_the_latest_launch(rows):
    sides = pj.latest_launch_by_side(rows)
    assert set(sides) == {"Uzbekistan", "Kazakhstan"}
    assert sides["Uzbekistan"]["value_usd_mn"] == 1300.0
    assert sides["Kazakhstan"]["value_usd_mn"] == 1200.0  # not the older 900
    assert sides["Uzbekistan"]["source_url"] == "https://uz.example"


def test_portfolio_range_of_the_latest_statements_and_overall(rows):
    latest = pj.latest_portfolio_range(rows)
    assert (latest["min"]["value_usd_mn"], latest["max"]["value_usd_mn"]) == (1700.0, 8000.0)
    assert latest["min"]["reporter"] == "Kazakhstan" and latest["max"]["reporter"] == "Uzbekistan"
    assert latest["statements"] == 2
    overall = pj.portfolio_range(rows)
    assert overall["statements"] == 3
    assert pj.portfolio_range(rows.iloc[:4]) is None


def test_display_tables_keep_numbers_numeric_and_empty_values_empty(rows):
    table = pj.display_table(rows, "ru")
    assert list(table.columns) == list(pj.TABLE_COLUMNS)
    assert table["value_usd_mn"].dtype == "float64"
    assert math.isnan(table.loc[table["name"].str.startswith("Bank office"), "value_usd_mn"].item())
    assert table.loc[table["name"].str.startswith("Plant A"), "sector"].item() == "металлургия"
    totals = pj.totals_table(rows, "en")
    # Launches then portfolios, newest statement first, larger first within a date.
    assert list(totals["value_usd_mn"]) == [1300.0, 1200.0, 900.0, 8000.0, 1700.0, 2500.0]
    assert list(totals["kind"][:3]) == ["launch total"] * 3


def test_shipped_totals_match_the_article_and_both_sides():
    projects = data.load("projects")
    sides = pj.latest_launch_by_side(projects)
    assert sides["Uzbekistan"]["value_usd_mn"] == 1300.0
    assert bool(sides["Uzbekistan"]["cited_in_article"])
    assert sides["Kazakhstan"]["value_usd_mn"] == 1200.0
    span = pj.latest_portfolio_range(projects)
    assert (pj.mn_to_bn(span["min"]["value_usd_mn"]), pj.mn_to_bn(span["max"]["value_usd_mn"])) == (1.7, 8.0)
    summary = pj.valued_summary(projects)
    expected = projects.loc[(projects["kind"] == "project") & projects["value_usd_mn"].notna(), "value_usd_mn"].sum()
    assert summary["sum_usd_mn"] == pytest.approx(expected)
    assert summary["valued"] + summary["unvalued"] == int((projects["kind"] == "project").sum())
    assert summary["unvalued"] > 0


def test_icic_is_read_from_all_three_tables():
    centre = pj.icic(data.load("projects"), data.load("agreements"), data.load("events"))
    assert "Central Asia" in centre["project"]["name"]
    assert pd.isna(centre["project"]["value_usd_mn"])  # no dollar value was published
    assert len(centre["agreements"]) == 3
    assert all("Industrial Cooperation" in title or "ICIC" in title for title in centre["agreements"]["title_en"])
    assert "centre" in set(centre["events"]["category"])
    # Oldest first, undated last.
    assert pd.isna(centre["agreements"].iloc[-1]["date"])
    assert centre["events"]["date"].is_monotonic_increasing


def test_launch_totals_one_order_the_article_figure_first_then_the_larger(rows):
    smaller_cited = rows.copy()
    smaller_cited.loc[smaller_cited["name"] == "Launch (UZ)", "value_usd_mn"] = 1100.0
    assert list(pj.launch_totals(smaller_cited)["name"]) == ["Launch (UZ)", "Launch (KZ)", "Old launch"]
    uncited = rows.assign(cited_in_article=False)
    assert list(pj.launch_totals(uncited)["name"]) == ["Launch (UZ)", "Launch (KZ)", "Old launch"]  # 1300 before 1200
    assert list(pj.latest_launch_by_side(smaller_cited)) == ["Uzbekistan", "Kazakhstan"]


def test_a_lower_bound_total_reads_over(rows):
    # A table written before the lower_bound field: every value is exact.
    assert not any(pj.is_lower_bound(row) for _, row in rows.iterrows())
    bounded = rows.assign(lower_bound=rows["value_usd_mn"] == 8000.0)
    high = bounded[bounded["name"] == "Portfolio UZ"].iloc[0]
    low = bounded[bounded["name"] == "Portfolio KZ"].iloc[0]
    assert pj.value_bn_label(high, "en") == "over $8 bn"
    assert pj.value_bn_label(high, "ru") == "более 8 млрд $"
    assert pj.value_bn_label(low, "en") == "$1.7 bn"
    assert pj.range_label(low, high, "en") == "$1.7 bn – over $8 bn"
    assert pj.range_label(low, low, "en") == "$1.7–1.7 bn"
    totals = pj.totals_table(bounded, "en")
    assert list(totals.loc[totals["value_usd_mn"] == 8000.0, "lower_bound"]) == [True]
    assert not totals.loc[totals["value_usd_mn"] != 8000.0, "lower_bound"].any()


def test_shipped_portfolio_over_8_bn_is_a_lower_bound():
    projects = data.load("projects")
    span = pj.latest_portfolio_range(projects)
    assert pj.range_label(span["min"], span["max"], "en") == "$1.7 bn – over $8 bn"


# --- each rule on a small table -------------------------------------------------------------------------


def test_views_keep_the_columns_and_a_fresh_index(rows):
    rows.index = range(100, 100 + len(rows))
    for view in (
        pj.single_projects(rows),
        pj.with_value(rows),
        pj.without_value(rows),
        pj.launch_totals(rows),
        pj.portfolios(rows),
    ):
        assert list(view.columns) == COLUMNS
        assert list(view.index) == list(range(len(view)))
    assert list(pj.with_value(rows)["name"]) == ["Plant A", "Plant B"]


def test_sector_sums_largest_first_ties_by_name_with_counts(rows):
    extra = pd.DataFrame(
        [
            ("Mine", "project", "mining", 120.5, "", "", None, None, False, "https://a.example/5"),
            ("Bank", "project", "finance", 60.0, "", "", None, None, False, "https://a.example/6"),
            ("Bank 2", "project", "finance", 0.5, "", "", None, None, False, "https://a.example/7"),
        ],
        columns=COLUMNS,
    )
    sums = pj.sector_sums(pd.concat([rows, extra], ignore_index=True))
    assert sums.to_dict("list") == {
        "sector": ["metallurgy", "mining", "finance"],
        "value_usd_mn": [120.5, 120.5, 60.5],
        "projects": [2, 1, 2],
    }
    assert (sums["sector"].dtype, sums["projects"].dtype) == ("object", "int64")
    assert list(sums.index) == [0, 1, 2]


def test_sector_sums_and_summary_without_any_value(rows):
    unvalued = rows[rows["value_usd_mn"].isna() | (rows["kind"] != "project")]
    sums = pj.sector_sums(unvalued)
    assert sums.empty and list(sums.columns) == ["sector", "value_usd_mn", "projects"]
    assert str(sums["value_usd_mn"].dtype) == "float64"
    assert pj.valued_summary(unvalued) == {"sum_usd_mn": None, "valued": 0, "unvalued": 2, "projects": 2}


def test_totals_newest_first_larger_first_on_a_date_undated_last():
    frame = pd.DataFrame(
        [
            ("a", "portfolio", "mixed", 100.0, "", "", "Kazakhstan", None, False, "https://x.example/1"),
            ("b", "portfolio", "mixed", 200.0, "", "", "Kazakhstan", "2024-01", False, "https://x.example/2"),
            ("c", "portfolio", "mixed", 300.0, "", "", "Uzbekistan", "2024-01", False, "https://x.example/3"),
            ("d", "portfolio", "mixed", None, "", "", "Uzbekistan", "2025-01", False, "https://x.example/4"),
            ("e", "portfolio", "mixed", 50.0, "", "", "Uzbekistan", "2023-05", False, "https://x.example/5"),
        ],
        columns=COLUMNS,
    )
    assert list(pj.portfolios(frame)["name"]) == ["c", "b", "e", "a"]
    latest = pj.latest_portfolio_range(frame)
    assert (latest["min"]["name"], latest["max"]["name"], latest["statements"]) == ("b", "c", 2)
    overall = pj.portfolio_range(frame)
    assert (overall["min"]["name"], overall["max"]["name"], overall["statements"]) == ("e", "c", 4)
    assert pj.portfolio_range(frame, as_of="1999-01") is None
    # Only undated statements: the range of all of them.
    undated = frame.assign(as_of=None)
    assert pj.latest_portfolio_range(undated)["statements"] == 4
    assert pj.latest_portfolio_range(frame[frame["kind"] == "none"]) is None
    assert pj.latest_launch_by_side(frame) == {}


def test_latest_launch_by_side_skips_a_row_without_a_side(rows):
    rows.loc[len(rows)] = (
        "Launch (?)",
        "launch_total",
        "mixed",
        50.0,
        "both",
        "",
        None,
        "2025-11-15",
        False,
        "https://x.example",
    )
    assert set(pj.latest_launch_by_side(rows)) == {"Uzbekistan", "Kazakhstan"}


def test_mn_to_bn():
    assert pj.mn_to_bn(1300) == 1.3 and isinstance(pj.mn_to_bn(1300), float)


def test_tables_show_empty_text_for_missing_text_and_false_for_an_unknown_flag(rows):
    rows.loc[0, "location"] = None
    rows.loc[1, "status"] = None
    table = pj.display_table(rows, "en")
    assert table.loc[0, "location"] == "" and table.loc[1, "status"] == ""
    assert table.loc[0, "name"] == "Plant A" and table.loc[0, "source_url"] == "https://a.example/1"
    assert table.loc[0, "sector"] == "metallurgy"
    rows.loc[4, "cited_in_article"] = None
    rows.loc[5, "reporter"] = None
    rows.loc[6, "as_of"] = None
    totals = pj.totals_table(rows, "ru")
    assert list(totals.columns) == list(pj.TOTAL_COLUMNS)
    assert list(totals["cited_in_article"]) == [False] * 6 and totals["cited_in_article"].dtype == bool
    assert totals["reporter"].tolist().count("") == 1
    assert t("reporter.Uzbekistan", "ru") in set(totals["reporter"])
    assert totals["as_of"].tolist().count("") == 1
    assert list(totals["kind"]) == [t("projects.kind.launch_total", "ru")] * 3 + [t("projects.kind.portfolio", "ru")] * 3


def test_icic_on_small_tables_each_way_of_mentioning_it(rows):
    agreements = pd.DataFrame(
        {
            "date": pd.to_datetime(["2024-05-01", None, "2019-01-01", "2020-01-01"]),
            "year": pd.array([2024, None, 2019, 2020], dtype="Int64"),
            "title_en": ["ICIC statute", "On the centre", "Water", "Roads"],
            "title_ru": [None, "О Международном центре промышленной кооперации", None, "Дороги"],
        }
    )
    events = pd.DataFrame(
        {
            "date": pd.to_datetime(["2025-11-15", "2023-01-01", "2022-01-01", "2021-01-01"]),
            "year": pd.array([2025, 2023, 2022, 2021], dtype="Int64"),
            "category": ["visit", "centre", "visit", "visit"],
            "title_en": ["Summit", "Ground broken", "ICIC opened", "Talks"],
            "title_ru": ["Саммит МЦПК", "Закладка", "Открытие", "Переговоры"],
        }
    )
    centre = pj.icic(rows, agreements, events)
    assert centre["project"] is None  # no project row names the centre
    assert list(centre["agreements"]["title_en"]) == ["ICIC statute", "On the centre"]  # dated first, undated last
    assert list(centre["events"]["title_en"]) == ["ICIC opened", "Ground broken", "Summit"]
    assert list(centre["agreements"].columns) == list(agreements.columns)
    assert list(centre["events"].columns) == list(events.columns)
    assert list(centre["events"].index) == [0, 1, 2]
    named = rows.assign(name=rows["name"].where(rows["name"] != "Centre", "Industrial Cooperation centre"))
    assert pj.icic(named, agreements, events)["project"]["name"] == "Industrial Cooperation centre"


def test_totals_table_has_a_fresh_index_reporters_in_the_language_and_empty_status(rows):
    rows.loc[rows["name"] == "Portfolio KZ", "status"] = None
    totals = pj.totals_table(rows, "en")
    assert list(totals.index) == list(range(6))
    assert list(totals["reporter"][:2]) == [t("reporter.Uzbekistan", "en"), t("reporter.Kazakhstan", "en")]
    assert totals.loc[totals["name"] == "Portfolio KZ", "status"].item() == ""


def test_names_follow_the_language_and_say_which_language_they_are_in(rows):
    named = rows.assign(name_ru=["Завод А"] + [None] * (len(rows) - 1))
    shown, shown_lang = pj.names(named, "ru")
    assert (shown.iloc[0], shown_lang.iloc[0]) == ("Завод А", "ru")
    assert shown_lang.iloc[1] == "en"  # no Russian name: the English one, never a translation
    assert pj.marked_names(named, "ru").iloc[1] == f"{named['name'].iloc[1]} (англ.)"
    assert pj.marked_names(named, "en").iloc[0] == named["name"].iloc[0]
    assert pj.marked_names(named, "uz").iloc[0] == "Завод А (ruscha)"
    assert pj.marked_names(rows, "ru").iloc[0].endswith("(англ.)")  # a table without name_ru still works


def test_shipped_names_in_russian_are_the_sources_own():
    projects = data.load("projects")
    assert "name_ru" in projects.columns
    with_ru = projects[projects["name_ru"].notna()]
    assert len(with_ru) >= 10
    centre = projects[projects["name"].str.startswith("International Center")].iloc[0]
    assert centre["name_ru"] == "Международный центр промышленной кооперации «Центральная Азия»"
    assert pj.display_table(projects, "ru")["name"].str.contains("Головной офис «Tenge Bank»", regex=False).any()

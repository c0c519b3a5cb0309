"""partnership.trade: full years, the headline figure, reconciliation of disagreeing sources."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from partnership import data, trade


@pytest.fixture(scope="module")
def shipped():
    return data.load("trade")


def rows(*records):
    base = {
        "period": "full year",
        "period_type": "full_year",
        "months": 12,
        "exports_uz_to_kz_usd_bn": None,
        "imports_uz_from_kz_usd_bn": None,
        "growth_reported_pct": None,
        "lower_bound": False,
        "reporter_detail": "x",
        "cited_in_article": False,
        "source_title": "t",
        "source_url": "https://example.org",
        "quote": "",
    }
    return pd.DataFrame([{**base, **r} for r in records])


def test_full_year_excludes_part_years(shipped):
    full = trade.full_year(shipped)
    assert set(full["period_type"]) == {"full_year"}
    assert full["year"].is_monotonic_increasing
    assert 2019 not in set(full["year"])  # only a part of 2019 has a figure
    # 2016's rounded "$1 bn" remark is not a full year (it is below the Jan-Sep 2016 figure)
    assert 2016 not in set(full["year"])


def test_latest_full_year_is_2025_uzbek_ministry(shipped):
    latest = trade.latest_full_year(shipped)
    assert (latest["year"], latest["turnover_usd_bn"], latest["growth_reported_pct"]) == (2025, 4.97, 11.4)
    assert "trend.az" in latest["source_url"]


def test_latest_prefers_uzbek_then_kazakh_then_other():
    table = rows(
        {"year": 2024, "turnover_usd_bn": 4.3, "reporter": "other"},
        {"year": 2024, "turnover_usd_bn": 4.4, "reporter": "Kazakhstan"},
        {"year": 2023, "turnover_usd_bn": 9.0, "reporter": "Uzbekistan"},
    )
    assert trade.latest_full_year(table)["turnover_usd_bn"] == 4.4


def test_latest_follows_the_preference_even_when_the_preferred_figure_is_smaller():
    # The Uzbek figure is the smallest of the latest year: the preference, not the size, picks it.
    table = rows(
        {"year": 2024, "turnover_usd_bn": 4.6, "reporter": "Kazakhstan"},
        {"year": 2024, "turnover_usd_bn": 4.0, "reporter": "Uzbekistan"},
        {"year": 2024, "turnover_usd_bn": 4.9, "reporter": "other"},
        {"year": 2023, "turnover_usd_bn": 9.0, "reporter": "Uzbekistan"},
    )
    latest = trade.latest_full_year(table)
    assert (latest["year"], latest["reporter"], latest["turnover_usd_bn"]) == (2024, "Uzbekistan", 4.0)
    # Without an Uzbek figure the Kazakh one wins over a larger media figure.
    kazakh = trade.latest_full_year(table[table["reporter"] != "Uzbekistan"])
    assert (kazakh["reporter"], kazakh["turnover_usd_bn"]) == ("Kazakhstan", 4.6)
    assert "_rank" not in latest.index


def test_latest_without_full_year_raises():
    with pytest.raises(LookupError):
        trade.latest_full_year(rows({"year": 2024, "turnover_usd_bn": 1.0, "reporter": "other", "period_type": "part_year"}))


def test_disagreements_show_both_figures(shipped):
    spread = trade.disagreements(shipped).set_index("year")
    assert (spread.loc[2022, "min"], spread.loc[2022, "max"]) == (4.6, 5.0)
    assert (spread.loc[2023, "min"], spread.loc[2023, "max"]) == (4.4, 4.5)
    assert (spread.loc[2024, "min"], spread.loc[2024, "max"]) == (4.0, 4.3)
    assert spread.loc[2024, "min_over"] and not spread.loc[2024, "max_over"]  # "over $4 bn"
    assert 2025 not in spread.index


def test_reconciliation_keeps_every_figure(shipped):
    recon = trade.reconciliation(shipped)
    assert len(recon) == shipped["turnover_usd_bn"].notna().sum()
    year_2022 = recon[recon["year"] == 2022]
    assert year_2022["disagree"].all()
    # full-year figures first, then part-year, then unclear
    order = list(year_2022["period_type"])
    assert order == sorted(order, key=["full_year", "part_year", "unclear"].index)


def test_balance_only_where_both_sides_given(shipped):
    balanced = trade.with_balance(shipped)
    row = balanced[(balanced["year"] == 2022) & (balanced["turnover_usd_bn"] == 4.6)].iloc[0]
    assert row["balance_usd_bn"] == pytest.approx(1.4 - 3.2)
    assert balanced[balanced["exports_uz_to_kz_usd_bn"].isna()]["balance_usd_bn"].isna().all()


def test_reported_growth_is_as_stated(shipped):
    growth = trade.reported_growth(shipped)
    assert {(2025, 11.4), (2022, 17.9), (2018, 50.0)} <= set(zip(growth["year"], growth["growth_reported_pct"], strict=True))


def test_reported_growth_keeps_part_year_rates_in_order():
    table = rows(
        {
            "year": 2021,
            "turnover_usd_bn": 3.0,
            "reporter": "Uzbekistan",
            "period": "Jan-Oct",
            "period_type": "part_year",
            "months": 10,
            "growth_reported_pct": 30.2,
        },
        {
            "year": 2021,
            "turnover_usd_bn": None,
            "reporter": "other",
            "period": "?",
            "period_type": "unclear",
            "months": None,
            "growth_reported_pct": 25.0,
        },
        {"year": 2020, "turnover_usd_bn": 3.1, "reporter": "Uzbekistan", "growth_reported_pct": -5.0},
        {"year": 2021, "turnover_usd_bn": 3.8, "reporter": "Uzbekistan", "growth_reported_pct": 22.0},
        {"year": 2022, "turnover_usd_bn": 4.6, "reporter": "Kazakhstan"},
    )
    growth = trade.reported_growth(table)
    # Every stated rate, part-year and unclear ones too, by year and then months (unknown months last).
    assert list(zip(growth["year"], growth["period_type"], growth["growth_reported_pct"], strict=True)) == [
        (2020, "full_year", -5.0),
        (2021, "part_year", 30.2),
        (2021, "full_year", 22.0),
        (2021, "unclear", 25.0),
    ]
    assert list(growth.index) == [0, 1, 2, 3]


def test_reported_growth_of_the_shipped_data_keeps_its_part_year_rates(shipped):
    stated = shipped[shipped["growth_reported_pct"].notna()]
    growth = trade.reported_growth(shipped)
    assert len(growth) == len(stated)
    assert (growth["period_type"] != "full_year").sum() == (stated["period_type"] != "full_year").sum()


def test_article_figure(shipped):
    figure = trade.article_figure(shipped)
    assert figure["turnover_usd_bn"] == 4.0 and figure["period_type"] == "part_year"


def test_full_year_keeps_only_full_years_with_a_turnover_sorted_by_year_then_value():
    table = rows(
        {"year": 2024, "turnover_usd_bn": 4.3, "reporter": "other"},
        {"year": 2023, "turnover_usd_bn": 4.5, "reporter": "Kazakhstan"},
        {"year": 2024, "turnover_usd_bn": 4.0, "reporter": "Uzbekistan"},
        {"year": 2023, "turnover_usd_bn": None, "reporter": "Uzbekistan"},
        {"year": 2022, "turnover_usd_bn": 3.0, "reporter": "Uzbekistan", "period_type": "part_year", "months": 9},
    )
    full = trade.full_year(table)
    assert list(zip(full["year"], full["turnover_usd_bn"], strict=True)) == [(2023, 4.5), (2024, 4.0), (2024, 4.3)]
    assert list(full.index) == [0, 1, 2]


def test_by_reporters_keeps_the_chosen_reporters_in_their_order():
    table = rows(
        {"year": 2024, "turnover_usd_bn": 4.3, "reporter": "other"},
        {"year": 2024, "turnover_usd_bn": 4.4, "reporter": "Kazakhstan"},
        {"year": 2024, "turnover_usd_bn": 4.0, "reporter": "Uzbekistan"},
    )
    chosen = trade.by_reporters(table, ("Uzbekistan", "other"))
    assert list(chosen["reporter"]) == ["other", "Uzbekistan"]
    assert list(chosen.index) == [0, 1]
    assert trade.by_reporters(table, []).empty


def test_article_figure_is_the_last_flagged_row_or_none():
    table = rows(
        {"year": 2024, "turnover_usd_bn": 4.3, "reporter": "other", "cited_in_article": True},
        {"year": 2025, "turnover_usd_bn": 4.0, "reporter": "other", "cited_in_article": None},
        {"year": 2025, "turnover_usd_bn": 3.9, "reporter": "Uzbekistan", "cited_in_article": True},
        {"year": 2025, "turnover_usd_bn": 3.0, "reporter": "Uzbekistan", "cited_in_article": False},
    )
    assert trade.article_figure(table)["turnover_usd_bn"] == 3.9
    assert trade.article_figure(table.iloc[[1, 3]]) is None


def test_reconciliation_and_disagreements_on_a_small_table():
    table = rows(
        {"year": 2024, "turnover_usd_bn": 4.3, "reporter": "other"},
        {"year": 2024, "turnover_usd_bn": 4.0, "reporter": "Uzbekistan"},
        {"year": 2024, "turnover_usd_bn": 2.0, "reporter": "Uzbekistan", "period_type": "part_year", "months": 6},
        {"year": 2024, "turnover_usd_bn": 3.5, "reporter": "other", "period_type": "unclear", "months": None},
        {"year": 2024, "turnover_usd_bn": 1.0, "reporter": "other", "period_type": "part_year", "months": 3},
        {"year": 2023, "turnover_usd_bn": 4.4, "reporter": "Uzbekistan"},
        {"year": 2023, "turnover_usd_bn": 4.4, "reporter": "Kazakhstan"},
        {"year": 2022, "turnover_usd_bn": 2.5, "reporter": "other", "period_type": "part_year", "months": 6},
        {"year": 2022, "turnover_usd_bn": None, "reporter": "other"},
    )
    recon = trade.reconciliation(table)
    assert list(zip(recon["year"], recon["period_type"], recon["turnover_usd_bn"], strict=True)) == [
        (2022, "part_year", 2.5),
        (2023, "full_year", 4.4),
        (2023, "full_year", 4.4),
        (2024, "full_year", 4.0),
        (2024, "full_year", 4.3),
        (2024, "part_year", 1.0),
        (2024, "part_year", 2.0),
        (2024, "unclear", 3.5),
    ]
    assert list(recon.index) == list(range(8))
    by_year = recon.drop_duplicates("year").set_index("year")
    assert by_year.loc[2022, "full_year_sources"] == 0 and pd.isna(by_year.loc[2022, "full_year_min"])
    assert not by_year.loc[2022, "disagree"]
    assert (by_year.loc[2023, "full_year_sources"], by_year.loc[2023, "disagree"]) == (2, False)
    assert (by_year.loc[2024, "full_year_min"], by_year.loc[2024, "full_year_max"], by_year.loc[2024, "full_year_sources"]) == (
        4.0,
        4.3,
        2,
    )
    assert recon[recon["year"] == 2024]["disagree"].all()
    assert recon["full_year_sources"].dtype == "int64"
    assert list(recon.columns) == [
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
    spread = trade.disagreements(table)
    assert list(spread.columns) == ["year", "min", "max", "count", "min_over", "max_over"]
    assert spread.to_dict("records") == [{"year": 2024, "min": 4.0, "max": 4.3, "count": 2, "min_over": False, "max_over": False}]


def test_a_disagreement_says_which_end_is_only_a_lower_bound():
    table = rows(
        {"year": 2024, "turnover_usd_bn": 9.0, "reporter": "other", "period_type": "part_year", "months": 6},
        {"year": 2024, "turnover_usd_bn": 4.0, "reporter": "other", "lower_bound": True},
        {"year": 2024, "turnover_usd_bn": 4.3, "reporter": "Uzbekistan"},
        {"year": 2023, "turnover_usd_bn": 4.4, "reporter": "other", "lower_bound": True},
        {"year": 2023, "turnover_usd_bn": 4.4, "reporter": "Kazakhstan"},  # the same figure given exactly
        {"year": 2023, "turnover_usd_bn": 4.6, "reporter": "Uzbekistan", "lower_bound": True},
        {"year": 2022, "turnover_usd_bn": 4.6, "reporter": "other", "lower_bound": pd.NA},  # not stated: exact
        {"year": 2022, "turnover_usd_bn": 5.0, "reporter": "Uzbekistan", "lower_bound": False},
        {"year": 2021, "turnover_usd_bn": 3.9, "reporter": "other", "lower_bound": True},  # every figure "over"
        {"year": 2021, "turnover_usd_bn": 4.1, "reporter": "Kazakhstan", "lower_bound": True},
    )
    spread = trade.disagreements(table).set_index("year")
    assert spread[["min_over", "max_over"]].to_dict("index") == {
        2021: {"min_over": True, "max_over": True},
        2022: {"min_over": False, "max_over": False},
        2023: {"min_over": False, "max_over": True},
        2024: {"min_over": True, "max_over": False},
    }
    only_part_year = trade.disagreements(table[table["period_type"] == "part_year"])
    assert only_part_year.empty and list(only_part_year.columns) == ["year", "min", "max", "count", "min_over", "max_over"]


def test_balance_is_exports_minus_imports():
    table = rows(
        {
            "year": 2024,
            "turnover_usd_bn": 4.0,
            "reporter": "Uzbekistan",
            "exports_uz_to_kz_usd_bn": 1.5,
            "imports_uz_from_kz_usd_bn": 2.5,
        },
        {
            "year": 2023,
            "turnover_usd_bn": 4.0,
            "reporter": "Uzbekistan",
            "exports_uz_to_kz_usd_bn": 3.0,
            "imports_uz_from_kz_usd_bn": 1.0,
        },
    )
    balanced = trade.with_balance(table)
    assert list(balanced["balance_usd_bn"]) == [-1.0, 2.0]
    assert "balance_usd_bn" not in table.columns  # the input is not changed


def test_views_keep_the_table_s_columns_and_a_fresh_index():
    table = rows(
        {
            "year": 2024,
            "turnover_usd_bn": 2.0,
            "reporter": "other",
            "period_type": "part_year",
            "months": 6,
            "growth_reported_pct": 5.0,
        },
        {"year": 2023, "turnover_usd_bn": 4.4, "reporter": "Uzbekistan", "growth_reported_pct": 3.0},
    )
    table.index = [10, 20]
    for view in (
        trade.reported_growth(table),
        trade.by_reporters(table, ["other"]),
        trade.full_year(table),
    ):
        assert list(view.columns) == list(table.columns)
        assert list(view.index) == list(range(len(view)))


def test_article_figure_treats_an_unknown_flag_as_not_cited():
    table = rows(
        {"year": 2024, "turnover_usd_bn": 4.3, "reporter": "other"},
        {"year": 2025, "turnover_usd_bn": 4.0, "reporter": "other"},
        {"year": 2025, "turnover_usd_bn": 3.0, "reporter": "Uzbekistan"},
    )
    table["cited_in_article"] = pd.array([True, None, False], dtype="boolean")
    assert trade.article_figure(table)["turnover_usd_bn"] == 4.3


def test_of_several_figures_of_the_preferred_reporter_the_smallest_is_the_headline():
    # full_year orders a year's figures by value; the preference sort must keep that order among equals
    # (enough rows that an unstable sort, numpy's introsort past 16 elements, would not).
    generator = np.random.default_rng(1)
    reporters = generator.choice(["Uzbekistan", "Kazakhstan", "other"], 40)
    values = generator.permutation(np.arange(40)) / 10 + 1
    table = rows(*({"year": 2024, "turnover_usd_bn": v, "reporter": r} for v, r in zip(values, reporters, strict=True)))
    latest = trade.latest_full_year(table)
    assert (latest["reporter"], latest["turnover_usd_bn"]) == ("Uzbekistan", min(values[reporters == "Uzbekistan"]))


def test_growth_check_reconciles_the_stated_rate(shipped):
    latest = trade.latest_full_year(shipped)
    check = trade.growth_check(shipped, latest)
    value, stated = float(latest["turnover_usd_bn"]), float(latest["growth_reported_pct"])
    assert check.stated_pct == stated
    assert check.implied_base == pytest.approx(value / (1 + stated / 100))
    previous = check.previous
    assert previous["year"] == latest["year"] - 1 and previous["reporter"] == latest["reporter"]
    assert not previous["lower_bound"]
    assert check.computed == pytest.approx(value / float(previous["turnover_usd_bn"]) - 1)


def test_growth_check_without_a_rate_or_a_previous_figure(shipped):
    latest = trade.latest_full_year(shipped)
    assert trade.growth_check(shipped, latest.copy().drop("growth_reported_pct")) is None
    alone = shipped[shipped["year"] != int(latest["year"]) - 1]
    check = trade.growth_check(alone, latest)
    assert check.previous is None and check.computed is None
    assert check.implied_base == pytest.approx(
        float(latest["turnover_usd_bn"]) / (1 + float(latest["growth_reported_pct"]) / 100)
    )

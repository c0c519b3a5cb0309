"""partnership.trade: full years, the headline figure, reconciliation of disagreeing sources."""

from __future__ import annotations

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
    assert 2020 not in set(full["year"])  # no figure at all for 2020
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


def test_latest_without_full_year_raises():
    with pytest.raises(LookupError):
        trade.latest_full_year(rows({"year": 2024, "turnover_usd_bn": 1.0, "reporter": "other", "period_type": "part_year"}))


def test_disagreements_show_both_figures(shipped):
    spread = trade.disagreements(shipped).set_index("year")
    assert (spread.loc[2022, "min"], spread.loc[2022, "max"]) == (4.6, 5.0)
    assert (spread.loc[2023, "min"], spread.loc[2023, "max"]) == (4.4, 4.5)
    assert (spread.loc[2024, "min"], spread.loc[2024, "max"]) == (4.0, 4.3)
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


def test_article_figure(shipped):
    figure = trade.article_figure(shipped)
    assert figure["turnover_usd_bn"] == 4.0 and figure["period_type"] == "part_year"

"""data/ through partnership.data: the shipped Data Package is valid Frictionless, every resource loads with sources,
the figures are the ones the sources give (reading and its errors: tests/io/test_load.py, tests/io/test_package.py)."""

from __future__ import annotations

import json

import pytest
from frictionless import validate

from partnership import data
from tests.conftest import DATA_DIR


def test_datapackage_is_valid_frictionless():
    report = validate(str(DATA_DIR / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])


@pytest.mark.parametrize("resource", data.RESOURCES)
def test_every_resource_loads_with_sources(resource):
    frame = data.load(resource)
    assert len(frame) > 0
    assert frame["source_url"].str.match(r"^https?://").all()


def test_trade_keeps_every_source_and_the_article_row():
    trade = data.load("trade")
    # 41 research rows (the seed article cites one of them) + the figures added from public pages since
    assert len(trade) == 62
    in_2022 = trade[(trade["year"] == 2022) & (trade["period_type"] == "full_year")]
    assert sorted(in_2022["turnover_usd_bn"]) == [4.6, 5.0, 5.0, 5.0]
    article = trade[trade["cited_in_article"]]
    assert list(article["turnover_usd_bn"]) == [4.0]
    assert list(article["growth_reported_pct"]) == [15.0]


def test_missing_figures_stay_missing():
    trade = data.load("trade")
    assert not (trade["year"].isin(range(2000, 2010))).any()
    assert not ((trade["year"] == 2019) & (trade["period_type"] == "full_year")).any()
    jan_may_2024 = trade[(trade["year"] == 2024) & (trade["period"] == "Jan-May")]
    # The row with exports and imports has no turnover; the turnover is its own source's row.
    assert jan_may_2024["turnover_usd_bn"].isna().sum() == 1


def test_shipped_data_untouched_by_tests():
    descriptor = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    assert {r["name"] for r in descriptor["resources"]} == set(data.RESOURCES)

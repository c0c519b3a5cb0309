"""partnership.data: the shipped Data Package loads typed, and broken files end in DataError."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from frictionless import validate

from partnership import data
from partnership.data import DataError
from tests.conftest import DATA_DIR


def test_datapackage_is_valid_frictionless():
    report = validate(str(DATA_DIR / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])


@pytest.mark.parametrize("resource", data.RESOURCES)
def test_every_resource_loads_with_sources(resource):
    frame = data.load(resource)
    assert len(frame) > 0
    assert frame["source_url"].str.match(r"^https?://").all()


def test_trade_is_typed_per_schema():
    trade = data.load("trade")
    assert str(trade["year"].dtype) == "Int64"
    assert trade["turnover_usd_bn"].dtype == "float64"
    assert str(trade["lower_bound"].dtype) == "boolean"
    assert set(trade["period_type"]) <= {"full_year", "part_year", "unclear"}


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


def test_data_dir_from_environment(monkeypatch, data_copy):
    monkeypatch.setenv(data.DATA_DIR_ENV, str(data_copy))
    assert data.resolve_data_dir() == data_copy
    assert len(data.load("targets")) == len(data.load("targets", DATA_DIR))


def _write_rows(folder, resource, mutate):
    path = folder / f"{resource}.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    mutate(frame)
    frame.to_csv(path, index=False)


def test_error_names_file_row_and_column(data_copy):
    _write_rows(
        data_copy,
        "trade",
        lambda f: f.__setitem__("turnover_usd_bn", ["-1" if i == 2 else v for i, v in enumerate(f["turnover_usd_bn"])]),
    )
    with pytest.raises(DataError) as caught:
        data.load("trade", data_copy)
    message = str(caught.value)
    assert "trade.csv" in message
    assert "row 4" in message  # third data row: header is row 1
    assert "turnover_usd_bn" in message
    assert "at least 0" in message


def test_year_outside_range_and_bad_number(data_copy):
    def mutate(frame):
        frame.loc[0, "year"] = "1890"
        frame.loc[1, "exports_uz_to_kz_usd_bn"] = "abc"

    _write_rows(data_copy, "trade", mutate)
    with pytest.raises(DataError) as caught:
        data.load("trade", data_copy)
    problems = {(p.row, p.column) for p in caught.value.problems}
    assert (2, "year") in problems
    assert (3, "exports_uz_to_kz_usd_bn") in problems
    assert "must be at least 1991" in str(caught.value)


def test_missing_required_column(data_copy):
    def mutate(frame):
        del frame["target_usd_bn"]

    _write_rows(data_copy, "targets", mutate)
    with pytest.raises(DataError, match=r"targets.csv: row 1, column 'target_usd_bn': required column is missing"):
        data.load("targets", data_copy)


def test_missing_file_and_bad_descriptor(data_copy):
    (data_copy / "events.csv").unlink()
    with pytest.raises(DataError, match=r"events.csv: file not found"):
        data.load("events", data_copy)
    (data_copy / "datapackage.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(DataError, match="datapackage.json: not valid JSON"):
        data.load("trade", data_copy)


def test_unknown_resource(data_copy):
    with pytest.raises(DataError, match="no resource 'nope'"):
        data.load("nope", data_copy)


def test_non_utf8_file(data_copy):
    (data_copy / "events.csv").write_bytes("год\n".encode("cp1251") + b"\xff\xfe\n")
    with pytest.raises(DataError, match="events.csv"):
        data.load("events", data_copy)


def test_shipped_data_untouched_by_tests():
    descriptor = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    assert {r["name"] for r in descriptor["resources"]} == set(data.RESOURCES)

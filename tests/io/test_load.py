"""partnership.io.load: a resource read from its file, typed per its Table Schema; a broken file ends in one DataError
naming file, row and column."""

from __future__ import annotations

import pandas as pd
import pytest

from partnership.io.load import load
from partnership.io.problems import DataError


def test_trade_is_typed_per_schema():
    trade = load("trade")
    assert str(trade["year"].dtype) == "Int64"
    assert trade["turnover_usd_bn"].dtype == "float64"
    assert str(trade["lower_bound"].dtype) == "boolean"
    assert set(trade["period_type"]) <= {"full_year", "part_year", "unclear"}


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
        load("trade", data_copy)
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
        load("trade", data_copy)
    problems = {(p.row, p.column) for p in caught.value.problems}
    assert (2, "year") in problems
    assert (3, "exports_uz_to_kz_usd_bn") in problems
    assert "must be at least 1991" in str(caught.value)


def test_missing_required_column(data_copy):
    def mutate(frame):
        del frame["target_usd_bn"]

    _write_rows(data_copy, "targets", mutate)
    with pytest.raises(DataError, match=r"targets.csv: row 1, column 'target_usd_bn': required column is missing"):
        load("targets", data_copy)


def test_missing_file_and_bad_descriptor(data_copy):
    (data_copy / "events.csv").unlink()
    with pytest.raises(DataError, match=r"events.csv: file not found"):
        load("events", data_copy)
    (data_copy / "datapackage.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(DataError, match="datapackage.json: not valid JSON"):
        load("trade", data_copy)


def test_non_utf8_file(data_copy):
    (data_copy / "events.csv").write_bytes("год\n".encode("cp1251") + b"\xff\xfe\n")
    with pytest.raises(DataError, match="events.csv"):
        load("events", data_copy)


def test_an_empty_or_garbled_csv_is_one_problem_naming_the_file(data_copy):
    (data_copy / "events.csv").write_text("", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load("events", data_copy)
    assert [problem.code for problem in caught.value.problems] == ["unreadable_csv"]
    assert caught.value.file.endswith("events.csv")
    (data_copy / "targets.csv").write_text('a,b\n"unclosed,1\n', encoding="utf-8")
    with pytest.raises(DataError, match=r"targets.csv: not a readable CSV table"):
        load("targets", data_copy)


def test_an_empty_cell_is_missing_and_text_is_never_guessed_a_number(data_copy):
    """Cells are read as text and typed by the schema only: "NA" in a title stays "NA", an empty cell is missing."""

    def mutate(frame):
        frame.loc[0, "title_uz"] = "NA"
        frame.loc[1, "title_uz"] = ""

    _write_rows(data_copy, "events", mutate)
    events = load("events", data_copy)
    assert events.loc[0, "title_uz"] == "NA"
    assert pd.isna(events.loc[1, "title_uz"])

"""partnership.io.read_table (+ io.raw): files as people have them read back typed; every bad file ends in DataError, fast."""

from __future__ import annotations

import codecs
import csv
import io
import pathlib
import re
import time
import zipfile
from datetime import date, datetime
from datetime import time as dt_time

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnership import data
from partnership.data import DataError
from partnership.export.tables import table_bytes
from partnership.i18n import problem_text
from partnership.io import raw
from partnership.io.problems import Problem
from partnership.io.problems import problem as make_problem
from partnership.io.read_table import Limits, detect_delimiter, normalize_number, parse_numbers, read_table

TRADE = data.load("trade")
HEADER = ",".join(TRADE.columns)
# One valid trade row per line; the fields in schema order.
GOOD_ROW = "2024,full year,full_year,12,4.97,1.5,3.47,11.4,false,Uzbekistan,Statistics Agency,false,Title,https://stat.uz/x,quote"


def trade_csv(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def cp1251_encodable(df: pd.DataFrame) -> pd.DataFrame:
    """The frame with characters Windows-1251 lacks (e.g. Kazakh ң) replaced by '?', as Excel would save them."""
    out = df.copy()
    for column in out.columns:
        if str(out[column].dtype) == "string":
            out[column] = (
                out[column]
                .map(lambda v: v.encode("cp1251", "replace").decode("cp1251") if isinstance(v, str) else v)
                .astype("string")
            )
    return out


# --- round trips -------------------------------------------------------------------------------


@pytest.mark.parametrize("resource", data.RESOURCES)
def test_cp1251_semicolon_decimal_comma_round_trip(resource):
    shipped = cp1251_encodable(data.load(resource))
    raw = shipped.to_csv(sep=";", decimal=",", index=False).encode("cp1251")
    assert b";" in raw.splitlines()[0]
    back = read_table(raw, resource, name=f"{resource}.csv")
    pd.testing.assert_frame_equal(back, shipped)


def test_round_trip_keeps_cyrillic_and_decimal_commas_in_trade():
    shipped = cp1251_encodable(TRADE)
    raw = shipped.to_csv(sep=";", decimal=",", index=False).encode("cp1251")
    assert b"4,97" in raw
    assert "Товарооборот".encode("cp1251") in raw
    back = read_table(raw, "trade")
    assert (
        back.loc[back["turnover_usd_bn"] == 4.97, "year"].tolist() == TRADE.loc[TRADE["turnover_usd_bn"] == 4.97, "year"].tolist()
    )
    assert back["source_title"].str.contains("Товарооборот").any()


@pytest.mark.parametrize(
    ("encoding", "sep"),
    [("utf-8", ","), ("utf-8-sig", ","), ("utf-8-sig", ";"), ("utf-8", "\t"), ("cp1251", "\t"), ("cp1251", ",")],
)
def test_encodings_and_delimiters(encoding, sep):
    shipped = cp1251_encodable(data.load("events"))
    raw = shipped.to_csv(sep=sep, index=False).encode(encoding)
    pd.testing.assert_frame_equal(read_table(raw, "events"), shipped)


def test_xlsx_round_trip(tmp_path):
    shipped = data.load("targets")
    path = tmp_path / "targets.xlsx"
    path.write_bytes(table_bytes(shipped, "xlsx"))
    pd.testing.assert_frame_equal(read_table(path, "targets"), shipped)


def test_xlsx_with_numbers_dates_and_booleans_as_excel_types(tmp_path):
    from datetime import datetime

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(
        [
            " TARGET_USD_BN ",
            "Target_Year",
            "set_date",
            "status",
            "title_en",
            "title_ru",
            "reporter",
            "cited_in_article",
            "source_url",
        ]
    )
    sheet.append([12.5, 2031, datetime(2025, 11, 15), "current", "T", "Ц", "Uzbekistan", False, "https://example.org/a"])
    sheet.append(["7,5", "2030", "15.03.2025", "past", "T2", "Ц2", "Kazakhstan", "ИСТИНА", "https://example.org/b"])
    path = tmp_path / "t.xlsx"
    book.save(path)
    df = read_table(path, "targets")
    assert df["target_usd_bn"].tolist() == [12.5, 7.5]
    assert df["target_year"].tolist() == [2031, 2030]
    assert df["set_date"].dt.strftime("%Y-%m-%d").tolist() == ["2025-11-15", "2025-03-15"]
    assert df["cited_in_article"].tolist() == [False, True]


def test_headers_match_without_case_and_spaces_and_extra_columns_are_ignored():
    header = " Year ,PERIOD,Period_Type,months,Turnover_USD_bn ,exports_uz_to_kz_usd_bn,imports_uz_from_kz_usd_bn,growth_reported_pct,lower_bound,reporter,reporter_detail,cited_in_article,source_title,source_url,quote,comment"
    df = read_table(trade_csv(GOOD_ROW + ",my note", header=header), "trade")
    assert df.loc[0, "year"] == 2024
    assert df.loc[0, "turnover_usd_bn"] == 4.97
    assert list(df.columns) == list(TRADE.columns)


def test_russian_excel_numbers_booleans_and_dates():
    header = "name;kind;sector;value_usd_mn;location;status;reporter;as_of;cited_in_article;source_url"
    rows = [
        "Завод;project;industry;1\u00a0234,5;Ташкент;;;;ЛОЖЬ;https://example.org/1",
        "Склад;project;logistics;2 500;;;;;ИСТИНА;https://example.org/2",
        "Мост;project;transport;12,75;;;;;FALSE;https://example.org/3",
    ]
    df = read_table(("\n".join([header, *rows])).encode("cp1251"), "projects")
    assert df["value_usd_mn"].tolist() == [1234.5, 2500.0, 12.75]
    assert df["cited_in_article"].tolist() == [False, True, False]
    assert df["name"].tolist() == ["Завод", "Склад", "Мост"]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("4,97", "4.97"),
        ("1 234,5", "1234.5"),
        ("1\u00a0234\u00a0567", "1234567"),
        ("1\u202f234,5", "1234.5"),
        ("1.234,5", "1234.5"),
        ("1,234.5", "1234.5"),
        ("\u22123,5", "-3.5"),
        ("12", "12"),
        ("1 2", "1 2"),  # not thousands groups: left for validation to report
        ("1,2,3", "1,2,3"),
    ],
)
def test_normalize_number(cell, expected):
    assert normalize_number(cell) == expected


def test_delimiter_detection_prefers_the_schema_names():
    # A semicolon file whose cells hold decimal commas: the header decides.
    text = "year;turnover_usd_bn\n2024;4,97\n2023;4,4\n"
    assert detect_delimiter(text, ["year", "turnover_usd_bn"]) == ";"
    assert detect_delimiter("a\tb\n1\t2\n", []) == "\t"
    assert detect_delimiter("a,b\n1,2\n", []) == ","


def test_path_and_file_object_sources(tmp_path):
    raw = trade_csv(GOOD_ROW)
    path = tmp_path / "mine.csv"
    path.write_bytes(raw)
    assert read_table(path, "trade").loc[0, "turnover_usd_bn"] == 4.97
    assert read_table(str(path), "trade").loc[0, "turnover_usd_bn"] == 4.97
    handle = io.BytesIO(raw)
    handle.name = "from-a-form.csv"
    assert len(read_table(handle, "trade")) == 1


def test_blank_lines_and_trailing_separator_rows_are_skipped_but_rows_keep_their_numbers():
    raw = trade_csv(GOOD_ROW, "", ",,,,", GOOD_ROW.replace("4.97", "-1"))
    with pytest.raises(DataError) as caught:
        read_table(raw, "trade", name="gaps.csv")
    (problem,) = caught.value.problems
    assert problem.row == 5  # header 1, good row 2, blank 3, separators 4, bad row 5
    assert problem.column == "turnover_usd_bn"


# --- the corpus of bad files ---------------------------------------------------------------------


def _broken_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    return buffer.getvalue()


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (5 * 1024 * 1024))
    return buffer.getvalue()


# Each bad file and the problems it must end in: (code, row, column, values), in order.
URL_DESCRIPTION = "Public page the figure was read from (http or https)"
MISSING = ("cited_in_article", "lower_bound", "period_type", "reporter", "source_title", "source_url")
BAD_FILES = {
    "empty": (b"", [("empty_file", None, None, {})]),
    "blank": (b"  \r\n\n \n", [("empty_file", None, None, {})]),
    "bom_and_blank": (b"\xef\xbb\xbf \r\n\n", [("empty_file", None, None, {})]),
    "two_boms": ("\ufeff\ufeff".encode(), [("no_table", None, None, {})]),
    "binary_nul": (bytes(range(256)) * 4, [("binary_file", None, None, {})]),
    "png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00\xff" * 300, [("binary_file", None, None, {})]),
    "utf16": ("year,period\n2024,x\n".encode("utf-16"), [("utf16_text", None, None, {})]),
    "utf16_be": (codecs.BOM_UTF16_BE + "year".encode("utf-16-be"), [("utf16_text", None, None, {})]),
    "junk_text": (bytes([0x98, 0x81, 0x83, 0x98]) * 50, [("unknown_encoding", None, None, {"encodings": "Windows-1251"})]),
    "xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500, [("xls_workbook", None, None, {})]),
    "truncated_zip": (
        b"PK\x03\x04" + b"\x14\x00" * 40,
        [("unreadable_xlsx", None, None, {"reason": "File is not a zip file"})],
    ),
    "zip_not_workbook": (
        _broken_zip(),
        [
            (
                "unreadable_xlsx",
                None,
                None,
                {"reason": "KeyError: \"There is no item named '[Content_Types].xml' in the archive\""},
            )
        ],
    ),
    "unclosed_quote": (trade_csv(GOOD_ROW, '2023,"full year,full_year,12,4.4'), [("unclosed_quote", 3, None, {})]),
    "header_only": (trade_csv(), [("no_data_rows", None, None, {})]),
    "no_column_names": (b",,\n1,2,3\n", [("no_column_names", 1, None, {})]),
    "missing_required": (
        trade_csv("2024,full year", header="year,period"),
        [("missing_column", 1, column, {}) for column in MISSING],
    ),
    "negative": (
        trade_csv(GOOD_ROW.replace(",4.97,", ",-4.97,")),
        [("below_minimum", 2, "turnover_usd_bn", {"minimum": "0", "found": "-4.97"})],
    ),
    "year_before_1991": (
        trade_csv(GOOD_ROW.replace("2024,", "1990,", 1)),
        [("below_minimum", 2, "year", {"minimum": "1991", "found": "1990"})],
    ),
    "year_after_2100": (
        trade_csv(GOOD_ROW.replace("2024,", "2101,", 1)),
        [("above_maximum", 2, "year", {"maximum": "2100", "found": "2101"})],
    ),
    "not_a_number": (
        trade_csv(GOOD_ROW.replace(",4.97,", ",about five,")),
        [("not_number", 2, "turnover_usd_bn", {"found": "about five"})],
    ),
    # pandas counts the fields of the widest row it has seen, so "expected" is 16, not the header's 15.
    "too_many_cells": (trade_csv(GOOD_ROW + ",extra,cells"), [("wrong_cell_count", 2, None, {"expected": "16", "found": "17"})]),
    "duplicate_header": (
        trade_csv(GOOD_ROW + ",2024", header=HEADER + ", YEAR"),
        [("duplicate_column", 1, "YEAR", {"other": "year"})],
    ),
    "javascript_url": (
        trade_csv(GOOD_ROW.replace("https://stat.uz/x", "javascript:alert(1)")),
        [("not_a_link", 2, "source_url", {"description": URL_DESCRIPTION})],
    ),
}


def _found(error: DataError) -> list[tuple]:
    return [(p.code, p.row, p.column, p.values) for p in error.problems]


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_file_ends_in_data_error_naming_the_file(case):
    raw, expected = BAD_FILES[case]
    started = time.perf_counter()
    with pytest.raises(DataError) as caught:
        read_table(raw, "trade", name=f"{case}.csv")
    assert time.perf_counter() - started < 2
    assert caught.value.file == f"{case}.csv"
    assert str(caught.value).startswith(f"{case}.csv: ")
    assert _found(caught.value) == expected


def test_problems_name_row_and_column():
    raw = trade_csv(GOOD_ROW, GOOD_ROW.replace("2024,", "1985,", 1), GOOD_ROW.replace(",Uzbekistan,", ",Mars,"))
    with pytest.raises(DataError) as caught:
        read_table(raw, "trade", name="two-bad.csv")
    where = {(p.row, p.column) for p in caught.value.problems}
    assert where == {(3, "year"), (4, "reporter")}


def test_infinite_and_over_large_numbers_name_their_exact_rows():
    raw = trade_csv(
        GOOD_ROW,  # row 2
        GOOD_ROW.replace(",4.97,", ",inf,"),  # row 3
        "",  # row 4: blank, skipped, still counted
        GOOD_ROW.replace("2024,", "1e16,", 1),  # row 5: a whole number beyond 10^15
        GOOD_ROW.replace(",4.97,", ",1e400,"),  # row 6: overflows to infinity
        GOOD_ROW.replace("2024,", "1985,", 1).replace(",1.5,", ",-inf,"),  # row 7: two problems
    )
    with pytest.raises(DataError) as caught:
        read_table(raw, "trade", name="huge.csv")
    assert [(p.row, p.column) for p in caught.value.problems] == [
        (3, "turnover_usd_bn"),
        (5, "year"),
        (6, "turnover_usd_bn"),
        (7, "exports_uz_to_kz_usd_bn"),
        (7, "year"),
    ]
    assert "found 'inf'" in caught.value.problems[0].message
    assert "whole number" in caught.value.problems[1].message
    assert [p.code for p in caught.value.problems] == [
        "not_finite_number",
        "not_whole_number",
        "not_finite_number",
        "not_finite_number",
        "below_minimum",
    ]


def test_an_infinite_number_alone_names_its_row_in_a_semicolon_file():
    raw = trade_csv(GOOD_ROW, GOOD_ROW, GOOD_ROW.replace(",4.97,", ",-inf,")).replace(b",", b";")
    with pytest.raises(DataError) as caught:
        read_table(raw, "trade", name="semicolon.csv")
    assert caught.value.file == "semicolon.csv"
    assert [(p.row, p.column) for p in caught.value.problems] == [(4, "turnover_usd_bn")]


def test_unclosed_quote_names_the_row():
    with pytest.raises(DataError) as caught:
        read_table(trade_csv(GOOD_ROW, GOOD_ROW, '2023,"oops'), "trade")
    assert caught.value.problems[0].row == 4


def test_very_long_line_fails_fast_before_parsing():
    raw = trade_csv(GOOD_ROW, "2024," + "x" * 5_000_000)
    started = time.perf_counter()
    with pytest.raises(DataError, match="characters long") as caught:
        read_table(raw, "trade", max_bytes=10_000_000)
    assert time.perf_counter() - started < 1
    assert caught.value.problems[0].row == 3


def test_size_limit_is_checked_before_reading(tmp_path):
    path = tmp_path / "big.csv"
    path.write_bytes(trade_csv(*[GOOD_ROW] * 100))

    class Unreadable(io.BytesIO):
        size = 50_000_000

        def read(self, *args):
            raise AssertionError("read before the size check")

    with pytest.raises(DataError, match="limit"):
        read_table(path, "trade", max_bytes=1000)
    with pytest.raises(DataError, match="limit"):
        read_table(Unreadable(), "trade")


def test_row_limit():
    with pytest.raises(DataError, match="limit is 10"):
        read_table(trade_csv(*[GOOD_ROW] * 11), "trade", max_rows=10)
    assert len(read_table(trade_csv(*[GOOD_ROW] * 10), "trade", limits=Limits(max_rows=10))) == 10


def test_zip_bomb_is_refused_unopened():
    with pytest.raises(DataError, match="unpacks to"):
        read_table(_zip_bomb(), "trade", max_unpacked_bytes=1024 * 1024)


def test_missing_path_and_directory(tmp_path):
    with pytest.raises(DataError, match="file not found"):
        read_table(tmp_path / "nope.csv", "trade")
    with pytest.raises(DataError, match="not a file"):
        read_table(tmp_path, "trade")


def test_unknown_resource_is_a_data_error():
    with pytest.raises(DataError, match="no resource 'tariffs'"):
        read_table(trade_csv(GOOD_ROW), "tariffs")


def test_problem_list_is_capped_in_the_message():
    raw = trade_csv(*[GOOD_ROW.replace(",4.97,", ",-1,")] * 300)
    with pytest.raises(DataError) as caught:
        read_table(raw, "trade")
    assert "… and" in str(caught.value)
    assert len(str(caught.value)) < 5000


# --- fuzzing: only DataError escapes -----------------------------------------------------------------

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
VALID = trade_csv(GOOD_ROW, GOOD_ROW.replace("2024", "2023"))
CELLS = st.text(alphabet=st.sampled_from(list('0123456789,;\t"\n\r .-abcXYZйцук\u00a0\x00\ufeff')), max_size=40)


def _read_or_data_error(raw: bytes, resource: str = "trade") -> None:
    try:
        result = read_table(raw, resource, name="fuzz.csv")
    except DataError as error:
        assert error.file == "fuzz.csv"
        assert error.problems
        return
    assert isinstance(result, pd.DataFrame)
    assert list(result.columns) == [f["name"] for f in data.resource_meta(resource)["schema"]["fields"]]


@FUZZ
@given(st.binary(max_size=3000))
def test_fuzz_random_bytes(raw):
    _read_or_data_error(raw)


@FUZZ
@given(
    st.lists(st.lists(CELLS, max_size=18), max_size=8), st.sampled_from([",", ";", "\t"]), st.sampled_from(["utf-8", "cp1251"])
)
def test_fuzz_tables_under_the_real_header(rows, sep, encoding):
    lines = [sep.join(TRADE.columns)] + [sep.join(cells) for cells in rows]
    _read_or_data_error("\n".join(lines).encode(encoding, "replace"))


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(VALID) - 1), st.binary(max_size=4)), min_size=1, max_size=6))
def test_fuzz_mutated_valid_file(edits):
    raw = bytearray(VALID)
    for position, replacement in edits:
        raw[position : position + len(replacement)] = replacement
    _read_or_data_error(bytes(raw))


XLSX = table_bytes(data.load("targets"), "xlsx")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(XLSX) - 1), st.binary(min_size=1, max_size=3)), min_size=1, max_size=4))
def test_fuzz_mutated_xlsx(edits):
    raw = bytearray(XLSX)
    for position, replacement in edits:
        raw[position : position + len(replacement)] = replacement
    _read_or_data_error(bytes(raw), "targets")


# --- problems in Russian ------------------------------------------------------------------------------


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_every_problem_of_the_corpus_reads_in_russian(case):
    with pytest.raises(DataError) as caught:
        read_table(BAD_FILES[case][0], "trade")
    for problem in caught.value.problems:
        russian = problem_text(problem, "ru")
        assert russian != problem.message
        assert re.search("[а-яё]", russian)


def test_problem_text_keeps_values_and_unknown_messages():
    assert problem_text(make_problem("not_number", found="about five"), "ru") == "ожидается число, а в ячейке «about five»"
    below = make_problem("below_minimum", minimum="1991", found="1990")
    assert problem_text(below, "ru") == "значение должно быть не меньше 1991, а в ячейке 1990"
    assert problem_text(below, "en") == "must be at least 1991, found 1990" == below.message
    assert problem_text(Problem(None, None, "something new"), "ru") == "something new"


# --- found missing by mutation testing (docs/testing.md) ----------------------------------------------


def test_booleans_take_the_schemas_own_true_and_false_words():
    # A caller's schema: one boolean field with Frictionless' default words, one with its own.
    schema = {
        "fields": [
            {"name": "plain", "type": "boolean"},
            {"name": "coded", "type": "boolean", "trueValues": ["1"], "falseValues": ["0"]},
        ]
    }
    df = read_table("plain;coded\nИСТИНА;да\nЛОЖЬ;нет\n".encode(), "any", schema=schema)
    assert df["plain"].tolist() == [True, False]
    assert df["coded"].tolist() == [True, False]


def test_whole_number_columns_take_excel_spellings_too():
    row = GOOD_ROW.replace("2024,", "2\u00a0024,", 1).replace(",full_year,12,", ",full_year,12;0,").replace(",", ";")
    df = read_table(trade_csv(row, header=HEADER.replace(",", ";")).replace(b"12;0", b"12,0"), "trade")
    assert (df.loc[0, "year"], df.loc[0, "months"]) == (2024, 12)


def test_limits_given_as_an_object_apply():
    with pytest.raises(DataError, match="limit is 10"):
        read_table(trade_csv(*[GOOD_ROW] * 11), "trade", limits=Limits(max_rows=10))


def test_the_schema_comes_from_the_data_dir_given(tmp_path):
    import json
    import shutil

    shutil.copytree(data.DEFAULT_DATA_DIR, tmp_path / "data")
    descriptor_path = tmp_path / "data" / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    (trade,) = [r for r in descriptor["resources"] if r["name"] == "trade"]
    (year,) = [f for f in trade["schema"]["fields"] if f["name"] == "year"]
    year["constraints"]["maximum"] = 2023
    descriptor_path.write_text(json.dumps(descriptor), encoding="utf-8")
    assert read_table(trade_csv(GOOD_ROW), "trade").loc[0, "year"] == 2024
    with pytest.raises(DataError) as caught:
        read_table(trade_csv(GOOD_ROW), "trade", data_dir=tmp_path / "data")
    assert [(p.row, p.column, p.code) for p in caught.value.problems] == [(2, "year", "above_maximum")]


def test_the_header_names_decide_the_delimiter_when_the_rows_are_ragged():
    # A semicolon file written by hand: an extra column whose name holds a comma, left out of the rows
    # (a row may be shorter than the header). Split at commas, the header and every row have two cells.
    header = "name;kind;sector;value_usd_mn;location;status;reporter;as_of;cited_in_article;source_url;note, optional"
    rows = [
        "Завод;project;industry;1234,5;;;;;false;https://example.org/1",
        "Мост;project;transport;12,75;;;;;true;https://example.org/2",
    ]
    df = read_table("\n".join([header, *rows]).encode(), "projects")
    assert df["name"].tolist() == ["Завод", "Мост"]
    assert df["value_usd_mn"].tolist() == [1234.5, 12.75]


def test_a_path_or_a_named_file_object_names_the_file_in_the_error(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_bytes(trade_csv(GOOD_ROW.replace(",4.97,", ",-1,")))
    with pytest.raises(DataError) as caught:
        read_table(path, "trade")
    assert caught.value.file == "mine.csv"
    handle = io.BytesIO(trade_csv())
    handle.name = "/uploads/header-only.csv"
    with pytest.raises(DataError) as caught:
        read_table(handle, "trade")
    assert (caught.value.file, caught.value.problems[0].code) == ("header-only.csv", "no_data_rows")


def test_problems_of_one_row_come_in_column_order_whatever_found_them():
    # An infinite turnover (taken out before validation) and an unknown reporter (found by validation).
    raw = trade_csv(GOOD_ROW.replace(",4.97,", ",inf,").replace(",Uzbekistan,", ",Mars,"))
    with pytest.raises(DataError) as caught:
        read_table(raw, "trade")
    assert [(p.row, p.column, p.code) for p in caught.value.problems] == [
        (2, "reporter", "not_allowed"),
        (2, "turnover_usd_bn", "not_finite_number"),
    ]


def test_parse_numbers_takes_fractions_unless_whole_numbers_are_asked_for():
    cells = pd.Series(["2.5", "x", None, "inf", "1e15", "999999999999999"], index=[3, 4, 6, 7, 8, 9], dtype="object")
    numbers, bad = parse_numbers(cells)
    assert numbers.index.tolist() == [3, 4, 6, 7, 8, 9]
    assert numbers.loc[[3, 8, 9]].tolist() == [2.5, 1e15, 999999999999999.0]
    assert bad.tolist() == [False, True, False, True, False, False]
    numbers, bad = parse_numbers(cells, whole=True)
    assert bad.tolist() == [True, True, False, True, True, False]
    assert numbers.loc[9] == 999999999999999.0


# --- io.raw: the text cells before typing, and each of its problems in full ------------------------


def _raw_problems(source, name: str = "r.csv", **kwargs) -> list[tuple]:
    """The problems `read_raw` ends in, checking that the error names the file."""
    with pytest.raises(DataError) as caught:
        raw.read_raw(source, name=name, **kwargs)
    assert caught.value.file == name
    return _found(caught.value)


def _workbook(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for values in rows:
        book.active.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _without_dimension(xlsx: bytes) -> bytes:
    """The workbook without the sheet's declared size (`<dimension ref=…>`), as some writers leave it out:
    openpyxl then reads every row and cell there is, so only the limits checked while reading apply."""
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                content, n = re.subn(rb'<dimension ref="[^"]*" ?/>', b"", content)
                assert n == 1
            archive.writestr(info, content)
    return buffer.getvalue()


def _frame(rows: list[list], columns: list[str], index: list[int]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns, index=index, dtype="object")


def test_read_raw_gives_text_cells_under_the_header_names_indexed_by_spreadsheet_row():
    text = "\n\n Year ;name;;note\n2024; x ;;\n;;;\n\n  ; ;;\n2023;;z;NA\nnull;N/A;;nan\n"
    got = raw.read_raw(text.encode(), ["year", "name"])
    # Rows 1–2 blank, 3 the header: data rows 4, 8 and 9 (5–7 hold nothing), index = row − 2. Cells stay
    # as written (spaces, "NA", "null"); an empty one is None, not NaN.
    expected = _frame([["2024", " x ", None], ["2023", None, "NA"], ["null", "N/A", "nan"]], ["Year", "name", "note"], [2, 6, 7])
    pd.testing.assert_frame_equal(got, expected)
    assert got.to_numpy().tolist() == [["2024", " x ", None], ["2023", None, "NA"], ["null", "N/A", "nan"]]


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_read_raw_takes_every_newline_convention(newline):
    got = raw.read_raw(newline.join(["a,b", "1,2", "3,4"]).encode())
    pd.testing.assert_frame_equal(got, _frame([["1", "2"], ["3", "4"]], ["a", "b"], [0, 1]))


def test_read_raw_reads_cp1251_and_the_encodings_given():
    pd.testing.assert_frame_equal(
        raw.read_raw("год;имя\n2024;Ташкент\n".encode("cp1251")), _frame([["2024", "Ташкент"]], ["год", "имя"], [0])
    )
    latin = "name,city\nJosé,Málaga\n".encode("latin_1")
    got = raw.read_raw(latin, encodings=("latin_1",))
    pd.testing.assert_frame_equal(got, _frame([["José", "Málaga"]], ["name", "city"], [0]))
    assert _raw_problems(latin, encodings=("ascii",)) == [("unknown_encoding", None, None, {"encodings": "ascii"})]


def test_read_raw_passes_the_expected_names_to_the_delimiter_detection():
    text = b"a;b,c\n1;2,3\n"
    assert list(raw.read_raw(text).columns) == ["a;b", "c"]
    assert list(raw.read_raw(text, ["a", "b,c"]).columns) == ["a", "b,c"]


def test_read_raw_names_the_file():
    with pytest.raises(DataError) as caught:
        raw.read_raw(b"")
    assert caught.value.file == "upload"


def test_read_raw_keeps_numeric_looking_names_and_cells_as_written():
    # Years as column names, codes with leading zeros, decimals with their trailing zero.
    got = raw.read_raw(b"2023,2024\n01,1.50\n")
    assert (list(got.columns), got.to_numpy().tolist()) == (["2023", "2024"], [["01", "1.50"]])


@pytest.mark.parametrize(
    ("text", "columns", "cells"),
    [
        (b"\tname\n1\tx\n", ["name"], [["x"]]),  # a tab file whose first column (row labels) is unnamed
        (b"\n\tname\n1\tx\n", ["name"], [["x"]]),
        (b"X,Y\n1,2\n", ["X", "Y"], [["1", "2"]]),
    ],
)
def test_read_raw_keeps_the_header_line_as_written(text, columns, cells):
    got = raw.read_raw(text)
    assert (list(got.columns), got.to_numpy().tolist()) == (columns, cells)


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_csv_limits_count_lines_of_every_newline_convention(newline):
    text = newline.join(["a", "1", "22", ""]).encode()
    assert _raw_problems(text, limits=raw.Limits(max_rows=1)) == [("too_many_lines", None, None, {"rows": 2, "limit": 1})]
    assert _raw_problems(text, limits=raw.Limits(max_line_chars=1)) == [("line_too_long", 3, None, {"chars": 2, "limit": 1})]


def test_an_unexpected_error_of_the_csv_parser_is_a_problem_naming_the_file(monkeypatch):
    def refuse(*args, **kwargs):
        raise ValueError("cannot parse this")

    monkeypatch.setattr(pd, "read_csv", refuse)
    assert _raw_problems(b"a,b\n1,2\n", name="odd.csv") == [("unreadable_csv", None, None, {"reason": "cannot parse this"})]


def test_read_raw_uses_the_default_limits_without_limits():
    pd.testing.assert_frame_equal(raw.read_raw(b"a\n1\n", limits=None), _frame([["1"]], ["a"], [0]))
    wide = (",".join(f"c{i}" for i in range(raw.DEFAULT_LIMITS.max_columns + 1)) + "\n").encode()
    assert _raw_problems(wide) == [("too_many_columns", 1, None, {"limit": raw.DEFAULT_LIMITS.max_columns})]


@pytest.mark.parametrize(
    ("text", "limits", "expected"),
    [
        # lines after the header, with and without a final newline; a blank line counts
        (b"a\n1\n2\n", {"max_rows": 2}, 2),
        (b"a\n1\n2", {"max_rows": 2}, 2),
        (b"a\n1\n\n", {"max_rows": 1}, [("too_many_lines", None, None, {"rows": 2, "limit": 1})]),
        (b"a\n1\n2", {"max_rows": 1}, [("too_many_lines", None, None, {"rows": 2, "limit": 1})]),
        (b"a\n1\n2\n3\n", {"max_rows": 2}, [("too_many_lines", None, None, {"rows": 3, "limit": 2})]),
        # line length: the longest line, named by its row
        (b"ab,c\n12,4\n", {"max_line_chars": 4}, 1),
        (b"ab,c\n12,4\n123,4\n", {"max_line_chars": 4}, [("line_too_long", 3, None, {"chars": 5, "limit": 4})]),
        (b"abcde\n1\n", {"max_line_chars": 4}, [("line_too_long", 1, None, {"chars": 5, "limit": 4})]),
        # header columns
        (b"a,b,c\n1,2,3\n", {"max_columns": 3}, 1),
        (b"a,b,c\n1,2,3\n", {"max_columns": 2}, [("too_many_columns", 1, None, {"limit": 2})]),
    ],
)
def test_csv_limits_name_the_counts_and_the_limit(text, limits, expected):
    if isinstance(expected, int):  # within the limits: the number of data rows read
        assert len(raw.read_raw(text, limits=raw.Limits(**limits))) == expected
    else:
        assert _raw_problems(text, limits=raw.Limits(**limits)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (b"a,b\n1,2\n3,4,5\n", [("wrong_cell_count", 3, None, {"expected": "2", "found": "3"})]),
        (b'a,b\n1,2\n3,"4\n5,6\n', [("unclosed_quote", 3, None, {})]),
        (b"\n\na,b\n1,2,3\n", [("wrong_cell_count", 2, None, {"expected": "2", "found": "3"})]),
    ],
)
def test_csv_structure_problems_name_the_row(text, expected):
    assert _raw_problems(text) == expected


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("Error tokenizing data. C error: EOF inside string starting at row 7", ("unclosed_quote", 8, None, {})),
        ("EOF inside string", ("unclosed_quote", None, None, {})),
        (
            "Error tokenizing data. C error: Expected 2 fields in line 3, saw 5\n",
            ("wrong_cell_count", 3, None, {"expected": "2", "found": "5"}),
        ),
        (
            "Error tokenizing data. C error: Buffer overflow caught - possible malformed input file.\n",
            ("unreadable_csv", None, None, {"reason": "Buffer overflow caught - possible malformed input file."}),
        ),
        ("Error tokenizing data. C error: odd in line 12", ("unreadable_csv", 12, None, {"reason": "odd in line 12"})),
        ("odd at row 4", ("unreadable_csv", 4, None, {"reason": "odd at row 4"})),
    ],
)
def test_pandas_parser_messages_become_problems_with_their_row(message, expected):
    error = raw._parser_problem("p.csv", message)
    assert (error.file, _found(error)) == ("p.csv", [expected])


@pytest.mark.parametrize(
    ("text", "expected", "delimiter"),
    [
        ("", [], ","),
        ("\n \n", [], ","),
        ("year;turnover_usd_bn\n2024;4,97\n2023;4,4\n", ["year", "turnover_usd_bn"], ";"),
        ("Year ; TURNOVER\n", ["year", "turnover"], ";"),
        ("a\tb\n1\t2\n", [], "\t"),
        ("a,b\n1,2\n", [], ","),
        ("abc\n1\n", [], ","),  # one cell: a comma file of one column
        # no expected names: the delimiter whose rows have the header's count wins …
        ("a;b,c\n1;2\n3;4\n", [], ";"),
        ("a;b,c\n1,2\n3,4\n", [], ","),
        # … and with equal counts, the one that splits the header into more cells
        ("a;b;c,d\n", [], ";"),
        ("a;b,c,d\n", [], ","),
        # a header of one comma cell counts no rows: rows of one cell do not make it a comma file
        ("a;b\n1\n2\n", [], ";"),
        ('"x;y",b\n', [], ","),  # a quoted cell is one cell
        # the first data line counts too
        ("a;b,c\n1;2\n", [], ";"),
        # a semicolon file with decimal commas: only its first 50 lines are split
        ("a;b\n" + "1,5;2,5\n" * 100, [], ";"),
        # the expected names decide before the row counts
        ("a;b,c\n1,2\n3,4\n", ["a", "b,c"], ";"),
        # only the first 50 lines are looked at
        ("a,b;c\n" + "x\n" * 49 + "1;2", [], ","),
        ("a,b;c\n" + "x\n" * 48 + "1;2", [], ";"),
    ],
)
def test_detect_delimiter(text, expected, delimiter):
    assert raw.detect_delimiter(text, expected) == delimiter


def test_header_cells_split_plainly_what_the_csv_module_refuses():
    assert raw.header_cells('"a,b",c', ",") == ["a,b", "c"]
    # A cell over the csv module's field size limit (process-wide, and raised by other code, so set here).
    before = csv.field_size_limit(100)
    try:
        assert raw.header_cells(f'"{"x" * 101},y",z', ",") == [f'"{"x" * 101}', 'y"', "z"]
    finally:
        csv.field_size_limit(before)
    assert raw.header_cells("", ",") == []


def test_normal_name():
    assert raw.normal_name("  Year\t") == "year"
    assert raw.normal_name(2024) == "2024"


# -- bytes in


def test_read_bytes_of_a_path(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(b"x" * 100)
    assert raw.read_bytes(path, 100) == (b"x" * 100, "t.csv")
    assert raw.read_bytes(str(path), 100, "given.csv") == (b"x" * 100, "given.csv")
    with pytest.raises(DataError) as caught:
        raw.read_bytes(path, 99)
    assert (caught.value.file, _found(caught.value)) == (
        "t.csv",
        [("file_too_large", None, None, {"size_bytes": 100, "limit_bytes": 99})],
    )


@pytest.mark.parametrize(
    ("where", "file", "expected"),
    [
        ("missing.csv", "missing.csv", ("file_not_found", None, None, {})),
        (".", "given", ("not_a_file", None, None, {})),
        ("t.csv/inner.csv", "inner.csv", ("file_unreadable", None, None, {"reason": "Not a directory"})),
        ("x" * 300, "x" * 300, ("file_unreadable", None, None, {"reason": "File name too long"})),
    ],
)
def test_read_bytes_of_a_bad_path(tmp_path, where, file, expected):
    (tmp_path / "t.csv").write_bytes(b"a\n1\n")
    with pytest.raises(DataError) as caught:
        raw.read_bytes(tmp_path / where, 100, "given" if where == "." else None)
    assert (caught.value.file, _found(caught.value)) == (file, [expected])


@pytest.mark.parametrize("kind", [bytes, bytearray, memoryview])
def test_read_bytes_of_bytes(kind):
    data, file = raw.read_bytes(kind(b"abc"), 3)
    assert (data, type(data), file) == (b"abc", bytes, "upload")
    assert raw.read_bytes(kind(b"abc"), 3, "mine.csv")[1] == "mine.csv"
    with pytest.raises(DataError) as caught:
        raw.read_bytes(kind(b"abcd"), 3)
    assert (caught.value.file, _found(caught.value)) == ("upload", [("file_over_limit", None, None, {"limit_bytes": 3})])


class _Upload(io.BytesIO):
    """A file object as a web form gives it: a name and a declared size; records how much is read."""

    def __init__(self, data: bytes, name: str | None = None, size: int | None = None):
        super().__init__(data)
        if name is not None:
            self.name = name
        if size is not None:
            self.size = size
        self.asked: list = []

    def read(self, n=-1):
        self.asked.append(n)
        return super().read(n)


def test_read_bytes_of_a_file_object():
    upload = _Upload(b"abc", "/forms/uploads/mine.csv", size=3)
    assert raw.read_bytes(upload, 3) == (b"abc", "mine.csv")
    assert upload.asked == [4]  # never more than one byte over the limit
    assert raw.read_bytes(_Upload(b"abc"), 3) == (b"abc", "upload")
    assert raw.read_bytes(_Upload(b"abc", ""), 3) == (b"abc", "upload")
    assert raw.read_bytes(_Upload(b"abc", "mine.csv"), 3, "given.csv") == (b"abc", "given.csv")
    assert raw.read_bytes(io.StringIO("é"), 3) == ("é".encode(), "upload")
    with pytest.raises(DataError) as caught:
        raw.read_bytes(_Upload(b"abcd", "big.csv"), 3)
    assert (caught.value.file, _found(caught.value)) == ("big.csv", [("file_over_limit", None, None, {"limit_bytes": 3})])


def test_read_bytes_refuses_a_declared_size_over_the_limit_unread():
    upload = _Upload(b"abc", "big.csv", size=4)
    with pytest.raises(DataError) as caught:
        raw.read_bytes(upload, 3)
    assert (caught.value.file, _found(caught.value)) == (
        "big.csv",
        [("file_too_large", None, None, {"size_bytes": 4, "limit_bytes": 3})],
    )
    assert upload.asked == []


@pytest.mark.parametrize(
    ("error", "reason"),
    [(OSError("disk gone"), "disk gone"), (ValueError("I/O operation on closed file."), "I/O operation on closed file.")],
)
def test_read_bytes_of_a_failing_file_object(error, reason):
    class Failing(io.BytesIO):
        name = "f.csv"

        def read(self, n=-1):
            raise error

    with pytest.raises(DataError) as caught:
        raw.read_bytes(Failing(), 10)
    assert (caught.value.file, _found(caught.value)) == ("f.csv", [("file_unreadable", None, None, {"reason": reason})])


def test_read_bytes_of_something_else_is_a_type_error():
    with pytest.raises(TypeError, match="^source must be a path, bytes or a binary file object, not int$"):
        raw.read_bytes(42, 10)


def test_source_name():
    assert raw.source_name("/a/b/c.csv") == "c.csv"
    assert raw.source_name(pathlib.Path("/a/b/c.csv")) == "c.csv"
    assert raw.source_name(_Upload(b"", "/a/up.xlsx")) == "up.xlsx"
    assert raw.source_name(_Upload(b"", "")) == "upload"
    assert raw.source_name(b"a,b") == "upload"


def test_limits_with():
    base = raw.Limits(max_rows=5)
    assert raw.limits_with(None, {}) is raw.DEFAULT_LIMITS
    assert raw.limits_with(base, {}) is base
    assert raw.limits_with(base, {"max_columns": 3}) == raw.Limits(max_rows=5, max_columns=3)
    assert raw.limits_with(None, {"max_rows": 7}) == raw.Limits(max_rows=7)
    with pytest.raises(TypeError, match=r"^unknown limit\(s\): max_cells, max_pages$"):
        raw.limits_with(base, {"max_pages": 1, "max_cells": 2, "max_rows": 1})


# -- encodings


@pytest.mark.parametrize(
    ("data", "kwargs", "encoding"),
    [
        (b"a,b\n", {}, "utf-8"),
        ("год\n".encode(), {}, "utf-8"),
        (codecs.BOM_UTF8 + "год\n".encode(), {}, "utf-8-sig"),
        ("год;имя\nТашкент;Алматы\n".encode("cp1251"), {}, "cp1251"),
        ("José;Málaga\n".encode("latin_1"), {"encodings": ("latin_1",)}, "latin_1"),
        # with a sample, only its bytes are decoded, and a character it cuts in two is not an error …
        ("ééé".encode(), {"sample": 3}, "utf-8"),
        (b"abcd\x00", {"sample": 4}, "utf-8"),
        # … unless the sample is the whole file
        (b"ab\xc3", {"sample": 10}, "cp1251"),
        # without a sample, the whole file must be UTF-8, and NUL bytes are looked for in the first 256 KiB
        (b"a" * raw.ENCODING_SAMPLE + b"\xff", {}, "cp1251"),
        (b"a" * raw.ENCODING_SAMPLE + b"\x00", {}, "utf-8"),
    ],
)
def test_detect_encoding(data, kwargs, encoding):
    assert raw.detect_encoding(data, "e.csv", **kwargs) == encoding


@pytest.mark.parametrize(
    ("data", "kwargs", "expected"),
    [
        (codecs.BOM_UTF16_LE + "a".encode("utf-16-le"), {}, ("utf16_text", None, None, {})),
        (codecs.BOM_UTF16_BE + "a".encode("utf-16-be"), {}, ("utf16_text", None, None, {})),
        (b"a" * (raw.ENCODING_SAMPLE - 1) + b"\x00", {}, ("binary_file", None, None, {})),
        (b"ab\x00", {"sample": 3}, ("binary_file", None, None, {})),
        (bytes([0x98, 0x81]) * 100, {}, ("unknown_encoding", None, None, {"encodings": "Windows-1251"})),
        (
            bytes([0x98, 0x81]) * 100,
            {"encodings": ("cp1251", "latin_1")},
            ("unknown_encoding", None, None, {"encodings": "Windows-1251, ISO-8859-1"}),
        ),
    ],
)
def test_detect_encoding_refuses(data, kwargs, expected):
    with pytest.raises(DataError) as caught:
        raw.detect_encoding(data, "e.csv", **kwargs)
    assert (caught.value.file, _found(caught.value)) == ("e.csv", [expected])


def test_text_that_names_an_encoding_does_not_decide_it():
    # charset-normalizer would try a declared encoding first and keep it if it decodes cleanly; a cell's
    # text must not turn a Windows-1251 file into Latin-1 mojibake.
    data = "# -*- coding: latin-1 -*-\nгород\n".encode("cp1251")
    assert raw.detect_encoding(data, "e.csv", ("cp1251", "latin_1")) == "cp1251"


def test_decode_text_names_the_line_of_a_byte_the_encoding_lacks():
    # Windows-1251 has no character 0x98; charset-normalizer looks at the first 256 KiB only.
    data = b"\na,b\n" + "да,нет\n".encode("cp1251") * 60_000 + b"x,\x98\n"
    assert len(data) > raw.ENCODING_SAMPLE
    with pytest.raises(DataError) as caught:
        raw.decode_text(data, "d.csv")
    assert (caught.value.file, _found(caught.value)) == (
        "d.csv",
        [("invalid_encoding", 60_003, None, {"encoding": "Windows-1251"})],
    )
    assert raw.decode_text("да\n".encode("cp1251"), "d.csv") == ("да\n", "cp1251")
    assert raw.decode_text(codecs.BOM_UTF8 + b"a\n", "d.csv") == ("a\n", "utf-8-sig")
    assert raw.decode_text("José\n".encode("latin_1"), "d.csv", ("latin_1",)) == ("José\n", "latin_1")


# -- XLSX


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (None, None),
        (True, "true"),
        (False, "false"),
        (datetime(2025, 11, 15), "2025-11-15"),
        (datetime(2025, 11, 15, 8, 30), "2025-11-15 08:30:00"),
        (datetime(2025, 11, 15, 0, 0, 1), "2025-11-15 00:00:01"),
        (date(2025, 3, 1), "2025-03-01"),
        (12.0, "12"),
        (-3.0, "-3"),
        (12.5, "12.5"),
        (1e15 - 1, "999999999999999"),
        (1e15, "1000000000000000.0"),
        (-1e15, "-1000000000000000.0"),
        (0.1 + 0.2, "0.30000000000000004"),
        (2024, "2024"),
        ("text", "text"),
        (dt_time(8, 30), "08:30:00"),
    ],
)
def test_xlsx_cells_become_text_as_typed(value, cell):
    assert raw._xlsx_cell(value) == cell


def test_read_raw_of_a_workbook_gives_text_cells_under_the_header_names():
    xlsx = _workbook(
        [
            ["Year", None, 2024, datetime(2025, 1, 2), "name"],
            [2024, "skipped: unnamed", 1.5, True, " x "],
            [None, "only in an unnamed column"],
            [2023.0],
        ]
    )
    expected = _frame(
        [["2024", "1.5", "true", " x "], ["2023", None, None, None]], ["Year", "2024", "2025-01-02", "name"], [0, 2]
    )
    pd.testing.assert_frame_equal(raw.read_raw(xlsx), expected)
    assert raw.read_raw(xlsx).to_numpy().tolist() == [["2024", "1.5", "true", " x "], ["2023", None, None, None]]


def test_a_formula_cell_reads_as_its_saved_value_never_as_the_formula():
    # openpyxl saves no computed value, as a spreadsheet would: the cell is empty, not "=1+1".
    got = raw.read_raw(_workbook([["a", "b"], [1, "=1+1"]]))
    assert got.to_numpy().tolist() == [["1", None]]


def test_read_raw_of_a_workbook_pads_a_short_header_and_short_rows():
    xlsx = _without_dimension(_workbook([["a"], [1, 2, 3]]))
    pd.testing.assert_frame_equal(raw.read_raw(xlsx), _frame([["1"]], ["a"], [0]))
    header, body = raw._parse_xlsx(xlsx, "w.xlsx", raw.DEFAULT_LIMITS)
    assert header == ["a", "", ""]
    pd.testing.assert_frame_equal(body, pd.DataFrame([["1", "2", "3"]], dtype="object"))
    header, body = raw._parse_xlsx(_workbook([["a", "b", "c"], [1], [None, 2]]), "w.xlsx", raw.DEFAULT_LIMITS)
    assert header == ["a", "b", "c"]
    pd.testing.assert_frame_equal(body, pd.DataFrame([["1", None, None], [None, "2", None]], dtype="object"))


XLSX_3x2 = [["a", "b"], [1, 2], [3, 4]]


@pytest.mark.parametrize(
    ("xlsx", "limits", "expected"),
    [
        # the declared size (the sheet's dimension) is checked before any row is read …
        (_workbook(XLSX_3x2), {"max_rows": 2}, 2),
        (_workbook(XLSX_3x2), {"max_rows": 1}, [("sheet_too_many_rows", None, None, {"rows": 2, "limit": 1})]),
        (_workbook(XLSX_3x2), {"max_columns": 2}, 2),
        (_workbook(XLSX_3x2), {"max_columns": 1}, [("sheet_too_many_columns", None, None, {"columns": 2, "limit": 1})]),
        # … and, for a sheet that declares none, the rows and cells while reading
        (_without_dimension(_workbook(XLSX_3x2)), {"max_rows": 2}, 2),
        (_without_dimension(_workbook(XLSX_3x2)), {"max_rows": 1}, [("sheet_over_row_limit", None, None, {"limit": 1})]),
        (_without_dimension(_workbook(XLSX_3x2)), {"max_columns": 2}, 2),
        (_without_dimension(_workbook(XLSX_3x2)), {"max_columns": 1}, [("sheet_over_column_limit", 1, None, {"limit": 1})]),
        (
            _without_dimension(_workbook([["a"], [1, 2, 3, 4, 5]])),
            {"max_columns": 3},
            [("sheet_over_column_limit", 1, None, {"limit": 3})],
        ),
        # a text cell's length
        (_workbook([["a", "b"], ["x" * 9, 10**12]]), {"max_line_chars": 9}, 1),
        (
            _workbook([["a", "b"], [1, 2], ["ok", "x" * 10]]),
            {"max_line_chars": 9},
            [("cell_too_long", 3, None, {"chars": 10, "limit": 9})],
        ),
        (_workbook([["a" * 10]]), {"max_line_chars": 9}, [("cell_too_long", 1, None, {"chars": 10, "limit": 9})]),
        (_workbook([]), {}, [("empty_sheet", None, None, {})]),
        (_workbook([["a", "b"]]), {}, 0),  # a header without rows
        (_workbook([[None, None], [1, 2]]), {}, [("no_column_names", 1, None, {})]),
        (_workbook([["a", "A "], [1, 2]]), {}, [("duplicate_column", 1, "A", {"other": "a"})]),
    ],
)
def test_workbook_limits_and_problems(xlsx, limits, expected):
    if isinstance(expected, int):  # within the limits: the number of data rows read, the columns named
        got = raw.read_raw(xlsx, limits=raw.Limits(**limits))
        assert (len(got), list(got.columns)) == (expected, ["a", "b"])
    else:
        assert _raw_problems(xlsx, "w.xlsx", limits=raw.Limits(**limits)) == expected


def test_a_workbook_that_unpacks_too_large_is_refused_by_its_sizes():
    xlsx = _workbook(XLSX_3x2)
    unpacked = sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(xlsx)).infolist())
    assert len(raw.read_raw(xlsx, limits=raw.Limits(max_unpacked_bytes=unpacked))) == 2
    assert _raw_problems(xlsx, limits=raw.Limits(max_unpacked_bytes=unpacked - 1)) == [
        ("workbook_too_large", None, None, {"size_bytes": unpacked, "limit_bytes": unpacked - 1})
    ]


def test_a_broken_workbook_names_the_error_openpyxl_raised():
    xlsx = _workbook(XLSX_3x2)
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for info in source.infolist():
            content = source.read(info.filename)
            archive.writestr(info, b"<worksheet" if info.filename == "xl/worksheets/sheet1.xml" else content)
    (found,) = _raw_problems(buffer.getvalue(), "w.xlsx")
    assert found[:3] == ("unreadable_xlsx", None, None)
    assert found[3]["reason"].startswith("ParseError: ")


# -- column names


def test_duplicate_column_names_are_all_reported_and_nothing_is_read():
    assert _raw_problems(b"Year,name, year ,NAME,YEAR\n1,2,3,4,5\n") == [
        ("duplicate_column", 1, "year", {"other": "Year"}),
        ("duplicate_column", 1, "NAME", {"other": "name"}),
        ("duplicate_column", 1, "YEAR", {"other": "Year"}),
    ]


def test_column_names_are_duplicates_as_the_schema_matching_sees_them():
    # The schema's names are matched lower-cased (`normal_name`): "Straße" and "STRASSE" are two names
    # ("STRASSE".lower() is "strasse"), though upper-cased they would be one.
    assert list(raw.read_raw("Straße,STRASSE\n1,2\n".encode()).columns) == ["Straße", "STRASSE"]


def test_unnamed_columns_are_dropped_and_a_header_without_names_is_refused():
    got = raw.read_raw(b" ,a,,b, \n1,2,3,4,5\n")
    pd.testing.assert_frame_equal(got, _frame([["2", "4"]], ["a", "b"], [0]))
    assert _raw_problems(b" , \n1,2\n") == [("no_column_names", 1, None, {})]


def test_letters_lost_to_windows_1251_are_named_by_row_and_column():
    from partnership.io.raw import lost_letters

    table = data.load("events").head(3).copy()
    table["title_ru"] = ["Визит в Қазақстан", "Что дальше?", "Обычный текст"]
    raw = table.to_csv(index=False).encode("cp1251", errors="replace")
    found = lost_letters(raw, name="events-1251.csv")
    assert [(p.row, p.column, p.code) for p in found] == [(2, "title_ru", "lossy_encoding")]
    assert found[0].values["encoding"] == "Windows-1251" and found[0].values["found"] == "Визит в ?аза?стан"
    assert lost_letters(table.to_csv(index=False).encode("utf-8"), name="events.csv") == []  # UTF-8 keeps every letter

"""partnership.io.read_table: files as people have them read back typed; every bad file ends in DataError, fast."""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from datetime import datetime

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnership import data
from partnership.data import DataError
from partnership.export.tables import table_bytes
from partnership.i18n import problem_text
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
    with pytest.raises(DataError) as caught:
        read_table(raw, "trade", name=f"{case}.csv")
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


def test_very_long_line_fails_fast_before_parsing(monkeypatch):
    raw = trade_csv(GOOD_ROW, "2024," + "x" * 5_000_000)
    parsed = []
    monkeypatch.setattr(pd, "read_csv", lambda *args, **kwargs: parsed.append(args))  # the parser is never reached
    with pytest.raises(DataError, match="characters long") as caught:
        read_table(raw, "trade", max_bytes=10_000_000)
    assert parsed == []
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

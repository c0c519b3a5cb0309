"""partnership.io.raw: the text cells of a file before typing, and each of its problems in full."""

from __future__ import annotations

import codecs
import csv
import io
import pathlib
import re
import zipfile
from datetime import date, datetime
from datetime import time as dt_time

import pandas as pd
import pytest

from partnership import data
from partnership.data import DataError
from partnership.io import raw
from tests.io.test_read_table import _found


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

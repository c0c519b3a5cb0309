"""partnership.io.comtrade_file: a Comtrade file read into typed rows, whichever path reads it; every problem named."""

from __future__ import annotations

import dataclasses
import io

import pandas as pd
import pytest

from partnership.comtrade import import_comtrade, product_breakdown, read_comtrade
from partnership.data import DataError
from partnership.io import comtrade_file
from tests.test_comtrade import _csv, _error, by_reporter

# --- io.comtrade_file: reading the file (found missing by mutation testing) --------------------------------


def test_header_problems_are_named_with_their_values():
    error = _error(_csv("refYear,Year,reporterISO,flowCode,primaryValue", "2021,2021,UZB,X,1"))
    where = [(p.row, p.column, p.code, p.values) for p in error.problems]
    assert where[0] == (1, "refYear", "comtrade_column_twice", {"columns": "refYear, Year"})
    assert (1, "cmdCode", "comtrade_column_missing", {}) in where
    assert where[-1] == (1, "partnerCode", "comtrade_columns_missing", {"other": "partnerISO"})


def test_cell_problems_name_the_files_own_column_and_the_cell():
    # A decimal comma sends the file down the cell-by-cell path; the columns have classic names.
    lines = [
        "Year;Trade Flow Code;Reporter Code;Partner Code;Commodity Code;motCode;Trade Value (US$)",
        "2021;X;860;398;TOTAL;0;1,5",
        ";X;860;398;27;0;1",
        "2021;M;860;398;TOTAL;0;",
        "2021;M;860;398;;0;2",
        "20x1;M;860;398;09;0;2",
        "2021;M;860;398;52;abc;lots",
        "2021;M;860;156;52;abc;lots",  # not the pair: not read, so not a problem
    ]
    error = _error(_csv(*lines))
    assert [(p.row, p.column, p.code, p.values) for p in error.problems] == [
        (3, "Year", "value_required", {}),
        (4, "Trade Value (US$)", "value_required", {}),
        (5, "Commodity Code", "value_required", {}),
        (6, "Year", "not_whole_number", {"found": "20x1"}),
        (7, "Trade Value (US$)", "not_number", {"found": "lots"}),
        (7, "motCode", "not_whole_number", {"found": "abc"}),
    ]


def test_cell_by_cell_path_reads_iso_codes_and_values_like_the_fast_one():
    lines = [
        "refYear;reporterISO;partnerISO;flowCode;cmdCode;aggrLevel;partner2Code;motCode;refMonth;primaryValue",
        "2021;uzb ; kaz;X;TOTAL;0;0;0;52;1500000,5",
        "2021;UZB;KAZ;M;TOTAL;;;;;2000000000",
        "2021;KAZ;UZB;M;TOTAL;0;0;0;52;1000000000",
        "2021;UZB;CHN;X;TOTAL;0;0;0;52;9000000000",
        "2021;;KAZ;X;TOTAL;0;0;0;52;9000000000",
        "2021;UZB;W00;X;TOTAL;0;0;0;52;7000000000",
    ]
    result = import_comtrade(_csv(*lines))
    uz, kz = by_reporter(result.trade, 2021, "Uzbekistan"), by_reporter(result.trade, 2021, "Kazakhstan")
    assert (uz["exports_uz_to_kz_usd_bn"], uz["imports_uz_from_kz_usd_bn"]) == (0.0015000005, 2.0)
    assert kz["exports_uz_to_kz_usd_bn"] == 1.0 and pd.isna(kz["imports_uz_from_kz_usd_bn"])
    assert (result.notes["rows_read"], result.notes["world_rows"]) == (6, 1)


def test_a_bom_before_the_first_needed_column():
    lines = ["refYear,reporterCode,partnerCode,flowCode,cmdCode,primaryValue", "2021,860,398,X,TOTAL,1000000000"]
    trade = read_comtrade(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))
    assert (trade.loc[0, "year"], trade.loc[0, "exports_uz_to_kz_usd_bn"]) == (2021, 1.0)


def test_file_level_problems_name_the_file(tmp_path):
    def error_of(source, **limits):
        with pytest.raises(DataError) as caught:
            import_comtrade(source, **limits)
        (problem,) = caught.value.problems
        return caught.value.file, problem.row, problem.code, problem.values

    assert error_of(tmp_path) == (tmp_path.name, None, "not_a_file", {})
    assert error_of(tmp_path / "gone.csv") == ("gone.csv", None, "file_not_found", {})
    xls = tmp_path / "old.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    assert error_of(xls) == ("old.xls", None, "xls_workbook", {})
    header = "refYear,reporterCode,partnerCode,flowCode,cmdCode,primaryValue"
    wide = _csv(header + "".join(f",extra{i}" for i in range(5)), "2021,860,398,X,TOTAL,1" + ",0" * 5)
    assert error_of(wide, max_columns=10) == ("upload", 1, "too_many_columns", {"limit": 10})
    raw = _csv(header, "2021,860,398,X,TOTAL,1", "2021,860,398,M,TOTAL,1")
    assert error_of(raw, max_rows=1) == ("upload", None, "too_many_lines", {"rows": 2, "limit": 1})
    assert len(read_comtrade(raw, max_rows=2)) == 1
    assert len(read_comtrade(raw + b"\n", max_rows=2)) == 1
    path = tmp_path / "exact.csv"
    path.write_bytes(raw)
    assert len(read_comtrade(path, max_bytes=len(raw))) == 1
    assert error_of(path, max_bytes=len(raw) - 1)[:3] == ("exact.csv", None, "file_too_large")


def test_a_path_the_system_cannot_stat_is_unreadable(tmp_path):
    with pytest.raises(DataError) as caught:
        import_comtrade(tmp_path / ("x" * 300 + ".csv"))
    (problem,) = caught.value.problems
    assert (caught.value.file, problem.code, problem.values) == (
        "x" * 300 + ".csv",
        "file_unreadable",
        {"reason": "File name too long"},
    )


def test_a_big_file_is_read_whole_after_its_first_lines(tmp_path):
    # Long first lines (descriptions), then short ones: the row estimate from the first 256 KB is too low,
    # so the exact count after parsing refuses the file.
    header = "refYear,reporterCode,partnerCode,flowCode,cmdCode,aggrLevel,cmdDesc,primaryValue"
    long_rows = [f"2021,860,398,X,{c:02d},2,{'Café ' * 2000},1000000" for c in range(1, 11)]
    text = "\n".join([header, *long_rows]) + "\n"
    # Padding to the end of the first 256 KB, in rows within the line limit (100,000 characters).
    pad_rows = [f"2021,860,398,X,11,2,{'a' * 40_000},1000000\n"] * ((256 * 1024 - len(text.encode()) + 39_999) // 40_000)
    pad_row = "".join(pad_rows)
    short_rows = "2021,860,398,M,TOTAL,0,All,5000000\n"
    path = tmp_path / "big.csv"
    path.write_bytes((text + pad_row + short_rows).encode())
    assert path.stat().st_size > 256 * 1024
    products = product_breakdown(path)
    assert "Café" in products.loc[products["hs_chapter"] == "01", "description"].iloc[0]
    path.write_bytes((text + pad_row + "2021,860,398,M,TOTAL,0,All,5000000\n" * 400).encode())
    with pytest.raises(DataError) as caught:
        import_comtrade(path, max_rows=100)
    (problem,) = caught.value.problems
    rows = 10 + len(pad_rows) + 400
    assert (caught.value.file, problem.code, problem.values) == ("big.csv", "too_many_rows", {"rows": rows, "limit": 100})


# --- io.comtrade_file.read_rows: the typed frame itself, whichever path reads the file ----------------------

READ_HEADER = [
    "refYear", "reporterCode", "reporterISO", "partnerCode", "partnerISO", "flowCode", "cmdCode", "aggrLevel",
    "primaryValue", "partner2Code", "motCode", "customsCode", "freqCode", "refMonth", "cmdDesc",
]  # fmt: skip
QUOTED_EMPTY = object()  # a cell written as "" (quoted, empty)
READ_ROWS = [
    [2021, 860, " uzb ", 398, "KAZ", "X", "TOTAL", 0, "1500000.5", 0, 0, "C00", "A", 52, "All Commodities"],
    [2021, 860, "UZB", 0, "W00", "X", "TOTAL", 0, "7000000000", 0, 0, "C00", "A", 52, "All Commodities"],
    # China's report of trade with Uzbekistan is not the pair's.
    [2021, 156, "CHN", 860, "UZB", "M", "TOTAL", 0, "5", 0, 0, "C00", "A", 52, "All Commodities"],
    [2021, 398, "KAZ", 860, "UZB", "M", "09", 2, "250000000", "", "", QUOTED_EMPTY, "", "", "Coffee, tea, maté"],
    # No reporter at all: not the pair's either.
    [2021, "", "", 398, "KAZ", "X", "TOTAL", 0, "9", 0, 0, "C00", "A", 52, "All Commodities"],
    [2022, 398, "KAZ", 0, "WLD", " M ", " 27 ", "", "2500000000", 0, 0, "C00", "A", 52, QUOTED_EMPTY],
]
# What read_rows gives for READ_ROWS: rows 2, 3, 5 and 7, typed, text stripped, empty cells missing.
READ_EXPECTED = pd.DataFrame(
    {
        "refYear": pd.array([2021, 2021, 2021, 2022], dtype="int64"),
        "reporterCode": pd.array([860, 860, 398, 398], dtype="int64"),
        "reporterISO": pd.array(["uzb", "UZB", "KAZ", "KAZ"], dtype="str"),
        "partnerCode": pd.array([398, 0, 860, 0], dtype="int64"),
        "partnerISO": pd.array(["KAZ", "W00", "UZB", "WLD"], dtype="str"),
        "flowCode": pd.array(["X", "X", "M", "M"], dtype="str"),
        "cmdCode": pd.array(["TOTAL", "TOTAL", "09", "27"], dtype="str"),
        "aggrLevel": pd.array([0, 0, 2, None], dtype="Int64"),
        "primaryValue": pd.array([1500000.5, 7e9, 2.5e8, 2.5e9], dtype="float64"),
        "partner2Code": pd.array([0, 0, None, 0], dtype="Int64"),
        "motCode": pd.array([0, 0, None, 0], dtype="Int64"),
        "customsCode": pd.array(["C00", "C00", None, "C00"], dtype="str"),
        "freqCode": pd.array(["A", "A", None, "A"], dtype="str"),
        "refMonth": pd.array([52, 52, None, 52], dtype="Int64"),
        "cmdDesc": pd.array(["All Commodities", "All Commodities", "Coffee, tea, maté", None], dtype="str"),
        "_row": pd.array([2, 3, 5, 7], dtype="int64"),
    }
)


def _read_file(sep=",", decimal=".", encoding="latin-1", iso_only=False, header_end="", line_end="\n") -> bytes:
    drop = {"reporterCode", "partnerCode"} if iso_only else set()
    keep = [i for i, name in enumerate(READ_HEADER) if name not in drop]

    def cell(value: object, column: str) -> str:
        if value is QUOTED_EMPTY:
            return '""'
        text = str(value).replace(".", decimal) if column == "primaryValue" else str(value)
        return f'"{text}"' if sep in text else text

    lines = [sep.join(READ_HEADER[i] for i in keep) + header_end]
    lines += [sep.join(cell(cells[i], READ_HEADER[i]) for i in keep) for cells in READ_ROWS]
    return (line_end.join(lines) + line_end).encode(encoding)


def _read_xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(READ_HEADER)
    for cells in READ_ROWS:
        book.active.append([None if c is QUOTED_EMPTY or c == "" else c for c in cells])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


READ_VARIANTS = {
    # variant: (file, read cell by cell?)
    "comma": (lambda: _read_file(), False),
    "semicolon": (lambda: _read_file(sep=";"), False),
    "tab": (lambda: _read_file(sep="\t"), False),
    "utf-8-bom": (lambda: _read_file(encoding="utf-8-sig"), False),
    # CRLF lines and a header ending in a space (as Excel writes them): still the fast path.
    "crlf-header-space": (lambda: _read_file(encoding="utf-8", header_end=" ", line_end="\r\n"), False),
    "iso-codes-only": (lambda: _read_file(iso_only=True), False),
    "decimal-comma": (lambda: _read_file(sep=";", decimal=","), True),
    "decimal-comma-iso-codes-only": (lambda: _read_file(sep=";", decimal=",", iso_only=True), True),
    "xlsx": (_read_xlsx, True),
}


@pytest.mark.parametrize("as_path", [False, True], ids=["bytes", "path"])
@pytest.mark.parametrize("variant", list(READ_VARIANTS))
def test_read_rows_gives_the_same_typed_frame_from_every_kind_of_file(variant, as_path, tmp_path, monkeypatch):
    make, careful = READ_VARIANTS[variant]
    raw = make()
    source = raw
    if as_path:
        source = tmp_path / "TradeData.csv"
        source.write_bytes(raw)
    calls = []
    read_carefully = comtrade_file._careful
    monkeypatch.setattr(comtrade_file, "_careful", lambda *a: calls.append(a) or read_carefully(*a))
    frame, rows_read, file = comtrade_file.read_rows(source, comtrade_file.COMTRADE_LIMITS, None if as_path else "f.csv")
    pd.testing.assert_frame_equal(frame, READ_EXPECTED, check_like=True)  # column order is not part of it
    assert (rows_read, file) == (6, "TradeData.csv" if as_path else "f.csv")
    # A clean CSV is parsed by pyarrow (fast); only a file pyarrow cannot type is read cell by cell.
    assert len(calls) == careful


def _read_problems(source, **limits) -> tuple[str, list[tuple]]:
    with pytest.raises(DataError) as caught:
        comtrade_file.read_rows(source, dataclasses.replace(comtrade_file.COMTRADE_LIMITS, **limits), "f.csv")
    return caught.value.file, [(p.code, p.row, p.column, p.values) for p in caught.value.problems]


def test_a_fraction_in_a_whole_number_column_of_a_clean_file_is_a_problem():
    # pyarrow types the columns as asked, so 2021.5 is not silently cut to 2021: the careful path names the cells.
    raw = _csv(
        "refYear,reporterCode,partnerCode,flowCode,cmdCode,aggrLevel,primaryValue",
        "2021,860,398,X,TOTAL,0,1",
        "2021.5,860,398,M,TOTAL,0,2",
        "2021,860,398,M,27,2.5,3",
    )
    assert _read_problems(raw) == (
        "f.csv",
        [
            ("not_whole_number", 3, "refYear", {"found": "2021.5"}),
            ("not_whole_number", 4, "aggrLevel", {"found": "2.5"}),
        ],
    )


def test_a_file_the_system_cannot_map_is_unreadable(tmp_path, monkeypatch):
    import pyarrow

    path = tmp_path / "TradeData.csv"
    path.write_bytes(_read_file())

    def refuse(where):
        raise OSError(f"Memory mapping file failed: No such device ({where})")

    monkeypatch.setattr(pyarrow, "memory_map", refuse)
    with pytest.raises(DataError) as caught:
        comtrade_file.read_rows(path, comtrade_file.COMTRADE_LIMITS)
    (problem,) = caught.value.problems
    assert (caught.value.file, problem.code, problem.row, problem.values) == (
        "TradeData.csv",
        "file_unreadable",
        None,
        {"reason": f"Memory mapping file failed: No such device ({path})"},
    )


@pytest.mark.parametrize("as_path", [False, True], ids=["bytes", "path"])
def test_a_big_file_of_blank_lines_is_empty(as_path, tmp_path):
    raw = b" \r\n" * 100_000  # 300 KB: more than the first sample
    source = raw
    if as_path:
        source = tmp_path / "f.csv"
        source.write_bytes(raw)
    assert _read_problems(source) == ("f.csv", [("empty_file", None, None, {})])


def test_limits_reach_the_cell_by_cell_path():
    # An XLSX and a CSV with decimal commas are read cell by cell, under the caller's limits.
    assert _read_problems(_read_xlsx(), max_rows=5) == (
        "f.csv",
        [("sheet_too_many_rows", None, None, {"rows": 6, "limit": 5})],
    )
    header_chars = len(";".join(READ_HEADER))
    assert _read_problems(_read_file(sep=";", decimal=","), max_line_chars=100) == (
        "f.csv",
        [("line_too_long", 1, None, {"chars": header_chars, "limit": 100})],
    )


def test_columns_missing_from_a_workbook_name_the_file():
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["refYear", "reporterCode", "partnerCode", "flowCode", "primaryValue"])
    book.active.append([2021, 860, 398, "X", 1])
    buffer = io.BytesIO()
    book.save(buffer)
    assert _read_problems(buffer.getvalue()) == ("f.csv", [("comtrade_column_missing", 1, "cmdCode", {})])


def test_the_comtrade_names_choose_the_delimiter_of_a_broken_file():
    # An extra column's name holds a semicolon, and one row has a comma too many: split by the cells alone,
    # the semicolon would look like the delimiter; the Comtrade names say comma, so the ragged row is named.
    raw = _csv(
        "refYear,reporterCode,partnerCode,flowCode,cmdCode,primaryValue,Remarks; notes",
        "2021,860,398,X,TOTAL,1000,a; b",
        "2021,860,398,M,TOTAL,2000,a; b, c",
    )
    assert _read_problems(raw) == ("f.csv", [("wrong_cell_count", 3, None, {"expected": "7", "found": "8"})])


def test_a_header_alone_is_no_rows_and_the_column_limit_is_inclusive(tmp_path):
    header = "refYear,reporterCode,partnerCode,flowCode,cmdCode,primaryValue"
    path = tmp_path / "f.csv"
    path.write_bytes(header.encode())  # no newline at all
    limits = dataclasses.replace(comtrade_file.COMTRADE_LIMITS, max_rows=0, max_columns=6)
    frame, rows_read, _ = comtrade_file.read_rows(path, limits)
    assert (len(frame), rows_read) == (0, 0)
    raw = _csv(header, "2021,860,398,X,TOTAL,1000")
    frame, rows_read, _ = comtrade_file.read_rows(raw, dataclasses.replace(limits, max_rows=1))
    assert (frame["primaryValue"].tolist(), rows_read) == ([1000.0], 1)


SAMPLE = comtrade_file.SAMPLE_BYTES


def _descriptions(raw: bytes) -> list[str]:
    frame, _, _ = comtrade_file.read_rows(raw, comtrade_file.COMTRADE_LIMITS)
    return list(dict.fromkeys(frame["cmdDesc"]))


def test_encoding_is_detected_on_whole_lines_of_the_first_sample():
    # UTF-8: the sample is cut after its last whole line, so an "é" split by the sample's end (bytes
    # SAMPLE - 1 and SAMPLE) is not taken for bad UTF-8, nor is the one ending that last line, nor the one
    # starting the next; a bad byte after the sample is replaced, not a crash.
    header = "cmdDesc,refYear,reporterCode,partnerCode,flowCode,cmdCode,primaryValue,note\n"
    last_whole = "Coffee,2021,860,398,X,09,1000,café\n"
    cut = "éclair é,2021,860,398,X,19,1000,x\n"  # its second "é" starts 8 bytes in
    start = SAMPLE - 1 - 8  # where `cut` begins
    filler = "Heading,2021,860,398,X,27,1000,x\n"
    room = start - len(header) - len(last_whole.encode())
    count, rest = divmod(room, len(filler))
    pad = f"Heading,2021,860,398,X,27,1000,{'x' * (rest + 1)}\n"
    count -= 1  # `pad` is one filler line longer by `rest` bytes
    text = header + filler * count + pad + last_whole
    assert len(text.encode()) == start
    raw = (text + cut).encode() + b"Caf\xe9,2021,860,398,M,09,5,x\n"
    assert raw[SAMPLE - 1 : SAMPLE + 1] == "é".encode()
    assert _descriptions(raw) == ["Heading", "Coffee", "éclair é", "Caf\ufffd"]


def test_encoding_of_a_big_file_is_detected_beyond_its_header():
    header = b"refYear,reporterCode,partnerCode,flowCode,cmdCode,primaryValue,cmdDesc\n"
    raw = header + b"2021,860,398,X,09,1000,Caf\xe9\n" + b"2021,860,398,X,27,1000,Fuels\n" * 10_000
    assert len(raw) > SAMPLE
    assert _descriptions(raw) == ["Café", "Fuels"]


def test_a_file_of_exactly_the_sample_size_is_detected_whole():
    # Latin-1, no newline at the end, its only accented letter on its last line: the whole file is the sample.
    header = "refYear,reporterCode,partnerCode,flowCode,cmdCode,primaryValue,cmdDesc\n"
    filler = "2021,860,398,X,27,1000,Fuels\n"
    last = "2021,860,398,X,09,1000,Café "
    count, rest = divmod(SAMPLE - len(header) - len(last), len(filler))
    text = header + filler * count + last + " " * rest
    raw = text.encode("latin-1")
    assert len(raw) == SAMPLE and not raw.endswith(b"\n")
    assert _descriptions(raw) == ["Fuels", "Café"]


def test_a_byte_order_mark_inside_a_cell_is_kept_on_both_paths():
    # Only the file's own BOM (at its very start) is not text; one inside a cell is read as it is, by pyarrow
    # (clean file) and cell by cell (decimal comma) alike.
    lines = ["\ufeffrefYear;reporterCode;partnerCode;flowCode;cmdCode;primaryValue;cmdDesc", "2021;860;398;X;09;{v};\ufeffTea"]
    for value in ("1000", "1000,5"):
        raw = "\r\n".join(lines).format(v=value).encode("utf-8")
        assert _descriptions(raw) == ["\ufeffTea"]


@pytest.mark.parametrize("chunk", [1, 2, 3, 16 * 1024 * 1024])
@pytest.mark.parametrize(
    ("data", "longest"),
    [
        (b"", 0),
        (b"abc", 3),
        (b"ab\n", 2),
        (b"a\nbcd\n", 3),
        (b"a\nbcd", 3),
        (b"\n\n", 0),
        (b"abcd\r\nx\n", 5),
        (b"x\n" + b"y" * 7, 7),
    ],
)
def test_longest_line_in_bytes_whatever_the_chunks(data, longest, chunk):
    import pyarrow as pa

    assert comtrade_file._longest_line_bytes(pa.py_buffer(data), chunk=chunk) == longest


def _long_line_file(description: str) -> bytes:
    return _csv(
        "refYear,reporterCode,partnerCode,flowCode,cmdCode,aggrLevel,cmdDesc,primaryValue",
        "2021,860,398,X,TOTAL,0,All,100",
        f"2021,860,398,M,27,2,{description},200",
    )


@pytest.mark.parametrize("as_path", [False, True], ids=["bytes", "path"])
def test_a_clean_file_with_a_line_over_the_limit_is_refused_naming_the_line(as_path, tmp_path):
    # pyarrow would parse the row (its blocks hold megabytes); the limit is the same on both paths.
    raw = _long_line_file("x" * 200)
    source = raw
    if as_path:
        source = tmp_path / "f.csv"
        source.write_bytes(raw)
    chars = len(raw.decode().splitlines()[2])
    assert _read_problems(source, max_line_chars=150) == ("f.csv", [("line_too_long", 3, None, {"chars": chars, "limit": 150})])


def test_a_line_over_the_limit_in_bytes_but_not_in_characters_is_read(monkeypatch):
    # 100 Cyrillic letters are 200 bytes in UTF-8: the characters decide, as on the careful path.
    raw = _long_line_file("Ж" * 100)
    line = raw.decode().splitlines()[2]
    assert len(line) < 150 < len(line.encode())
    calls = []
    read_carefully = comtrade_file._careful
    monkeypatch.setattr(comtrade_file, "_careful", lambda *a: calls.append(a) or read_carefully(*a))
    limits = dataclasses.replace(comtrade_file.COMTRADE_LIMITS, max_line_chars=150)
    frame, rows_read, _file = comtrade_file.read_rows(raw, limits, "f.csv")
    assert rows_read == 2 and len(calls) == 1
    assert frame.loc[frame["_row"] == 3, "cmdDesc"].tolist() == ["Ж" * 100]
    # Within the limit in bytes too, pyarrow reads it.
    calls.clear()
    comtrade_file.read_rows(raw, dataclasses.replace(limits, max_line_chars=len(line.encode())), "f.csv")
    assert calls == []

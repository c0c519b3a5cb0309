"""Table downloads: CSV with BOM, XLSX that reopens with the same rows, formulas never run."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import openpyxl
import pandas as pd
import pytest

from partnership import agreements, data
from partnership.export import tables as table_export


@pytest.fixture
def table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "title": [
                "Соглашение о воде",
                '=HYPERLINK("http://evil")',
                "+1-2",
                "-3",
                "@SUM(A1)",
                "\tTab",
                "line\nbreak",
                "plain",
            ],
            "value": [1.5, -2.0, 0.0, None, 1e6, 3.25, -0.5, 42.0],
            "count": pd.array([1, -2, 3, None, 5, 6, 7, 8], dtype="Int64"),
            "flag": [True, False, True, False, True, False, True, False],
            "date": pd.to_datetime(["2025-11-15", None, "1998-10-31", "2000-07-07", None, None, None, "2024-08-08"]),
        }
    )


def test_csv_starts_with_a_bom_and_keeps_cyrillic(table):
    raw = table_export.table_bytes(table, "csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert "Соглашение о воде" in text
    assert text.splitlines()[0] == "title,value,count,flag,date"


def test_csv_neutralizes_formula_cells_but_not_numbers(table):
    rows = list(csv.reader(io.StringIO(table_export.table_bytes(table, "csv").decode("utf-8-sig"), newline="")))
    titles = [row[0] for row in rows[1:]]
    assert titles[1] == '\'=HYPERLINK("http://evil")'
    assert titles[2] == "'+1-2" and titles[3] == "'-3" and titles[4] == "'@SUM(A1)"
    assert titles[5] == "'\tTab" and titles[6] == "line\nbreak"
    assert titles[0] == "Соглашение о воде" and titles[7] == "plain"
    # Negative numbers in numeric columns are numbers, not text with an apostrophe.
    assert rows[2][1] == "-2.0" and rows[2][2] == "-2"
    assert rows[1][4] == "2025-11-15"


def test_csv_cell_with_a_carriage_return_stays_in_its_row():
    frame = pd.DataFrame({"title": ["\r=cmd|' /C calc'!A0", "next"], "value": [1, 2]})
    text = table_export.table_bytes(frame, "csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == 3
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


FORMULA_CELLS = ["=1+1", "+1", "-1", "@SUM(A1)", "\tTab", "\r=cmd|' /C calc'!A0"]


@pytest.mark.parametrize("cell", FORMULA_CELLS)
def test_every_formula_start_gets_an_apostrophe_in_both_formats(cell):
    assert table_export.neutralize_cell(cell) == "'" + cell
    frame = pd.DataFrame({cell: [cell, "plain"], "value": [1, 2]})
    rows = list(csv.reader(io.StringIO(table_export.table_bytes(frame, "csv").decode("utf-8-sig"), newline="")))
    assert rows == [["'" + cell, "value"], ["'" + cell, "1"], ["plain", "2"]]
    # XLSX: a text-typed cell reads as typed and never runs (no apostrophe, no formula).
    sheet = openpyxl.load_workbook(io.BytesIO(table_export.table_bytes(frame, "xlsx"))).active
    stored = cell.replace("\r", "\n")  # XML reads a bare CR back as a line feed
    assert list(sheet.iter_rows(values_only=True)) == [(stored, "value"), (stored, 1), ("plain", 2)]
    assert sheet["A1"].data_type == sheet["A2"].data_type == "s"


@pytest.mark.parametrize("cell", ["plain", "a=b", " =1", "\n=1", "", "'=1", "1-2"])
def test_text_not_starting_a_formula_is_left_as_it_is(cell):
    assert table_export.neutralize_cell(cell) == cell


@pytest.mark.parametrize("value", [-1, -2.5, None, True])
def test_non_text_values_are_never_prefixed(value):
    assert table_export.neutralize_cell(value) is value


def test_xlsx_reopens_with_the_same_rows_and_typed_cells(table):
    book = openpyxl.load_workbook(io.BytesIO(table_export.table_bytes(table, "xlsx")))
    sheet = book.active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("title", "value", "count", "flag", "date")
    assert len(values) - 1 == len(table)
    assert values[1][0] == "Соглашение о воде"
    # Text reads exactly as typed (no apostrophe) and is a text cell: nothing runs.
    assert values[2][0] == '=HYPERLINK("http://evil")' and values[3][0] == "+1-2" and values[5][0] == "@SUM(A1)"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert sheet["A3"].data_type == "s" and not sheet["A3"].quotePrefix
    # Numbers are stored as numbers (openpyxl reads a whole float back as int).
    assert values[2][1] == -2.0 and isinstance(values[2][1], (int, float))
    assert values[2][2] == -2 and isinstance(values[2][2], int)
    assert values[1][1] == 1.5 and values[5][1] == 1e6
    assert values[4][1] is None and values[4][2] is None  # missing stays empty, not 0 or 'nan'
    assert values[1][3] is True
    # Dates are spreadsheet dates, shown as YYYY-MM-DD.
    assert values[1][4] == dt.datetime(2025, 11, 15) and sheet["E2"].number_format == "yyyy-mm-dd"
    assert values[2][4] is None


def test_column_names_are_neutralized_too():
    frame = pd.DataFrame({"=cmd": ["a"], "ok": [1]})
    assert table_export.table_bytes(frame, "csv").decode("utf-8-sig").splitlines()[0] == "'=cmd,ok"


def test_unknown_format_is_refused(table):
    with pytest.raises(ValueError, match="csv, xlsx"):
        table_export.table_bytes(table, "pdf")


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_agreements_view_exports_exactly_its_rows(lang):
    docs = data.load("agreements")
    view = agreements.display_table(agreements.apply(docs, agreements.Filters(summit_only=True)), lang)
    sheet = openpyxl.load_workbook(io.BytesIO(table_export.table_bytes(view, "xlsx"))).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == tuple(view.columns)
    assert [row[2] for row in values[1:]] == list(view["title"])
    csv_rows = list(csv.reader(io.StringIO(table_export.table_bytes(view, "csv").decode("utf-8-sig"))))
    assert len(csv_rows) - 1 == len(view) == 13


def test_xlsx_stores_no_formula_at_all(table):
    """The file itself, not openpyxl's reading of it: no <f> element, the formula text is a string."""
    raw = table_export.table_bytes(table, "xlsx")
    with zipfile.ZipFile(io.BytesIO(raw)) as book:
        sheet_xml = book.read("xl/worksheets/sheet1.xml").decode()
        strings = "".join(book.read(name).decode() for name in book.namelist() if name.endswith("sharedStrings.xml"))
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml
    assert "=HYPERLINK" in strings + sheet_xml
    assert "quotePrefix" not in sheet_xml


def test_as_shown_uses_the_pages_labels_hides_columns_and_words_booleans():
    frame = pd.DataFrame(
        {
            "date_note": ["c. 2020"],
            "summit_2025_11_15": [True],
            "other_flag": pd.array([False], dtype="boolean"),
            "quote": ["hidden"],
            "title": ["=1+1"],
            "title_lang": ["en"],
        }
    )
    headers = {
        "date_note": "Дата (как в источнике)",
        "summit_2025_11_15": {"label": "Пакет 15.11.2025", "type_config": {"type": "checkbox"}},
        "quote": None,
        "title": {"label": "Название"},
        "title_lang": {"label": "Название"},
    }
    shown = table_export.as_shown(frame, headers, yes="да", no="нет")
    assert list(shown.columns) == [
        "Дата (как в источнике)",
        "Пакет 15.11.2025",
        "other_flag",
        "Название",
        "Название (2)",
    ]
    assert shown.iloc[0].tolist() == ["c. 2020", "да", "нет", "=1+1", "en"]
    csv_text = table_export.table_bytes(shown, "csv").decode("utf-8-sig")
    assert csv_text.splitlines()[0] == "Дата (как в источнике),Пакет 15.11.2025,other_flag,Название,Название (2)"
    assert "'=1+1" in csv_text  # CSV has no cell types: the apostrophe stays
    sheet = openpyxl.load_workbook(io.BytesIO(table_export.table_bytes(shown, "xlsx"))).active
    assert [c.value for c in sheet[1]] == list(shown.columns)
    assert sheet["D2"].value == "=1+1" and sheet["D2"].data_type == "s"


def test_download_types_are_the_registered_mime_types():
    assert table_export.FORMATS == ("csv", "xlsx")
    assert table_export.MIME_TYPES == {
        "csv": "text/csv",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }


def test_the_sheet_is_named_data_and_the_input_is_left_alone():
    frame = pd.DataFrame({"title": ["=1", "b"], "when": pd.to_datetime(["2025-11-15", None])})
    before = frame.copy()
    book = openpyxl.load_workbook(io.BytesIO(table_export.table_bytes(frame, "xlsx")))
    assert book.sheetnames == ["data"]
    assert list(book["data"].iter_rows(values_only=True)) == [("title", "when"), ("=1", dt.datetime(2025, 11, 15)), ("b", None)]
    pd.testing.assert_frame_equal(frame, before)
    assert table_export.table_bytes(frame, "csv").decode("utf-8-sig") == "title,when\r\n'=1,2025-11-15\r\nb,\r\n"


def test_numeric_and_boolean_columns_are_never_neutralized():
    frame = pd.DataFrame(
        {"n": [-1.5, 2.0], "i": pd.array([-3, None], dtype="Int64"), "b": pd.array([True, None], dtype="boolean")}
    )
    safe = table_export.neutralize(frame)
    pd.testing.assert_frame_equal(safe, frame)
    text = pd.DataFrame({"t": ["-1", "x"], "o": pd.Series([-1, "=x"], dtype="object")})
    assert table_export.neutralize(text).to_dict("list") == {"t": ["'-1", "x"], "o": [-1, "'=x"]}


def test_a_date_with_a_time_of_day_is_exported_as_the_date():
    frame = pd.DataFrame({"when": pd.to_datetime(["2025-11-15 10:30", "2025-11-16 00:00"])})
    assert table_export.table_bytes(frame, "csv").decode("utf-8-sig") == "when\r\n2025-11-15\r\n2025-11-16\r\n"


def test_dates_held_as_python_objects_are_written_as_dates_in_csv():
    # A column of mixed cells (dates, datetimes, text, missing) has the object dtype: each date is written
    # as YYYY-MM-DD (a time of day dropped), the text as it is.
    when = [dt.date(2025, 11, 15), dt.datetime(2025, 11, 16, 10, 30), pd.Timestamp("2025-11-17 08:00"), "c. 2020", None]
    frame = pd.DataFrame({"when": pd.Series(when, dtype="object"), "n": [1, 2, 3, 4, 5]})
    text = table_export.table_bytes(frame, "csv").decode("utf-8-sig")
    assert text == "when,n\r\n2025-11-15,1\r\n2025-11-16,2\r\n2025-11-17,3\r\nc. 2020,4\r\n,5\r\n"


def test_xlsx_keeps_the_time_of_day_shows_the_date_and_drops_the_time_zone():
    frame = pd.DataFrame(
        {
            "when": pd.to_datetime(["2025-11-15 10:30", "2025-11-16 00:00"]),
            "local": pd.to_datetime(["2025-11-15 10:30", "2025-11-16 00:00"]).tz_localize("Asia/Tashkent"),
        }
    )
    sheet = openpyxl.load_workbook(io.BytesIO(table_export.table_bytes(frame, "xlsx"))).active
    expected = [dt.datetime(2025, 11, 15, 10, 30), dt.datetime(2025, 11, 16)]
    assert list(sheet.iter_rows(min_row=2, values_only=True)) == [(expected[0],) * 2, (expected[1],) * 2]
    assert {sheet[c].number_format for c in ("A2", "A3", "B2", "B3")} == {"yyyy-mm-dd"}


def test_xlsx_header_is_bold_and_frozen_and_control_characters_are_dropped():
    frame = pd.DataFrame({"title": ["a\x01b\x1fc", "plain"], "value": [1, 2]})
    sheet = openpyxl.load_workbook(io.BytesIO(table_export.table_bytes(frame, "xlsx"))).active
    assert list(sheet.iter_rows(values_only=True)) == [("title", "value"), ("abc", 1), ("plain", 2)]
    assert [sheet[c].font.bold for c in ("A1", "B1", "A2", "B2")] == [True, True, False, False]
    assert sheet.freeze_panes == "A2"


def test_as_shown_words_only_boolean_columns_and_keeps_missing_values_missing():
    frame = pd.DataFrame(
        {
            "flag": pd.Series([True, None, False], dtype="object"),
            "checked": pd.array([None, True, False], dtype="boolean"),
            "note": pd.Series(["x", "", None], dtype="object"),
            "share": [float("nan")] * 3,
            "empty": pd.Series([None, None, None], dtype="object"),
        }
    )
    shown = table_export.as_shown(frame, yes="да", no="нет")
    assert shown["flag"].tolist()[::2] == ["да", "нет"] and pd.isna(shown["flag"][1])
    assert pd.isna(shown["checked"][0]) and shown["checked"].tolist()[1:] == ["да", "нет"]
    pd.testing.assert_frame_equal(shown[["note", "share", "empty"]], frame[["note", "share", "empty"]])


def test_as_shown_headers_fall_back_to_the_name_and_number_repeated_labels():
    frame = pd.DataFrame([[1, 2, 3, 4, 5]], columns=["a", "b", "c", "d", 7])
    headers = {"a": "Value", "b": {"label": "Value"}, "c": {"label": "Value", "help": "x"}, "d": {"label": None}}
    shown = table_export.as_shown(frame, headers)
    assert list(shown.columns) == ["Value", "Value (2)", "Value (3)", "d", "7"]
    assert shown.iloc[0].tolist() == [1, 2, 3, 4, 5]

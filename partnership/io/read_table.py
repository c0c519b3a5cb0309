"""Read a table as people really have it: CSV or XLSX, Russian Excel formats, checked against a schema.

`read_table(source, resource)` takes a path, bytes or a binary file object and returns the
resource typed per its Table Schema, exactly like `data.load(resource)`. It accepts what a
Russian-language Excel or a statistics office writes:

- encodings UTF-8, UTF-8 with BOM and Windows-1251 (detected with charset-normalizer);
- delimiters comma, semicolon and tab (detected from the header against the schema's names);
- decimal comma and thousands separators (space, no-break space) in numeric fields,
  "ИСТИНА"/"ЛОЖЬ" in boolean fields, DD.MM.YYYY in date fields;
- header names matched without regard to case and surrounding spaces;
- XLSX workbooks (the first sheet), read with openpyxl.

Anything wrong ends in one `DataError` naming the file and, per problem, the row as a
spreadsheet shows it (header = row 1), the column and what was expected. Size, row, line
length and column limits are checked before anything is parsed, so a hostile or broken
file fails fast; no other exception escapes for bad input.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd

from partnership.io.package import resource_meta
from partnership.io.schema import DataError, Problem, validate_frame

__all__ = [
    "Limits",
    "DEFAULT_LIMITS",
    "read_table",
    "read_raw",
    "read_bytes",
    "detect_encoding",
    "decode_text",
    "detect_delimiter",
    "normalize_number",
    "parse_numbers",
]

Source = str | os.PathLike | bytes | bytearray | memoryview | BinaryIO

DELIMITERS = (",", ";", "\t")
# Encodings other than UTF-8 that a table may come in; charset-normalizer decides whether the bytes
# are plausible text in one of them (binary junk is "too chaotic" for every candidate).
TEXT_ENCODINGS = ("cp1251",)
ENCODING_SAMPLE = 256 * 1024
XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Spaces people and spreadsheets put between thousands: space, no-break space, narrow no-break, thin.
THOUSANDS_SPACES = " \u00a0\u202f\u2009"
MINUS_SIGNS = "\u2212\u2013"  # true minus and the en dash Word/Excel substitute for it
TRUE_WORDS = {"истина", "да", "yes"}
FALSE_WORDS = {"ложь", "нет", "no"}


@dataclass(frozen=True)
class Limits:
    """What a file may hold; checked before parsing so a huge or hostile file fails fast."""

    max_bytes: int = 20 * 1024 * 1024
    max_rows: int = 100_000  # data rows (lines after the header, for CSV)
    max_line_chars: int = 100_000
    max_columns: int = 200
    # An XLSX is a zip: refuse one that unpacks to more than this (a "zip bomb").
    max_unpacked_bytes: int = 200 * 1024 * 1024


DEFAULT_LIMITS = Limits()


def _limits(limits: Limits | None, overrides: dict) -> Limits:
    base = limits or DEFAULT_LIMITS
    unknown = set(overrides) - set(Limits.__dataclass_fields__)
    if unknown:
        raise TypeError(f"unknown limit(s): {', '.join(sorted(unknown))}")
    return Limits(**{**base.__dict__, **overrides}) if overrides else base


def _fail(file: str, message: str, row: int | None = None, column: str | None = None) -> DataError:
    return DataError(file, [Problem(row, column, message)])


def _size_text(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n:,} bytes"


# --- bytes in --------------------------------------------------------------------------------


def read_bytes(source: Source, max_bytes: int, name: str | None = None) -> tuple[bytes, str]:
    """The file's bytes and a name for messages; the size limit is checked before reading."""
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        file = name or path.name
        try:
            size = path.stat().st_size
            if not path.is_file():
                raise _fail(file, "not a file")
            if size > max_bytes:
                raise _fail(file, f"the file is {_size_text(size)}; the limit is {_size_text(max_bytes)}")
            return path.read_bytes(), file
        except FileNotFoundError:
            raise _fail(file, "file not found") from None
        except OSError as exc:
            raise _fail(file, f"cannot read the file ({exc.strerror or exc})") from None
    if isinstance(source, (bytes, bytearray, memoryview)):
        file = name or "upload"
        data = bytes(source)
    elif hasattr(source, "read"):
        file = name or Path(str(getattr(source, "name", "") or "upload")).name
        size = getattr(source, "size", None)
        if isinstance(size, int) and size > max_bytes:
            raise _fail(file, f"the file is {_size_text(size)}; the limit is {_size_text(max_bytes)}")
        try:
            data = source.read(max_bytes + 1)
        except (OSError, ValueError) as exc:
            raise _fail(file, f"cannot read the file ({exc})") from None
        if isinstance(data, str):
            data = data.encode("utf-8")
    else:
        raise TypeError(f"source must be a path, bytes or a binary file object, not {type(source).__name__}")
    if len(data) > max_bytes:
        raise _fail(file, f"the file is larger than the limit of {_size_text(max_bytes)}")
    return data, file


def detect_encoding(data: bytes, file: str, encodings: tuple[str, ...] = TEXT_ENCODINGS, sample: int | None = None) -> str:
    """'utf-8-sig', 'utf-8', or the first of `encodings` that charset-normalizer finds plausible.

    With `sample`, only the first `sample` bytes are looked at (for files too big to decode whole).
    Binary data and UTF-16 end in DataError.
    """
    if data.startswith(UTF16_BOMS):
        raise _fail(file, "the file is UTF-16 text; save it as CSV UTF-8 or Windows-1251")
    head = data[: sample or ENCODING_SAMPLE]
    if b"\x00" in head:
        raise _fail(file, "the file is binary, not a text table (CSV) or an XLSX workbook")
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        if sample is None:
            data.decode("utf-8")
        else:
            codecs.getincrementaldecoder("utf-8")().decode(head, final=len(head) == len(data))
        return "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(head, cp_isolation=list(encodings), preemptive_behaviour=False).best()
    if best is None:
        raise _fail(file, f"not readable text: neither UTF-8 nor {', '.join(_encoding_label(e) for e in encodings)}")
    return best.encoding


def decode_text(data: bytes, file: str, encodings: tuple[str, ...] = TEXT_ENCODINGS) -> tuple[str, str]:
    """Decode a text table: UTF-8 (with or without BOM), else the first of `encodings` that
    charset-normalizer finds plausible. Returns (text, encoding name)."""
    encoding = detect_encoding(data, file, encodings)
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as exc:
        raise _fail(file, f"not valid {_encoding_label(encoding)} text", row=_line_at(data, exc.start)) from None


def _encoding_label(encoding: str) -> str:
    return {"cp1251": "Windows-1251", "latin_1": "ISO-8859-1"}.get(encoding, encoding)


def _line_at(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


# --- CSV -------------------------------------------------------------------------------------


def _header_cells(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return line.split(delimiter)


def _normal_name(name: object) -> str:
    return str(name).strip().lower()


def detect_delimiter(text: str, expected: list[str] | tuple[str, ...] = ()) -> str:
    """Comma, semicolon or tab: the one whose header split finds most expected names, then most cells
    with the same count on the next lines."""
    lines = [line for line in text.split("\n", 50)[:50] if line.strip()]
    if not lines:
        return ","
    wanted = {_normal_name(n) for n in expected}
    best, best_score = ",", (-1, -1, -1)
    for delimiter in DELIMITERS:
        header = _header_cells(lines[0], delimiter)
        if len(header) < 2 and delimiter != ",":
            continue
        matches = sum(_normal_name(c) in wanted for c in header)
        same = sum(len(_header_cells(line, delimiter)) == len(header) for line in lines[1:])
        score = (matches, same if len(header) > 1 else -1, len(header))
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _check_lines(text: str, file: str, limits: Limits) -> None:
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    if lines - 1 > limits.max_rows:
        raise _fail(file, f"the file has {lines - 1:,} lines after the header; the limit is {limits.max_rows:,} rows")
    if len(text) <= limits.max_line_chars:
        return
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > limits.max_line_chars:
            raise _fail(file, f"the line is {len(line):,} characters long; the limit is {limits.max_line_chars:,}", row=number)


_PANDAS_LINE = re.compile(r"(?:in line|at row|starting at row) (\d+)")


def _parse_csv(text: str, file: str, delimiter: str, limits: Limits) -> tuple[list[str], pd.DataFrame]:
    """Header cells and the data as text cells, indexed by spreadsheet row − 2."""
    header_line = text.split("\n", 1)[0]
    if header_line.count(delimiter) + 1 > limits.max_columns:
        raise _fail(file, f"the header has more than {limits.max_columns} columns", row=1)
    try:
        cells = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            header=None,
            dtype=str,
            keep_default_na=False,
            na_values=[""],
            skip_blank_lines=False,
            engine="c",
        )
    except pd.errors.EmptyDataError:
        raise _fail(file, "the file holds no table") from None
    except pd.errors.ParserError as exc:
        raise _parser_problem(file, str(exc)) from None
    except (ValueError, OverflowError, MemoryError, csv.Error) as exc:
        raise _fail(file, f"not a readable CSV table ({exc})") from None
    if len(cells) - 1 > limits.max_rows:
        raise _fail(file, f"the file has {len(cells) - 1:,} rows; the limit is {limits.max_rows:,}")
    header = ["" if pd.isna(v) else str(v) for v in cells.iloc[0]] if len(cells) else []
    body = cells.iloc[1:]
    body.index = range(len(body))  # record k of the file (header = 0) is spreadsheet row k + 1
    body.columns = range(body.shape[1])
    return header, body


def _parser_problem(file: str, message: str) -> DataError:
    found = _PANDAS_LINE.search(message)
    number = int(found.group(1)) if found else None
    if "EOF inside string" in message:
        row = number + 1 if number is not None else None
        return _fail(file, 'a quote (") is opened and never closed', row=row)
    expected = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", message)
    if expected:
        want, line, saw = expected.groups()
        return _fail(file, f"expected {want} cells as in the header, found {saw}", row=int(line))
    return _fail(
        file, f"not a readable CSV table ({message.removeprefix('Error tokenizing data. C error: ').strip()})", row=number
    )


# --- XLSX ------------------------------------------------------------------------------------


def _xlsx_cell(value: object) -> object:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, int):
        return str(value)
    return str(value)


def _parse_xlsx(data: bytes, file: str, limits: Limits) -> tuple[list[str], pd.DataFrame]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise _fail(file, f"not a readable XLSX workbook ({exc})") from None
    if unpacked > limits.max_unpacked_bytes:
        raise _fail(file, f"the workbook unpacks to {_size_text(unpacked)}; the limit is {_size_text(limits.max_unpacked_bytes)}")
    from openpyxl import load_workbook

    rows: list[tuple] = []
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            declared = sheet.max_row or 0
            if declared - 1 > limits.max_rows:
                raise _fail(file, f"the sheet has {declared - 1:,} rows after the header; the limit is {limits.max_rows:,}")
            if (sheet.max_column or 0) > limits.max_columns:
                raise _fail(file, f"the sheet has {sheet.max_column} columns; the limit is {limits.max_columns}")
            for values in sheet.iter_rows(min_row=1, values_only=True):
                rows.append(values[: limits.max_columns + 1])
                if len(rows) - 1 > limits.max_rows:
                    raise _fail(file, f"the sheet has more than {limits.max_rows:,} rows; that is the limit")
        finally:
            workbook.close()
    except DataError:
        raise
    except Exception as exc:  # openpyxl raises many kinds (XML, zip, key, type errors) for a broken workbook
        raise _fail(file, f"not a readable XLSX workbook ({type(exc).__name__}: {exc})") from None
    if not rows:
        raise _fail(file, "the first sheet of the workbook is empty")
    width = max(len(r) for r in rows)
    if width > limits.max_columns:
        raise _fail(file, f"the sheet has more than {limits.max_columns} columns", row=1)
    for number, values in enumerate(rows, start=1):
        for value in values:
            if isinstance(value, str) and len(value) > limits.max_line_chars:
                raise _fail(file, f"a cell is {len(value):,} characters long; the limit is {limits.max_line_chars:,}", row=number)
    header = ["" if v is None else str(_xlsx_cell(v)) for v in rows[0]] + [""] * (width - len(rows[0]))
    body = pd.DataFrame(
        [[_xlsx_cell(v) for v in r] + [None] * (width - len(r)) for r in rows[1:]], columns=range(width), dtype="object"
    )
    body.index = range(len(body))
    return header, body


# --- from cells to a typed table -------------------------------------------------------------


def read_raw(
    source: Source,
    expected: list[str] | tuple[str, ...] = (),
    *,
    name: str | None = None,
    limits: Limits | None = None,
    encodings: tuple[str, ...] = TEXT_ENCODINGS,
) -> pd.DataFrame:
    """Read a CSV or XLSX file into text cells (None where empty), columns named as in its header.

    The index is the spreadsheet row − 2 (header = row 1), so `index + 2` names the row a person
    sees. Empty rows and unnamed empty columns are dropped; nothing is typed here.
    """
    limits = limits or DEFAULT_LIMITS
    data, file = read_bytes(source, limits.max_bytes, name)
    if not data.strip():
        raise _fail(file, "the file is empty")
    if data.startswith(XLS_MAGIC):
        raise _fail(file, "old Excel 97–2003 (.xls) workbook: save it as .xlsx or CSV")
    if data.startswith(XLSX_MAGIC):
        header, body = _parse_xlsx(data, file, limits)
    else:
        text, _ = decode_text(data, file, encodings)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if not text.strip():
            raise _fail(file, "the file is empty")
        # Leading blank lines (and a preamble line of only delimiters) are not the header.
        _check_lines(text, file, limits)
        delimiter = detect_delimiter(text.lstrip("\n"), expected)
        skipped = len(text) - len(text.lstrip("\n"))
        header, body = _parse_csv(text.lstrip("\n"), file, delimiter, limits)
        body.index = body.index + skipped
    return _name_columns(header, body, file)


def _name_columns(header: list[str], body: pd.DataFrame, file: str) -> pd.DataFrame:
    names = [str(h).strip() for h in header]
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    keep: list[int] = []
    for position, label in enumerate(names):
        if not label:
            continue  # an unnamed column cannot be matched to a field: ignored, like any extra column
        key = label.lower()
        if key in seen:
            problems.append(Problem(1, label, f"the column appears twice in the header (also as '{seen[key]}')"))
            continue
        seen[key] = label
        keep.append(position)
    if problems:
        raise DataError(file, problems)
    if not keep:
        raise _fail(file, "the first row holds no column names", row=1)
    raw = body[[p for p in keep if p in body.columns]].copy()
    raw.columns = [names[p] for p in keep if p in body.columns]
    for p in keep:
        if p not in body.columns:
            raw[names[p]] = None
    raw = raw.astype("object").where(raw.notna(), None)
    stripped = raw.map(lambda v: v.strip() if isinstance(v, str) else v)
    empty = stripped.isna() | stripped.eq("")
    return raw[~empty.all(axis=1)]


_SPACE_CLASS = f"[{THOUSANDS_SPACES}]"
_GROUPED_SPACES = re.compile(rf"[+-]?\d{{1,3}}(?:{_SPACE_CLASS}\d{{3}})+(?:[.,]\d+)?")
_DECIMAL_COMMA = re.compile(r"[+-]?\d*,\d+")
_DOT_GROUPS_COMMA_DECIMAL = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+,\d+")
_COMMA_GROUPS_DOT_DECIMAL = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+\.\d+")
_RU_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


def normalize_number(cell: object) -> object:
    """'1 234,5' → '1234.5', '4,97' → '4.97', '−3' → '-3'; anything else unchanged (validation reports it)."""
    if not isinstance(cell, str):
        return cell
    text = cell.strip()
    for sign in MINUS_SIGNS:
        if text.startswith(sign):
            text = "-" + text[1:]
    if _GROUPED_SPACES.fullmatch(text):
        text = re.sub(_SPACE_CLASS, "", text)
    if _DECIMAL_COMMA.fullmatch(text):
        return text.replace(",", ".")
    if _DOT_GROUPS_COMMA_DECIMAL.fullmatch(text):
        return text.replace(".", "").replace(",", ".")
    if _COMMA_GROUPS_DOT_DECIMAL.fullmatch(text):
        return text.replace(",", "")
    return text


def _normalize_boolean(cell: object, field: dict) -> object:
    if not isinstance(cell, str):
        return cell
    word = cell.strip().lower()
    true_values = field.get("trueValues", ["true"])
    false_values = field.get("falseValues", ["false"])
    if word in TRUE_WORDS:
        return true_values[0]
    if word in FALSE_WORDS:
        return false_values[0]
    return cell


def _normalize_date(cell: object) -> object:
    if not isinstance(cell, str):
        return cell
    found = _RU_DATE.fullmatch(cell.strip())
    if not found:
        return cell
    day, month, year = (int(g) for g in found.groups())
    return f"{year:04d}-{month:02d}-{day:02d}"


def normalize_cells(raw: pd.DataFrame, schema: dict) -> pd.DataFrame:
    """Rewrite Russian-Excel spellings of numbers, booleans and dates in the schema's typed fields."""
    out = raw.copy()
    by_name = {_normal_name(c): c for c in out.columns}
    for field in schema["fields"]:
        column = by_name.get(field["name"].lower())
        if column is None:
            continue
        kind = field.get("type", "string")
        if kind in ("number", "integer"):
            out[column] = out[column].map(normalize_number)
        elif kind == "boolean":
            out[column] = out[column].map(lambda v, f=field: _normalize_boolean(v, f))
        elif kind == "date":
            out[column] = out[column].map(_normalize_date)
    return out


def read_table(
    source: Source,
    resource: str,
    *,
    name: str | None = None,
    data_dir: str | os.PathLike | None = None,
    schema: dict | None = None,
    limits: Limits | None = None,
    **limit_overrides: int,
) -> pd.DataFrame:
    """Read a replacement for `resource` (path, bytes or binary file object), typed per its schema.

    `name` is the file name used in messages (default: the path's or the file object's name).
    Limits: pass `limits=Limits(...)` or any of its fields as keywords, e.g. `max_rows=1000`.
    Raises DataError for every kind of bad input.
    """
    limits = _limits(limits, limit_overrides)
    if schema is None:
        schema = resource_meta(resource, data_dir)["schema"]
    expected = [field["name"] for field in schema["fields"]]
    raw = read_raw(source, expected, name=name, limits=limits)
    file = name or _source_name(source)
    if raw.empty:
        raise _fail(file, "the table has a header but no data rows")
    cells, screened = _screen_numbers(normalize_cells(raw, schema), schema)
    try:
        typed = validate_frame(cells, schema, file)
    except DataError as error:
        problems = screened + [p for p in error.problems if (p.row, p.column) not in {(s.row, s.column) for s in screened}]
        raise DataError(file, sorted(problems, key=lambda p: (p.row or 0, p.column or ""))) from None
    if screened:
        raise DataError(file, screened)
    return typed


# Whole numbers beyond this are not years, months or counts, and would overflow a 64-bit integer column.
MAX_WHOLE_NUMBER = 10**15


def parse_numbers(cells: pd.Series, whole: bool = False) -> tuple[pd.Series, pd.Series]:
    """Numbers (float64) from normalized text cells, and a mask of present cells that are not usable
    numbers: not numeric, infinite, or (for `whole`) beyond ±10^15."""
    numbers = pd.Series(pd.to_numeric(cells, errors="coerce"), index=cells.index).astype("float64")
    bad = cells.notna() & ~np.isfinite(numbers)
    if whole:
        bad |= numbers.notna() & ((numbers.abs() >= MAX_WHOLE_NUMBER) | (numbers % 1 != 0))
    return numbers.where(~bad), bad


def _screen_numbers(raw: pd.DataFrame, schema: dict) -> tuple[pd.DataFrame, list[Problem]]:
    """Take out numeric cells the typed columns cannot hold (infinite, beyond 64-bit) as problems of their own."""
    out, problems = raw.copy(), []
    by_name = {_normal_name(c): c for c in out.columns}
    for field in schema["fields"]:
        kind, column = field.get("type"), by_name.get(field["name"].lower())
        if column is None or kind not in ("number", "integer"):
            continue
        cells = out[column]
        numbers, bad = parse_numbers(cells, whole=kind == "integer")
        huge = bad & pd.Series(pd.to_numeric(cells, errors="coerce"), index=cells.index).notna()
        for index in cells.index[huge]:
            expected = "a whole number" if kind == "integer" else "a finite number"
            problems.append(Problem(int(index) + 2, field["name"], f"expected {expected}, found '{cells[index]}'"))
        out.loc[huge, column] = None
    return out, problems


def _source_name(source: Source) -> str:
    if isinstance(source, (str, os.PathLike)):
        return Path(source).name
    return Path(str(getattr(source, "name", "") or "upload")).name


# --- problems in the reader's language ----------------------------------------------------------------

# Problem messages are written in English (they also go into logs and exceptions); the app shows them
# in the UI language by these patterns. A message no pattern knows is shown as written.
_WHAT = {
    "a whole number": "whole_number",
    "a number": "number",
    "a finite number": "finite_number",
    "true or false": "boolean",
    "a date as YYYY-MM-DD": "date",
}
PROBLEM_PATTERNS: tuple[tuple[re.Pattern, str], ...] = tuple(
    (re.compile(pattern, re.DOTALL), key)
    for pattern, key in (
        (r"required column is missing from the header", "missing_column"),
        (r"required Comtrade column is missing from the header", "missing_comtrade_column"),
        (r"required Comtrade column is missing \(or (?P<other>.+)\)", "missing_comtrade_either"),
        (
            r"expected (?P<what>a whole number|a number|a finite number|true or false|a date as YYYY-MM-DD), found '(?P<found>.*)'",
            "expected",
        ),
        (r"a value is required", "required"),
        (r"must be at least (?P<bound>\S+)(?:, found (?P<found>.*))?", "minimum"),
        (r"must be at most (?P<bound>\S+)(?:, found (?P<found>.*))?", "maximum"),
        (r"must be one of (?P<allowed>.*), found '(?P<found>.*)'", "enum"),
        (r"does not look like .*https?.*", "url"),
        (r"must be a year from (?P<low>\d+) to (?P<high>\d+)", "year_range"),
        (r"the file is empty|the first sheet of the workbook is empty|the file holds no table", "empty"),
        (r"the file is binary, not a text table \(CSV\) or an XLSX workbook", "binary"),
        (r"the file is UTF-16 text; .*", "utf16"),
        (r"not readable text: .*", "encoding"),
        (r"not valid .* text|the file starts as UTF-8 but is not valid UTF-8", "encoding"),
        (r"old Excel 97–2003 \(\.xls\) workbook: .*", "xls"),
        (r"not a readable XLSX workbook.*", "xlsx"),
        (r"a quote \(\"\) is opened and never closed", "quote"),
        (r"expected (?P<want>\d+) cells as in the header, found (?P<saw>\d+)", "cells"),
        (r"not a readable CSV table.*", "csv"),
        (r"the table has a header but no data rows", "no_rows"),
        (r"the first row holds no column names", "no_header"),
        (r"the column appears twice in the header \(also as '(?P<other>.*)'\)", "twice"),
        (r"found in more than one column \((?P<columns>.*)\)", "twice_comtrade"),
        (r"the file is (?P<size>[^;]+); the limit is (?P<limit>.+)", "limit_size"),
        (
            r"the file has (?P<rows>[\d,]+) (?:lines after the header|rows); the limit is (?P<limit>[\d,]+)(?: rows)?",
            "limit_rows",
        ),
        (r"the line is (?P<chars>[\d,]+) characters long; the limit is (?P<limit>[\d,]+)", "limit_line"),
        (r".*the limit is .*|.*that is the limit|the header has more than .*", "limit"),
        (r"file not found", "not_found"),
        (r"no Uzbekistan–Kazakhstan rows: .*", "no_pair"),
        (r"no export \(X\) or import \(M\) rows between Uzbekistan and Kazakhstan", "no_flows"),
        (r"the same year, reporter, partner, flow and product appears again with another value", "conflict"),
    )
)


def problem_text(message: str, lang: str) -> str:
    """A problem message in the UI language `lang`; outside English, size limits keep their English detail in brackets."""
    from partnership.i18n import t

    for pattern, key in PROBLEM_PATTERNS:
        found = pattern.fullmatch(message.strip())
        if not found:
            continue
        values = {k: v for k, v in found.groupdict().items() if v is not None}
        if "what" in values:
            values["what"] = t(f"data.problem.what.{_WHAT[values['what']]}", lang)
        if key in ("minimum", "maximum") and "found" in values:
            key += "_found"
        text = t(f"data.problem.{key}", lang, **values)
        return f"{text} ({message})" if key == "limit" and lang != "en" else text
    return message

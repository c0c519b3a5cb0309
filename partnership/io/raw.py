"""Read a table file into text cells: bytes, encoding, delimiter, CSV or XLSX, within size limits.

`read_raw(source)` takes a path, bytes or a binary file object and returns the cells as text (None
where empty), columns named as in the header. It accepts what a Russian-language Excel or a
statistics office writes:

- encodings UTF-8, UTF-8 with BOM and Windows-1251 (detected with charset-normalizer);
- delimiters comma, semicolon and tab (detected from the header against the expected names);
- XLSX workbooks (the first sheet), read with openpyxl.

Size, row, line length and column limits are checked before anything is parsed, so a hostile or
broken file fails fast with one `DataError`; no other exception escapes for bad input. Typing the
cells is `read_table`'s job.
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

import pandas as pd

from partnership.io.problems import DataError, Problem, fail, problem

__all__ = [
    "DEFAULT_LIMITS",
    "Limits",
    "Source",
    "XLSX_MAGIC",
    "XLS_MAGIC",
    "decode_text",
    "detect_delimiter",
    "detect_encoding",
    "header_cells",
    "limits_with",
    "lost_letters",
    "normal_name",
    "read_bytes",
    "read_raw",
    "source_name",
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


def limits_with(limits: Limits | None, overrides: dict) -> Limits:
    """`limits` (default DEFAULT_LIMITS) with some fields replaced; TypeError for an unknown field."""
    base = limits or DEFAULT_LIMITS
    unknown = set(overrides) - set(Limits.__dataclass_fields__)
    if unknown:
        raise TypeError(f"unknown limit(s): {', '.join(sorted(unknown))}")
    return Limits(**{**base.__dict__, **overrides}) if overrides else base


# --- bytes in --------------------------------------------------------------------------------


def read_bytes(source: Source, max_bytes: int, name: str | None = None) -> tuple[bytes, str]:
    """The file's bytes and a name for messages; the size limit is checked before reading."""
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        file = name or path.name
        try:
            size = path.stat().st_size
            if not path.is_file():
                raise fail(file, "not_a_file")
            if size > max_bytes:
                raise fail(file, "file_too_large", size_bytes=size, limit_bytes=max_bytes)
            return path.read_bytes(), file
        except FileNotFoundError:
            raise fail(file, "file_not_found") from None
        except OSError as exc:
            raise fail(file, "file_unreadable", reason=str(exc.strerror or exc)) from None
    if isinstance(source, (bytes, bytearray, memoryview)):
        file = name or "upload"
        data = bytes(source)
    elif hasattr(source, "read"):
        file = name or source_name(source)
        size = getattr(source, "size", None)
        if isinstance(size, int) and size > max_bytes:
            raise fail(file, "file_too_large", size_bytes=size, limit_bytes=max_bytes)
        try:
            data = source.read(max_bytes + 1)
        except (OSError, ValueError) as exc:
            raise fail(file, "file_unreadable", reason=str(exc)) from None
        if isinstance(data, str):
            data = data.encode("utf-8")
    else:
        raise TypeError(f"source must be a path, bytes or a binary file object, not {type(source).__name__}")
    if len(data) > max_bytes:
        raise fail(file, "file_over_limit", limit_bytes=max_bytes)
    return data, file


def detect_encoding(data: bytes, file: str, encodings: tuple[str, ...] = TEXT_ENCODINGS, sample: int | None = None) -> str:
    """'utf-8-sig', 'utf-8', or the first of `encodings` that charset-normalizer finds plausible.

    With `sample`, only the first `sample` bytes are looked at (for files too big to decode whole).
    Binary data and UTF-16 end in DataError.
    """
    if data.startswith(UTF16_BOMS):
        raise fail(file, "utf16_text")
    head = data[: sample or ENCODING_SAMPLE]
    if b"\x00" in head:
        raise fail(file, "binary_file")
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
        raise fail(file, "unknown_encoding", encodings=", ".join(_encoding_label(e) for e in encodings))
    return best.encoding


def decode_text(data: bytes, file: str, encodings: tuple[str, ...] = TEXT_ENCODINGS) -> tuple[str, str]:
    """Decode a text table: UTF-8 (with or without BOM), else the first of `encodings` that
    charset-normalizer finds plausible. Returns (text, encoding name)."""
    encoding = detect_encoding(data, file, encodings)
    return decode(data, file, encoding), encoding


def decode(data: bytes, file: str, encoding: str = "utf-8") -> str:
    """`data` as text in `encoding`; a byte it cannot decode is a DataError of `file` naming its line."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise fail(file, "invalid_encoding", _line_at(data, exc.start), encoding=_encoding_label(encoding)) from None


def _encoding_label(encoding: str) -> str:
    return {"cp1251": "Windows-1251", "latin_1": "ISO-8859-1"}.get(encoding, encoding)


def _line_at(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


# --- CSV -------------------------------------------------------------------------------------


def header_cells(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter))  # one line in: always one row out
    except csv.Error:
        return line.split(delimiter)


def normal_name(name: object) -> str:
    return str(name).strip().lower()


def detect_delimiter(text: str, expected: list[str] | tuple[str, ...] = ()) -> str:
    """Comma, semicolon or tab: the one whose header split finds most expected names, then most cells
    with the same count on the next lines."""
    lines = [line for line in text.split("\n", 50)[:50] if line.strip()]
    if not lines:
        return ","
    wanted = {normal_name(n) for n in expected}

    def score(delimiter: str) -> tuple[int, int, int]:
        header = header_cells(lines[0], delimiter)
        matches = sum(normal_name(c) in wanted for c in header)
        same = sum(len(header_cells(line, delimiter)) == len(header) for line in lines[1:])
        return matches, same if len(header) > 1 else -1, len(header)

    # A comma file may have a single column; a semicolon or tab must split the header to count.
    candidates = [d for d in DELIMITERS if d == "," or len(header_cells(lines[0], d)) > 1]
    return max(candidates, key=score)  # of equal scores the first: comma, semicolon, tab


def _check_lines(text: str, file: str, limits: Limits) -> None:
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    if lines - 1 > limits.max_rows:
        raise fail(file, "too_many_lines", rows=lines - 1, limit=limits.max_rows)
    if len(text) <= limits.max_line_chars:
        return
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > limits.max_line_chars:
            raise fail(file, "line_too_long", number, chars=len(line), limit=limits.max_line_chars)


_PANDAS_LINE = re.compile(r"(?:in line|at row|starting at row) (\d+)")


def _parse_csv(text: str, file: str, delimiter: str, limits: Limits) -> tuple[list[str], pd.DataFrame]:
    """Header cells and the data as text cells, indexed by spreadsheet row − 2."""
    header_line = text.partition("\n")[0]
    if header_line.count(delimiter) + 1 > limits.max_columns:
        raise fail(file, "too_many_columns", 1, limit=limits.max_columns)
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
        raise fail(file, "no_table") from None
    except pd.errors.ParserError as exc:
        raise _parser_problem(file, str(exc)) from None
    except (ValueError, OverflowError, MemoryError, csv.Error) as exc:
        raise fail(file, "unreadable_csv", reason=str(exc)) from None
    # No row limit here: `_check_lines` bounded the lines, and a record is at least one line. pandas
    # raises EmptyDataError rather than return no row, so the header row is there.
    header = ["" if pd.isna(v) else str(v) for v in cells.iloc[0]]
    body = cells.iloc[1:]  # columns 0 … n−1, as read without a header
    body.index = range(len(body))  # record k of the file (header = 0) is spreadsheet row k + 1
    return header, body


def _parser_problem(file: str, message: str) -> DataError:
    found = _PANDAS_LINE.search(message)
    number = int(found.group(1)) if found else None
    if "EOF inside string" in message:
        row = number + 1 if number is not None else None
        return fail(file, "unclosed_quote", row)
    expected = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", message)
    if expected:
        want, line, saw = expected.groups()
        return fail(file, "wrong_cell_count", int(line), expected=want, found=saw)
    return fail(file, "unreadable_csv", number, reason=message.removeprefix("Error tokenizing data. C error: ").strip())


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
    return str(value)  # int, str, time


def _parse_xlsx(data: bytes, file: str, limits: Limits) -> tuple[list[str], pd.DataFrame]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise fail(file, "unreadable_xlsx", reason=str(exc)) from None
    if unpacked > limits.max_unpacked_bytes:
        raise fail(file, "workbook_too_large", size_bytes=unpacked, limit_bytes=limits.max_unpacked_bytes)
    from openpyxl import load_workbook

    rows: list[tuple] = []
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            declared = sheet.max_row or 0
            if declared - 1 > limits.max_rows:
                raise fail(file, "sheet_too_many_rows", rows=declared - 1, limit=limits.max_rows)
            if (sheet.max_column or 0) > limits.max_columns:
                raise fail(file, "sheet_too_many_columns", columns=sheet.max_column, limit=limits.max_columns)
            for values in sheet.iter_rows(values_only=True):
                rows.append(values[: limits.max_columns + 1])
                if len(rows) - 1 > limits.max_rows:
                    raise fail(file, "sheet_over_row_limit", limit=limits.max_rows)
        finally:
            workbook.close()
    except DataError:
        raise
    except Exception as exc:  # openpyxl raises many kinds (XML, zip, key, type errors) for a broken workbook
        raise fail(file, "unreadable_xlsx", reason=f"{type(exc).__name__}: {exc}") from None
    if not rows:
        raise fail(file, "empty_sheet")
    width = max(len(r) for r in rows)
    if width > limits.max_columns:
        raise fail(file, "sheet_over_column_limit", 1, limit=limits.max_columns)
    for number, values in enumerate(rows, start=1):
        for value in values:
            if isinstance(value, str) and len(value) > limits.max_line_chars:
                raise fail(file, "cell_too_long", number, chars=len(value), limit=limits.max_line_chars)
    header = ["" if v is None else str(_xlsx_cell(v)) for v in rows[0]] + [""] * (width - len(rows[0]))
    body = pd.DataFrame(
        [[_xlsx_cell(v) for v in r] + [None] * (width - len(r)) for r in rows[1:]], columns=range(width), dtype="object"
    )
    body.index = range(len(body))
    return header, body


# --- cells with named columns ----------------------------------------------------------------


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
        raise fail(file, "empty_file")
    if data.startswith(XLS_MAGIC):
        raise fail(file, "xls_workbook")
    if data.startswith(XLSX_MAGIC):
        header, body = _parse_xlsx(data, file, limits)
    else:
        text, _ = decode_text(data, file, encodings)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if not text.strip():
            raise fail(file, "empty_file")
        # Leading blank lines are not the header (`detect_delimiter` skips blank lines itself).
        _check_lines(text, file, limits)
        delimiter = detect_delimiter(text, expected)
        skipped = len(text) - len(text.lstrip("\n"))
        header, body = _parse_csv(text.lstrip("\n"), file, delimiter, limits)
        body.index = body.index + skipped
    return _name_columns(header, body, file)


# Encodings without the Kazakh and Uzbek Cyrillic letters (ә ғ қ ң ө ұ ү һ ҳ): a program saving such text in one writes "?".
LOSSY_ENCODINGS = ("cp1251",)
SHOWN_CHARS = 80  # of a cell quoted in a message
# A "?" inside a Cyrillic word or starting one ("?аза?стан"): a letter the encoding could not hold. A "?"
# after a word ("Что?") is a question mark.
_LOST_LETTER = re.compile(r"(?<=[\u0400-\u04ff])\?(?=[\u0400-\u04ff])|(?<![\w?])\?(?=[\u0400-\u04ff])")


def lost_letters(source: Source, expected: list[str] | tuple[str, ...] = (), *, name: str | None = None) -> list[Problem]:
    """Cells of a readable table file whose letters its encoding lost (Windows-1251 and Kazakh text): one
    problem per cell, by row and column; none for UTF-8 or XLSX. The file is still usable: the caller says so."""
    data, file = read_bytes(source, DEFAULT_LIMITS.max_bytes, name)
    if data.startswith((XLSX_MAGIC, XLS_MAGIC)) or not data.strip():
        return []
    encoding = detect_encoding(data, file)
    if encoding not in LOSSY_ENCODINGS:
        return []
    return _lost_cells(read_raw(data, expected, name=file), encoding)


def _lost_cells(cells: pd.DataFrame, encoding: str) -> list[Problem]:
    found = []
    for column in cells.columns:
        for index, value in cells[column].items():
            if isinstance(value, str) and _LOST_LETTER.search(value):
                shown = value if len(value) <= SHOWN_CHARS else value[: SHOWN_CHARS - 1] + "…"
                found.append(
                    problem("lossy_encoding", int(index) + 2, str(column), encoding=_encoding_label(encoding), found=shown)
                )
    return found


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
            problems.append(problem("duplicate_column", 1, label, other=seen[key]))
            continue
        seen[key] = label
        keep.append(position)
    if problems:
        raise DataError(file, problems)
    if not keep:
        raise fail(file, "no_column_names", 1)
    # The body has a column for every header cell: the header is one of the CSV's records, and an
    # XLSX's header and rows are padded to the widest row.
    raw = body[keep].copy()
    raw.columns = [names[p] for p in keep]
    raw = raw.astype("object").where(raw.notna(), None)
    stripped = raw.map(lambda v: v.strip() if isinstance(v, str) else v)
    empty = stripped.isna() | stripped.eq("")
    return raw[~empty.all(axis=1)]


def source_name(source: Source) -> str:
    """The name of `source` for messages: a path's file name, a file object's name, else "upload"."""
    if isinstance(source, (str, os.PathLike)):
        return Path(source).name
    return Path(str(getattr(source, "name", None) or "upload")).name

"""Read a table as people really have it: CSV or XLSX, Russian Excel formats, checked against a schema.

`read_table(source, resource)` takes a path, bytes or a binary file object and returns the
resource typed per its Table Schema, exactly like `data.load(resource)`. Reading the file into
text cells (encodings, delimiters, XLSX, size limits) is `partnership.io.raw`'s; here the cells are
normalized and typed. Accepted spellings:

- decimal comma and thousands separators (space, no-break space) in numeric fields,
  "ИСТИНА"/"ЛОЖЬ" in boolean fields, DD.MM.YYYY in date fields;
- header names matched without regard to case and surrounding spaces.

Anything wrong ends in one `DataError` naming the file and, per problem, the row as a
spreadsheet shows it (header = row 1), the column and what was expected (a code and its values).
"""

from __future__ import annotations

import os
import re

import numpy as np
import pandas as pd

from partnership.io.package import resource_meta
from partnership.io.problems import DataError, Problem, fail, problem
from partnership.io.raw import (
    DEFAULT_LIMITS,
    Limits,
    Source,
    decode_text,
    detect_delimiter,
    detect_encoding,
    limits_with,
    normal_name,
    read_bytes,
    read_raw,
    source_name,
)
from partnership.io.schema import validate_frame

__all__ = [
    "DEFAULT_LIMITS",
    "Limits",
    "decode_text",
    "detect_delimiter",
    "detect_encoding",
    "normalize_cells",
    "normalize_number",
    "parse_numbers",
    "read_bytes",
    "read_raw",
    "read_table",
]

# Spaces people and spreadsheets put between thousands: space, no-break space, narrow no-break, thin.
THOUSANDS_SPACES = " \u00a0\u202f\u2009"
MINUS_SIGNS = "\u2212\u2013"  # true minus and the en dash Word/Excel substitute for it
TRUE_WORDS = {"истина", "да", "yes"}
FALSE_WORDS = {"ложь", "нет", "no"}


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
    by_name = {normal_name(c): c for c in out.columns}
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
    limits = limits_with(limits, limit_overrides)
    if schema is None:
        schema = resource_meta(resource, data_dir)["schema"]
    expected = [field["name"] for field in schema["fields"]]
    raw = read_raw(source, expected, name=name, limits=limits)
    file = name or source_name(source)
    if raw.empty:
        raise fail(file, "no_data_rows")
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
    by_name = {normal_name(c): c for c in out.columns}
    for field in schema["fields"]:
        kind, column = field.get("type"), by_name.get(field["name"].lower())
        if column is None or kind not in ("number", "integer"):
            continue
        cells = out[column]
        numbers, bad = parse_numbers(cells, whole=kind == "integer")
        huge = bad & pd.Series(pd.to_numeric(cells, errors="coerce"), index=cells.index).notna()
        for index in cells.index[huge]:
            code = "not_whole_number" if kind == "integer" else "not_finite_number"
            problems.append(problem(code, int(index) + 2, field["name"], found=str(cells[index])))
        out.loc[huge, column] = None
    return out, problems

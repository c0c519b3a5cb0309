"""Tables as downloadable files: CSV (UTF-8 with BOM, so Excel shows Cyrillic) and XLSX.

Text cells that a spreadsheet would run as a formula (starting with = + - @, tab or CR)
are prefixed with an apostrophe; numbers stay numbers.
"""

from __future__ import annotations

import io

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("csv", "xlsx")
MIME_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def neutralize_cell(value: object) -> object:
    """Prefix a text cell that a spreadsheet would interpret as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralize(df: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell made formula-safe (column names too); numeric columns untouched."""
    out = df.copy()
    for column in out.columns:
        if not (pd.api.types.is_numeric_dtype(out[column]) or pd.api.types.is_bool_dtype(out[column])):
            out[column] = out[column].astype("object").map(neutralize_cell)
    out.columns = [neutralize_cell(str(c)) for c in out.columns]
    return out


def table_bytes(df: pd.DataFrame, fmt: str) -> bytes:
    """The table as a file: 'csv' (UTF-8 with BOM) or 'xlsx' (one sheet)."""
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {', '.join(FORMATS)}, got {fmt!r}")
    dated = df.copy()
    for column in dated.columns:
        if pd.api.types.is_datetime64_any_dtype(dated[column]):
            dated[column] = dated[column].dt.strftime("%Y-%m-%d")
    safe = neutralize(dated)
    if fmt == "csv":
        # CRLF rows: the csv writer then quotes any cell holding a bare CR, which would otherwise
        # start a new spreadsheet row there (and smuggle a formula past the neutralization).
        return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        safe.astype("object").where(safe.notna(), None).to_excel(writer, index=False, sheet_name="data")
    return buffer.getvalue()

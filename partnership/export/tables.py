"""Tables as downloadable files: CSV (UTF-8 with BOM, so Excel shows Cyrillic) and XLSX.

    shown = as_shown(df, {"year": "Год", "quote": None}, yes="да", no="нет")   # the page's headers
    raw = table_bytes(shown, "xlsx")

`as_shown` makes a table read as the page shows it: the column labels of the page's column
configuration as headers, hidden columns left out, yes/no in words. `table_bytes` writes it.

A spreadsheet must never run a cell of ours. CSV has no cell types, so a text cell that a
spreadsheet would read as a formula (starting with = + - @, tab or CR) gets an apostrophe in
front. XLSX has types: every text cell is written as a text cell, which a spreadsheet shows
exactly as typed and never evaluates, so no apostrophe is needed there. Numbers stay numbers;
dates are real dates in XLSX and YYYY-MM-DD in CSV.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import numbers
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from partnership.export.provenance import NONE, Provenance, note, row_labels
from partnership.i18n import DEFAULT_LANGUAGE, t

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("csv", "xlsx")
MIME_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
XLSX_DATE_FORMAT = "yyyy-mm-dd"
AUTHOR = "Uzbekistan–Kazakhstan Partnership Monitor"


def neutralize_cell(value: object) -> object:
    """Prefix a text cell that a spreadsheet would interpret as a formula with an apostrophe (CSV)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralize(df: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell made formula-safe (column names too); numeric columns untouched."""
    out = df.copy()
    out.columns = range(len(out.columns))  # positions: labels may repeat
    for position in out.columns:
        # Numbers stay numbers; booleans (`bool`, `boolean`) count as numeric dtypes too.
        if not pd.api.types.is_numeric_dtype(out[position]):
            out[position] = out[position].astype("object").map(neutralize_cell)
    out.columns = [neutralize_cell(str(c)) for c in df.columns]
    return out


def _label(config: object, column: str) -> str | None:
    """The header a page's column configuration gives `column`: a string, a config's label, or the name."""
    if isinstance(config, str):
        return config
    if isinstance(config, Mapping):
        label = config.get("label")
        return str(label) if label else column
    return column


def as_shown(df: pd.DataFrame, headers: Mapping[str, object] | None = None, yes: str = "✓", no: str = "") -> pd.DataFrame:
    """The table as a page shows it.

    `headers` is the page's column configuration ({column: label, st.column_config dict, or None to
    hide}); columns it does not name keep their names, as on the page. True/False become `yes`/`no`
    (the page shows a tick); a missing value stays missing. Two columns with the same label get
    " (2)" so a spreadsheet can tell them apart.
    """
    headers = headers or {}
    kept = [c for c in df.columns if not (c in headers and headers[c] is None)]
    out = df[kept].copy()
    for column in kept:
        values = out[column]
        if pd.api.types.is_bool_dtype(values) or (
            values.dtype == object and len(values.dropna()) and values.dropna().map(type).isin([bool]).all()
        ):
            out[column] = values.map(lambda v: v if _missing(v) else (yes if v else no))
    labels: list[str] = []
    for column in kept:
        label = _label(headers.get(column), str(column))
        unique, n = label, 2
        while unique in labels:
            unique, n = f"{label} ({n})", n + 1
        labels.append(unique)
    out.columns = labels
    return out


def _missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _csv_dates(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    out.columns = range(len(out.columns))
    for position in out.columns:
        values = out[position]
        if pd.api.types.is_datetime64_any_dtype(values):
            out[position] = values.dt.strftime("%Y-%m-%d")
        elif values.dtype == object:
            out[position] = values.map(lambda v: v.isoformat()[:10] if isinstance(v, (dt.date, pd.Timestamp)) else v)
    out.columns = df.columns
    return out


def _xlsx_value(value: object) -> object:
    """A cell value openpyxl writes with the right type: None, number, bool, date/datetime or str."""
    if _missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime):
        # Excel has no time zones: the wall-clock time is kept (a midnight is written as its date).
        return value.replace(tzinfo=None)
    if isinstance(value, (bool, dt.date, str)):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    return str(value)


def _xlsx(df: pd.DataFrame, sheet_name: str, said: str = "") -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    book = Workbook()
    book.properties.creator = AUTHOR
    if said:  # File > Properties: what the sheet's own column says row by row
        book.properties.description = said
        book.properties.subject = said
        book.properties.keywords = said
    sheet = book.active
    sheet.title = sheet_name

    def put(row: int, column: int, value: object) -> None:
        value = _xlsx_value(value)
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell = sheet.cell(row=row, column=column)
        cell.value = value
        if isinstance(value, str):
            # openpyxl takes a string starting with "=" for a formula; a text cell is shown as typed, never run.
            cell.data_type = "s"
        elif isinstance(value, dt.date):
            cell.number_format = XLSX_DATE_FORMAT

    for column, header in enumerate(df.columns, start=1):
        put(1, column, str(header))
        sheet.cell(row=1, column=column).font = Font(bold=True)
    for row, record in enumerate(df.itertuples(index=False, name=None), start=2):
        for column, value in enumerate(record, start=1):
            put(row, column, value)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_provenance(
    df: pd.DataFrame, provenance: Provenance, lang: str, row_urls: Sequence[Iterable[str]] | None = None
) -> pd.DataFrame:
    """The table with a last column saying, row by row, which uploaded file it comes from (see the module).

    A column, not a comment line above the header: a spreadsheet, pandas and R read the file as it is,
    and the mark stays with each row through sorting, filtering and copying. Published data: unchanged.
    """
    if not provenance:
        return df
    out = df.copy()
    out[t("export.provenance.column", lang)] = row_labels(provenance, lang, row_urls, len(df))
    return out


def table_bytes(
    df: pd.DataFrame,
    fmt: str,
    *,
    provenance: Provenance = NONE,
    lang: str = DEFAULT_LANGUAGE,
    row_urls: Sequence[Iterable[str]] | None = None,
    sheet: str = "data",
) -> bytes:
    """The table as a file: 'csv' (UTF-8 with BOM) or 'xlsx' (one sheet named `sheet`, typed cells).

    `provenance` naming uploaded files adds the column of `with_provenance` (`row_urls`: each row's
    source URLs) and, in XLSX, the note in the workbook's properties.
    """
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {', '.join(FORMATS)}, got {fmt!r}")
    df = with_provenance(df, provenance, lang, row_urls)
    if fmt == "xlsx":
        return _xlsx(df, sheet, note(provenance, lang))
    safe = neutralize(_csv_dates(df))
    # CRLF rows: the csv writer then quotes any cell holding a bare CR, which would otherwise
    # start a new spreadsheet row there (and smuggle a formula past the neutralization).
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")

"""Read a UN Comtrade file into its Uzbekistan–Kazakhstan rows, typed, each with its spreadsheet row.

`read_rows(source, limits)` resolves the header against the column names Comtrade has used (current
API/website names and the classic ones), keeps the rows whose reporter and partner are Uzbekistan and
Kazakhstan (or World), and types them. A clean CSV goes through pyarrow (a path is memory-mapped, so a
file of millions of rows is read without a copy); XLSX, Excel-made CSV with decimal commas and broken
files are read cell by cell, so every problem names its row. Shaping the rows into trade figures is
`partnership.comtrade`'s job.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np
import pandas as pd

from partnership.io.problems import DataError, Problem, fail, problem
from partnership.io.raw import (
    XLS_MAGIC,
    XLSX_MAGIC,
    Limits,
    Source,
    detect_delimiter,
    detect_encoding,
    header_cells,
    read_bytes,
    read_raw,
)
from partnership.io.read_table import normalize_number, parse_numbers

__all__ = ["COLUMNS", "COMTRADE_LIMITS", "ISO_CODES", "KAZAKHSTAN", "UZBEKISTAN", "WORLD", "read_rows"]


UZBEKISTAN, KAZAKHSTAN, WORLD = 860, 398, 0
ISO_CODES = {"UZB": UZBEKISTAN, "KAZ": KAZAKHSTAN, "W00": WORLD, "WLD": WORLD}

# Website downloads come in ISO-8859-1; API downloads in UTF-8.
COMTRADE_ENCODINGS = ("latin_1",)
COMTRADE_LIMITS = Limits(
    max_bytes=1024 * 1024 * 1024, max_rows=5_000_000, max_line_chars=100_000, max_columns=200, max_unpacked_bytes=1024**3
)
SAMPLE_BYTES = 256 * 1024

# Canonical column → the header names it is known by (compared lower-case, letters and digits only).
COLUMNS = {
    "refYear": ("refyear", "year", "yr"),
    "reporterCode": ("reportercode", "rtcode"),
    "reporterISO": ("reporteriso", "rt3iso", "reporteriso3"),
    "partnerCode": ("partnercode", "ptcode"),
    "partnerISO": ("partneriso", "pt3iso", "partneriso3"),
    "flowCode": ("flowcode", "tradeflowcode", "rgcode"),
    "cmdCode": ("cmdcode", "commoditycode"),
    "aggrLevel": ("aggrlevel", "aggregatelevel"),
    "primaryValue": ("primaryvalue", "tradevalueus", "tradevalue"),
    "partner2Code": ("partner2code", "2ndpartnercode", "pt2code"),
    "motCode": ("motcode",),
    "customsCode": ("customscode",),
    "freqCode": ("freqcode",),
    "refMonth": ("refmonth",),
    "cmdDesc": ("cmddesc", "commodity", "cmddesce"),
}
REQUIRED = ("refYear", "flowCode", "cmdCode", "primaryValue")
INTEGER_COLUMNS = ("refYear", "reporterCode", "partnerCode", "aggrLevel", "partner2Code", "motCode", "refMonth")
TEXT_COLUMNS = ("reporterISO", "partnerISO", "flowCode", "cmdCode", "customsCode", "freqCode", "cmdDesc")


def _key(name: object) -> str:
    return re.sub(r"[^a-z0-9]", "", str(name).lower())


def _resolve_columns(header: list[str], file: str) -> dict[str, str]:
    """Canonical name → the header cell holding it; DataError for missing or doubled columns."""
    by_key: dict[str, list[str]] = {}
    for cell in header:
        by_key.setdefault(_key(cell), []).append(cell)
    found: dict[str, str] = {}
    problems: list[Problem] = []
    for canonical, aliases in COLUMNS.items():
        cells = [c for alias in aliases for c in by_key.get(alias, [])]
        if len(cells) > 1:
            problems.append(problem("comtrade_column_twice", 1, canonical, columns=", ".join(cells)))
        elif cells:
            found[canonical] = cells[0]
    for canonical in REQUIRED:
        if canonical not in found:
            problems.append(problem("comtrade_column_missing", 1, canonical))
    for pair in (("reporterCode", "reporterISO"), ("partnerCode", "partnerISO")):
        if not any(p in found for p in pair):
            problems.append(problem("comtrade_columns_missing", 1, pair[0], other=pair[1]))
    if problems:
        raise DataError(file, problems)
    return found


# --- reading: a fast pyarrow path for clean CSV, a cell-by-cell path for everything else ----------------


class _NotClean(Exception):
    """The fast path met something it does not handle; the careful path reads the file instead."""


def _fast_csv(buffer, first: bytes, file: str, encoding: str, limits: Limits) -> tuple[pd.DataFrame, int]:
    """Pair rows (UZ↔KZ and World) typed, with `_row` = spreadsheet row, and the number of rows read.

    `buffer` is the whole file as a pyarrow Buffer (memory-mapped for a path), `first` its first bytes.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    start = 3 if encoding == "utf-8-sig" else 0
    head = first[start:].decode("latin-1")
    delimiter = detect_delimiter(head, [a for aliases in COLUMNS.values() for a in aliases] + list(COLUMNS))
    header = header_cells(head.partition("\n")[0], delimiter)  # the csv reader ends the line at a CR
    if len(header) > limits.max_columns:
        raise fail(file, "too_many_columns", 1, limit=limits.max_columns)
    columns = _resolve_columns(header, file)  # refuses a needed column named twice
    if _longest_line_bytes(buffer) > limits.max_line_chars:
        # Bytes are at least as many as characters: only a file with a longer line can break the limit,
        # and the careful path counts its characters and names the line (or reads it, if within).
        raise _NotClean
    table = _arrow_table(buffer.slice(start), delimiter, columns)
    rows_read = table.num_rows
    if rows_read > limits.max_rows:
        raise fail(file, "too_many_rows", rows=rows_read, limit=limits.max_rows)
    reporter = _country_codes(table, columns, "reporterCode", "reporterISO")
    partner = _country_codes(table, columns, "partnerCode", "partnerISO")
    wanted = pc.or_(
        pc.and_(pc.equal(reporter, UZBEKISTAN), pc.is_in(partner, pa.array([KAZAKHSTAN, WORLD]))),
        pc.and_(pc.equal(reporter, KAZAKHSTAN), pc.is_in(partner, pa.array([UZBEKISTAN, WORLD]))),
    )
    # A missing code makes a null selection, which `filter` drops as it drops False.
    if isinstance(wanted, pa.ChunkedArray):
        wanted = wanted.combine_chunks()
    row_numbers = pa.array(np.arange(2, rows_read + 2))  # int64 (numpy's default integer)
    picked = table.filter(wanted)
    frame = picked.to_pandas()
    frame.columns = [next(c for c, actual in columns.items() if actual == name) for name in picked.column_names]
    frame["_row"] = row_numbers.filter(wanted).to_numpy()
    frame["reporterCode"] = reporter.filter(wanted).to_numpy()
    frame["partnerCode"] = partner.filter(wanted).to_numpy()
    _decode_text_columns(frame, "utf-8" if encoding.startswith("utf-8") else encoding)
    if frame["refYear"].isna().any() or not np.isfinite(frame["primaryValue"]).all() or frame["cmdCode"].isna().any():
        raise _NotClean  # a missing value: the careful path names its row
    if "aggrLevel" in frame:
        frame["aggrLevel"] = frame["aggrLevel"].astype("Int64")
    for column in ("partner2Code", "motCode", "refMonth"):
        if column in frame:
            frame[column] = frame[column].astype("Int64")
    frame["refYear"] = frame["refYear"].astype("int64")
    return frame, rows_read


def _longest_line_bytes(buffer, chunk: int = 16 * 1024 * 1024) -> int:
    """The length in bytes of the longest line of `buffer` (its line break not counted; a CR before it is).

    Read in chunks over the buffer itself (memory-mapped for a path): a few milliseconds per 16 MB.
    """
    data = np.frombuffer(buffer, dtype=np.uint8)
    longest, previous = 0, -1  # the position of the last newline seen (-1: before the first byte)
    for offset in range(0, len(data), chunk):
        ends = np.flatnonzero(data[offset : offset + chunk] == 0x0A) + offset
        if len(ends):
            longest = max(longest, int(np.diff(ends, prepend=previous).max()) - 1)
            previous = int(ends[-1])
    return max(longest, len(data) - previous - 1)


def _arrow_table(buffer, delimiter: str, columns: dict[str, str]):
    """The resolved columns of a CSV buffer as a pyarrow Table, typed; _NotClean if pyarrow cannot type them."""
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    types = {columns[c]: pa.int64() for c in INTEGER_COLUMNS if c in columns}
    types |= {columns[c]: pa.binary() for c in TEXT_COLUMNS if c in columns}
    types[columns["primaryValue"]] = pa.float64()
    try:
        return pa_csv.read_csv(
            pa.BufferReader(buffer),
            read_options=pa_csv.ReadOptions(block_size=4 * 1024 * 1024),
            parse_options=pa_csv.ParseOptions(delimiter=delimiter),
            convert_options=pa_csv.ConvertOptions(
                include_columns=list(columns.values()),
                column_types=types,
                strings_can_be_null=True,  # a quoted empty cell is null too (pyarrow's default)
            ),
        )
    # ArrowKeyError: a listed column is not in the file after all (e.g. a control character in the header).
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, pa.ArrowKeyError):
        raise _NotClean from None


def _country_codes(table, columns: dict[str, str], code_column: str, iso_column: str):
    """The numeric country codes of a reporter or partner: the code column, else the ISO column mapped (null when unknown)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if code_column in columns:
        return table[columns[code_column]]
    iso = pc.utf8_upper(pc.utf8_trim_whitespace(pc.cast(table[columns[iso_column]], pa.string())))
    known = pc.index_in(iso, value_set=pa.array(list(ISO_CODES)))  # null for an unknown or missing code
    return pc.take(pa.array(list(ISO_CODES.values())), known)


def _decode_text_columns(frame: pd.DataFrame, encoding: str) -> None:
    """Decode the text columns (read as bytes) in place; each distinct value once, as codes and descriptions repeat."""
    for column in TEXT_COLUMNS:
        if column in frame:
            codes, uniques = pd.factorize(frame[column])  # a missing cell is code -1: the None appended
            # The None (for code -1) makes it an object array.
            decoded = np.array([u.decode(encoding, "replace").strip() for u in uniques] + [None])
            frame[column] = decoded[codes]


def _careful(source: bytes, file: str, limits: Limits) -> tuple[pd.DataFrame, int]:
    """Read cell by cell (XLSX, Excel-made CSV with decimal commas, broken files) and type with row numbers."""
    expected = [a for aliases in COLUMNS.values() for a in aliases] + list(COLUMNS)
    raw = read_raw(source, expected, name=file, limits=limits, encodings=COMTRADE_ENCODINGS)
    columns = _resolve_columns(list(raw.columns), file)
    rows_read = len(raw)
    frame = pd.DataFrame({canonical: raw[actual] for canonical, actual in columns.items()})
    frame = frame.map(lambda v: v.strip() if isinstance(v, str) else v)
    problems: list[Problem] = []
    for canonical in ("reporterCode", "partnerCode"):
        iso = canonical.replace("Code", "ISO")
        # A cell that is not a number, or not a known ISO code, is not the pair: its row is left out.
        if canonical in frame:
            numbers, _ = parse_numbers(frame[canonical].map(normalize_number))
        else:
            numbers = frame[iso].map(lambda v: ISO_CODES.get(str(v).upper()))
        frame[canonical] = numbers
    wanted = ((frame["reporterCode"] == UZBEKISTAN) & frame["partnerCode"].isin([KAZAKHSTAN, WORLD])) | (
        (frame["reporterCode"] == KAZAKHSTAN) & frame["partnerCode"].isin([UZBEKISTAN, WORLD])
    )
    frame = frame[wanted].astype({"reporterCode": "int64", "partnerCode": "int64"})
    frame["_row"] = frame.index + 2
    for canonical in (*INTEGER_COLUMNS, "primaryValue"):
        if canonical not in frame or canonical in ("reporterCode", "partnerCode"):
            continue
        cells = frame[canonical].map(normalize_number)
        numbers, bad = parse_numbers(cells, whole=canonical != "primaryValue")
        missing = cells.isna() if canonical in ("refYear", "primaryValue") else pd.Series(False, index=cells.index)
        for index in frame.index[bad]:
            code = "not_number" if canonical == "primaryValue" else "not_whole_number"
            problems.append(problem(code, int(frame.at[index, "_row"]), columns[canonical], found=str(cells[index])))
        for index in frame.index[missing]:
            problems.append(problem("value_required", int(frame.at[index, "_row"]), columns[canonical]))
        frame[canonical] = numbers if canonical == "primaryValue" else numbers.astype("Int64")  # numbers: float64
    missing_code = frame["cmdCode"].isna()
    problems += [problem("value_required", int(r), columns["cmdCode"]) for r in frame.loc[missing_code, "_row"]]
    if problems:
        raise DataError(file, sorted(problems, key=lambda p: (p.row, p.column)))  # each names its row and column
    frame["refYear"] = frame["refYear"].astype("int64")
    return frame.reset_index(drop=True), rows_read


def _open(source: Source, limits: Limits, name: str | None):
    """(memory map or None, buffer, file name, bytes or None): a path is memory-mapped (nothing copied;
    pyarrow's threads read it as they parse), other sources are read into memory. The size limit is
    checked before either."""
    import pyarrow as pa

    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        file = name or path.name
        _check_path(path, file, limits.max_bytes)
        try:
            mapped = pa.memory_map(str(path))
        except OSError as exc:
            raise fail(file, "file_unreadable", reason=str(exc)) from None
        return mapped, mapped.read_buffer(), file, None
    data, file = read_bytes(source, limits.max_bytes, name)
    return None, pa.py_buffer(data), file, data


def _check_path(path: Path, file: str, max_bytes: int) -> None:
    """The checks `read_bytes` makes on a path (exists, is a file, size), without reading it."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise fail(file, "file_not_found") from None
    except OSError as exc:
        raise fail(file, "file_unreadable", reason=str(exc.strerror or exc)) from None
    if not path.is_file():
        raise fail(file, "not_a_file")
    if size > max_bytes:
        raise fail(file, "file_too_large", size_bytes=size, limit_bytes=max_bytes)


def read_rows(source: Source, limits: Limits, name: str | None = None) -> tuple[pd.DataFrame, int, str]:
    """The pair rows (UZ↔KZ and World) of a Comtrade file, typed, with `_row` = spreadsheet row;
    the number of rows read; the file's name for messages."""
    mapped, buffer, file, data = _open(source, limits, name)
    whole = (lambda: data) if data is not None else buffer.to_pybytes  # the file's bytes, copied only if needed
    try:
        first = buffer.slice(0, min(SAMPLE_BYTES, buffer.size)).to_pybytes()
        if not first.strip() and (buffer.size <= SAMPLE_BYTES or not whole().strip()):
            raise fail(file, "empty_file")
        if first.startswith(XLS_MAGIC):
            raise fail(file, "xls_workbook")
        if first.startswith(XLSX_MAGIC):
            frame, rows_read = _careful(whole(), file, limits)
            return frame, rows_read, file
        # Detect on whole lines only, so a character cut at the sample's end is not taken for bad UTF-8.
        sample = first if buffer.size <= SAMPLE_BYTES else first[: first.rfind(b"\n") + 1] or first
        encoding = detect_encoding(sample, file, COMTRADE_ENCODINGS)
        _check_rows(buffer.size, first, data, file, limits)
        try:
            frame, rows_read = _fast_csv(buffer, first, file, encoding, limits)
        except _NotClean:
            frame, rows_read = _careful(whole(), file, limits)
        return frame, rows_read, file
    finally:
        if mapped is not None:
            mapped.close()


def _check_rows(size: int, first: bytes, data: bytes | None, file: str, limits: Limits) -> None:
    """The row limit, before parsing: counted exactly for a file in memory; for a memory-mapped path
    estimated from the first lines' length (counting would read the whole file once more). The exact
    count is checked again after parsing."""
    if data is not None:
        lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
        code = "too_many_lines"
    else:
        newlines = first.count(b"\n")
        lines = int(size / (len(first) / newlines)) if newlines else 1
        code = "too_many_lines_estimated"
    if lines - 1 > limits.max_rows:
        raise fail(file, code, rows=lines - 1, limit=limits.max_rows)

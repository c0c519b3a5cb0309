"""UN Comtrade exports for Uzbekistan–Kazakhstan → rows of the `trade` resource, and a product breakdown.

`read_comtrade(source)` reads a Comtrade CSV (website or API download, the standard columns
refYear, reporterCode/ISO, partnerCode/ISO, flowCode, cmdCode, aggrLevel, primaryValue, …; the
classic column names such as "Trade Value (US$)" work too) or an XLSX of the same columns, and
returns one row per year and reporter, shaped and typed like `data.load("trade")`, seen from
Uzbekistan: Uzbekistan's own report, and Kazakhstan's report mirrored (Kazakhstan's imports from
Uzbekistan are Uzbekistan's exports to Kazakhstan).

Nothing is counted twice. A Comtrade file mixes:
- TOTAL rows and HS chapter/heading rows: the TOTAL is used; chapters are summed only where a
  year, reporter and flow has no TOTAL, and then only the most aggregated level present;
- World rows (partnerCode 0) and other partners: not the bilateral flow, left out;
- re-exports and re-imports (flowCode RX, RM) and other special flows: left out; X and M used;
- breakdowns by second partner, mode of transport and customs procedure: only the "all" rows
  (partner2Code 0, motCode 0, customsCode C00) are used;
- annual and monthly rows: annual rows are used where present; months are summed otherwise.

`product_breakdown(source)` gives the HS chapters for both reporters (mirror figures), and
`import_comtrade(source)` gives both plus what was left out, from one read.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from partnership.io.package import resource_meta
from partnership.io.read_table import (
    XLS_MAGIC,
    XLSX_MAGIC,
    Limits,
    Source,
    _header_cells,
    _limits,
    detect_delimiter,
    detect_encoding,
    normalize_number,
    parse_numbers,
    read_bytes,
    read_raw,
)
from partnership.io.schema import DataError, Problem, validate_frame

__all__ = [
    "ComtradeImport",
    "COMTRADE_LIMITS",
    "import_comtrade",
    "read_comtrade",
    "product_breakdown",
    "mirror_table",
    "hs_section",
]

UZBEKISTAN, KAZAKHSTAN, WORLD = 860, 398, 0
ISO_CODES = {"UZB": UZBEKISTAN, "KAZ": KAZAKHSTAN, "W00": WORLD, "WLD": WORLD}
REPORTER_NAMES = {UZBEKISTAN: "Uzbekistan", KAZAKHSTAN: "Kazakhstan"}
# Each reporter's partner in this bilateral view (the API asks one reporter about the other).
PARTNER_OF = {UZBEKISTAN: KAZAKHSTAN, KAZAKHSTAN: UZBEKISTAN}
SOURCE_TITLE = "UN Comtrade"
SOURCE_URL = "https://comtradeplus.un.org/"
# Legacy numeric trade flow codes of the classic Comtrade API/website.
LEGACY_FLOWS = {"1": "M", "2": "X", "3": "RX", "4": "RM"}
USED_FLOWS = ("X", "M")
RE_FLOWS = ("RX", "RM")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
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

# HS sections: chapter ranges (a classification, not data).
HS_SECTIONS = (
    ("I", 1, 5),
    ("II", 6, 14),
    ("III", 15, 15),
    ("IV", 16, 24),
    ("V", 25, 27),
    ("VI", 28, 38),
    ("VII", 39, 40),
    ("VIII", 41, 43),
    ("IX", 44, 46),
    ("X", 47, 49),
    ("XI", 50, 63),
    ("XII", 64, 67),
    ("XIII", 68, 70),
    ("XIV", 71, 71),
    ("XV", 72, 83),
    ("XVI", 84, 85),
    ("XVII", 86, 89),
    ("XVIII", 90, 92),
    ("XIX", 93, 93),
    ("XX", 94, 96),
    ("XXI", 97, 97),
)
SECTION_ORDER = tuple(s for s, _, _ in HS_SECTIONS) + ("other",)


def hs_section(chapter: str) -> str:
    """The HS section ('I'…'XXI') of a two-digit chapter code; 'other' for 77, 98, 99 and non-codes."""
    if not (isinstance(chapter, str) and chapter.isdigit()):
        return "other"
    number = int(chapter)
    for name, first, last in HS_SECTIONS:
        if first <= number <= last:
            return name
    return "other"


@dataclass
class ComtradeImport:
    """What one Comtrade file gives: trade rows, the HS-chapter breakdown, and what was left out."""

    file: str
    trade: pd.DataFrame
    products: pd.DataFrame
    notes: dict[str, int] = field(default_factory=dict)


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
            problems.append(Problem(1, canonical, f"found in more than one column ({', '.join(cells)})"))
        elif cells:
            found[canonical] = cells[0]
    for canonical in REQUIRED:
        if canonical not in found:
            problems.append(Problem(1, canonical, "required Comtrade column is missing from the header"))
    for pair in (("reporterCode", "reporterISO"), ("partnerCode", "partnerISO")):
        if not any(p in found for p in pair):
            problems.append(Problem(1, pair[0], f"required Comtrade column is missing (or {pair[1]})"))
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
    import pyarrow.csv as pa_csv

    start = 3 if encoding == "utf-8-sig" else 0
    head = first[start:].decode("latin-1")
    delimiter = detect_delimiter(head, [a for aliases in COLUMNS.values() for a in aliases] + list(COLUMNS))
    header = _header_cells(head.split("\n", 1)[0].rstrip("\r"), delimiter)
    if len(header) > limits.max_columns:
        raise DataError(file, [Problem(1, None, f"the header has more than {limits.max_columns} columns")])
    columns = _resolve_columns(header, file)
    if any(header.count(actual) > 1 for actual in columns.values()):
        raise _NotClean
    types = {columns[c]: pa.int64() for c in INTEGER_COLUMNS if c in columns}
    types |= {columns[c]: pa.binary() for c in TEXT_COLUMNS if c in columns}
    types[columns["primaryValue"]] = pa.float64()
    try:
        table = pa_csv.read_csv(
            pa.BufferReader(buffer.slice(start)),
            read_options=pa_csv.ReadOptions(block_size=4 * 1024 * 1024),
            parse_options=pa_csv.ParseOptions(delimiter=delimiter),
            convert_options=pa_csv.ConvertOptions(
                include_columns=list(columns.values()),
                column_types=types,
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
            ),
        )
    # ArrowKeyError: a listed column is not in the file after all (e.g. a control character in the header).
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, pa.ArrowKeyError):
        raise _NotClean from None
    rows_read = table.num_rows
    if rows_read > limits.max_rows:
        raise DataError(file, [Problem(None, None, f"the file has {rows_read:,} rows; the limit is {limits.max_rows:,}")])

    def code_of(code_column: str, iso_column: str):
        if code_column in columns:
            return table[columns[code_column]]
        iso = pc.utf8_upper(pc.utf8_trim_whitespace(pc.cast(table[columns[iso_column]], pa.string())))
        codes = pa.array([-1] * table.num_rows, pa.int64())
        for text, number in ISO_CODES.items():
            codes = pc.if_else(pc.equal(iso, text), number, codes)
        return codes

    reporter = code_of("reporterCode", "reporterISO")
    partner = code_of("partnerCode", "partnerISO")
    wanted = pc.or_(
        pc.and_(pc.equal(reporter, UZBEKISTAN), pc.is_in(partner, pa.array([KAZAKHSTAN, WORLD]))),
        pc.and_(pc.equal(reporter, KAZAKHSTAN), pc.is_in(partner, pa.array([UZBEKISTAN, WORLD]))),
    )
    wanted = pc.fill_null(wanted, False)
    if isinstance(wanted, pa.ChunkedArray):
        wanted = wanted.combine_chunks()
    row_numbers = pa.array(np.arange(2, rows_read + 2, dtype=np.int64))
    picked = table.filter(wanted)
    frame = picked.to_pandas()
    frame.columns = [next(c for c, actual in columns.items() if actual == name) for name in picked.column_names]
    frame["_row"] = row_numbers.filter(wanted).to_numpy()
    frame["reporterCode"] = reporter.filter(wanted).to_numpy()
    frame["partnerCode"] = partner.filter(wanted).to_numpy()
    python_encoding = "utf-8" if encoding.startswith("utf-8") else encoding
    for column in TEXT_COLUMNS:
        if column in frame:
            # Decode each distinct value once (codes and descriptions repeat on every row).
            codes, uniques = pd.factorize(frame[column], use_na_sentinel=True)
            decoded = np.array([u.decode(python_encoding, "replace").strip() for u in uniques] + [None], dtype=object)
            frame[column] = decoded[codes]
    if frame["refYear"].isna().any() or not np.isfinite(frame["primaryValue"]).all() or frame["cmdCode"].isna().any():
        raise _NotClean  # a missing value: the careful path names its row
    if "aggrLevel" in frame:
        frame["aggrLevel"] = frame["aggrLevel"].astype("Int64")
    for column in ("partner2Code", "motCode", "refMonth"):
        if column in frame:
            frame[column] = frame[column].astype("Int64")
    frame["refYear"] = frame["refYear"].astype("int64")
    return frame, rows_read


def _careful(source: bytes, file: str, limits: Limits) -> tuple[pd.DataFrame, int]:
    """Read cell by cell (XLSX, Excel-made CSV with decimal commas, broken files) and type with row numbers."""
    expected = [a for aliases in COLUMNS.values() for a in aliases] + list(COLUMNS)
    raw = read_raw(source, expected, name=file, limits=limits, encodings=COMTRADE_ENCODINGS)
    columns = _resolve_columns(list(raw.columns), file)
    rows_read = len(raw)
    frame = pd.DataFrame({canonical: raw[actual] for canonical, actual in columns.items()}, index=raw.index)
    frame = frame.map(lambda v: v.strip() if isinstance(v, str) else v)
    problems: list[Problem] = []
    for canonical in ("reporterCode", "partnerCode"):
        iso = canonical.replace("Code", "ISO")
        if canonical in frame:
            numbers, _ = parse_numbers(frame[canonical].map(normalize_number), whole=True)
        else:
            numbers = frame[iso].map(lambda v: ISO_CODES.get(str(v).upper(), -1) if v is not None else np.nan)
        frame[canonical] = numbers
    wanted = ((frame["reporterCode"] == UZBEKISTAN) & frame["partnerCode"].isin([KAZAKHSTAN, WORLD])) | (
        (frame["reporterCode"] == KAZAKHSTAN) & frame["partnerCode"].isin([UZBEKISTAN, WORLD])
    )
    frame = frame[wanted].copy()
    frame["_row"] = frame.index + 2
    for canonical in (*INTEGER_COLUMNS, "primaryValue"):
        if canonical not in frame or canonical in ("reporterCode", "partnerCode"):
            continue
        cells = frame[canonical].map(normalize_number)
        numbers, bad = parse_numbers(cells, whole=canonical != "primaryValue")
        missing = cells.isna() if canonical in ("refYear", "primaryValue") else pd.Series(False, index=cells.index)
        for index in frame.index[bad]:
            what = "a number" if canonical == "primaryValue" else "a whole number"
            problems.append(Problem(int(frame.at[index, "_row"]), columns[canonical], f"expected {what}, found '{cells[index]}'"))
        for index in frame.index[missing]:
            problems.append(Problem(int(frame.at[index, "_row"]), columns[canonical], "a value is required"))
        frame[canonical] = numbers.astype("float64") if canonical == "primaryValue" else numbers.astype("Int64")
    missing_code = frame["cmdCode"].isna()
    problems += [Problem(int(r), columns["cmdCode"], "a value is required") for r in frame.loc[missing_code, "_row"]]
    if problems:
        raise DataError(file, sorted(problems, key=lambda p: (p.row or 0, p.column or "")))
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
            raise DataError(file, [Problem(None, None, f"cannot read the file ({exc})")]) from None
        return mapped, mapped.read_buffer(), file, None
    data, file = read_bytes(source, limits.max_bytes, name)
    return None, pa.py_buffer(data), file, data


def _check_path(path: Path, file: str, max_bytes: int) -> None:
    """The checks `read_bytes` makes on a path (exists, is a file, size), without reading it."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise DataError(file, [Problem(None, None, "file not found")]) from None
    except OSError as exc:
        raise DataError(file, [Problem(None, None, f"cannot read the file ({exc.strerror or exc})")]) from None
    if not path.is_file():
        raise DataError(file, [Problem(None, None, "not a file")])
    if size > max_bytes:
        raise DataError(
            file, [Problem(None, None, f"the file is {size / 1024 / 1024:.1f} MB; the limit is {max_bytes / 1024 / 1024:.1f} MB")]
        )


def _read_rows(source: Source, limits: Limits, name: str | None) -> tuple[pd.DataFrame, int, str]:
    mapped, buffer, file, data = _open(source, limits, name)
    whole = (lambda: data) if data is not None else buffer.to_pybytes  # the file's bytes, copied only if needed
    try:
        first = buffer.slice(0, min(SAMPLE_BYTES, buffer.size)).to_pybytes()
        if not first.strip() and (buffer.size <= SAMPLE_BYTES or not whole().strip()):
            raise DataError(file, [Problem(None, None, "the file is empty")])
        if first.startswith(XLS_MAGIC):
            raise DataError(file, [Problem(None, None, "old Excel 97–2003 (.xls) workbook: save it as .xlsx or CSV")])
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
        what = f"{lines - 1:,} lines after the header"
    else:
        newlines = first.count(b"\n")
        lines = int(size / (len(first) / newlines)) if newlines else 1
        what = f"about {lines - 1:,} lines after the header"
    if lines - 1 > limits.max_rows:
        raise DataError(file, [Problem(None, None, f"the file has {what}; the limit is {limits.max_rows:,} rows")])


# --- from rows to figures -----------------------------------------------------------------------


def _level(frame: pd.DataFrame) -> pd.Series:
    code = frame["cmdCode"].astype("string").str.upper()
    derived = code.str.len().where(code != "TOTAL", 0).astype("Int64")
    if "aggrLevel" in frame:
        level = frame["aggrLevel"].astype("Int64").fillna(derived)
    else:
        level = derived
    return level.where(code != "TOTAL", 0).astype("int64")


def _clean(frame: pd.DataFrame, rows_read: int, file: str) -> tuple[pd.DataFrame, dict[str, int]]:
    """The bilateral X/M rows, one per year, reporter, flow, month and product; counts of what was left out."""
    notes = {"rows_read": rows_read, "rows_uz_kz": 0}
    world = frame["partnerCode"] == WORLD
    notes["world_rows"] = int(world.sum())
    rows = frame[~world].copy()
    notes["rows_uz_kz"] = len(rows)
    breakdown = pd.Series(False, index=rows.index)
    if "partner2Code" in rows:
        breakdown |= rows["partner2Code"].fillna(0) != 0
    if "motCode" in rows:
        breakdown |= rows["motCode"].fillna(0) != 0
    if "customsCode" in rows:
        breakdown |= ~rows["customsCode"].fillna("C00").str.upper().isin(["C00", ""])
    notes["breakdown_rows"] = int(breakdown.sum())
    rows = rows[~breakdown]
    flow = rows["flowCode"].fillna("").str.strip().str.upper()
    rows = rows.assign(flowCode=flow.map(lambda f: LEGACY_FLOWS.get(f, f)))
    notes["re_export_import_rows"] = int(rows["flowCode"].isin(RE_FLOWS).sum())
    notes["other_flow_rows"] = int((~rows["flowCode"].isin(RE_FLOWS + USED_FLOWS)).sum())
    rows = rows[rows["flowCode"].isin(USED_FLOWS)].copy()

    problems: list[Problem] = []
    value_column = "primaryValue"
    negative = rows[value_column] < 0
    problems += [Problem(int(r), value_column, "must be at least 0") for r in rows.loc[negative, "_row"]]
    outside = (rows["refYear"] < 1991) | (rows["refYear"] > 2100)
    problems += [Problem(int(r), "refYear", "must be a year from 1991 to 2100") for r in rows.loc[outside, "_row"]]

    # Monthly rows only where a year has no annual row for that reporter and flow.
    if "freqCode" in rows and "refMonth" in rows:
        monthly = rows["freqCode"].fillna("A").str.upper().eq("M") & rows["refMonth"].between(1, 12).fillna(False)
    else:
        monthly = pd.Series(False, index=rows.index)
    rows["month"] = rows["refMonth"].where(monthly, 0).astype("int64") if "refMonth" in rows else 0
    has_annual = (rows["month"] == 0).groupby([rows["refYear"], rows["reporterCode"], rows["flowCode"]]).transform("any")
    notes["monthly_rows_not_used"] = int(((rows["month"] > 0) & has_annual).sum())
    rows = rows[(rows["month"] == 0) | ~has_annual]

    rows["level"] = _level(rows)
    code = rows["cmdCode"].astype(str).str.strip().str.upper()
    digits = code.str.fullmatch(r"\d+")
    rows["cmdCode"] = code.where(~digits, [c.zfill(int(n)) if n else c for c, n in zip(code, rows["level"], strict=True)])
    key = ["refYear", "reporterCode", "flowCode", "month", "cmdCode"]
    rows = rows.drop_duplicates([*key, value_column])
    doubled = rows.duplicated(key, keep=False)
    if doubled.any():
        problems += [
            Problem(int(r), "cmdCode", "the same year, reporter, partner, flow and product appears again with another value")
            for r in rows.loc[doubled, "_row"]
        ]
    if problems:
        raise DataError(file, sorted(problems, key=lambda p: (p.row or 0, p.column or "")))
    return rows.reset_index(drop=True), notes


def _totals(rows: pd.DataFrame, notes: dict[str, int]) -> pd.DataFrame:
    """Per year, reporter, flow and month: the TOTAL row, else the sum of the most aggregated level present."""
    group = ["refYear", "reporterCode", "flowCode", "month"]
    top = rows.groupby(group)["level"].transform("min")
    chosen = rows[rows["level"] == top]
    notes["detail_rows_not_summed"] = int(len(rows) - len(chosen))
    summed = chosen.groupby(group).agg(value=("primaryValue", "sum"), level=("level", "first"), parts=("primaryValue", "size"))
    return summed.reset_index()


def _period(months: set[int]) -> tuple[str, str, int | None]:
    if months == {0}:
        return "full year", "full_year", 12
    if 0 in months:
        return "mixed annual and monthly rows", "unclear", None
    if len(months) == 12:
        return "full year (sum of 12 months)", "full_year", 12
    ordered = sorted(months)
    if ordered == list(range(1, len(ordered) + 1)):
        text = MONTHS[0] if len(ordered) == 1 else f"{MONTHS[0]}-{MONTHS[ordered[-1] - 1]}"
        return text, "part_year", len(ordered)
    return f"{len(ordered)} months ({', '.join(MONTHS[m - 1] for m in ordered)})", "part_year", len(ordered)


def _basis(part: pd.DataFrame) -> str:
    levels = set(part["level"])
    if levels == {0}:
        return "HS TOTAL"
    return f"sum of HS {int(max(levels))}-digit codes (no TOTAL row)" if len(levels) == 1 else "TOTAL and sums of HS codes"


def _trade_rows(totals: pd.DataFrame, file: str) -> pd.DataFrame:
    records = []
    order = totals.assign(_first=totals["reporterCode"] != UZBEKISTAN).sort_values(["refYear", "_first"], kind="stable")
    for (year, _, reporter), part in order.groupby(["refYear", "_first", "reporterCode"], sort=False):
        flows = {flow: rows for flow, rows in part.groupby("flowCode")}
        months = {flow: set(rows["month"]) for flow, rows in flows.items()}
        if len({frozenset(m) for m in months.values()}) > 1:
            period, period_type, covered = "exports and imports cover different months", "unclear", None
        else:
            period, period_type, covered = _period(next(iter(months.values())))
        value = {flow: float(rows["value"].sum()) / 1e9 for flow, rows in flows.items()}
        own_exports, own_imports = value.get("X"), value.get("M")
        if reporter == UZBEKISTAN:
            exports, imports = own_exports, own_imports
            detail = "UN Comtrade: Uzbekistan's report"
        else:
            exports, imports = own_imports, own_exports  # mirror: Kazakhstan's imports are Uzbekistan's exports
            detail = "UN Comtrade: Kazakhstan's report (mirror)"
        turnover = exports + imports if exports is not None and imports is not None else None
        basis = "; ".join(f"{flow} = {_basis(flows[flow])}" for flow in USED_FLOWS if flow in flows)
        records.append(
            {
                "year": str(int(year)),
                "period": period,
                "period_type": period_type,
                "months": None if covered is None else str(covered),
                "turnover_usd_bn": None if turnover is None else repr(turnover),
                "exports_uz_to_kz_usd_bn": None if exports is None else repr(exports),
                "imports_uz_from_kz_usd_bn": None if imports is None else repr(imports),
                "growth_reported_pct": None,
                "lower_bound": "false",
                "reporter": REPORTER_NAMES[int(reporter)],
                "reporter_detail": detail,
                "cited_in_article": "false",
                "source_title": SOURCE_TITLE,
                "source_url": SOURCE_URL,
                "quote": f"{os.path.basename(file)}: {basis}; World, re-export (RX) and re-import (RM) rows left out",
            }
        )
    schema = resource_meta("trade")["schema"]
    raw = pd.DataFrame(records, columns=[f["name"] for f in schema["fields"]], dtype="object")
    return validate_frame(raw, schema, file)


def _products(rows: pd.DataFrame) -> pd.DataFrame:
    """HS chapters per year, reporter and flow, from the most aggregated level below TOTAL present."""
    columns = ["year", "reporter", "direction", "flow", "hs_chapter", "hs_section", "description", "value_usd_mn"]
    detail = rows[rows["level"] > 0]
    if detail.empty:
        return pd.DataFrame(columns=columns).astype({"year": "int64", "value_usd_mn": "float64"})
    group = ["refYear", "reporterCode", "flowCode", "month"]
    top = detail[detail["level"] == detail.groupby(group)["level"].transform("min")].copy()
    top["hs_chapter"] = top["cmdCode"].str[:2]
    descriptions = top["cmdDesc"] if "cmdDesc" in top else pd.Series(None, index=top.index, dtype="object")
    top["description"] = descriptions.where(top["level"] == 2)
    out = (
        top.groupby(["refYear", "reporterCode", "flowCode", "hs_chapter"], sort=True)
        .agg(value=("primaryValue", "sum"), description=("description", "first"))
        .reset_index()
    )
    own_exports = out["flowCode"] == "X"
    from_uzbekistan = out["reporterCode"] == UZBEKISTAN
    return pd.DataFrame(
        {
            "year": out["refYear"].astype("int64"),
            "reporter": out["reporterCode"].map(REPORTER_NAMES),
            # Seen from Uzbekistan: Uzbekistan's exports = its own X or Kazakhstan's M (mirror).
            "direction": np.where(own_exports == from_uzbekistan, "exports_uz_to_kz", "imports_uz_from_kz"),
            "flow": out["flowCode"],
            "hs_chapter": out["hs_chapter"],
            "hs_section": out["hs_chapter"].map(hs_section),
            "description": out["description"],
            "value_usd_mn": out["value"] / 1e6,
        },
        columns=columns,
    )


def import_comtrade(source: Source, *, name: str | None = None, limits: Limits | None = None, **overrides: int) -> ComtradeImport:
    """Read a Comtrade file once: trade rows, HS-chapter breakdown, and counts of rows left out."""
    limits = _limits(limits or COMTRADE_LIMITS, overrides)
    frame, rows_read, file = _read_rows(source, limits, name)
    if frame.empty:
        raise DataError(
            file,
            [
                Problem(
                    None,
                    None,
                    "no Uzbekistan–Kazakhstan rows: the file needs reporter UZB (860) or KAZ (398) with the other as partner",
                )
            ],
        )
    rows, notes = _clean(frame, rows_read, file)
    if rows.empty:
        raise DataError(file, [Problem(None, None, "no export (X) or import (M) rows between Uzbekistan and Kazakhstan")])
    totals = _totals(rows, notes)
    return ComtradeImport(file=file, trade=_trade_rows(totals, file), products=_products(rows), notes=notes)


def read_comtrade(source: Source, **options) -> pd.DataFrame:
    """A Comtrade export as rows of the `trade` resource: one per year and reporter, seen from Uzbekistan."""
    return import_comtrade(source, **options).trade


def product_breakdown(source: Source, **options) -> pd.DataFrame:
    """HS chapters for both reporters: year, reporter, direction (seen from Uzbekistan), flow as reported,
    hs_chapter, hs_section, description, value_usd_mn."""
    return import_comtrade(source, **options).products


def mirror_table(products: pd.DataFrame, year: int, direction: str) -> pd.DataFrame:
    """Each chapter's figure in Uzbekistan's report next to Kazakhstan's mirror figure, largest first."""
    chosen = products[(products["year"] == year) & (products["direction"] == direction)]
    wide = chosen.pivot_table(index="hs_chapter", columns="reporter", values="value_usd_mn", aggfunc="sum")
    wide = wide.reindex(columns=list(REPORTER_NAMES.values()))
    described = chosen.dropna(subset=["description"]).groupby("hs_chapter")["description"].first()
    out = pd.DataFrame(
        {
            "hs_chapter": wide.index,
            "hs_section": [hs_section(c) for c in wide.index],
            "description": described.reindex(wide.index).to_numpy(),
            "uzbekistan_usd_mn": wide["Uzbekistan"].to_numpy(),
            "kazakhstan_usd_mn": wide["Kazakhstan"].to_numpy(),
        }
    )
    out["gap_usd_mn"] = out["uzbekistan_usd_mn"] - out["kazakhstan_usd_mn"]
    order = out[["uzbekistan_usd_mn", "kazakhstan_usd_mn"]].max(axis=1)
    return (
        out.assign(_order=order)
        .sort_values("_order", ascending=False, kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
    )

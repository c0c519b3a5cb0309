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
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from partnership.io.comtrade_file import COMTRADE_LIMITS, KAZAKHSTAN, UZBEKISTAN, WORLD, read_rows
from partnership.io.package import resource_meta
from partnership.io.problems import DataError, Problem, fail, problem
from partnership.io.raw import Limits, Source, limits_with
from partnership.io.schema import validate_frame

__all__ = [
    "ComtradeImport",
    "COMTRADE_LIMITS",
    "import_comtrade",
    "read_comtrade",
    "product_breakdown",
    "mirror_table",
    "hs_section",
    # the country codes, from partnership.io.comtrade_file (which reads the file)
    "KAZAKHSTAN",
    "UZBEKISTAN",
    "WORLD",
]

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
    problems += [problem("negative_value", int(r), value_column) for r in rows.loc[negative, "_row"]]
    outside = (rows["refYear"] < 1991) | (rows["refYear"] > 2100)
    problems += [problem("year_out_of_range", int(r), "refYear", low=1991, high=2100) for r in rows.loc[outside, "_row"]]

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
        problems += [problem("conflicting_rows", int(r), "cmdCode") for r in rows.loc[doubled, "_row"]]
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
    limits = limits_with(limits or COMTRADE_LIMITS, overrides)
    frame, rows_read, file = read_rows(source, limits, name)
    if frame.empty:
        raise fail(file, "no_pair_rows")
    rows, notes = _clean(frame, rows_read, file)
    if rows.empty:
        raise fail(file, "no_flow_rows")
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

"""Comtrade import: read_comtrade on a synthetic 1,000,000-row Comtrade file vs a bare pyarrow read of it.

The file has the 47 columns of a comtradeplus.un.org download, ISO-8859-1 like the website's (a
partner named "Côte d'Ivoire"), two reporters (UZB, KAZ), ten years, flows X, M, RX and RM, TOTAL
and all 97 HS chapters, and partners World, the other country and ~120 others, so the reader has
real work: filter the pair out of a million rows and keep nothing twice.

The floor is `pandas.read_csv(path, engine="pyarrow")` of the same file: the fastest bare read there
is, doing none of the checks. Goal: read_comtrade ≤ 1.5× the floor. Each reader runs --repeat times,
alternating, and the best time of each counts (the least disturbed by other work on the machine).

    python -m bench.comtrade_import            # 1,000,000 rows (≈ 300 MB file, ~1 min)
    python -m bench.comtrade_import --quick    # 20,000 rows (seconds; CI smoke)
"""

from __future__ import annotations

import argparse
import gc
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from bench._harness import emit_result
from partnership.comtrade import import_comtrade

GOAL = 1.5
HEADER = (
    "typeCode,freqCode,refPeriodId,refYear,refMonth,period,reporterCode,reporterISO,reporterDesc,flowCode,flowDesc,"
    "partnerCode,partnerISO,partnerDesc,partner2Code,partner2ISO,partner2Desc,classificationCode,classificationSearchCode,"
    "isOriginalClassification,cmdCode,cmdDesc,aggrLevel,isLeaf,customsCode,customsDesc,mosCode,motCode,motDesc,qtyUnitCode,"
    "qtyUnitAbbr,qty,isQtyEstimated,altQtyUnitCode,altQtyUnitAbbr,altQty,isAltQtyEstimated,netWgt,isNetWgtEstimated,grossWgt,"
    "isGrossWgtEstimated,cifvalue,fobvalue,primaryValue,legacyEstimationFlag,isReported,isAggregate"
).split(",")
REPORTERS = [(860, "UZB", "Uzbekistan"), (398, "KAZ", "Kazakhstan")]
FLOWS = [("X", "Export"), ("M", "Import"), ("RX", "Re-export"), ("RM", "Re-import")]
YEARS = list(range(2015, 2025))
CODES = ["TOTAL"] + [f"{c:02d}" for c in range(1, 98) if c != 77]


def synthetic(rows: int, seed: int = 7) -> pd.DataFrame:
    """The first `rows` rows of the grid partner × year × reporter × flow × code; partners in the order
    'the other country', World, Côte d'Ivoire, then others, so even a small file holds the pair."""
    per_partner = len(YEARS) * len(REPORTERS) * len(FLOWS) * len(CODES)
    partners_needed = -(-rows // per_partner)
    others = [(1000 + i, f"P{i:02d}", f"Partner {i}") for i in range(max(0, partners_needed - 3))]
    i = np.arange(rows)
    code_i = i % len(CODES)
    flow_i = (i // len(CODES)) % len(FLOWS)
    reporter_i = (i // (len(CODES) * len(FLOWS))) % len(REPORTERS)
    year_i = (i // (len(CODES) * len(FLOWS) * len(REPORTERS))) % len(YEARS)
    partner_i = i // per_partner
    reporter_code = np.array([r[0] for r in REPORTERS])[reporter_i]
    # Partner slot 0 is the other country of the pair (KAZ for UZB, UZB for KAZ), 1 World, 2 CIV.
    fixed = [(None, None, None), (0, "W00", "World"), (384, "CIV", "Côte d'Ivoire")]
    table = fixed + others
    partner_code = np.array([p[0] if p[0] is not None else -1 for p in table])[partner_i]
    partner_code = np.where(partner_i == 0, np.where(reporter_code == 860, 398, 860), partner_code)
    names = {398: ("KAZ", "Kazakhstan"), 860: ("UZB", "Uzbekistan")} | {p[0]: (p[1], p[2]) for p in table[1:]}
    rng = np.random.default_rng(seed)
    code = np.array(CODES, dtype=object)[code_i]
    value = np.round(rng.lognormal(15, 2, rows), 2)
    year = np.array(YEARS)[year_i]
    frame = pd.DataFrame(
        {
            "typeCode": "C",
            "freqCode": "A",
            "refPeriodId": year * 10000 + 101,
            "refYear": year,
            "refMonth": 52,
            "period": year,
            "reporterCode": reporter_code,
            "reporterISO": np.array([r[1] for r in REPORTERS], dtype=object)[reporter_i],
            "reporterDesc": np.array([r[2] for r in REPORTERS], dtype=object)[reporter_i],
            "flowCode": np.array([f[0] for f in FLOWS], dtype=object)[flow_i],
            "flowDesc": np.array([f[1] for f in FLOWS], dtype=object)[flow_i],
            "partnerCode": partner_code,
            "partnerISO": pd.Series(partner_code).map(lambda c: names[c][0]).to_numpy(),
            "partnerDesc": pd.Series(partner_code).map(lambda c: names[c][1]).to_numpy(),
            "partner2Code": 0,
            "partner2ISO": "W00",
            "partner2Desc": "World",
            "classificationCode": "H6",
            "classificationSearchCode": "HS",
            "isOriginalClassification": "True",
            "cmdCode": code,
            "cmdDesc": np.where(code == "TOTAL", "All Commodities", "HS chapter " + code.astype(str)),
            "aggrLevel": np.where(code == "TOTAL", 0, 2),
            "isLeaf": "False",
            "customsCode": "C00",
            "customsDesc": "TOTAL CPC",
            "mosCode": 0,
            "motCode": 0,
            "motDesc": "TOTAL MOT",
            "qtyUnitCode": -1,
            "qtyUnitAbbr": "N/A",
            "qty": 0,
            "isQtyEstimated": "False",
            "altQtyUnitCode": -1,
            "altQtyUnitAbbr": "N/A",
            "altQty": 0,
            "isAltQtyEstimated": "False",
            "netWgt": np.round(value / 3, 1),
            "isNetWgtEstimated": "False",
            "grossWgt": 0,
            "isGrossWgtEstimated": "False",
            "cifvalue": "",
            "fobvalue": value,
            "primaryValue": value,
            "legacyEstimationFlag": 0,
            "isReported": "True",
            "isAggregate": "True",
        },
        columns=HEADER,
    )
    return frame


def write_latin1(frame: pd.DataFrame, path: Path) -> None:
    """CSV as the website writes it: ISO-8859-1."""
    utf8 = path.with_suffix(".utf8.csv")
    pa_csv.write_csv(
        pa.Table.from_pandas(frame, preserve_index=False), utf8, write_options=pa_csv.WriteOptions(quoting_style="needed")
    )
    path.write_bytes(utf8.read_bytes().decode("utf-8").encode("latin-1"))
    utf8.unlink()


def timed(function) -> tuple[float, object]:
    gc.collect()
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="20,000 rows, for a smoke test")
    parser.add_argument("--rows", type=int, default=None, help="rows in the file (default 1,000,000; 20,000 with --quick)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each reader; the best counts")
    args = parser.parse_args()
    rows = args.rows or (20_000 if args.quick else 1_000_000)

    with tempfile.TemporaryDirectory(prefix="comtrade-bench-") as folder:
        path = Path(folder) / "TradeData_synthetic.csv"
        started = time.perf_counter()
        write_latin1(synthetic(rows), path)
        size_mb = path.stat().st_size / 1024 / 1024
        print(f"file: {rows:,} rows, {size_mb:.1f} MB, ISO-8859-1 (written in {time.perf_counter() - started:.1f} s)")

        floors, ours, uploads = [], [], []
        result = None
        raw = path.read_bytes()
        for _ in range(args.repeat):
            seconds, bare = timed(lambda: pd.read_csv(path, engine="pyarrow"))
            floors.append(seconds)
            assert len(bare) == rows
            del bare
            seconds, result = timed(lambda: import_comtrade(path))
            ours.append(seconds)
            # As the app gets it: an upload's bytes already in memory (counted exactly, not mapped).
            uploads.append(timed(lambda raw=raw: import_comtrade(raw, name=path.name))[0])
        floor, mine = min(floors), min(ours)
        trade = result.trade
        print(f"floor  pandas.read_csv(engine='pyarrow'): best {floor:.3f} s of {', '.join(f'{s:.3f}' for s in floors)}")
        print(f"ours   read_comtrade (trade + products): best {mine:.3f} s of {', '.join(f'{s:.3f}' for s in ours)}")
        print(f"       the same from bytes in memory (an upload): best {min(uploads):.3f} s")
        print(f"rows out: {len(trade)} trade rows, {len(result.products)} HS-chapter rows; left out: {result.notes}")
        emit_result(
            "comtrade_import",
            mine / floor,
            GOAL,
            f"read_comtrade vs bare pandas.read_csv(engine='pyarrow'), {rows:,} rows",
            rows=rows,
            file_mb=round(size_mb, 1),
            floor_s=round(floor, 4),
            ours_s=round(mine, 4),
            from_bytes_s=round(min(uploads), 4),
            quick=args.quick,
        )


if __name__ == "__main__":
    main()

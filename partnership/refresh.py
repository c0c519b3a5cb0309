"""Refresh data/trade.csv from UN Comtrade's API: show what would change; write only when asked.

    python -m partnership.refresh comtrade --years 2020-2025            # the diff, nothing written
    python -m partnership.refresh comtrade --years 2020-2025 --write    # and write it
    python -m partnership.refresh comtrade --years 2021-2024 --from-file tests/fixtures/comtrade_api

The key comes from COMTRADE_API_KEY (none: the public preview). The rows are those of
`comtrade_api.fetch_from_api`; a row is the refresh's own when it is a "UN Comtrade API" row for the same
year, period, reporter and reporter detail. Only such rows are ever changed: every other source's row is
left as it is, byte for byte. The file is written whole after validating the result against the Table
Schema, through a temporary file and a rename, so a failure leaves the old file in place.
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from partnership import data
from partnership.comtrade_api import API_TITLE, ComtradeApiError, RecordedClient, fetch_import, parse_years
from partnership.io.raw import decode

IDENTITY = ("year", "period", "reporter", "reporter_detail")
FIGURES = ("turnover_usd_bn", "exports_uz_to_kz_usd_bn", "imports_uz_from_kz_usd_bn")


@dataclass
class Plan:
    """What a refresh would do: rows to add, rows of its own to replace (index in the file → new row), the rest."""

    header: list[str]
    rows: list[dict[str, str]]  # the file as it is, cell text untouched
    new: list[dict[str, str]]
    changed: dict[int, dict[str, str]]
    unchanged: int

    def table(self) -> pd.DataFrame:
        """The changes as a table: change, identity, old → new figures, source."""
        lines = []
        for index, row in sorted(self.changed.items()):
            lines.append(_line("changed", row, self.rows[index]))
        lines += [_line("new", row, None) for row in self.new]
        columns = ["change", *IDENTITY, *FIGURES, "source_url"]
        return pd.DataFrame(lines, columns=columns)

    def result(self) -> list[dict[str, str]]:
        return [self.changed.get(i, row) for i, row in enumerate(self.rows)] + self.new


def _line(change: str, row: dict[str, str], old: dict[str, str] | None) -> dict[str, str]:
    line = {"change": change, **{k: row[k] for k in IDENTITY}, "source_url": row["source_url"]}
    for name in FIGURES:
        if old is None or old[name] == row[name]:
            line[name] = row[name]
        else:
            line[name] = f"{old[name] or '—'} → {row[name] or '—'}"
    return line


def _cell(value: object) -> str:
    """A typed value as the CSV writes it: booleans true/false, numbers without float noise, NA empty."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return format(value, ".12g")
    return str(value)


def _same_number(a: str, b: str) -> bool:
    if a == "" or b == "":
        return a == b
    return math.isclose(float(a), float(b), abs_tol=1e-12)  # relative tolerance: isclose's default, 1e-9


def plan(trade_csv: Path, fetched: pd.DataFrame) -> Plan:
    """Compare fetched rows with the file: new rows, the refresh's own rows whose figures or source changed."""
    # UTF-8; StringIO translates no newline: a line break inside a quoted cell stays as written (CR LF too).
    reader = csv.DictReader(io.StringIO(decode(trade_csv.read_bytes(), str(trade_csv))))  # DataError: the line
    header = list(reader.fieldnames or [])
    rows = list(reader)
    own = {tuple(row[k] for k in IDENTITY): index for index, row in enumerate(rows) if row.get("source_title") == API_TITLE}
    new, changed, unchanged = [], {}, 0
    for _, record in fetched.iterrows():
        row = {name: _cell(record.get(name)) for name in header}  # a column the API does not give stays empty
        index = own.get(tuple(row[k] for k in IDENTITY))
        if index is None:
            new.append(row)
            continue
        old = rows[index]
        same = all(_same_number(old[f], row[f]) for f in FIGURES) and old["source_url"] == row["source_url"]
        if same:
            unchanged += 1
        else:
            changed[index] = row
    return Plan(header, rows, new, changed, unchanged)


def write(trade_csv: Path, result: Plan) -> None:
    """Validate the new table against the schema, then replace the file in one rename.

    Raises DataError (an invalid result) or OSError (the folder cannot be written: read-only, full); either
    way the old file is in place and no temporary file is left."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=result.header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(result.result())
    text = buffer.getvalue().encode()  # UTF-8
    data.read_table(text, "trade", name=trade_csv.name)  # DataError: nothing is written
    temporary = trade_csv.with_name(f".{trade_csv.name}.refresh-{os.getpid()}")
    try:
        temporary.write_bytes(text)
        os.replace(temporary, trade_csv)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m partnership.refresh", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="source", required=True)
    comtrade = commands.add_parser("comtrade", help="annual goods trade from UN Comtrade's API")
    comtrade.add_argument("--years", required=True, help="e.g. 2020-2025 or 2021,2023")
    comtrade.add_argument("--write", action="store_true", help="write the changes into data/trade.csv")
    comtrade.add_argument("--from-file", metavar="DIR", help="recorded answers instead of the network (see tests/fixtures)")
    comtrade.add_argument("--data-dir", metavar="DIR", help=f"data folder (default: ${data.DATA_DIR_ENV} or data/)")
    args = parser.parse_args(argv)
    try:
        years = parse_years(args.years)
    except ValueError as error:
        parser.error(str(error))
    trade_csv = data.resolve_data_dir(args.data_dir) / "trade.csv"
    try:
        client = RecordedClient(args.from_file) if args.from_file else None
        fetched = fetch_import(years, client=client)
    except ComtradeApiError as error:
        print(f"UN Comtrade refresh failed ({error.reason}): {error.file}: {error.detail}", file=sys.stderr)
        print(f"Nothing was written to {trade_csv}.", file=sys.stderr)
        return 1
    try:
        result = plan(trade_csv, fetched.trade)
    except OSError as error:  # no trade.csv in the data folder, or it cannot be read
        print(f"Cannot read {trade_csv} ({error.strerror or error}): nothing was written.", file=sys.stderr)
        return 1
    except data.DataError as error:  # not UTF-8: the file and line
        print(f"Cannot read {error}: nothing was written.", file=sys.stderr)
        return 1
    changes = result.table()
    print(
        f"UN Comtrade, {years[0]}–{years[-1]}: {len(fetched.trade)} rows fetched; {len(result.new)} new, "
        f"{len(result.changed)} changed, {result.unchanged} unchanged (against {trade_csv})."
    )
    if fetched.notes.get("empty_answers"):
        print(f"{fetched.notes['empty_answers']} queries had no records (not reported yet): skipped.")
    if len(changes):
        print(changes.to_string(index=False))  # every cell in full
    if not args.write:
        print("Nothing written (add --write to write these changes).")
        return 0
    if not len(changes):
        print("Nothing to write.")
        return 0
    try:
        write(trade_csv, result)
    except data.DataError as error:
        print(f"Refresh not written, the result would not be valid: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"Cannot write to {trade_csv.parent} ({error.strerror or error}): nothing was written.", file=sys.stderr)
        return 1
    print(f"Written: {trade_csv} ({len(result.new)} rows added, {len(result.changed)} replaced).")
    return 0


if __name__ == "__main__":
    sys.exit(main())

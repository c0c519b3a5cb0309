"""`python -m partnership.refresh comtrade`: the diff is printed, data/ is written only with --write,
and no other source's row is ever touched. Recorded answers only (--from-file), never the network."""

from __future__ import annotations

import csv
import errno
import io
import json
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from partnership import comtrade_api, data, refresh, trade
from tests.conftest import DATA_DIR, ROOT

RECORDED = ROOT / "tests" / "fixtures" / "comtrade_api"


@pytest.fixture(autouse=True)
def no_key(monkeypatch):
    monkeypatch.delenv(comtrade_api.API_KEY_ENV, raising=False)


@pytest.fixture(autouse=True)
def shipped_data_untouched():
    """A refresh that ignored --data-dir would write into the shipped data/: put it back and fail."""
    path = DATA_DIR / "trade.csv"
    before = path.read_bytes()
    yield
    if path.read_bytes() != before:
        path.write_bytes(before)
        pytest.fail(f"the refresh wrote into {path}")


def run(folder, *extra, answers=RECORDED, years="2021-2024"):
    return refresh.main(["comtrade", "--years", years, "--from-file", str(answers), "--data-dir", str(folder), *extra])


def test_without_write_it_prints_the_diff_and_writes_nothing(data_copy, capsys):
    before = (data_copy / "trade.csv").read_bytes()
    assert run(data_copy) == 0
    out = capsys.readouterr().out
    assert "8 rows fetched; 8 new, 0 changed, 0 unchanged" in out
    assert "Nothing written (add --write" in out
    assert "https://comtradeapi.un.org/public/v1/preview/C/A/HS?reporterCode=860&partnerCode=398&period=2021" in out
    assert (data_copy / "trade.csv").read_bytes() == before


def test_write_adds_rows_that_the_reconciliation_shows_beside_the_national_figures(data_copy, capsys):
    before = (data_copy / "trade.csv").read_text(encoding="utf-8")
    assert run(data_copy, "--write") == 0
    assert "Written:" in capsys.readouterr().out
    after = (data_copy / "trade.csv").read_text(encoding="utf-8")
    assert after.startswith(before)  # every existing row kept byte for byte; new rows after them
    table = data.load("trade", data_copy)
    assert len(table) == len(data.load("trade")) + 8
    rows_2022 = trade.reconciliation(table)
    rows_2022 = rows_2022[(rows_2022["year"] == 2022) & (rows_2022["period_type"] == "full_year")]
    assert {"UN Comtrade API", "Торговля Узбекистана со странами Центральной Азии за январь-декабрь 2022 года (Yuz.uz)"} <= set(
        rows_2022["source_title"]
    )
    assert rows_2022["disagree"].all()  # the API's synthetic 4.305 beside 4.6 and 5.0
    # A second run finds nothing to do.
    assert run(data_copy, "--write") == 0
    assert "0 new, 0 changed, 8 unchanged" in capsys.readouterr().out
    assert (data_copy / "trade.csv").read_text(encoding="utf-8") == after


def test_changed_figures_replace_only_the_refresh_s_own_rows(data_copy, tmp_path, capsys):
    assert run(data_copy, "--write") == 0
    answers = tmp_path / "answers"
    shutil.copytree(RECORDED, answers)
    answer = json.loads((answers / "860-2023.json").read_text(encoding="utf-8"))
    for record in answer["data"]:
        if record["cmdCode"] == "TOTAL" and record["flowCode"] == "X":
            record["primaryValue"] = 1.5e9  # a revised figure
    (answers / "860-2023.json").write_text(json.dumps(answer), encoding="utf-8")
    capsys.readouterr()
    assert run(data_copy, "--write", answers=answers) == 0
    out = capsys.readouterr().out
    assert "0 new, 1 changed, 7 unchanged" in out
    assert "1.32 → 1.5" in out
    table = data.load("trade", data_copy)
    own = table[(table["source_title"] == "UN Comtrade API") & (table["year"] == 2023) & (table["reporter"] == "Uzbekistan")]
    assert list(own["exports_uz_to_kz_usd_bn"]) == [1.5]
    shipped = data.load("trade")
    others = table[table["source_title"] != "UN Comtrade API"].reset_index(drop=True)
    assert others.equals(shipped)


def test_another_source_s_row_with_the_same_year_and_reporter_is_never_overwritten(data_copy, capsys):
    # A Comtrade row from a file upload (title "UN Comtrade") for the same year, period and reporter.
    path = data_copy / "trade.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text + "2022,full year,full_year,12,9.9,1,8.9,,false,Uzbekistan,UN Comtrade: Uzbekistan's report,false,"
        "UN Comtrade,https://comtradeplus.un.org/,a file,\n",
        encoding="utf-8",
    )
    assert run(data_copy, "--write", years="2022") == 0
    assert "2 new, 0 changed" in capsys.readouterr().out
    table = data.load("trade", data_copy)
    assert 9.9 in set(table["turnover_usd_bn"])


def test_a_failed_query_writes_nothing_and_says_why(data_copy, tmp_path, capsys):
    answers = tmp_path / "answers"
    shutil.copytree(RECORDED, answers)
    (answers / "398-2024.error").write_text('{"statusCode": 429, "message": "Rate limit is exceeded."}', encoding="utf-8")
    before = (data_copy / "trade.csv").read_bytes()
    assert run(data_copy, "--write", answers=answers) == 1
    err = capsys.readouterr().err
    assert "UN Comtrade refresh failed (rate_limit)" in err and "Nothing was written" in err
    assert (data_copy / "trade.csv").read_bytes() == before


def test_bad_years_are_a_usage_error(data_copy, capsys):
    with pytest.raises(SystemExit) as info:
        run(data_copy, years="2025-2020")
    assert info.value.code == 2
    assert "ends before it starts" in capsys.readouterr().err


def test_runs_as_a_module(data_copy):
    """The documented command, in a subprocess, with recorded answers."""
    before = (data_copy / "trade.csv").read_bytes()
    done = subprocess.run(
        [sys.executable, "-m", "partnership.refresh", "comtrade", "--years", "2021-2024", "--from-file", str(RECORDED)],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "PARTNERSHIP_DATA_DIR": str(data_copy), "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "8 new" in done.stdout
    assert (data_copy / "trade.csv").read_bytes() == before


# --- the plan, its table and the write, one function at a time (found missing by mutation testing) -------


HEADER = (ROOT / "data" / "trade.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
FIGURE_NAMES = list(refresh.FIGURES)


def fetched_rows(years):
    """The recorded API rows of `years` as the CSV writes them (Uzbekistan's then Kazakhstan's, year by year)."""
    fetched = comtrade_api.fetch_import(years, client=comtrade_api.RecordedClient(RECORDED)).trade
    return fetched, [{name: refresh._cell(record[name]) for name in HEADER} for _, record in fetched.iterrows()]


def trade_file(folder, rows, header=HEADER):
    path = folder / "trade.csv"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    return path


def test_cells_are_written_as_the_file_holds_them():
    values = [None, float("nan"), pd.NA, "", "NA", "text", True, False, 2024, 1.26, 0.1 + 0.2, 1e20, 1234567.123456789]
    expected = ["", "", "", "", "NA", "text", "true", "false", "2024", "1.26", "0.3", "1e+20", "1234567.12346"]
    assert [refresh._cell(value) for value in values] == expected


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("", "", True),
        ("", "0", False),
        ("0", "", False),
        ("1.0", "1", True),
        ("1.26", "1.2600000001", True),  # within a relative 1e-9
        ("1.26", "1.26001", False),
        ("0", "1e-13", True),  # within an absolute 1e-12
        ("0", "1e-11", False),
    ],
)
def test_figures_are_the_same_within_rounding_noise_and_empty_only_as_empty(a, b, same):
    assert refresh._same_number(a, b) is same
    assert refresh._same_number(b, a) is same


def test_the_plan_adds_new_rows_and_replaces_only_changed_own_rows_in_file_order(tmp_path):
    fetched, rows = fetched_rows([2021, 2022, 2023])
    uz21, kz21, uz22, kz22, uz23, kz23 = rows
    upload = {**uz21, "source_title": "UN Comtrade"}  # a file upload's row: not the refresh's own
    old_kz22 = {**kz22, "turnover_usd_bn": "9.9"}
    old_uz22 = {**uz22, "exports_uz_to_kz_usd_bn": "1.2", "imports_uz_from_kz_usd_bn": ""}
    old_uz23 = {**uz23, "source_url": "https://comtradeapi.un.org/old-query"}
    old_kz23 = {**kz23, "exports_uz_to_kz_usd_bn": "1.2100000000001"}  # rounding noise: unchanged
    file_rows = [upload, old_kz22, old_uz22, old_uz23, old_kz23]
    result = refresh.plan(trade_file(tmp_path, file_rows), fetched)
    assert (result.header, result.rows) == (HEADER, file_rows)
    assert (result.new, result.changed, result.unchanged) == ([uz21, kz21], {1: kz22, 2: uz22, 3: uz23}, 1)
    assert result.result() == [upload, kz22, uz22, uz23, old_kz23, uz21, kz21]
    table = result.table()
    assert list(table.columns) == ["change", *refresh.IDENTITY, *FIGURE_NAMES, "source_url"]
    assert table[["change", "year", "reporter", *FIGURE_NAMES]].values.tolist() == [
        ["changed", "2022", "Kazakhstan", "9.9 → 4.305", "1.155", "3.15"],
        ["changed", "2022", "Uzbekistan", "4.305", "1.2 → 1.26", "— → 3.045"],
        ["changed", "2023", "Uzbekistan", "4.51", "1.32", "3.19"],
        ["new", "2021", "Uzbekistan", "4.1", "1.2", "2.9"],
        ["new", "2021", "Kazakhstan", "4.1", "1.1", "3"],
    ]
    shown = [kz22, uz22, uz23, uz21, kz21]
    assert table[["period", "reporter_detail", "source_url"]].values.tolist() == [
        [row["period"], row["reporter_detail"], row["source_url"]] for row in shown
    ]


def test_a_figure_the_api_no_longer_gives_shows_as_a_dash():
    old = {"year": "2022", "period": "full year", "reporter": "Uzbekistan", "reporter_detail": "d", "source_url": "u"}
    old |= {"turnover_usd_bn": "4.3", "exports_uz_to_kz_usd_bn": "1.2", "imports_uz_from_kz_usd_bn": "3.1"}
    new = {**old, "imports_uz_from_kz_usd_bn": ""}
    assert refresh._line("changed", new, old) == {**old, "change": "changed", "imports_uz_from_kz_usd_bn": "3.1 → —"}


def test_a_column_of_the_file_the_api_does_not_give_stays_empty(tmp_path):
    fetched, rows = fetched_rows([2022])
    result = refresh.plan(trade_file(tmp_path, [], header=[*HEADER, "checked_by"]), fetched)
    assert result.new == [{**row, "checked_by": ""} for row in rows]


def test_the_file_is_rewritten_with_its_line_ends_and_quoted_line_breaks_as_they_were(tmp_path):
    fetched, rows = fetched_rows([2022])
    other = {**rows[0], "source_title": "A source", "quote": "first line\r\nsecond line", "note": "a, b"}
    path = trade_file(tmp_path, [other])
    before = path.read_bytes()
    assert b'"first line\r\nsecond line"' in before and before.count(b"\r") == 1  # lines end in LF
    refresh.write(path, refresh.plan(path, fetched))
    after = path.read_bytes()
    assert after.startswith(before) and b"\r" not in after[len(before) :]  # byte for byte, then the new rows


def test_an_invalid_result_is_refused_naming_the_file_and_nothing_is_written(tmp_path):
    fetched, rows = fetched_rows([2022])
    path = trade_file(tmp_path, [])
    before = path.read_bytes()
    result = refresh.plan(path, fetched)
    result.new[0]["year"] = "twenty"
    with pytest.raises(data.DataError) as info:
        refresh.write(path, result)
    assert info.value.file == "trade.csv"
    assert path.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["trade.csv"]


def test_a_failed_write_raises_its_own_reason_and_leaves_no_temporary_file(tmp_path, monkeypatch):
    fetched, _ = fetched_rows([2022])
    path = trade_file(tmp_path, [])
    before = path.read_bytes()

    def disk_full(self, content):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(type(path), "write_bytes", disk_full)  # fails before the temporary file exists
    with pytest.raises(OSError) as info:
        refresh.write(path, refresh.plan(path, fetched))
    assert info.value.errno == errno.ENOSPC
    monkeypatch.undo()

    def replace_fails(source, target):
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(refresh.os, "replace", replace_fails)  # fails after it was written
    with pytest.raises(OSError) as info:
        refresh.write(path, refresh.plan(path, fetched))
    assert info.value.errno == errno.EXDEV
    assert path.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["trade.csv"]


def test_the_command_line_says_what_it_does_and_what_it_needs(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # argparse wraps at the terminal's width
    for argv in (["--help"], ["comtrade", "--help"]):
        with pytest.raises(SystemExit) as info:
            refresh.main(argv)
        assert info.value.code == 0
    assert capsys.readouterr().out == (
        "usage: python -m partnership.refresh [-h] {comtrade} ...\n\n"
        "Refresh data/trade.csv from UN Comtrade's API: show what would change; write only when asked.\n\n"
        "positional arguments:\n  {comtrade}\n    comtrade  annual goods trade from UN Comtrade's API\n\n"
        "options:\n  -h, --help  show this help message and exit\n"
        "usage: python -m partnership.refresh comtrade [-h] --years YEARS [--write] [--from-file DIR] [--data-dir DIR]\n\n"
        "options:\n"
        "  -h, --help       show this help message and exit\n"
        "  --years YEARS    e.g. 2020-2025 or 2021,2023\n"
        "  --write          write the changes into data/trade.csv\n"
        "  --from-file DIR  recorded answers instead of the network (see tests/fixtures)\n"
        f"  --data-dir DIR   data folder (default: ${data.DATA_DIR_ENV} or data/)\n"
    )
    for argv, error in (
        ([], "python -m partnership.refresh: error: the following arguments are required: source"),
        (["comtrade"], "python -m partnership.refresh comtrade: error: the following arguments are required: --years"),
    ):
        with pytest.raises(SystemExit) as info:
            refresh.main(argv)
        assert info.value.code == 2
        assert capsys.readouterr().err.endswith(f"{error}\n")


# --- what the command prints and returns, line by line (found missing by mutation testing) ---------------


def test_a_dry_run_prints_the_counts_the_skipped_queries_and_every_change_in_full(data_copy, capsys):
    assert run(data_copy, years="2024-2025") == 0  # 2025: not reported yet
    lines = capsys.readouterr().out.splitlines()
    assert lines[:2] == [
        f"UN Comtrade, 2024–2025: 2 rows fetched; 2 new, 0 changed, 0 unchanged (against {data_copy / 'trade.csv'}).",
        "2 queries had no records (not reported yet): skipped.",
    ]
    assert lines[2].startswith("change year ")  # no index column, the columns one space apart
    assert lines[2].split() == ["change", *refresh.IDENTITY, *refresh.FIGURES, "source_url"]
    for line, reporter in zip(lines[3:5], (860, 398), strict=True):
        assert line.split()[:3] == ["new", "2024", "full"]  # no index column
        assert line.endswith(f" {comtrade_api.Query(reporter, 2024).url(keyed=False)}")  # the query in full
    assert lines[5:] == ["Nothing written (add --write to write these changes)."]


def test_without_recorded_answers_the_official_client_is_asked(data_copy, capsys, monkeypatch):
    monkeypatch.setattr(comtrade_api, "_client", lambda: comtrade_api.RecordedClient(RECORDED))  # the network's stand-in
    monkeypatch.setattr(comtrade_api, "PAUSE_SECONDS", 0)
    assert refresh.main(["comtrade", "--years", "2024", "--data-dir", str(data_copy)]) == 0
    assert "2 rows fetched; 2 new, 0 changed" in capsys.readouterr().out


def test_a_second_write_has_nothing_to_write(data_copy, capsys):
    assert run(data_copy, "--write", years="2024") == 0
    assert capsys.readouterr().out.splitlines()[-1] == f"Written: {data_copy / 'trade.csv'} (2 rows added, 0 replaced)."
    assert run(data_copy, "--write", years="2024") == 0
    assert capsys.readouterr().out.splitlines()[-1] == "Nothing to write."


def test_a_result_that_would_not_be_valid_is_not_written_and_says_why(data_copy, capsys):
    path = data_copy / "trade.csv"
    with path.open("a", encoding="utf-8") as handle:  # a broken row of another source, already in the file
        handle.write("20x2,full year,full_year,12,1,,,,false,Uzbekistan,d,false,A source,https://example.org/,q,\n")
    before = path.read_bytes()
    assert run(data_copy, "--write", years="2024") == 1
    out, err = capsys.readouterr()
    row = before.count(b"\n")  # the last line; the header is row 1
    assert err == (
        "Refresh not written, the result would not be valid: "
        f"trade.csv: row {row}, column 'year': expected a whole number, found '20x2'\n"
    )
    assert "not written" not in out and path.read_bytes() == before


def test_a_folder_that_cannot_be_written_says_so(data_copy, capsys, monkeypatch):
    def disk_full(source, target):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(refresh.os, "replace", disk_full)
    assert run(data_copy, "--write", years="2024") == 1
    out, err = capsys.readouterr()
    assert err == f"Cannot write to {data_copy} (No space left on device): nothing was written.\n"
    assert "Written" not in out


def test_a_data_folder_without_trade_csv_says_so(tmp_path, capsys):
    assert run(tmp_path, years="2024") == 1
    assert capsys.readouterr().err == f"Cannot read {tmp_path / 'trade.csv'} (No such file or directory): nothing was written.\n"


def test_a_trade_csv_that_is_not_utf8_names_its_line(data_copy, capsys):
    trade_csv = data_copy / "trade.csv"
    lines = trade_csv.read_bytes().split(b"\n")
    lines[2] += b"\xc0"  # a byte no UTF-8 text holds here (Windows-1251's "А")
    trade_csv.write_bytes(b"\n".join(lines))
    before = trade_csv.read_bytes()
    assert run(data_copy, "--write", years="2024") == 1
    assert capsys.readouterr().err == f"Cannot read {trade_csv}: row 3: not valid utf-8 text: nothing was written.\n"
    assert trade_csv.read_bytes() == before

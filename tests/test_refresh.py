"""`python -m partnership.refresh comtrade`: the diff is printed, data/ is written only with --write,
and no other source's row is ever touched. Recorded answers only (--from-file), never the network."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from partnership import comtrade_api, data, refresh, trade
from tests.conftest import ROOT

RECORDED = ROOT / "tests" / "fixtures" / "comtrade_api"


@pytest.fixture(autouse=True)
def no_key(monkeypatch):
    monkeypatch.delenv(comtrade_api.API_KEY_ENV, raising=False)


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

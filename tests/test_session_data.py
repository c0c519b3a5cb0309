"""partnership.session_data: a session's uploads and Comtrade rows over the shipped tables, and whether the
Overview can use them."""

from __future__ import annotations

import pandas as pd
import pytest

from partnership import data, kpis, scenarios
from partnership.comtrade import import_comtrade
from partnership.data import DataError, Problem
from partnership.session_data import MODES, OVERVIEW_RESOURCES, comtrade_mode, overview_problem, reason_text, session_tables
from tests.test_comtrade import KZ, ROWS, UZ, comtrade_csv, row

SHIPPED = {name: data.load(name) for name in data.RESOURCES}


def shipped(name: str) -> pd.DataFrame:
    return SHIPPED[name]


def broken(name: str) -> pd.DataFrame:
    raise DataError(f"{name}.csv", [Problem(2, "year", "not an integer")])


@pytest.fixture(scope="module")
def comtrade_rows() -> pd.DataFrame:
    return import_comtrade(comtrade_csv(ROWS), name="TradeData.csv").trade  # 2022 (both reports) and 2023


@pytest.fixture(scope="module")
def exports_only() -> pd.DataFrame:
    """One year of Uzbekistan's exports only: no turnover, so no full-year figure for the Overview."""
    return import_comtrade(comtrade_csv([row(2022, UZ, KZ, "X", "TOTAL", 2e9)]), name="exports.csv").trade


def test_nothing_uploaded_is_nothing_replaced():
    assert session_tables({}, shipped=shipped) == {}


def test_uploads_are_the_session_s_tables_as_given():
    targets = SHIPPED["targets"].head(2)
    tables = session_tables({"targets": targets}, shipped=shipped)
    assert list(tables) == ["targets"]
    assert tables["targets"] is targets


def test_comtrade_rows_are_added_after_the_shipped_trade_table(comtrade_rows):
    tables = session_tables({}, comtrade_rows, "add", shipped=shipped)
    trade = tables["trade"]
    assert len(trade) == len(SHIPPED["trade"]) + 3
    assert list(trade.index) == list(range(len(trade)))
    assert trade.tail(3)["source_title"].tolist() == ["UN Comtrade"] * 3
    assert trade.tail(3)["turnover_usd_bn"].tolist() == [5.0, 5.0, 2.75]
    assert trade.head(len(SHIPPED["trade"]))["turnover_usd_bn"].max() == SHIPPED["trade"]["turnover_usd_bn"].max()


def test_comtrade_rows_are_added_after_the_uploaded_trade_table(comtrade_rows):
    mine = SHIPPED["trade"].head(5)
    trade = session_tables({"trade": mine}, comtrade_rows, "add", shipped=shipped)["trade"]
    assert len(trade) == 5 + 3
    assert trade.head(5)["year"].tolist() == mine["year"].tolist()


def test_replace_mode_keeps_only_the_comtrade_rows(comtrade_rows):
    tables = session_tables({"trade": SHIPPED["trade"], "targets": SHIPPED["targets"]}, comtrade_rows, "replace")
    assert tables["trade"] is comtrade_rows
    assert tables["targets"] is SHIPPED["targets"]


def test_unreadable_shipped_trade_leaves_the_comtrade_rows_alone(comtrade_rows):
    trade = session_tables({}, comtrade_rows, "add", shipped=broken)["trade"]
    assert trade["turnover_usd_bn"].tolist() == [5.0, 5.0, 2.75]


def test_default_shipped_tables_are_the_data_folder_s(comtrade_rows):
    trade = session_tables({}, comtrade_rows)["trade"]  # mode "add", data.load
    assert len(trade) == len(SHIPPED["trade"]) + len(comtrade_rows)


def test_overview_can_use_the_shipped_data():
    assert OVERVIEW_RESOURCES == ("trade", "targets", "projects")
    assert overview_problem({}, shipped=shipped) is None
    assert overview_problem({}) is None


def test_overview_cannot_use_a_trade_table_without_full_years():
    part_years = SHIPPED["trade"][SHIPPED["trade"]["period_type"] != "full_year"]
    reason = overview_problem({"trade": part_years}, shipped=shipped)
    assert str(reason) == "the trade table has no full-year turnover figure"
    # The reader sees it in the page's language, translated from the cause's code.
    assert reason_text(reason, "ru") == "в таблице торговли нет ни одного показателя оборота за полный год"
    assert reason_text(reason, "en") == "the trade table has no full-year turnover figure"


def test_every_reason_is_translated_from_its_code():
    targets = SHIPPED["targets"].copy()
    targets["status"] = "superseded"
    no_target = overview_problem({"targets": targets}, shipped=shipped)
    assert reason_text(no_target, "ru") == "в таблице целей нет действующей цели с годом"
    broken_data = overview_problem({}, shipped=broken)
    assert "trade.csv" in reason_text(broken_data, "ru") and "строка" in reason_text(broken_data, "ru")
    late = SHIPPED["targets"].copy()
    late["target_year"] = 2000  # before the latest full year: no growth rate can reach it
    too_early = overview_problem({"targets": late}, shipped=shipped)
    assert isinstance(too_early.cause, scenarios.ScenarioInputError)
    assert reason_text(too_early, "ru") != str(too_early) and "2000" in reason_text(too_early, "ru")


def test_overview_problem_checks_the_uploaded_table_not_the_shipped_one():
    targets = SHIPPED["targets"].copy()
    targets["status"] = "superseded"  # no current target
    assert overview_problem({"targets": targets}, shipped=shipped) is not None
    with pytest.raises((LookupError, ValueError)):
        kpis.overview(SHIPPED["trade"], targets, SHIPPED["projects"])


def test_broken_shipped_data_is_a_reason_unless_uploaded():
    assert "trade.csv" in str(overview_problem({}, shipped=broken))
    complete = {name: SHIPPED[name] for name in OVERVIEW_RESOURCES}
    assert overview_problem(complete, shipped=broken) is None


def test_comtrade_mode_keeps_a_usable_choice(comtrade_rows):
    assert MODES == ("add", "replace")
    assert comtrade_mode({}, comtrade_rows, "replace", shipped=shipped) == ("replace", None)
    assert comtrade_mode({}, comtrade_rows, "add", shipped=shipped) == ("add", None)


def test_replace_the_overview_cannot_use_falls_back_to_add(exports_only):
    assert overview_problem(session_tables({}, exports_only, "replace", shipped=shipped), shipped=shipped) is not None
    assert comtrade_mode({}, exports_only, "replace", shipped=shipped) == ("add", None)


def test_no_usable_mode_gives_the_add_mode_s_reason(exports_only):
    # The shipped trade table is unreadable, so "add" is the Comtrade rows alone: no full year either.
    uploads = {"targets": SHIPPED["targets"], "projects": SHIPPED["projects"]}
    mode, reason = comtrade_mode(uploads, exports_only, "replace", shipped=broken)
    assert mode == "add"
    assert str(reason) == "the trade table has no full-year turnover figure"
    mode, again = comtrade_mode(uploads, exports_only, "add", shipped=broken)
    assert (mode, str(again)) == ("add", str(reason))

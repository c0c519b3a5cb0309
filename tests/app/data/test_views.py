"""The Data page's views (app_pages/data/views.py): each resource's fields, types and constraints in the UI language,
an upload's problems and what it changes, letters lost to an encoding, and the UN Comtrade API refresh (this session
only; without network a plain message).

Never the network: the official client meets a connection that fails as on a server without internet
(urllib3 patched), or recorded answers stand in for it."""

from __future__ import annotations

import tomllib

import pandas as pd
import pytest
import urllib3

from partnership import comtrade_api, data
from tests import shipped
from tests.app.conftest import open_page
from tests.app.data.test_page import SHIPPED_TRADE, errors, field_lists, metrics, table_with, trade_upload, unescaped, upload
from tests.conftest import ROOT

RECORDED = ROOT / "tests" / "fixtures" / "comtrade_api"


def warnings(at) -> str:
    return "\n".join(w.value for w in at.main.warning)


def test_field_table_explains_types_and_constraints_in_russian():
    at = open_page("data", lang="ru")
    fields = field_lists(at)[0].set_index("Поле")
    assert list(fields.columns) == ["Тип", "Обязательное", "Ограничения", "Описание"]
    assert fields.loc["year", "Тип"] == "целое число"
    assert fields.loc["year", "Ограничения"] == "от 1991 до 2100"  # years are not grouped like money
    assert fields.loc["year", "Обязательное"] == "✓"
    assert fields.loc["months", "Обязательное"] == ""
    assert fields.loc["period_type", "Ограничения"] == "одно из: full_year, part_year, unclear"
    assert fields.loc["source_url", "Ограничения"] == "ссылка http(s)"
    assert fields.loc["turnover_usd_bn", "Описание"] == "Товарооборот, млрд долл. США"


def test_english_descriptions_are_the_data_package_s_own():
    catalog = tomllib.loads((ROOT / "partnership/locales/en/data.toml").read_text(encoding="utf-8"))["data"]
    for meta in data.package()["resources"]:
        assert catalog["resource"][meta["name"]]["description"] == meta["description"]
        for field in meta["schema"]["fields"]:
            assert catalog["field"][meta["name"]][field["name"]] == field["description"]


def test_invalid_upload_changes_nothing_and_lists_rows_and_columns():
    bad = trade_upload().decode().replace(",full year,full_year,", ",full year,whole_year,", 1).encode()
    bad = bad.replace(b"\n2016,", b"\n1985,", 1)
    at = upload(open_page("data", lang="en"), "upload-trade-0", "broken.csv", bad)
    assert "broken.csv did not pass the checks" in errors(at)
    problems = table_with(at, "row", "column", "message")
    assert {"period_type", "year"} <= set(problems["column"])
    assert all(row >= 2 for row in problems["row"].dropna())
    assert "session_tables" not in at.session_state
    at.switch_page("app_pages/overview.py").run()
    assert shipped.latest_usd_bn("en") in metrics(at).values()


def test_bad_comtrade_file_is_refused_with_its_problems():
    at = upload(open_page("data", lang="en"), "upload-comtrade-0", "not-comtrade.csv", b"year,value\n2022,1\n")
    assert "not-comtrade.csv could not be read as a UN Comtrade file" in errors(at)
    assert "primaryValue" in set(table_with(at, "row", "column", "message")["column"])
    assert "session_tables" not in at.session_state


def test_a_windows_1251_upload_names_the_cells_that_lost_letters_and_one_added_row_reads_one_added():
    table = SHIPPED_TRADE.copy()
    added = table.iloc[[0]].assign(year=2026, source_url="https://example.org/2026")
    raw = pd.concat([table, added]).to_csv(index=False, sep=";", decimal=",").encode("cp1251", errors="replace")
    at = upload(open_page("data", lang="ru"), "upload-trade-0", "торговля-1251.csv", raw)
    assert not errors(at)
    shown = warnings(at)
    assert "торговля-1251.csv сохранён в кодировке Windows-1251" in unescaped([shown])
    lost = table_with(at, "row", "column", "message")
    assert len(lost) > 0 and set(lost["column"]) == {"source_title"} and (lost["row"] >= 2).all()
    counts = metrics(at)
    assert counts["Добавлено"] == "1" and counts["Удалено"] == "0"
    assert counts["Изменено"] == str(len(lost))  # each row whose title lost letters: changed, not removed and added
    captions = unescaped(c.value for c in at.main.caption)
    assert "Строки сопоставляются по полям year, period_type, reporter, source_url" in captions.replace("`", "")
    assert "только в этой вкладке браузера" in captions
    assert any("прошёл проверку" in toast.value for toast in at.toast)


@pytest.fixture(autouse=True)
def quick(monkeypatch):
    monkeypatch.delenv(comtrade_api.API_KEY_ENV, raising=False)
    monkeypatch.setattr(comtrade_api, "PAUSE_SECONDS", 0)


def fetch(at, years: str):
    at.text_input(key="comtrade_api_years").set_value(years)
    next(b for b in at.button if b.label in ("Fetch from UN Comtrade", "Загрузить из UN Comtrade")).click().run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "UN Comtrade could not be reached: this server has no internet access"),
        ("ru", "UN Comtrade недоступен: у этого сервера нет доступа в интернет"),
    ],
)
def test_without_network_a_plain_message_and_nothing_changes(monkeypatch, lang, message):
    def unreachable(self, method, url, *args, **kwargs):
        raise urllib3.exceptions.MaxRetryError(
            None, url, urllib3.exceptions.NameResolutionError("comtradeapi.un.org", None, OSError("no network"))
        )

    monkeypatch.setattr(urllib3.PoolManager, "request", unreachable)  # the official client, no internet
    at = fetch(open_page("data", lang=lang), "2021-2024")
    assert message in "\n".join(w.value for w in at.main.warning)
    assert "session_tables" not in at.session_state
    assert not at.main.exception


def test_fetched_rows_are_used_in_this_session_beside_the_national_figures(monkeypatch):
    monkeypatch.setattr(comtrade_api, "_client", lambda: comtrade_api.RecordedClient(RECORDED))
    at = open_page("data", lang="en")
    assert at.text_input(key="comtrade_api_years").value == "2020-2025"  # the last six years of the data
    fetch(at, "2021-2024")
    assert len(at.session_state["session_tables"]["trade"]) == len(SHIPPED_TRADE) + 8
    assert "UN Comtrade API: Uzbekistan, Kazakhstan gave 8 rows of the trade table" in unescaped(s.value for s in at.main.success)
    at.switch_page("app_pages/trade.py").run()
    assert not at.exception
    titles = table_with(at, "source_title", "turnover_usd_bn", last=True)["source_title"].tolist()
    assert "UN Comtrade API" in titles and any("Yuz.uz" in str(title) for title in titles)
    # Another session: the published data only; nothing was written.
    assert "session_tables" not in open_page("data", lang="en").session_state


def test_bad_years_are_a_message(monkeypatch):
    monkeypatch.setattr(comtrade_api, "_client", lambda: comtrade_api.RecordedClient(RECORDED))
    at = fetch(open_page("data", lang="en"), "2025-2020")
    assert "The years could not be read: years: '2025-2020' ends before it starts" in unescaped(w.value for w in at.main.warning)

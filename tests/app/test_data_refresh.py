"""The Data page's UN Comtrade API refresh: this session only; without network a plain message.

Never the network: the official client meets a connection that fails as on a server without internet
(urllib3 patched), or recorded answers stand in for it."""

from __future__ import annotations

import pytest
import urllib3

from partnership import comtrade_api
from tests.app.conftest import open_page
from tests.app.test_data_page import SHIPPED_TRADE, table_with, unescaped
from tests.conftest import ROOT

RECORDED = ROOT / "tests" / "fixtures" / "comtrade_api"


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

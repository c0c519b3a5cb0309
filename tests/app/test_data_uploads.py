"""ui/uploads on the Data page: paths the page tests do not take (a refused Comtrade mode, a file read once,
the Comtrade reset)."""

from __future__ import annotations

from tests.app.conftest import open_page
from tests.app.test_data_page import SHIPPED_TRADE, errors, upload
from tests.test_comtrade import KZ, UZ, comtrade_csv, row

# Uzbekistan's exports of one year only: no turnover, so the Overview cannot use these rows on their own.
EXPORTS_ONLY = comtrade_csv([row(2022, UZ, KZ, "X", "TOTAL", 2e9)])


def warnings(at) -> str:
    return "\n".join(w.value for w in at.main.warning)


def test_replace_the_overview_cannot_use_is_refused_and_the_radio_goes_back():
    at = upload(open_page("data", lang="en"), "upload-comtrade-0", "exports.csv", EXPORTS_ONLY)
    assert not errors(at)
    assert len(at.session_state["session_tables"]["trade"]) == len(SHIPPED_TRADE) + 1
    at.radio(key="comtrade_mode").set_value("replace").run()
    assert not at.exception
    assert "cannot compute the Overview" in warnings(at)
    assert at.radio(key="comtrade_mode").value == "add"
    assert len(at.session_state["session_tables"]["trade"]) == len(SHIPPED_TRADE) + 1  # still added


def test_a_file_is_read_once_and_the_comtrade_reset_empties_the_uploader():
    at = upload(open_page("data", lang="en"), "upload-comtrade-0", "exports.csv", EXPORTS_ONLY)
    at.run()  # a rerun with the same file in the uploader does not import it again
    assert len(at.session_state["session_tables"]["trade"]) == len(SHIPPED_TRADE) + 1
    at.button(key="reset-comtrade").click().run()
    assert not at.exception
    assert "session_tables" not in at.session_state
    assert at.file_uploader(key="upload-comtrade-1").value is None

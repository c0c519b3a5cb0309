"""ui/uploads, through the Data page: a valid upload kept, a failed one refused without losing the earlier, a table
the Overview cannot use refused, a file read once, the add/replace mode of a Comtrade import, resets."""

from __future__ import annotations

import pytest

from tests import shipped
from tests.app.conftest import open_page
from tests.app.data.test_page import SHIPPED_TRADE, errors, metrics, successes, trade_upload, unescaped, upload
from tests.test_comtrade import KZ, ROWS, UZ, comtrade_csv, row

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


def test_a_failed_upload_replaces_the_earlier_verdict_and_comparison():
    at = upload(open_page("data", lang="en"), "upload-trade-0", "good.csv", trade_upload())
    assert "good.csv passed the checks" in successes(at)
    assert "Changed" in metrics(at)
    at = upload(at, "upload-trade-0", "empty.csv", b"")
    assert "empty.csv did not pass the checks" in errors(at)
    assert "passed the checks" not in successes(at)  # no green verdict beside the red one
    assert "Changed" not in metrics(at)  # nor the comparison of the earlier file
    captions = unescaped(c.value for c in at.main.caption)
    assert "still use the file uploaded before, good.csv" in captions
    # Nothing half-applied: the earlier file is still in use, and a good file brings its verdict back.
    assert at.session_state["session_tables"]["trade"]["turnover_usd_bn"].max() >= 7.77
    at = upload(at, "upload-trade-0", "good2.csv", trade_upload(8.88))
    assert "good2.csv passed the checks" in successes(at) and not errors(at)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_overview_keeps_six_cards_when_an_upload_lacks_the_visit_figure(lang):
    no_visit = SHIPPED_TRADE.assign(cited_in_article=False).to_csv(index=False).encode()
    at = upload(open_page("data", lang=lang), "upload-trade-0", "no-visit.csv", no_visit)
    assert not errors(at)
    at.switch_page("app_pages/overview.py").run()
    assert not at.exception
    cards = at.main.metric
    assert len(cards) == 6  # no hole in the 3 × 2 grid
    summit = next(m for m in cards if m.label.startswith("На момент визита" if lang == "ru" else "At the state visit"))
    assert summit.value == "—"
    assert "cited_in_article" in unescaped(c.value for c in at.main.caption)


def test_the_reason_the_overview_cannot_use_a_table_is_in_the_page_s_language():
    at = upload(open_page("data", lang="ru"), "upload-comtrade-0", "exports.csv", EXPORTS_ONLY)
    at.radio(key="comtrade_mode").set_value("replace").run()
    assert not at.exception
    shown = warnings(at)
    assert "в таблице торговли нет ни одного показателя оборота за полный год" in shown
    assert "full-year" not in shown


def test_a_failed_upload_is_announced_where_the_reader_is():
    at = upload(open_page("data", lang="en"), "upload-trade-0", "empty.csv", b"")
    assert any("empty.csv did not pass the checks" in toast.value for toast in at.toast)


def test_invalid_upload_keeps_the_previous_valid_one():
    at = upload(open_page("data", lang="en"), "upload-trade-0", "good.csv", trade_upload())
    at = upload(at, "upload-trade-0", "empty.csv", b"")
    assert "empty.csv did not pass the checks" in errors(at)
    assert at.session_state["session_tables"]["trade"]["turnover_usd_bn"].max() >= 7.77


def test_a_table_the_overview_cannot_use_is_refused():
    part_years_only = SHIPPED_TRADE[SHIPPED_TRADE["period_type"] != "full_year"]
    at = upload(open_page("data", lang="en"), "upload-trade-0", "part.csv", part_years_only.to_csv(index=False).encode())
    assert "cannot compute the Overview" in errors(at)
    assert "session_tables" not in at.session_state


def test_reset_brings_back_the_shipped_data():
    at = upload(open_page("data", lang="en"), "upload-trade-0", "mine.csv", trade_upload())
    at.button(key="reset-trade").click().run()
    assert not at.exception
    assert "session_tables" not in at.session_state
    assert not at.main.success
    # The uploader starts empty again (a new key).
    assert at.file_uploader(key="upload-trade-1").value is None
    at.switch_page("app_pages/overview.py").run()
    assert shipped.latest_usd_bn("en") in metrics(at).values()


def test_reset_all():
    at = upload(open_page("data", lang="en"), "upload-trade-0", "mine.csv", trade_upload())
    at = upload(at, "upload-comtrade-0", "comtrade.csv", comtrade_csv(ROWS))
    at.button(key="reset-all").click().run()
    assert "session_tables" not in at.session_state
    assert "session_comtrade_products" not in at.session_state

"""ui/frame: every page's start (title, intro, tables, errors as messages), links in any language, and tables
(frame.dataframe): locale decimals as text over numeric cells, empty cells for missing values."""

from __future__ import annotations

import json
import math

import pandas as pd
import pyarrow as pa
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from partnership import data
from partnership.i18n import t
from tests import shipped
from tests.app.conftest import open_page
from tests.conftest import page_names
from ui import frame
from ui.frame import localized_table

PAGES = page_names()


def shown_text(element) -> pd.DataFrame:
    """The text the browser draws in each cell (the Styler's display values)."""
    return pa.ipc.open_stream(element.proto.arrow_data.styler.display_values).read_all().to_pandas()


def test_localized_table_writes_decimals_as_the_language_does_and_keeps_the_numbers():
    df = pd.DataFrame({"year": [2024, 2025], "value": [4.97, math.nan], "share": [0.15, 0.0512], "rounded": [1234.5, 2.0]})
    config = {
        "year": st.column_config.NumberColumn("Year", format="%d"),
        "share": st.column_config.NumberColumn("Share", format="percent"),
        "rounded": st.column_config.NumberColumn("Rounded", format="%.2f"),
    }
    for lang, expected in (
        ("ru", [["4,97", "15,0\u00a0%", "1\u00a0234,50"], ["", "5,1\u00a0%", "2,00"]]),
        ("en", [["4.97", "15.0%", "1,234.50"], ["", "5.1%", "2.00"]]),
    ):
        styler, shown_config = localized_table(df, config, lang)
        text = styler.to_string(delimiter="|").splitlines()[1:]
        assert [row.split("|")[2:] for row in text] == expected
        assert styler.data is df  # the cells keep their numbers: sorting stays numeric
        # The Styler's text is shown only where no format is set; years keep "%d".
        assert shown_config["share"]["type_config"]["format"] is None
        assert shown_config["rounded"]["type_config"]["format"] is None
        assert shown_config["year"]["type_config"]["format"] == "%d"
    assert config["share"]["type_config"]["format"] == "percent"  # the caller's config is not changed


def test_a_table_without_decimals_is_shown_as_it_is():
    df = pd.DataFrame({"name": ["a"], "year": [2025]})
    assert localized_table(df, None, "ru") == (df, {})


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_trade_table_shows_locale_decimals_and_empty_cells(lang):
    at = open_page("trade", lang=lang)
    table = at.dataframe[-1]
    values, text = table.value, shown_text(table)
    row = values.index[values["turnover_usd_bn"] == shipped.latest_value()][0]
    assert text.loc[row, "turnover_usd_bn"] == shipped.latest_number(lang)
    assert pd.api.types.is_float_dtype(values["turnover_usd_bn"])  # sorted as numbers
    missing = values["exports_uz_to_kz_usd_bn"].isna()
    assert missing.any() and (text.loc[missing, "exports_uz_to_kz_usd_bn"] == "").all()
    assert table.proto.placeholder == ""  # an empty cell, not a grey "None"


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_every_table_has_empty_missing_cells_and_localized_decimals(lang):
    seen = static = 0
    for page in PAGES:
        at = open_page(page, lang=lang)
        assert not at.exception
        for table in at.dataframe:
            seen += 1
            assert table.proto.HasField("placeholder") and table.proto.placeholder == "", page
            config = json.loads(table.proto.columns or "{}")
            decimals = [c for c in table.value.columns if pd.api.types.is_float_dtype(table.value[c])]
            for column in decimals:
                # Streamlit would format these itself (dot decimals): the Styler's text is used instead.
                assert config.get(column, {}).get("type_config", {}).get("format") is None, (page, column)
            if decimals:
                assert table.proto.arrow_data.HasField("styler"), page
        for table in at.table:  # static tables (st.table) carry their numbers as text in the page language
            cells = table.value.astype(str).stack()
            wrong = cells[cells.str.fullmatch(r"-?\d+\.\d+" if lang == "ru" else r"-?\d+,\d+")]
            assert wrong.empty, (page, list(wrong))
            static += 1
    assert seen >= 8
    assert static >= 3  # the Scenarios results and yearly values, among others


def _page_script():
    import streamlit as st

    from ui import frame

    st.session_state.setdefault("lang", st.query_params.get("lang", "en"))
    start = frame.page("trade", "trade", "targets", titled=st.query_params.get("titled") != "no")
    st.write(f"{start.lang}: {[len(table) for table in start.tables]}")


def test_a_page_starts_with_its_title_intro_and_tables():
    at = AppTest.from_function(_page_script, default_timeout=60).run()
    assert not at.exception
    assert [e.value for e in at.title] == [t("trade.title", "en")]
    assert at.caption[0].value == t("trade.intro", "en")
    assert at.markdown[-1].value == f"en: {[len(data.load('trade')), len(data.load('targets'))]}"
    assert not at.info  # the published data: no notice
    untitled = AppTest.from_function(_page_script, default_timeout=60)
    untitled.query_params["titled"] = "no"
    assert [e.value for e in untitled.run().title] == [t("nav.trade", "en")]  # the page fills it from its data


def test_a_session_s_upload_is_announced_as_not_the_published_figures():
    at = AppTest.from_function(_page_script, default_timeout=60)
    at.session_state[frame.SESSION_TABLES_KEY] = {"targets": data.load("targets").head(1)}
    at.run()
    assert not at.exception
    assert at.markdown[-1].value == f"en: {[len(data.load('trade')), 1]}"
    (notice,) = at.info
    assert notice.value == t("app.session_data", "en", resources="targets")


def test_bad_data_is_a_message_in_the_ui_language_and_the_page_stops(monkeypatch, data_copy):
    (data_copy / "targets.csv").write_text("year\nnot a year\n", encoding="utf-8")
    monkeypatch.setenv("PARTNERSHIP_DATA_DIR", str(data_copy))
    at = AppTest.from_function(_page_script, default_timeout=60)
    at.query_params["lang"] = "ru"
    at.run()
    assert not at.exception
    (error,) = at.error
    assert t("app.error_title", "ru") in error.value
    assert "targets.csv" in at.code[0].value
    assert not at.markdown  # the page stopped before its own content


def _seed_script():
    import streamlit as st

    from ui import frame

    st.session_state.setdefault("lang", "ru")
    options = ["water", "energy", "transport"]
    frame.seed_from_link("sector", options, lambda option, code: f"{option.title()} ({code})")
    st.write(st.query_params.get_all("sector"))


def test_a_link_s_values_in_any_language_or_the_data_s_own_become_this_language_s_labels():
    at = AppTest.from_function(_seed_script, default_timeout=60)
    at.query_params["sector"] = ["WATER (kk)", "energy", "nothing", "Water (en)"]
    at.run()
    assert not at.exception
    assert at.query_params["sector"] == ["Water (ru)", "Energy (ru)"]
    unknown = AppTest.from_function(_seed_script, default_timeout=60)
    unknown.query_params["sector"] = "nothing"
    assert unknown.run().query_params["sector"] == "nothing"  # no option named: left to the widget


def test_the_source_column_opens_http_links_only_under_a_short_label():
    column = frame.link_column("kk")
    assert column["label"] == t("common.source", "kk")
    assert column["type_config"]["display_text"] == t("common.open_source", "kk")
    assert column["type_config"]["validate"] == r"^https?://"

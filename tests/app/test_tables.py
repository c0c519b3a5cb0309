"""Tables (ui.frame.dataframe): locale decimals as text over numeric cells, empty cells for missing values."""

from __future__ import annotations

import json
import math

import pandas as pd
import pyarrow as pa
import pytest
import streamlit as st

from tests import shipped
from tests.app.conftest import open_page
from tests.conftest import page_names
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

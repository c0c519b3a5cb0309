"""ui/hs_chapters: the year and direction of a UN Comtrade product breakdown, latest year first, labels in the UI language."""

from __future__ import annotations

import pandas as pd
from streamlit.testing.v1 import AppTest

from partnership.charts.comtrade import DIRECTIONS
from partnership.i18n import t
from ui import hs_chapters


def test_years_are_the_breakdown_s_own_latest_first_once_each():
    products = pd.DataFrame({"year": [2021, 2023.0, 2021, 2022]})
    assert hs_chapters.years(products) == [2023, 2022, 2021]


def _choose_script():
    import pandas as pd
    import streamlit as st

    from ui import hs_chapters

    products = pd.DataFrame({"year": [2021, 2023, 2022, 2023]})
    year, direction = hs_chapters.choose(products, "kk", key="probe")
    st.write(f"{year} {direction}")


def test_the_control_offers_the_years_and_both_directions_and_gives_the_choice():
    at = AppTest.from_function(_choose_script, default_timeout=60).run()
    assert not at.exception
    year, direction = at.selectbox(key="probe_year"), at.radio(key="probe_direction")
    assert (year.label, year.options) == (t("data.products.year", "kk"), ["2023", "2022", "2021"])
    assert direction.label == t("data.products.direction", "kk")
    assert direction.options == [t(f"measure.{d}_usd_bn", "kk") for d in DIRECTIONS]
    assert at.markdown[0].value == f"2023 {DIRECTIONS[0]}"
    year.set_value(2021)
    direction.set_value(DIRECTIONS[1])
    at.run()
    assert at.markdown[0].value == f"2021 {DIRECTIONS[1]}"

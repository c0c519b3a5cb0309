"""The HS-chapter control of the Trade and Data pages: which year and which direction of a UN Comtrade
product breakdown (`comtrade.product_breakdown`) to show."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from partnership.charts.comtrade import DIRECTIONS
from partnership.i18n import t


def years(products: pd.DataFrame) -> list[int]:
    """The breakdown's years, latest first."""
    return sorted({int(y) for y in products["year"]}, reverse=True)


def choose(products: pd.DataFrame, lang: str, key: str) -> tuple[int, str]:
    """A year picker and a direction radio side by side (widget keys `<key>_year`, `<key>_direction`)."""
    left, right = st.columns([1, 3])
    year = left.selectbox(
        t("data.products.year", lang), years(products), key=f"{key}_year", placeholder=t("streamlit_ui.choose_option", lang)
    )
    direction = right.radio(
        t("data.products.direction", lang),
        DIRECTIONS,
        format_func=lambda d: t(f"measure.{d}_usd_bn", lang),
        horizontal=True,
        key=f"{key}_direction",
    )
    return year, direction

"""The shipped trade table and its headline figures, shared by the scenario tests."""

import pandas as pd
import pytest

from partnership import data, scenarios


@pytest.fixture(scope="module")
def trade_df() -> pd.DataFrame:
    return data.load("trade")


@pytest.fixture(scope="module")
def headline(trade_df) -> pd.DataFrame:
    return scenarios.headline_by_year(trade_df)

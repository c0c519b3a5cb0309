"""partnership.scenarios.history: one headline full-year figure per year, growth, trend, volatility, base options."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnership import scenarios, trade
from tests.scenarios.strategies import PROPERTY, values
from tests.scenarios.test_checks import _bad

# --- history: one headline full-year figure per year ------------------------------------------------------


def test_headline_is_one_full_year_figure_per_year(trade_df, headline):
    full = trade.full_year(trade_df)
    assert list(headline["year"]) == sorted(full["year"].unique())
    # 2016's "$1 bn" is a rounded remark (period unclear), not a full year; 2020 and 2021 have full-year figures.
    assert list(headline["year"]) == [2017, 2018, 2020, 2021, 2022, 2023, 2024, 2025]
    counts = full.groupby("year").size()
    assert dict(zip(headline["year"], headline["figures"], strict=True)) == counts.to_dict()
    for _, row in headline.iterrows():
        assert ((full["year"] == row["year"]) & (full["turnover_usd_bn"] == row["turnover_usd_bn"])).any()


def test_headline_prefers_uzbek_figures_then_exact_ones_then_the_lower(headline, trade_df):
    by_year = headline.set_index("year")
    assert by_year.loc[2022, "reporter"] == "Uzbekistan" and by_year.loc[2022, "turnover_usd_bn"] == 4.6  # not Kazakhstan's 5.0
    assert by_year.loc[2024, "turnover_usd_bn"] == 4.2  # the Uzbek statistics, not media's 4.3 or "over 4"
    assert not by_year.loc[2024, "lower_bound"]
    assert by_year.loc[2023, "turnover_usd_bn"] == 4.4  # four Kazakh figures, 4.4 and 4.5: the lower
    latest = trade.latest_full_year(trade_df)
    assert by_year.loc[int(latest["year"]), "turnover_usd_bn"] == latest["turnover_usd_bn"]


def test_growth_only_between_consecutive_years(headline):
    growth = scenarios.yearly_growth(headline)
    assert list(zip(growth["previous_year"], growth["year"], strict=True)) == [
        (2017, 2018),
        (2020, 2021),
        (2021, 2022),
        (2022, 2023),
        (2023, 2024),
        (2024, 2025),
    ]
    assert growth.set_index("year").loc[2025, "growth"] == pytest.approx(4.97 / 4.2 - 1)
    assert scenarios.gaps(headline) == [(2019, 2019)]
    assert list(scenarios.yearly_growth(headline, 2022)["year"]) == [2023, 2024, 2025]


def test_trend_is_constant_growth_between_the_ends_of_the_span(headline):
    assert scenarios.trend_starts(headline) == [2024, 2023, 2022, 2021, 2020, 2018, 2017]
    assert scenarios.default_trend_start(headline) == 2020  # the latest run of consecutive years: 2020–2025
    assert scenarios.trend_growth(headline, 2022) == pytest.approx((4.97 / 4.6) ** (1 / 3) - 1)
    # Across the 2019 gap the trend needs only the two ends.
    assert scenarios.trend_growth(headline, 2018) == pytest.approx((4.97 / 3.0) ** (1 / 7) - 1)
    growth = scenarios.yearly_growth(headline, 2022)["growth"]
    assert scenarios.trend_growth(headline, 2022) == pytest.approx(np.prod(1 + growth) ** (1 / 3) - 1)


def test_trend_refuses_a_year_without_a_figure_or_the_latest_year(headline):
    with pytest.raises(ValueError, match="first_year .2019. has no full-year figure") as info:
        scenarios.trend_growth(headline, 2019)
    assert info.value.reason == "no_year"
    with pytest.raises(ValueError, match="first_year .2025. must be before"):
        scenarios.trend_growth(headline, 2025)


def test_historical_volatility_is_the_sample_sd_of_consecutive_growth(headline):
    expected = np.std([4.4 / 4.6 - 1, 4.2 / 4.4 - 1, 4.97 / 4.2 - 1], ddof=1)
    assert scenarios.historical_volatility(headline, 2022) == pytest.approx(expected)
    from_2020 = np.std([3.9 / 3.0 - 1, 4.6 / 3.9 - 1, 4.4 / 4.6 - 1, 4.2 / 4.4 - 1, 4.97 / 4.2 - 1], ddof=1)
    assert scenarios.historical_volatility(headline, 2020) == pytest.approx(from_2020)
    assert scenarios.historical_volatility(headline, 2018) == pytest.approx(from_2020)  # 2018→2019 is no pair
    assert scenarios.default_volatility(headline) == pytest.approx(from_2020)
    everything = scenarios.yearly_growth(headline)["growth"]
    assert scenarios.historical_volatility(headline) == pytest.approx(np.std(everything, ddof=1))
    with pytest.raises(ValueError, match="fewer than two") as info:
        scenarios.historical_volatility(headline, 2024)
    assert info.value.argument == "first_year"


yearly = st.dictionaries(st.integers(min_value=2000, max_value=2030), values, min_size=2, max_size=15)


def _table(figures: dict[int, float]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": pd.array(list(figures), dtype="Int64"),
            "period_type": "full_year",
            "months": 12,
            "turnover_usd_bn": list(figures.values()),
            "lower_bound": False,
            "reporter": "Uzbekistan",
            "reporter_detail": "x",
            "source_title": "t",
            "source_url": "https://example.org/",
        }
    )


@PROPERTY
@given(yearly)
def test_growth_pairs_are_exactly_the_consecutive_years(figures):
    headline = scenarios.headline_by_year(_table(figures))
    growth = scenarios.yearly_growth(headline)
    assert set(growth["year"]) == {y for y in figures if y - 1 in figures}
    for _, row in growth.iterrows():
        assert row["growth"] == pytest.approx(figures[row["year"]] / figures[row["year"] - 1] - 1)
    start = scenarios.default_trend_start(headline)
    latest = max(figures)
    if latest - 1 in figures:  # the latest unbroken run of years
        assert all(y in figures for y in range(start, latest + 1)) and start - 1 not in figures
    else:  # no run: the nearest earlier year
        assert start == max(y for y in figures if y < latest)


def test_base_options_have_unique_language_free_labels(trade_df):
    options = scenarios.base_options(trade_df)
    assert len(options) == len(trade.full_year(trade_df))
    assert options["label"].is_unique
    assert options.iloc[0]["label"] == "2025 · 4.97 · ru.trend.az"
    assert "2024 · ≥4 · rus.baq.kz" in set(options["label"])
    assert all(not any(c.isalpha() and not c.isascii() for c in label) for label in options["label"])
    assert scenarios.default_base(trade_df)["label"] == "2025 · 4.97 · ru.trend.az"


def test_history_refusals_name_the_first_year_and_the_latest(headline):
    error = _bad(lambda: scenarios.trend_growth(headline, 2020.5))
    assert (error.argument, error.reason, str(error)) == (
        "first_year",
        "year",
        "first_year must be a whole calendar year, got 2020.5",
    )
    error = _bad(lambda: scenarios.trend_growth(headline, 2025))
    assert (error.argument, error.reason) == ("first_year", "before")
    assert error.details == {"value": 2025, "other_name": "latest_year", "other": 2025}
    assert str(error) == "first_year (2025) must be before latest_year (2025)"
    error = _bad(lambda: scenarios.yearly_growth(headline, "2022"))
    assert (error.argument, error.reason, error.details) == ("first_year", "year", {"value": "2022"})
    error = _bad(lambda: scenarios.historical_volatility(headline, 2024))
    assert (error.reason, error.details) == ("too_few", {"value": 2024})
    assert str(error) == "first_year (2024) leaves fewer than two consecutive-year growth rates to measure volatility"


def test_a_table_without_full_years_or_with_one_year_says_so():
    empty = scenarios.headline_by_year(_table({2020: 1.0}).iloc[0:0])
    assert list(empty.columns) == scenarios.HEADLINE_COLUMNS  # an empty table of the same columns
    with pytest.raises(LookupError) as info:
        scenarios.trend_starts(empty)
    assert str(info.value) == "the trade table has no full-year turnover figure"
    with pytest.raises(LookupError) as info:
        scenarios.default_trend_start(scenarios.headline_by_year(_table({2024: 4.3})))
    assert str(info.value) == "the trade table has only one year of full-year figures: no trend"


def _rows(*rows: tuple) -> pd.DataFrame:
    """A trade table of full-year rows (year, value, reporter, lower_bound, source_url)."""
    table = pd.DataFrame(rows, columns=["year", "turnover_usd_bn", "reporter", "lower_bound", "source_url"])
    return table.assign(
        year=pd.array(table["year"], dtype="Int64"),
        period_type="full_year",
        months=12,
        lower_bound=pd.array(table["lower_bound"], dtype="boolean"),
        reporter_detail="x",
        source_title="t",
    )


def test_headline_takes_the_preferred_reporter_even_when_larger_and_exact_before_bound():
    table = _rows(
        (2024, 5.0, "Uzbekistan", False, "https://a.uz/"),
        (2024, 4.6, "Kazakhstan", False, "https://b.kz/"),
        (2025, 4.0, "Uzbekistan", True, "https://a.uz/"),  # "over 4": a lower bound
        (2025, 4.3, "Uzbekistan", False, "https://a.uz/"),
    )
    headline = scenarios.headline_by_year(table)
    assert list(headline.columns) == scenarios.HEADLINE_COLUMNS
    assert headline["turnover_usd_bn"].tolist() == [5.0, 4.3]
    assert headline["year"].dtype == "int64" and headline["figures"].dtype == "int64"
    assert headline["figures"].tolist() == [2, 2]


def test_gaps_volatility_fallbacks_and_growth_values():
    one_year_gap = scenarios.headline_by_year(_table({2018: 3.0, 2020: 3.5, 2021: 3.9}))
    assert scenarios.gaps(one_year_gap) == [(2019, 2019)]
    # The default span 2021–2022 has one rate: the volatility falls back to all years (three rates).
    figures = {2010: 1.0, 2011: 1.2, 2012: 1.1, 2021: 2.0, 2022: 2.5}
    headline = scenarios.headline_by_year(_table(figures))
    assert scenarios.default_volatility(headline) == pytest.approx(np.std([0.2, 1.1 / 1.2 - 1, 0.25], ddof=1))
    # No two rates anywhere: no volatility measured, 0.
    assert scenarios.default_volatility(scenarios.headline_by_year(_table({2018: 3.0, 2020: 3.5, 2022: 4.0}))) == 0.0
    # Exactly two rates are enough.
    two = scenarios.headline_by_year(_table({2023: 4.0, 2024: 4.4, 2025: 4.0}))
    assert scenarios.historical_volatility(two, 2023) == pytest.approx(np.std([0.1, 4.0 / 4.4 - 1], ddof=1))
    growth = scenarios.yearly_growth(two)
    assert list(growth.columns) == ["year", "previous_year", "value", "previous_value", "growth"]
    assert growth[["value", "previous_value"]].to_numpy().tolist() == [[4.4, 4.0], [4.0, 4.4]]


def test_base_labels_drop_www_number_copies_and_keep_the_order_within_a_year():
    table = _rows(
        (2025, 4.97, "Uzbekistan", False, "https://www.example.org/a"),
        (2025, 4.97, "Kazakhstan", False, "https://example.org/b"),
        (2025, 4.97, "other", False, "https://example.org/c"),
        (2024, 4.3, "Uzbekistan", False, "https:///no-host"),
    )
    labels = scenarios.base_options(table)["label"].tolist()
    assert labels == [
        "2025 · 4.97 · example.org",
        "2025 · 4.97 · example.org (2)",
        "2025 · 4.97 · example.org (3)",
        "2024 · 4.3 · ?",
    ]
    # Within a year the figures stay in full_year's order (smaller first), also among many rows.
    many = _rows(*[(2020 + i % 3, 1.0 + i / 10, "Uzbekistan", False, "https://a.uz/") for i in range(30)])
    options = scenarios.base_options(many)
    expected = trade.full_year(many).sort_values("year", ascending=False, kind="stable")["turnover_usd_bn"]
    assert options["turnover_usd_bn"].tolist() == expected.tolist()
    assert options["turnover_usd_bn"].tolist()[:3] == [1.2, 1.5, 1.8]


def test_default_trend_start_is_the_latest_run_or_the_nearest_earlier_year():
    def start(*years: int) -> int:
        return scenarios.default_trend_start(scenarios.headline_by_year(_table({y: 1.0 + (y - 2000) / 10 for y in years})))

    assert start(2018, 2024, 2025) == 2024  # a run of two years
    assert start(2018, 2022, 2023, 2024, 2025) == 2022
    assert start(2018, 2022, 2025) == 2022  # no figure for 2024: the nearest earlier year, not the latest

"""'Is this year on track?': a part of a year against the same months of the year before, never a full year."""

from __future__ import annotations

import pandas as pd
import pytest

from partnership import data, on_track, trade
from tests.shipped import latest_year, required_rate


def figure(year, period, months, value, reporter="Uzbekistan", *, over=False, period_type="part_year", url=None):
    return {
        "year": year,
        "period": period,
        "period_type": period_type,
        "months": months,
        "turnover_usd_bn": value,
        "lower_bound": over,
        "reporter": reporter,
        "source_url": url or f"https://example.org/{year}/{period}/{reporter}",
    }


def table(*records) -> pd.DataFrame:
    frame = pd.DataFrame(list(records))
    return frame.astype({"year": "Int64", "months": "Int64", "turnover_usd_bn": "float64", "lower_bound": "boolean"})


def test_pairs_the_same_months_of_the_year_before_from_the_same_side():
    trade_df = table(
        figure(2026, "Jan-Mar", 3, 1.2),
        figure(2025, "Jan-Mar", 3, 1.0),
        figure(2025, "Jan-Mar", 3, 0.5, "Kazakhstan"),
        figure(2025, "full year", 12, 4.97, period_type="full_year"),
    )
    pair = trade.same_period_pair(trade_df)
    assert (pair.current["year"], pair.previous["year"]) == (2026, 2025)
    assert pair.previous["reporter"] == "Uzbekistan" and pair.previous["turnover_usd_bn"] == 1.0
    assert pair.growth == pytest.approx(0.2)
    assert pair.bound == "exact"


def test_never_pairs_with_a_full_year_another_side_other_months_or_an_older_year():
    trade_df = table(
        figure(2026, "Jan-Mar", 3, 1.2),
        figure(2025, "full year", 12, 4.97, period_type="full_year"),  # a full year: never
        figure(2025, "Jan-Mar", 3, 1.0, "Kazakhstan"),  # another side
        figure(2025, "Jan-Apr", 4, 1.3),  # other months
        figure(2024, "Jan-Mar", 3, 0.9),  # not the year before
        figure(2025, "YTD (period not stated)", None, 3.4),  # span unknown
    )
    assert trade.same_period_pair(trade_df) is None


def test_the_longest_span_with_a_pair_is_used_and_the_latest_year_by_default():
    trade_df = table(
        figure(2026, "Jan", 1, 0.4),
        figure(2026, "Jan-Sep", 9, 3.9, "other"),  # no Jan-Sep 2025 from "other": skipped
        figure(2026, "Jan-Aug", 8, 3.3),
        figure(2025, "Jan", 1, 0.3),
        figure(2025, "Jan-Aug", 8, 3.0),
    )
    pair = trade.same_period_pair(trade_df)
    assert pair.current["period"] == "Jan-Aug" and pair.growth == pytest.approx(0.1)
    assert trade.same_period_pair(trade_df, 2025) is None  # nothing for 2024


def test_lower_bounds_say_which_way_the_growth_can_move():
    def bound(now_over, before_over):
        return trade.same_period_pair(
            table(figure(2026, "Jan-Mar", 3, 1.1, over=now_over), figure(2025, "Jan-Mar", 3, 1.0, over=before_over))
        ).bound

    assert bound(False, False) == "exact"
    assert bound(True, False) == "at_least"
    assert bound(False, True) == "at_most"
    assert bound(True, True) == "uncertain"
    # An exact earlier figure is preferred to an "over" one for the same months.
    pair = trade.same_period_pair(
        table(figure(2026, "Jan-Mar", 3, 1.1), figure(2025, "Jan-Mar", 3, 1.0, over=True), figure(2025, "Jan-Mar", 3, 0.95))
    )
    assert pair.previous["turnover_usd_bn"] == 0.95 and pair.bound == "exact"


@pytest.mark.parametrize(
    ("growth", "bound", "expected"),
    [
        (0.20, "exact", "ahead"),
        (0.10, "exact", "behind"),
        (0.20, "at_least", "ahead"),
        (0.10, "at_least", "undecided"),
        (0.10, "at_most", "behind"),
        (0.20, "at_most", "undecided"),
        (0.20, "uncertain", "undecided"),
    ],
)
def test_verdict_against_the_required_growth(growth, bound, expected):
    assert on_track.verdict(growth, 0.15, bound) == expected


@pytest.fixture(scope="module")
def shipped():
    return data.load("trade"), data.load("targets")


def test_shipped_data_pairs_jan_aug_2025_with_jan_aug_2024(shipped):
    pair = trade.same_period_pair(shipped[0])
    assert (pair.current["year"], pair.current["period"], pair.current["turnover_usd_bn"]) == (2025, "Jan-Aug", 3.0)
    assert (pair.previous["year"], pair.previous["period"], pair.previous["turnover_usd_bn"]) == (2024, "Jan-Aug", 2.63)
    assert pair.current["reporter"] == pair.previous["reporter"] == "Uzbekistan"
    assert pair.bound == "at_least"  # "over $3bn"


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_sentence_names_both_figures_both_sources_and_the_required_rate(shipped, lang):
    text = on_track.sentence(*shipped, lang, year=2025)
    pair = trade.same_period_pair(shipped[0])
    assert f"]({pair.current['source_url']})" in text and f"]({pair.previous['source_url']})" in text
    if lang == "en":
        assert "over $3 bn" in text and "$2.63 bn" in text
        assert (
            "at least +14.1%" in text
            and f"{required_rate('en')} a year needed from {latest_year()} to reach $10 bn in 2030" in text
        )
        assert "cannot tell" in text
    else:
        assert "более 3 млрд $" in text and "2,63 млрд $" in text
        assert "не менее +14,1\xa0%" in text and "15,0\xa0% в год" in text and "январь–август" in text


def test_by_default_the_year_in_progress_is_the_one_after_the_latest_full_year(shipped):
    # The shipped data's latest full year is 2025 (its Jan-Aug figure is answered by the full year).
    assert on_track.sentence(*shipped, "en").startswith("**Is 2026 on track?** The data has no figure for part of 2026")
    parts_2025 = shipped[0][(shipped[0]["year"] == 2025) & (shipped[0]["period_type"] == "part_year")]
    later = pd.concat([shipped[0], parts_2025.assign(year=2027)], ignore_index=True)  # parts of 2027, no full year
    assert on_track.sentence(later, shipped[1], "en").startswith("**Is 2027 on track?**")


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_without_a_pair_the_sentence_says_so(shipped, lang):
    text = on_track.sentence(*shipped, lang, year=2019)  # Jan-Apr 2019 has no figure for Jan-Apr 2018
    assert "2019" in text and "2018" in text
    assert "http" not in text
    assert ("cannot be compared yet" in text) if lang == "en" else ("не с чем сравнить" in text)


def test_data_text_in_the_sentence_is_escaped(shipped):
    trade_df, targets = shipped
    extra = table(figure(2027, "<b>Jan</b>", 1, 0.5), figure(2026, "<b>Jan</b>", 1, 0.4)).assign(
        period_type="part_year", cited_in_article=False
    )
    text = on_track.sentence(pd.concat([trade_df, extra], ignore_index=True), targets, "en")
    assert "<b>" not in text and "\\<b\\>" in text

"""Events as timeline data: placement on the time axis, filters, the display table."""

from __future__ import annotations

import pandas as pd
import pytest

from partnership import data
from partnership import events as ev
from partnership.charts import registers as register_charts


@pytest.fixture
def rows() -> pd.DataFrame:
    frame = pd.DataFrame(
        [
            ("2024-08-08", "2024-08-08", 2024, "council", "1st SIC", "1-й ВМС", "Astana", True),
            (None, "2019-04", 2019, "visit", "Visit in April", "Визит в апреле", None, False),
            (None, "2010", 2010, "visit", "Two visits", "Два визита", "Uzbekistan", False),
            ("2023-11-30", "2023-11-30", 2023, "ratification", "Ratified", "Ратифицирован", "Tashkent", True),
        ],
        columns=["date", "date_text", "year", "category", "title_en", "title_ru", "place", "key_event"],
    )
    frame["date"] = pd.to_datetime(frame["date"])
    frame["year"] = frame["year"].astype("Int64")
    frame["key_event"] = frame["key_event"].astype("boolean")
    frame["source_url"] = "https://example.org/e"
    frame["quote"] = None
    return frame


def test_timeline_places_inexact_dates_mid_period_and_flags_them(rows):
    line = ev.timeline(rows)
    assert list(line["title_en"]) == ["Two visits", "Visit in April", "Ratified", "1st SIC"]
    by_title = line.set_index("title_en")
    assert by_title.loc["Two visits", "when"] == pd.Timestamp("2010-07-01")
    assert by_title.loc["Visit in April", "when"] == pd.Timestamp("2019-04-15")
    assert by_title.loc["1st SIC", "when"] == pd.Timestamp("2024-08-08")
    assert list(by_title["date_exact"]) == [False, False, True, True]


def test_filters_by_category_and_key_events(rows):
    assert set(ev.timeline(rows, ["visit"])["title_en"]) == {"Two visits", "Visit in April"}
    assert list(ev.timeline(rows, key_only=True)["title_en"]) == ["Ratified", "1st SIC"]
    assert ev.timeline(rows, ["visit"], key_only=True).empty
    assert ev.category_counts(rows) == {"visit": 2, "council": 1, "ratification": 1}
    assert ev.category_counts(rows, key_only=True) == {"visit": 0, "council": 1, "ratification": 1}


def test_display_table_in_each_language_with_blank_not_none(rows):
    table = ev.display_table(ev.timeline(rows), "ru")
    assert list(table.columns) == list(ev.TABLE_COLUMNS)
    assert table.loc[0, "title"] == "Два визита"
    assert table.loc[0, "category"] == "визит"
    assert table.loc[0, "date_note"] == "2010"
    assert table.loc[1, "place"] == ""
    assert ev.display_table(ev.timeline(rows), "en").loc[0, "title"] == "Two visits"


def test_timeline_figure_has_a_lane_per_category_and_escapes_data_text(rows):
    rows.loc[0, "title_en"] = "<img src=x onerror=alert(1)>"
    fig = register_charts.events_timeline(ev.timeline(rows), "en").figure
    lanes = [trace for trace in fig.data if trace.x is not None and len(trace.x) and trace.x[0] is not None]
    assert {trace.name for trace in lanes} == {"visit", "Supreme Interstate Council", "ratification"}
    hover = " ".join(text for trace in lanes for text in trace.hovertext)
    assert "&lt;img src=x onerror=alert(1)&gt;" in hover and "<img" not in hover
    council = next(trace for trace in lanes if trace.name == "Supreme Interstate Council")
    assert list(council.marker.symbol) == ["star"]  # key event, exact date
    visits = next(trace for trace in lanes if trace.name == "visit")
    assert list(visits.marker.symbol) == ["circle-open", "circle-open"]  # dates not exact


def test_shipped_events_cover_every_kind_named_in_the_issue():
    events = data.load("events")
    counts = ev.category_counts(events)
    for category in ("visit", "council", "treaty", "ratification"):
        assert counts[category] > 0
    assert ev.timeline(events)["when"].is_monotonic_increasing

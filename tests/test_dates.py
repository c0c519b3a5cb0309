"""partnership.dates: the exact day in its column, the source's wording only where it says more."""

from __future__ import annotations

import pandas as pd

from partnership.dates import exact_and_note


def test_wording_is_kept_only_where_it_differs_from_the_exact_day():
    rows = pd.DataFrame(
        {
            "date": ["2025-11-15", None, "2023-04-01", None],
            "date_text": ["2025-11-15", "2024-05", "spring 2023", None],
        },
        index=[10, 11, 12, 13],
    )
    exact, note = exact_and_note(rows)
    assert list(exact.dt.strftime("%Y-%m-%d").fillna("")) == ["2025-11-15", "", "2023-04-01", ""]
    assert list(note) == ["", "2024-05", "spring 2023", ""]
    assert list(note.index) == [10, 11, 12, 13]  # aligned with the rows, so it can be a column beside them

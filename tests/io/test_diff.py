"""partnership.io.diff: what an upload changes against the shipped table, rows matched by their key."""

from __future__ import annotations

import pandas as pd

from partnership import data
from partnership.io.diff import diff_tables, identity_fields

TRADE = data.load("trade")
SCHEMA = data.resource_meta("trade")["schema"]


def test_identical_tables():
    diff = diff_tables(TRADE, TRADE.copy(), SCHEMA)
    assert diff.identical
    assert (diff.unchanged, len(diff.added), len(diff.removed), diff.changed_rows) == (len(TRADE), 0, 0, 0)


def test_a_changed_figure_is_one_changed_row_with_old_and_new_value():
    upload = TRADE.copy()
    index = upload.index[upload["turnover_usd_bn"] == 4.97][0]
    upload.loc[index, "turnover_usd_bn"] = 7.77
    diff = diff_tables(TRADE, upload, SCHEMA)
    assert (diff.unchanged, len(diff.added), len(diff.removed), diff.changed_rows) == (len(TRADE) - 1, 0, 0, 1)
    (change,) = diff.changed
    assert (change.field, change.old, change.new) == ("turnover_usd_bn", 4.97, 7.77)
    frame = diff.changes_frame()
    assert frame.loc[0, "row"].startswith(f"{int(TRADE.loc[index, 'year'])} · ")


def test_added_and_removed_rows_and_year_span():
    new_row = TRADE.iloc[[0]].assign(year=2030, period="full year", source_url="https://example.org/new")
    upload = pd.concat([TRADE.iloc[2:], new_row], ignore_index=True)
    diff = diff_tables(TRADE, upload, SCHEMA)
    assert diff.uploaded_rows == len(TRADE) - 1
    assert len(diff.added) == 1 and diff.added.loc[0, "year"] == 2030
    assert len(diff.removed) == 2
    assert diff.years[0][1] < 2030 == diff.years[1][1]


def test_duplicate_rows_count_as_many_times_as_they_appear():
    upload = pd.concat([TRADE, TRADE.iloc[[0]]], ignore_index=True)
    diff = diff_tables(TRADE, upload, SCHEMA)
    assert (diff.unchanged, len(diff.added)) == (len(TRADE), 1)


def test_identity_is_the_tables_key_not_its_figures_flags_or_text():
    assert identity_fields(SCHEMA) == ["year", "period_type", "reporter", "source_url"]
    assert identity_fields(data.resource_meta("projects")["schema"]) == ["kind", "source_url"]


def test_one_added_row_in_a_file_whose_titles_lost_letters_is_one_added_row():
    """Saved as Windows-1251, Kazakh letters become '?': those rows are changed (their title), not removed and added."""
    upload = TRADE.copy()
    kazakh = upload["source_title"].str.contains("[әғқңөұүһі]", regex=True)
    upload.loc[kazakh, "source_title"] = upload.loc[kazakh, "source_title"].str.replace("[әғқңөұүһ]", "?", regex=True)
    new_row = TRADE.iloc[[0]].assign(year=2026, source_url="https://example.org/2026")
    upload = pd.concat([upload, new_row], ignore_index=True)
    diff = diff_tables(TRADE, upload, SCHEMA)
    assert kazakh.sum() > 0
    assert (len(diff.added), len(diff.removed)) == (1, 0)
    assert diff.changed_rows == upload["source_title"].ne(TRADE["source_title"]).iloc[: len(TRADE)].sum()
    assert {change.field for change in diff.changed} == {"source_title"}

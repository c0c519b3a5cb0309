"""schema.validate_frame: typing and every constraint, with spreadsheet row numbers."""

from __future__ import annotations

import pandas as pd
import pytest

from partnership.io.schema import MAX_PROBLEMS, DataError, Problem, validate_frame

SCHEMA = {
    "fields": [
        {"name": "year", "type": "integer", "constraints": {"required": True, "minimum": 1991, "maximum": 2100}},
        {"name": "value", "type": "number", "constraints": {"minimum": 0}},
        {"name": "flag", "type": "boolean", "trueValues": ["true"], "falseValues": ["false"]},
        {"name": "when", "type": "date"},
        {"name": "kind", "type": "string", "constraints": {"enum": ["a", "b"]}},
        {"name": "url", "type": "string", "constraints": {"pattern": r"https?://\S+"}},
    ]
}


def frame(**columns):
    return pd.DataFrame(columns, dtype="object")


def test_types_and_missing_values():
    typed = validate_frame(
        frame(
            year=["2020", "2021"],
            value=["1.5", None],
            flag=["true", "false"],
            when=["2020-01-02", None],
            kind=["a", None],
            url=["https://x.org", None],
        ),
        SCHEMA,
        "f.csv",
    )
    assert list(typed["year"]) == [2020, 2021]
    assert typed["value"].iloc[0] == 1.5 and pd.isna(typed["value"].iloc[1])
    assert list(typed["flag"]) == [True, False]
    assert typed["when"].iloc[0] == pd.Timestamp("2020-01-02")


def test_headers_match_without_case_or_spaces():
    typed = validate_frame(pd.DataFrame({" YEAR ": ["2020"]}, dtype="object"), SCHEMA, "f.csv")
    assert list(typed["year"]) == [2020]


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("year", "20x0", "expected a whole number"),
        ("year", "2020.5", "expected a whole number"),
        ("year", "2101", "must be at most 2100"),
        ("value", "-3", "must be at least 0"),
        ("value", "1,5", "expected a number"),
        ("flag", "yes", "expected true or false"),
        ("when", "15.11.2025", "expected a date as YYYY-MM-DD"),
        ("kind", "c", "must be one of a, b"),
        ("url", "javascript:alert(1)", "does not look like"),
    ],
)
def test_each_problem_names_row_and_column(column, value, expected):
    cells = {"year": ["2020", "2020"], column: ["2020" if column == "year" else None, value]}
    with pytest.raises(DataError) as caught:
        validate_frame(frame(**cells), SCHEMA, "upload.csv")
    [problem] = caught.value.problems
    assert problem == Problem(3, column, problem.message)
    assert expected in problem.message
    assert str(caught.value).startswith("upload.csv: row 3, column '" + column + "'")


def test_required_value_missing():
    with pytest.raises(DataError, match=r"row 2, column 'year': a value is required"):
        validate_frame(frame(year=[None]), SCHEMA, "f.csv")


def test_long_lists_are_cut_in_the_message():
    with pytest.raises(DataError) as caught:
        validate_frame(frame(year=["x"] * (MAX_PROBLEMS + 5)), SCHEMA, "f.csv")
    assert len(caught.value.problems) == MAX_PROBLEMS + 5
    assert "… and 5 more" in str(caught.value)

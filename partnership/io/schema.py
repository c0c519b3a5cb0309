"""Check a table of raw text cells against a Frictionless Table Schema and type it.

`validate_frame` is shared by the loader of shipped data and by uploads: it turns
strings into the schema's types and collects every problem as a `Problem` with the
row as a spreadsheet shows it (header = row 1) and the column, so the caller can
raise one `DataError` that lists them all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

MAX_PROBLEMS = 20


@dataclass(frozen=True)
class Problem:
    row: int | None  # spreadsheet row: header is 1, first data row is 2
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class DataError(ValueError):
    """Bad input: names the file and, per problem, the row and column and what was expected."""

    def __init__(self, file: str, problems: list[Problem]):
        self.file = file
        self.problems = list(problems)
        shown = "; ".join(str(p) for p in self.problems[:MAX_PROBLEMS])
        more = len(self.problems) - MAX_PROBLEMS
        if more > 0:
            shown += f"; … and {more} more"
        super().__init__(f"{file}: {shown}")


def _spreadsheet_rows(mask: pd.Series) -> list[int]:
    return [int(i) + 2 for i in mask[mask].index]


def _convert(column: pd.Series, field: dict) -> tuple[pd.Series, pd.Series]:
    """Return the typed column and a mask of non-empty cells that could not be converted."""
    kind = field.get("type", "string")
    present = column.notna()
    if kind == "integer":
        numbers = pd.to_numeric(column, errors="coerce")
        bad = present & (numbers.isna() | (numbers % 1 != 0))
        return numbers.where(~bad).astype("Int64"), bad
    if kind == "number":
        numbers = pd.to_numeric(column, errors="coerce").astype("float64")
        return numbers, present & numbers.isna()
    if kind == "boolean":
        true_values = set(field.get("trueValues", ["true"]))
        false_values = set(field.get("falseValues", ["false"]))
        lowered = column.str.strip().str.lower()
        typed = pd.Series(pd.NA, index=column.index, dtype="boolean")
        typed[lowered.isin(true_values)] = True
        typed[lowered.isin(false_values)] = False
        return typed, present & typed.isna()
    if kind == "date":
        dates = pd.to_datetime(column, format="%Y-%m-%d", errors="coerce")
        return dates, present & dates.isna()
    return column, pd.Series(False, index=column.index)


EXPECTED = {
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "date": "a date as YYYY-MM-DD",
}


def validate_frame(raw: pd.DataFrame, schema: dict, file: str) -> pd.DataFrame:
    """Type `raw` (all cells text or missing) per `schema`; raise DataError listing every problem."""
    problems: list[Problem] = []
    by_name = {str(c).strip().lower(): c for c in raw.columns}
    fields = schema["fields"]
    typed: dict[str, pd.Series] = {}
    for field in fields:
        name = field["name"]
        constraints = field.get("constraints", {})
        source = by_name.get(name.lower())
        if source is None:
            if constraints.get("required"):
                problems.append(Problem(1, name, "required column is missing from the header"))
            typed[name] = pd.Series(pd.NA, index=raw.index, dtype="object")
            typed[name], _ = _convert(typed[name], field)
            continue
        cells = raw[source].astype("object").where(raw[source].notna(), None)
        cells = cells.map(lambda v: v.strip() if isinstance(v, str) else v)
        cells = cells.where(cells.map(lambda v: v not in (None, "")), pd.NA).astype("object")
        if field.get("type", "string") == "string":
            cells = cells.astype("str").where(cells.notna(), pd.NA).astype("object")
        values, bad = _convert(cells, field)
        for row in _spreadsheet_rows(bad):
            problems.append(Problem(row, name, f"expected {EXPECTED[field['type']]}, found '{cells.loc[row - 2]}'"))
        if constraints.get("required"):
            missing = cells.isna()
            problems += [Problem(r, name, "a value is required") for r in _spreadsheet_rows(missing)]
        for bound, op, word in (("minimum", "lt", "at least"), ("maximum", "gt", "at most")):
            if bound in constraints and field.get("type") in ("integer", "number"):
                outside = getattr(values, op)(constraints[bound]).fillna(False).astype(bool)
                problems += [
                    Problem(r, name, f"must be {word} {constraints[bound]}, found {values.loc[r - 2]}")
                    for r in _spreadsheet_rows(outside)
                ]
        if "enum" in constraints:
            allowed = constraints["enum"]
            wrong = cells.notna() & ~cells.isin(allowed)
            problems += [
                Problem(r, name, f"must be one of {', '.join(allowed)}, found '{cells.loc[r - 2]}'")
                for r in _spreadsheet_rows(wrong)
            ]
        if "pattern" in constraints:
            regex = re.compile(constraints["pattern"])
            wrong = cells.notna() & ~cells.map(lambda v, regex=regex: isinstance(v, str) and bool(regex.fullmatch(v)))
            problems += [
                Problem(r, name, f"does not look like {field.get('description', constraints['pattern'])}")
                for r in _spreadsheet_rows(wrong)
            ]
        typed[name] = values
        if len(problems) > 10 * MAX_PROBLEMS:
            break
    if problems:
        problems.sort(key=lambda p: (p.row or 0, p.column or ""))
        raise DataError(file, problems)
    frame = pd.DataFrame(typed, index=raw.index)
    for field in fields:
        if field.get("type", "string") == "string":
            frame[field["name"]] = frame[field["name"]].astype("string")
    return frame.reset_index(drop=True)

"""Check a table of raw text cells against a Frictionless Table Schema and type it.

`validate_frame` is shared by the loader of shipped data and by uploads: it turns
strings into the schema's types and collects every problem as a `Problem` with the
row as a spreadsheet shows it (header = row 1) and the column, so the caller can
raise one `DataError` that lists them all.
"""

from __future__ import annotations

import re

import pandas as pd

from partnership.io.problems import MAX_PROBLEMS, DataError, Problem, problem

__all__ = ["MAX_PROBLEMS", "DataError", "Problem", "problem", "validate_frame"]

# Patterns of fields that hold a web link: a mismatch there is reported as "not_a_link".
LINK_PATTERNS = {r"https?://\S+"}


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


NOT_OF_TYPE = {"integer": "not_whole_number", "number": "not_number", "boolean": "not_boolean", "date": "not_date"}


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
                problems.append(problem("missing_column", 1, name))
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
            problems.append(problem(NOT_OF_TYPE[field["type"]], row, name, found=str(cells.loc[row - 2])))
        if constraints.get("required"):
            missing = cells.isna()
            problems += [problem("value_required", r, name) for r in _spreadsheet_rows(missing)]
        for bound, op, code in (("minimum", "lt", "below_minimum"), ("maximum", "gt", "above_maximum")):
            if bound in constraints and field.get("type") in ("integer", "number"):
                outside = getattr(values, op)(constraints[bound]).fillna(False).astype(bool)
                problems += [
                    problem(code, r, name, **{bound: str(constraints[bound]), "found": str(values.loc[r - 2])})
                    for r in _spreadsheet_rows(outside)
                ]
        if "enum" in constraints:
            allowed = constraints["enum"]
            wrong = cells.notna() & ~cells.isin(allowed)
            problems += [
                problem("not_allowed", r, name, allowed=", ".join(allowed), found=str(cells.loc[r - 2]))
                for r in _spreadsheet_rows(wrong)
            ]
        if "pattern" in constraints:
            regex = re.compile(constraints["pattern"])
            wrong = cells.notna() & ~cells.map(lambda v, regex=regex: isinstance(v, str) and bool(regex.fullmatch(v)))
            code = "not_a_link" if constraints["pattern"] in LINK_PATTERNS else "pattern_mismatch"
            description = field.get("description", constraints["pattern"])
            problems += [problem(code, r, name, description=description) for r in _spreadsheet_rows(wrong)]
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

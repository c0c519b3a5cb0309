"""What an uploaded table changes against the shipped data: rows added, removed and changed.

Resources have no primary key, so rows are compared whole. A removed and an added row that agree on
the row's key (`identity_fields`: its required year, date, coded value and source URL — not its
figures, flags or free text) are paired up as one changed row, and the fields that differ are listed
with old and new values. So a title that lost letters to an encoding, or a corrected figure, is a
changed row, and one row added to a file reads as one added row.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

__all__ = ["TableDiff", "Change", "diff_tables", "identity_fields"]


@dataclass(frozen=True)
class Change:
    """One field of one row that differs: the row's identity, the field, old and new value."""

    identity: tuple
    field: str
    old: object
    new: object


@dataclass
class TableDiff:
    shipped_rows: int
    uploaded_rows: int
    unchanged: int
    added: pd.DataFrame  # rows only in the upload (not pairing with a removed row)
    removed: pd.DataFrame  # rows only in the shipped data
    changed: list[Change] = field(default_factory=list)
    changed_rows: int = 0
    years: tuple[tuple[int, int] | None, tuple[int, int] | None] = (None, None)  # (shipped, uploaded) year span

    @property
    def identical(self) -> bool:
        return self.added.empty and self.removed.empty and not self.changed_rows

    def changes_frame(self) -> pd.DataFrame:
        """The changed fields as a table: row (identity as text), field, old, new."""
        return pd.DataFrame(
            [{"row": _label(c.identity), "field": c.field, "old": _text(c.old), "new": _text(c.new)} for c in self.changed],
            columns=["row", "field", "old", "new"],
        )


KEY_TYPES = ("integer", "date", "year")


def identity_fields(schema: dict) -> list[str]:
    """The fields that name a row (the table's key): required, and a whole number, a date, a coded value
    (enum) or a checked identifier such as the source URL (pattern). Figures, flags and free text (titles,
    quotes) are what a row says, not which row it is. Without such fields: every required non-number field."""
    required = [f for f in schema["fields"] if f.get("constraints", {}).get("required")]
    keyed = [
        f["name"]
        for f in required
        if f.get("type", "string") in KEY_TYPES
        or (f.get("type", "string") == "string" and ({"enum", "pattern"} & set(f.get("constraints", {}))))
    ]
    return keyed or [f["name"] for f in required if f.get("type") != "number"] or [f["name"] for f in schema["fields"]]


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _label(identity: tuple) -> str:
    """A row's identity for people: its texts and numbers (flags such as true/false say little)."""
    return " · ".join(_text(v) for v in identity if v is not None and not isinstance(v, bool) and _text(v))


def _cell(value: object) -> object:
    """A hashable, comparable form of a cell: missing → None, floats rounded, dates as ISO text."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 9)
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return _cell(value.item())
    return value


def _records(frame: pd.DataFrame, columns: list[str]) -> list[tuple]:
    return [tuple(_cell(v) for v in row) for row in frame[columns].itertuples(index=False, name=None)]


def _year_span(frame: pd.DataFrame) -> tuple[int, int] | None:
    if "year" not in frame or frame["year"].dropna().empty:
        return None
    years = frame["year"].dropna()
    return int(years.min()), int(years.max())


def diff_tables(shipped: pd.DataFrame, uploaded: pd.DataFrame, schema: dict) -> TableDiff:
    """Compare two typed tables of the same resource (as `data.load` and `read_table` return them)."""
    columns = [f["name"] for f in schema["fields"]]
    old_rows, new_rows = _records(shipped, columns), _records(uploaded, columns)
    old_count, new_count = Counter(old_rows), Counter(new_rows)
    common = old_count & new_count
    only_old = old_count - common
    only_new = new_count - common

    # Pair removed and added rows with the same identity as changes (one to one, in file order).
    positions = [columns.index(name) for name in identity_fields(schema)]
    waiting: dict[tuple, list[tuple]] = {}
    for record in _expand(only_new, new_rows):
        waiting.setdefault(tuple(record[p] for p in positions), []).append(record)
    changes: list[Change] = []
    removed_left: list[tuple] = []
    changed_rows = 0
    for record in _expand(only_old, old_rows):
        key = tuple(record[p] for p in positions)
        if waiting.get(key):
            partner = waiting[key].pop(0)
            changed_rows += 1
            changes += [
                Change(key, name, old, new) for name, old, new in zip(columns, record, partner, strict=True) if old != new
            ]
        else:
            removed_left.append(record)
    added_left = [record for records in waiting.values() for record in records]
    order = {record: i for i, record in enumerate(new_rows)}
    added_left.sort(key=lambda r: order.get(r, 0))
    return TableDiff(
        shipped_rows=len(shipped),
        uploaded_rows=len(uploaded),
        unchanged=sum(common.values()),
        added=pd.DataFrame(added_left, columns=columns),
        removed=pd.DataFrame(removed_left, columns=columns),
        changed=changes,
        changed_rows=changed_rows,
        years=(_year_span(shipped), _year_span(uploaded)),
    )


def _expand(counts: Counter, in_order: list[tuple]) -> list[tuple]:
    """The records of a multiset in the order they appear in the table."""
    left = Counter(counts)
    out = []
    for record in in_order:
        if left[record] > 0:
            out.append(record)
            left[record] -= 1
    return out

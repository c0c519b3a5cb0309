"""What can be wrong with a data file: one `Problem` per finding, each with a stable code and its values.

A problem is made by `problem(code, row, column, **values)`: `code` is a key of `MESSAGES`, `values`
fill its placeholders. The English `message` is for scripts and logs (`str(DataError)` reads as
English); the app shows a problem in the reader's language from its code (catalog key
`problem.<code>`, placeholders from `values`), so rewording a message here never breaks a translation.

Values are strings as shown (cell text, bounds, names), whole numbers (counts and limits, written
with thousands separators) or, for keys ending in `_bytes`, a size in bytes (written as MB or bytes).
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["MAX_PROBLEMS", "MESSAGES", "DataError", "Problem", "fail", "problem", "size_text"]

MAX_PROBLEMS = 20

# code → the English message; placeholders name the problem's values.
MESSAGES: dict[str, str] = {
    # the file as a whole
    "file_not_found": "file not found",
    "not_a_file": "not a file",
    "file_unreadable": "cannot read the file ({reason})",
    "file_too_large": "the file is {size_bytes}; the limit is {limit_bytes}",
    "file_over_limit": "the file is larger than the limit of {limit_bytes}",
    "empty_file": "the file is empty",
    "no_table": "the file holds no table",
    "no_data_rows": "the table has a header but no data rows",
    "binary_file": "the file is binary, not a text table (CSV) or an XLSX workbook",
    "utf16_text": "the file is UTF-16 text; save it as CSV UTF-8 or Windows-1251",
    "unknown_encoding": "not readable text: neither UTF-8 nor {encodings}",
    "invalid_encoding": "not valid {encoding} text",
    "lossy_encoding": "'{found}': a letter became '?' ({encoding} has no such letter; save the file as CSV UTF-8)",
    "not_utf8": "not UTF-8 text ({reason})",
    "not_json": "not valid JSON ({reason})",
    "unknown_resource": "no resource '{resource}' (has: {known})",
    "xls_workbook": "old Excel 97–2003 (.xls) workbook: save it as .xlsx or CSV",
    # size limits
    "too_many_lines": "the file has {rows:,} lines after the header; the limit is {limit:,} rows",
    "too_many_lines_estimated": "the file has about {rows:,} lines after the header; the limit is {limit:,} rows",
    "too_many_rows": "the file has {rows:,} rows; the limit is {limit:,}",
    "line_too_long": "the line is {chars:,} characters long; the limit is {limit:,}",
    "too_many_columns": "the header has more than {limit} columns",
    "workbook_too_large": "the workbook unpacks to {size_bytes}; the limit is {limit_bytes}",
    "sheet_too_many_rows": "the sheet has {rows:,} rows after the header; the limit is {limit:,}",
    "sheet_over_row_limit": "the sheet has more than {limit:,} rows; that is the limit",
    "sheet_too_many_columns": "the sheet has {columns} columns; the limit is {limit}",
    "sheet_over_column_limit": "the sheet has more than {limit} columns",
    "cell_too_long": "a cell is {chars:,} characters long; the limit is {limit:,}",
    # CSV and XLSX structure
    "unreadable_csv": "not a readable CSV table ({reason})",
    "unclosed_quote": 'a quote (") is opened and never closed',
    "wrong_cell_count": "expected {expected} cells as in the header, found {found}",
    "unreadable_xlsx": "not a readable XLSX workbook ({reason})",
    "empty_sheet": "the first sheet of the workbook is empty",
    "no_column_names": "the first row holds no column names",
    "duplicate_column": "the column appears twice in the header (also as '{other}')",
    # cells against the schema
    "missing_column": "required column is missing from the header",
    "value_required": "a value is required",
    "not_whole_number": "expected a whole number, found '{found}'",
    "not_number": "expected a number, found '{found}'",
    "not_finite_number": "expected a finite number, found '{found}'",
    "not_boolean": "expected true or false, found '{found}'",
    "not_date": "expected a date as YYYY-MM-DD, found '{found}'",
    "below_minimum": "must be at least {minimum}, found {found}",
    "above_maximum": "must be at most {maximum}, found {found}",
    "not_allowed": "must be one of {allowed}, found '{found}'",
    "not_a_link": "does not look like {description}",
    "pattern_mismatch": "does not look like {description}",
    # UN Comtrade files
    "comtrade_column_missing": "required Comtrade column is missing from the header",
    "comtrade_columns_missing": "required Comtrade column is missing (or {other})",
    "comtrade_column_twice": "found in more than one column ({columns})",
    "negative_value": "must be at least 0",
    "year_out_of_range": "must be a year from {low} to {high}",
    "conflicting_rows": "the same year, reporter, partner, flow and product appears again with another value",
    "no_pair_rows": "no Uzbekistan–Kazakhstan rows: the file needs reporter UZB (860) or KAZ (398) with the other as partner",
    "no_flow_rows": "no export (X) or import (M) rows between Uzbekistan and Kazakhstan",
    # UN Comtrade API (`detail` is the client's own text)
    "api_network": "network: {detail}",
    "api_timeout": "timeout: {detail}",
    "api_rate_limit": "rate_limit: {detail}",
    "api_key": "key: {detail}",
    "api_http": "http: {detail}",
    "api_malformed": "malformed: {detail}",
    "api_empty": "empty: {detail}",
}


def size_text(n: int) -> str:
    """A size in bytes as English text: '1.5 MB' from 1 MB on, '1,234 bytes' below."""
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n:,} bytes"


@dataclass(frozen=True)
class Problem:
    """One finding: where (spreadsheet row, header = 1; column) and what (code, values, English message).

    Equal problems have the same row, column and message (the message is made from code and values).
    """

    row: int | None  # spreadsheet row: header is 1, first data row is 2
    column: str | None
    message: str
    code: str = field(default="", compare=False)
    values: dict[str, object] = field(default_factory=dict, compare=False)

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}" if where else self.message


def problem(code: str, row: int | None = None, column: str | None = None, **values: object) -> Problem:
    """The problem `code` (a key of MESSAGES) at `row` and `column`, with `values` for its placeholders."""
    english = {key: size_text(int(value)) if key.endswith("_bytes") else value for key, value in values.items()}
    return Problem(row, column, MESSAGES[code].format(**english), code, dict(values))


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


def fail(file: str, code: str, row: int | None = None, column: str | None = None, **values: object) -> DataError:
    """A DataError of `file` with the one problem `code`."""
    return DataError(file, [problem(code, row, column, **values)])

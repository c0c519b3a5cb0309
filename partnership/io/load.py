"""Load one resource of the shipped Data Package into a typed DataFrame.

`load("trade")` reads the resource, checks it against its Table Schema and returns one typed
DataFrame; anything wrong ends in one `DataError` that names the file, the spreadsheet row and the column.
"""

from __future__ import annotations

import os

import pandas as pd

from partnership.io.package import resolve_data_dir, resource_meta
from partnership.io.problems import fail
from partnership.io.schema import validate_frame

__all__ = ["load"]


def load(resource: str, data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """Read one resource of the Data Package, validated and typed per its Table Schema."""
    folder = resolve_data_dir(data_dir)
    meta = resource_meta(resource, folder)
    file = folder / meta["path"]
    try:
        raw = pd.read_csv(file, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    except FileNotFoundError:
        raise fail(str(file), "file_not_found") from None
    except UnicodeDecodeError as exc:
        raise fail(str(file), "not_utf8", reason=str(exc.reason)) from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise fail(str(file), "unreadable_csv", reason=str(exc)) from None
    return validate_frame(raw, meta["schema"], str(file))

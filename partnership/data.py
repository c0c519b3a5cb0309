"""Load the shipped Data Package (data/*.csv + datapackage.json) into typed DataFrames.

`load("trade")` reads the resource, checks it against its Table Schema and returns
one typed DataFrame; anything wrong ends in one `DataError` that names the file,
the spreadsheet row and the column.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

import pandas as pd

from partnership.schema import DataError, Problem, validate_frame

__all__ = ["DataError", "Problem", "resolve_data_dir", "load", "read_table", "package", "resource_meta", "RESOURCES"]

DATA_DIR_ENV = "PARTNERSHIP_DATA_DIR"
DEFAULT_DATA_DIR = Path(__file__).resolve().parents[1] / "data"
RESOURCES = ("trade", "targets", "projects", "agreements", "events")


def resolve_data_dir(path: str | os.PathLike | None = None) -> Path:
    """The data folder: the argument, else $PARTNERSHIP_DATA_DIR, else data/ beside app.py."""
    if path is not None:
        return Path(path)
    return Path(os.environ.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR)


def _read_package(folder: Path) -> dict:
    descriptor = folder / "datapackage.json"
    try:
        return json.loads(descriptor.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(str(descriptor), [Problem(None, None, "file not found")]) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataError(str(descriptor), [Problem(None, None, f"not valid JSON ({exc})")]) from None


@lru_cache(maxsize=8)
def _package_cached(folder: str, mtime: float) -> dict:
    return _read_package(Path(folder))


def package(path: str | os.PathLike | None = None) -> dict:
    """The datapackage.json descriptor of the data folder."""
    folder = resolve_data_dir(path)
    descriptor = folder / "datapackage.json"
    mtime = descriptor.stat().st_mtime if descriptor.exists() else 0.0
    return _package_cached(str(folder), mtime)


def resource_meta(resource: str, path: str | os.PathLike | None = None) -> dict:
    """The descriptor of one resource (name, path, schema, sources, licenses)."""
    for entry in package(path)["resources"]:
        if entry["name"] == resource:
            return entry
    known = ", ".join(r["name"] for r in package(path)["resources"])
    raise DataError(
        str(resolve_data_dir(path) / "datapackage.json"), [Problem(None, None, f"no resource '{resource}' (has: {known})")]
    )


def load(resource: str, data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """Read one resource of the Data Package, validated and typed per its Table Schema."""
    folder = resolve_data_dir(data_dir)
    meta = resource_meta(resource, folder)
    file = folder / meta["path"]
    try:
        raw = pd.read_csv(file, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    except FileNotFoundError:
        raise DataError(str(file), [Problem(None, None, "file not found")]) from None
    except UnicodeDecodeError as exc:
        raise DataError(str(file), [Problem(None, None, f"not UTF-8 text ({exc.reason})")]) from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataError(str(file), [Problem(None, None, f"not a readable CSV table ({exc})")]) from None
    return validate_frame(raw, meta["schema"], str(file))


def read_table(source, resource: str, **options) -> pd.DataFrame:
    """Read a replacement for `resource` from a path, bytes or file object: CSV (UTF-8, UTF-8 BOM or
    Windows-1251; comma, semicolon or tab; decimal comma) or XLSX, typed per the resource's schema.

    See `partnership.read_table.read_table` for the options (file name, limits); raises DataError.
    """
    from partnership.read_table import read_table as _read_table

    return _read_table(source, resource, **options)

"""The facts as DataFrames: the public entry point for pages, tests and scripts.

    from partnership import data
    trade = data.load("trade")                       # the shipped resource, typed per datapackage.json
    mine = data.read_table("trade.csv", "trade")     # a replacement in people's formats, same types
    except data.DataError as error: error.problems   # file, row, column, code and values of each problem

The work is done in `partnership.io` (package, load, schema, read_table); this module names what
other code relies on, so those modules can change without breaking a script.
"""

from __future__ import annotations

from partnership.io.load import load
from partnership.io.package import DATA_DIR_ENV, DEFAULT_DATA_DIR, RESOURCES, package, resolve_data_dir, resource_meta
from partnership.io.problems import DataError, Problem
from partnership.io.read_table import read_table

__all__ = [
    "DATA_DIR_ENV",
    "DEFAULT_DATA_DIR",
    "RESOURCES",
    "DataError",
    "Problem",
    "load",
    "package",
    "read_table",
    "resolve_data_dir",
    "resource_meta",
]

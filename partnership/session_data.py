"""One session's tables: uploaded replacements of resources and UN Comtrade trade rows over the shipped data.

Pure: the shipped tables come from a `shipped(resource)` callable (by default `data.load`; the app passes
its cached loader), so scripts and tests can combine tables without Streamlit. Nothing is written anywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

from partnership import data, kpis, scenarios, trade
from partnership.export.provenance import Provenance, Upload
from partnership.i18n import error_text, t

__all__ = [
    "MODES",
    "OVERVIEW_RESOURCES",
    "Unusable",
    "comtrade_mode",
    "overview_problem",
    "provenance",
    "reason_text",
    "session_tables",
]

MODES = ("add", "replace")  # Comtrade trade rows are added to the published ones, or replace them
OVERVIEW_RESOURCES = ("trade", "targets", "projects")  # what the Overview's figures are computed from

Shipped = Callable[[str], pd.DataFrame]


class Unusable(ValueError):
    """Tables the Overview cannot compute its figures from; `cause` is why (its English text is this error's)."""

    def __init__(self, cause: Exception):
        super().__init__(str(cause))
        self.cause = cause


def reason_text(problem: Unusable, lang: str) -> str:
    """Why the Overview cannot use the tables, in `lang`, translated from the cause's code (plain text)."""
    cause = problem.cause
    if isinstance(cause, data.DataError):
        return error_text(cause, lang)
    if isinstance(cause, trade.MissingFigure):
        return t(f"data.overview.{cause.code}", lang)
    if isinstance(cause, scenarios.ScenarioInputError):
        return scenarios.error_text(cause, lang)
    return str(cause)


def session_tables(
    uploads: Mapping[str, pd.DataFrame],
    comtrade_rows: pd.DataFrame | None = None,
    mode: str = "add",
    shipped: Shipped = data.load,
) -> dict[str, pd.DataFrame]:
    """What the pages see in a session: the uploaded replacements, plus or instead of Comtrade trade rows.

    In "add" mode the rows go after the session's trade table (its upload, else the shipped one; if the
    shipped one cannot be read, the Comtrade rows alone). In "replace" mode they are the trade table.
    """
    tables = dict(uploads)
    if comtrade_rows is not None:
        try:
            base = tables["trade"] if "trade" in tables else shipped("trade")
        except data.DataError:
            base = comtrade_rows.iloc[0:0]  # the published trade table is unreadable: Comtrade rows alone
        tables["trade"] = comtrade_rows if mode == "replace" else pd.concat([base, comtrade_rows], ignore_index=True)
    return tables


def overview_problem(tables: Mapping[str, pd.DataFrame], shipped: Shipped = data.load) -> Unusable | None:
    """Why the Overview could not compute its figures from these tables (the shipped ones where
    missing), or None if it can."""
    try:
        view = {name: tables[name] if name in tables else shipped(name) for name in OVERVIEW_RESOURCES}
        kpis.overview(view["trade"], view["targets"], view["projects"])
    except (LookupError, ValueError, ArithmeticError) as error:  # DataError is a ValueError: broken shipped data
        return Unusable(error)
    return None


def comtrade_mode(
    uploads: Mapping[str, pd.DataFrame], comtrade_rows: pd.DataFrame, mode: str, shipped: Shipped = data.load
) -> tuple[str, Unusable | None]:
    """The mode to import Comtrade rows in, and why the Overview could not use the result (None if it can).

    A "replace" the Overview cannot use falls back to "add" (the published years stay beside the rows).
    """
    reason = overview_problem(session_tables(uploads, comtrade_rows, mode, shipped), shipped)
    if reason is not None and mode == "replace":
        mode = "add"
        reason = overview_problem(session_tables(uploads, comtrade_rows, mode, shipped), shipped)
    return mode, reason


def _urls(frame: pd.DataFrame) -> frozenset[str]:
    if "source_url" not in frame.columns:
        return frozenset()
    return frozenset(str(url).strip() for url in frame["source_url"].dropna() if str(url).strip())


def provenance(uploads: Mapping[str, tuple[str, pd.DataFrame]], comtrade: tuple[str, pd.DataFrame] | None = None) -> Provenance:
    """The uploaded files a session's tables come from: each replaced resource ({resource: (file, frame)})
    and a UN Comtrade import's trade rows ((file, rows)), each with its rows' source URLs."""
    files = [Upload(resource, file, _urls(frame)) for resource, (file, frame) in uploads.items()]
    if comtrade is not None:
        files.append(Upload("trade", comtrade[0], _urls(comtrade[1])))
    return Provenance(tuple(files))

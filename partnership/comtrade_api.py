"""UN Comtrade's API through its official client (`comtradeapicall`) → rows of the `trade` resource.

Annual goods trade (HS, final data) of Uzbekistan (860) with Kazakhstan (398) and of Kazakhstan with
Uzbekistan (the mirror), TOTAL and HS chapters (AG2), exports and imports: one query per reporter and
year, so every answer stays well under the preview's 500-record limit. Without a key the client's
`previewFinalData` is used (public preview, no registration); with a key (`COMTRADE_API_KEY` from the
environment, or passed in by the caller, e.g. the app from st.secrets) `getFinalData`.

Each answer is shaped by the same code as a downloaded Comtrade file (`comtrade.import_comtrade`), so
the rows are exactly what `read_comtrade` would give; each row's `source_url` is its API query without
the key. The key never appears in a URL, a message or a log: the client prints its errors, so its
output is captured and the key is removed from it.

Failures are values the caller can act on: `ComtradeApiError` (a DataError) with `reason` one of
network, timeout, rate_limit, key, http, malformed, empty; nothing is returned half-done.
"""

from __future__ import annotations

import contextlib
import io
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from urllib.parse import urlencode

import pandas as pd

from partnership.comtrade import KAZAKHSTAN, PARTNER_OF, REPORTER_NAMES, UZBEKISTAN, ComtradeImport, import_comtrade
from partnership.io.problems import DataError, problem

__all__ = ["API_KEY_ENV", "API_TITLE", "ComtradeApiError", "Query", "fetch_from_api", "fetch_import", "parse_years", "queries"]

API_KEY_ENV = "COMTRADE_API_KEY"
API_TITLE = "UN Comtrade API"
PREVIEW_URL = "https://comtradeapi.un.org/public/v1/preview/C/A/HS"
GET_URL = "https://comtradeapi.un.org/data/v1/get/C/A/HS"
# TOTAL and every HS chapter; the shaping uses TOTAL and keeps the chapters for the product breakdown.
COMMODITIES = "TOTAL,AG2"
FLOWS = "X,M"
# The public preview allows about one call a second; a pause between calls keeps a refresh within it.
PAUSE_SECONDS = 1.0
MAX_YEARS = 35
REASONS = ("network", "timeout", "rate_limit", "key", "http", "malformed", "empty")


class ComtradeApiError(DataError):
    """A refresh that could not be done; `reason` (one of REASONS) lets the UI say it in its language."""

    def __init__(self, query: str, reason: str, detail: str):
        self.reason = reason
        self.detail = detail
        super().__init__(query, [problem(f"api_{reason}", detail=detail)])


@dataclass(frozen=True)
class Query:
    """One API call: a reporter's trade with its partner in one year."""

    reporter: int
    year: int

    @property
    def partner(self) -> int:
        return PARTNER_OF[self.reporter]

    def params(self) -> dict[str, object]:
        return {
            "reporterCode": self.reporter,
            "partnerCode": self.partner,
            "period": self.year,
            "cmdCode": COMMODITIES,
            "flowCode": FLOWS,
            "partner2Code": 0,
            "customsCode": "C00",
            "motCode": 0,
            "includeDesc": "True",
        }

    def url(self, keyed: bool) -> str:
        """The query as a link, without the key (what a row's source_url says)."""
        return f"{GET_URL if keyed else PREVIEW_URL}?{urlencode(self.params())}"


def parse_years(text: str) -> list[int]:
    """'2020-2025' or '2021,2023' or '2024' → years; ValueError naming what is wrong."""
    years: set[int] = set()
    for part in str(text).replace(" ", "").split(","):
        if not part:
            continue
        first, _, last = part.partition("-")
        if not first.isdigit() or (last and not last.isdigit()):
            raise ValueError(f"years: {part!r} is not a year or a range like 2020-2025")
        start, end = int(first), int(last or first)
        if end < start:
            raise ValueError(f"years: {part!r} ends before it starts")
        years.update(range(start, end + 1))
    if not years:
        raise ValueError("years: none given")
    if min(years) < 1991 or max(years) > 2100:
        raise ValueError("years: must be from 1991 to 2100")
    if len(years) > MAX_YEARS:
        raise ValueError(f"years: at most {MAX_YEARS} at a time")
    return sorted(years)


def queries(years: Iterable[int]) -> list[Query]:
    """Uzbekistan's report first, then Kazakhstan's mirror, year by year."""
    return [Query(reporter, int(year)) for year in sorted(set(years)) for reporter in (UZBEKISTAN, KAZAKHSTAN)]


def _client():
    """The official client (imported on use: the app starts without it being loaded)."""
    import comtradeapicall

    return comtradeapicall


def _scrub(text: str, key: str | None) -> str:
    text = " ".join(str(text).split())[:500]
    return text.replace(key, "***") if key else text


def _classify(printed: str) -> str:
    """The client prints its failure and returns None: the printed text says which failure it was."""
    lowered = printed.lower()
    if "timed out" in lowered or "timeout" in lowered:
        return "timeout"
    if "request error" in lowered:
        return "network"
    if "429" in lowered or "rate limit" in lowered or "too many requests" in lowered or "quota" in lowered:
        return "rate_limit"
    if "401" in lowered or "403" in lowered or "subscription" in lowered or "access denied" in lowered:
        return "key"
    return "http"


def _call(client, query: Query, key: str | None) -> pd.DataFrame:
    params = query.params()
    args = dict(
        typeCode="C",
        freqCode="A",
        clCode="HS",
        period=str(params["period"]),
        reporterCode=str(params["reporterCode"]),
        cmdCode=params["cmdCode"],
        flowCode=params["flowCode"],
        partnerCode=str(params["partnerCode"]),
        partner2Code=str(params["partner2Code"]),
        customsCode=params["customsCode"],
        motCode=str(params["motCode"]),
        includeDesc=True,
    )
    url = query.url(keyed=key is not None)
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            answer = client.getFinalData(key, **args) if key else client.previewFinalData(**args)
    except Exception as error:  # the client lets JSON and format errors through: the answer was not data
        raise ComtradeApiError(url, "malformed", _scrub(f"{type(error).__name__}: {error}", key)) from None
    if answer is None:
        said = _scrub(printed.getvalue(), key) or "no answer"
        raise ComtradeApiError(url, _classify(said), said)
    if not isinstance(answer, pd.DataFrame):
        raise ComtradeApiError(url, "malformed", f"expected a table of records, got {type(answer).__name__}")
    return answer


def _shape(query: Query, answer: pd.DataFrame, keyed: bool) -> ComtradeImport:
    """One answer through the file import's shaping; its rows named after the query."""
    url = query.url(keyed)
    name = f"comtrade-api-{query.reporter}-{query.year}.csv"
    try:
        result = import_comtrade(answer.to_csv(index=False).encode("utf-8"), name=name)
    except DataError as error:
        raise ComtradeApiError(url, "malformed", "; ".join(str(p) for p in error.problems)) from None
    trade = result.trade.copy()
    trade["source_title"] = API_TITLE
    trade["source_url"] = url
    trade["quote"] = trade["quote"].str.replace(name, f"{API_TITLE} ({'getFinalData' if keyed else 'previewFinalData'})")
    return replace(result, trade=trade)


def fetch_import(years: Iterable[int], *, key: str | None = None, client=None) -> ComtradeImport:
    """Ask the API for `years`; trade rows and HS chapters for both reporters, or ComtradeApiError.

    `key` defaults to COMTRADE_API_KEY from the environment; empty means none. `client` defaults to
    the official `comtradeapicall` (tests pass recorded answers). A reporter-year without data (not
    reported yet) is skipped and counted in notes["empty_answers"]; if every answer is empty, that is
    an error ("empty"). Any other failure stops the whole refresh: nothing is returned half-done.
    """
    key = (key if key is not None else os.environ.get(API_KEY_ENV, "")).strip() or None
    pause = PAUSE_SECONDS if client is None else 0  # recorded answers have no rate limit
    client = client or _client()
    calls = queries(years)
    shaped: list[ComtradeImport] = []
    empty = 0
    for index, query in enumerate(calls):
        if index and pause:
            time.sleep(pause)
        answer = _call(client, query, key)
        if answer.empty:
            empty += 1
            continue
        shaped.append(_shape(query, answer, key is not None))
    if not shaped:
        first = calls[0].url(key is not None) if calls else PREVIEW_URL
        raise ComtradeApiError(first, "empty", f"no records for {', '.join(str(y) for y in sorted(set(years)))}")
    trade = pd.concat([s.trade for s in shaped], ignore_index=True)
    products = pd.concat([s.products for s in shaped], ignore_index=True)
    notes: dict[str, int] = {}
    for s in shaped:
        for name, value in s.notes.items():
            notes[name] = notes.get(name, 0) + int(value)
    notes["empty_answers"] = empty
    reporters = ", ".join(REPORTER_NAMES[r] for r in (UZBEKISTAN, KAZAKHSTAN))
    return ComtradeImport(file=f"{API_TITLE}: {reporters}", trade=trade, products=products, notes=notes)


class RecordedClient:
    """Answers from files instead of the network, with the official client's two call signatures.

    `<reporterCode>-<year>.json` is the API's JSON answer (`{"count", "data": [records]}`); a missing file
    is an empty answer; `<reporterCode>-<year>.error` is what the client would print on a failure, and
    the call then returns None as the client does. For tests and `refresh --from-file`.
    """

    def __init__(self, folder: str | os.PathLike):
        from pathlib import Path

        self.folder = Path(folder)
        if not self.folder.is_dir():
            raise ComtradeApiError(str(folder), "malformed", "the folder of recorded answers does not exist")

    def previewFinalData(self, typeCode, freqCode, clCode, period, reporterCode, cmdCode, flowCode, partnerCode, **rest):  # noqa: N802 (the client's name)
        return self._answer(reporterCode, period)

    def getFinalData(
        self, subscription_key, typeCode, freqCode, clCode, period, reporterCode, cmdCode, flowCode, partnerCode, **rest
    ):  # noqa: N802
        return self._answer(reporterCode, period)

    def _answer(self, reporter, period):
        import json

        stem = f"{reporter}-{period}"
        failure = self.folder / f"{stem}.error"
        if failure.is_file():
            print(failure.read_bytes().decode())  # UTF-8, whatever the machine's locale
            return None
        answer = self.folder / f"{stem}.json"
        if not answer.is_file():
            return pd.DataFrame()
        return pd.json_normalize(json.loads(answer.read_bytes())["data"])


def fetch_from_api(years, *, key: str | None = None) -> pd.DataFrame:
    """Annual trade rows from UN Comtrade's API (official client `comtradeapicall`), shaped like
    `read_comtrade`: one row per year and reporter, seen from Uzbekistan, each row's source the API query
    (without the key). Without a key (argument or COMTRADE_API_KEY) the public preview is asked.
    Failures raise `comtrade_api.ComtradeApiError` (a DataError) with a `reason`; below."""
    return fetch_import(years, key=key).trade

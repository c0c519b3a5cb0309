"""UN Comtrade API refresh: recorded answers in the API's shape, a stand-in client; never the network."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest
import urllib3

from partnership import comtrade, comtrade_api, data
from tests.conftest import ROOT

RECORDED = ROOT / "tests" / "fixtures" / "comtrade_api"
SECRET = "s3cr3t-key-0123456789"


class Spy(comtrade_api.RecordedClient):
    """Recorded answers, remembering which of the client's functions was called and with what."""

    def __init__(self, folder=RECORDED):
        super().__init__(folder)
        self.calls = []

    def previewFinalData(self, *args, **kwargs):  # noqa: N802
        self.calls.append(("preview", None, kwargs))
        return super().previewFinalData(*args, **kwargs)

    def getFinalData(self, subscription_key, *args, **kwargs):  # noqa: N802
        self.calls.append(("get", subscription_key, kwargs))
        return super().getFinalData(subscription_key, *args, **kwargs)


class Failing:
    """A client that behaves like comtradeapicall on a failure: prints what went wrong, returns None."""

    def __init__(self, printed=None, raises=None, returns=None):
        self.printed, self.raises, self.returns = printed, raises, returns

    def _do(self):
        if self.raises is not None:
            raise self.raises
        if self.printed is not None:
            print(self.printed)
        return self.returns

    def previewFinalData(self, *args, **kwargs):  # noqa: N802
        return self._do()

    def getFinalData(self, *args, **kwargs):  # noqa: N802
        return self._do()


@pytest.fixture(autouse=True)
def no_key(monkeypatch):
    monkeypatch.delenv(comtrade_api.API_KEY_ENV, raising=False)


def use(monkeypatch, client):
    monkeypatch.setattr(comtrade_api, "_client", lambda: client)
    monkeypatch.setattr(comtrade_api, "PAUSE_SECONDS", 0)
    return client


def test_rows_are_shaped_like_read_comtrade_with_the_query_as_source(monkeypatch):
    spy = use(monkeypatch, Spy())
    rows = comtrade_api.fetch_from_api([2022, 2023])
    assert [c for c in rows.columns] == [f["name"] for f in data.resource_meta("trade")["schema"]["fields"]]
    assert list(zip(rows["year"], rows["reporter"], strict=True)) == [
        (2022, "Uzbekistan"),
        (2022, "Kazakhstan"),
        (2023, "Uzbekistan"),
        (2023, "Kazakhstan"),
    ]
    # The same records through the file import give the same figures.
    records = json.loads((RECORDED / "860-2022.json").read_text(encoding="utf-8"))["data"]
    from_file = comtrade.read_comtrade(pd.DataFrame(records).to_csv(index=False).encode("utf-8"), name="x.csv")
    for name in ("turnover_usd_bn", "exports_uz_to_kz_usd_bn", "imports_uz_from_kz_usd_bn", "period_type", "months"):
        assert rows.loc[0, name] == from_file.loc[0, name]
    assert rows.loc[0, "exports_uz_to_kz_usd_bn"] == pytest.approx(1.26)
    assert rows.loc[1, "exports_uz_to_kz_usd_bn"] == pytest.approx(1.155)  # Kazakhstan's imports: the mirror
    assert (rows["source_title"] == "UN Comtrade API").all()
    assert rows.loc[0, "source_url"].startswith("https://comtradeapi.un.org/public/v1/preview/C/A/HS?reporterCode=860")
    assert "partnerCode=398" in rows.loc[0, "source_url"] and "period=2022" in rows.loc[0, "source_url"]
    assert rows.loc[0, "quote"].startswith("UN Comtrade API (previewFinalData)")
    # Without a key: the public preview, one call per reporter and year, TOTAL and chapters, both flows.
    assert [c[0] for c in spy.calls] == ["preview"] * 4
    first = spy.calls[0][2]
    assert (first["reporterCode"], first["partnerCode"], first["period"]) == ("860", "398", "2022")
    assert (first["cmdCode"], first["flowCode"], first["freqCode"], first["typeCode"], first["clCode"]) == (
        "TOTAL,AG2",
        "X,M",
        "A",
        "C",
        "HS",
    )


def test_with_a_key_get_final_data_is_used_and_the_key_is_nowhere_in_the_rows(monkeypatch):
    spy = use(monkeypatch, Spy())
    monkeypatch.setenv(comtrade_api.API_KEY_ENV, SECRET)
    rows = comtrade_api.fetch_from_api([2024])
    assert [(c[0], c[1]) for c in spy.calls] == [("get", SECRET)] * 2
    assert rows["source_url"].str.startswith("https://comtradeapi.un.org/data/v1/get/C/A/HS?").all()
    assert not rows.astype(str).apply(lambda col: col.str.contains(SECRET)).any().any()
    spy.calls.clear()
    comtrade_api.fetch_from_api([2024], key="another-key")  # an explicit key (the app's st.secrets) wins
    assert {c[1] for c in spy.calls} == {"another-key"}


def test_product_breakdown_comes_with_the_rows(monkeypatch):
    use(monkeypatch, Spy())
    result = comtrade_api.fetch_import([2021])
    assert set(result.products["hs_chapter"]) == {"08", "10", "72"}
    assert set(result.products["reporter"]) == {"Uzbekistan", "Kazakhstan"}


@pytest.mark.parametrize(
    ("printed", "reason"),
    [
        ('{"statusCode": 429, "message": "Rate limit is exceeded. Try again in 1 seconds."}', "rate_limit"),
        (f'{{"statusCode": 401, "message": "Access denied due to invalid subscription key {SECRET}"}}', "key"),
        ("Request error: HTTPSConnectionPool(host='comtradeapi.un.org'): Read timed out. (read timeout=120)", "timeout"),
        (
            f"Request error: HTTPSConnectionPool(host='comtradeapi.un.org', port=443): Max retries exceeded with url: "
            f"/data/v1/get/C/A/HS?subscription-key={SECRET} (Caused by NameResolutionError)",
            "network",
        ),
        ('{"statusCode": 500, "message": "Internal server error"}', "http"),
    ],
)
def test_failures_are_clear_messages_without_the_key(monkeypatch, capsys, printed, reason):
    use(monkeypatch, Failing(printed=printed))
    with pytest.raises(comtrade_api.ComtradeApiError) as info:
        comtrade_api.fetch_from_api([2024], key=SECRET)
    assert info.value.reason == reason
    assert isinstance(info.value, data.DataError)
    assert SECRET not in str(info.value) and SECRET not in info.value.detail and SECRET not in info.value.file
    assert info.value.file.startswith("https://comtradeapi.un.org/data/v1/get/")
    assert SECRET not in capsys.readouterr().out  # the client's own print is captured, not shown


@pytest.mark.parametrize(
    "client",
    [
        Failing(raises=json.JSONDecodeError("Expecting value", "<html>", 0)),
        Failing(raises=KeyError("data")),
        Failing(returns={"count": 1}),
        Failing(returns=pd.DataFrame({"refYear": [2024], "flowCode": ["X"]})),  # columns missing
    ],
)
def test_malformed_answers_are_refused(monkeypatch, client):
    use(monkeypatch, client)
    with pytest.raises(comtrade_api.ComtradeApiError) as info:
        comtrade_api.fetch_from_api([2024])
    assert info.value.reason == "malformed"


def test_empty_answers(monkeypatch, tmp_path):
    use(monkeypatch, Spy(tmp_path))  # no recorded answer at all
    with pytest.raises(comtrade_api.ComtradeApiError) as info:
        comtrade_api.fetch_from_api([2025])
    assert info.value.reason == "empty"
    use(monkeypatch, Spy())
    result = comtrade_api.fetch_import([2024, 2025])  # 2025 not reported yet: skipped and counted
    assert set(result.trade["year"]) == {2024}
    assert result.notes["empty_answers"] == 2


def test_a_failure_in_any_query_stops_the_whole_refresh(monkeypatch, tmp_path):
    folder = tmp_path / "answers"
    shutil.copytree(RECORDED, folder)
    (folder / "398-2023.error").write_text('{"statusCode": 429, "message": "Rate limit is exceeded."}', encoding="utf-8")
    use(monkeypatch, comtrade_api.RecordedClient(folder))
    with pytest.raises(comtrade_api.ComtradeApiError) as info:
        comtrade_api.fetch_from_api([2022, 2023, 2024])
    assert info.value.reason == "rate_limit" and "reporterCode=398" in info.value.file


def test_the_official_client_without_network_is_a_network_message(monkeypatch):
    """The real comtradeapicall, with the connection failing as it does on a server without internet."""

    def unreachable(self, method, url, *args, **kwargs):
        raise urllib3.exceptions.MaxRetryError(
            None, url, urllib3.exceptions.NameResolutionError("comtradeapi.un.org", None, OSError("no network"))
        )

    monkeypatch.setattr(urllib3.PoolManager, "request", unreachable)
    monkeypatch.setattr(comtrade_api, "PAUSE_SECONDS", 0)
    with pytest.raises(comtrade_api.ComtradeApiError) as info:
        comtrade_api.fetch_from_api([2024], key=SECRET)
    assert info.value.reason == "network"
    assert SECRET not in str(info.value)


@pytest.mark.parametrize(
    ("text", "years"),
    [("2020-2025", [2020, 2021, 2022, 2023, 2024, 2025]), ("2021, 2023", [2021, 2023]), ("2024", [2024])],
)
def test_years(text, years):
    assert comtrade_api.parse_years(text) == years


@pytest.mark.parametrize("text", ["", "2025-2020", "20x1", "1980", "1991-2100"])
def test_bad_years_are_refused(text):
    with pytest.raises(ValueError, match="years"):
        comtrade_api.parse_years(text)


# --- found missing by mutation testing (docs/testing.md) ----------------------------------------------


@pytest.mark.parametrize(
    ("printed", "reason"),
    [
        ("Read TIMED OUT", "timeout"),
        ("Timeout while reading; request error", "timeout"),  # a timeout before anything else
        ("Request Error: connection refused", "network"),
        ("HTTP 429", "rate_limit"),
        ("Rate Limit is exceeded", "rate_limit"),
        ("Too Many Requests", "rate_limit"),
        ("Out of call volume QUOTA", "rate_limit"),
        ("HTTP 401", "key"),
        ("HTTP 403", "key"),
        ("invalid Subscription key", "key"),
        ("Access Denied", "key"),
        ("429 and 401", "rate_limit"),  # a rate limit before a key problem
        ("HTTP 500: internal server error", "http"),
    ],
)
def test_each_printed_failure_is_classified(printed, reason):
    assert comtrade_api._classify(printed) == reason


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "years: none given"),
        (" , ", "years: none given"),
        ("2025-2020", "years: '2025-2020' ends before it starts"),
        ("20x1", "years: '20x1' is not a year or a range like 2020-2025"),
        ("2020-20x1", "years: '2020-20x1' is not a year or a range like 2020-2025"),
        ("1990", "years: must be from 1991 to 2100"),
        ("2101", "years: must be from 1991 to 2100"),
        ("1991-2026", "years: at most 35 at a time"),
    ],
)
def test_bad_years_say_what_is_wrong(text, message):
    with pytest.raises(ValueError) as info:
        comtrade_api.parse_years(text)
    assert str(info.value) == message


def test_years_at_their_bounds_and_parts_left_empty():
    assert comtrade_api.parse_years("1991-2025") == list(range(1991, 2026))  # 35 years: the most at a time
    assert comtrade_api.parse_years("2100") == [2100]
    assert comtrade_api.parse_years("2023,,2021-,2023") == [2021, 2023]


def test_scrub_collapses_space_cuts_at_500_and_hides_the_key():
    assert comtrade_api._scrub("a \n\t b", None) == "a b"
    assert comtrade_api._scrub("x" * 600, None) == "x" * 500
    assert comtrade_api._scrub(f"key={SECRET} again {SECRET}", SECRET) == "key=*** again ***"


def test_a_missing_folder_of_recorded_answers_is_refused_naming_it(tmp_path):
    missing = tmp_path / "nowhere"
    with pytest.raises(comtrade_api.ComtradeApiError) as info:
        comtrade_api.RecordedClient(missing)
    error = info.value
    assert (error.file, error.reason) == (str(missing), "malformed")
    assert error.detail == "the folder of recorded answers does not exist"
    assert [(p.code, p.values) for p in error.problems] == [("api_malformed", {"detail": error.detail})]


def test_the_client_is_asked_for_exactly_the_query(monkeypatch):
    spy = use(monkeypatch, Spy())
    comtrade_api.fetch_from_api([2024])
    query = comtrade_api.queries([2024])[0]
    assert query.params() == {
        "reporterCode": query.reporter,
        "partnerCode": query.partner,
        "period": 2024,
        "cmdCode": comtrade_api.COMMODITIES,
        "flowCode": comtrade_api.FLOWS,
        "partner2Code": 0,
        "customsCode": "C00",
        "motCode": 0,
        "includeDesc": "True",
    }
    assert spy.calls[0] == (
        "preview",
        None,
        {
            "typeCode": "C",
            "freqCode": "A",
            "clCode": "HS",
            "period": "2024",
            "reporterCode": str(query.reporter),
            "cmdCode": comtrade_api.COMMODITIES,
            "flowCode": comtrade_api.FLOWS,
            "partnerCode": str(query.partner),
            "partner2Code": "0",
            "customsCode": "C00",
            "motCode": "0",
            "includeDesc": True,
        },
    )


@pytest.mark.parametrize(
    ("client", "reason", "detail"),
    [
        (Failing(raises=KeyError("data")), "malformed", "KeyError: 'data'"),
        (Failing(returns={"count": 1}), "malformed", "expected a table of records, got dict"),
        (Failing(), "http", "no answer"),  # nothing printed, nothing returned
    ],
)
def test_a_failed_call_names_its_query_the_reason_and_what_was_said(monkeypatch, client, reason, detail):
    use(monkeypatch, client)
    with pytest.raises(comtrade_api.ComtradeApiError) as info:
        comtrade_api.fetch_from_api([2024], key=SECRET)
    assert (info.value.file, info.value.reason, info.value.detail) == (comtrade_api.queries([2024])[0].url(True), reason, detail)


def test_a_client_error_quoting_the_key_is_shown_without_it(monkeypatch):
    use(monkeypatch, Failing(raises=ValueError(f"bad request for key {SECRET}")))
    with pytest.raises(comtrade_api.ComtradeApiError) as info:
        comtrade_api.fetch_from_api([2024], key=SECRET)
    assert (info.value.reason, info.value.detail) == ("malformed", "ValueError: bad request for key ***")


def test_an_answer_the_file_import_refuses_names_its_query_and_every_problem(monkeypatch):
    use(monkeypatch, Failing(returns=pd.DataFrame({"refYear": [2024], "flowCode": ["X"]})))
    with pytest.raises(comtrade_api.ComtradeApiError) as info:
        comtrade_api.fetch_from_api([2024])
    assert (info.value.file, info.value.reason) == (comtrade_api.queries([2024])[0].url(False), "malformed")
    assert info.value.detail.split("; ") == [
        "row 1, column 'cmdCode': required Comtrade column is missing from the header",
        "row 1, column 'primaryValue': required Comtrade column is missing from the header",
        "row 1, column 'reporterCode': required Comtrade column is missing (or reporterISO)",
        "row 1, column 'partnerCode': required Comtrade column is missing (or partnerISO)",
    ]


def test_each_row_quotes_the_client_function_that_answered(monkeypatch):
    use(monkeypatch, Spy())
    preview = comtrade_api.fetch_from_api([2023])
    keyed = comtrade_api.fetch_from_api([2023], key=SECRET)
    assert preview["quote"].str.startswith("UN Comtrade API (previewFinalData): ").all()
    assert list(keyed["quote"]) == [q.replace("(previewFinalData)", "(getFinalData)") for q in preview["quote"]]


def test_the_official_client_is_asked_at_most_once_a_pause_recorded_answers_at_once(monkeypatch):
    slept = []
    monkeypatch.setattr(comtrade_api.time, "sleep", slept.append)
    monkeypatch.setattr(comtrade_api, "PAUSE_SECONDS", 1.5)
    monkeypatch.setattr(comtrade_api, "_client", Spy)  # what the official client answers, with its pause
    comtrade_api.fetch_import([2022, 2023])
    assert slept == [1.5, 1.5, 1.5]  # between the four calls, not before the first
    comtrade_api.fetch_import([2022, 2023], client=Spy())  # a caller's client (recorded answers): no pause
    assert slept == [1.5, 1.5, 1.5]


def test_no_records_at_all_names_the_first_query_and_the_years(monkeypatch, tmp_path):
    with pytest.raises(comtrade_api.ComtradeApiError) as info:
        comtrade_api.fetch_import([2031, 2030], key=SECRET, client=Spy(tmp_path))
    first = comtrade_api.Query(comtrade.UZBEKISTAN, 2030).url(keyed=True)
    assert (info.value.file, info.value.reason, info.value.detail) == (first, "empty", "no records for 2030, 2031")
    with pytest.raises(comtrade_api.ComtradeApiError) as info:
        comtrade_api.fetch_import([], client=Spy(tmp_path))  # no year: no query at all
    assert (info.value.file, info.value.reason) == (comtrade_api.PREVIEW_URL, "empty")


def test_the_import_names_the_api_and_sums_every_answer_s_notes(monkeypatch):
    result = comtrade_api.fetch_import([2022, 2023], client=Spy())
    assert result.file == "UN Comtrade API: Uzbekistan, Kazakhstan"  # the upload's name in every export
    assert list(result.products.index) == list(range(len(result.products)))
    expected = {"empty_answers": 0}
    for reporter, year in [(860, 2022), (398, 2022), (860, 2023), (398, 2023)]:
        records = json.loads((RECORDED / f"{reporter}-{year}.json").read_text(encoding="utf-8"))["data"]
        one = comtrade.import_comtrade(pd.DataFrame(records).to_csv(index=False).encode("utf-8"), name="x.csv")
        for name, value in one.notes.items():
            expected[name] = expected.get(name, 0) + value
    assert result.notes == expected
    assert result.notes["rows_read"] > 0 and result.notes["detail_rows_not_summed"] > 0

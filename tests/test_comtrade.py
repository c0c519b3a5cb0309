"""partnership.comtrade: Comtrade exports become trade rows seen from Uzbekistan, without double counting."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnership import data
from partnership.comtrade import hs_section, import_comtrade, mirror_table, product_breakdown, read_comtrade
from partnership.data import DataError

# The header of a comtradeplus.un.org download (47 columns).
HEADER = (
    "typeCode,freqCode,refPeriodId,refYear,refMonth,period,reporterCode,reporterISO,reporterDesc,flowCode,flowDesc,"
    "partnerCode,partnerISO,partnerDesc,partner2Code,partner2ISO,partner2Desc,classificationCode,classificationSearchCode,"
    "isOriginalClassification,cmdCode,cmdDesc,aggrLevel,isLeaf,customsCode,customsDesc,mosCode,motCode,motDesc,qtyUnitCode,"
    "qtyUnitAbbr,qty,isQtyEstimated,altQtyUnitCode,altQtyUnitAbbr,altQty,isAltQtyEstimated,netWgt,isNetWgtEstimated,grossWgt,"
    "isGrossWgtEstimated,cifvalue,fobvalue,primaryValue,legacyEstimationFlag,isReported,isAggregate"
).split(",")
COUNTRIES = {
    860: ("UZB", "Uzbekistan"),
    398: ("KAZ", "Kazakhstan"),
    0: ("W00", "World"),
    156: ("CHN", "China"),
    384: ("CIV", "Côte d'Ivoire"),
}
DESCRIPTIONS = {
    "TOTAL": "All Commodities",
    "09": "Coffee, tea, maté and spices",
    "27": "Mineral fuels, mineral oils",
    "52": "Cotton",
}


def row(year, reporter, partner, flow, cmd, value, *, level=None, mot=0, partner2=0, customs="C00", freq="A", month=52):
    cells = dict.fromkeys(HEADER, "")
    cells.update(
        typeCode="C",
        freqCode=freq,
        refPeriodId=f"{year}{month if freq == 'M' else 1:02d}01",
        refYear=year,
        refMonth=month,
        period=f"{year}{month:02d}" if freq == "M" else year,
        reporterCode=reporter,
        reporterISO=COUNTRIES[reporter][0],
        reporterDesc=COUNTRIES[reporter][1],
        flowCode=flow,
        flowDesc={"X": "Export", "M": "Import", "RX": "Re-export", "RM": "Re-import"}[flow],
        partnerCode=partner,
        partnerISO=COUNTRIES[partner][0],
        partnerDesc=COUNTRIES[partner][1],
        partner2Code=partner2,
        partner2ISO="W00",
        partner2Desc="World",
        classificationCode="H6",
        classificationSearchCode="HS",
        isOriginalClassification="True",
        cmdCode=cmd,
        cmdDesc=DESCRIPTIONS.get(cmd, f"Heading {cmd}"),
        aggrLevel=0 if cmd == "TOTAL" else (level or len(cmd)),
        isLeaf="False",
        customsCode=customs,
        customsDesc="TOTAL CPC",
        mosCode=0,
        motCode=mot,
        motDesc="TOTAL MOT",
        qtyUnitCode=-1,
        qtyUnitAbbr="N/A",
        qty=0,
        isQtyEstimated="False",
        netWgt=0,
        fobvalue=value,
        primaryValue=value,
        legacyEstimationFlag=0,
        isReported="True",
        isAggregate="True",
    )
    return cells


def comtrade_csv(rows, encoding="latin-1", sep=",", header=HEADER, decimal="."):
    out = io.StringIO()
    writer = csv.DictWriter(out, header, delimiter=sep, lineterminator="\r\n", extrasaction="ignore")
    writer.writeheader()
    for cells in rows:
        writer.writerow({k: str(v).replace(".", decimal) if k == "primaryValue" else v for k, v in cells.items()})
    return out.getvalue().encode(encoding)


UZ, KZ = 860, 398
ROWS = [
    # 2022, Uzbekistan's report: TOTAL rows and the chapters that make them up.
    row(2022, UZ, KZ, "X", "TOTAL", 2.0e9),
    row(2022, UZ, KZ, "X", "27", 1.2e9),
    row(2022, UZ, KZ, "X", "52", 0.8e9),
    row(2022, UZ, KZ, "X", "5201", 0.5e9),
    row(2022, UZ, KZ, "M", "TOTAL", 3.0e9),
    row(2022, UZ, KZ, "M", "09", 1.0e9),
    row(2022, UZ, KZ, "M", "72", 2.0e9),
    # World, re-exports/re-imports, other partners (one with a Latin-1 name), a transport breakdown.
    row(2022, UZ, 0, "X", "TOTAL", 15e9),
    row(2022, UZ, KZ, "RX", "TOTAL", 0.3e9),
    row(2022, UZ, KZ, "RM", "TOTAL", 0.1e9),
    row(2022, UZ, 156, "X", "TOTAL", 5e9),
    row(2022, UZ, 384, "X", "TOTAL", 1e6),
    row(2022, UZ, KZ, "X", "TOTAL", 0.7e9, mot=2100),
    # 2022, Kazakhstan's report (the mirror).
    row(2022, KZ, UZ, "M", "TOTAL", 2.1e9),
    row(2022, KZ, UZ, "M", "27", 1.1e9),
    row(2022, KZ, UZ, "M", "52", 1.0e9),
    row(2022, KZ, UZ, "X", "TOTAL", 2.9e9),
    row(2022, KZ, 0, "M", "TOTAL", 50e9),
    row(2022, KZ, UZ, "RM", "TOTAL", 0.2e9),
    # 2023: no TOTAL rows, only chapters (and a heading that must not be added to them).
    row(2023, UZ, KZ, "X", "27", 1.5e9),
    row(2023, UZ, KZ, "X", "52", 1.0e9),
    row(2023, UZ, KZ, "X", "5201", 0.4e9),
    row(2023, UZ, KZ, "M", "09", 0.25e9),
]
TRADE_COLUMNS = [f["name"] for f in data.resource_meta("trade")["schema"]["fields"]]


def by_reporter(trade: pd.DataFrame, year: int, reporter: str) -> pd.Series:
    (index,) = trade.index[(trade["year"] == year) & (trade["reporter"] == reporter)]
    return trade.loc[index]


# Function scope on purpose: mutmut runs, for each mutant, only the tests it saw call the mutated
# function; a module-scoped result is computed in the first test alone, so the others would never run.
@pytest.fixture
def result():
    return import_comtrade(comtrade_csv(ROWS), name="TradeData_UZB_KAZ.csv")


def test_one_row_per_year_and_reporter_seen_from_uzbekistan(result):
    trade = result.trade
    assert list(zip(trade["year"], trade["reporter"], strict=True)) == [
        (2022, "Uzbekistan"),
        (2022, "Kazakhstan"),
        (2023, "Uzbekistan"),
    ]
    uz = by_reporter(trade, 2022, "Uzbekistan")
    assert (uz["exports_uz_to_kz_usd_bn"], uz["imports_uz_from_kz_usd_bn"], uz["turnover_usd_bn"]) == (2.0, 3.0, 5.0)
    # Kazakhstan's imports from Uzbekistan are Uzbekistan's exports to Kazakhstan.
    kz = by_reporter(trade, 2022, "Kazakhstan")
    assert (kz["exports_uz_to_kz_usd_bn"], kz["imports_uz_from_kz_usd_bn"], kz["turnover_usd_bn"]) == (2.1, 2.9, 5.0)
    assert set(trade["source_title"]) == {"UN Comtrade"}
    assert set(trade["period_type"]) == {"full_year"}
    assert trade["source_url"].str.match(r"^https://").all()


def test_chapters_are_summed_only_without_a_total_and_only_at_one_level(result):
    uz_2023 = by_reporter(result.trade, 2023, "Uzbekistan")
    assert uz_2023["exports_uz_to_kz_usd_bn"] == 2.5  # 27 + 52, not + heading 5201
    assert uz_2023["imports_uz_from_kz_usd_bn"] == 0.25
    assert uz_2023["turnover_usd_bn"] == 2.75
    assert "no TOTAL row" in uz_2023["quote"]


def test_what_was_left_out_is_counted(result):
    notes = result.notes
    assert notes["rows_read"] == len(ROWS)
    assert notes["world_rows"] == 2
    assert notes["re_export_import_rows"] == 3
    assert notes["breakdown_rows"] == 1
    # 2022: UZ X 27, 52, 5201; UZ M 09, 72; KZ M 27, 52 under a TOTAL; 2023: heading 5201 under chapters.
    assert notes["detail_rows_not_summed"] == 8


def test_typed_exactly_like_the_trade_resource(result):
    shipped = data.load("trade")
    assert list(result.trade.columns) == TRADE_COLUMNS
    assert result.trade.dtypes.to_dict() == shipped.dtypes.to_dict()
    combined = pd.concat([shipped, result.trade], ignore_index=True)
    assert combined.dtypes.to_dict() == shipped.dtypes.to_dict()


def test_product_breakdown_has_both_reporters_mirrored(result):
    products = result.products
    exports_2022 = products[(products["year"] == 2022) & (products["direction"] == "exports_uz_to_kz")]
    assert dict(zip(exports_2022["reporter"] + ":" + exports_2022["hs_chapter"], exports_2022["value_usd_mn"], strict=True)) == {
        "Kazakhstan:27": 1100.0,
        "Kazakhstan:52": 1000.0,
        "Uzbekistan:27": 1200.0,
        "Uzbekistan:52": 800.0,
    }
    assert set(exports_2022.loc[exports_2022["reporter"] == "Kazakhstan", "flow"]) == {"M"}
    # The website's ISO-8859-1 text is decoded, not mangled.
    assert "Coffee, tea, maté and spices" in set(products["description"])
    assert set(products["hs_section"]) <= {"II", "V", "XI", "XV"}


def test_mirror_table_sets_reports_side_by_side(result):
    table = mirror_table(result.products, 2022, "exports_uz_to_kz")
    assert table["hs_chapter"].tolist() == ["27", "52"]
    assert table["uzbekistan_usd_mn"].tolist() == [1200.0, 800.0]
    assert table["kazakhstan_usd_mn"].tolist() == [1100.0, 1000.0]
    assert table["gap_usd_mn"].tolist() == pytest.approx([100.0, -200.0])


def test_read_comtrade_and_product_breakdown_match_import(result):
    raw = comtrade_csv(ROWS)
    pd.testing.assert_frame_equal(read_comtrade(raw, name="TradeData_UZB_KAZ.csv"), result.trade)
    pd.testing.assert_frame_equal(product_breakdown(raw), result.products)


@pytest.mark.parametrize(
    "variant",
    ["utf-8-bom", "semicolon-decimal-comma", "tab", "xlsx", "path", "file-object"],
)
def test_same_figures_from_every_kind_of_file(result, variant, tmp_path):
    expected = result.trade.drop(columns="quote")
    if variant == "utf-8-bom":
        raw = comtrade_csv(ROWS, encoding="utf-8-sig")
    elif variant == "semicolon-decimal-comma":
        raw = comtrade_csv(ROWS, sep=";", decimal=",", encoding="cp1252")
    elif variant == "tab":
        raw = comtrade_csv(ROWS, sep="\t")
    elif variant == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.append(HEADER)
        for cells in ROWS:
            sheet.append([cells[h] for h in HEADER])
        buffer = io.BytesIO()
        book.save(buffer)
        raw = buffer.getvalue()
    elif variant == "path":
        raw = tmp_path / "comtrade.csv"
        raw.write_bytes(comtrade_csv(ROWS))
    else:
        raw = io.BytesIO(comtrade_csv(ROWS))
        raw.name = "comtrade.csv"
    got = read_comtrade(raw)
    pd.testing.assert_frame_equal(got.drop(columns="quote"), expected)


def test_monthly_rows_are_summed_and_part_years_marked():
    monthly = [row(2024, UZ, KZ, flow, "TOTAL", 1e8, freq="M", month=m) for m in range(1, 10) for flow in ("X", "M")]
    monthly += [row(2023, KZ, UZ, flow, "TOTAL", 1e8, freq="M", month=m) for m in range(1, 13) for flow in ("X", "M")]
    trade = read_comtrade(comtrade_csv(monthly))
    uz = by_reporter(trade, 2024, "Uzbekistan")
    assert (uz["period"], uz["period_type"], uz["months"]) == ("Jan-Sep", "part_year", 9)
    assert uz["turnover_usd_bn"] == pytest.approx(1.8)
    kz = by_reporter(trade, 2023, "Kazakhstan")
    assert (kz["period_type"], kz["months"]) == ("full_year", 12)
    assert kz["exports_uz_to_kz_usd_bn"] == pytest.approx(1.2)


def test_annual_rows_win_over_monthly_rows_of_the_same_year():
    rows = [row(2024, UZ, KZ, "X", "TOTAL", 3e9), row(2024, UZ, KZ, "M", "TOTAL", 1e9)]
    rows += [row(2024, UZ, KZ, "X", "TOTAL", 1e8, freq="M", month=m) for m in range(1, 4)]
    result = import_comtrade(comtrade_csv(rows))
    assert by_reporter(result.trade, 2024, "Uzbekistan")["exports_uz_to_kz_usd_bn"] == 3.0
    assert result.notes["monthly_rows_not_used"] == 3


def test_classic_column_names_and_numeric_flow_codes():
    header = [
        "Year",
        "Trade Flow Code",
        "Reporter Code",
        "Reporter ISO",
        "Partner Code",
        "Partner ISO",
        "Commodity Code",
        "Commodity",
        "Aggregate Level",
        "Trade Value (US$)",
    ]
    lines = [
        ",".join(header),
        "2019,2,860,UZB,398,KAZ,TOTAL,All Commodities,0,1500000000",
        "2019,1,860,UZB,398,KAZ,TOTAL,All Commodities,0,1800000000",
        "2019,3,860,UZB,398,KAZ,TOTAL,All Commodities,0,99000000",
        "2019,2,860,UZB,0,WLD,TOTAL,All Commodities,0,17000000000",
    ]
    uz = by_reporter(read_comtrade("\n".join(lines).encode()), 2019, "Uzbekistan")
    assert (uz["exports_uz_to_kz_usd_bn"], uz["imports_uz_from_kz_usd_bn"]) == (1.5, 1.8)


def test_re_exports_and_re_imports_stay_out_of_the_chapters_and_the_totals():
    rows = [
        row(2024, UZ, KZ, "X", "27", 1.0e9),
        row(2024, UZ, KZ, "X", "52", 0.5e9),
        row(2024, UZ, KZ, "M", "09", 0.2e9),
        # Re-exports and re-imports at chapter level, in chapters the X/M rows also have and in one they lack.
        row(2024, UZ, KZ, "RX", "27", 7.0e9),
        row(2024, UZ, KZ, "RX", "84", 3.0e9),
        row(2024, UZ, KZ, "RM", "09", 5.0e9),
        row(2024, KZ, UZ, "RM", "52", 4.0e9),
        row(2024, KZ, UZ, "M", "52", 0.6e9),
    ]
    result = import_comtrade(comtrade_csv(rows))
    products = result.products
    assert set(products["flow"]) == {"X", "M"}
    assert "84" not in set(products["hs_chapter"])
    assert sorted(zip(products["reporter"], products["flow"], products["hs_chapter"], products["value_usd_mn"], strict=True)) == [
        ("Kazakhstan", "M", "52", 600.0),
        ("Uzbekistan", "M", "09", 200.0),
        ("Uzbekistan", "X", "27", 1000.0),
        ("Uzbekistan", "X", "52", 500.0),
    ]
    uz = by_reporter(result.trade, 2024, "Uzbekistan")
    assert (uz["exports_uz_to_kz_usd_bn"], uz["imports_uz_from_kz_usd_bn"]) == (1.5, 0.2)
    kz = by_reporter(result.trade, 2024, "Kazakhstan")
    assert kz["exports_uz_to_kz_usd_bn"] == 0.6 and pd.isna(kz["imports_uz_from_kz_usd_bn"])
    assert result.notes["re_export_import_rows"] == 4
    assert result.notes["other_flow_rows"] == 0


def test_numeric_re_export_codes_stay_out_of_the_chapters():
    lines = [
        "refYear,reporterCode,partnerCode,flowCode,cmdCode,aggrLevel,primaryValue",
        "2019,860,398,2,27,2,1500000000",
        "2019,860,398,3,27,2,99000000",
        "2019,860,398,4,09,2,77000000",
        "2019,860,398,1,09,2,1800000000",
    ]
    products = product_breakdown("\n".join(lines).encode())
    assert sorted(zip(products["flow"], products["hs_chapter"], products["value_usd_mn"], strict=True)) == [
        ("M", "09", 1800.0),
        ("X", "27", 1500.0),
    ]


def test_iso_codes_without_numeric_codes():
    lines = [
        "refYear,reporterISO,partnerISO,flowCode,cmdCode,primaryValue",
        "2021,KAZ,UZB,M,TOTAL,2000000000",
        "2021,KAZ,W00,M,TOTAL,9e10",
    ]
    kz = by_reporter(read_comtrade("\n".join(lines).encode()), 2021, "Kazakhstan")
    assert kz["exports_uz_to_kz_usd_bn"] == 2.0
    assert pd.isna(kz["turnover_usd_bn"])  # only one flow in the file: no turnover is made up


# --- bad files ---------------------------------------------------------------------------------------


def _error(raw: bytes) -> DataError:
    with pytest.raises(DataError) as caught:
        import_comtrade(raw, name="bad.csv")
    assert caught.value.file == "bad.csv"
    return caught.value


def test_missing_columns_are_named():
    error = _error(b"refYear,reporterCode,partnerCode\n2022,860,398\n")
    assert {p.column for p in error.problems} == {"flowCode", "cmdCode", "primaryValue"}


def test_file_without_the_pair_is_a_data_error():
    assert "no Uzbekistan–Kazakhstan rows" in str(_error(comtrade_csv([row(2022, UZ, 156, "X", "TOTAL", 1e9)])))


def test_negative_value_and_year_outside_range_name_their_rows():
    error = _error(
        comtrade_csv(
            [row(2022, UZ, KZ, "X", "TOTAL", 1e9), row(2022, UZ, KZ, "M", "TOTAL", -5), row(1985, UZ, KZ, "X", "TOTAL", 1)]
        )
    )
    assert {(p.row, p.column) for p in error.problems} == {(3, "primaryValue"), (4, "refYear")}


def test_conflicting_duplicates_are_refused_but_exact_duplicates_are_not_counted_twice():
    same = [row(2022, UZ, KZ, "X", "TOTAL", 1e9), row(2022, UZ, KZ, "X", "TOTAL", 1e9)]
    assert read_comtrade(comtrade_csv(same))["exports_uz_to_kz_usd_bn"].tolist() == [1.0]
    error = _error(comtrade_csv([row(2022, UZ, KZ, "X", "TOTAL", 1e9), row(2022, UZ, KZ, "X", "TOTAL", 2e9)]))
    assert [p.row for p in error.problems] == [2, 3]


def test_a_value_that_is_not_a_number_names_row_and_column():
    rows = [row(2022, UZ, KZ, "X", "TOTAL", 1e9), row(2022, UZ, KZ, "M", "TOTAL", "about 2bn")]
    error = _error(comtrade_csv(rows))
    assert [(p.row, p.column) for p in error.problems] == [(3, "primaryValue")]


@pytest.mark.parametrize("raw", [b"", b"\x00\x01\x02" * 100, b"PK\x03\x04junk", "a,b\n1,2\n".encode("utf-16")])
def test_empty_binary_and_broken_files(raw):
    _error(raw)


def test_row_limit_is_checked_before_parsing():
    with pytest.raises(DataError, match="limit is 5 rows"):
        import_comtrade(comtrade_csv(ROWS), max_rows=5)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_fuzz_only_data_error_escapes(raw):
    try:
        import_comtrade(raw)
    except DataError:
        pass


VALID = comtrade_csv(ROWS[:6])


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(VALID) - 1), st.binary(max_size=3)), min_size=1, max_size=5))
def test_fuzz_mutated_file_only_data_error_escapes(edits):
    raw = bytearray(VALID)
    for position, replacement in edits:
        raw[position : position + len(replacement)] = replacement
    try:
        result = import_comtrade(bytes(raw))
    except DataError:
        return
    assert list(result.trade.columns) == TRADE_COLUMNS


@pytest.mark.parametrize(
    ("chapter", "section"), [("01", "I"), ("27", "V"), ("52", "XI"), ("85", "XVI"), ("97", "XXI"), ("99", "other")]
)
def test_hs_sections(chapter, section):
    assert hs_section(chapter) == section


CELLS = st.text(alphabet=st.sampled_from(list('0123456789,;."\n XMRTOALUZBKW-e\u00a0')), max_size=25)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(CELLS, min_size=6, max_size=6), min_size=1, max_size=6))
def test_fuzz_cells_under_a_comtrade_header(rows):
    lines = ["refYear,reporterCode,partnerCode,flowCode,cmdCode,primaryValue"] + [",".join(cells) for cells in rows]
    try:
        import_comtrade("\n".join(lines).encode())
    except DataError:
        pass


def test_numbers_too_large_for_codes_and_years_are_problems():
    lines = [
        "refYear,reporterCode,partnerCode,flowCode,cmdCode,primaryValue",
        "9223372036854775808,860,398,X,TOTAL,1;",
        "2022,860,398,X,TOTAL,inf",
    ]
    error = _error("\n".join(lines).encode())
    assert {p.row for p in error.problems} == {2, 3}


def test_infinite_value_in_an_otherwise_clean_file_is_a_problem():
    lines = [
        "refYear,reporterCode,partnerCode,flowCode,cmdCode,primaryValue",
        "2022,860,398,X,TOTAL,1e9",
        "2022,860,398,M,TOTAL,inf",
    ]
    error = _error("\n".join(lines).encode())
    assert [(p.row, p.column) for p in error.problems] == [(3, "primaryValue")]


def test_limits_for_a_path_are_checked_before_parsing(tmp_path):
    path = tmp_path / "big.csv"
    path.write_bytes(comtrade_csv(ROWS * 20))
    with pytest.raises(DataError, match="about .* lines after the header; the limit is 50 rows"):
        import_comtrade(path, max_rows=50)
    with pytest.raises(DataError, match="the limit is"):
        import_comtrade(path, max_bytes=1000)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(DataError, match="empty"):
        import_comtrade(empty)
    with pytest.raises(DataError, match="file not found"):
        import_comtrade(tmp_path / "missing.csv")


def test_control_character_in_the_header_is_a_data_error():
    # Found by the fuzz test: pyarrow raised ArrowKeyError (a listed column missing after all).
    raw = bytearray(VALID)
    raw[0:2] = b"\x01\r"
    with pytest.raises(DataError) as caught:
        import_comtrade(bytes(raw), name="control.csv")
    assert caught.value.file == "control.csv"
    # The stray CR ends the header after one cell, so the first data row has too many cells.
    assert [(p.row, p.message) for p in caught.value.problems] == [(2, f"expected 1 cells as in the header, found {len(HEADER)}")]


# --- found missing by mutation testing (docs/testing.md) ----------------------------------------------


def test_notes_count_every_kind_of_row_left_out(result):
    assert result.notes == {
        "rows_read": len(ROWS),
        "rows_uz_kz": len(ROWS) - 4,  # not World (2), not China or Côte d'Ivoire (2)
        "world_rows": 2,
        "breakdown_rows": 1,
        "re_export_import_rows": 3,
        "other_flow_rows": 0,
        "monthly_rows_not_used": 0,
        "detail_rows_not_summed": 8,
    }
    assert result.file == "TradeData_UZB_KAZ.csv"


def test_trade_rows_say_where_each_figure_comes_from(result):
    trade = result.trade
    assert trade["reporter_detail"].tolist() == [
        "UN Comtrade: Uzbekistan's report",
        "UN Comtrade: Kazakhstan's report (mirror)",
        "UN Comtrade: Uzbekistan's report",
    ]
    left_out = "World, re-export (RX) and re-import (RM) rows left out"
    assert trade["quote"].tolist() == [
        f"TradeData_UZB_KAZ.csv: X = HS TOTAL; M = HS TOTAL; {left_out}",
        f"TradeData_UZB_KAZ.csv: X = HS TOTAL; M = HS TOTAL; {left_out}",
        f"TradeData_UZB_KAZ.csv: X = sum of HS 2-digit codes (no TOTAL row); M = sum of HS 2-digit codes (no TOTAL row); {left_out}",
    ]
    assert trade["period"].tolist() == ["full year"] * 3
    assert trade["months"].tolist() == [12] * 3
    assert trade["growth_reported_pct"].isna().all()
    assert trade["lower_bound"].tolist() == [False] * 3
    assert trade["cited_in_article"].tolist() == [False] * 3


# The product breakdown's columns, in order (comtrade.product_breakdown).
PRODUCT_COLUMNS = ["year", "reporter", "direction", "flow", "hs_chapter", "hs_section", "description", "value_usd_mn"]


def test_product_breakdown_in_full(result):
    products = result.products
    assert list(products.columns) == PRODUCT_COLUMNS
    assert products.dtypes["year"] == "int64"
    assert products.dtypes["value_usd_mn"] == "float64"
    got = [tuple(r) for r in products.itertuples(index=False)]
    assert got == [
        (2022, "Kazakhstan", "exports_uz_to_kz", "M", "27", "V", "Mineral fuels, mineral oils", 1100.0),
        (2022, "Kazakhstan", "exports_uz_to_kz", "M", "52", "XI", "Cotton", 1000.0),
        (2022, "Uzbekistan", "imports_uz_from_kz", "M", "09", "II", "Coffee, tea, maté and spices", 1000.0),
        (2022, "Uzbekistan", "imports_uz_from_kz", "M", "72", "XV", "Heading 72", 2000.0),
        (2022, "Uzbekistan", "exports_uz_to_kz", "X", "27", "V", "Mineral fuels, mineral oils", 1200.0),
        (2022, "Uzbekistan", "exports_uz_to_kz", "X", "52", "XI", "Cotton", 800.0),
        (2023, "Uzbekistan", "imports_uz_from_kz", "M", "09", "II", "Coffee, tea, maté and spices", 250.0),
        (2023, "Uzbekistan", "exports_uz_to_kz", "X", "27", "V", "Mineral fuels, mineral oils", 1500.0),
        (2023, "Uzbekistan", "exports_uz_to_kz", "X", "52", "XI", "Cotton", 1000.0),
    ]


def _csv(*lines: str) -> bytes:
    return "\n".join(lines).encode()


def test_codes_without_leading_zero_or_level_and_a_lower_case_total():
    # Excel drops the leading zero of chapter 09; an empty aggrLevel is the code's length.
    result = import_comtrade(
        _csv(
            "refYear,reporterCode,partnerCode,flowCode,cmdCode,aggrLevel,cmdDesc,primaryValue",
            "2021,860,398,X,9,2,Coffee,100000000",
            "2021,860,398,X,27,,Fuels,200000000",
            "2021,860,398,M,total,,All,500000000",
        )
    )
    assert [
        tuple(r)
        for r in result.products[["flow", "hs_chapter", "hs_section", "description", "value_usd_mn"]].itertuples(index=False)
    ] == [
        ("X", "09", "II", "Coffee", 100.0),
        ("X", "27", "V", "Fuels", 200.0),
    ]
    (quote,) = result.trade["quote"]
    assert quote.startswith("upload: X = sum of HS 2-digit codes (no TOTAL row); M = HS TOTAL; ")
    # Without aggrLevel and cmdDesc: levels from the codes' length; a heading gives its chapter, undescribed.
    result = import_comtrade(
        _csv(
            "refYear,reporterCode,partnerCode,flowCode,cmdCode,primaryValue",
            "2021,860,398,X,TOTAL,300000000",
            "2021,860,398,X,5201,100000000",
            "2021,860,398,M,total,500000000",
        )
    )
    assert [tuple(r) for r in result.products[["flow", "hs_chapter", "hs_section", "value_usd_mn"]].itertuples(index=False)] == [
        ("X", "52", "XI", 100.0)
    ]
    assert result.products["description"].isna().all()
    (uz,) = result.trade.itertuples(index=False)
    assert (uz.exports_uz_to_kz_usd_bn, uz.imports_uz_from_kz_usd_bn) == (0.3, 0.5)


def test_only_totals_give_an_empty_but_typed_breakdown():
    products = product_breakdown(_csv("refYear,reporterCode,partnerCode,flowCode,cmdCode,primaryValue", "2021,860,398,X,TOTAL,1"))
    assert products.empty
    assert list(products.columns) == PRODUCT_COLUMNS
    assert (products.dtypes["year"], products.dtypes["value_usd_mn"]) == ("int64", "float64")


def test_periods_of_monthly_rows_are_named():
    rows = [row(2021, UZ, KZ, flow, "TOTAL", 1e8, freq="M", month=m) for m in (1, 3, 5) for flow in ("X", "M")]
    rows += [row(2022, UZ, KZ, flow, "TOTAL", 1e8, freq="M", month=1) for flow in ("X", "M")]
    rows += [row(2023, UZ, KZ, flow, "TOTAL", 1e8, freq="M", month=m) for m in range(1, 13) for flow in ("X", "M")]
    rows += [row(2024, UZ, KZ, "X", "TOTAL", 1e9), row(2024, UZ, KZ, "M", "TOTAL", 1e8, freq="M", month=1)]
    # 2025: exports of January as a TOTAL, of February only as chapters.
    rows += [row(2025, UZ, KZ, "X", "TOTAL", 1e8, freq="M", month=1), row(2025, UZ, KZ, "X", "27", 2e8, freq="M", month=2)]
    rows += [row(2025, UZ, KZ, "M", "TOTAL", 1e8, freq="M", month=m) for m in (1, 2)]
    trade = read_comtrade(comtrade_csv(rows))
    got = [(r.year, r.period, r.period_type, None if pd.isna(r.months) else r.months) for r in trade.itertuples(index=False)]
    assert got == [
        (2021, "3 months (Jan, Mar, May)", "part_year", 3),
        (2022, "Jan", "part_year", 1),
        (2023, "full year (sum of 12 months)", "full_year", 12),
        (2024, "exports and imports cover different months", "unclear", None),
        (2025, "Jan-Feb", "part_year", 2),
    ]
    assert trade["quote"].iloc[4].startswith("upload: X = TOTAL and sums of HS codes; M = HS TOTAL; ")
    assert trade["exports_uz_to_kz_usd_bn"].iloc[4] == pytest.approx(0.3)


def test_rows_without_a_valid_month_are_annual():
    # refMonth without freqCode; freqCode A with a month; freqCode M without a month or with month 13.
    with_month = _csv(
        "refYear,refMonth,reporterCode,partnerCode,flowCode,cmdCode,primaryValue",
        "2021,52,860,398,X,TOTAL,100000000",
        "2021,52,860,398,M,TOTAL,200000000",
    )
    trade = read_comtrade(with_month)
    assert (trade.loc[0, "period"], trade.loc[0, "months"]) == ("full year", 12)
    lines = [
        "refYear,freqCode,refMonth,reporterCode,partnerCode,flowCode,cmdCode,primaryValue",
        "2021,A,12,860,398,X,TOTAL,100000000",
        "2021,M,,860,398,M,TOTAL,200000000",
        "2022,M,13,860,398,X,TOTAL,100000000",
        "2022,,,860,398,M,TOTAL,200000000",
    ]
    trade = read_comtrade(_csv(*lines))
    assert trade["period"].tolist() == ["full year", "full year"]
    # freqCode without refMonth: annual.
    trade = read_comtrade(
        _csv("refYear,freqCode,reporterCode,partnerCode,flowCode,cmdCode,primaryValue", "2021,M,860,398,X,TOTAL,1")
    )
    assert trade["period"].tolist() == ["full year"]


def test_breakdown_rows_are_left_out_and_empty_breakdown_codes_mean_all():
    header = "refYear,reporterCode,partnerCode,flowCode,cmdCode,partner2Code,motCode,customsCode,primaryValue"
    result = import_comtrade(
        _csv(
            header,
            "2021,860,398,X,TOTAL,,,,100000000",  # empty codes: the "all" row
            "2021,860,398,M,TOTAL,0,0,c00,200000000",  # C00 in lower case
            "2021,860,398,X,TOTAL,156,0,C00,7000000000",
            "2021,860,398,X,TOTAL,0,2100,C00,8000000000",
            "2021,860,398,X,TOTAL,0,0,C01,9000000000",
        )
    )
    (uz,) = result.trade.itertuples(index=False)
    assert (uz.exports_uz_to_kz_usd_bn, uz.imports_uz_from_kz_usd_bn) == (0.1, 0.2)
    assert result.notes["breakdown_rows"] == 3


def test_years_and_values_at_their_bounds():
    header = "refYear,reporterCode,partnerCode,flowCode,cmdCode,primaryValue"
    trade = read_comtrade(_csv(header, "1991,860,398,X,TOTAL,0", "2100,860,398,X,TOTAL,1"))
    assert trade["year"].tolist() == [1991, 2100]
    assert trade["exports_uz_to_kz_usd_bn"].tolist() == [0.0, 1e-9]
    error = _error(_csv(header, "1990,860,398,X,TOTAL,1", "2101,860,398,X,TOTAL,1"))
    assert [(p.row, p.column, p.code, p.values) for p in error.problems] == [
        (2, "refYear", "year_out_of_range", {"low": 1991, "high": 2100}),
        (3, "refYear", "year_out_of_range", {"low": 1991, "high": 2100}),
    ]


def test_every_problem_is_reported_in_row_then_column_order():
    header = "refYear,reporterCode,partnerCode,flowCode,cmdCode,primaryValue"
    error = _error(_csv(header, "1990,860,398,X,TOTAL,1", "2021,860,398,M,TOTAL,-1", "2021,860,398,M,TOTAL,5"))
    assert [(p.row, p.column, p.code) for p in error.problems] == [
        (2, "refYear", "year_out_of_range"),
        (3, "cmdCode", "conflicting_rows"),
        (3, "primaryValue", "negative_value"),
        (4, "cmdCode", "conflicting_rows"),
    ]


def test_limits_and_names_reach_every_entry_point():
    from partnership.io.raw import Limits

    raw = comtrade_csv(ROWS)
    with pytest.raises(DataError, match="limit is 5 rows"):
        import_comtrade(raw, limits=Limits(max_rows=5))
    with pytest.raises(DataError, match="limit is 5 rows"):
        product_breakdown(raw, max_rows=5)
    only_re_exports = comtrade_csv([row(2022, UZ, KZ, "RX", "TOTAL", 1e9)])
    error = _error(only_re_exports)
    assert [p.code for p in error.problems] == ["no_flow_rows"]


def test_mirror_table_in_full():
    rows = [
        row(2022, UZ, KZ, "X", "09", 1e8),
        row(2022, UZ, KZ, "X", "52", 9e8),
        # Kazakhstan's report in headings only: chapters 52 and 27 without a description.
        row(2022, KZ, UZ, "M", "5201", 5e8),
        row(2022, KZ, UZ, "M", "2701", 3e8),
    ]
    table = mirror_table(product_breakdown(comtrade_csv(rows)), 2022, "exports_uz_to_kz")
    assert list(table.columns) == [
        "hs_chapter",
        "hs_section",
        "description",
        "uzbekistan_usd_mn",
        "kazakhstan_usd_mn",
        "gap_usd_mn",
    ]
    got = [tuple(None if pd.isna(v) else v for v in r) for r in table.itertuples(index=False)]
    assert got == [
        ("52", "XI", "Cotton", 900.0, 500.0, 400.0),
        ("27", "V", None, None, 300.0, None),
        ("09", "II", "Coffee, tea, maté and spices", 100.0, None, None),
    ]
    assert table.index.tolist() == [0, 1, 2]
    only_kazakhstan = mirror_table(product_breakdown(comtrade_csv(rows[2:])), 2022, "exports_uz_to_kz")
    assert only_kazakhstan["uzbekistan_usd_mn"].isna().all()
    assert only_kazakhstan["kazakhstan_usd_mn"].tolist() == [500.0, 300.0]


@pytest.mark.parametrize("chapter", ["", "TO", "2A", None])
def test_hs_section_of_a_non_code_is_other(chapter):
    assert hs_section(chapter) == "other"


def test_mirror_table_keeps_chapter_order_among_equal_figures():
    chapters = [f"{c:02d}" for c in range(1, 25)]
    rows = [row(2022, UZ, KZ, "X", c, (1 + i % 2) * 1e8) for i, c in enumerate(chapters)]
    table = mirror_table(product_breakdown(comtrade_csv(rows)), 2022, "exports_uz_to_kz")
    assert table["hs_chapter"].tolist() == chapters[1::2] + chapters[0::2]


def test_a_reporter_with_imports_only_has_no_exports_or_turnover():
    (uz,) = read_comtrade(comtrade_csv([row(2022, UZ, KZ, "M", "TOTAL", 2e9)])).itertuples(index=False)
    assert uz.imports_uz_from_kz_usd_bn == 2.0
    assert pd.isna(uz.exports_uz_to_kz_usd_bn) and pd.isna(uz.turnover_usd_bn)


def test_a_total_row_is_the_total_whatever_its_aggr_level():
    header = "refYear,reporterCode,partnerCode,flowCode,cmdCode,aggrLevel,primaryValue"
    result = import_comtrade(_csv(header, "2021,860,398,X,TOTAL,1,300000000", "2021,860,398,X,27,2,100000000"))
    assert result.trade.loc[0, "exports_uz_to_kz_usd_bn"] == 0.3
    assert result.products["hs_chapter"].tolist() == ["27"]

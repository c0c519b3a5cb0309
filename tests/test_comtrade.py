"""partnership.comtrade: Comtrade exports become trade rows seen from Uzbekistan, without double counting."""

from __future__ import annotations

import csv
import dataclasses
import io

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnership import data
from partnership.comtrade import hs_section, import_comtrade, mirror_table, product_breakdown, read_comtrade
from partnership.data import DataError
from partnership.io import comtrade_file

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


# --- io.comtrade_file: reading the file (found missing by mutation testing) --------------------------------


def test_header_problems_are_named_with_their_values():
    error = _error(_csv("refYear,Year,reporterISO,flowCode,primaryValue", "2021,2021,UZB,X,1"))
    where = [(p.row, p.column, p.code, p.values) for p in error.problems]
    assert where[0] == (1, "refYear", "comtrade_column_twice", {"columns": "refYear, Year"})
    assert (1, "cmdCode", "comtrade_column_missing", {}) in where
    assert where[-1] == (1, "partnerCode", "comtrade_columns_missing", {"other": "partnerISO"})


def test_cell_problems_name_the_files_own_column_and_the_cell():
    # A decimal comma sends the file down the cell-by-cell path; the columns have classic names.
    lines = [
        "Year;Trade Flow Code;Reporter Code;Partner Code;Commodity Code;motCode;Trade Value (US$)",
        "2021;X;860;398;TOTAL;0;1,5",
        ";X;860;398;27;0;1",
        "2021;M;860;398;TOTAL;0;",
        "2021;M;860;398;;0;2",
        "20x1;M;860;398;09;0;2",
        "2021;M;860;398;52;abc;lots",
        "2021;M;860;156;52;abc;lots",  # not the pair: not read, so not a problem
    ]
    error = _error(_csv(*lines))
    assert [(p.row, p.column, p.code, p.values) for p in error.problems] == [
        (3, "Year", "value_required", {}),
        (4, "Trade Value (US$)", "value_required", {}),
        (5, "Commodity Code", "value_required", {}),
        (6, "Year", "not_whole_number", {"found": "20x1"}),
        (7, "Trade Value (US$)", "not_number", {"found": "lots"}),
        (7, "motCode", "not_whole_number", {"found": "abc"}),
    ]


def test_cell_by_cell_path_reads_iso_codes_and_values_like_the_fast_one():
    lines = [
        "refYear;reporterISO;partnerISO;flowCode;cmdCode;aggrLevel;partner2Code;motCode;refMonth;primaryValue",
        "2021;uzb ; kaz;X;TOTAL;0;0;0;52;1500000,5",
        "2021;UZB;KAZ;M;TOTAL;;;;;2000000000",
        "2021;KAZ;UZB;M;TOTAL;0;0;0;52;1000000000",
        "2021;UZB;CHN;X;TOTAL;0;0;0;52;9000000000",
        "2021;;KAZ;X;TOTAL;0;0;0;52;9000000000",
        "2021;UZB;W00;X;TOTAL;0;0;0;52;7000000000",
    ]
    result = import_comtrade(_csv(*lines))
    uz, kz = by_reporter(result.trade, 2021, "Uzbekistan"), by_reporter(result.trade, 2021, "Kazakhstan")
    assert (uz["exports_uz_to_kz_usd_bn"], uz["imports_uz_from_kz_usd_bn"]) == (0.0015000005, 2.0)
    assert kz["exports_uz_to_kz_usd_bn"] == 1.0 and pd.isna(kz["imports_uz_from_kz_usd_bn"])
    assert (result.notes["rows_read"], result.notes["world_rows"]) == (6, 1)


def test_a_bom_before_the_first_needed_column():
    lines = ["refYear,reporterCode,partnerCode,flowCode,cmdCode,primaryValue", "2021,860,398,X,TOTAL,1000000000"]
    trade = read_comtrade(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))
    assert (trade.loc[0, "year"], trade.loc[0, "exports_uz_to_kz_usd_bn"]) == (2021, 1.0)


def test_file_level_problems_name_the_file(tmp_path):
    def error_of(source, **limits):
        with pytest.raises(DataError) as caught:
            import_comtrade(source, **limits)
        (problem,) = caught.value.problems
        return caught.value.file, problem.row, problem.code, problem.values

    assert error_of(tmp_path) == (tmp_path.name, None, "not_a_file", {})
    assert error_of(tmp_path / "gone.csv") == ("gone.csv", None, "file_not_found", {})
    xls = tmp_path / "old.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    assert error_of(xls) == ("old.xls", None, "xls_workbook", {})
    header = "refYear,reporterCode,partnerCode,flowCode,cmdCode,primaryValue"
    wide = _csv(header + "".join(f",extra{i}" for i in range(5)), "2021,860,398,X,TOTAL,1" + ",0" * 5)
    assert error_of(wide, max_columns=10) == ("upload", 1, "too_many_columns", {"limit": 10})
    raw = _csv(header, "2021,860,398,X,TOTAL,1", "2021,860,398,M,TOTAL,1")
    assert error_of(raw, max_rows=1) == ("upload", None, "too_many_lines", {"rows": 2, "limit": 1})
    assert len(read_comtrade(raw, max_rows=2)) == 1
    assert len(read_comtrade(raw + b"\n", max_rows=2)) == 1
    path = tmp_path / "exact.csv"
    path.write_bytes(raw)
    assert len(read_comtrade(path, max_bytes=len(raw))) == 1
    assert error_of(path, max_bytes=len(raw) - 1)[:3] == ("exact.csv", None, "file_too_large")


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


def test_a_path_the_system_cannot_stat_is_unreadable(tmp_path):
    with pytest.raises(DataError) as caught:
        import_comtrade(tmp_path / ("x" * 300 + ".csv"))
    (problem,) = caught.value.problems
    assert (caught.value.file, problem.code, problem.values) == (
        "x" * 300 + ".csv",
        "file_unreadable",
        {"reason": "File name too long"},
    )


def test_a_big_file_is_read_whole_after_its_first_lines(tmp_path):
    # Long first lines (descriptions), then short ones: the row estimate from the first 256 KB is too low,
    # so the exact count after parsing refuses the file.
    header = "refYear,reporterCode,partnerCode,flowCode,cmdCode,aggrLevel,cmdDesc,primaryValue"
    long_rows = [f"2021,860,398,X,{c:02d},2,{'Café ' * 2000},1000000" for c in range(1, 11)]
    text = "\n".join([header, *long_rows]) + "\n"
    # Padding to the end of the first 256 KB, in rows within the line limit (100,000 characters).
    pad_rows = [f"2021,860,398,X,11,2,{'a' * 40_000},1000000\n"] * ((256 * 1024 - len(text.encode()) + 39_999) // 40_000)
    pad_row = "".join(pad_rows)
    short_rows = "2021,860,398,M,TOTAL,0,All,5000000\n"
    path = tmp_path / "big.csv"
    path.write_bytes((text + pad_row + short_rows).encode())
    assert path.stat().st_size > 256 * 1024
    products = product_breakdown(path)
    assert "Café" in products.loc[products["hs_chapter"] == "01", "description"].iloc[0]
    path.write_bytes((text + pad_row + "2021,860,398,M,TOTAL,0,All,5000000\n" * 400).encode())
    with pytest.raises(DataError) as caught:
        import_comtrade(path, max_rows=100)
    (problem,) = caught.value.problems
    rows = 10 + len(pad_rows) + 400
    assert (caught.value.file, problem.code, problem.values) == ("big.csv", "too_many_rows", {"rows": rows, "limit": 100})


# --- io.comtrade_file.read_rows: the typed frame itself, whichever path reads the file ----------------------

READ_HEADER = [
    "refYear", "reporterCode", "reporterISO", "partnerCode", "partnerISO", "flowCode", "cmdCode", "aggrLevel",
    "primaryValue", "partner2Code", "motCode", "customsCode", "freqCode", "refMonth", "cmdDesc",
]  # fmt: skip
QUOTED_EMPTY = object()  # a cell written as "" (quoted, empty)
READ_ROWS = [
    [2021, 860, " uzb ", 398, "KAZ", "X", "TOTAL", 0, "1500000.5", 0, 0, "C00", "A", 52, "All Commodities"],
    [2021, 860, "UZB", 0, "W00", "X", "TOTAL", 0, "7000000000", 0, 0, "C00", "A", 52, "All Commodities"],
    # China's report of trade with Uzbekistan is not the pair's.
    [2021, 156, "CHN", 860, "UZB", "M", "TOTAL", 0, "5", 0, 0, "C00", "A", 52, "All Commodities"],
    [2021, 398, "KAZ", 860, "UZB", "M", "09", 2, "250000000", "", "", QUOTED_EMPTY, "", "", "Coffee, tea, maté"],
    # No reporter at all: not the pair's either.
    [2021, "", "", 398, "KAZ", "X", "TOTAL", 0, "9", 0, 0, "C00", "A", 52, "All Commodities"],
    [2022, 398, "KAZ", 0, "WLD", " M ", " 27 ", "", "2500000000", 0, 0, "C00", "A", 52, QUOTED_EMPTY],
]
# What read_rows gives for READ_ROWS: rows 2, 3, 5 and 7, typed, text stripped, empty cells missing.
READ_EXPECTED = pd.DataFrame(
    {
        "refYear": pd.array([2021, 2021, 2021, 2022], dtype="int64"),
        "reporterCode": pd.array([860, 860, 398, 398], dtype="int64"),
        "reporterISO": pd.array(["uzb", "UZB", "KAZ", "KAZ"], dtype="str"),
        "partnerCode": pd.array([398, 0, 860, 0], dtype="int64"),
        "partnerISO": pd.array(["KAZ", "W00", "UZB", "WLD"], dtype="str"),
        "flowCode": pd.array(["X", "X", "M", "M"], dtype="str"),
        "cmdCode": pd.array(["TOTAL", "TOTAL", "09", "27"], dtype="str"),
        "aggrLevel": pd.array([0, 0, 2, None], dtype="Int64"),
        "primaryValue": pd.array([1500000.5, 7e9, 2.5e8, 2.5e9], dtype="float64"),
        "partner2Code": pd.array([0, 0, None, 0], dtype="Int64"),
        "motCode": pd.array([0, 0, None, 0], dtype="Int64"),
        "customsCode": pd.array(["C00", "C00", None, "C00"], dtype="str"),
        "freqCode": pd.array(["A", "A", None, "A"], dtype="str"),
        "refMonth": pd.array([52, 52, None, 52], dtype="Int64"),
        "cmdDesc": pd.array(["All Commodities", "All Commodities", "Coffee, tea, maté", None], dtype="str"),
        "_row": pd.array([2, 3, 5, 7], dtype="int64"),
    }
)


def _read_file(sep=",", decimal=".", encoding="latin-1", iso_only=False, header_end="", line_end="\n") -> bytes:
    drop = {"reporterCode", "partnerCode"} if iso_only else set()
    keep = [i for i, name in enumerate(READ_HEADER) if name not in drop]

    def cell(value: object, column: str) -> str:
        if value is QUOTED_EMPTY:
            return '""'
        text = str(value).replace(".", decimal) if column == "primaryValue" else str(value)
        return f'"{text}"' if sep in text else text

    lines = [sep.join(READ_HEADER[i] for i in keep) + header_end]
    lines += [sep.join(cell(cells[i], READ_HEADER[i]) for i in keep) for cells in READ_ROWS]
    return (line_end.join(lines) + line_end).encode(encoding)


def _read_xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(READ_HEADER)
    for cells in READ_ROWS:
        book.active.append([None if c is QUOTED_EMPTY or c == "" else c for c in cells])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


READ_VARIANTS = {
    # variant: (file, read cell by cell?)
    "comma": (lambda: _read_file(), False),
    "semicolon": (lambda: _read_file(sep=";"), False),
    "tab": (lambda: _read_file(sep="\t"), False),
    "utf-8-bom": (lambda: _read_file(encoding="utf-8-sig"), False),
    # CRLF lines and a header ending in a space (as Excel writes them): still the fast path.
    "crlf-header-space": (lambda: _read_file(encoding="utf-8", header_end=" ", line_end="\r\n"), False),
    "iso-codes-only": (lambda: _read_file(iso_only=True), False),
    "decimal-comma": (lambda: _read_file(sep=";", decimal=","), True),
    "decimal-comma-iso-codes-only": (lambda: _read_file(sep=";", decimal=",", iso_only=True), True),
    "xlsx": (_read_xlsx, True),
}


@pytest.mark.parametrize("as_path", [False, True], ids=["bytes", "path"])
@pytest.mark.parametrize("variant", list(READ_VARIANTS))
def test_read_rows_gives_the_same_typed_frame_from_every_kind_of_file(variant, as_path, tmp_path, monkeypatch):
    make, careful = READ_VARIANTS[variant]
    raw = make()
    source = raw
    if as_path:
        source = tmp_path / "TradeData.csv"
        source.write_bytes(raw)
    calls = []
    read_carefully = comtrade_file._careful
    monkeypatch.setattr(comtrade_file, "_careful", lambda *a: calls.append(a) or read_carefully(*a))
    frame, rows_read, file = comtrade_file.read_rows(source, comtrade_file.COMTRADE_LIMITS, None if as_path else "f.csv")
    pd.testing.assert_frame_equal(frame, READ_EXPECTED, check_like=True)  # column order is not part of it
    assert (rows_read, file) == (6, "TradeData.csv" if as_path else "f.csv")
    # A clean CSV is parsed by pyarrow (fast); only a file pyarrow cannot type is read cell by cell.
    assert len(calls) == careful


def _read_problems(source, **limits) -> tuple[str, list[tuple]]:
    with pytest.raises(DataError) as caught:
        comtrade_file.read_rows(source, dataclasses.replace(comtrade_file.COMTRADE_LIMITS, **limits), "f.csv")
    return caught.value.file, [(p.code, p.row, p.column, p.values) for p in caught.value.problems]


def test_a_fraction_in_a_whole_number_column_of_a_clean_file_is_a_problem():
    # pyarrow types the columns as asked, so 2021.5 is not silently cut to 2021: the careful path names the cells.
    raw = _csv(
        "refYear,reporterCode,partnerCode,flowCode,cmdCode,aggrLevel,primaryValue",
        "2021,860,398,X,TOTAL,0,1",
        "2021.5,860,398,M,TOTAL,0,2",
        "2021,860,398,M,27,2.5,3",
    )
    assert _read_problems(raw) == (
        "f.csv",
        [
            ("not_whole_number", 3, "refYear", {"found": "2021.5"}),
            ("not_whole_number", 4, "aggrLevel", {"found": "2.5"}),
        ],
    )


def test_a_file_the_system_cannot_map_is_unreadable(tmp_path, monkeypatch):
    import pyarrow

    path = tmp_path / "TradeData.csv"
    path.write_bytes(_read_file())

    def refuse(where):
        raise OSError(f"Memory mapping file failed: No such device ({where})")

    monkeypatch.setattr(pyarrow, "memory_map", refuse)
    with pytest.raises(DataError) as caught:
        comtrade_file.read_rows(path, comtrade_file.COMTRADE_LIMITS)
    (problem,) = caught.value.problems
    assert (caught.value.file, problem.code, problem.row, problem.values) == (
        "TradeData.csv",
        "file_unreadable",
        None,
        {"reason": f"Memory mapping file failed: No such device ({path})"},
    )


@pytest.mark.parametrize("as_path", [False, True], ids=["bytes", "path"])
def test_a_big_file_of_blank_lines_is_empty(as_path, tmp_path):
    raw = b" \r\n" * 100_000  # 300 KB: more than the first sample
    source = raw
    if as_path:
        source = tmp_path / "f.csv"
        source.write_bytes(raw)
    assert _read_problems(source) == ("f.csv", [("empty_file", None, None, {})])


def test_limits_reach_the_cell_by_cell_path():
    # An XLSX and a CSV with decimal commas are read cell by cell, under the caller's limits.
    assert _read_problems(_read_xlsx(), max_rows=5) == (
        "f.csv",
        [("sheet_too_many_rows", None, None, {"rows": 6, "limit": 5})],
    )
    header_chars = len(";".join(READ_HEADER))
    assert _read_problems(_read_file(sep=";", decimal=","), max_line_chars=100) == (
        "f.csv",
        [("line_too_long", 1, None, {"chars": header_chars, "limit": 100})],
    )


def test_columns_missing_from_a_workbook_name_the_file():
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["refYear", "reporterCode", "partnerCode", "flowCode", "primaryValue"])
    book.active.append([2021, 860, 398, "X", 1])
    buffer = io.BytesIO()
    book.save(buffer)
    assert _read_problems(buffer.getvalue()) == ("f.csv", [("comtrade_column_missing", 1, "cmdCode", {})])


def test_the_comtrade_names_choose_the_delimiter_of_a_broken_file():
    # An extra column's name holds a semicolon, and one row has a comma too many: split by the cells alone,
    # the semicolon would look like the delimiter; the Comtrade names say comma, so the ragged row is named.
    raw = _csv(
        "refYear,reporterCode,partnerCode,flowCode,cmdCode,primaryValue,Remarks; notes",
        "2021,860,398,X,TOTAL,1000,a; b",
        "2021,860,398,M,TOTAL,2000,a; b, c",
    )
    assert _read_problems(raw) == ("f.csv", [("wrong_cell_count", 3, None, {"expected": "7", "found": "8"})])


def test_a_header_alone_is_no_rows_and_the_column_limit_is_inclusive(tmp_path):
    header = "refYear,reporterCode,partnerCode,flowCode,cmdCode,primaryValue"
    path = tmp_path / "f.csv"
    path.write_bytes(header.encode())  # no newline at all
    limits = dataclasses.replace(comtrade_file.COMTRADE_LIMITS, max_rows=0, max_columns=6)
    frame, rows_read, _ = comtrade_file.read_rows(path, limits)
    assert (len(frame), rows_read) == (0, 0)
    raw = _csv(header, "2021,860,398,X,TOTAL,1000")
    frame, rows_read, _ = comtrade_file.read_rows(raw, dataclasses.replace(limits, max_rows=1))
    assert (frame["primaryValue"].tolist(), rows_read) == ([1000.0], 1)


SAMPLE = comtrade_file.SAMPLE_BYTES


def _descriptions(raw: bytes) -> list[str]:
    frame, _, _ = comtrade_file.read_rows(raw, comtrade_file.COMTRADE_LIMITS)
    return list(dict.fromkeys(frame["cmdDesc"]))


def test_encoding_is_detected_on_whole_lines_of_the_first_sample():
    # UTF-8: the sample is cut after its last whole line, so an "é" split by the sample's end (bytes
    # SAMPLE - 1 and SAMPLE) is not taken for bad UTF-8, nor is the one ending that last line, nor the one
    # starting the next; a bad byte after the sample is replaced, not a crash.
    header = "cmdDesc,refYear,reporterCode,partnerCode,flowCode,cmdCode,primaryValue,note\n"
    last_whole = "Coffee,2021,860,398,X,09,1000,café\n"
    cut = "éclair é,2021,860,398,X,19,1000,x\n"  # its second "é" starts 8 bytes in
    start = SAMPLE - 1 - 8  # where `cut` begins
    filler = "Heading,2021,860,398,X,27,1000,x\n"
    room = start - len(header) - len(last_whole.encode())
    count, rest = divmod(room, len(filler))
    pad = f"Heading,2021,860,398,X,27,1000,{'x' * (rest + 1)}\n"
    count -= 1  # `pad` is one filler line longer by `rest` bytes
    text = header + filler * count + pad + last_whole
    assert len(text.encode()) == start
    raw = (text + cut).encode() + b"Caf\xe9,2021,860,398,M,09,5,x\n"
    assert raw[SAMPLE - 1 : SAMPLE + 1] == "é".encode()
    assert _descriptions(raw) == ["Heading", "Coffee", "éclair é", "Caf\ufffd"]


def test_encoding_of_a_big_file_is_detected_beyond_its_header():
    header = b"refYear,reporterCode,partnerCode,flowCode,cmdCode,primaryValue,cmdDesc\n"
    raw = header + b"2021,860,398,X,09,1000,Caf\xe9\n" + b"2021,860,398,X,27,1000,Fuels\n" * 10_000
    assert len(raw) > SAMPLE
    assert _descriptions(raw) == ["Café", "Fuels"]


def test_a_file_of_exactly_the_sample_size_is_detected_whole():
    # Latin-1, no newline at the end, its only accented letter on its last line: the whole file is the sample.
    header = "refYear,reporterCode,partnerCode,flowCode,cmdCode,primaryValue,cmdDesc\n"
    filler = "2021,860,398,X,27,1000,Fuels\n"
    last = "2021,860,398,X,09,1000,Café "
    count, rest = divmod(SAMPLE - len(header) - len(last), len(filler))
    text = header + filler * count + last + " " * rest
    raw = text.encode("latin-1")
    assert len(raw) == SAMPLE and not raw.endswith(b"\n")
    assert _descriptions(raw) == ["Fuels", "Café"]


def test_a_byte_order_mark_inside_a_cell_is_kept_on_both_paths():
    # Only the file's own BOM (at its very start) is not text; one inside a cell is read as it is, by pyarrow
    # (clean file) and cell by cell (decimal comma) alike.
    lines = ["\ufeffrefYear;reporterCode;partnerCode;flowCode;cmdCode;primaryValue;cmdDesc", "2021;860;398;X;09;{v};\ufeffTea"]
    for value in ("1000", "1000,5"):
        raw = "\r\n".join(lines).format(v=value).encode("utf-8")
        assert _descriptions(raw) == ["\ufeffTea"]


@pytest.mark.parametrize("chunk", [1, 2, 3, 16 * 1024 * 1024])
@pytest.mark.parametrize(
    ("data", "longest"),
    [
        (b"", 0),
        (b"abc", 3),
        (b"ab\n", 2),
        (b"a\nbcd\n", 3),
        (b"a\nbcd", 3),
        (b"\n\n", 0),
        (b"abcd\r\nx\n", 5),
        (b"x\n" + b"y" * 7, 7),
    ],
)
def test_longest_line_in_bytes_whatever_the_chunks(data, longest, chunk):
    import pyarrow as pa

    assert comtrade_file._longest_line_bytes(pa.py_buffer(data), chunk=chunk) == longest


def _long_line_file(description: str) -> bytes:
    return _csv(
        "refYear,reporterCode,partnerCode,flowCode,cmdCode,aggrLevel,cmdDesc,primaryValue",
        "2021,860,398,X,TOTAL,0,All,100",
        f"2021,860,398,M,27,2,{description},200",
    )


@pytest.mark.parametrize("as_path", [False, True], ids=["bytes", "path"])
def test_a_clean_file_with_a_line_over_the_limit_is_refused_naming_the_line(as_path, tmp_path):
    # pyarrow would parse the row (its blocks hold megabytes); the limit is the same on both paths.
    raw = _long_line_file("x" * 200)
    source = raw
    if as_path:
        source = tmp_path / "f.csv"
        source.write_bytes(raw)
    chars = len(raw.decode().splitlines()[2])
    assert _read_problems(source, max_line_chars=150) == ("f.csv", [("line_too_long", 3, None, {"chars": chars, "limit": 150})])


def test_a_line_over_the_limit_in_bytes_but_not_in_characters_is_read(monkeypatch):
    # 100 Cyrillic letters are 200 bytes in UTF-8: the characters decide, as on the careful path.
    raw = _long_line_file("Ж" * 100)
    line = raw.decode().splitlines()[2]
    assert len(line) < 150 < len(line.encode())
    calls = []
    read_carefully = comtrade_file._careful
    monkeypatch.setattr(comtrade_file, "_careful", lambda *a: calls.append(a) or read_carefully(*a))
    limits = dataclasses.replace(comtrade_file.COMTRADE_LIMITS, max_line_chars=150)
    frame, rows_read, _file = comtrade_file.read_rows(raw, limits, "f.csv")
    assert rows_read == 2 and len(calls) == 1
    assert frame.loc[frame["_row"] == 3, "cmdDesc"].tolist() == ["Ж" * 100]
    # Within the limit in bytes too, pyarrow reads it.
    calls.clear()
    comtrade_file.read_rows(raw, dataclasses.replace(limits, max_line_chars=len(line.encode())), "f.csv")
    assert calls == []

"""Data page (app_pages/data/page.py): every resource with its fields, sources and licence, the uploaders and the
zip; an upload (CSV, Excel's CSV, XLSX, Comtrade) used on every page of this session only."""

from __future__ import annotations

import re

import pytest

from partnership import data
from partnership.i18n import LANGUAGES
from tests import shipped
from tests.app.conftest import main_text, open_page
from tests.conftest import app_pages
from tests.test_comtrade import ROWS as COMTRADE_ROWS
from tests.test_comtrade import comtrade_csv
from ui import plotly_element

SHIPPED_TRADE = data.load("trade")
HEADLINE = shipped.latest_value()  # the latest full-year figure in the shipped trade.csv (Overview's first card)


def trade_upload(value: float = 7.77, **to_csv) -> bytes:
    """The shipped trade table with the headline figure changed, as a user would save it."""
    table = SHIPPED_TRADE.copy()
    table.loc[table["turnover_usd_bn"] == HEADLINE, "turnover_usd_bn"] = value
    encoding = to_csv.pop("encoding", "utf-8")
    return table.to_csv(index=False, **to_csv).encode(encoding)


def upload(at, key: str, name: str, raw: bytes):
    at.file_uploader(key=key).set_value((name, raw, "text/csv")).run()
    assert not at.exception, at.exception
    return at


def table_with(at, *columns: str, last: bool = False):
    """The (first or last) table on the page that has all these columns (read-only tables carry no key)."""
    found = [d.value for d in at.main.dataframe if set(columns) <= set(d.value.columns)]
    assert found, f"no table with columns {columns}"
    return found[-1] if last else found[0]


def field_lists(at) -> list:
    """The field tables, one per resource, as the reader sees them (cells are escaped Markdown)."""
    return [table.value.map(lambda v: re.sub(r"\\(.)", r"\1", str(v))) for table in at.main.table]


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.main.metric}


def unescaped(texts) -> str:
    # File names are backslash-escaped Markdown; compare what the reader sees.
    return re.sub(r"\\(.)", r"\1", "\n".join(texts))


def successes(at) -> str:
    return unescaped(s.value for s in at.main.success)


def errors(at) -> str:
    return unescaped(e.value for e in at.main.error)


INTRO = {
    "ru": "Все цифры панели",
    "en": "Every figure on this dashboard",
    "uz": "Ushbu paneldagi har bir raqam",
    "kk": "Осы панельдегі әр сан",
}


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_shows_every_resource_with_fields_sources_and_licence(lang):
    at = open_page("data", lang=lang)
    assert not at.exception
    text = main_text(at)
    field_tables = field_lists(at)
    assert len(field_tables) == len(data.RESOURCES)
    for meta, fields in zip(data.package()["resources"], field_tables, strict=True):
        assert meta["path"] in text
        assert fields.iloc[:, 0].tolist() == [f["name"] for f in meta["schema"]["fields"]]
    assert "Creative Commons Attribution 4.0" in text
    assert len(at.get("file_uploader")) == len(data.RESOURCES) + 1
    assert at.get("download_button")
    assert INTRO[lang] in text


def test_valid_upload_is_used_on_every_page_of_this_session_only():
    at = upload(open_page("data", lang="ru"), "upload-trade-0", "моя-торговля.csv", trade_upload())
    assert "моя-торговля.csv прошёл проверку" in successes(at)
    shown = metrics(at)
    assert shown["Без изменений"] == str(len(SHIPPED_TRADE) - 1)
    assert shown["Изменено"] == "1"
    assert shown["Добавлено"] == "0"
    changes = table_with(at, "field", "old", "new")
    assert changes[["field", "old", "new"]].values.tolist() == [["turnover_usd_bn", f"{HEADLINE:g}", "7.77"]]
    assert "вместо опубликованных данных используются ваши" in "\n".join(i.value for i in at.main.info)

    at.switch_page("app_pages/overview.py").run()
    assert not at.exception
    assert "7,77 млрд $" in metrics(at).values()
    at.switch_page("app_pages/trade.py").run()
    assert not at.exception
    assert 7.77 in table_with(at, "source_title", "turnover_usd_bn", last=True)["turnover_usd_bn"].tolist()
    at.switch_page("app_pages/scenarios/page.py").run()
    assert not at.exception

    # Another session at the same time: the shipped figure.
    other = open_page(lang="ru")
    assert shipped.latest_usd_bn("ru") in metrics(other).values()
    assert "7,77 млрд $" not in metrics(other).values()


def test_russian_excel_file_cp1251_semicolons_decimal_commas():
    table = SHIPPED_TRADE.copy()
    for column in ("source_title", "quote", "reporter_detail", "period"):
        table[column] = table[column].map(lambda v: v.encode("cp1251", "replace").decode("cp1251") if isinstance(v, str) else v)
    table.loc[table["turnover_usd_bn"] == HEADLINE, "turnover_usd_bn"] = 6.5
    raw = table.to_csv(index=False, sep=";", decimal=",").encode("cp1251")
    at = upload(open_page("data", lang="en"), "upload-trade-0", "trade-excel.csv", raw)
    assert not errors(at)
    at.switch_page("app_pages/overview.py").run()
    assert "$6.5 bn" in metrics(at).values()


def test_comtrade_upload_adds_rows_and_a_product_map_on_the_trade_page():
    at = upload(open_page("data", lang="ru"), "upload-comtrade-0", "TradeData.csv", comtrade_csv(COMTRADE_ROWS))
    assert not errors(at)
    trade = at.session_state["session_tables"]["trade"]
    assert len(trade) == len(SHIPPED_TRADE) + 3
    assert (trade["source_title"] == "UN Comtrade").sum() == 3
    mirror = table_with(at, "hs_chapter", "gap_usd_mn")
    assert set(mirror.columns) >= {"uzbekistan_usd_mn", "kazakhstan_usd_mn"}

    at.switch_page("app_pages/trade.py").run()
    assert not at.exception
    assert "Товарная структура по главам ТН ВЭД" in main_text(at)
    treemap = plotly_element.figures(at.main)[-1]
    assert [trace["type"] for trace in treemap["data"]] == ["treemap"]
    assert any(label.startswith("Гл. 27") for label in treemap["data"][0]["labels"])
    table = table_with(at, "source_title", "turnover_usd_bn", last=True)
    assert (table["source_title"] == "UN Comtrade").sum() == 3

    at.switch_page("app_pages/overview.py").run()
    assert not at.exception
    at.switch_page("app_pages/scenarios/page.py").run()
    assert not at.exception


def test_comtrade_replace_mode():
    at = upload(open_page("data", lang="en"), "upload-comtrade-0", "TradeData.csv", comtrade_csv(COMTRADE_ROWS))
    at.radio(key="comtrade_mode").set_value("replace").run()
    assert not at.exception
    trade = at.session_state["session_tables"]["trade"]
    assert set(trade["source_title"]) == {"UN Comtrade"}
    at.switch_page("app_pages/overview.py").run()
    assert not at.exception
    # 2023 is the file's latest year with both flows (a turnover); Uzbekistan's report is preferred.
    assert metrics(at)["Trade turnover in 2023"] == "$2.75 bn"


def test_xlsx_upload_of_targets():
    from partnership.export.tables import table_bytes

    targets = data.load("targets")
    targets.loc[targets["status"] == "current", "target_usd_bn"] = 12.0
    at = open_page("data", lang="en")
    at.file_uploader(key="upload-targets-0").set_value(
        ("targets.xlsx", table_bytes(targets, "xlsx"), "application/octet-stream")
    ).run()
    assert not at.exception
    assert "targets.xlsx passed the checks" in successes(at)
    at.switch_page("app_pages/overview.py").run()
    assert "$12 bn" in metrics(at).values()


def test_broken_shipped_file_can_be_replaced_for_the_session(broken_data):
    (broken_data / "trade.csv").write_text("year,period\nnot a year,x\n", encoding="utf-8")
    at = open_page("data", lang="en")
    assert not at.exception
    assert "The data could not be loaded" in main_text(at)
    at = upload(at, "upload-trade-0", "fixed.csv", trade_upload())
    assert "fixed.csv passed the checks" in successes(at)
    assert "nothing to compare with" in main_text(at)
    at.switch_page("app_pages/overview.py").run()
    assert not at.exception
    assert "$7.77 bn" in metrics(at).values()


def test_every_page_runs_on_a_session_where_every_resource_is_uploaded():
    """Russian-Excel versions (cp1251, semicolons, decimal commas) of all five tables, then every page."""
    from tests.io.test_read_table import cp1251_encodable

    at = open_page("data", lang="ru")
    for resource in data.RESOURCES:
        raw = cp1251_encodable(data.load(resource)).to_csv(index=False, sep=";", decimal=",").encode("cp1251")
        at = upload(at, f"upload-{resource}-0", f"{resource}.csv", raw)
        assert not errors(at), errors(at)
    at = upload(at, "upload-comtrade-0", "comtrade.csv", comtrade_csv(COMTRADE_ROWS))
    assert set(at.session_state["session_tables"]) == set(data.RESOURCES)
    for page, *_ in app_pages():
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        assert not at.main.error, (page, [e.value for e in at.main.error])

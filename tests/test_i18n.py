"""i18n: every language has every key of en; numbers, money and dates follow Babel; titles fall back marked."""

from __future__ import annotations

import datetime
import re
import string
from pathlib import Path

import pandas as pd
import plotly
import plotly.graph_objects as go
import pytest

from partnership import data, i18n
from partnership.i18n import catalog, fmt_date, fmt_number, fmt_pct, fmt_usd_bn, fmt_usd_mn, t

ROOT = Path(__file__).resolve().parents[1]


OTHERS = [code for code in i18n.LANGUAGES if code != "en"]


def test_every_language_in_the_registry_has_a_catalog_folder_and_every_folder_an_entry():
    folders = {path.name for path in i18n.LOCALES_DIR.iterdir() if path.is_dir() and not path.name.startswith("_")}
    assert folders == set(i18n.LANGUAGES)
    assert i18n.DEFAULT_LANGUAGE in i18n.LANGUAGES
    for code, language in i18n.LANGUAGES.items():
        assert language.code == code
        assert language.title_order[0] == code  # a language's own titles come first


@pytest.mark.parametrize("lang", OTHERS)
def test_every_language_has_every_key_of_en_and_no_other(lang):
    mine, en = set(catalog(lang)), set(catalog("en"))
    assert en - mine == set(), f"missing in {lang}: {sorted(en - mine)}"
    assert mine - en == set(), f"in {lang} but not in en: {sorted(mine - en)}"


@pytest.mark.parametrize("lang", OTHERS)
def test_every_language_has_the_placeholders_of_en(lang):
    formatter = string.Formatter()
    for key, text in catalog("en").items():
        en_fields = {f for _, f, _, _ in formatter.parse(text) if f}
        mine = {f for _, f, _, _ in formatter.parse(catalog(lang).get(key, "")) if f}
        assert mine == en_fields, key


def test_uzbek_is_latin_with_the_turned_comma_in_o_and_g():
    texts = catalog("uz")
    # oʻ and gʻ take U+02BB; an apostrophe, backtick or curly quote in their place is a typo.
    wrong = {key: text for key, text in texts.items() if re.search(r"[\'`‘’]", text)}
    assert wrong == {}
    assert sum("\u02bb" in text for text in texts.values()) > 100
    assert "Oʻzbekiston" in t("reporter.Uzbekistan", "uz") and "Qozogʻiston" in t("reporter.Kazakhstan", "uz")
    # Cyrillic only where a search example is a Russian word stem.
    cyrillic = {key for key, text in texts.items() if re.search(r"[А-Яа-яЁё]", text)}
    assert cyrillic == {"agreements.search_placeholder"}


def test_kazakh_is_cyrillic_with_the_kazakh_letters():
    texts = catalog("kk")
    joined = " ".join(texts.values())
    for letter in "әғқңөұүі":  # һ is in the PDF font check: only loanwords have it
        assert letter in joined, letter
    mixed = {
        word
        for text in texts.values()
        for word in re.findall(r"\w+", text)
        if re.search(r"[A-Za-z]", word) and re.search(r"[А-Яа-яӘәҒғҚқҢңӨөҰұҮүҺһІі]", word)
    }
    assert mixed == set()
    assert t("measure.turnover_usd_bn", "kk") == "Тауар айналымы"
    assert t("measure.turnover_usd_bn", "uz") == "Savdo aylanmasi"


def test_every_key_used_in_code_exists():
    used = set()
    for path in [ROOT / "app.py", *ROOT.glob("app_pages/**/*.py"), *ROOT.glob("ui/*.py"), *ROOT.glob("partnership/*.py")]:
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_]+(?:\.[A-Za-z_]+)+)["']""", path.read_text(encoding="utf-8")))
    missing = sorted(k for k in used if k not in catalog("en"))
    assert missing == []


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("ru", "4,97 млрд $"), ("en", "$4.97 bn"), ("uz", "4,97 mlrd $"), ("kk", "4,97 млрд $")],
)
def test_money_in_billions(lang, expected):
    assert fmt_usd_bn(4.97, lang) == expected


def test_values_are_shown_as_stored_not_rounded():
    assert fmt_usd_bn(1.548, "en") == "$1.548 bn"
    assert fmt_usd_bn(0.3135, "ru") == "0,3135 млрд $"
    assert fmt_usd_mn(1300, "ru") == "1\u00a0300 млн $"
    assert fmt_usd_mn(1300, "en") == "$1,300 mn"
    assert i18n.fmt_usd_mn_as_bn(1300, "ru") == "1,3 млрд $"
    assert i18n.fmt_usd_mn_as_bn(121.3, "en") == "$0.1213 bn"


def test_percentages():
    assert fmt_pct(11.4, "ru", signed=True) == "+11,4\u00a0%"
    assert fmt_pct(11.4, "en", signed=True) == "+11.4%"
    assert fmt_pct(15.008, "ru", digits=1) == "15,0\u00a0%"
    # A loss takes the minus sign, as the charts' axes and hover labels write it; a rounded zero takes none.
    assert fmt_pct(-16.5, "en", signed=True) == "\u221216.5%"
    assert fmt_pct(-2, "ru", digits=1) == "\u22122,0\u00a0%"
    assert fmt_pct(-2, "kk", digits=1, signed=True) == "\u22122,0%"
    assert fmt_pct(-0.04, "uz", digits=1, signed=True) == "0,0%"
    assert fmt_number(2.5, "ru", digits=0) == "2"


def test_dates():
    assert fmt_date(datetime.date(2025, 11, 15), "ru") == "15 ноября 2025\u202fг."
    assert fmt_date(datetime.date(2025, 11, 15), "en") == "November 15, 2025"
    # Month names from Babel's uz_Latn and kk data, in the order official texts write a date.
    assert fmt_date(datetime.date(2025, 11, 15), "uz") == "2025-yil 15-noyabr"
    assert fmt_date(datetime.date(2025, 11, 15), "kk") == "2025 жылғы 15 қараша"


def test_a_rows_date_is_its_exact_day_else_the_sources_text():
    exact = pd.Series({"date": pd.Timestamp("2025-11-15"), "date_text": "2025-11-15"})
    month = pd.Series({"date": pd.NaT, "date_text": "2024-05"})
    unknown = pd.Series({"date": pd.NaT, "date_text": None})
    assert i18n.row_date(exact, "en") == "November 15, 2025"
    assert i18n.row_date(exact, "ru") == "15 ноября 2025\u202fг."
    assert i18n.row_date(month, "en") == "2024-05"
    assert i18n.row_date(unknown, "en") == ""
    assert i18n.row_date({"date": pd.NaT, "date_text": "2019"}, "kk") == "2019"


@pytest.mark.parametrize("lang", list(i18n.LANGUAGES))
def test_numbers_percent_and_plotly_separators_follow_babel(lang):
    from babel.numbers import format_decimal, format_percent, get_decimal_symbol, get_group_symbol

    locale = i18n.babel_locale(lang)
    assert fmt_number(12345.67, lang) == format_decimal(12345.67, locale=locale)
    assert fmt_pct(11.4, lang) == format_percent(0.114, locale=locale, decimal_quantization=False)
    decimal, group = i18n.plotly_separators(lang)
    assert decimal == get_decimal_symbol(locale)
    assert group == get_group_symbol(locale) or (group == " " and get_group_symbol(locale).isspace())


def test_uzbek_and_kazakh_numbers():
    assert fmt_number(4.97, "uz") == fmt_number(4.97, "kk") == "4,97"
    assert fmt_pct(15.008, "uz", digits=1) == "15,0%"
    assert fmt_pct(11.4, "kk", signed=True) == "+11,4%"
    assert fmt_usd_mn(1300, "kk") == "1\u00a0300 млн $"
    assert i18n.plotly_separators("uz") == i18n.plotly_separators("kk") == ", "


def test_placeholders_and_fallbacks():
    assert t("overview.latest", "en", year=2025) == "Trade turnover in 2025"
    assert t("no.such.key", "ru") == "no.such.key"
    assert i18n.normalize_language("xx") == "ru"
    assert i18n.normalize_language(None) == "ru"
    assert [i18n.plotly_separators(code) for code in ("ru", "en")] == [", ", ".,"]


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("Jan-Sep", "январь–сентябрь"),
        ("Jan", "январь"),
        ("full year", "полный год"),
        ("YTD to mid-Nov (since start of year)", "с начала года до середины ноября"),
        ("unclear - probably Jan-Jul (not explicit)", "период не указан"),
        ("not stated (rounded remark: 'с $1 млрд до $2 млрд')", "период не указан"),
        ("H1 as stated", "H1 as stated"),
    ],
)
def test_period_labels_in_russian(period, expected):
    assert i18n.period_label(period, "ru") == expected
    assert i18n.period_label(period, "en") == period


@pytest.mark.parametrize(("lang", "expected"), [("uz", "yanvar–sentabr"), ("kk", "қаңтар–қыркүйек")])
def test_period_months_come_from_babel_in_lower_case_as_running_text_writes_them(lang, expected):
    assert i18n.period_label("Jan-Sep", lang) == expected
    assert i18n.period_label("full year", lang) == t("period.full_year", lang)


def test_every_period_in_the_shipped_data_is_shown_in_the_reader_language():
    periods = data.load("trade")["period"].unique()
    for lang in ("ru", "uz", "kk"):
        untranslated = [p for p in periods if i18n.period_label(p, lang) == p]
        assert not untranslated, (lang, untranslated)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("ru", "более 8 млрд $"), ("en", "over $8 bn"), ("uz", "8 mlrd dollardan ortiq"), ("kk", "8 млрд доллардан астам")],
)
def test_a_lower_bound_is_one_phrase_with_the_case_ending_on_a_word_not_on_the_dollar_sign(lang, expected):
    assert i18n.fmt_usd_bn_over(8, lang) == expected


def test_titles_follow_the_language_order_and_are_marked_with_their_language():
    import pandas as pd

    rows = pd.DataFrame(
        {
            "title_en": ["Water treaty", "Border", None],
            "title_ru": ["Договор о воде", None, "Только по-русски"],
            "title_uz": [None, None, None],
            "title_kk": ["Су туралы шарт", None, None],
        }
    )
    shown, codes = i18n.localized_titles(rows, "kk")
    assert list(shown) == ["Су туралы шарт", "Border", "Только по-русски"]
    assert list(codes) == ["kk", "en", "ru"]
    shown, codes = i18n.localized_titles(rows, "uz")
    assert list(codes) == ["ru", "en", "ru"]
    assert i18n.localized_title(rows.iloc[0], "uz") == "Договор о воде (ruscha)"
    assert i18n.localized_title(rows.iloc[0], "kk") == "Су туралы шарт"
    assert i18n.localized_title(rows.iloc[2], "en") == "Только по-русски (in Russian)"
    assert i18n.localized_title(rows.iloc[0], "ru") == "Договор о воде"
    # A table without the uz/kk columns (an uploaded one) still works.
    shown, codes = i18n.localized_titles(rows[["title_en", "title_ru"]], "kk")
    assert list(codes) == ["ru", "en", "ru"]
    assert i18n.language_mark("ru", "kk") == "(орысша)"


def test_untranslated_report_lists_values_equal_to_en_or_ru(capsys):
    import importlib.util

    spec = importlib.util.spec_from_file_location("untranslated", ROOT / "scripts" / "untranslated.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    found = {key: reference for key, reference, _ in module.identical("kk")}
    assert found["units.usd_bn"] == "ru"  # "{value} млрд $" reads the same in Russian and Kazakh
    assert found["export.png"] == "en"
    assert "measure.turnover_usd_bn" not in found
    assert "overview.approx" not in found  # "≈{value}" has no words
    assert module.main(["uz", "--strict"]) == 1 and module.main(["uz"]) == 0
    assert "values identical to en or ru" in capsys.readouterr().out


def test_text_said_to_be_english_that_is_not_gets_no_language_mark():
    from partnership.i18n import language_mark
    from partnership.vocabulary import term

    assert language_mark("en", "ru", "Ratified by the Mazhilis") == "(англ.)"
    assert language_mark("en", "ru", "Ратифицировано Мажилисом") == ""  # an upload's Russian note
    assert language_mark("en", "kk", "Qozogʻiston bilan") == ""
    assert language_mark("ru", "kk", "Визит") != ""  # a Russian title is marked as Russian
    assert term("reporter_detail", "Минэкономики РУз", "ru") == "Минэкономики РУз"
    assert term("reporter_detail", "some ministry", "ru").endswith("(англ.)")


def test_the_chart_toolbar_speaks_the_ui_language_from_the_catalogs():
    from partnership.export import PLOTLY_CONFIG
    from partnership.export.figures import figure_html

    plotly_js = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_text(encoding="utf-8")
    assert i18n.plotly_locale("en") == {}
    kk = i18n.plotly_locale("kk")
    assert kk["locale"] == "kk"
    dictionary = kk["locales"]["kk"]["dictionary"]
    # Every modebar tooltip plotly.js looks up by its English text has a Kazakh word (none left English).
    looked_up = set(re.findall(r'Ta\(\w{1,2},"([^"]+)"\)', plotly_js)) & set(dictionary)
    assert {"Download plot as a PNG", "Zoom", "Pan", "Autoscale", "Reset axes"} <= looked_up
    assert all(dictionary[text] != text for text in dictionary)
    assert kk["locales"]["kk"]["format"]["months"][10] == "Қараша"
    figure = go.Figure(layout={"meta": {"lang": "uz"}})
    assert '"Grafikni PNG sifatida yuklab olish"' in figure_html(figure)
    assert "locale" not in PLOTLY_CONFIG


def test_an_xlsx_sheet_is_named_in_the_ui_language():
    import io

    from openpyxl import load_workbook

    from partnership.export import table_bytes

    raw = table_bytes(pd.DataFrame({"year": [2025]}), "xlsx", sheet=t("export.table.sheet", "kk"))
    assert load_workbook(io.BytesIO(raw)).sheetnames == ["деректер"]


def test_fmt_number_writes_a_negative_number_with_the_minus_sign():
    assert i18n.fmt_number(-0.38, "ru") == "\u22120,38"
    assert i18n.fmt_number(-1234.5, "en", 1) == "\u22121,234.5"
    assert i18n.fmt_number(-0.04, "uz", 1) == "0,0"  # rounds to zero: no sign
    assert i18n.fmt_number(2.5, "kk") == "2,5"

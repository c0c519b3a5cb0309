"""i18n: both catalogs have the same keys; numbers and money follow the locale."""

from __future__ import annotations

import datetime
import re
import string
from pathlib import Path

import pytest

from partnership import i18n
from partnership.i18n import catalog, fmt_date, fmt_number, fmt_pct, fmt_usd_bn, fmt_usd_mn, t

ROOT = Path(__file__).resolve().parents[1]


def test_languages_have_the_same_keys():
    ru, en = set(catalog("ru")), set(catalog("en"))
    assert ru - en == set(), f"missing in en: {sorted(ru - en)}"
    assert en - ru == set(), f"missing in ru: {sorted(en - ru)}"


def test_languages_have_the_same_placeholders():
    formatter = string.Formatter()
    for key, text in catalog("ru").items():
        ru_fields = {f for _, f, _, _ in formatter.parse(text) if f}
        en_fields = {f for _, f, _, _ in formatter.parse(catalog("en")[key]) if f}
        assert ru_fields == en_fields, key


def test_every_key_used_in_code_exists():
    used = set()
    for path in [ROOT / "app.py", *ROOT.glob("app_pages/*.py"), *ROOT.glob("ui/*.py"), *ROOT.glob("partnership/*.py")]:
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_]+(?:\.[A-Za-z_]+)+)["']""", path.read_text(encoding="utf-8")))
    missing = sorted(k for k in used if k not in catalog("ru"))
    assert missing == []


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("ru", "4,97 млрд $"), ("en", "$4.97 bn")],
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
    assert fmt_pct(-16.5, "en", signed=True) == "-16.5%"
    assert fmt_number(2.5, "ru", digits=0) == "2"


def test_dates():
    assert fmt_date(datetime.date(2025, 11, 15), "ru") == "15 ноября 2025\u202fг."
    assert fmt_date(datetime.date(2025, 11, 15), "en") == "November 15, 2025"


def test_placeholders_and_fallbacks():
    assert t("overview.latest", "en", year=2025) == "Trade turnover in 2025"
    assert t("no.such.key", "ru") == "no.such.key"
    assert i18n.normalize_language("de") == "ru"
    assert i18n.PLOTLY_SEPARATORS == {"ru": ", ", "en": ".,"}


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("Jan-Sep", "январь–сентябрь"),
        ("Jan", "январь"),
        ("full year", "полный год"),
        ("YTD to mid-Nov (since start of year)", "с начала года до середины ноября"),
        ("unclear - probably Jan-Jul (not explicit)", "период не указан"),
        ("H1 as stated", "H1 as stated"),
    ],
)
def test_period_labels_in_russian(period, expected):
    assert i18n.period_label(period, "ru") == expected
    assert i18n.period_label(period, "en") == period

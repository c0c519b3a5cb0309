"""UI strings and locale formatting.

Strings live in partnership/locales/<lang>/*.toml (one file per page or topic, all
merged), so each part of the app owns its own catalog file. Numbers go through Babel
so Russian readers see "4,97 млрд $" and English readers "$4.97 bn".
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from babel.dates import format_date as _babel_date
from babel.dates import get_month_names
from babel.numbers import format_decimal, format_percent

LANGUAGES = ("ru", "en")
DEFAULT_LANGUAGE = "ru"
LOCALES_DIR = Path(__file__).with_name("locales")
# Plotly's `separators`: decimal mark then thousands separator.
PLOTLY_SEPARATORS = {"ru": ", ", "en": ".,"}
# Show data values as the source gave them: up to four decimals, no padding.
_DATA_PATTERN = "#,##0.####"
_PCT_PATTERN = {"ru": "#,##0{decimals}\u00a0%", "en": "#,##0{decimals}%"}


def normalize_language(lang: str | None) -> str:
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


@cache
def catalog(lang: str) -> dict[str, str]:
    """All strings of one language, flattened to dotted keys ("overview.title")."""
    merged: dict[str, str] = {}

    def flatten(prefix: str, table: dict) -> None:
        for key, value in table.items():
            dotted = f"{prefix}.{key}" if prefix else key
            if isinstance(value, dict):
                flatten(dotted, value)
            else:
                merged[dotted] = str(value)

    for path in sorted((LOCALES_DIR / lang).glob("*.toml")):
        with path.open("rb") as handle:
            flatten("", tomllib.load(handle))
    return merged


def t(key: str, lang: str, **values: object) -> str:
    """The string `key` in `lang`, with {placeholders} filled; English, then the key, as fallback."""
    text = catalog(normalize_language(lang)).get(key) or catalog("en").get(key) or key
    return text.format(**values) if values else text


def fmt_number(value: float, lang: str, digits: int | None = None) -> str:
    if digits is not None:
        return format_decimal(round(value, digits), format=f"#,##0.{'0' * digits}" if digits else "#,##0", locale=lang)
    return format_decimal(value, format=_DATA_PATTERN, locale=lang)


def fmt_usd_bn(value: float, lang: str, digits: int | None = None) -> str:
    """'4,97 млрд $' / '$4.97 bn'. Without `digits` the value is shown exactly as stored."""
    return t("units.usd_bn", lang, value=fmt_number(value, lang, digits))


def fmt_usd_mn(value: float, lang: str, digits: int | None = None) -> str:
    return t("units.usd_mn", lang, value=fmt_number(value, lang, digits))


MN_PER_BN = 1000


def fmt_usd_mn_as_bn(value_mn: float, lang: str) -> str:
    """A USD-million figure shown in billions (1300 → '1,3 млрд $'), exactly, without rounding."""
    return fmt_usd_bn(value_mn / MN_PER_BN, lang)


def fmt_pct(value_pct: float, lang: str, digits: int | None = None, signed: bool = False) -> str:
    """A percentage given in percent (11.4 → '11,4 %' / '11.4%'); `signed` adds '+' to gains."""
    if digits is None:
        shown = value_pct
        text = format_percent(shown / 100, locale=lang, decimal_quantization=False)
    else:
        shown = round(value_pct, digits)
        decimals = "." + "0" * digits if digits else ""
        text = format_percent(shown / 100, format=_PCT_PATTERN[lang].format(decimals=decimals), locale=lang)
    return f"+{text}" if signed and shown > 0 else text


def fmt_date(value, lang: str) -> str:
    return _babel_date(value, format="long", locale=lang)


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def period_label(period: str, lang: str) -> str:
    """A period as the sources write it ('Jan-Sep', 'full year', 'YTD to mid-Nov') in the UI language.

    Month spans and the common phrases are translated; anything else is shown as the source wrote it.
    """
    text = str(period).strip()
    if lang == "en":
        return text
    names = get_month_names("wide", context="stand-alone", locale=lang)
    parts = text.split("-")
    if all(p in _MONTHS for p in parts) and 1 <= len(parts) <= 2:
        return "–".join(names[_MONTHS.index(p) + 1] for p in parts)
    for phrase in ("full year", "YTD to mid-Nov", "YTD (period not stated)", "unclear"):
        if text.startswith(phrase):
            return t(f"period.{phrase.split(' (')[0].replace(' ', '_').replace('-', '_')}", lang)
    return text

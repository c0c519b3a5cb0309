"""UI strings, the languages the app speaks, and locale formatting.

Strings live in partnership/locales/<lang>/*.toml (one file per page or topic, all
merged), so each part of the app owns its own catalog file. `LANGUAGES` is the one list of
languages and their settings: a new language is a folder of catalog files and one entry
there. Numbers, percentages and dates go through Babel, so Russian readers see
"4,97 млрд $" and English readers "$4.97 bn".
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import pandas as pd
from babel import Locale
from babel.dates import format_date as _babel_date
from babel.dates import get_month_names
from babel.numbers import format_decimal, format_percent, get_decimal_symbol, get_group_symbol

from partnership.io.problems import MAX_PROBLEMS, DataError, Problem


@dataclass(frozen=True)
class Language:
    """One UI language and everything that differs by it, apart from the catalog strings."""

    code: str  # the folder under locales/ and the value of ?lang=
    name: str  # the language's own name, as the picker and the briefing show it
    babel_locale: str  # numbers, percentages, dates and month names
    # Data text (titles of agreements, events, targets) comes in columns title_<code>: the first
    # filled one in this order is shown; anything not in `code` is marked with its language.
    title_order: tuple[str, ...]
    # Date columns of st.dataframe (moment.js format): month names there come from the browser
    # in English, so languages other than English show numeric dates.
    table_date_format: str = "DD.MM.YYYY"
    # A full date in running text: Babel's "long" pattern, or the language's official form where
    # Babel's differs (each documented in `LANGUAGES`).
    date_pattern: str = "long"


LANGUAGES: dict[str, Language] = {
    language.code: language
    for language in (
        Language("ru", "Русский", "ru", ("ru", "en")),
        Language("en", "English", "en", ("en", "ru"), table_date_format="D MMM YYYY"),
        # "2025-yil 15-noyabr": Uzbek state texts put the year first, both with their suffixes
        # (president.uz, lex.uz decrees); Babel's uz_Latn "long" gives "15-noyabr, 2025".
        Language("uz", "Oʻzbekcha", "uz_Latn", ("uz", "ru", "en"), date_pattern="y-'yil' d-MMMM"),
        # "2025 жылғы 15 қараша": Kazakh laws and decrees (adilet.zan.kz, akorda.kz); Babel's kk
        # "long" gives "2025 ж. 15 қараша".
        Language("kk", "Қазақша", "kk", ("kk", "ru", "en"), date_pattern="y 'жылғы' d MMMM"),
    )
}
DEFAULT_LANGUAGE = "ru"
# The language the data's own descriptive text (periods, project names) is written in.
DATA_LANGUAGE = "en"
LOCALES_DIR = Path(__file__).with_name("locales")
# Show data values as the source gave them: up to four decimals, no padding.
_DATA_PATTERN = "#,##0.####"
_SPACES = {"\u00a0", "\u202f", " "}
MINUS = "\u2212"  # a negative number's sign in text, as Plotly writes it on the charts' axes and hover labels


def language(lang: str | None) -> Language:
    """The settings of `lang` (the default language for an unknown code)."""
    return LANGUAGES[normalize_language(lang)]


def babel_locale(lang: str | None) -> str:
    return language(lang).babel_locale


def plotly_separators(lang: str | None) -> str:
    """Plotly's `separators` (decimal mark, then thousands separator) as Babel writes numbers."""
    locale = babel_locale(lang)
    group = get_group_symbol(locale)
    # Plotly draws a plain space where Babel has a (narrow) no-break space.
    return get_decimal_symbol(locale) + (" " if group in _SPACES else group)


# plotly.js's own English texts (modebar tooltips, download notices) → key under "chart_toolbar." in the catalogs.
_PLOTLY_TEXTS = {
    "Download plot as a PNG": "download_png",
    "Download plot": "download",
    "Preparing image - this may take a few seconds": "preparing",
    "Image download succeeded": "done",
    "Sorry, there was a problem downloading your image!": "failed",
    "Zoom": "zoom",
    "Pan": "pan",
    "Box Select": "box_select",
    "Lasso Select": "lasso_select",
    "Zoom in": "zoom_in",
    "Zoom out": "zoom_out",
    "Autoscale": "autoscale",
    "Reset axes": "reset_axes",
    "Toggle Spike Lines": "spikes",
    "Show closest data on hover": "hover_closest",
    "Compare data on hover": "hover_compare",
    "Toggle show closest data on hover": "hover_toggle",
    "Reset view": "reset_view",
    "Reset": "reset",
    "Double-click to zoom back out": "double_click",
    "Double-click on legend to isolate one trace": "legend_isolate",
}


def month_names(lang: str | None, width: str = "wide") -> list[str]:
    """January to December as `lang` names a month standing alone ("октябрь", "Қараша"), from Babel."""
    names = get_month_names(width, context="stand-alone", locale=babel_locale(lang))
    return [names[number] for number in range(1, 13)]


def plotly_locale(lang: str | None) -> dict:
    """plotly.js config entries that put the chart toolbar in `lang`: a dictionary from our catalog, and
    month names from Babel for date axes (plotly.js ships no locale for Uzbek or Kazakh, and the
    package bundles none); empty for English, plotly.js's own language."""
    code = normalize_language(lang)
    if code == DATA_LANGUAGE:
        return {}
    dictionary = {english: t(f"chart_toolbar.{key}", code) for english, key in _PLOTLY_TEXTS.items()}
    months, short = month_names(code), month_names(code, "abbreviated")
    return {"locale": code, "locales": {code: {"dictionary": dictionary, "format": {"months": months, "shortMonths": short}}}}


def _percent_pattern(lang: str, decimals: str) -> str:
    """The locale's percent pattern ('#,##0\u00a0%' for ru, '#,##0%' for en) with fixed decimals."""
    pattern = Locale.parse(babel_locale(lang)).percent_formats[None].pattern.split(";")[0]
    return pattern.replace("0", "0" + decimals, 1) if "." not in pattern else pattern


def normalize_language(lang: str | None) -> str:
    return lang if isinstance(lang, str) and lang in LANGUAGES else DEFAULT_LANGUAGE


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


# Formatting goes through Babel (tens of µs a call) and pages format the same numbers on every rerun (a
# select_slider's 61 option labels, twice): the results are kept.
@lru_cache(maxsize=16384)
def fmt_number(value: float, lang: str, digits: int | None = None) -> str:
    """A number in the language's digits and marks; a negative one with the minus sign (−0,4), as fmt_pct."""
    if digits is not None:
        pattern = f"#,##0.{'0' * digits}" if digits else "#,##0"
        text = format_decimal(round(value, digits) + 0.0, format=pattern, locale=babel_locale(lang))  # + 0.0: no −0
    else:
        text = format_decimal(value, format=_DATA_PATTERN, locale=babel_locale(lang))
    return MINUS + text[1:] if text.startswith("-") else text


def fmt_usd_bn(value: float, lang: str, digits: int | None = None) -> str:
    """'4,97 млрд $' / '$4.97 bn'. Without `digits` the value is shown exactly as stored."""
    return t("units.usd_bn", lang, value=fmt_number(value, lang, digits))


def fmt_usd_bn_over(value: float, lang: str, digits: int | None = None) -> str:
    """'более 8 млрд $' / '8 mlrd dollardan ortiq': a lower bound, worded as a whole phrase.

    Uzbek and Kazakh put the case ending on the currency word ("dollardan", "доллардан"), which a
    symbol cannot carry, so the phrase is one catalog string rather than "over" around `fmt_usd_bn`.
    """
    return t("units.usd_bn_over", lang, value=fmt_number(value, lang, digits))


def fmt_usd_mn(value: float, lang: str, digits: int | None = None) -> str:
    return t("units.usd_mn", lang, value=fmt_number(value, lang, digits))


MN_PER_BN = 1000


def fmt_usd_mn_as_bn(value_mn: float, lang: str) -> str:
    """A USD-million figure shown in billions (1300 → '1,3 млрд $'), exactly, without rounding."""
    return fmt_usd_bn(value_mn / MN_PER_BN, lang)


@lru_cache(maxsize=16384)
def fmt_pct(value_pct: float, lang: str, digits: int | None = None, signed: bool = False) -> str:
    """A percentage given in percent (11.4 → '11,4 %' / '11.4%'); `signed` adds '+' to gains.

    A loss takes the minus sign (−2,0 %), not Babel's hyphen, as the charts' own numbers do; a value
    that rounds to zero shows no sign.
    """
    if digits is None:
        shown = value_pct
        text = format_percent(shown / 100, locale=babel_locale(lang), decimal_quantization=False)
    else:
        shown = round(value_pct, digits) + 0.0  # + 0.0: -0.0 becomes 0.0
        decimals = "." + "0" * digits if digits else ""
        text = format_percent(shown / 100, format=_percent_pattern(lang, decimals), locale=babel_locale(lang))
    if text.startswith("-"):
        return MINUS + text[1:]
    return f"+{text}" if signed and shown > 0 else text


def parse_number(text: object) -> float | None:
    """A number as a reader or a link writes it in any of our languages ('10,5', '10.5', '−2,5 %', '1 234'); None if it is none.

    Widgets show numbers the page's way, and a link made on a page in one language may open in another,
    so both decimal marks are read; a number with both ('1,234.5') is not one a reader of ours types.
    """
    if not isinstance(text, str | int | float) or isinstance(text, bool):
        return None
    cleaned = str(text).strip().rstrip("%").replace("\u2212", "-")
    for space in (*_SPACES, "\u2009"):
        cleaned = cleaned.replace(space, "")
    if "," in cleaned and "." in cleaned:
        return None
    try:
        value = float(cleaned.replace(",", "."))
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def fmt_date(value, lang: str) -> str:
    """A date in running text as the language writes it ('15 ноября 2025 г.', '2025-yil 15-noyabr')."""
    settings = language(lang)
    return _babel_date(value, format=settings.date_pattern, locale=settings.babel_locale)


@cache
def _source_months() -> dict[str, int]:
    """The sources' month abbreviations ('Jan'…'Dec', English as Babel spells them) → month number."""
    return {name: number for number, name in get_month_names("abbreviated", locale=DATA_LANGUAGE).items()}


# How the sources' period notes begin, and the catalog key each is shown with ("period.<key>").
_PERIOD_PHRASES = (
    ("full year", "full_year"),
    ("YTD to mid-Nov", "YTD_to_mid_Nov"),
    ("YTD (period not stated)", "YTD"),
    ("unclear", "unclear"),
    ("not stated", "unclear"),
)


def period_label(period: str, lang: str) -> str:
    """A period as the sources write it ('Jan-Sep', 'full year', 'YTD to mid-Nov') in the UI language.

    Month spans and the common phrases are translated; anything else is shown as the source wrote it.
    Months are lower-case ('yanvar–sentabr', 'қаңтар–қыркүйек'), as Russian, Uzbek and Kazakh write
    them inside a sentence; a caller that starts a sentence with the label capitalises it.
    """
    text = str(period).strip()
    if normalize_language(lang) == DATA_LANGUAGE:
        return text
    names = month_names(lang)
    months = _source_months()
    parts = text.split("-")
    if all(p in months for p in parts) and 1 <= len(parts) <= 2:
        return "–".join(names[months[p] - 1].lower() for p in parts)
    for phrase, key in _PERIOD_PHRASES:
        if text.startswith(phrase):
            return t(f"period.{key}", lang)
    return text


# --- data text in the UI language ---------------------------------------------------------


def _filled(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def localized_titles(df: pd.DataFrame, lang: str, prefix: str = "title") -> tuple[pd.Series, pd.Series]:
    """Per row: the title to show in `lang`, and the code of the language it is written in.

    Follows the language's `title_order` over the columns `<prefix>_<code>` the table has: a
    title is never translated by us, so where the source has none in `lang` another language's
    title is shown (and `language_mark` says which).
    """
    order = [code for code in language(lang).title_order if f"{prefix}_{code}" in df.columns]
    shown = pd.Series(None, index=df.index, dtype="object")
    shown_lang = pd.Series(order[0] if order else "", index=df.index, dtype="object")
    for code in reversed(order):
        column = df[f"{prefix}_{code}"].astype("object")
        has = column.map(_filled)
        shown = column.where(has, shown)
        shown_lang = shown_lang.mask(has, code)
    return shown, shown_lang


def localized_title(row, lang: str, prefix: str = "title") -> str:
    """One row's title in `lang`, followed by its language mark where it is another language's title."""
    for code in language(lang).title_order:
        value = row.get(f"{prefix}_{code}") if hasattr(row, "get") else None
        if _filled(value):
            mark = language_mark(code, lang, value)
            return f"{value} {mark}" if mark else str(value)
    return ""


def row_date(row, lang: str) -> str:
    """A row's date in `lang`: its exact `date` as the language writes it, else the source's `date_text` ('2024-05')."""
    when = row["date"]
    if pd.notna(when):
        return fmt_date(pd.Timestamp(when).date(), lang)
    text = row.get("date_text") if hasattr(row, "get") else None
    if text is None or pd.isna(text):
        return ""
    # A wording with words ('date not stated; …') in the reader's language where the vocabulary has it.
    return catalog(normalize_language(lang)).get(f"vocab.date_text.{text}", str(text))


_NOT_ENGLISH = re.compile(r"[\u0400-\u04ffʻʼ‘]")  # Cyrillic, or Uzbek Latin's oʻ gʻ and ʼ


def reads_as_english(text: object) -> bool:
    """Whether text may be called English: not Cyrillic, no Uzbek Latin letters. The data's English columns
    are; a reader's upload may put any language there, and such text is not claimed to be English."""
    return not (isinstance(text, str) and _NOT_ENGLISH.search(text))


def language_mark(code: str, lang: str, text: object = None) -> str:
    """'(рус.)', '(ruscha)', '(in Russian)'…: marks text in language `code` shown in UI language `lang`.

    Empty when the text is in the UI language itself, or when `text` (if given) said to be English does not
    read as English (an upload's Russian note); the code in capitals where the catalog has no mark.
    """
    if code == normalize_language(lang) or (code == "en" and not reads_as_english(text)):
        return ""
    return catalog(normalize_language(lang)).get(f"language_mark.{code}") or f"({code.upper()})"


# --- data problems in the reader's language ----------------------------------------------------


def _problem_value(key: str, value: object, lang: str) -> str:
    """A problem's value as the reader's language writes it: sizes in MB or bytes, counts grouped."""
    if key.endswith("_bytes"):
        size = int(value)
        if size >= 1024 * 1024:
            return t("problem.unit.megabytes", lang, value=fmt_number(size / 1024 / 1024, lang, 1))
        return t("problem.unit.bytes", lang, value=fmt_number(size, lang))
    if isinstance(value, int) and not isinstance(value, bool):
        return fmt_number(value, lang)
    return str(value)


def problem_text(problem: Problem, lang: str) -> str:
    """What is wrong, in `lang`: the catalog text `problem.<code>` with the problem's values; the
    English message for a code no catalog knows."""
    key = f"problem.{problem.code}"
    text = catalog(normalize_language(lang)).get(key) or catalog("en").get(key)
    if not problem.code or text is None:
        return problem.message
    return text.format(**{name: _problem_value(name, value, lang) for name, value in problem.values.items()})


def problem_place(problem: Problem, lang: str) -> str:
    """Where, in `lang`: 'row 3, column 'year'' / 'строка 3, столбец «year»'; empty for the whole file."""
    where = []
    if problem.row is not None:
        where.append(t("problem.where.row", lang, row=problem.row))
    if problem.column is not None:
        where.append(t("problem.where.column", lang, column=problem.column))
    return ", ".join(where)


def error_text(error: DataError, lang: str) -> str:
    """A DataError in `lang`: the file, then each problem with its place (the first MAX_PROBLEMS)."""
    shown = []
    for problem in error.problems[:MAX_PROBLEMS]:
        place = problem_place(problem, lang)
        shown.append(f"{place}: {problem_text(problem, lang)}" if place else problem_text(problem, lang))
    more = len(error.problems) - MAX_PROBLEMS
    if more > 0:
        shown.append(t("problem.more", lang, count=more))
    return f"{error.file}: {'; '.join(shown)}"

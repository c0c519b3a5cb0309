"""Every page reads as its language writes: numbers, months, amounts, percentages and no stray English.

What a reader sees is collected from each page (text, captions, metrics, widget labels and the option
labels they show, tables, chart titles, axes, legends and hover texts) and checked:
- ru, uz, kk: no dot decimal ("4.97", "10.0"): these languages write a decimal comma;
- uz, kk: no capitalised month inside a sentence ("2025-yil, Yanvar–Avgust"), no case ending on "$"
  ("8 mlrd $dan"), no space before "%" ("10–90 %": the statistics write "24,6%");
- uz, kk: no English word of the interface. Names and codes stay as they are (source headlines in hover
  texts, project names, field names, file formats), and data text shown in English carries its mark.
Streamlit draws st.dataframe cells in the browser from column formats (AppTest sees raw values), so
tables drawn that way are checked by their formats in tests/ui/test_frame.py, not here.
"""

from __future__ import annotations

import json
import re

import pytest
from babel.dates import get_month_names

from partnership import data
from partnership.i18n import babel_locale, catalog, language_mark
from tests.app.conftest import main_text, open_page
from tests.conftest import page_names
from ui import plotly_element

PAGES = tuple(page_names())
URL = re.compile(
    r":material/\w+:|\]\([^)]*\)|https?://\S+|\b[\w.-]+\.(?:kz|uz|ru|az|com|org|net|ge|asia|info|media|csv|json|zip)\b"
)
DOT_DECIMAL = re.compile(r"(?<![\w./:-])\d+\.\d+(?![\w.])")
CASE_ON_DOLLAR = re.compile(r"\$-?[^\W\d_]")
SPACE_BEFORE_PERCENT = re.compile(r"\d[\s\u00a0\u202f]+%")
# Names and codes that stay as they are in every language.
NAMES_AND_CODES = {
    "api",
    "bom",
    "csv",
    "xlsx",
    "xls",
    "png",
    "svg",
    "pdf",
    "html",
    "json",
    "zip",
    "utf",
    "iso",
    "windows",
    "excel",
    "comtrade",
    "data",
    "package",
    "frictionless",
    "chromium",
    "chrome",
    "total",
    "world",
    "creative",
    "commons",
    "attribution",
    "trend",
    "menafn",
    "kazinform",
    "sputnik",
    "finprom",
    "expert",
    "eurasia",
    "tenge",
    "bank",
}


def _texts(at) -> dict[str, list[str]]:
    """What the page shows, by kind: 'ui' (our words), 'data' (tables, hover texts: data text and names)."""
    ui = [main_text(at)] + [c.value for c in at.sidebar.caption] + [m.value for m in at.sidebar.markdown]
    ui += [b.label for b in at.main.button] + [i.value for i in at.main.info] + [w.body for w in at.main.warning]
    for kind in ("selectbox", "select_slider", "radio", "segmented_control", "multiselect", "pills"):
        for widget in getattr(at.main, kind):
            ui.append(widget.label)
            ui += [str(option) for option in widget.options]  # the labels the reader sees
    for kind in ("text_input", "number_input", "slider", "toggle", "checkbox"):
        ui += [widget.label for widget in getattr(at.main, kind)]
    ui += [str(widget.value) for widget in at.main.text_input]
    data = [table.value.astype(str).to_string() for table in at.main.table]
    for figure in plotly_element.figures(at.main):
        layout = figure.get("layout", {})
        ui.append(str(layout.get("title", {}).get("text", "")))
        ui += [str(layout[axis].get("title", {}).get("text", "")) for axis in layout if axis.startswith(("xaxis", "yaxis"))]
        ui += [str(annotation.get("text", "")) for annotation in layout.get("annotations", [])]
        for trace in figure.get("data", []):
            ui.append(str(trace.get("name", "")))
            data += [json.dumps(trace.get(field), ensure_ascii=False) for field in ("hovertext", "text") if trace.get(field)]
    return {"ui": ui, "data": data}


def _lines(texts: list[str]) -> list[str]:
    return [URL.sub(" ", line) for text in texts for line in text.splitlines()]


def _months(lang: str) -> re.Pattern:
    names = get_month_names("wide", context="stand-alone", locale=babel_locale(lang)).values()
    capitalised = "|".join(name[:1].upper() + name[1:] for name in names)
    return re.compile(rf"(?:[\w,;)] |–)(?:{capitalised})\b")


def _words(lang: str) -> set[str]:
    words: set[str] = set()
    for key, value in catalog(lang).items():
        if not key.startswith(("vocab.", "chart_toolbar.")):
            words |= {w.lower() for w in re.findall(r"\b[A-Za-z]{3,}\b", re.sub(r"\{[^}]*\}", "", value))}
    return words


def _english_words(lang: str) -> set[str]:
    """The interface's English words, less names and codes and the words the language itself writes
    the same ("import", "transport", "memorandum" are Uzbek too)."""
    return _words("en") - _words(lang) - NAMES_AND_CODES


def _names() -> list[str]:
    """Names the data gives only as the source wrote them (projects, places, titles), longest first."""
    found = set()
    for resource in ("projects", "events", "agreements", "targets"):
        frame = data.load(resource)
        for column in ("name", "location", "place", "title_en"):
            if column in frame.columns:
                found |= {value for value in frame[column].dropna() if isinstance(value, str) and value.strip()}
    return sorted(found, key=len, reverse=True)


def _without_names(line: str, names: list[str]) -> str:
    for name in names:
        if name in line:
            line = line.replace(name, " ")
    return line


def _found(pattern: re.Pattern, lines: list[str]) -> list[str]:
    return [line.strip()[:160] for line in lines if pattern.search(line)]


@pytest.mark.parametrize("lang", ["ru", "uz", "kk"])
@pytest.mark.parametrize("page", PAGES)
def test_numbers_months_amounts_and_words_follow_the_language(page, lang):
    at = open_page(page if page != "overview" else None, lang=lang)
    assert not at.exception
    texts = _texts(at)
    ui, everything = _lines(texts["ui"]), _lines(texts["ui"] + texts["data"])
    problems = {"dot decimal": _found(DOT_DECIMAL, [line for line in ui if "Attribution 4.0" not in line])}
    if lang != "ru":
        problems["capitalised month in a sentence"] = _found(_months(lang), everything)
        problems["case ending on $"] = _found(CASE_ON_DOLLAR, everything)
        problems["space before %"] = _found(SPACE_BEFORE_PERCENT, everything)
        english, mark, names = _english_words(lang), language_mark("en", lang), _names()
        stray = [
            line
            for line in ui
            if mark not in line
            and any(w.lower() in english for w in re.findall(r"\b[A-Za-z]{3,}\b", _without_names(line, names)))
        ]
        problems["English words"] = [line.strip()[:160] for line in stray]
    problems = {kind: lines for kind, lines in problems.items() if lines}
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)

"""The catalogs use the glossary's terms (partnership/locales/glossary.toml), as the official sources write them.

Wherever an English catalog string uses a core term (turnover, agreement, download…), the same key in
Russian, Uzbek and Kazakh contains one of the glossary's stems for it, so "savdo aylanmasi" cannot
drift back to "tovar aylanmasi", nor "жүктеп алу" (download) to "жүктеу" (upload).
"""

from __future__ import annotations

import re
import tomllib
from urllib.parse import urlparse

import pytest

from partnership.i18n import LOCALES_DIR, catalog

_FILE = tomllib.loads((LOCALES_DIR / "glossary.toml").read_text(encoding="utf-8"))
GLOSSARY, OFFICIAL_SITES = _FILE["terms"], tuple(_FILE["official_sites"])
LANGS = ("ru", "uz", "kk")
# Keys whose English text names the term without the reader's language needing it: the vocabulary
# (data words, keyed by the data's English) and the plotly.js toolbar dictionary (plotly's words).
SKIPPED_PREFIXES = ("vocab.", "chart_toolbar.")
# Field descriptions that quote the data's own codes ("full year", "agreement"), which stay English.
QUOTES_DATA_CODES = {"data.field.trade.period", "data.field.agreements.kind"}


def _uses(pattern: str, text: str) -> bool:
    """Whether `text` uses the term, outside its {placeholders}."""
    return re.search(pattern, re.sub(r"\{[^}]*\}", "", text), flags=re.IGNORECASE) is not None


def test_every_term_has_its_form_and_where_it_was_read_in_every_language():
    for name, term in GLOSSARY.items():
        for lang in LANGS:
            assert term.get(lang), (name, lang)
            assert term.get(f"match_{lang}"), (name, lang)
            read = term.get(f"read_{lang}", "")
            assert read.startswith(("https://", "http://")) or term.get(f"note_{lang}"), (name, lang)


def _official(url: str) -> bool:
    host = urlparse(url).netloc
    return any(host == site or host.endswith("." + site) for site in OFFICIAL_SITES)


def test_every_form_says_whether_an_official_page_was_read_for_it():
    """Read on an official site, or its note says "Not an official page:" (with the words read) or "Unverified:"
    (with what was searched): a reader of the glossary knows which forms still want an official page."""
    wrong = []
    for name, term in GLOSSARY.items():
        for lang in LANGS:
            read, note = term.get(f"read_{lang}", ""), term.get(f"note_{lang}", "")
            if read and _official(read):
                continue
            expected = "Not an official page: " if read else "Unverified: "
            if not note.startswith(expected):
                wrong.append(f"{name} {lang}: {read or '-'} | {note[:60]}")
    assert not wrong, "\n".join(wrong)
    assert _official("https://kaz.inform.kz/news/x") and not _official("https://daryo.uz/x")
    assert not _official("https://notpresident.uz/x")


@pytest.mark.parametrize("lang", LANGS)
def test_the_catalog_uses_the_glossary_form_wherever_english_uses_the_term(lang):
    english, own = catalog("en"), catalog(lang)
    missing = []
    for key, text in english.items():
        if key.startswith(SKIPPED_PREFIXES) or key in QUOTES_DATA_CODES or key not in own:
            continue
        for name, term in GLOSSARY.items():
            if _uses(term["en"], text):
                stems = term[f"match_{lang}"]
                if not any(stem.lower() in own[key].lower() for stem in stems):
                    missing.append(f"{key} [{name}]: {own[key][:90]}")
    assert not missing, "\n".join(missing)


def test_the_glossary_check_finds_a_calque():
    term = GLOSSARY["trade_turnover"]
    assert _uses(term["en"], "Trade turnover, $ bn")
    assert not any(stem in "tovar aylanmasi" for stem in term["match_uz"])

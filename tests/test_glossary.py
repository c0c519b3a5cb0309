"""The catalogs use the glossary's terms (partnership/locales/glossary.toml), as the official sources write them.

Wherever an English catalog string uses a core term (turnover, agreement, download…), the same key in
Russian, Uzbek and Kazakh contains one of the glossary's stems for it, so "savdo aylanmasi" cannot
drift back to "tovar aylanmasi", nor "жүктеп алу" (download) to "жүктеу" (upload).
"""

from __future__ import annotations

import re
import tomllib

import pytest

from partnership.i18n import LOCALES_DIR, catalog

GLOSSARY = tomllib.loads((LOCALES_DIR / "glossary.toml").read_text(encoding="utf-8"))["terms"]
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

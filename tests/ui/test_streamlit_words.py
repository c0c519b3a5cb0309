"""ui/streamlit_words: what its script puts in place of Streamlit's English, per language."""

from __future__ import annotations

import pytest

from partnership.i18n import LANGUAGES, t
from ui import streamlit_words


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_every_english_name_has_the_languages_own(lang):
    words = streamlit_words.words(lang)
    assert set(words["labels"]) == set(streamlit_words.LABELS)
    english = set(streamlit_words.LABELS)
    assert not english & set(words["labels"].values())  # none left as Streamlit wrote it
    assert "{label}" in words["help_for"] and not words["help_for"].startswith("Help for")


def test_month_names_are_the_languages_standalone_names():
    assert streamlit_words.words("ru")["months"]["October"] == "октябрь"
    assert streamlit_words.words("kk")["months"]["November"] == "Қараша"  # CLDR capitalises the stand-alone form in Kazakh
    assert len(streamlit_words.words("uz")["months"]) == 12


def test_the_help_sentence_wraps_the_label():
    text = streamlit_words.words("ru")["help_for"].replace("{label}", "Период")
    assert text == t("streamlit_ui.help_for", "ru", label="Период") == "Подсказка: Период"


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_a_failed_download_is_explained_in_the_language(lang):
    words = streamlit_words.words(lang)
    assert words["download_errors"] == list(streamlit_words.DOWNLOAD_ERRORS)
    assert words["download_failed"] == t("streamlit_ui.download_failed", lang)
    assert words["download_failed"] != t("streamlit_ui.download_failed", "en")

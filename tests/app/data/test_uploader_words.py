"""app_pages/data/uploader_words.py: the file uploader's own words in the UI language, as CSS strings nothing can break
out of, and the words its script puts in place of Streamlit's English."""

from __future__ import annotations

import streamlit as st
from streamlit.testing.v1 import AppTest

from app_pages.data import uploader_words
from partnership.i18n import LANGUAGES, t


def test_the_uploader_words_are_css_strings_nothing_can_break_out_of():
    assert uploader_words.style_rules("en", 20) == ""
    rules = uploader_words.style_rules("kk", 20)
    assert 'content: "Жүктеу"' in rules and "20 МБ" in rules
    assert uploader_words._css_string('a"</style>') == '"a\\22 \\3c \\2f style\\3e "'


def test_the_script_gets_every_word_in_the_language_with_the_file_s_place_kept():
    words = uploader_words.script_words("ru", 20)
    assert set(words) == set(uploader_words.SCRIPT_WORDS) | {"too_large"}
    assert words["remove"] == t("data.uploader.remove", "ru", file="{file}") and "{file}" in words["remove"]
    assert "{type}" in words["wrong_type"]
    assert words["too_large"] == t("data.uploader.too_large", "ru", size="20")
    for lang in LANGUAGES:
        assert all(uploader_words.script_words(lang, 20).values()), lang


def _uploader_script():
    import streamlit as st

    from app_pages.data import uploader_words

    uploader_words.show(st.query_params.get("lang", "ru"))


def test_the_words_are_put_in_place_on_a_page_in_another_language_only():
    english = AppTest.from_function(_uploader_script, default_timeout=60)
    english.query_params["lang"] = "en"
    assert not english.run().get("html")
    russian = AppTest.from_function(_uploader_script, default_timeout=60).run()
    assert not russian.exception
    (style,) = russian.get("html")
    assert style.proto.body == f"<style>{uploader_words.style_rules('ru', int(st.get_option('server.maxUploadSize')))}</style>"

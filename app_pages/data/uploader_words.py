"""The file uploader's own words in the UI language.

Streamlit 1.67's uploader writes "Upload" on its button and "20MB per file • CSV, XLSX" under it in
English, with no parameter for either (the texts are in its JavaScript). A style rule per language
hides those texts and shows the catalog's in their place, and hides an uploaded file's size ("21.9KB",
which the page does not need: its own messages name the file); the label, help and aria-label are ours.
What CSS cannot reach — the screen-reader labels ("Remove trade.csv", "Add files"), the text shown while a
file is dragged over, a failed or refused upload's words (too large, a type not accepted) — an element with no body rewrites (uploader_words.js beside it).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from partnership.i18n import DATA_LANGUAGE, fmt_number, normalize_language, t
from ui import streamlit_words

_BUTTON = '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p'
_LIMIT = '[data-testid="stFileUploaderDropzoneInstructions"] span'
# An uploaded file's size under its name ("21.9KB"): English unit and dot decimal, and no parameter either.
_SIZE = '[data-testid="stFileChipName"] + div'
# The catalog keys (data.uploader.<key>) of the texts the script puts in place of Streamlit's English.
SCRIPT_WORDS = ("remove", "cancel", "add_files", "drop_file", "drop_files", "retry", "failed", "wrong_type")
_KEY = "uploader-words"

_element = st.components.v2.component(
    "uploader_words", html="", js=streamlit_words.REWRITER_JS + Path(__file__).with_suffix(".js").read_text(encoding="utf-8")
)


def _css_string(text: str) -> str:
    """`text` as a CSS string literal: every character but letters, digits and spaces as a CSS escape,
    so no quote ends the string and no '<' can close the style element."""
    escaped = "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in text)
    return f'"{escaped}"'


def style_rules(lang: str, limit_mb: int) -> str:
    """The style rules that put the uploader's words in `lang` (empty for English, Streamlit's language)."""
    lang = normalize_language(lang)
    if lang == DATA_LANGUAGE:
        return ""
    button = _css_string(t("data.uploader.button", lang))
    limit = _css_string(t("data.uploader.limit", lang, size=fmt_number(limit_mb, lang)))
    return (
        f"{_BUTTON}, {_LIMIT} {{ font-size: 0 !important; }}\n"
        f"{_BUTTON}::after {{ content: {button}; font-size: 0.875rem; }}\n"
        f"{_LIMIT}::after {{ content: {limit}; font-size: 0.875rem; }}\n"
        f"{_SIZE} {{ display: none; }}\n"
        f".st-key-{_KEY} {{ display: none; }}"
    )


def script_words(lang: str, limit_mb: int) -> dict[str, str]:
    """The texts uploader_words.js puts in place of Streamlit's English ones; `{file}` is the file's name and
    `{type}` a refused file's type, as the browser names it."""
    words = {key: t(f"data.uploader.{key}", lang, file="{file}", type="{type}") for key in SCRIPT_WORDS}
    return words | {"too_large": t("data.uploader.too_large", lang, size=fmt_number(limit_mb, lang))}


def show(lang: str) -> None:
    limit_mb = int(st.get_option("server.maxUploadSize"))
    rules = style_rules(lang, limit_mb)
    if rules:
        st.html(f"<style>{rules}</style>")
        _element(key=_KEY, data={"words": script_words(lang, limit_mb)})

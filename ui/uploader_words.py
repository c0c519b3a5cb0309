"""The file uploader's own words in the UI language.

Streamlit 1.67's uploader writes "Upload" on its button and "20MB per file • CSV, XLSX" under it in
English, with no parameter for either (the texts are in its JavaScript). A style rule per language
hides those texts and shows the catalog's in their place; the label, help and aria-label are ours already.
"""

from __future__ import annotations

import streamlit as st

from partnership.i18n import DATA_LANGUAGE, fmt_number, normalize_language, t

_BUTTON = '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p'
_LIMIT = '[data-testid="stFileUploaderDropzoneInstructions"] span'


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
        f"{_LIMIT}::after {{ content: {limit}; font-size: 0.875rem; }}"
    )


def show(lang: str) -> None:
    rules = style_rules(lang, int(st.get_option("server.maxUploadSize")))
    if rules:
        st.html(f"<style>{rules}</style>")

"""Streamlit's own English words on every page, in the UI language.

Streamlit 1.67 names its controls in English in its JavaScript, with no parameter: the sidebar ("Collapse
sidebar", "Main menu", "App pages"), a heading's anchor ("Link to heading"), the tables' toolbars ("Search",
"Fullscreen", "Show/hide columns", "Download as CSV"), the selects ("Open", "Clear all"), every help icon
("Help for <label>"), a date slider's spoken value ("10 – October"). A screen reader on a Russian page read
them in English. An element with no body (streamlit_words.js beside it) rewrites each one it meets, and
again when React writes it back; a Material icon's name ("flag icon") beside a label's words is hidden
from screen readers, as the words say what it shows. When a download button's file cannot be made (the
export browser died twice in one export, a timeout, a lost connection), Streamlit shows its English reason
under the button for 5 s; the catalog's sentence takes its place and says to try again (the next export
starts a new browser). An English page keeps Streamlit's words: the element is not drawn there.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from partnership.i18n import DATA_LANGUAGE, month_names, normalize_language, t

KEY = "streamlit-words"
# Streamlit's English accessible name → the catalog key (streamlit_ui.<key>) of the UI language's.
LABELS = {
    "App pages": "app_pages",
    "Sidebar": "sidebar",
    "Collapse sidebar": "collapse_sidebar",
    "Expand sidebar": "expand_sidebar",
    "Main menu": "main_menu",
    "Link to heading": "link_to_heading",
    "Search": "search",
    "Fullscreen": "fullscreen",
    "Close fullscreen": "close_fullscreen",
    "Show/hide columns": "show_hide_columns",
    "Download as CSV": "download_csv",
    "Open": "open",
    "Clear all": "clear_all",
    "Selected values": "selected_values",
    "Choose date range": "choose_date_range",
    "file upload": "file_upload",
    "progress": "progress",
    "Help": "help",
}

# What Streamlit 1.67 shows under a download button whose deferred file failed: the server's reason for a
# callable that raised (runtime/backend_operation_handler.py), the client's for a timeout or a lost connection.
DOWNLOAD_ERRORS = (
    "Failed to generate file for download",
    "Failed to process backend operation",
    "Request timed out",
    "Connection closed",
    "Download failed",
)

_ASSETS = Path(__file__).parent / "assets"
# The observer's lifecycle, shared with the Data page's uploader words (put before each script).
REWRITER_JS = (_ASSETS / "rewriter.js").read_text(encoding="utf-8")
_element = st.components.v2.component(
    "streamlit_words", html="", js=REWRITER_JS + (_ASSETS / "streamlit_words.js").read_text(encoding="utf-8")
)


def words(lang: str) -> dict:
    """What streamlit_words.js puts in place of Streamlit's English: labels, 'Help for {label}', month names."""
    lang = normalize_language(lang)
    return {
        "labels": {english: t(f"streamlit_ui.{key}", lang) for english, key in LABELS.items()},
        "help_for": t("streamlit_ui.help_for", lang, label="{label}"),
        "months": dict(zip(month_names(DATA_LANGUAGE), month_names(lang), strict=True)),
        "download_errors": list(DOWNLOAD_ERRORS),
        "download_failed": t("streamlit_ui.download_failed", lang),
    }


def show(lang: str) -> None:
    """Once per run, before the page: nothing is drawn (its container is hidden by ui/assets/app.css)."""
    if normalize_language(lang) != DATA_LANGUAGE:
        _element(key=KEY, data=words(lang))

"""This session's language and tables: what the page frame, the export menu and the uploads all read.

A table is this session's upload if it has one, else the shipped table (cached for all sessions).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from partnership import data
from partnership.export.provenance import NONE, Provenance
from partnership.i18n import DEFAULT_LANGUAGE, normalize_language

# Per-session replacements of shipped resources (uploads) live under this session_state key,
# as {resource: DataFrame}; other sessions and the files on disk are never touched.
SESSION_TABLES_KEY = "session_tables"
# The files those uploads came from (partnership.export.provenance.Provenance), for every export.
SESSION_PROVENANCE_KEY = "session_provenance"


def lang() -> str:
    """The UI language of this session (from the picker, kept in ?lang=)."""
    return normalize_language(st.session_state.get("lang", DEFAULT_LANGUAGE))


def _file_stamp(resource: str) -> tuple[str, float]:
    folder = data.resolve_data_dir()
    try:
        path = folder / data.resource_meta(resource, folder)["path"]
        return str(folder), path.stat().st_mtime
    except (data.DataError, OSError):
        return str(folder), 0.0


@st.cache_data(show_spinner=False, max_entries=32)
def _load_shipped(resource: str, folder: str, mtime: float) -> pd.DataFrame:
    # mtime is part of the cache key so an edited file is re-read; shared by all sessions.
    return data.load(resource, folder)


def table(resource: str) -> pd.DataFrame:
    """The resource as this session sees it: its own upload if any, else the shipped data.

    Raises DataError; pages call `frame.tables()` which shows it instead.
    """
    uploaded = st.session_state.get(SESSION_TABLES_KEY, {}).get(resource)
    if uploaded is not None:
        return uploaded
    return shipped(resource)


def shipped(resource: str) -> pd.DataFrame:
    """The published table, ignoring this session's uploads (cached for all sessions). Raises DataError."""
    folder, mtime = _file_stamp(resource)
    return _load_shipped(resource, folder, mtime)


def is_session_data(resource: str) -> bool:
    return resource in st.session_state.get(SESSION_TABLES_KEY, {})


def provenance(resources) -> Provenance:
    """The uploaded files behind these resources in this session (none: the published data)."""
    known = st.session_state.get(SESSION_PROVENANCE_KEY, NONE)
    return known.only(name for name in resources if is_session_data(name))

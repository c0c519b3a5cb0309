"""This session's uploads (Data page): read each new file once, keep the valid ones, publish them to every page.

An upload replaces one resource for this browser session only: it is read and checked with
`data.read_table`; if valid and the Overview can still compute its figures, it goes into
st.session_state[session.SESSION_TABLES_KEY], which every page reads through frame.table(); if not,
nothing changes and the failure is kept for the page to show. A UN Comtrade export becomes trade rows
(added to the published figures or replacing them) and a product breakdown for the Trade page.
Nothing on disk changes; the shipped tables cached for all sessions (session.shipped) are never touched.
The combining itself is pure: partnership.session_data.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from partnership import comtrade, data, session_data
from partnership.i18n import t
from partnership.io.raw import lost_letters
from ui import session

# Page state (beside session.SESSION_TABLES_KEY, which holds what the pages use):
UPLOADS = "data_uploads"  # {resource: {"file": name, "frame": DataFrame, "lost": [Problem]}}: valid replacements
COMTRADE = "data_comtrade"  # {"file", "trade", "products", "notes", "mode"}
ERRORS = "data_errors"  # {resource or "comtrade": (file, DataError or session_data.Unusable); "comtrade_mode": Unusable}
SEEN = "data_seen_files"  # {uploader key: file id}: each uploaded file is read once
NONCE = "data_uploader_nonce"  # bumped on reset, so the uploader starts empty
MODE_KEY = "comtrade_mode"  # the add/replace radio of the Comtrade import (and the scope of its refusal in ERRORS)
MODES = session_data.MODES
# The product breakdown (HS chapters) of the Comtrade import in use, for the Trade page.
SESSION_PRODUCTS_KEY = "session_comtrade_products"


def init() -> None:
    """Create this session's upload state on its first visit to the Data page."""
    state = st.session_state
    for key in (UPLOADS, ERRORS, SEEN):
        state.setdefault(key, {})
    state.setdefault(NONCE, 0)


def uploads() -> dict:
    """The valid uploads in use: {resource: {"file": name, "frame": DataFrame}}."""
    return st.session_state[UPLOADS]


def imported() -> dict | None:
    """The Comtrade import in use ({"file", "trade", "products", "notes", "mode"}), or None."""
    return st.session_state.get(COMTRADE)


def products() -> pd.DataFrame | None:
    """The Comtrade import's product breakdown (HS chapters) in use in this session, or None."""
    return st.session_state.get(SESSION_PRODUCTS_KEY)


def failure(scope: str):
    """The last failure of `scope` (a resource or "comtrade": (file, DataError or Unusable); "comtrade_mode": Unusable)."""
    return st.session_state[ERRORS].get(scope)


def _frames(entries: dict) -> dict[str, pd.DataFrame]:
    return {name: entry["frame"] for name, entry in entries.items()}


def session_tables(entries: dict, comtrade_import: dict | None) -> dict[str, pd.DataFrame]:
    """What the pages see in this session: uploaded replacements, plus or instead of Comtrade trade rows."""
    if comtrade_import is None:
        return session_data.session_tables(_frames(entries), shipped=session.shipped)
    return session_data.session_tables(
        _frames(entries), comtrade_import["trade"], comtrade_import["mode"], shipped=session.shipped
    )


def overview_problem(tables: dict[str, pd.DataFrame]) -> session_data.Unusable | None:
    """Why the Overview could not compute its figures from these tables, or None if it can."""
    return session_data.overview_problem(tables, shipped=session.shipped)


def publish() -> None:
    """Put this session's tables where every page reads them (or take them away)."""
    state = st.session_state
    current = state.get(COMTRADE)
    tables = session_tables(state[UPLOADS], current)
    if tables:
        state[session.SESSION_TABLES_KEY] = tables
    else:
        state.pop(session.SESSION_TABLES_KEY, None)
    # Which files those tables come from, for every export made from them.
    state[session.SESSION_PROVENANCE_KEY] = session_data.provenance(
        {name: (entry["file"], entry["frame"]) for name, entry in state[UPLOADS].items()},
        (current["file"], current["trade"]) if current is not None else None,
    )
    if current is not None and len(current["products"]):
        state[SESSION_PRODUCTS_KEY] = current["products"]
    else:
        state.pop(SESSION_PRODUCTS_KEY, None)


def reset(resource: str | None, lang: str) -> None:
    """Back to the published data: one resource, the Comtrade import ("comtrade"), or everything (None)."""
    state = st.session_state
    if resource is None:
        state[UPLOADS].clear()
        state.pop(COMTRADE, None)
        state[ERRORS].clear()
    elif resource == "comtrade":
        state.pop(COMTRADE, None)
        state[ERRORS].pop("comtrade", None)
    else:
        state[UPLOADS].pop(resource, None)
        state[ERRORS].pop(resource, None)
    state[NONCE] += 1
    publish()
    st.toast(t("data.reset_done", lang), icon=":material/restart_alt:")


def upload_key(scope: str) -> str:
    """The key of the file uploader of `scope` (a resource or "comtrade"); a reset gives it a new one."""
    return f"upload-{scope}-{st.session_state[NONCE]}"


def new_file(key: str):
    """The file in uploader `key` if it was not read yet, else None."""
    state = st.session_state
    uploaded = state.get(key)
    if uploaded is None:
        return None
    file_id = getattr(uploaded, "file_id", None) or f"{uploaded.name}:{uploaded.size}"
    if state[SEEN].get(key) == file_id:
        return None
    state[SEEN][key] = file_id
    return uploaded


def accept_upload(resource: str, key: str) -> None:
    """Read a new file in uploader `key` as `resource`; use it if valid, else keep why not."""
    state = st.session_state
    uploaded = new_file(key)
    if uploaded is None:
        return
    try:
        table = data.read_table(uploaded.getvalue(), resource, name=uploaded.name)
    except data.DataError as error:
        _refuse(resource, uploaded.name, error)
        return
    # Cells whose letters the file's encoding lost (Kazakh text saved as Windows-1251): used, and listed.
    lost = lost_letters(uploaded.getvalue(), name=uploaded.name)
    candidate = {**state[UPLOADS], resource: {"file": uploaded.name, "frame": table, "lost": lost}}
    reason = overview_problem(session_tables(candidate, state.get(COMTRADE)))
    if reason is not None:
        _refuse(resource, uploaded.name, reason)
        return
    state[UPLOADS] = candidate
    state[ERRORS].pop(resource, None)
    publish()
    st.toast(t("data.upload_applied_toast", session.lang(), file=uploaded.name), icon=":material/check_circle:")


def _refuse(scope: str, file: str, why) -> None:
    """Keep why `file` was not taken, and say so where the reader looks now (the verdict is under the uploader)."""
    st.session_state[ERRORS][scope] = (file, why)
    st.toast(t("data.upload_failed_toast", session.lang(), file=file), icon=":material/error:")


def accept_comtrade(key: str) -> None:
    """Import a new UN Comtrade file in uploader `key`, in the mode in use (a replace the Overview cannot use adds)."""
    state = st.session_state
    uploaded = new_file(key)
    if uploaded is None:
        return
    try:
        result = comtrade.import_comtrade(uploaded.getvalue(), name=uploaded.name)
    except data.DataError as error:
        _refuse("comtrade", uploaded.name, error)
        return
    wanted = state[COMTRADE]["mode"] if COMTRADE in state else MODES[0]
    mode, reason = session_data.comtrade_mode(_frames(state[UPLOADS]), result.trade, wanted, shipped=session.shipped)
    if reason is not None:
        _refuse("comtrade", uploaded.name, reason)
        return
    state[COMTRADE] = {
        "file": uploaded.name,
        "trade": result.trade,
        "products": result.products,
        "notes": result.notes,
        "mode": mode,
    }
    state[ERRORS].pop("comtrade", None)
    publish()
    st.toast(t("data.upload_applied_toast", session.lang(), file=uploaded.name), icon=":material/check_circle:")


def change_mode() -> None:
    """The add/replace radio changed: switch if the Overview can use the result, else put the radio back."""
    state = st.session_state
    current = state.get(COMTRADE)
    if current is None:
        return
    wanted = state[MODE_KEY]
    reason = overview_problem(session_tables(state[UPLOADS], {**current, "mode": wanted}))
    if reason is not None:
        state[ERRORS][MODE_KEY] = reason
        state[MODE_KEY] = current["mode"]  # the radio shows what is in use
        return
    state[ERRORS].pop(MODE_KEY, None)
    current["mode"] = wanted
    publish()

"""A reader's settings survive navigation within the session, and Back restores the view they left.

Every page keeps its settings in bound widgets (bind="query-params"), so the URL is the view.
Streamlit 1.67 keeps a bound widget's value when its page is left and gives it back when the page is
opened again from the sidebar. The browser's Back button is another matter: on leaving a page the
server drops that page's parameters from the URL, and the browser records that as a history entry of
its own (the left page without its parameters) just before the new page's entry. Back lands on that
entry, and a Back/Forward run takes the URL as the truth: every setting fell back to its default.

So app.py calls `restore()` before the page runs and `remember()` after it: each page's parameters are
remembered when the page is left, and a Back/Forward run that arrives from another page at an entry
without any of this page's parameters puts the remembered ones back into the URL (the browser replaces
the entry it is on) and reruns, so the widgets are seeded from them. A Back within one page (one
setting to the previous one) is left to Streamlit. Opening a page from the sidebar does the same
restore: the language picker keeps ?lang= in the address before the page runs, and a changed address
makes Streamlit seed the page's bound widgets from it instead of keeping their values.
"""

from __future__ import annotations

from urllib.parse import parse_qs

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

MEMORY_KEY = "_view_memory"  # {url path: {parameter: [values]}}: each page's settings as last seen
PAGE_KEY = "_view_page"  # the url path of the previous full run
# URL parameters that are not a page's settings.
NOT_SETTINGS = ("lang", "embed", "embed_options")


def _settings(pairs: dict[str, list[str]]) -> dict[str, list[str]]:
    return {key: values for key, values in pairs.items() if key.lower() not in NOT_SETTINGS}


def _memory() -> dict[str, dict[str, list[str]]]:
    return st.session_state.setdefault(MEMORY_KEY, {})


def restore(url_path: str) -> None:
    """Before the page runs: on Back/Forward into this page, give it back the settings it was left with."""
    ctx = get_script_run_ctx()
    previous = st.session_state.get(PAGE_KEY)
    st.session_state[PAGE_KEY] = url_path
    if ctx is None:
        return
    if previous in (None, url_path):
        # The page as it is opened or rerun: a run can be cut short before `remember` (a rerun request).
        _memory()[url_path] = _settings(parse_qs(ctx.query_string, keep_blank_values=True))
        return
    if not ctx.is_history_navigation:
        # A link or the sidebar: the request still carries the URL of the page being left, including
        # changes its fragments made since its last full run.
        carried = _settings(parse_qs(ctx.query_string, keep_blank_values=True))
        if carried:  # with ?lang= kept by the picker the request may carry the language only
            _memory()[previous] = carried
        if any(key not in NOT_SETTINGS for key in st.query_params):
            return  # a link with settings of its own: the link decides
        # The sidebar: Streamlit would keep the page's bound widgets, but the language picker writes
        # ?lang= before the page runs, and a changed address seeds bound widgets from it. So the
        # settings go back into the address, as for Back.
    remembered = _memory().get(url_path)
    if not remembered or any(key in st.query_params for key in remembered):
        return  # a history entry that carries this page's settings is the view to show
    st.query_params.update(remembered)
    st.rerun()


def remember(url_path: str) -> None:
    """After the page ran: its settings as the URL now holds them."""
    _memory()[url_path] = _settings({key: st.query_params.get_all(key) for key in st.query_params})

"""A stand-in for the streamlit objects the ui glue reads and writes (session state, query parameters, the
request's URL), so its logic can be unit tested without running the app. The query parameters are Streamlit's
own class: embed parameters hidden, several values per key, as in a running app."""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import urlencode

from streamlit.runtime.state.query_params import QueryParams


class Rerun(Exception):
    """st.rerun() was called."""


def query_params(pairs: dict[str, str | list[str]] | None = None) -> QueryParams:
    """Streamlit's query parameters holding `pairs` as a URL would give them (embed ones included, then hidden)."""
    params = QueryParams()
    params._query_params.update(pairs or {})
    return params


class Streamlit:
    """The `st` a ui module sees: session_state, query_params, context.url and rerun()."""

    def __init__(self, query: dict[str, str | list[str]] | None = None, url: str | None = None):
        self.session_state: dict = {}
        self.query_params = query_params(query)
        self.context = SimpleNamespace(url=url)

    def rerun(self):
        raise Rerun

    def shown_query(self) -> dict[str, list[str]]:
        """The query parameters now, every value as a list."""
        return {key: self.query_params.get_all(key) for key in self.query_params}


def run_context(query: dict[str, str | list[str]], history: bool = False) -> SimpleNamespace:
    """A script run's context: the request's query string and whether Back/Forward started it."""
    return SimpleNamespace(query_string=urlencode(query, doseq=True), is_history_navigation=history)

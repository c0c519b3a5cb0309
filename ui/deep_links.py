"""Pages of the router whose own url path opens them, the default page's included.

Streamlit serves the default page at the app root and registers it under the empty path only:
its own path (`/overview`) then matches no page, so a bookmarked or shared link to it shows
"Page not found" and falls back to the root. `Page` keeps registering its own path for the
default page too. The root still opens the default page (an empty path falls back to it), and
the browser still links the default page as the root: the navigation message marks it default,
and the frontend writes the root, not the path, for a default page.
"""

from __future__ import annotations

import streamlit as st


class Page(st.Page):
    """`st.Page` whose `url_path` is its own path even when it is the default page."""

    def __init__(self, page: str, *, url_path: str, **kwargs) -> None:
        super().__init__(page, url_path=url_path, **kwargs)
        self._own_url_path = url_path.strip().strip("/")

    @property
    def url_path(self) -> str:
        return self._own_url_path

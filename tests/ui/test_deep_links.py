"""ui.deep_links.Page: the default page is registered under its own path (the browser test opens it)."""

import streamlit as st

from ui import deep_links


def test_the_default_page_keeps_its_own_url_path():
    assert deep_links.Page("app_pages/overview.py", title="Overview", url_path="overview", default=True).url_path == "overview"
    assert deep_links.Page("app_pages/trade.py", title="Trade", url_path="/trade/").url_path == "trade"
    # Streamlit's own page registers the default page under the root only: /overview would match nothing.
    assert st.Page("app_pages/overview.py", title="Overview", url_path="overview", default=True).url_path == ""

"""ui.deep_links.Page: the default page is registered under its own path (the browser test opens it)."""

from types import SimpleNamespace

import streamlit as st
from streamlit.navigation import page as streamlit_page

from ui import deep_links


def test_the_default_page_keeps_its_own_url_path():
    assert deep_links.Page("app_pages/overview.py", title="Overview", url_path="overview", default=True).url_path == "overview"
    assert deep_links.Page("app_pages/trade.py", title="Trade", url_path="/trade/").url_path == "trade"
    # Streamlit's own page registers the default page under the root only: /overview would match nothing.
    assert st.Page("app_pages/overview.py", title="Overview", url_path="overview", default=True).url_path == ""


def test_in_a_running_app_the_page_is_streamlit_s_own_page_but_for_its_path(monkeypatch, tmp_path):
    """With a script run (st.Page checks and registers the file only then), everything but url_path is st.Page's."""
    script = tmp_path / "app_pages" / "data" / "page.py"  # a page in a folder: its file name is not its path
    script.parent.mkdir(parents=True)
    script.write_text("", encoding="utf-8")
    run = SimpleNamespace(pages_manager=SimpleNamespace(main_script_parent=tmp_path))
    monkeypatch.setattr(streamlit_page, "get_script_run_ctx", lambda: run)
    given = {"title": "Data", "icon": ":material/database:", "url_path": " /data/ ", "default": True}
    ours, theirs = deep_links.Page("app_pages/data/page.py", **given), st.Page("app_pages/data/page.py", **given)
    assert (ours.title, ours.icon, ours._page, ours._default) == ("Data", ":material/database:", script, True)
    assert (theirs.title, theirs.icon, theirs._page, theirs._default) == (ours.title, ours.icon, ours._page, ours._default)
    assert ours._script_hash == theirs._script_hash  # how Streamlit tells pages apart: from the path "data", not "page"
    assert (ours.url_path, theirs.url_path) == ("data", "")


def test_only_spaces_and_slashes_are_trimmed_from_the_path():
    assert deep_links.Page("app_pages/trade.py", title="Trade", url_path=" /X-trade-X/ ").url_path == "X-trade-X"

"""AppTest helpers: run the real app.py router on one page in one language."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


def open_page(page: str | None = None, lang: str = "ru", **query) -> AppTest:
    """Run app.py (the router), switch to app_pages/<page>.py if given, in `lang`."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if lang != "ru":
        at.query_params["lang"] = lang
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page is not None:
        at.switch_page(f"app_pages/{page}.py").run()
    return at


def main_text(at: AppTest) -> str:
    parts = [e.value for e in at.main.title] + [e.value for e in at.main.markdown] + [e.value for e in at.main.caption]
    parts += [m.label + " " + m.value for m in at.main.metric]
    parts += [e.value for e in at.main.subheader] + [e.body for e in at.main.error] + [e.value for e in at.main.code]
    # Data text is backslash-escaped Markdown; compare what the reader sees.
    return re.sub(r"\\(.)", r"\1", "\n".join(str(p) for p in parts))


@pytest.fixture
def broken_data(data_copy, monkeypatch):
    """Point the app at a copy of data/ that a test can break."""
    monkeypatch.setenv("PARTNERSHIP_DATA_DIR", str(data_copy))
    return data_copy

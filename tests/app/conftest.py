"""AppTest helpers: run the real app.py router on one page in one language."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT, app_pages


def open_page(page: str | None = None, lang: str = "ru", **query) -> AppTest:
    """Run app.py (the router), switch to the page whose url path is `page` if given, in `lang`."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if lang != "ru":
        at.query_params["lang"] = lang
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page is not None:
        at.switch_page(page_file(page)).run()
    return at


def page_file(page: str) -> str:
    """The script of the page whose url path is `page` (app.py's PAGES): app_pages/trade.py, app_pages/data/page.py."""
    return next(file for file, *_, url_path in app_pages() if url_path == page)


def main_text(at: AppTest) -> str:
    parts = [e.value for e in at.main.title] + [e.value for e in at.main.markdown] + [e.value for e in at.main.caption]
    parts += [m.label + " " + m.value for m in at.main.metric]
    parts += [e.value for e in at.main.subheader] + [e.body for e in at.main.error] + [e.value for e in at.main.code]
    # Data text is backslash-escaped Markdown; compare what the reader sees.
    return re.sub(r"\\(.)", r"\1", "\n".join(str(p) for p in parts))


def set_growth(at: AppTest, index: int, value: float) -> AppTest:
    """Scenario `index`'s custom growth as the explorer's release sets it: `growthN` in the URL, then the rerun.

    The explorer's sliders run in the browser (tests/e2e/test_scenarios.py drags them); on release the element's
    trigger makes app_pages.scenarios.widgets.commit_growth write the URL, and the page reads growth from the URL only.
    """
    at.query_params[f"growth{index}"] = str(float(value))
    return at.run()


def growth_shown(at: AppTest, index: int) -> float | None:
    """Where the explorer's slider of scenario `index` stands (None: the scenario has no slider)."""
    from ui import plotly_element

    sliders = plotly_element.payloads(at.main)[0]["explorer"]["sliders"]
    slider = next((slider for slider in sliders if slider["index"] == index), None)
    return None if slider is None else slider["rows"][slider["k"]]["value"]

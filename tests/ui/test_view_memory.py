"""ui/view_memory: settings survive switching pages within a session (AppTest's switch_page is the sidebar's link).

The browser's Back button, which AppTest cannot press, is tests/e2e/test_navigation.py's."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.app.conftest import growth_shown, open_page, set_growth
from ui import view_memory


def test_a_scenario_setting_survives_a_visit_to_another_page():
    at = open_page("scenarios", lang="en")
    set_growth(at, 3, 12.5)
    at.switch_page("app_pages/trade.py").run()
    at.switch_page("app_pages/scenarios/page.py").run()
    assert not at.exception
    assert growth_shown(at, 3) == 12.5


def test_agreements_filters_survive_a_visit_to_another_page():
    at = open_page("agreements", lang="en")
    at.toggle(key="summit").set_value(True).run()
    at.text_input(key="q").input("energy").run()
    at.switch_page("app_pages/events.py").run()
    at.switch_page("app_pages/agreements.py").run()
    assert not at.exception
    assert at.toggle(key="summit").value is True
    assert at.text_input(key="q").value == "energy"


def _page_script():
    import streamlit as st

    from ui import view_memory

    view_memory.restore(st.session_state["probe_page"])
    st.write(dict(st.query_params.to_dict()))
    view_memory.remember(st.session_state["probe_page"])


def visit(page: str, previous: str | None = None, memory: dict | None = None, **query) -> AppTest:
    at = AppTest.from_function(_page_script, default_timeout=60)
    at.session_state["probe_page"] = page
    if previous is not None:
        at.session_state[view_memory.PAGE_KEY] = previous
    if memory is not None:
        at.session_state[view_memory.MEMORY_KEY] = memory
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def test_a_page_s_settings_are_remembered_without_the_language_or_the_embedding():
    at = visit("agreements", lang="en", sector=["Energy", "Water"], embed_options="light_theme")
    assert at.session_state[view_memory.MEMORY_KEY] == {"agreements": {"sector": ["Energy", "Water"]}}
    assert at.session_state[view_memory.PAGE_KEY] == "agreements"


def test_coming_back_from_another_page_puts_the_remembered_settings_into_the_address():
    memory = {"agreements": {"sector": ["Energy"], "q": ["gas"]}}
    at = visit("agreements", previous="events", memory=memory, lang="en")
    assert (at.query_params["sector"], at.query_params["q"], at.query_params["lang"]) == ("Energy", "gas", "en")


def test_a_link_with_settings_of_its_own_decides():
    memory = {"agreements": {"sector": ["Energy"]}}
    at = visit("agreements", previous="events", memory=memory, sector="Water")
    assert at.query_params["sector"] == "Water"
    assert at.session_state[view_memory.MEMORY_KEY]["agreements"] == {"sector": ["Water"]}


def test_a_page_never_left_keeps_what_the_address_says():
    memory = {"agreements": {"sector": ["Energy"]}}
    at = visit("agreements", previous="agreements", memory=memory)
    assert "sector" not in at.query_params  # the reader cleared the filter on this page: not put back
    assert at.session_state[view_memory.MEMORY_KEY]["agreements"] == {}

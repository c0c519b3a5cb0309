"""ui/view_memory: settings survive switching pages within a session (AppTest's switch_page is the sidebar's link).

The browser's Back button, which AppTest cannot press, is tests/e2e/test_navigation.py's; `restore` and `remember`
on a stand-in for streamlit, Back/Forward runs included, are the last block's."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import growth_shown, open_page, set_growth
from tests.ui import fake_streamlit
from tests.ui.fake_streamlit import Rerun, run_context
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


# --- restore and remember on a stand-in for streamlit: every branch, fast enough for mutation testing -------
# (tests/ui/fake_streamlit.py; the tests above run the real app through AppTest)


@pytest.fixture
def app(monkeypatch):
    """The fake streamlit view_memory sees; `app.request` is the script run's context (None: no script run)."""
    fake = fake_streamlit.Streamlit()
    fake.request = None
    monkeypatch.setattr(view_memory, "st", fake)
    monkeypatch.setattr(view_memory, "get_script_run_ctx", lambda: fake.request)
    return fake


def arrive(app, page, shown, request, history=False):
    """A run of `page` whose address holds `shown`, started by a request carrying `request`."""
    app.query_params = fake_streamlit.query_params(shown)
    app.request = run_context(request, history)
    view_memory.restore(page)


def memory(app):
    return app.session_state[view_memory.MEMORY_KEY]


def test_a_page_opened_or_rerun_remembers_the_settings_of_its_request(app):
    request = {"years": ["2020", "2024"], "q": "", "lang": "en", "LANG": "kk", "embed": "true", "Embed_Options": "x"}
    arrive(app, "trade", request, request)
    assert memory(app) == {"trade": {"years": ["2020", "2024"], "q": [""]}}  # blank values kept, no language
    assert app.session_state[view_memory.PAGE_KEY] == "trade"
    arrive(app, "trade", {"flow": "x"}, {"flow": "x"})  # a rerun: the settings as they are now
    assert memory(app) == {"trade": {"flow": ["x"]}}
    assert app.shown_query() == {"flow": ["x"]}


def test_without_a_script_run_only_the_page_is_noted(app):
    view_memory.restore("trade")
    view_memory.restore("overview")  # another page, but no run to restore into
    assert app.session_state == {view_memory.PAGE_KEY: "overview"}


def test_remember_keeps_every_value_of_the_address_but_the_language_and_embedding(app):
    app.query_params = fake_streamlit.query_params({"country": ["uz", "kz"], "lang": "en", "Lang": "kk", "embed": "true"})
    view_memory.remember("trade")
    app.query_params = fake_streamlit.query_params({"chart": "fan"})
    view_memory.remember("scenarios")
    assert memory(app) == {"trade": {"country": ["uz", "kz"]}, "scenarios": {"chart": ["fan"]}}


def test_back_into_a_page_left_without_its_settings_puts_them_back_and_reruns(app):
    arrive(app, "trade", {"years": "2020-2024", "lang": "en"}, {"years": "2020-2024", "lang": "en"})
    arrive(app, "overview", {"lang": "en"}, {"lang": "en"}, history=True)  # nothing remembered: nothing to do
    assert app.shown_query() == {"lang": ["en"]}
    with pytest.raises(Rerun):
        arrive(app, "trade", {"lang": "en"}, {"lang": "en"}, history=True)
    assert app.shown_query() == {"lang": ["en"], "years": ["2020-2024"]}
    assert app.session_state[view_memory.PAGE_KEY] == "trade"


def test_a_history_entry_with_any_of_the_page_s_settings_is_shown_as_it_is(app):
    arrive(app, "trade", {"years": "2020-2024", "flow": "x"}, {"years": "2020-2024", "flow": "x"})
    arrive(app, "overview", {}, {}, history=True)
    arrive(app, "trade", {"flow": "m"}, {}, history=True)  # an earlier setting of this page: no rerun
    assert app.shown_query() == {"flow": ["m"]}


def test_back_into_a_page_that_had_no_settings_changes_nothing(app):
    arrive(app, "events", {"lang": "en"}, {"lang": "en"})
    assert memory(app) == {"events": {}}
    arrive(app, "overview", {"lang": "en"}, {"lang": "en"}, history=True)
    arrive(app, "events", {"lang": "en"}, {"lang": "en"}, history=True)  # no rerun: nothing to put back
    assert app.shown_query() == {"lang": ["en"]}


def test_the_sidebar_remembers_the_page_left_from_its_request_and_restores_the_next(app):
    arrive(app, "overview", {"chart": "mix"}, {"chart": "mix"})
    arrive(app, "trade", {}, {"chart": "mix"})
    # The page left (trade) changed its settings in a fragment: the sidebar's request carries them.
    with pytest.raises(Rerun):
        arrive(app, "overview", {"lang": "en"}, {"years": "2021", "lang": "en"})
    assert memory(app)["trade"] == {"years": ["2021"]}
    assert app.shown_query() == {"lang": ["en"], "chart": ["mix"]}  # the language picker's ?lang= stays


def test_the_sidebar_remembers_a_setting_left_blank(app):
    arrive(app, "trade", {"q": "cotton"}, {"q": "cotton"})
    arrive(app, "overview", {}, {"q": "", "years": "2021"})  # the search box emptied before leaving
    assert memory(app)["trade"] == {"q": [""], "years": ["2021"]}


def test_a_request_carrying_only_the_language_keeps_what_was_remembered(app):
    arrive(app, "trade", {"years": "2020"}, {"years": "2020"})
    arrive(app, "overview", {"lang": "en"}, {"lang": "en"})
    assert memory(app)["trade"] == {"years": ["2020"]}


def test_a_link_s_own_settings_decide_over_the_remembered_ones(app):
    arrive(app, "trade", {"years": "2020"}, {"years": "2020"})
    arrive(app, "overview", {}, {"years": "2020"})
    arrive(app, "trade", {"years": "2022", "lang": "en"}, {})  # no rerun: the link's years, not the remembered ones
    assert app.shown_query() == {"years": ["2022"], "lang": ["en"]}

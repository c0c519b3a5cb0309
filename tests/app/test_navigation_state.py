"""Settings survive switching pages within a session (AppTest's switch_page is the sidebar's link).

The browser's Back button, which AppTest cannot press, is tests/e2e/test_navigation.py's."""

from __future__ import annotations

from tests.app.conftest import growth_shown, open_page, set_growth


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

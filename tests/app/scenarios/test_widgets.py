"""The Scenarios page's widgets (app_pages/scenarios/widgets.py): every input bound to the URL, a card's name and
preset, impossible input as a message, the method's figures, a link's growth and the explorer's release into the URL."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from app_pages.scenarios import widgets
from tests import shipped
from tests.app.conftest import growth_shown, main_text, open_page, set_growth
from tests.app.scenarios.test_page import results
from ui import plotly_element

BOUND_KEYS = {
    "base",
    "target",
    "target_year",
    "horizon",
    "span",
    "n",
    "name1",
    "preset1",
    "name2",
    "preset2",
    "name3",
    "preset3",
    "vol",
    "fan",
}


def test_every_input_is_bound_to_the_url():
    at = open_page("scenarios", lang="en")
    kinds = ("selectbox", "number_input", "slider", "select_slider", "text_input", "segmented_control")
    widgets = [w for kind in kinds for w in getattr(at.main, kind)]
    assert {w.key for w in widgets} == BOUND_KEYS
    for widget in widgets:
        assert widget.proto.query_param_key == widget.key, widget.key
    # The custom growths are the explorer's sliders, whose state is the URL's growthN (read on every run).
    assert growth_shown(at, 3) == 10.0 and growth_shown(at, 1) is None
    at.segmented_control(key="preset1").set_value("custom").run()
    assert growth_shown(at, 1) == 10.0
    set_growth(at, 1, 7.5)
    assert growth_shown(at, 1) == 7.5 and at.query_params["growth1"] == "7.5"


def test_names_default_to_the_preset_in_the_ui_language():
    at = open_page("scenarios", lang="ru")
    assert at.text_input(key="name1").value == ""
    assert at.text_input(key="name1").placeholder == "Тренд"
    assert list(at.main.table[1].value.columns)[1:] == ["1\\. Тренд", "2\\. Нужный темп", "3\\. Свой"]
    at.text_input(key="name2").input("План").run()
    assert list(at.main.table[1].value.columns)[2] == "2\\. План"


def test_impossible_input_is_a_message_naming_the_field_not_a_traceback():
    at = open_page("scenarios", lang="ru", target_year="2020")
    assert not at.exception
    assert f"«Год цели» (2020) должен быть позже, чем «Год отправной точки» ({shipped.latest_year()})." in main_text(at)
    assert not plotly_element.figures(at.main)
    at = open_page("scenarios", lang="en", horizon="2028")
    assert f'"Horizon" (2028) must not be before "Target year" ({shipped.target_year()}).' in main_text(at)
    at = open_page("scenarios", lang="en", target="0")
    assert not at.exception
    assert '"Target": a positive number is needed, got 0.' in main_text(at)


def test_method_lists_the_figures_used_with_their_sources():
    at = open_page("scenarios", lang="en")
    history = at.main.dataframe[0].value
    assert history["year"].tolist() == shipped.headline_years()
    assert history["source_url"].str.startswith("http").all()
    assert f"gaps (here: {shipped.gap_years()}) are not filled in" in main_text(at)


def test_a_link_growth_that_is_no_slider_position_says_so_and_starts_at_the_default():
    at = open_page("scenarios", lang="en", growth3="999")
    assert not at.exception
    assert "The link's growth for scenario 3 (999) is not a position of the slider" in main_text(at)
    assert growth_shown(at, 3) == 10.0 and results(at)[2][1] == "+10.0%"


def _commit_script():
    import streamlit as st

    from app_pages.scenarios import widgets

    widgets.commit_growth("explorer")
    st.write(widgets.custom_growth(1), widgets.custom_growth(2))


def committed(event, **query) -> AppTest:
    at = AppTest.from_function(_commit_script, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.session_state["explorer"] = event
    return at.run()


def test_a_release_writes_its_growth_into_the_url_and_the_default_takes_it_out():
    at = committed({"commit": {"index": 2, "value": 12.5}}, growth1="7.5")
    assert not at.exception
    assert (at.query_params["growth1"], at.query_params["growth2"]) == ("7.5", "12.5")
    at = committed({"commit": {"index": 1, "value": widgets.scenarios.DEFAULT_CUSTOM_GROWTH}}, growth1="7.5")
    assert "growth1" not in at.query_params  # the URL records what the reader changed


def test_a_release_that_is_no_scenario_or_no_growth_changes_nothing():
    for event in ({"commit": {"index": 9, "value": 12.5}}, {"commit": {"index": 1, "value": "fast"}}, {"commit": None}, None):
        at = committed(event, growth1="7.5")
        assert not at.exception, event
        assert dict(at.query_params) == {"growth1": "7.5"}, event


def test_a_starting_point_s_label_writes_its_figure_the_page_way():
    assert widgets.base_label("2025 · 4.97 · ru.trend.az", "ru") == "2025 · 4,97 · ru.trend.az"
    assert widgets.base_label("2024 · ≥4.3 · a.uz · b", "en") == "2024 · ≥4.3 · a.uz · b"
    assert widgets.base_label("2024 · ≥4.3 · a.uz", "uz") == "2024 · ≥4,3 · a.uz"

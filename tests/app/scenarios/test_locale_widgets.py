"""app_pages/scenarios/locale_widgets.py: numbers in bound widgets shown the page's way, links read in any language."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from app_pages.scenarios import locale_widgets
from tests import shipped
from tests.app.conftest import main_text, open_page


def test_the_setup_row_writes_numbers_the_page_way_and_reads_a_link_from_any_language():
    """Streamlit's own slider and number input print a dot decimal; these show the page's numbers."""
    at = open_page("scenarios", lang="ru")
    label = shipped.base_label()
    assert at.selectbox(key="base").format_func(label) == label.replace(
        f"{shipped.latest_value():g}", shipped.latest_number("ru")
    )
    assert at.select_slider(key="vol").format_func(11.5) == "11,5\xa0%"
    assert at.text_input(key="target").value == "10"
    link = {"base": "2024 · 4,3 · pinkod.uz", "vol": "7,5\xa0%", "target": "8,5"}  # made on a Russian page
    at = open_page("scenarios", lang="en", **link)
    assert not at.exception
    assert at.selectbox(key="base").value == "2024 · 4.3 · pinkod.uz"
    assert at.select_slider(key="vol").value == 7.5
    assert "$8.5 bn" in main_text(at)
    at = open_page("scenarios", lang="kk", target="ten")
    assert "«Мақсат, млрд $»: сан қажет, ten берілді." in [e.body for e in at.main.error][0]


def test_a_link_s_number_opens_the_nearest_option():
    options = [0.0, 2.5, 5.0, 7.5]
    assert locale_widgets._nearest(options, "7,4") == 7.5
    assert locale_widgets._nearest(options, "3.0 %") == 2.5
    assert locale_widgets._nearest(options, "fast") is None


def _number_script():
    import streamlit as st

    from app_pages.scenarios import locale_widgets

    lang = st.query_params.get("lang", "ru")
    value = locale_widgets.number_input("Target", 10.5, lang, key="target", invalid=lambda text: f"not a number: {text}")
    st.write(f"got {value!r}")
    locale_widgets.number_input("Whole", 10.0, lang, key="whole", invalid=str)


def test_a_number_input_shows_its_default_the_page_way_and_reads_both_decimals():
    at = AppTest.from_function(_number_script, default_timeout=60).run()
    assert (at.text_input(key="target").value, at.text_input(key="whole").value) == ("10,5", "10")
    assert "got 10.5" in at.markdown[0].value
    at.text_input(key="target").input("8.25").run()
    assert "got 8.25" in at.markdown[0].value and not at.error


def test_a_number_input_that_is_no_number_says_so_and_gives_its_default():
    at = AppTest.from_function(_number_script, default_timeout=60)
    at.query_params["target"] = "ten"
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == ["not a number: ten"]
    assert "got 10.5" in at.markdown[0].value

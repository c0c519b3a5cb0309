"""Trade page: reporters, measures, reconciliation and the table with sources."""

from __future__ import annotations

import pytest

from tests.app.conftest import main_text, open_page


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_opens_with_all_sources(lang):
    at = open_page("trade", lang=lang)
    assert not at.exception
    assert len(at.main.get("plotly_chart")) >= 2
    table = at.main.dataframe[-1].value
    assert len(table) == 42
    assert set(at.multiselect(key="reporters").value) == {"Uzbekistan", "Kazakhstan", "other"}


def test_reconciliation_lists_disagreements():
    text = main_text(open_page("trade", lang="en"))
    assert "2022: from $4.6 bn to $5 bn (4 sources)" in text
    assert "2023: from $4.4 bn to $4.5 bn (4 sources)" in text
    assert "2024: from $4 bn to $4.3 bn (2 sources)" in text


def test_filter_to_uzbek_figures():
    at = open_page("trade", lang="en")
    at.multiselect(key="reporters").set_value(["Uzbekistan"]).run()
    assert not at.exception
    table = at.main.dataframe[-1].value
    assert set(table["reporter"]) == {"Uzbekistan"}
    assert "Among the chosen sources the full-year figures agree." in main_text(at)


def test_reporters_from_url():
    at = open_page("trade", lang="en", reporters="Kazakhstan")
    assert at.multiselect(key="reporters").value == ["Kazakhstan"]


def test_balance_measure():
    at = open_page("trade", lang="ru")
    at.selectbox(key="measure").set_value("balance_usd_bn").run()
    assert not at.exception
    assert "Сальдо = экспорт Узбекистана − импорт Узбекистана" in main_text(at)


def test_no_reporter_chosen_shows_a_message():
    at = open_page("trade", lang="en")
    at.multiselect(key="reporters").set_value([]).run()
    assert not at.exception
    assert any("No figure for the chosen sources" in i.value for i in at.main.info)

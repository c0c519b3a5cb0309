"""ui/cite: the Cite popovers (a chart's and the page's) and the <iframe> snippet of an embeddable chart."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go
from streamlit.testing.v1 import AppTest

from partnership.chart_registry import CHARTS
from tests import shipped
from tests.app.conftest import open_page
from ui import cite


def test_cite_popover_of_a_chart():
    at = open_page("trade", lang="en", reporters="Kazakhstan")
    assert not at.main.code  # made when opened
    at.session_state["trade_chart-cite"] = True  # the popover opened
    at.run()
    assert not at.exception
    (reference,) = at.main.code
    today = dt.date.today()
    assert reference.value.startswith(
        "Uzbekistan–Kazakhstan Partnership Monitor (2026) Uzbekistan–Kazakhstan trade turnover [chart]."
    )
    assert f"(accessed {today:%B} {today.day}, {today.year})" in reference.value
    assert "Sources: " in reference.value
    keys = {button.key for button in at.get("download_button")}
    assert {"trade_chart-cite-bibtex", "trade_chart-cite-csl", "trade_chart-cite-ris"} <= keys


def test_cite_popover_of_a_chart_drawn_by_a_fragment_and_of_the_page():
    at = open_page("scenarios", lang="ru")
    at.session_state["scenario_chart-cite"] = True
    at.session_state["page-cite"] = True
    at.run()
    assert not at.exception
    (reference,) = at.main.code
    assert reference.value.startswith("Товарооборот Узбекистана и Казахстана: история и сценарии")
    assert ": [диаграмма] // Мониторинг партнёрства Узбекистан — Казахстан." in reference.value
    assert (
        f"Источники: {shipped.latest_host()}, {shipped.target_host()}" in reference.value
    )  # the base's source, then the target's
    (page,) = at.sidebar.code
    assert page.value.startswith("Сценарии : [веб-страница] // Мониторинг партнёрства Узбекистан — Казахстан.")
    assert "Источники: " in page.value


def test_the_embed_address_keeps_the_view_s_settings_and_asks_for_the_chart_alone():
    url = cite.embed_url("https://m.example/trade?lang=ru&reporters=A&reporters=B&embed=false&chart=old#top", CHARTS["trade"])
    assert url == ("https://m.example/trade?lang=ru&reporters=A&reporters=B&embed=true&embed_options=light_theme&chart=trade#top")


def test_the_frame_is_as_tall_as_the_chart_its_link_and_its_source_lines():
    assert cite.embed_height(go.Figure(layout={"height": 500}), 7) == 500 + cite.LINK_LINE + 2 * cite.SOURCE_LINE
    assert cite.embed_height(go.Figure(), 6) == 560 + cite.LINK_LINE + cite.SOURCE_LINE
    assert cite.embed_height(go.Figure(), 0) == 560 + cite.LINK_LINE


def test_the_iframe_snippet_escapes_the_address_and_the_title():
    snippet = cite.iframe_snippet("https://m.example/trade?lang=en", CHARTS["trade"], go.Figure(), 'A & "B" <c>', 1)
    assert snippet == (
        '<iframe src="https://m.example/trade?lang=en&amp;embed=true&amp;embed_options=light_theme&amp;chart=trade" '
        'title="A &amp; &quot;B&quot; &lt;c>" width="100%" height="654" style="border:0;max-width:820px" loading="lazy"></iframe>'
    )


def _popover_script():
    import plotly.graph_objects as go
    import streamlit as st

    from partnership.charts.chart import SOURCE, Chart, points, table
    from ui import cite

    figure = go.Figure(layout={"title": {"text": "Probe chart"}})
    shown = Chart(figure, table(points("Turnover", [4.97], "$ bn", SOURCE, ["https://www.gov.uz/x"], years=[2025])))
    cite.chart_popover(st, "probe", "en", "probe-en", None, lambda: shown)

    def not_drawn_yet():
        raise KeyError("probe2")

    cite.chart_popover(st, "probe2", "en", "probe2-en", None, not_drawn_yet)


def test_a_chart_outside_the_registry_is_cited_from_the_chart_as_shown():
    at = AppTest.from_function(_popover_script, default_timeout=60).run()
    assert not at.exception and not at.code  # made when opened
    at.session_state["probe-cite"] = True
    at.session_state["probe2-cite"] = True  # a fragment's chart not drawn yet: nothing, no error
    at.run()
    assert not at.exception
    (reference,) = at.code
    assert "Probe chart [chart]" in reference.value and "gov.uz" in reference.value
    assert {button.key for button in at.get("download_button")} == {f"probe-cite-{name}" for name, *_ in cite.FORMATS}

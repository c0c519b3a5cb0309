"""ui/plotly_element: what the chart element is given (AppTest), its accessible name, plotly.js published."""

from __future__ import annotations

import os

import plotly.graph_objects as go
import plotly.io as pio
from streamlit.testing.v1 import AppTest

from partnership.charts import base as chart_base
from ui import plotly_element


def test_aria_label_prefers_meta_then_the_title_without_markup():
    figure = go.Figure(layout={"title": {"text": "Trade <b>by year</b><br>and the target &amp; path"}})
    assert plotly_element.aria_label(figure) == "Trade by year and the target & path"
    figure.update_layout(meta={"lang": "en", "aria_label": "Line chart of trade, 2010–2025"})
    assert plotly_element.aria_label(figure) == "Line chart of trade, 2010–2025"
    figure.update_layout(meta=["not", "a", "dict"])
    assert plotly_element.aria_label(figure) == "Trade by year and the target & path"


def test_plotly_js_is_the_packages_file_published_once(tmp_path):
    plotly_element.publish_plotly_js.cache_clear()
    target = plotly_element.publish_plotly_js(tmp_path / "static")
    assert target == tmp_path / "static" / plotly_element.STATIC_NAME
    assert target.read_bytes() == plotly_element.PLOTLY_JS.read_bytes()
    assert target.stat().st_mtime == plotly_element.PLOTLY_JS.stat().st_mtime  # the package's date as Last-Modified
    assert not [p for p in target.parent.iterdir() if p.name.endswith(".tmp")]
    # A second process finds it in place and does not copy it again.
    os.utime(target, ns=(plotly_element.PLOTLY_JS.stat().st_atime_ns, plotly_element.PLOTLY_JS.stat().st_mtime_ns))
    inode = target.stat().st_ino
    plotly_element.publish_plotly_js.cache_clear()
    assert plotly_element.publish_plotly_js(tmp_path / "static").stat().st_ino == inode


def test_an_unwritable_static_folder_is_reported_not_raised(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    plotly_element.publish_plotly_js.cache_clear()
    assert plotly_element.publish_plotly_js(blocker / "static") is None


def test_the_dark_theme_swaps_every_neutral_of_the_light_template():
    layout = pio.templates[chart_base.TEMPLATE_NAME].layout
    neutrals = {layout.paper_bgcolor, layout.plot_bgcolor, layout.font.color, layout.yaxis.gridcolor}
    assert {colour.lower() for colour in neutrals} <= set(plotly_element.DARK_COLORS)


def _chart_script():
    import pandas as pd
    import plotly.graph_objects as go
    import streamlit as st

    from partnership.charts.chart import Chart
    from ui import frame

    st.session_state.setdefault("lang", "en")
    figure = go.Figure(go.Scatter(x=[2024, 2025], y=[4.3, 4.97], name="turnover"))
    figure.update_layout(title={"text": "Trade by year"}, separators=", ")
    frame.chart(Chart(figure, pd.DataFrame({"year": [2024, 2025], "value": [4.3, 4.97]})), key="probe_chart", name="probe")


def test_the_element_receives_the_figure_its_config_and_label():
    at = AppTest.from_function(_chart_script, default_timeout=60).run()
    assert not at.exception
    (payload,) = plotly_element.payloads(at.main)
    (figure,) = plotly_element.figures(at.main)
    assert figure["data"][0]["y"] == [4.3, 4.97] and figure["layout"]["separators"] == ", "
    assert payload["label"] == "Trade by year"
    assert payload["config"]["displaylogo"] is False
    assert payload["config"]["toImageButtonOptions"]["filename"].startswith("probe-en-")
    assert payload["src"] == f"app/static/{plotly_element.STATIC_NAME}"
    assert payload["dark"] == plotly_element.DARK_COLORS
    # Its identity is its key: the same element on every rerun, whatever the figure.
    (element,) = [e for e in at.main.get(plotly_element.ELEMENT_TYPE) if e.proto.component_name == plotly_element.COMPONENT_NAME]
    assert element.key == "probe_chart"

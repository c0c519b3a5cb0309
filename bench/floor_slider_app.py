"""Floor app for bench/slider_latency.py: one slider and one Plotly chart that follows it, nothing else.

Run by the benchmark with `python -m streamlit run bench/floor_slider_app.py` from the repository's root
(which puts the root on the import path); it is the least a Streamlit page can cost from a slider move
to a redrawn chart, so the Scenarios page's latency is reported as a multiple of this one's. The numbers are synthetic (a benchmark fixture, not data).

With FLOOR_CHART=scenarios (the benchmark's --diagnose run) the one chart is the Scenarios page's own
path chart (three scenarios, the slider moving the third), still with nothing else on the page: it
separates what drawing that richer figure costs from what the rest of the page costs.

With FLOOR_ELEMENT=1 the chart is drawn by the app's own chart element (ui/plotly_element.py, updated in
place with Plotly.react) instead of st.plotly_chart: the second floor of bench/slider_latency.py.
"""

import os

import plotly.graph_objects as go
import streamlit as st

growth = st.slider("Growth, % a year", -10.0, 30.0, 10.0, step=0.5, key="growth")
if os.environ.get("FLOOR_CHART") == "scenarios":
    from partnership import data, scenarios
    from partnership.charts import scenarios as scenario_charts

    @st.cache_data
    def history_and_base():
        trade = data.load("trade")  # read once, as the page's frame.tables does
        return scenarios.headline_by_year(trade), scenarios.default_base(trade)

    history, base = history_and_base()
    chosen = [
        scenarios.Scenario("Trend", "trend", 0.026),
        scenarios.Scenario("Required", "required", 0.1501),
        scenarios.Scenario("Custom", "custom", growth / 100),
    ]
    paths = scenarios.paths_table(4.97, 2025, chosen, 2035)
    summary = scenarios.summarize(4.97, 2025, chosen, 10.0, 2030, 2035)
    setup = scenarios.Setup(4.97, 2025, base["source_url"], 10.0, 2030, 2035, trend_span=(2022, 2025))
    figure = scenario_charts.paths_chart(history, paths, summary, setup, "en").figure
else:
    years = list(range(2025, 2036))
    figure = go.Figure(go.Scatter(x=years, y=[(1 + growth / 100) ** (year - years[0]) for year in years], mode="lines"))
if os.environ.get("FLOOR_ELEMENT") == "1":
    # The same page with the app's chart element (ui/plotly_element.py) instead of st.plotly_chart.
    from ui import plotly_element

    plotly_element.show(figure, key="chart", config={"displaylogo": False, "responsive": True}, unavailable="no plotly.js")
else:
    st.plotly_chart(figure, width="stretch", theme=None, key="chart")

"""Floor app for bench/slider_latency.py: one slider and one Plotly chart that follows it, nothing else.

Run by the benchmark with `streamlit run bench/floor_slider_app.py`; it is the least a Streamlit page
can cost from a slider move to a redrawn chart, so the Scenarios page's latency is reported as a
multiple of this one's. The numbers are synthetic (a benchmark fixture, not data).
"""

import plotly.graph_objects as go
import streamlit as st

growth = st.slider("Growth, % a year", -10.0, 30.0, 10.0, step=0.5, key="growth")
years = list(range(2025, 2036))
figure = go.Figure(go.Scatter(x=years, y=[(1 + growth / 100) ** (year - years[0]) for year in years], mode="lines"))
st.plotly_chart(figure, width="stretch", theme=None, key="chart")

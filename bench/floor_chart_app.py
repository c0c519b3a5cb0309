"""Floor app for bench/cold_start.py: Streamlit and one Plotly chart, nothing else.

Run by the benchmark with `streamlit run bench/floor_chart_app.py`; it is the least a Streamlit page
with a chart can cost, so the Overview's cold start is reported as a multiple of this one's.
The numbers are synthetic (a benchmark fixture, not data).
"""

import plotly.graph_objects as go
import streamlit as st

st.title("Floor")
figure = go.Figure(go.Scatter(x=list(range(2010, 2031)), y=[float(i) for i in range(21)], mode="lines+markers"))
st.plotly_chart(figure, width="stretch", theme=None)

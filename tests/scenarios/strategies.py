"""Hypothesis strategies and settings the scenario tests share."""

from hypothesis import settings
from hypothesis import strategies as st

values = st.floats(min_value=0.01, max_value=1_000, allow_nan=False, allow_infinity=False)
years = st.integers(min_value=1990, max_value=2040)
spans = st.integers(min_value=1, max_value=40)
rates = st.floats(min_value=-0.5, max_value=1.0, allow_nan=False, allow_infinity=False)
vols = st.floats(min_value=0.0, max_value=0.6, allow_nan=False, allow_infinity=False)

# Arithmetic properties: no per-example deadline (a loaded machine or a coverage tracer makes timings noise).
PROPERTY = settings(deadline=None)

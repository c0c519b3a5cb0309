"""Streamlit glue shared by the pages: language, cached data, error display, source links.

Everything here may import streamlit; the logic it calls lives in `partnership`.
"""

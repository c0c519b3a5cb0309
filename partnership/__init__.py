"""Uzbekistan–Kazakhstan Partnership Monitor: the core that pages, tests and scripts use.

Nothing in this package imports streamlit, so it can be scripted against directly:

    >>> from partnership import data, trade
    >>> latest = trade.latest_full_year(data.load("trade"))
"""

__all__ = ["charts", "data", "i18n", "kpis", "scenarios", "trade"]

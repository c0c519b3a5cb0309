"""Bound widgets whose numbers read the page's way ('10,5 %', '4,97'), with links that open in any language.

Streamlit draws a slider's and a number input's value in the browser with a printf pattern, a dot
decimal whatever the page's language, and "localized" there means the browser's language, not the
page's. So numbers are shown as option labels formatted here (partnership.i18n), and a bound widget
writes its label into the URL. A link made in another language, or written by hand ('vol=5.0'),
holds another label: `_from_link` reads the number in it and starts the widget there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from partnership.i18n import fmt_number, parse_number


def _from_link(key: str, labels: dict[str, Any], match: Callable[[str], Any]) -> bool:
    """Start widget `key` at the option the URL names in another form; True when it did."""
    raw = st.query_params.get(key)
    if key in st.session_state or raw is None or raw in labels:
        return False
    option = match(raw)
    if option is None:
        return False
    st.session_state[key] = option
    return True


def _nearest(options: Sequence[float], text: str) -> float | None:
    number = parse_number(text)
    return None if number is None else min(options, key=lambda option: abs(option - number))


def number_slider(label: str, options: Sequence[float], value: float, show: Callable[[float], str], *, key: str, **kwargs):
    """A slider over `options` (numbers), each shown by `show` (e.g. `fmt_pct(v, lang, 1)`); bound to the URL."""
    labels = {show(option): option for option in options}
    started = _from_link(key, labels, lambda raw: _nearest(options, raw))
    default = {} if started else {"value": value}
    return st.select_slider(label, options, format_func=show, key=key, bind="query-params", **default, **kwargs)


def choice(label: str, options: Sequence[str], index: int, show: Callable[[str], str], *, key: str, **kwargs):
    """A selectbox whose option labels carry numbers (`show` formats them); a link's label in another
    language's numbers (or the plain option) opens the same option."""
    labels = {show(option): option for option in options}
    plain = {option.replace(",", "."): option for option in options}
    started = _from_link(key, labels, lambda raw: plain.get(raw) or plain.get(raw.replace(",", ".")))
    default = {} if started else {"index": index}
    return st.selectbox(label, options, format_func=show, key=key, bind="query-params", **default, **kwargs)


def number_input(
    label: str, value: float, lang: str, *, key: str, invalid: Callable[[str], str], digits: int = 1, **kwargs
) -> float:
    """A number typed the page's way ('10,5'; '10.5' is read too), its default written without a dot where the page writes a comma.

    The URL keeps the text as typed (a text field takes any text from a link), so a link reads in every
    language. A text that is no number shows `invalid(text)` under the field and gives `value`.
    """
    shown = fmt_number(value, lang, digits) if value != int(value) else fmt_number(value, lang, 0)
    text = st.text_input(label, value=shown, key=key, bind="query-params", **kwargs)
    number = parse_number(text)
    if number is None:
        st.error(invalid(text), icon=":material/error:")
        return value
    return number

"""Make data text safe to show in Markdown: no markup from data ever runs.

Streamlit renders st.markdown/st.caption as Markdown (HTML off). Data text could still
carry Markdown syntax or a javascript: link, so text is escaped and links are built
only for http(s) addresses.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlparse

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$^=])")


def escape_markdown(text: object) -> str:
    """Backslash-escape every character Markdown (and Streamlit's extensions) could interpret."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", str(text)).replace("\n", " ")


def is_web_url(url: object) -> bool:
    if not isinstance(url, str):
        return False
    parsed = urlparse(url.strip())
    return parsed.scheme in ("http", "https") and bool(parsed.netloc) and not re.search(r"[\s()<>]", url)


def markdown_link(label: str, url: object) -> str:
    """'[label](url)' for an http(s) URL; just the escaped label otherwise."""
    if is_web_url(url):
        return f"[{escape_markdown(label)}]({str(url).strip()})"
    return escape_markdown(label)


def plotly_text(text: object) -> str:
    """Data text made inert for Plotly's HTML-like labels and hover texts (shown exactly as written)."""
    if text is None or text != text:  # None or NaN
        return ""
    return html.escape(str(text), quote=False)

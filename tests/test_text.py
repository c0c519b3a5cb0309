"""partnership.text: data text cannot become markup or a script link."""

from __future__ import annotations

from partnership.text import escape_markdown, is_web_url, markdown_link


def test_markdown_specials_are_escaped():
    assert escape_markdown("**bold** [x](y) <b>") == r"\*\*bold\*\* \[x\]\(y\) \<b\>"


def test_only_http_links_become_links():
    assert markdown_link("src", "https://example.org/a") == "[src](https://example.org/a)"
    assert markdown_link("src", "javascript:alert(1)") == "src"
    assert markdown_link("s", "https://x.org/a) [evil](javascript:1") == "s"
    assert not is_web_url(None)
    assert not is_web_url("ftp://example.org")

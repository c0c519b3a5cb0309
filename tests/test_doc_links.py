"""Links the README and docs/ write: relative links reach a file (and a heading), app paths are pages."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT, app_pages

DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
PAGE_PATHS = {url_path for *_, url_path in app_pages()}


def heading_anchors(text: str) -> set[str]:
    """GitHub's anchors for a Markdown file's headings: lower case, punctuation dropped, spaces to '-'."""
    headings = re.findall(r"^#+\s+(.+?)\s*$", text, flags=re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-") for heading in headings}


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.name)
def test_relative_links_resolve(document):
    text = document.read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target):
            continue  # a web address
        path, _, anchor = target.partition("#")
        linked = (document.parent / path).resolve() if path else document
        assert linked.exists(), f"{document.name}: {target}"
        if anchor:
            assert anchor in heading_anchors(linked.read_text(encoding="utf-8")), f"{document.name}: {target}"


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.name)
def test_app_paths_in_the_docs_are_pages(document):
    """A path written as the app's address (`/trade`, `/scenarios?…`) is one of app.py's pages."""
    paths = re.findall(r"`/([a-z_]+)(?:\?[^`]*)?`", document.read_text(encoding="utf-8"))
    assert set(paths) <= PAGE_PATHS

"""Russian pages show no English data words and no word of how the data was put together.

Everything a reader sees is collected from each page in Russian — text, captions, metrics, table
cells, buttons (the facet chips), the sidebar and the charts' hover texts — and searched for
phrases that must not be there: the internal note "as cited in the seed article", the research
folder, English reporter notes and parties that have a Russian word in the vocabulary.
"""

from __future__ import annotations

import json

import pytest

from partnership import data, vocabulary
from tests.app.conftest import main_text, open_page
from tests.conftest import page_names

PAGES = tuple(page_names())
FORBIDDEN = (
    "seed article",
    "as cited in",
    "исходной стать",
    "data-research",
    "../shared",
    "Partnership Monitor data",
    "KZ-UZ",
    "KZ government press service",
    "President's press service",
    "statistics; published by",
    "PM A. Smailov",
    "Presidents Tokayev & Mirziyoyev",
)


def seen(at) -> str:
    parts = [main_text(at)]
    parts += [c.value for c in at.sidebar.caption] + [m.value for m in at.sidebar.markdown]
    for frame_ in at.main.dataframe:
        parts.append(frame_.value.astype(str).to_string())
    for table in at.main.table:
        parts.append(table.value.astype(str).to_string())
    parts += [b.label for b in at.main.button] + [i.value for i in at.main.info]
    for chart in at.main.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        for trace in spec.get("data", []):
            for field in ("hovertext", "text", "name"):
                value = trace.get(field)
                parts.append(json.dumps(value, ensure_ascii=False) if value is not None else "")
    return "\n".join(parts)


@pytest.mark.parametrize("page", PAGES)
def test_a_russian_page_has_no_english_or_internal_words(page):
    at = open_page(page if page != "overview" else None, lang="ru")
    assert not at.exception
    text = seen(at)
    found = [phrase for phrase in FORBIDDEN if phrase in text]
    assert not found, (page, found)


def test_every_reporter_note_and_party_of_the_data_reads_in_russian():
    """The vocabulary covers the shipped values; the page test above shows they are used."""
    for name in data.RESOURCES:
        df = data.load(name)
        for field in vocabulary.FIELDS:
            if field in df.columns:
                for value in df[field].dropna():
                    assert not vocabulary.term(field, value, "ru").endswith("(англ.)"), (name, field, value)

"""partnership.vocabulary: data values in the reader's language, unknown English marked as such."""

from __future__ import annotations

import pytest

from partnership import data, vocabulary


def test_known_values_are_translated_and_internal_words_reworded():
    assert vocabulary.term("parties", "KZ-UZ governments", "ru") == "Правительства Казахстана и Узбекистана"
    assert vocabulary.term("parties", "KZ-UZ governments", "en") == "Governments of Kazakhstan and Uzbekistan"
    for lang in ("ru", "en"):
        text = vocabulary.term("reporter_detail", "President's press service, as cited in the seed article", lang)
        assert "seed" not in text and "article" not in text and "стать" not in text


def test_an_unknown_value_is_kept_and_marked_as_english():
    assert vocabulary.term("parties", "Some new party", "ru") == "Some new party (англ.)"
    assert vocabulary.term("parties", "Some new party", "en") == "Some new party"
    assert vocabulary.term("parties", None, "ru") == ""


@pytest.mark.parametrize("field", vocabulary.FIELDS)
def test_every_shipped_value_has_a_russian_word(field):
    values = {v for name in data.RESOURCES for df in [data.load(name)] if field in df.columns for v in df[field].dropna()}
    assert values
    missing = [v for v in values if vocabulary.term(field, v, "ru").endswith("(англ.)")]
    assert not missing

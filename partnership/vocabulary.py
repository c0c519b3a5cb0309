"""Data values in the reader's language: categorical values and short notes of data/, translated once.

    term("parties", "KZ-UZ governments", "ru")   # "Правительства Казахстана и Узбекистана"

The words live in partnership/locales/<lang>/vocabulary.toml under `vocab.<field>`, keyed by the
value exactly as data/ holds it. A value the vocabulary does not know is shown as data/ has it and,
outside English, marked as English ("… (англ.)"): free text that exists only in English says so. A
value in Cyrillic or Uzbek Latin (an upload's own note) is not claimed to be English and has no mark.
The English vocabulary also rewords values that carry words of how the data was put together.
"""

from __future__ import annotations

from partnership.i18n import catalog, normalize_language, reads_as_english, t

# Fields whose values go through the vocabulary wherever they are shown.
FIELDS = ("reporter_detail", "parties", "date_text")


def term(field: str, value: object, lang: str) -> str:
    """`value` of data column `field` in `lang` (see the module); "" for a missing value."""
    if not isinstance(value, str) or not value.strip():
        return ""
    if not any(character.isalpha() for character in value):
        return value  # a date or a number ('2022-12/2023-01') reads the same in every language
    lang = normalize_language(lang)
    key = f"vocab.{field}.{value}"
    own = catalog(lang).get(key)
    if own is not None:
        return own
    english = catalog("en").get(key)
    if english is None and not reads_as_english(value):
        return value  # a value the vocabulary does not know (an upload's own note) in another script: no claim
    english = english or value
    return english if lang == "en" else t("vocab.in_english", lang, text=english)

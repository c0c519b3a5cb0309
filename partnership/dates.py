"""Dates of agreements and events as the registers show them: the exact day, and the source's wording beside it.

A row has `date` (the exact day, where the source gives one) and `date_text` (the source's own wording:
'2024-05', 'spring 2023', '2025-11-15'). The tables show the exact day in a date column and the
wording only where it says something the day does not.
"""

from __future__ import annotations

import pandas as pd

from partnership import vocabulary
from partnership.i18n import DATA_LANGUAGE

__all__ = ["exact_and_note"]


def exact_and_note(rows: pd.DataFrame, lang: str = DATA_LANGUAGE) -> tuple[pd.Series, pd.Series]:
    """(the exact dates as datetimes, the `date_text` where it differs from the exact date, else '').

    A wording with words ('date not stated; ratified by Mazhilis') is shown in `lang` (the vocabulary).
    """
    exact = pd.to_datetime(rows["date"])
    note = [
        vocabulary.term("date_text", text, lang)
        if (isinstance(text, str) and (pd.isna(when) or text != when.strftime("%Y-%m-%d")))
        else ""
        for text, when in zip(rows["date_text"], exact, strict=True)
    ]
    return exact, pd.Series(note, index=rows.index, dtype="object")

"""Report catalog strings that are identical to the English or Russian string of the same key.

A translator's check: a value equal to `en` or `ru` in another language is either untranslated
or the same in both languages on purpose (format names like "PNG", codes, "≈{value}"). The
report lists both, so the reader decides; nothing is changed.

    python -m scripts.untranslated            # every language but en
    python -m scripts.untranslated uz kk      # some languages
    python -m scripts.untranslated --strict   # exit status 1 if anything is reported
"""

from __future__ import annotations

import argparse
import re

from partnership.i18n import LANGUAGES, catalog

REFERENCES = ("en", "ru")
# A value with no letters outside placeholders ("≈{value}", "X") reads the same in every language.
_PLACEHOLDER = re.compile(r"\{[^}]*\}")


def has_words(text: str) -> bool:
    return any(ch.isalpha() for ch in _PLACEHOLDER.sub("", text))


def identical(lang: str) -> list[tuple[str, str, str]]:
    """(key, the reference language it equals, value) for each value of `lang` equal to en's or ru's."""
    mine = catalog(lang)
    found = []
    for key, text in sorted(mine.items()):
        for reference in REFERENCES:
            if reference != lang and catalog(reference).get(key) == text and has_words(text):
                found.append((key, reference, text))
                break
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("languages", nargs="*", help="language codes (default: every language but en)")
    parser.add_argument("--strict", action="store_true", help="exit 1 if any value is reported")
    args = parser.parse_args(argv)
    languages = args.languages or [code for code in LANGUAGES if code != "en"]
    unknown = [code for code in languages if code not in LANGUAGES]
    if unknown:
        parser.error(f"unknown language(s): {', '.join(unknown)}; known: {', '.join(LANGUAGES)}")
    total = 0
    for lang in languages:
        rows = identical(lang)
        total += len(rows)
        print(
            f"{lang}: {len(rows)} of {len(catalog(lang))} values identical to {' or '.join(r for r in REFERENCES if r != lang)}"
        )
        for key, reference, text in rows:
            print(f"  {key} (= {reference}): {text}")
    return 1 if args.strict and total else 0


if __name__ == "__main__":
    raise SystemExit(main())

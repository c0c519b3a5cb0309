"""Citations of a chart: the sentence per language, BibTeX (parsed by bibtexparser), CSL-JSON, RIS."""

from __future__ import annotations

import datetime as dt
import json

import bibtexparser
import pytest
from bibtexparser.bparser import BibTexParser
from bibtexparser.customization import convert_to_unicode

from partnership import data
from partnership.chart_registry import CHARTS
from partnership.export import citation

# bibtexparser 1.4 calls pyparsing's old camelCase names, which warn; the parsing itself is what is tested.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

VIEW = "https://monitor.example/trade?lang=en&reporters=Kazakhstan&measure=Exports+%28Uzbekistan+to+Kazakhstan%29"
ACCESSED = dt.date(2026, 12, 4)
PACKAGE = {"created": "2026-11-29T22:48:31Z", "version": "1.1.0"}
SOURCES = ["https://www.inform.kz/ru/a", "https://yuz.uz/b", "https://www.inform.kz/ru/c", "not a url", None]


def make(title="Uzbekistan–Kazakhstan trade<br>turnover", lang="en", **kwargs):
    return citation.make(title, VIEW, PACKAGE, SOURCES, lang, ACCESSED, **kwargs)


def parse(text: str) -> dict:
    parser = BibTexParser(common_strings=False)
    parser.customization = convert_to_unicode
    entries = bibtexparser.loads(text, parser).entries
    assert len(entries) == 1
    return entries[0]


def test_the_data_date_is_the_packages_never_today():
    cite = make()
    assert cite.data_date == dt.date(2026, 11, 29) and cite.version == "1.1.0"
    assert citation.package_date({}) == (None, None)
    assert citation.package_date(data.package())[0] is not None  # the shipped package states its date


def test_sources_are_named_by_site_once_in_order():
    assert make().sources == ("inform.kz", "yuz.uz")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            "Uzbekistan–Kazakhstan Partnership Monitor (2026) Uzbekistan–Kazakhstan trade turnover [chart]. "
            f"Data as of November 29, 2026. Available at: {VIEW} (accessed December 4, 2026). Sources: inform.kz, yuz.uz.",
        ),
        (
            "ru",
            "Uzbekistan–Kazakhstan trade turnover : [диаграмма] // Мониторинг партнёрства Узбекистан — Казахстан. — 2026. — "
            f"Данные на 29.11.2026. — URL: {VIEW} (дата обращения: 04.12.2026). — Источники: inform.kz, yuz.uz.",
        ),
    ],
)
def test_sentence_in_the_languages_style(lang, expected):
    assert citation.sentence(make(lang=lang)) == expected


def test_every_language_has_a_sentence_with_the_url_and_the_access_date():
    for lang in ("ru", "en", "uz", "kk"):
        text = citation.sentence(make(lang=lang))
        assert VIEW in text and ("04.12.2026" in text or "2026" in text) and "yuz.uz" in text


def test_bibtex_parses_with_url_urldate_and_sources():
    entry = parse(citation.bibtex(make()))
    assert entry["ENTRYTYPE"] == "misc"
    assert entry["url"] == VIEW  # the view with its settings, as it is
    assert entry["urldate"] == "2026-12-04"
    assert entry["date"] == "2026-11-29" and entry["year"] == "2026" and entry["version"] == "1.1.0"
    assert "inform.kz, yuz.uz" in entry["note"]
    assert entry["title"] == "Uzbekistan–Kazakhstan trade turnover"


def test_bibtex_escapes_special_characters():
    tricky = "Trade & growth: 50% of $4 bn #1 under_score {braces} ~ ^ back\\slash"
    text = citation.bibtex(make(title=tricky))
    raw = bibtexparser.loads(text).entries[0]["title"]
    assert raw == (
        r"{Trade \& growth: 50\% of \$4 bn \#1 under\_score \{braces\} \textasciitilde{} \textasciicircum{} back\textbackslash{}slash}"
    )
    # Braces stay balanced, so the entry after it still parses.
    assert len(bibtexparser.loads(text + citation.bibtex(make())).entries) == 2


def test_bibtex_url_keeps_braces_from_breaking_the_entry():
    cite = citation.make("T", "https://x.example/a?q={x}", PACKAGE, [], "en", ACCESSED)
    assert parse(citation.bibtex(cite))["url"] == "https://x.example/a?q=%7Bx%7D"


def test_csl_json():
    (item,) = json.loads(citation.csl_json(make(lang="ru")))
    assert item["type"] == "dataset" and item["URL"] == VIEW
    assert item["accessed"] == {"date-parts": [[2026, 12, 4]]} and item["issued"] == {"date-parts": [[2026, 11, 29]]}
    assert item["author"] == [{"literal": "Мониторинг партнёрства Узбекистан — Казахстан"}]
    assert "inform.kz, yuz.uz" in item["note"] and item["language"] == "ru"
    assert json.loads(citation.csl_json(make(kind="page")))[0]["type"] == "webpage"


def test_ris():
    lines = citation.ris(make()).splitlines()
    assert lines[0] == "TY  - DATA" and lines[-1] == "ER  -"
    assert f"UR  - {VIEW}" in lines and "Y2  - 2026/12/04" in lines and "DA  - 2026/11/29" in lines
    assert any(line.startswith("N1  - ") and "yuz.uz" in line for line in lines)


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="kind"):
        make(kind="poster")


def test_a_registered_chart_cites_its_own_title_and_sources():
    spec = CHARTS["projects"]
    built = spec.build([data.load(name) for name in spec.resources], "en", {})
    cite = citation.make(built.figure.layout.title.text, VIEW, data.package(), built.sources, "en", ACCESSED)
    assert cite.title == "Joint projects with a published value, by sector, USD million"
    assert cite.sources and all("." in name and "/" not in name for name in cite.sources)

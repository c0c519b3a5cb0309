"""Every page in every language of the registry, the language picker, data titles, and a new language added the README's way."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest
from babel.numbers import format_decimal

from partnership import i18n
from partnership.i18n import LANGUAGES, t
from tests import shipped
from tests.app.conftest import main_text, open_page
from tests.conftest import page_names

PAGES = tuple(page_names())
# The page title's catalog key; titles with {placeholders} are compared up to the first one.
TITLE_KEYS = {page: f"{page}.title" for page in PAGES}


def chart_layouts(at) -> list[dict]:
    return [json.loads(chart.proto.spec)["layout"] for chart in at.main.get("plotly_chart")]


def expected_title(page: str, lang: str) -> str:
    return i18n.catalog(lang)[TITLE_KEYS[page]].split("{")[0]


@pytest.mark.parametrize("lang", list(LANGUAGES))
@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_in_every_language(page, lang):
    at = open_page(page, lang=lang)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value.startswith(expected_title(page, lang))
    for layout in chart_layouts(at):
        # Charts are built in the page's language: its number format and its words.
        assert layout["separators"] == i18n.plotly_separators(lang)
        assert layout["meta"]["lang"] == lang
        footer = layout["annotations"][-1]["text"]
        assert footer.startswith(t("chart.sources", lang, sources="").split(":")[0])
    assert not at.error, [e.body for e in at.error]


@pytest.mark.parametrize(
    ("lang", "latest"),
    [("ru", "{} млрд $"), ("uz", "{} mlrd $"), ("kk", "{} млрд $"), ("en", "${} bn")],
)
def test_overview_numbers_are_formatted_by_babel(lang, latest):
    at = open_page(lang=lang)
    values = [metric.value for metric in at.main.metric]
    assert latest.format(shipped.latest_number(lang)) in values
    # "4,97" / "4.97" exactly as Babel writes the shipped figure in the language's locale.
    assert format_decimal(shipped.latest_value(), locale=i18n.babel_locale(lang)) in latest.format(shipped.latest_number(lang))
    assert at.main.metric[0].label == t("overview.latest", lang, year=shipped.latest_year())


def test_language_picker_shows_own_names_and_keeps_the_code_in_the_url():
    at = open_page("trade", lang="kk")
    picker = at.sidebar.radio(key="lang")
    assert picker.value == "kk"
    assert picker.options == ["Русский", "English", "Oʻzbekcha", "Қазақша"]
    assert at.title[0].value == "Өзбекстан мен Қазақстанның саудасы"
    picker.set_value("uz").run()
    assert not at.exception
    assert at.query_params["lang"] == "uz"  # the code, never the name
    assert at.title[0].value == "Oʻzbekiston–Qozogʻiston savdosi"
    # Another page keeps the language and puts it back into the address.
    at.switch_page("app_pages/events.py").run()
    assert at.title[0].value == t("events.title", "uz")
    assert at.query_params["lang"] == "uz"
    # The default language leaves the address clean.
    at.sidebar.radio(key="lang").set_value("ru").run()
    assert "lang" not in at.query_params
    assert at.title[0].value == t("events.title", "ru")


def test_unknown_language_in_the_url_falls_back_to_russian():
    at = open_page(lang="xx")
    assert not at.exception
    assert at.sidebar.radio(key="lang").value == "ru"
    assert at.title[0].value.startswith(expected_title("overview", "ru"))


def test_uzbek_and_kazakh_show_the_russian_title_marked_where_the_source_has_none():
    at = open_page("agreements", "uz")
    table = at.dataframe[0].value
    docs = i18n.localized_titles(
        pd.read_csv(shutil.os.path.join(str(i18n.LOCALES_DIR.parents[1]), "data", "agreements.csv")), "uz"
    )[1]
    assert set(table["title_lang"]) == {i18n.language_mark(code, "uz") for code in set(docs)}
    assert "(ruscha)" in set(table["title_lang"])
    russian = table[table["title_lang"] == "(ruscha)"]
    assert russian["title"].str.contains("[А-Яа-я]").all()
    at = open_page("events", "kk")
    titles = at.dataframe[0].value["title"]
    assert titles.str.endswith("(орысша)").all()


def test_a_filled_title_kk_is_shown_unmarked(broken_data):
    events = pd.read_csv(broken_data / "events.csv", dtype=str, keep_default_na=False)
    events["title_kk"] = ""
    events.loc[0, "title_kk"] = "Қазақша атау"
    events.to_csv(broken_data / "events.csv", index=False)
    at = open_page("events", "kk")
    assert not at.exception
    titles = list(at.dataframe[0].value["title"])
    assert "Қазақша атау" in titles
    assert sum(title.endswith("(орысша)") for title in titles) == len(titles) - 1
    # Other languages do not see it: Uzbek falls back to Russian.
    assert "Қазақша атау" not in list(open_page("events", "uz").dataframe[0].value["title"])


@pytest.fixture
def german(tmp_path, monkeypatch):
    """A fifth language added as the README says: a copy of locales/en/ and one registry entry."""
    locales = tmp_path / "locales"
    shutil.copytree(i18n.LOCALES_DIR, locales)
    shutil.copytree(locales / "en", locales / "de")
    text = (locales / "de" / "common.toml").read_text(encoding="utf-8")
    text = text.replace('trade = "Trade"', 'trade = "Handel"').replace('language = "Language"', 'language = "Sprache"')
    (locales / "de" / "common.toml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALES_DIR", locales)
    monkeypatch.setitem(i18n.LANGUAGES, "de", i18n.Language("de", "Deutsch", "de", ("de", "en", "ru")))
    i18n.catalog.cache_clear()
    yield "de"
    i18n.catalog.cache_clear()


@pytest.mark.parametrize("page", PAGES)
def test_a_new_language_added_the_readme_way_renders_every_page(german, page):
    at = open_page(page, lang=german)
    assert not at.exception, [e.value for e in at.exception]
    assert at.sidebar.radio(key="lang").value == "de"
    assert "Deutsch" in at.sidebar.radio(key="lang").options
    assert "Sprache" in at.sidebar.radio(key="lang").label
    for layout in chart_layouts(at):
        assert layout["separators"] == ",."  # German: decimal comma, dot between thousands
    if page == "overview":
        assert shipped.latest_number("de") in " ".join(metric.value for metric in at.main.metric)
    if page == "events":
        # No title_de column: the English title, marked as English in the new language's catalog.
        assert at.dataframe[0].value["title"].str.endswith("(in English)").all()
    assert main_text(at)

"""AppTest of the Agreements, Projects and Events pages: what a user sees and what the filters do."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from partnership import data
from partnership import projects as pj
from partnership.i18n import LANGUAGES
from tests import shipped
from tests.app.conftest import open_page as open_app_page

ROOT = Path(__file__).resolve().parents[2]


def open_page(page: str, lang: str = "ru", **params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = lang
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(f"app_pages/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shown_line(at: AppTest) -> str:
    lines = [m.value for m in at.markdown if "33" in m.value and ("из" in m.value or " of " in m.value)]
    assert lines, [m.value for m in at.markdown]
    return lines[0]


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [m.label + " " + m.value for m in at.metric]
    return "\n".join(parts)


@pytest.mark.parametrize(("lang", "expected"), [("ru", "Документов показано: 33 из 33"), ("en", "33 of 33 documents shown")])
def test_agreements_page_shows_every_document_by_default(lang, expected):
    at = open_page("agreements", lang)
    assert at.title[0].value == ("Соглашения Узбекистана и Казахстана" if lang == "ru" else "Uzbekistan–Kazakhstan agreements")
    assert shown_line(at) == f"**{expected}**"
    assert len(at.dataframe) == 1
    assert len(at.dataframe[0].value) == 33


def test_the_15_november_package_is_one_click():
    at = open_page("agreements", "ru")
    toggle = at.toggle(key="summit")
    assert "13" in toggle.label
    toggle.set_value(True).run()
    assert shown_line(at) == "**Документов показано: 13 из 33**"
    table = at.dataframe[0].value
    assert len(table) == 13 and table["summit_2025_11_15"].all()


def test_search_finds_russian_and_english_titles():
    at = open_page("agreements", "en")
    at.text_input(key="q").input("демаркации").run()
    assert shown_line(at) == "**1 of 33 documents shown**"
    assert list(at.dataframe[0].value["title"]) == ["Treaty on demarcation of the state border"]
    at.text_input(key="q").input("water").run()
    assert shown_line(at) == "**2 of 33 documents shown**"


def test_filters_come_from_the_url_and_facet_counts_ignore_their_own_filter():
    at = open_page("agreements", "en", kind="memorandum", summit="true")
    assert at.multiselect(key="kind").value == ["memorandum"]
    assert shown_line(at) == "**1 of 33 documents shown**"
    # The kind chips count under the OTHER filters (the package), so other kinds stay visible.
    chips = {b.label for b in at.button if b.key and b.key.startswith("facet-kinds-")}
    assert "memorandum · 1" in chips and "decision · 3" in chips and "agreement / treaty · 4" in chips


def test_a_facet_chip_adds_its_value_and_reset_clears_everything():
    at = open_page("agreements", "ru", summit="true")
    at.button(key="facet-kinds-decision").click().run()
    assert at.multiselect(key="kind").value == ["decision"]
    assert shown_line(at) == "**Документов показано: 3 из 33**"
    at.button(key="reset").click().run()
    assert at.multiselect(key="kind").value == []
    assert at.toggle(key="summit").value is False
    assert shown_line(at) == "**Документов показано: 33 из 33**"


def test_titles_without_russian_fall_back_to_english_and_are_marked():
    at = open_page("agreements", "ru", summit="true")
    table = at.dataframe[0].value
    fallback = table[table["title_lang"] == "(англ.)"]
    docs = data.load("agreements")
    package = docs[docs["summit_2025_11_15"].astype(bool)]
    assert len(fallback) == int(package["title_ru"].isna().sum()) > 0
    assert set(fallback["title"]) <= set(package["title_en"])
    assert any("(англ.)" in c.value and "на другом языке" in c.value for c in at.caption)


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_projects_page_shows_both_launch_counts_and_the_portfolio_range(lang):
    at = open_page("projects", lang)
    cards = {(m.label, m.value) for m in at.metric}
    launch = shipped.launch_cards(lang)  # e.g. ("As counted by the Kazakh side", "$1.2 bn")
    assert len(launch) == 2 and set(launch) <= cards  # each side's own count, under its side's name
    assert shipped.portfolio_range(lang) in {value for _, value in cards}  # "$1.7 bn – over $8 bn"
    # Projects without a published value are listed by name, not summed as zero.
    unvalued = pj.without_value(data.load("projects"))
    listed = texts(at)
    assert str(len(unvalued)) in listed
    assert (
        "Tenge Bank head office" if lang == "en" else "Головной офис «Tenge Bank»"
    ) in listed  # name_ru where a source gives it
    # The single-project table has every project; missing values stay missing.
    table = at.dataframe[-1].value if len(at.dataframe) else None
    assert table is not None and table["value_usd_mn"].isna().sum() == len(unvalued)


def test_projects_page_has_the_central_asia_centre_card_from_the_data():
    at = open_page("projects", "ru")
    assert any("Международный центр промышленной кооперации" in s.value for s in at.subheader)
    text = texts(at)
    assert "Соглашение о создании Международного центра промышленной кооперации" in text
    assert "не опубликована" in text


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_events_page_filters_by_kind_and_key_events(lang):
    at = open_page("events", lang)
    total = len(data.load("events"))
    assert len(at.dataframe[0].value) == total
    at.toggle(key="key_only").set_value(True).run()
    key_events = int(data.load("events")["key_event"].astype(bool).sum())
    assert len(at.dataframe[0].value) == key_events
    assert at.dataframe[0].value["key_event"].all()


def test_events_category_from_the_url():
    at = open_page("events", "en", category="ratification")
    table = at.dataframe[0].value
    assert set(table["category"]) == {"ratification"}
    assert len(table) == 2


def test_bad_agreements_file_shows_an_error_not_a_crash(data_copy, monkeypatch):
    path = data_copy / "agreements.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",agreement,", ",treaty-ish,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv(data.DATA_DIR_ENV, str(data_copy))
    at = open_page("agreements", "en")
    assert at.error, "the page should explain the bad file"
    assert "agreements.csv" in at.code[0].value and "row 2" in at.code[0].value
    assert not at.dataframe


@pytest.mark.parametrize(
    ("lang", "params"),
    [
        ("ru", {"sector": "water"}),  # the data's own value, no ?lang= (the default language)
        ("kk", {"sector": "water"}),
        ("ru", {"sector": "су және экология"}),  # the Kazakh label in a link opened in Russian
    ],
)
def test_a_link_naming_a_filter_in_another_language_keeps_it(lang, params):
    at = open_app_page("agreements", lang, **params)  # no ?lang= for Russian, the default
    assert not at.exception, [e.value for e in at.exception]
    assert at.multiselect(key="sector").value == ["water"]
    assert len(at.dataframe[0].value) == 3  # water and environment: two on water, one on the environment


def test_a_link_naming_an_event_kind_in_english_keeps_it_on_the_russian_page():
    at = open_page("events", "ru", category="ratification")
    assert set(at.dataframe[0].value["category"]) == {"ратификация"}

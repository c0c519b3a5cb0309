"""Overview page in both languages: KPIs with sources, chart, key events, errors as messages."""

from __future__ import annotations

import csv as pycsv
import io
from urllib.parse import urlparse

import pytest

from partnership import data, on_track, overview_cards
from partnership.i18n import LANGUAGES
from tests import shipped
from tests.app.conftest import main_text, open_page
from ui import plotly_element


def test_russian_is_the_default():
    at = open_page()
    assert not at.exception
    metrics = {m.label: m.value for m in at.main.metric}
    assert metrics[f"Товарооборот за {shipped.latest_year()} год"] == shipped.latest_usd_bn("ru")
    assert metrics[f"Цель к {shipped.target_year()} году"] == shipped.target_usd_bn("ru")
    assert metrics["Нужный рост в год"] == f"{shipped.required_rate('ru')} в год"
    assert metrics["Пройдено до цели"] == shipped.progress("ru")
    assert metrics["Запущено совместных проектов"] == shipped.launch_usd_bn("ru")
    assert metrics["На момент визита, ноябрь 2025"] == shipped.summit_usd_bn("ru")


def test_english_from_the_url():
    at = open_page(lang="en")
    assert not at.exception
    metrics = {m.label: m for m in at.main.metric}
    assert metrics[f"Trade turnover in {shipped.latest_year()}"].value == shipped.latest_usd_bn("en")
    assert metrics[f"Trade turnover in {shipped.latest_year()}"].delta == shipped.latest_growth("en")
    assert metrics["At the state visit, November 2025"].delta == shipped.summit_growth("en")
    assert metrics["Growth needed per year"].value == f"{shipped.required_rate('en')} a year"
    text = main_text(at)
    assert f"the Kazakh side counted {shipped.launch_usd_bn('en', 'launch_other')}" in text


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_every_kpi_links_its_source(lang):
    text = main_text(open_page(lang=lang))
    cards = overview_cards.cards_from_tables(data.load("trade"), data.load("targets"), data.load("projects"), lang)
    urls = [card.source_url for card in cards if card.source_url] + [card.other_source[1] for card in cards if card.other_source]
    assert len(urls) >= 4
    for url in urls:
        host = urlparse(url).hostname
        assert f"](https://{host}" in text, host


def test_chart_and_key_events():
    at = open_page(lang="en")
    assert len(plotly_element.figures(at.main)) == 1
    text = main_text(at)
    assert "Key events" in text
    assert "межгосударственного совета" not in text  # no Russian titles in the English view
    assert "Supreme Interstate Council" in text


def test_broken_file_shows_message_with_file_row_column(broken_data):
    lines = (broken_data / "projects.csv").read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",1300,", ",-1300,")
    (broken_data / "projects.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    at = open_page()
    assert not at.exception
    assert len(at.main.error) == 1
    text = main_text(at)
    # The detail is in the page's language (translated from the problem's code), naming file, row and column.
    assert "projects.csv: строка 4, столбец «value_usd_mn»: значение должно быть не меньше 0" in text
    assert not at.main.metric  # nothing half-shown
    # The Trade page does not need projects and keeps working.
    at.switch_page("app_pages/trade.py").run()
    assert not at.exception and not at.main.error


def test_uploaded_data_is_announced():
    from partnership import data
    from ui.frame import SESSION_TABLES_KEY

    trade = data.load("trade")
    trade.loc[trade["turnover_usd_bn"] == shipped.latest_value(), "turnover_usd_bn"] = 7.77
    at = open_page(lang="en")
    at.session_state[SESSION_TABLES_KEY] = {"trade": trade}
    at.run()
    assert not at.exception
    assert any("your uploaded data (trade)" in i.value for i in at.main.info)
    assert {m.label: m.value for m in at.main.metric}[f"Trade turnover in {shipped.latest_year()}"] == "$7.77 bn"


@pytest.mark.parametrize(
    ("lang", "title", "uploaded"),
    [
        ("en", "whether {value} by {year} is within reach", "whether $12.5 bn by 2032 is within reach"),
        ("ru", "достижима ли цель {value} к {year} году", "достижима ли цель 12,5 млрд $ к 2032 году"),
    ],
)
def test_the_title_names_the_target_the_cards_use(lang, title, uploaded):
    """Another targets table (an upload) changes the title with the cards: both read the target in force."""
    from partnership import data
    from ui.frame import SESSION_TABLES_KEY

    at = open_page(lang=lang)
    assert at.main.title[0].value.endswith(title.format(value=shipped.target_usd_bn(lang), year=shipped.target_year()))
    targets = data.load("targets")
    targets.loc[targets["status"] == "current", ["target_usd_bn", "target_year"]] = [12.5, 2032]
    at.session_state[SESSION_TABLES_KEY] = {"targets": targets}
    at.run()
    assert not at.exception
    assert at.main.title[0].value.endswith(uploaded)
    target_card = {"en": "Target by 2032", "ru": "Цель к 2032 году"}[lang]
    assert {m.label: m.value for m in at.main.metric}[target_card] == {"en": "$12.5 bn", "ru": "12,5 млрд $"}[lang]


@pytest.mark.parametrize(("lang", "question"), [("ru", "**Идёт ли {year} год по графику?**"), ("en", "**Is {year} on track?**")])
def test_on_track_asks_about_the_year_after_the_latest_full_year(lang, question):
    """The year in progress: after the latest full year (or a later one with part-year figures)."""
    text = main_text(open_page(lang=lang))
    assert question.format(year=shipped.year_in_progress()) in text
    assert on_track.sentence(data.load("trade"), data.load("targets"), lang) in text


def test_on_track_pairs_a_part_of_the_year_in_progress_with_the_same_months_before(broken_data):
    trade_csv = broken_data / "trade.csv"
    text = trade_csv.read_text(encoding="utf-8")
    header, *records = pycsv.reader(io.StringIO(text))
    latest = shipped.latest_year()
    # The first exact part-year figure of the latest full year (the one its period's pair takes) ...
    before = next(
        dict(zip(header, record, strict=True))
        for record in records
        if record[header.index("year")] == str(latest)
        and record[header.index("period_type")] == "part_year"
        and record[header.index("months")]
        and record[header.index("turnover_usd_bn")]
        and record[header.index("lower_bound")] != "true"
    )
    # ... and a (made-up) figure for the same months of the next year from the same side: it pairs with that
    # one, never with the full year.
    made_up = before | {"year": str(latest + 1), "turnover_usd_bn": "3.6", "lower_bound": "false", "cited_in_article": "false"}
    made_up |= dict.fromkeys(("exports_uz_to_kz_usd_bn", "imports_uz_from_kz_usd_bn", "growth_reported_pct"), "")
    out = io.StringIO()
    pycsv.writer(out, lineterminator="\n").writerow([made_up[column] for column in header])
    trade_csv.write_text(text + ("" if text.endswith("\n") else "\n") + out.getvalue(), encoding="utf-8")
    at = open_page(lang="en")
    assert not at.exception
    text = main_text(at)
    assert f"**Is {latest + 1} on track?** {before['period']} {latest + 1}: $3.6 bn" in text
    assert f"same months of {latest}" in text and f"](https://{urlparse(before['source_url']).hostname}/" in text
    assert f"{shipped.required_rate('en')} a year needed" in text

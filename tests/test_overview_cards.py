"""overview_cards: the Overview's figures worded once, for the page and the briefing."""

from __future__ import annotations

import pytest

from partnership import data, overview_cards
from partnership.i18n import fmt_pct, fmt_usd_bn
from tests import shipped


@pytest.fixture(scope="module")
def tables():
    return data.load("trade"), data.load("targets"), data.load("projects")


def test_cards_in_russian(tables):
    cards = overview_cards.cards_from_tables(*tables, "ru")
    by_label = {c.label: c for c in cards}
    latest = by_label[f"Товарооборот за {shipped.latest_year()} год"]
    assert latest.value == shipped.latest_usd_bn("ru")
    assert latest.delta == shipped.latest_growth("ru")
    assert by_label["На момент визита, ноябрь 2025"].value == "≈4 млрд $"
    assert by_label["Цель к 2030 году"].value == "10 млрд $"
    assert by_label["Пройдено до цели"].progress == pytest.approx(0.497)
    launch = by_label["Запущено совместных проектов"]
    assert launch.value == "1,3 млрд $" and "1,2 млрд $" in launch.note
    assert launch.other_source[1].startswith("https://vlast.kz")


def test_every_card_but_the_derived_ones_has_a_source(tables):
    cards = overview_cards.cards_from_tables(*tables, "en")
    derived = {"Growth needed per year", "Progress to the target"}
    for card in cards:
        assert (card.source_url is None) == (card.label in derived), card.label


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_latest_card_reconciles_its_stated_growth(lang):
    from partnership import trade

    trade_df = data.load("trade")
    card = overview_cards.cards_from_tables(trade_df, data.load("targets"), data.load("projects"), lang)[0]
    check = trade.growth_check(trade_df, trade.latest_full_year(trade_df))
    assert fmt_usd_bn(check.implied_base, lang, digits=2) in card.check
    assert check.previous["source_url"] in card.check
    assert fmt_pct(check.computed * 100, lang, digits=1, signed=True) in card.check
    assert ("расчёт" if lang == "ru" else "calculated") in card.check


def test_a_card_with_a_loss_says_it_falls():
    """The page gives Streamlit's metric the arrow and colour itself: it reads only a hyphen as a loss."""
    loss = overview_cards.Card("Turnover", "$4 bn", delta=fmt_pct(-16.5, "ru", signed=True))
    assert loss.delta == "\u221216,5\u00a0%" and loss.falls
    assert not overview_cards.Card("Turnover", "$4 bn", delta=fmt_pct(11.4, "ru", signed=True)).falls
    assert not overview_cards.Card("Turnover", "$4 bn").falls

"""overview_cards: the Overview's figures worded once, for the page and the briefing."""

from __future__ import annotations

import pytest

from partnership import data, overview_cards


@pytest.fixture(scope="module")
def tables():
    return data.load("trade"), data.load("targets"), data.load("projects")


def test_cards_in_russian(tables):
    cards = overview_cards.cards_from_tables(*tables, "ru")
    by_label = {c.label: c for c in cards}
    assert by_label["Товарооборот за 2025 год"].value == "4,97 млрд $"
    assert by_label["Товарооборот за 2025 год"].delta == "+11,4\u00a0%"
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

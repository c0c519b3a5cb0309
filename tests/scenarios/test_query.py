"""The Scenarios page's inputs read from a URL (partnership.scenarios.query), as its bound widgets read them."""

from __future__ import annotations

import pytest

from partnership import data, kpis, scenarios
from partnership.scenarios.query import PRESET_ICONS, from_query


@pytest.fixture(scope="module")
def tables():
    trade = data.load("trade")
    return trade, scenarios.headline_by_year(trade), kpis.current_target(data.load("targets"))


def read(tables, query, lang="en"):
    return from_query(*tables, query, lang)


def test_no_parameters_give_the_pages_defaults(tables):
    chosen = read(tables, {})
    trade, headline, target = tables
    assert chosen.setup.base_year == int(scenarios.default_base(trade)["year"])
    assert (chosen.setup.target_value, chosen.setup.target_year) == (float(target["target_usd_bn"]), int(target["target_year"]))
    assert chosen.setup.horizon == scenarios.LAST_YEAR
    assert chosen.setup.trend_span[0] == scenarios.default_trend_start(headline)
    assert [s.preset for s in chosen.scenarios] == list(scenarios.PRESETS)
    assert [s.name for s in chosen.scenarios] == [scenarios.default_name(i, "en") for i in (1, 2, 3)]
    assert chosen.scenarios[2].growth == pytest.approx(scenarios.DEFAULT_CUSTOM_GROWTH / 100)


def test_a_shared_link_gives_its_scenarios(tables):
    # As the page's widgets write them: the base row's label, numbers as text, the span's label, preset icons.
    query = {"base": "2024 · 4.3 · pinkod.uz", "target": "9.0", "target_year": "2031", "horizon": "2034"}
    query |= {"span": "2017–2025", "n": "2", "name1": "Fast", "preset1": ":material/tune:", "growth1": "12.5"}
    query |= {"name2": "Needed", "preset2": ":material/flag:"}
    chosen = read(tables, query)
    setup = chosen.setup
    assert (setup.base_value, setup.base_year, setup.target_value, setup.target_year, setup.horizon) == (
        4.3,
        2024,
        9.0,
        2031,
        2034,
    )
    assert setup.trend_span == (2017, 2025)
    assert [(s.name, s.preset) for s in chosen.scenarios] == [("Fast", "custom"), ("Needed", "required")]
    assert chosen.scenarios[0].growth == pytest.approx(0.125)
    assert chosen.scenarios[1].growth == pytest.approx(scenarios.required_cagr(4.3, 2024, 9.0, 2031))


def test_values_a_widget_would_refuse_fall_back_to_its_default(tables):
    chosen = read(
        tables, {"base": "1999 · 1 · nowhere", "target": "ten", "horizon": "2200", "n": "7", "preset1": "nope", "growth1": "99"}
    )
    default = read(tables, {})
    assert chosen.setup == default.setup
    assert [s.preset for s in chosen.scenarios] == list(scenarios.PRESETS)
    custom = read(tables, {"preset1": PRESET_ICONS["custom"], "growth1": "99"}).scenarios[0]
    assert custom.growth == pytest.approx(scenarios.DEFAULT_CUSTOM_GROWTH / 100)  # outside the slider's range


def test_lists_are_read_and_only_the_widgets_labels_count(tables):
    chosen = read(tables, {"preset1": [PRESET_ICONS["custom"]], "growth1": ["5.0", "7.5"], "n": ["1"]})
    assert len(chosen.scenarios) == 1 and chosen.scenarios[0].growth == pytest.approx(0.075)
    # The preset's name and a bare year are not the widgets' labels (an icon, "2017–2025"): defaults, as on the page.
    other = read(tables, {"preset1": "custom", "span": "2017"})
    assert other.scenarios[0].preset == "trend" and other.setup == read(tables, {}).setup


def test_an_impossible_setup_is_the_pages_error(tables):
    with pytest.raises(scenarios.ScenarioInputError) as raised:
        read(tables, {"target_year": "2020"})
    assert raised.value.argument == "target_year"

"""partnership.charts.scenario_explorer: the rows the browser reads while a growth slider is dragged.

The element applies a row to the figure as `scenario_explorer.apply` does; these tests check that this
gives exactly the figure the server draws for that position (paths_chart), for every position of every
slider, in every UI language, and that the rows hold `scenarios.project` and `year_reached`.
"""

from __future__ import annotations

import json
import re

import pytest

from partnership import data, scenarios
from partnership.charts import scenario_explorer
from partnership.charts import scenarios as scenario_charts
from partnership.i18n import LANGUAGES


@pytest.fixture(scope="module")
def history():
    return scenarios.headline_by_year(data.load("trade"))


@pytest.fixture(scope="module")
def setup(history):
    base = scenarios.default_base(data.load("trade"))
    return scenarios.make_setup(history, base, 10.0, 2030, 2035, 2021, "https://example.org/target")


def _chosen(setup, first_custom: float = 0.05, third_custom: float = 0.10) -> list[scenarios.Scenario]:
    """Custom, required, custom: two sliders, one on each side of a scenario without one."""
    return [
        scenarios.Scenario("<b>Mine</b>", "custom", first_custom),
        scenarios.Scenario("Required", "required", setup.required),
        scenarios.Scenario("Fast", "custom", third_custom),
    ]


def _drawn(setup, chosen, lang):
    paths = scenarios.paths_table(setup.base_value, setup.base_year, chosen, setup.horizon)
    summary = scenarios.summarize(setup.base_value, setup.base_year, chosen, setup.target_value, setup.target_year, setup.horizon)
    return paths, summary, scenario_charts.drawn_scenarios(paths, summary, setup, lang)


def _plotted(figure) -> dict:
    """The figure as the browser gets it (JSON), with the width frames, without the screen reader's sentence and the
    parameters in layout.meta: the run after a release updates those."""
    spec = json.loads(figure.to_json()) if not isinstance(figure, dict) else json.loads(json.dumps(figure))
    for key in ("aria_label", "parameters"):
        spec["layout"]["meta"].pop(key)
    return spec


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_every_position_gives_the_servers_figure(history, setup, lang):
    chosen = _chosen(setup)
    paths, summary, drawn = _drawn(setup, chosen, lang)
    committed = json.loads(scenario_charts.paths_chart(history, paths, summary, setup, lang).figure.to_json())
    element = scenario_explorer.element_data(history, setup, chosen, drawn, lang)
    assert [slider["slot"] for slider in element["sliders"]] == [0, 2]
    for slider in element["sliders"]:
        assert len(slider["rows"]) == len(scenarios.slider_values()) == 81
        for k, row in enumerate(slider["rows"]):
            moved = list(chosen)
            moved[slider["slot"]] = scenarios.Scenario(chosen[slider["slot"]].name, "custom", row["value"] / 100)
            paths_k = scenarios.paths_table(setup.base_value, setup.base_year, moved, setup.horizon)
            summary_k = scenarios.summarize(
                setup.base_value, setup.base_year, moved, setup.target_value, setup.target_year, setup.horizon
            )
            expected = scenario_charts.paths_chart(history, paths_k, summary_k, setup, lang).figure
            assert _plotted(scenario_explorer.apply(committed, slider, k)) == _plotted(expected), (lang, slider["slot"], k)


def test_rows_hold_the_cores_paths_and_years(setup):
    rows = scenario_explorer.positions(setup, 2, "3. Fast", "en")
    for row in rows:
        growth = row["value"] / 100
        path = scenarios.project(setup.base_value, setup.base_year, growth, setup.horizon)
        assert row["line"]["y"] == [round(value, scenario_charts.PLOT_DECIMALS) for value in path]
        reached = scenarios.year_reached(setup.base_value, setup.base_year, growth, setup.target_value, setup.horizon)
        assert row["crossing"]["x"] == ([] if reached is None else [reached])
        assert row["text"] == scenarios.rate_text(growth, "custom", "en")
        assert row["line"]["name"] == f"3. Fast: {row['text']}"
    assert [row["value"] for row in rows[:3]] == [-10.0, -9.5, -9.0] and rows[-1]["value"] == 30.0
    # A slow path never reaches the target: no diamond, and its footer line says so.
    assert rows[0]["crossing"] == {"x": [], "y": [], "text": [], "hovertext": ""}
    assert "target not by 2035" in rows[0]["footer"][0].replace("<br>", " ")
    # As wide as the first frame: sent once (the narrow frame, last, wraps it again).
    assert rows[0]["footer"][2:-1] == [None] * (len(rows[0]["footer"]) - 3) and rows[0]["footer"][-1]


def test_rows_are_written_in_the_ui_language(setup):
    russian = scenario_explorer.positions(setup, 0, "1. Свой", "ru")
    row = next(row for row in russian if row["value"] == 12.5)
    assert row["text"] == "+12,5\xa0%" and row["line"]["name"] == "1. Свой: +12,5\xa0%"
    assert "в год" in row["footer"][0]


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_a_negative_rate_takes_the_minus_sign_in_the_value_legend_and_footer(setup, lang):
    """As the charts' axes and the product's other numbers write it (U+2212), never a hyphen before a digit."""
    row = next(row for row in scenario_explorer.positions(setup, 0, "1. Mine", lang) if row["value"] == -2.0)
    assert row["text"].startswith("\u22122") and row["line"]["name"].endswith(row["text"])
    for text in (row["text"], row["line"]["name"], row["raw"], *(line for line in row["footer"] if line)):
        assert re.search(r"-\d", text) is None, (lang, text)
    assert "\u22122" in row["raw"]


def test_element_data_says_where_each_slider_stands(history, setup):
    chosen = _chosen(setup, 0.05, 0.125)
    _paths, _summary, drawn = _drawn(setup, chosen, "en")
    element = scenario_explorer.element_data(history, setup, chosen, drawn, "en")
    first, third = element["sliders"]
    assert (first["index"], first["rows"][first["k"]]["value"]) == (1, 5.0)
    assert (third["index"], third["rows"][third["k"]]["value"]) == (3, 12.5)
    assert (first["line"], first["crossing"], third["line"], third["crossing"]) == (2, 5, 4, 7)
    assert first["label"] == "1. <b>Mine</b>: growth, % a year"  # plain text: the element sets it as text
    assert element["key_delay_ms"] == scenario_explorer.KEY_DELAY_MS


def test_the_basis_changes_with_what_the_sliders_do_not_set(history, setup):
    def basis(chosen, lang="en", this_setup=setup):
        drawn = _drawn(this_setup, chosen, lang)[2]
        return scenario_explorer.element_data(history, this_setup, chosen, drawn, lang)["basis"]

    same = basis(_chosen(setup))
    assert basis(_chosen(setup, 0.20, 0.0)) == same  # the sliders' own positions: the element knows those
    assert basis(_chosen(setup), lang="ru") != same
    renamed = _chosen(setup)
    renamed[1] = scenarios.Scenario("Other", "required", setup.required)
    assert basis(renamed) != same
    later = scenarios.Setup(**{**setup.__dict__, "target_year": 2031})
    assert basis(_chosen(later), this_setup=later) != same


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12.5", 12.5), ("10.0", 10.0), ("10", 10.0), ("-10", -10.0), ("30.0", 30.0), (" 0.5 ", 0.5), ("-0.0", 0.0)],
)
def test_growth_from_a_link(text, expected):
    assert scenarios.growth_from_text(text) == expected


@pytest.mark.parametrize("text", ["12.3", "30.5", "-10.5", "999", "abc", "", "nan", "inf", None])
def test_a_link_value_that_is_not_a_position_is_refused(text):
    assert scenarios.growth_from_text(text) is None


def test_an_uploads_banner_stays_in_the_footer_while_the_slider_moves(history, setup):
    """After an upload the chart ends its footer with a banner (export.provenance.stamp); every position keeps it."""
    from partnership.export import provenance

    prov = provenance.Provenance((provenance.Upload("trade", "mine.csv", frozenset({"https://example.org/mine"})),))
    line = (provenance.banner_line(prov, "en", color=False), provenance.BANNER_LINE_PX)
    chosen = _chosen(setup)
    paths, summary, drawn = _drawn(setup, chosen, "en")
    committed = provenance.stamp(
        scenario_charts.paths_chart(history, paths, summary, setup, "en").figure, prov, "en", color=False
    )
    (first, third) = scenario_explorer.element_data(history, setup, chosen, drawn, "en", last_line=line)["sliders"]
    for k in (0, 30, 80):
        moved = [scenarios.Scenario(chosen[0].name, "custom", first["rows"][k]["value"] / 100), *chosen[1:]]
        paths_k = scenarios.paths_table(setup.base_value, setup.base_year, moved, setup.horizon)
        summary_k = scenarios.summarize(
            setup.base_value, setup.base_year, moved, setup.target_value, setup.target_year, setup.horizon
        )
        expected = provenance.stamp(
            scenario_charts.paths_chart(history, paths_k, summary_k, setup, "en").figure, prov, "en", color=False
        )
        got = scenario_explorer.apply(json.loads(committed.to_json()), first, k)
        assert "mine.csv" in got["layout"]["annotations"][-1]["text"]
        assert _plotted(got) == _plotted(expected), k

"""partnership.charts.comtrade: the HS-chapter treemaps, both reporters side by side, one colour per section."""

from __future__ import annotations

import pytest

from partnership.charts.comtrade import OTHER_COLOR, product_treemap, section_colors
from partnership.comtrade import import_comtrade
from tests.test_comtrade import ROWS, comtrade_csv

PRODUCTS = import_comtrade(comtrade_csv(ROWS)).products


def treemaps(fig):
    return [trace for trace in fig.data if trace.type == "treemap"]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_two_panels_uzbek_report_left_mirror_right(lang):
    fig = product_treemap(PRODUCTS, lang, 2022, "exports_uz_to_kz").figure
    left, right = treemaps(fig)
    assert left.domain.x[1] <= right.domain.x[0]
    chapter = "Гл." if lang == "ru" else "Ch."
    assert [label for label in left.labels if label.startswith(chapter)] == [f"{chapter} 27", f"{chapter} 52"]
    # Leaves sum to the side's total; sections carry their chapters' sum (branchvalues="total").
    values = dict(zip(left.ids, left.values, strict=True))
    assert values["c-27"] + values["c-52"] == 2000.0
    right_values = dict(zip(right.ids, right.values, strict=True))
    assert right_values["c-27"] + right_values["c-52"] == 2100.0
    titles = [a.text.replace("<br>", " ") for a in fig.layout.annotations]
    if lang == "ru":
        assert "По данным Узбекистана: 2\u00a0000,0 млн $" in titles
        assert any(x.startswith("Зеркально, по данным Казахстана") for x in titles)
    assert any("comtradeplus.un.org" in x for x in titles)


def test_a_section_has_the_same_colour_in_both_panels():
    fig = product_treemap(PRODUCTS, "en", 2022, "exports_uz_to_kz").figure
    left, right = treemaps(fig)
    left_colors = dict(zip(left.ids, left.marker.colors, strict=True))
    right_colors = dict(zip(right.ids, right.marker.colors, strict=True))
    assert left_colors["s-V"] == right_colors["s-V"] != left_colors["s-XI"] == right_colors["s-XI"]


def test_largest_sections_get_distinct_colours_the_rest_grey():
    colors = section_colors(PRODUCTS)
    ranked = ["V", "XI", "XV", "II"]  # by value over both reporters and all years
    assert len({colors[s] for s in ranked}) == len(ranked)
    assert colors["XXI"] == OTHER_COLOR


def test_description_text_is_not_markup():
    products = PRODUCTS.assign(description="<a href='javascript:x'>Cotton</a>")
    fig = product_treemap(products, "en", 2022, "exports_uz_to_kz").figure
    assert not any("<a " in text for trace in treemaps(fig) for text in trace.hovertext)


def test_a_side_without_figures_leaves_its_panel_empty():
    imports = product_treemap(PRODUCTS, "en", 2023, "imports_uz_from_kz").figure
    (only,) = treemaps(imports)
    assert "c-09" in only.ids
    assert any("Mirror, Kazakhstan's report: —" == a.text.replace("<br>", " ") for a in imports.layout.annotations)

"""partnership.charts.trade: figures carry title, sources and locale; part years never join lines; one figure per year on a line."""

from __future__ import annotations

import pytest

from partnership import data, kpis, trade
from partnership.charts import base as chart_base
from partnership.charts import trade as trade_charts


@pytest.fixture(scope="module")
def shipped():
    return data.load("trade")


def footer(fig):
    return " ".join(a.text.replace("<br>", " ") for a in fig.layout.annotations)


@pytest.mark.parametrize(("lang", "separators", "word"), [("ru", ", ", "Источники"), ("en", ".,", "Sources")])
def test_trade_chart_locale_and_source_footer(shipped, lang, separators, word):
    fig = trade_charts.trade_chart(shipped, lang).figure
    assert fig.layout.separators == separators
    assert word in footer(fig)
    assert "trend.az" in footer(fig)
    assert fig.layout.template.layout.colorway == chart_base.PALETTE


def test_part_year_figures_are_markers_only(shipped):
    fig = trade_charts.trade_chart(shipped, "en").figure
    for scatter in fig.data:
        if "part of year" in scatter.name:
            assert scatter.mode == "markers"
            assert set(scatter.marker.symbol) <= {"circle-open", "triangle-up-open", "x-thin-open"}
    lines = [s for s in fig.data if s.mode == "lines+markers"]
    plotted = {(x, y) for s in lines for x, y in zip(s.x, s.y, strict=True) if x is not None}
    part = shipped[shipped["period_type"] != "full_year"]  # part-year and unclear periods
    assert not {(int(r.year), r.turnover_usd_bn) for r in part.itertuples()} & {
        p for p in plotted if p not in {(int(r.year), r.turnover_usd_bn) for r in trade.full_year(shipped).itertuples()}
    }


def test_lines_break_where_years_are_missing(shipped):
    fig = trade_charts.trade_chart(shipped, "en").figure
    kazakh = next(s for s in fig.data if s.name == "Kazakhstan")
    xs = [None if x != x else x for x in kazakh.x]  # NaN is serialized as null: a break in the line
    assert None in xs  # 2018 → 2021 is not drawn as a line
    gap = xs.index(None)
    assert xs[gap - 1] == 2018 and xs[gap + 1] == 2021


def test_overview_chart_has_path_and_target(shipped):
    k = kpis.overview(shipped, data.load("targets"), data.load("projects"))
    fig = trade_charts.overview_chart(trade.full_year(shipped), k["path"], k["target"], "ru").figure
    names = [s.name for s in fig.data]
    assert "Цель" in names and "Путь при требуемом постоянном росте" in names
    target = next(s for s in fig.data if s.name == "Цель")
    assert (list(target.x), list(target.y)) == ([2030], [10.0])
    assert "inform.kz" in footer(fig) or "sputniknews" in footer(fig)
    # On a phone the star's label is its figure alone (the sentence ran over the y axis).
    phone = fig.layout.meta["phone"]["traces"]
    assert list(phone) == [list(fig.data).index(target)]
    assert phone[list(fig.data).index(target)]["text"][0].strip() == "10 млрд $, 2030"
    assert target.text[0].startswith("Цель")


def test_events_grouped_by_year_and_escaped(shipped):
    events = data.load("events")
    events.loc[events.index[-1], "title_en"] = "<a href='javascript:alert(1)'>x</a>"
    fig = trade_charts.trade_chart(shipped, "en", events=events[events["year"] >= 2024]).figure
    marker = next(s for s in fig.data if s.name == "Events")
    assert list(marker.x) == sorted(set(marker.x))  # one marker per year
    hover_2024 = marker.hovertext[list(marker.x).index(2024)]
    assert hover_2024.count("<b>") == (events["year"] == 2024).sum()
    assert "<a href" not in "".join(marker.hovertext)
    assert "&lt;a href=" in "".join(marker.hovertext)


def test_hover_escapes_source_text(shipped):
    tampered = shipped.copy()
    tampered.loc[0, "source_title"] = "<img src=x onerror=alert(1)>"
    fig = trade_charts.trade_chart(tampered, "en").figure
    hovers = " ".join(h for s in fig.data for h in (s.hovertext or ()))
    assert "<img" not in hovers and "&lt;img src=x" in hovers


def test_growth_chart_one_dot_per_stated_rate(shipped):
    growth = trade.reported_growth(shipped)
    fig = trade_charts.growth_chart(growth, "ru").figure
    dots = sum(len(s.x) for s in fig.data)
    assert dots == len(growth)
    hovers = " ".join(h for s in fig.data for h in s.hovertext)
    assert "+11,4\u00a0%" in hovers and "+17,9\u00a0%" in hovers


def _points(trace):
    return [(x, y) for x, y in zip(trace.x, trace.y, strict=True) if x is not None and x == x]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_a_line_has_one_figure_per_year_and_the_others_are_markers(shipped, lang):
    fig = trade_charts.trade_chart(shipped, lang).figure
    lines = [s for s in fig.data if s.mode == "lines+markers"]
    assert lines
    for line in lines:
        years = [x for x, _ in _points(line)]
        assert len(years) == len(set(years)), line.name  # no vertical segment within a year
    # 2024, "other": $4.3 bn exact and "over $4 bn": the line takes 4.3, the bound is a ▲ marker beside it.
    other = next(s for s in lines if s.legendgroup == "other")
    assert (2024, 4.3) in _points(other) and (2024, 4.0) not in _points(other)
    extra = next(s for s in fig.data if s.legendgroup == "other" and s.mode == "markers" and 2024 in list(s.x))
    index = list(extra.x).index(2024)
    assert extra.y[index] == 4.0
    assert extra.marker.symbol[index] == "triangle-up"
    assert "≥" in extra.hovertext[index]
    assert extra.showlegend is False
    # Every figure is still on the chart, once: none dropped, none drawn twice.
    shown = sum(len(_points(s)) for s in fig.data if s.legendgroup in chart_base.REPORTER_COLORS)
    assert shown == shipped["turnover_usd_bn"].notna().sum()


def test_one_per_year_rule_exact_before_bound_then_fuller_statement():
    import pandas as pd

    rows = pd.DataFrame(
        {
            "year": [2023, 2023, 2023, 2024],
            "period_type": ["full_year"] * 4,
            "turnover_usd_bn": [4.5, 4.4, 4.6, 4.0],
            "exports_uz_to_kz_usd_bn": [None, 1.3, None, None],
            "imports_uz_from_kz_usd_bn": [None, 3.1, None, None],
            "lower_bound": [False, False, True, True],
        }
    )
    line, others = trade_charts.one_per_year(rows, "turnover_usd_bn")
    assert list(zip(line["year"], line["turnover_usd_bn"], strict=True)) == [(2023, 4.4), (2024, 4.0)]
    assert sorted(others["turnover_usd_bn"]) == [4.5, 4.6]
    fig = trade_charts.trade_chart(
        rows.assign(reporter="other", period="full year", reporter_detail="x", source_title="s", source_url="https://a.org"), "en"
    ).figure
    line_trace = next(s for s in fig.data if s.mode == "lines+markers")
    assert 2024 not in list(line_trace.x)  # a year whose only figure is "over $4 bn" is not a point on the line
    bound = next(s for s in fig.data if s.mode == "markers" and 2024 in list(s.x))
    assert list(bound.marker.symbol)[list(bound.x).index(2024)] == "triangle-up"


def test_coinciding_lines_are_shown_as_such(shipped):
    """Kazakhstan's and the others' lines have the same figures for 2017 and 2018: the hidden one shows as a band."""
    fig = trade_charts.trade_chart(shipped, "en").figure
    lines = {s.name: s for s in fig.data if s.mode == "lines+markers"}
    others = next(s for name, s in lines.items() if name.startswith("Other"))
    hover_2017 = others.hovertext[list(others.x).index(2017)]
    assert "same figure as the line: Kazakhstan" in hover_2017
    bands = [shape for shape in fig.layout.shapes if shape.type == "line" and shape.layer == "below"]
    assert any((b.x0, b.x1, b.y0, b.y1) == (2017, 2018, 2.0, 3.0) for b in bands)
    rings = [shape for shape in fig.layout.shapes if shape.type == "circle"]
    assert {int(r.xanchor) for r in rings} >= {2017, 2018}
    assert any("Where lines coincide" in (a.text or "").replace("<br>", " ") for a in fig.layout.annotations)


def test_no_band_where_no_lines_coincide(shipped):
    alone = shipped[shipped["reporter"] == "Uzbekistan"]
    fig = trade_charts.trade_chart(alone, "en").figure
    assert not [shape for shape in fig.layout.shapes if shape.type == "circle"]
    assert not any("Where lines coincide" in (a.text or "").replace("<br>", " ") for a in fig.layout.annotations)

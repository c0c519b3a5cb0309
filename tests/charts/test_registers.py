"""Figures of the registers: what they count, their sources, and data text kept inert."""

from __future__ import annotations

import pandas as pd

from partnership import agreements, data, events, projects
from partnership.charts import registers as register_charts

IMG = "<img src=x onerror=alert(1)>"


def test_agreements_grid_counts_documents_per_year_and_sector():
    docs = data.load("agreements")
    fig = register_charts.agreements_by_year_sector(docs, "en").figure
    heat = fig.data[0]
    assert sum(v for row in heat.z for v in row if v == v) == agreements.by_year_sector(docs, grouped=True)["documents"].sum()
    assert "2025" in heat.x and "water and environment" in heat.y  # rows are sector groups
    # The title counts documents; the footer names sources and the sector rule.
    assert str(len(docs)) in fig.layout.title.text
    footer = fig.layout.annotations[-1].text.replace("<br>", " ")
    assert "Sources:" in footer and "several sectors" in footer
    # One document has no year: the footer says it is not shown.
    assert "Not shown for lack of a year: 1" in footer


def test_chart_labels_from_data_are_escaped_and_wrapped_without_breaking_entities():
    docs = data.load("agreements").head(3).copy()
    docs["sector"] = docs["sector"].astype("object")
    docs.loc[0, "sector"] = IMG + " and a long tail of words to wrap"
    fig = register_charts.agreements_by_year_sector(docs, "ru").figure
    labels = list(fig.data[0].y)
    planted = next(label for label in labels if "img" in label)
    assert "<img" not in planted and "&lt;img" in planted
    assert all(part.count("&lt;") == part.count("&gt;") for part in planted.split("<br>")[:1])


def test_projects_bar_covers_only_valued_projects_and_says_so():
    rows = data.load("projects")
    sums = projects.sector_sums(rows)
    summary = projects.valued_summary(rows)
    fig = register_charts.projects_by_sector(sums, summary=summary, lang="ru", valued=projects.with_value(rows)).figure
    bar = fig.data[0]
    assert list(bar.x) == list(sums["value_usd_mn"])
    assert len(bar.y) == len(sums)
    note = fig.layout.annotations[-1].text.replace("<br>", " ")
    assert f"{summary['valued']} из {summary['projects']}" in note
    assert f"{summary['unvalued']} без стоимости" in note


def test_timeline_has_one_lane_per_category_present():
    rows = events.timeline(data.load("events"))
    fig = register_charts.events_timeline(rows, "ru").figure
    lanes = [trace for trace in fig.data if trace.x is not None and len(trace.x) and trace.x[0] is not None]
    assert sum(len(trace.x) for trace in lanes) == len(rows)
    assert {trace.name for trace in lanes} == {events.category_label(c, "ru") for c in set(rows["category"])}


def test_empty_selections_still_give_a_titled_figure():
    docs = data.load("agreements").iloc[0:0]
    assert "(0" in register_charts.agreements_by_year_sector(docs, "en").figure.layout.title.text
    empty = events.timeline(data.load("events"), ["visit"], key_only=True).iloc[0:0]
    assert register_charts.events_timeline(empty, "en").figure.layout.title.text.endswith("(0)")
    assert isinstance(projects.sector_sums(pd.DataFrame(columns=data.load("projects").columns)), pd.DataFrame)


def test_on_a_phone_register_charts_put_their_row_labels_above_the_rows():
    """layout.meta["phone"]: y-axis labels off, one label per row across the full width, more height."""
    docs = data.load("agreements")
    rows = events.timeline(data.load("events"), [], False)
    project_rows = data.load("projects")
    figures = [
        register_charts.agreements_by_year_sector(docs, "ru").figure,
        register_charts.projects_by_sector(
            projects.sector_sums(project_rows), "ru", projects.valued_summary(project_rows), projects.with_value(project_rows)
        ).figure,
        register_charts.events_timeline(rows, "ru").figure,
    ]
    for fig in figures:
        phone = fig.layout.meta["phone"]
        rows_shown = len(fig.layout.yaxis.categoryarray or []) or len(fig.data[0].y)
        assert phone["layout"]["yaxis"]["showticklabels"] is False
        assert phone["layout"]["margin"]["l"] < fig.layout.margin.l
        assert len(phone["annotations"]) == rows_shown
        assert all("<br>" not in note["text"] for note in phone["annotations"])
        assert phone["layout"]["height"] > (fig.layout.height or 450)

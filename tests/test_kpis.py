"""partnership.kpis: the Overview's numbers with their sources."""

from __future__ import annotations

import pandas as pd
import pytest

from partnership import data, kpis


@pytest.fixture(scope="module")
def overview():
    return kpis.overview(data.load("trade"), data.load("targets"), data.load("projects"))


def test_target_is_10bn_by_2030(overview):
    target = overview["target"]
    assert (target["target_usd_bn"], target["target_year"]) == (10.0, 2030)
    assert target["source_url"].startswith("https://")


def test_required_growth_and_progress(overview):
    assert overview["required_cagr"] == pytest.approx((10 / 4.97) ** (1 / 5) - 1)
    assert overview["progress"] == pytest.approx(0.497)
    path = overview["path"]
    assert (path.index[0], path.index[-1]) == (2025, 2030)
    assert path.iloc[-1] == pytest.approx(10.0)


def test_launch_totals_uzbek_and_kazakh_counts(overview):
    assert overview["launch_article"]["value_usd_mn"] == 1300
    assert overview["launch_article"]["reporter"] == "Uzbekistan"
    assert overview["launch_other"]["value_usd_mn"] == 1200
    assert overview["launch_other"]["reporter"] == "Kazakhstan"


def test_summit_figure_is_part_year(overview):
    assert overview["summit"]["turnover_usd_bn"] == 4.0
    assert overview["summit"]["period_type"] == "part_year"


def test_key_events_sorted_with_sources():
    events = kpis.key_events(data.load("events"))
    assert events["date"].is_monotonic_increasing
    assert events["source_url"].str.startswith("http").all()
    assert (events["date"].dt.strftime("%Y-%m-%d") == "2025-11-15").any()


def test_current_target_needs_a_year():
    targets = data.load("targets")
    with pytest.raises(LookupError):
        kpis.current_target(targets[targets["status"] == "past"])


def test_overview_and_projects_page_show_the_same_launch_counts():
    """A newer ceremony the article does not cite: both pages show its two counts, never mixed with the older one."""
    from partnership import projects

    rows = data.load("projects")
    newer = rows[rows["kind"] == "launch_total"].assign(as_of="2026-06-01", cited_in_article=False)
    newer["value_usd_mn"] = newer["value_usd_mn"] / 2
    both = pd.concat([rows, newer], ignore_index=True)
    figures = kpis.overview(data.load("trade"), data.load("targets"), both)
    shown_on_projects = list(projects.latest_launch_by_side(both).values())
    assert [figures["launch_article"]["value_usd_mn"], figures["launch_other"]["value_usd_mn"]] == [650, 600]
    assert [row["value_usd_mn"] for row in shown_on_projects] == [650, 600]
    assert not hasattr(kpis, "launch_totals")  # one function: partnership.projects.launch_totals

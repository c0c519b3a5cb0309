"""partnership.kpis: the Overview's numbers with their sources."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from partnership import data, kpis
from partnership import projects as pj


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


# --- small tables: each rule on its own ----------------------------------------------------------------


def _targets(*rows):
    frame = pd.DataFrame(rows, columns=["target_usd_bn", "target_year", "set_date", "status"])
    frame["target_year"] = frame["target_year"].astype("Int64")
    frame["set_date"] = pd.to_datetime(frame["set_date"])
    return frame


def _projects(*rows):
    frame = pd.DataFrame(rows, columns=["name", "kind", "value_usd_mn", "as_of", "cited_in_article", "reporter"])
    frame["cited_in_article"] = frame["cited_in_article"].astype("boolean")
    return frame


def test_current_target_is_the_latest_set_current_one_with_a_year():
    targets = _targets(
        (5.0, 2024, "2019-01-01", "current"),
        (10.0, 2030, "2024-06-01", "current"),
        (7.0, 2027, "2023-01-01", "current"),
        (20.0, 2040, "2025-01-01", "past"),  # set later, but not in force
        (15.0, None, "2025-06-01", "current"),  # in force, but no year to aim at
    )
    target = kpis.current_target(targets)
    assert (target["target_usd_bn"], target["target_year"]) == (10.0, 2030)


def test_current_target_without_one_in_force_says_so():
    with pytest.raises(LookupError, match=r"^the targets table has no current target with a year$"):
        kpis.current_target(_targets((20.0, 2040, "2025-01-01", "past"), (15.0, None, "2025-06-01", "current")))


def test_launch_totals_newest_first_the_article_s_figure_first_on_a_date():
    projects = _projects(
        ("old", "launch_total", 500.0, "2024-01-01", True, "Uzbekistan"),
        ("kz", "launch_total", 1200.0, "2025-11-15", False, "Kazakhstan"),
        ("uz", "launch_total", 1300.0, "2025-11-15", True, "Uzbekistan"),
        ("no value", "launch_total", None, "2026-01-01", True, "Uzbekistan"),
        ("a project", "project", 900.0, "2026-02-01", True, "Uzbekistan"),
    )
    totals = pj.launch_totals(projects)
    assert list(totals["name"]) == ["uz", "kz", "old"]
    assert list(totals.index) == [0, 1, 2]


def _trade(value, year=2025):
    return pd.DataFrame(
        {
            "year": [year],
            "period_type": ["full_year"],
            "months": [12],
            "turnover_usd_bn": [value],
            "reporter": ["Uzbekistan"],
            "cited_in_article": [True],
        }
    )


def test_overview_numbers_from_small_tables():
    targets = _targets((10.0, 2030, "2024-06-01", "current"))
    projects = _projects(
        ("kz", "launch_total", 1200.0, "2025-11-15", False, "Kazakhstan"),
        ("uz", "launch_total", 1300.0, "2025-11-15", True, "Uzbekistan"),
    )
    numbers = kpis.overview(_trade(4.0), targets, projects)
    assert numbers["progress"] == numbers["progress_bar"] == pytest.approx(0.4)
    assert numbers["required_cagr"] == pytest.approx(2.5**0.2 - 1)
    assert list(numbers["path"].index) == list(range(2025, 2031))
    assert numbers["summit"]["turnover_usd_bn"] == 4.0
    assert (numbers["launch_article"]["name"], numbers["launch_other"]["name"]) == ("uz", "kz")
    assert numbers["latest"]["turnover_usd_bn"] == 4.0 and numbers["target"]["target_usd_bn"] == 10.0


def test_overview_past_the_target_keeps_the_progress_but_fills_the_bar_only_once():
    numbers = kpis.overview(_trade(12.5), _targets((10.0, 2030, "2024-06-01", "current")), _projects())
    assert numbers["progress"] == pytest.approx(1.25)
    assert numbers["progress_bar"] == 1
    assert numbers["launch_article"] is None and numbers["launch_other"] is None


def test_key_events_only_key_ones_oldest_first():
    events = pd.DataFrame(
        {
            "date": pd.to_datetime(["2025-11-15", "1998-10-31", "2010-01-01", "2000-01-01"]),
            "key_event": pd.array([True, True, False, True], dtype="boolean"),
            "title_en": ["summit", "treaty", "minor", "visit"],
        }
    )
    key = kpis.key_events(events)
    assert list(key["title_en"]) == ["treaty", "visit", "summit"]
    assert list(key.index) == [0, 1, 2]


def test_launch_totals_and_key_events_keep_their_columns():
    projects = _projects(("uz", "launch_total", 1300.0, "2025-11-15", True, "Uzbekistan"))
    assert list(pj.launch_totals(projects).columns) == list(projects.columns)
    events = pd.DataFrame({"date": pd.to_datetime(["2025-11-15"]), "key_event": pd.array([True], dtype="boolean")})
    assert list(kpis.key_events(events).columns) == ["date", "key_event"]


def test_key_events_on_one_date_keep_the_table_s_order():
    # Enough rows that an unstable sort (numpy's introsort switches from insertion sort past 16) reorders ties.
    dates = ["2025-11-15", "2000-01-01", "2010-06-01"] * 20
    events = pd.DataFrame({"date": pd.to_datetime(dates), "key_event": pd.array([True] * 60, dtype="boolean"), "n": range(60)})
    key = kpis.key_events(events)
    for _, same_day in key.groupby("date"):
        assert list(same_day["n"]) == sorted(same_day["n"])


def test_of_current_targets_set_on_one_date_the_last_in_the_table_is_in_force():
    # A reaffirmation listed after the first statement of that day wins; enough rows that an unstable sort
    # (numpy's introsort past 16 elements) would reorder the ties.
    days = np.random.default_rng(0).integers(0, 3, 40)  # three dates, shuffled
    rows = [(float(n), 2030, f"2024-06-0{day + 1}", "current") for n, day in enumerate(days)]
    last_of_latest_day = max(n for n, day in enumerate(days) if day == days.max())
    assert kpis.current_target(_targets(*rows))["target_usd_bn"] == float(last_of_latest_day)

"""The Overview's key figures as plain data: value, source, and what they are measured against.

Each KPI is a dict so a page, a test or the briefing export can render it the same way.
"""

from __future__ import annotations

import pandas as pd

from partnership import projects as project_tables
from partnership import scenarios, trade


def current_target(targets: pd.DataFrame) -> pd.Series:
    """The target in force: status current, most recently set or reaffirmed."""
    current = targets[(targets["status"] == "current") & targets["target_year"].notna()]
    if current.empty:
        raise trade.MissingFigure("no_current_target", "the targets table has no current target with a year")
    return current.sort_values("set_date", kind="stable").iloc[-1]


def overview(trade_df: pd.DataFrame, targets: pd.DataFrame, projects: pd.DataFrame) -> dict:
    """Everything the Overview shows as numbers, each with its source row."""
    latest = trade.latest_full_year(trade_df)
    target = current_target(targets)
    start_year, start_value = int(latest["year"]), float(latest["turnover_usd_bn"])
    target_year, target_value = int(target["target_year"]), float(target["target_usd_bn"])
    required = scenarios.required_cagr(start_value, start_year, target_value, target_year)
    # The latest ceremony's counts, as the Projects page shows them: the article's figure first.
    launch = list(project_tables.latest_launch_by_side(projects).values())
    return {
        "latest": latest,
        "growth_check": trade.growth_check(trade_df, latest),
        "summit": trade.article_figure(trade_df),
        "target": target,
        "required_cagr": required,
        "progress": start_value / target_value,
        "progress_bar": min(start_value / target_value, 1),  # a bar cannot run past full
        "path": scenarios.project(start_value, start_year, required, target_year),
        "launch_article": launch[0] if launch else None,
        "launch_other": launch[1] if len(launch) > 1 else None,
    }


def key_events(events: pd.DataFrame) -> pd.DataFrame:
    """Milestones flagged key_event, oldest first."""
    return events[events["key_event"].astype(bool)].sort_values("date", kind="stable").reset_index(drop=True)

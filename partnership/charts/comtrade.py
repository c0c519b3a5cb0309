"""Figures of a Comtrade product breakdown: HS chapters as treemaps, each reporter's figures side by side."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from partnership.charts import summaries
from partnership.charts.base import PALETTE, finish, source_line, wrap
from partnership.charts.chart import SOURCE, Chart, points, table
from partnership.comtrade import REPORTER_NAMES, SECTION_ORDER, SOURCE_URL
from partnership.i18n import fmt_pct, fmt_usd_mn, t
from partnership.text import plotly_text

__all__ = ["DIRECTIONS", "product_treemap", "section_colors"]

DIRECTIONS = ("exports_uz_to_kz", "imports_uz_from_kz")
# The largest sections get the shared palette's colours (black and yellow left out: labels must stay
# readable on them), the rest grey; one mapping for both panels, so a colour means the same section.
_SECTION_PALETTE = tuple(c for c in PALETTE if c not in ("#000000", "#F0E442"))
OTHER_COLOR = "#9aa0a6"


def section_colors(rows: pd.DataFrame) -> dict[str, str]:
    """Section → colour: distinct colours for the largest sections in `rows` (both reporters), grey for the rest."""
    totals = rows.groupby("hs_section")["value_usd_mn"].sum().sort_values(ascending=False, kind="stable")
    ranked = [s for s in totals.index if s != "other"]
    colors = {section: OTHER_COLOR for section in SECTION_ORDER}
    colors.update(dict(zip(ranked, _SECTION_PALETTE, strict=False)))
    return colors


def _tree(rows: pd.DataFrame, lang: str, colors: dict[str, str]) -> dict:
    ids, labels, parents, values, node_colors, hover = [], [], [], [], [], []
    total = rows["value_usd_mn"].sum()
    for section in SECTION_ORDER:
        mine = rows[rows["hs_section"] == section].sort_values("value_usd_mn", ascending=False)
        if mine.empty:
            continue
        section_id = f"s-{section}"
        section_value = float(mine["value_usd_mn"].sum())
        ids.append(section_id)
        labels.append(t(f"data.hs_section.{section}", lang))
        parents.append("")
        values.append(section_value)
        node_colors.append(colors[section])
        hover.append(
            f"{t(f'data.hs_section.{section}', lang)}<br>{fmt_usd_mn(section_value, lang, 1)} · {fmt_pct(section_value / total * 100, lang, digits=1)}"
        )
        for _, chapter in mine.iterrows():
            value = float(chapter["value_usd_mn"])
            ids.append(f"c-{chapter['hs_chapter']}")
            labels.append(t("data.chart.chapter", lang, code=chapter["hs_chapter"]))
            parents.append(section_id)
            values.append(value)
            node_colors.append(colors[section])
            described = plotly_text(chapter["description"])
            hover.append(
                f"<b>{t('data.chart.chapter', lang, code=chapter['hs_chapter'])}</b> {described}<br>"
                f"{fmt_usd_mn(value, lang, 1)} · {fmt_pct(value / total * 100, lang, digits=1)}"
            )
    return dict(ids=ids, labels=labels, parents=parents, values=values, colors=node_colors, hover=hover)


def _chapters_table(chosen: pd.DataFrame, reporters: list[str], year: int, lang: str) -> pd.DataFrame:
    """One row per chapter and reporter: the year, the chapter, its value as UN Comtrade gives it, its description
    and HS section."""
    drawn = []
    for reporter in reporters:
        mine = chosen[chosen["reporter"] == reporter]
        chapters = [t("data.chart.chapter", lang, code=code) for code in mine["hs_chapter"]]
        unit = t("export.column.value_usd_mn", lang)
        lane = points(
            t(f"reporter.{reporter}", lang),
            mine["value_usd_mn"],
            unit,
            SOURCE,
            SOURCE_URL,
            years=[year] * len(mine),
            categories=chapters,
        )
        sections = [t(f"data.hs_section.{section}", lang) for section in mine["hs_section"]]
        drawn += [
            row | {"label": text, "hs_section": section}
            for row, text, section in zip(lane, mine["description"], sections, strict=True)
        ]
    return table(drawn)


def product_treemap(products: pd.DataFrame, lang: str, year: int, direction: str) -> Chart:
    """Two treemaps of HS chapters for one year and direction (seen from Uzbekistan): Uzbekistan's own
    report on the left, Kazakhstan's mirror report on the right; chapters grouped and coloured by HS section."""
    chosen = products[(products["year"] == year) & (products["direction"] == direction) & (products["value_usd_mn"] > 0)]
    reporters = list(REPORTER_NAMES.values())
    colors = section_colors(chosen)
    titles = []
    for reporter in reporters:
        mine = chosen[chosen["reporter"] == reporter]
        total = fmt_usd_mn(float(mine["value_usd_mn"].sum()), lang, 1) if len(mine) else "—"
        titles.append(t(f"data.chart.panel_{reporter}", lang, total=total))
    fig = make_subplots(
        rows=1,
        cols=2,
        specs=[[{"type": "domain"}, {"type": "domain"}]],
        subplot_titles=[wrap(title, 18) for title in titles],
        horizontal_spacing=0.03,
    )
    for column, reporter in enumerate(reporters, start=1):
        mine = chosen[chosen["reporter"] == reporter]
        if mine.empty:
            continue
        tree = _tree(mine, lang, colors)
        fig.add_trace(
            go.Treemap(
                ids=tree["ids"],
                labels=tree["labels"],
                parents=tree["parents"],
                values=tree["values"],
                branchvalues="total",
                marker=dict(colors=tree["colors"], line=dict(color="white", width=1)),
                hovertext=tree["hover"],
                hoverinfo="text",
                texttemplate="%{label}<br>%{percentRoot:.0%}",
                pathbar=dict(visible=False),
                sort=True,
                name=t(f"reporter.{reporter}", lang),
            ),
            row=1,
            col=column,
        )
    fig.update_layout(uniformtext=dict(minsize=10, mode="hide"), height=640, margin=dict(t=150, b=120, l=20, r=20))
    title = t("data.chart.treemap_title", lang, direction=t(f"measure.{direction}_usd_bn", lang), year=year)
    chapters = _chapters_table(chosen, reporters, year, lang)
    figure = finish(
        fig,
        lang,
        title,
        source_line([SOURCE_URL], lang),
        t("data.chart.treemap_note", lang),
        summaries.treemap(chapters, lang),
    )
    return Chart(figure, chapters)

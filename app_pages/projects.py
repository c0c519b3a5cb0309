"""Projects: launch totals by side, portfolios, single projects by sector, the 'Central Asia' centre."""

import pandas as pd
import streamlit as st

from partnership import agreements, projects
from partnership.charts import registers as register_charts
from partnership.i18n import DATA_LANGUAGE, fmt_date, fmt_usd_mn, language_mark, localized_title, row_date, t
from partnership.text import escape_markdown, markdown_link
from ui import frame

view = frame.page("projects", "projects", "agreements", "events")
lang = view.lang
project_rows, agreement_rows, event_rows = view.tables


def source(url: str) -> str:
    return markdown_link(t("registers.source", lang), url)


def when(text: object) -> str:
    """An 'as of' value (YYYY, YYYY-MM or YYYY-MM-DD) as the reader's language shows a date."""
    if isinstance(text, str) and len(text) == 10:
        return fmt_date(pd.Timestamp(text).date(), lang)
    return str(text) if isinstance(text, str) else "—"


def side(row: pd.Series) -> str:
    return t(f"projects.side.{row['reporter']}", lang) if isinstance(row["reporter"], str) else "—"


def named(row: pd.Series) -> str:
    """A project's name in the reader's language where a source gives one, else another's, marked with its language."""
    shown, shown_lang = projects.names(row.to_frame().T, lang)
    mark = language_mark(shown_lang.iloc[0], lang)
    text = escape_markdown(shown.iloc[0])
    return f"{text} :gray-badge[{escape_markdown(mark)}]" if mark else text


def english(text: object) -> str:
    """Data text that exists only in English: escaped, and marked as such in any other interface language."""
    shown = escape_markdown(text) if isinstance(text, str) else "—"
    mark = language_mark(DATA_LANGUAGE, lang, text)
    return f"{shown} :gray-badge[{escape_markdown(mark)}]" if mark else shown


# Totals: each card names whose count it is, what it counts, and its source.
st.subheader(t("projects.totals_subheader", lang))
# The latest ceremony's counts in projects.launch_totals order (the article's figure first), as on the Overview.
launch_rows = list(projects.latest_launch_by_side(project_rows).values())
if launch_rows:
    st.markdown(f"**{t('projects.launch_heading', lang, date=when(launch_rows[0]['as_of']))}**")
    for card, row in zip(st.columns(len(launch_rows), border=True), launch_rows, strict=True):
        with card:
            st.metric(
                t("projects.launch_label", lang, side=side(row)),
                projects.value_bn_label(row, lang),
            )
            st.caption(t("projects.launch_caption", lang, what=named(row), source=source(row["source_url"])))
            if bool(row["cited_in_article"]):
                st.caption(t("projects.launch_article", lang))
    if len(launch_rows) > 1:
        st.caption(t("projects.launch_differ", lang))

span = projects.latest_portfolio_range(project_rows)
summary = projects.valued_summary(project_rows)
portfolio_card, valued_card = st.columns(2, border=True)
if span is not None:
    low, high = span["min"], span["max"]
    with portfolio_card:
        st.metric(
            t("projects.portfolio_label", lang, date=when(high["as_of"])),
            projects.range_label(low, high, lang),
        )
        for key, row in (("projects.portfolio_caption_low", low), ("projects.portfolio_caption_high", high)):
            st.caption(
                t(
                    key,
                    lang,
                    value=projects.value_bn_label(row, lang),
                    what=named(row),
                    side=side(row),
                )
                + " · "
                + source(row["source_url"])
            )
        st.caption(t("projects.portfolio_explain", lang))
if summary["sum_usd_mn"] is not None:
    with valued_card:
        st.metric(t("projects.valued_label", lang), fmt_usd_mn(summary["sum_usd_mn"], lang))
        st.caption(t("projects.valued_caption", lang, valued=summary["valued"], projects=summary["projects"]))

totals = projects.totals_table(project_rows, lang)
with st.expander(t("projects.portfolio_all", lang, count=len(totals))):
    frame.data_table(
        totals,
        name="project-totals",
        key="totals_table",
        column_config={c: t(f"projects.column.{c}", lang) for c in projects.TOTAL_COLUMNS}
        | {
            "value_usd_mn": st.column_config.NumberColumn(t("projects.column.value_usd_mn", lang), format="%g"),
            "name": st.column_config.TextColumn(t("projects.column.name", lang), width="large"),
            "lower_bound": st.column_config.CheckboxColumn(t("projects.column.lower_bound", lang), width="small"),
            "cited_in_article": st.column_config.CheckboxColumn(t("projects.column.cited_in_article", lang), width="small"),
            "source_url": frame.link_column(lang),
        },
    )

# Single projects by sector: only published values are summed; the others are listed.
st.subheader(t("projects.chart_subheader", lang))
sums = projects.sector_sums(project_rows)
frame.chart(
    register_charts.projects_by_sector(sums, lang, summary, projects.with_value(project_rows)),
    key="projects_chart",
    name="projects-by-sector",
    data=sums,
)
unvalued = projects.without_value(project_rows)
if len(unvalued):
    st.markdown(f"**{t('projects.unvalued_title', lang, count=len(unvalued))}**")
    halves = st.columns(2)
    for index, (_, row) in enumerate(unvalued.iterrows()):
        halves[index % 2].markdown(
            f"- {named(row)} — {escape_markdown(agreements.sector_label(row['sector'], lang))} · {source(row['source_url'])}"
        )

st.subheader(t("projects.table_subheader", lang))
st.caption(t("projects.table_caption", lang))
frame.data_table(
    projects.display_table(project_rows, lang),
    name="projects",
    key="projects_table",
    column_config={c: t(f"projects.column.{c}", lang) for c in projects.TABLE_COLUMNS}
    | {
        "name": st.column_config.TextColumn(t("projects.column.name", lang), width="large"),
        "value_usd_mn": st.column_config.NumberColumn(t("projects.column.value_usd_mn", lang), format="%g"),
        "status": st.column_config.TextColumn(t("projects.column.status", lang), width="large"),
        "source_url": frame.link_column(lang),
    },
)

# The International Center for Industrial Cooperation "Central Asia": read from the three tables.
centre = projects.icic(project_rows, agreement_rows, event_rows)
with st.container(border=True):
    st.subheader(t("projects.icic_subheader", lang))
    st.caption(t("projects.icic_intro", lang))
    project = centre["project"]
    if project is None and centre["agreements"].empty and centre["events"].empty:
        st.info(t("projects.icic_none", lang))
    if project is not None:
        facts = st.columns(3)
        facts[0].markdown(f"**{t('projects.icic_where', lang)}**  \n{english(project['location'])}")
        facts[1].markdown(f"**{t('projects.icic_status', lang)}**  \n{english(project['status'])}")
        value = (
            fmt_usd_mn(project["value_usd_mn"], lang)
            if pd.notna(project["value_usd_mn"])
            else t("projects.icic_value_none", lang)
        )
        facts[2].markdown(f"**{t('projects.icic_value', lang)}**  \n{escape_markdown(value)} · {source(project['source_url'])}")
    left, right = st.columns(2)
    if len(centre["agreements"]):
        left.markdown(f"**{t('projects.icic_agreements', lang)}**")
        shown, shown_lang = agreements.titles(centre["agreements"], lang)
        for (_, row), title, title_lang in zip(centre["agreements"].iterrows(), shown, shown_lang, strict=True):
            date = row_date(row, lang)
            mark = language_mark(title_lang, lang)
            mark = f" :gray-badge[{escape_markdown(mark)}]" if mark else ""
            left.markdown(f"- **{escape_markdown(date)}** — {escape_markdown(title)}{mark} · {source(row['source_url'])}")
    if len(centre["events"]):
        right.markdown(f"**{t('projects.icic_events', lang)}**")
        for _, row in centre["events"].iterrows():
            date = row_date(row, lang)
            title = localized_title(row, lang)
            right.markdown(f"- **{escape_markdown(date)}** — {escape_markdown(title)} · {source(row['source_url'])}")

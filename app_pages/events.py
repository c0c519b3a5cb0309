"""Events: a timeline of visits, councils, commissions, treaties and ratifications, with sources."""

import streamlit as st

from partnership import events, i18n
from partnership.charts import registers as register_charts
from partnership.i18n import t
from partnership.text import escape_markdown
from ui import frame

view = frame.page("events", "events")
lang = view.lang
(event_rows,) = view.tables

frame.relabel_after_language_switch("events", ["category"])
left, right = st.columns([3, 1], vertical_alignment="bottom")
frame.seed_from_link("category", events.category_values(event_rows), events.category_label)
categories = left.multiselect(
    t("events.categories", lang),
    events.category_values(event_rows),
    key="category",
    bind="query-params",
    format_func=lambda c: events.category_label(c, lang),
    placeholder=t("agreements.all", lang),
)
key_only = right.toggle(t("events.key_only", lang), key="key_only", bind="query-params", help=t("events.key_only_help", lang))

counts = events.category_counts(event_rows, key_only=key_only)
st.caption(
    f"{t('events.counts', lang)}: "
    + " · ".join(f"{escape_markdown(events.category_label(c, lang))} {n}" for c, n in counts.items() if n)
)

rows = events.timeline(event_rows, categories, key_only)
st.markdown(f"**{t('events.shown', lang, shown=len(rows), total=len(event_rows))}**")
if rows.empty:
    st.info(t("events.no_rows", lang))
    st.stop()

frame.chart(register_charts.events_timeline(rows, lang), key="events_chart", name="events-timeline", data=rows)
st.caption(t("events.trade_hint", lang))

st.subheader(t("events.table_subheader", lang))
frame.data_table(
    events.display_table(rows, lang),
    name="events",
    key="events_table",
    column_config=events.column_labels(lang)
    | {
        "date": st.column_config.DateColumn(t("events.column.date", lang), format=i18n.language(lang).table_date_format),
        "title": st.column_config.TextColumn(t("events.column.title", lang), width="large"),
        "key_event": st.column_config.CheckboxColumn(t("events.column.key_event", lang), width="small"),
        "source_url": frame.link_column(lang),
    },
)
st.caption(t("events.table_caption", lang))

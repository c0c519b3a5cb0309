"""Agreements: every document, with search, facet filters (counts as in Datasette) and the 15 November 2025 package."""

import streamlit as st

from partnership import agreements, i18n
from partnership.charts import registers as register_charts
from partnership.i18n import t
from partnership.text import escape_markdown
from ui import frame

view = frame.page("agreements", "agreements")
lang = view.lang
(docs,) = view.tables

# Filter widgets and their URL parameters (bound: a link reopens the same view).
FACET_KEYS = {"kinds": "kind", "sectors": "sector", "parties": "parties"}
EMPTY = {"q": "", "summit": False, "kind": [], "sector": [], "parties": []}
extent = agreements.date_extent(docs)
package = agreements.summit_package(docs)
# Sectors and parties are offered as groups (agreements.SECTOR_GROUPS, PARTY_SETS); the table keeps each document's own.
LABELS = {"kinds": agreements.kind_label, "sectors": agreements.group_label, "parties": agreements.party_set_label}
labels = {facet: (lambda v, f=facet: LABELS[f](v, lang)) for facet in LABELS}


def reset_filters() -> None:
    for key, value in EMPTY.items():
        st.session_state[key] = value
    if extent is not None:
        st.session_state["dates"] = extent


def toggle_value(key: str, value: str) -> None:
    chosen = list(st.session_state.get(key) or [])
    if value in chosen:
        chosen.remove(value)
    else:
        chosen.append(value)
    st.session_state[key] = chosen


frame.relabel_after_language_switch("agreements", list(FACET_KEYS.values()))

search_column, dates_column = st.columns([3, 2], vertical_alignment="bottom")
query = search_column.text_input(
    t("agreements.search", lang),
    key="q",
    bind="query-params",
    placeholder=t("agreements.search_placeholder", lang),
    help=t("agreements.search_help", lang),
    icon=":material/search:",
)
chosen_dates = ()
if extent is not None:
    chosen_dates = dates_column.date_input(
        t("agreements.dates", lang),
        value=extent,
        min_value=extent[0],
        max_value=extent[1],
        key="dates",
        bind="query-params",
        format="YYYY-MM-DD",
        help=t("agreements.dates_help", lang),
    )
date_from, date_to = agreements.full_range_to_none(chosen_dates, extent)

switches = st.container(horizontal=True, vertical_alignment="center", gap="medium")
summit_only = switches.toggle(
    t("agreements.summit", lang, count=len(package)),
    key="summit",
    bind="query-params",
    help=t("agreements.summit_help", lang),
)
reset_slot = switches.empty()
shown_slot = switches.empty()

facet_columns = st.columns([1, 1.3, 1.3])
options = {
    "kinds": agreements.kind_values(docs),
    "sectors": agreements.group_values(docs),
    "parties": agreements.party_set_values(docs),
}
chosen = {}
for column, facet in zip(facet_columns, agreements.FACETS, strict=True):
    # A shared link may name a value in another language or as the data has it (sector=water).
    frame.seed_from_link(FACET_KEYS[facet], options[facet], LABELS[facet])
    chosen[facet] = column.multiselect(
        t(f"agreements.{facet}", lang),
        options[facet],
        key=FACET_KEYS[facet],
        bind="query-params",
        format_func=labels[facet],
        placeholder=t("agreements.all", lang),
    )

filters = agreements.Filters(
    date_from=date_from,
    date_to=date_to,
    kinds=tuple(chosen["kinds"]),
    sectors=tuple(chosen["sectors"]),
    parties=tuple(chosen["parties"]),
    query=query or "",
    summit_only=bool(summit_only),
)

# Facet counts beside each filter (not in the option labels, so the URL stays stable):
# each chip says how many documents that value would show under the other filters.
for column, facet in zip(facet_columns, agreements.FACETS, strict=True):
    counts = agreements.facet_counts(docs, filters, facet)
    box = column.container(height=150, border=True)
    if not counts:
        box.caption(t("agreements.facet_empty", lang))
        continue
    chips = box.container(horizontal=True, gap="xsmall")
    for item in counts:
        chips.button(
            f"{escape_markdown(labels[facet](item['value']))} · {item['count']}",
            key=f"facet-{facet}-{item['value']}",
            type="primary" if item["selected"] else "secondary",
            icon=":material/check:" if item["selected"] else None,
            on_click=toggle_value,
            args=(FACET_KEYS[facet], item["value"]),
        )
st.caption(t("agreements.facet_caption", lang))

reset_slot.button(
    t("agreements.reset", lang), on_click=reset_filters, icon=":material/restart_alt:", disabled=not filters.active, key="reset"
)
rows = agreements.apply(docs, filters)
shown_slot.markdown(f"**{t('agreements.shown', lang, shown=len(rows), total=len(docs))}**")

if rows.empty:
    st.info(t("agreements.no_rows", lang))
    st.stop()

st.subheader(t("agreements.chart_subheader", lang))
frame.chart(
    register_charts.agreements_by_year_sector(rows, lang),
    key="agreements_chart",
    name="agreements-by-year-sector",
    data=agreements.by_year_sector(rows, grouped=True),
)

st.subheader(t("agreements.table_subheader", lang))
table = agreements.display_table(rows, lang)
fallbacks = int((table["title_lang"] != "").sum())
st.caption(
    t("agreements.fallback_note", lang, count=fallbacks, shown=len(table)) if fallbacks else t("agreements.fallback_none", lang)
)
frame.data_table(
    table,
    name="agreements",
    key="agreements_table",
    column_config=agreements.column_labels(lang)
    | {
        "date": st.column_config.DateColumn(t("agreements.column.date", lang), format=i18n.language(lang).table_date_format),
        "title": st.column_config.TextColumn(t("agreements.column.title", lang), width="large"),
        "title_lang": st.column_config.TextColumn(
            t("agreements.column.title_lang", lang), width="small", help=t("agreements.title_lang_help", lang)
        ),
        "summit_2025_11_15": st.column_config.CheckboxColumn(t("agreements.column.summit_2025_11_15", lang), width="small"),
        "source_url": frame.link_column(lang),
    },
)
st.caption(t("agreements.table_caption", lang))

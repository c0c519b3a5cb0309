"""Trade: each source's figures over time, a reconciliation of sources, reported growth."""

import streamlit as st

from partnership import comtrade, kpis, trade
from partnership.charts import comtrade as comtrade_charts
from partnership.charts import trade as trade_charts
from partnership.i18n import fmt_usd_bn, period_label, t
from partnership.vocabulary import term
from ui import frame, hs_chapters, uploads

MEASURES = ("turnover_usd_bn", "exports_uz_to_kz_usd_bn", "imports_uz_from_kz_usd_bn", "balance_usd_bn")
TABLE_COLUMNS = (
    *trade.FIGURE_COLUMNS,
    "balance_usd_bn",
    "growth_reported_pct",
    "lower_bound",
    "source_title",
    "source_url",
)

view = frame.page("trade", "trade")
lang = view.lang
(trade_df,) = view.tables

# Inputs: whose figures and which measure; both live in the URL so a link reopens this view.
frame.relabel_after_language_switch("trade", ["reporters", "measure"])
left, middle, right = st.columns([3, 2, 2], vertical_alignment="bottom")
reporters = left.multiselect(
    t("trade.reporters", lang),
    trade.REPORTERS,
    default=list(trade.REPORTERS),
    key="reporters",
    bind="query-params",
    format_func=lambda r: t(f"reporter.{r}", lang),
    placeholder=t("streamlit_ui.choose_option", lang),
)
measure = middle.selectbox(
    t("trade.measure", lang),
    MEASURES,
    key="measure",
    bind="query-params",
    format_func=lambda m: t(f"measure.{m}", lang),
    placeholder=t("streamlit_ui.choose_option", lang),
)
show_events = right.toggle(t("trade.events", lang), value=False, key="events", bind="query-params")

chosen = trade.with_balance(trade.by_reporters(trade_df, reporters))
spread = trade.disagreements(chosen)
figures_tab, reconcile_tab, growth_tab = st.tabs(
    [t("trade.tab_figures", lang), t("trade.tab_reconciliation", lang), t("trade.tab_growth", lang)]
)

with figures_tab:
    if chosen[measure].notna().any():
        # Events are loaded only when asked for, so a broken events file never hides the trade figures.
        events_loaded = frame.tables("events") if show_events else None
        events_shown = kpis.key_events(events_loaded[0]) if events_loaded else None
        frame.chart(
            trade_charts.trade_chart(chosen, lang, y=measure, events=events_shown),
            key="trade_chart",
            name=f"trade-{measure}",
            data=chosen,
        )
    else:
        st.info(t("trade.no_rows", lang))
    if measure == "balance_usd_bn":
        st.caption(t("trade.balance_note", lang))
    if not spread.empty:  # the chart shows every source's figure; the next tab says where they differ
        years = ", ".join(str(int(year)) for year in spread["year"])
        st.caption(t("trade.disagree_pointer", lang, years=years, tab=t("trade.tab_reconciliation", lang)))

with reconcile_tab:
    recon = trade.reconciliation(chosen)
    if len(recon):
        frame.chart(
            trade_charts.reconciliation_chart(recon, lang), key="reconciliation_chart", name="trade-reconciliation", data=recon
        )
    st.subheader(t("trade.disagree_title", lang))
    if spread.empty:
        st.caption(t("trade.no_disagreement", lang))
    for _, row in spread.iterrows():
        low, high = fmt_usd_bn(row["min"], lang), fmt_usd_bn(row["max"], lang)
        line = t("trade.disagree_row", lang, year=int(row["year"]), min=low, max=high, count=int(row["count"]))
        bounds = [
            t("trade.disagree_lower", lang, value=value)
            for value, over in ((low, row["min_over"]), (high, row["max_over"]))
            if over
        ]
        st.markdown("- " + "; ".join([line, *bounds]))
    frame.data_table(
        recon.drop(columns=["period_type", "full_year_sources"]).assign(
            reporter=recon["reporter"].map(lambda r: t(f"reporter.{r}", lang)),
            reporter_detail=recon["reporter_detail"].map(lambda d: term("reporter_detail", d, lang)),
            period=recon["period"].map(lambda p: period_label(p, lang)),
        ),
        name="trade-reconciliation",
        key="reconciliation_table",
        column_config={c: t(f"trade.column.{c}", lang) for c in recon.columns}
        | {
            "source_url": frame.link_column(lang),
            "year": st.column_config.NumberColumn(t("trade.column.year", lang), format="%d"),
        },
    )

with growth_tab:
    growth = trade.reported_growth(chosen)
    if len(growth):
        frame.chart(trade_charts.growth_chart(growth, lang), key="growth_chart", name="trade-growth", data=growth)
    else:
        st.info(t("trade.no_rows", lang))

# The table behind every chart on this page, with clickable sources.
st.subheader(t("trade.table", lang))
table = chosen.sort_values(["year", "months"], na_position="last", kind="stable")[list(TABLE_COLUMNS)]
table = table.assign(
    reporter=table["reporter"].map(lambda r: t(f"reporter.{r}", lang)),
    reporter_detail=table["reporter_detail"].map(lambda d: term("reporter_detail", d, lang)),
    period=table["period"].map(lambda p: period_label(p, lang)),
)
frame.data_table(
    table,
    name="trade-figures",
    key="trade_table",
    column_config={c: t(f"trade.column.{c}", lang) for c in TABLE_COLUMNS}
    | {"source_url": frame.link_column(lang), "year": st.column_config.NumberColumn(t("trade.column.year", lang), format="%d")},
)
st.caption(t("trade.table_caption", lang, shown=len(table), total=len(trade_df)))

# A UN Comtrade product breakdown uploaded on the Data page (this session only): HS chapters, both reporters side by side.
products = uploads.products()
if products is not None and len(products):
    st.subheader(t("data.products.title", lang))
    st.caption(t("data.products.caption", lang))
    hs_year, direction = hs_chapters.choose(products, lang, key="products")
    frame.chart(
        comtrade_charts.product_treemap(products, lang, hs_year, direction),
        key="products_treemap",
        name=f"trade-hs-chapters-{hs_year}",
        data=comtrade.mirror_table(products, hs_year, direction),
    )

"""Overview: where trade stands, the $10 bn target, the summit's figures, key events."""

import streamlit as st

from partnership import kpis, on_track, overview_cards, trade
from partnership.charts import trade as trade_charts
from partnership.export import briefing
from partnership.i18n import fmt_usd_bn, t
from partnership.text import escape_markdown, markdown_link
from ui import export_menu, frame

CARDS_PER_ROW = 3

# The title names the target in force (the one the cards use), so it waits for the data.
view = frame.page("overview", "trade", "targets", "projects", "events", titled=False)
lang = view.lang
trade_df, targets, projects, events = view.tables
k = kpis.overview(trade_df, targets, projects)
view.heading.title(
    t("overview.title", lang, target=fmt_usd_bn(float(k["target"]["target_usd_bn"]), lang), year=int(k["target"]["target_year"]))
)


def source_caption(text: str, url: str) -> None:
    st.caption(f"{escape_markdown(text)} · {markdown_link(t('overview.source', lang), url)}")


# Key figures: each card shows its value, what it is, and a link to its source.
cards = overview_cards.overview_cards(k, lang)
for row_start in range(0, len(cards), CARDS_PER_ROW):
    for column, card in zip(st.columns(CARDS_PER_ROW, border=True), cards[row_start : row_start + CARDS_PER_ROW], strict=False):
        with column:
            falling = {"delta_color": "red", "delta_arrow": "down"} if card.falls else {}
            st.metric(card.label, card.value, delta=card.delta, **falling)
            if card.progress is not None:
                st.progress(card.progress)
            if card.source_url:
                source_caption(card.note, card.source_url)
            else:
                st.caption(escape_markdown(card.note))
            if card.other_source:
                st.caption(markdown_link(*card.other_source))
            if card.check:
                st.caption(card.check)

# Is the latest year on track? A part of it against the same months of the year before, never a full year.
on_track_sentence = on_track.sentence(trade_df, targets, lang)
st.markdown(on_track_sentence)
export_menu.remember_text(on_track_sentence)

# The chart: every full-year figure with its source, and the constant-growth path to the target.
full_years = trade.full_year(trade_df)
frame.chart(
    trade_charts.overview_chart(full_years, k["path"], k["target"], lang, start=k["latest"]),
    key="overview_chart",
    name="overview-turnover-target",
    data=full_years,
)
st.caption(t("overview.chart_caption", lang))

# Key events, oldest first, each with its source (the briefing lists the same table).
st.subheader(t("overview.events", lang))
key_events = briefing.key_events_table(events, lang)
export_menu.remember_text(table=(t("overview.events", lang), key_events))
for when, title, url in key_events.itertuples(index=False):
    st.markdown(f"**{escape_markdown(when)}** — {escape_markdown(title)} · {markdown_link(t('overview.source', lang), url)}")

"""Overview: where trade stands, the $10 bn target, the summit's figures, key events."""

import streamlit as st

from partnership import charts, kpis, trade
from partnership.i18n import fmt_date, fmt_pct, fmt_usd_bn, fmt_usd_mn_as_bn, period_label, t
from partnership.text import escape_markdown, markdown_link
from ui import frame

lang = frame.lang()
st.title(t("overview.title", lang))
st.caption(t("overview.intro", lang))

loaded = frame.tables("trade", "targets", "projects", "events")
if loaded is None:
    st.stop()
trade_df, targets, projects, events = loaded
k = kpis.overview(trade_df, targets, projects)


def source_caption(text: str, url: str) -> None:
    st.caption(f"{escape_markdown(text)} · {markdown_link(t('overview.source', lang), url)}")


def reporter_of(row) -> str:
    side = t(f"reporter.{row['reporter']}", lang)
    return f"{side} — {row['reporter_detail']}" if isinstance(row["reporter_detail"], str) else side


# Key figures: each card shows its value, what it is, and a link to its source.
latest, summit, target = k["latest"], k["summit"], k["target"]
row1 = st.columns(3, border=True)
with row1[0]:
    growth = latest["growth_reported_pct"]
    st.metric(
        t("overview.latest", lang, year=int(latest["year"])),
        fmt_usd_bn(latest["turnover_usd_bn"], lang),
        delta=fmt_pct(growth, lang, signed=True) if growth == growth else None,
    )
    source_caption(
        t("overview.latest_caption", lang, period=t("period_type.full_year", lang), reporter=reporter_of(latest)),
        latest["source_url"],
    )
if summit is not None:
    with row1[1]:
        st.metric(
            t("overview.summit", lang),
            t("overview.approx", lang, value=fmt_usd_bn(summit["turnover_usd_bn"], lang)),
            delta=fmt_pct(summit["growth_reported_pct"], lang, signed=True)
            if summit["growth_reported_pct"] == summit["growth_reported_pct"]
            else None,
        )
        source_caption(
            t("overview.summit_caption", lang, period=period_label(summit["period"], lang), reporter=reporter_of(summit)),
            summit["source_url"],
        )
if k["launch_article"] is not None:
    with row1[2]:
        launch, other = k["launch_article"], k["launch_other"]
        st.metric(t("overview.launch", lang), fmt_usd_mn_as_bn(launch["value_usd_mn"], lang))
        other_text = fmt_usd_mn_as_bn(other["value_usd_mn"], lang) if other is not None else "—"
        source_caption(t("overview.launch_caption", lang, other=other_text), launch["source_url"])
        if other is not None:
            st.caption(
                markdown_link(t("overview.source", lang) + " (" + t("reporter.Kazakhstan", lang) + ")", other["source_url"])
            )

row2 = st.columns(3, border=True)
target_text = fmt_usd_bn(target["target_usd_bn"], lang)
with row2[0]:
    st.metric(t("overview.target", lang, year=int(target["target_year"])), target_text)
    source_caption(target[f"title_{lang}"], target["source_url"])
with row2[1]:
    st.metric(
        t("overview.required", lang), t("overview.required_value", lang, value=fmt_pct(k["required_cagr"] * 100, lang, digits=1))
    )
    st.caption(
        t(
            "overview.required_caption",
            lang,
            start=fmt_usd_bn(latest["turnover_usd_bn"], lang),
            year=int(latest["year"]),
            target=target_text,
            target_year=int(target["target_year"]),
        )
    )
with row2[2]:
    st.metric(t("overview.progress", lang), fmt_pct(k["progress"] * 100, lang, digits=1))
    st.progress(k["progress_bar"])
    st.caption(
        t(
            "overview.progress_caption",
            lang,
            start=fmt_usd_bn(latest["turnover_usd_bn"], lang),
            year=int(latest["year"]),
            target=target_text,
        )
    )

# The chart: every full-year figure with its source, and the constant-growth path to the target.
full_years = trade.full_year(trade_df)
frame.chart(
    charts.overview_chart(full_years, k["path"], target, lang),
    key="overview_chart",
    name="overview-turnover-target",
    data=full_years,
)
st.caption(t("overview.chart_caption", lang))

# Key events, oldest first, each with its source.
st.subheader(t("overview.events", lang))
for _, event in kpis.key_events(events).iterrows():
    when = fmt_date(event["date"].date(), lang) if event["date"] == event["date"] else event["date_text"]
    st.markdown(
        f"**{escape_markdown(when)}** — {escape_markdown(event[f'title_{lang}'])} · {markdown_link(t('overview.source', lang), event['source_url'])}"
    )

"""Plotly figure builders: pure functions of tidy DataFrames and a language.

One palette and one layout template, defined here once. Every figure carries its
title and its sources inside the figure, so they survive any export.
"""

from __future__ import annotations

import functools
import textwrap
from urllib.parse import urlparse

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from partnership.charts import summaries
from partnership.i18n import plotly_separators, t

# Okabe–Ito: distinguishable with the common forms of colour blindness.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
REPORTER_COLORS = {"Uzbekistan": "#009E73", "Kazakhstan": "#0072B2", "other": "#E69F00"}
TARGET_COLOR = "#D55E00"
PATH_COLOR = "#CC79A7"
# Part-year figures get open markers so they never read as full years.
PERIOD_SYMBOLS = {"full_year": "circle", "part_year": "circle-open", "unclear": "x-thin-open"}
TEMPLATE_NAME = "partnership"
FONT_FAMILY = "Inter, 'Source Sans Pro', 'DejaVu Sans', Arial, sans-serif"
MAX_SOURCES_IN_FOOTER = 6

# The layout adapts to a phone-wide chart (≈360 px) as well as a desktop one. Plotly cannot wrap
# text to the width, so titles, y-axis titles and footers are wrapped at line lengths that fit a
# phone, and for wider and narrower charts in layout.meta["frames"] (applied by the chart element in the
# browser). From the top: a strip for the modebar, the title, the legend (pinned just under the title
# in figure coordinates; Plotly reserves its height above the plot however many rows it wraps
# into on a narrow screen), the plot, horizontal tick labels (year axes choose their spacing from
# the width, see year_axis), the footer.
TITLE_CHARS = 34  # characters per title line at 16 px
AXIS_TITLE_CHARS = 20
LEGEND_CHARS = 36  # characters per legend entry line on a phone (13 px; 11 px below NARROW_BELOW)
FOOTER_CHARS = 40  # characters per footer line at 11 px (≈7 px each: a phone's plot starts ≈70 px in)
FOOTER_LINE_PX = 14
FOOTER_OFFSET_PX = 32  # from the plot's bottom edge, below horizontal tick labels
# Category and date axes turn their labels upright when they do not fit (a narrow screen): room for
# four-digit years standing up.
FOOTER_OFFSET_UPRIGHT_PX = 48
# On a wider chart the element re-wraps to the chart's width (layout.meta["frames"]): from each of these
# widths (px) on, lines are as long as that width holds at about these average character widths.
FRAME_WIDTHS = (0, 520, 700, 900, 1100, 1300)
# Below NARROW_BELOW px (a 320 px screen or embed frame, where the chart is ≈288 px wide) a phone's lines do
# not fit: the last entry of layout.meta.frames, marked with max_width, is wrapped for NARROW_WIDTH, with a
# smaller legend font, and applies over the phone form. Its footer starts at the plot's left edge, this far in.
NARROW_BELOW = 330
NARROW_WIDTH = 288
NARROW_FOOTER_RESERVE_PX = 95
NARROW_LEGEND_FONT_PX = 11
# The width each entry of layout.meta.frames is wrapped for, in order; WRAP_WIDTHS adds the phone form first.
FRAME_FORMS = (*FRAME_WIDTHS[1:], NARROW_WIDTH)
WRAP_WIDTHS = (0, *FRAME_FORMS)
TITLE_CHAR_PX = 9.2
FOOTER_CHAR_PX = 6.4
FOOTER_RESERVE_PX = 110  # the plot's left margin and a little room
FOOTER_NAME = "source_footer"
MODEBAR_PX = 32
TITLE_LINE_PX = 21
MULTILINE_TITLE_SHIFT_PX = 14
# Plotly's (and Streamlit's) height for a figure without one; exports use their own size, where the
# legend then sits a little lower than on screen.
DEFAULT_HEIGHT = 450
# The plot and its legend keep at least this much of the figure's height: a figure whose wrapped
# title and footer need more margin grows taller instead of squeezing the plot to a strip.
MIN_PLOT_AND_LEGEND_PX = 320

pio.templates[TEMPLATE_NAME] = go.layout.Template(
    layout=dict(
        font=dict(family=FONT_FAMILY, size=13, color="#262730"),
        colorway=list(PALETTE),
        paper_bgcolor="white",
        plot_bgcolor="white",
        xaxis=dict(showgrid=False, linecolor="#9aa0a6", ticks="outside", tickcolor="#9aa0a6", automargin=True),
        yaxis=dict(gridcolor="#e6e8eb", zerolinecolor="#9aa0a6", rangemode="tozero", automargin=True),
        legend=dict(orientation="h", xref="container", x=0, xanchor="left", yref="container", yanchor="top", tracegroupgap=4),
        hoverlabel=dict(font_family=FONT_FAMILY),
        margin=dict(l=60, r=20, t=MODEBAR_PX + TITLE_LINE_PX + 24, b=110),
        title=dict(
            x=0,
            xanchor="left",
            xref="container",
            y=1,
            yanchor="top",
            yref="container",
            pad=dict(t=MODEBAR_PX, l=8),
            # Plotly's automargin moves a title of three lines or more up by a line, under the modebar.
            automargin=False,
            font=dict(size=16),
        ),
    )
)


def wrap(text: str, width: int) -> str:
    """Plotly text broken into lines of at most `width` characters (existing <br> kept).

    Breaks only at spaces, so escaped entities (&amp;) and tags stay whole.
    """
    lines = []
    for line in str(text).split("<br>"):
        lines += textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False) or [""]
    return "<br>".join(lines)


def year_axis(years) -> dict:
    """X-axis settings for calendar years: every year over a short span, else Plotly's own spacing.

    Plotly picks the spacing from the axis length (fewer ticks on a phone), so labels stay
    horizontal; a forced yearly tick would turn them vertical and onto the footer on a narrow chart.
    Over ≤ 5 years the automatic spacing could fall below a year and repeat labels, so it is fixed.
    """
    values = [int(y) for y in years if y == y and y is not None]
    short = bool(values) and max(values) - min(values) <= 5
    return dict(tickformat="d", tickangle=0, **({"dtick": 1, "tick0": min(values)} if short else {}))


def _footer_offset(x_type: str | None) -> int:
    return FOOTER_OFFSET_UPRIGHT_PX if x_type in ("category", "date") else FOOTER_OFFSET_PX


def line_chars(width: int) -> tuple[int, int]:
    """Characters per title line and per footer line for a chart `width` px wide (0 and phone widths: the
    constants; narrower than NARROW_BELOW: what that width holds)."""
    if 0 < width < NARROW_BELOW:
        return int((width - 24) / TITLE_CHAR_PX), int((width - NARROW_FOOTER_RESERVE_PX) / FOOTER_CHAR_PX)
    if width < FRAME_WIDTHS[1]:
        return TITLE_CHARS, FOOTER_CHARS
    return int((width - 24) / TITLE_CHAR_PX), int((width - FOOTER_RESERVE_PX) / FOOTER_CHAR_PX)


def _frame(
    title: str, footer: str, height: int | None, y_title: str | None, x_type: str | None, width: int = 0
) -> tuple[dict, str]:
    """Layout that depends on the texts wrapped for a chart `width` px wide: height, title, legend position,
    margins, y-axis title; and the footer's wrapped text."""
    title_chars, footer_chars = line_chars(width)
    title = wrap(title, title_chars)
    footer = wrap(footer, footer_chars)
    lines = title.count("<br>") + 1
    # Plotly sets a title of several lines ~14 px higher than one of a single line: padded back down.
    pad = MODEBAR_PX + (MULTILINE_TITLE_SHIFT_PX if lines > 1 else 0)
    below_title = MODEBAR_PX + TITLE_LINE_PX * lines + 12
    margin = {"t": below_title + 8, "b": _footer_offset(x_type) + FOOTER_LINE_PX * (footer.count("<br>") + 1) + 14}
    needed = margin["t"] + margin["b"] + MIN_PLOT_AND_LEGEND_PX
    layout = {"height": needed} if needed > (height or DEFAULT_HEIGHT) else {}
    height = max(height or DEFAULT_HEIGHT, needed)
    layout |= {
        "title": {"text": title, "pad": {"t": pad}},
        "legend": {"y": 1 - below_title / height},
        "margin": margin,
    }
    if y_title:
        layout["yaxis"] = {"title": {"text": wrap(y_title, AXIS_TITLE_CHARS)}}
    return layout, footer


def _wider_frames(title: str, footer: str, height: int | None, x_type: str | None, margin: dict) -> list[dict]:
    """What the chart element (ui/assets/plotly_element.js) puts in place of the phone-wrapped texts on a
    wider chart: one entry per width in FRAME_FORMS (the widest fitting one applies; the narrow one, last, below
    its max_width), always all of them: the Scenarios explorer patches them by index (charts.scenario_explorer)."""
    frames: list[dict] = []
    for width in FRAME_FORMS:
        layout, text = _frame(title, footer, height, None, x_type, width)
        narrow = width < NARROW_BELOW
        if narrow:
            layout["legend"]["font"] = {"size": NARROW_LEGEND_FONT_PX}
        entry = {
            "min_width": 0 if narrow else width,
            **({"max_width": NARROW_BELOW} if narrow else {}),
            "height": layout.get("height", height or DEFAULT_HEIGHT),
            "title": layout["title"],
            "legend": layout["legend"],
            "margin": {side: max(margin.get(side) or 0, px) for side, px in layout["margin"].items()},
            "footer": text,
        }
        frames.append(entry)
    return frames


def at_width(spec: dict, width: int) -> dict:
    """Plotly JSON `spec` as the chart element shows it on a chart `width` px wide (`fitted` in
    ui/assets/plotly_element.js) from the first wide frame on: the widest frame of layout.meta.frames it reaches.
    Narrower: `spec` as built. For a static export of a given width."""
    layout = spec.get("layout", {})
    meta = layout.get("meta") if isinstance(layout.get("meta"), dict) else {}
    reached = [frame for frame in meta.get("frames", []) if "max_width" not in frame and frame["min_width"] <= width]
    if not reached:
        return spec
    frame = reached[-1]
    title = layout.get("title", {})
    fitted = {
        **layout,
        "height": frame["height"],
        "title": {**title, **frame["title"], "pad": {**title.get("pad", {}), **frame["title"].get("pad", {})}},
        "legend": {**layout.get("legend", {}), **frame["legend"]},
        "margin": {**layout.get("margin", {}), **frame["margin"]},
        "annotations": [
            {**note, "text": frame["footer"]} if note.get("name") == FOOTER_NAME else note
            for note in layout.get("annotations", [])
        ],
    }
    return {**spec, "layout": fitted}


def source_line(urls: pd.Series | list[str], lang: str) -> str:
    """'Sources: inform.kz, yuz.uz, … (+3)' from the source URLs behind a figure, in the order given.

    Callers pass the newest figures' sources first, so the footer names the ones that matter most.
    """
    hosts: list[str] = []
    for url in urls:
        host = urlparse(str(url)).netloc.removeprefix("www.")
        if host and host not in hosts:
            hosts.append(host)
    shown = ", ".join(hosts[:MAX_SOURCES_IN_FOOTER])
    if len(hosts) > MAX_SOURCES_IN_FOOTER:
        shown += f", … (+{len(hosts) - MAX_SOURCES_IN_FOOTER})"
    return t("chart.sources", lang, sources=shown)


def phone_names(traces, phone: dict | None = None) -> dict | None:
    """layout.meta["phone"] (`phone`, or none) with the legend names longer than a phone's line wrapped
    (Plotly does not wrap a legend entry: "Boshqalar (OAV, tahlilchilar) · yilning bir qismi" ran off a 390 px screen).
    A trace `phone` patches already keeps its patch (the Scenarios explorer renames its lines while they move)."""
    patched = (phone or {}).get("traces") or {}
    names = {
        index: {"name": wrapped}
        for index, trace in enumerate(traces)
        if index not in patched
        and trace["showlegend"] is not False
        and trace["name"]
        and (wrapped := wrap(trace["name"], LEGEND_CHARS)) != trace["name"]
    }
    if not names:
        return phone
    return {**(phone or {}), "traces": {**patched, **names}}


def _legend_entry(trace: dict) -> dict:
    return {"name": trace.get("name"), "showlegend": trace.get("showlegend")}


def finish(fig: go.Figure, lang: str, title: str, sources: str, note: str | None = None, summary: str | None = None) -> go.Figure:
    """Apply the shared template, the language's number format, the title and the source footer.

    `summary` (partnership.charts.summaries) with the title becomes `layout.meta["aria_label"]`, the
    chart's accessible name on the page. Titles and footers are wrapped for a phone; `layout.meta["frames"]`
    holds them wrapped for wider charts (see `_wider_frames`).
    """
    x_type, text = fig.layout.xaxis.type, _footer_text(sources, note)
    margin = {side: fig.layout.margin[side] for side in ("t", "b")}
    frame, footer = _frame(title, text, fig.layout.height, fig.layout.yaxis.title.text, x_type)
    frame["margin"] = {side: max(margin[side] or 0, px) for side, px in frame["margin"].items()}
    fig.update_layout(
        template=TEMPLATE_NAME,
        separators=plotly_separators(lang),
        meta=dict(
            lang=lang,
            sources=sources,
            aria_label=summaries.aria_label(title, summary),
            frames=_wider_frames(title, text, fig.layout.height, x_type, margin),
            **({"phone": phone} if (phone := phone_names([_legend_entry(trace.to_plotly_json()) for trace in fig.data])) else {}),
        ),
        **frame,
    )
    fig.add_annotation(footer_annotation(footer, x_type))
    return fig


def _footer_text(sources: str, note: str | None) -> str:
    return f"{sources}<br>{note}" if note else sources


def footer_annotation(text: str, x_type: str | None = None) -> dict:
    """The source footer annotation (always the figure's last one), `text` already wrapped."""
    return dict(
        name=FOOTER_NAME,
        text=text,
        showarrow=False,
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=-_footer_offset(x_type),
        xanchor="left",
        yanchor="top",
        align="left",
        font=dict(size=11, color="#5f6368"),
    )


@functools.cache
def _template() -> dict:
    return pio.templates[TEMPLATE_NAME].to_plotly_json()


def fast_figure(
    traces: list[dict],
    layout: dict,
    lang: str,
    title: str,
    sources: str,
    note: str | None = None,
    meta: dict | None = None,
    summary: str | None = None,
) -> go.Figure:
    """The figure `finish(go.Figure(data=traces, layout=layout), ...)` makes, without plotly's validation.

    Validating costs ~10 ms per figure (mostly copying the template); the Scenarios page builds two on
    every slider move. Only for figures whose traces and layout are plain dicts written in this package:
    tests/charts/test_scenarios.py checks that plotly's validation accepts them and changes nothing.
    """
    x_type = layout.get("xaxis", {}).get("type")
    text = _footer_text(sources, note)
    yaxis = layout.get("yaxis", {})
    frame, footer_text = _frame(title, text, layout.get("height"), yaxis.get("title", {}).get("text"), x_type)
    footer = footer_annotation(footer_text, x_type)
    margin = layout.get("margin", {})
    frames = _wider_frames(title, text, layout.get("height"), x_type, margin)
    full = {
        **layout,
        **frame,
        "template": _template(),
        "separators": plotly_separators(lang),
        "title": {**layout.get("title", {}), **frame["title"]},
        "legend": {**layout.get("legend", {}), **frame["legend"]},
        "yaxis": {**yaxis, **({"title": {**yaxis.get("title", {}), **frame["yaxis"]["title"]}} if "yaxis" in frame else {})},
        "meta": {
            "lang": lang,
            "sources": sources,
            "aria_label": summaries.aria_label(title, summary),
            "frames": frames,
            **(meta or {}),
            **(
                {"phone": phone}
                if (phone := phone_names([_legend_entry(trace) for trace in traces], (meta or {}).get("phone")))
                else {}
            ),
        },
        "annotations": [*layout.get("annotations", []), footer],
        "margin": {**margin, **{side: max(margin.get(side, 0), px) for side, px in frame["margin"].items()}},
    }
    return go.Figure({"data": traces, "layout": full}, _validate=False)

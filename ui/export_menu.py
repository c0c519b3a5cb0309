"""Downloads of what a page shows: an export menu on every chart, a briefing report in the sidebar.

Every file is built only when its button is clicked (callable `data`, `on_click="ignore"`: no rerun
of the page). File names: `<chart name>-<lang>-<YYYY-MM-DD>.<ext>`. The chart's own modebar
download uses the same name at scale 2.

The charts a run shows are remembered in a per-session "view" (reset by app.py at the start of
every full run, updated by fragment reruns), so the briefing is the page as the user sees it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from partnership import data, export, session_data
from partnership.charts.chart import Chart
from partnership.export import briefing, chart_data
from partnership.export.provenance import NONE, Provenance
from partnership.i18n import plotly_locale, t
from partnership.text import is_web_url
from ui import cite, session

VIEW_KEY = "_export_view"
FIGURE_FORMATS = ("png", "svg", "pdf", "html")
ICONS = {
    "png": ":material/image:",
    "svg": ":material/draw:",
    "pdf": ":material/picture_as_pdf:",
    "html": ":material/code:",
    "csv": ":material/table:",
}
# URL parameters that are not view settings.
NOT_PARAMETERS = ("lang", "embed", "embed_options")


@dataclass
class View:
    charts: dict[str, briefing.ChartItem] = field(default_factory=dict)
    resources: set[str] = field(default_factory=set)  # the tables the page read (frame.tables)
    statements: list[str] = field(default_factory=list)  # sentences beside the key figures (Markdown)
    tables: list[tuple[str, pd.DataFrame]] = field(default_factory=list)  # other tables the page shows

    def provenance(self, *more: str) -> Provenance:
        """The uploaded files behind this view's tables (and `more`), named in every export."""
        return session.provenance(self.resources | set(more))


def start_view() -> None:
    """Forget the previous run's charts (app.py calls this before running the page)."""
    st.session_state.pop(VIEW_KEY, None)


def current_view() -> View:
    view = st.session_state.get(VIEW_KEY)
    if not isinstance(view, View):
        view = st.session_state[VIEW_KEY] = View()
    return view


def file_stem(name: str, lang: str, day: dt.date | None = None) -> str:
    return f"{name}-{lang}-{(day or dt.date.today()).isoformat()}"


def plotly_config(name: str, lang: str) -> dict:
    """The chart's modebar: no logo; its camera button downloads `<stem>.png` at scale 2."""
    return {
        **export.PLOTLY_CONFIG,
        **plotly_locale(lang),
        "toImageButtonOptions": {"format": "png", "filename": file_stem(name, lang), "scale": export.PNG_SCALE},
    }


def _csv(table: pd.DataFrame) -> bytes:
    return export.table_bytes(table, "csv")  # chart_table has marked its rows already


def menu_row(key: str):
    """The empty row above a chart that its export popover goes into (see chart_menu)."""
    return st.container(horizontal=True, horizontal_alignment="right", key=f"{key}-export-row")


def remember(key: str, name: str, chart: Chart, data: pd.DataFrame | Callable[[], pd.DataFrame] | None = None) -> None:
    """Record the chart `key` shows now in this session's view (the briefing and live_chart_menu read it).

    `data`, the table behind the chart, may be a function making it: it is then made only if asked for.
    """
    current_view().charts[key] = briefing.ChartItem(name, chart, data)


def remember_text(statement: str | None = None, table: tuple[str, pd.DataFrame] | None = None) -> None:
    """Record a sentence (Markdown) or a (title, table) the page shows besides its charts, for the briefing."""
    view = current_view()
    if statement:
        view.statements.append(statement)
    if table is not None:
        view.tables.append(table)


def chart_menu(chart: Chart, key: str, name: str, data: pd.DataFrame | None, lang: str, row) -> None:
    """The export popover for one chart (PNG, SVG, PDF, HTML, CSV), right-aligned above it.

    `row` is the chart's menu_row, made before the chart, so the menu is filled after the chart is sent:
    the browser gets the chart first (when menus and cards came first, a Scenarios chart reached the browser
    behind ≈ 25 other deltas and ≈ 45 ms of re-rendering for them; measured at 86619d0, docs/performance.md then).
    """
    remember(key, name, chart, data)
    # Every chart's CSV is its own table in the reader's words (chart_data), made when a CSV button is clicked.
    provenance = current_view().provenance()
    _menu(row, key, name, lang, lambda: chart, provenance)


def live_chart_menu(key: str, name: str, lang: str, row) -> None:
    """The export menu of a chart drawn by a fragment: its files are made from the figure the chart shows
    when a button is clicked (what the fragment last passed to `remember`), so the menu is sent once and not
    again on each rerun of the fragment.
    """
    view = current_view()
    _menu(row, key, name, lang, lambda: view.charts[key].chart, view.provenance())


def _menu(row, key: str, name: str, lang: str, drawn: Callable[[], Chart], provenance: Provenance) -> None:
    """The chart's menu row: the CSV button, the Download popover, the Cite popover; `drawn()` is the chart as shown."""
    static_ok = export.static_export_available()
    stem = file_stem(name, lang)
    # The data behind the chart one keyboard step away: Streamlit draws a popover's body at the end of
    # the page, so Tab from the open menu goes on through the page before it reaches the menu's buttons.
    csv_button = partial(
        st.download_button,
        data=lambda: _csv(chart_data.chart_table(drawn(), lang, provenance)),
        file_name=f"{stem}.csv",
        mime=export.MIME_TYPES["csv"],
        help=t("export.csv_help", lang),
        on_click="ignore",
        icon=ICONS["csv"],
    )
    with row:
        csv_button(t("a11y.data_csv", lang), key=f"{key}-data-csv")
    with row.popover(t("export.menu", lang), icon=":material/download:", help=t("export.menu_help", lang), key=f"{key}-export"):
        for fmt in FIGURE_FORMATS:
            st.download_button(
                t(f"export.{fmt}", lang),
                data=lambda fmt=fmt: export.figure_bytes(drawn().figure, fmt, provenance=provenance),
                file_name=f"{stem}.{fmt}",
                mime=export.MIME_TYPES[fmt],
                key=f"{key}-export-{fmt}",
                help=t(f"export.{fmt}_help", lang),
                on_click="ignore",
                disabled=fmt in export.STATIC_FORMATS and not static_ok,
                icon=ICONS[fmt],
                width="stretch",
            )
        csv_button(t("export.csv", lang), key=f"{key}-export-csv", width="stretch")
        if not static_ok:
            st.warning(t("export.no_chromium", lang), icon=":material/info:")
        st.caption(t("export.file_note", lang))
    cite.chart_popover(row, key, lang, stem, view_link(), drawn)


# --- briefing --------------------------------------------------------------------------------


def _url_parameters() -> dict[str, str]:
    out = {}
    for key in st.query_params:
        if key not in NOT_PARAMETERS:
            out[key] = ", ".join(st.query_params.get_all(key))
    return out


def view_link() -> str | None:
    """The address of this view: the page's URL with every parameter (reopens the same view)."""
    base = st.context.url
    if not is_web_url(base):
        return None
    pairs = [(key, value) for key in st.query_params for value in st.query_params.get_all(key)]
    return f"{base}?{urlencode(pairs)}" if pairs else base


def _overview_tables() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame] | None:
    try:
        return session.table("trade"), session.table("targets"), session.table("projects")
    except data.DataError:
        return None


def make_report(
    view: View, lang: str, title: str, tables, parameters: dict[str, str], link: str | None, provenance: Provenance = NONE
) -> briefing.Briefing:
    """The briefing of `view` as it is now (called when a briefing button is clicked)."""
    kpi_list: list[briefing.Kpi] = []
    if tables is not None:
        try:
            kpi_list = briefing.overview_kpis(*tables, lang)
        except (LookupError, ValueError, KeyError):
            kpi_list = []
    return briefing.Briefing(
        lang=lang,
        view=title,
        kpis=kpi_list,
        charts=list(view.charts.values()),
        parameters=parameters or None,  # every page's inputs live in its URL
        link=link,
        provenance=provenance,
        statements=list(view.statements),
        tables=list(view.tables),
    )


def _briefing_html(*args) -> bytes:
    return briefing.briefing_html(make_report(*args)).encode()  # UTF-8


def _briefing_pdf(*args) -> bytes:
    return briefing.briefing_pdf(make_report(*args))


def briefing_downloads(container, lang: str, title: str, url_path: str) -> None:
    """Briefing buttons (HTML and PDF of the current page) in `container`; call after the page ran."""
    view = current_view()
    # The key figures come from the Overview's tables on every page: their uploads count too.
    provenance = view.provenance(*session_data.OVERVIEW_RESOURCES)
    args = (view, lang, re.sub(r"[*_`]", "", title), _overview_tables(), _url_parameters(), view_link(), provenance)
    stem = file_stem(f"briefing-{url_path or 'overview'}", lang)
    static_ok = export.static_export_available()
    with container:
        st.caption(t("export.briefing.heading", lang))
        for fmt, build, mime, icon in (
            ("html", _briefing_html, "text/html", ":material/description:"),
            ("pdf", _briefing_pdf, "application/pdf", ":material/picture_as_pdf:"),
        ):
            st.download_button(
                t(f"export.briefing.button_{fmt}", lang),
                data=partial(build, *args),
                file_name=f"{stem}.{fmt}",
                mime=mime,
                key=f"briefing-{fmt}",
                help=t(f"export.briefing.help_{fmt}", lang),
                on_click="ignore",
                disabled=fmt == "pdf" and not static_ok,
                icon=icon,
                width="stretch",
            )
        if not static_ok:
            st.caption(t("export.briefing.pdf_unavailable", lang))

"""The shared frame of every page: its language and tables (`page`), errors shown as messages, charts
with their export menu, tables with their downloads.

What a session sees (its language, its tables) is ui/session.py's; this module re-exports `lang`,
`table`, `shipped` and `SESSION_TABLES_KEY` for the pages.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from partnership import data
from partnership.charts.chart import Chart
from partnership.export.provenance import stamp
from partnership.export.tables import MIME_TYPES, as_shown, table_bytes
from partnership.i18n import DEFAULT_LANGUAGE, LANGUAGES, error_text, fmt_number, fmt_pct, language, t
from ui import export_menu, plotly_element
from ui.session import SESSION_TABLES_KEY, is_session_data, lang, shipped, table

__all__ = [
    "SESSION_TABLES_KEY",
    "PageStart",
    "chart",
    "data_table",
    "dataframe",
    "is_session_data",
    "lang",
    "language_picker",
    "link_column",
    "localized_table",
    "page",
    "relabel_after_language_switch",
    "seed_from_link",
    "shipped",
    "show_data_error",
    "sidebar_footer",
    "styles",
    "table",
    "table_downloads",
    "tables",
]

if TYPE_CHECKING:
    from pandas.io.formats.style import Styler
    from streamlit.delta_generator import DeltaGenerator

_APP_CSS = Path(__file__).parent / "assets" / "app.css"
# The ?lang= value this session last put into (or took from) the address.
_LANG_IN_URL = "_lang_in_url"


def styles() -> None:
    """The app's stylesheet (ui/assets/app.css), once per run: wrapping metrics, phone forms of charts, focus rings."""
    st.html(_APP_CSS)


def language_picker() -> str:
    """The language radio, each language in its own name, with its code (never the name) in ?lang=.

    A radio bound to the query parameters would write the option's label ("Oʻzbekcha") into the
    address; so the picker is unbound and this function keeps ?lang= itself: a code in the address
    that this session did not write (an opened link, the browser's Back) sets the language, and on
    every run the address gets the current code back (a page switch drops unbound parameters).
    The default language leaves the address clean.
    """
    in_url = st.query_params.get("lang")
    if in_url in LANGUAGES and in_url != st.session_state.get(_LANG_IN_URL):
        st.session_state["lang"] = in_url
    st.sidebar.radio(
        " · ".join(dict.fromkeys(t("app.language", code) for code in LANGUAGES)),
        tuple(LANGUAGES),
        key="lang",
        format_func=lambda code: language(code).name,
        horizontal=True,
    )
    chosen = lang()
    wanted = None if chosen == DEFAULT_LANGUAGE else chosen
    if in_url != wanted:
        if wanted is None:
            del st.query_params["lang"]
        else:
            st.query_params["lang"] = wanted
    st.session_state[_LANG_IN_URL] = wanted
    return chosen


def relabel_after_language_switch(scope: str, keys: list[str] | tuple[str, ...]) -> None:
    """Set bound widgets' values again after a language switch.

    A bound widget keeps the labels it was given; setting its value again makes the chips and
    the URL carry the labels of the new language. `scope` names the page, so each page keeps
    track of the language it last drew its widgets in.
    """
    marker = f"_{scope}_lang"
    previous = st.session_state.get(marker)
    if previous is not None and previous != lang():
        for key in keys:
            if key in st.session_state:
                value = st.session_state[key]
                st.session_state[key] = list(value) if isinstance(value, list) else value
    st.session_state[marker] = lang()


def seed_from_link(key: str, options: list[str], label: Callable[[str, str], str]) -> None:
    """Before a bound multiselect: take ?key= values written in any language, or as the data's own value.

    A bound widget reads its labels in the page's language from the address, so `sector=water` on a
    Russian page (or a Kazakh label in a link opened in Russian) would be dropped as unknown. Each
    value that names an option (its data value, or its label in any language, case-insensitively)
    becomes that option's label in this language; values already in it are left to Streamlit.
    """
    wanted = st.query_params.get_all(key)
    own = {label(option, lang()) for option in options}
    if not wanted or all(value in own for value in wanted):
        return
    names = {option.casefold(): option for option in options}
    for code in LANGUAGES:
        names |= {label(option, code).casefold(): option for option in options}
    chosen = list(dict.fromkeys(names[value.casefold()] for value in wanted if value.casefold() in names))
    if not chosen:
        return
    # The address gets this language's labels and the run starts again, so the widget is seeded from
    # it as from any link (as view_memory.restore does).
    st.query_params[key] = [label(option, lang()) for option in chosen]
    st.rerun()


@dataclass(frozen=True)
class PageStart:
    """What a page's preamble gives it: the reader's language, the tables it asked for, its title's slot."""

    lang: str
    tables: tuple[pd.DataFrame, ...]
    heading: DeltaGenerator


def page(scope: str, *resources: str, titled: bool = True) -> PageStart:
    """Every page's start: its title and intro (catalog keys `<scope>.title`, `<scope>.intro`), then its tables.

    On bad data the error is shown and the run stops. A page whose title needs its data passes
    `titled=False` and fills `heading` itself (until then, and on bad data, it holds `nav.<scope>`).
    """
    language = lang()
    heading = st.empty()
    heading.title(t(f"{scope}.title" if titled else f"nav.{scope}", language))
    st.caption(t(f"{scope}.intro", language))
    loaded = tables(*resources)
    if loaded is None:
        st.stop()
    return PageStart(language, tuple(loaded), heading)


def tables(*resources: str) -> list[pd.DataFrame] | None:
    """Load several resources; on bad data show the error in the page and return None."""
    try:
        loaded = [table(name) for name in resources]
    except data.DataError as error:
        show_data_error(error)
        return None
    export_menu.current_view().resources.update(resources)  # exports name the uploads these come from
    uploaded = [name for name in resources if is_session_data(name)]
    if uploaded:
        # The reader must know these are not the published figures.
        st.info(t("app.session_data", lang(), resources=", ".join(uploaded)), icon=":material/upload_file:")
    return loaded


def show_data_error(error: data.DataError) -> None:
    language = lang()
    st.error(f"**{t('app.error_title', language)}**\n\n{t('app.error_hint', language)}", icon="⚠️")
    st.code(error_text(error, language), language=None, wrap_lines=True)


def link_column(language: str) -> st.column_config.LinkColumn:
    """Source links shown as a short 'open' label; only http(s) links are made clickable."""
    return st.column_config.LinkColumn(
        t("common.source", language),
        display_text=t("common.open_source", language),
        validate=r"^https?://",
        width="small",
    )


def sidebar_footer(language: str) -> None:
    try:
        meta = data.package()
    except data.DataError:
        return
    # The licence's short name (CC-BY-4.0) reads the same in every language; the package's title is English.
    licence = ", ".join(entry["name"] for entry in meta.get("licenses", []))
    st.sidebar.caption(t("app.data_footer", language))
    st.sidebar.caption(t("app.data_licence", language, licence=licence))


def chart(built: Chart, key: str, name: str, data: pd.DataFrame | None = None) -> None:
    """Show a chart builder's chart. Every page shows charts through here (ui/plotly_element: updated in place,
    not remounted, on a rerun), so the export menu is added in one place.

    `name` is the chart's file-name stem (e.g. "trade-turnover"); `data` is the table behind it (the briefing
    lists it); the chart's CSV is its own table.
    """
    language, figure = lang(), built.figure
    # Uploaded data: the chart says so under its sources, on the page and so in the modebar's own PNG (in the
    # footer's colour, which a dark theme swaps; the menu's files stamp the figure in amber themselves).
    shown = stamp(figure, export_menu.current_view().provenance(), language, color=False)
    # The menu sits above the chart but is filled after it, so the chart reaches the browser first.
    row = export_menu.menu_row(key)
    plotly_element.show(
        shown, key=key, config=export_menu.plotly_config(name, language), unavailable=t("chart.unavailable", language)
    )
    export_menu.chart_menu(built, key=key, name=name, data=data, lang=language, row=row)


def localized_table(df: pd.DataFrame, column_config: dict | None, language: str) -> tuple[pd.DataFrame | Styler, dict]:
    """The table and its column config as the reader's language writes numbers (4,97 in ru, 4.97 in en).

    Streamlit's own number formats are printf-style or follow the browser's locale ("localized"), not
    the page's language. So decimal columns get their text from a Styler (Babel, via i18n) while the
    cells keep their numbers: the column still sorts as numbers. A column's printf format ("%.2f")
    sets the decimals, "%g" or none shows the value as stored, "percent" a share as a percentage;
    other formats ("%d" for years) and integer columns stay Streamlit's.
    """
    config = dict(column_config or {})
    formatters = {}
    dates = {}
    for column in df.columns:
        entry = config.get(column)
        fmt = entry.get("type_config", {}).get("format") if isinstance(entry, dict) else None
        if pd.api.types.is_datetime64_any_dtype(df[column]) and fmt is None:
            # A Styler gives every cell a text: dates without a format keep Streamlit's default one.
            dates[column] = _streamlit_datetime
            continue
        kind = entry.get("type_config", {}).get("type") if isinstance(entry, dict) else None
        if not pd.api.types.is_float_dtype(df[column]) or kind not in (None, "number"):
            continue  # a progress bar, a chart, a checkbox… draws its own way
        decimals = re.fullmatch(r"%\.(\d)f", fmt or "")
        if fmt is None or fmt == "%g":
            formatters[column] = partial(fmt_number, lang=language)
        elif decimals:
            formatters[column] = partial(fmt_number, lang=language, digits=int(decimals[1]))
        elif fmt == "percent":
            formatters[column] = partial(_share_as_percent, lang=language)
        else:
            continue
        if isinstance(entry, dict) and "type_config" in entry:
            # Streamlit shows a Styler's text only where the column config sets no format.
            config[column] = {**entry, "type_config": {**entry["type_config"], "format": None}}
    if not formatters:
        return df, config
    return df.style.format(formatters | dates, na_rep=""), config


def _share_as_percent(value: float, lang: str) -> str:
    return fmt_pct(value * 100, lang, 1)


def _streamlit_datetime(value: pd.Timestamp) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S")


def dataframe(df: pd.DataFrame, column_config: dict | None = None, key: str | None = None) -> None:
    """`st.dataframe` as every table of the app shows it: locale decimals, an empty cell where a value is missing."""
    shown, config = localized_table(df, column_config, lang())
    st.dataframe(shown, hide_index=True, width="stretch", column_config=config, key=key, placeholder="")


def data_table(df: pd.DataFrame, name: str, column_config: dict | None = None, key: str | None = None) -> None:
    """Show a table with CSV and XLSX downloads of it as shown: its rows, the page's headers, yes/no in words."""
    dataframe(df, column_config=column_config, key=key)
    table_downloads(lambda: (df, column_config), name, key or name)


def table_downloads(source, name: str, key: str) -> None:
    """CSV and XLSX buttons for the table `source()` returns, as (rows, column config), when a button is clicked."""
    language = lang()
    stem = export_menu.file_stem(name, language)
    provenance = export_menu.current_view().provenance()

    def file(fmt: str) -> bytes:
        yes, no = t("export.table.yes", language), t("export.table.no", language)
        rows, config = source()
        urls = [[url] for url in rows["source_url"]] if "source_url" in rows.columns else None
        shown = as_shown(rows, config, yes=yes, no=no)
        sheet = t("export.table.sheet", language)
        return table_bytes(shown, fmt, provenance=provenance, lang=language, row_urls=urls, sheet=sheet)

    columns = st.columns([1, 1, 6])
    for column, fmt in zip(columns, ("csv", "xlsx"), strict=False):
        column.download_button(
            fmt.upper(),
            data=lambda fmt=fmt: file(fmt),
            file_name=f"{stem}.{fmt}",
            mime=MIME_TYPES[fmt],
            key=f"{key}-{fmt}",
            on_click="ignore",
            icon=":material/download:",
        )

"""A one-file briefing report of what a page shows: KPIs, charts, parameters, tables, sources.

    from partnership.export import briefing
    report = briefing.Briefing(lang="ru", view="Торговля", kpis=briefing.overview_kpis(trade, targets, projects, "ru"),
                               charts=[briefing.ChartItem("trade-turnover", fig, data)])
    html = briefing.briefing_html(report)   # one self-contained file: opens offline, plotly.js inline
    pdf = briefing.briefing_pdf(report)     # the same report printed by Chromium (A4)

The HTML carries every chart twice: interactive (plotly.js embedded, no CDN) on screen and as a
static SVG image, which is what print and the PDF show. Without Chromium the static images are
left out with a note; the interactive report still works. Data text is always escaped: nothing
from the data becomes markup, and only http(s) sources become links.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import math
import numbers
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlparse

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.offline import get_plotlyjs

from partnership import kpis, vocabulary
from partnership.charts.chart import CALCULATION, SOURCE, Chart
from partnership.export import figures
from partnership.export.provenance import NONE, Provenance, note, stamp
from partnership.i18n import (
    catalog,
    fmt_date,
    fmt_number,
    language,
    localized_title,
    normalize_language,
    period_label,
    row_date,
    t,
)
from partnership.overview_cards import Card, cards_from_tables
from partnership.text import is_web_url

# Charts in the report: a little narrower than the slide export so the text stays legible on A4.
CHART_WIDTH = 960
CHART_HEIGHT = 540
MAX_TABLE_ROWS = 300
# Text columns longer than this on average (verbatim quotes) stay in the CSV, not in the report;
# so do internal flags, and the publication titles (the list of sources has them).
MAX_MEAN_TEXT = 60
LONG_TEXT_SHOWN = ("source_url", "event")  # long, but the point of their table
HIDDEN_COLUMNS = ("quote", "source_title", "cited_in_article", "full_year_sources", "key_event")
SECTIONS = ("kpis", "charts", "parameters", "tables", "sources")
MINUS = "\u2212"
TIDY_COLUMNS = {"label": "name"}  # a chart table's column → the column whose header it takes
COMPUTED_DIGITS = 2  # decimals of a calculated value, as the charts' hover and the chart CSV show it


# A key figure in the report is the Overview's card, worded once in overview_cards.
Kpi = Card


@dataclass
class ChartItem:
    """A chart as the page showed it: file-name stem, the chart (a builder's `Chart`, or a bare figure), and the
    table behind it.

    `source` is that table or a function making it: a chart redrawn on every slider move builds the
    table only when an export or the briefing asks for it (`data`, built once). Without one, the chart's own
    table (one row per point) stands in; its sources are in the report's list either way.
    """

    name: str
    figure: go.Figure | Chart
    source: pd.DataFrame | Callable[[], pd.DataFrame] | None = None
    chart: Chart | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        if isinstance(self.figure, Chart):
            self.chart, self.figure = self.figure, self.figure.figure

    @cached_property
    def data(self) -> pd.DataFrame | None:
        if self.source is None:
            return self.chart.table if self.chart is not None else None
        return self.source() if callable(self.source) else self.source

    def source_urls(self) -> list[str]:
        """The source URLs of every point the chart draws, in order (none for a bare figure)."""
        return self.chart.source_urls() if self.chart is not None else []


@dataclass
class Briefing:
    lang: str
    view: str = ""
    kpis: list[Kpi] = field(default_factory=list)
    charts: list[ChartItem] = field(default_factory=list)
    # Named parameters of the view (a scenario's growth rate, the filters), shown if given.
    parameters: dict[str, str] | None = None
    # Extra tables (title, frame); the data behind every chart is included anyway.
    tables: list[tuple[str, pd.DataFrame]] = field(default_factory=list)
    # Sentences the page shows beside its key figures (the Overview's on-track sentence), in Markdown.
    statements: list[str] = field(default_factory=list)
    link: str | None = None
    # The uploaded files the view's data comes from (none: the published data).
    provenance: Provenance = NONE
    generated: dt.datetime = field(default_factory=lambda: dt.datetime.now().astimezone())

    def __post_init__(self) -> None:
        self.lang = normalize_language(self.lang)


# --- content ---------------------------------------------------------------------------------


def overview_kpis(trade_df: pd.DataFrame, targets: pd.DataFrame, projects: pd.DataFrame, lang: str) -> list[Kpi]:
    """The Overview's key figures worded as the Overview page shows them, each with its source."""
    return cards_from_tables(trade_df, targets, projects, lang)


def key_events_table(events: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The Overview's key events as its page lists them: date, title in `lang` (marked if another language's), source."""
    rows = kpis.key_events(events)
    return pd.DataFrame(
        {
            "date": [row_date(row, lang) for _, row in rows.iterrows()],
            "event": [localized_title(row, lang) for _, row in rows.iterrows()],
            "source_url": list(rows["source_url"]),
        }
    )


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def chart_title(fig: go.Figure) -> str:
    title = fig.layout.title.text if fig.layout.title else None
    return str(title).replace("<br>", " ") if title else ""


def all_tables(report: Briefing) -> list[tuple[str, pd.DataFrame]]:
    """The data behind each chart (as filtered on the page), each row once, then any extra tables.

    Charts of one page often draw the same rows (the Trade page's three tabs): a row a table above
    already lists (same values in the columns both have, year and source among them) is not listed
    again; its columns that table lacks are added to it, and the table's title names every chart it
    serves. So a briefing holds one table with the union of the rows, not the same rows three times.
    """
    merged: list[tuple[list[str], pd.DataFrame]] = []
    for item in report.charts:
        if item.data is None:
            continue
        title, rest = chart_title(item.figure) or item.name, item.data
        for index, (titles, earlier) in enumerate(merged):
            covered, joined = _union(earlier, rest)
            if covered.any():
                merged[index] = (titles + ([title] if title not in titles else []), joined)
                rest = rest[~covered]
        if len(rest) or not merged:
            merged.append(([title], rest))
    tables = [(t("export.briefing.chart_data", report.lang, chart="; ".join(titles)), df) for titles, df in merged if len(df)]
    return tables + [(title, df) for title, df in report.tables if df is not None]


MATCH_COLUMNS = {"year", "source_url"}  # rows are the same figure only if they share at least these


def _union(earlier: pd.DataFrame, later: pd.DataFrame) -> tuple[pd.Series, pd.DataFrame]:
    """(which rows of `later` `earlier` already lists, `earlier` with `later`'s other columns for those rows)."""
    shared = [c for c in later.columns if c in earlier.columns]
    if not MATCH_COLUMNS <= set(shared) or later.empty:
        return pd.Series(False, index=later.index), earlier
    keys = {_row_key(row) for row in earlier[shared].itertuples(index=False)}
    covered = pd.Series([_row_key(row) in keys for row in later[shared].itertuples(index=False)], index=later.index)
    extra = [c for c in later.columns if c not in earlier.columns]
    if not extra or not covered.any():
        return covered, earlier
    added = later.loc[covered, shared + extra].drop_duplicates(subset=shared)
    position = {_row_key(row[: len(shared)]): row[len(shared) :] for row in added.itertuples(index=False)}
    joined = earlier.copy()
    rows = [position.get(_row_key(row), (None,) * len(extra)) for row in earlier[shared].itertuples(index=False)]
    for number, column in enumerate(extra):
        values = pd.Series([row[number] for row in rows], index=earlier.index, dtype=object)
        joined[column] = values.infer_objects()
    return covered, joined


def _row_key(row) -> tuple:
    return tuple(None if _missing(value) else value for value in row)


def sources(report: Briefing) -> list[tuple[str, str]]:
    """Every source behind the report, once, in order of first use: (title, url)."""
    seen: dict[str, str] = {}

    def add(url: object, title: object = None) -> None:
        if _missing(url) or not str(url).strip():
            return
        url = str(url).strip()
        name = str(title).strip() if isinstance(title, str) and title.strip() else ""
        if url not in seen or (name and not seen[url]):
            seen[url] = name

    for kpi in report.kpis:
        add(kpi.source_url)
    for _, df in all_tables(report):
        if "source_url" in df.columns:
            titles = df["source_title"] if "source_title" in df.columns else [None] * len(df)
            for url, title in zip(df["source_url"], titles, strict=False):
                add(url, title)
    for item in report.charts:  # a chart's points whose sources no table above lists (a target, a path's start)
        for url in item.source_urls():
            add(url)
    return [(title or urlparse(url).netloc.removeprefix("www.") or url, url) for url, title in seen.items()]


# --- rendering -------------------------------------------------------------------------------

CSS = """
:root { color-scheme: light; }
body { font-family: Inter, 'Source Sans Pro', 'DejaVu Sans', Arial, sans-serif; color: #262730; margin: 0 auto;
       max-width: 1080px; padding: 24px 32px 48px; line-height: 1.45; font-size: 14px; }
header { border-bottom: 3px solid #0072B2; padding-bottom: 12px; margin-bottom: 8px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 28px 0 10px; border-bottom: 1px solid #e6e8eb; padding-bottom: 4px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
.meta { color: #5f6368; margin: 2px 0; }
.kpis { display: grid; grid-template-columns: repeat(3, 1fr); gap: 10px; }
.kpi { border: 1px solid #e6e8eb; border-radius: 8px; padding: 10px 12px; break-inside: avoid; }
.kpi .label { color: #5f6368; font-size: 13px; }
.kpi .value { font-size: 22px; font-weight: 600; margin: 2px 0; }
.kpi .note { font-size: 12px; color: #5f6368; }
figure.chart { margin: 12px 0 24px; break-inside: avoid; }
figure.chart img.static { width: 100%; height: auto; display: none; }
figure.chart .interactive { width: 100%; }
figure.chart figcaption { font-size: 12px; color: #5f6368; }
.static-only figure.chart img.static { display: block; }
.notice { background: #fff8e1; border-left: 4px solid #E69F00; padding: 6px 10px; font-size: 13px; }
dl.params { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; }
dl.params dt { color: #5f6368; } dl.params dd { margin: 0; font-weight: 600; }
table { border-collapse: collapse; width: 100%; max-width: 100%; font-size: 11.5px; margin-bottom: 6px; }
th, td { border-bottom: 1px solid #e6e8eb; padding: 3px 5px; text-align: left; vertical-align: top;
         overflow-wrap: break-word; hyphens: auto; }
th { background: #f4f5f7; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
thead { display: table-header-group; } tr { break-inside: avoid; }
ol.sources { font-size: 12.5px; padding-left: 28px; } ol.sources li { margin: 2px 0; word-break: break-word; }
a { color: #0072B2; }
footer { margin-top: 32px; color: #5f6368; font-size: 12px; border-top: 1px solid #e6e8eb; padding-top: 8px; }
@page { size: A4; }
@media print {
  body { max-width: none; padding: 0; font-size: 12px; }
  .kpis { grid-template-columns: repeat(3, 1fr); }
  figure.chart.has-static .interactive, .screen-only { display: none !important; }
  figure.chart img.static { display: block; }
  h2 { break-after: avoid; } h3 { break-after: avoid; }
  table { font-size: 9.5px; } th, td { padding: 2px 3px; }
  a { color: inherit; text-decoration: none; }
}
"""
NOSCRIPT = "<noscript><style>figure.chart img.static{display:block}figure.chart .interactive{display:none}</style></noscript>"


def _html_text(text: object) -> str:
    """A value as HTML text: escaped, a missing value empty."""
    return html.escape("" if _missing(text) else str(text))


def _link(label: str, url: object) -> str:
    if is_web_url(url):
        return f'<a href="{_html_text(str(url).strip())}" rel="noopener noreferrer">{_html_text(label)}</a>'
    return _html_text(label)


def _column_label(column: str, lang: str) -> str:
    strings = catalog(lang)
    column = TIDY_COLUMNS.get(column, column)
    keys = (f"export.column.{column}", f"trade.column.{column}", f"common.{column}", f"export.chart.{column}")
    for key in (*keys, f"export.chart.param.{column}"):
        if key in strings:
            return strings[key]
    return column


def _minus(text: str) -> str:
    """A negative number with the minus sign (−), as the page's charts write it, not a hyphen."""
    return MINUS + text[1:] if text.startswith("-") else text


def _cell(value: object, column: str, lang: str, source_numbers: dict[str, int], digits: int | None = None) -> tuple[str, bool]:
    """(escaped HTML, is_number) for one table cell; a number with `digits` decimals if given, else as stored."""
    if _missing(value):
        return "", False
    if column == "source_url":
        number = source_numbers.get(str(value).strip())
        return (_link(f"[{number}]", value) if number else _html_text(value)), False
    if isinstance(value, (bool, np.bool_)):
        return (_html_text(t("export.briefing.yes", lang)) if value else ""), False
    if column == "year" and isinstance(value, numbers.Real):
        return _html_text(int(value)), True
    if isinstance(value, numbers.Real):
        whole = isinstance(value, numbers.Integral) or float(value).is_integer()
        return _html_text(_minus(fmt_number(float(value), lang, None if whole else digits))), True
    if isinstance(value, (pd.Timestamp, dt.date)):
        return _html_text(fmt_date(value.date() if isinstance(value, pd.Timestamp) else value, lang)), False
    if column == "reporter" and f"reporter.{value}" in catalog(lang):
        return _html_text(t(f"reporter.{value}", lang)), False
    if column in vocabulary.FIELDS:
        return _html_text(vocabulary.term(column, value, lang)), False
    if column == "origin" and value in (CALCULATION, SOURCE):
        return _html_text(
            t("export.chart.origin_computed" if value == CALCULATION else "export.chart.origin_source", lang)
        ), False
    if column == "period" and isinstance(value, str):
        return _html_text(period_label(value, lang)), False
    if column == "period_type" and f"period_type.{value}" in catalog(lang):
        return _html_text(t(f"period_type.{value}", lang)), False
    return _html_text(value), False


def _shown_columns(df: pd.DataFrame) -> list[str]:
    columns = []
    for column in df.columns:
        values = df[column]
        if values.isna().all() or column in HIDDEN_COLUMNS:
            continue
        if column not in LONG_TEXT_SHOWN and (values.dtype == object or pd.api.types.is_string_dtype(values)):
            lengths = values.dropna().astype(str).str.len()
            if len(lengths) and lengths.mean() > MAX_MEAN_TEXT:
                continue
        columns.append(column)
    return columns


def table_html(df: pd.DataFrame, lang: str, source_numbers: dict[str, int] | None = None) -> str:
    """A DataFrame as an escaped HTML table: locale numbers, readable headers, sources as [n] links.

    Cells wrap (even inside a long word) so every column fits the width of an A4 page; a column
    that reads cell for cell like an earlier one (a period and its type, both "full year") is
    left out rather than printed twice.
    """
    source_numbers = source_numbers or {}
    rows = df.head(MAX_TABLE_ROWS)
    # Rows without sources are calculations (a scenario's path): shown rounded, as the page and the chart's
    # hover show them; a source's figure is shown as the source gave it.
    if "origin" in rows.columns:  # a chart's own table says which points are calculations
        sourced = rows["origin"] != CALCULATION
    elif "source_url" in rows.columns:
        sourced = rows["source_url"].map(is_web_url)
    else:
        sourced = pd.Series(False, index=rows.index)
    digits = [None if has_source else COMPUTED_DIGITS for has_source in sourced]
    rendered: dict[str, list[tuple[str, bool]]] = {}
    for column in _shown_columns(df):
        cells = [_cell(value, column, lang, source_numbers, d) for value, d in zip(rows[column], digits, strict=True)]
        if any(cells == earlier for earlier in rendered.values()):
            continue
        rendered[column] = cells
    columns = list(rendered)
    numeric = {c for c in columns if pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c])}
    head = "".join(f"<th{' class=num' if c in numeric else ''}>{_html_text(_column_label(c, lang))}</th>" for c in columns)
    body = []
    for index in range(len(rows)):
        cells = []
        for column in columns:
            text, is_number = rendered[column][index]
            cells.append(f'<td class="num">{text}</td>' if is_number else f"<td>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    more = ""
    if len(df) > MAX_TABLE_ROWS:
        more = f'<p class="meta">{_html_text(t("export.briefing.rows_cut", lang, shown=MAX_TABLE_ROWS, total=len(df)))}</p>'
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>{more}"


def _chart_html(item: ChartItem, index: int, lang: str, *, interactive: bool, static: bool, provenance: Provenance) -> str:
    fig = stamp(item.figure, provenance, lang)
    title = chart_title(fig) or item.name
    parts = []
    if interactive:
        parts.append(
            '<div class="interactive">'
            + pio.to_html(
                fig,
                include_plotlyjs=False,
                full_html=False,
                config=dict(figures.PLOTLY_CONFIG),  # a copy: plotly.py pops keys from it
                default_width="100%",
                default_height=f"{CHART_HEIGHT}px",
                div_id=f"chart-{index}",
                validate=False,
            )
            + "</div>"
        )
    links = []
    if static:
        svg = figures.figure_bytes(fig, "svg", width=CHART_WIDTH, height=CHART_HEIGHT)
        uri = "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
        parts.append(f'<img class="static" src="{uri}" alt="{_html_text(title)}" width="{CHART_WIDTH}" height="{CHART_HEIGHT}">')
        links.append(
            f'<a download="{_html_text(item.name)}.svg" href="{uri}">{_html_text(t("export.briefing.static_link", lang))}</a>'
        )
    # The title is inside the figure; the caption only offers the static image on screen.
    caption = f'<figcaption class="screen-only">{" ".join(links)}</figcaption>' if links else ""
    classes = "chart has-static" if static else "chart"
    return f'<figure class="{classes}" aria-label="{_html_text(title)}">{"".join(parts)}{caption}</figure>'


def briefing_html(report: Briefing, *, interactive: bool = True, static: bool | None = None) -> str:
    """The whole report as one HTML file that opens offline.

    `interactive`: embed plotly.js and draw the charts live (False for the print version).
    `static`: include SVG images of the charts (default: when Chromium is available).
    """
    lang = report.lang
    if static is None:
        static = figures.static_export_available()
    listed = sources(report)
    source_numbers = {url: n for n, (_, url) in enumerate(listed, start=1)}
    title = t("export.briefing.title", lang)
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_html_text(title)}{' — ' + _html_text(report.view) if report.view else ''}</title>",
        f"<style>{CSS}</style>",
    ]
    if report.provenance:
        out.append(f'<meta name="data-provenance" content="{_html_text(note(report.provenance, lang))}">')
    if interactive:
        out.append(f'<script type="text/javascript">{get_plotlyjs()}</script>')
        out.append(NOSCRIPT)
    out.append(f'</head><body class="{"" if interactive else "static-only"}">')
    out.append(_header_html(report, title))
    out += _kpis_html(report, source_numbers)
    out += _parameters_html(report)
    out += _charts_html(report, interactive=interactive, static=static)
    out += _tables_html(report, source_numbers)
    out += _sources_html(report, listed)
    out.append(f"<footer>{_html_text(t('export.briefing.footer', lang))}</footer></body></html>")
    return "\n".join(out)


def _header_html(report: Briefing, title: str) -> str:
    """Title, view, when generated, language and (for a web link) the link back to the view."""
    lang = report.lang
    generated = fmt_date(report.generated.date(), lang) + report.generated.strftime(" %H:%M")
    return (
        "<header>"
        f"<h1>{_html_text(title)}</h1>"
        + (
            f'<p class="meta">{_html_text(t("export.briefing.view", lang))}: <b>{_html_text(report.view)}</b></p>'
            if report.view
            else ""
        )
        + f'<p class="meta" id="generated">{_html_text(t("export.briefing.generated", lang))}: {_html_text(generated)}</p>'
        f'<p class="meta" id="language">{_html_text(t("export.briefing.language", lang))}: {_html_text(language(lang).name)}</p>'
        + (
            # On paper the address itself: a printed link cannot be clicked (the PDF's still can).
            f'<p class="meta" id="link">{_html_text(t("export.briefing.link", lang))}: {_link(str(report.link), report.link)}</p>'
            if is_web_url(report.link)
            else ""
        )
        + "</header>"
        + (f'<p class="notice" id="provenance">{_html_text(note(report.provenance, lang))}</p>' if report.provenance else "")
    )


def _kpis_html(report: Briefing, source_numbers: dict[str, int]) -> list[str]:
    """The key figures, each with the number of its source."""
    lang = report.lang
    out = [f'<section id="kpis"><h2>{_html_text(t("export.briefing.kpis", lang))}</h2>']
    if report.kpis:
        out.append('<div class="kpis">')
        for kpi in report.kpis:
            number = source_numbers.get(str(kpi.source_url).strip()) if kpi.source_url else None
            source = f" {_link(f'[{number}]', kpi.source_url)}" if number else ""
            out.append(
                f'<div class="kpi"><div class="label">{_html_text(kpi.label)}</div><div class="value">{_html_text(kpi.value)}{_html_text(f" ({kpi.delta})" if kpi.delta else "")}</div>'
                f'<div class="note">{_html_text(kpi.note)}{source}</div></div>'
            )
        out.append("</div>")
    else:
        out.append(f'<p class="meta">{_html_text(t("export.briefing.no_kpis", lang))}</p>')
    out += [f'<p class="statement">{markdown_html(text)}</p>' for text in report.statements]
    out.append("</section>")
    return out


def markdown_html(text: str) -> str:
    """A sentence of the page's Markdown (bold, escaped characters) as escaped HTML: nothing else becomes markup."""
    plain = re.sub(r"\\([\\`*_{}\[\]()#+\-.!$|~<>])", r"\1", text.replace("**", "\0"))
    parts = _html_text(plain).split("\0")
    return "".join(f"<b>{part}</b>" if index % 2 else part for index, part in enumerate(parts))


def _parameters_html(report: Briefing) -> list[str]:
    """The parameters of the view (scenario inputs, filters); nothing when there are none."""
    if not report.parameters:
        return []
    out = [f'<section id="parameters"><h2>{_html_text(t("export.briefing.parameters", report.lang))}</h2><dl class="params">']
    out += [f"<dt>{_html_text(name)}</dt><dd>{_html_text(value)}</dd>" for name, value in report.parameters.items()]
    out.append("</dl></section>")
    return out


def _charts_html(report: Briefing, *, interactive: bool, static: bool) -> list[str]:
    lang = report.lang
    out = [f'<section id="charts"><h2>{_html_text(t("export.briefing.charts", lang))}</h2>']
    if not static:
        out.append(f'<p class="notice">{_html_text(t("export.briefing.no_static", lang))}</p>')
    if not report.charts:
        out.append(f'<p class="meta">{_html_text(t("export.briefing.no_charts", lang))}</p>')
    for index, item in enumerate(report.charts, start=1):
        out.append(_chart_html(item, index, lang, interactive=interactive, static=static, provenance=report.provenance))
    out.append("</section>")
    return out


def _tables_html(report: Briefing, source_numbers: dict[str, int]) -> list[str]:
    """The tables behind the charts, as filtered."""
    lang = report.lang
    out = [f'<section id="tables"><h2>{_html_text(t("export.briefing.tables", lang))}</h2>']
    tables = all_tables(report)
    if not tables:
        out.append(f'<p class="meta">{_html_text(t("export.briefing.no_tables", lang))}</p>')
    for table_title, df in tables:
        out.append(f"<h3>{_html_text(table_title)}</h3>")
        out.append(f'<p class="meta">{_html_text(t("export.briefing.rows", lang, count=len(df)))}</p>')
        out.append(table_html(df, lang, source_numbers))
    out.append("</section>")
    return out


def _sources_html(report: Briefing, listed: list[tuple[str, str]]) -> list[str]:
    lang = report.lang
    out = [f'<section id="sources"><h2>{_html_text(t("export.briefing.sources", lang))}</h2><ol class="sources">']
    out += [f"<li>{_link(name, url)} <span class='meta'>{_html_text(url)}</span></li>" for name, url in listed]
    out.append("</ol>")
    if not listed:
        out.append(f'<p class="meta">{_html_text(t("export.briefing.no_sources", lang))}</p>')
    out.append("</section>")
    return out


def briefing_pdf(report: Briefing) -> bytes:
    """The same report printed by Chromium: A4, static charts, page numbers. Needs Chromium."""
    page = briefing_html(report, interactive=False, static=True)
    said = note(report.provenance, report.lang)
    # With uploaded data every page's footer says so, with the file names.
    footer = " · ".join(
        part for part in (t("export.briefing.title", report.lang), fmt_date(report.generated.date(), report.lang), said) if part
    )
    title = t("export.briefing.title", report.lang) + (f" — {report.view}" if report.view else "")
    subject = ", ".join(chart_title(item.figure) or item.name for item in report.charts)
    subject = f"{said} {subject}" if said else subject
    return figures.pdf_with_metadata(figures.html_to_pdf(page, footer=footer), title, subject=subject, keywords=said)


__all__ = [
    "SECTIONS",
    "Briefing",
    "ChartItem",
    "Kpi",
    "all_tables",
    "briefing_html",
    "key_events_table",
    "markdown_html",
    "briefing_pdf",
    "overview_kpis",
    "sources",
    "table_html",
]

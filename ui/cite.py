"""The "Cite" popovers: a chart's (beside its Download menu) and the page's (in the sidebar).

Each shows the reference in the UI language's style (st.code: its copy button is reached with Tab and
pressed with Enter), downloads for reference managers (BibTeX, CSL-JSON, RIS) and, for a chart that can
be embedded (partnership.chart_registry), the <iframe> snippet. The popovers are lazy
(`on_change="rerun"`): the reference is made when one is opened, from the view's URL as it is then.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from urllib.parse import parse_qsl, urlencode, urlsplit

import plotly.graph_objects as go
import streamlit as st

from partnership import chart_registry, data
from partnership.charts.chart import Chart
from partnership.export import citation
from partnership.i18n import t
from ui import session

ICON = ":material/format_quote:"
FORMATS = (  # (catalog key, file extension, MIME type, builder)
    ("bibtex", "bib", "application/x-bibtex", citation.bibtex),
    ("csl", "json", "application/vnd.citationstyles.csl+json", citation.csl_json),
    ("ris", "ris", "application/x-research-info-systems", citation.ris),
)
# Room under the chart in an 820 px frame: the "open in the monitor" line, then the source links, a few a line.
EMBED_WIDTH = 820
LINK_LINE, SOURCE_LINE, SOURCES_A_LINE = 70, 24, 6


def url_query() -> dict[str, list[str]]:
    """This view's URL parameters, every value of each (a bound multiselect repeats its key)."""
    return {key: st.query_params.get_all(key) for key in st.query_params}


def embed_url(view_url: str, spec: chart_registry.ChartSpec) -> str:
    """The address of the chart alone: its page with the view's settings, embed=true, chart=<id>, the light theme."""
    parts = urlsplit(view_url)
    pairs = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in ("embed", "embed_options", "chart")]
    pairs += [("embed", "true"), ("embed_options", "light_theme"), ("chart", spec.id)]
    return parts._replace(query=urlencode(pairs)).geturl()


def embed_height(figure: go.Figure, source_pages: int) -> int:
    """The frame's height for the chart, the link to the monitor and `source_pages` source links."""
    return int(figure.layout.height or 560) + LINK_LINE + SOURCE_LINE * -(-source_pages // SOURCES_A_LINE)


def iframe_snippet(view_url: str, spec: chart_registry.ChartSpec, figure: go.Figure, title: str, source_pages: int) -> str:
    height = embed_height(figure, source_pages)
    src = embed_url(view_url, spec).replace("&", "&amp;")
    name = title.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return (
        f'<iframe src="{src}" title="{name}" width="100%" height="{height}" '
        f'style="border:0;max-width:{EMBED_WIDTH}px" loading="lazy"></iframe>'
    )


def _panel(cite: citation.Citation, stem: str, key: str) -> None:
    lang = cite.lang
    st.markdown(f"**{t('cite.reference', lang)}**")
    st.code(citation.sentence(cite), language=None, wrap_lines=True)
    st.caption(t("cite.copy_hint", lang))
    columns = st.columns(len(FORMATS))
    for column, (name, ext, mime, build) in zip(columns, FORMATS, strict=True):
        column.download_button(
            t(f"cite.{name}", lang),
            data=build(cite),
            file_name=f"{stem}.{ext}",
            mime=mime,
            key=f"{key}-cite-{name}",
            help=t(f"cite.{name}_help", lang),
            on_click="ignore",
            icon=":material/download:",
            width="stretch",
        )


def chart_popover(row, key: str, lang: str, stem: str, view_url: str | None, drawn: Callable[[], Chart]) -> None:
    """The chart's Cite popover in its menu row.

    A chart of the registry is built as its embed shows it (its sources newest first, the target's
    included); another chart is cited from `drawn()` (the chart as shown) and the sources of its points.
    """
    popover = row.popover(t("cite.menu", lang), icon=ICON, help=t("cite.menu_help", lang), key=f"{key}-cite", on_change="rerun")
    if not popover.open:
        return
    spec = chart_registry.by_key(key)
    built = _registered(spec, lang) if spec is not None else None
    if built is not None:
        figure, sources = built.figure, list(built.sources)
    else:
        try:
            shown = drawn()
        except KeyError:  # a fragment's chart not drawn yet in this run
            return
        figure, sources = shown.figure, shown.source_urls()
    url = view_url or ""
    cite = citation.make(figure.layout.title.text or stem, url, data.package(), sources, lang, dt.date.today())
    with popover:
        _panel(cite, stem, key)
        if spec is not None and url:
            st.markdown(f"**{t('cite.embed_heading', lang)}**")
            st.code(iframe_snippet(url, spec, figure, cite.title, len(set(sources))), language="html", wrap_lines=True)
            st.caption(t("cite.embed_hint", lang))


def _registered(spec: chart_registry.ChartSpec, lang: str) -> chart_registry.Built | None:
    """The chart as the registry builds it for this view; None on bad data or inputs (the page shows why)."""
    try:
        return spec.build([session.table(name) for name in spec.resources], lang, url_query())
    except (data.DataError, ValueError):
        return None


def page_popover(container, lang: str, title: str, stem: str, view_url: str | None, charts: Iterable) -> None:
    """The page's Cite popover (the sidebar): the page's title, its URL, the sources of every chart it shows."""
    with container:
        popover = st.popover(
            t("cite.page_menu", lang),
            icon=ICON,
            help=t("cite.page_menu_help", lang),
            key="page-cite",
            on_change="rerun",
            width="stretch",
        )
    if not popover.open:
        return
    sources = [url for item in charts for url in item.source_urls()]
    cite = citation.make(title, view_url or "", data.package(), sources, lang, dt.date.today(), kind="page")
    with popover:
        _panel(cite, stem, "page")

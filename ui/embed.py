"""Embed mode: `?embed=true&chart=<id>` with a view's settings draws that one chart and nothing else.

Streamlit's `embed=true` hides the app's header and toolbar; `chart=<id>` makes app.py hide the page menu, draws no
sidebar and, instead of running the page, calls `show`: the chart built by partnership.chart_registry
from the tables, the language in ?lang= and the view's URL parameters, its sources as links to their
pages and a link to the same view in the full monitor. No menus, uploads or API controls: read-only.
"""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from partnership import chart_registry, data, scenarios
from partnership.export import citation
from partnership.i18n import DEFAULT_LANGUAGE, LANGUAGES, t
from partnership.text import escape_markdown, markdown_link
from ui import cite, export_menu, frame, plotly_element, session

# Parameters of the embedding itself, not of the view.
EMBED_PARAMETERS = ("embed", "embed_options", "chart")


def requested() -> str | None:
    """The chart id of an embed address (?embed=true&chart=<id>), else None.

    `chart=` alone asks for the chart-only view; Streamlit keeps `embed` out of st.query_params (its
    frontend reads it and hides the header), and st.context.is_embedded tells whether it is there.
    """
    return st.query_params.get("chart") or None


def language() -> str:
    """The language of ?lang= (no picker in embed mode), kept in the session as the picker would."""
    code = st.query_params.get("lang")
    st.session_state["lang"] = code if code in LANGUAGES else DEFAULT_LANGUAGE
    return session.lang()


def full_view_url(spec: chart_registry.ChartSpec, current_path: str) -> str | None:
    """The same view in the monitor: the chart's page with the view's settings, without the embed parameters."""
    base = st.context.url
    if not base:
        return None
    base = base.removesuffix("/")
    if current_path and base.endswith(f"/{current_path}"):
        base = base.removesuffix(f"/{current_path}")
    pairs = [(k, v) for k in st.query_params if k not in EMBED_PARAMETERS for v in st.query_params.get_all(k)]
    return f"{base}/{spec.page}" + (f"?{urlencode(pairs)}" if pairs else "")


def show(chart_id: str, lang: str, current_path: str) -> None:
    """Draw the chart `chart_id` alone, with its source links and the link to the full view."""
    spec = chart_registry.CHARTS.get(chart_id)
    if spec is None:
        known = ", ".join(chart_registry.CHARTS)
        st.info(t("embed.unknown_chart", lang, chart=escape_markdown(chart_id), charts=known))
        return
    try:
        built = spec.build([session.table(name) for name in spec.resources], lang, cite.url_query())
    except data.DataError as error:
        frame.show_data_error(error)
        return
    except scenarios.ScenarioInputError as error:
        st.error(escape_markdown(scenarios.error_text(error, lang)), icon=":material/error:")
        return
    except (LookupError, ValueError):  # data without what the chart needs (no current target, no history…)
        st.info(t("embed.unavailable", lang))
        _open_link(spec, current_path, lang)
        return
    plotly_element.show(
        built.figure, key=spec.key, config=export_menu.plotly_config(spec.id, lang), unavailable=t("chart.unavailable", lang)
    )
    _open_link(spec, current_path, lang)
    links = [markdown_link(host, url) for host, url in _named(built.sources)]
    if links:
        st.caption(f"{t('embed.sources', lang)} " + " · ".join(links))


def _open_link(spec: chart_registry.ChartSpec, current_path: str, lang: str) -> None:
    link = full_view_url(spec, current_path)
    if link:
        st.markdown(markdown_link(t("embed.open", lang), link) + " ↗")


def _named(urls) -> list[tuple[str, str]]:
    """(label, URL) for each source page, once, in the order given: its site, numbered from the second page of a site on."""
    seen: dict[str, int] = {}
    named = []
    for url in dict.fromkeys(urls):
        for site in citation.source_names([url]):
            seen[site] = seen.get(site, 0) + 1
            named.append((site if seen[site] == 1 else f"{site} ({seen[site]})", url))
    return named

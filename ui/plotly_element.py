"""The app's one chart element: a Plotly figure updated in place in the browser.

`st.plotly_chart` gives a chart a new identity whenever its figure changes, so every slider move
remounted the chart and plotly.js drew it from scratch. This element is a Streamlit Custom
Components v2 element whose identity is its key: its JavaScript (assets/plotly_element.js) calls
`Plotly.react` on the same <div> with each new figure, as Dash's dcc.Graph does. It is not an
iframe (`isolate_styles=False`: plotly's own CSS, e.g. the modebar's, applies).

plotly.js is the file of the pinned `plotly` package (plotly/package_data/plotly.min.js), so the
charts on screen and the exported ones come from one version. It is copied at start-up into the
app's git-ignored static folder and served by Streamlit's static file serving
(`server.enableStaticServing`, /app/static/…), compressed by the server and loaded once per page;
the browser keeps it by heuristic freshness (docs/performance.md, "First visit"). Nothing is fetched
from outside this server.

Theme: the figure the server sends is the light one (the one every export shows). The browser
swaps the light theme's neutral colours (background, text, greys) for dark ones when the app's
theme is dark, reading the theme Streamlit hands to components (CSS custom properties), and draws
again when the reader switches the theme. Number separators are in the figure (partnership.charts).

Tests: `figures(block)` returns the figures the elements of an AppTest block received.
"""

from __future__ import annotations

import html
import json
import logging
import os
import re
import shutil
from functools import cache
from pathlib import Path

import plotly
import plotly.io as pio
import streamlit as st

COMPONENT_NAME = "partnership_plotly_chart"
# How an element of this component shows up in AppTest (`block.get(ELEMENT_TYPE)`).
ELEMENT_TYPE = "bidi_component"
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
STATIC_NAME = f"plotly-{plotly.__version__}.min.js"  # a new pinned version is a new URL: no stale cache
# Relative to the page, so the app also works under a server.baseUrlPath.
STATIC_URL = f"app/static/{STATIC_NAME}"
DEFAULT_HEIGHT = 450  # px, plotly's default, for figures that do not set layout.height
# The light theme's neutral colours (partnership.charts and the chart modules) and what they become
# in a dark theme; "background" and "text" are the app's own theme colours. Data colours stay.
DARK_COLORS = {
    "white": "background",
    "#ffffff": "background",
    "#fff": "background",
    "#262730": "text",  # the template's text
    "#000000": "text",  # the palette's black series
    "#5f6368": "#a3a8b0",  # footnotes, event markers
    "#e6e8eb": "#2b303a",  # grid lines
    "#eef0f2": "#262b33",
}

_LOG = logging.getLogger(__name__)
_ASSETS = Path(__file__).parent / "assets"
# .pm-controls holds an explorer's sliders and .pm-live its polite announcement (empty for other charts).
_HTML = (
    '<div class="pm-chart" role="figure"><div class="pm-controls"></div>'
    '<div class="pm-plot"></div><p class="pm-live" aria-live="polite"></p></div>'
)

_element = st.components.v2.component(
    COMPONENT_NAME,
    html=_HTML,
    css=(_ASSETS / "plotly_element.css").read_text(encoding="utf-8"),
    # The Download menus' keyboard handling (assets/menu_keys.js) comes with the element, installed once per page.
    js=(_ASSETS / "menu_keys.js").read_text(encoding="utf-8") + (_ASSETS / "plotly_element.js").read_text(encoding="utf-8"),
    isolate_styles=False,
)


def static_dir() -> Path:
    """The folder Streamlit serves as /app/static/: `static/` beside the main script (app.py)."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    main_script = ctx.main_script_path if ctx is not None and ctx.main_script_path else "app.py"
    return Path(main_script).resolve().parent / "static"


@cache
def publish_plotly_js(folder: Path) -> Path | None:
    """Copy the package's plotly.min.js into `folder` once per process (if not there already); its path.

    The copy keeps the package file's time stamp (the server's Last-Modified) and is written under a
    temporary name first, so a replica starting beside another never serves half a file.
    None if the folder cannot be written: the element then says the chart could not be drawn.
    """
    target = folder / STATIC_NAME
    try:
        source = PLOTLY_JS.stat()
        if target.exists() and target.stat().st_size == source.st_size and target.stat().st_mtime == source.st_mtime:
            return target
        folder.mkdir(parents=True, exist_ok=True)
        partial = folder / f".{STATIC_NAME}.{os.getpid()}.tmp"
        shutil.copy2(PLOTLY_JS, partial)
        os.replace(partial, target)
        return target
    except OSError as error:
        _LOG.error("plotly.js could not be copied to %s: %s", folder, error)
        return None


def aria_label(figure) -> str:
    """What a screen reader announces for the chart: layout.meta["aria_label"] if set, else the title."""
    meta = figure.layout.meta
    if isinstance(meta, dict) and isinstance(meta.get("aria_label"), str) and meta["aria_label"].strip():
        return meta["aria_label"].strip()
    title = figure.layout.title.text or ""
    return " ".join(html.unescape(re.sub(r"<[^>]*>", " ", title)).split())


def show(figure, key: str, config: dict, unavailable: str, explorer: dict | None = None, on_commit=None) -> None:
    """Draw `figure` in the element keyed `key` (the same element across reruns: updated in place).

    `config` is plotly.js's config (modebar, export file name); `unavailable` the message shown if
    plotly.js cannot be loaded. `explorer` (the Scenarios page's: sliders with a row per position, see
    partnership/charts/scenario_explorer.py) puts sliders above the chart that redraw it in the browser;
    on release the element sends {"index", "value"} as its `commit` trigger and `on_commit` runs.
    """
    publish_plotly_js(static_dir())
    callbacks = {"on_commit_change": on_commit} if on_commit is not None else {}
    _element(
        key=key,
        data={
            # A JSON string, as st.plotly_chart sends it: no second pass over the figure on the server.
            "figure": pio.to_json(figure, validate=False),
            "config": config,
            "label": aria_label(figure),
            "height": DEFAULT_HEIGHT,
            "src": STATIC_URL,
            "dark": DARK_COLORS,
            "unavailable": unavailable,
            **({"explorer": explorer} if explorer is not None else {}),
        },
        width="stretch",
        height="content",
        **callbacks,
    )


# --- for tests ------------------------------------------------------------------------------------


def payloads(block) -> list[dict]:
    """What each chart element in an AppTest block (e.g. `at.main`) received, in page order."""
    return [
        json.loads(element.proto.json) for element in block.get(ELEMENT_TYPE) if element.proto.component_name == COMPONENT_NAME
    ]


def specs(block) -> list[str]:
    """The figures the chart elements of `block` received, as the JSON text sent to the browser."""
    return [payload["figure"] for payload in payloads(block)]


def figures(block) -> list[dict]:
    """The figures (plotly JSON: {"data": [...], "layout": {...}}) the chart elements of `block` received."""
    return [json.loads(spec) for spec in specs(block)]

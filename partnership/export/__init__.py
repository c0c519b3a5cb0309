"""Files a reader takes away: charts (PNG, SVG, PDF, offline HTML), tables (CSV, XLSX), the briefing.

    from partnership.export import figure_bytes, table_bytes
    png = figure_bytes(fig, "png")            # one persistent Chromium for every static image
    xlsx = table_bytes(frame, "xlsx")         # formulas neutralized

`figures` (one shared browser), `tables` (tables as shown, CSV/XLSX), `chart_data` (each chart's data
as CSV) and `briefing` (the one-file report). The names below are what other code relies on.
"""

from __future__ import annotations

from partnership.export.figures import (
    DEFAULT_HEIGHT,
    DEFAULT_WIDTH,
    FORMATS,
    INSTALL_HINT,
    MIME_TYPES,
    PLOTLY_CONFIG,
    PNG_SCALE,
    STATIC_FORMATS,
    ExportUnavailable,
    chromium_path,
    figure_bytes,
    figure_html,
    html_to_pdf,
    pdf_with_metadata,
    shutdown,
    static_export_available,
)
from partnership.export.tables import table_bytes

__all__ = [
    "DEFAULT_HEIGHT",
    "DEFAULT_WIDTH",
    "FORMATS",
    "INSTALL_HINT",
    "MIME_TYPES",
    "PLOTLY_CONFIG",
    "PNG_SCALE",
    "STATIC_FORMATS",
    "ExportUnavailable",
    "chromium_path",
    "figure_bytes",
    "figure_html",
    "html_to_pdf",
    "pdf_with_metadata",
    "shutdown",
    "static_export_available",
    "table_bytes",
]

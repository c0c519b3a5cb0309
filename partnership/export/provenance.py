"""Where an export's data comes from: the files a reader uploaded in this session, if the view uses any.

    prov = Provenance((Upload("trade", "my-trade.csv", frozenset(urls)),))
    figure_bytes(fig, "png", provenance=prov)    # a line in the image's footer, the file names in its metadata
    table_bytes(df, "csv", provenance=prov, lang="ru", row_urls=urls_per_row)  # a column marking each row

An export made from uploaded data must never pass for the monitor's published figures: every file
says so where a reader sees it (a line in the image's source footer, a column in a table, a notice in a briefing)
and in its metadata, naming the uploaded files. A row counts as uploaded when one of its source URLs
is a source URL of an uploaded file's rows (an upload replaces a whole table, so all its rows are
the reader's; a UN Comtrade import adds its own rows); where a table has no sources, every row is
marked as "includes uploaded data".
"""

from __future__ import annotations

import copy
import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import plotly.graph_objects as go

from partnership.charts.base import footer_annotation
from partnership.i18n import t

__all__ = ["NONE", "Provenance", "Upload", "banner", "note", "row_labels", "stamp"]

BANNER_COLOR = "#8a4b00"  # dark amber: AA contrast on the exports' white
DEFAULT_BOTTOM_MARGIN = 80  # plotly's own, for a figure that sets none
BANNER_LINE_PX = 18  # one footer line (11 px text) and a little air


@dataclass(frozen=True)
class Upload:
    """One uploaded file in use: the resource it replaces or adds to, its file name, its rows' source URLs."""

    resource: str
    file: str
    source_urls: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Provenance:
    """The uploaded files an export's data comes from (none: the published data)."""

    uploads: tuple[Upload, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.uploads)

    @property
    def files(self) -> tuple[str, ...]:
        """The uploaded files' names, each once, in order."""
        return tuple(dict.fromkeys(upload.file for upload in self.uploads))

    def only(self, resources: Iterable[str]) -> Provenance:
        """The uploads of these resources (what a view uses)."""
        wanted = set(resources)
        return Provenance(tuple(upload for upload in self.uploads if upload.resource in wanted))

    def upload_of(self, urls: Iterable[str]) -> Upload | None:
        """The upload whose rows have one of these source URLs, or None."""
        given = {str(url).strip() for url in urls if isinstance(url, str) and url.strip()}
        for upload in self.uploads:
            if given & upload.source_urls:
                return upload
        return None


NONE = Provenance()


def note(provenance: Provenance, lang: str) -> str:
    """One sentence naming the uploaded files ('' for published data)."""
    if not provenance:
        return ""
    return t("export.provenance.note", lang, files=", ".join(provenance.files))


def banner(provenance: Provenance, lang: str) -> str:
    """The short line an image carries at its top ('' for published data)."""
    if not provenance:
        return ""
    return t("export.provenance.banner", lang, files=", ".join(provenance.files))


def row_labels(provenance: Provenance, lang: str, row_urls: Sequence[Iterable[str]] | None, rows: int) -> list[str]:
    """What each of `rows` rows comes from: an uploaded file (named) or the published data.

    `row_urls` holds each row's source URLs; without them (a table without sources) every row reads
    "includes data uploaded in this session".
    """
    if not provenance:
        return [""] * rows
    if row_urls is None:
        return [t("export.provenance.row_view", lang, files=", ".join(provenance.files))] * rows
    labels = []
    for urls in row_urls:
        upload = provenance.upload_of(urls)
        labels.append(
            t("export.provenance.row_uploaded", lang, file=upload.file)
            if upload is not None
            else t("export.provenance.row_published", lang)
        )
    return labels


def _footer_index(fig: go.Figure) -> int | None:
    """The source footer's annotation (partnership.charts.base: under the plot, left-aligned), if any."""
    for index, annotation in enumerate(fig.layout.annotations or ()):
        if annotation.xref == "paper" and annotation.yref == "paper" and annotation.y == 0 and annotation.yanchor == "top":
            return index
    return None


def banner_line(provenance: Provenance, lang: str, *, color: bool = True) -> str:
    """The banner as the footer's last line (Plotly text): bold, amber unless `color` is False."""
    text = html.escape(banner(provenance, lang))
    return f'<b><span style="color:{BANNER_COLOR}">{text}</span></b>' if color else f"<b>{text}</b>"


def stamp(fig: go.Figure, provenance: Provenance, lang: str, *, color: bool = True) -> go.Figure:
    """A copy of the figure whose source footer ends with the banner (bold, amber) and whose
    `layout.meta["provenance"]` holds the note; the figure itself unchanged. Published data: the figure as is.

    A figure without a footer gets the banner as one, under the plot. The bottom margin grows by a line.
    `color=False` leaves the line in the footer's colour (on the page, where a dark theme recolours it).
    """
    if not provenance or (isinstance(fig.layout.meta, dict) and fig.layout.meta.get("provenance")):
        return fig  # published data, or stamped already: one line, not two
    out = go.Figure(copy.deepcopy(fig.to_dict()), skip_invalid=True)
    meta = dict(out.layout.meta) if isinstance(out.layout.meta, dict) else {}
    meta["provenance"] = note(provenance, lang)
    line = banner_line(provenance, lang, color=color)
    index = _footer_index(out)
    if index is None:
        out.add_annotation(footer_annotation(line))
    else:
        footer = out.layout.annotations[index]
        footer.text = f"{footer.text}<br>{line}" if footer.text else line
    # The chart element shows a wider chart with the footer of its width frame (charts.base): the line goes there too.
    if isinstance(meta.get("frames"), list):
        meta["frames"] = [
            {
                **frame,
                "footer": f"{frame['footer']}<br>{line}",
                "margin": {**frame["margin"], "b": frame["margin"]["b"] + BANNER_LINE_PX},
                "height": frame["height"] + BANNER_LINE_PX,
            }
            for frame in meta["frames"]
        ]
    out.update_layout(meta=meta, margin_b=(out.layout.margin.b or DEFAULT_BOTTOM_MARGIN) + BANNER_LINE_PX)
    return out

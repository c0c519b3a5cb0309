"""How to cite a chart or a page: one sentence in the UI language's academic style, BibTeX, CSL-JSON, RIS.

    cite = citation.make(figure_title, view_url, data.package(), source_urls, "ru", accessed=date.today())
    citation.sentence(cite); citation.bibtex(cite); citation.csl_json(cite); citation.ris(cite)

The data's date is the Data Package's own (`created` in datapackage.json, with its `version`), never the
time of the request; the access date is the reader's. The sources are the pages the chart's figures
come from, named by their site (inform.kz, president.uz…), in the order given (newest first).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote, urlparse

from partnership.charts.summaries import plain
from partnership.i18n import fmt_date, t

KINDS = ("chart", "page")
# BibTeX's special characters in text fields (title, note): each written so LaTeX prints it.
_BIBTEX = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_RIS_TYPES = {"chart": "DATA", "page": "ELEC"}
_CSL_TYPES = {"chart": "dataset", "page": "webpage"}
_BIBTEX_LANGUAGES = {"ru": "russian", "en": "english", "uz": "uzbek", "kk": "kazakh"}


@dataclass(frozen=True)
class Citation:
    """What a citation says: the chart's (or page's) title, the view's URL, the data's and the access date."""

    title: str
    url: str
    data_date: dt.date | None
    version: str | None
    accessed: dt.date
    sources: tuple[str, ...]  # names of the source sites, in order, each once
    lang: str
    kind: str = "chart"

    @property
    def monitor(self) -> str:
        return t("app.title", self.lang)


def package_date(package: dict) -> tuple[dt.date | None, str | None]:
    """(the data's date, its version) from a datapackage.json descriptor: `created` and `version`."""
    created = package.get("created")
    try:
        day = dt.datetime.fromisoformat(str(created).replace("Z", "+00:00")).date() if created else None
    except ValueError:
        day = None
    version = package.get("version")
    return day, str(version) if version else None


def source_names(urls: Iterable[object]) -> tuple[str, ...]:
    """The sites of the source URLs ('inform.kz'), each once, in the order given; blanks and non-URLs skipped."""
    names: list[str] = []
    for url in urls:
        host = urlparse(str(url)).netloc.removeprefix("www.") if isinstance(url, str) else ""
        if host and host not in names:
            names.append(host)
    return tuple(names)


def make(
    title: str, url: str, package: dict, sources: Iterable[object], lang: str, accessed: dt.date, kind: str = "chart"
) -> Citation:
    """A citation of the figure titled `title` (Plotly text: <br> and entities are fine) shown at `url`."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    day, version = package_date(package)
    return Citation(plain(title), url, day, version, accessed, source_names(sources), lang, kind)


def _when(day: dt.date, lang: str) -> str:
    """A date as the language's citation style writes it (`cite.date_style`): 04.12.2026 or its long form."""
    return day.strftime("%d.%m.%Y") if t("cite.date_style", lang) == "numeric" else fmt_date(day, lang)


def _data_date_text(cite: Citation) -> str:
    return _when(cite.data_date, cite.lang) if cite.data_date else cite.version or "—"


def sentence(cite: Citation) -> str:
    """The reference as the UI language's academic usage writes it (ГОСТ Р 7.0.100 for ru, uz, kk; Harvard for en)."""
    lang = cite.lang
    text = t(
        "cite.sentence",
        lang,
        title=cite.title,
        kind=t(f"cite.kind_{cite.kind}", lang),
        monitor=cite.monitor,
        year=cite.data_date.year if cite.data_date else "",
        date=_data_date_text(cite),
        url=cite.url,
        accessed=_when(cite.accessed, lang),
    )
    if cite.sources:
        text += " " + t("cite.sources", lang, sources=", ".join(cite.sources))
    return text


def bibtex_escape(text: str) -> str:
    """`text` for a BibTeX text field: its special characters escaped, nothing else changed."""
    return "".join(_BIBTEX.get(char, char) for char in text)


def _bibtex_url(url: str) -> str:
    # A url field is read verbatim; only braces (BibTeX's delimiters), backslashes and spaces need encoding.
    return quote(url, safe="".join(chr(c) for c in range(33, 127) if chr(c) not in "{}\\"))


def key(cite: Citation) -> str:
    """A citation key of ASCII letters, digits and hyphens: the monitor, the title's Latin words (else a
    checksum of the title), the access date."""
    words = re.findall(r"[a-z0-9]+", cite.title.lower())[:4] or [f"{zlib.crc32(cite.title.encode()):08x}"]
    return "-".join(["uzkz-monitor", *words, cite.accessed.isoformat()])


def _note(cite: Citation) -> str:
    parts = [t("cite.data_as_of", cite.lang, date=_data_date_text(cite))]
    if cite.sources:
        parts.append(t("cite.sources", cite.lang, sources=", ".join(cite.sources)))
    return " ".join(parts)


def bibtex(cite: Citation) -> str:
    """A @misc entry (BibTeX and biblatex) with url, urldate and a note naming the sources."""
    fields = {
        "author": "{" + bibtex_escape(cite.monitor) + "}",  # a corporate author: braces keep it one name
        "title": "{" + bibtex_escape(cite.title) + "}",
        "howpublished": bibtex_escape(t(f"cite.kind_{cite.kind}", cite.lang)),
        "year": str(cite.data_date.year) if cite.data_date else None,
        "date": cite.data_date.isoformat() if cite.data_date else None,
        "version": bibtex_escape(cite.version) if cite.version else None,
        "url": _bibtex_url(cite.url),
        "urldate": cite.accessed.isoformat(),
        "note": bibtex_escape(_note(cite)),
        "language": _BIBTEX_LANGUAGES.get(cite.lang, cite.lang),
    }
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items() if value)
    return f"@misc{{{key(cite)},\n{body}\n}}\n"


def _date_parts(day: dt.date) -> dict:
    return {"date-parts": [[day.year, day.month, day.day]]}


def csl_json(cite: Citation) -> str:
    """A CSL-JSON list of one item (Zotero, Mendeley, Pandoc)."""
    item = {
        "id": key(cite),
        "type": _CSL_TYPES[cite.kind],
        "title": cite.title,
        "author": [{"literal": cite.monitor}],
        "container-title": cite.monitor,
        "genre": t(f"cite.kind_{cite.kind}", cite.lang),
        "URL": cite.url,
        "accessed": _date_parts(cite.accessed),
        "note": _note(cite),
        "language": cite.lang,
    }
    if cite.data_date:
        item["issued"] = _date_parts(cite.data_date)
    if cite.version:
        item["version"] = cite.version
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


def ris(cite: Citation) -> str:
    """A RIS record (EndNote, Citavi, Zotero)."""
    lines = [("TY", _RIS_TYPES[cite.kind]), ("AU", cite.monitor), ("TI", cite.title), ("T2", cite.monitor)]
    if cite.data_date:
        lines += [("PY", str(cite.data_date.year)), ("DA", cite.data_date.strftime("%Y/%m/%d"))]
    if cite.version:
        lines.append(("ET", cite.version))
    lines += [("UR", cite.url), ("Y2", cite.accessed.strftime("%Y/%m/%d")), ("N1", _note(cite)), ("LA", cite.lang), ("ER", "")]
    return "".join(f"{tag}  - {' '.join(value.split())}\n".replace("  - \n", "  -\n") for tag, value in lines)

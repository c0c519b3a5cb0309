"""The Data page's views: a resource (fields, sources, licence, download, upload, diff), the UN Comtrade
import, and a failed upload's problems. Presentation only: the session's uploads are ui/uploads.py's.

Data text (file names, descriptions, values) is escaped Markdown or a table cell, never HTML.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from partnership import comtrade, comtrade_api, data, session_data, trade
from partnership.export.tables import MIME_TYPES, table_bytes
from partnership.i18n import catalog, fmt_number, period_label, problem_text, t
from partnership.io.diff import diff_tables, identity_fields
from partnership.text import escape_markdown, markdown_link
from ui import export_menu, frame, hs_chapters, session, uploads

MAX_PROBLEMS_SHOWN = 200


def text(key: str, fallback: str, lang: str, **values) -> str:
    """A translated data-package text, falling back to the descriptor's own (English) text."""
    return t(key, lang, **values) if key in catalog(lang) else fallback


def resource_label(name: str, lang: str) -> str:
    # Stable labels: a tab whose label changed would lose its selection on the rerun an upload causes.
    return text(f"data.tab.{name}", name, lang)


def unusable_text(problem: session_data.Unusable, lang: str) -> str:
    """Why the Overview cannot use these tables, in the page's language."""
    return t("data.unusable", lang, reason=escape_markdown(session_data.reason_text(problem, lang)))


def show_failure(kind: str, scope: str, lang: str) -> None:
    """The last failed upload of `scope`: which file, and the problems by row and column."""
    failed = uploads.failure(scope)
    if failed is None:
        return
    file, error = failed
    if isinstance(error, session_data.Unusable):
        st.error(unusable_text(error, lang), icon=":material/block:")
        return
    st.error(t(f"{kind}.invalid", lang, file=escape_markdown(file)), icon=":material/error:")
    problems_table(error.problems, lang, key=f"problems-{scope}")


def problems_table(problems: list, lang: str, key: str) -> None:
    """Problems of a file by row and column, in the page's language (the first MAX_PROBLEMS_SHOWN)."""
    shown = pd.DataFrame(
        [{"row": p.row, "column": p.column or "", "message": problem_text(p, lang)} for p in problems[:MAX_PROBLEMS_SHOWN]],
        columns=["row", "column", "message"],
    ).astype({"row": "Int64"})
    frame.dataframe(
        shown,
        column_config={
            "row": st.column_config.NumberColumn(t("data.problem_row", lang), format="%d", width="small"),
            "column": st.column_config.TextColumn(t("data.problem_column", lang), width="medium"),
            "message": st.column_config.TextColumn(t("data.problem_message", lang), width="large"),
        },
        key=key,
    )
    if len(problems) > MAX_PROBLEMS_SHOWN:
        st.caption(t("data.invalid_more", lang, shown=MAX_PROBLEMS_SHOWN, total=len(problems)))
    st.caption(t("data.problem_note", lang))


def for_display(frame_: pd.DataFrame) -> pd.DataFrame:
    """Cells as text (missing → empty) so any mix of types shows safely in a table."""
    return frame_.astype("object").map(lambda v: "" if v is None or (isinstance(v, float) and v != v) else str(v))


def show_diff(resource: str, schema: dict, lang: str) -> None:
    """How this session's upload of `resource` differs from the shipped table: counts, changed fields, rows."""
    uploaded = uploads.uploads()[resource]["frame"]
    st.markdown(f"**{t('data.diff_title', lang)}**")
    try:
        diff = diff_tables(session.shipped(resource), uploaded, schema)
    except data.DataError:
        st.caption(t("data.diff_unavailable", lang))
        return
    if diff.identical:
        st.caption(t("data.diff_identical", lang))
        return
    st.caption(t("data.diff_matched_by", lang, fields=", ".join(f"`{name}`" for name in identity_fields(schema))))
    cells = st.columns(5, border=True)
    cells[0].metric(
        t("data.diff_rows", lang),
        fmt_number(diff.uploaded_rows, lang),
        delta=fmt_number(diff.uploaded_rows - diff.shipped_rows, lang) if diff.uploaded_rows != diff.shipped_rows else None,
    )
    cells[1].metric(t("data.diff_unchanged", lang), fmt_number(diff.unchanged, lang))
    cells[2].metric(t("data.diff_added", lang), fmt_number(len(diff.added), lang))
    cells[3].metric(t("data.diff_changed", lang), fmt_number(diff.changed_rows, lang))
    cells[4].metric(t("data.diff_removed", lang), fmt_number(len(diff.removed), lang))
    old_years, new_years = diff.years
    if old_years != new_years and old_years and new_years:
        st.caption(t("data.diff_years", lang, old=f"{old_years[0]}–{old_years[1]}", new=f"{new_years[0]}–{new_years[1]}"))
    if diff.changed:
        with st.expander(t("data.diff_changes", lang, count=len(diff.changed)), expanded=True):
            frame.dataframe(
                for_display(diff.changes_frame()),
                column_config={
                    "row": t("data.diff_row", lang),
                    "field": t("data.diff_field", lang),
                    "old": t("data.diff_old", lang),
                    "new": t("data.diff_new", lang),
                },
                key=f"diff-changes-{resource}",
            )
    for rows, label, name in ((diff.added, "data.diff_added_rows", "added"), (diff.removed, "data.diff_removed_rows", "removed")):
        if len(rows):
            with st.expander(t(label, lang, count=len(rows))):
                frame.dataframe(for_display(rows), key=f"diff-{name}-{resource}")


def show_lost_letters(entry: dict, lang: str, key: str) -> None:
    """The cells of the upload in use whose letters its encoding lost, by row and column (nothing if none)."""
    lost = entry.get("lost") or []
    if not lost:
        return
    encoding = lost[0].values.get("encoding", "")
    st.warning(
        t("data.lost_letters", lang, file=escape_markdown(entry["file"]), encoding=encoding, count=len(lost)),
        icon=":material/warning:",
    )
    problems_table(lost, lang, key=key)


def bound_text(value: float, lang: str) -> str:
    # Whole bounds as written (years: 1991, not "1 991"); others in the language's number format.
    return str(int(value)) if float(value).is_integer() else fmt_number(value, lang)


def constraint_text(field: dict, lang: str) -> str:
    constraints = field.get("constraints", {})
    parts = []
    low, high = constraints.get("minimum"), constraints.get("maximum")
    if low is not None and high is not None:
        parts.append(t("data.constraint.range", lang, min=bound_text(low, lang), max=bound_text(high, lang)))
    elif low is not None:
        parts.append(t("data.constraint.minimum", lang, min=bound_text(low, lang)))
    elif high is not None:
        parts.append(t("data.constraint.maximum", lang, max=bound_text(high, lang)))
    if "enum" in constraints:
        parts.append(t("data.constraint.enum", lang, values=", ".join(constraints["enum"])))
    if "pattern" in constraints:
        parts.append(t("data.constraint.url", lang))
    return "; ".join(parts)


def link_or_text(title: str, path: str) -> str:
    return markdown_link(title, path) if str(path).startswith(("http://", "https://")) else escape_markdown(f"{title} ({path})")


def show_resource(meta: dict, folder: Path, lang: str, expanded: bool = False) -> None:
    """One resource: what it is, its fields (expanded if asked), downloads, its uploader and this session's upload."""
    show_resource_facts(meta, lang)
    fields = fields_table(meta, lang)
    with st.expander(t("data.fields", lang) + f" ({len(fields)})", expanded=expanded):
        st.table(fields, hide_index=True, border="horizontal")
    show_resource_downloads(meta, folder, lang)
    show_resource_upload(meta["name"], meta["schema"], lang)


def show_resource_facts(meta: dict, lang: str) -> None:
    """The resource's title, description, rows, licence and sources."""
    name = meta["name"]
    st.markdown(f"**{escape_markdown(text(f'data.resource.{name}.title', meta.get('title', name), lang))}**")
    st.caption(escape_markdown(text(f"data.resource.{name}.description", meta.get("description", ""), lang)))
    try:
        rows = len(session.shipped(name))
    except data.DataError as error:
        frame.show_data_error(error)
        rows = None
    facts = [t("data.rows", lang, rows=fmt_number(rows, lang) if rows is not None else "—", path=meta["path"])]
    licences = meta.get("licenses", [])
    if licences:
        facts.append(
            t(
                "data.licence",
                lang,
                licence=", ".join(link_or_text(x.get("title", x["name"]), x.get("path", "")) for x in licences),
            )
        )
    st.markdown(" · ".join(facts))
    # Only published pages are named as sources; files of how the data was put together are not the reader's.
    sources = [s for s in meta.get("sources", []) if str(s.get("path", "")).startswith(("http://", "https://"))]
    if sources:
        st.caption(
            f"{t('data.sources', lang)}: " + "; ".join(markdown_link(s.get("title", s["path"]), s["path"]) for s in sources)
        )
    elif "source_url" in {field["name"] for field in meta["schema"]["fields"]}:
        st.caption(t("data.sources_per_row", lang))


def fields_table(meta: dict, lang: str) -> pd.DataFrame:
    """The resource's fields for a static table: descriptions wrap instead of being cut; cells are Markdown
    there, so text is escaped."""
    name = meta["name"]
    return pd.DataFrame(
        [
            {
                t("data.field_column.name", lang): escape_markdown(field["name"]),
                t("data.field_column.type", lang): escape_markdown(t(f"data.type.{field.get('type', 'string')}", lang)),
                t("data.field_column.required", lang): "✓" if field.get("constraints", {}).get("required") else "",
                t("data.field_column.constraints", lang): escape_markdown(constraint_text(field, lang)),
                t("data.field_column.description", lang): escape_markdown(
                    text(f"data.field.{name}.{field['name']}", field.get("description", ""), lang)
                ),
            }
            for field in meta["schema"]["fields"]
        ]
    )


def show_resource_downloads(meta: dict, folder: Path, lang: str) -> None:
    """The shipped file, and this session's upload of it if any."""
    name = meta["name"]
    buttons = st.container(horizontal=True)
    buttons.download_button(
        t("data.download_resource", lang, path=meta["path"]),
        data=lambda path=folder / meta["path"]: path.read_bytes(),
        file_name=meta["path"],
        mime="text/csv",
        key=f"download-{name}",
        on_click="ignore",
        icon=":material/download:",
    )
    if name in uploads.uploads():
        mine = uploads.uploads()[name]["frame"]
        buttons.download_button(
            t("data.download_session", lang),
            data=lambda mine=mine: table_bytes(mine, "csv"),
            file_name=f"{name}-session.csv",
            mime=MIME_TYPES["csv"],
            key=f"download-session-{name}",
            on_click="ignore",
            icon=":material/download:",
        )


def show_resource_upload(name: str, schema: dict, lang: str) -> None:
    """The resource's uploader, the verdict on the latest file, and the upload in use with its diff."""
    st.file_uploader(
        t("data.upload", lang), type=["csv", "xlsx", "tsv", "txt"], key=uploads.upload_key(name), help=t("data.upload_help", lang)
    )
    st.caption(t("data.session_only", lang))
    # One verdict: on the latest file. A failure after a good file replaces its "passed" and comparison;
    # the earlier file stays in use (a failed file changes nothing), which a caption says.
    failed = uploads.failure(name) is not None
    show_failure("data", name, lang)
    if name in uploads.uploads():
        in_use = escape_markdown(uploads.uploads()[name]["file"])
        if failed:
            st.caption(t("data.still_in_use", lang, file=in_use))
        else:
            st.success(t("data.applied", lang, file=in_use), icon=":material/check_circle:")
            show_lost_letters(uploads.uploads()[name], lang, key=f"lost-{name}")
            show_diff(name, schema, lang)
        st.button(
            t("data.reset", lang), key=f"reset-{name}", on_click=uploads.reset, args=(name, lang), icon=":material/restart_alt:"
        )


def show_comtrade(lang: str) -> None:
    """The UN Comtrade import: uploader, add/replace mode, the trade rows it gave and the mirror by HS chapter."""
    st.markdown(f"**{t('data.comtrade.title', lang)}**")
    st.caption(t("data.comtrade.intro", lang))
    st.caption(t("data.comtrade.rules", lang))
    show_comtrade_refresh(lang)
    key = uploads.upload_key("comtrade")
    st.file_uploader(
        t("data.comtrade.upload", lang), type=["csv", "xlsx", "txt"], key=key, help=t("data.comtrade.upload_help", lang)
    )
    st.caption(t("data.session_only", lang))
    uploads.accept_comtrade(key)
    imported = uploads.imported()
    if imported is None:
        show_failure("data.comtrade", "comtrade", lang)
        return
    export_menu.current_view().resources.add("trade")  # the tables below are the import's: their downloads say so
    show_comtrade_import(imported, lang)
    show_comtrade_trade_rows(imported["trade"], lang)
    products = imported["products"]
    if len(products):
        show_comtrade_mirror(products, lang)
    else:
        st.caption(t("data.comtrade.no_products", lang))
    st.button(
        t("data.comtrade.reset", lang),
        key="reset-comtrade",
        on_click=uploads.reset,
        args=("comtrade", lang),
        icon=":material/restart_alt:",
    )


def show_comtrade_import(imported: dict, lang: str) -> None:
    """The add/replace mode of the import in use, and the verdict on the latest file."""
    st.radio(
        t("data.comtrade.mode", lang),
        uploads.MODES,
        index=uploads.MODES.index(imported["mode"]),
        format_func=lambda m: t(f"data.comtrade.mode_{m}", lang),
        key=uploads.MODE_KEY,
        on_change=uploads.change_mode,
    )
    mode_problem = uploads.failure(uploads.MODE_KEY)
    if mode_problem is not None:
        st.warning(unusable_text(mode_problem, lang), icon=":material/block:")
    if uploads.failure("comtrade") is not None:
        show_failure("data.comtrade", "comtrade", lang)
        st.caption(t("data.still_in_use", lang, file=escape_markdown(imported["file"])))
    else:
        st.success(
            t("data.comtrade.applied", lang, file=escape_markdown(imported["file"]), rows=len(imported["trade"])),
            icon=":material/check_circle:",
        )
    st.caption(t("data.comtrade.notes", lang, **{k: fmt_number(v, lang) for k, v in imported["notes"].items()}))


def show_comtrade_trade_rows(trade_rows: pd.DataFrame, lang: str) -> None:
    """The trade rows the import gave, as the Trade page's table shows them."""
    st.markdown(f"**{t('data.comtrade.trade_rows', lang)}**")
    shown = trade_rows[list(trade.FIGURE_COLUMNS)]
    frame.data_table(
        shown.assign(
            reporter=shown["reporter"].map(lambda r: t(f"reporter.{r}", lang)),
            period=shown["period"].map(lambda p: period_label(p, lang)),
        ),
        name="comtrade-trade-rows",
        key="comtrade_trade_rows",
        column_config={c: t(f"trade.column.{c}", lang) for c in shown.columns}
        | {"year": st.column_config.NumberColumn(t("trade.column.year", lang), format="%d")}
        | {
            c: st.column_config.NumberColumn(t(f"trade.column.{c}", lang), format="%.3f")
            for c in shown.columns
            if c.endswith("_bn")
        },
    )


def show_comtrade_mirror(products: pd.DataFrame, lang: str) -> None:
    """Both reporters' figures side by side per HS chapter, for the chosen year and direction."""
    st.info(t("data.comtrade.products", lang, rows=fmt_number(len(products), lang)), icon=":material/info:")
    st.markdown(f"**{t('data.comtrade.mirror', lang)}**")
    year, direction = hs_chapters.choose(products, lang, key="comtrade_mirror")
    mirror = comtrade.mirror_table(products, year, direction)
    mirror = mirror.assign(hs_section=mirror["hs_section"].map(lambda s: t(f"data.hs_section.{s}", lang)))
    frame.data_table(
        mirror,
        name=f"comtrade-mirror-{year}-{direction}",
        key="comtrade_mirror",
        column_config={c: t(f"data.mirror_column.{c}", lang) for c in mirror.columns}
        | {
            c: st.column_config.NumberColumn(t(f"data.mirror_column.{c}", lang), format="%.1f")
            for c in mirror.columns
            if c.endswith("_mn")
        },
    )


def _secret_key() -> str | None:
    """COMTRADE_API_KEY from st.secrets, if the app has secrets (the core falls back to the environment)."""
    try:
        return st.secrets.get(comtrade_api.API_KEY_ENV) or None
    except Exception:  # no secrets file: the environment's key, or the public preview
        return None


def show_comtrade_refresh(lang: str) -> None:
    """Ask UN Comtrade's API for this session's trade rows (nothing on disk changes); without network, say so."""
    try:  # the last six years of the published trade table
        latest = int(session.shipped("trade")["year"].max())
        default_years = f"{latest - 5}-{latest}"
    except (data.DataError, ValueError):
        default_years = ""
    with st.form("comtrade_api", border=True):
        st.markdown(f"**{t('data.refresh.title', lang)}**")
        st.caption(t("data.refresh.intro", lang))
        years_text = st.text_input(t("data.refresh.years", lang), value=default_years, key="comtrade_api_years")
        asked = st.form_submit_button(t("data.refresh.button", lang), icon=":material/cloud_download:")
    if not asked:
        return
    try:
        with st.spinner(t("data.refresh.working", lang)):
            result = comtrade_api.fetch_import(comtrade_api.parse_years(years_text), key=_secret_key())
    except comtrade_api.ComtradeApiError as error:
        st.warning(t(f"data.refresh.error.{error.reason}", lang), icon=":material/cloud_off:")
        st.caption(escape_markdown(f"{error.file}: {error.detail}"))
        return
    except ValueError as error:
        st.warning(t("data.refresh.bad_years", lang, reason=escape_markdown(error)), icon=":material/block:")
        return
    state = st.session_state
    mode, reason = session_data.comtrade_mode(
        {name: entry["frame"] for name, entry in uploads.uploads().items()}, result.trade, "add", shipped=session.shipped
    )
    if reason is not None:
        st.warning(unusable_text(reason, lang), icon=":material/block:")
        return
    state[uploads.COMTRADE] = {
        "file": result.file,
        "trade": result.trade,
        "products": result.products,
        "notes": result.notes,
        "mode": mode,
    }
    state[uploads.ERRORS].pop("comtrade", None)
    uploads.publish()
    st.rerun()  # the summary above the tabs and every page now use the rows


def show_session(lang: str) -> None:
    """Which tables this session has replaced, with a button that brings all the published data back."""
    items = [
        t("data.session_item", lang, title=text(f"data.resource.{name}.title", name, lang), file=escape_markdown(entry["file"]))
        for name, entry in uploads.uploads().items()
    ]
    if uploads.imported() is not None:
        items.append(t("data.comtrade_item", lang, file=escape_markdown(uploads.imported()["file"])))
    if items:
        st.info(t("data.session_active", lang, items="; ".join(items)), icon=":material/person:")
        st.button(
            t("data.reset_all", lang), key="reset-all", on_click=uploads.reset, args=(None, lang), icon=":material/restart_alt:"
        )

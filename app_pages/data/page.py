"""Data: the Data Package (resources, fields, sources, licence), a zip of it, and uploads for this session.

An upload replaces one resource for this browser session only (ui/uploads.py keeps the session's
uploads and publishes them to every page; partnership/session_data.py combines them). A UN Comtrade
export becomes trade rows and a product breakdown that the Trade page shows. Nothing on disk changes.
"""

from __future__ import annotations

import streamlit as st

from app_pages.data import uploader_words, views
from partnership import data
from partnership.i18n import t
from partnership.io.package import package_zip
from ui import frame, uploads

uploads.init()
lang = frame.page("data").lang
uploader_words.show(lang)

try:
    package = data.package()
except data.DataError as error:
    frame.show_data_error(error)
    st.stop()
folder = data.resolve_data_dir()

st.download_button(
    t("data.download_all", lang),
    data=lambda: package_zip(folder),
    file_name="uz-kz-partnership-data.zip",
    mime="application/zip",
    key="download-all",
    on_click="ignore",
    icon=":material/folder_zip:",
    help=t("data.download_all_help", lang),
    type="primary",
)

resources = package["resources"]
# Read new uploads first (the uploaders' files are in session_state from the rerun they caused), so the
# summary above the tabs already shows them.
for meta in resources:
    uploads.accept_upload(meta["name"], uploads.upload_key(meta["name"]))
uploads.accept_comtrade(uploads.upload_key("comtrade"))
views.show_session(lang)

tabs = st.tabs([views.resource_label(r["name"], lang) for r in resources] + [t("data.tab_comtrade", lang)], key="data_tabs")
for tab, meta in zip(tabs, resources, strict=False):
    with tab:
        views.show_resource(meta, folder, lang, expanded=meta["name"] == resources[0]["name"])
with tabs[-1]:
    views.show_comtrade(lang)

"""Uzbekistan–Kazakhstan Partnership Monitor: router and shared frame.

Run with `streamlit run app.py`. Pages live in app_pages/, the logic in partnership/.
The folder is not called pages/: Streamlit treats such a folder as a legacy multipage app
and, on a freshly started server, runs a deep-linked page (/trade) without this router.
"""

import streamlit as st

from partnership.i18n import t
from ui import cite, deep_links, embed, export_menu, frame, runtime, streamlit_words, view_memory

# Once per process: the patches of Streamlit's internals and the garbage collector's tuning (ui/runtime/).
runtime.install()

# (file, navigation key, icon, url path): one line per page, in menu order. A page with more code than fits in
# one script is a folder (its script page.py beside its own modules); the url path keeps its address.
PAGES = [
    ("app_pages/overview.py", "nav.overview", ":material/dashboard:", "overview"),
    ("app_pages/trade.py", "nav.trade", ":material/swap_horiz:", "trade"),
    ("app_pages/scenarios/page.py", "nav.scenarios", ":material/trending_up:", "scenarios"),
    ("app_pages/agreements.py", "nav.agreements", ":material/handshake:", "agreements"),
    ("app_pages/projects.py", "nav.projects", ":material/factory:", "projects"),
    ("app_pages/events.py", "nav.events", ":material/event:", "events"),
    ("app_pages/data/page.py", "nav.data", ":material/database:", "data"),
]

st.set_page_config(page_title="Uzbekistan–Kazakhstan Partnership Monitor", page_icon="🤝", layout="wide")
frame.styles()
# ?embed=true&chart=<id>: that chart alone, no sidebar, no page menu (ui/embed.py).
embedded = embed.requested()
lang = embed.language() if embedded else frame.language_picker()
streamlit_words.show(lang)  # Streamlit's own English (its controls' accessible names) in the page's language
navigation = st.navigation(
    [
        # deep_links.Page: the default page opens from its own path (/overview) too, not only from the root.
        deep_links.Page(path, title=t(key, lang), icon=icon, url_path=url_path, default=index == 0)
        for index, (path, key, icon, url_path) in enumerate(PAGES)
    ],
    position="hidden" if embedded else "sidebar",
)
if embedded:
    embed.show(embedded, lang, navigation.url_path)
    st.stop()
briefing_slot = st.sidebar.container()
frame.sidebar_footer(lang)
export_menu.start_view()
# Back/Forward into a page gives it back the settings it was left with (see the module).
view_memory.restore(navigation.url_path)
navigation.run()
view_memory.remember(navigation.url_path)
export_menu.briefing_downloads(briefing_slot, lang, navigation.title, navigation.url_path)
cite.page_popover(
    briefing_slot,
    lang,
    navigation.title,
    export_menu.file_stem(f"cite-{navigation.url_path or 'overview'}", lang),
    export_menu.view_link(),
    export_menu.current_view().charts.values(),
)

"""Uzbek and Kazakh in Chromium: every page from ?lang=uz / ?lang=kk, navigation and a copied link keep the language."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from partnership.i18n import catalog, fmt_number, month_names, t
from tests.conftest import page_links
from tests.e2e.conftest import assert_no_exception, screenshot, wait_for_app
from ui import streamlit_words

pytestmark = pytest.mark.browser

# (url path, page name); every page has a title key "<name>.title" and a menu entry "nav.<name>".
PAGES = page_links()
NAMES = [name for _, name in PAGES]


def sidebar_nav(page) -> str:
    return page.locator('[data-testid="stSidebarNav"]').inner_text()


@pytest.mark.parametrize("lang", ["uz", "kk"])
@pytest.mark.parametrize(("url_path", "name"), PAGES)
def test_every_page_in_uzbek_and_kazakh(app_server, page, url_path, name, lang):
    page.goto(f"{app_server.url}/{url_path}?lang={lang}")
    wait_for_app(page)
    main = page.locator('[data-testid="stMain"]')
    title = catalog(lang)[f"{name}.title"].split("{")[0]
    expect(main.locator("h1").first).to_contain_text(title, timeout=30_000)
    assert_no_exception(page)
    nav = sidebar_nav(page)
    for other in NAMES:
        assert t(f"nav.{other}", lang) in nav
    if name != "data":
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)  # Scenarios under load: Monte Carlo first
        chart_text = " ".join(text or "" for text in page.locator(".js-plotly-plot text").all_text_contents())
        # The source footer and the chart's own title are in the page's language.
        assert t("chart.sources", lang, sources="").split(":")[0] in chart_text
        assert t("chart.sources", "en", sources="").split(":")[0] not in chart_text
    screenshot(page, f"{name or 'overview'}-{lang}")


def test_the_language_survives_navigation_and_a_copied_link(app_server, browser, page):
    page.goto(f"{app_server.url}/trade?lang=kk")
    wait_for_app(page)
    expect(page.locator("h1").first).to_contain_text(t("trade.title", "kk"), timeout=30_000)
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text=t("nav.events", "kk")).click()
    page.wait_for_url("**/events?*lang=kk*", timeout=15_000)
    wait_for_app(page)
    expect(page.locator("h1").first).to_contain_text(t("events.title", "kk"), timeout=30_000)
    copied = page.url
    # The picker shows each language in its own name; choosing one writes its code.
    page.locator('[data-testid="stSidebar"] [data-testid="stRadio"] label').filter(has_text="Oʻzbekcha").click()
    page.wait_for_url("**lang=uz**", timeout=15_000)
    wait_for_app(page)
    expect(page.locator("h1").first).to_contain_text(t("events.title", "uz"), timeout=30_000)
    assert "Oʻzbekcha".encode().hex() not in page.url and "%CA%BB" not in page.url
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        fresh = context.new_page()
        fresh.goto(copied)
        wait_for_app(fresh)
        expect(fresh.locator("h1").first).to_contain_text(t("events.title", "kk"), timeout=30_000)
        radio = fresh.locator('[data-testid="stSidebar"] [data-testid="stRadio"]')
        for name in ("Русский", "English", "Oʻzbekcha", "Қазақша"):
            expect(radio).to_contain_text(name, timeout=30_000)
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["uz", "kk"])
def test_the_uploader_and_the_chart_toolbar_speak_the_page_language(app_server, page, lang):
    """Streamlit's uploader and plotly.js's toolbar bring English texts of their own; the reader sees ours."""
    page.goto(f"{app_server.url}/data?lang={lang}")
    wait_for_app(page)
    button = page.locator('[data-testid="stFileUploaderDropzone"] button p').first
    expect(button).to_be_visible(timeout=30_000)
    shown = button.evaluate("e => getComputedStyle(e, '::after').content")
    assert shown == f'"{t("data.uploader.button", lang)}"'
    assert button.evaluate("e => getComputedStyle(e).fontSize") == "0px"  # Streamlit's "Upload" is not drawn
    limit = page.locator('[data-testid="stFileUploaderDropzoneInstructions"] span').first
    assert limit.evaluate("e => getComputedStyle(e, '::after').content") == f'"{t("data.uploader.limit", lang, size=20)}"'
    page.goto(f"{app_server.url}/trade?lang={lang}")
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot .modebar-btn", state="attached", timeout=60_000)
    titles = page.eval_on_selector_all(".js-plotly-plot .modebar-btn", "els => els.map(e => e.getAttribute('data-title'))")
    assert t("chart_toolbar.download_png", lang) in titles and t("chart_toolbar.autoscale", lang) in titles
    assert not {"Download plot as a PNG", "Zoom", "Pan", "Autoscale", "Reset axes"} & set(titles)


def test_the_uploaders_screen_reader_labels_and_drag_text_speak_kazakh(app_server, page, tmp_path):
    """What CSS cannot reach (aria-labels, the text shown while a file is dragged over) is rewritten by the
    uploader's script: a screen reader hears "trade.csv файлын жою", not "Remove trade.csv"."""
    page.goto(f"{app_server.url}/data?lang=kk")
    wait_for_app(page)
    zone = page.locator('.st-key-upload-trade-0 [data-testid="stFileUploaderDropzone"]')
    expect(zone).to_be_visible(timeout=30_000)
    # A file dragged over the drop zone: Streamlit shows "Drag and drop a file here" until it is dropped.
    transfer = page.evaluate_handle(
        "() => { const t = new DataTransfer(); t.items.add(new File(['x'], 'a.csv', {type: 'text/csv'})); return t; }"
    )
    zone.dispatch_event("dragenter", {"dataTransfer": transfer})
    expect(zone).to_contain_text(t("data.uploader.drop_file", "kk"), timeout=10_000)
    assert "Drag and drop" not in zone.inner_text()
    zone.dispatch_event("dragleave", {"dataTransfer": transfer})
    expect(zone).not_to_contain_text(t("data.uploader.drop_file", "kk"), timeout=10_000)

    path = tmp_path / "trade.csv"
    path.write_bytes(b"year,x\n2024,1\n")  # a table the checks refuse: the chip stays, with its labels
    page.locator(".st-key-upload-trade-0 input[type=file]").set_input_files(str(path))
    remove = page.locator('.st-key-upload-trade-0 [data-testid="stFileChipDeleteBtn"] button')
    expect(remove).to_have_attribute("aria-label", "trade.csv файлын жою", timeout=30_000)
    expect(page.locator('.st-key-upload-trade-0 [data-testid="stFileChip"]')).to_have_attribute("aria-label", "trade.csv")
    wait_for_app(page)
    labels = page.eval_on_selector_all("[aria-label]", "els => els.map(e => e.getAttribute('aria-label'))")
    assert not [label for label in labels if label.startswith(("Remove ", "Cancel upload", "Add files"))], labels
    assert_no_exception(page)


def test_a_refused_file_is_refused_in_the_page_language(app_server, page, tmp_path):
    """The uploader refuses a file over server.maxUploadSize or of a type it does not take before sending it;
    its English sentence ("File must be 20.0MB or smaller.") is rewritten in the reader's language."""
    page.goto(f"{app_server.url}/data?lang=ru")
    wait_for_app(page)
    chip = page.locator('.st-key-upload-trade-0 [data-testid="stFileChip"] [role="alert"]')
    big = tmp_path / "trade.csv"
    with big.open("wb") as out:
        out.truncate(21 * 2**20)  # one MB over the limit (sparse: nothing is written)
    page.locator(".st-key-upload-trade-0 input[type=file]").set_input_files(str(big))
    expect(chip).to_have_text(t("data.uploader.too_large", "ru", size=fmt_number(20, "ru")), timeout=30_000)

    other = tmp_path / "report.pdf"
    other.write_bytes(b"%PDF-1.4\n")
    page.locator(".st-key-upload-trade-0 input[type=file]").set_input_files(str(other))
    too_large = t("data.uploader.too_large", "ru", size=fmt_number(20, "ru"))
    expect(chip).to_have_text([too_large, t("data.uploader.wrong_type", "ru", type="application/pdf")], timeout=30_000)
    page.locator('.st-key-upload-trade-0 [data-testid="stFileChip"]').first.hover()  # the visible form: a tooltip
    expect(page.locator('[data-testid="stTooltipErrorContent"]')).to_have_text(too_large, timeout=10_000)
    screenshot(page, "upload-refused-ru")
    assert "not allowed" not in page.inner_text("body") and "must be" not in page.inner_text("body")


ENGLISH_LEFT_JS = """(english) => {
    const names = [...document.querySelectorAll("[aria-label]")].map((e) => e.getAttribute("aria-label"));
    const left = names.filter((name) => english.labels.includes(name) || name.startsWith("Help for ") || / icon$/.test(name));
    for (const e of document.querySelectorAll("[aria-valuetext]")) {
        const text = e.getAttribute("aria-valuetext");
        if (english.months.some((month) => text.includes(month))) left.push(text);
    }
    for (const e of document.querySelectorAll("[placeholder]")) {
        if (e.getAttribute("placeholder") === "Choose an option") left.push("Choose an option");
    }
    return left;
}"""


@pytest.mark.parametrize(
    ("lang", "url_path"),
    [("ru", path) for path in ("", "trade", "scenarios", "agreements", "projects", "events", "data")]
    + [("kk", "agreements"), ("uz", "scenarios")],
)
def test_streamlits_own_control_names_speak_the_page_language(app_server, page, lang, url_path):
    """Streamlit names its controls in English ("Main menu", "Help for Период", "Search", a date slider's
    "10 – October"); a screen reader on a Russian page read them so. ui/streamlit_words.js rewrites them."""
    page.goto(f"{app_server.url}/{url_path}?lang={lang}")
    wait_for_app(page)
    english = {"labels": list(streamlit_words.LABELS), "months": month_names("en")}
    try:
        page.wait_for_function(f"(english) => ({ENGLISH_LEFT_JS})(english).length === 0", arg=english, timeout=15_000)
    except Exception:  # noqa: BLE001  (say which names stayed English)
        pytest.fail(f"English names left on /{url_path}?lang={lang}: {page.evaluate(ENGLISH_LEFT_JS, english)}")
    sidebar = page.locator('[data-testid="stSidebar"]')
    if url_path != "data" or lang != "ru":
        return
    help_icon = page.locator('.st-key-upload-trade-0 [data-testid="stTooltipHoverTarget"] button').first
    expect(help_icon).to_have_attribute("aria-label", t("streamlit_ui.help_for", "ru", label=t("data.upload", "ru")))
    expect(sidebar).to_have_attribute("aria-label", t("streamlit_ui.sidebar", "ru"))

"""The registers in Chromium: search filters the rows, the XLSX download is the filtered view,
markup planted in data text shows as plain text and creates no element or link."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import openpyxl
import pytest

from partnership import agreements, data
from tests.e2e.conftest import ROOT, StreamlitServer, assert_no_exception, screenshot, wait_for_app

pytestmark = pytest.mark.browser

IMG = "<img src=x onerror=alert(1)>"
MARKDOWN = "**bold** [x](javascript:alert(1))"
MAIN = '[data-testid="stMain"]'


def shown_text(page) -> str:
    return page.locator(MAIN).inner_text()


def wait_for_text(page, text: str, timeout: float = 20_000) -> None:
    page.wait_for_function(
        "t => document.querySelector('[data-testid=\"stMain\"]').innerText.includes(t)", arg=text, timeout=timeout
    )
    wait_for_app(page)


@pytest.mark.parametrize("lang", ["ru", "en"])
@pytest.mark.parametrize("url_path", ["agreements", "projects", "events"])
def test_register_pages_render_with_charts(app_server, page, url_path, lang):
    page.goto(f"{app_server.url}/{url_path}?lang={lang}")
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    assert_no_exception(page)
    assert page.locator('[data-testid="stDataFrame"]').count() >= 1
    screenshot(page, f"{url_path}-{lang}")


def test_typing_in_the_search_filters_the_rows_and_goes_into_the_url(app_server, page):
    page.goto(f"{app_server.url}/agreements?lang=en")
    wait_for_app(page)
    assert "33 of 33 documents shown" in shown_text(page)
    search = page.locator('[data-testid="stTextInput"] input').first
    search.fill("demarcation")
    search.press("Enter")
    wait_for_text(page, "1 of 33 documents shown")
    assert "q=demarcation" in page.url
    # Russian words find documents too: the search covers both titles.
    search.fill("водности")
    search.press("Enter")
    wait_for_text(page, "1 of 33 documents shown")
    search.fill("water")
    search.press("Enter")
    wait_for_text(page, "2 of 33 documents shown")
    screenshot(page, "agreements-search-water")


def test_xlsx_download_holds_exactly_the_filtered_rows(app_server, page):
    page.goto(f"{app_server.url}/agreements?lang=ru&summit=true")
    wait_for_app(page)
    wait_for_text(page, "Документов показано: 13 из 33")
    with page.expect_download(timeout=30_000) as info:
        page.locator('[data-testid="stDownloadButton"] button').filter(has_text="XLSX").first.click()
    download = info.value
    assert download.suggested_filename.startswith("agreements-ru-") and download.suggested_filename.endswith(".xlsx")
    book = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    rows = list(book.active.iter_rows(values_only=True))
    docs = data.load("agreements")
    expected = agreements.display_table(agreements.apply(docs, agreements.Filters(summit_only=True)), "ru")
    # As shown: the page's headings (not field names), the tick as a word.
    assert len(rows[0]) == len(expected.columns) and not set(rows[0]) & set(expected.columns)
    assert len(rows) - 1 == 13
    assert [row[2] for row in rows[1:]] == list(expected["title"])
    assert all(row[7] == "да" for row in rows[1:])


@pytest.fixture(scope="module")
def planted_server(browser, tmp_path_factory):
    """The app on a copy of data/ whose text cells carry HTML and Markdown that must not run."""
    folder = tmp_path_factory.mktemp("planted") / "data"
    shutil.copytree(ROOT / "data", folder)

    def rewrite(name: str, change) -> None:
        path = folder / f"{name}.csv"
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
            fields = list(rows[0].keys())
        for row in rows:
            change(row)
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields)
            writer.writeheader()
            writer.writerows(rows)

    def plant_agreement(row):
        if row["date"] == "1998-10-31":
            row["sector"] = IMG
            row["parties"] = MARKDOWN
            row["title_en"] = f"Planted {IMG} {MARKDOWN}"
        if row["title_en"].startswith("Agreement on creation of the International Center for Industrial Cooperation"):
            row["title_en"] = f"{row['title_en']} {IMG} {MARKDOWN}"
            row["title_ru"] = f"{row['title_ru']} {IMG} {MARKDOWN}"

    def plant_event(row):
        if row["category"] == "centre":
            row["title_en"] = f"Centre {IMG} {MARKDOWN}"
            row["place"] = MARKDOWN

    rewrite("agreements", plant_agreement)
    rewrite("events", plant_event)
    data.load("agreements", folder)  # the planted files are still valid data
    server = StreamlitServer(env={data.DATA_DIR_ENV: str(folder)})
    yield server
    server.close()


def assert_inert(page) -> None:
    main = page.locator(MAIN)
    assert main.locator('img[src="x"]').count() == 0
    assert page.locator('a[href^="javascript"]').count() == 0
    assert main.locator("strong", has_text="bold").count() == 0


@pytest.mark.parametrize(
    ("url", "visible"),
    [
        # Facet chips (button labels are Markdown) carry the planted sector and parties.
        ("agreements?lang=en", [IMG, MARKDOWN]),
        # The centre card lists the planted agreement title (Markdown) and event title.
        ("projects?lang=en", [IMG, MARKDOWN, f"Centre {IMG} {MARKDOWN}"]),
        ("projects?lang=ru", [IMG, MARKDOWN]),
    ],
)
def test_planted_markup_shows_as_plain_text(planted_server, page, url, visible):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{planted_server.url}/{url}")
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    assert_no_exception(page)
    text = shown_text(page)
    for snippet in visible:
        assert snippet in text, snippet
    assert_inert(page)
    assert dialogs == []
    screenshot(page, "planted-" + url.replace("?lang=", "-"))


def test_planted_markup_in_chart_labels_and_search_stays_text(planted_server, page):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{planted_server.url}/agreements?lang=en&q=planted")
    wait_for_app(page)
    wait_for_text(page, "1 of 33 documents shown")
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    # The planted sector is a y-axis label of the chart: drawn as SVG text, not an element.
    labels = [tick.text_content() for tick in page.locator(".js-plotly-plot .ytick text").all()]
    assert IMG in labels, labels
    assert page.locator(".js-plotly-plot img, .js-plotly-plot foreignObject").count() == 0
    assert_inert(page)
    assert dialogs == []

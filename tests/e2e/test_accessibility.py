"""Accessibility in a real browser: axe-core (WCAG 2.1 A/AA) on every page, language and theme; the
keyboard alone reaching and operating a page down to a chart's CSV; charts named for screen readers;
a phone-wide (390 px) screen without sideways scrolling.

axe-core comes bundled with axe-playwright-python (no Node). One server and one browser for all:
a context per colour scheme (Streamlit follows the system preference, which Playwright sets).
"""

from __future__ import annotations

import datetime as dt

import pytest

from partnership.i18n import LANGUAGES
from tests.conftest import page_links
from tests.e2e.conftest import assert_no_exception, screenshot, wait_for_app, wait_for_paint

pytestmark = pytest.mark.browser

PAGES = [path for path, _ in page_links()]
SCHEMES = ["light", "dark"]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CHART = ".js-plotly-plot .main-svg"
# Every chart of the page has been laid out and drawn by plotly.js.
DRAWN_JS = (
    "() => [...document.querySelectorAll('.js-plotly-plot')].every(plot => plot._fullLayout && plot.querySelector('.main-svg'))"
)


@pytest.fixture(scope="module")
def scheme_pages(browser):
    """One tab per colour scheme, reused across the module's tests (a page load is the cost, not the tab)."""
    contexts, tabs = [], {}
    for scheme in SCHEMES:
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, color_scheme=scheme, accept_downloads=True)
        contexts.append(context)
        tabs[scheme] = context.new_page()
    yield tabs
    for context in contexts:
        context.close()


def open_page(page, server, path: str, lang: str) -> None:
    page.goto(f"{server.url}/{path}?lang={lang}")
    wait_for_app(page)
    if path != "data":
        page.wait_for_selector(CHART, timeout=30_000)
        page.wait_for_function(DRAWN_JS, timeout=30_000)
    wait_for_paint(page)
    assert_no_exception(page)


def axe_violations(page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    return Axe().run(page, options=options).response["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        for node in violation["nodes"][:5]:
            checks = node.get("any") or node.get("all") or node.get("none") or [{}]
            lines.append(f"{violation['id']} ({violation['impact']}): {node['target']} — {checks[0].get('message', '')}")
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("path", PAGES)
def test_no_axe_violations(app_server, scheme_pages, path, lang, scheme):
    """WCAG 2.1 A and AA rules of axe-core: 0 violations; any new one (a colour chosen later) fails here."""
    page = scheme_pages[scheme]
    open_page(page, app_server, path, lang)
    violations = axe_violations(page)
    assert not violations, f"{path or 'overview'} {lang} {scheme}:\n{describe(violations)}"


# --- Chart names. The chart element that replaces st.plotly_chart (another branch) gives its container
# role="figure" and aria-label = layout.meta["aria_label"] (partnership.charts.summaries). While this branch
# still draws charts with st.plotly_chart, which offers no way to name its container without rendering
# HTML, the test marks itself xfail; once the element is merged it runs and must pass.


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("path", [p for p in PAGES if p != "data"])
def test_every_chart_has_an_accessible_name_with_its_title(app_server, page, path, lang):
    open_page(page, app_server, path, lang)
    charts = page.locator(".js-plotly-plot")
    if page.locator('[data-testid="stPlotlyChart"]').count():
        pytest.xfail("charts still drawn by st.plotly_chart: passes once the in-place chart element is merged")
    for index in range(charts.count()):
        chart = charts.nth(index)
        if not chart.is_visible():
            continue
        # The title is SVG text, wrapped into one <tspan class="line"> per line: read the lines with spaces.
        title = chart.locator(".gtitle").first.evaluate(
            "el => { const lines = [...el.querySelectorAll('tspan.line')].map(t => t.textContent);"
            " return lines.length ? lines.join(' ') : el.textContent; }"
        )
        title = " ".join(title.split())
        figure = chart.locator("xpath=ancestor-or-self::*[@role='figure'][1]")
        assert figure.count() == 1, f"chart {index} on {path or 'overview'} has no role=figure container"
        name = " ".join((figure.get_attribute("aria-label") or "").split())
        assert name.startswith(title) and len(name) > len(title) + 10, (title, name)


# --- Keyboard.


def focused(page) -> dict:
    """What has the keyboard focus: its tag, role, text and the trail of test ids and widget keys above it."""
    return page.evaluate(
        """() => {
        const el = document.activeElement;
        if (!el || el === document.body) return {text: '', ids: '', tag: '', role: ''};
        const ids = [];
        for (let node = el; node; node = node.parentElement) {
            if (node.dataset && node.dataset.testid) ids.push(node.dataset.testid);
            for (const cls of node.classList || []) if (cls.startsWith('st-key-')) ids.push(cls);
        }
        return {text: (el.innerText || el.getAttribute('aria-label') || '').trim(), ids: ids.join(' '),
                tag: el.tagName, role: el.getAttribute('role') || ''};
    }"""
    )


def shows_focus(page) -> bool:
    """Whether the focused control looks different from itself without focus (a ring, border or shade):
    screenshots of its surroundings with and without focus, after CSS transitions have run."""
    handle = page.evaluate_handle("() => document.activeElement")
    box = handle.bounding_box()
    if not box:
        return False
    clip = {"x": max(box["x"] - 6, 0), "y": max(box["y"] - 6, 0), "width": box["width"] + 12, "height": box["height"] + 12}
    with_focus = page.screenshot(clip=clip)
    handle.evaluate("el => el.blur()")
    wait_for_paint(page)
    without = page.screenshot(clip=clip)
    handle.evaluate("el => el.focus()")
    wait_for_paint(page)
    return with_focus != without


CONTROLS = ("BUTTON", "INPUT", "A")


def tab_until(page, predicate, limit: int = 120, seen: list | None = None) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        wait_for_paint(page)
        state = focused(page)
        if seen is not None and (state["tag"] in CONTROLS or state["role"] in ("tab", "combobox", "switch")):
            state["ring"] = shows_focus(page)
            seen.append(state)
        if predicate(state):
            return state
    raise AssertionError(f"not reached with {limit} Tab presses; last focus: {state}")


def test_keyboard_alone_walks_the_trade_page_and_exports_a_chart_as_csv(app_server, page, tmp_path):
    """Tab to the language picker, the filters, the measure (changed with arrow keys and Enter), the chart's
    data (CSV) and Download menu (Enter opens, Escape closes); Enter on the CSV: the file arrives.
    Every control on the way shows that it has the focus."""
    page.goto(f"{app_server.url}/trade?lang=en")
    wait_for_app(page)
    page.wait_for_selector(CHART, timeout=30_000)
    seen: list[dict] = []
    # The sidebar comes first: navigation, then the language picker.
    tab_until(page, lambda s: "stRadio" in s["ids"] and "stSidebar" in s["ids"], seen=seen)
    # The measure selectbox in the main area: opened and changed with the arrow keys and Enter.
    tab_until(page, lambda s: "stSelectbox" in s["ids"], seen=seen)
    page.keyboard.press("ArrowDown")
    page.wait_for_selector('[role="listbox"] [role="option"]', timeout=10_000)  # the list is open
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**measure=**", timeout=15_000)
    wait_for_app(page)
    page.wait_for_selector(CHART, timeout=30_000)
    # Focus stays in the page after the rerun; on to the chart: its data (CSV) first, then the Download menu.
    csv = tab_until(page, lambda s: "st-key-trade_chart-data-csv" in s["ids"] and s["tag"] == "BUTTON", seen=seen)
    assert "CSV" in csv["text"]
    page.keyboard.press("Tab")
    menu = focused(page)
    assert "st-key-trade_chart-export" in menu["ids"] and "Download" in menu["text"]
    # The menu opens with Enter and closes with Escape, focus back on its button.
    page.keyboard.press("Enter")
    page.wait_for_selector('[data-testid="stPopoverBody"]', timeout=10_000)
    page.keyboard.press("Escape")
    page.wait_for_selector('[data-testid="stPopoverBody"]', state="detached", timeout=10_000)
    page.keyboard.press("Shift+Tab")
    assert "st-key-trade_chart-data-csv" in focused(page)["ids"]
    with page.expect_download(timeout=60_000) as info:
        page.keyboard.press("Enter")
    download = info.value
    assert download.failure() is None
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    assert download.suggested_filename.endswith(f"-en-{dt.date.today().isoformat()}.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, as every table download
    assert path.read_text(encoding="utf-8-sig").splitlines()[0].startswith("Year,Series,")  # the chart CSV's columns
    screenshot(page, "keyboard-trade-en")
    # Every control the walk stopped on drew a visible focus ring.
    stops = seen
    missing = [s for s in stops if not s["ring"]]
    assert stops and not missing, [(s["text"], s["tag"], s["ids"][:60]) for s in missing]


# --- Phone width.


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, accept_downloads=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_a_phone_wide_screen_never_scrolls_sideways_and_chart_footers_stay_inside(app_server, phone, path):
    open_page(phone, app_server, path, "ru")
    widths = phone.evaluate(
        """() => {
        const main = document.querySelector('[data-testid="stMain"]');
        return {page: document.documentElement.scrollWidth, body: document.body.scrollWidth,
                main: main.scrollWidth, mainClient: main.clientWidth, viewport: window.innerWidth};
    }"""
    )
    assert widths["page"] <= widths["viewport"] and widths["body"] <= widths["viewport"], widths
    assert widths["main"] <= widths["mainClient"], widths
    # Wide tables scroll inside their own frame, which stays within the screen.
    for frame in phone.locator('[data-testid="stDataFrame"]').all():
        if frame.is_visible():
            box = frame.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= widths["viewport"] + 1, box
    # Each visible chart: its footer (the last annotation: sources and notes) lies inside the chart,
    # below the x-axis labels, and the title starts below the modebar.
    for chart in phone.locator(".js-plotly-plot").all():
        if not chart.is_visible():
            continue
        geometry = chart.evaluate(
            """(el) => {
            const svg = el.querySelector('.main-svg').getBoundingClientRect();
            const notes = el.querySelectorAll('.annotation');
            const footer = notes[notes.length - 1].getBoundingClientRect();
            const ticks = [...el.querySelectorAll('.xtick text')].map(t => t.getBoundingClientRect());
            const title = el.querySelector('.gtitle').getBoundingClientRect();
            const bar = el.querySelector('.modebar');
            return {svg: [svg.left, svg.top, svg.right, svg.bottom], footer: [footer.left, footer.top, footer.right, footer.bottom],
                    ticksBottom: Math.max(0, ...ticks.map(t => t.bottom)), title: [title.left, title.top, title.right],
                    modebarBottom: bar ? bar.getBoundingClientRect().bottom : svg.top,
                    ticks: ticks.map(t => [t.left, t.right])};
        }"""
        )
        left, top, right, bottom = geometry["svg"]
        f_left, f_top, f_right, f_bottom = geometry["footer"]
        assert left - 1 <= f_left and f_right <= right + 1 and f_bottom <= bottom + 1, geometry
        assert geometry["ticksBottom"] <= f_top + 1, geometry
        assert geometry["title"][2] <= right + 1 and geometry["title"][1] >= geometry["modebarBottom"] - 4, geometry
        ticks = sorted(geometry["ticks"])
        assert all(a[1] <= b[0] + 1 for a, b in zip(ticks, ticks[1:], strict=False)), f"x labels overlap: {ticks}"
    screenshot(phone, f"phone-{path or 'overview'}-ru")

"""End to end in a real headless Chromium (Debian's package), driven by Playwright.

The app runs under uvicorn on a free localhost port. Screenshots go to
``test-artifacts/`` (gitignored) for a person to look at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium package (.ci/run does)",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


class Watch:
    """What a page did that it should not: dialogs, uncaught errors, console errors."""

    def __init__(self, page: object) -> None:
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)

    def _dialog(self, dialog: object) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


@pytest.fixture
def page(browser: object, request: pytest.FixtureRequest) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1360, "height": 900})
    tab = context.new_page()
    tab.watch = Watch(tab)
    yield tab
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


def highlighted(page: object, css: str) -> list[str]:
    return page.eval_on_selector_all(f"#doc-text {css}", "els => els.map(e => e.textContent)")


def test_clicking_an_event_highlights_its_spans(page: object, live_server: str) -> None:
    page.goto(f"{live_server}/documents/sc-nk-mar")
    assert highlighted(page, ".hl-trigger") == []
    page.click("#event-0 .event-head")
    assert highlighted(page, ".hl-trigger") == ["sent"]
    assert set(highlighted(page, ".hl-arg")) >= {"North Korea", "Russia", "11,000 troops",
                                                 "the South Korean military", "in March"}
    assert "selected" in page.get_attribute("#event-0", "class")
    # One field of the event: its own span takes the focus.
    page.click('#event-0 [data-role="source"]')
    assert highlighted(page, ".hl-focus") == ["the South Korean military"]
    assert page.watch.errors == [] and page.watch.dialogs == []


def test_clicking_a_trigger_in_the_text_selects_its_event(page: object, live_server: str) -> None:
    page.goto(f"{live_server}/documents/sc-flood-b")
    page.click("#doc-text .seg.trigger")
    assert "selected" in page.get_attribute("#event-0", "class")
    assert highlighted(page, ".hl-trigger") == ["flash flood"]
    assert "killing five" in highlighted(page, ".hl-arg")


def test_a_link_to_one_event_arrives_highlighted(page: object, live_server: str) -> None:
    page.goto(f"{live_server}/documents/sc-nk-apr?event=V1")
    assert highlighted(page, ".hl-trigger") == ["sent"]


def test_filter_events_by_actor(page: object, live_server: str) -> None:
    page.goto(f"{live_server}/events")
    total = page.locator("table.events-table tbody tr").count()
    page.fill('#event-filters input[name="actor"]', "North Korea")
    page.click('#event-filters button[type="submit"]')
    page.wait_for_url(re.compile(r"actor=North\+Korea"))
    actors = page.eval_on_selector_all("table.events-table td.actor",
                                       "els => els.map(e => e.textContent.trim())")
    assert actors == ["North Korea"] * 3
    assert total > 3
    # Follow one event to its consolidated page and back to the report.
    page.click("table.events-table tbody tr:first-child td:first-child a")
    page.wait_for_url(re.compile(r"/events/c"))
    page.click(".members-table a")
    assert highlighted(page, ".hl-trigger") == ["sent"]


def test_entity_timeline_shows_each_claim(page: object, live_server: str) -> None:
    page.goto(f"{live_server}/entities/{quote('North Korea')}")
    assert page.locator("figure.chart svg rect").count() == 3  # Feb, Mar, Apr
    page.click(".claim-units a")
    page.wait_for_url(re.compile(r"/timeline\?"))
    points = page.eval_on_selector_all(
        "svg .point circle", "els => els.map(e => [e.querySelector('title').textContent,"
                             " e.getAttribute('fill'), +e.getAttribute('cy')])")
    assert [p[0].split(":")[0] for p in points] == ["2025-02-10", "2025-03-20", "2025-04-25"]
    assert points[0][1] == points[1][1] != points[2][1]  # one colour per source
    assert points[0][2] > points[1][2] > points[2][2]  # growing figures climb the chart
    legend = page.eval_on_selector_all(".legend-item", "els => els.map(e => e.textContent)")
    assert legend == ["South Korean military", "Ukrainian intelligence"]


def test_hostile_document_renders_inert(page: object, live_server: str) -> None:
    page.goto(f"{live_server}/documents/sc-hostile")
    page.wait_for_load_state("load")
    text = page.inner_text("#doc-text")
    assert "<script>window.__pwned=1;alert(1)</script>" in text
    assert '<img src=x onerror="window.__pwned=2;alert(2)">' in text
    assert page.title().startswith("<script>window.__pwned=5</script>Hostile title")
    assert page.locator("#doc-text img, #doc-text script, #doc-text svg").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    # Hover and click everything a reader might touch.
    page.hover(".meta")
    page.get_by_text("read more").first.click()
    page.click("#event-0 .event-head")
    page.click('#event-0 [data-role="recipient"]')
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.watch.dialogs == []
    for other in ("/documents", "/events",
                  "/entities/" + quote('<img src=y onerror="window.__pwned=8">', safe="")):
        page.goto(live_server + other)
        assert page.evaluate("typeof window.__pwned") == "undefined", other
    assert page.watch.dialogs == []


def test_overview_charts_events_per_week(page: object, live_server: str) -> None:
    page.goto(live_server + "/")
    bars = page.locator("figure.chart svg rect")
    assert bars.count() >= 4
    assert "AID" in page.inner_text("figure.chart .legend")
    assert page.watch.errors == []

"""Server-rendered pages: content, filters, and that hostile text never becomes markup."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

WEB = Path(__file__).resolve().parents[2] / "src" / "pantau" / "web"
HOSTILE_NAME = '<img src=y onerror="window.__pwned=8">'


class Tags(HTMLParser):
    """Every start tag of a page with its attributes, and the text of chosen elements."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags_of(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


def assert_inert(html: str) -> None:
    """Only our own script file, no event-handler attributes, no javascript: links."""
    for tag, attrs in tags_of(html):
        if tag == "script":
            assert attrs.get("src", "").startswith("/static/app.js"), attrs
        assert tag not in ("img", "iframe", "object", "embed"), (tag, attrs)
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        for key in ("href", "src", "action"):
            value = (attrs.get(key) or "").strip().lower()
            assert not value.startswith(("javascript:", "data:")), (tag, attrs)


def test_every_page_renders(client: TestClient) -> None:
    flood = client.get("/api/events?type=DISASTER").json()["items"][0]["id"]
    for url in ("/", "/documents", "/documents/sc-nk-feb", "/events", f"/events/{flood}",
                "/entities/North Korea", "/timeline?name=North Korea", "/timeline", "/api",
                "/documents?q=flood&type=DISASTER&since=2025-01-01"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["content-type"].startswith("text/html")


def test_hostile_document_renders_as_text(client: TestClient) -> None:
    html = client.get("/documents/sc-hostile").text
    assert_inert(html)
    assert "&lt;script&gt;window.__pwned=1;alert(1)&lt;/script&gt;" in html
    title = "&lt;script&gt;window.__pwned=5&lt;/script&gt;Hostile title · pantau"
    assert f"<title>{title}</title>" in html
    # The javascript: url is shown, never linked.
    assert "javascript:window.__pwned=7" in html
    assert not any(a.get("href", "").startswith("javascript") for t, a in tags_of(html))


def test_hostile_names_are_inert_on_every_page(client: TestClient) -> None:
    coerce = client.get("/api/events?type=COERCE").json()["items"][0]["id"]
    for url in ("/", "/documents", "/events", f"/events/{coerce}",
                "/entities/" + quote(HOSTILE_NAME, safe=""), "/entities/Police",
                "/timeline?name=" + quote(HOSTILE_NAME), "/documents?q=" + quote("<script>")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.text)


def test_no_template_marks_text_safe() -> None:
    for path in (WEB / "templates").glob("*.html"):
        text = path.read_text()
        assert "|safe" not in text.replace(" ", ""), path
        assert "autoescape false" not in text, path
    for path in WEB.glob("*.py"):
        assert "Markup(" not in path.read_text(), path


def test_document_view_marks_spans_and_lists_event_fields(client: TestClient) -> None:
    html = client.get("/documents/sc-nk-mar?event=V1").text
    trigger = re.search(r'<span class="seg trigger" data-spans="(e0-trigger)"[^>]*>([^<]*)<', html)
    assert trigger and trigger.group(2) == "sent"
    assert 'data-spans="n0 e0-actor"' in html  # an entity mention that is also the actor
    assert '<li class="event-card selected" id="event-0" data-index="0">' in html
    for role in ("trigger", "actor", "recipient", "location", "time", "q0", "source"):
        assert f'data-event="0" data-role="{role}"' in html


def test_event_table_filters_from_the_form(client: TestClient) -> None:
    html = client.get("/events?actor=North+Korea&type=&since=&certainty=").text
    rows = re.findall(r'<td class="actor">(.*?)</td>', html)
    assert len(rows) == 3 and all(">North Korea</a>" in r for r in rows)
    bad = client.get("/events?since=last+week").text
    assert "is not a date" in bad


def test_consolidated_page_flags_conflicting_figures(client: TestClient) -> None:
    flood = client.get("/api/events?type=DISASTER").json()["items"][0]["id"]
    html = client.get(f"/events/{flood}").text
    assert '<section class="figure-group conflicting">' in html
    assert html.count("/documents/sc-flood-") >= 4  # each figure and each report links back


def test_entity_page_charts_activity_and_lists_parties(client: TestClient) -> None:
    html = client.get("/entities/North Korea").text
    chart = html[html.index("<svg viewBox"):html.index("</svg>", html.index("<svg viewBox"))]
    assert chart.count("<rect ") == 3
    assert '<a href="/entities/Russia">Russia</a>' in html
    assert '<a href="/timeline?name=North+Korea&amp;unit=troops&amp;role=any">troops</a>' in html


def test_timeline_page_plots_each_claim(client: TestClient) -> None:
    html = client.get("/timeline?name=North+Korea").text
    titles = re.findall(r"<circle [^>]*><title>([^<]*)</title>", html)
    assert len(titles) == 3
    assert [t.split(":")[0] for t in titles] == ["2025-02-10", "2025-03-20", "2025-04-25"]
    legend = re.findall(r'class="legend-item">.*?</svg>([^<]*)</span>', html)
    assert legend == ["South Korean military", "Ukrainian intelligence"]


@pytest.mark.parametrize("url", ["/documents/nope", "/entities/Nobody", "/events/c0"])
def test_missing_things_are_404_pages(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404 and "Not found" in response.text


def test_dev_corpus_pages_render(dev_db: str) -> None:
    from pantau.web import create_app

    with TestClient(create_app(dev_db)) as c:
        docs = c.get("/api/documents?limit=200").json()["items"]
        for d in docs:
            response = c.get("/documents/" + quote(d["id"], safe=""))
            assert response.status_code == 200, d["id"]
            assert response.text.count('class="event-card') == d["n_events"]
        for url in ("/", "/events", "/events?type=ASSAULT", "/documents?lang=en"):
            assert c.get(url).status_code == 200

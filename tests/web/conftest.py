"""Fixtures for the web tests: a small scenario store of our own, the annotated dev
corpus when ../shared is there, and a live server for the browser tests.

The scenario's sentences are written for these tests (no corpus text). It holds
three North Korean deployments with growing troop figures from two sources, one
flood reported twice with conflicting tolls, and one hostile document whose
text, title, url and entity name carry markup that must stay inert.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from pantau.record import Record
from pantau.store import open_store
from pantau.store.ingest import Ingest
from pantau.web import create_app

SHARED = Path(__file__).resolve().parents[2].parent / "shared"  # beside the checkout
DEV = SHARED / "corpus" / "dev.jsonl"
TOKEN = "test-token-5b1f"


class Builder:
    """Writes a record from plain text, finding each span by its surface."""

    def __init__(self, doc_id: str, text: str, **meta: Any):
        self.doc = {"id": doc_id, "text": text, "lang": "en", "title": None,
                    "published": None, "source": None, "url": None, **meta}
        self.entities: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []

    def span(self, surface: str, nth: int = 0) -> list[int]:
        start = -1
        for _ in range(nth + 1):
            start = self.doc["text"].index(surface, start + 1)
        return [start, start + len(surface)]

    def entity(self, type_: str, name: str, *surfaces: str, kb: str | None = None) -> None:
        self.entities.append({"id": f"E{len(self.entities) + 1}", "type": type_, "name": name,
                              "kb": kb, "mentions": [self.span(s) for s in surfaces]})

    def event(self, type_: str, trigger: str, mode: str | None = None, *,
              time: tuple[str, str, str, str] | None = None,
              figures: tuple[tuple[str, int, str, str], ...] = (),
              status: str = "occurred", certainty: str = "asserted",
              **roles: tuple[str, str] | None) -> None:
        ev: dict[str, Any] = {"id": f"V{len(self.events) + 1}", "type": type_, "mode": mode,
                              "trigger": self.span(trigger)}
        for role in ("actor", "recipient", "location", "source"):
            given = roles.get(role)
            ev[role] = given[0] if given else None
            ev[f"{role}_span"] = self.span(given[1]) if given else None
        ev["time"] = None if time is None else {
            "span": self.span(time[0]), "from": time[1], "to": time[2], "granularity": time[3]}
        ev["quantities"] = [{"span": self.span(s), "value": v, "qualifier": q, "unit": u}
                            for s, v, q, u in figures]
        ev.update(status=status, certainty=certainty, negated=False)
        self.events.append(ev)

    def record(self) -> dict[str, Any]:
        return {**self.doc, "entities": self.entities, "events": self.events}


def scenario_records() -> list[dict[str, Any]]:
    records = []
    deployments = [
        ("sc-nk-feb", "2025-02-10", "February", "2025-02-01", "2025-02-28", "3,000", 3000,
         "South Korean military", "the South Korean military",
         "Lawmakers in Seoul were briefed behind closed doors on Monday. The units are said "
         "to include engineers and artillery crews, and their equipment crossed the border "
         "on long freight trains."),
        ("sc-nk-mar", "2025-03-20", "March", "2025-03-01", "2025-03-31", "11,000", 11000,
         "South Korean military", "the South Korean military",
         "The estimate nearly quadruples last month's figure. Analysts expect more rotations "
         "before summer, while the government in Pyongyang has denied every report."),
        ("sc-nk-apr", "2025-04-25", "April", "2025-04-01", "2025-04-30", "15,000", 15000,
         "Ukrainian intelligence", "Ukrainian intelligence",
         "Kyiv released intercepted radio traffic it says proves the new arrivals are already "
         "fighting near Kursk, and called on partners to respond."),
    ]
    for (doc_id, published, month, start, end, figure, value, source, source_text,
         more) in deployments:
        text = (f"North Korea sent {figure} troops to Russia in {month}, according to "
                f"{source_text}.\n\n{more}")
        b = Builder(doc_id, text, title=f"North Korea sends {figure} troops to Russia",
                    published=published, source="Example Wire",
                    url=f"https://news.example/{doc_id}")
        b.entity("GPE", "North Korea", "North Korea", kb="KP")
        b.entity("GPE", "Russia", "Russia", kb="RU")
        b.event("AID", "sent", actor=("North Korea", "North Korea"),
                recipient=("Russia", "Russia"), location=("Russia", "Russia"),
                time=(f"in {month}", start, end, "month"),
                figures=((f"{figure} troops", value, "exact", "troops"),),
                source=(source, source_text))
        records.append(b.record())

    flood_reports = (
        ("sc-flood-a", "2025-03-04", "Kabar Contoh", 3, "killing three",
         "A flash flood hit Sukamaju village in Garut on Monday, killing three residents, "
         "the disaster agency said."),
        ("sc-flood-b", "2025-03-05", "Warta Contoh", 5, "killing five",
         "Rescuers searched the mud for hours after on Monday a flash flood tore through "
         "Sukamaju, a farming village in Garut, killing five people and cutting the road, "
         "according to the disaster agency."))
    for doc_id, published, outlet, toll, toll_text, text in flood_reports:
        b = Builder(doc_id, text, title="Flash flood hits Garut village", published=published,
                    source=outlet)
        b.entity("GPE", "Garut Regency", "Garut")
        b.entity("LOC", "Sukamaju", "Sukamaju")
        b.entity("ORG", "BPBD Garut", "the disaster agency")
        b.event("DISASTER", "flash flood", location=("Garut Regency", "Garut"),
                time=("on Monday", "2025-03-03", "2025-03-03", "day"),
                figures=((toll_text, toll, "exact", "killed"),),
                source=("BPBD Garut", "the disaster agency"))
        records.append(b.record())

    text = ('Police arrested <img src=x onerror="window.__pwned=2;alert(2)"> near the '
            'market <script>window.__pwned=1;alert(1)</script> on Friday. '
            '<a href="javascript:window.__pwned=3;alert(3)">read more</a> '
            '<svg onload="window.__pwned=4">')
    b = Builder("sc-hostile", text, title="<script>window.__pwned=5</script>Hostile title",
                published="2025-03-07", source='<b onmouseover="window.__pwned=6">Evil</b>',
                url="javascript:window.__pwned=7")
    hostile_name = '<img src=y onerror="window.__pwned=8">'
    b.entity("PER", hostile_name, '<img src=x onerror="window.__pwned=2;alert(2)">')
    b.entity("ORG", "Police", "Police")
    b.event("COERCE", "arrested", "arrest", actor=("Police", "Police"),
            recipient=(hostile_name, '<img src=x onerror="window.__pwned=2;alert(2)">'),
            location=("<script>", "<script>window.__pwned=1;alert(1)</script>"))
    records.append(b.record())
    return records


def build_store(path: str | Path, records: list[dict[str, Any]]) -> str:
    with open_store(str(path)) as store:
        for d in records:
            store.add_record(Record.from_dict(d))
        store.consolidate()
    return str(path)


@pytest.fixture(scope="session")
def store_builder() -> Callable[[str | Path, list[dict[str, Any]]], str]:
    return build_store


@pytest.fixture(scope="session")
def scenario() -> list[dict[str, Any]]:
    return scenario_records()


@pytest.fixture(scope="session")
def scenario_db(tmp_path_factory: pytest.TempPathFactory, scenario: list[dict[str, Any]]
                ) -> str:
    return build_store(tmp_path_factory.mktemp("web") / "scenario.db", scenario)


@pytest.fixture(scope="session")
def client(scenario_db: str) -> Iterator[TestClient]:
    """Read-only client over the scenario (no token: writes disabled)."""
    with TestClient(create_app(scenario_db)) as c:
        yield c


@pytest.fixture(scope="session")
def token() -> str:
    return TOKEN


@pytest.fixture
def writer(tmp_path: Path, scenario: list[dict[str, Any]]) -> Iterator[TestClient]:
    """A client over a fresh copy of the scenario, with writes enabled by TOKEN."""
    db = build_store(tmp_path / "writable.db", scenario)
    with TestClient(create_app(db, token=TOKEN)) as c:
        yield c


@pytest.fixture(scope="session")
def dev_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The annotated dev corpus, stored as given records."""
    if not DEV.exists():
        pytest.skip(f"annotated corpus not found at {DEV} (../shared is absent)")
    path = tmp_path_factory.mktemp("web-dev") / "dev.db"
    with open_store(str(path)) as store:
        job = Ingest(store, as_records=True)
        job.run([str(DEV)], progress=False)
        store.consolidate()
    return str(path)


@pytest.fixture(scope="session")
def dev_records() -> list[dict[str, Any]]:
    if not DEV.exists():
        pytest.skip(f"annotated corpus not found at {DEV} (../shared is absent)")
    return [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines()
            if line.strip()]


# ------------------------------------------------------------------ live server

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(scenario_db: str) -> Iterator[str]:
    """The app under uvicorn on a free localhost port, for the browser."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(scenario_db), host="127.0.0.1",
                                           port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)

"""The REST API over the scenario store (and the dev corpus when ../shared is there)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

SCENARIO_IDS = {"sc-nk-feb", "sc-nk-mar", "sc-nk-apr", "sc-flood-a", "sc-flood-b", "sc-hostile"}


def test_documents_are_listed_newest_first_with_event_counts(client: TestClient) -> None:
    body = client.get("/api/documents").json()
    assert body["total"] == len(SCENARIO_IDS)
    assert {d["id"] for d in body["items"]} == SCENARIO_IDS
    published = [d["published"] for d in body["items"]]
    assert published == sorted(published, reverse=True)
    counts = {d["id"]: d["n_events"] for d in body["items"]}
    assert counts["sc-nk-feb"] == 1 and counts["sc-hostile"] == 1


def test_document_search_filters_and_paging(client: TestClient) -> None:
    assert {d["id"] for d in client.get("/api/documents?q=FLASH flood").json()["items"]} == {
        "sc-flood-a", "sc-flood-b"}
    assert client.get("/api/documents?q=100%25").json()["total"] == 0  # % is literal
    assert {d["id"] for d in client.get("/api/documents?source=warta").json()["items"]} == {
        "sc-flood-b"}
    assert {d["id"] for d in client.get(
        "/api/documents?since=2025-03-01&until=2025-03-31").json()["items"]} == {
        "sc-nk-mar", "sc-flood-a", "sc-flood-b", "sc-hostile"}
    assert {d["id"] for d in client.get("/api/documents?entity=KP").json()["items"]} == {
        "sc-nk-feb", "sc-nk-mar", "sc-nk-apr"}
    assert {d["id"] for d in client.get("/api/documents?type=DISASTER").json()["items"]} == {
        "sc-flood-a", "sc-flood-b"}
    first = client.get("/api/documents?limit=4").json()
    rest = client.get("/api/documents?limit=4&offset=4").json()
    assert len(first["items"]) == 4 and len(rest["items"]) == 2
    assert not {d["id"] for d in first["items"]} & {d["id"] for d in rest["items"]}


def test_document_is_returned_as_its_record(client: TestClient,
                                            scenario: list[dict[str, Any]]) -> None:
    original = next(d for d in scenario if d["id"] == "sc-flood-a")
    assert client.get("/api/documents/sc-flood-a").json() == original
    missing = client.get("/api/documents/no-such-doc")
    assert missing.status_code == 404 and missing.json() == {"detail": "no such document"}


def test_event_filters(client: TestClient) -> None:
    by_actor = client.get("/api/events?actor=north korea").json()
    assert by_actor["total"] == 3  # three months, three events: they never overlap in time
    assert {e["actor"] for e in by_actor["items"]} == {"North Korea"}
    assert [e["date_start"] for e in by_actor["items"]] == [
        "2025-04-01", "2025-03-01", "2025-02-01"]
    assert client.get("/api/events?actor=North Korea&since=2025-03-15").json()["total"] == 2
    assert client.get("/api/events?source=Ukrainian intelligence").json()["total"] == 1
    assert client.get("/api/events?type=DISASTER").json()["total"] == 1
    assert client.get("/api/events?certainty=believed").json()["total"] == 0
    assert client.get("/api/events?status=occurred").json()["total"] == 5
    assert client.get("/api/events?party=Russia").json()["total"] == 3
    assert client.get("/api/events?type=NOT_A_TYPE").status_code == 422


def test_consolidated_event_keeps_conflicting_figures(client: TestClient) -> None:
    flood = client.get("/api/events?type=DISASTER").json()["items"][0]
    assert flood["n_reports"] == 2 and flood["has_conflict"]
    detail = client.get(f"/api/events/{flood['id']}").json()
    assert sorted(f["value"] for f in detail["figures"]) == [3, 5]
    assert {m["document_id"] for m in detail["members"]} == {"sc-flood-a", "sc-flood-b"}
    assert client.get("/api/events/c000000000000").status_code == 404


def test_entity_detail(client: TestClient) -> None:
    nk = client.get("/api/entities/North Korea").json()
    assert nk["documents"] == 3 and nk["kb"] == ["KP"]
    assert nk["activity"] == [{"key": m, "count": 1} for m in ("2025-02", "2025-03", "2025-04")]
    assert nk["co_occurring"] == [{"key": "Russia", "count": 6}]  # recipient and location
    assert nk["figure_units"] == [{"key": "troops", "count": 3}]
    assert client.get("/api/entities/KP").json()["name"] == "North Korea"
    assert client.get("/api/entities/Atlantis").status_code == 404


def test_timeline_lists_figures_in_publication_order(client: TestClient) -> None:
    points = client.get("/api/timeline?name=North Korea&unit=troops").json()
    assert [(p["stated"], p["value"], p["source"]) for p in points] == [
        ("2025-02-10", 3000, "South Korean military"),
        ("2025-03-20", 11000, "South Korean military"),
        ("2025-04-25", 15000, "Ukrainian intelligence")]
    assert client.get("/api/timeline?name=North Korea&unit=killed").json() == []


def test_analyze_returns_a_record_without_storing_it(client: TestClient) -> None:
    text = "Polisi menangkap dua pria di Surabaya pada Senin."
    response = client.post("/api/analyze", json={"text": text, "published": "2025-06-12",
                                                 "lang": "id", "id": "probe"})
    assert response.status_code == 200
    record = response.json()
    assert record["id"] == "probe" and record["text"] == text and record["lang"] == "id"
    assert client.get("/api/documents/probe").status_code == 404
    assert client.post("/api/analyze", json={"text": ""}).status_code == 422
    assert client.post("/api/analyze", json={"text": "x", "published": "soon"}).status_code == 422


def test_writes_are_disabled_without_a_configured_token(client: TestClient) -> None:
    doc = {"id": "new", "text": "Banjir melanda Garut."}
    response = client.post("/api/ingest", json={"documents": [doc]},
                           headers={"Authorization": "Bearer anything"})
    assert response.status_code == 403
    assert client.get("/api/documents/new").status_code == 404


def test_ingest_needs_the_right_token(writer: TestClient, token: str) -> None:
    doc = {"id": "sc-new", "text": "Banjir bandang melanda Garut pada Senin.",
           "published": "2025-03-10", "lang": "id"}
    assert writer.post("/api/ingest", json={"documents": [doc]}).status_code == 401
    wrong = writer.post("/api/ingest", json={"documents": [doc]},
                        headers={"Authorization": "Bearer wrong"})
    assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"
    ok = writer.post("/api/ingest", json={"documents": [doc]},
                     headers={"Authorization": f"Bearer {token}"})
    assert ok.status_code == 200 and ok.json()["counts"] == {"added": 1}
    assert writer.get("/api/documents/sc-new").json()["text"] == doc["text"]
    assert writer.get("/api/documents").json()["total"] == len(SCENARIO_IDS) + 1


def test_ingest_as_records_rejects_invalid_records(writer: TestClient, token: str,
                                                   scenario: list[dict[str, Any]]) -> None:
    good = {**scenario[0], "id": "sc-copy", "url": None,
            "text": scenario[0]["text"] + " Again."}
    bad = {**scenario[0], "id": "sc-bad", "text": "Short text.",
           "events": [{**scenario[0]["events"][0], "type": "PICNIC"}]}
    response = writer.post("/api/ingest", json={"documents": [good, bad], "as_records": True},
                           headers={"Authorization": f"Bearer {token}"})
    body = response.json()
    assert body["counts"] == {"added": 1, "errors": 1}
    assert [e["id"] for e in body["errors"]] == ["sc-bad"]
    assert "events[0].type" in body["errors"][0]["reason"]
    stored = writer.get("/api/documents/sc-copy").json()
    assert stored["events"] == good["events"]
    # The new report joins its consolidated event once queries bring consolidation up to date.
    assert writer.get("/api/events?actor=North Korea&since=2025-02-01&until=2025-02-28"
                      ).json()["items"][0]["n_documents"] == 2


def test_security_headers_on_pages_and_api(client: TestClient) -> None:
    for url in ("/", "/api/documents", "/static/app.js"):
        headers = client.get(url).headers
        assert "script-src 'self'" in headers["content-security-policy"]
        assert "unsafe-inline" not in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"


def test_openapi_document_lists_the_endpoints(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    assert {"/api/documents", "/api/documents/{doc_id}", "/api/events", "/api/entities/{entity_id}",
            "/api/timeline", "/api/analyze", "/api/ingest"} <= set(spec["paths"])
    assert spec["paths"]["/api/ingest"]["post"]["security"] == [{"HTTPBearer": []}]
    assert client.get("/docs").status_code == 404  # Swagger UI would load from a CDN


def test_dev_corpus_documents_round_trip(dev_db: str, dev_records: list[dict[str, Any]]) -> None:
    from pantau.web import create_app

    with TestClient(create_app(dev_db)) as c:
        assert c.get("/api/documents?limit=1").json()["total"] == len(dev_records)
        for original in dev_records[:10]:
            served = c.get(f"/api/documents/{original['id']}").json()
            assert served["text"] == original["text"]
            assert served["events"] == original["events"]
            assert [e["name"] for e in served["entities"]] == [
                e["name"] for e in original["entities"]]


def test_events_can_be_ordered_by_reach(client: TestClient) -> None:
    first = client.get("/api/events?order=reports&limit=1").json()["items"][0]
    assert first["type"] == "DISASTER" and first["n_reports"] == 2

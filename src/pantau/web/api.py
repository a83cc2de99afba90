"""The REST API under ``/api``: reads for everyone, writes behind a bearer token.

Thin handlers over ``pantau.query`` and ``pantau.web.queries``; the response
models in ``pantau.web.models`` are the OpenAPI document's schemas.
"""

from __future__ import annotations

import hmac
from dataclasses import asdict
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

import pantau
from pantau import query
from pantau.record import CERTAINTIES, DOCUMENT_KEYS, EVENT_TYPES, STATUSES
from pantau.store.ingest import Ingest
from pantau.validate import validate_record
from pantau.web import models, queries
from pantau.web.state import WebState, web_state

EventType = Literal[EVENT_TYPES]  # type: ignore[valid-type]
Certainty = Literal[CERTAINTIES]  # type: ignore[valid-type]
Status = Literal[STATUSES]  # type: ignore[valid-type]
Role = Literal["actor", "recipient", "location", "any"]

router = APIRouter(prefix="/api", tags=["api"])
State = Annotated[WebState, Depends(web_state)]
Limit = Annotated[int, Query(ge=1, le=200, description="page size")]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]
Text = Annotated[str | None, Query(max_length=200)]
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": models.Problem}}

bearer = HTTPBearer(auto_error=False, description="the token the server was started with")


def require_writer(state: State, credentials: Annotated[
        HTTPAuthorizationCredentials | None, Depends(bearer)]) -> None:
    """Writes need the operator's token; with none configured they are disabled."""
    if not state.token:
        raise HTTPException(403, "writes are disabled: start the server with --token "
                                 "or PANTAU_TOKEN")
    given = credentials.credentials if credentials else ""
    if not hmac.compare_digest(given.encode(), state.token.encode()):
        raise HTTPException(401, "a valid bearer token is required",
                            headers={"WWW-Authenticate": "Bearer"})


# ----------------------------------------------------------------- documents

@router.get("/documents", response_model=models.DocumentPage,
            summary="Documents, newest first, with search and filters")
def list_documents(state: State, q: Text = None, lang: Text = None, source: Text = None,
                   since: date | None = None, until: date | None = None,
                   entity: Text = None, type: EventType | None = None,
                   limit: Limit = 50, offset: Offset = 0) -> Any:
    filters = queries.DocumentFilters(q=q, lang=lang, source=source, since=since, until=until,
                                      entity=entity, type=type)
    with state.connect() as conn:
        return asdict(queries.documents_page(conn, filters, limit, offset))


@router.get("/documents/{doc_id:path}", response_model=models.RecordModel,
            responses=NOT_FOUND, summary="One stored document as a SCHEMA.md record")
def get_document(state: State, doc_id: Annotated[str, Path(min_length=1)]) -> Any:
    record = state.store.get_record(doc_id)
    if record is None:
        raise HTTPException(404, "no such document")
    return record.to_dict()


# -------------------------------------------------------------------- events

@router.get("/events", response_model=models.EventPage,
            summary="Consolidated events, newest first, with filters")
def list_events(state: State, type: EventType | None = None, actor: Text = None,
                recipient: Text = None, location: Text = None,
                party: Annotated[str | None, Query(max_length=200,
                                                   description="actor, recipient or location")]
                = None,
                since: date | None = None, until: date | None = None, source: Text = None,
                certainty: Certainty | None = None, status: Status | None = None,
                order: Annotated[Literal["newest", "reports"], Query(
                    description="newest first, or the most widely reported first")] = "newest",
                limit: Limit = 50, offset: Offset = 0) -> Any:
    filters = queries.EventFilters(type=type, actor=actor, recipient=recipient,
                                   location=location, party=party, since=since, until=until,
                                   source=source, certainty=certainty, status=status)
    with state.connect() as conn:
        return asdict(queries.events_page(conn, filters, limit, offset, order))


@router.get("/events/{event_id}", response_model=models.ConsolidatedDetail,
            responses=NOT_FOUND, summary="One consolidated event with its member reports")
def get_event(state: State, event_id: Annotated[str, Path(max_length=64)]) -> Any:
    with state.connect() as conn:
        found = queries.consolidated_event(conn, event_id)
    if found is None:
        raise HTTPException(404, "no such event")
    found["members"] = query.event_members(state.store, event_id)
    return found


# ------------------------------------------------------------------ entities

@router.get("/entities/{entity_id:path}", response_model=models.EntityDetail,
            responses=NOT_FOUND,
            summary="What the store knows about one entity (canonical name or kb id)")
def get_entity(state: State, entity_id: Annotated[str, Path(min_length=1, max_length=200)]
               ) -> Any:
    found = queries.entity_detail(state.ready(), entity_id)
    if found is None:
        raise HTTPException(404, "no such entity")
    return found


@router.get("/timeline", response_model=list[models.TimelinePoint],
            summary="Figures stated for an entity's events, in publication order")
def get_timeline(state: State, name: Annotated[str, Query(min_length=1, max_length=200)],
                 unit: Text = None, recipient: Text = None, role: Role = "actor") -> Any:
    return query.timeline(state.ready(), name, unit=unit, recipient=recipient, role=role)


@router.get("/stats", response_model=dict[str, Any], summary="Counts of the store's contents")
def get_stats(state: State) -> Any:
    return query.stats(state.ready())


# ---------------------------------------------------------------- analyse / ingest

@router.post("/analyze", response_model=models.RecordModel,
             summary="Analyse a text and return its record (nothing is stored)")
def analyze(body: models.AnalyzeRequest) -> Any:
    record = pantau.analyze(body.text, published=body.published, lang=body.lang,
                            doc_id=body.id, title=body.title, source=body.source,
                            url=body.url)
    return record.to_dict()


class _ApiIngest(Ingest):
    """An ingest run that keeps each problem's reason for the response."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.problems: list[dict[str, str]] = []

    def error(self, exc: Any) -> None:
        super().error(exc)
        self.problems.append({"id": exc.where, "reason": exc.reason})


@router.post("/ingest", response_model=models.IngestResult,
             dependencies=[Depends(require_writer)],
             responses={401: {"model": models.Problem}, 403: {"model": models.Problem}},
             summary="Store documents (analysed, or as given records); needs the token")
def ingest(state: State, body: models.IngestRequest) -> Any:
    job = _ApiIngest(state.store, as_records=body.as_records, lang=body.lang)
    for doc in body.documents:
        data = doc.model_dump(exclude_none=True)
        if body.as_records and "events" in data:
            problems = validate_record({k: None for k in DOCUMENT_KEYS} | {"entities": []}
                                       | data)
            if problems:
                job.counts["errors"] += 1
                job.problems.append({"id": doc.id, "reason": "; ".join(
                    f"{p.path}: {p.reason}" for p in problems[:5])})
                continue
        job.add(data, doc.id)
    return {"counts": dict(job.counts), "errors": job.problems}

"""The REST API's request and response models: what its OpenAPI document states.

Record models follow SCHEMA.md; store models follow ``pantau.query``'s rows.
Schemathesis checks every response against these, so they must tell the truth.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SpanModel = list[int]  # [start, end) code-point offsets
Number = int | float


class Problem(BaseModel):
    detail: str


# ------------------------------------------------------------------- records

class EntityModel(BaseModel):
    id: str
    type: str
    name: str
    kb: str | None
    mentions: list[SpanModel]


class TimeModel(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    span: SpanModel | None
    from_: str | None = Field(alias="from")
    to: str | None
    granularity: str | None


class QuantityModel(BaseModel):
    span: SpanModel | None
    value: Number | list[Number]
    qualifier: str
    unit: str | None


class EventModel(BaseModel):
    id: str
    type: str
    mode: str | None
    trigger: SpanModel | None
    actor: str | None
    actor_span: SpanModel | None
    recipient: str | None
    recipient_span: SpanModel | None
    location: str | None
    location_span: SpanModel | None
    time: TimeModel | None
    quantities: list[QuantityModel]
    status: str
    certainty: str
    negated: bool
    source: str | None
    source_span: SpanModel | None


class RecordModel(BaseModel):
    """A SCHEMA.md record; keys outside the schema (provenance …) are passed through."""

    model_config = ConfigDict(extra="allow")
    id: str
    lang: str | None
    title: str | None
    published: str | None
    source: str | None
    url: str | None
    text: str
    entities: list[EntityModel]
    events: list[EventModel]


# ----------------------------------------------------------------- documents

class DocumentSummary(BaseModel):
    id: str
    title: str | None
    lang: str | None
    published: str | None
    source: str | None
    url: str | None
    n_events: int


class DocumentPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[DocumentSummary]


# -------------------------------------------------------------------- events

class FigureModel(BaseModel):
    """One figure a member report stated; never merged with the others."""

    unit: str | None
    value: Number | list[Number]
    qualifier: str
    source: str | None
    attributed: str | None
    outlet: str | None
    document_id: str
    event_id: str
    published: str | None
    copy_of: str | None


class EventSummary(BaseModel):
    """A consolidated event without its figures and sources (entity pages)."""

    id: str
    type: str
    mode: str | None
    actor: str | None
    recipient: str | None
    location: str | None
    time_from: str | None
    time_to: str | None
    date_start: str | None
    date_end: str | None
    status: str
    certainty: str
    negated: bool
    n_mentions: int
    n_documents: int
    n_outlets: int
    n_reports: int
    first_seen: str | None
    last_seen: str | None
    has_conflict: bool


class ConsolidatedEvent(EventSummary):
    figures: list[FigureModel]
    sources: list[str]
    outlets: list[str]


class EventPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[ConsolidatedEvent]


class Member(BaseModel):
    document_id: str
    event_id: str
    copy_of: str | None
    type: str
    mode: str | None
    actor: str | None
    recipient: str | None
    location: str | None
    time_from: str | None
    time_to: str | None
    status: str
    certainty: str
    negated: bool
    source: str | None
    trigger: str | None
    title: str | None
    lang: str | None
    outlet: str | None
    url: str | None
    published: str | None


class ConsolidatedDetail(ConsolidatedEvent):
    members: list[Member]


# ------------------------------------------------------------------ entities

class Count(BaseModel):
    key: str
    count: int


class EntityDetail(BaseModel):
    name: str
    names: list[str]
    types: list[str]
    kb: list[str]
    documents: int
    mentions: int
    surface_forms: dict[str, int]
    first_seen: str | None
    last_seen: str | None
    events_by_role: dict[str, dict[str, int]]
    top_events: list[EventSummary]
    activity: list[Count] = Field(description="consolidated events per month (YYYY-MM)")
    co_occurring: list[Count] = Field(description="other parties of the entity's events")
    figure_units: list[Count] = Field(description="units of figures stated for its events")


# ------------------------------------------------------------------ timeline

class TimelinePoint(BaseModel):
    stated: str | None
    value: Number | list[Number]
    qualifier: str
    unit: str | None
    type: str
    mode: str | None
    actor: str | None
    recipient: str | None
    location: str | None
    event_from: str | None
    event_to: str | None
    source: str | None
    outlet: str | None
    document_id: str
    event_id: str
    title: str | None
    lang: str | None
    consolidated_id: str | None
    copy_of: str | None


# ---------------------------------------------------------------- analyse / ingest

MAX_TEXT = 200_000  # characters: a long article is ~20k


class AnalyzeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=MAX_TEXT)
    published: date | None = Field(None, description="anchors relative dates")
    lang: Literal["auto", "id", "en"] = "auto"
    id: str = Field("doc", min_length=1, max_length=200)
    title: str | None = Field(None, max_length=2000)
    source: str | None = Field(None, max_length=2000)
    url: str | None = Field(None, max_length=4000)


class IngestDocument(BaseModel):
    """A document to analyse, or with ``as_records`` a SCHEMA.md record to store as is."""

    model_config = ConfigDict(extra="allow")
    id: str = Field(min_length=1, max_length=200)
    text: str = Field(min_length=1, max_length=MAX_TEXT)
    title: str | None = Field(None, max_length=2000)
    published: str | None = Field(None, max_length=40)
    lang: str | None = Field(None, max_length=8)
    source: str | None = Field(None, max_length=2000)
    url: str | None = Field(None, max_length=4000)
    entities: list[dict[str, Any]] | None = None
    events: list[dict[str, Any]] | None = None


class IngestRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    documents: list[IngestDocument] = Field(min_length=1, max_length=500)
    as_records: bool = Field(False, description="store documents that carry events as they are")
    lang: Literal["auto", "id", "en"] = "auto"


class IngestError(BaseModel):
    id: str
    reason: str


class IngestResult(BaseModel):
    counts: dict[str, int]
    errors: list[IngestError]

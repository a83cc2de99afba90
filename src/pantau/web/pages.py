"""Server-rendered pages. Filters come from plain GET forms, so every view has a URL.

Form fields arrive as strings, empty when left blank; they are read leniently
here (a bad date is reported on the page, not answered with a 422).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import QueryParams

from pantau import query
from pantau.corpus.consolidate import Figure, conflicting
from pantau.eval import normalize_name
from pantau.record import CERTAINTIES, ENTITY_TYPES, EVENT_TYPES, STATUSES
from pantau.web import charts, highlight, queries
from pantau.web.render import doc_url, make_templates, number
from pantau.web.state import WebState, web_state

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
templates = make_templates()
State = Annotated[WebState, Depends(web_state)]
PAGE_SIZE = 50


class Form:
    """Lenient readers for GET form fields; problems are collected for the page."""

    def __init__(self, params: QueryParams):
        self.params = params
        self.errors: list[str] = []

    def text(self, key: str, limit: int = 200) -> str | None:
        return self.params.get(key, "").strip()[:limit] or None

    def choice(self, key: str, options: tuple[str, ...]) -> str | None:
        value = self.text(key)
        if value is None:
            return None
        if value.upper() in options:
            return value.upper()
        if value.lower() in options:
            return value.lower()
        self.errors.append(f"unknown {key} {value!r}")
        return None

    def day(self, key: str) -> date | None:
        value = self.text(key)
        if value is None:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.errors.append(f"{key}: {value!r} is not a date (YYYY-MM-DD)")
            return None

    def number(self, key: str, default: int, low: int, high: int) -> int:
        try:
            return min(max(int(self.params.get(key, default)), low), high)
        except ValueError:
            return default


def render(request: Request, template: str, status: int = 200, **context: Any) -> Response:
    return templates.TemplateResponse(request, template, context, status_code=status)


def not_found(request: Request, what: str) -> Response:
    return render(request, "not_found.html", status=404, what=what)


# ------------------------------------------------------------------ overview

@router.get("/")
def overview(request: Request, state: State) -> Response:
    form = Form(request.query_params)
    weeks = form.number("weeks", 26, 1, 520)
    stats = query.stats(state.ready())
    with state.connect() as conn:
        until = form.day("until") or queries.latest_published(conn) or date.today()
        chart = charts.stacked_weeks(queries.events_by_week(conn, until, weeks))
        recent = queries.documents_page(conn, queries.DocumentFilters(), 8, 0)
        busiest = queries.events_page(conn, queries.EventFilters(), 8, 0, order="reports")
    return render(request, "overview.html", stats=stats, chart=chart, weeks=weeks,
                  until=until, recent=recent, busiest=busiest, errors=form.errors)


# ----------------------------------------------------------------- documents

@router.get("/documents")
def documents(request: Request, state: State) -> Response:
    form = Form(request.query_params)
    filters = queries.DocumentFilters(
        q=form.text("q"), lang=form.text("lang", 8), source=form.text("source"),
        since=form.day("since"), until=form.day("until"), entity=form.text("entity"),
        type=form.choice("type", EVENT_TYPES))
    offset = form.number("offset", 0, 0, 10_000_000)
    with state.connect() as conn:
        page = queries.documents_page(conn, filters, PAGE_SIZE, offset)
        outlets = queries.outlets(conn)
    return render(request, "documents.html", page=page, filters=filters, outlets=outlets,
                  event_types=EVENT_TYPES, errors=form.errors)


def event_fields(index: int, event: Any, text: str) -> list[dict[str, Any]]:
    """The side panel's rows for one event: label, value, and the span token to light up."""
    def surface(span: Any) -> str | None:
        return text[span[0]:span[1]] if span and 0 <= span[0] < span[1] <= len(text) else None

    rows: list[dict[str, Any]] = []
    prefix = f"e{index}"

    def add(label: str, value: Any, role: str | None = None, span: Any = None,
            entity: str | None = None) -> None:
        if value in (None, "", []):
            return
        rows.append({"label": label, "value": value, "role": role if surface(span) else None,
                     "surface": surface(span), "entity": entity})

    add("trigger", surface(event.trigger), "trigger", event.trigger)
    for role in ("actor", "recipient", "location"):
        name = getattr(event, role)
        add(role, name, role, getattr(event, f"{role}_span"), entity=name)
    if event.time is not None:
        t = event.time
        when = " – ".join(dict.fromkeys(v for v in (t.start, t.end) if v)) or "(not normalised)"
        add("time", f"{when}" + (f" ({t.granularity})" if t.granularity else ""), "time",
            t.span)
    for j, q in enumerate(event.quantities):
        add("figure", f"{number(q.value)} {q.unit or ''} ({q.qualifier})", f"q{j}", q.span)
    add("source", event.source, "source", event.source_span)
    for row in rows:
        row["token"] = f"{prefix}-{row['role']}" if row["role"] else None
    return rows


@router.get("/documents/{doc_id:path}")
def document(request: Request, state: State, doc_id: str) -> Response:
    record = state.store.get_record(doc_id)
    if record is None:
        return not_found(request, f"document {doc_id!r}")
    state.ready()
    with state.connect() as conn:
        consolidated, twins = queries.document_links(conn, doc_id)
    selected = request.query_params.get("event")
    events = [{"index": i, "event": ev, "fields": event_fields(i, ev, record.text),
               "consolidated": consolidated.get(ev.id), "selected": ev.id == selected}
              for i, ev in enumerate(record.events)]
    mention_counts = [(i, ent, len(ent.mentions)) for i, ent in enumerate(record.entities)]
    return render(request, "document.html", record=record,
                  segments=highlight.segments(record), events=events,
                  entities=mention_counts, twins=twins, entity_types=ENTITY_TYPES)


# -------------------------------------------------------------------- events

def event_filters(form: Form) -> queries.EventFilters:
    return queries.EventFilters(
        type=form.choice("type", EVENT_TYPES), actor=form.text("actor"),
        recipient=form.text("recipient"), location=form.text("location"),
        party=form.text("party"), since=form.day("since"), until=form.day("until"),
        source=form.text("source"), certainty=form.choice("certainty", CERTAINTIES),
        status=form.choice("status", STATUSES))


@router.get("/events")
def events(request: Request, state: State) -> Response:
    form = Form(request.query_params)
    filters = event_filters(form)
    offset = form.number("offset", 0, 0, 10_000_000)
    order = form.choice("order", queries.EVENT_ORDERS) or "newest"
    with state.connect() as conn:
        page = queries.events_page(conn, filters, PAGE_SIZE, offset, order)
    return render(request, "events.html", page=page, filters=filters, order=order,
                  event_types=EVENT_TYPES, certainties=CERTAINTIES, statuses=STATUSES,
                  errors=form.errors)


def figure_groups(figures: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Figures grouped by unit, each group flagged when independent reports disagree."""
    by_unit: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    for f in figures:
        by_unit[f["unit"]].append(f)
    groups = []
    for unit, rows in by_unit.items():
        claims = []
        for f in rows:
            if f["copy_of"]:
                continue
            low, high = (f["value"] if isinstance(f["value"], list) else (f["value"], None))
            claims.append(((f["document_id"], f["event_id"]),
                           Figure(unit, float(low), None if high is None else float(high),
                                  f["qualifier"], isinstance(low, int))))
        groups.append({"unit": unit, "figures": rows, "conflict": conflicting(claims)})
    return groups


@router.get("/events/{event_id}")
def consolidated(request: Request, state: State, event_id: str) -> Response:
    with state.connect() as conn:
        found = queries.consolidated_event(conn, event_id)
    if found is None:
        return not_found(request, f"event {event_id!r}")
    members = query.event_members(state.store, event_id)
    return render(request, "event.html", event=found, members=members,
                  groups=figure_groups(found["figures"]))


# ------------------------------------------------------------------ entities

@router.get("/entities/{name:path}")
def entity(request: Request, state: State, name: str) -> Response:
    found = queries.entity_detail(state.ready(), name)
    if found is None:
        return not_found(request, f"entity {name!r}")
    form = Form(request.query_params)
    offset = form.number("offset", 0, 0, 10_000_000)
    activity = [(date.fromisoformat(a["key"] + "-01"), a["count"]) for a in found["activity"]]
    with state.connect() as conn:
        page = queries.events_page(conn, queries.EventFilters(party=found["name"]), 20, offset)
    return render(request, "entity.html", entity=found, page=page,
                  chart=charts.bars_over_time(activity))


@router.get("/timeline")
def timeline(request: Request, state: State) -> Response:
    form = Form(request.query_params)
    name = form.text("name")
    role = form.choice("role", ("actor", "recipient", "location", "any")) or "actor"
    unit = form.text("unit", 32)
    units: list[tuple[str, int]] = []
    points: list[dict[str, Any]] = []
    if name:
        with state.connect() as conn:
            units = queries.figure_units(conn, {normalize_name(name) or ""}, role=role)
        unit = unit or (units[0][0] if units else None)
        points = query.timeline(state.ready(), name, unit=unit, role=role)
    claims = [claim(p) for p in points if p["stated"]]
    chart = charts.claims_over_time(claims, y_label=unit or "")
    return render(request, "timeline.html", name=name, role=role, unit=unit, units=units,
                  points=points, chart=chart, undated=len(points) - len(claims),
                  errors=form.errors)


def claim(point: dict[str, Any]) -> charts.Claim:
    value = point["value"]
    low, high = (value[0], value[1]) if isinstance(value, list) else (value, None)
    source = point["source"] or "unattributed"
    title = (f"{point['stated']}: {value} {point['unit'] or ''} ({point['qualifier']}), "
             f"{source} — {point['title'] or point['document_id']}")
    return charts.Claim(date.fromisoformat(point["stated"]), float(low),
                        None if high is None else float(high), source, title,
                        doc_url(point["document_id"], event=point["event_id"]))


# -------------------------------------------------------------------- API doc

@router.get("/api")
def api_doc(request: Request) -> Response:
    """The REST API's operations, read from its OpenAPI document (no CDN-hosted UI)."""
    spec = request.app.openapi()
    operations = [{"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                   "params": [p["name"] for p in op.get("parameters", [])],
                   "body": "requestBody" in op}
                  for path, ops in spec["paths"].items() for method, op in ops.items()]
    return render(request, "api.html", operations=operations, spec_url=request.app.openapi_url)

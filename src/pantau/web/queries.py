"""Queries the web layer needs beyond ``pantau.query``: paging, counts and chart data.

Built with SQLAlchemy Core against the store's own tables (``pantau.store.schema``),
never by string concatenation. Consolidated-event filters start from
``pantau.query.events_query`` so the web and the CLI agree on what a filter means.
Every function takes an open ``Connection``; the caller brings consolidation up
to date first.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, Select, and_, func, or_, select

from pantau.eval import normalize_name
from pantau.query import EVENT_COLUMNS, ROLES, entity, events_query
from pantau.store import Store, search
from pantau.store.schema import (
    consolidated_events,
    consolidated_members,
    documents,
    entities,
    near_duplicates,
    quantities,
)
from pantau.store.schema import events as event_mentions

ce, d = consolidated_events.c, documents.c


def plain(value: Any) -> Any:
    """Dates as ISO strings, everything else as it is (JSON-ready)."""
    return value.isoformat() if isinstance(value, date) else value


@dataclass
class Page:
    total: int
    limit: int
    offset: int
    items: list[dict[str, Any]] = field(default_factory=list)


def _count(conn: Connection, query: Select) -> int:
    return conn.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0


# ----------------------------------------------------------------- documents

DOCUMENT_COLUMNS = ("id", "title", "lang", "published", "source", "url")


@dataclass
class DocumentFilters:
    q: str | None = None  # words in the title or the text (all of them, full-text index)
    lang: str | None = None
    source: str | None = None  # outlet, substring
    since: date | None = None
    until: date | None = None
    entity: str | None = None  # canonical name or kb id of an entity the document names
    type: str | None = None  # the document reports an event of this type


def documents_query(f: DocumentFilters, dialect: str = "sqlite") -> Select:
    query = select(*(getattr(d, c) for c in DOCUMENT_COLUMNS))
    if f.q:
        query = query.where(search.matching_documents(f.q, dialect))
    if f.lang:
        query = query.where(d.lang == f.lang)
    if f.source:
        query = query.where(d.source.icontains(f.source, autoescape=True))
    if f.since:
        query = query.where(d.published_date >= f.since)
    if f.until:
        query = query.where(d.published_date <= f.until)
    # IN (indexed subquery) rather than a correlated EXISTS: five times faster on SQLite.
    if f.entity:
        en = entities.c
        query = query.where(d.id.in_(select(en.document_id).where(
            or_(en.name_norm == normalize_name(f.entity), en.kb == f.entity))))
    if f.type:
        ev = event_mentions.c
        query = query.where(d.id.in_(select(ev.document_id).where(ev.type == f.type.upper())))
    # Newest first; undated documents last (the published_date index serves this order).
    return query.order_by(d.published_date.desc().nulls_last(), d.id)


def documents_page(conn: Connection, f: DocumentFilters, limit: int, offset: int) -> Page:
    query = documents_query(f, conn.dialect.name)
    if f.q:
        # Count in the same query (window function): the search runs once.
        found = conn.execute(query.add_columns(func.count().over().label("_total"))
                             .limit(limit).offset(offset)).mappings().all()
        rows = [{k: r[k] for k in DOCUMENT_COLUMNS} for r in found]
        total = found[0]["_total"] if found else (_count(conn, query) if offset else 0)
    else:
        rows = [dict(r) for r in conn.execute(query.limit(limit).offset(offset)).mappings()]
        total = _count(conn, query)
    ev = event_mentions.c
    ids = [r["id"] for r in rows]
    counts: dict[str, int] = dict(
        conn.execute(select(ev.document_id, func.count()).where(ev.document_id.in_(ids))
                     .group_by(ev.document_id)).all()) if ids else {}
    for r in rows:
        r["n_events"] = counts.get(r["id"], 0)
    return Page(total, limit, offset, rows)


def outlets(conn: Connection, limit: int = 200) -> list[str]:
    """The most frequent outlets, for the document filter's suggestions."""
    return list(conn.scalars(select(d.source).where(d.source.is_not(None)).group_by(d.source)
                             .order_by(func.count().desc(), d.source).limit(limit)))


def document_links(conn: Connection, doc_id: str) -> tuple[dict[str, str], list[str]]:
    """Event id -> consolidated event id, and the document's near-duplicates."""
    cm, nd = consolidated_members.c, near_duplicates.c
    consolidated = dict(conn.execute(select(cm.event_id, cm.consolidated_id)
                                     .where(cm.document_id == doc_id)).all())
    twins = conn.execute(select(nd.doc_a, nd.doc_b)
                         .where(or_(nd.doc_a == doc_id, nd.doc_b == doc_id))).all()
    return consolidated, sorted(b if a == doc_id else a for a, b in twins)


# -------------------------------------------------------------------- events

CERTAINTY_STATUS = ("certainty", "status")


@dataclass
class EventFilters:
    type: str | None = None
    actor: str | None = None
    recipient: str | None = None
    location: str | None = None
    party: str | None = None  # the name in any of actor, recipient, location
    since: date | None = None
    until: date | None = None
    source: str | None = None
    certainty: str | None = None
    status: str | None = None

    def active(self) -> dict[str, Any]:
        return {k: v for k, v in vars(self).items() if v}


def _involving(norms: set[str]) -> Any:
    return or_(*(getattr(ce, f"{r}_norm").in_(norms) for r in ROLES))


EVENT_ORDERS = ("newest", "reports")


def consolidated_query(f: EventFilters, order: str = "newest") -> Select:
    query = events_query(type=f.type, actor=f.actor, recipient=f.recipient,
                         location=f.location, since=f.since, until=f.until, source=f.source)
    if f.party:
        query = query.where(_involving({normalize_name(f.party) or ""}))
    if f.certainty:
        query = query.where(ce.certainty == f.certainty)
    if f.status:
        query = query.where(ce.status == f.status)
    query = query.order_by(None)
    if order == "reports":  # the most widely reported first
        query = query.order_by(ce.n_reports.desc(), ce.n_mentions.desc())
    # Newest first, undated last: the table is read like a news feed.
    return query.order_by(ce.date_start.desc().nulls_last(), ce.seq.desc())


def event_row(row: Any) -> dict[str, Any]:
    return {k: plain(row[k]) for k in EVENT_COLUMNS}


def events_page(conn: Connection, f: EventFilters, limit: int, offset: int,
                order: str = "newest") -> Page:
    query = consolidated_query(f, order)
    rows = [event_row(r) for r in conn.execute(query.limit(limit).offset(offset)).mappings()]
    return Page(_count(conn, query), limit, offset, rows)


def consolidated_event(conn: Connection, event_id: str) -> dict[str, Any] | None:
    row = conn.execute(select(consolidated_events).where(ce.id == event_id)).mappings().first()
    return None if row is None else event_row(row)


# ------------------------------------------------------------------ entities

def activity_by_month(conn: Connection, norms: set[str]) -> list[tuple[date, int]]:
    """Consolidated events naming the entity, counted by the month they started."""
    rows = conn.execute(select(ce.date_start, func.count()).where(_involving(norms),
                                                                  ce.date_start.is_not(None))
                        .group_by(ce.date_start)).all()
    months: Counter[date] = Counter()
    for day, n in rows:
        months[day.replace(day=1)] += n
    return sorted(months.items())


def co_occurring(conn: Connection, norms: set[str], limit: int = 15) -> list[tuple[str, int]]:
    """Other parties named in the entity's consolidated events, most frequent first."""
    counts: Counter[str] = Counter()
    for role in ROLES:
        name, norm = getattr(ce, role), getattr(ce, f"{role}_norm")
        for other, n in conn.execute(select(name, func.count())
                                     .where(_involving(norms), norm.is_not(None),
                                            norm.not_in(norms))
                                     .group_by(name)).all():
            counts[other] += n
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]


def figure_units(conn: Connection, norms: set[str], role: str = "actor") -> list[tuple[str, int]]:
    """Units of the figures stated for events where the entity has ``role`` (or any)."""
    ev, q = event_mentions.c, quantities.c
    roles = ROLES if role == "any" else (role,)
    rows = conn.execute(
        select(q.unit, func.count())
        .select_from(quantities.join(event_mentions, and_(ev.document_id == q.document_id,
                                                          ev.local_id == q.event_id)))
        .where(or_(*(getattr(ev, f"{r}_norm").in_(norms) for r in roles)), q.unit.is_not(None))
        .group_by(q.unit).order_by(func.count().desc(), q.unit)).all()
    return [(unit, n) for unit, n in rows]


# ------------------------------------------------------------------ overview

def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def latest_published(conn: Connection) -> date | None:
    return conn.scalar(select(func.max(d.published_date)))


def events_by_week(conn: Connection, until: date, weeks: int) -> dict[date, Counter[str]]:
    """Consolidated events per (Monday-starting) week and type, for ``weeks`` weeks to ``until``."""
    last = week_start(until)
    first = last - timedelta(weeks=weeks - 1)
    rows = conn.execute(select(ce.date_start, ce.type, func.count())
                        .where(ce.date_start >= first, ce.date_start < last + timedelta(days=7))
                        .group_by(ce.date_start, ce.type)).all()
    out: dict[date, Counter[str]] = {first + timedelta(weeks=i): Counter() for i in range(weeks)}
    for day, type_, n in rows:
        out[week_start(day)][type_] += n
    return out


def entity_detail(store: Store, name: str) -> dict[str, Any] | None:
    """``pantau.query.entity`` plus activity by month, co-occurring parties, figure units."""
    found = entity(store, name)
    if found is None:
        return None
    norms = entity_norms(found)
    with store.engine.connect() as conn:
        found["activity"] = [{"key": m.strftime("%Y-%m"), "count": n}
                             for m, n in activity_by_month(conn, norms)]
        found["co_occurring"] = [{"key": k, "count": n} for k, n in co_occurring(conn, norms)]
        found["figure_units"] = [{"key": k, "count": n}
                                 for k, n in figure_units(conn, norms, role="any")]
    return found


def entity_norms(found: dict[str, Any]) -> set[str]:
    """The name keys of every canonical name an entity was stored under."""
    return {n for n in map(normalize_name, found["names"]) if n}

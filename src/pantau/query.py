"""Questions to the store, as a Python API and as ``pantau events|entity|timeline|stats``.

Every function takes ``db``: an open ``Store``, a URL or path, or None for
./pantau.db. Results are plain dicts (dates as ISO strings), or pandas
DataFrames with ``frame=True``. Consolidated events are brought up to date
first, incrementally, when documents changed since the last consolidation.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, and_, exists, func, or_, select

from pantau.eval import normalize_name
from pantau.store import Store, open_store
from pantau.store.schema import (
    consolidated_events,
    consolidated_members,
    documents,
    entities,
    mentions,
    near_duplicates,
    quantities,
)
from pantau.store.schema import events as event_table

if TYPE_CHECKING:
    import pandas as pd

ROLES = ("actor", "recipient", "location")


@contextmanager
def _opened(db: Store | str | None) -> Iterator[Store]:
    if isinstance(db, Store):
        yield db
        return
    store = open_store(db)
    try:
        yield store
    finally:
        store.close()


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _frame(rows: list[dict[str, Any]], columns: Sequence[str]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(rows, columns=list(columns))


def _date(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


# ------------------------------------------------------------------ events

EVENT_COLUMNS = ("id", "type", "mode", "actor", "recipient", "location", "time_from", "time_to",
                 "date_start", "date_end", "status", "certainty", "negated", "n_mentions",
                 "n_documents", "n_outlets", "n_reports", "first_seen", "last_seen",
                 "has_conflict", "figures", "sources", "outlets")


def _mentioned_by_source(source: str) -> Any:
    """Some member is attributed to ``source`` or published by an outlet containing it."""
    cm, e, d = consolidated_members.c, event_table.c, documents.c
    return exists(
        select(1).select_from(consolidated_members
                              .join(event_table, and_(e.document_id == cm.document_id,
                                                 e.local_id == cm.event_id))
                              .join(documents, d.id == cm.document_id))
        .where(cm.consolidated_id == consolidated_events.c.id,
               or_(e.source_norm == normalize_name(source),
                   func.lower(d.source).contains(source.lower(), autoescape=True))))


def events_query(*, type: str | None = None, actor: str | None = None,
                 recipient: str | None = None, location: str | None = None,
                 since: str | date | None = None, until: str | date | None = None,
                 source: str | None = None, min_sources: int | None = None,
                 limit: int | None = None) -> Select:
    ce = consolidated_events.c
    query = select(consolidated_events)
    if type:
        query = query.where(ce.type == type.upper())
    for role, name in (("actor", actor), ("recipient", recipient), ("location", location)):
        if name:
            query = query.where(getattr(ce, f"{role}_norm") == normalize_name(name))
    if since:
        query = query.where(ce.date_end >= _date(since))
    if until:
        query = query.where(ce.date_start <= _date(until))
    if source:
        query = query.where(_mentioned_by_source(source))
    if min_sources:
        query = query.where(ce.n_reports >= min_sources)
    query = query.order_by(ce.date_start, ce.seq)
    return query.limit(limit) if limit else query


def events(db: Store | str | None = None, *, frame: bool = False,
           **filters: Any) -> list[dict[str, Any]] | pd.DataFrame:
    """Consolidated events matching the filters of ``events_query``."""
    with _opened(db) as store:
        store.ensure_consolidated()
        with store.engine.connect() as conn:
            found = conn.execute(events_query(**filters)).mappings().all()
            members = _members(conn, [r["id"] for r in found])
    rows = []
    for r in found:
        row = {k: _plain(r[k]) for k in EVENT_COLUMNS}
        row["documents"] = sorted({m["document_id"] for m in members.get(r["id"], [])})
        rows.append(row)
    return _frame(rows, (*EVENT_COLUMNS, "documents")) if frame else rows


def _members(conn: Any, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    cm = consolidated_members.c
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for row in conn.execute(select(consolidated_members).where(cm.consolidated_id.in_(chunk))
                                .order_by(cm.document_id, cm.event_id)).mappings():
            out.setdefault(row["consolidated_id"], []).append(dict(row))
    return out


def event_members(db: Store | str | None, consolidated_id: str) -> list[dict[str, Any]]:
    """The event mentions of one consolidated event, with their documents."""
    cm, e, d = consolidated_members.c, event_table.c, documents.c
    trigger = func.substr(d.text, e.trigger_start + 1, e.trigger_end - e.trigger_start)
    query = (select(cm.document_id, cm.event_id, cm.copy_of, e.type, e.mode, e.actor,
                    e.recipient, e.location, e.time_from, e.time_to, e.status, e.certainty,
                    e.negated, e.source, trigger.label("trigger"), d.title, d.lang,
                    d.source.label("outlet"), d.url, d.published_date.label("published"))
             .select_from(consolidated_members
                          .join(event_table, and_(e.document_id == cm.document_id,
                                             e.local_id == cm.event_id))
                          .join(documents, d.id == cm.document_id))
             .where(cm.consolidated_id == consolidated_id)
             .order_by(d.published_date, cm.document_id, e.seq))
    with _opened(db) as store:
        store.ensure_consolidated()
        with store.engine.connect() as conn:
            return [{k: _plain(v) for k, v in row.items()}
                    for row in conn.execute(query).mappings()]


# ------------------------------------------------------------------ entity


def entity(db: Store | str | None, name: str) -> dict[str, Any] | None:
    """What the store knows about the entity with this canonical name (or kb id)."""
    key = normalize_name(name)
    en, mn, d = entities.c, mentions.c, documents.c
    match = or_(en.name_norm == key, en.kb == name)
    with _opened(db) as store:
        store.ensure_consolidated()
        with store.engine.connect() as conn:
            rows = conn.execute(select(en.document_id, en.local_id, en.type, en.name, en.kb)
                                .where(match)).all()
            if not rows:
                return None
            norms = {normalize_name(r.name) for r in rows}
            # Surface forms are stored with each mention: no document text is read.
            forms = conn.execute(
                select(mn.form, func.count().label("n"))
                .select_from(mentions.join(entities, and_(
                    en.document_id == mn.document_id, en.local_id == mn.entity_id)))
                .where(match).group_by(mn.form).order_by(func.count().desc(), mn.form)).all()
            seen = conn.execute(select(func.min(d.published_date), func.max(d.published_date))
                                .where(d.id.in_({r.document_id for r in rows}))).one()
            roles: dict[str, dict[str, int]] = {}
            for role in (*ROLES, "source"):
                col = getattr(event_table.c, f"{role}_norm")
                roles[role] = dict(conn.execute(
                    select(event_table.c.type, func.count()).where(col.in_(norms))
                    .group_by(event_table.c.type).order_by(event_table.c.type)).all())
            top = conn.execute(
                select(consolidated_events)
                .where(or_(*(getattr(consolidated_events.c, f"{r}_norm").in_(norms)
                             for r in ROLES)))
                .order_by(consolidated_events.c.n_reports.desc(),
                          consolidated_events.c.date_start, consolidated_events.c.seq)
                .limit(10)).mappings().all()
    return {
        "name": _most_common_name(rows), "names": sorted({r.name for r in rows}),
        "types": sorted({r.type for r in rows}), "kb": sorted({r.kb for r in rows if r.kb}),
        "documents": len({r.document_id for r in rows}), "mentions": sum(n for _, n in forms),
        "surface_forms": {form: n for form, n in forms},
        "first_seen": _plain(seen[0]), "last_seen": _plain(seen[1]),
        "events_by_role": roles,
        "top_events": [{k: _plain(r[k]) for k in EVENT_COLUMNS if k not in (
            "figures", "sources", "outlets")} for r in top],
    }


def _most_common_name(rows: Sequence[Any]) -> str:
    counts: dict[str, int] = {}
    for r in rows:
        counts[r.name] = counts.get(r.name, 0) + 1
    return max(sorted(counts), key=lambda n: counts[n])


# ---------------------------------------------------------------- timeline

TIMELINE_COLUMNS = ("stated", "value", "qualifier", "unit", "type", "mode", "actor",
                    "recipient", "location", "event_from", "event_to", "source", "outlet",
                    "document_id", "event_id", "title", "lang", "consolidated_id", "copy_of")


def timeline(db: Store | str | None, name: str, *, unit: str | None = None,
             recipient: str | None = None, role: str = "actor",
             frame: bool = False) -> list[dict[str, Any]] | pd.DataFrame:
    """The figures stated for ``name``'s events, in the order they were published.

    Each figure keeps its source (the attributed one, else the outlet), document
    and event; near-duplicate copies are kept and marked ``copy_of``."""
    e, q, d, cm = event_table.c, quantities.c, documents.c, consolidated_members.c
    key = normalize_name(name)
    roles = ROLES if role == "any" else (role,)
    query = (select(q.value, q.value_high, q.is_integer, q.qualifier, q.unit, e.type, e.mode,
                    e.actor, e.recipient, e.location, e.time_from, e.time_to, e.source,
                    d.source.label("outlet"), d.id.label("document_id"),
                    e.local_id.label("event_id"), d.title, d.lang,
                    d.published_date.label("stated"), cm.consolidated_id, cm.copy_of)
             .select_from(quantities
                          .join(event_table, and_(e.document_id == q.document_id,
                                             e.local_id == q.event_id))
                          .join(documents, d.id == q.document_id)
                          .outerjoin(consolidated_members, and_(
                              cm.document_id == q.document_id, cm.event_id == q.event_id)))
             .where(or_(*(getattr(e, f"{r}_norm") == key for r in roles)))
             .order_by(d.published_date, d.id, e.seq, q.seq))
    if unit:
        query = query.where(q.unit == unit)
    if recipient:
        query = query.where(e.recipient_norm == normalize_name(recipient))
    with _opened(db) as store:
        store.ensure_consolidated()
        with store.engine.connect() as conn:
            found = conn.execute(query).mappings().all()
    rows = []
    for r in found:
        value = _stated(r["value"], r["value_high"], r["is_integer"])
        row = {k: _plain(r[k]) for k in TIMELINE_COLUMNS if k in r and k != "value"}
        row.update(value=value, event_from=_plain(r["time_from"]),
                   event_to=_plain(r["time_to"]), source=r["source"] or r["outlet"])
        rows.append({k: row.get(k) for k in TIMELINE_COLUMNS})
    return _frame(rows, TIMELINE_COLUMNS) if frame else rows


def _stated(value: float, high: float | None, integer: bool) -> Any:
    def num(x: float) -> int | float:
        return int(x) if integer else x
    return num(value) if high is None else [num(value), num(high)]


# ------------------------------------------------------------------- stats


def stats(db: Store | str | None = None) -> dict[str, Any]:
    d, ce = documents.c, consolidated_events.c
    with _opened(db) as store:
        store.ensure_consolidated()
        counts = store.counts()
        with store.engine.connect() as conn:
            first, last = conn.execute(select(func.min(d.published_date),
                                              func.max(d.published_date))).one()
            by_lang: dict[str, int] = dict(conn.execute(
                select(func.coalesce(d.lang, "?"), func.count())
                .group_by(d.lang).order_by(d.lang)).all())
            outlets = conn.execute(select(func.coalesce(d.source, "?"), func.count())
                                   .group_by(d.source)
                                   .order_by(func.count().desc(), d.source).limit(10)).all()
            by_type: dict[str, int] = dict(conn.execute(select(event_table.c.type, func.count())
                                        .group_by(event_table.c.type).order_by(event_table.c.type)).all())
            multi = conn.scalar(select(func.count()).where(ce.n_reports > 1)) or 0
            conflicts = conn.scalar(select(func.count()).where(ce.has_conflict)) or 0
            undated = conn.scalar(select(func.count()).where(d.published_date.is_(None))) or 0
            dup_docs = conn.scalar(select(func.count(func.distinct(near_duplicates.c.doc_b))))
    return {
        "backend": store.dialect, **counts,
        "documents_by_lang": by_lang, "top_outlets": {o: n for o, n in outlets},
        "first_published": _plain(first), "last_published": _plain(last),
        "undated_documents": undated, "documents_with_near_duplicates": dup_docs or 0,
        "events_by_type": by_type, "consolidated_multi_report": multi,
        "consolidated_with_conflicts": conflicts,
    }


# ------------------------------------------------------------------- CLI

_TABLE_EVENTS = ("id", "date_start", "type", "mode", "actor", "recipient", "location",
                 "n_reports", "n_outlets", "figures", "has_conflict")
_TABLE_TIMELINE = ("stated", "value", "qualifier", "unit", "type", "recipient", "source",
                   "document_id", "copy_of")


def _cell(value: Any, width: int = 28) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, list) and value and isinstance(value[0], dict):  # figures
        value = "; ".join(f"{f['value']} {f['unit'] or ''}".strip() for f in value)
    text = str(value) if not isinstance(value, list) else ", ".join(map(str, value))
    return text if len(text) <= width else text[:width - 1] + "…"


def table(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip()
              for row in cells]
    return "\n".join(lines)


def _emit(rows: list[dict[str, Any]], fmt: str, table_columns: Sequence[str],
          all_columns: Sequence[str]) -> None:
    if fmt == "json":
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(all_columns), extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: json.dumps(v, ensure_ascii=False)
                             if isinstance(v, list | dict) else v for k, v in row.items()})
    else:
        print(table(rows, table_columns))


def _print_mapping(data: dict[str, Any], indent: str = "") -> None:
    for key, value in data.items():
        if isinstance(value, dict):
            print(f"{indent}{key}:")
            _print_mapping(value, indent + "  ")
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            print(f"{indent}{key}:")
            print("\n".join(indent + "  " + line
                            for line in table(value, list(value[0])[:10]).splitlines()))
        else:
            print(f"{indent}{key}: {_cell(value, 200)}")


def run(args: argparse.Namespace) -> int:
    if args.command == "events":
        rows = events(args.db, type=args.type, actor=args.actor, recipient=args.recipient,
                      location=args.location, since=args.since, until=args.until,
                      source=args.source, min_sources=args.min_sources, limit=args.limit)
        _emit(rows, args.format, _TABLE_EVENTS, (*EVENT_COLUMNS, "documents"))
    elif args.command == "timeline":
        rows = timeline(args.db, args.actor, unit=args.unit, recipient=args.recipient,
                        role=args.role)
        _emit(rows, args.format, _TABLE_TIMELINE, TIMELINE_COLUMNS)
    elif args.command == "entity":
        found = entity(args.db, args.name)
        if found is None:
            print(f"no entity named {args.name!r} in the store", file=sys.stderr)
            return 1
        if args.format == "json":
            print(json.dumps(found, ensure_ascii=False, indent=1))
        else:
            _print_mapping(found)
    elif args.command == "stats":
        found = stats(args.db)
        if args.format == "json":
            print(json.dumps(found, ensure_ascii=False, indent=1))
        else:
            _print_mapping(found)
    else:
        raise ValueError(f"pantau.query has no command {args.command!r}")
    return 0

"""Records to rows and back, losslessly (``Record.from_dict(d).to_dict() == d`` survives)."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from pantau.eval import normalize_name
from pantau.record import Entity, Event, Quantity, Record, TimeSpan


def content_hash(text: str) -> str:
    """Hash of the text alone, blind to Unicode form and whitespace runs."""
    canonical = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(canonical.encode()).hexdigest()


def json_hash(value: Any) -> str:
    data = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode()).hexdigest()


def to_date(value: str | None) -> date | None:
    """The calendar day of an ISO date or datetime as written (its own time zone)."""
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _span(prefix: str, span: tuple[int, int] | None) -> dict[str, int | None]:
    return {f"{prefix}_start": span[0] if span else None,
            f"{prefix}_end": span[1] if span else None}


def _pair(row: Mapping[str, Any], prefix: str) -> tuple[int, int] | None:
    start, end = row[f"{prefix}_start"], row[f"{prefix}_end"]
    return None if start is None else (start, end)


def entity_rows(doc_id: str, entities: Iterable[Entity],
                text: str = "") -> tuple[list[dict], list[dict]]:
    ents: list[dict] = []
    ments: list[dict] = []
    for seq, ent in enumerate(entities):
        ents.append({"document_id": doc_id, "local_id": ent.id, "seq": seq, "type": ent.type,
                     "name": ent.name, "name_norm": normalize_name(ent.name), "kb": ent.kb})
        ments.extend({"document_id": doc_id, "entity_id": ent.id, "seq": i, "start": s,
                      "end": e, "form": text[s:e]} for i, (s, e) in enumerate(ent.mentions))
    return ents, ments


def event_rows(doc_id: str, events: Iterable[Event]) -> tuple[list[dict], list[dict]]:
    evs, qts = [], []
    for seq, ev in enumerate(events):
        row: dict[str, Any] = {"document_id": doc_id, "local_id": ev.id, "seq": seq,
                               "type": ev.type, "mode": ev.mode,
                               "trigger_start": ev.trigger[0], "trigger_end": ev.trigger[1]}
        for role in ("actor", "recipient", "location", "source"):
            name = getattr(ev, role)
            row[role] = name
            row[f"{role}_norm"] = normalize_name(name)
            row.update(_span(role, getattr(ev, f"{role}_span")))
        t = ev.time
        row.update(has_time=t is not None, **_span("time", t.span if t else None),
                   time_from=to_date(t.start) if t else None,
                   time_to=to_date(t.end) if t else None,
                   granularity=t.granularity if t else None,
                   status=ev.status, certainty=ev.certainty, negated=ev.negated)
        evs.append(row)
        for i, q in enumerate(ev.quantities):
            low, high = (q.value[0], q.value[1]) if isinstance(q.value, list) else (q.value, None)
            qts.append({"document_id": doc_id, "event_id": ev.id, "seq": i,
                        **_span("span", q.span), "value": float(low),
                        "value_high": None if high is None else float(high),
                        "is_integer": isinstance(low, int), "qualifier": q.qualifier,
                        "unit": q.unit})
    return evs, qts


def _number(value: float, integer: bool) -> int | float:
    return int(value) if integer else value


def quantity_from_row(row: Mapping[str, Any]) -> Quantity:
    low = _number(row["value"], row["is_integer"])
    value: Any = low if row["value_high"] is None else [
        low, _number(row["value_high"], row["is_integer"])]
    return Quantity(span=_pair(row, "span"), value=value, qualifier=row["qualifier"],
                    unit=row["unit"])


def event_from_row(row: Mapping[str, Any], quantities: list[Quantity]) -> Event:
    time = None
    if row["has_time"]:
        time = TimeSpan(span=_pair(row, "time"),
                        start=row["time_from"].isoformat() if row["time_from"] else None,
                        end=row["time_to"].isoformat() if row["time_to"] else None,
                        granularity=row["granularity"])
    roles: dict[str, Any] = {}
    for role in ("actor", "recipient", "location", "source"):
        roles[role] = row[role]
        roles[f"{role}_span"] = _pair(row, role)
    return Event(id=row["local_id"], type=row["type"], mode=row["mode"],
                 trigger=(row["trigger_start"], row["trigger_end"]), time=time,
                 quantities=quantities, status=row["status"], certainty=row["certainty"],
                 negated=row["negated"], **roles)


def record_from_rows(doc: Mapping, entities: Sequence[Mapping],
                     mentions: Sequence[Mapping], events: Sequence[Mapping],
                     quantities: Sequence[Mapping]) -> Record:
    spans: dict[str, list[tuple[int, int]]] = {}
    for m in sorted(mentions, key=lambda m: (m["entity_id"], m["seq"])):
        spans.setdefault(m["entity_id"], []).append((m["start"], m["end"]))
    figures: dict[str, list[Quantity]] = {}
    for q in sorted(quantities, key=lambda q: (q["event_id"], q["seq"])):
        figures.setdefault(q["event_id"], []).append(quantity_from_row(q))
    return Record(
        id=doc["id"], text=doc["text"], lang=doc["lang"], title=doc["title"],
        published=doc["published"], source=doc["source"], url=doc["url"],
        entities=[Entity(id=e["local_id"], type=e["type"], name=e["name"], kb=e["kb"],
                         mentions=spans.get(e["local_id"], []))
                  for e in sorted(entities, key=lambda e: e["seq"])],
        events=[event_from_row(v, figures.get(v["local_id"], []))
                for v in sorted(events, key=lambda v: v["seq"])],
        extra=dict(doc["extra"] or {}))

"""The record model of SCHEMA.md: one document in, one JSON object out.

Spans are ``(start, end)`` code-point offsets into the record's own ``text``.
``to_dict``/``from_dict`` round-trip losslessly: keys the model does not know
(``provenance``, ``license`` …) are kept in ``extra`` and written back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import orjson

Span = tuple[int, int]

ENTITY_TYPES = ("PER", "ORG", "GPE", "LOC", "NORP")

EVENT_MODES: dict[str, tuple[str, ...]] = {
    "AGREE": (),
    "CONSULT": ("visit", "third-party", "multilateral", "phone"),
    "SUPPORT": (),
    "CONCEDE": (),
    "COOPERATE": (),
    "AID": (),
    "RETREAT": ("withdraw", "release", "disarm", "ceasefire", "access", "resign"),
    "REQUEST": ("assist", "change", "yield", "meet"),
    "ACCUSE": ("disapprove", "investigate", "allege"),
    "REJECT": ("assist", "change", "yield", "meet"),
    "THREATEN": ("restrict", "arrest", "relations", "expel", "territory", "violence"),
    "PROTEST": ("demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize"),
    "SANCTION": ("convict", "expel", "withdraw", "discontinue"),
    "MOBILIZE": ("troops", "weapons", "police", "militia"),
    "COERCE": ("seize", "restrict", "censor", "curfew", "martial-law", "arrest", "deport",
               "withhold", "misinformation", "cyber"),
    "ASSAULT": ("abduct", "beat", "torture", "sexual", "targeted", "destroy", "primitive",
                "firearms", "explosives", "suicide-attack", "aerial", "drone", "heavy-weapons",
                "crowd-control", "unconventional"),
    "LAUNCH": ("missile", "satellite", "rocket"),
    "ACCIDENT": (),
    "DISASTER": (),
}
EVENT_TYPES = tuple(EVENT_MODES)
STATUSES = ("occurred", "planned", "failed", "hypothetical")
CERTAINTIES = ("asserted", "believed", "reported", "possible")
QUALIFIERS = ("exact", "approx", "at_least", "at_most", "more_than", "less_than", "range")
GRANULARITIES = ("day", "week", "month", "quarter", "year", "decade")

DOCUMENT_KEYS = ("id", "lang", "title", "published", "source", "url", "text")


def _span(value: Any) -> Span | None:
    if value is None:
        return None
    start, end = value
    return (start, end)


def _list(span: Span | None) -> list[int] | None:
    return None if span is None else [span[0], span[1]]


@dataclass
class Entity:
    id: str
    type: str
    name: str
    kb: str | None = None
    mentions: list[Span] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "type": self.type, "name": self.name, "kb": self.kb,
                "mentions": [[s, e] for s, e in self.mentions]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Entity:
        return cls(id=d["id"], type=d["type"], name=d["name"], kb=d.get("kb"),
                   mentions=[(s, e) for s, e in d.get("mentions", [])])


@dataclass
class TimeSpan:
    span: Span | None
    start: str | None  # JSON "from": ISO date
    end: str | None  # JSON "to": ISO date
    granularity: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"span": _list(self.span), "from": self.start, "to": self.end,
                "granularity": self.granularity}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> TimeSpan:
        return cls(span=_span(d.get("span")), start=d.get("from"), end=d.get("to"),
                   granularity=d.get("granularity"))


@dataclass
class Quantity:
    span: Span | None
    value: int | float | list[int | float]
    qualifier: str = "exact"
    unit: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"span": _list(self.span), "value": self.value, "qualifier": self.qualifier,
                "unit": self.unit}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Quantity:
        return cls(span=_span(d.get("span")), value=d["value"],
                   qualifier=d.get("qualifier", "exact"), unit=d.get("unit"))


ARGUMENT_ROLES = ("actor", "recipient", "location", "source")


@dataclass
class Event:
    id: str
    type: str
    trigger: Span
    mode: str | None = None
    actor: str | None = None
    actor_span: Span | None = None
    recipient: str | None = None
    recipient_span: Span | None = None
    location: str | None = None
    location_span: Span | None = None
    time: TimeSpan | None = None
    quantities: list[Quantity] = field(default_factory=list)
    status: str = "occurred"
    certainty: str = "asserted"
    negated: bool = False
    source: str | None = None
    source_span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "type": self.type, "mode": self.mode,
                "trigger": _list(self.trigger),
                "actor": self.actor, "actor_span": _list(self.actor_span),
                "recipient": self.recipient, "recipient_span": _list(self.recipient_span),
                "location": self.location, "location_span": _list(self.location_span),
                "time": self.time.to_dict() if self.time else None,
                "quantities": [q.to_dict() for q in self.quantities],
                "status": self.status, "certainty": self.certainty, "negated": self.negated,
                "source": self.source, "source_span": _list(self.source_span)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Event:
        kwargs: dict[str, Any] = {}
        for role in ARGUMENT_ROLES:
            kwargs[role] = d.get(role)
            kwargs[role + "_span"] = _span(d.get(role + "_span"))
        trigger = _span(d.get("trigger"))
        return cls(id=d["id"], type=d["type"], mode=d.get("mode"),
                   trigger=trigger if trigger is not None else (0, 0),
                   time=TimeSpan.from_dict(d["time"]) if d.get("time") else None,
                   quantities=[Quantity.from_dict(q) for q in d.get("quantities") or []],
                   status=d.get("status", "occurred"), certainty=d.get("certainty", "asserted"),
                   negated=bool(d.get("negated", False)), **kwargs)


@dataclass
class Record:
    """One analysed document (SCHEMA.md "Document")."""

    id: str
    text: str
    lang: str | None = None
    title: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None
    entities: list[Entity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    # Keys outside SCHEMA.md (provenance, license, pantau's notes …), kept for round-trip.
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "lang": self.lang, "title": self.title,
                               "published": self.published, "source": self.source,
                               "url": self.url, "text": self.text}
        out.update(self.extra)
        out["entities"] = [e.to_dict() for e in self.entities]
        out["events"] = [e.to_dict() for e in self.events]
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Record:
        known = set(DOCUMENT_KEYS) | {"entities", "events"}
        return cls(id=d["id"], text=d["text"], lang=d.get("lang"), title=d.get("title"),
                   published=d.get("published"), source=d.get("source"), url=d.get("url"),
                   entities=[Entity.from_dict(e) for e in d.get("entities") or []],
                   events=[Event.from_dict(e) for e in d.get("events") or []],
                   extra={k: v for k, v in d.items() if k not in known})

    def to_json(self) -> str:
        """The record as one line of JSON (``dumps(self.to_dict())``)."""
        return dumps(self.to_dict())

    def entity_by_name(self, name: str) -> Entity | None:
        return next((e for e in self.entities if e.name == name), None)


def dumps(data: Any) -> str:
    """Compact JSON text (no whitespace, non-ASCII kept), as ``pantau extract`` writes.

    orjson is about nine times faster than the json module here, which matters when
    a whole pipeline runs in 3 ms. It refuses integers beyond 64 bits (a quantity of
    10^24 read from the text); the json module then writes the same layout.
    """
    try:
        return orjson.dumps(data).decode()
    except TypeError:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

"""The working document the pipeline stages annotate.

A ``Doc`` holds the cleaned text and one list per annotation layer, every item
a span over that same text (as spaCy's ``Doc`` does). Stages append to the
layers; ``to_record`` turns the finished layers into a SCHEMA.md record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter
from typing import Any

from pantau.record import Entity, Event, Record

_START = attrgetter("start")


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    first_token: int  # index into Doc.tokens
    last_token: int  # exclusive


@dataclass(slots=True)
class Mention:
    """A span naming an entity. ``name`` is the canonical English name; mentions
    with the same ``(type, name)`` are one entity after clustering."""

    start: int
    end: int
    type: str
    name: str
    kb: str | None = None
    # A capital standing for its government, a city's country … (used by arguments).
    country: str | None = None


@dataclass(slots=True)
class TimeMention:
    start: int
    end: int
    start_date: date | None
    end_date: date | None
    granularity: str | None


@dataclass(slots=True)
class QuantityMention:
    start: int
    end: int
    value: int | float | list[int | float]
    qualifier: str
    unit: str | None


@dataclass
class Doc:
    id: str
    text: str
    lang: str
    published: date | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    sentences: list[Sentence] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    times: list[TimeMention] = field(default_factory=list)
    quantities: list[QuantityMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    # Human-readable notes about the analysis ("text looks English, analysed as en").
    notes: list[str] = field(default_factory=list)
    # Input fields outside SCHEMA.md, passed through to the record.
    extra: dict[str, Any] = field(default_factory=dict)
    # Derived data that later stages reuse within this document (sentence views …); never output.
    scratch: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence containing ``offset`` (binary search)."""
        lo, hi = 0, len(self.sentences)
        while lo < hi:
            mid = (lo + hi) // 2
            s = self.sentences[mid]
            if offset < s.start:
                hi = mid
            elif offset >= s.end:
                lo = mid + 1
            else:
                return s
        return None

    def sentence_tokens(self, sentence: Sentence) -> list[Token]:
        return self.tokens[sentence.first_token:sentence.last_token]

    def entities(self) -> list[Entity]:
        """Cluster mentions into entities: one per canonical (type, name)."""
        by_key: dict[tuple[str, str], Entity] = {}
        for m in sorted(self.mentions, key=_START):
            key = (m.type, m.name)
            ent = by_key.get(key)
            if ent is None:
                ent = by_key[key] = Entity(id=f"E{len(by_key) + 1}", type=m.type, name=m.name,
                                           kb=m.kb)
            ent.mentions.append((m.start, m.end))
        return list(by_key.values())

    def to_record(self) -> Record:
        extra = dict(self.extra)
        if self.notes:
            extra["notes"] = list(self.notes)
        return Record(id=self.id, text=self.text, lang=self.lang, title=self.title,
                      published=self.published.isoformat() if self.published else None,
                      source=self.source, url=self.url, entities=self.entities(),
                      events=list(self.events), extra=extra)

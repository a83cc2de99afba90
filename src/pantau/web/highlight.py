"""Split a record's text into flat segments for highlighting (like displaCy's entity view).

Spans may overlap (an actor inside a quantity, a mention inside a source), so
the text is cut at every span boundary and each piece lists the marks that
cover it. The template writes every piece through Jinja2's autoescape, so the
text stays inert whatever it contains. Mark tokens are built from indices the
server assigns (``e3-actor``, ``n5``), never from the document's own ids, so
the browser script can match them without escaping anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pantau.record import Event, Record, Span

ARGUMENT_ROLES = ("actor", "recipient", "location", "source")


@dataclass
class Mark:
    token: str  # "n3" entity 3, "e2-trigger", "e2-actor", "e2-time", "e2-q0"
    kind: str  # "entity" | "trigger" | "argument"
    label: str  # shown as a tooltip
    entity_type: str | None = None


@dataclass
class Segment:
    text: str
    marks: list[Mark] = field(default_factory=list)

    @property
    def tokens(self) -> str:
        return " ".join(m.token for m in self.marks)

    @property
    def classes(self) -> str:
        kinds = {m.kind for m in self.marks}
        names = ["seg"]
        ent = next((m.entity_type for m in self.marks if m.entity_type), None)
        if ent:
            names += ["ent", f"ent-{ent}"]
        names += [k for k in ("trigger", "argument") if k in kinds]
        return " ".join(names)

    @property
    def title(self) -> str:
        return "; ".join(dict.fromkeys(m.label for m in self.marks))


def _valid(span: Span | None, length: int) -> Span | None:
    if span is None:
        return None
    start, end = max(0, span[0]), min(length, span[1])
    return (start, end) if start < end else None


def event_spans(index: int, event: Event) -> list[tuple[Span | None, str, str]]:
    """(span, role, label) of every span an event points at, the trigger first."""
    prefix = f"e{index}"
    out: list[tuple[Span | None, str, str]] = [(event.trigger, f"{prefix}-trigger",
                                                f"{event.type} trigger")]
    for role in ARGUMENT_ROLES:
        out.append((getattr(event, f"{role}_span"), f"{prefix}-{role}",
                    f"{role}: {getattr(event, role) or '?'}"))
    if event.time is not None:
        out.append((event.time.span, f"{prefix}-time", "time"))
    for j, q in enumerate(event.quantities):
        out.append((q.span, f"{prefix}-q{j}", f"quantity: {q.value} {q.unit or ''}".strip()))
    return out


def marks_of(record: Record) -> list[tuple[Span, Mark]]:
    length = len(record.text)
    marks: list[tuple[Span, Mark]] = []
    for i, ent in enumerate(record.entities):
        for span in ent.mentions:
            valid = _valid(span, length)
            if valid:
                marks.append((valid, Mark(f"n{i}", "entity", f"{ent.name} ({ent.type})",
                                          ent.type)))
    for i, ev in enumerate(record.events):
        for where, token, label in event_spans(i, ev):
            inside = _valid(where, length)
            if inside:
                kind = "trigger" if token.endswith("-trigger") else "argument"
                marks.append((inside, Mark(token, kind, label)))
    return marks


def segments(record: Record) -> list[Segment]:
    """The text cut at every span boundary, each piece with the marks covering it."""
    text = record.text
    marks = marks_of(record)
    cuts = sorted({0, len(text), *(s for (s, _), _ in marks), *(e for (_, e), _ in marks)})
    starting: dict[int, list[tuple[int, Mark]]] = {}
    for (start, end), mark in marks:
        starting.setdefault(start, []).append((end, mark))
    open_marks: list[tuple[int, Mark]] = []
    out: list[Segment] = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        open_marks = [(e, m) for e, m in open_marks if e > start] + starting.get(start, [])
        out.append(Segment(text[start:end], [m for _, m in open_marks]))
    return out

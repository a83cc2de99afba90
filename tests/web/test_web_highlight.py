"""Highlight segments: flat pieces of the text, each with the marks covering it."""

from __future__ import annotations

from pantau.record import Entity, Event, Quantity, Record, TimeSpan
from pantau.web.highlight import segments

TEXT = "Warga Garut mengungsi setelah banjir menewaskan dua orang."


def span(surface: str) -> tuple[int, int]:
    start = TEXT.index(surface)
    return (start, start + len(surface))


def record() -> Record:
    flood = Event(id="V1", type="DISASTER", trigger=span("banjir"),
                  location="Garut Regency", location_span=span("Garut"),
                  quantities=[Quantity(span=span("dua orang"), value=2, unit="killed")],
                  time=TimeSpan(span=None, start=None, end=None, granularity=None))
    moved = Event(id="V2", type="AID", trigger=span("mengungsi"),
                  actor="Garut Regency", actor_span=span("Warga Garut"))
    return Record(id="d", text=TEXT, entities=[
        Entity(id="E1", type="GPE", name="Garut Regency", mentions=[span("Garut")])],
        events=[flood, moved])


def test_segments_cover_the_text_exactly_once() -> None:
    segs = segments(record())
    assert "".join(s.text for s in segs) == TEXT
    assert all(s.text for s in segs)


def test_overlapping_spans_are_cut_at_every_boundary() -> None:
    by_text = {s.text: s for s in segments(record())}
    # "Warga Garut" is the actor of V2; "Garut" inside it is also an entity and V1's location.
    assert by_text["Warga "].tokens == "e1-actor"
    assert set(by_text["Garut"].tokens.split()) == {"n0", "e0-location", "e1-actor"}
    assert by_text["Garut"].classes == "seg ent ent-GPE argument"
    assert by_text["banjir"].classes == "seg trigger"
    assert by_text["dua orang"].tokens == "e0-q0"


def test_spans_past_the_text_are_clamped_and_empty_ones_dropped() -> None:
    r = record()
    r.events[0].actor, r.events[0].actor_span = "X", (len(TEXT) - 2, len(TEXT) + 40)
    r.entities[0].mentions.append((5, 5))  # empty
    segs = segments(r)
    assert "".join(s.text for s in segs) == TEXT
    assert "".join(s.text for s in segs if "e0-actor" in s.tokens.split()) == TEXT[-2:]
    assert not any(s.text == "" for s in segs)


def test_labels_come_from_the_record_and_stay_plain_text() -> None:
    r = record()
    r.entities[0].name = "<b>Garut</b>"
    garut = next(s for s in segments(r) if "n0" in s.tokens.split())
    assert "<b>Garut</b> (GPE)" in garut.title  # escaped by the template, not here

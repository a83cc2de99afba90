"""Consolidation: a hand-written scenario with known answers, plus the rules one by one."""

from __future__ import annotations

from datetime import date

import pytest
from store_helpers import ID_SIGI, make_record, scenario

from pantau import query
from pantau.corpus.consolidate import Figure, Mention, conflicting, group_mentions
from pantau.store import Store


def groups_by_document(db: Store) -> dict[str, set[str]]:
    """consolidated id -> its member documents."""
    return {row["id"]: set(row["documents"]) for row in query.events(db)}


@pytest.fixture
def loaded(store: Store) -> Store:
    for record in scenario():
        store.add_record(record)
    store.consolidate()
    return store


def test_cross_language_reports_become_one_event_with_every_figure(loaded: Store) -> None:
    [sigi] = query.events(loaded, type="DISASTER", location="sigi regency", until="2025-06-30")
    assert set(sigi["documents"]) == {"id-sigi", "en-sigi", "en-sigi-copy"}
    assert (sigi["n_documents"], sigi["n_outlets"], sigi["n_reports"]) == (3, 3, 2)
    figures = {(f["document_id"], f["value"], f["source"], f["copy_of"])
               for f in sigi["figures"]}
    assert figures == {
        ("id-sigi", 12, "Central Sulawesi Disaster Management Agency", None),
        ("en-sigi", 15, "Central Sulawesi Disaster Management Agency", None),
        ("en-sigi-copy", 15, "Central Sulawesi Disaster Management Agency", "en-sigi")}
    # 12 against 15 killed: kept side by side and flagged, never averaged.
    assert sigi["has_conflict"] is True
    assert (sigi["first_seen"], sigi["last_seen"]) == ("2025-06-02", "2025-06-03")
    assert (sigi["time_from"], sigi["time_to"]) == ("2025-06-01", "2025-06-01")


def test_incompatible_mentions_stay_apart(loaded: Store) -> None:
    arrests = query.events(loaded, type="COERCE")
    # Different actor (army vs police); 30 vs 400 arrested is not one event.
    assert sorted(sorted(e["documents"]) for e in arrests) == [
        ["en-army"], ["id-arrest-30"], ["id-arrest-400"]]
    # An undated flood six months later is another flood.
    later = query.events(loaded, type="DISASTER", since="2025-12-01")
    assert [e["documents"] for e in later] == [["id-sigi-later"]]


def test_min_sources_counts_near_duplicate_copies_once(loaded: Store) -> None:
    assert [e["documents"] for e in query.events(loaded, min_sources=3)] == []
    assert len(query.events(loaded, min_sources=2)) == 1


def test_result_does_not_depend_on_ingest_order(loaded: Store) -> None:
    before = groups_by_document(loaded)
    for doc_id in loaded.document_ids():
        loaded.delete_document(doc_id)
    for record in reversed(scenario()):
        loaded.add_record(record)
    loaded.consolidate()
    assert groups_by_document(loaded) == before


def test_queries_consolidate_documents_added_since(loaded: Store) -> None:
    extra = make_record("id-sigi-2", ID_SIGI + " Hujan masih turun.", "2025-06-02", "Kabar Palu",
                        events=scenario()[0].events)
    loaded.add_record(extra)
    assert loaded.is_stale()
    [sigi] = query.events(loaded, type="DISASTER", until="2025-06-30")
    assert "id-sigi-2" in sigi["documents"]
    assert not loaded.is_stale()


# ------------------------------------------------------------- the rules one by one

def mention(doc: str, actor: str | None = None, recipient: str | None = None,
            location: str | None = None, figures: tuple[Figure, ...] = (),
            published: date = date(2025, 6, 2), type_: str = "ASSAULT") -> Mention:
    names = {"actor": actor, "recipient": recipient, "location": location}
    return Mention(document_id=doc, event_id="V1", seq=0, type=type_, mode=None, names=names,
                   norms={k: v.lower() if v else None for k, v in names.items()},
                   time_from=None, time_to=None, status="occurred", certainty="asserted",
                   negated=False, source=None, published=published, outlet=None,
                   figures=figures)


def docs(groups: list[list[Mention]]) -> list[list[str]]:
    return sorted(sorted(m.document_id for m in g) for g in groups)


def test_a_null_never_bridges_two_different_names() -> None:
    groups = group_mentions([mention("a", "Israel", location="Maghazi"),
                             mention("b", "Israel"), mention("c", "Israel", location="Rafah")])
    assert docs(groups) == [["a", "b"], ["c"]]


def test_each_side_adding_a_different_party_is_not_the_same_event() -> None:
    groups = group_mentions([mention("a", "Israel", location="Maghazi"),
                             mention("b", "Israel", recipient="Hezbollah")])
    assert docs(groups) == [["a"], ["b"]]


def test_mentions_naming_nobody_stay_alone() -> None:
    assert docs(group_mentions([mention("a"), mention("b")])) == [["a"], ["b"]]


def test_undated_mentions_join_only_when_their_reports_are_close() -> None:
    groups = group_mentions([mention("a", "Israel", published=date(2025, 6, 1)),
                             mention("b", "Israel", published=date(2025, 6, 20)),
                             mention("c", "Israel", published=date(2025, 9, 1))])
    assert docs(groups) == [["a", "b"], ["c"]]


def test_figures_qualified_consistently_do_not_conflict() -> None:
    at_least_3 = Figure("killed", 3, None, "at_least", True)
    five = Figure("killed", 5, None, "exact", True)
    two = Figure("killed", 2, None, "exact", True)
    assert not conflicting([("m1", at_least_3), ("m2", five)])
    assert conflicting([("m1", at_least_3), ("m2", two)])
    # Two figures of one statement (2 families, 4 people; or 2 and 4 families) are parts.
    assert not conflicting([("m1", Figure("families", 2, None, "exact", True)),
                            ("m1", Figure("families", 4, None, "exact", True))])

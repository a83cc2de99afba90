"""Queries: the Python API (dicts and DataFrames) and `pantau events|entity|timeline|stats`."""

from __future__ import annotations

import csv
import io
import json

import pytest
from store_helpers import scenario

from pantau import query
from pantau.cli import main
from pantau.store import Store


@pytest.fixture
def loaded(store: Store) -> Store:
    for record in scenario():
        store.add_record(record)
    return store  # not consolidated yet: queries must do it themselves


def test_event_filters(loaded: Store) -> None:
    def ids(**filters: object) -> set[tuple[str, ...]]:
        return {tuple(e["documents"]) for e in query.events(loaded, **filters)}

    sigi = ("en-sigi", "en-sigi-copy", "id-sigi")
    assert ids(type="disaster", until="2025-06-30") == {sigi}
    assert ids(location="SIGI REGENCY") == {sigi, ("id-sigi-later",)}
    assert ids(actor="indonesian national police") == {("id-arrest-30",), ("id-arrest-400",)}
    assert ids(source="central sulawesi disaster management agency") == {sigi}
    assert ids(source="harbour") == {sigi}  # an outlet, matched in part
    assert ids(since="2025-12-01") == {("id-sigi-later",)}
    assert ids(min_sources=2) == {sigi}
    assert ids(type="ASSAULT") == set()


def test_events_as_a_dataframe(loaded: Store) -> None:
    frame = query.events(loaded, frame=True, type="COERCE")
    assert list(frame.columns[:3]) == ["id", "type", "mode"]
    assert sorted(frame["n_documents"]) == [1, 1, 1]
    assert set(frame["actor"]) == {"Indonesian National Police", "Indonesian Army"}


def test_event_members_name_their_documents_and_triggers(loaded: Store) -> None:
    [sigi] = query.events(loaded, min_sources=2)
    members = query.event_members(loaded, sigi["id"])
    assert [(m["document_id"], m["trigger"], m["lang"]) for m in members] == [
        ("id-sigi", "Banjir bandang", "id"), ("en-sigi", "Flash floods", "en"),
        ("en-sigi-copy", "Flash floods", "en")]
    assert [m["copy_of"] for m in members] == [None, None, "en-sigi"]


def test_entity_profile(loaded: Store) -> None:
    sigi = query.entity(loaded, "sigi regency")
    assert sigi is not None
    assert (sigi["name"], sigi["types"], sigi["documents"]) == ("Sigi Regency", ["GPE"], 4)
    assert sigi["surface_forms"] == {"Kabupaten Sigi": 2, "Sigi Regency": 2}
    assert sigi["events_by_role"]["location"] == {"DISASTER": 4}
    assert (sigi["first_seen"], sigi["last_seen"]) == ("2025-06-02", "2025-12-10")
    assert query.entity(loaded, "Atlantis") is None


def test_timeline_lists_every_stated_figure_with_its_source(loaded: Store) -> None:
    rows = query.timeline(loaded, "Sigi Regency", role="location", unit="killed")
    assert [(r["stated"], r["value"], r["document_id"], r["copy_of"]) for r in rows] == [
        ("2025-06-02", 12, "id-sigi", None), ("2025-06-03", 15, "en-sigi", None),
        ("2025-06-03", 15, "en-sigi-copy", "en-sigi")]
    assert {r["source"] for r in rows} == {"Central Sulawesi Disaster Management Agency"}
    police = query.timeline(loaded, "Indonesian National Police", unit="arrested", frame=True)
    assert list(police["value"]) == [30, 400]
    assert query.timeline(loaded, "Sigi Regency", unit="killed") == []  # not an actor


def test_stats(loaded: Store) -> None:
    found = query.stats(loaded)
    assert (found["documents"], found["events"], found["near_duplicates"]) == (7, 7, 1)
    assert found["documents_by_lang"] == {"en": 3, "id": 4}
    assert found["consolidated_multi_report"] == 1
    assert found["consolidated_with_conflicts"] == 1


def test_cli_formats(loaded: Store, capsys: pytest.CaptureFixture[str]) -> None:
    url = loaded.engine.url.render_as_string(hide_password=False)
    assert main(["events", "--db", url, "--min-sources", "2", "--format", "json"]) == 0
    [line] = capsys.readouterr().out.splitlines()
    assert json.loads(line)["n_reports"] == 2

    assert main(["events", "--db", url, "--type", "COERCE", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 3 and json.loads(rows[0]["documents"])

    assert main(["timeline", "Indonesian National Police", "--db", url]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split()[:4] == ["stated", "value", "qualifier", "unit"]
    assert len(table) == 3

    assert main(["entity", "Sigi Regency", "--db", url, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["documents"] == 4
    assert main(["entity", "Atlantis", "--db", url]) == 1
    assert main(["stats", "--db", url]) == 0
    assert "consolidated_events: 5" in capsys.readouterr().out
    assert main(["consolidate", "--db", url]) == 0
    assert "5 consolidated events, 1 multi document, 1 conflicts" in capsys.readouterr().err

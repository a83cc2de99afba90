"""Exports: lossless JSON Lines, flat CSV/Parquet (read back with DuckDB), PLOVER, GDELT, ACLED."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import duckdb
import pytest
from store_helpers import make_event, make_record, scenario

from pantau.cli import main
from pantau.export import ACLED_COLUMNS, GDELT_COLUMNS, MENTION_COLUMNS, export
from pantau.record import Record
from pantau.store import Store

VISIT = ("Presiden Indonesia dijadwalkan mengunjungi Jepang pekan depan untuk membahas "
         "kerja sama energi, kata juru bicara istana.")
LAUNCH = ("North Korea fired a ballistic missile into the sea off its east coast on Monday, "
          "South Korea's military said.")
STRIKE = ("An air strike on a market in Idlib killed at least 9 people on Friday, rescuers said. "
          "The army denied that it shelled the town of Ariha.")
COUNTRIES = {"Indonesia": ("GPE", "Indonesia", "ID"), "Jepang": ("GPE", "Japan", "JP")}


def extra_records() -> list[Record]:
    return [
        make_record("id-visit", VISIT, "2025-07-01", "Warta Istana", names=COUNTRIES, events=[
            make_event(VISIT, 1, "CONSULT", "mengunjungi", mode="visit", status="planned",
                       actor=("Indonesia", "Presiden Indonesia"),
                       recipient=("Japan", "Jepang"))]),
        make_record("en-launch", LAUNCH, "2025-07-07", "Peninsula Wire", lang="en",
                    names={"North Korea": ("GPE", "North Korea", "KP")}, events=[
                        make_event(LAUNCH, 1, "LAUNCH", "fired", mode="missile",
                                   actor=("North Korea", "North Korea"))]),
        make_record("en-strike", STRIKE, "2025-07-12", "Levant Times", lang="en",
                    names={"Idlib": ("GPE", "Idlib", "Q1751"), "Ariha": ("GPE", "Ariha", None)},
                    events=[
                        make_event(STRIKE, 1, "ASSAULT", "air strike", mode="aerial",
                                   location=("Idlib", "Idlib"),
                                   figures=[(9, "at_least", "killed", "9 people")]),
                        make_event(STRIKE, 2, "ASSAULT", "shelled", actor=("army", "army"),
                                   location=("Ariha", "Ariha"), negated=True)]),
    ]


@pytest.fixture
def loaded(store: Store) -> Store:
    for record in scenario() + extra_records():
        store.add_record(record)
    return store


def written(db: Store, fmt: str, tmp_path: Path) -> str:
    out = tmp_path / f"out.{fmt}"
    export(db, fmt, str(out))
    return out.read_text(encoding="utf-8")


def test_jsonl_is_the_stored_records(loaded: Store, tmp_path: Path) -> None:
    lines = written(loaded, "jsonl", tmp_path).splitlines()
    assert len(lines) == 10
    for line in lines:
        record = Record.from_dict(json.loads(line))
        assert record.to_dict() == loaded.get_record(record.id).to_dict()


def test_csv_has_one_row_per_event_mention(loaded: Store, tmp_path: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(written(loaded, "csv", tmp_path))))
    assert tuple(rows[0]) == MENTION_COLUMNS
    assert len(rows) == loaded.counts()["events"]
    strike = next(r for r in rows if r["trigger"] == "air strike")
    assert json.loads(strike["quantities"]) == [
        {"value": 9, "qualifier": "at_least", "unit": "killed"}]


def test_parquet_reads_back_in_duckdb(loaded: Store, tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    assert export(loaded, "parquet", str(path)) == 11
    con = duckdb.connect()
    by_type = dict(con.execute(f"SELECT type, count(*) FROM '{path}' GROUP BY type").fetchall())
    assert by_type == {"DISASTER": 4, "COERCE": 3, "CONSULT": 1, "LAUNCH": 1, "ASSAULT": 2}
    killed = con.execute(f"SELECT document_id, q.value FROM (SELECT document_id, "
                         f"unnest(quantities) AS q FROM '{path}') WHERE q.unit = 'killed' "
                         "ORDER BY document_id").fetchall()
    assert killed == [("en-sigi", 15.0), ("en-sigi-copy", 15.0), ("en-strike", 9.0),
                      ("id-sigi", 12.0)]


def test_plover_records(loaded: Store, tmp_path: Path) -> None:
    records = [json.loads(line) for line in written(loaded, "plover", tmp_path).splitlines()]
    by_type = {r["pantau"]["type"]: r for r in records}
    visit = by_type["CONSULT"]  # a planned visit is an intent to cooperate
    assert (visit["event"], visit["mode"], visit["context"]) == (["AGREE"], None, ["future"])
    assert visit["source"] == [{"actor_text": "Indonesia", "identifier_text": "Indonesia",
                                "code": "IDN"}]
    assert visit["recipient"][0]["code"] == "JPN"
    assert visit["quad_code"] == 1
    launch = by_type["LAUNCH"]
    assert (launch["event"], launch["mode"], launch["source"][0]["code"]) == (
        ["MOBILIZE"], "weapons", "PRK")
    strikes = [r for r in records if r["pantau"]["type"] == "ASSAULT"]
    assert sorted(r["context"] for r in strikes) == [[], ["negation"]]
    aerial = next(r for r in strikes if r["mode"] == "aerial")
    assert aerial["size"] == {"dead": 9}
    assert aerial["event_loc"] == {"name": "Idlib"}
    assert aerial["cite_info"][0]["publication"] == "Levant Times"
    sigi = next(r for r in records if r["pantau"]["n_documents"] == 3)
    assert sigi["pantau"]["extension"] is True and sigi["pantau"]["has_conflict"] is True
    assert sorted(f["value"] for f in sigi["pantau"]["figures"]) == [12, 15, 15]
    assert sigi["size"] == {"dead": 12}  # the most conservative independent figure


def test_gdelt_rows(loaded: Store, tmp_path: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(written(loaded, "gdelt", tmp_path))))
    assert tuple(rows[0]) == GDELT_COLUMNS
    by_id = {r["pantau_id"]: r for r in rows}
    codes = sorted(r["EventCode"] for r in by_id.values())
    # Planned visit 030, launch 150, air strike 195, three arrests 173; disasters have no
    # CAMEO code and the denied shelling is not an event.
    assert codes == ["030", "150", "173", "173", "173", "195"]
    launch = next(r for r in rows if r["EventCode"] == "150")
    assert (launch["Actor1Code"], launch["Actor1Name"], launch["QuadClass"]) == (
        "PRK", "NORTH KOREA", "4")
    strike = next(r for r in rows if r["EventCode"] == "195")
    assert (strike["SQLDATE"], strike["GoldsteinScale"], strike["ActionGeo_FullName"]) == (
        "20250712", "-10.0", "Idlib")
    assert all("not GDELT data" in r["pantau_note"] for r in rows)


def test_acled_rows(loaded: Store, tmp_path: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(written(loaded, "acled", tmp_path))))
    assert tuple(rows[0]) == ACLED_COLUMNS
    kinds = sorted((r["event_type"], r["sub_event_type"]) for r in rows)
    assert kinds == [("Explosions/Remote violence", "Air/drone strike"),
                     ("Strategic developments", "Arrests"),
                     ("Strategic developments", "Arrests"),
                     ("Strategic developments", "Arrests"),
                     ("Strategic developments", "Other")]  # the missile launch
    strike = next(r for r in rows if r["sub_event_type"] == "Air/drone strike")
    assert (strike["fatalities"], strike["location"], strike["disorder_type"]) == (
        "9", "Idlib", "Political violence")
    assert all("not ACLED data" in r["pantau_note"] for r in rows)


def test_cli_export(loaded: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = loaded.engine.url.render_as_string(hide_password=False)
    assert main(["export", "--db", url, "--format", "parquet"]) == 2  # needs -o
    out = tmp_path / "x.jsonl"
    assert main(["export", "--db", url, "--format", "plover", "-o", str(out)]) == 0
    assert len(out.read_text().splitlines()) == 9
    assert "9 plover rows" in capsys.readouterr().err


def test_plover_records_use_only_the_manuals_fields(loaded: Store, tmp_path: Path) -> None:
    from pantau.export import PLOVER_CATEGORIES, PLOVER_CONTEXTS, PLOVER_FIELDS, PLOVER_REQUIRED
    from pantau.record import EVENT_MODES

    records = [json.loads(line) for line in written(loaded, "plover", tmp_path).splitlines()]
    assert records
    for r in records:
        assert set(r) - {"pantau"} <= PLOVER_FIELDS, set(r) - PLOVER_FIELDS
        assert PLOVER_REQUIRED <= set(r)
        (category,) = r["event"]
        # pantau's ACCIDENT and DISASTER have no PLOVER category: kept, and marked as such
        assert category in PLOVER_CATEGORIES or r["pantau"]["extension"] is True
        assert r["mode"] is None or r["mode"] in EVENT_MODES[category]
        assert set(r["context"]) <= PLOVER_CONTEXTS
        for actor in r["source"] + r["recipient"]:
            assert set(actor) <= {"actor_text", "identifier_text", "code", "identifier_id"}

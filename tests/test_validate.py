"""`pantau validate`: gold passes, crafted broken records are rejected by field."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pantau.cli import main
from pantau.validate import validate_record

DATA = Path(__file__).resolve().parent / "data"
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
GOLD_FILES = sorted(CORPUS.glob("*.jsonl")) + sorted(CORPUS.glob("raw/*.jsonl"))

Doc = dict[str, Any]


def tiny() -> Doc:
    """A valid record written for these tests (two entities, two events)."""
    with open(DATA / "tiny_gold.jsonl", encoding="utf-8") as f:
        return json.loads(f.readline())


def reported(d: Doc) -> list[tuple[str, str, str]]:
    return [(e.doc_id, e.path, e.reason) for e in validate_record(d)]


@pytest.mark.skipif(not GOLD_FILES, reason="../shared/corpus is absent in this checkout")
@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name)
def test_every_shared_gold_record_is_valid(path: Path) -> None:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            assert validate_record(record) == [], record["id"]


def test_crafted_fixtures_are_valid() -> None:
    for path in sorted(DATA.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            assert validate_record(json.loads(line)) == []


def test_allowed_oddities_are_not_flagged() -> None:
    d = tiny()
    d["published"] = "2031-03-05T10:00:00+07:00"
    d["entities"][1]["mentions"].append(d["entities"][0]["mentions"][0])  # overlap is allowed
    d["events"][1]["source_span"] = None  # a source named without a span
    d["events"][1]["time"] = {"span": d["events"][0]["time"]["span"], "from": None, "to": None,
                              "granularity": None}  # a time kept unnormalised
    d["events"][1]["quantities"].append({"span": [47, 49], "value": [10, 12],
                                         "qualifier": "range", "unit": "people"})
    d["provenance"] = "kept as is"
    assert reported(d) == []


def test_unannotated_document_is_valid() -> None:
    d = tiny()
    del d["entities"], d["events"]
    d["published"] = None
    assert reported(d) == []


def _set(path: str, value: Any) -> Callable[[Doc], None]:
    """A mutation setting the dotted/indexed ``path`` (``events.1.mode``) to ``value``."""
    *parents, last = path.split(".")

    def mutate(d: Doc) -> None:
        obj: Any = d
        for key in parents:
            obj = obj[int(key)] if key.isdigit() else obj[key]
        obj[int(last) if last.isdigit() else last] = value
    return mutate


def _delete(path: str) -> Callable[[Doc], None]:
    *parents, last = path.split(".")

    def mutate(d: Doc) -> None:
        obj: Any = d
        for key in parents:
            obj = obj[int(key)] if key.isdigit() else obj[key]
        del obj[last]
    return mutate


BROKEN: list[tuple[str, Callable[[Doc], None], str, str]] = [
    # (case, mutation, field path, words of the reason)
    ("no text", _delete("text"), "text", "missing"),
    ("text not a string", _set("text", 42), "text", "expected a string"),
    ("bad language", _set("lang", "English"), "lang", "language code"),
    ("title a number", _set("title", 3), "title", "string or null"),
    ("published not a date", _set("published", "5 March 2031"), "published", "ISO date"),
    ("published impossible", _set("published", "2031-02-30"), "published", "ISO date"),
    ("published without zone", _set("published", "2031-03-05T10:00"), "published", "zone"),
    ("entities not a list", _set("entities", {}), "entities", "expected a list"),
    ("unknown entity type", _set("entities.0.type", "CITY"), "entities[0].type", "'CITY'"),
    ("entity without name", _set("entities.1.name", ""), "entities[1].name", "non-empty"),
    ("entity without mentions", _set("entities.1.mentions", []), "entities[1].mentions",
     "at least one"),
    ("reversed mention", _set("entities.0.mentions.1", [70, 62]), "entities[0].mentions[1]",
     "reversed"),
    ("mention past the end", _set("entities.0.mentions.1", [80, 95]), "entities[0].mentions[1]",
     "past the text"),
    ("mention not a pair", _set("entities.0.mentions.1", [62]), "entities[0].mentions[1]",
     "[start, end]"),
    ("mention of floats", _set("entities.0.mentions.1", [62.0, 70.0]), "entities[0].mentions[1]",
     "integers"),
    ("repeated mention", _set("entities.0.mentions.1", [11, 19]), "entities[0].mentions[1]",
     "repeated"),
    ("duplicate entity id", _set("entities.1.id", "E1"), "entities[1].id", "duplicate id"),
    ("unknown event type", _set("events.0.type", "FLOOD"), "events[0].type", "'FLOOD'"),
    ("mode of another type", _set("events.1.mode", "visit"), "events[1].mode",
     "not a mode of COERCE"),
    ("mode of a type without modes", _set("events.0.mode", "flood"), "events[0].mode",
     "no mode"),
    ("duplicate event id", _set("events.1.id", "V1"), "events[1].id", "duplicate id"),
    ("missing trigger", _delete("events.0.trigger"), "events[0].trigger", "missing"),
    ("empty trigger", _set("events.0.trigger", [3, 3]), "events[0].trigger", "empty"),
    ("trigger with a space", _set("events.0.trigger", [6, 11]), "events[0].trigger",
     "white space"),
    ("negative offset", _set("events.0.trigger", [-1, 6]), "events[0].trigger", "negative"),
    ("actor span out of range", _set("events.1.actor_span", [31, 400]), "events[1].actor_span",
     "past the text"),
    ("span without a name", _set("events.1.actor", None), "events[1].actor_span",
     "but no actor name"),
    ("empty source name", _set("events.1.source", " "), "events[1].source", "non-empty"),
    ("time not an object", _set("events.0.time", "Monday"), "events[0].time", "object or null"),
    ("time without span", _set("events.0.time.span", None), "events[0].time.span",
     "[start, end]"),
    ("time date not ISO", _set("events.0.time.from", "03/03/2031"), "events[0].time.from",
     "ISO date"),
    ("time from after to", _set("events.0.time.from", "2031-03-04"), "events[0].time",
     "is after"),
    ("unknown granularity", _set("events.0.time.granularity", "hour"),
     "events[0].time.granularity", "'hour'"),
    ("quantities not a list", _set("events.1.quantities", None), "events[1].quantities",
     "expected a list"),
    ("range with one value", _set("events.1.quantities.0.qualifier", "range"),
     "events[1].quantities[0].value", "[low, high]"),
    ("list value without range", _set("events.1.quantities.0.value", [10, 12]),
     "events[1].quantities[0].value", "a count"),
    ("negative count", _set("events.1.quantities.0.value", -12),
     "events[1].quantities[0].value", "a count"),
    ("unknown qualifier", _set("events.1.quantities.0.qualifier", "roughly"),
     "events[1].quantities[0].qualifier", "'roughly'"),
    ("quantity without span", _delete("events.1.quantities.0.span"),
     "events[1].quantities[0].span", "missing"),
    ("unknown status", _set("events.1.status", "done"), "events[1].status", "'done'"),
    ("unknown certainty", _set("events.1.certainty", "sure"), "events[1].certainty", "'sure'"),
    ("negated not a boolean", _set("events.1.negated", "no"), "events[1].negated",
     "true or false"),
]


@pytest.mark.parametrize(("mutate", "path", "words"), [case[1:] for case in BROKEN],
                         ids=[case[0] for case in BROKEN])
def test_broken_record_is_rejected_naming_document_and_field(
        mutate: Callable[[Doc], None], path: str, words: str) -> None:
    d = tiny()
    mutate(d)
    errors = reported(d)
    assert any(p == path and words in reason for _, p, reason in errors), errors
    assert all(doc_id == "tiny-en-1" for doc_id, _, _ in errors)


def test_every_inconsistency_of_a_record_is_reported() -> None:
    d = tiny()
    mutations = {case: mutate for case, mutate, _, _ in BROKEN}
    for case in ("published not a date", "unknown entity type", "mode of another type",
                 "empty source name", "unknown certainty"):
        mutations[case](d)
    paths = {p for _, p, _ in reported(d)}
    assert paths == {"published", "entities[0].type", "events[1].mode", "events[1].source",
                     "events[1].certainty"}


def test_record_that_is_not_an_object_is_rejected() -> None:
    (error,) = validate_record(["not", "a", "record"])
    assert error.path == "record" and "object" in error.reason


def test_record_without_id_is_named_by_a_placeholder() -> None:
    d = tiny()
    del d["id"]
    assert ("?", "id", "missing") in reported(d)


# ---------------------------------------------------------------- CLI


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_cli_exit_0_on_valid_files(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["validate", str(DATA / "tiny_gold.jsonl"), str(DATA / "tiny_pred.jsonl")])
    out = capsys.readouterr().out
    assert code == 0
    assert "3 record(s) in 2 file(s): all valid" in out


@pytest.mark.skipif(not GOLD_FILES, reason="../shared/corpus is absent in this checkout")
def test_cli_passes_the_shared_gold_files(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", *map(str, GOLD_FILES)]) == 0
    assert "all valid" in capsys.readouterr().out


def test_cli_reports_file_line_document_and_field(capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path) -> None:
    good, bad = tiny(), tiny()
    bad["events"][1]["status"] = "done"
    bad["id"] = "tiny-en-bad"
    path = write_lines(tmp_path / "out.jsonl", [json.dumps(good), "", "{oops", json.dumps(bad),
                                                json.dumps(good)])
    code = main(["validate", str(path)])
    lines = capsys.readouterr().out.splitlines()
    assert code == 1
    assert lines[0].startswith(f"{path}:3 ? record: not valid JSON")
    assert lines[1] == (f"{path}:4 tiny-en-bad events[1].status: 'done' is not one of "
                        "occurred, planned, failed, hypothetical")
    assert lines[2] == f"{path}:5 tiny-en-1 id: duplicate document id (first on line 1)"
    assert lines[3] == "3 problem(s) in 3 of 4 record(s) in 1 file(s)"


def test_cli_exit_1_on_a_missing_file(capsys: pytest.CaptureFixture[str],
                                      tmp_path: Path) -> None:
    missing = tmp_path / "absent.jsonl"
    code = main(["validate", str(DATA / "tiny_gold.jsonl"), str(missing)])
    out = capsys.readouterr().out
    assert code == 1
    assert f"{missing}: cannot read" in out


def test_validation_does_not_change_the_record() -> None:
    d = tiny()
    d["events"][0]["type"] = "FLOOD"
    before = copy.deepcopy(d)
    validate_record(d)
    assert d == before

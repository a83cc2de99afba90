"""`pantau eval` against hand-computed figures and against the reference scorer.

The reference comparisons build prediction files at test time from the shared
gold corpus by perturbing it in the ways real output differs from gold
(cleaned text with shifted offsets, missing documents, duplicate or spurious
events, nulls, wrong types, renamed or shifted arguments), then require every
number of ``pantau eval --json`` to equal ``shared/tools/score.py --json``.
"""

from __future__ import annotations

import copy
import json
import random
import subprocess
import sys
from collections.abc import Callable
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import pytest

from pantau.cli import main
from pantau.eval import _SeededMatcher, load_jsonl, normalize_name, score, span_mapper

DATA = Path(__file__).resolve().parent / "data"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus"
REFERENCE = SHARED / "tools" / "score.py"
needs_shared = pytest.mark.skipif(
    not (CORPUS / "dev.jsonl").exists() or not REFERENCE.exists(),
    reason="../shared (gold corpus and reference scorer) is absent in this checkout")

Doc = dict[str, Any]


def write_jsonl(path: Path, records: list[Doc]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                    encoding="utf-8")
    return path


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def rounded(value: Any) -> Any:
    """``value`` with every float rounded to 3 decimals, for a key-by-key comparison."""
    if isinstance(value, float):
        return round(value, 3)
    if isinstance(value, dict):
        return {k: rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [rounded(v) for v in value]
    return value


# ---------------------------------------------------------------- hand-computed


def test_tiny_case_gives_hand_computed_figures(capsys: pytest.CaptureFixture[str]) -> None:
    # tiny_pred: 2 of 4 predicted mentions hit (one has the wrong type, one is
    # spurious); the Indonesian document is not predicted at all. Events: the
    # DISASTER is right in every field; of two COERCE candidates the better one
    # wins (recipient, qualifier and certainty wrong); an ASSAULT is spurious.
    code, out, _ = run_cli(capsys, "eval", str(DATA / "tiny_gold.jsonl"),
                           str(DATA / "tiny_pred.jsonl"), "--json")
    assert code == 0
    res = json.loads(out)
    a = res["all"]
    assert (a["mention_p"], a["mention_r"], a["mention_f1"]) == (0.5, 0.5, 0.5)
    assert (a["linking_acc"], a["cluster_f1"]) == (1.0, 1.0)
    assert (a["event_p"], a["event_r"]) == (0.5, pytest.approx(2 / 3))
    assert a["event_f1"] == pytest.approx(4 / 7)
    assert a["argument_f1"] == pytest.approx(2 / 7)
    assert a["full_record_f1"] == pytest.approx(2 / 7)
    assert (a["gold_events"], a["pred_events"]) == (3, 4)
    assert res["en"]["mention_f1"] == pytest.approx(4 / 7)
    assert res["en"]["event_f1"] == pytest.approx(2 / 3)
    assert res["id"]["event_f1"] == 0.0 and res["id"]["gold_events"] == 1
    assert res["field_accuracy"] == {
        "actor": 1.0, "recipient": 0.5, "location": 1.0, "time": 1.0, "quantities": 0.5,
        "status": 1.0, "certainty": 0.5, "negated": 1.0, "source": 1.0}
    assert res["per_type"] == {
        "ASSAULT": {"support": 0, "f1": 0.0},
        "COERCE": {"support": 1, "f1": pytest.approx(2 / 3)},
        "DISASTER": {"support": 1, "f1": 1.0},
        "SANCTION": {"support": 1, "f1": 0.0}}
    assert [m[:3] for m in res["misses"]] == [["tiny-id-2", "SANCTION", "menghukum"]]
    assert [m[:3] for m in res["false_alarms"]] == [["tiny-en-1", "COERCE", "arrested 12"],
                                                     ["tiny-en-1", "ASSAULT", "hit"]]
    assert "Police arrested" in res["false_alarms"][1][3]


def test_tiny_case_table_shows_every_section(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "eval", str(DATA / "tiny_gold.jsonl"),
                           str(DATA / "tiny_pred.jsonl"))
    assert code == 0
    assert "full-record F1" in out and "0.286" in out
    assert "field accuracy over 2 matched events" in out
    assert "SANCTION" in out and "misses (first 1 of 1)" in out
    assert "false alarms (first 2 of 2)" in out and "'arrested 12'" in out


def test_span_mapper_follows_matching_blocks() -> None:
    # One space inserted by "cleaning": blocks are "Hello " and "world".
    mapped = span_mapper("Hello  world", "Hello world")
    assert mapped([7, 12]) == [6, 11]  # "world"
    assert mapped([0, 5]) == [0, 5]
    assert mapped([6, 7]) == [6, 7]  # a gap character maps to the next block's start
    assert mapped([12, 12]) == [11, 11]  # past the end: the end of the gold text
    assert mapped(None) is None
    same = [3, 4]
    assert span_mapper("abc", "abc")(same) is same


class _EagerMatcher(_SeededMatcher):
    """The seeded search on every window, with grams short enough to matter in small tests."""

    seed = 3
    min_window = 0


@pytest.mark.parametrize("trial", range(4))
def test_seeded_matcher_finds_difflibs_blocks(trial: int) -> None:
    rng = random.Random(trial)
    for _ in range(400):
        alphabet = rng.choice(["ab", " ab\n", "abcdefgh"])
        a = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 150)))
        b = list(a)
        for _ in range(rng.randint(0, 8)):  # a few edits, or a different text
            pos = rng.randint(0, len(b))
            if rng.random() < 0.5:
                b.insert(pos, rng.choice(alphabet + "xy"))
            elif b:
                del b[min(pos, len(b) - 1)]
        if rng.random() < 0.3:
            b = [rng.choice(alphabet) for _ in range(rng.randint(0, 150))]
        expected = SequenceMatcher(None, a, "".join(b), autojunk=False).get_matching_blocks()
        assert _EagerMatcher(None, a, "".join(b), autojunk=False).get_matching_blocks() == expected


@pytest.mark.parametrize(("a", "b"), [
    ("Joint Chiefs of Staff (South Korea)", "joint chiefs of staff"),
    ("Istana Élysée", "istana elysee"),
    ("Kim Jong-un", "KIM JONG UN"),
    ("  al-Qassam  Brigades_", "Al Qassam brigades"),
])
def test_names_equal_after_normalisation(a: str, b: str) -> None:
    assert normalize_name(a) == normalize_name(b)


def test_different_names_stay_different() -> None:
    assert normalize_name("North Korea") != normalize_name("South Korea")
    assert normalize_name(None) is None


def test_scoring_identical_records_is_perfect_and_missing_prediction_is_zero() -> None:
    gold = load_jsonl(DATA / "tiny_gold.jsonl")
    perfect = score(gold, gold)
    assert perfect["all"]["full_record_f1"] == 1.0 and perfect["misses"] == []
    empty = score(gold, {})
    assert empty["all"]["event_r"] == 0.0 and len(empty["misses"]) == 3


# ---------------------------------------------------------------- CLI input errors


def test_missing_file_exits_2_naming_it(capsys: pytest.CaptureFixture[str],
                                        tmp_path: Path) -> None:
    missing = tmp_path / "nope.jsonl"
    code, out, err = run_cli(capsys, "eval", str(DATA / "tiny_gold.jsonl"), str(missing))
    assert code == 2 and out == ""
    assert str(missing) in err and err.count("\n") == 1


@pytest.mark.parametrize(("line", "reason"), [
    ("{not json", "not valid JSON"),
    ("[1, 2]", "not a JSON object"),
    ('{"text": "no id here"}', "'id'"),
    ('{"id": "x"}', "'text'"),
])
def test_bad_line_exits_2_naming_file_and_line(capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path, line: str, reason: str) -> None:
    good = (DATA / "tiny_pred.jsonl").read_text(encoding="utf-8")
    bad = tmp_path / "bad.jsonl"
    bad.write_text(good + "\n" + line + "\n", encoding="utf-8")  # the bad line is line 3
    code, _, err = run_cli(capsys, "eval", str(DATA / "tiny_gold.jsonl"), str(bad))
    assert code == 2
    assert f"{bad}:3" in err and reason in err


def test_repeated_id_warns_and_last_line_wins(capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path) -> None:
    gold = load_jsonl(DATA / "tiny_gold.jsonl")
    wrong = copy.deepcopy(gold["tiny-en-1"])
    wrong["events"] = []
    pred = write_jsonl(tmp_path / "pred.jsonl", [wrong, *gold.values()])
    code, out, err = run_cli(capsys, "eval", str(DATA / "tiny_gold.jsonl"), str(pred), "--json")
    assert code == 0
    assert "tiny-en-1" in err and "warning" in err
    assert json.loads(out)["all"]["full_record_f1"] == 1.0


# ---------------------------------------------------------------- against the reference


def shift_for_cleaning(doc: Doc, rng: random.Random, deletions: bool) -> Doc:
    """``doc`` with characters inserted into (and optionally deleted from) its text,
    every span moved to follow its characters, as a cleaning step would."""
    text = doc["text"]
    pieces: list[str] = []
    new_pos: list[int] = []  # new offset of each old character (deleted: where it was)
    length = 0
    for ch in text:
        if rng.random() < 0.02:
            extra = rng.choice([" ", "\u00ad", "  ", "\n", "x"])
            pieces.append(extra)
            length += len(extra)
        new_pos.append(length)
        if deletions and rng.random() < 0.01:
            continue
        pieces.append(ch)
        length += 1
    new_pos.append(length)

    def move(span: Any) -> Any:
        if span is None:
            return None
        s, e = span
        return [new_pos[s], max(new_pos[s], new_pos[e - 1] + 1 if e > s else new_pos[s])]

    out = copy.deepcopy(doc)
    out["text"] = "".join(pieces)
    for ent in out["entities"]:
        ent["mentions"] = [move(m) for m in ent["mentions"]]
    for ev in out["events"]:
        for key in ("trigger", "actor_span", "recipient_span", "location_span", "source_span"):
            if key in ev:
                ev[key] = move(ev[key])
        if ev.get("time"):
            ev["time"]["span"] = move(ev["time"]["span"])
        for q in ev.get("quantities") or []:
            q["span"] = move(q["span"])
    return out


def cleaned(docs: list[Doc], rng: random.Random) -> list[Doc]:
    # Every fourth document: the reference's plain difflib alignment is slow.
    return [shift_for_cleaning(d, rng, deletions=True) if i % 4 == 0 else copy.deepcopy(d)
            for i, d in enumerate(docs)]


def missing_documents(docs: list[Doc], rng: random.Random) -> list[Doc]:
    kept = [copy.deepcopy(d) for i, d in enumerate(docs) if i % 3 != 1]
    stray = copy.deepcopy(docs[0])
    stray["id"] = "not-in-gold"
    return [*kept, stray]


def duplicate_events(docs: list[Doc], rng: random.Random) -> list[Doc]:
    out = copy.deepcopy(docs)
    for doc in out:
        extra = []
        for ev in doc["events"]:
            if rng.random() < 0.4:
                twin = copy.deepcopy(ev)
                twin["id"] += "b"
                s, e = twin["trigger"]
                twin["trigger"] = [s + 1, e + 2] if rng.random() < 0.5 else [s, e]
                if rng.random() < 0.5:
                    twin["actor"], twin["actor_span"] = None, None
                extra.append(twin)
        doc["events"] = extra + doc["events"] if rng.random() < 0.5 else doc["events"] + extra
    return out


def nulls_and_values(docs: list[Doc], rng: random.Random) -> list[Doc]:
    out = copy.deepcopy(docs)
    for doc in out:
        for ev in doc["events"]:
            for role in ("actor", "recipient", "location", "source"):
                roll = rng.random()
                if roll < 0.15:
                    ev[role] = None  # span kept: still right when it overlaps gold
                elif roll < 0.3:
                    ev[role], ev[role + "_span"] = None, None
                elif roll < 0.4:
                    ev[role] = "Somewhere Else"
            roll = rng.random()
            if roll < 0.2:
                ev["time"] = None
            elif roll < 0.3:
                ev["time"] = {"span": None, "from": None, "to": None, "granularity": None}
            elif roll < 0.4:
                ev["time"] = {"span": None, "from": "2025-01-01", "to": None, "granularity": "year"}
            roll = rng.random()
            if roll < 0.15:
                ev["quantities"] = []
            elif roll < 0.3:
                ev["quantities"] = [{"span": None, "value": [1, 3], "qualifier": "range",
                                     "unit": "people"}]
            elif roll < 0.4:
                ev["quantities"] = [dict(q, value=float(q["value"])) for q in ev["quantities"]]
            if rng.random() < 0.2:
                ev["negated"] = None if not ev["negated"] else 1
            if rng.random() < 0.2:
                ev["status"] = rng.choice(["planned", "failed", None])
            if rng.random() < 0.2:
                del ev["certainty"]
    return out


def wrong_types(docs: list[Doc], rng: random.Random) -> list[Doc]:
    out = copy.deepcopy(docs)
    types = sorted({ev["type"] for d in docs for ev in d["events"]})
    for doc in out:
        for ev in doc["events"]:
            if rng.random() < 0.25:
                ev["type"] = rng.choice(types)
        for ent in doc["entities"]:
            if rng.random() < 0.2:
                ent["type"] = rng.choice(["PER", "ORG", "GPE", "LOC", "NORP"])
            if rng.random() < 0.2:
                ent["id"] = "E1"  # merges clusters
            if rng.random() < 0.2:
                ent["name"] = ent["name"].upper() + " (alias)"
            if rng.random() < 0.1:
                ent["name"] = "Unrelated Name"
            if len(ent["mentions"]) > 1 and rng.random() < 0.3:
                doc["entities"].append({"id": ent["id"] + "-split", "type": ent["type"],
                                        "name": ent["name"], "mentions": ent["mentions"][1:]})
                ent["mentions"] = ent["mentions"][:1]
    return out


def false_alarms(docs: list[Doc], rng: random.Random) -> list[Doc]:
    out = copy.deepcopy(docs)
    for doc in out:
        n = len(doc["text"])
        for k in range(rng.randint(0, 6)):
            s = rng.randrange(max(1, n - 10))
            doc["events"].append({"id": f"X{k}", "type": rng.choice(["ASSAULT", "CONSULT"]),
                                  "trigger": [s, s + rng.randint(1, 8)], "actor": None,
                                  "quantities": [], "status": "occurred", "negated": False})
        if rng.random() < 0.3:
            doc["entities"].append({"id": "EX", "type": "PER", "name": "Nobody",
                                    "mentions": [[0, 3], [5, 9]]})
    return out


def renamed_or_shifted(docs: list[Doc], rng: random.Random) -> list[Doc]:
    out = copy.deepcopy(docs)
    for doc in out:
        for ev in doc["events"]:
            for role in ("actor", "recipient", "location", "source"):
                span = ev.get(role + "_span")
                roll = rng.random()
                if roll < 0.25:
                    ev[role] = "A Different Party"  # right only through its span
                elif roll < 0.45 and span:
                    ev[role + "_span"] = [span[1], span[1] + 3]  # touching: no overlap
                elif roll < 0.6 and span:
                    ev[role + "_span"] = [span[0] + 1, span[1] + 5]  # overlapping
                    ev[role] = (ev[role] or "x") + " Jr."
                elif roll < 0.7 and ev.get(role):
                    ev[role] = "(" + ev[role] + ")"  # normalises to nothing
    return out


def everything(docs: list[Doc], rng: random.Random) -> list[Doc]:
    for perturb in (duplicate_events, nulls_and_values, wrong_types, false_alarms,
                    renamed_or_shifted, missing_documents):
        docs = perturb(docs, rng)
    return cleaned(docs, rng)


PERTURBATIONS: list[Callable[[list[Doc], random.Random], list[Doc]]] = [
    cleaned, missing_documents, duplicate_events, nulls_and_values, wrong_types, false_alarms,
    renamed_or_shifted, everything]


def gold_docs() -> list[Doc]:
    return list(load_jsonl(CORPUS / "dev.jsonl").values())


def reference(gold: Path, pred: Path) -> dict[str, Any]:
    done = subprocess.run([sys.executable, str(REFERENCE), str(gold), str(pred), "--json"],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


@needs_shared
@pytest.mark.parametrize("perturb", PERTURBATIONS, ids=lambda f: f.__name__)
def test_figures_equal_the_reference_scorer(perturb: Callable[[list[Doc], random.Random],
                                                              list[Doc]],
                                            tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    gold = CORPUS / "dev.jsonl"
    pred = write_jsonl(tmp_path / "pred.jsonl", perturb(gold_docs(), random.Random(7)))
    code, out, _ = run_cli(capsys, "eval", str(gold), str(pred), "--json")
    assert code == 0
    ours, theirs = rounded(json.loads(out)), rounded(reference(gold, pred))
    assert ours == theirs
    assert ours["all"]["full_record_f1"] < 1.0 or perturb is cleaned  # the perturbation bites


@needs_shared
def test_repeated_ids_resolve_like_the_reference(tmp_path: Path) -> None:
    docs = gold_docs()[:5]
    first = false_alarms(docs, random.Random(1))
    pred = write_jsonl(tmp_path / "pred.jsonl", [*first, *nulls_and_values(docs, random.Random(2))])
    gold = write_jsonl(tmp_path / "gold.jsonl", docs)
    ours = score(load_jsonl(gold), load_jsonl(pred))
    assert rounded(json.loads(json.dumps(ours))) == rounded(reference(gold, pred))


@needs_shared
def test_inserted_characters_do_not_cost_points() -> None:
    docs = gold_docs()
    rng = random.Random(3)
    pred = {d["id"]: shift_for_cleaning(d, rng, deletions=False) for d in docs}
    assert any(pred[d["id"]]["text"] != d["text"] for d in docs)
    res = score({d["id"]: d for d in docs}, pred)
    assert res["all"]["mention_f1"] > 0.99
    assert res["all"]["event_f1"] > 0.99


@needs_shared
def test_seed_against_itself_is_perfect(capsys: pytest.CaptureFixture[str]) -> None:
    seed = str(CORPUS / "seed.jsonl")
    code, out, _ = run_cli(capsys, "eval", seed, seed, "--json")
    assert code == 0
    res = json.loads(out)
    for key in ("all", "id"):
        assert all(res[key][f] == 1.0 for f in ("mention_p", "mention_r", "mention_f1",
                                                "linking_acc", "cluster_f1", "event_p",
                                                "event_r", "event_f1", "argument_f1",
                                                "full_record_f1"))
    assert set(res["field_accuracy"].values()) == {1.0}
    assert all(row["f1"] == 1.0 for row in res["per_type"].values())
    assert res["misses"] == [] and res["false_alarms"] == []
    code, out, _ = run_cli(capsys, "eval", seed, seed)
    assert code == 0 and "1.000" in out and "0.000" not in out.split("field accuracy")[0]

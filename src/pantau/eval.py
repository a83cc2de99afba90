"""The scorer of SCORING.md: ``pantau eval GOLD.jsonl PRED.jsonl [--json]``.

Documents are paired by ``id``. Predicted spans are first mapped onto the gold
text (the prediction's ``text`` is the cleaned text pantau analysed), then
entity mentions are matched by exact span and type, and events are paired one
to one, greedily, by how many of their fields agree.

``score`` returns the same JSON shape as ``shared/tools/score.py --json`` so the
two can be compared key by key; the figures follow the same conventions (micro
averages, a missing prediction counts all its gold items as misses, predicted
documents without gold are ignored).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from difflib import Match, SequenceMatcher
from functools import lru_cache
from pathlib import Path
from typing import Any

from pantau.errors import InputError

FIELDS = ("actor", "recipient", "location", "time", "quantities", "status", "certainty",
          "negated", "source")
ARGUMENT_FIELDS = ("actor", "recipient", "location", "source")
EVENT_SPAN_KEYS = ("trigger", "actor_span", "recipient_span", "location_span", "source_span")
FIGURES = ("mention_p", "mention_r", "mention_f1", "linking_acc", "cluster_f1", "event_p",
           "event_r", "event_f1", "argument_f1", "full_record_f1")
LISTED = 10  # misses and false alarms listed in the report
CONTEXT = 60  # characters of gold text shown either side of a listed trigger

Doc = dict[str, Any]
SpanMap = Callable[[Any], Any]


# ---------------------------------------------------------------- input


def load_jsonl(path: str | Path, duplicates: list[str] | None = None) -> dict[str, Doc]:
    """Records of a JSON Lines file by ``id``; a repeated id keeps its last line.

    Repeated ids are appended to ``duplicates`` when given. Raises ``InputError``
    naming the file (and line) for an unreadable file, a line that is not a JSON
    object, or a record without a string ``id`` and ``text``.
    """
    records: dict[str, Doc] = {}
    try:
        with open(path, encoding="utf-8") as f:
            for lineno, line in enumerate(f, 1):
                if not line.strip():
                    continue
                record = _parse_line(line, f"{path}:{lineno}")
                if record["id"] in records and duplicates is not None:
                    duplicates.append(record["id"])
                records[record["id"]] = record
    except OSError as exc:
        raise InputError(str(path), f"cannot read ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise InputError(str(path), f"not UTF-8 ({exc.reason} at byte {exc.start})") from exc
    return records


def _parse_line(line: str, where: str) -> Doc:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(where, f"not valid JSON ({exc.msg} at column {exc.colno})") from exc
    if not isinstance(record, dict):
        raise InputError(where, "not a JSON object")
    for key in ("id", "text"):
        if not isinstance(record.get(key), str):
            raise InputError(where, f"record has no string {key!r}")
    return record


# ---------------------------------------------------------------- names and fields


@lru_cache(maxsize=1 << 16)
def _normalize(name: str) -> str:
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    s = _PARENTHESISED.sub(" ", s)
    return _NON_ALNUM.sub(" ", s).strip()


_PARENTHESISED = re.compile(r"\([^)]*\)")
_NON_ALNUM = re.compile(r"[\W_]+")


def normalize_name(name: str | None) -> str | None:
    """Canonical-name key of SCORING.md "Names" (``None`` stays ``None``)."""
    return None if name is None else _normalize(name)


def overlaps(a: Any, b: Any) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def _argument_ok(pred: Doc, gold: Doc, role: str) -> bool:
    p, g = pred.get(role), gold.get(role)
    if p is None and g is None:
        return True
    if p is not None and g is not None and normalize_name(p) == normalize_name(g):
        return True
    return overlaps(pred.get(role + "_span"), gold.get(role + "_span"))


def _undated(t: Any) -> bool:
    return not t or (t.get("from") is None and t.get("to") is None)


def _quantity_bag(event: Doc) -> Counter[tuple[Hashable, Any, Any]]:
    bag: Counter[tuple[Hashable, Any, Any]] = Counter()
    for q in event.get("quantities") or []:
        value = q.get("value")
        bag[(tuple(value) if isinstance(value, list) else value, q.get("qualifier"),
             q.get("unit"))] += 1
    return bag


def field_ok(pred: Doc, gold: Doc, name: str) -> bool:
    """Whether field ``name`` of a predicted event is correct against its gold event."""
    if name in ARGUMENT_FIELDS:
        return _argument_ok(pred, gold, name)
    if name == "time":
        p: Any = pred.get("time")
        g: Any = gold.get("time")
        if _undated(g):
            return _undated(p)
        if not p:
            return False
        return bool(p.get("from") == g.get("from") and p.get("to") == g.get("to"))
    if name == "quantities":
        return _quantity_bag(pred) == _quantity_bag(gold)
    if name == "negated":
        return bool(pred.get("negated")) == bool(gold.get("negated"))
    return pred.get(name) == gold.get(name)


# ---------------------------------------------------------------- alignment


class _SeededMatcher(SequenceMatcher[str]):
    """difflib's matcher with the same blocks, found faster on long, similar texts.

    difflib's longest-match search costs (window length × occurrences of each
    character), a fifth of a second for two versions of one article. A
    match of at least ``seed`` characters begins with a ``seed``-gram that also
    occurs in the other text, so those matches are found from a gram index and
    extended; the winner is chosen with difflib's tie-breaking (longest, then
    first in ``a``, then first in ``b``). Only when no such match exists, or the
    window is small, does difflib's own search run.
    """

    seed = 24
    min_window = 400
    a: str  # set by SequenceMatcher.set_seqs; declared for the type checker
    b: str
    _grams: dict[str, list[int]] | None = None

    def find_longest_match(self, alo: int = 0, ahi: int | None = None, blo: int = 0,
                           bhi: int | None = None) -> Match:
        a, b = self.a, self.b
        ahi = len(a) if ahi is None else ahi
        bhi = len(b) if bhi is None else bhi
        q = self.seed
        if min(ahi - alo, bhi - blo) < self.min_window:
            return super().find_longest_match(alo, ahi, blo, bhi)
        starts = self._gram_starts()
        best = Match(alo, blo, 0)
        for i in range(alo, ahi - q + 1):
            js = starts.get(a[i:i + q])
            if not js:
                continue
            for n in range(bisect_left(js, blo), bisect_right(js, bhi - q)):
                j = js[n]
                if i > alo and j > blo and a[i - 1] == b[j - 1]:
                    continue  # inside a match that starts earlier
                k = _common_length(a, i, b, j, min(ahi - i, bhi - j), q)
                if k > best.size:
                    best = Match(i, j, k)
        if best.size:
            return best
        return super().find_longest_match(alo, ahi, blo, bhi)

    def set_seq2(self, b: Sequence[str]) -> None:
        super().set_seq2(b)
        self._grams = None  # the gram index described the previous b

    def _gram_starts(self) -> dict[str, list[int]]:
        """Start offsets in ``b`` of each ``seed``-gram, ascending; built once per ``b``."""
        if self._grams is None:
            q, b = self.seed, self.b
            grams: dict[str, list[int]] = {}
            for j in range(len(b) - q + 1):
                grams.setdefault(b[j:j + q], []).append(j)
            self._grams = grams
        return self._grams


def _common_length(a: Any, i: int, b: Any, j: int, limit: int, known: int) -> int:
    """Length of the common prefix of a[i:] and b[j:] (at most ``limit``; the first
    ``known`` items are equal), by galloping slice comparisons."""
    k, step = known, known
    while step:
        step = min(step, limit - k)
        if step and a[i + k:i + k + step] == b[j + k:j + k + step]:
            k += step
            step *= 2
        else:
            step //= 2
    return k


def span_mapper(pred_text: str, gold_text: str) -> SpanMap:
    """Map ``[start, end)`` spans of ``pred_text`` onto ``gold_text``.

    A character inside a matching block (difflib, no autojunk) maps to its
    partner; one in a gap maps to the start of the next block's partner. The
    end of a span follows its last character, and never precedes its start.
    """
    if pred_text == gold_text:
        return lambda span: span
    blocks = _SeededMatcher(None, pred_text, gold_text, autojunk=False).get_matching_blocks()
    block_ends = [a + n for a, _, n in blocks]
    gold_len = len(gold_text)

    def char(i: int) -> int:
        k = bisect_right(block_ends, i)  # first block that ends after i
        if k == len(blocks):
            return gold_len
        a, b, _ = blocks[k]
        return b + (i - a) if a <= i else b

    def span(value: Any) -> Any:
        if value is None:
            return None
        start, end = value
        first = char(start)
        return [first, max(first, char(end - 1) + 1 if end > start else first)]

    return span


# ---------------------------------------------------------------- scoring


def prf(hits: int, predicted: int, gold: int) -> tuple[float, float, float]:
    p = hits / predicted if predicted else 0.0
    r = hits / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


@dataclass
class Counts:
    """Raw tallies behind the figures, per language key ("all", "id", …) and event type."""

    by_key: defaultdict[Any, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    by_type: defaultdict[Any, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    fields_ok: Counter[str] = field(default_factory=Counter)
    matched: int = 0
    misses: list[list[Any]] = field(default_factory=list)
    false_alarms: list[list[Any]] = field(default_factory=list)

    def add(self, lang: Any, **tallies: int) -> None:
        for key in ("all", lang):
            self.by_key[key].update(tallies)


def _score_entities(gold: Doc, pred: Doc, mapped: SpanMap, lang: Any, counts: Counts) -> None:
    gold_mentions = {tuple(span): (e["type"], e["name"], e["id"])
                     for e in gold.get("entities") or [] for span in e["mentions"]}
    pred_mentions = {tuple(mapped(span)): (e.get("type"), e.get("name"), e.get("id"))
                     for e in pred.get("entities") or [] for span in e.get("mentions") or []}
    hits = [s for s, m in pred_mentions.items()
            if s in gold_mentions and m[0] == gold_mentions[s][0]]
    linked = sum(normalize_name(pred_mentions[s][1]) == normalize_name(gold_mentions[s][1])
                 for s in hits)
    # Pairwise clustering counted by group sizes instead of by pairs.
    pred_ids = Counter(pred_mentions[s][2] for s in hits)
    gold_ids = Counter(gold_mentions[s][2] for s in hits)
    both_ids = Counter((pred_mentions[s][2], gold_mentions[s][2]) for s in hits)
    counts.add(lang, ment_p=len(pred_mentions), ment_g=len(gold_mentions), ment_h=len(hits),
               link_h=linked, cl_tp=sum(map(_pairs, both_ids.values())),
               cl_p=sum(map(_pairs, pred_ids.values())), cl_g=sum(map(_pairs, gold_ids.values())))


def _match_events(pred_events: list[Doc], gold_events: list[Doc]) -> list[tuple[int, int]]:
    """One-to-one pairs (pred index, gold index), best candidates first; ties go to
    the later predicted, then the later gold event."""
    candidates = [(sum(field_ok(p, g, k) for k in FIELDS), i, j)
                  for i, p in enumerate(pred_events) for j, g in enumerate(gold_events)
                  if p.get("type") == g["type"] and overlaps(p.get("trigger"), g["trigger"])]
    candidates.sort(reverse=True)
    used_pred: set[int] = set()
    used_gold: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i not in used_pred and j not in used_gold:
            used_pred.add(i)
            used_gold.add(j)
            pairs.append((i, j))
    return pairs


def _score_events(doc_id: str, gold: Doc, pred: Doc, mapped: SpanMap, lang: Any,
                  counts: Counts) -> None:
    gold_events = gold.get("events") or []
    pred_events = []
    for event in pred.get("events") or []:
        event = dict(event)
        for key in EVENT_SPAN_KEYS:
            event[key] = mapped(event.get(key))
        pred_events.append(event)
    pairs = _match_events(pred_events, gold_events)
    counts.add(lang, ev_p=len(pred_events), ev_g=len(gold_events), ev_h=len(pairs))
    for g in gold_events:
        counts.by_type[g["type"]]["g"] += 1
    for p in pred_events:
        counts.by_type[p.get("type")]["p"] += 1
    for i, j in pairs:
        counts.by_type[gold_events[j]["type"]]["h"] += 1
        ok = {k: field_ok(pred_events[i], gold_events[j], k) for k in FIELDS}
        counts.fields_ok.update(k for k, v in ok.items() if v)
        counts.matched += 1
        counts.add(lang, arg_h=ok["actor"] and ok["recipient"], full_h=all(ok.values()))

    text = gold["text"]

    def listed(event: Doc, span: Any) -> list[Any]:
        s, e = span
        context = text[max(0, s - CONTEXT):e + CONTEXT].replace("\n", " ")
        return [doc_id, event.get("type"), text[s:e], context]

    matched_gold = {j for _, j in pairs}
    matched_pred = {i for i, _ in pairs}
    counts.misses += [listed(g, g["trigger"]) for j, g in enumerate(gold_events)
                      if j not in matched_gold]
    counts.false_alarms += [listed(p, p["trigger"]) for i, p in enumerate(pred_events)
                            if i not in matched_pred and p.get("trigger")]


def count(gold: dict[str, Doc], pred: dict[str, Doc]) -> Counts:
    """Tally every gold document against its prediction (absent → empty)."""
    counts = Counts()
    counts.by_key["all"] = Counter()  # "all" comes first, and even for an empty gold file
    for doc_id, g in gold.items():
        lang = g.get("lang", "?")
        p = pred.get(doc_id, {"text": g["text"], "entities": [], "events": []})
        pred_text = p.get("text", g["text"])
        mapped = span_mapper(pred_text if isinstance(pred_text, str) else g["text"], g["text"])
        _score_entities(g, p, mapped, lang, counts)
        _score_events(doc_id, g, p, mapped, lang, counts)
    return counts


def figures(c: Counter[str]) -> dict[str, float | int]:
    out: dict[str, float | int] = {}
    out["mention_p"], out["mention_r"], out["mention_f1"] = prf(c["ment_h"], c["ment_p"],
                                                                c["ment_g"])
    out["linking_acc"] = c["link_h"] / c["ment_h"] if c["ment_h"] else 0.0
    out["cluster_f1"] = prf(c["cl_tp"], c["cl_p"], c["cl_g"])[2]
    out["event_p"], out["event_r"], out["event_f1"] = prf(c["ev_h"], c["ev_p"], c["ev_g"])
    out["argument_f1"] = prf(c["arg_h"], c["ev_p"], c["ev_g"])[2]
    out["full_record_f1"] = prf(c["full_h"], c["ev_p"], c["ev_g"])[2]
    out["gold_events"], out["pred_events"] = c["ev_g"], c["ev_p"]
    return out


def result(counts: Counts) -> dict[str, Any]:
    """The figures of ``counts`` in score.py's JSON shape."""
    res: dict[str, Any] = {key: figures(c) for key, c in counts.by_key.items()}
    n = counts.matched
    res["field_accuracy"] = {k: (counts.fields_ok[k] / n if n else 0.0) for k in FIELDS}
    res["per_type"] = {t: {"support": c["g"], "f1": prf(c["h"], c["p"], c["g"])[2]}
                       for t, c in sorted(counts.by_type.items(), key=lambda x: str(x[0]))}
    res["misses"] = counts.misses[:LISTED]
    res["false_alarms"] = counts.false_alarms[:LISTED]
    return res


def score(gold: dict[str, Doc], pred: dict[str, Doc]) -> dict[str, Any]:
    """Score ``pred`` against ``gold`` (both by document id) as SCORING.md says."""
    return result(count(gold, pred))


# ---------------------------------------------------------------- report

_LABELS = {"mention_p": "mention P", "mention_r": "mention R", "mention_f1": "mention F1",
           "linking_acc": "linking accuracy", "cluster_f1": "clustering F1",
           "event_p": "event P", "event_r": "event R", "event_f1": "event F1",
           "argument_f1": "argument F1", "full_record_f1": "full-record F1 (headline)",
           "gold_events": "gold events", "pred_events": "predicted events"}


def _cell(value: float | int) -> str:
    return f"{value:>7d}" if isinstance(value, int) else f"{value:>7.3f}"


def _listing(title: str, rows: list[list[Any]], total: int) -> list[str]:
    lines = [f"{title} (first {len(rows)} of {total})"]
    for doc_id, event_type, trigger, context in rows:
        lines.append(f"  {doc_id}  {event_type}  {trigger!r}")
        lines.append(f"      …{context}…")
    return lines


def report(res: dict[str, Any], counts: Counts) -> str:
    """A readable table of ``res`` (from ``result(counts)``)."""
    keys = [k for k in counts.by_key if k != "all"]
    columns = ["all", *keys]
    lines = [f"{'':26s}" + "".join(f"{str(k):>8s}" for k in columns)]
    for name, label in _LABELS.items():
        lines.append(f"{label:26s}" + "".join(" " + _cell(res[k][name]) for k in columns))
    lines.append("")
    lines.append(f"field accuracy over {counts.matched} matched events")
    lines += [f"  {k:12s} {v:.3f}" for k, v in res["field_accuracy"].items()]
    lines.append("")
    lines.append(f"{'event type':12s} {'support':>8s} {'pred':>6s} {'hits':>6s} {'F1':>7s}")
    for event_type, row in res["per_type"].items():
        c = counts.by_type[event_type]
        lines.append(f"{str(event_type):12s} {row['support']:8d} {c['p']:6d} {c['h']:6d}"
                     f" {row['f1']:7.3f}")
    lines.append("")
    lines += _listing("misses", res["misses"], len(counts.misses))
    lines.append("")
    lines += _listing("false alarms", res["false_alarms"], len(counts.false_alarms))
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    try:
        loaded = []
        for path in (args.gold, args.pred):
            duplicates: list[str] = []
            loaded.append(load_jsonl(path, duplicates))
            if duplicates:
                print(f"warning: {path}: repeated id(s), the last line of each is used: "
                      + ", ".join(sorted(set(duplicates))), file=sys.stderr)
    except InputError as exc:
        print(f"pantau eval: {exc}", file=sys.stderr)
        return 2
    gold, pred = loaded
    unpaired = len(set(pred) - set(gold))
    if unpaired:
        print(f"note: {args.pred}: {unpaired} predicted document(s) have no gold and are ignored",
              file=sys.stderr)
    try:
        counts = count(gold, pred)
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        print(f"pantau eval: a record is not in SCHEMA.md form ({type(exc).__name__}: {exc}); "
              "run `pantau validate` on both files", file=sys.stderr)
        return 2
    res = result(counts)
    if args.json:
        print(json.dumps(res, indent=1, ensure_ascii=False))
    else:
        print(f"gold {args.gold}: {len(gold)} documents; predicted {args.pred}: "
              f"{len(set(pred) & set(gold))} of them")
        print(report(res, counts))
    return 0

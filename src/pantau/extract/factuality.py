"""FactualityStage (issue 4): status, certainty and negation of each event.

Read from hedging words only (``hedges.tsv``): a cue sets one field of the event it governs.
A cue governs a trigger when it stands on the side the data file gives, within its reach in
words, inside the same comma/conjunction segment, and no other event's trigger stands between
them ("akan" in "akan menyerang"; "sedang diatur" after "kunjungan X ke Y"). An attribution to a
named source is not a hedge: "dilaporkan" makes an event ``reported`` only when the sentence
names no one who reports it.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import compress, count

from pantau.doc import Doc
from pantau.extract.sentence_view import (
    Language,
    PhraseTable,
    SentenceView,
    doc_index,
    events_by_sentence,
    language,
    read_tsv,
)
from pantau.record import Event

# A condition or a failure outweighs a plan ("jika …, X akan menyerang" is hypothetical);
# among cues of equal weight the nearest wins.
PRECEDENCE = {"hypothetical": 3, "failed": 2, "planned": 1}


@dataclass(frozen=True)
class Hedge:
    field: str
    value: str
    where: str  # before | after | both
    reach: int
    needs: tuple[str, ...]  # partner words that must follow the cue ("berupaya … tetapi")


@dataclass
class HedgeHit:
    first: int
    last: int
    hedge: Hedge


def load_hedges(lang: str) -> tuple[PhraseTable, dict[tuple[str, ...], list[Hedge]]]:
    table = PhraseTable()
    hedges: dict[tuple[str, ...], list[Hedge]] = {}
    for row in read_tsv(lang, "hedges.tsv"):
        cue, field, value, where, reach = row[:5]
        needs = tuple(w for w in (row[5] if len(row) > 5 else "").split("|") if w)
        table.add(cue, "hedge")
        hedges.setdefault(tuple(cue.split()), []).append(
            Hedge(field, value, where, int(reach), needs))
    return table, hedges


class FactualityStage:
    def __init__(self, lang: str):
        self.lang: Language = language(lang)
        self.table, self.hedges = load_hedges(lang)

    def __call__(self, doc: Doc) -> None:
        if not doc.events:
            return
        index = doc_index(doc, self.lang)
        for k, events in events_by_sentence(index).items():
            view = index.view(k)
            if view.lows:
                self.judge(view, events)

    def find(self, view: SentenceView) -> list[HedgeHit]:
        lows = view.lows
        firsts = self.table.longest
        hits: list[HedgeHit] = []
        resume = 0  # words before it belong to the last cue found
        # only words that may open a cue are looked at (most words are not); compress
        # picks them without a Python step per word
        for i in compress(count(), map(firsts.__contains__, lows)):
            m = self.table.match(lows, i) if i >= resume else None
            if m is None:
                continue
            n = m[0]
            for h in self.hedges[tuple(lows[i:i + n])]:
                if not h.needs or any(w in h.needs for w in lows[i + n:]):
                    hits.append(HedgeHit(i, i + n, h))
            resume = i + n
        return hits

    def judge(self, view: SentenceView, events: list[Event]) -> None:
        hits = self.find(view)
        triggers = [view.word_range(*e.trigger) for e in events]
        named_source = any(c.kind in ("after", "after_quote", "before") for c in view.cues)
        for e, (a, b) in zip(events, triggers, strict=True):
            best: dict[str, tuple[tuple[int, int], str]] = {}
            for hit in hits:
                d = self.distance(view, hit, a, b, triggers)
                if d is None:
                    continue
                h = hit.hedge
                if h.field == "certainty" and h.value == "reported" and named_source:
                    continue
                key = (-PRECEDENCE.get(h.value, 0), d)
                if h.field not in best or key < best[h.field][0]:
                    best[h.field] = (key, h.value)
            if "status" in best:
                e.status = best["status"][1]
            if "certainty" in best:
                e.certainty = best["certainty"][1]
            if "negated" in best:
                e.negated = True

    @staticmethod
    def distance(view: SentenceView, hit: HedgeHit, a: int, b: int,
                 triggers: list[tuple[int, int]]) -> int | None:
        """Words between the cue and the trigger it governs, or None if it does not."""
        h = hit.hedge
        if hit.last <= a and h.where in ("before", "both", "clause"):
            lo, hi = hit.last, a
        elif hit.first >= b and h.where in ("after", "both"):
            lo, hi = b, hit.first
        else:
            return None
        gap = hi - lo - _inside_parties(view, lo, hi)
        if gap > h.reach:
            return None
        if h.where == "clause":
            if view.clause[hit.first] != view.clause[a]:
                return None
        elif not same_segment(view, hit, a):
            return None
        if any(x < hi and lo < y and (x, y) != (a, b) for x, y in triggers):
            return None  # another event stands between
        if h.field != "certainty" \
                and any(x <= hit.first < y and (x, y) != (a, b) for x, y in triggers):
            return None  # the cue is part of another trigger; a verb of suspicion ("KPK
            # menduga X …") is an accusation and hedges what it suspects as well
        return gap


def _inside_parties(view: SentenceView, lo: int, hi: int) -> int:
    """Words a reach does not count between words lo and hi: a party's name is one word
    ("kunjungan Menteri Luar Negeri Rusia Sergey Lavrov ke Pyongyang sedang diatur")."""
    return sum(p.last - p.first - 1 for p in view.parties if lo <= p.first and p.last <= hi)


def same_segment(view: SentenceView, hit: HedgeHit, a: int) -> bool:
    """Cue and trigger share a segment; a clause word right after the cue is the clause the
    cue governs ("diduga karena keracunan", "expected that ...")."""
    seg_cue, seg_trigger = view.segment[hit.first], view.segment[a]
    if seg_cue == seg_trigger:
        return True
    nxt = hit.last
    return seg_trigger == seg_cue + 1 and nxt < len(view.lows) \
        and view.texts[nxt].isalpha() and view.segment[nxt] == seg_trigger

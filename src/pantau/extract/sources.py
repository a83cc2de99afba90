"""SourceStage (issue 4): who the report attributes each event to.

Attribution cues (``attribution.tsv``) name a source: "kata X", "menurut X", "dilansir X",
"X mengatakan (bahwa)", "according to X", "X said". A cue whose party comes after it, or a
cue verb whose subject follows a quote or a comma ('…," X said'), covers its whole sentence;
a cue verb with its subject before it ("X mengatakan …") covers what follows, up to a word
that returns to the outlet's own voice ("setelah", "after"). When several cues cover an event
the highest rank wins: a named speaker before the outlet that relays it.

An attribution carries over a quotation: every event between the opening and the closing
quote takes the attribution found at the closing quote (or the one that opened it). A cue
that carries its own pronoun ("ujarnya") or a pronoun or definite subject ("Ia menambahkan",
"the group said") names the source of the statement under way. A sentence with no cue and
no quotation is the outlet's own voice: its events get no source.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from pantau.doc import Doc
from pantau.extract.sentence_view import (
    AFTER_CUE_REACH,
    COMPLEMENTISERS,
    Cue,
    DocIndex,
    Language,
    Party,
    SentenceView,
    doc_index,
    events_by_sentence,
    language,
    marker_before,
    pronoun_name,
)
from pantau.record import Event

SPEAKER_RANK = 2
# Words allowed between a cue verb and its subject ("X juga mengatakan", "X said on Monday").
BEFORE_REACH = 6
CLOSING_REACH = 8  # words between a closing quote and the cue that attributes the quotation
LOOKBACK = 4  # sentences a statement under way is looked for
STATEMENT_REACH = 6  # words after a cue verb where a "that"/"bahwa" shows its content follows
CLOSERS = frozenset({",", '"', "”", "’"})  # what closes a quotation or clause before a cue
TITLE_REACH = 3  # capitalised title words before a speaker's name ("Deputy Commissioner X")


@dataclass
class Source:
    name: str
    span: tuple[int, int]
    etype: str | None = None


@dataclass
class Attribution:
    source: Source
    first: int  # words [first, last) of the sentence the attribution covers
    last: int
    rank: int
    cue: int  # word index of the cue: the nearest cue wins a tie


QUOTE_RE = re.compile(r'["“”]')


def quote_regions(text: str) -> list[tuple[int, int]]:
    """(open, close) offsets of quotations. A straight quote opens after a space and closes
    after a word; a quote opened again before it closes (a quotation running over paragraphs,
    each opened anew) extends the same region."""
    regions: list[tuple[int, int]] = []
    open_at: int | None = None
    for m in QUOTE_RE.finditer(text):
        i, ch = m.start(), m.group()
        before = text[i - 1] if i else " "
        opening = ch == "“" or (ch == '"' and (before.isspace() or before in "([—–-"))
        if opening:
            if open_at is None:
                open_at = i
        elif open_at is not None:
            regions.append((open_at, i))
            open_at = None
    return regions


Current = Callable[[], "Source | None"]  # the statement under way, looked up when needed


def _nobody() -> Source | None:
    return None


class _Run:
    """One document's pass: the attributions of its sentences, computed on demand, and the
    statement under way after each of them (looked back on at most ``LOOKBACK`` sentences)."""

    def __init__(self, stage: SourceStage, index: DocIndex, regions: list[tuple[int, int]]):
        self.stage = stage
        self.index = index
        self.regions = regions
        self._own: dict[int, list[Attribution]] = {}
        self._statement: dict[int, Source | None] = {}

    def own(self, k: int) -> list[Attribution]:
        if k not in self._own:
            view = self.index.view(k)
            self._own[k] = self.stage.attributions(
                self.index, view, lambda: self.statement(k - 1)) if view.lows else []
        return self._own[k]

    def statement(self, k: int, depth: int = 0) -> Source | None:
        """The source of the statement under way at the end of sentence ``k``: its own
        attribution, else (inside a quotation) the one before it; an unquoted sentence
        with no cue is the outlet's own voice and ends it."""
        if k < 0 or depth > LOOKBACK:
            return None
        if k in self._statement:
            return self._statement[k]
        start, end = self.index.bounds[k]
        quoted = any(o < end and start <= c for o, c in self.regions)
        if not quoted and not self.stage.may_attribute(self.index.text, start, end):
            self._statement[k] = None  # the outlet's own voice, seen without a full view
            return None
        view = self.index.view(k)
        own = self.stage.attributions(
            self.index, view, lambda: self.statement(k - 1, depth + 1)) if view.lows else []
        self._own.setdefault(k, own)
        if own:
            result: Source | None = max(own, key=lambda a: (a.rank == SPEAKER_RANK, a.rank)).source
        elif quoted:
            result = self.statement(k - 1, depth + 1)
        else:
            result = None
        self._statement[k] = result
        return result


class SourceStage:
    def __init__(self, lang: str):
        self.lang: Language = language(lang)
        # any word that may start a cue: a sentence without one names no source
        firsts = sorted({cue.split()[0] for cue in self.lang.cues.longest}, key=len, reverse=True)
        self.cue_word = re.compile(r"\b(?:" + "|".join(map(re.escape, firsts)) + r")\b",
                                   re.IGNORECASE)

    def may_attribute(self, text: str, start: int, end: int) -> bool:
        return self.cue_word.search(text, start, end) is not None

    def __call__(self, doc: Doc) -> None:
        if not doc.events:
            return
        index = doc_index(doc, self.lang)
        run = _Run(self, index, quote_regions(doc.text))
        for k, events in events_by_sentence(index).items():
            view = index.view(k)
            if not view.lows:
                continue
            own = run.own(k)
            before = partial(run.statement, k - 1)
            for e in events:
                src = self.pick(view, own, e) or self.quoted(index, run.regions, e, before)
                if src is not None:
                    e.source, e.source_span = src.name, src.span
                    self.speaker_as_argument(doc.text, e)

    def speaker_as_argument(self, text: str, e: Event) -> None:
        """A first-person pronoun in reported speech is its speaker (SCHEMA.md: a pronoun
        takes its clear referent): "'… atau kita harus menyerang mereka,' ujar X" -> X."""
        speaker_words = self.lang.words_of("speaker")
        for role in ("actor", "recipient"):
            span = getattr(e, f"{role}_span")
            if span is not None and text[span[0]:span[1]].lower() in speaker_words:
                setattr(e, role, e.source)

    # -- attributions within a sentence

    def attributions(self, index: DocIndex, view: SentenceView,
                     current: Current) -> list[Attribution]:
        out = []
        n = len(view.lows)
        credited = _headline_credit(view)
        if credited is not None:
            credit = self.party_source(index, view, credited, current)
            if credit is not None:
                out.append(Attribution(credit, 0, n, SPEAKER_RANK, credited.first))
        stops = [c.first for c in view.cues if c.kind == "stop"]
        for cue in view.cues:
            if cue.kind == "stop":
                continue
            if cue.kind == "pronominal":
                src = current() or self.referent(index, view.starts[cue.first])
                if src is not None:
                    out.append(Attribution(src, 0, n, cue.rank, cue.first))
                continue
            if cue.kind in ("after", "after_quote"):
                party = self.party_after(view, cue)
                first, last = 0, n
                if party is not None and cue.first > 0 and view.texts[cue.first - 1] in CLOSERS:
                    # '…," X said at a NATO meeting': what follows the speaker is the
                    # outlet telling where and when it was said
                    last = party.last
            else:
                party = self.subject(view, cue)
                if party is None:
                    continue
                postposed = _follows_quote_or_comma(view, party) \
                    and not _content_follows(view, self.lang, cue.last)
                first = 0 if postposed else cue.last
                last = min([s for s in stops if s >= cue.last] or [n])
                if postposed:
                    last = cue.last  # '…," X said at a NATO meeting': the rest tells where
            if party is None:
                continue
            src = self.party_source(index, view, party, current)
            if src is not None:
                out.append(Attribution(src, first, last, cue.rank, cue.first))
        return out

    def party_after(self, view: SentenceView, cue: Cue) -> Party | None:
        """The party an "after" cue names: the first one after it in its segment, and the
        person in apposition after it if there is one ("kata direktur WHO, Tedros, …")."""
        seg = view.segment[min(cue.last, len(view.lows) - 1)]
        for i, p in enumerate(view.parties):
            if p.first < cue.last:
                continue
            if p.first - cue.last > AFTER_CUE_REACH or view.segment[p.first] != seg:
                return None
            nxt = view.parties[i + 1] if i + 1 < len(view.parties) else None
            if p.etype != "PER" and nxt is not None and nxt.etype == "PER" \
                    and view.texts[p.last:nxt.first] == [","]:
                return nxt
            if p.etype != "PER":
                return _titled_person(view, i) or p
            return p
        return None

    def subject(self, view: SentenceView, cue: Cue) -> Party | None:
        """The subject of a cue verb: the nearest party before it in its clause (a name
        counts as one word: "X, a spokesperson for the Y agency, told …")."""
        named = 0  # words of the parties passed over
        for i in range(len(view.parties) - 1, -1, -1):
            p = view.parties[i]
            if p.last > cue.first:
                continue
            if cue.first - p.last - named > BEFORE_REACH \
                    or view.clause[p.first] != view.clause[cue.first]:
                return None
            named += p.last - p.first - 1
            if marker_before(view, self.lang, p):
                continue  # "police in Kashmir said", "X, reporting from Y, said": no speaker
            before = view.parties[i - 1] if i else None
            if p.kind == "descriptor" and before is not None and before.etype == "PER" \
                    and view.texts[before.last:p.first] == [","]:
                return before  # "Budi Santoso, a spokesperson for …, said": the person
            return p
        return None

    def party_source(self, index: DocIndex, view: SentenceView, p: Party,
                     current: Current) -> Source | None:
        if p.kind == "pronoun":
            under_way = current()
            if under_way is not None and (p.etype != "person" or under_way.etype == "PER"):
                return under_way
            name = pronoun_name(index, p)
            return Source(name, (p.start, p.end)) if name else None
        if p.kind == "descriptor" and _definite(view, self.lang, p) and current() is not None:
            return current()  # "the official said", "pihak tersebut mengatakan"
        return Source(p.name, (p.start, p.end), p.etype)

    def referent(self, index: DocIndex, offset: int) -> Source | None:
        m = index.last_mention_before(offset, ("PER", "ORG"))
        return Source(m.name, (m.start, m.end), m.type) if m else None

    @staticmethod
    def pick(view: SentenceView, own: list[Attribution], e: Event) -> Source | None:
        if not own:
            return None  # (most sentences: no attribution of their own)
        first, last = view.word_range(*e.trigger)
        # a cue verb inside the trigger is the event itself ("menyatakan solidaritasnya")
        covering = [a for a in own if a.first <= first < a.last and not first <= a.cue < last]
        if not covering:
            return None
        return max(covering, key=lambda a: (a.rank, -abs(a.cue - first))).source

    # -- quotations

    def quoted(self, index: DocIndex, regions: list[tuple[int, int]], e: Event,
               current: Current) -> Source | None:
        """The source of the quotation the trigger stands in, if it stands in one."""
        at = e.trigger[0]
        for open_at, close_at in regions:
            if open_at < at < close_at:
                return self.at_quote(index, close_at, after=True) \
                    or self.at_quote(index, open_at, after=False) or current()
            if open_at > at:
                break
        return None

    def at_quote(self, index: DocIndex, quote_at: int, after: bool) -> Source | None:
        """The attribution right after a closing quote ('," kata X', '," he said') or right
        before an opening one ("X mengatakan: «…")."""
        k = index.sentence_of(quote_at)
        view = index.view(k)
        if not view.lows:
            return None
        q = view.index_at(quote_at)
        for a in self.attributions(index, view, _nobody):
            near = 0 <= a.cue - q <= CLOSING_REACH if after else 0 < q - a.cue <= CLOSING_REACH
            if near:
                return a.source
        return None


def _headline_credit(view: SentenceView) -> Party | None:
    """A headline's credit line: "X tampaknya mengerahkan pasukan: militer Korea Selatan" --
    the party after the colon that ends the sentence reports it."""
    for p in reversed(view.parties):
        if p.first >= 1 and view.texts[p.first - 1] == ":" and p.kind != "pronoun" \
                and all(not t.isalnum() for t in view.texts[p.last:]):
            return p
        break
    return None


def _content_follows(view: SentenceView, lang: Language, j: int) -> bool:
    """What a cue verb reports follows it ("…, X mengatakan bahwa …", "…, Teheran menegaskan
    kedaulatannya"), rather than the circumstances of a closing attribution ("…, X said on
    Monday", "…, jelas X kepada wartawan", "…, X told the Reuters news agency")."""
    for p in view.parties:
        if p.first == j and p.blocked:
            j = p.last  # the addressee
    for k in range(j, min(len(view.lows), j + STATEMENT_REACH)):
        w = view.lows[k]
        if w in COMPLEMENTISERS:
            return True
        if not w.isalnum():
            break
    return j < len(view.lows) and view.lows[j].isalnum() and view.lows[j] not in lang.markers


def _titled_person(view: SentenceView, i: int) -> Party | None:
    """ "kata Kepala Penerangan Kodam XVII/Cenderawasih Letkol Inf X": an organisation inside
    a speaker's title; the person the title chain ends in is the speaker. The chain runs
    over capitalised words (titles, ranks, further organisations) and "/" only."""
    p = view.parties[i]
    for q in view.parties[i + 1:]:
        gap = view.texts[p.last:q.first]
        if len(gap) > TITLE_REACH or not all(w[:1].isupper() or w == "/" for w in gap):
            return None
        if q.etype == "PER":
            return q
        p = q
    return None


def _follows_quote_or_comma(view: SentenceView, p: Party) -> bool:
    """'…," X said' / '…, Deputy Commissioner X said on Monday': the cue reports what came
    before it (titles before the name are looked past)."""
    j = p.first - 1
    while j >= 0 and p.first - j <= TITLE_REACH and view.texts[j][:1].isupper():
        j -= 1
    return j >= 0 and view.texts[j] in (",", '"', "”", "’")


def _definite(view: SentenceView, lang: Language, p: Party) -> bool:
    """A descriptor that points back: "the official", "pihak tersebut"."""
    return lang.anaphoric.get(view.lows[p.first]) == "before" \
        or lang.anaphoric.get(view.lows[p.last - 1]) == "after"

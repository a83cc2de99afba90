"""The sentence view the argument, factuality and source stages read.

For every sentence that matters a :class:`SentenceView` holds its words, its segments (split
at commas and clause words) and clauses (split at strong breaks only), its *parties* --
entity mentions grown into the phrase that names them ("Presiden AS Donald Trump", "militer
Korea Selatan", "polisi setempat"), coordinations ("AS dan Israel"), descriptive nouns
("polisi", "the government") and pronouns -- and its attribution cues. It is built from the
language's data files once per sentence; no stage scans the whole document per event.
"""

from __future__ import annotations

import bisect
import re
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate, compress
from operator import attrgetter, eq, itemgetter

from pantau.doc import Doc, Mention, QuantityMention, TimeMention, Token
from pantau.lang import data_path
from pantau.record import Event
from pantau.text.form_table import FormTable

WORD_RE = re.compile(r"['’]s\b|\w+(?:[-.]\w+|['’](?!s\b)\w+)*|[^\w\s]")  # "India’s" -> India, ’s
# Characters after which WORD_RE glues a following word onto what precedes ("U.S", "Jong-un",
# "don't") or reads "’s" as one word: the segmenter may split such spots otherwise.
WORD_GLUE = frozenset("-.'’")
SCRATCH_KEY = "pantau.sentence_view"
# Clause words that open a complement, not a new clause: "X said that …" is one clause.
COMPLEMENTISERS = frozenset({"bahwa", "that"})
BREAK_PUNCT = frozenset(",;:()[]–—")
STRONG_PUNCT = frozenset(";:")
QUOTES = frozenset({'"', "”", "’", "'"})
# Words allowed between an "after" cue and its party ("kata Kasat Reskrim Polres X").
AFTER_CUE_REACH = 6
# A word's flags: the per-word scans of a view it takes part in (see Language.flags).
PARTY_FIRST, CUE_FIRST, CLAUSE_OPENER = 1, 2, 4
PHRASE_FIRST = "phrase"  # (Language.one_word_piece) a word that may open a longer phrase
SPLIT = 8  # (of a word's text) a longer non-word token WORD_RE may read as several words
FLAG_CACHE_LIMIT = 200_000  # distinct word forms remembered per language


# ----------------------------------------------------------------------------- language data

def read_tsv(lang: str, name: str) -> list[list[str]]:
    """Rows of a language data file, comments and blank lines skipped."""
    rows = []
    for line in data_path(lang, name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


class PhraseTable:
    """Lower-cased phrases of one or more words -> {class: value}; longest match first."""

    def __init__(self) -> None:
        self.entries: dict[tuple[str, ...], dict[str, str]] = {}
        self.longest: dict[str, int] = {}  # first word -> words in its longest phrase
        # first word -> the lengths of its phrases, longest first: match() tries only these
        self.lengths: dict[str, tuple[int, ...]] = {}

    def add(self, phrase: str, cls: str, value: str = "") -> None:
        key = tuple(phrase.lower().split())
        self.entries.setdefault(key, {})[cls] = value
        self.longest[key[0]] = max(self.longest.get(key[0], 0), len(key))
        self.lengths[key[0]] = tuple(sorted({*self.lengths.get(key[0], ()), len(key)},
                                            reverse=True))

    def match(self, lows: list[str], i: int, cls: str | None = None) -> tuple[int, str] | None:
        """Longest phrase starting at word ``i`` (of class ``cls`` if given): (length, class)."""
        lengths = self.lengths.get(lows[i])
        if lengths is None:
            return None
        if lengths[0] == 1:  # most phrases are one word: no loop
            hit = self.entries.get((lows[i],))
            return (1, cls or next(iter(hit))) if hit and (cls is None or cls in hit) else None
        left = len(lows) - i
        for n in lengths:
            if n > left:
                continue  # (longer than what is left of the sentence)
            hit = self.entries.get(tuple(lows[i:i + n]))
            if hit and (cls is None or cls in hit):
                return n, (cls or next(iter(hit)))
        return None

    def value(self, phrase: tuple[str, ...], cls: str) -> str | None:
        classes = self.entries.get(phrase)
        return classes.get(cls) if classes is not None else None


@dataclass(frozen=True)
class Marker:
    role: str  # actor | recipient | location | pair
    types: frozenset[str] | None  # None: every type


@dataclass
class CueReading:
    """One way an attribution cue may be read (attribution.tsv)."""

    kind: str  # after | after_quote | before | pronominal | stop
    rank: int


class Language:
    """All argument-related data of one language, compiled once."""

    def __init__(self, lang: str):
        self.lang = lang
        self.words = PhraseTable()
        self.party_words = PhraseTable()  # descriptors and pronouns: the parties named by words
        self.classes: dict[str, set[str]] = WordClasses()
        self.patient_nouns: list[re.Pattern[str]] = []
        for cls, word, *rest in read_tsv(lang, "argument_words.tsv"):
            value = rest[0] if rest else ""
            if cls == "patient_noun":
                self.patient_nouns.append(re.compile(word))
                continue
            self.words.add(word, cls, value)
            if cls in ("descriptor", "pronoun"):
                self.party_words.add(word, cls, value)
            self.classes.setdefault(cls, set()).add(word)
        self.markers: dict[str, list[Marker]] = {}
        self._marker_roles: dict[tuple[str, str, str], bool] = {}
        for marker, role, types, *_ in read_tsv(lang, "argument_patterns.tsv"):
            scope = None if types == "*" else frozenset(types.split(","))
            self.markers.setdefault(marker, []).append(Marker(role, scope))
        self.cues = PhraseTable()
        self.attribution: dict[tuple[str, ...], list[CueReading]] = {}
        for cue, kind, rank, *_ in read_tsv(lang, "attribution.tsv"):
            self.cues.add(cue, kind)
            self.attribution.setdefault(tuple(cue.split()), []).append(CueReading(kind, int(rank)))
        self.prefix_passive = self._longest_first("passive")
        self.prefix_active = self._longest_first("active")
        self.verb_suffixes = self._longest_first("verb_suffix")
        self.clitics = self._longest_first("clitic")
        self.noun_prefixes = self._longest_first("noun_prefix")
        self.participle_suffixes = self._longest_first("participle_suffix")  # "arrested"
        self.progressive_suffixes = self._longest_first("progressive_suffix")  # "sending"
        self.present_suffixes = self._longest_first("present_suffix")  # "warns"
        self.verb_form_suffixes = self.participle_suffixes + self.progressive_suffixes
        self.options = self.classes.get("option", set())
        # words that point back to a party named before: "the official", "pihak tersebut"
        self.anaphoric = {word: value for word, value in self._values("anaphoric")}
        self.clause_openers = frozenset(self.classes.get("clause", set())
                                        | self.classes.get("clause_if_subject", set())
                                        | BREAK_PUNCT | STRONG_PUNCT)
        # lower-cased word form -> its flags, shared by all documents of the language, so
        # each view reads its words' flags with one dict lookup per word
        self.flags = FormTable(self.flags_of, FLAG_CACHE_LIMIT)
        self.forms = WordForms(self)
        # lower-cased word form -> the one-word piece it opens (see one_word_piece)
        self.one_word_pieces = FormTable(self.one_word_piece, FLAG_CACHE_LIMIT)

    def flags_of(self, low: str) -> int:
        """The flags of a lower-cased word form (computed once, then looked up)."""
        flags = 0
        if low in self.party_words.longest or (self.clitics and low.endswith(self.clitics)
                                                and self.bare(low) in self.classes["descriptor"]):
            flags |= PARTY_FIRST  # may open a party's phrase ("partainya": a clitic)
        if low in self.cues.longest:
            flags |= CUE_FIRST
        if low in self.clause_openers:
            flags |= CLAUSE_OPENER
        return flags

    def one_word_piece(self, low: str) -> tuple[str, str] | str | None:
        """What a word opens on its own (see _pieces): (class, gloss) of a descriptor or
        pronoun, None for nothing, or PHRASE_FIRST when it may open a phrase of several
        words (worked out where it stands). Computed once per form, then looked up."""
        lengths = self.party_words.lengths.get(low)
        if lengths is not None and lengths[0] > 1:
            return PHRASE_FIRST
        hit = self.party_at([low], 0)
        return None if hit is None else (hit[1], self.gloss((low,), hit[1]))

    def party_at(self, lows: list[str], i: int) -> tuple[int, str] | None:
        """(words, class) of the descriptor or pronoun phrase opening at word ``i``."""
        low = lows[i]
        hit = self.party_words.match(lows, i) if low in self.party_words.lengths else None
        if hit is None and self.clitics and low.endswith(self.clitics) \
                and self.bare(low) in self.classes["descriptor"]:
            hit = (1, "descriptor")  # "partainya": the party's own party
        return hit

    def gloss(self, words: tuple[str, ...], cls: str) -> str:
        """The gloss of a party phrase of class ``cls`` (lower-cased ``words``)."""
        key = words if len(words) > 1 else (self.bare(words[0]),)
        return self.words.value(key, cls) or self.words.value(words, cls) or words[0]

    def _values(self, cls: str) -> list[tuple[str, str]]:
        return [(k[0], v[cls]) for k, v in self.words.entries.items() if cls in v and len(k) == 1]

    def _longest_first(self, cls: str) -> tuple[str, ...]:
        return tuple(sorted(self.classes.get(cls, ()), key=len, reverse=True))

    def has(self, cls: str, word: str) -> bool:
        return word in self.classes.get(cls, ())

    def words_of(self, cls: str) -> set[str]:
        """The words of a class, for loops that test many words against it."""
        return self.classes[cls]

    def option(self, name: str) -> bool:
        """A switch of the language's grammar (argument_words.tsv, class "option")."""
        return name in self.options

    def bare(self, word: str) -> str:
        """The word without an enclitic possessive ("partainya" -> "partai")."""
        for c in self.clitics:
            if word.endswith(c) and len(word) > len(c) + 2:
                return word[:-len(c)]
        return word

    def marker_role(self, word: str, role: str, event_type: str) -> bool:
        markers = self.markers.get(word)
        if not markers:
            return False
        key = (word, role, event_type)  # few markers, roles and types: the memo stays small
        known = self._marker_roles.get(key)
        if known is None:
            known = self._marker_roles[key] = any(
                m.role == role and (m.types is None or event_type in m.types) for m in markers)
        return known


class WordClasses(dict[str, set[str]]):
    """Word class -> its words. A class the language lacks reads as empty, so hot loops test
    ``word in lang.classes[cls]`` without a call per word."""

    def __missing__(self, cls: str) -> frozenset[str]:
        empty: frozenset[str] = frozenset()
        self[cls] = empty  # type: ignore[assignment]
        return empty



@cache
def language(lang: str) -> Language:
    return Language(lang)


# ----------------------------------------------------------------------------- sentence view

@dataclass(slots=True)
class Party:
    """A phrase naming a participant: words [first, last) and the span it covers."""

    first: int
    last: int
    start: int
    end: int
    name: str
    kind: str  # entity | descriptor | pronoun
    etype: str | None = None
    country: str | None = None  # the country a capital stands for
    place: bool = False  # names a place (GPE/LOC), may be a location
    blocked: bool = False  # the party of an attribution ("kata X"): never an argument
    # a coordination's members (name, start, end), first-named first ("India and Pakistan")
    members: tuple[tuple[str, int, int], ...] = ()
    marker_at: int | None = None  # word index of the preposition before it (-1: none)


@dataclass
class Cue:
    """An attribution cue found in a sentence (see sources.py)."""

    first: int
    last: int
    kind: str
    rank: int


@dataclass(slots=True)
class SentenceView:
    """One sentence: its words as parallel lists (offsets, text, lower case), their segment
    and clause ids, its parties and its attribution cues."""

    start: int
    end: int
    starts: list[int]
    ends: list[int]
    texts: list[str]
    lows: list[str]
    segment: list[int]  # segment id of each word: commas and clause words separate segments
    clause: list[int]  # clause id of each word: only strong breaks separate clauses
    parties: list[Party] = field(default_factory=list)
    cues: list[Cue] = field(default_factory=list)
    coordinators: set[str] = field(default_factory=set, repr=False)  # "dan", "and"
    clause_starts: set[int] = field(default_factory=set, repr=False)  # words opening a clause
    timed: set[int] = field(default_factory=set, repr=False)  # words of a time expression
    counted: set[int] = field(default_factory=set, repr=False)  # words of a quantity
    flags: list[int] = field(default_factory=list, repr=False)  # each word's Language flags
    flagged: list[int] = field(default_factory=list, repr=False)  # words with any flag
    times: list[TimeMention] = field(default_factory=list, repr=False)  # in the sentence
    quantities: list[QuantityMention] = field(default_factory=list, repr=False)
    party_starts: set[int] = field(default_factory=set, repr=False)  # each party's first word
    # word ranges already looked up: every stage asks again for each trigger's
    ranges: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict, repr=False)

    def index_at(self, offset: int) -> int:
        """Index of the word containing (or first after) char ``offset``."""
        i = bisect.bisect_right(self.ends, offset)
        return min(i, len(self.lows) - 1)

    def candidates(self, flag: int) -> list[int]:
        """Indices of the words with ``flag`` (see Language.flags_of), in order."""
        flags = self.flags
        return [i for i in self.flagged if flags[i] & flag]

    def word_range(self, start: int, end: int) -> tuple[int, int]:
        """Words [first, last) covering chars [start, end) (at least one word)."""
        found = self.ranges.get((start, end))
        if found is None:
            first = min(bisect.bisect_right(self.ends, start), len(self.lows) - 1)  # index_at
            last = bisect.bisect_left(self.starts, end, first)
            found = self.ranges[start, end] = (first, max(last, first + 1))
        return found


class DocIndex:
    """Per-document lookups shared by the stages: sentences and sorted layers, by offset.

    It lives in ``doc.scratch``, so it keeps no strong reference to the doc: a cycle would
    leave every document to the garbage collector."""

    def __init__(self, doc: Doc, lang: Language):
        self.owner = weakref.ref(doc)
        self.text = doc.text
        self.events = doc.events
        self.lang = lang
        # The SegmentStage ran first: its sentences are the one segmentation.
        self.sentences = doc.sentences
        self.tokens = doc.tokens
        self.bounds = [(sent.start, sent.end) for sent in doc.sentences]
        self.starts = [sent.start for sent in doc.sentences]
        by_start = attrgetter("start")  # a key with no Python frame per item
        self.mentions = sorted(doc.mentions, key=by_start)
        self.mention_starts = [m.start for m in self.mentions]
        self.times = sorted(doc.times, key=by_start)
        self.time_starts = [t.start for t in self.times]
        self.quantities = sorted(doc.quantities, key=by_start)
        self.quantity_starts = [q.start for q in self.quantities]
        self.views: dict[int, SentenceView] = {}
        self.by_sentence: dict[int, list[Event]] | None = None  # see events_by_sentence

    def sentence_of(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.starts, offset) - 1)

    def between(self, layer: list, starts: list[int], lo: int, hi: int) -> list:
        return layer[bisect.bisect_left(starts, lo):bisect.bisect_left(starts, hi)]

    def view(self, k: int) -> SentenceView:
        if k not in self.views:
            sent = self.sentences[k]
            self.views[k] = build_view(self, sent.start, sent.end,
                                       self.tokens[sent.first_token:sent.last_token])
        return self.views[k]

    def last_mention_before(self, offset: int, types: Iterable[str]) -> Mention | None:
        wanted = set(types)
        for j in range(bisect.bisect_left(self.mention_starts, offset) - 1, -1, -1):
            if self.mentions[j].type in wanted:
                return self.mentions[j]
        return None


def doc_index(doc: Doc, lang: Language) -> DocIndex:
    """The document's index, built by the first stage that needs it and reused by the next
    ones (the layers it sorts do not change once the argument stage runs)."""
    index = doc.scratch.get(SCRATCH_KEY)
    if not isinstance(index, DocIndex) or index.lang is not lang or index.owner() is not doc \
            or index.events is not doc.events:
        index = doc.scratch[SCRATCH_KEY] = DocIndex(doc, lang)
    return index


class WordForms(dict[str, tuple[str, int]]):
    """A word's text -> (its lower case, its flags): a view looks its words up instead of
    lower-casing them, testing them again and hashing the lower case once more. The lower
    case is one string per form, so its hash is computed once, not once per view that looks
    it up in a word class. Filled on first sight; shared by all documents of a language."""

    def __init__(self, lang: Language):
        super().__init__()
        self.lang = lang
        self.lows: dict[str, str] = {}  # one string per lower-cased form

    def __missing__(self, text: str) -> tuple[str, int]:
        if len(self) >= FLAG_CACHE_LIMIT:
            self.clear()  # a bound on memory: rare word forms keep coming
            self.lows.clear()
        low = text.lower()
        low = self.lows.setdefault(low, low)
        flags = self.lang.flags[low]
        # punctuation is mostly one character; a longer non-word token WORD_RE may split
        if not text.isalnum() and len(text) != 1 and WORD_RE.fullmatch(text) is None:
            flags |= SPLIT
        form = self[text] = (low, flags)
        return form


_LOW, _FLAGS = itemgetter(0), itemgetter(1)
_FIRST = attrgetter("first")


def token_words(tokens: list[Token], start: int, end: int, forms: WordForms,
                text: str | None = None) -> tuple[
        list[int], list[int], list[str], list[str], list[int]] | None:
    """The words of the text [start, end) as (starts, ends, texts, lower cases, flags), read
    off the segmenter's tokens of that span.

    Neither splitter crosses whitespace, and the segmenter's tokens cover every other
    character, so the two agree when WORD_RE reads each token as one word ("anak-anak",
    "3.000", "’s", ",") and never runs on into the next token touching it: it does where a
    word character follows a word character or a WORD_GLUE one ("Rp" + "17", "do" + "n't").
    Most sentences qualify; "U.S.", "5,25" or "Dr." do not. Given the document's ``text``,
    the spots where WORD_RE may read the tokens otherwise are mended (see _reread); without
    it the answer there is None. None too when the tokens do not cover [start, end)."""
    if not tokens or tokens[0].start != start or tokens[-1].end != end:
        return None
    texts = [t.text for t in tokens]
    found = list(map(forms.__getitem__, texts))
    flags = list(map(_FLAGS, found))
    starts = [t.start for t in tokens]
    ends = [t.end for t in tokens]
    bad = []  # tokens WORD_RE may read otherwise
    if max(flags) >= SPLIT:  # (SPLIT is the highest flag) a token WORD_RE may split
        if text is None:
            return None
        bad = [i for i, f in enumerate(flags) if f >= SPLIT]
    for i in compress(range(len(texts) - 1), map(eq, ends, starts[1:])):
        # tokens i and i + 1 touch
        head, tail = texts[i][-1], texts[i + 1][0]
        if (tail.isalnum() or tail == "_") and (head.isalnum() or head in WORD_GLUE
                                                or head == "_"):
            if text is None:
                return None
            bad.append(i)
    if bad and text is not None:  # (bad spots without the text returned None above)
        return _reread(text, forms, starts, ends, texts, found, bad)
    return starts, ends, texts, list(map(_LOW, found)), flags


def _reread(text: str, forms: WordForms, starts: list[int], ends: list[int],
            texts: list[str], found: list[tuple[str, int]], bad: list[int]) -> tuple[
        list[int], list[int], list[str], list[str], list[int]]:
    """The words of tokens some of which (``bad``) WORD_RE may read otherwise: each run of
    touching tokens around a bad one is read with WORD_RE, the rest are taken as they are.
    WORD_RE's words never cross whitespace and what it matches at a run's ends looks no
    further than the whitespace (or the sentence's end) there, so reading a run alone
    gives the words reading the whole sentence gives in it."""
    n = len(texts)
    runs: list[tuple[int, int]] = []  # tokens [lo, hi], in order, apart
    for i in sorted(bad):
        if runs and i <= runs[-1][1]:
            continue  # (in the run before)
        lo = i
        while lo > 0 and starts[lo] == ends[lo - 1]:
            lo -= 1
        hi = i
        while hi + 1 < n and starts[hi + 1] == ends[hi]:
            hi += 1
        runs.append((lo, hi))
    out_starts: list[int] = []
    out_ends: list[int] = []
    out_texts: list[str] = []
    out_found: list[tuple[str, int]] = []
    taken = 0
    for lo, hi in runs:
        out_starts += starts[taken:lo]
        out_ends += ends[taken:lo]
        out_texts += texts[taken:lo]
        out_found += found[taken:lo]
        for m in WORD_RE.finditer(text, starts[lo], ends[hi]):
            out_starts.append(m.start())
            out_ends.append(m.end())
            word = m.group()
            out_texts.append(word)
            out_found.append(forms[word])
        taken = hi + 1
    out_starts += starts[taken:]
    out_ends += ends[taken:]
    out_texts += texts[taken:]
    out_found += found[taken:]
    return out_starts, out_ends, out_texts, list(map(_LOW, out_found)), \
        list(map(_FLAGS, out_found))


def build_view(index: DocIndex, start: int, end: int,
               tokens: list[Token] | None = None) -> SentenceView:
    """The view of the sentence [start, end); ``tokens`` are the segmenter's tokens of that
    span, whose words it takes when WORD_RE would split the text alike."""
    lang = index.lang
    words = token_words(tokens, start, end, lang.forms, index.text) \
        if tokens is not None else None
    if words is not None:
        starts, ends, texts, lows, flags = words
    else:
        matches = list(WORD_RE.finditer(index.text, start, end))
        # map() over the unbound methods: no Python frame per word
        texts = list(map(re.Match.group, matches))
        starts, ends = list(map(re.Match.start, matches)), list(map(re.Match.end, matches))
        found = list(map(lang.forms.__getitem__, texts))
        lows, flags = list(map(_LOW, found)), list(map(_FLAGS, found))
    if not texts:
        return SentenceView(start, end, starts, ends, texts, lows, [], [],
                            coordinators=lang.classes["coordinator"])
    view = SentenceView(start, end, starts, ends, texts, lows, [], [],
                        coordinators=lang.classes["coordinator"], flags=flags,
                        flagged=list(compress(range(len(texts)), flags)),
                        times=index.between(index.times, index.time_starts, start, end),
                        quantities=index.between(index.quantities, index.quantity_starts,
                                                 start, end))
    for t in view.times:
        first, last = view.word_range(t.start, t.end)
        view.timed.update(range(first, last))
    for q in view.quantities:
        first, last = view.word_range(q.start, q.end)
        view.counted.update(range(first, last))
    view.parties = find_parties(view, index)
    view.party_starts = {p.first for p in view.parties}  # (the parties are final)
    _split_clauses(view, lang)
    view.cues = find_cues(view, lang)
    _block_attributed(view, lang, view.parties)
    return view


def _split_clauses(view: SentenceView, lang: Language) -> None:
    """Segment and clause ids. A word of class "clause" opens a clause; one of class
    "clause_if_subject" ("after", "setelah") only when a party follows it ("after Israel
    attacked", not "after the attack")."""
    always = lang.classes["clause"]
    if_subject = lang.classes["clause_if_subject"]
    n = len(view.lows)
    candidates = view.candidates(CLAUSE_OPENER)
    if not candidates:
        view.segment, view.clause = [0] * n, [0] * n  # one segment, one clause
        return
    party_starts = view.party_starts
    # +1 where a segment (clause) opens; the ids are the running sums. Punctuation is its own
    # lower case, so the lower-cased words are tested throughout.
    seg_opens, clause_opens = [0] * n, [0] * n
    for i in candidates:
        low = view.lows[i]
        opens = low in always or (low in if_subject and i + 1 in party_starts)
        if opens:
            view.clause_starts.add(i)
        if opens or low in BREAK_PUNCT:
            seg_opens[i] = 1
        if low in STRONG_PUNCT or opens and low not in COMPLEMENTISERS:
            clause_opens[i] = 1
    view.segment = list(accumulate(seg_opens))
    view.clause = list(accumulate(clause_opens))


# ----------------------------------------------------------------------------- cues

def find_cues(view: SentenceView, lang: Language) -> list[Cue]:
    """Attribution cues of the sentence, each read in the one way its context allows."""
    lows = view.lows
    candidates = view.candidates(CUE_FIRST)
    if not candidates:
        return []
    starts = view.party_starts
    cues: list[Cue] = []
    names = {j for p in view.parties if p.kind == "entity" for j in range(p.first, p.last)}
    resume = 0  # words before it belong to the last cue found
    for i in candidates:
        # a cue word inside a name is part of the name ("Ahmad Said")
        hit = lang.cues.match(lows, i) if i >= resume and i not in names else None
        if not hit:
            continue
        n = hit[0]
        party_next = i + n in starts \
            or (i + n + 1 in starts and lows[i + n] in lang.classes["determiner"])
        party_soon = not starts.isdisjoint(range(i + n, i + n + AFTER_CUE_REACH + 1))
        # '…," kata X' / '…” said X': a quote closes right before the cue; '…, tambah JCS': a
        # clause does, and a name follows (", said they were …" is the subject's own verb)
        after_quote = not QUOTES.isdisjoint(lows[max(0, i - 2):i]) \
            or (i > 0 and lows[i - 1] == "," and i + n in starts
                and any(p.first == i + n and p.kind != "pronoun" for p in view.parties))
        for att in lang.attribution[tuple(lows[i:i + n])]:
            if (att.kind == "after_quote" and after_quote and party_next) \
                    or (att.kind == "after" and party_soon) \
                    or att.kind in ("before", "pronominal", "stop"):
                cues.append(Cue(i, i + n, att.kind, att.rank))
                break
        resume = i + n
    return cues


# ----------------------------------------------------------------------------- parties

def _pieces(view: SentenceView, index: DocIndex) -> list[Party]:
    """Atomic parties: entity mentions, descriptive nouns and pronouns, in word order."""
    lang = index.lang
    pieces: list[Party] = []
    # The mentions come in order of start, so their first words never decrease: one overlaps
    # an earlier piece exactly when it starts before the furthest end so far.
    taken_until = 0
    for m in index.between(index.mentions, index.mention_starts, view.start, view.end):
        first, last = view.word_range(m.start, m.end)
        if first < taken_until:
            continue
        taken_until = last
        pieces.append(Party(first, last, m.start, m.end, m.name, "entity", m.type, m.country,
                            m.type in ("GPE", "LOC")))
    # only words that may open a party's phrase are looked at (most words are not)
    candidates = view.candidates(PARTY_FIRST)
    if not candidates:
        return pieces
    lows = view.lows
    taken = [False] * len(lows)
    for p in pieces:
        taken[p.first:p.last] = [True] * (p.last - p.first)
    entities = len(pieces)
    party_first = lang.party_words.longest
    determiners = lang.classes["determiner"]
    one_word = lang.one_word_pieces
    resume = 0  # words before it belong to the last piece found
    for i in candidates:
        if i < resume or taken[i]:
            continue
        low = lows[i]
        piece = one_word[low]  # most words open no phrase longer than themselves
        if piece is None:
            continue
        if piece is not PHRASE_FIRST:
            n = 1
            cls, gloss = piece
        else:
            hit = lang.party_at(lows, i)
            if hit is None or any(taken[i:i + hit[0]]):
                continue
            n, cls = hit
            gloss = lang.gloss(tuple(lows[i:i + n]), cls)
        if cls == "pronoun" and low in determiners and i + 1 < len(lows) \
                and (taken[i + 1] or lows[i + 1] in party_first):
            continue  # "her Finnish counterpart X": a possessive opening a party's phrase
        kind = "descriptor" if cls == "descriptor" else "pronoun"
        pieces.append(Party(i, i + n, view.starts[i], view.ends[i + n - 1], gloss, kind,
                            gloss if kind == "pronoun" else None))
        resume = i + n
    if entities and len(pieces) > entities:  # two runs in order: merge them
        pieces.sort(key=_FIRST)
    return pieces


def _joinable_gap(view: SentenceView, lang: Language, a: int, b: int) -> bool:
    """Words [a, b) may sit inside one party's phrase: modifiers, titles, parentheses."""
    if b - a > 3:
        return False
    modifiers, linkers = lang.classes["modifier"], lang.classes["linker"]
    for text, low in zip(view.texts[a:b], view.lows[a:b], strict=True):
        if low in modifiers or low in linkers or text in "()":
            continue
        if text[:1].isupper() and (low,) not in lang.cues.entries:  # no one-word cue
            continue  # a title or rank ("Kombes", "Iptu") between a title and a name
        return False
    return True


def _head(parts: list[Party]) -> Party:
    """The party a chain of pieces names: a person if any, else an entity, else the first."""
    for kind in ("PER", "ORG", "GPE", "NORP", "LOC"):
        for p in parts:
            if p.etype == kind and p.kind == "entity":
                return p
    return parts[0]


def _merge(parts: list[Party], name_from: Party, view: SentenceView) -> Party:
    first, last = parts[0].first, parts[-1].last
    if len(parts) == 1:  # a piece standing alone: only its span snaps to its words
        name_from.start, name_from.end = view.starts[first], view.ends[last - 1]
        return name_from
    return Party(first, last, view.starts[first], view.ends[last - 1],
                 name_from.name, name_from.kind, name_from.etype, name_from.country,
                 place=name_from.place)


def find_parties(view: SentenceView, index: DocIndex) -> list[Party]:
    lang = index.lang
    pieces = _pieces(view, index)
    # 1. chains: "Presiden AS Donald Trump", "militer Korea Selatan", "polisi setempat"
    chains: list[list[Party]] = []
    for p in pieces:
        # (a gap of more than three words is never joinable: no call for it)
        if (chains and p.kind != "pronoun" and chains[-1][-1].kind != "pronoun"
                and p.first - chains[-1][-1].last <= 3
                and _joinable_gap(view, lang, chains[-1][-1].last, p.first)
                and not (chains[-1][-1].place and p.place and p.first > chains[-1][-1].last)):
            chains[-1].append(p)
        else:
            chains.append([p])
    parties = []
    for c in chains:
        if len(c) == 1:  # a piece standing alone is its own head (_merge, inlined)
            p = c[0]
            p.start, p.end = view.starts[p.first], view.ends[p.last - 1]
            parties.append(p)
        else:
            parties.append(_merge(c, _head(c), view))
    # modifiers right after a party ("polisi setempat") and determiners before ("para korban")
    modifiers, determiners = lang.classes["modifier"], lang.classes["determiner"]
    lows, n = view.lows, len(view.lows)
    for p in parties:
        while p.last < n and lows[p.last] in modifiers:
            p.last += 1
            p.end = view.ends[p.last - 1]
        while p.first > 0 and (lows[p.first - 1] in determiners
                               or lows[p.first - 1] in modifiers):
            p.first -= 1
            p.start = view.starts[p.first]
    # 2. coordination: "AS dan Israel", "Bogor, Depok, dan Bekasi"; places
    #    in apposition: "Blok M, Jakarta Selatan". The first-named party names the whole.
    merged: list[Party] = []
    for p in parties:
        q = merged[-1] if merged else None
        if q is None or p.first - q.last > 2:  # (a wider gap joins nothing: no call for it)
            merged.append(p)
        elif _appositive(view, q, p):
            merged[-1] = Party(q.first, p.last, q.start, p.end, p.name, p.kind, p.etype,
                               p.country, p.place)
        elif _coordinated(view, lang, q, p):
            merged[-1] = Party(q.first, p.last, q.start, p.end, q.name, q.kind, q.etype,
                               q.country, q.place,
                               members=_members(q) + _members(p))
        else:
            merged.append(p)
    return merged


def _members(p: Party) -> tuple[tuple[str, int, int], ...]:
    return p.members or ((p.country or p.name, p.start, p.end),)


def _appositive(view: SentenceView, a: Party, b: Party) -> bool:
    """ "oleh partainya, Partai Hijau": a description, then the entity it describes."""
    if a.kind != "descriptor" or b.kind != "entity" or b.place:
        return False
    if view.texts[a.last:b.first] != [","]:
        return False
    return b.last >= len(view.lows) or view.texts[b.last] in ",.;:)"


def _coordinated(view: SentenceView, lang: Language, a: Party, b: Party) -> bool:
    if a.kind == "pronoun" or b.kind == "pronoun" or b.first - a.last > 2:
        return False  # (a gap of more than two words joins nothing)
    gap = view.lows[a.last:b.first]
    coordinators = lang.classes["coordinator"]
    if len(gap) == 1 and gap[0] in coordinators:
        return True
    if gap == [","]:
        # a list goes on ("X, Y, dan Z") or two places stand in apposition
        nxt = view.lows[b.last] if b.last < len(view.lows) else ""
        return (a.place and b.place) or nxt == "," or nxt in coordinators
    return len(gap) == 2 and gap[0] == "," and gap[1] in coordinators


def _block_attributed(view: SentenceView, lang: Language, parties: list[Party]) -> None:
    """The party named by a "kata X"/"menurut X" cue reports events; it takes no role. Nor
    does whom a statement was made to ("told the AFP news agency"), nor a platform something
    was said or posted on ("wrote on X", "melalui Truth Social")."""
    media = lang.classes["medium"]
    for p in parties:
        before = view.lows[p.first - 1] if p.first > 0 else ""
        if (before in lang.markers or before in lang.classes["medium_marker"]) \
                and p.name.lower() in media:
            p.blocked = True
    for cue in view.cues:
        if cue.kind == "before" and view.lows[cue.last - 1] in lang.classes["addressee_verb"]:
            for p in parties:
                if cue.last <= p.first <= cue.last + 2:
                    p.blocked = True
                    break
        if cue.kind not in ("after", "after_quote"):
            continue
        for p in parties:
            if cue.last <= p.first <= cue.last + 1:
                p.blocked = True
                break


def events_by_sentence(index: DocIndex) -> dict[int, list[Event]]:
    """The document's events by sentence, in text order; worked out once per index for the
    three stages that walk them (the events do not change after the event stage). Read
    only: the lists are shared."""
    if index.by_sentence is not None:
        return index.by_sentence
    out: dict[int, list[Event]] = {}
    starts = index.starts
    events = index.events
    # sorted by where the trigger starts (a stable sort: ties keep their order), with no
    # Python frame per event for the key
    at = [e.trigger[0] for e in events]
    for j in sorted(range(len(events)), key=at.__getitem__):
        k = max(0, bisect.bisect_right(starts, at[j]) - 1)  # index.sentence_of
        out.setdefault(k, []).append(events[j])
    index.by_sentence = out
    return out


def pronoun_name(index: DocIndex, p: Party, view: SentenceView | None = None,
                 other_than: str | None = None) -> str | None:
    """The canonical name of a pronoun's referent. A plural pronoun ("mereka", "they") takes
    the subject before it in its own sentence ("police in X said they killed …"), else the
    last group named before; it never stands for one person. A singular one takes the last
    person named before it other than ``other_than``, the subject of its own clause ("Putin
    had no intention to meet with him": him is not Putin). None when no referent is found,
    "" when the pronoun has no clear one (a plural after a lone person)."""
    if p.etype == "person":
        for j in range(bisect.bisect_left(index.mention_starts, p.start) - 1, -1, -1):
            m = index.mentions[j]
            if m.type == "PER" and m.name != other_than:
                return m.name
        return None
    if view is not None:
        compared = index.lang.classes["comparison"]
        for q in reversed(view.parties):
            if q.last > p.first or q.kind == "pronoun" or q.blocked:
                continue
            if q.first > 0 and view.lows[q.first - 1] in compared:
                continue  # "Oman akan berperilaku seperti negara lain, atau … mereka": not "negara"
            marker = marker_before(view, index.lang, q)
            if marker and any(mk.role in ("location", "recipient")
                              for mk in index.lang.markers.get(marker, ())):
                continue
            if q.etype == "PER" and not q.members:
                return ""  # "Putin berharap pertemuan mereka …": he and someone unnamed
            return q.country if q.country and q.etype == "GPE" else q.name
    prior = index.last_mention_before(p.start, ("ORG", "GPE", "NORP"))
    return prior.name if prior else None


def marker_before(view: SentenceView, lang: Language, p: Party, stop: int = -1) -> str:
    """The role-marking word before a party ("di kawasan X", "in the town of X"), or "" if
    none or if it stands at or before word ``stop`` (a trigger's own preposition marks
    nothing)."""
    if p.marker_at is None:
        p.marker_at = marker_index(view, lang, p)
    return view.lows[p.marker_at] if p.marker_at > stop else ""


def marker_index(view: SentenceView, lang: Language, p: Party) -> int:
    """Where the marker before a party stands, looking past determiners, modifiers and place
    nouns ("against the remaining armed groups"); -1 if there is none."""
    determiners, modifiers = lang.classes["determiner"], lang.classes["modifier"]
    places, linkers = lang.classes["place_noun"], lang.classes["linker"]
    j = p.first - 1
    for _ in range(4):
        if j < 0:
            return -1
        w = view.lows[j]
        if w in linkers and j > 0 and view.lows[j - 1] in places:
            j -= 1
            continue  # "the city of Kharkiv": the place noun's "of" marks nothing
        if w in lang.markers:
            return j
        if not (w in determiners or w in modifiers or w in places or w in linkers):
            return -1
        j -= 1
    return -1

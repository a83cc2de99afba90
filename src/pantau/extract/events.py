"""The event stage: find event triggers and type them into PLOVER categories with modes.

Each sentence is read word by word: the longest lexicon phrase starting at a
word wins, else the word itself (one dictionary lookup), and the first rule of
that surface whose context conditions hold gives type and mode (see
``trigger_lexicon``). General rules, driven by the language's cue words
(``event_cues.json``), then run over the candidates:

1. not a mention: a word inside a capitalised name ("Tim SAR Gabungan"), a
   negated toll ("tidak ada korban jiwa"), an event noun used as a reference
   ("penyebab kebakaran", "prone to landslides"), an acronym glossing the
   trigger before it ("operasi tangkap tangan (OTT)"), an offence named by a legal
   citation ("Pasal 351 KUHP tentang penganiayaan");
2. tolls ("tewas", "killed") belong to a harm event: merged into a linked one
   ("tewas akibat serangan", "storm kills"), dropped after one told earlier in
   their sentence, otherwise typed after the nearest harm event of the
   document (a death with no attack, accident or disaster around is no event);
3. one event, one record: adjacent or linked triggers of one type merge
   ("mengirim bantuan pasukan", "targeted by strikes", "ditangkap dan ditahan");
4. a threatened or promised act is not a second record ("mengancam akan
   meledakkan", "menawarkan pengiriman pasukan"); an attack under a modal and a
   condition is itself the threat ("would strike … if", "atau kita akan menyerang");
5. re-mentions are not records: the noun of a verb trigger in the same
   sentence ("mengerahkan … pengerahan pasukannya"), a bare demonstrative
   re-mention with no details of its own ("dukungan tersebut"), an event told
   before that is the bare object of another ("condemned the attack"), and a
   relative clause pointing back ("para tersangka yang ditahan tersebut"), and the
   parts of one tally ("tujuh kasus, dua kasus terkonfirmasi dan lima kasus suspek").

Arguments, time, status and source are left to the later stages.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, fields
from operator import attrgetter

from pantau.doc import Doc, Token
from pantau.extract.trigger_lexicon import (
    HARM,
    NOT_EVENT,
    MatchContext,
    TriggerLexicon,
    TriggerRule,
    Unit,
    Word,
    load_lexicon,
    word_base,
)
from pantau.record import Event

HARM_TYPES = frozenset({"ASSAULT", "ACCIDENT", "DISASTER"})
CTX_REACH = 2  # sentences either side that make a trigger's context (condition scope "ctx")
ANAPHORA_REACH = 2  # sentences back a demonstrative re-mention looks for its antecedent
DETAIL_REACH = 6  # words around a re-mention searched for details of its own
LINK_GAP = 3  # most words between two linked triggers
TOLL_LINK_GAP = 6  # … between a toll and the harm event after it ("killed when … targeted")
NEGATION_REACH = 4  # words before a toll searched for a negation
CONTENT_REACH = 8  # words after a threat or promise that hold the act it names
CITATION_REACH = 8  # words before an event noun searched for a legal citation
WARNING_REACH = 3  # most words from a modal to the attack verb it governs ("akan kita serang")
ALTERNATIVE_REACH = 3  # words before a modal searched for "or": "or (else) we will strike"
# Types whose verbs name an act that is not a record of its own (SCHEMA.md: the
# threatened act; a promise to sign is AGREE, not SUPPORT), with the acts they
# absorb (None: any). A meeting asked for or refused is PLOVER's REQUEST/REJECT
# mode "meet", not a meeting.
CONTENT_HEADS: dict[str, frozenset[str] | None] = {
    "THREATEN": None, "AGREE": None,
    "REQUEST": frozenset({"CONSULT"}), "REJECT": frozenset({"CONSULT"}),
}
MEET_MODE = "meet"

_FALLBACK_SENTENCE = re.compile(r"[^\n.!?]+(?:[.!?]+|$)")
_FALLBACK_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
# Words glued by a lost space in the source: "terendamKampung".
_GLUED = re.compile(r"(?<=[a-z]{3})(?=[A-Z][a-z])")


@dataclass(slots=True)
class Candidate:
    sentence: int
    first: int  # unit indices [first, last) in the sentence
    last: int
    start: int  # character offsets
    end: int
    type: str
    mode: str | None
    rule: TriggerRule


# ``_Word.__init__`` sets the slots of ``Word`` itself: right only while these are its fields.
if tuple(f.name for f in fields(Word)) != ("lower", "capitalized", "numeric", "base"):
    raise RuntimeError("trigger_lexicon.Word changed: update _Word.__init__")


class _Word(Word):
    """A ``Word`` that knows the lexicon entries it may begin (looked up once per form, the
    lexicon being fixed): the phrases starting with it and its own rules; ``opens`` when
    it has either, one flag read per word in the matcher's scan."""

    __slots__ = ("opens", "phrases", "rules")

    def __init__(self, lower: str, capitalized: bool, numeric: bool, base: str,
                 phrases: list[tuple[tuple[str, ...], list[TriggerRule]]] | None,
                 rules: list[TriggerRule] | None):
        # the slots of ``Word`` set here: a new form costs no call of its ``__init__``
        self.lower, self.capitalized, self.numeric, self.base = lower, capitalized, numeric, base
        self.phrases, self.rules = phrases, rules
        self.opens = phrases is not None or rules is not None


# What a token gives the matcher: its words (none for punctuation, several for glued
# words) and their (offset, length) in the token.
_Form = tuple[tuple[_Word, ...], tuple[tuple[int, int], ...]]
_START = attrgetter("start")


class _Words:
    """Turns tokens into ``Word``s; remembers each token form's words (and their spans in
    the token) across documents."""

    MAX_CACHE = 1 << 17

    def __init__(self, clitics: tuple[str, ...], lexicon: TriggerLexicon | None = None):
        self.clitics = clitics
        self.lexicon = lexicon or TriggerLexicon(lang="")  # gives each word its entries
        # by token form; two dictionaries, so that the hot loop reads the words directly
        self.words_of: dict[str, tuple[_Word, ...]] = {}
        self.spans_of: dict[str, tuple[tuple[int, int], ...]] = {}

    def learn(self, token: str) -> None:
        self.words_of[token], self.spans_of[token] = self._read(token)

    def _read(self, token: str) -> _Form:
        if not (token[0].isalnum() or token[-1].isalnum()):
            return (), ()  # punctuation
        if not token[1:].islower() and _GLUED.search(token):
            cuts = [0] + [m.start() for m in _GLUED.finditer(token)] + [len(token)]
            words: list[_Word] = []
            spans: list[tuple[int, int]] = []
            for s, e in zip(cuts, cuts[1:], strict=False):
                part_words, part_spans = self._read(token[s:e])
                words += part_words
                spans += [(s + offset, length) for offset, length in part_spans]
            return tuple(words), tuple(spans)
        lower = token.lower()
        if "’" in lower:
            lower = lower.replace("’", "'")
        base = word_base(lower, self.clitics)
        lexicon = self.lexicon
        phrases = lexicon.phrases
        word = _Word(lower, token[0].isupper(), token[0].isdigit(), base,
                     phrases.get(lower) or phrases.get(base), lexicon.rules_for_word(lower, base))
        return (word,), ((0, len(token)),)

    def sentences(self, doc: Doc) -> _Sentences:
        """The words of each sentence, from the segmenter's layers when present."""
        if doc.sentences and doc.tokens:
            tokens = doc.tokens
            ranges = [(s.first_token, s.last_token) for s in doc.sentences]
        else:  # the stage used on its own
            text = doc.text
            tokens, ranges = [], []
            for s in _FALLBACK_SENTENCE.finditer(text):
                first = len(tokens)
                tokens += [Token(m.start(), m.end(), m.group())
                           for m in _FALLBACK_WORD.finditer(text, s.start(), s.end())]
                ranges.append((first, len(tokens)))
        if len(self.words_of) > self.MAX_CACHE:
            # between documents: ``_Sentences.span`` reads the cache
            self.words_of.clear()
            self.spans_of.clear()
        try:
            words = self._words(tokens, ranges)
        except KeyError:  # a token form not seen before: learn the document's new ones
            words_of = self.words_of
            for t in tokens:
                if t.text not in words_of:
                    self.learn(t.text)
            words = self._words(tokens, ranges)
        return _Sentences(words, tokens, ranges, self)

    def _words(self, tokens: Sequence[Token], ranges: list[tuple[int, int]]) -> list[list[_Word]]:
        """The words of each sentence; raises KeyError for a token form not learnt yet."""
        words_of = self.words_of
        words: list[list[_Word]] = []
        for first, last in ranges:
            sentence: list[_Word] = []
            for t in tokens[first:last]:  # the hottest loop of the stage: kept minimal
                sentence += words_of[t.text]
            words.append(sentence)
        return words


class _Sentences:
    """A document's sentences as lists of ``Word``s; their character spans and word sets
    are worked out only for the sentences that need them."""

    def __init__(self, words: list[list[_Word]], tokens: Sequence[Token],
                 ranges: list[tuple[int, int]], reader: _Words):
        self.words = words
        self._tokens, self._ranges, self._reader = tokens, ranges, reader
        self._bases: list[frozenset[str] | None] = [None] * len(words)
        self._doc: frozenset[str] | None = None

    def __len__(self) -> int:
        return len(self.words)

    def __getitem__(self, index: int) -> frozenset[str]:
        """The base forms of sentence ``index`` (a ``WordSets``)."""
        bases = self._bases[index]
        if bases is None:
            bases = self._bases[index] = frozenset([w.base for w in self.words[index]])
        return bases

    def doc(self) -> frozenset[str]:
        """The base forms of the whole document."""
        if self._doc is None:
            self._doc = frozenset().union(*(self[i] for i in range(len(self.words))))
        return self._doc

    def span(self, index: int, first: int, last: int) -> tuple[int, int]:
        """The character span of words [first, last) of sentence ``index``: its tokens are
        walked up to the last word (cheaper than the spans of all its words)."""
        begin, end = self._ranges[index]
        spans_of = self._reader.spans_of  # holds every token form of the document by now
        seen = 0  # words of the tokens before ``t``
        start = -1
        for t in self._tokens[begin:end]:
            spans = spans_of[t.text]
            if not spans:
                continue  # punctuation
            upto = seen + len(spans)
            if start < 0 and first < upto:
                start = t.start + spans[first - seen][0]
            if last <= upto:
                offset, length = spans[last - 1 - seen]
                return start, t.start + offset + length
            seen = upto
        raise IndexError(f"no words [{first}, {last}) in sentence {index}")

    def spans(self, index: int) -> list[tuple[int, int]]:
        """The character span of each word of sentence ``index``."""
        first, last = self._ranges[index]
        spans_of = self._reader.spans_of
        return [(t.start + offset, t.start + offset + length)
                for t in self._tokens[first:last] for offset, length in spans_of[t.text]]

    def units(self, index: int) -> list[Unit]:
        return [Unit(start, end, w.lower, w.capitalized, w.numeric, w.base)
                for w, (start, end) in zip(self.words[index], self.spans(index), strict=True)]


def sentence_units(doc: Doc, clitics: tuple[str, ...] = ()) -> list[list[Unit]]:
    """The words of each sentence of ``doc`` with their spans (see ``_Words``)."""
    sentences = _Words(clitics).sentences(doc)
    return [sentences.units(i) for i in range(len(sentences))]


def _is_headline(units: Sequence[Word]) -> bool:
    """A title-case line: most of its longer words capitalised."""
    words = [u for u in units if len(u.lower) > 3 and not u.numeric]
    return len(words) >= 3 and sum(u.capitalized for u in words) >= 0.7 * len(words)


class EventStage:
    def __init__(self, lang: str):
        self.lang = lang
        self.lexicon: TriggerLexicon = load_lexicon(lang)
        self.cues = self.lexicon.cues
        self._words = _Words(self.cues.clitics, self.lexicon)
        self._reference_heads: dict[int, set[tuple[str, ...]]] = {}  # by length
        for head in self.cues.reference_heads:
            self._reference_heads.setdefault(len(head), set()).add(head)
        self._reference_ends = frozenset(head[-1] for head in self.cues.reference_heads)

    # --- matching -------------------------------------------------------------

    def _decide(self, rules: Sequence[TriggerRule], units: Sequence[Word], first: int,
                last: int, ctx: MatchContext) -> TriggerRule | None:
        after_determiner = first > 0 and units[first - 1].lower in self.cues.determiners
        for rule in rules:
            if rule.kind == "verb" and after_determiner:
                continue  # "his pledges", "the order": a noun, not this verb
            if not rule.conditions or rule.applies(units, first, last, ctx):
                return rule
        return None

    def _match(self, units: Sequence[_Word], i: int,
               ctx: MatchContext) -> tuple[int, TriggerRule] | None:
        unit = units[i]
        if unit.phrases is not None:
            phrase = self.lexicon.phrase_in(unit.phrases, units, i)
            if phrase is not None:
                last, rules = phrase
                rule = self._decide(rules, units, i, last, ctx)
                if rule is not None:
                    return last, rule
        word_rules = unit.rules
        if word_rules:
            rule = self._decide(word_rules, units, i, i + 1, ctx)
            if rule is not None:
                return i + 1, rule
        return None

    def _inside_name(self, units: Sequence[Word], i: int) -> bool:
        """A capitalised word after another one: "Menteri Pertahanan", "Epidemi dan Pandemi"."""
        if not units[i].capitalized or i == 0:
            return False
        if units[i - 1].capitalized:
            return True
        return (i >= 2 and units[i - 1].lower in self.cues.name_connectors
                and units[i - 2].capitalized)

    def candidates(self, sentences: _Sentences) -> list[Candidate]:
        out: list[Candidate] = []
        for si, units in enumerate(sentences.words):
            ctx: MatchContext | None = None
            resume = 0  # the words before it belong to the last trigger found
            for i, unit in enumerate(units):
                if not unit.opens or i < resume:
                    continue
                if ctx is None:  # built for sentences that may hold a trigger only
                    ctx = MatchContext(sentences.doc, sentences, si, CTX_REACH)
                match = self._match(units, i, ctx)
                if match is None:
                    continue
                last, rule = match
                if rule.type != NOT_EVENT and (not self._inside_name(units, i)
                                               or _is_headline(units)):
                    start, end = sentences.span(si, i, last)
                    out.append(Candidate(si, i, last, start, end, rule.type, rule.mode, rule))
                resume = last
        return out

    # --- 1. not a mention ---------------------------------------------------------

    def _is_reference(self, c: Candidate, units: Sequence[Word]) -> bool:
        if c.rule.kind == "verb" and c.type != HARM:
            return False
        citation = self.cues.citation_words
        if citation and c.rule.kind == "noun" and any(
                u.lower in citation for u in units[max(0, c.first - CITATION_REACH):c.first]):
            return True
        if c.first == 0 or units[c.first - 1].lower not in self._reference_ends:
            return False  # no head ends right before the trigger
        for n, heads in self._reference_heads.items():
            if c.first >= n and tuple([u.lower for u in units[c.first - n:c.first]]) in heads:
                return True
        return False

    def _drop_non_mentions(self, cands: list[Candidate], sentences: Sequence[Sequence[Word]],
                           text: str) -> list[Candidate]:
        out: list[Candidate] = []
        for c in cands:
            units = sentences[c.sentence]
            if c.type == HARM and any(u.base in self.cues.negators
                                      for u in units[max(0, c.first - NEGATION_REACH):c.first]):
                continue
            if self._is_reference(c, units):
                continue
            prev = out[-1] if out else None
            if (prev is not None and prev.type == c.type and prev.sentence == c.sentence
                    and text[prev.end:c.start].strip() == "("):
                continue  # "(OTT)" after "operasi tangkap tangan"
            out.append(c)
        return out

    # --- 2. tolls ---------------------------------------------------------------------

    def _linked(self, units: Sequence[Word], a: Candidate, b: Candidate,
                reach: int = LINK_GAP) -> bool:
        """``a`` then ``b`` joined by a link word: "tewas akibat serangan", "killed in strikes"."""
        gap = units[a.last:b.first]
        return len(gap) <= reach and (not gap or any(u.lower in self.cues.harm_links
                                                     for u in gap))

    def _adjoined(self, units: Sequence[Word], a: Candidate, b: Candidate) -> bool:
        """``a`` then ``b`` with only fillers between: "storm kills", "bomb that has exploded"."""
        gap = units[a.last:b.first]
        return len(gap) <= LINK_GAP and all(u.lower in self.cues.link_fillers for u in gap)

    def _resolve_harm(self, cands: list[Candidate],
                      sentences: Sequence[Sequence[Word]]) -> list[Candidate]:
        harms = [c for c in cands if c.type in HARM_TYPES]
        dropped: set[int] = set()
        for c in cands:
            if c.type != HARM:
                continue
            units = sentences[c.sentence]
            before = [h for h in harms if h.sentence == c.sentence and h.last <= c.first]
            after = [h for h in harms if h.sentence == c.sentence and h.first >= c.last]
            host = next((h for h in after if self._linked(units, c, h, TOLL_LINK_GAP)), None)
            if host is None and before and self._adjoined(units, before[-1], c):
                host = before[-1]
            separated = before and any(u.lower in self.cues.event_separators
                                       for u in units[before[-1].last:c.first])
            if host is not None:
                host.start, host.end = min(host.start, c.start), max(host.end, c.end)
                host.first, host.last = min(host.first, c.first), max(host.last, c.last)
                dropped.add(id(c))
            elif before and not separated:
                dropped.add(id(c))  # the toll of an event its sentence told already
            else:
                nearest = after[:1] or [h for h in harms if h.start < c.start][-1:] or harms[:1]
                if nearest:
                    c.type, c.mode = nearest[0].type, None
                else:
                    dropped.add(id(c))
        return [c for c in cands if id(c) not in dropped]

    # --- 3. one event, one record ------------------------------------------------------

    def _merge(self, cands: list[Candidate],
               sentences: Sequence[Sequence[Word]]) -> list[Candidate]:
        out: list[Candidate] = []
        for c in cands:
            prev = out[-1] if out else None
            if prev is not None and prev.sentence == c.sentence and prev.type == c.type:
                units = sentences[c.sentence]
                adjacent = c.first == prev.last
                coordinated = (prev.mode is not None and prev.mode == c.mode
                               and c.first == prev.last + 1
                               and units[prev.last].lower in self.cues.coordinators)
                gap = units[prev.last:c.first]
                named = 0 < len(gap) <= 2 and all(u.capitalized for u in gap)
                linked_harm = c.type in HARM_TYPES and (self._linked(units, prev, c) or named
                                                        or self._adjoined(units, prev, c))
                if (adjacent or coordinated or linked_harm or self._in_the_course_of(units, prev, c)
                        or self._noun_chain(units, prev, c)):
                    prev.last, prev.end = c.last, c.end
                    prev.mode = prev.mode or c.mode
                    continue
            out.append(c)
        return out

    def _noun_chain(self, units: Sequence[Word], a: Candidate, b: Candidate) -> bool:
        """Two event nouns of one type joined by a preposition name one event: "a hearing
        in the trial on charges of treason", "pemeriksaan atas dugaan suap"."""
        gap = units[a.last:b.first]
        # after a preposition ``b`` is a noun whatever its surface ("trial on charges")
        return (a.rule.kind != "verb" and 0 < len(gap) <= LINK_GAP
                and gap[0].lower in self.cues.noun_chain_links
                and not any(u.capitalized or u.numeric or u.lower in self.cues.count_words
                            for u in gap))

    def _in_the_course_of(self, units: Sequence[Word], verb: Candidate, noun: Candidate) -> bool:
        """A harm verb and the attack it happened in: "was shot 16 times in a 2017 attack",
        "menewaskan dua warga dalam serangan itu"."""
        gap = units[verb.last:noun.first]
        nominal = noun.rule.kind == "noun" or (gap and (gap[-1].numeric
                                                         or gap[-1].lower in self.cues.determiners))
        if noun.type not in HARM_TYPES or verb.rule.kind == "noun" or not nominal:
            return False
        return (len(gap) <= TOLL_LINK_GAP and any(u.lower in self.cues.course_links for u in gap)
                and not any(u.lower in self.cues.event_separators
                            or u.lower in self.cues.coordinators for u in gap))

    # --- 4. threatened and promised acts ---------------------------------------------------

    def _drop_named_acts(self, cands: list[Candidate],
                         sentences: Sequence[Sequence[Word]]) -> list[Candidate]:
        """"mengancam akan meledakkan", "warns of assault", "menawarkan pengiriman pasukan"."""
        out: list[Candidate] = []
        for c in cands:
            prev = out[-1] if out else None
            absorbed = CONTENT_HEADS.get(prev.type, frozenset()) if prev is not None else None
            if (prev is not None and prev.type in CONTENT_HEADS and prev.rule.kind != "noun"
                    and prev.sentence == c.sentence and c.type != prev.type
                    and (absorbed is None or c.type in absorbed)):
                gap = sentences[c.sentence][prev.last:c.first]
                if len(gap) <= 2 or (len(gap) <= CONTENT_REACH and any(
                        u.lower in self.cues.complement_markers for u in gap)):
                    if c.type == "CONSULT" and absorbed is not None:
                        prev.mode = MEET_MODE
                    continue
            out.append(c)
        return out

    def _conditional_warnings(self, cands: list[Candidate],
                              sentences: Sequence[Sequence[Word]]) -> None:
        """Retype "India would strike … if …", "atau kita harus meledakkan mereka" as THREATEN."""
        cues = self.cues
        if not cues.warning_modals:
            return
        with_threat = {c.sentence for c in cands if c.type == "THREATEN"}
        for c in cands:
            if c.type != "ASSAULT" or c.sentence in with_threat:
                continue
            units = sentences[c.sentence]
            modal = next((k for k in range(c.first - 1, max(-1, c.first - 1 - WARNING_REACH), -1)
                          if units[k].lower in cues.warning_modals), None)
            # "would strike": a surface that is also a noun is the verb right after a modal
            if modal is None or (c.rule.kind == "noun" and modal != c.first - 1):
                continue
            alternative = any(u.lower in cues.warning_alternatives
                              for u in units[max(0, modal - ALTERNATIVE_REACH):modal])
            if alternative or any(u.lower in cues.warning_conditions for u in units):
                c.type, c.mode = "THREATEN", "violence"

    # --- 5. re-mentions -------------------------------------------------------------------

    def _has_details(self, units: Sequence[Word], first: int, last: int) -> bool:
        """A number, a name or a detail word next to a re-mention ("the attack on Monday")."""
        around = [*units[max(0, first - DETAIL_REACH):first], *units[last:last + DETAIL_REACH]]
        return any(u.numeric or u.lower in self.cues.anaphora_details for u in around)

    def _bare_object(self, c: Candidate, units: Sequence[Word],
                     same_sentence: Sequence[Candidate]) -> bool:
        """An event noun right after another event's verb, with nothing of its own:
        "condemned the attack and said …", "menyepakati gencatan senjata di wilayah itu"."""
        if c.rule.kind != "noun" or not same_sentence:
            return False
        verb = same_sentence[-1]
        gap = units[verb.last:c.first]
        if (verb.rule.kind == "noun" or verb.type == c.type or len(gap) > 1
                or any(u.lower not in self.cues.determiners for u in gap)):
            return False
        after = units[c.last:c.last + DETAIL_REACH]
        return not (self._has_details(units, c.first, c.last) or any(u.capitalized for u in after))

    def _counted(self, c: Candidate, units: Sequence[Word]) -> bool:
        """A noun with a number before it: one part of a tally ("13 kasus", "two attacks")."""
        if c.rule.kind == "verb" or c.first == 0:
            return False
        before = units[c.first - 1]
        return before.numeric or before.lower in self.cues.count_words

    def _relative_remention(self, c: Candidate, units: Sequence[Word]) -> bool:
        """"para hakim yang diperiksa tersebut": a relative clause the demonstrative closes."""
        return (c.rule.kind == "verb" and c.first > 0 and units[c.first - 1].lower == "yang"
                and c.last < len(units) and units[c.last].lower in self.cues.demonstratives_after)

    def _demonstrative(self, c: Candidate, units: Sequence[Word]) -> bool:
        after, before = self.cues.demonstratives_after, self.cues.demonstratives_before
        nxt = units[c.last:c.last + 2]
        return ((len(nxt) >= 1 and nxt[0].lower in after)
                or (len(nxt) == 2 and nxt[0].capitalized and nxt[1].lower in after)
                or (c.first > 0 and units[c.first - 1].lower in before))

    def _drop_rementions(self, cands: list[Candidate],
                         sentences: Sequence[Sequence[Word]]) -> list[Candidate]:
        out: list[Candidate] = []
        told: set[str] = set()  # the types of the events kept so far
        # the candidates kept in c's sentence: they come in sentence order, so these are
        # the last ones kept
        same_sentence: list[Candidate] = []
        for c in cands:
            units = sentences[c.sentence]
            if same_sentence and same_sentence[-1].sentence != c.sentence:
                same_sentence = []
            if c.rule.kind == "noun" and any(p.rule.kind == "verb" and p.rule.entry == c.rule.entry
                                             for p in same_sentence):
                continue
            head = units[c.first].base
            if c.rule.kind != "verb" and any(
                    p.type == c.type and p.last - p.first > 1
                    and head in (u.base for u in units[p.first:p.last]) for p in same_sentence):
                continue  # "memberikan bantuan …, mulai dari bantuan makanan"
            if (c.rule.kind != "verb" and self._demonstrative(c, units)
                    and any(c.sentence - ANAPHORA_REACH <= p.sentence for p in out)
                    and not self._has_details(units, c.first, c.last)):
                continue
            if self._counted(c, units) and any(
                    p.type == c.type and self._counted(p, units)
                    and units[p.first].base == head for p in same_sentence):
                continue  # "tujuh kasus, dua kasus terkonfirmasi dan lima kasus suspek"
            if c.type in told and (self._bare_object(c, units, same_sentence)
                                   or self._relative_remention(c, units)):
                continue
            out.append(c)
            same_sentence.append(c)
            told.add(c.type)
        return out

    def __call__(self, doc: Doc) -> None:
        sentences = self._words.sentences(doc)
        cands = self.candidates(sentences)
        words = sentences.words
        cands = self._drop_non_mentions(cands, words, doc.text)
        cands = self._resolve_harm(cands, words)
        cands = self._merge(cands, words)
        cands = self._drop_named_acts(cands, words)
        self._conditional_warnings(cands, words)
        cands = self._drop_rementions(cands, words)
        first_id = len(doc.events) + 1
        for n, c in enumerate(sorted(cands, key=_START)):
            doc.events.append(Event(id=f"V{first_id + n}", type=c.type, mode=c.mode,
                                    trigger=(c.start, c.end)))

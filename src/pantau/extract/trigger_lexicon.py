"""The trigger lexicon of one language: word forms and phrases -> event type, by context.

``lang/<lang>/triggers.tsv`` has one rule a line, five tab-separated columns::

    entry    forms     type      mode      when
    serang   V,N,ter   ASSAULT
    kerah    VK,peN-an AID                 near:bantuan|relawan|evakuasi/8
    kerah    VK,peN-an MOBILIZE  troops

- ``entry``: a root or lemma, or a phrase ("putus hubungan", "evacuation order").
- ``forms``: the derivations to generate (see ``morphology``); ``=`` takes the
  entry literally.
- ``type``: a PLOVER type; ``-`` marks a use that is not an event (it still
  consumes its words, so "serangan jantung" hides "serangan"); ``@harm`` marks
  a toll word ("tewas", "killed") whose type comes from the harm event it
  belongs to (resolved by the event stage).
- ``mode``: one of the type's modes, or empty.
- ``when``: conditions that must all hold (``;``-separated), see ``Condition``.

All rules that spell the same surface are tried in file order; the first whose
conditions hold decides. A surface with no rule holding is no trigger.
``lang/<lang>/event_cues.json`` holds the function words of the stage's general
rules (``EventCues``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from functools import cache
from pathlib import Path
from typing import Protocol

from pantau.extract.morphology import NOMINAL_TEMPLATES, expand_phrase
from pantau.lang import data_path
from pantau.record import EVENT_MODES

NOT_EVENT = "-"
HARM = "@harm"
SCOPES = ("next", "prev", "near", "sent", "ctx", "doc")
WINDOW_SCOPES = frozenset({"next", "prev", "near"})
SPECIAL_ITEMS = frozenset({"^", "#", "_"})
DEFAULT_WINDOW = 6


@dataclass(slots=True)
class Word:
    """A word form as the matcher sees it, shared by all its occurrences."""

    lower: str
    capitalized: bool
    numeric: bool
    base: str  # ``lower`` without clitic or reduplication: "satelitnya", "kasus-kasus"


class Unit(Word):
    """A word with its character span in the text."""

    __slots__ = ("start", "end")

    def __init__(self, start: int, end: int, lower: str, capitalized: bool, numeric: bool,
                 base: str):
        super().__init__(lower, capitalized, numeric, base)
        self.start, self.end = start, end


class WordSets(Protocol):
    """The base words of each sentence of a document, by sentence index."""

    def __len__(self) -> int: ...

    def __getitem__(self, index: int, /) -> frozenset[str]: ...


def word_base(lower: str, clitics: Sequence[str]) -> str:
    """"kasus-kasus" -> "kasus", "satelitnya" -> "satelit"."""
    if "-" in lower:
        left, _, right = lower.partition("-")
        if left == right:
            return left
    return strip_clitic(lower, clitics)


def strip_clitic(word: str, clitics: Sequence[str]) -> str:
    if not word.endswith(tuple(clitics)):  # most words: one test of them all
        return word
    for clitic in clitics:
        if word.endswith(clitic) and len(word) > len(clitic) + 2:
            return word[: -len(clitic)]
    return word


def _item_matches(item: str, unit: Word) -> bool:
    if item == "^":
        return unit.capitalized
    if item == "#":
        return unit.numeric
    if item == "_":
        return True
    if item.endswith("*"):
        return unit.lower.startswith(item[:-1])
    return unit.lower == item or unit.base == item


class MatchContext:
    """Word sets (of ``Word.base``) around a trigger, for the wider condition scopes:
    the document, the sentence, and the sentence with ``reach`` neighbours either side
    (each built only when a condition asks for it). ``doc`` may be a function that
    gives the document's set, called when first needed."""

    __slots__ = ("_doc", "_sentences", "_index", "_reach", "_around")

    def __init__(self, doc: frozenset[str] | Callable[[], frozenset[str]], sentences: WordSets,
                 index: int, reach: int):
        self._doc = doc
        self._sentences, self._index, self._reach = sentences, index, reach
        self._around: frozenset[str] | None = None

    @property
    def doc(self) -> frozenset[str]:
        if not isinstance(self._doc, frozenset):
            self._doc = self._doc()
        return self._doc

    @property
    def sentence(self) -> frozenset[str]:
        return self._sentences[self._index]

    def around_has(self, words: frozenset[str]) -> bool:
        """Whether ``around`` holds one of ``words``, asked sentence by sentence (the
        trigger's first) unless ``around`` is built already."""
        if self._around is not None:
            return not words.isdisjoint(self._around)
        sentences, index = self._sentences, self._index
        if not words.isdisjoint(sentences[index]):
            return True
        for k in range(max(0, index - self._reach), min(len(sentences), index + self._reach + 1)):
            if k != index and not words.isdisjoint(sentences[k]):
                return True
        return False

    @property
    def around(self) -> frozenset[str]:
        if self._around is None:
            sentences = self._sentences
            lo = max(0, self._index - self._reach)
            hi = min(len(sentences), self._index + self._reach + 1)
            self._around = frozenset().union(*(sentences[k] for k in range(lo, hi)))
        return self._around


@dataclass(frozen=True, slots=True)
class Condition:
    """``[!]scope:alt|alt|…[/n]``; an alternative is words matched in a row.

    Scopes: ``next``/``prev``/``near`` look for an alternative starting within ``n``
    words after/before/around the trigger in its sentence; ``sent`` (the sentence),
    ``ctx`` (the sentence and two on either side) and ``doc`` (the document) take
    single words and need ``n`` different ones of them (default 1).

    Items: a lower-case word, ``word*`` (a prefix), ``^`` (a capitalised word, not
    the sentence's first), ``#`` (a number), ``_`` (any word), ``@set`` (the words
    of a named set of ``event_cues.json``). Words also match with a clitic attached
    ("satelitnya" matches "satelit").
    """

    negated: bool
    scope: str
    window: int
    alternatives: tuple[tuple[str, ...], ...]
    words: frozenset[str] = frozenset()  # the plain one-word alternatives, looked up at once
    patterns: tuple[tuple[str, ...], ...] = ()  # the other alternatives, matched item by item
    # ``patterns`` that open with a plain word, by that word: their other items (tried only
    # where a word or its base is that word); and those opening with another item.
    _tails: dict[str, tuple[tuple[str, ...], ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False)
    _others: tuple[tuple[str, ...], ...] = field(default=(), init=False, repr=False,
                                                 compare=False)

    def __post_init__(self) -> None:
        tails: dict[str, list[tuple[str, ...]]] = {}
        others = []
        for alt in self.patterns:
            first = alt[0]
            if first[-1] != "*" and first not in SPECIAL_ITEMS:
                tails.setdefault(first, []).append(alt[1:])
            else:
                others.append(alt)
        object.__setattr__(self, "_tails", {w: tuple(t) for w, t in tails.items()})
        object.__setattr__(self, "_others", tuple(others))

    @classmethod
    def parse(cls, spec: str, word_sets: dict[str, frozenset[str]] | None = None) -> Condition:
        text = spec.strip()
        negated = text.startswith("!")
        scope, sep, rest = text.lstrip("!").partition(":")
        if not sep or scope not in SCOPES:
            raise ValueError(f"bad condition {spec!r}: scope must be one of {SCOPES}")
        window = DEFAULT_WINDOW if scope in WINDOW_SCOPES else 1
        if "/" in rest:
            rest, _, number = rest.rpartition("/")
            window = int(number)
        alternatives: list[tuple[str, ...]] = []
        for alt in rest.split("|"):
            if alt.strip().startswith("@"):
                name = alt.strip()[1:]
                if not word_sets or name not in word_sets:
                    raise ValueError(f"bad condition {spec!r}: no word set {name!r}")
                alternatives.extend((w,) for w in sorted(word_sets[name]))
            elif alt.strip():
                alternatives.append(tuple(alt.split()))
        if not alternatives:
            raise ValueError(f"bad condition {spec!r}: no words")
        def plain(alt: tuple[str, ...]) -> bool:
            return len(alt) == 1 and alt[0][-1] != "*" and alt[0] not in SPECIAL_ITEMS

        if scope not in WINDOW_SCOPES and not all(plain(a) for a in alternatives):
            raise ValueError(f"bad condition {spec!r}: {scope} takes single plain words")
        words = frozenset(a[0] for a in alternatives if plain(a))
        patterns = tuple(a for a in alternatives if not plain(a))
        return cls(negated, scope, window, tuple(alternatives), words, patterns)

    def _alt_at(self, units: Sequence[Word], k: int) -> bool:
        unit = units[k]
        if unit.lower in self.words or unit.base in self.words:
            return True
        n = len(units)
        if self._tails:
            # The patterns opening with this word (or its base): only their tails are matched.
            for first in (unit.lower, unit.base) if unit.base != unit.lower else (unit.lower,):
                for tail in self._tails.get(first, ()):
                    # k + 1 + j > 0: "^" needs no check for the sentence's first word here
                    if k + 1 + len(tail) <= n and all(_item_matches(it, units[k + 1 + j])
                                                      for j, it in enumerate(tail)):
                        return True
        for alt in self._others:
            if k + len(alt) <= n and all(_item_matches(it, units[k + j])
                                         and not (it == "^" and k + j == 0)
                                         for j, it in enumerate(alt)):
                return True
        return False

    def _in_window(self, units: Sequence[Word], lo: int, hi: int) -> bool:
        """Whether an alternative starts at one of the words [lo, hi)."""
        if self.patterns:
            for k in range(lo, hi):
                if self._alt_at(units, k):
                    return True
            return False
        words = self.words  # plain words only: looked up here, without a call per word
        for unit in units[lo:hi]:
            if unit.lower in words or unit.base in words:
                return True
        return False

    def holds(self, units: Sequence[Word], start: int, end: int, ctx: MatchContext) -> bool:
        """Whether the condition holds for the trigger ``units[start:end]`` (one sentence)."""
        scope = self.scope
        if scope not in WINDOW_SCOPES:
            if self.window == 1:  # any one of the words: no intersection built
                if scope == "sent":
                    found = not self.words.isdisjoint(ctx.sentence)
                elif scope == "ctx":
                    found = ctx.around_has(self.words)
                else:
                    found = not self.words.isdisjoint(ctx.doc)
                return found != self.negated
            pool = ctx.sentence if scope == "sent" else ctx.around if scope == "ctx" else ctx.doc
            found = len(self.words & pool) >= self.window
            return found != self.negated
        found = False
        if scope != "prev":  # next, near
            found = self._in_window(units, end, min(len(units), end + self.window))
        if not found and scope != "next":  # prev, near
            found = self._in_window(units, max(0, start - self.window), start)
        return found != self.negated


@dataclass(frozen=True, slots=True)
class TriggerRule:
    entry: str
    type: str
    mode: str | None
    conditions: tuple[Condition, ...]
    line: int
    # How the surface was spelled: "verb" and "noun" from templates, "literal" from "=".
    # The stage uses it to tell "mengerahkan" from its re-mention "pengerahan".
    kind: str = "literal"

    def applies(self, units: Sequence[Word], start: int, end: int, ctx: MatchContext) -> bool:
        for condition in self.conditions:
            if not condition.holds(units, start, end, ctx):
                return False
        return True


@dataclass(frozen=True)
class EventCues:
    """Function words the event stage's general rules need, per language."""

    clitics: tuple[str, ...] = ()  # stripped from a word that is not in the lexicon
    demonstratives_after: frozenset[str] = frozenset()  # "serangan itu"
    demonstratives_before: frozenset[str] = frozenset()  # "this attack"
    coordinators: frozenset[str] = frozenset()  # "ditangkap dan ditahan"
    harm_links: frozenset[str] = frozenset()  # "tewas akibat serangan", "killed in strikes"
    # Between two event nouns of one type that name one event: "hearing in the trial".
    noun_chain_links: frozenset[str] = frozenset()
    # Between a harm verb and the attack it happened in: "shot … in a 2017 attack".
    course_links: frozenset[str] = frozenset()
    link_fillers: frozenset[str] = frozenset()  # "a car bomb that has exploded"
    # Words that give a demonstrative re-mention details of its own ("terjadi pada …").
    anaphora_details: frozenset[str] = frozenset()
    negators: frozenset[str] = frozenset()  # "tidak ada korban jiwa"
    # Word sequences before an event noun that make it a reference, not a report:
    # "penyebab kebakaran", "prone to landslides".
    reference_heads: tuple[tuple[str, ...], ...] = ()
    # Lower-case words inside names: "Manajemen Epidemi dan Pandemi WHO".
    name_connectors: frozenset[str] = frozenset()
    # Before a verb-only surface they make it a noun: "his pledges", "the order".
    determiners: frozenset[str] = frozenset()
    # Between a harm event and a later toll they tell two events apart: "the attack
    # came days after four officials were killed".
    event_separators: frozenset[str] = frozenset()
    # Between a threat or promise and the act it names: "mengancam akan meledakkan".
    complement_markers: frozenset[str] = frozenset()
    # A modal before an attack verb and a condition in its sentence make a conditional
    # warning (SCHEMA.md: THREATEN): "would strike … if", "atau kita akan menyerang".
    warning_modals: frozenset[str] = frozenset()
    warning_conditions: frozenset[str] = frozenset()  # anywhere in the sentence: "if", "jika"
    warning_alternatives: frozenset[str] = frozenset()  # just before the modal's clause: "or"
    # Number words that make a noun one part of a tally ("lima kasus suspek").
    count_words: frozenset[str] = frozenset()
    # Words of a legal citation: an event noun after them names an offence, not an
    # event ("Pasal 351 KUHP tentang penganiayaan", "Section 302 on murder").
    citation_words: frozenset[str] = frozenset()
    # Named word sets for conditions ("@sport"): the vocabulary of a domain.
    word_sets: dict[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> EventCues:
        if not path.exists():
            return cls()
        raw = json.loads(path.read_text(encoding="utf-8"))
        values: dict[str, object] = {}
        for f in fields(cls):
            items = raw.get(f.name, ())
            if f.name == "clitics":
                values[f.name] = tuple(items)
            elif f.name == "reference_heads":
                values[f.name] = tuple(tuple(h.split()) for h in items)
            elif f.name == "word_sets":
                values[f.name] = {k: frozenset(v) for k, v in dict(items).items()}
            else:
                values[f.name] = frozenset(items)
        return cls(**values)  # type: ignore[arg-type]


@dataclass
class TriggerLexicon:
    lang: str
    words: dict[str, list[TriggerRule]] = field(default_factory=dict)
    # first word -> [(following words, rules)], longest phrases first
    phrases: dict[str, list[tuple[tuple[str, ...], list[TriggerRule]]]] = field(
        default_factory=dict)
    cues: EventCues = field(default_factory=EventCues)

    def add(self, surface: str, rule: TriggerRule) -> None:
        first, *rest = surface.split()
        if not rest:
            self.words.setdefault(first, []).append(rule)
            return
        bucket = self.phrases.setdefault(first, [])
        tail = tuple(rest)
        for existing_tail, rules in bucket:
            if existing_tail == tail:
                rules.append(rule)
                return
        bucket.append((tail, [rule]))
        bucket.sort(key=lambda item: -len(item[0]))

    def rules_for_word(self, lower: str, base: str) -> list[TriggerRule] | None:
        """Rules for one word (lower-cased), trying it without a clitic or reduplication
        (``base``)."""
        rules = self.words.get(lower)
        if rules is None and base != lower:
            rules = self.words.get(base)
        return rules

    def phrase_at(self, units: Sequence[Word], i: int) -> tuple[int, list[TriggerRule]] | None:
        """The longest phrase starting at ``units[i]``: (end index, rules)."""
        bucket = self.phrases.get(units[i].lower) or self.phrases.get(units[i].base)
        if bucket is None:
            return None
        return self.phrase_in(bucket, units, i)

    @staticmethod
    def phrase_in(bucket: list[tuple[tuple[str, ...], list[TriggerRule]]],
                  units: Sequence[Word], i: int) -> tuple[int, list[TriggerRule]] | None:
        """``phrase_at`` with the phrases starting with ``units[i]`` (``bucket``) known."""
        for tail, rules in bucket:
            end = i + 1 + len(tail)
            if end > len(units):
                continue
            for n, w in enumerate(tail, i + 1):
                # The clitic may sit on the phrase's last word ("hubungannya").
                if units[n].lower != w and units[n].base != w:
                    break
            else:
                return end, rules
        return None


def _check_type(type_: str, mode: str | None, where: str) -> None:
    if type_ in (NOT_EVENT, HARM):
        return
    if type_ not in EVENT_MODES:
        raise ValueError(f"{where}: unknown event type {type_!r}")
    if mode and mode not in EVENT_MODES[type_]:
        raise ValueError(f"{where}: mode {mode!r} is not one of {type_}'s modes")


def parse_lexicon(lang: str, lines: Sequence[str], source: str = "<lexicon>",
                  cues: EventCues | None = None) -> TriggerLexicon:
    lexicon = TriggerLexicon(lang=lang, cues=cues or EventCues())
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = line.split("\t")
        if not 3 <= len(cols) <= 5:
            raise ValueError(f"{source}:{number}: expected entry, forms, type[, mode, when]")
        entry, forms, type_ = (c.strip() for c in cols[:3])
        mode = (cols[3].strip() or None) if len(cols) > 3 else None
        when = cols[4].strip() if len(cols) > 4 else ""
        where = f"{source}:{number}"
        _check_type(type_, mode, where)
        try:
            conditions = tuple(Condition.parse(c, lexicon.cues.word_sets)
                               for c in when.split(";") if c.strip())
        except ValueError as err:
            raise ValueError(f"{where}: {err}") from None
        entry = entry.lower()
        if forms == "=":
            spelled = {"literal": {entry}}
        else:
            templates = [f.strip() for f in forms.split(",") if f.strip()]
            # Verbal and nominal spellings get separate rules (see TriggerRule.kind);
            # a bare Indonesian root ("perintah", "serang") may be either.
            spelled = {
                "verb": expand_phrase(lang, entry, [t for t in templates
                                                    if t not in NOMINAL_TEMPLATES and t != "0"]),
                "noun": expand_phrase(lang, entry, [t for t in templates
                                                    if t in NOMINAL_TEMPLATES]),
                "literal": expand_phrase(lang, entry, [t for t in templates if t == "0"]),
            }
        for kind, surfaces in spelled.items():
            if not surfaces:
                continue
            rule = TriggerRule(entry=entry, type=type_, mode=mode, conditions=conditions,
                               line=number, kind=kind)
            for surface in sorted(surfaces):
                lexicon.add(surface, rule)
    return lexicon


@cache
def load_lexicon(lang: str) -> TriggerLexicon:
    """The trigger lexicon of ``lang`` (built once per process)."""
    cues = EventCues.load(data_path(lang, "event_cues.json"))
    path = data_path(lang, "triggers.tsv")
    if not path.exists():
        return TriggerLexicon(lang=lang, cues=cues)
    lines = path.read_text(encoding="utf-8").splitlines()
    return parse_lexicon(lang, lines, source=str(path), cues=cues)

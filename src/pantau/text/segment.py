"""Sentence and token splitting with exact character offsets.

Each line is split at spaces: a plain word (perhaps with a comma or full stop
after it) is taken as it stands, and the other chunks (in quotes, joined by
hyphens, a number …) are split once per distinct chunk, by string checks or one
precompiled regex per language; then only the tokens that may end a sentence (full
stops, abbreviations, initials …) are looked at to decide where sentences end. Line
breaks always end a sentence (headlines, paragraphs). Language knowledge — abbreviations,
words that open sentences, clitics — is read from ``pantau/lang/<lang>/``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from functools import cache, partial

from pantau.doc import Doc, Sentence, Token
from pantau.lang import data_path
from pantau.text.form_table import FormTable
from pantau.text.patterns import alternation

# Token kinds (regex group names).
ABBR = "abbr"  # an abbreviation from the language's list, with its period
DOTTED = "dotted"  # "U.S.", "a.n.", "S.H.", "M.Si."
INITIAL = "initial"  # a single letter and a period: "J. Smith", "on X."
TERMINAL = "term"  # . ? ! … ...
WORD = "word"
NUMBER = "num"

OPENERS = frozenset('"“‘\'(«[')
CLOSERS = frozenset('"”’\')»]')
AMBIGUOUS_QUOTES = frozenset('"\'')

_LETTER = r"[^\W\d_]"
_ALNUM = r"[^\W_]"
# A hyphen or apostrophe joins two word parts when a letter is on one side of
# it ("Jong-un", "21-day", "COVID-19", "Jum'at"); "10-15" stays three tokens.
_JOINER = rf"(?:[-'’](?={_LETTER})|(?<={_LETTER})[-'’])"

_TOKEN_PATTERNS = [
    ("url", r"(?:https?://|www\.)[^\s\"“”<>]*[^\s\"“”<>.,;:!?)\]'’]"),
    ("email", rf"{_ALNUM}[\w.+-]*@{_ALNUM}+(?:\.{_ALNUM}+)+"),
    (ABBR, None),  # filled per language
    (DOTTED, rf"(?<!{_ALNUM}){_LETTER}\.(?:{_LETTER}{{1,3}}\.)+"),
    # 3.000  5,25  1.2  10/3/2025  10.00  14:05
    (NUMBER, r"\d+(?:[.,:/]\d+)+"),
    # detik.com, TEMPO.CO, pic.twitter.com/abc — a dot with no space after it
    # and a lower-case or all-capital part behind it.
    ("domain", rf"{_ALNUM}+(?:\.(?:[a-z]+|[A-Z]+))+(?:/[\w/-]*\w)?(?!{_ALNUM})"),
    (INITIAL, rf"(?<!{_ALNUM}){_LETTER}\.(?!{_ALNUM})"),
    # A short letter prefix glued to a formatted number: "Rp17.700", "M4,6".
    ("prefix", rf"(?<!{_ALNUM}){_LETTER}{{1,3}}(?=\d+[.,]\d)"),
    ("tag", rf"[@#]{_ALNUM}\w*"),
    (WORD, rf"{_ALNUM}+(?:{_JOINER}{_ALNUM}+)*"),
    (TERMINAL, r"\.{2,}|[.?!…]"),
    ("punct", r"\S"),
]


@dataclass(frozen=True)
class SegmentRules:
    """The language data the segmenter needs, compiled once per language."""

    token_re: re.Pattern[str]
    abbreviations: frozenset[str]
    prefix_abbreviations: frozenset[str]  # never end a sentence
    sentence_starters: frozenset[str]
    clitics: tuple[str, ...]  # lower-case, with a plain apostrophe
    # The letters and digits an abbreviation opens with ("Kab" of "Kab."); None when one
    # opens with another character (then no chunk takes the quoted-word shortcut).
    abbreviation_stems: frozenset[str] | None


def _data_lines(lang: str, name: str) -> list[str]:
    path = data_path(lang, name)
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


@cache
def rules_for(lang: str) -> SegmentRules:
    abbreviations: list[str] = []
    prefixes: set[str] = set()
    for line in _data_lines(lang, "abbreviations.txt"):
        form, *flags = line.split()
        abbreviations.append(form)
        if "prefix" in flags:
            prefixes.add(form)
    abbr_pattern = rf"(?<!{_ALNUM}){alternation(abbreviations)}" if abbreviations else r"(?!x)x"
    parts = [(name, abbr_pattern if name == ABBR else pat) for name, pat in _TOKEN_PATTERNS]
    token_re = re.compile("|".join(f"(?P<{name}>{pat})" for name, pat in parts))
    clitics = tuple(c.replace("’", "'").lower() for c in _data_lines(lang, "clitics.txt"))
    stems = frozenset(_leading_alnum(a) for a in abbreviations)
    return SegmentRules(token_re=token_re, abbreviations=frozenset(abbreviations),
                        prefix_abbreviations=frozenset(prefixes),
                        sentence_starters=frozenset(_data_lines(lang, "sentence_starters.txt")),
                        clitics=clitics, abbreviation_stems=None if "" in stems else stems)


def _split_clitic(text: str, start: int, end: int, clitics: tuple[str, ...]) -> int | None:
    """Offset where a clitic ending the word begins ("India’s" -> before "’s")."""
    folded = text[start:end].replace("’", "'").lower()
    for clitic in clitics:
        if folded.endswith(clitic) and len(folded) > len(clitic):
            return end - len(clitic)
    return None


_TRAILING_PUNCT = {",": "punct", ";": "punct", ":": "punct", ".": TERMINAL}
# Token kinds at which a sentence may end.
_STOPS = frozenset({TERMINAL, ABBR, DOTTED, INITIAL})


def _leading_alnum(word: str) -> str:
    """The letters and digits ``word`` opens with ("Kab" of "Kab.")."""
    n = 0
    while n < len(word) and word[n].isalnum():
        n += 1
    return word[:n]


# A word, or words joined by hyphens, with only opening quotes and brackets before it and
# only closing ones and punctuation after it: '"Kami', 'kata-kata', 'dia,"', '(TNI).'.
# Possessive: giving back a mark or a letter could never let the fullmatch succeed.
_QUOTED_WORD = re.compile(
    rf"([(\[«\"“‘'’]*+)({_ALNUM}++(?:-{_ALNUM}++)*+)([)\]\"”’',;:.?!]*+)")


def _quoted_word(chunk: str, s: int, rules: SegmentRules) -> list[tuple[int, int, str]] | None:
    """The tokens of a chunk of ``_QUOTED_WORD``'s shape, as the token regex finds them,
    without running it (none of its other kinds can match there); None for another chunk.

    The opening marks are one "punct" each; the hyphens join the word as ``_JOINER`` does
    when each has a letter beside it; the closing marks are "punct" but for full stops (a
    run of them is one ``TERMINAL``), "?" and "!". Left to the regex: an abbreviation's
    letters ("(Kab."), a single letter and a full stop (an initial), "10-15"."""
    shape = _QUOTED_WORD.fullmatch(chunk)
    stems = rules.abbreviation_stems
    if shape is None or stems is None:
        return None
    opening, word, closing = shape.groups()
    if word.split("-", 1)[0] in stems or (len(word) == 1 and closing[:1] == "."):
        return None
    hyphen = word.find("-")
    while hyphen > 0:
        if word[hyphen - 1].isdecimal() and word[hyphen + 1].isdecimal():
            return None
        hyphen = word.find("-", hyphen + 1)
    out = [(s + k, s + k + 1, "punct") for k in range(len(opening))]
    ws = s + len(opening)
    we = ws + len(word)
    out.append((ws, we, WORD))
    k, n = 0, len(closing)
    while k < n:
        mark = closing[k]
        if mark == ".":
            run = n - k - len(closing[k:].lstrip("."))
            out.append((we + k, we + k + run, TERMINAL))
            k += run
            continue
        out.append((we + k, we + k + 1, TERMINAL if mark in "?!" else "punct"))
        k += 1
    return out


def tokenize_line(text: str, start: int, end: int,
                  rules: SegmentRules) -> list[tuple[int, int, str]]:
    """(start, end, kind) of the tokens of ``text[start:end]``."""
    line = _LineTokens(text, start, end, rules, chunk_layouts(rules))
    return [(t.start, t.end, line.kind(k)) for k, t in enumerate(line.tokens)]


def tokenize_chunk(text: str, start: int, end: int, rules: SegmentRules,
                   out: list[tuple[int, int, str]]) -> None:
    """Append the tokens of ``text[start:end]`` found by the full token regex."""
    clitics = rules.clitics
    for m in rules.token_re.finditer(text, start, end):
        kind = m.lastgroup or "punct"
        s, e = m.span()
        if kind == WORD and clitics and ("'" in m.group() or "’" in m.group()):
            cut = _split_clitic(text, s, e, clitics)
            if cut is not None:
                out.append((s, cut, WORD))
                out.append((cut, e, WORD))
                continue
        out.append((s, e, kind))


# ``_LineTokens`` fills a Token's slots itself (a third cheaper per word than calling the
# dataclass): right only while these are all its fields and it has no ``__post_init__``.
_TOKEN_SLOTS = ("start", "end", "text")
if (tuple(f.name for f in fields(Token)) != _TOKEN_SLOTS or Token.__slots__ != _TOKEN_SLOTS
        or hasattr(Token, "__post_init__")):  # checked even under ``python -O``
    raise RuntimeError("pantau.doc.Token changed: update _LineTokens's direct construction")


MAX_LAYOUTS = 1 << 16  # chunks whose layout the segmenter keeps
# The tokens of a chunk that is no plain word: (start, end, kind, text, may end a sentence)
# of each, offsets from the chunk's start.
Layout = tuple[tuple[int, int, str, str, bool], ...]


def chunk_layout(chunk: str, rules: SegmentRules) -> Layout:
    """The tokens of a space-separated ``chunk`` that is no plain word. They depend on the
    chunk alone: the token regex's lookbehinds at the chunk's start see a space, a line
    break or the text's start, all of which are no letter or digit. (``_LineTokens``
    splits plain words and "word," itself.)"""
    raw = _quoted_word(chunk, 0, rules)
    if raw is None:
        raw = []
        tokenize_chunk(chunk, 0, len(chunk), rules, raw)
    # The very ``WORD`` object, which ``_LineTokens`` tests by identity.
    return tuple([(ts, te, WORD if kind == WORD else kind, chunk[ts:te], kind in _STOPS)
                  for ts, te, kind in raw])


def chunk_layouts(rules: SegmentRules) -> FormTable:
    """Chunk -> its ``chunk_layout``, kept once worked out (a long run meets ever new
    chunks: the table is bounded)."""
    return FormTable(partial(chunk_layout, rules=rules), MAX_LAYOUTS)


class _LineTokens:
    """The tokens of one line, before sentences are split.

    Most space-separated chunks are a plain word, perhaps with a comma or period after it,
    split by string checks; the others (in quotes or brackets, joined by hyphens, a number …)
    are split by ``chunk_layout`` once per distinct chunk: ``layouts`` keeps its answers
    (the language's data is fixed), most of them repeat. Only the kinds of the tokens that
    are not words are kept (``kinds``), and the indices of those that may end a sentence
    (``stops``).
    """

    __slots__ = ("kinds", "stops", "tokens")

    def __init__(self, text: str, start: int, end: int, rules: SegmentRules,
                 layouts: FormTable):
        self.tokens: list[Token] = []
        self.kinds: dict[int, str] = {}
        self.stops: list[int] = []
        tokens, kinds, stops = self.tokens, self.kinds, self.stops
        append = tokens.append
        new_object = object.__new__
        abbreviations = rules.abbreviations
        s = start
        for chunk in text[start:end].split(" "):
            e = s + len(chunk)
            if chunk.isalnum():
                # A plain word, most chunks: the Token is built by its slots, which skips
                # the call of the dataclass ``__init__`` (see ``_TOKEN_SLOTS``).
                token = new_object(Token)
                token.start = s
                token.end = e
                token.text = chunk
                append(token)
            elif not chunk:  # two spaces in a row
                pass
            elif ((last := _TRAILING_PUNCT.get(chunk[-1])) is not None and len(chunk) > 2
                  and chunk[:-1].isalnum() and chunk not in abbreviations):
                # "word," and "word.", the commonest after plain words: both Tokens built
                # by their slots, as above. As cheap as a look-up in ``layouts``, and a
                # word met for the first time adds no entry to it.
                token = new_object(Token)
                token.start = s
                token.end = e - 1
                token.text = chunk[:-1]
                append(token)
                if last is TERMINAL:
                    stops.append(len(tokens))
                kinds[len(tokens)] = last
                token = new_object(Token)
                token.start = e - 1
                token.end = e
                token.text = chunk[-1]
                append(token)
            else:
                for ts, te, kind, part, stop in layouts[chunk]:
                    if kind is not WORD:
                        kinds[len(tokens)] = kind
                        if stop:
                            stops.append(len(tokens))
                    token = new_object(Token)  # by its slots, as above
                    token.start = s + ts
                    token.end = s + te
                    token.text = part
                    append(token)
            s = e + 1

    def kind(self, k: int) -> str:
        return self.kinds.get(k, WORD)


def _after_lowercase(text: str, tokens: list[Token], i: int) -> bool:
    return i > 0 and text[tokens[i - 1].start].islower()


class Segmenter:
    """Split text into tokens and sentences for one language."""

    def __init__(self, lang: str):
        self.rules = rules_for(lang)
        self.layouts = chunk_layouts(self.rules)  # see ``_LineTokens``

    def __call__(self, text: str) -> tuple[list[Token], list[Sentence]]:
        tokens: list[Token] = []
        sentences: list[Sentence] = []
        pos = 0
        n = len(text)
        while pos < n:
            nl = text.find("\n", pos)
            line_end = n if nl < 0 else nl
            if line_end > pos:
                line = _LineTokens(text, pos, line_end, self.rules, self.layouts)
                self._segment_line(text, line, tokens, sentences)
            pos = line_end + 1
        return tokens, sentences

    def _segment_line(self, text: str, line: _LineTokens, tokens: list[Token],
                      sentences: list[Sentence]) -> None:
        toks = line.tokens
        n = len(toks)
        first = len(tokens)  # index in ``tokens`` of the open sentence's first token
        done = 0  # toks[:done] are in ``tokens``
        for i in line.stops:
            if i < done:
                continue
            # The tokens up to the stop cannot end a sentence: in one go.
            tokens += toks[done:i]
            kind = line.kinds[i]
            # Closing quotes and brackets right after the stop belong to the sentence.
            j = i + 1
            while j < n and self._closes(text, toks, j):
                j += 1
            split = j < n and self._ends_sentence(text, line, i, j, first, tokens)
            # A letter ending the sentence is a word, not an initial: "wrote on X."
            if kind == INITIAL and (split or (j == n and _after_lowercase(text, toks, i))):
                # "on X." ending a sentence: the letter and the period are two tokens.
                s, e = toks[i].start, toks[i].end
                tokens.append(Token(s, e - 1, text[s:e - 1]))
                tokens.append(Token(e - 1, e, "."))
            else:
                tokens.append(toks[i])
            tokens += toks[i + 1:j]
            done = j
            if split:
                sentences.append(Sentence(tokens[first].start, tokens[-1].end, first,
                                          len(tokens)))
                first = len(tokens)
        tokens += toks[done:]
        if len(tokens) > first:
            sentences.append(Sentence(tokens[first].start, tokens[-1].end, first, len(tokens)))

    @staticmethod
    def _closes(text: str, toks: list[Token], j: int) -> bool:
        s, e = toks[j].start, toks[j].end
        if e - s != 1 or text[s] not in CLOSERS:
            return False
        # A straight quote closes only when glued to what precedes it (`."`).
        return text[s] not in AMBIGUOUS_QUOTES or toks[j - 1].end == s

    def _ends_sentence(self, text: str, line: _LineTokens, i: int, j: int, first: int,
                       tokens: list[Token]) -> bool:
        """Does the stop at ``i`` (with its closers up to ``j``) end a sentence?"""
        s, e, kind = line.tokens[i].start, line.tokens[i].end, line.kinds[i]
        ns, ne = line.tokens[j].start, line.tokens[j].end
        nxt = text[ns]
        if nxt in OPENERS and ne == ns + 1 and ns + 1 < len(text):
            # `. "Kami …` or `. (Foto …` — look at the word after the opener.
            after = text[ns + 1]
            return not after.islower()
        if kind == ABBR and text[s:e] in self.rules.prefix_abbreviations:
            return False
        if kind in (ABBR, DOTTED, INITIAL):
            if not nxt.isupper():
                return False
            if text[ns:ne] in self.rules.sentence_starters:
                return True
            # A lone initial after a lower-case word ends the sentence ("wrote on X.");
            # after a capitalised word it is part of a name ("George W. Bush").
            return kind == INITIAL and _after_lowercase(text, line.tokens, i)
        if text[s] == "." and e - s == 1 and self._is_list_marker(line, i, first, tokens):
            return False
        if e - s > 1 or text[s] == "…":
            # An ellipsis often trails off mid-sentence ("ke... 70 persen"): only a
            # capital after it starts a new sentence.
            return nxt.isupper()
        if text[s] == "." and not (nxt.isupper() or nxt.isdigit()):
            return False
        # ? and ! end a sentence unless a lower-case word follows (`?" tanya dia`).
        return not nxt.islower()

    @staticmethod
    def _is_list_marker(line: _LineTokens, i: int, first: int, tokens: list[Token]) -> bool:
        """"1." opening a list item, after a colon or at the start of a sentence."""
        if i == 0:
            return False
        prev = line.tokens[i - 1].text
        if line.kind(i - 1) != WORD or len(prev) > 2 or not prev.isdigit():
            return False
        if len(tokens) - 1 == first:  # the number is the sentence's first token
            return True
        return i >= 2 and line.tokens[i - 2].text == ":"


class SegmentStage:
    """Pipeline stage: fill ``doc.tokens`` and ``doc.sentences``."""

    def __init__(self, lang: str):
        self.lang = lang
        self.segmenter = Segmenter(lang)

    def __call__(self, doc: Doc) -> None:
        doc.tokens, doc.sentences = self.segmenter(doc.text)

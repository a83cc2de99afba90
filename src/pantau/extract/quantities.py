"""Quantity stage (issue 3): every count or sum of money, with qualifier and unit.

One precompiled regex per language finds the numerals ("3.000", "1,2 juta",
"dua puluh lima", "$5bn"). The words around each numeral, looked up in the
language's ``qualifiers.tsv`` and ``units.tsv``, give its qualifier ("sedikitnya",
"at least"), what it counts ("tentara" → troops, "5 orang tewas" → killed,
"Rp" → idr), or the verdict that it is no count at all: a year, a duration, an
age, a time of day, a distance. A numeral whose unit cannot be read is dropped:
a bare number is more often a score, a code or an age than a count.

``Numerals`` (reading number words and digits) is shared with the time stage.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from pantau.doc import Doc, QuantityMention
from pantau.lang import data_path
from pantau.text.patterns import alternation, fold_odd_cases

Number = int | float

# A word (letters or digits, inner hyphens and apostrophes allowed) or one symbol. The
# possessive repeats find the same words (nothing after them could match by giving some
# back) without keeping backtracking points.
_TOKEN = re.compile(r"[^\W_]++(?:[-'’.][^\W_]++)*+|[^\w\s]")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)|\n")
# How a quantity's unit was read: from the counted noun or currency, from what happened
# to the counted (an outcome or a verb), or not at all (the noun is left out).
FROM_NOUN, FROM_CONTEXT, ELLIPTIC = "noun", "context", "elliptic"
_WORD_SPLIT = re.compile(r"[\s-]+")  # between number words: "dua puluh", "twenty-five"
_DIGITS = r"\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"


# Letters that IGNORECASE matches with an ASCII letter but ``lower()`` leaves alone.
_CASE_FOLD_ONLY = ("ı", "ſ")


# The last text ``lowered`` read and its answer: the quantity and the time stage ask in turn
# about the same document text.
_last_lowered: tuple[str, str | None] = ("", "")


def lowered(text: str) -> str | None:
    """``text`` lower-cased, for scanning with a case-sensitive copy of an IGNORECASE
    regex over ASCII words (a third faster); None when that could match differently:
    a letter whose lower case is longer ("İ") or one that only case folding joins."""
    global _last_lowered
    last = _last_lowered
    if last[0] is text:
        return last[1]
    lower = text.lower()
    answer = None if len(lower) != len(text) or any(c in lower for c in _CASE_FOLD_ONLY) \
        else lower
    _last_lowered = (text, answer)
    return answer


def read_tsv(path) -> list[list[str]]:
    """Rows of a tab-separated data file, without comments and blank lines."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


def as_number(value: Decimal) -> Number:
    """An int when ``value`` is whole (3000, not 3000.0), else a float."""
    return int(value) if value == value.to_integral_value() else float(value)


class Numerals:
    """Reads the numerals of one language: digits with its separators, words, scales."""

    def __init__(self, lang: str):
        data = json.loads(data_path(lang, "numbers.json").read_text(encoding="utf-8"))
        self.group: str = data["group_separator"]
        self.decimal: str = data["decimal_separator"]
        self.words: dict[str, int] = data["words"]
        self.adders: dict[str, int] = data["adders"]
        self.multipliers: dict[str, int] = data["multipliers"]
        self.scales: dict[str, int] = data["scales"]
        self.short_scales: dict[str, int] = data["abbreviated_scales"]
        self.connectors: set[str] = set(data["connectors"])
        self.strip_suffixes: list[str] = data["strip_suffixes"]
        self.plural_suffix: str | None = data["plural_suffix"]

        word = alternation([*self.words, *self.adders, *self.multipliers, *self.scales])
        joint = rf"(?:[\s-]+(?:(?:{alternation(self.connectors)})\s+)?)" if self.connectors \
            else r"[\s-]+"
        scales = alternation(self.scales)
        # Regex fragments, each defining the named groups read by ``value``.
        self.digits_pattern = (
            rf"(?P<digits>{_DIGITS})"
            rf"(?:\s*(?P<short>{alternation(self.short_scales)})(?![\w])"
            rf"|\s+(?P<scale>(?:{scales})(?:\s+(?:{scales}))*))?")
        self.words_pattern = rf"(?P<words>(?:{word})(?:{joint}(?:{word}))*)"
        self.word_pattern = word  # any one number word: how ``words_pattern`` starts
        self.small_words_pattern = alternation(
            w for w, v in self.words.items() if v < 1000)

    def digits_value(self, text: str) -> Decimal | None:
        """The value of a digit string written with this language's separators."""
        whole, _, fraction = text.rpartition(self.decimal) if self.decimal in text \
            else (text, "", "")
        groups = whole.split(self.group)
        if len(groups) > 1 and any(len(g) != 3 for g in groups[1:]):
            # "2.5" in Indonesian text: the foreign decimal point, not a grouping.
            if len(groups) == 2 and not fraction:
                return Decimal(f"{groups[0]}.{groups[1]}")
            return None
        try:
            return Decimal("".join(groups) + ("." + fraction if fraction else ""))
        except InvalidOperation:
            return None

    def words_value(self, text: str) -> int | None:
        """The value of a sequence of number words, None when it is not one number
        ("dua tiga", "two three" are two numbers or a vague amount)."""
        total = hundreds = small = 0
        for word in _WORD_SPLIT.split(text.lower()):
            if word in self.connectors:
                continue
            if word in self.words:
                value = self.words[word]
                if value >= 1000:  # seribu, sejuta: a scale with its own "one"
                    if hundreds or small:
                        return None
                    total += value
                elif value >= 100:  # seratus
                    if hundreds or small:
                        return None
                    hundreds = value
                elif small == 0 or (small % 10 == 0 and small >= 20 and value < 10):
                    small += value  # "dua puluh" + "lima", "twenty" + "five"
                else:
                    return None
            elif word in self.adders:  # dua belas
                if not 1 <= small <= 9:
                    return None
                small += self.adders[word]
            elif word in self.multipliers:
                factor = self.multipliers[word]
                if factor >= 100:
                    if hundreds:
                        return None
                    hundreds, small = (small or 1) * factor, 0
                elif 1 <= small <= 9:
                    small *= factor
                else:
                    return None
            elif word in self.scales:
                if total and not hundreds + small:  # "hundred thousand million": scales stack
                    total *= self.scales[word]
                else:
                    total += ((hundreds + small) or 1) * self.scales[word]
                hundreds = small = 0
            else:
                return None
        return total + hundreds + small

    def scale_of(self, match: re.Match) -> int:
        """The factor the scale words of a digits match contribute ("5 juta" → 10**6)."""
        factor = self.short_scales[match.group("short").lower()] if match.group("short") else 1
        for scale in (match.group("scale") or "").lower().split():
            factor *= self.scales[scale]
        return factor

    def value(self, match: re.Match) -> Decimal | None:
        """The value of a match of ``digits_pattern`` or ``words_pattern``."""
        if match.group("words"):
            count = self.words_value(match.group("words"))
            return None if count is None else Decimal(count)
        value = self.digits_value(match.group("digits"))
        return None if value is None else value * self.scale_of(match)


@dataclass(slots=True)
class _Found:
    """A quantity being read: its span so far, value, qualifier, currency, and the text
    left of it not yet read."""

    start: int
    end: int
    value: Decimal | list[Decimal]
    qualifier: str
    currency: str | None
    left: str


class _Words:
    """The words of ``_TOKEN.findall(text, start, end)``, read only as far as they are looked
    at: a scan costs per word found, and most numerals are judged by their first few words.

    ``raw[k]`` is a word as written, ``lower[k]`` lower-cased (word by word, as the whole
    text would be: a word holds no space). Before reading index ``k``, ask ``has(k + 1)``."""

    __slots__ = ("_matches", "lower", "raw")

    def __init__(self, raw: list[str], lower: list[str],
                 matches: Iterator[re.Match[str]] | None = None):
        self.raw = raw
        self.lower = lower
        self._matches = matches

    @classmethod
    def scan(cls, text: str, start: int, end: int) -> _Words:
        return cls([], [], _TOKEN.finditer(text, start, end))

    @classmethod
    def of_lower(cls, words: list[str]) -> _Words:
        """Words already lower-cased, all read."""
        return cls(words, words)

    def has(self, n: int) -> bool:
        """Whether there are ``n`` words, reading on as far as needed."""
        raw = self.raw
        if len(raw) >= n:
            return True
        if self._matches is None:
            return False
        for match in self._matches:
            word = match.group()
            raw.append(word)
            self.lower.append(word.lower())
            if len(raw) >= n:
                return True
        self._matches = None  # all read
        return False


_NO_PHRASES: dict[str, list[tuple[list[str], str]]] = {}


class _Lexicon:
    """units.tsv: phrase tables per role, looked up on lower-cased token sequences."""

    def __init__(self, lang: str, strip_suffixes: list[str]):
        self.strip_suffixes = strip_suffixes
        self.suffixes = tuple(strip_suffixes)  # for one ``endswith`` test of them all
        self.tables: dict[str, dict[tuple[str, ...], str]] = {}
        for row in read_tsv(data_path(lang, "units.tsv")):
            phrase, role = tuple(row[0].lower().split()), row[1]
            self.tables.setdefault(role, {})[phrase] = row[2] if len(row) > 2 else ""
        # role → first word → [(phrase, unit)], longest phrase first: most words start none.
        self.index: dict[str, dict[str, list[tuple[list[str], str]]]] = {}
        for role, table in self.tables.items():
            by_first = self.index.setdefault(role, {})
            for phrase, unit in sorted(table.items(), key=lambda item: -len(item[0])):
                by_first.setdefault(phrase[0], []).append((list(phrase), unit))

    def phrases(self, role: str) -> list[str]:
        return [" ".join(k) for k in self.tables.get(role, {})]

    def find(self, role: str, words: _Words, i: int) -> tuple[str, int] | None:
        """The longest phrase of ``role`` starting at ``words.lower[i]``: (unit, length)."""
        tokens = words.lower
        if i >= len(tokens) and not words.has(i + 1):  # ``has`` only when not read yet
            return None
        by_first = self.index.get(role, _NO_PHRASES)
        word = tokens[i]
        entries = by_first.get(word)
        if entries is not None:
            for phrase, unit in entries:
                n = len(phrase)
                if n == 1 or (words.has(i + n) and tokens[i:i + n] == phrase):
                    return unit, n
        # "tentaranya" → "tentara": a one-word phrase with a suffix.
        if self.suffixes and word.endswith(self.suffixes):
            for suffix in self.strip_suffixes:
                if len(word) > len(suffix) + 2 and word.endswith(suffix):
                    for phrase, unit in by_first.get(word[: -len(suffix)], ()):
                        if len(phrase) == 1:
                            return unit, 1
        return None


class _LastPhrase:
    r"""Finds one of ``phrases`` (a regex) ending a string but for spaces, not inside a word:
    ``(?<![\w-])(?P<q>phrases)\s+$`` searched, IGNORECASE, read by ``start("q")``.

    A regex opening with a lookbehind is tried at every position; this one opens with the
    character before the phrase (an ASCII class, which ``re`` tests with a bitmap, then
    ``\w``), so the regex engine skips in C to where it may match. The string's start, where
    no character precedes, is tried on its own."""

    def __init__(self, phrases: str):
        self.at_start = re.compile(rf"(?P<q>{phrases})\s+$", re.IGNORECASE)
        self.after = re.compile(rf"[^0-9A-Za-z-](?<!\w)(?P<q>{phrases})\s+$", re.IGNORECASE)

    def search(self, text: str) -> re.Match[str] | None:
        return self.at_start.match(text) or self.after.search(text)


class QuantityStage:
    """Appends a ``QuantityMention`` for every count or sum of money in ``doc.text``."""

    NOUN_WINDOW = {"id": 1}  # Indonesian nouns follow the number; English adjectives intervene
    OUTCOME_WINDOW = 6  # tokens after the counted noun searched for what happened to them
    ACTION_WINDOW = 3  # tokens before "N kali" / "N times" searched for the repeated action
    LEFT_CONTEXT = 40  # characters read before a numeral (qualifier, blocker, verb)
    RIGHT_CONTEXT = 80  # characters read after it (unit, outcome)

    def __init__(self, lang: str):
        self.lang = lang
        self.numerals = Numerals(lang)
        self.lexicon = _Lexicon(lang, self.numerals.strip_suffixes)
        self.noun_window = self.NOUN_WINDOW.get(lang, 3)
        qualifiers: dict[str, dict[str, str]] = {}
        for phrase, role, qualifier in read_tsv(data_path(lang, "qualifiers.tsv")):
            qualifiers.setdefault(role, {})[phrase.lower()] = qualifier
        self.before_qualifiers = qualifiers.get("before", {})
        self.after_qualifiers = qualifiers.get("after", {})

        lex = self.lexicon
        currency = alternation(lex.phrases("currency_before"))
        numeral = (
            # Not inside a word, a code ("Covid-19", "ke-5"), a date or a time of day.
            rf"(?<![\w.,/:$])(?<![^\W\d_][-–])(?:(?P<currency>{currency})\s*|)"
            rf"(?:{self.numerals.digits_pattern}|{self.numerals.words_pattern})"
            r"(?![\w/]|[.,]\d|:\d|[-–][^\W\d_])")
        # Scanning lower-cased text without IGNORECASE is a third faster; the
        # case-blind pattern serves the texts ``lowered`` refuses.
        self.numeral_lower = re.compile(numeral)
        self.numeral = re.compile(numeral, re.IGNORECASE)
        # ``numeral`` opens with lookbehinds, so a scan with it runs the whole regex at every
        # position. This scan skips in C to a character the lookbehind allows before a numeral
        # and checks what follows it could begin one; only there is ``numeral`` tried. (An
        # ASCII class first, which ``re`` tests with a bitmap, then ``\w`` on what it lets by.)
        # The currencies and number words in one trie: a lookahead only asks whether one
        # of them begins here, which one trie answers with one branch on the first letter.
        numerals = self.numerals
        lead = alternation([*lex.phrases("currency_before"), *numerals.words, *numerals.adders,
                            *numerals.multipliers, *numerals.scales])
        candidate = rf"[^0-9A-Za-z.,/:$](?<!\w)(?=\d|{lead})"
        self.candidates_lower = re.compile(candidate)
        self.candidates = re.compile(candidate, re.IGNORECASE)
        self.qualifier_before = _LastPhrase(alternation(self.before_qualifiers))
        self.qualifier_after = re.compile(
            rf"\s+(?P<q>{alternation(self.after_qualifiers)})(?![\w])", re.IGNORECASE)
        self.currency_after = re.compile(
            rf"\s+(?P<c>{alternation(lex.phrases('currency_after'))})(?![\w])", re.IGNORECASE)
        self.range_join = re.compile(
            rf"\s*(?:{alternation(qualifiers.get('range_join', {}))})\s*", re.IGNORECASE)
        self.range_close = re.compile(
            rf"\s+(?:{alternation(qualifiers.get('range_close', {}))})\s+", re.IGNORECASE)
        self.range_open = _LastPhrase(alternation(qualifiers.get("range_open", {})))
        self.repeat_after = re.compile(
            rf"\s+(?:{alternation(lex.phrases('repeat'))})(?![\w])", re.IGNORECASE)
        self.currency_units = {" ".join(k): v for role in ("currency_before", "currency_after")
                               for k, v in lex.tables.get(role, {}).items()}

    def __call__(self, doc: Doc) -> None:
        # Read with "İ", "ı", "ſ" folded to the letters the regexes match them to, so that
        # the words found are keys of the lexicons.
        text = fold_odd_cases(doc.text)
        lower = lowered(text)
        # (A per-word-form table of where a numeral may begin, looked up over the
        # segmenter's tokens, saved a fifth of this stage on text seen before but cost a
        # quarter more on new text: filling it for a new form costs more than this scan.)
        found = self._numerals(text, self.numeral, self.candidates) if lower is None \
            else self._numerals(lower, self.numeral_lower, self.candidates_lower)
        value_of = self.numerals.value
        matches = [(m, value) for m in found if (value := value_of(m)) is not None]
        counted: tuple[int, str] | None = None  # end and unit of the last counted noun
        i = 0
        while i < len(matches):
            quantity, used, reading = self._quantity(text, matches, i)
            i += used
            if quantity is None:
                continue
            if reading == ELLIPTIC:
                # "sekitar 11.000 tentara …, dan sekitar 3.000 atau lebih juga dikirim":
                # the noun left out is the last one counted in the same sentence.
                if counted is None or _SENTENCE_END.search(text, counted[0], quantity.start):
                    continue
                quantity.unit = counted[1]
            elif reading == FROM_NOUN:
                counted = quantity.end, quantity.unit or ""
            doc.quantities.append(quantity)

    @staticmethod
    def _numerals(text: str, numeral: re.Pattern[str], candidates: re.Pattern[str]
                  ) -> list[re.Match[str]]:
        """What ``numeral.finditer(text)`` finds, trying ``numeral`` only at the start of
        the text and after each of ``candidates`` (the character before a numeral)."""
        found = []
        end = 0
        match = numeral.match(text)
        if match:
            found.append(match)
            end = match.end()
        for before in candidates.finditer(text):
            at = before.end()
            if at >= end and (match := numeral.match(text, at)):
                found.append(match)
                end = match.end()
        return found

    def _quantity(self, text: str, matches: list[tuple[re.Match, Decimal]], i: int
                  ) -> tuple[QuantityMention | None, int, str]:
        """The quantity starting at ``matches[i]``, how many numerals it used and how its
        unit was read (FROM_NOUN, FROM_CONTEXT, ELLIPTIC)."""
        first, low = matches[i]
        found = _Found(first.start(), first.end(), low, "exact", first.group("currency"),
                       text[max(0, first.start() - self.LEFT_CONTEXT):first.start()])
        used = 2 if i + 1 < len(matches) and self._read_range(text, found, first,
                                                              *matches[i + 1]) else 1
        self._read_qualifiers(text, found)
        if found.currency:
            unit: str | None = self.currency_units[" ".join(found.currency.lower().split())]
            reading = FROM_NOUN
        elif first.group("short"):
            return None, used, ""  # "5m", "3k" without money: a measure
        else:
            read = self._unit(text, found.left, found.end, first)
            if read is None:
                return None, used, ""
            unit, reading = read
            repeat = self.repeat_after.match(text, found.end)
            if repeat and unit is not None:  # "16 kali": the count is of the action
                found.end = repeat.end()
        value = found.value
        number = [as_number(v) for v in value] if isinstance(value, list) else as_number(value)
        return QuantityMention(found.start, found.end, number, found.qualifier, unit), used, \
            reading

    def _read_range(self, text: str, found: _Found, first: re.Match, second: re.Match,
                    high: Decimal) -> bool:
        """Read "300 hingga 500", "antara 300 dan 500", "Rp 4-5 juta" into ``found``."""
        # Both joiners first: most numerals have neither up to the next one, and then the
        # search for an opening word ("antara") is spared.
        join = self.range_join.match(text, found.end)
        close = self.range_close.match(text, found.end)
        if not ((join and join.end() == second.start())
                or (close and close.end() == second.start())):
            return False
        opened = self.range_open.search(found.left)
        join = close if opened else join
        if not join or join.end() != second.start():
            return False
        low = found.value
        assert isinstance(low, Decimal)
        scale = self.numerals.scale_of(second)
        if self.numerals.scale_of(first) == 1 and low * scale <= high:
            low *= scale  # "Rp 4-5 juta": the scale is said once for both
        found.value, found.qualifier = [low, high], "range"
        found.currency = found.currency or second.group("currency")
        found.end = second.end()
        if opened:
            found.start -= len(found.left) - opened.start("q")
            found.left = found.left[:opened.start("q")]
        return True

    def _read_qualifiers(self, text: str, found: _Found) -> None:
        """Read the qualifier before the number ("sedikitnya") and the currency and
        qualifier after it ("550 ribu dolar AS", "3.000 atau lebih") into ``found``."""
        if found.qualifier != "range":
            before = self.qualifier_before.search(found.left)
            if before:
                found.qualifier = self.before_qualifiers[before.group("q").lower()]
                found.start -= len(found.left) - before.start("q")
                found.left = found.left[:before.start("q")]
        currency = self.currency_after.match(text, found.end)
        if currency:
            found.currency = found.currency or currency.group("c")
            found.end = currency.end()
        after = self.qualifier_after.match(text, found.end)
        if after and found.qualifier != "range":
            found.qualifier = self.after_qualifiers[after.group("q").lower()]
            found.end = after.end()

    def _unit(self, text: str, left: str, end: int, numeral: re.Match
              ) -> tuple[str | None, str] | None:
        """What the numeral counts and how that was read (FROM_NOUN, FROM_CONTEXT, or ELLIPTIC
        with no unit); None when the numeral is no count."""
        lex = self.lexicon
        left = left.lower()
        # The word before the numeral, read from the last space-separated chunk alone (a
        # token holds no space), unless that chunk holds none ("_").
        last = left.rsplit(None, 1)[-1:]
        before = _Words.of_lower((_TOKEN.findall(last[0])[-1:] if last else [])
                                 or _TOKEN.findall(left)[-1:])
        if before.raw and lex.find("blocker", before, 0):
            return None
        words = _Words.scan(text, end, end + self.RIGHT_CONTEXT)
        head = self._head(words, left)
        if head is None:
            return None
        unit, person, outcome, i = head
        if self._looks_like_year(numeral) and not any(
                lex.find(role, words, 0) for role in ("noun", "person", "classifier")):
            return None  # "May 19, 2025 A series of …"
        if unit is not None and not person:
            return unit, FROM_NOUN
        outcome = outcome or self._outcome(words, self._skip(words, i))
        if outcome:
            return outcome, FROM_CONTEXT
        verb = lex.find("verb", before, 0) if before.raw else None
        if verb:
            return verb[0], FROM_CONTEXT
        if unit is not None:
            return unit, FROM_NOUN
        if self._looks_like_year(numeral) or (words.has(1) and words.raw[0][:1].isupper()):
            return None  # a year; a number before a name is a code or a date, not a count
        return None, ELLIPTIC

    def _head(self, words: _Words, left: str
              ) -> tuple[str | None, bool, str | None, int] | None:
        """The counted noun after a number: (unit, is a person, outcome adjective, index
        after it); None when a measure word shows the number is no count. ``left``: the
        lower-cased text before the number."""
        lex = self.lexicon
        tokens = words.lower
        i = self._skip(words, 0)
        if lex.find("measure", words, 0) or lex.find("measure", words, i):
            return None
        if lex.find("repeat", words, 0):  # "ditembak 16 kali": a count of that action
            action = self._action(
                _Words.of_lower(_TOKEN.findall(left)[-self.ACTION_WINDOW:]))
            return (action, False, None, 1) if action else None
        if 0 < i and words.has(i + 1) and self._is_numeral(tokens[i]):
            i += 1  # "2 di antara 10 perusahaan": counted like the whole
        unit, person, adjective, plural = None, False, None, None
        classifier = lex.find("classifier", words, i)
        if classifier:  # "5 orang": people, unless a noun or an outcome says more
            unit, person = classifier[0] or None, True
            i += classifier[1]
        for j in range(i, i + self.noun_window):
            if not words.has(j + 1) or not tokens[j][0].isalnum() \
                    or lex.find("stop", words, j):
                break
            if lex.find("measure", words, j):  # "three consecutive days"
                return None
            person_hit, noun_hit = lex.find("person", words, j), lex.find("noun", words, j)
            if person_hit or noun_hit:  # the longer phrase wins: "korban jiwa" over "korban"
                is_person = not noun_hit or bool(person_hit and person_hit[1] > noun_hit[1])
                hit = person_hit if is_person else noun_hit
                assert hit is not None
                return hit[0], is_person, adjective, j + hit[1]
            if hit := lex.find("outcome", words, j):  # "14 missing gold miners"
                adjective = hit[0]
            elif plural is None and self._is_plural(words.raw[j]):
                plural = j
        if plural is not None and unit is None:
            return tokens[plural], True, adjective, plural + 1
        return unit, person, adjective, i

    def _action(self, left_tokens: _Words) -> str | None:
        """The repeated action a "N kali" / "N times" counts, from a verb shortly before."""
        for j in range(len(left_tokens.raw) - 1, -1, -1):
            hit = self.lexicon.find("action", left_tokens, j)
            if hit:
                return hit[0]
        return None

    def _is_numeral(self, token: str) -> bool:
        return token[0].isdigit() or token in self.numerals.words

    def _skip(self, words: _Words, i: int) -> int:
        """Past the words that may stand between a number and what it counts."""
        while hit := self.lexicon.find("skip", words, i):
            i += hit[1]
        return i

    def _outcome(self, words: _Words, i: int) -> str | None:
        """What happened to the counted people, said within the clause after them."""
        lex = self.lexicon
        tokens = words.lower
        for j in range(i, i + self.OUTCOME_WINDOW):
            if not words.has(j + 1):
                return None
            if not tokens[j][0].isalpha() or lex.find("clause_stop", words, j):
                return None
            hit = lex.find("outcome", words, j)
            if hit:
                # "gunmen killed three police": an active verb with an object, no outcome.
                k = j + hit[1]
                if words.has(k + 1) and (self._is_numeral(tokens[k])
                                         or lex.find("determiner", words, k)):
                    return None
                return hit[0]
        return None

    def _is_plural(self, token: str) -> bool:
        """An unknown lower-case word with the plural ending: its own unit ("40 rescuers")."""
        suffix = self.numerals.plural_suffix
        return suffix is not None and token.isalpha() and token.islower() and len(token) > 3 \
            and token.endswith(suffix) and not token.endswith(suffix * 2)

    @staticmethod
    def _looks_like_year(numeral: re.Match) -> bool:
        digits = numeral.group("digits")
        return bool(digits) and len(digits) == 4 and digits.isdigit() \
            and 1800 <= int(digits) <= 2100 and not numeral.group("scale")

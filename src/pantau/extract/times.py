"""Time stage (issue 4): every time expression, normalised against ``published``.

The grammar is data: ``lang/<lang>/times.json`` holds the language's words
(months, weekdays, relative words, parts of periods …) and an ordered list of
rules, each a regex pattern over those words written with ``{macros}`` and a
``kind``. This module is the engine: it compiles the rules once per language,
scans a document once for the words rules start with, tries there the rules that
can start with that word (the first that matches wins), and resolves each match
with the resolver of its kind into ``[start_date, end_date]`` and a granularity, as
SCHEMA.md ("Time expressions", "Settled cases") says. A few rules then work
across mentions: "sejak X" / "since X" runs to ``published``, "X hingga Y"
joins two mentions, a time of day takes the day next to it or the day the
narrative is on, and "bulan sebelumnya" / "the previous month" counts from the
mention before it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, NamedTuple

from pantau.doc import Doc, QuantityMention, TimeMention
from pantau.extract.quantities import Numerals, lowered
from pantau.lang import data_path
from pantau.text.patterns import alternation, fold_odd_cases

Interval = tuple[date | None, date | None, str | None]

# Periods that are not SCHEMA.md granularities are reported at the nearest one.
_GRANULARITY = {"hour": "day", "half": "month"}
# "beberapa hari lalu": a few is up to a week of the unit, reported one level coarser.
_FEW = 7
_COARSER = {"hour": "day", "day": "week", "week": "month", "month": "year", "quarter": "year",
            "half": "year", "year": "decade", "decade": "decade"}
_DIGIT = "#"  # the start "word" of rules that begin with a number
_CLAUSE_DELIMITERS = ".;!?\n\"“”,"


def _month_end(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + n
    return index // 12, index % 12 + 1


def _period(unit: str, anchor: date, shift: int = 0) -> tuple[date, date]:
    """The calendar ``unit`` containing ``anchor``, moved by ``shift`` units."""
    if unit in ("day", "hour"):
        day = anchor + timedelta(days=shift)
        return day, day
    if unit == "week":  # Monday to Sunday
        monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=shift)
        return monday, monday + timedelta(days=6)
    size = {"month": 1, "quarter": 3, "half": 6}.get(unit)
    if size:
        first = (anchor.month - 1) // size * size + 1
        year, month = _add_months(anchor.year, first, size * shift)
        return date(year, month, 1), _month_end(*_add_months(year, month, size - 1))
    if unit == "decade":
        year = anchor.year // 10 * 10 + 10 * shift
        return date(year, 1, 1), date(year + 9, 12, 31)
    year = anchor.year + shift
    return date(year, 1, 1), date(year, 12, 31)


def _minus(anchor: date, unit: str, n: int) -> date:
    """``anchor`` moved back ``n`` units ("lima hari terakhir" starts 5 days back)."""
    if unit == "hour":
        return anchor - timedelta(days=-(-n // 24))
    if unit in ("day", "week"):
        return anchor - timedelta(days=n * (7 if unit == "week" else 1))
    months = n * {"month": 1, "quarter": 3, "half": 6, "year": 12, "decade": 120}[unit]
    year, month = _add_months(anchor.year, anchor.month, -months)
    return date(year, month, min(anchor.day, _month_end(year, month).day))


def _thirds(unit: str, start: date, end: date, part: str) -> Interval:
    """The first, middle or last third of a period ("awal Februari", "akhir tahun")."""
    if part == "whole" or unit in ("day", "hour"):  # "akhir hari" is still that day
        return start, end, _GRANULARITY.get(unit, unit)
    index = ("early", "mid", "late").index(part)
    if unit == "month":
        first = (start.replace(day=1), start.replace(day=11), start.replace(day=21))[index]
        last = (start.replace(day=10), start.replace(day=20), end)[index]
        return first, last, "day"
    if unit == "week":  # early Mon–Tue, mid Wed–Fri, late the weekend
        offsets = ((0, 1), (2, 4), (5, 6))[index]
        return start + timedelta(days=offsets[0]), start + timedelta(days=offsets[1]), "day"
    if unit == "decade":
        years = ((0, 3), (4, 6), (7, 9))[index]
        return date(start.year + years[0], 1, 1), date(start.year + years[1], 12, 31), "year"
    # Periods of whole months: a year is Jan–Apr, May–Aug, Sep–Dec.
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    size = max(1, months // 3)
    y1, m1 = _add_months(start.year, start.month, size * index)
    y2, m2 = (end.year, end.month) if index == 2 else _add_months(y1, m1, size - 1)
    return date(y1, m1, 1), _month_end(y2, m2), "month"


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


class _Groups:
    """The named groups of one rule inside the combined regex (stored there as
    ``<name>_<rule>``), read by their plain names."""

    __slots__ = ("match", "index")

    def __init__(self, match: re.Match, index: dict[str, int]):
        # ``index``: the rule's plain group names -> their numbers in ``match.re``, made
        # once per regex and rule (reading a group by number skips a name lookup).
        self.match, self.index = match, index

    def get(self, name: str) -> str | None:
        number = self.index.get(name)
        return None if number is None else self.match.group(number)

    def __getitem__(self, name: str) -> str:
        value = self.get(name)
        assert value is not None, name
        return value

    def start(self, name: str) -> int:
        return self.match.start(self.index[name])

    def end(self, name: str) -> int:
        return self.match.end(self.index[name])


class _Scan(NamedTuple):
    """What the rules read of a document."""

    text: str  # the text, its odd case letters folded (``fold_odd_cases``)
    quantities: list[QuantityMention]
    # ``text`` lower-cased, matched by the case-sensitive copies of the rules; None when
    # that could match differently (see ``lowered``): then the IGNORECASE rules read ``text``
    lower: str | None = None


def _lower_literals(pattern: str) -> str:
    """``pattern`` with its literal letters lower-cased: escapes (``\\s``, ``\\D``) and group
    names are kept. Compiled without IGNORECASE, it matches a lower-cased text where
    ``pattern`` with IGNORECASE matches the text (the texts ``lowered`` accepts), at the
    same offsets, with the same groups. Raises ValueError where that cannot hold: a letter
    whose lower case is longer, a capital letter in a class ("[A-Z]"), a flag group."""
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        char = pattern[i]
        if char == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if pattern.startswith(("(?P<", "(?P="), i):
            close = pattern.index(">" if pattern[i + 3] == "<" else ")", i)
            out.append(pattern[i:close + 1])
            i = close + 1
            continue
        if pattern.startswith("(?", i) and pattern[i + 2:i + 3].isalpha():
            raise ValueError(f"flags in a time rule: {pattern[i:i + 8]!r}")
        if char == "[":  # a class, kept as it is: it may hold no capital letter
            close = i + 1 + (pattern[i + 1:i + 2] == "^")
            close += pattern[close:close + 1] == "]"  # a "]" first is a member
            while pattern[close] != "]":
                if pattern[close] == "\\":
                    close += 1
                elif pattern[close].lower() != pattern[close]:
                    raise ValueError(f"a capital letter in a class: {pattern[i:close + 1]!r}")
                close += 1
            out.append(pattern[i:close + 1])
            i = close + 1
            continue
        lower = char.lower()
        if len(lower) != 1:
            raise ValueError(f"{char!r} lower-cases to {lower!r}")
        out.append(lower)
        i += 1
    return "".join(out)


def _lower_copy(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The case-sensitive copy of an IGNORECASE ``pattern`` for lower-cased text."""
    copy = re.compile(_lower_literals(pattern.pattern))
    if copy.groupindex != pattern.groupindex or copy.groups != pattern.groups:
        raise ValueError("the lower-cased copy of a time rule has other groups")
    return copy


@dataclass(slots=True)
class _Found:
    start: int
    end: int
    kind: str
    groups: _Groups


class TimeStage:
    """Appends a ``TimeMention`` for every time expression in ``doc.text``."""

    def __init__(self, lang: str):
        self.lang = lang
        data: dict[str, Any] = json.loads(
            data_path(lang, "times.json").read_text(encoding="utf-8"))
        self.numerals = Numerals(lang)
        self.capitalised: bool = data["names_capitalised"]
        self.day_first: bool = data["numeric_date_order"] == "dmy"
        self.months: dict[str, int] = data["months"]
        self.months_needing_cue = set(data["months_needing_cue"])
        self.month_cues = set(data["month_cues"])
        self.weekdays: dict[str, int] = data["weekdays"]
        self.units: dict[str, str] = data["units"]
        self.shifts: dict[str, int] = data["shifts"]
        self.parts: dict[str, str] = data["parts"]
        self.days: dict[str, int] = data["days"]
        self.ordinals: dict[str, int] = data["ordinals"]
        self.vague: dict[str, str | None] = data["vague"]
        self.anaphors: dict[str, list] = data["anaphors"]
        self.few = {" ".join(w.split()) for w in data["few"]}

        self.vocabulary = self._vocabulary(data)
        self.kinds = [rule["kind"] for rule in data["rules"]]
        self.bodies = [self._expand(rule["pattern"], f"_{index}")
                       for index, rule in enumerate(data["rules"])]
        # Each position is tried only with the rules that can start with its word: one
        # scan for such words, then one small combined regex per set of rules.
        starts: dict[str, set[int]] = {}
        for index, rule in enumerate(data["rules"]):
            for phrase in self._first_words(rule) or [_DIGIT]:
                starts.setdefault(" ".join(phrase.lower().split()), set()).add(index)
        # The scan finds the longest start phrase at a position ("hari ini"); the rules
        # of its shorter beginnings ("hari") are tried there too.
        self.rules_by_word: dict[str, tuple[int, ...]] = {}
        for phrase in starts:
            words = phrase.split()
            rules = set().union(*(starts.get(" ".join(words[:n]), set())
                                  for n in range(1, len(words) + 1)))
            self.rules_by_word[phrase] = tuple(sorted(rules))
        start_words = alternation(w for w in self.rules_by_word if w != _DIGIT)
        start = rf"(?P<start>\d|(?:{start_words})(?![^\W\d_]))"
        # At the text's start; elsewhere the character before a start is matched first: a
        # leading character class lets the regex engine skip in C to the places it allows
        # (a lookbehind opening the pattern would make it try every position). The class is
        # ASCII, which ``re`` tests with a bitmap; ``\w`` is tested only on what it lets by.
        self.first_start = re.compile(start, re.IGNORECASE)
        self.first_start_lower = re.compile(start)  # for lower-cased text: twice as fast
        after = rf"[^0-9A-Za-z/.,-](?<!\w){start}"
        self.starts = re.compile(after, re.IGNORECASE)
        self.starts_lower = re.compile(after)
        self.combined = {rules: re.compile(
            "(?:" + "|".join(f"(?P<r{i}>{self.bodies[i]})" for i in rules) + ")"
            r"(?![\w/]|[.,]\d)", re.IGNORECASE) for rules in set(self.rules_by_word.values())}
        # by rule set, then rule: the rule's plain group names -> group numbers (``_Groups``)
        self.combined_index: dict[tuple[int, ...], dict[int, dict[str, int]]] = {}
        for rule_set, pattern in self.combined.items():
            by_rule: dict[int, dict[str, int]] = {rule: {} for rule in rule_set}
            self.combined_index[rule_set] = by_rule
            for name, number in pattern.groupindex.items():
                plain, _, rule = name.rpartition("_")
                if plain:  # not the "r<rule>" group around each rule
                    by_rule[int(rule)][plain] = number
        # Each rule alone, to retry a position where the first matching rule was refused.
        self.singles = [re.compile(rf"(?:{self._expand(rule['pattern'], '')})(?![\w/]|[.,]\d)",
                                   re.IGNORECASE) for rule in data["rules"]]
        self.single_index = [dict(pattern.groupindex) for pattern in self.singles]
        # Matching lower-cased text without IGNORECASE is faster; ``_Scan.lower``.
        self.combined_lower = {rules: _lower_copy(pattern)
                               for rules, pattern in self.combined.items()}
        self.singles_lower = [_lower_copy(pattern) for pattern in self.singles]
        self.lead_in = re.compile(rf"(?<![\w-])(?:(?:{alternation(data['lead_ins'])})\s+)+$",
                                  re.IGNORECASE)
        self.lead_in_ends = tuple({phrase.split()[-1].lower() for phrase in data["lead_ins"]})
        self.since = re.compile(rf"(?<![\w-])(?:{alternation(data['since'])})\s+$", re.I)
        self.range_join = re.compile(rf"\s*(?:{alternation(data['range_joins'])})\s*$", re.I)
        self.future = re.compile(rf"(?<![\w-])(?:{alternation(data['future_cues'])})(?![\w-])",
                                 re.I)
        self.resolvers: dict[str, Callable[[_Groups, date | None, str, int], Interval | None]] = {
            "vague": self._vague, "date": self._date, "weekday": self._weekday,
            "day": self._day, "month": self._month, "year": self._year, "decade": self._decade,
            "period": self._shifted_period, "ago": self._ago, "last_n": self._last_n,
            "first_n": self._first_n, "ordinal_period": self._ordinal_period, "part": self._part,
        }

    # -- compiling the grammar ------------------------------------------------------------

    def _vocabulary(self, data: dict[str, Any]) -> dict[str, list[str]]:
        """The words each vocabulary macro stands for."""
        numbers = self.numerals
        one_prefix = data.get("one_prefix")
        return {
            "month": list(self.months), "month2": list(self.months),
            "weekday": list(self.weekdays), "unit": list(self.units),
            # "late last year" but not "the early weeks (of the war)": a period is singular.
            "unit_one": data.get("singular_units", list(self.units)),
            "shift": list(self.shifts), "yshift": list(self.shifts), "part": list(self.parts),
            "dayword": list(self.days), "ordinal": list(self.ordinals),
            "vague": list(self.vague), "anaphor": list(self.anaphors),
            "daypart": data["dayparts"], "few": list(self.few),
            "one": data.get("one_words", []),
            "one_prefix": [one_prefix] if one_prefix else [],
            "prefix_units": [one_prefix + unit for unit in self.units] if one_prefix else [],
            "number": [*(w for w, v in numbers.words.items() if v < 1000), *numbers.adders,
                       *numbers.multipliers],
        }

    def _expand(self, pattern: str, suffix: str) -> str:
        """A rule pattern as a regex: spaces match any whitespace, {macros} are replaced,
        named groups carry ``suffix`` so that all rules fit in one regex."""
        vocab = self.vocabulary

        def named(name: str, words: list[str]) -> str:
            return rf"(?P<{name}{suffix}>{alternation(words)})"

        def group(name: str, body: str) -> str:
            return rf"(?P<{name}{suffix}>{body})"

        count = [group("num", rf"\d{{1,3}}|(?:{alternation(vocab['number'])})"
                              rf"(?:[\s-]+(?:{alternation(vocab['number'])}))*") + r"\s+",
                 named("few", vocab["few"]) + r"\s+"]
        if vocab["one"]:
            count.append(named("one", vocab["one"]) + r"\s+")
        if vocab["one_prefix"]:  # "sepekan", "sebulan": the prefix means one
            count.append(group("prefix", re.escape(vocab["one_prefix"][0]))
                         + rf"(?=(?:{alternation(vocab['unit'])})(?![^\W\d_]))")
        macros = {
            "unit_one": named("unit", vocab["unit_one"]),
            **{name: named(name, vocab[name]) for name in (
                "month", "month2", "weekday", "unit", "shift", "yshift", "part", "dayword",
                "ordinal", "vague", "anaphor")},
            "daypart": rf"(?:{alternation(vocab['daypart'])})",
            "count": "(?:" + "|".join(count) + ")",
            "day": group("day", r"3[01]|[12]\d|0?[1-9]") + r"(?!\d)",
            "day2": group("day2", r"3[01]|[12]\d|0?[1-9]") + r"(?!\d)",
            "year": group("year", r"(?:1[5-9]|20)\d\d") + r"(?!\d)",
            "year2": group("year2", r"(?:1[5-9]|20)\d\d") + r"(?!\d)",
            "numdate": group("na", r"\d{1,2}") + "[/.-]" + group("nb", r"\d{1,2}")
            + "(?:[/.-]" + group("ny", r"\d{4}|\d{2}") + r")?(?!\d)",
            "numdate_full": group("na", r"\d{1,2}") + "[/-]" + group("nb", r"\d{1,2}")
            + "[/-]" + group("ny", r"\d{4}") + r"(?!\d)",
            "clock": group("clock", r"\d{1,2}(?:[.:][0-5]\d)?") + r"(?!\d)",
        }
        return re.sub(r"\{(\w+)\}", lambda m: macros[m.group(1)], pattern.replace(" ", r"\s+"))

    def _first_words(self, rule: dict[str, str]) -> list[str]:
        """The words a rule can start with: a vocabulary macro's words or literal words."""
        pattern = rule["pattern"]
        macro = re.match(r"\{(\w+)\}", pattern)
        if macro:
            name = macro.group(1)
            if name == "count":  # "a" counts only before a unit: "a week ago"
                vocab = self.vocabulary
                return [*vocab["number"], *vocab["few"], *vocab["prefix_units"],
                        *(f"{one} {unit}" for one in vocab["one"] for unit in vocab["unit"])]
            return self.vocabulary.get(name, [])  # numeric macros start with a digit
        literal = re.match(r"\(\?:([\w|]+)\)|(\w+)", pattern)
        if not literal:
            raise ValueError(f"time rule must start with a macro or a word: {pattern!r}")
        return (literal.group(1) or literal.group(2)).split("|")

    # -- the stage ----------------------------------------------------------------------------

    def __call__(self, doc: Doc) -> None:
        published = doc.published
        text = fold_odd_cases(doc.text)
        scan = _Scan(text, doc.quantities, lowered(text))
        mentions: list[TimeMention] = []
        kinds: list[str] = []
        for item in self._matches(scan):
            interval: Interval | None
            if item.kind == "anaphor":
                interval = self._anaphor(item.groups, published, mentions)
            elif item.kind == "clock":
                interval = self._clock(item.groups, published, mentions)
            else:
                interval = self.resolvers[item.kind](item.groups, published, text, item.start)
            if interval is None:
                continue
            start_date, end_date, granularity = interval
            if start_date and end_date and end_date < start_date:
                continue
            ranged = any(map(item.groups.get, ("day2", "month2", "year2")))
            if item.kind not in ("vague", "clock") and not ranged and start_date is not None \
                    and published is not None and start_date <= published \
                    and self.since.search(text, max(0, item.start - 20), item.start):
                end_date = published  # "sejak Oktober tahun lalu": up to now
            start = item.start
            before = text[max(0, start - 30):start]
            # A lead-in ends in whitespace right before the mention: the regex is tried only
            # after one of its last words (checked on ASCII text, where lower-casing is what
            # the regex's IGNORECASE does).
            if before[-1:].isspace() and (not before.isascii() or before.rstrip().lower()
                                          .endswith(self.lead_in_ends)):
                lead = self.lead_in.search(text, max(0, start - 30), start)
                if lead:
                    start = lead.start()
            mentions.append(TimeMention(start, item.end, start_date, end_date, granularity))
            kinds.append(item.kind)
        doc.times.extend(self._joined(text, mentions, kinds))

    def _matches(self, scan: _Scan) -> list[_Found]:
        """Rule matches left to right; at one position the first acceptable rule wins."""
        text = scan.text
        lower = scan.lower
        found: list[_Found] = []
        # One regex scan for the starts. (Looking for them only in the tokens that may
        # hold one, by a per-form cache, costs less on known forms but far more on a
        # first sight of a form: new text brings many.)
        if lower is None:
            scanned, first, search = text, self.first_start, self.starts.search
        else:
            scanned, first, search = lower, self.first_start_lower, self.starts_lower.search
        start = first.match(scanned) or search(scanned)
        while start:
            item = self._match_start(scan, start)
            pos = item.end if item else start.end()
            if item:
                found.append(item)
            start = search(scanned, pos - 1)  # from the character before the next start
        return found

    def _match_start(self, scan: _Scan, start: re.Match) -> _Found | None:
        """The item at a match of the start regex, trying the rules of its start word."""
        at = start.start("start")
        rules_by_word = self.rules_by_word
        if scan.text[at].isdigit():
            rules = rules_by_word[_DIGIT]
        else:
            word = start.group("start")
            rules = rules_by_word.get(word) or rules_by_word[" ".join(word.lower().split())]
        return self._match_at(scan, at, rules)

    def _match_at(self, scan: _Scan, at: int, rules: tuple[int, ...]) -> _Found | None:
        match = self.combined[rules].match(scan.text, at) if scan.lower is None \
            else self.combined_lower[rules].match(scan.lower, at)
        if match is None:
            return None
        rule = int(match.lastgroup[1:])  # type: ignore[index]  # "r<index>"
        groups = _Groups(match, self.combined_index[rules][rule])
        item = _Found(at, match.end(), self.kinds[rule], groups)
        if self._acceptable(item, scan):
            return item
        later = rules[rules.index(rule) + 1:]
        return self._retry(scan, at, later)

    def _retry(self, scan: _Scan, start: int, rules: tuple[int, ...]) -> _Found | None:
        singles, subject = (self.singles, scan.text) if scan.lower is None \
            else (self.singles_lower, scan.lower)
        for rule in rules:
            match = singles[rule].match(subject, start)
            if match:
                groups = _Groups(match, self.single_index[rule])
                item = _Found(start, match.end(), self.kinds[rule], groups)
                if self._acceptable(item, scan):
                    return item
        return None

    def _acceptable(self, item: _Found, scan: _Scan) -> bool:
        groups, text = item.groups, scan.text
        if self.capitalised:
            for name in ("month", "month2", "weekday"):
                if groups.get(name) and not text[groups.start(name)].isupper():
                    return False
        month = groups.get("month")
        if month and month.lower() in self.months_needing_cue and item.end == groups.end(
                "month") and not any(groups.get(g) for g in ("day", "year", "shift", "yshift")):
            # "May", "Jan" alone are a verb or a name unless a word like "in" precedes.
            previous = text[max(0, item.start - 20):item.start].split()
            if not previous or previous[-1].lower() not in self.month_cues:
                return False
        if item.kind == "ordinal_period" and self.units[groups["unit"].lower()] not in (
                "quarter", "half"):
            return False
        if item.kind == "year" and not groups.get("year2"):
            # A bare four-digit number is a year unless it is a count or money.
            if int(groups["year"]) < 1900 or any(
                    q.start < item.end and item.start < q.end for q in scan.quantities):
                return False
        return True

    def _joined(self, text: str, mentions: list[TimeMention], kinds: list[str]
                ) -> list[TimeMention]:
        """Join "X hingga Y" into one interval, and a time of day with the day beside it."""
        out: list[TimeMention] = []
        out_kinds: list[str] = []
        for mention, kind in zip(mentions, kinds, strict=True):
            last = out[-1] if out else None
            gap = text[last.end:mention.start] if last else ""
            if last and last.start_date and mention.start_date and mention.end_date \
                    and last.granularity == mention.granularity \
                    and last.start_date <= mention.start_date and self.range_join.match(gap):
                out[-1] = TimeMention(last.start, mention.end, last.start_date,
                                      mention.end_date, last.granularity)
                continue
            if last and "clock" in (kind, out_kinds[-1]) and not gap.strip(" ,") \
                    and last.granularity == "day" == mention.granularity:
                # "Jumat (29/5/2026), pukul 08.10 WIB": one mention dated by the day.
                day = last if kind == "clock" else mention
                out[-1] = TimeMention(last.start, mention.end, day.start_date, day.end_date,
                                      "day")
                out_kinds[-1] = "day"
                continue
            out.append(mention)
            out_kinds.append(kind)
        return out

    # -- resolvers: (groups, published, text, start) → (from, to, granularity) -----------

    def _forward(self, text: str, start: int) -> bool:
        """Whether the clause before ``start`` points to the future ("akan", "will")."""
        window = text[max(0, start - 160):start]
        clause_start = max(map(window.rfind, _CLAUSE_DELIMITERS)) + 1
        return bool(self.future.search(window, clause_start))

    def _numeric(self, groups: _Groups) -> tuple[int, int, int | None] | None:
        """(day, month, year) of a numeric date such as "20/10/2025" or "(19/8)"."""
        a, b = int(groups["na"]), int(groups["nb"])
        day, month = (a, b) if self.day_first else (b, a)
        year = groups.get("ny")
        full = None if year is None else int(year) + (2000 if len(year) == 2 else 0)
        return (day, month, full) if 1 <= month <= 12 and 1 <= day <= 31 else None

    def _day_month(self, groups: _Groups) -> tuple[int, int, int | None] | None:
        if groups.get("na"):
            return self._numeric(groups)
        if groups.get("day") and groups.get("month"):
            year = int(groups["year"]) if groups.get("year") else None
            return int(groups["day"]), self.months[groups["month"].lower()], year
        return None

    def _year_for(self, day: int, month: int, published: date, direction: int) -> date | None:
        """The date ``day``/``month`` in the year that fits: the most recent one not after
        ``published`` (direction −1), the next one from it (+1), else the closest."""
        candidates = [d for y in (published.year - 1, published.year, published.year + 1)
                      if (d := _safe_date(y, month, day)) is not None]
        if direction < 0:
            past = [d for d in candidates if d <= published]
            return past[-1] if past else None
        if direction > 0:
            future = [d for d in candidates if d >= published]
            return future[0] if future else None
        return min(candidates, key=lambda d: (abs((d - published).days), d > published),
                   default=None)

    def _direction(self, groups: _Groups, text: str, start: int) -> int:
        shift = groups.get("shift")
        if shift:
            return -1 if self.shifts[shift.lower()] < 0 else 1
        return 1 if self._forward(text, start) else 0

    def _date(self, groups: _Groups, published: date | None, text: str, start: int
              ) -> Interval | None:
        parts = self._day_month(groups)
        if parts is None:
            return None
        day, month, year = parts
        if year is not None:
            first = _safe_date(year, month, day)
        elif published is None:
            return None, None, "day"
        else:
            first = self._year_for(day, month, published, self._direction(groups, text, start))
        if first is None:
            return None
        if not groups.get("day2"):
            return first, first, "day"
        last = _safe_date(first.year, first.month, int(groups["day2"]))  # "19-20 Mei"
        return None if last is None or last < first else (first, last, "day")

    def _weekday(self, groups: _Groups, published: date | None, text: str, start: int
                 ) -> Interval | None:
        weekday = self.weekdays[groups["weekday"].lower()]
        parts = self._day_month(groups)
        if parts is not None:
            stated = self._stated_date(parts, published)
            if stated is None:
                return None
            day = self._check_weekday(stated, weekday, published)
            return day, day, "day"
        if published is None:
            return None, None, "day"
        shift = groups.get("shift")
        step = self.shifts[shift.lower()] if shift else (1 if self._forward(text, start) else -1)
        if shift and step == 0:  # "Senin ini": in the current Monday–Sunday week
            day = published + timedelta(days=weekday - published.weekday())
        elif step < 0:  # the most recent one; "Selasa lalu" is never today
            back = (published.weekday() - weekday) % 7 or (7 if shift else 0)
            day = published - timedelta(days=back)
        else:  # "Senin depan" is never today
            ahead = (weekday - published.weekday()) % 7 or (7 if shift else 0)
            day = published + timedelta(days=ahead)
        return day, day, "day"

    def _stated_date(self, parts: tuple[int, int, int | None], published: date | None
                     ) -> date | None:
        day, month, year = parts
        if year is not None:
            return _safe_date(year, month, day)
        return None if published is None else self._year_for(day, month, published, 0)

    @staticmethod
    def _check_weekday(stated: date, weekday: int, published: date | None) -> date:
        """The stated date, or where it contradicts its weekday, the likely intended one:
        "Senin (25/3)" in late May is the 25th of May (a typo in the month), else the
        given weekday nearest the stated date (a typo in the day)."""
        if stated.weekday() == weekday or published is None:
            return stated
        for back in (0, 1):
            year, month = _add_months(published.year, published.month, -back)
            candidate = _safe_date(year, month, stated.day)
            if candidate and candidate.weekday() == weekday and candidate <= published:
                return candidate
        delta = (weekday - stated.weekday()) % 7
        return stated + timedelta(days=delta - 7 if delta > 3 else delta)

    def _day(self, groups: _Groups, published: date | None, text: str, start: int
             ) -> Interval | None:
        parts = self._day_month(groups)
        if parts is not None:  # "kemarin (28/05)": the stated date wins
            stated = self._stated_date(parts, published)
            return (stated, stated, "day") if stated else None
        if published is None:
            return None, None, "day"
        day = published + timedelta(days=self.days[" ".join(groups["dayword"].lower()
                                                             .split())])
        return day, day, "day"

    def _vague(self, groups: _Groups, published: date | None, text: str, start: int
               ) -> Interval:
        return None, None, self.vague[" ".join(groups["vague"].lower().split())]

    def _container_year(self, groups: _Groups, published: date | None) -> int | None:
        """The year a period lies in: stated, shifted ("tahun lalu"), or the current one."""
        if groups.get("year"):
            return int(groups["year"])
        if published is None:
            return None
        shift = groups.get("yshift") or groups.get("shift")
        return published.year + (self.shifts[shift.lower()] if shift else 0)

    def _month_span(self, groups: _Groups, published: date | None, text: str, start: int
                    ) -> tuple[date, date] | None:
        """The months a match names ("Mei", "Januari dan Februari", "Oktober tahun lalu")."""
        first = self.months[groups["month"].lower()]
        last = self.months[groups["month2"].lower()] if groups.get("month2") else first
        if groups.get("year") or groups.get("yshift"):
            year = self._container_year(groups, published)
        elif published is None:
            return None
        else:
            shift = groups.get("shift")
            step = self.shifts[shift.lower()] if shift else (1 if self._forward(text, start)
                                                             else -1)
            if shift and step == 0:
                year = published.year
            elif step < 0:  # the most recent one; "Mei lalu" in May is last year's
                strict = bool(shift)
                year = published.year if (first < published.month or
                                          (first == published.month and not strict)) \
                    else published.year - 1
            else:
                year = published.year if (first > published.month or
                                          (first == published.month and not shift)) \
                    else published.year + 1
        if year is None:
            return None
        end_year = year + (1 if last < first else 0)  # "Desember hingga Februari"
        return date(year, first, 1), _month_end(end_year, last)

    def _month(self, groups: _Groups, published: date | None, text: str, start: int
               ) -> Interval | None:
        span = self._month_span(groups, published, text, start)
        return (None, None, "month") if span is None else (span[0], span[1], "month")

    def _year(self, groups: _Groups, published: date | None, text: str, start: int
              ) -> Interval | None:
        first = int(groups["year"])
        last = int(groups["year2"]) if groups.get("year2") else first
        if last < first:
            return None
        return date(first, 1, 1), date(last, 12, 31), "year"

    def _decade(self, groups: _Groups, published: date | None, text: str, start: int
                ) -> Interval:
        first = int(groups["year"]) // 10 * 10
        return date(first, 1, 1), date(first + 9, 12, 31), "decade"

    def _unit(self, groups: _Groups) -> str:
        return self.units[groups["unit"].lower()]

    def _shifted_period(self, groups: _Groups, published: date | None, text: str, start: int
                        ) -> Interval:
        unit = self._unit(groups)
        granularity = _GRANULARITY.get(unit, unit)
        if published is None:
            return None, None, granularity
        first, last = _period(unit, published, self.shifts[groups["shift"].lower()])
        return first, last, granularity

    def _count(self, groups: _Groups) -> int | None:
        """N of "dua tahun lalu", "the past 5 days", "sepekan"; 0 stands for "a few"."""
        if groups.get("few"):
            return 0
        if groups.get("one") or groups.get("prefix"):
            return 1
        number = groups.get("num")
        if not number:
            return 1  # "the past week"
        return int(number) if number.isdigit() else self.numerals.words_value(number)

    def _ago(self, groups: _Groups, published: date | None, text: str, start: int
             ) -> Interval | None:
        unit, n = self._unit(groups), self._count(groups)
        if n is None:
            return None
        if n == 0:  # "beberapa hari lalu": published−7 .. published−1, one level coarser
            if published is None:
                return None, None, _COARSER[unit]
            return _minus(published, unit, _FEW), _minus(published, unit, 1), _COARSER[unit]
        granularity = _GRANULARITY.get(unit, unit)
        if published is None:
            return None, None, granularity
        first, last = _period(unit, _minus(published, unit, n))
        return first, last, granularity

    def _last_n(self, groups: _Groups, published: date | None, text: str, start: int
                ) -> Interval | None:
        unit, n = self._unit(groups), self._count(groups)
        if n is None:
            return None
        granularity = _COARSER[unit] if n == 0 else _GRANULARITY.get(unit, unit)
        if published is None:
            return None, None, granularity
        return _minus(published, unit, n or _FEW), published, granularity

    def _first_n(self, groups: _Groups, published: date | None, text: str, start: int
                 ) -> Interval | None:
        """"dua bulan pertama tahun ini" → Jan 1 .. the end of February."""
        unit, n, year = self._unit(groups), self._count(groups), self._container_year(
            groups, published)
        if not n or unit not in ("day", "week", "month", "quarter"):
            return None
        granularity = _GRANULARITY.get(unit, unit)
        if year is None:
            return None, None, granularity
        first = date(year, 1, 1)
        if unit in ("day", "week"):
            last = first + timedelta(days=n * (7 if unit == "week" else 1) - 1)
        else:
            months = n * (3 if unit == "quarter" else 1)
            if months > 12:
                return None
            last = _month_end(year, months)
        return first, last, granularity

    def _ordinal_period(self, groups: _Groups, published: date | None, text: str, start: int
                        ) -> Interval | None:
        """"kuartal pertama 2025", "the second half of last year"."""
        unit = self._unit(groups)
        k = self.ordinals[groups["ordinal"].lower()]
        per_year = 4 if unit == "quarter" else 2
        year = self._container_year(groups, published)
        granularity = _GRANULARITY.get(unit, unit)
        if not 1 <= k <= per_year:
            return None
        if year is None:
            return None, None, granularity
        size = 12 // per_year
        first, last = _period(unit, date(year, size * (k - 1) + 1, 1))
        return first, last, granularity

    def _part(self, groups: _Groups, published: date | None, text: str, start: int
              ) -> Interval | None:
        """"awal Februari", "akhir tahun", "late last year", "mid-2024"."""
        part = self.parts[" ".join(groups["part"].lower().split())]
        if groups.get("month"):
            span = self._month_span(groups, published, text, start)
            unit = "month"
        elif groups.get("unit"):
            unit = self._unit(groups)
            if groups.get("year"):
                span = _period(unit, date(int(groups["year"]), 1, 1))
            elif published is None:
                span = None
            else:
                shift = groups.get("shift")
                span = _period(unit, published, self.shifts[shift.lower()] if shift else 0)
        else:
            unit, span = "year", _period("year", date(int(groups["year"]), 1, 1))
        if span is None:
            return None, None, "day" if unit == "month" else "month"
        return _thirds(unit, span[0], span[1], part)

    def _anaphor(self, groups: _Groups, published: date | None, before: list[TimeMention]
                 ) -> Interval:
        """"bulan sebelumnya": counted from the last dated mention, else from published."""
        unit, offset = self.anaphors[" ".join(groups["anaphor"].lower().split())]
        anchor = next((m.start_date for m in reversed(before) if m.start_date), published)
        granularity = _GRANULARITY.get(unit, unit)
        if anchor is None:
            return None, None, granularity
        first, last = _period(unit, anchor, offset)
        return first, last, granularity

    @staticmethod
    def _clock(groups: _Groups, published: date | None, before: list[TimeMention]
               ) -> Interval | None:
        """"pukul 17.00 WIB": the day the narrative is on — the last day mentioned."""
        hour = int(re.split(r"[.:]", groups["clock"])[0])
        if hour > 24:
            return None
        day = next((m.start_date for m in reversed(before)
                    if m.granularity == "day" and m.start_date), published)
        return day, day, "day"

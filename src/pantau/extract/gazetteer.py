"""The entity lexicon of one language: every known surface -> (type, canonical name, kb, country).

Sources, later ones overriding earlier ones for the same surface:

1. ``data/cities.tsv`` (GeoNames subset) and ``data/countries.tsv`` with the language's
   ``lang/<lang>/countries.tsv`` (CLDR country names), all built by
   ``scripts/build_gazetteer.py``;
2. ``data/entities.tsv``: curated names written alike in every language;
3. ``lang/<lang>/entities.tsv``: curated aliases, translations and demonyms.

Surfaces are stored as token tuples, case-folded, so that the stage can look up
token n-grams with one dict access; the surface as written is kept to check case.
Everything is read once per process (``lexicon_for`` is cached).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pantau.lang import data_path

DATA_DIR = Path(__file__).resolve().parents[1] / "data"

# Words are runs of letters and digits; every other non-space character is a token
# of its own ("Jong-un" -> Jong, -, un), so names and text split alike.
TOKEN_RE = re.compile(r"[^\W_]+|[^\w\s]|_")
# A token with the whitespace before it: these pieces tile the text up to its last token.
PIECE_RE = re.compile(r"\s*(?:[^\W_]+|[^\w\s]|_)")

# Cities shorter than this, or spelled like a common word, are too ambiguous to
# be recognised from the gazetteer alone.
MIN_CITY_NAME = 4


@dataclass(frozen=True, slots=True)
class Entry:
    type: str
    name: str
    kb: str | None = None
    country: str | None = None  # canonical name of the country a place lies in
    after: frozenset[str] | None = None  # the surface counts only after one of these words
    source: str = "lexicon"  # lexicon | country | city


@dataclass(frozen=True, slots=True)
class Surface:
    tokens: tuple[str, ...]  # as written
    entry: Entry


def tokenize(text: str) -> list[str]:
    return TOKEN_RE.findall(text)


def _rows(path: Path) -> Iterator[list[str]]:
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                yield line.split("\t")


def read_words(path: Path) -> frozenset[str]:
    """A word list, one a line, ``#`` comments; empty when the file is absent."""
    if not path.exists():
        return frozenset()
    with open(path, encoding="utf-8") as f:
        return frozenset(w.strip() for w in f if w.strip() and not w.startswith("#"))


@cache
def countries() -> dict[str, tuple[str, str]]:
    """ISO code -> (canonical English name, capital)."""
    return {row[0]: (row[1], row[2] if len(row) > 2 else "")
            for row in _rows(DATA_DIR / "countries.tsv")}


@cache
def capitals() -> dict[str, str]:
    """Capital city (canonical English name) -> country name."""
    return {capital: name for name, capital in countries().values() if capital}


def capital_of(city: str) -> str | None:
    """The country whose capital ``city`` is ("Moscow" -> "Russia"), else None."""
    return capitals().get(city)


@cache
def given_names() -> frozenset[str]:
    return read_words(DATA_DIR / "given_names.txt")


@cache
def patterns(lang: str) -> dict:
    with open(data_path(lang, "name_patterns.json"), encoding="utf-8") as f:
        return json.load(f)


class Lexicon:
    """All known surfaces of one language, keyed by their case-folded token tuple."""

    def __init__(self, lang: str):
        self.lang = lang
        self.common_words = read_words(data_path(lang, "common_words.txt"))
        self.by_key: dict[tuple[str, ...], list[Surface]] = {}
        # first token (case-folded) -> the token lengths of surfaces starting with it,
        # longest first: the stage tries only those n-grams.
        self.lengths: dict[str, tuple[int, ...]] = {}
        self._lowercase_firsts: dict[tuple[bool, frozenset[str]], frozenset[str]] = {}
        self._load()
        firsts: dict[str, set[int]] = {}
        seconds: dict[str, dict[str, set[int]]] = {}
        for key in self.by_key:
            firsts.setdefault(key[0], set()).add(len(key))
            if len(key) >= 2:
                seconds.setdefault(key[0], {}).setdefault(key[1], set()).add(len(key))
        self.lengths = {k: tuple(sorted(v, reverse=True)) for k, v in firsts.items()}
        # first token -> {second token -> the lengths of the surfaces starting with both,
        # longest first, then 1 when the first token alone is a surface; "" (no token) ->
        # that 1 alone}: the only n-grams worth a lookup, given the two tokens.
        self.lengths_after: dict[str, dict[str, tuple[int, ...]]] = {}
        for first, lengths in firsts.items():
            alone = (1,) if 1 in lengths else ()
            after = {second: (*sorted(more, reverse=True), *alone)
                     for second, more in seconds.get(first, {}).items()}
            after[""] = alone
            self.lengths_after[first] = after

    def lookup(self, key: tuple[str, ...]) -> list[Surface]:
        return self.by_key.get(key, [])

    def lowercase_firsts(self, lowercase_countries: bool,
                         extra: frozenset[str] = frozenset()) -> frozenset[str]:
        """The first tokens of the surfaces that a word written without a capital may start,
        and ``extra`` (built once per pair): a surface written so, one of two or more words
        without a short acronym ("the who" is no "The WHO"), or a country's name where the
        language writes them in lower case. For any other first token the stage's case
        check (``UnitReader._case_fit``) turns every such match down, so it need not look."""
        words = self._lowercase_firsts.get((lowercase_countries, extra))
        if words is None and extra:
            words = self.lowercase_firsts(lowercase_countries) | extra
            self._lowercase_firsts[lowercase_countries, extra] = words
        elif words is None:
            found = set()
            for key, surfaces in self.by_key.items():
                for s in surfaces:
                    alpha = [t for t in s.tokens if t[0].isalpha()]
                    if not s.tokens[0][0].isupper() or (
                            not any(t.isupper() and len(t) <= 4 for t in alpha)
                            and (len(alpha) >= 2
                                 or (lowercase_countries and s.entry.source == "country"))):
                        found.add(key[0])
                        break
            words = self._lowercase_firsts[lowercase_countries, extra] = frozenset(found)
        return words

    def _add(self, surface: str, entry: Entry) -> None:
        tokens = tuple(tokenize(surface))
        if not tokens:
            return
        key = tuple(t.casefold() for t in tokens)
        known = self.by_key.setdefault(key, [])
        # A later source overrides an earlier one for the same written form.
        known[:] = [s for s in known if s.tokens != tokens]
        known.append(Surface(tokens, entry))

    def _load(self) -> None:
        names = countries()
        for row in _rows(DATA_DIR / "cities.tsv"):
            name, code = row[0], row[1]
            country = names.get(code, (None, ""))[0]
            entry = Entry("GPE", name, None, country, source="city")
            for surface in {name, *(row[6].split("|") if len(row) > 6 and row[6] else ())}:
                if self._good_city_name(surface):
                    self._add(surface, entry)
        for row in _rows(data_path(self.lang, "countries.tsv")):
            surface, code = row[0], row[1]
            if code in names:
                self._add(surface, Entry("GPE", names[code][0], code, source="country"))
        for path in (DATA_DIR / "entities.tsv", data_path(self.lang, "entities.tsv")):
            for row in _rows(path):
                self._add_curated(row, names)

    def _good_city_name(self, surface: str) -> bool:
        if len(surface) < MIN_CITY_NAME or not surface[0].isupper():
            return False
        words = surface.casefold().split()
        # "George", "Santos", "Dan": a city named like a common word or a first name is
        # too ambiguous for the gazetteer alone.
        return not (len(words) == 1 and (words[0] in self.common_words
                                         or surface in given_names()))

    def _add_curated(self, row: list[str], names: dict[str, tuple[str, str]]) -> None:
        row = row + [""] * (6 - len(row))
        surfaces, type_, name, kb, country, options = row[:6]
        after = None
        for option in options.split(";"):
            if option.startswith("after="):
                after = frozenset(w.strip().casefold() for w in option[6:].split(","))
        country_name = names[country][0] if country in names else (country or None)
        entry = Entry(type_, name, kb or None, country_name, after)
        for surface in surfaces.split("|"):
            if surface.strip():
                self._add(surface.strip(), entry)


@cache
def lexicon_for(lang: str) -> Lexicon:
    return Lexicon(lang)

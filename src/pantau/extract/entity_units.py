"""Steps 1 and 2 of the entity stage: tokens, lexicon matches, name units.

The text is split into tokens (``gazetteer.TOKEN_RE``); at each token the longest known
surface wins (token n-grams looked up in one dict, with a case check: "AS" is the United
States, "as" is not); capitalised words with their glued parts ("Al-Maghazi", "S.",
"Corp.") are units, and lower-case particles between names ("bin", "von", "dan") are link
units. Runs of adjacent units are what ``entities`` reads.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import compress, count
from operator import gt, itemgetter, or_

from pantau.extract.entity_rules import Rules
from pantau.extract.gazetteer import TOKEN_RE, Entry, Lexicon, Surface

# Tokens after which the next word starts a sentence (and may be capitalised for that alone).
SENTENCE_OPENERS = frozenset('!?…"“”‘’\'«»:;—–•|')
_AFTER_STOP = SENTENCE_OPENERS | {"."}
JOINERS = frozenset("-‐'’")
# Abbreviations whose full stop belongs to the name ("Corp.", "Jr."); initials keep theirs too.
ABBREVIATIONS = frozenset({"corp", "inc", "ltd", "co", "jr", "sr", "st", "bros", "tbk", "jl"})
HOME_COUNTRY = "Indonesia"  # whose regencies are named after their province ("Aceh Jaya")


def _tokens(text: str) -> tuple[list[str], list[int], list[int]]:
    """``TOKEN_RE``'s tokens of ``text``, and their start and end offsets.

    Most space-separated chunks are one word, or a word and a comma or full stop; only
    the others need the regex, which costs far more per character than these checks.
    """
    words: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    add_word, add_start, add_end = words.append, starts.append, ends.append  # bound once
    pos = 0
    for chunk in text.replace("\n", " ").split(" "):
        end = pos + len(chunk)
        if chunk.isalnum():
            add_word(chunk)
            add_start(pos)
            add_end(end)
        elif end - pos > 1 and chunk[:-1].isalnum() and not chunk[-1].isspace():
            words += (chunk[:-1], chunk[-1])
            starts += (pos, end - 1)
            ends += (end - 1, end)
        elif chunk:  # punctuation inside, or other whitespace (a tab, a no-break space)
            for m in TOKEN_RE.finditer(text, pos, end):
                add_word(m.group())
                add_start(m.start())
                add_end(m.end())
        pos = end + 1
    return words, starts, ends


@dataclass(slots=True)
class Unit:
    """One word of a name, one known surface, or a particle between names: tokens [i, j)."""

    i: int
    j: int
    surface: Surface | None = None  # a lexicon match
    link: bool = False  # a lower-case particle or connector ("bin", "dan", "of")
    # Whether ``surface`` is set: a field, not a property, as it is read far more
    # often than units are made (units are never changed after).
    known: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.known = self.surface is not None


class UnitReader:
    """One text as tokens, lexicon matches and name units (the first two steps of the stage)."""

    def __init__(self, text: str, lexicon: Lexicon, rules: Rules, given: frozenset[str]):
        self.text = text
        self.lex = lexicon
        self.rules = rules
        self.given = given
        self.words, self.starts, self.ends = _tokens(text)
        words = self.words
        # Whole-list builtins (map, compress, filter) keep the per-token work in C.
        self.folded = list(map(str.casefold, words))
        self.n = len(words)
        # A capital, or a digit opening a word with letters, not all lower-case ("3M", "G20").
        firsts = list(map(itemgetter(0), words))
        self.cap = list(map(str.isupper, firsts))
        for k in compress(count(), map(str.isdigit, firsts)):
            w = words[k]
            self.cap[k] = not w.isdigit() and not w.islower()
        self.sentence_start = self._sentence_starts()
        # Words written with a capital inside a sentence somewhere in the text: a word
        # capitalised only where sentences open is no name on that evidence alone.
        self.mid_caps = set(compress(words, map(gt, self.cap, self.sentence_start)))
        self.lower_words = set(filter(str.islower, words))

    # --- tokens ---------------------------------------------------------------------------

    def _sentence_starts(self) -> list[bool]:
        """Whether each token opens a sentence (or a quote, a line, a list item)."""
        words, text, starts, ends, n = self.words, self.text, self.starts, self.ends, self.n
        out = [False] * n
        if not n:
            return out
        out[0] = True
        # Only a token after an opener or a full stop, or after a gap holding a line
        # break, can open a sentence: visit just those.
        for i in compress(count(1), map(_AFTER_STOP.__contains__, words[:-1])):
            prev = words[i - 1]
            # A full stop ends a sentence unless it closes an initial or an abbreviation.
            out[i] = prev in SENTENCE_OPENERS or not (i >= 2 and (
                (len(words[i - 2]) == 1 and words[i - 2].isupper())
                or self.folded[i - 2] in ABBREVIATIONS))
        line = text.find("\n")
        while line >= 0:
            i = bisect_right(ends, line)  # the first token after the line break
            if 0 < i < n and starts[i] - ends[i - 1] > 1:
                out[i] = True
            line = text.find("\n", starts[i] if i < n else len(text))
        return out

    def glued(self, i: int) -> bool:
        """Token i touches token i-1 (no space between)."""
        return i > 0 and self.starts[i] == self.ends[i - 1]

    def is_cap(self, i: int) -> bool:
        return self.cap[i]

    def _is_name_word(self, i: int) -> bool:
        f = self.folded[i]
        if not self.cap[i] or f in self.rules.non_names \
                or f.endswith(self.rules.non_name_suffixes):
            return False
        if i > 0 and self.glued(i) and self.words[i - 1] in "@#/":
            return False  # a handle, a hashtag, a link
        if i + 2 < self.n and self.words[i + 1] in "'’" and self.glued(i + 1) \
                and self.folded[i + 2] in ("t", "ll", "re", "ve", "m", "d"):
            return False  # "Don't", "We'll"
        # "Rp4" (an amount) is no name.
        return not (f[:2] == "rp" and f[2:3].isdigit())

    # --- 1. lexicon ---------------------------------------------------------------------------

    def lexicon_match(self, i: int) -> tuple[int, Surface] | None:
        lengths = self.lex.lengths.get(self.folded[i])
        if not lengths:
            return None
        for length in lengths:
            j = i + length
            if j > self.n:
                continue
            surfaces = self.lex.by_key.get(tuple(self.folded[i:j]))
            if not surfaces:
                continue
            surface = self._case_fit(surfaces, i, j)
            if surface is not None and self._boundary_ok(i, j):
                return j, surface
        return None

    def _boundary_ok(self, i: int, j: int) -> bool:
        """A match may not cut a hyphenated word ("Jong" of "Jong-un")."""
        before = (i >= 2 and self.words[i - 1] in "-‐" and self.glued(i) and self.glued(i - 1)
                  and self.words[i][0].islower())
        after = (j + 1 < self.n and self.words[j] in "-‐" and self.glued(j)
                 and self.glued(j + 1) and self.words[j + 1][0].islower()
                 and self.folded[j + 1] not in self.rules.clitics)
        return not (before or after)

    def _case_fit(self, surfaces: list[Surface], i: int, j: int) -> Surface | None:
        written = self.words[i:j]
        best = None
        for s in surfaces:
            if s.entry.after is not None and (i == 0 or self.folded[i - 1] not in s.entry.after):
                continue
            if list(s.tokens) == written:
                best = s
                break
            if best is None and self._case_compatible(s, written):
                best = s
        if best is None:
            return None
        if j - i == 1 and self.sentence_start[i] and self.folded[i] in self.rules.common \
                and not self.words[i].isupper() \
                and best.entry.source != "country" and self.words[i] not in self.mid_caps:
            return None  # a capitalised common word opening a sentence ("Antara lain …")
        return best

    def _case_compatible(self, s: Surface, written: list[str]) -> bool:
        if all(w.islower() for w in written if w[0].isalpha()):
            alpha = [t for t in s.tokens if t[0].isalpha()]
            if any(t.isupper() and len(t) <= 4 for t in alpha):
                return False  # "as", "who", "bi" are words, not acronyms
            if len(alpha) >= 2:
                return True
            return (self.rules.lowercase_countries and s.entry.source == "country"
                    and written[0] not in self.rules.common)
        for w, t in zip(written, s.tokens, strict=True):
            if w == t or not w[0].isalpha():
                continue
            if not w[0].isupper() or (t.isupper() and len(t) <= 3):
                return False  # short acronyms match only as written
        return True

    # --- 2. units -----------------------------------------------------------------------------

    def runs(self) -> list[list[Unit]]:
        """The runs of adjacent units; a token that is no part of a name ends a run."""
        runs: list[list[Unit]] = []
        run: list[Unit] = []
        lengths, folded, n = self.lex.lengths, self.folded, self.n
        links = self.rules.links
        i = 0  # tokens before i are read
        # Only a capitalised word, a lexicon word or a particle can be part of a name:
        # the plain lower-case words between them just end the run.
        name_words = self.lex.first_words(links)
        name_like = compress(count(), map(or_, self.cap, map(name_words.__contains__, folded)))
        for t in name_like:
            if t < i:
                continue
            if t > i and run:
                runs.append(run)
                run = []
            i = t
            match = self.lexicon_match(i) if folded[i] in lengths else None
            if match is not None and self._currency_country(i, match[1]):
                # "dolar AS", "dolar Amerika Serikat (AS)": a currency, not the country.
                j = match[0]
                if j + 2 < n and self.words[j] == "(" and self.words[j + 2] == ")":
                    j += 3
                i = j
            elif match is not None:
                unit = self._with_place_suffix(Unit(i, match[0], match[1]))
                run.append(unit)
                i = unit.j
                continue
            elif self._is_name_word(i) or self._particle_name(i):
                # A name word is capitalised, a particle lower-case: never both.
                j = self._word_end(i if self.cap[i] else i + 2)
                compound = self._compound_adjective(i, j)
                if not compound:
                    run.append(Unit(i, j))
                i = j
                if not compound:
                    continue
            elif run and i + 1 < n and self.cap[i + 1] and folded[i] in links:
                run.append(Unit(i, i + 1, link=True))
                i += 1
                continue
            else:
                i += 1
            if run:  # the tokens read were no part of a name
                runs.append(run)
                run = []
        if run:
            runs.append(run)
        return runs

    def _currency_country(self, i: int, surface: Surface) -> bool:
        return surface.entry.type == "GPE" and i > 0 \
            and self.folded[i - 1] in self.rules.currency_words

    def _particle_name(self, i: int) -> bool:
        """'al-Qarara', 'el-Balah': a lower-case particle glued to a capitalised name."""
        return (i + 2 < self.n and self.folded[i] in self.rules.particles
                and self.words[i].islower()
                and self.words[i + 1] in "-‐" and self.glued(i + 1) and self.glued(i + 2)
                and self.is_cap(i + 2) and not (i > 0 and self.glued(i)))

    def _compound_adjective(self, i: int, j: int) -> bool:
        """'Israeli-designated', 'Maoist-inspired', 'anti-Naxal' are no names."""
        if i >= 2 and self.glued(i) and self.words[i - 1] in "-‐" and self.words[i - 2].islower():
            return True
        if j - i == 3 and self.words[i + 1] in "-‐" and self.folded[i + 2] == self.folded[i] \
                and self.words[i + 2].islower():
            return True  # "Senjata-senjata", "Negara-negara": a plural, not a name
        last = self.folded[j - 1]
        return (j - i >= 3 and self.words[j - 2] in "-‐" and self.words[j - 1].islower()
                and bool(self.rules.compound_parts)
                and (last in self.rules.compound_parts or last.endswith(("ed", "ing"))))

    def _with_place_suffix(self, u: Unit) -> Unit:
        """'Aceh' + 'Jaya', 'Halmahera' + 'Utara': a place and a suffix name a new place."""
        e = u.surface.entry if u.surface else None
        if e is None or e.type not in ("GPE", "LOC") or u.j >= self.n or not self.is_cap(u.j):
            return u
        nxt = u.j
        if self.folded[nxt] not in self.rules.place_suffixes and not (
                # "Aceh Tamiang", "Sumba Timur": home regencies are named after their region.
                self.rules.place_suffixes and e.country == HOME_COUNTRY and e.source == "lexicon"
                and self._is_name_word(nxt) and self.lexicon_match(nxt) is None
                and self.words[nxt] not in self.given and self.folded[nxt] not in self.rules.titles
                and self.folded[nxt] not in self.rules.common):
            return u
        j = u.j + 1
        words = self.text[self.starts[u.i]:self.ends[j - 1]].split()
        compass = self.rules.compass.get((words[-1].casefold(),))
        name = f"{compass} {e.name}" if compass else f"{e.name} {words[-1]}"
        entry = Entry("GPE", name, None, e.country or (e.name if e.kb else None),
                      source="derived")
        return Unit(u.i, j, Surface(tuple(self.words[u.i:j]), entry))

    def _word_end(self, i: int) -> int:
        """End of a capitalised word with its glued parts: Al-Maghazi, O'Brien, S., Corp."""
        j = i + 1
        while j + 1 < self.n and self.words[j] in JOINERS and self.glued(j) and self.glued(j + 1):
            nxt = self.folded[j + 1]
            if self.words[j] in "'’" and nxt == "s":
                # A possessive ends the name, unless an institution's name goes on
                # ("Magistrate's Court", "People's Liberation Front").
                if not (j + 2 < self.n and self.is_cap(j + 2)
                        and self.folded[j + 2] in self.rules.org_words | self.rules.org_suffixes):
                    break
                j += 2
                continue
            if not nxt[0].isalnum() or nxt in self.rules.clitics \
                    or (self.is_cap(j + 1) and self.lexicon_match(j + 1) is not None):
                break  # "BGN-nya", "Sinabang-Aceh"
            j += 2
        if j < self.n and self.words[j] == "." and self.glued(j):
            initial = len(self.words[j - 1]) == 1 and self.words[j - 1].isupper()
            # An initial keeps its full stop when the name goes on ("Aida S. Budiman"),
            # not when the stop ends the sentence ("… Beran A.").
            name_goes_on = (j + 1 < self.n and self.is_cap(j + 1)
                            and "\n" not in self.text[self.ends[j]:self.starts[j + 1]])
            if (initial and name_goes_on) or self.folded[j - 1] in ABBREVIATIONS:
                j += 1
        return j

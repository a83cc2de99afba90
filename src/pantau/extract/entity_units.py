"""Steps 1 and 2 of the entity stage: tokens, lexicon matches, name units.

The text is split into tokens (``gazetteer.TOKEN_RE``); at each token the longest known
surface wins (token n-grams looked up in one dict, with a case check: "AS" is the United
States, "as" is not); capitalised words with their glued parts ("Al-Maghazi", "S.",
"Corp.") are units, and lower-case particles between names ("bin", "von", "dan") are link
units. Runs of adjacent units are what ``entities`` reads.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Sequence
from functools import cached_property, partial
from itertools import accumulate, compress, count, filterfalse
from operator import itemgetter, or_

from pantau.doc import Token
from pantau.extract.entity_rules import Rules
from pantau.extract.gazetteer import TOKEN_RE, Entry, Lexicon, Surface
from pantau.text.form_table import FormTable

# Tokens after which the next word starts a sentence (and may be capitalised for that alone).
SENTENCE_OPENERS = frozenset('!?…"“”‘’\'«»:;—–•|')
JOINERS = frozenset("-‐'’")
# Abbreviations whose full stop belongs to the name ("Corp.", "Jr."); initials keep theirs too.
ABBREVIATIONS = frozenset({"corp", "inc", "ltd", "co", "jr", "sr", "st", "bros", "tbk", "jl"})
HOME_COUNTRY = "Indonesia"  # whose regencies are named after their province ("Aceh Jaya")
# How many word forms a ``FormFacts`` keeps before it starts afresh (bounds its memory).
MAX_FORMS = 100_000


def _is_cap(word: str) -> bool:
    """A capital, or a digit opening a word with letters, not all lower-case ("3M", "G20")."""
    c = word[0]
    return c.isupper() or c.isdigit() and not word.isdigit() and not word.islower()


# What a form's facts (``FormFacts``) hold, by position.
Facts = tuple[str, bool, bool, bool, "dict[str, tuple[int, ...]] | None"]
_FOLDED, _CAP, _NAME_LIKE = itemgetter(0), itemgetter(1), itemgetter(2)


class FormFacts:
    """A word form -> what the stage asks of the form alone, for one set of rules, one
    set of lower-case words that may be part of a name (``name_words``, see ``runs``) and
    the lexicon's ``lengths_after`` (keyed by the first words of the known surfaces;
    ``lower_firsts``: those a word without a capital may start, see
    ``Lexicon.lowercase_firsts``): (its case-folding, its capital flag (``_is_cap``),
    whether it may be part of a name (capitalised, or case-folded one of ``name_words``),
    what ``_is_name_word`` asks of the word alone (``_is_name_form``), and when a known
    surface may start with it (case-folded one of ``lower_firsts``, or capitalised), its
    ``lengths_after``, else None: the lexicon need not be asked). Kept across documents:
    most forms recur.

    ``of(words)`` reads a known form with one dict lookup in C. The forms a text brings
    that the table has not met are worked out together, mostly by whole-list builtins
    (``learn``): a Python call per new form, or one per fact, would cost more than the
    per-text comprehensions the table replaces (unseen text is full of new names and
    numbers).
    """

    __slots__ = ("rules", "name_words", "lengths_after", "lower_after", "table")

    def __init__(self, rules: Rules, name_words: frozenset[str],
                 lengths_after: dict[str, dict[str, tuple[int, ...]]] | None = None,
                 lower_firsts: frozenset[str] = frozenset()):
        self.rules = rules
        self.name_words = name_words
        self.lengths_after = lengths_after or {}
        # What a word without a capital may start: the entries of ``lower_firsts``.
        self.lower_after = {f: self.lengths_after[f] for f in lower_firsts
                            if f in self.lengths_after}
        # A plain dict: a miss raises (no call back into Python), and set.difference
        # reads it in C.
        self.table: dict[str, Facts] = {}

    def of(self, words: list[str]) -> list[Facts]:
        """The facts of each word."""
        table = self.table
        try:
            return list(map(table.__getitem__, words))
        except KeyError:  # a form met for the first time
            pass
        new = set(words).difference(table)
        if len(table) + len(new) > MAX_FORMS:
            table.clear()  # a bound on memory: rare forms keep coming
            new = set(words)
        self.learn(new)
        return list(map(table.__getitem__, words))

    def learn(self, new: set[str]) -> None:
        """Work out and keep the facts of the forms ``new`` (all unknown to the table)."""
        forms = list(new)
        folded = list(map(str.casefold, forms))
        cap = [c.isupper() or c.isdigit() and not w.isdigit() and not w.islower()
               for w in forms for c in (w[0],)]  # (_is_cap)
        name_like = map(or_, cap, map(self.name_words.__contains__, folded))
        rules = self.rules
        non_names, non_name_suffixes = rules.non_names, rules.non_name_suffixes
        name_form = [c and f not in non_names and not f.endswith(non_name_suffixes)
                     and not (f[:2] == "rp" and f[2:3].isdigit())
                     for c, f in zip(cap, folded, strict=True)]  # (_is_name_form)
        # (Looked up in C: in ``lower_after`` for a word without a capital, else in
        # ``lengths_after``; a table chosen by the capital flag, as an index.)
        tables = (self.lower_after, self.lengths_after)
        surface_after = map(dict.get, map(tables.__getitem__, cap), folded)
        facts = zip(folded, cap, name_like, name_form, surface_after, strict=True)
        self.table.update(zip(forms, facts, strict=True))


def _is_name_form(rules: Rules, word: str) -> bool:
    """What ``UnitReader._is_name_word`` asks of the word alone: capitalised, and, case-folded,
    no non-name, with no non-name suffix, and no amount ("Rp4")."""
    f = word.casefold()
    return _is_cap(word) and f not in rules.non_names \
        and not f.endswith(rules.non_name_suffixes) and not (f[:2] == "rp" and f[2:3].isdigit())


def form_facts(rules: Rules, lexicon: Lexicon) -> FormFacts:
    """The ``FormFacts`` table of these rules and this lexicon (see ``UnitReader``)."""
    table = rules.form_tables.get(lexicon)
    if table is None:
        lower_firsts = lexicon.lowercase_firsts(rules.lowercase_countries)
        table = rules.form_tables[lexicon] = FormFacts(
            rules, lexicon.lowercase_firsts(rules.lowercase_countries, rules.links),
            lexicon.lengths_after, lower_firsts)
    return table


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


def _tokens_from(text: str, tokens: Sequence[Token]) -> tuple[list[str], list[int], list[int]]:
    """``TOKEN_RE``'s tokens of ``text``, as ``_tokens`` gives them, from the segmenter's.

    Both tokenizers cover every character that is not whitespace and split alike, except
    that the segmenter keeps some tokens whole ("U.S.", "Jong-un", "3.000", "’s") and may
    let letters touch letters across two of its tokens ("Rp" "17.700", "do" "n’t"). Its
    plain words (letters and digits only) and its one-character tokens are TOKEN_RE's
    tokens as they stand; only its other tokens, with the neighbours whose letters they
    touch, are split again. That needs no two of its plain words to touch: each of its
    token kinds holds a character that is no letter or digit, or ends before one, except
    an abbreviation written without a full stop, which ``EntityStage`` rules out once per
    language (see tests/test_entity_units.py).
    """
    # Comprehensions, not map(attrgetter(...)): attribute loads on slots are cheaper.
    words = [t.text for t in tokens]
    starts = [t.start for t in tokens]
    ends = [t.end for t in tokens]
    last = len(words) - 1
    spans: list[list[int]] = []  # [first, last] tokens to split again, touching, in order
    # The tokens that are not plain words are few, found by a filter in C, then each in
    # its turn by index (the first token written so after the one before: the filter
    # keeps every token written alike, so none lies between). Those of one character
    # (punctuation) are TOKEN_RE's too.
    k = -1
    # (The common punctuation marks are skipped in C too, the rest by their length.)
    for word in filterfalse(_PUNCTUATION.__contains__, filterfalse(str.isalnum, words)):
        if len(word) == 1:
            continue
        k = words.index(word, k + 1)
        first = k
        # A TOKEN_RE run of letters and digits may go on into a neighbour it touches.
        if k > 0 and ends[k - 1] == starts[k] and word[0].isalnum() \
                and words[k - 1][-1].isalnum():
            first = k - 1
        if spans and spans[-1][1] >= first:
            spans[-1][1] = k  # overlaps the span before it
        else:
            spans.append([first, k])
        if k < last and ends[k] == starts[k + 1] and word[-1].isalnum() \
                and words[k + 1][0].isalnum():
            spans[-1][1] = k + 1
    # Replace each span by its TOKEN_RE tokens, the last first so indices stay valid;
    # the tokens of a span touch one another, so they tile it.
    for first, k in reversed(spans):
        start = starts[first]
        parts, offsets = _SPLITS[text[start:ends[k]]]
        part_ends = list(map(start.__add__, offsets))
        words[first:k + 1] = parts
        starts[first:k + 1] = part_ends[:-1]
        ends[first:k + 1] = part_ends[1:]
    return words, starts, ends


def _split(span: str) -> tuple[list[str], tuple[int, ...]]:
    """``TOKEN_RE``'s tokens of a span that they tile, and their ends, from 0 (the offset
    of the first token) on. (The regex has no anchors: it splits a span alike in its text.)"""
    parts = TOKEN_RE.findall(span)
    return parts, tuple(accumulate(map(len, parts), initial=0))


# Spans to split again ("U.S.", "’s", "2,5") -> ``_split``: most recur across documents.
_SPLITS = FormTable(_split)
# One-character tokens that are no letter or digit: TOKEN_RE's tokens as they stand.
_PUNCTUATION = frozenset(".,:;!?()[]{}\"'“”‘’«»-‐–—/…%&*+=<>|@#$_~`^\\•·")


def _case_compatible(rules: Rules, s: Surface, written: tuple[str, ...]) -> bool:
    """Whether the tokens ``written`` may be the surface ``s`` written in another case."""
    if all(w.islower() for w in written if w[0].isalpha()):
        alpha = [t for t in s.tokens if t[0].isalpha()]
        if any(t.isupper() and len(t) <= 4 for t in alpha):
            return False  # "as", "who", "bi" are words, not acronyms
        if len(alpha) >= 2:
            return True
        return (rules.lowercase_countries and s.entry.source == "country"
                and written[0] not in rules.common)
    for w, t in zip(written, s.tokens, strict=True):
        if w == t or not w[0].isalpha():
            continue
        if not w[0].isupper() or (t.isupper() and len(t) <= 3):
            return False  # short acronyms match only as written
    return True


# Stands for the surface a written n-gram fits when the word before it decides (some of
# its surfaces count only after certain words: ``Entry.after``).
_BY_CONTEXT = Surface((), Entry("", ""))


def _fit_by_case(lexicon: Lexicon, rules: Rules,
                 written: tuple[str, ...]) -> tuple[list[Surface] | None, Surface | None]:
    """The known surfaces of the tokens ``written`` (None if none), and the one that their
    case fits (``UnitReader._case_fit`` without the context: an exact one first, else the
    first compatible one), or ``_BY_CONTEXT``."""
    surfaces = lexicon.by_key.get(tuple(map(str.casefold, written)))
    if not surfaces:
        return None, None
    if any(s.entry.after is not None for s in surfaces):
        return surfaces, _BY_CONTEXT
    best = None
    for s in surfaces:
        if s.tokens == written:
            return surfaces, s
        if best is None and _case_compatible(rules, s, written):
            best = s
    return surfaces, best


def case_fits(rules: Rules, lexicon: Lexicon) -> FormTable:
    """Written n-grams -> ``_fit_by_case`` with these rules and this lexicon (kept across
    documents: names recur)."""
    key = ("case fits", lexicon)
    table = rules.form_tables.get(key)
    if table is None:
        table = rules.form_tables[key] = FormTable(partial(_fit_by_case, lexicon, rules))
    return table


class Unit:
    """One word of a name, one known surface, or a particle between names: tokens [i, j)."""

    # A plain class: the dataclass's __post_init__ call cost more than the rest of __init__.
    __slots__ = ("i", "j", "surface", "link", "known")

    def __init__(self, i: int, j: int, surface: Surface | None = None, link: bool = False):
        self.i = i
        self.j = j
        self.surface = surface  # a lexicon match
        self.link = link  # a lower-case particle or connector ("bin", "dan", "of")
        # Whether ``surface`` is set: a field, not a property, as it is read far more
        # often than units are made (units are never changed after).
        self.known = surface is not None

    def __repr__(self) -> str:
        return f"Unit(i={self.i!r}, j={self.j!r}, surface={self.surface!r}, link={self.link!r})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not Unit:
            return NotImplemented
        return (self.i, self.j, self.surface, self.link) == (other.i, other.j, other.surface,
                                                             other.link)

    __hash__ = None  # type: ignore[assignment]  # as the dataclass: mutable, compared by value


class UnitReader:
    """One text as tokens, lexicon matches and name units (the first two steps of the stage)."""

    def __init__(self, text: str, lexicon: Lexicon, rules: Rules, given: frozenset[str],
                 tokens: Sequence[Token] = ()):
        """``tokens``: the segmenter's tokens of ``text``, when there are (fewer to split)."""
        self.text = text
        self.lex = lexicon
        self.rules = rules
        self.given = given
        self.words, self.starts, self.ends = _tokens_from(text, tokens) if tokens \
            else _tokens(text)
        words = self.words
        # What each word's form alone tells (see ``FormFacts``), and its case-folding:
        # whole-list builtins (map, compress, filter) keep the per-token work in C.
        self.facts = form_facts(rules, lexicon).of(words)
        self.case_fits = case_fits(rules, lexicon)
        self.folded = list(map(_FOLDED, self.facts))
        self.n = len(words)
        self._mid_caps: dict[str, bool] = {}  # see ``written_mid_sentence``

    # --- tokens ---------------------------------------------------------------------------

    def opens_sentence(self, i: int) -> bool:
        """Whether token i opens a sentence (or a quote, a line, a list item).

        Asked of a few tokens only, so not worked out for all of them.
        """
        if i == 0:
            return True
        words = self.words
        prev = words[i - 1]
        if prev in SENTENCE_OPENERS:
            return True
        # A full stop ends a sentence unless it closes an initial or an abbreviation.
        if prev == "." and not (i >= 2 and ((len(words[i - 2]) == 1 and words[i - 2].isupper())
                                            or self.folded[i - 2] in ABBREVIATIONS)):
            return True
        # So does a line break, in a gap of more than one character.
        gap_start, gap_end = self.ends[i - 1], self.starts[i]
        return gap_end - gap_start > 1 and "\n" in self.text[gap_start:gap_end]

    def written_mid_sentence(self, word: str) -> bool:
        """Whether ``word`` is written with a capital inside a sentence somewhere in the text:
        a word capitalised only where sentences open is no name on that evidence alone."""
        # Asked a few times a text, so worked out for the word asked of only.
        found = self._mid_caps.get(word)
        if found is None:
            # (The capital flag goes with the form: all the word's places have it or none.)
            found = _is_cap(word) and not all(map(self.opens_sentence, self.places(word)))
            self._mid_caps[word] = found
        return found

    def seen_lower(self, word: str) -> bool:
        """Whether ``word`` (case-folded) is written all lower-case somewhere in the text."""
        return word.islower() and next(self.places(word), None) is not None

    def places(self, word: str) -> Iterator[int]:
        """The indices of the tokens written ``word``, in order. Found by searching the
        text (a scan in C that skips along the characters), not by comparing every token:
        the few places where the word starts are looked up among the tokens' starts."""
        text, starts, words, n = self.text, self.starts, self.words, self.n
        at = text.find(word)
        while at >= 0:
            k = bisect_left(starts, at)
            if k < n and starts[k] == at and words[k] == word:
                yield k
            at = text.find(word, at + 1)

    def glued(self, i: int) -> bool:
        """Token i touches token i-1 (no space between)."""
        return i > 0 and self.starts[i] == self.ends[i - 1]

    @cached_property
    def cap(self) -> list[bool]:
        """Each token's capital flag (``_is_cap``). The stage asks ``is_cap`` of the few
        tokens it needs: this whole list is for those who want them all."""
        return list(map(_CAP, self.facts))

    def is_cap(self, i: int) -> bool:
        return self.facts[i][1]

    def _is_name_word(self, i: int) -> bool:
        if not self.facts[i][3]:  # what the word alone tells (_is_name_form)
            return False
        if i > 0 and self.words[i - 1] in "@#/" and self.glued(i):
            return False  # a handle, a hashtag, a link
        # Not "Don't", "We'll".
        return not (i + 2 < self.n and self.words[i + 1] in "'’" and self.glued(i + 1)
                    and self.folded[i + 2] in ("t", "ll", "re", "ve", "m", "d"))

    # --- 1. lexicon ---------------------------------------------------------------------------

    def lexicon_match(self, i: int) -> tuple[int, Surface] | None:
        after = self.lex.lengths_after.get(self.folded[i])
        if after is None:
            return None
        lengths = self._lengths(after, i)
        return self._longest_match(i, lengths) if lengths else None

    def _lengths(self, after: dict[str, tuple[int, ...]], i: int) -> tuple[int, ...]:
        """Of the lengths ``after`` (``Lexicon.lengths_after`` of token i's form), those of
        the surfaces that the next token goes on."""
        return after.get(self.folded[i + 1], after[""]) if i + 1 < self.n else after[""]

    def _longest_match(self, i: int, lengths: tuple[int, ...]) -> tuple[int, Surface] | None:
        """``lexicon_match`` given the lengths worth a lookup (longest first)."""
        fits = self.case_fits
        for length in lengths:
            j = i + length
            if j > self.n:
                continue
            # (What the case of the words decides is looked up: ``_case_fit`` in context.)
            surfaces, surface = fits[tuple(self.words[i:j])]
            if surfaces is None:
                continue
            if surface is _BY_CONTEXT:
                surface = self._case_fit(surfaces, i, j)
            elif surface is not None and length == 1 and self._opening_common_word(surface, i):
                surface = None
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
        written = tuple(self.words[i:j])  # (as the surfaces' tokens: compared as they are)
        best = None
        for s in surfaces:
            if s.entry.after is not None and (i == 0 or self.folded[i - 1] not in s.entry.after):
                continue
            if s.tokens == written:
                best = s
                break
            if best is None and _case_compatible(self.rules, s, written):
                best = s
        if best is None or (j - i == 1 and self._opening_common_word(best, i)):
            return None
        return best

    def _opening_common_word(self, surface: Surface, i: int) -> bool:
        """A capitalised common word opening a sentence ("Antara lain …") is no known name
        of one word (``surface``, at token i), unless a country's."""
        return self.folded[i] in self.rules.common and self.opens_sentence(i) \
            and not self.words[i].isupper() and surface.entry.source != "country" \
            and not self.written_mid_sentence(self.words[i])

    # --- 2. units -----------------------------------------------------------------------------

    def runs(self) -> list[list[Unit]]:
        """The runs of adjacent units; a token that is no part of a name ends a run."""
        runs: list[list[Unit]] = []
        run: list[Unit] = []
        folded, words, n = self.folded, self.words, self.n
        facts, starts, ends = self.facts, self.starts, self.ends
        links, particles = self.rules.links, self.rules.particles
        currency_words = self.rules.currency_words
        i = 0  # tokens before i are read
        # Only a capitalised word, a particle or a word that may start a known name
        # written in lower case can be part of a name: the plain lower-case words between
        # them just end the run. A word without a capital starts a known name only in the
        # few ways ``Lexicon.lowercase_firsts`` allows: the others need no lookup.
        # (Which words are name-like, and which may start a known name, are facts of
        # their forms.)
        name_like = compress(count(), map(_NAME_LIKE, facts))
        for t in name_like:
            if t < i:
                continue
            if t > i and run:
                runs.append(run)
                run = []
            i = t
            fact = facts[i]
            cap = fact[1]
            # (``lexicon_match``, with its first lookup a fact of the form: most words
            # that may start a known name go on with none, and need no call.)
            after = fact[4]
            lengths = () if after is None else self._lengths(after, i)
            match = self._longest_match(i, lengths) if lengths else None
            if match is not None and match[1].entry.type == "GPE" and i > 0 \
                    and folded[i - 1] in currency_words:
                # "dolar AS", "dolar Amerika Serikat (AS)": a currency, not the country.
                j = match[0]
                if j + 2 < n and words[j] == "(" and words[j + 2] == ")":
                    j += 3
                i = j
            elif match is not None:
                j, surface = match
                unit = Unit(i, j, surface)
                if j < n and facts[j][1]:  # (what ``_with_place_suffix`` asks first)
                    unit = self._with_place_suffix(unit)
                run.append(unit)
                i = unit.j
                continue
            elif cap and fact[3] and (i + 1 == n or starts[i + 1] != ends[i]) \
                    and (i == 0 or starts[i] != ends[i - 1]):
                # A name word that touches no token (most do not) is a unit of its own:
                # what ``_is_name_word``, ``_word_end`` and ``_compound_adjective`` check
                # is all about the tokens it touches.
                run.append(Unit(i, i + 1))
                i += 1
                continue
            elif (self._is_name_word(i) if cap
                  else folded[i] in particles and self._particle_name(i)):
                # A name word is capitalised, a particle lower-case: never both.
                j = self._word_end(i if cap else i + 2)
                compound = self._compound_adjective(i, j)
                if not compound:
                    run.append(Unit(i, j))
                i = j
                if not compound:
                    continue
            elif run and i + 1 < n and facts[i + 1][1] and folded[i] in links:
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

    def _particle_name(self, i: int) -> bool:
        """'al-Qarara', 'el-Balah': a lower-case particle glued to a capitalised name."""
        return (i + 2 < self.n and self.folded[i] in self.rules.particles
                and self.words[i].islower()
                and self.words[i + 1] in "-‐" and self.glued(i + 1) and self.glued(i + 2)
                and self.facts[i + 2][1] and not (i > 0 and self.glued(i)))

    def _compound_adjective(self, i: int, j: int) -> bool:
        """'Israeli-designated', 'Maoist-inspired', 'anti-Naxal' are no names."""
        if i >= 2 and self.words[i - 1] in "-‐" and self.glued(i) and self.words[i - 2].islower():
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
        if e is None or e.type not in ("GPE", "LOC") or u.j >= self.n \
                or not self.facts[u.j][1]:
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
        words, starts, ends, n, facts = self.words, self.starts, self.ends, self.n, self.facts
        j = i + 1
        # (Token j is glued to the one before when it starts where that one ends.)
        while j + 1 < n and words[j] in JOINERS and starts[j] == ends[j - 1] \
                and starts[j + 1] == ends[j]:
            nxt = self.folded[j + 1]
            if words[j] in "'’" and nxt == "s":
                # A possessive ends the name, unless an institution's name goes on
                # ("Magistrate's Court", "People's Liberation Front").
                if not (j + 2 < n and facts[j + 2][1]
                        and self.folded[j + 2] in self.rules.org_words | self.rules.org_suffixes):
                    break
                j += 2
                continue
            if not nxt[0].isalnum() or nxt in self.rules.clitics \
                    or (facts[j + 1][1] and self.lexicon_match(j + 1) is not None):
                break  # "BGN-nya", "Sinabang-Aceh"
            j += 2
        if j < n and words[j] == "." and starts[j] == ends[j - 1]:
            initial = len(words[j - 1]) == 1 and words[j - 1].isupper()
            # An initial keeps its full stop when the name goes on ("Aida S. Budiman"),
            # not when the stop ends the sentence ("… Beran A.").
            name_goes_on = (j + 1 < n and facts[j + 1][1]
                            and "\n" not in self.text[ends[j]:starts[j + 1]])
            if (initial and name_goes_on) or self.folded[j - 1] in ABBREVIATIONS:
                j += 1
        return j

"""In-document clustering of entity candidates, and their canonical names.

Mentions of one entity get one canonical ``name`` (``Doc.entities`` groups by
``(type, name)``). Links made here, each a general habit of news writing:

- an acronym in parentheses names the phrase before it ("Komisi Pemberantasan
  Korupsi (KPK)", "I Made Surya Pratama (MSP)"), and so does every later use of it;
- an organisation written with an acronym, or without a place head word, is the same
  organisation ("PN Depok" = "Pengadilan Negeri (PN) Depok", "BPBD Sukabumi" =
  "BPBD Kabupaten Sukabumi"); a bare head ("BPBD", "KBRI") is the nearest one it heads;
- a part of a person's name ("Kim", "Lissu", "Abu Rahma"), or the initials or a
  prefix in capitals ("MIA", "YOH"), is that person;
- a bare place name is the place named with its head word ("Cisolok" after
  "Kecamatan Cisolok").

The cluster's canonical name is its longest member's (known names translated,
unknown ones as written).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import TYPE_CHECKING

from pantau.doc import Mention
from pantau.text.form_table import FormTable

if TYPE_CHECKING:
    from pantau.extract.entities import Rules

KNOWN_ORIGINS = ("lexicon", "country", "city")



@dataclass(slots=True)
class Candidate:
    start: int
    end: int
    type: str
    name: str | None  # canonical name when known, else None (the words as written)
    kb: str | None
    country: str | None
    origin: str  # lexicon | country | city | head | unknown
    words: tuple[str, ...]
    tok_i: int
    tok_j: int
    # (In this order, so that the reader passes them all by position: cheaper.)
    head_size: int = 0  # tokens of the head word(s) of a "head" candidate
    template: str | None = None  # a head's English name pattern ("{} District Court")
    weak: bool = False  # typed by default, no evidence
    alias_of: tuple[str, tuple[str, ...]] | None = None  # (acronym, expansion) it defines
    aliased: bool = False  # linked to the name before it in parentheses


class _Sets:
    """Union-find over candidate indices."""

    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, a: int) -> int:
        while self.parent[a] != a:
            self.parent[a] = self.parent[self.parent[a]]
            a = self.parent[a]
        return a

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


# (A list comprehension in tuple() costs less than a generator expression.)
def _content(words: Sequence[str]) -> tuple[str, ...]:
    return tuple([w.casefold() for w in words if w[0].isalnum()])


# A name's words -> their ``_content``, and the same as written (names recur across
# documents).
_CONTENT = FormTable(_content)
_WRITTEN = FormTable(lambda words: tuple([w for w in words if w[0].isalnum()]))
_WORDS = attrgetter("words")


def _is_acronym(words: Sequence[str]) -> bool:
    return len(words) == 1 and words[0].isupper() and len(words[0]) >= 2 and words[0].isalpha()


def _contains(part: tuple[str, ...], whole: tuple[str, ...]) -> bool:
    n = len(part)
    for k in range(len(whole) - n + 1):  # (a loop, not any(): no generator to make)
        if whole[k:k + n] == part:
            return True
    return False


def _nearest(index: int, options: list[int]) -> int | None:
    """The nearest option before ``index``, else the nearest after."""
    if not options:
        return None  # the common case, without building the two lists
    before = [o for o in options if o < index]
    if before:
        return before[-1]
    after = [o for o in options if o > index]
    return after[0] if after else None


def _without_overlaps(cands: list[Candidate]) -> list[Candidate]:
    # The reader emits its candidates in order, and they seldom overlap: then the sort
    # and the filter below would give them back as they are.
    end = -1
    for c in cands:
        if c.start < end or c.start >= c.end:
            break
        end = c.end
    else:
        return list(cands)
    out: list[Candidate] = []
    for c in sorted(cands, key=lambda c: (c.start, -(c.end - c.start))):
        if out and c.start < out[-1].end:
            continue
        out.append(c)
    return out


def cluster(cands: list[Candidate], words: list[str], text: str, rules: Rules) -> list[Mention]:
    cands = _without_overlaps(cands)
    sets = _Sets(len(cands))
    # The words of each candidate, case-folded, without punctuation: computed once here,
    # as the words of a candidate no longer change (and once per name across documents).
    keys = list(map(_CONTENT.__getitem__, map(_WORDS, cands)))
    by_token: dict[int, int] | None = None  # first token -> candidate, when asked
    aliases: dict[str, int] = {}
    expansions: dict[str, tuple[str, ...]] = {}

    # Acronyms in parentheses right after a name: "Long Form (ACR)".
    n = len(words)
    for k, c in enumerate(cands):
        if c.alias_of is not None:
            acronym, expansion = c.alias_of
            aliases.setdefault(acronym, k)
            expansions[acronym.casefold()] = tuple(w.casefold() for w in expansion)
        j = c.tok_j
        if j + 2 < n and words[j] == "(" and words[j + 2] == ")":
            if by_token is None:
                by_token = {d.tok_i: m for m, d in enumerate(cands)}
            a = by_token.get(j + 1)
            if a is not None and cands[a].tok_j == j + 2:
                if cands[a].origin == "unknown" or cands[a].type == c.type:
                    cands[a].type = c.type
                    cands[a].aliased = True
                    sets.union(k, a)
                    aliases.setdefault(cands[a].words[0], k)
    if aliases:
        for k, c in enumerate(cands):
            if c.origin == "unknown" and len(c.words) == 1 and c.words[0] in aliases:
                root = aliases[c.words[0]]
                if root != k:
                    c.type = cands[root].type
                    sets.union(k, root)

    _link_same_names(cands, keys, sets)
    _link_organisations(cands, keys, sets, expansions, rules)
    _link_people(cands, keys, sets)
    _link_places(cands, keys, sets)
    return _name_clusters(cands, keys, sets, text)


def _link_same_names(cands: list[Candidate], keys: list[tuple[str, ...]], sets: _Sets) -> None:
    """Unknown names written alike are one entity; the evidence of one types them all."""
    first: dict[tuple[str, ...], int] = {}
    for k, c in enumerate(cands):
        if c.origin != "unknown":
            continue
        key = keys[k]
        if key in first:
            sets.union(first[key], k)
        else:
            first[key] = k


def _org_key(key: tuple[str, ...], expansions: dict[str, tuple[str, ...]],
             rules: Rules) -> tuple[str, ...]:
    out: list[str] = []
    for w in key:
        if w in rules.gpe_head_words:
            continue
        out.extend(expansions.get(w, (w,)))
    return tuple(out)


def _link_organisations(cands: list[Candidate], keys: list[tuple[str, ...]], sets: _Sets,
                        expansions: dict[str, tuple[str, ...]], rules: Rules) -> None:
    orgs = [k for k, c in enumerate(cands) if c.type == "ORG"]
    org_keys = {k: _org_key(keys[k], expansions, rules) for k in orgs}
    first_with: dict[tuple[str, ...], int] = {}
    for k in orgs:
        if org_keys[k] in first_with:
            sets.union(first_with[org_keys[k]], k)
        else:
            first_with[org_keys[k]] = k
    # Headed organisations by every proper prefix of their key, in document order: "BPBD"
    # finds "BPBD Kabupaten Sukabumi" by one lookup, however long the document.
    extending: dict[tuple[str, ...], list[int]] = {}
    for o in orgs:
        if cands[o].origin == "head":
            for size in range(len(org_keys[o])):
                extending.setdefault(org_keys[o][:size], []).append(o)
    if extending:
        for k in orgs:
            target = _nearest(k, extending.get(org_keys[k], []))
            if target is not None:
                sets.union(target, k)
    # An acronym of a name's initials: "Balochistan Liberation Army" ... "BLA".
    initials: dict[int, str] | None = None
    for k, c in enumerate(cands):
        if c.origin != "unknown" or len(c.words) != 1 or not _is_acronym(c.words):
            continue
        if initials is None:
            initials = {o: "".join(w[0] for w in keys[o] if w not in rules.connectors)
                        for o in orgs if len(cands[o].words) > 1}
        letters = c.words[0].casefold()
        matches = [o for o, found in initials.items() if o != k and found == letters]
        target = _nearest(k, matches)
        if target is not None:
            c.type = "ORG"
            sets.union(target, k)


def _link_people(cands: list[Candidate], keys: list[tuple[str, ...]], sets: _Sets) -> None:
    people = [k for k, c in enumerate(cands) if c.type == "PER" and len(keys[k]) > 1]
    if not people:
        return  # (every link below is to a person's fuller name)
    initials: list[str] | None = None  # of each person, when an acronym needs them
    # The words of each candidate as written, without punctuation (of the people).
    exacts: dict[int, tuple[str, ...]] = {}
    # word as written -> the full names (indices) that contain it
    with_word: dict[str, list[int]] = {}
    for o in people:
        exacts[o] = written = _WRITTEN[cands[o].words]
        for w in set(written):
            with_word.setdefault(w, []).append(o)
    for k, c in enumerate(cands):
        part = keys[k]
        if not part or c.aliased:
            continue
        origin = c.origin
        if origin == "unknown" or (c.type == "PER" and origin == "lexicon"):
            # Case counts: "Tri" is part of "Dewi Tri Lestari", "TRI" is not.
            # (The words as written are not empty, as the case-folded ones are not.)
            written = _WRITTEN[c.words]
            options = with_word.get(written[0])
            fuller = [o for o in options if o != k and len(keys[o]) > len(part)
                      and _contains(written, exacts[o])] if options else []
        elif len(part) == 1 and origin in ("city", "country", "lexicon"):
            # "Montenegro" in a story about Luis Montenegro is the man, not the country.
            written = _WRITTEN[c.words]
            options = with_word.get(written[0])
            fuller = [o for o in options if cands[o].origin == "unknown"
                      and keys[o][-1] == part[0]] if options else []
        else:
            continue
        if not fuller and origin == "unknown" and _is_acronym(c.words):
            letters = part[0]
            if initials is None:
                initials = ["".join(w[0] for w in keys[o]) for o in people]
            fuller = [o for o, found in zip(people, initials, strict=True)
                      if found == letters
                      or (len(letters) >= 3 and any(w.startswith(letters) for w in keys[o]))]
        if fuller:
            target = _nearest(k, fuller)
            if target is not None:
                c.type = "PER"
                sets.union(target, k)


def _link_places(cands: list[Candidate], keys: list[tuple[str, ...]], sets: _Sets) -> None:
    headed: dict[str, list[int]] = {}
    for k, c in enumerate(cands):
        if c.origin == "head" and c.type == "GPE":
            headed.setdefault(" ".join(_content(c.words[c.head_size:])), []).append(k)
    if not headed:
        return
    for k, c in enumerate(cands):
        if c.origin != "unknown":
            continue
        options = headed.get(" ".join(keys[k]))
        if options:
            # The plain name ("Kecamatan X" -> "X") wins over a village of the same name.
            plain = [o for o in options
                     if cands[o].name == " ".join(cands[o].words[cands[o].head_size:])]
            target = (plain or options)[0]
            c.type = "GPE"
            sets.union(target, k)


def _name_clusters(cands: list[Candidate], keys: list[tuple[str, ...]], sets: _Sets,
                   text: str) -> list[Mention]:
    members: dict[int, list[int]] = {}
    find = sets.find
    for k in range(len(cands)):
        members.setdefault(find(k), []).append(k)
    out: list[Mention] = []
    for group in members.values():
        if len(group) == 1:
            r = cands[group[0]]
            out.append(Mention(r.start, r.end, r.type, r.name or _written(text[r.start:r.end]),
                               r.kb, r.country))
            continue
        # Whether a member is a specific known name depends on its words only: a name
        # written many times ("Indonesia") is checked against the group once. (A loop,
        # not max() with a key function: a closure made per group cost more.)
        specific: dict[tuple[str, ...], bool] = {}
        rep, best = -1, None  # the representative member, and its rank
        for k in group:
            c, key = cands[k], keys[k]
            known = c.origin in KNOWN_ORIGINS
            if known and key not in specific:
                specific[key] = _is_specific_known(keys, key, group)
            rank = (known and specific[key], len(key), known, -c.start)
            if best is None or rank > best:  # the first of the best, as max() takes
                rep, best = k, rank
        r = cands[rep]
        name = r.name or _written(text[r.start:r.end])
        type_ = r.type
        if r.origin == "unknown" and any(cands[k].type != type_ for k in group):
            type_ = _vote(cands, group)  # the members disagree
        if type_ != r.type and r.name is not None and r.origin == "unknown":
            name = _written(text[r.start:r.end])
        for k in group:
            c = cands[k]
            out.append(Mention(c.start, c.end, type_, name, r.kb, r.country))
    out.sort(key=attrgetter("start"))
    return out


def _is_specific_known(keys: list[tuple[str, ...]], mine: tuple[str, ...],
                       group: list[int]) -> bool:
    """Whether a known name ("MONUSCO") names its cluster: unless it only heads a longer
    member ("BPBD" of "BPBD Kabupaten Sukabumi")."""
    size = len(mine)
    for o in group:  # a loop, not any(): cheaper for these short groups
        longer = keys[o]
        if len(longer) > size and longer[:size] == mine:
            return False
    return True


def _written(surface: str) -> str:
    """A name as written, without a parenthesised acronym: 'Pengadilan Negeri Depok'."""
    while "(" in surface and ")" in surface[surface.index("("):]:
        open_at = surface.index("(")
        surface = surface[:open_at] + " " + surface[surface.index(")", open_at) + 1:]
    return " ".join(surface.split())


def _vote(cands: list[Candidate], group: list[int]) -> str:
    """The type most members were given on evidence (by default only when none was)."""
    counts: dict[str, int] = {}
    for k in group:
        weight = 1 if cands[k].weak else 100
        counts[cands[k].type] = counts.get(cands[k].type, 0) + weight
    return max(counts, key=lambda t: counts[t])

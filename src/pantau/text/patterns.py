"""Regex building blocks shared by the segmenter and the extraction stages."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

# The letters an IGNORECASE regex matches to an ASCII letter although their lower case is
# not that letter ("İ" lower-cases to two characters, "ı" and "ſ" to themselves): what
# such a regex matched would miss the lower-case keys of the lexicons.
_ODD_CASES = {"İ": "I", "ı": "i", "ſ": "s"}
_ODD_CASES_TABLE = str.maketrans(_ODD_CASES)


def fold_odd_cases(text: str) -> str:
    """``text`` with the letters of ``_ODD_CASES`` replaced by the ASCII letters they match,
    one character for one (offsets hold); ``text`` itself when it has none, most texts."""
    if any(letter in text for letter in _ODD_CASES):
        return text.translate(_ODD_CASES_TABLE)
    return text


def alternation(phrases: Iterable[str]) -> str:
    """A regex matching any of ``phrases``, longest first, spaces matching any whitespace.

    The phrases are factored into a trie ("s(?:atu|e(?:belas|puluh))"): Python's
    regex engine then tests a few branches per position instead of every phrase.
    """
    return _alternation(frozenset(" ".join(p.split()) for p in phrases if p.strip()))


@cache  # the time stage asks for the same word lists once per rule
def _alternation(phrases: frozenset[str]) -> str:
    trie: dict[str, dict] = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}
    return _render(trie)


def _render(node: dict[str, dict]) -> str:
    ends_here = "" in node
    branches = [(r"\s+" if char == " " else re.escape(char)) + _render(child)
                for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    if len(branches) == 1 and not ends_here:
        return branches[0]
    # An empty last branch, not "?": the longer phrase is tried before the shorter one it
    # extends, as with a greedy "?", but without the repeat context ``re`` allocates for
    # every "?" over a group (tried at each word start, that is most of a scan's cost).
    return "(?:" + "|".join(branches) + ("|)" if ends_here else ")")

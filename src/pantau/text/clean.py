"""Cleaning that keeps grounding exact.

``clean(raw)`` repairs encoding (ftfy), normalises to NFC and tidies whitespace:
other spaces become a plain space, invisible characters go, runs of spaces
collapse, line ends become LF, spaces at line ends go, and paragraph breaks stay
(two or more line breaks become exactly one blank line). Nothing else is
rewritten: quotes, dashes and letters stay as they are.

Every edit is recorded in an offset map, so any span of the cleaned text maps
back to the original (``to_original``, ``span_to_original``). Text that is
already clean comes back unchanged and costs two quick scans.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cache
from typing import Any

Span = tuple[int, int]


@cache
def _ftfy() -> tuple[Any, Any]:
    """ftfy's ``fix_text`` and its configuration, imported on first need: most text never
    needs it, and importing it costs more than the rest of pantau's import."""
    import ftfy

    # ftfy only for encoding repair: its other fixes (curly quotes to straight ones,
    # full-width letters, ligatures) would rewrite text the record must keep.
    config = ftfy.TextFixerConfig(
        unescape_html=False, uncurl_quotes=False, fix_latin_ligatures=False,
        fix_character_width=False, fix_line_breaks=False, remove_control_chars=False,
        normalization="NFC", explain=False)
    return ftfy.fix_text, config


# UTF-8 read as Latin-1/cp1252 always shows a lead byte in U+00C2–U+00F4; C1
# controls and surrogates are also ftfy's business. Text without any of them
# cannot need ftfy, and most news text has none.
_FTFY_SUSPECT = re.compile(r"[\x80-\x9f\xc2-\xf4\ud800-\udfff]")

_NEWLINE = r"(?:\r\n?|[\n\u2028\u2029\x85])"
_OTHER_SPACE = r"\t\x0b\x0c\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_INVISIBLE = r"\u200b-\u200d\u2060\ufeff\u00ad"
_RUN = rf"[ {_OTHER_SPACE}{_INVISIBLE}]"
_NEWLINE_RE = re.compile(_NEWLINE)
# Characters that always need tidying; with the substring checks in
# ``_needs_tidy`` this tells clean text apart about ten times faster than _TIDY_RE.
_UNTIDY_CHAR_RE = re.compile(
    rf"[{_OTHER_SPACE}{_INVISIBLE}\r\u2028\u2029\x85\x00-\x08\x0e-\x1f\x7f-\x9fÂ]")
_INVISIBLE_RE = re.compile(rf"[{_INVISIBLE}]")

# Debris to delete before whitespace is tidied (so the spaces around it merge):
# control characters (C0 but tab and line breaks, DEL, C1 but NEL), and the
# stray "Â" ftfy leaves where a UTF-8 no-break space was cut in two ("costÂ.").
_DEBRIS_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\x80-\x84\x86-\x9f]+|(?P<stray>Â)(?=\W|\Z)")

# One pass finds every whitespace edit; a match that needs no change (a single
# "\n", a paragraph break "\n\n") is skipped. Possessive runs keep it linear.
_TIDY_RE = re.compile("|".join([
    # spaces around one or more line breaks
    rf"(?P<lines>{_RUN}*+(?:{_NEWLINE}{_RUN}*+)+)",
    # two or more spacing characters, or one that is not a plain space
    rf"(?P<spaces>{_RUN}{{2,}}|[{_OTHER_SPACE}{_INVISIBLE}])",
    # a single space opening or closing the text
    r"(?P<edge>\A | \Z)",
]))


class OffsetMap:
    """Maps positions of an edited text back to the text it was made from.

    The edited text is covered by segments ``(new_start, new_end, old_start,
    old_end)``: unchanged runs (same length) and replaced pieces. Deleted text
    is a gap between the old ranges of two segments.
    """

    __slots__ = ("_new_starts", "_segments", "new_len", "old_len")

    def __init__(self, segments: list[tuple[int, int, int, int]], new_len: int, old_len: int):
        self._segments = segments
        self._new_starts = [seg[0] for seg in segments]
        self.new_len = new_len
        self.old_len = old_len

    def start(self, x: int) -> int:
        """Old offset where the character at new offset ``x`` begins."""
        if x >= self.new_len:
            return self.old_len
        ns, ne, os, oe = self._segments[bisect_right(self._new_starts, x) - 1]
        if ne - ns == oe - os:
            return os + (x - ns)
        return os + (x - ns) * (oe - os) // (ne - ns)

    def end(self, x: int) -> int:
        """Old offset where the character ending at new offset ``x`` ends."""
        if x <= 0:
            return 0
        ns, ne, os, oe = self._segments[bisect_right(self._new_starts, x - 1) - 1]
        if ne - ns == oe - os:
            return os + (x - ns)
        return os + -(-(x - ns) * (oe - os) // (ne - ns))  # ceiling division


@dataclass
class Cleaned:
    text: str
    original: str
    # Maps of the successive edits, oldest first; empty when nothing changed.
    maps: list[OffsetMap] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.maps)

    def to_original(self, offset: int) -> int:
        """Offset in ``original`` of the character at ``offset`` in ``text``."""
        for m in reversed(self.maps):
            offset = m.start(offset)
        return offset

    def end_to_original(self, offset: int) -> int:
        """Offset in ``original`` where a span ending at ``offset`` in ``text`` ends."""
        for m in reversed(self.maps):
            offset = m.end(offset)
        return offset

    def span_to_original(self, span: Span) -> Span:
        start, end = span
        if end <= start:
            orig = self.to_original(start)
            return orig, orig
        return self.to_original(start), self.end_to_original(end)


def _common_prefix_len(a: str, b: str) -> int:
    n = min(len(a), len(b))
    lo, hi = 0, n  # binary search on slice equality: C speed, O(n log n) at worst
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


class _Editor:
    """Builds an edited text and its offset map from ordered, non-overlapping edits."""

    def __init__(self, old: str):
        self.old = old
        self.pieces: list[str] = []
        self.segments: list[tuple[int, int, int, int]] = []
        self.old_pos = 0
        self.new_pos = 0

    def _emit(self, old_start: int, old_end: int, new_text: str) -> None:
        if new_text:
            n = len(new_text)
            self.segments.append((self.new_pos, self.new_pos + n, old_start, old_end))
            self.pieces.append(new_text)
            self.new_pos += n
        self.old_pos = old_end

    def replace(self, start: int, end: int, new_text: str) -> None:
        if start > self.old_pos:
            self._emit(self.old_pos, start, self.old[self.old_pos:start])
        self._emit(start, end, new_text)

    def diff(self, start: int, end: int, new_text: str) -> None:
        """Replace ``old[start:end]`` by ``new_text``, mapping shared characters exactly."""
        old_text = self.old[start:end]
        # Only the stretch between the common prefix and suffix needs a diff.
        prefix = _common_prefix_len(old_text, new_text)
        suffix = _common_prefix_len(old_text[prefix:][::-1], new_text[prefix:][::-1])
        start += prefix
        end -= suffix
        old_text = old_text[prefix:len(old_text) - suffix]
        new_text = new_text[prefix:len(new_text) - suffix]
        matcher = SequenceMatcher(None, old_text, new_text, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            self.replace(start + i1, start + i2, new_text[j1:j2])
        if end > self.old_pos:
            self._emit(self.old_pos, end, self.old[self.old_pos:end])

    def finish(self) -> tuple[str, OffsetMap]:
        if self.old_pos < len(self.old):
            self._emit(self.old_pos, len(self.old), self.old[self.old_pos:])
        text = "".join(self.pieces)
        return text, OffsetMap(self.segments, len(text), len(self.old))


def _repair(line: str) -> str:
    if _FTFY_SUSPECT.search(line):
        fix_text, config = _ftfy()
        line = fix_text(line, config)
    return unicodedata.normalize("NFC", line)


def _repair_encoding(text: str) -> tuple[str, OffsetMap] | None:
    """ftfy and NFC, line by line (as ftfy works), diffing only the lines that change."""
    if text.isascii() or (not _FTFY_SUSPECT.search(text)
                          and unicodedata.is_normalized("NFC", text)):
        return None  # ASCII has nothing to repair and is NFC
    editor: _Editor | None = None
    pos = 0
    for line in text.splitlines(keepends=True):
        fixed = _repair(line)
        if fixed != line:
            editor = editor or _Editor(text)
            editor.diff(pos, pos + len(line), fixed)
        pos += len(line)
    return editor.finish() if editor else None


def _tidy_replacement(m: re.Match[str], text: str) -> str:
    kind = m.lastgroup
    at_edge = m.start() == 0 or m.end() == len(text)
    if kind == "lines":
        if at_edge:
            return ""
        return "\n" if len(_NEWLINE_RE.findall(m.group())) == 1 else "\n\n"
    if kind == "spaces":
        if at_edge or not _INVISIBLE_RE.sub("", m.group()):
            return ""
        return " "
    return ""  # edge


def _may_be_untidy(text: str) -> bool:
    """False when ``text`` surely holds no character of ``_UNTIDY_CHAR_RE``: all of them but
    "Â" are unprintable, and ``str.isprintable`` scans far faster than a regex."""
    return "Â" in text or not text.replace("\n", "").isprintable()


def _has_untidy_char(text: str) -> bool:
    return _may_be_untidy(text) and _UNTIDY_CHAR_RE.search(text) is not None


def _needs_tidy(text: str) -> bool:
    return bool(text) and (
        text[0] in " \n" or text[-1] in " \n" or "  " in text or " \n" in text
        or "\n " in text or "\n\n\n" in text or _has_untidy_char(text))


def _tidy(text: str) -> tuple[str, OffsetMap] | None:
    if not _needs_tidy(text):
        return None
    editor: _Editor | None = None
    for m in _TIDY_RE.finditer(text):
        new = _tidy_replacement(m, text)
        if new != m.group():
            editor = editor or _Editor(text)
            editor.replace(m.start(), m.end(), new)
    return editor.finish() if editor else None


def _remove_debris(text: str) -> tuple[str, OffsetMap] | None:
    if not _has_untidy_char(text):
        return None
    editor: _Editor | None = None
    for m in _DEBRIS_RE.finditer(text):
        # An all-capital word may end in a real "Â"; elsewhere it is debris.
        if m.lastgroup == "stray" and m.start() > 0 and text[m.start() - 1].isupper():
            continue
        editor = editor or _Editor(text)
        editor.replace(m.start(), m.end(), "")
    return editor.finish() if editor else None


_STEPS: list[Callable[[str], tuple[str, OffsetMap] | None]] = [
    _repair_encoding, _remove_debris, _tidy]


def clean(raw: str) -> Cleaned:
    """Clean ``raw``; the result maps every offset back to ``raw``."""
    text = raw
    maps: list[OffsetMap] = []
    for step in _STEPS:
        result = step(text)
        if result is not None:
            text, offset_map = result
            maps.append(offset_map)
    return Cleaned(text=text, original=raw, maps=maps)

"""Input readers for ``pantau extract`` and ``pantau ingest``: plain text files, JSON
Lines (the corpus format), JSON, HTML article pages, RSS/Atom feeds, http(s) URLs,
directories of any of these, and ``-`` (JSON Lines on standard input).

``read_inputs(paths)`` yields, in order, one document dict per readable
document and one ``InputError`` per unreadable file, line, record or feed entry,
so that a bad input never stops a batch. A document dict has the keys of
``DOC_FIELDS`` plus ``extra`` (other keys of the input record, passed through)
and ``where`` (``file``, ``file:line`` or ``feed entry n``, for messages); with
``keep_annotations`` a record's own ``entities`` and ``events`` are kept too (to
store records as given).

A text file is the corpus format written by hand: the title on the first line,
the article after it; a name that opens with an ISO date ("2025-03-04-banjir.txt",
as static-site generators name posts) gives its publication date.

Limits: a document may be at most ``MAX_DOCUMENT_BYTES`` (10 MB) of UTF-8; a larger
file or JSON line is rejected without being read into memory, and a file with NUL
bytes is refused as binary.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import IO, Any

from pantau.errors import InputError

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
DOC_FIELDS = ("id", "lang", "title", "published", "source", "url", "text")
# What pantau produces: an input's own annotations (a gold file) are passed on
# only when asked for (``keep_annotations``).
ANNOTATION_FIELDS = ("entities", "events")
TEXT_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl", ".ndjson")
JSON_SUFFIXES = (".json",)
MARKUP_SUFFIXES = (".html", ".htm", ".xhtml", ".rss", ".atom", ".xml")
READ_SUFFIXES = TEXT_SUFFIXES + JSONL_SUFFIXES + JSON_SUFFIXES + MARKUP_SUFFIXES
SNIFF_BYTES = 8192
# "2025-03-04-banjir-garut.txt": the date a text file's name opens with is its publication date
DATED_NAME_RE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[-_ .]|$)")

Item = dict[str, Any] | InputError


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


def _too_large(size: int) -> str:
    return f"{_megabytes(size)}, over the {_megabytes(MAX_DOCUMENT_BYTES)} limit per document"


def _decode(data: bytes, where: str, base_offset: int = 0) -> str | InputError:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return InputError(where, f"not valid UTF-8 (byte offset {base_offset + exc.start})")


def _input_files(path: Path) -> list[Path]:
    """The readable files under a directory, sorted, hidden ones skipped."""
    return sorted(p for p in path.rglob("*")
                  if p.is_file() and p.suffix.lower() in READ_SUFFIXES
                  and not any(part.startswith(".") for part in p.relative_to(path).parts))


def read_inputs(paths: Iterable[str | Path], keep_annotations: bool = False) -> Iterator[Item]:
    """Documents and errors from files, directories (recursive), URLs and ``-``."""
    for raw in paths:
        if str(raw) == "-":
            yield from _read_jsonl_stream(sys.stdin.buffer, "<stdin>", keep_annotations)
            continue
        if str(raw).startswith(("http://", "https://")):
            yield from read_url(str(raw))
            continue
        path = Path(raw)
        if path.is_dir():
            files = _input_files(path)
            if not files:
                yield InputError(str(path), "directory holds no .txt, .jsonl, .json, HTML "
                                            "or feed files")
            for file in files:
                yield from read_file(file, keep_annotations)
        elif path.exists():
            yield from read_file(path, keep_annotations)
        else:
            yield InputError(str(path), "no such file or directory")


def count_documents(paths: Iterable[str | Path]) -> int | None:
    """How many documents ``read_inputs`` will give, errors included, when cheap to
    tell (files and directories of them); None when a feed, URL or stdin is among them."""
    total = 0
    for raw in paths:
        path = Path(raw)
        if str(raw) == "-" or str(raw).startswith(("http://", "https://")):
            return None
        files = _input_files(path) if path.is_dir() else [path] if path.is_file() else []
        for file in files:
            suffix = file.suffix.lower()
            if suffix in MARKUP_SUFFIXES or suffix in JSON_SUFFIXES or (
                    suffix not in READ_SUFFIXES):
                return None  # a feed or a JSON list holds any number; others are sniffed
            if suffix in JSONL_SUFFIXES:
                with file.open("rb") as f:
                    total += sum(1 for line in f if line.strip()) or 1
            else:
                total += 1
        total += not files  # the error for a missing path or an empty directory
    return total


def read_url(url: str) -> Iterator[Item]:
    """The article page or the feed entries at an http(s) URL."""
    from pantau.io.html import doc_id_for, fetch

    try:
        yield from _read_markup(fetch(url), url, url=url, fallback_id=doc_id_for(url))
    except InputError as exc:
        yield exc


def read_file(path: Path, keep_annotations: bool = False) -> Iterator[Item]:
    """Documents of one file, by its suffix; other suffixes by content (a feed, an HTML
    page, else plain text)."""
    where = str(path)
    try:
        size = path.stat().st_size
        if size == 0:
            yield InputError(where, "empty file")
            return
        suffix = path.suffix.lower()
        # One document per file unless JSON Lines or a feed: the limit applies to the file.
        if suffix not in JSONL_SUFFIXES and size > MAX_DOCUMENT_BYTES:
            yield InputError(where, f"file is {_too_large(size)}")
            return
        with path.open("rb") as f:
            head = f.read(SNIFF_BYTES)
            if b"\0" in head:
                yield InputError(where, "binary file, not text")
                return
            f.seek(0)
            if suffix in JSONL_SUFFIXES:
                yield from _read_jsonl_stream(f, where, keep_annotations)
            elif suffix in JSON_SUFFIXES:
                yield from _read_json(f, where, keep_annotations)
            elif suffix in MARKUP_SUFFIXES or _looks_like_markup(head):
                yield from _read_markup(f.read(), where, url=None, fallback_id=path.stem)
            else:
                yield _read_text(f, path)
    except OSError as exc:
        yield InputError(where, f"cannot read: {exc.strerror or exc}")
    except InputError as exc:
        yield exc


def _looks_like_markup(head: bytes) -> bool:
    from pantau.io.feeds import looks_like_feed

    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:200].lower()
    return start.startswith((b"<!doctype html", b"<html", b"<?xml")) or looks_like_feed(head)


def _read_markup(data: bytes, where: str, url: str | None, fallback_id: str) -> Iterator[Item]:
    """The entries of a feed, or the article of an HTML page."""
    # Imported here: trafilatura, lxml and feedparser cost ~28 MB in every extraction
    # worker, and most inputs are text or JSON Lines.
    from pantau.io.feeds import looks_like_feed, parse_feed
    from pantau.io.html import parse_html

    if looks_like_feed(data):
        for n, entry in enumerate(parse_feed(data, where=where), 1):
            yield entry if isinstance(entry, InputError) else _checked(
                entry, f"{where} entry {n}", fallback_id)
        return
    yield _checked(parse_html(data, url=url, where=where), where, fallback_id)


def _checked(fields: dict[str, Any], where: str, fallback_id: str) -> Item:
    """A document dict from fields a page or feed gave, held to the rules of a record."""
    return document_from_record({k: v for k, v in fields.items() if v is not None}, where,
                                fallback_id)


def _read_text(f: IO[bytes], path: Path) -> Item:
    """A plain text file: the title on its first line, the article after it (a file of
    one line is all article)."""
    where = str(path)
    text = _decode(f.read(), where)
    if isinstance(text, InputError):
        return text
    text = text.removeprefix("\ufeff")
    if not text.strip():
        return InputError(where, "empty file")
    title, _, body = text.strip().partition("\n")
    if not body.strip():
        title, body = "", text
    return {"id": path.stem, "lang": None, "title": title.strip() or None,
            "published": _date_in_name(path.stem), "source": None, "url": None,
            "text": body.strip(), "extra": {}, "where": where}


def _date_in_name(stem: str) -> str | None:
    """The ISO date a file name opens with, if it is a real date ("2025-02-30-x" is not)."""
    found = DATED_NAME_RE.match(stem)
    return found.group(1) if found and _valid_date(found.group(1)) else None


def _read_json(f: IO[bytes], where: str, keep_annotations: bool = False) -> Iterator[Item]:
    """A JSON file: one document object, or a list of them (or JSON Lines, misnamed)."""
    text = _decode(f.read(), where)
    if isinstance(text, InputError):
        yield text
        return
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data" and exc.lineno > 1:  # one object a line: JSON Lines
            f.seek(0)
            yield from _read_jsonl_stream(f, where, keep_annotations)
            return
        yield InputError(f"{where}:{exc.lineno}", f"invalid JSON: {exc.msg}")
        return
    stem = Path(where).stem
    if isinstance(value, list):
        for i, item in enumerate(value, 1):
            yield document_from_record(item, f"{where}[{i}]", f"{stem}-{i}", keep_annotations)
    else:
        yield document_from_record(value, where, stem, keep_annotations)


def _read_jsonl_stream(f: IO[bytes], where: str,
                       keep_annotations: bool = False) -> Iterator[Item]:
    """JSON Lines, one document per line, read line by line within the size limit."""
    stem = Path(where).stem
    offset = 0
    seen_any = False
    for lineno, (line, length) in enumerate(_bounded_lines(f), 1):
        line_where = f"{where}:{lineno}"
        line_offset = offset
        offset += length
        if line is None:
            yield InputError(line_where, f"line is {_too_large(length)}")
            continue
        text = _decode(line, line_where, line_offset)
        if isinstance(text, InputError):
            yield text
            continue
        if not text.strip():
            continue
        seen_any = True
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            yield InputError(line_where, f"invalid JSON: {exc.msg} (column {exc.colno})")
            continue
        yield document_from_record(value, line_where, f"{stem}-{lineno}", keep_annotations)
    if not seen_any:
        yield InputError(where, "empty file")


def _bounded_lines(f: IO[bytes]) -> Iterator[tuple[bytes | None, int]]:
    """(line, its length in bytes) for each line of ``f``; a line over the size
    limit is drained in chunks and given as (None, length), never held whole."""
    limit = MAX_DOCUMENT_BYTES
    while True:
        line = f.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit:
            yield line, len(line)
            continue
        length = len(line)
        while not line.endswith(b"\n"):
            line = f.readline(1024 * 1024)
            if not line:
                break
            length += len(line)
        yield None, length


def _valid_date(value: Any) -> bool:
    try:
        date.fromisoformat(str(value)[:10])
    except ValueError:
        return False
    return True


def document_from_record(value: Any, where: str, default_id: str,
                         keep_annotations: bool = False) -> Item:
    """A document dict from one parsed JSON record, or the reason it is not one."""
    if not isinstance(value, dict):
        return InputError(where, f"a record must be a JSON object, not {type(value).__name__}")
    text = value.get("text")
    if text is None:
        return InputError(where, "record has no 'text'")
    if not isinstance(text, str):
        return InputError(where, f"'text' must be a string, not {type(text).__name__}")
    if not text.strip():
        return InputError(where, "'text' is empty")
    if len(text.encode("utf-8")) > MAX_DOCUMENT_BYTES:
        return InputError(where, f"'text' is {_too_large(len(text.encode('utf-8')))}")
    doc: dict[str, Any] = {name: value.get(name) for name in DOC_FIELDS}
    for name in ("lang", "title", "source", "url"):
        if doc[name] is not None and not isinstance(doc[name], str):
            return InputError(where, f"'{name}' must be a string or null")
    if doc["id"] is None or doc["id"] == "":
        doc["id"] = default_id
    elif not isinstance(doc["id"], str | int):
        return InputError(where, "'id' must be a string")
    doc["id"] = str(doc["id"])
    if doc["published"] is not None and not _valid_date(doc["published"]):
        return InputError(where, f"'published' is not a date (YYYY-MM-DD): {doc['published']!r}")
    doc["extra"] = {k: v for k, v in value.items()
                    if k not in DOC_FIELDS and k not in ANNOTATION_FIELDS}
    if keep_annotations:
        doc.update((k, value[k]) for k in ANNOTATION_FIELDS if k in value)
    doc["where"] = where
    return doc

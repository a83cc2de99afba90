"""Input readers: plain text files, JSON Lines (the corpus format), JSON, directories.

``read_inputs(paths)`` yields, in order, one document dict per readable
document and one ``InputError`` per unreadable file, line or record, so that a
bad input never stops a batch. A document dict has the keys of ``DOC_FIELDS``
plus ``extra`` (other keys of the input record, passed through) and ``where``
(``file`` or ``file:line``, for messages).

Limits: a document may be at most ``MAX_DOCUMENT_BYTES`` (10 MB) of UTF-8; a
larger text file or JSON line is rejected without being read into memory.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import IO, Any

from pantau.errors import InputError

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
DOC_FIELDS = ("id", "lang", "title", "published", "source", "url", "text")
# What pantau produces: an input's own annotations (a gold file) are not passed on.
ANNOTATION_FIELDS = ("entities", "events")
TEXT_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl",)
JSON_SUFFIXES = (".json",)
SNIFF_BYTES = 8192

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
    suffixes = TEXT_SUFFIXES + JSONL_SUFFIXES + JSON_SUFFIXES
    return sorted(p for p in path.rglob("*")
                  if p.is_file() and p.suffix.lower() in suffixes
                  and not any(part.startswith(".") for part in p.relative_to(path).parts))


def read_inputs(paths: Iterable[str | Path]) -> Iterator[Item]:
    """Documents and errors from files, directories (recursive) and ``-`` (JSON Lines on stdin)."""
    for raw in paths:
        if str(raw) == "-":
            yield from _read_jsonl_stream(sys.stdin.buffer, "<stdin>")
            continue
        path = Path(raw)
        if path.is_dir():
            files = _input_files(path)
            if not files:
                yield InputError(str(path), "directory holds no .txt, .jsonl or .json files")
            for file in files:
                yield from read_file(file)
        elif path.exists():
            yield from read_file(path)
        else:
            yield InputError(str(path), "no such file or directory")


def read_file(path: Path) -> Iterator[Item]:
    """Documents of one file, by its suffix; unknown suffixes are read as plain text."""
    where = str(path)
    try:
        size = path.stat().st_size
        if size == 0:
            yield InputError(where, "empty file")
            return
        suffix = path.suffix.lower()
        # One document per file unless JSON Lines: the size limit applies to the file.
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
                yield from _read_jsonl_stream(f, where)
            elif suffix in JSON_SUFFIXES:
                yield from _read_json(f, where)
            else:
                yield _read_text(f, path)
    except OSError as exc:
        yield InputError(where, f"cannot read: {exc.strerror or exc}")


def _read_text(f: IO[bytes], path: Path) -> Item:
    """A plain text file: the title is its first line, the text the whole file."""
    where = str(path)
    text = _decode(f.read(), where)
    if isinstance(text, InputError):
        return text
    text = text.removeprefix("\ufeff")
    if not text.strip():
        return InputError(where, "empty file")
    title = text.lstrip().split("\n", 1)[0].strip()
    return {"id": path.stem, "lang": None, "title": title or None, "published": None,
            "source": None, "url": None, "text": text, "extra": {}, "where": where}


def _read_json(f: IO[bytes], where: str) -> Iterator[Item]:
    """A JSON file: one document object, or a list of them."""
    text = _decode(f.read(), where)
    if isinstance(text, InputError):
        yield text
        return
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        yield InputError(f"{where}:{exc.lineno}", f"invalid JSON: {exc.msg}")
        return
    stem = Path(where).stem
    if isinstance(value, list):
        for i, item in enumerate(value, 1):
            yield document_from_record(item, f"{where}[{i}]", f"{stem}-{i}")
    else:
        yield document_from_record(value, where, stem)


def _read_jsonl_stream(f: IO[bytes], where: str) -> Iterator[Item]:
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
        yield document_from_record(value, line_where, f"{stem}-{lineno}")
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


def document_from_record(value: Any, where: str, default_id: str) -> Item:
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
    doc["where"] = where
    return doc

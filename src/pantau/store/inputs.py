"""What ``pantau ingest`` reads: files, directories, JSON Lines, HTML pages,
RSS/Atom feeds and http(s) URLs, each turned into SCHEMA.md document fields.

Inputs are read lazily, one source at a time; every unreadable document comes
out as an ``InputError`` (with where and why) in the stream instead of raising,
so the caller logs it and carries on.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pantau.errors import InputError
from pantau.io.feeds import looks_like_feed, parse_feed
from pantau.io.html import doc_id_for, fetch, parse_html

JSONL = {".jsonl", ".ndjson", ".json"}
HTML = {".html", ".htm", ".xhtml"}
FEED = {".rss", ".atom", ".xml"}
TEXT = {".txt"}
SUPPORTED = JSONL | HTML | FEED | TEXT


@dataclass
class Source:
    """One thing named on the command line or found in a directory."""

    where: str  # a path or URL, as reported in messages
    path: Path | None = None
    url: str | None = None

    def expected(self) -> int | None:
        """How many documents this source should give, when cheap to know (for ETA)."""
        if self.path is not None and self.path.suffix.lower() in JSONL:
            with self.path.open("rb") as f:
                return sum(1 for line in f if line.strip())
        if self.path is not None and self.path.suffix.lower() in HTML | TEXT:
            return 1
        return None


def sources(inputs: list[str]) -> Iterator[Source | InputError]:
    for item in inputs:
        if item.startswith(("http://", "https://")):
            yield Source(item, url=item)
            continue
        path = Path(item)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if child.suffix.lower() in SUPPORTED:
                    yield Source(str(child), path=child)
        elif path.is_file():
            yield Source(item, path=path)
        else:
            yield InputError(item, "no such file or directory")


def _text_file(path: Path) -> dict[str, Any]:
    # Same convention as `pantau extract`: the title on the first line.
    raw = path.read_text(encoding="utf-8")
    title, _, body = raw.partition("\n")
    if not body.strip():
        title, body = "", raw
    return {"id": path.stem, "title": title.strip() or None, "text": body.strip()}


def _jsonl(path: Path) -> Iterator[dict[str, Any] | InputError]:
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            where = f"{path}:{n}"
            try:
                doc = json.loads(line)
            except json.JSONDecodeError as exc:
                yield InputError(where, f"not JSON: {exc.msg}")
                continue
            if not isinstance(doc, dict) or not isinstance(doc.get("text"), str):
                yield InputError(where, "line is not a document object with a string 'text'")
                continue
            doc.setdefault("id", f"{path.stem}-{n}")
            yield doc


def _markup(data: bytes, where: str, url: str | None,
            fallback_id: str) -> Iterator[dict[str, Any] | InputError]:
    if looks_like_feed(data):
        yield from parse_feed(data, where=where)
        return
    doc = parse_html(data, url=url, where=where)
    doc["id"] = doc["id"] or fallback_id
    yield doc


def documents(source: Source) -> Iterator[dict[str, Any] | InputError]:
    """The documents of one source; errors come out as items, never raised."""
    try:
        if source.url is not None:
            yield from _markup(fetch(source.url), source.where, source.url,
                               doc_id_for(source.url))
            return
        assert source.path is not None
        suffix = source.path.suffix.lower()
        if suffix in JSONL:
            yield from _jsonl(source.path)
        elif suffix in TEXT:
            yield _text_file(source.path)
        else:  # HTML, feeds and anything else: look at the content
            yield from _markup(source.path.read_bytes(), source.where, None, source.path.stem)
    except InputError as exc:
        yield exc
    except (OSError, UnicodeDecodeError) as exc:
        yield InputError(source.where, f"cannot read: {exc}")

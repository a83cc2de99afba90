"""RSS and Atom feeds in, one document per entry out (feedparser).

An entry becomes a document when it has text (its content, else its summary);
entries without text are reported one by one and the rest of the feed goes on.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import feedparser

from pantau.errors import InputError
from pantau.io.html import doc_id_for, fragment_text


def _iso_date(parsed: time.struct_time | None) -> str | None:
    return time.strftime("%Y-%m-%d", parsed) if parsed else None


def _entry_text(entry: Any) -> str:
    for content in entry.get("content") or []:
        text = fragment_text(content.get("value") or "")
        if text:
            return text
    return fragment_text(entry.get("summary") or "")


def looks_like_feed(head: bytes) -> bool:
    head = head[:2048].lower()
    return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head


def parse_feed(content: str | bytes, where: str = "feed") -> Iterator[dict[str, Any] | InputError]:
    """Document fields per entry, or an InputError for an entry that has none.

    Raises InputError when the input is not a feed at all."""
    feed = feedparser.parse(content)
    if not feed.entries:
        reason = feed.get("bozo_exception") or "no entries"
        raise InputError(where, f"not a readable RSS/Atom feed: {reason}")
    outlet = feed.feed.get("title") or None
    lang = (feed.feed.get("language") or "")[:2].lower() or None
    for n, entry in enumerate(feed.entries, 1):
        at = f"{where} entry {n}"
        link = entry.get("link") or None
        key = entry.get("id") or link
        text = _entry_text(entry)
        if not key:
            yield InputError(at, "entry has neither id nor link")
        elif not text:
            yield InputError(at, "entry has no content or summary")
        else:
            yield {"id": doc_id_for(key), "title": (entry.get("title") or "").strip() or None,
                   "published": _iso_date(entry.get("published_parsed")
                                          or entry.get("updated_parsed")),
                   "source": outlet, "url": link, "text": text,
                   "lang": lang if lang in ("id", "en") else None}

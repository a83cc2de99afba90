"""HTML pages in, document fields out: main text via trafilatura, title and date
from the page's metadata (OpenGraph, schema.org, <time>, URL …, via htmldate)."""

from __future__ import annotations

import hashlib
import urllib.request
import warnings
from typing import Any

import lxml.html
import trafilatura
from lxml import etree

from pantau.errors import InputError

FETCH_TIMEOUT = 30  # seconds
# Less text than this is navigation left over from a page without an article.
MIN_ARTICLE_CHARS = 20
USER_AGENT = "pantau (+https://github.com/) news-monitoring"
# Elements after which a fragment's text breaks a paragraph.
_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr",
           "section", "article", "figcaption", "pre", "ul", "ol", "table"}


def doc_id_for(url: str) -> str:
    """A stable document id for a page known only by its URL."""
    return "url-" + hashlib.sha1(url.encode()).hexdigest()[:16]


def fetch(url: str) -> bytes:
    """The body at an http(s) URL (used by ``pantau ingest URL``)."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:  # noqa: S310
            return response.read()
    except OSError as exc:  # URLError, HTTPError, timeouts
        raise InputError(url, f"cannot fetch: {exc}") from exc


def _paragraphs(text: str) -> str:
    # trafilatura puts one paragraph a line; the corpus separates them by a blank line.
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())


def parse_html(content: str | bytes, url: str | None = None, where: str = "html") -> dict[str, Any]:
    """Document fields (SCHEMA.md names) of an article page; InputError if it has no text."""
    if not content or not content.strip():
        raise InputError(where, "empty HTML page")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # trafilatura's FutureWarnings about lxml truth tests
        try:
            extracted = trafilatura.bare_extraction(content, url=url, with_metadata=True,
                                                    include_comments=False,
                                                    include_tables=False, as_dict=True)
        except Exception as exc:  # noqa: BLE001 - a parser failure is the page's fault
            raise InputError(where, f"cannot parse HTML: {exc}") from exc
    found: dict[str, Any] = extracted if isinstance(extracted, dict) else {}
    body = str(found.get("text") or "").strip()
    if len(body) < MIN_ARTICLE_CHARS:
        raise InputError(where, "no article text found in the HTML page")
    text = _paragraphs(body)
    title = str(found.get("title") or "").strip() or None
    if title and text.startswith(title):  # the page's <h1> repeats the title
        text = text[len(title):].lstrip() or text
    page_url = found.get("url") or url
    return {"id": doc_id_for(page_url) if page_url else None, "title": title,
            "published": found.get("date") or None,
            "source": found.get("sitename") or found.get("hostname"), "url": page_url,
            "text": text, "lang": None}


def fragment_text(html: str) -> str:
    """Plain text of an HTML fragment (a feed entry's body), paragraphs kept apart."""
    if "<" not in html:
        return html.strip()
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    parts: list[str] = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in ("script", "style"):
            element.text = None
        if element.tag in _BLOCKS:
            parts.append("\n\n")
        if element.text:
            parts.append(element.text)
        if element.tail:
            if element.tag in _BLOCKS:
                parts.append("\n\n")
            parts.append(element.tail)
    paragraphs = (" ".join(p.split()) for p in "".join(parts).split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)

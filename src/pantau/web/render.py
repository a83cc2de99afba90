"""Templates: one Jinja2 environment with autoescape on for every template.

Helpers build every URL from parts with ``urllib.parse`` quoting, and only
http(s) addresses from a document ever become links.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined

import pantau
from pantau.web.charts import TYPE_COLOURS, format_number

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"


def doc_url(doc_id: str, event: str | None = None) -> str:
    url = "/documents/" + quote(doc_id, safe="")
    return url + "?" + urlencode({"event": event}) if event else url


def entity_url(name: str) -> str:
    return "/entities/" + quote(name, safe="")


def event_url(consolidated_id: str) -> str:
    return "/events/" + quote(consolidated_id, safe="")


def timeline_url(name: str, unit: str | None = None, role: str = "actor") -> str:
    params = {"name": name, "unit": unit, "role": role if role != "actor" else None}
    return "/timeline?" + urlencode({k: v for k, v in params.items() if v})


def link(path: str, **params: Any) -> str:
    """``path`` with the non-empty ``params`` as its query string."""
    kept = {k: v for k, v in params.items() if v not in (None, "")}
    return path + ("?" + urlencode(kept) if kept else "")


def with_params(request: Request, **changes: Any) -> str:
    """The current page's URL with some query parameters changed (None removes one)."""
    params = dict(request.query_params)
    params.update({k: v for k, v in changes.items()})
    return link(request.url.path, **params)


def external_url(url: str | None) -> str | None:
    """The document's own address when it is http(s); anything else (javascript:,
    data:) is shown as text, never as a link."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def number(value: Any) -> str:
    if isinstance(value, list):
        return "–".join(number(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else str(value)


def make_templates() -> Jinja2Templates:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(doc_url=doc_url, entity_url=entity_url, event_url=event_url,
                       timeline_url=timeline_url, link=link, with_params=with_params,
                       external_url=external_url, type_colours=TYPE_COLOURS,
                       version=pantau.__version__)
    env.filters.update(number=number, short=format_number)
    return Jinja2Templates(env=env)

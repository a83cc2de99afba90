"""What every request needs: the open store, the write token, the templates."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from fastapi import Request
from sqlalchemy import Connection

from pantau.store import Store


@dataclass
class WebState:
    store: Store
    token: str | None  # bearer token for writes; None disables them
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def ready(self) -> Store:
        """The store with its consolidated events up to date (one recomputation at a time)."""
        if self.store.is_stale():
            with self._lock:
                self.store.ensure_consolidated()
        return self.store

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        with self.ready().engine.connect() as conn:
            yield conn


def web_state(request: Request) -> WebState:
    return request.app.state.web

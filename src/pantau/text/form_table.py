"""A table of facts about word forms, worked out on a form's first sight and kept
across documents: the lexicons and rules a stage reads are fixed, and most forms recur."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

MAX_FORMS = 100_000


class FormTable(dict):
    """A word form -> ``compute(form)``. Read with ``table[form]`` or
    ``map(table.__getitem__, words)``: a known form costs one dict lookup in C, and only an
    unseen one calls back into Python (``__missing__``). At ``limit`` forms the table starts
    afresh, a bound on memory, as rare forms keep coming."""

    __slots__ = ("compute", "limit")

    def __init__(self, compute: Callable[[Any], Any], limit: int = MAX_FORMS):
        super().__init__()
        self.compute = compute
        self.limit = limit

    def __missing__(self, form: Any) -> Any:
        if len(self) >= self.limit:
            self.clear()
        value = self[form] = self.compute(form)
        return value

"""Typed errors. Each carries the document (or input) it is about and a reason,
so batch runners can log one line per failure and carry on."""

from __future__ import annotations


class PantauError(Exception):
    """Base class: `where` names the document id or input path (and position)."""

    def __init__(self, where: str, reason: str):
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason


class InputError(PantauError):
    """An input file or line that cannot be read as a document."""


class ValidationError(PantauError):
    """A record that breaks SCHEMA.md; `path` is the field path inside the record."""

    def __init__(self, doc_id: str, path: str, reason: str):
        super().__init__(f"{doc_id} {path}", reason)
        self.doc_id = doc_id
        self.path = path

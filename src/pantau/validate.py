"""Check records against SCHEMA.md: ``pantau validate FILE…``.

``validate_record`` reports every inconsistency of one record, each as a
``ValidationError`` with the document id and the field path
(``events[3].actor_span``). It checks what the schema states and nothing
more: argument names need not be entity names, a name may come without a span
(a source named outside the text), and entity mentions may overlap.
"""

from __future__ import annotations

import argparse
import json
import re
from datetime import date, datetime
from typing import Any

from pantau.errors import ValidationError
from pantau.record import (
    CERTAINTIES,
    DOCUMENT_KEYS,
    ENTITY_TYPES,
    EVENT_MODES,
    GRANULARITIES,
    QUALIFIERS,
    STATUSES,
)

ENTITY_KEYS = ("id", "type", "name", "kb", "mentions")
EVENT_KEYS = ("id", "type", "mode", "trigger", "actor", "actor_span", "recipient",
              "recipient_span", "location", "location_span", "time", "quantities", "status",
              "certainty", "negated", "source", "source_span")
TIME_KEYS = ("span", "from", "to", "granularity")
QUANTITY_KEYS = ("span", "value", "qualifier", "unit")
ROLES = ("actor", "recipient", "location", "source")
OPTIONAL_TEXT = ("title", "source", "url")  # document fields that are a string or null

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ZONED_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})")
_LANG = re.compile(r"[a-z]{2,3}")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_date(value: Any) -> bool:
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_published(value: Any) -> bool:
    if _is_date(value):
        return True
    if not isinstance(value, str) or not _ZONED_DATETIME.fullmatch(value):
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


class _Checker:
    """Collects the errors of one record; ``text`` is its text when that is a string."""

    def __init__(self, doc_id: str, text: str | None):
        self.doc_id = doc_id
        self.text = text
        self.errors: list[ValidationError] = []

    def fail(self, path: str, reason: str) -> None:
        self.errors.append(ValidationError(self.doc_id, path, reason))

    def keys(self, obj: dict[str, Any], required: tuple[str, ...], path: str) -> None:
        for key in required:
            if key not in obj:
                self.fail(f"{path}.{key}" if path else key, "missing")

    def optional_text(self, value: Any, path: str) -> None:
        if value is not None and not isinstance(value, str):
            self.fail(path, f"expected a string or null, got {type(value).__name__}")

    def name(self, value: Any, path: str) -> bool:
        """A non-empty string name; False (after reporting) otherwise."""
        if not isinstance(value, str) or not value.strip():
            self.fail(path, f"expected a non-empty string, got {value!r}")
            return False
        return True

    def span(self, value: Any, path: str) -> None:
        """A non-empty ``[start, end)`` inside the text, naming a surface without
        surrounding white space."""
        if not (isinstance(value, list) and len(value) == 2 and all(map(_is_int, value))):
            self.fail(path, f"expected [start, end] integers, got {value!r}")
            return
        start, end = value
        if start > end:
            self.fail(path, f"reversed span {value}")
        elif start == end:
            self.fail(path, f"empty span {value}")
        elif start < 0:
            self.fail(path, f"negative offset in {value}")
        elif self.text is not None and end > len(self.text):
            self.fail(path, f"span {value} ends past the text (length {len(self.text)})")
        elif self.text is not None:
            surface = self.text[start:end]
            if surface != surface.strip():
                self.fail(path, f"surface {surface!r} begins or ends with white space")

    def listed(self, value: Any, path: str) -> list[Any]:
        if not isinstance(value, list):
            self.fail(path, f"expected a list, got {type(value).__name__}")
            return []
        return value

    def choice(self, value: Any, allowed: tuple[str, ...], path: str) -> None:
        if value not in allowed:
            self.fail(path, f"{value!r} is not one of {', '.join(allowed)}")

    def unique_ids(self, items: list[Any], path: str) -> None:
        seen: dict[str, int] = {}
        for i, item in enumerate(items):
            item_id = item.get("id") if isinstance(item, dict) else None
            if not isinstance(item_id, str) or not item_id:
                continue  # reported by the item's own check
            if item_id in seen:
                self.fail(f"{path}[{i}].id", f"duplicate id {item_id!r} (also {path}"
                                             f"[{seen[item_id]}])")
            else:
                seen[item_id] = i

    # ------------------------------------------------------------ record parts

    def document(self, d: dict[str, Any]) -> None:
        self.keys(d, DOCUMENT_KEYS, "")
        if "text" in d and not isinstance(d["text"], str):
            self.fail("text", f"expected a string, got {type(d['text']).__name__}")
        if "id" in d:
            self.name(d["id"], "id")
        lang = d.get("lang")
        if lang is not None and not (isinstance(lang, str) and _LANG.fullmatch(lang)):
            self.fail("lang", f"expected a language code such as 'id' or 'en', got {lang!r}")
        for key in OPTIONAL_TEXT:
            self.optional_text(d.get(key), key)
        published = d.get("published")
        if published is not None and not _is_published(published):
            self.fail("published", f"expected an ISO date or a datetime with zone, got "
                                   f"{published!r}")
        if "entities" in d:
            entities = self.listed(d["entities"], "entities")
            for i, entity in enumerate(entities):
                self.entity(entity, f"entities[{i}]")
            self.unique_ids(entities, "entities")
        if "events" in d:
            events = self.listed(d["events"], "events")
            for i, event in enumerate(events):
                self.event(event, f"events[{i}]")
            self.unique_ids(events, "events")

    def entity(self, e: Any, path: str) -> None:
        if not isinstance(e, dict):
            self.fail(path, f"expected an object, got {type(e).__name__}")
            return
        self.keys(e, ENTITY_KEYS, path)
        if "id" in e:
            self.name(e["id"], f"{path}.id")
        if "type" in e:
            self.choice(e["type"], ENTITY_TYPES, f"{path}.type")
        if "name" in e:
            self.name(e["name"], f"{path}.name")
        self.optional_text(e.get("kb"), f"{path}.kb")
        if "mentions" not in e:
            return
        mentions = self.listed(e["mentions"], f"{path}.mentions")
        if isinstance(e["mentions"], list) and not mentions:
            self.fail(f"{path}.mentions", "an entity needs at least one mention")
        seen: set[tuple[Any, ...]] = set()
        for i, mention in enumerate(mentions):
            self.span(mention, f"{path}.mentions[{i}]")
            key = tuple(mention) if isinstance(mention, list) else (mention,)
            if key in seen:
                self.fail(f"{path}.mentions[{i}]", f"repeated mention {mention!r}")
            seen.add(key)

    def event(self, v: Any, path: str) -> None:
        if not isinstance(v, dict):
            self.fail(path, f"expected an object, got {type(v).__name__}")
            return
        self.keys(v, EVENT_KEYS, path)
        if "id" in v:
            self.name(v["id"], f"{path}.id")
        event_type = v.get("type")
        if "type" in v:
            self.choice(event_type, tuple(EVENT_MODES), f"{path}.type")
        mode = v.get("mode")
        if mode is not None and event_type in EVENT_MODES:
            modes = EVENT_MODES[event_type]
            if mode not in modes:
                allowed = ", ".join(modes) if modes else "no mode"
                self.fail(f"{path}.mode", f"{mode!r} is not a mode of {event_type} ({allowed})")
        if "trigger" in v:
            self.span(v["trigger"], f"{path}.trigger")
        for role in ROLES:
            self.role(v, role, path)
        if v.get("time") is not None:
            self.time(v["time"], f"{path}.time")
        if "quantities" in v:
            for i, q in enumerate(self.listed(v["quantities"], f"{path}.quantities")):
                self.quantity(q, f"{path}.quantities[{i}]")
        if "status" in v:
            self.choice(v["status"], STATUSES, f"{path}.status")
        if "certainty" in v:
            self.choice(v["certainty"], CERTAINTIES, f"{path}.certainty")
        if "negated" in v and not isinstance(v["negated"], bool):
            self.fail(f"{path}.negated", f"expected true or false, got {v['negated']!r}")

    def role(self, v: dict[str, Any], role: str, path: str) -> None:
        name, span = v.get(role), v.get(role + "_span")
        if name is not None:
            self.name(name, f"{path}.{role}")
        if span is not None:
            self.span(span, f"{path}.{role}_span")
            if name is None:
                self.fail(f"{path}.{role}_span", f"a span but no {role} name")

    def time(self, t: Any, path: str) -> None:
        if not isinstance(t, dict):
            self.fail(path, f"expected an object or null, got {type(t).__name__}")
            return
        self.keys(t, TIME_KEYS, path)
        if "span" in t:
            self.span(t["span"], f"{path}.span")
        for key in ("from", "to"):
            if t.get(key) is not None and not _is_date(t[key]):
                self.fail(f"{path}.{key}", f"expected an ISO date or null, got {t[key]!r}")
        if _is_date(t.get("from")) and _is_date(t.get("to")) and t["from"] > t["to"]:
            self.fail(path, f"from {t['from']} is after to {t['to']}")
        if t.get("granularity") is not None:
            self.choice(t["granularity"], GRANULARITIES, f"{path}.granularity")

    def quantity(self, q: Any, path: str) -> None:
        if not isinstance(q, dict):
            self.fail(path, f"expected an object, got {type(q).__name__}")
            return
        self.keys(q, QUANTITY_KEYS, path)
        if "span" in q:
            self.span(q["span"], f"{path}.span")
        qualifier = q.get("qualifier")
        value: Any = q.get("value")
        if "qualifier" in q:
            self.choice(qualifier, QUALIFIERS, f"{path}.qualifier")
        if qualifier == "range":
            if not (isinstance(value, list) and len(value) == 2 and all(map(_is_number, value))
                    and 0 <= value[0] <= value[1]):
                self.fail(f"{path}.value", f"a range needs [low, high] with 0 <= low <= high, "
                                           f"got {value!r}")
        elif "value" in q and not (_is_number(value) and value >= 0):
            self.fail(f"{path}.value", f"expected a count (a number >= 0), got {value!r}")
        if q.get("unit") is not None:
            self.name(q["unit"], f"{path}.unit")


def validate_record(d: Any) -> list[ValidationError]:
    """Every way the record ``d`` breaks SCHEMA.md (empty when it is valid)."""
    if not isinstance(d, dict):
        return [ValidationError("?", "record", f"expected a JSON object, got {type(d).__name__}")]
    doc_id, text = d.get("id"), d.get("text")
    checker = _Checker(doc_id if isinstance(doc_id, str) and doc_id else "?",
                       text if isinstance(text, str) else None)
    checker.document(d)
    return checker.errors


# ---------------------------------------------------------------- CLI


def check_file(path: str) -> tuple[int, list[tuple[int, ValidationError]]]:
    """How many records the JSON Lines file ``path`` holds, and (line, error) for each
    problem; line 0 stands for the file itself. A repeated document id is a problem."""
    problems: list[tuple[int, ValidationError]] = []
    first_line: dict[str, int] = {}
    records = 0
    try:
        with open(path, encoding="utf-8") as f:
            for lineno, line in enumerate(f, 1):
                if not line.strip():
                    continue
                records += 1
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    reason = f"not valid JSON ({exc.msg} at column {exc.colno})"
                    problems.append((lineno, ValidationError("?", "record", reason)))
                    continue
                problems += [(lineno, error) for error in validate_record(record)]
                doc_id = record.get("id") if isinstance(record, dict) else None
                if isinstance(doc_id, str) and doc_id in first_line:
                    reason = f"duplicate document id (first on line {first_line[doc_id]})"
                    problems.append((lineno, ValidationError(doc_id, "id", reason)))
                elif isinstance(doc_id, str):
                    first_line[doc_id] = lineno
    except OSError as exc:
        problems.append((0, ValidationError("?", "file", f"cannot read ({exc.strerror or exc})")))
    except UnicodeDecodeError as exc:
        reason = f"not UTF-8 ({exc.reason} at byte {exc.start})"
        problems.append((0, ValidationError("?", "file", reason)))
    return records, problems


def run(args: argparse.Namespace) -> int:
    total_records = 0
    failed: set[tuple[str, int]] = set()
    problems = 0
    for path in args.files:
        records, found = check_file(path)
        total_records += records
        for lineno, error in found:
            print(f"{path}: {error.reason}" if lineno == 0 else f"{path}:{lineno} {error}")
            failed.add((path, lineno))
        problems += len(found)
    where = f"{total_records} record(s) in {len(args.files)} file(s)"
    if problems:
        print(f"{problems} problem(s) in {len(failed)} of {where}")
        return 1
    print(f"{where}: all valid")
    return 0

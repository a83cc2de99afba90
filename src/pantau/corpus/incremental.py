"""Incremental consolidation: the groups of ``group_mentions`` kept up to date.

``group_mentions`` decides mention by mention, in canonical order, from the
groups made so far. A change at canonical position ``p`` (a document added,
replaced or removed) cannot alter any decision before ``p``; after it, a
decision can change only if some group it considers differs from the old run.
So the old run is replayed from ``p`` for exactly those mentions: a group
becomes *dirty* when its membership changes, and every later mention that
could consider a dirty group (same type and negation, a shared name, an
interval overlapping the group's window) is decided again against the groups
as they stand at that point. Every other mention keeps its stored decision,
which is still right: all the groups it could consider are as they were. A
mention decided again that joins the unchanged group it was in changes nothing
either, so the replay stops spreading there.

A group's window is its first member's interval: members are accepted only
when their interval overlaps the group's, and the group's interval is the
intersection of its members', so it never leaves the window. Clean candidate
groups are found through indexed columns (type, ``*_norm``, window) and
rebuilt as they stood at the mention's position from their stored members.

The result equals the full recompute (``recompute_all``), ids and ``seq`` included.
"""

from __future__ import annotations

import bisect
import heapq
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, delete, func, or_, select, update

from pantau.corpus.consolidate import (
    ROLES,
    Group,
    Mention,
    day_seq,
    fetch_mentions,
    group_id,
    summarize,
    write_groups,
)
from pantau.store.schema import (
    consolidated_events,
    consolidated_members,
    consolidation_queue,
    documents,
    events,
    near_duplicates,
)

Key = tuple[date, str, int]  # Mention.sort_key(): report date, document, position
Anchor = tuple[str, bool, str, str]  # type, negated, role, name key
TEMP_SEQ = -(10**15)  # below every real (negated) seq while days are renumbered
CHUNK = 500  # ids per IN (...) list

ce, cm = consolidated_events.c, consolidated_members.c


def anchors(type_: str, negated: bool, norms: dict[str, str | None]) -> list[Anchor]:
    return [(type_, negated, r, name) for r in ROLES if (name := norms[r])]


def _overlaps(a: tuple[date, date], b: tuple[date, date]) -> bool:
    return max(a[0], b[0]) <= min(a[1], b[1])


def _chunks(items: Iterable[Any]) -> Iterable[list[Any]]:
    items = list(items)
    for start in range(0, len(items), CHUNK):
        yield items[start:start + CHUNK]


@dataclass
class StoredGroup:
    """A consolidated event as stored before this run: its final names, window, members."""

    id: str
    type: str
    negated: bool
    norms: dict[str, str | None]
    window: tuple[date, date]
    members: list[Mention]  # canonical order
    _states: dict[int, Group | None] = field(default_factory=dict)  # read-only, by size

    def state_before(self, key: Key, *, fresh: bool = False) -> Group | None:
        """The group as it stood when the mention at ``key`` was decided (None: not yet).

        Shared between calls unless ``fresh`` (a copy the caller may change)."""
        size = bisect.bisect_left([m.sort_key() for m in self.members], key)
        if not fresh and size in self._states:
            return self._states[size]
        group = None
        for m in self.members[:size]:
            if group is None:
                group = Group.start(0, m)
            else:
                group.add(m)
        if not fresh:
            self._states[size] = group
        return group


@dataclass
class Replay:
    conn: Connection
    start: Key
    groups: dict[str, Group | None] = field(default_factory=dict)  # dirty: new-run state
    lead: dict[str, Key] = field(default_factory=dict)  # dirty group -> its first member
    stored: dict[str, StoredGroup | None] = field(default_factory=dict)  # cache
    old_group: dict[tuple[str, str], str | None] = field(default_factory=dict)
    by_anchor: dict[Anchor, list[Mention]] = field(default_factory=dict)  # cache, from start
    dirty_by_anchor: dict[Anchor, set[str]] = field(default_factory=lambda: defaultdict(set))
    queue: list[tuple[Key, int, Mention]] = field(default_factory=list)
    queued: set[tuple[str, str]] = field(default_factory=set)
    replayed: int = 0

    # ------------------------------------------------------------ loading

    def _remember(self, found: list[tuple[Mention, str | None]]) -> list[Mention]:
        for m, gid in found:
            self.old_group[m.key] = gid
        return [m for m, _ in found]

    def load_groups(self, ids: Iterable[str]) -> None:
        todo = [i for i in set(ids) if i not in self.stored]
        for chunk in _chunks(todo):
            rows = self.conn.execute(select(ce.id, ce.type, ce.negated, ce.actor_norm,
                                            ce.recipient_norm, ce.location_norm,
                                            ce.window_from, ce.window_to)
                                     .where(ce.id.in_(chunk))).mappings().all()
            # Through the members' documents (primary-key lookups): a condition on the
            # outer-joined membership table would make SQLite walk every event.
            docs = set(self.conn.scalars(select(cm.document_id).where(
                cm.consolidated_id.in_(chunk)).distinct()))
            wanted = set(chunk)
            members: dict[str, list[Mention]] = defaultdict(list)
            for doc_chunk in _chunks(docs):
                for m, gid in fetch_mentions(self.conn, events.c.document_id.in_(doc_chunk)):
                    self.old_group[m.key] = gid
                    if gid is not None and gid in wanted:
                        members[gid].append(m)
            for r in rows:
                self.stored[r["id"]] = StoredGroup(
                    r["id"], r["type"], r["negated"],
                    {role: r[f"{role}_norm"] for role in ROLES},
                    (r["window_from"], r["window_to"]),
                    sorted(members[r["id"]], key=Mention.sort_key))
            for gid in chunk:
                self.stored.setdefault(gid, None)  # gone (every member removed)

    def mentions_with(self, anchor: Anchor) -> list[Mention]:
        """Stored mentions naming ``anchor`` at or after the start, in canonical order."""
        if anchor not in self.by_anchor:
            type_, negated, role, name = anchor
            e, d = events.c, documents.c
            since = self.start[0]
            when = d.published_date.is_(None) if since == date.max else or_(
                d.published_date >= since, d.published_date.is_(None))
            found = self._remember(fetch_mentions(self.conn, (
                e.type == type_) & (e.negated == negated)
                & (getattr(e, f"{role}_norm") == name) & when))
            self.by_anchor[anchor] = sorted((m for m in found if m.sort_key() >= self.start),
                                            key=Mention.sort_key)
        return self.by_anchor[anchor]

    # ------------------------------------------------------------ dirt

    def enqueue(self, m: Mention) -> None:
        if m.key not in self.queued:
            self.queued.add(m.key)
            heapq.heappush(self.queue, (m.sort_key(), len(self.queued), m))

    def spread(self, type_: str, negated: bool, norms: dict[str, str | None],
               window: tuple[date, date], after: Key) -> None:
        """Queue the later mentions that could consider a group with these names and window."""
        for anchor in anchors(type_, negated, norms):
            for m in self.mentions_with(anchor):
                if m.sort_key() > after and _overlaps(m.interval(), window):
                    self.enqueue(m)

    def make_dirty(self, gid: str, key: Key) -> None:
        """From ``key`` on, ``gid`` may differ from the old run: take its state at ``key``."""
        if gid in self.groups:
            return
        self.load_groups([gid])
        old = self.stored.get(gid)
        state = old.state_before(key, fresh=True) if old else None
        self.groups[gid] = state
        if state is not None:
            self.lead[gid] = state.members[0].sort_key()
            self._index(gid, state)
        if old is not None:
            self.spread(old.type, old.negated, old.norms, old.window, key)

    def _index(self, gid: str, group: Group) -> None:
        for anchor in anchors(group.type, group.negated, group.norms):
            self.dirty_by_anchor[anchor].add(gid)

    # ------------------------------------------------------------ deciding

    def clean_candidates(self, m: Mention, key: Key) -> list[tuple[Key, Group]]:
        names = [getattr(ce, f"{r}_norm") == m.norms[r] for r in ROLES if m.norms[r]]
        if not names:
            return []
        lo, hi = m.interval()
        ids = self.conn.scalars(select(ce.id).where(
            ce.type == m.type, ce.negated == m.negated, or_(*names),
            ce.window_from <= hi, ce.window_to >= lo)).all()
        ids = [i for i in ids if i not in self.groups]
        self.load_groups(ids)
        out = []
        for gid in ids:
            old = self.stored.get(gid)
            state = old.state_before(key) if old else None
            if state is not None:
                out.append((state.members[0].sort_key(), state))
        return out

    def decide(self, m: Mention) -> None:
        key = m.sort_key()
        self.replayed += 1
        candidates = self.clean_candidates(m, key)
        dirty = {g for a in anchors(m.type, m.negated, m.norms)
                 for g in self.dirty_by_anchor.get(a, ())}
        candidates += [(self.lead[g], state) for g in dirty
                       if (state := self.groups.get(g)) is not None]
        best, best_shared = None, 0
        for _, group in sorted(candidates, key=lambda c: c[0]):
            shared = group.shared(m)
            if shared > best_shared and group.accepts(m):
                best, best_shared = group, shared
        gid = group_id(m) if best is None else group_id(best.members[0])
        previous = self.old_group.get(m.key)
        if gid == previous and gid not in self.groups:
            return  # the same decision on an unchanged group: nothing differs from here on
        if previous is not None:
            self.make_dirty(previous, key)  # it loses m
        if best is None:
            best = Group.start(0, m)
            self.groups[gid], self.lead[gid] = best, key
        else:
            if gid not in self.groups:
                self.make_dirty(gid, key)
            best = self.groups[gid]
            assert best is not None
            best.add(m)
        self._index(gid, best)
        self.spread(best.type, best.negated, best.norms, best.members[0].interval(), key)

    def run(self) -> None:
        while self.queue:
            _, _, m = heapq.heappop(self.queue)
            self.decide(m)


# ---------------------------------------------------------------- components


def components(conn: Connection, doc_ids: Iterable[str]) -> dict[str, str]:
    """document -> smallest id of its near-duplicate component, for ``doc_ids``' components."""
    nd = near_duplicates.c
    root: dict[str, str] = {}
    for start in set(doc_ids):
        if start in root:
            continue
        seen, frontier = {start}, {start}
        while frontier:
            nxt: set[str] = set()
            for chunk in _chunks(frontier):
                for a, b in conn.execute(select(nd.doc_a, nd.doc_b).where(
                        or_(nd.doc_a.in_(chunk), nd.doc_b.in_(chunk)))):
                    nxt.update(x for x in (a, b) if x not in seen)
            seen |= nxt
            frontier = nxt
        smallest = min(seen)
        root.update(dict.fromkeys(seen, smallest))
    return root


# ---------------------------------------------------------------- the run


def _group_ids_of_documents(conn: Connection, doc_ids: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for chunk in _chunks(set(doc_ids)):
        out.update(conn.scalars(select(cm.consolidated_id).where(cm.document_id.in_(chunk))
                                .distinct()))
    return out


def _renumber(conn: Connection, days: set[date | None]) -> None:
    """Give the groups first reported on ``days`` their canonical ``seq`` again."""
    # Undated groups sort with the last possible day, as in Mention.sort_key.
    for day in {d or date.max for d in days}:
        on_day = ce.first_seen == day
        if day == date.max:
            on_day = ce.first_seen.is_(None) | on_day
        conn.execute(update(consolidated_events).where(on_day, ce.seq >= 0)
                     .values(seq=-ce.seq - 1))
        rows = conn.execute(select(ce.id, ce.lead_document_id, ce.lead_seq).where(on_day)).all()
        for rank, row in enumerate(sorted(rows, key=lambda r: (r.lead_document_id, r.lead_seq))):
            conn.execute(update(consolidated_events).where(ce.id == row.id)
                         .values(seq=day_seq(day, rank)))


def consolidate_pending(conn: Connection) -> dict[str, int]:
    """Bring consolidated events up to date with the queued document changes.

    Runs inside the caller's transaction; returns what it did."""
    q = consolidation_queue.c
    queued = conn.execute(select(consolidation_queue).order_by(q.id)).mappings().all()
    if not queued:
        return {"documents": 0, "replayed": 0, "rewritten": 0}
    doc_ids = {r["document_id"] for r in queued}
    removed_groups = {g for r in queued for g in r["removed_groups"] or ()}
    linked = {d for r in queued for d in r["linked"] or ()}
    starts: list[Key] = [(r["removed_published"] or date.max, r["document_id"], -1)
                         for r in queued if r["removed"]]
    new = [pair for chunk in _chunks(doc_ids)
           for pair in fetch_mentions(conn, events.c.document_id.in_(chunk))]
    starts += [m.sort_key() for m, _ in new]

    replay: Replay | None = None
    if starts:
        replay = Replay(conn, min(starts))
        replay._remember(new)
        for gid in sorted(removed_groups):
            replay.make_dirty(gid, replay.start)
        for m, _ in new:
            replay.enqueue(m)
        replay.run()
    dirty = dict(replay.groups) if replay else {}

    # Near-duplicate links changed around these documents: their groups' copies and
    # report counts are summarised again even where membership did not change.
    touched = doc_ids | linked
    near = components(conn, touched)
    resummarize = _group_ids_of_documents(conn, near) - set(dirty)
    if resummarize:
        if replay is None:
            replay = Replay(conn, (date.max, "", -1))
        replay.load_groups(resummarize)
        for gid in resummarize:
            old = replay.stored.get(gid)
            if old is not None:
                group = Group.start(0, old.members[0])
                for m in old.members[1:]:
                    group.add(m)
                dirty[gid] = group

    old_days: set[Any] = set()
    for chunk in _chunks(dirty):
        old_days.update(conn.scalars(select(ce.first_seen).where(ce.id.in_(chunk))))
        conn.execute(delete(consolidated_members).where(cm.consolidated_id.in_(chunk)))
        conn.execute(delete(consolidated_events).where(ce.id.in_(chunk)))
    finals = [g for g in dirty.values() if g is not None and g.members]
    member_docs = {m.document_id for g in finals for m in g.members}
    component = components(conn, member_docs)
    rows, member_rows = [], []
    for i, group in enumerate(finals):
        row, members_of = summarize(sorted(group.members, key=Mention.sort_key), component)
        row["seq"] = TEMP_SEQ - i
        rows.append(row)
        member_rows.extend(members_of)
    write_groups(conn, rows, member_rows)
    _renumber(conn, old_days | {r["first_seen"] for r in rows})
    conn.execute(delete(consolidation_queue).where(q.id <= queued[-1]["id"]))
    return {"documents": len(doc_ids), "replayed": replay.replayed if replay else 0,
            "rewritten": len(rows)}


def pending_documents(conn: Connection) -> int:
    return conn.scalar(select(func.count(func.distinct(consolidation_queue.c.document_id)))) or 0

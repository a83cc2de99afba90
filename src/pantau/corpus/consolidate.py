"""Consolidation: the event mentions of many reports that describe one real event.

Two mentions may describe the same event when they have the same type and
negation, compatible modes (equal, or one unstated) and

- compatible actor, recipient and location: equal canonical names (SCORING.md
  name key, so across languages too: names are English), or one side null;
- overlapping time intervals. A mention with no stated time is taken to lie
  within ``UNDATED_WINDOW`` days before its report (after it too, when planned
  or hypothetical), so two undated mentions join only when their reports are
  close in time;
- compatible figures: for every unit both state, values within a factor
  ``FIGURE_RATIO`` (a death toll revised from 3 to 13 is one event; 5 killed in
  one strike and 900 killed in a war are two).

A mention joins a group only if it is compatible with every member (complete
linkage, so a null never bridges two different names) and shares at least one
named argument with it; a mention that names nobody stays on its own. Mentions
are visited in a canonical order (report date, document id, position), and a
mention joins the compatible group sharing most names, the earliest on ties,
so the result depends on the stored data only, never on ingest order.
``pantau.corpus.incremental`` brings the groups up to date after documents are
added, replaced or removed by replaying only the decisions those changes can
reach, with the same result as the full recompute here (``pantau consolidate
--full``).

Figures are never merged: each keeps its value, source, document and date.
Figures of near-duplicate copies are marked ``copy_of`` and left out of the
conflict check and of ``n_reports``. Two figures with the same unit conflict
when the values their qualifiers allow do not overlap.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, Select, and_, delete, func, insert, select

from pantau.store.schema import (
    SEQ_DAY,
    consolidated_events,
    consolidated_members,
    documents,
    events,
    near_duplicates,
    quantities,
)
from pantau.store.store import open_store

ROLES = ("actor", "recipient", "location")
UNDATED_WINDOW = timedelta(days=30)
FIGURE_RATIO = 10.0
FOREVER = (date.min, date.max)
BATCH = 1000  # rows per INSERT round trip
# The most informative statement wins when members disagree.
STATUS_ORDER = ("occurred", "failed", "planned", "hypothetical")
CERTAINTY_ORDER = ("asserted", "believed", "reported", "possible")


@dataclass(frozen=True)
class Figure:
    unit: str | None
    value: float  # a range's low end
    high: float | None  # a range's high end
    qualifier: str
    integer: bool

    def bounds(self) -> tuple[float, float]:
        """The values the statement allows (a point for exact and approximate ones)."""
        inf = float("inf")
        v = self.value
        return {"at_least": (v, inf), "more_than": (v, inf), "at_most": (-inf, v),
                "less_than": (-inf, v), "range": (v, self.high if self.high is not None else v),
                }.get(self.qualifier, (v, v))

    def stated(self) -> int | float | list[int | float]:
        def num(x: float) -> int | float:
            return int(x) if self.integer else x
        return num(self.value) if self.high is None else [num(self.value), num(self.high)]


@dataclass(frozen=True)
class Mention:
    """One stored event mention with what consolidation compares."""

    document_id: str
    event_id: str
    seq: int
    type: str
    mode: str | None
    names: dict[str, str | None]  # role -> canonical name as written
    norms: dict[str, str | None]  # role -> SCORING.md name key
    time_from: date | None
    time_to: date | None
    status: str
    certainty: str
    negated: bool
    source: str | None  # attributed source
    published: date | None
    outlet: str | None
    figures: tuple[Figure, ...] = ()

    @property
    def key(self) -> tuple[str, str]:
        return (self.document_id, self.event_id)

    def interval(self) -> tuple[date, date]:
        if self.time_from or self.time_to:
            return (self.time_from or date.min, self.time_to or date.max)
        if self.published is None:
            return FOREVER
        ahead = UNDATED_WINDOW if self.status in ("planned", "hypothetical") else timedelta(0)
        return (self.published - UNDATED_WINDOW, _add(self.published, ahead))

    def sort_key(self) -> tuple:
        return (self.published or date.max, self.document_id, self.seq)


def _add(day: date, delta: timedelta) -> date:
    return date.max if date.max - day < delta else day + delta


def _ratio(a: float, b: float) -> float:
    lo, hi = sorted((abs(a), abs(b)))
    return (hi + 1) / (lo + 1)  # +1 keeps zero counts comparable


@dataclass
class Group:
    seq: int
    type: str
    negated: bool
    mode: str | None
    norms: dict[str, str | None]
    interval: tuple[date, date]
    figure_range: dict[str | None, tuple[float, float]]
    members: list[Mention] = field(default_factory=list)

    @classmethod
    def start(cls, seq: int, m: Mention) -> Group:
        group = cls(seq, m.type, m.negated, m.mode, dict(m.norms), m.interval(), {})
        group.add(m)
        return group

    def accepts(self, m: Mention) -> bool:
        if m.type != self.type or m.negated != self.negated:
            return False
        if m.mode and self.mode and m.mode != self.mode:
            return False
        if any(m.norms[r] and self.norms[r] and m.norms[r] != self.norms[r] for r in ROLES):
            return False
        # One side must name a subset of the roles the other names: when each
        # adds a party the other lacks ("Israel struck Hezbollah", "Israel struck
        # Maghazi"), a shared actor alone is too weak a link.
        mine = {r for r in ROLES if self.norms[r]}
        theirs = {r for r in ROLES if m.norms[r]}
        if not (mine <= theirs or theirs <= mine):
            return False
        lo, hi = m.interval()
        if max(lo, self.interval[0]) > min(hi, self.interval[1]):
            return False
        for f in m.figures:
            known = self.figure_range.get(f.unit)
            if known and not all(_ratio(v, w) <= FIGURE_RATIO
                                 for v in (f.value, f.high if f.high is not None else f.value)
                                 for w in known):
                return False
        return True

    def shared(self, m: Mention) -> int:
        return sum(1 for r in ROLES if m.norms[r] and m.norms[r] == self.norms[r])

    def add(self, m: Mention) -> None:
        self.members.append(m)
        self.mode = self.mode or m.mode
        for r in ROLES:
            self.norms[r] = self.norms[r] or m.norms[r]
        lo, hi = m.interval()
        self.interval = (max(lo, self.interval[0]), min(hi, self.interval[1]))
        for f in m.figures:
            values = [f.value] + ([f.high] if f.high is not None else [])
            old = self.figure_range.get(f.unit)
            lo_v, hi_v = min(values), max(values)
            self.figure_range[f.unit] = (min(lo_v, old[0]), max(hi_v, old[1])) if old else (
                lo_v, hi_v)


def group_mentions(mentions: Iterable[Mention]) -> list[list[Mention]]:
    """Partition mentions into same-event groups (deterministic; see the module doc)."""
    groups: list[Group] = []
    index: dict[tuple[str, bool, str, str], list[int]] = defaultdict(list)
    for m in sorted(mentions, key=Mention.sort_key):
        anchors = [(m.type, m.negated, r, name) for r in ROLES if (name := m.norms[r])]
        candidates = sorted({g for a in anchors for g in index.get(a, ())})
        best, best_shared = None, 0
        for g in candidates:
            group = groups[g]
            shared = group.shared(m)
            if shared > best_shared and group.accepts(m):
                best, best_shared = group, shared
        if best is None:
            best = Group.start(len(groups), m)
            groups.append(best)
        else:
            best.add(m)
        for r in ROLES:
            if name := best.norms[r]:
                key = (best.type, best.negated, r, name)
                if not index[key] or index[key][-1] != best.seq:
                    index[key].append(best.seq)
    return [g.members for g in groups]


# --------------------------------------------------------------- summaries


def near_duplicate_components(links: Iterable[tuple[str, str]]) -> dict[str, str]:
    """document id -> the smallest id of its near-duplicate component (union-find)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in links:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {x: find(x) for x in list(parent)}


def _first_by_order(values: Iterable[str], order: Sequence[str]) -> str:
    present = set(values)
    return next((v for v in order if v in present), next(iter(sorted(present)), ""))


def _most_common(values: Iterable[str | None]) -> str | None:
    counts = Counter(v for v in values if v)
    if not counts:
        return None
    best = max(counts.values())
    return next(v for v in counts if counts[v] == best)  # first seen among the most common


def conflicting(claims: Sequence[tuple[Any, Figure]]) -> bool:
    """True when two mentions state figures of one unit that cannot both hold.

    ``claims`` pairs each figure with the mention stating it: the figures of one
    mention are parts of one statement (2 families, 4 people), not rival claims."""
    by_unit: dict[str | None, list[tuple[Any, float, float]]] = defaultdict(list)
    for who, f in claims:
        by_unit[f.unit].append((who, *f.bounds()))
    for bounds in by_unit.values():
        for i, (who1, lo1, hi1) in enumerate(bounds):
            for who2, lo2, hi2 in bounds[i + 1:]:
                if who1 != who2 and max(lo1, lo2) > min(hi1, hi2):
                    return True
    return False


def group_id(first: Mention) -> str:
    digest = hashlib.sha1(f"{first.document_id}\x1f{first.event_id}".encode()).hexdigest()
    return "c" + digest[:12]


def summarize(members: list[Mention], component: dict[str, str]
              ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The consolidated-event row (without ``seq``) and its member rows.

    ``members`` in canonical order; ``component``: document -> its near-duplicate
    component's smallest id, for (at least) the member documents."""
    first = members[0]
    report_of = {m.document_id: component.get(m.document_id, m.document_id) for m in members}
    # The first member document of each near-duplicate component is the original.
    original: dict[str, str] = {}
    for m in members:
        original.setdefault(report_of[m.document_id], m.document_id)
    copy_of = {d: (original[c] if original[c] != d else None) for d, c in report_of.items()}

    figures, independent = [], []
    for m in members:
        for f in m.figures:
            figures.append({"unit": f.unit, "value": f.stated(), "qualifier": f.qualifier,
                            "source": m.source or m.outlet, "attributed": m.source,
                            "outlet": m.outlet, "document_id": m.document_id,
                            "event_id": m.event_id,
                            "published": m.published.isoformat() if m.published else None,
                            "copy_of": copy_of[m.document_id]})
            if copy_of[m.document_id] is None:
                independent.append((m.key, f))
    timed = [m for m in members if m.time_from or m.time_to]
    time_from = max((m.time_from for m in timed if m.time_from), default=None)
    time_to = min((m.time_to for m in timed if m.time_to), default=None)
    seen = sorted(m.published for m in members if m.published)
    names = {r: _most_common(m.names[r] for m in members
                             if m.norms[r] and m.norms[r] == _group_norm(members, r))
             for r in ROLES}
    outlets = list(dict.fromkeys(m.outlet for m in members if m.outlet))
    window = first.interval()  # holds the group's interval at every step
    row = {
        "id": group_id(first), "type": first.type,
        "mode": next((m.mode for m in members if m.mode), None),
        **{r: names[r] for r in ROLES},
        **{f"{r}_norm": _group_norm(members, r) for r in ROLES},
        "time_from": time_from, "time_to": time_to,
        "date_start": time_from or (seen[0] if seen else None),
        "date_end": time_to or (seen[-1] if seen else None),
        "status": _first_by_order((m.status for m in members), STATUS_ORDER),
        "certainty": _first_by_order((m.certainty for m in members), CERTAINTY_ORDER),
        "negated": first.negated,
        "n_mentions": len(members), "n_documents": len(report_of),
        "n_outlets": len(outlets), "n_reports": len(set(report_of.values())),
        "first_seen": seen[0] if seen else None, "last_seen": seen[-1] if seen else None,
        "has_conflict": conflicting(independent), "figures": figures,
        "sources": list(dict.fromkeys(m.source for m in members if m.source)),
        "outlets": outlets,
        "lead_document_id": first.document_id, "lead_seq": first.seq,
        "window_from": window[0], "window_to": window[1],
    }
    member_rows = [{"document_id": m.document_id, "event_id": m.event_id,
                    "consolidated_id": row["id"], "copy_of": copy_of[m.document_id]}
                   for m in members]
    return row, member_rows


def _group_norm(members: list[Mention], role: str) -> str | None:
    return next((m.norms[role] for m in members if m.norms[role]), None)


# --------------------------------------------------------------- the store


def day_seq(first_seen: date | None, rank: int) -> int:
    """``seq`` of the ``rank``-th group (0-based) whose first report is on ``first_seen``."""
    return (first_seen or date.max).toordinal() * SEQ_DAY + rank


def assign_seqs(rows: list[dict[str, Any]]) -> None:
    """Number rows already in canonical order: per first-report day, in order."""
    ranks: Counter[date | None] = Counter()
    for row in rows:
        row["seq"] = day_seq(row["first_seen"], ranks[row["first_seen"]])
        ranks[row["first_seen"]] += 1


def mention_query(condition: Any = None) -> Select:
    """Event mentions with what consolidation compares, and the group each is in."""
    e, d, cm = events.c, documents.c, consolidated_members.c
    cols = [e.document_id, e.local_id, e.seq, e.type, e.mode, e.time_from, e.time_to, e.status,
            e.certainty, e.negated, e.source, d.published_date, d.source.label("outlet"),
            cm.consolidated_id]
    cols += [getattr(e, r) for r in ROLES] + [getattr(e, f"{r}_norm") for r in ROLES]
    query = select(*cols).select_from(
        events.join(documents, d.id == e.document_id)
        .outerjoin(consolidated_members, and_(cm.document_id == e.document_id,
                                              cm.event_id == e.local_id)))
    return query if condition is None else query.where(condition)


def fetch_mentions(conn: Connection, condition: Any = None
                   ) -> list[tuple[Mention, str | None]]:
    """Mentions matching ``condition`` (on events, documents, consolidated_members),
    each with the consolidated id it is stored under (None: not consolidated yet)."""
    figures: dict[tuple[str, str], list[Figure]] = defaultdict(list)
    e, q, cm = events.c, quantities.c, consolidated_members.c
    figure_query = (select(q.document_id, q.event_id, q.unit, q.value, q.value_high,
                           q.qualifier, q.is_integer)
                    .select_from(quantities.join(events, and_(
                        e.document_id == q.document_id, e.local_id == q.event_id))
                        .join(documents, documents.c.id == e.document_id)
                        .outerjoin(consolidated_members, and_(
                            cm.document_id == e.document_id, cm.event_id == e.local_id)))
                    .order_by(q.document_id, q.event_id, q.seq))
    if condition is not None:
        figure_query = figure_query.where(condition)
    for row in conn.execute(figure_query):
        figures[(row.document_id, row.event_id)].append(
            Figure(row.unit, row.value, row.value_high, row.qualifier, row.is_integer))
    out = []
    for m in conn.execute(mention_query(condition)).mappings():
        out.append((Mention(
            document_id=m["document_id"], event_id=m["local_id"], seq=m["seq"],
            type=m["type"], mode=m["mode"], names={r: m[r] for r in ROLES},
            norms={r: m[f"{r}_norm"] or None for r in ROLES}, time_from=m["time_from"],
            time_to=m["time_to"], status=m["status"], certainty=m["certainty"],
            negated=m["negated"], source=m["source"], published=m["published_date"],
            outlet=m["outlet"],
            figures=tuple(figures.get((m["document_id"], m["local_id"]), ()))),
            m["consolidated_id"]))
    return out


def load_mentions(conn: Connection) -> list[Mention]:
    return [m for m, _ in fetch_mentions(conn)]


def write_groups(conn: Connection, rows: list[dict[str, Any]],
                 member_rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), BATCH):
        conn.execute(insert(consolidated_events), rows[start:start + BATCH])
    for start in range(0, len(member_rows), BATCH):
        conn.execute(insert(consolidated_members), member_rows[start:start + BATCH])


def store_counts(conn: Connection) -> dict[str, int]:
    ce = consolidated_events.c
    return {"mentions": conn.scalar(select(func.count()).select_from(consolidated_members)) or 0,
            "consolidated_events": conn.scalar(
                select(func.count()).select_from(consolidated_events)) or 0,
            "multi_document": conn.scalar(
                select(func.count()).where(ce.n_documents > 1)) or 0,
            "conflicts": conn.scalar(select(func.count()).where(ce.has_conflict)) or 0}


def recompute_all(conn: Connection) -> dict[str, int]:
    """Recompute every consolidated event on ``conn`` (inside the caller's transaction)."""
    links = conn.execute(select(near_duplicates.c.doc_a, near_duplicates.c.doc_b)).all()
    component = near_duplicate_components((a, b) for a, b in links)
    rows, member_rows = [], []
    for members in group_mentions(load_mentions(conn)):
        row, members_of = summarize(members, component)
        rows.append(row)
        member_rows.extend(members_of)
    assign_seqs(rows)
    conn.execute(delete(consolidated_members))
    conn.execute(delete(consolidated_events))
    write_groups(conn, rows, member_rows)
    return store_counts(conn)


def run(args: argparse.Namespace) -> int:
    """`pantau consolidate [--full]`: bring consolidated events up to date now."""
    with open_store(args.db) as store:
        counts = store.consolidate(full=args.full)
    print(", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items()), file=sys.stderr)
    return 0

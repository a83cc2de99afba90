"""``pantau export``: the store as files other tools read.

- ``jsonl``: SCHEMA.md records, one document a line (lossless; re-ingest with
  ``pantau ingest --as-records``).
- ``csv``, ``parquet``: one row per event mention, with its document's fields
  and the consolidated event it belongs to.
- ``plover``: one PLOVER JSON object per consolidated event, pantau's own
  fields under the ``pantau`` key.
- ``gdelt``, ``acled``: CSV rows shaped like GDELT 2.0 events and ACLED events,
  derived through the crosswalk of docs/exports.md (not those projects' data).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import IO, Any

from sqlalchemy import and_, func, select

import pantau
from pantau.corpus import crosswalk
from pantau.store import Store, open_store
from pantau.store.schema import (
    consolidated_events,
    consolidated_members,
    documents,
    entities,
    events,
)

DERIVED = "derived by pantau from news reports; not {} data"


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


# -------------------------------------------------------------- loading


def kb_by_name(store: Store) -> dict[str, str]:
    """Canonical name key -> its most frequent knowledge-base id."""
    e = entities.c
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    with store.engine.connect() as conn:
        for norm, kb, n in conn.execute(select(e.name_norm, e.kb, func.count())
                                        .where(e.kb.is_not(None)).group_by(e.name_norm, e.kb)):
            counts[norm][kb] += n
    return {norm: min(c, key=lambda k: (-c[k], k)) for norm, c in counts.items()}


def consolidated(store: Store) -> list[dict[str, Any]]:
    """Consolidated events in canonical order, each with its ``members`` (mentions)."""
    store.ensure_consolidated()
    cm, e, d = consolidated_members.c, events.c, documents.c
    trigger = func.substr(d.text, e.trigger_start + 1, e.trigger_end - e.trigger_start)
    members: dict[str, list[dict[str, Any]]] = defaultdict(list)
    with store.engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(
            select(consolidated_events).order_by(consolidated_events.c.seq)).mappings()]
        query = (select(cm.consolidated_id, cm.document_id, cm.event_id, cm.copy_of,
                        trigger.label("trigger"), e.source, d.url, d.title, d.lang,
                        d.source.label("outlet"), d.published, d.published_date)
                 .select_from(consolidated_members
                              .join(events, and_(e.document_id == cm.document_id,
                                                 e.local_id == cm.event_id))
                              .join(documents, d.id == cm.document_id))
                 .order_by(d.published_date, cm.document_id, e.seq))
        for m in conn.execute(query).mappings():
            members[m["consolidated_id"]].append(dict(m))
    for row in rows:
        row["members"] = members.get(row["id"], [])
    return rows


def mention_rows(store: Store) -> list[dict[str, Any]]:
    """One flat row per event mention (the csv and parquet exports)."""
    store.ensure_consolidated()
    out = []
    for group in consolidated(store):
        by_event = {(m["document_id"], m["event_id"]): m for m in group["members"]}
        figures = defaultdict(list)
        for f in group["figures"]:
            figures[(f["document_id"], f["event_id"])].append(
                {"value": f["value"], "qualifier": f["qualifier"], "unit": f["unit"]})
        for key, m in by_event.items():
            out.append({"document_id": m["document_id"], "event_id": m["event_id"],
                        "consolidated_id": group["id"], "copy_of": m["copy_of"],
                        "type": group["type"], "trigger": m["trigger"], "source": m["source"],
                        "quantities": figures.get(key, []), "published": m["published"],
                        "published_date": _iso(m["published_date"]), "outlet": m["outlet"],
                        "url": m["url"], "lang": m["lang"], "title": m["title"]})
    return _with_event_fields(store, out)


def _with_event_fields(store: Store, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    e = events.c
    cols = (e.document_id, e.local_id, e.mode, e.actor, e.recipient, e.location, e.time_from,
            e.time_to, e.granularity, e.status, e.certainty, e.negated)
    with store.engine.connect() as conn:
        fields = {(r.document_id, r.local_id): r for r in conn.execute(select(*cols))}
    for row in rows:
        f = fields[(row["document_id"], row["event_id"])]
        row.update(mode=f.mode, actor=f.actor, recipient=f.recipient, location=f.location,
                   time_from=_iso(f.time_from), time_to=_iso(f.time_to),
                   granularity=f.granularity, status=f.status, certainty=f.certainty,
                   negated=f.negated)
    return rows


MENTION_COLUMNS = ("document_id", "event_id", "consolidated_id", "copy_of", "type", "mode",
                   "trigger", "actor", "recipient", "location", "time_from", "time_to",
                   "granularity", "status", "certainty", "negated", "source", "quantities",
                   "published", "published_date", "outlet", "url", "lang", "title")


# -------------------------------------------------------------- PLOVER

# The PLOVER manual's JSON fields that pantau fills (docs/exports.md), its sixteen
# categories and its context words; pantau's own fields go under "pantau".
PLOVER_FIELDS = frozenset({
    "id", "date", "enddate", "source", "recipient", "event", "mode", "context", "event_loc",
    "event_text", "quad_code", "size", "cite_info", "coder", "codebook", "coded_date"})
PLOVER_REQUIRED = frozenset({"id", "date", "event", "source", "recipient", "cite_info"})
PLOVER_CATEGORIES = frozenset({
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"})
PLOVER_CONTEXTS = frozenset({"future", "hypothetical", "negation"})



def _lowest(group: dict[str, Any], unit: str) -> int | float | None:
    """The most conservative independent figure of a unit (a range counts its low end)."""
    values = [f["value"][0] if isinstance(f["value"], list) else f["value"]
              for f in group["figures"] if f["unit"] == unit and not f["copy_of"]]
    return min(values) if values else None


def _actor(name: str | None, kb: dict[str, str], norm: str | None) -> list[dict[str, Any]]:
    if not name:
        return []
    actor: dict[str, Any] = {"actor_text": name, "identifier_text": name}
    ident = kb.get(norm or "")
    nation = crosswalk.country(ident)
    if nation is not None:
        actor["code"] = nation.alpha_3
    elif ident:
        actor["identifier_id"] = ident
    return [actor]


def plover_record(group: dict[str, Any], kb: dict[str, str], coded: str) -> dict[str, Any]:
    event, mode = crosswalk.plover_category(group["type"], group["mode"], group["status"])
    context = []
    if group["status"] == "planned":
        context.append("future")
    elif group["status"] == "hypothetical":
        context.append("hypothetical")
    if group["negated"]:
        context.append("negation")
    location: dict[str, Any] | None = None
    if group["location"]:
        location = {"name": group["location"]}
        nation = crosswalk.country(kb.get(group["location_norm"]))
        if nation is not None:
            location.update({"country code": nation.alpha_2, "cc3": nation.alpha_3})
    size = {k: v for k, v in (("dead", _lowest(group, "killed")),
                              ("injured", _lowest(group, "injured")),
                              ("arrested", _lowest(group, "arrested"))) if v is not None}
    start = group["date_start"]
    end = group["date_end"]
    return {
        "id": group["id"], "date": _iso(start),
        **({"enddate": _iso(end)} if end and end != start else {}),
        "source": _actor(group["actor"], kb, group["actor_norm"]),
        "recipient": _actor(group["recipient"], kb, group["recipient_norm"]),
        "event": [event], "mode": mode, "context": context, "event_loc": location,
        "event_text": list(dict.fromkeys(m["trigger"] for m in group["members"])),
        "quad_code": crosswalk.QUAD.get(event), "size": size or None,
        "cite_info": [{"corpus": "pantau", "citation": m["document_id"], "url": m["url"],
                       "title": m["title"], "language": m["lang"], "publication": m["outlet"]}
                      for m in _documents(group)],
        "coder": f"pantau {pantau.__version__}", "codebook": "pantau SCHEMA.md v1",
        "coded_date": coded,
        "pantau": {
            "type": group["type"], "mode": group["mode"], "extension":
            group["type"] in crosswalk.EXTENSIONS, "status": group["status"],
            "certainty": group["certainty"], "negated": group["negated"],
            "time_from": _iso(group["time_from"]), "time_to": _iso(group["time_to"]),
            "first_seen": _iso(group["first_seen"]), "last_seen": _iso(group["last_seen"]),
            "n_mentions": group["n_mentions"], "n_documents": group["n_documents"],
            "n_outlets": group["n_outlets"], "n_reports": group["n_reports"],
            "has_conflict": group["has_conflict"], "figures": group["figures"],
            "attributed_sources": group["sources"], "outlets": group["outlets"],
            "members": [{"document_id": m["document_id"], "event_id": m["event_id"],
                         "copy_of": m["copy_of"]} for m in group["members"]],
        },
    }


def _documents(group: dict[str, Any]) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for m in group["members"]:
        seen.setdefault(m["document_id"], m)
    return list(seen.values())


# --------------------------------------------------------- GDELT, ACLED

GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor{n}{c}" for n in (1, 2) for c in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
        "Religion2Code", "Type1Code", "Type2Code", "Type3Code")),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"{who}Geo_{c}" for who in ("Actor1", "Actor2", "Action") for c in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long",
        "FeatureID")),
    "DATEADDED", "SOURCEURL", "pantau_id", "pantau_note")

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
    "inter2", "interaction", "civilian_targeting", "iso", "region", "country", "admin1",
    "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
    "source_scale", "notes", "fatalities", "tags", "timestamp", "pantau_id", "pantau_note")


def _reportable(group: dict[str, Any]) -> bool:
    """Events GDELT and ACLED would record: stated to have happened (or been tried)."""
    if group["negated"] or group["status"] == "hypothetical":
        return False
    return group["status"] != "planned" or group["type"] in crosswalk.PLANNED_AS_AGREE


def _gdelt_actor(n: int, name: str | None, norm: str | None,
                 kb: dict[str, str]) -> dict[str, Any]:
    nation = crosswalk.country(kb.get(norm or ""))
    code = nation.alpha_3 if nation else ""
    return {f"Actor{n}Code": code, f"Actor{n}Name": (name or "").upper(),
            f"Actor{n}CountryCode": code}


def gdelt_rows(groups: Iterable[dict[str, Any]], kb: dict[str, str]) -> Iterator[dict]:
    for group in groups:
        day = group["date_start"]
        event, mode = crosswalk.plover_category(group["type"], group["mode"], group["status"])
        code = crosswalk.cameo_code(event, mode)
        if day is None or code is None or not _reportable(group):
            continue
        docs = _documents(group)
        location_country = crosswalk.country(kb.get(group["location_norm"] or ""))
        yield {
            "GLOBALEVENTID": group["seq"] + 1, "SQLDATE": day.strftime("%Y%m%d"),
            "MonthYear": day.strftime("%Y%m"), "Year": day.year,
            "FractionDate": round(day.year + day.timetuple().tm_yday / 365, 4),
            **_gdelt_actor(1, group["actor"], group["actor_norm"], kb),
            **_gdelt_actor(2, group["recipient"], group["recipient_norm"], kb),
            "EventCode": code, "EventBaseCode": code[:3], "EventRootCode": code[:2],
            "QuadClass": crosswalk.QUAD.get(event), "GoldsteinScale":
            crosswalk.GOLDSTEIN.get(code[:2]), "NumMentions": group["n_mentions"],
            "NumSources": group["n_outlets"], "NumArticles": group["n_documents"],
            # GDELT geo type 1 is a country; other places' kinds are not known here.
            "ActionGeo_Type": 1 if location_country else "",
            "ActionGeo_FullName": group["location"] or "",
            "DATEADDED": (group["first_seen"] or day).strftime("%Y%m%d") + "000000",
            "SOURCEURL": next((m["url"] for m in docs if m["url"]), ""),
            "pantau_id": group["id"], "pantau_note": DERIVED.format("GDELT"),
        }


def acled_rows(groups: Iterable[dict[str, Any]], kb: dict[str, str]) -> Iterator[dict]:
    for group in groups:
        kind = crosswalk.acled_class(group["type"], group["mode"])
        day = group["date_start"]
        if kind is None or day is None or not _reportable(group):
            continue
        nation = crosswalk.country(kb.get(group["location_norm"] or ""))
        exact_day = group["time_from"] is not None and group["time_from"] == group["time_to"]
        short = (group["time_from"] and group["time_to"]
                 and (group["time_to"] - group["time_from"]).days <= 7)
        outlets = "; ".join(group["outlets"])
        what = group["type"].lower() + (f" ({group['mode']})" if group["mode"] else "")
        notes = f"{what} by {group['actor'] or 'unknown actor'}"
        if group["recipient"]:
            notes += f" against {group['recipient']}"
        if group["location"]:
            notes += f" at {group['location']}"
        notes += f"; {group['n_reports']} independent report(s)"
        yield {
            "event_id_cnty": f"{nation.alpha_3 if nation else 'XXX'}-{group['id']}",
            "event_date": day.isoformat(), "year": day.year,
            "time_precision": 1 if exact_day else 2 if short else 3,
            "disorder_type": kind[0], "event_type": kind[1], "sub_event_type": kind[2],
            "actor1": group["actor"] or "", "actor2": group["recipient"] or "",
            "civilian_targeting": "", "iso": int(nation.numeric) if nation else "",
            "country": nation.name if nation else "", "location": group["location"] or "",
            "source": outlets, "notes": notes, "fatalities": _lowest(group, "killed") or 0,
            "tags": "conflicting figures" if group["has_conflict"] else "",
            "timestamp": int(datetime.combine(group["last_seen"] or day, datetime.min.time(),
                                              UTC).timestamp()),
            "pantau_id": group["id"], "pantau_note": DERIVED.format("ACLED"),
        }


# -------------------------------------------------------------- writing


@contextmanager
def _text_out(path: str) -> Iterator[IO[str]]:
    if path == "-":
        yield sys.stdout
        return
    with open(path, "w", encoding="utf-8", newline="") as f:
        yield f


def _csv(rows: Iterable[dict[str, Any]], columns: tuple[str, ...], out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore", restval="")
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict)
                         else v for k, v in row.items()})
        n += 1
    return n


def _jsonl(items: Iterable[dict[str, Any]], out: IO[str]) -> int:
    n = 0
    for item in items:
        out.write(json.dumps(item, ensure_ascii=False, default=_iso) + "\n")
        n += 1
    return n


def _flat_figure(q: dict[str, Any]) -> dict[str, Any]:
    low, high = q["value"] if isinstance(q["value"], list) else (q["value"], None)
    return {"value": float(low), "value_high": None if high is None else float(high),
            "qualifier": q["qualifier"], "unit": q["unit"]}


def write_parquet(store: Store, path: str) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = mention_rows(store)
    figure = pa.struct([("value", pa.float64()), ("value_high", pa.float64()),
                        ("qualifier", pa.string()), ("unit", pa.string())])
    fields = [pa.field(c, pa.list_(figure) if c == "quantities" else
                       pa.bool_() if c == "negated" else pa.string()) for c in MENTION_COLUMNS]
    table = pa.Table.from_pylist(
        [{**r, "quantities": [_flat_figure(q) for q in r["quantities"]]} for r in rows],
        schema=pa.schema(fields))
    pq.write_table(table, path)
    return len(rows)


def export(store: Store, fmt: str, output: str = "-") -> int:
    """Write the store in ``fmt`` to ``output`` ("-": stdout); returns the rows written."""
    if fmt == "parquet":
        if output == "-":
            raise ValueError("parquet needs a file: use -o FILE.parquet")
        return write_parquet(store, output)
    with _text_out(output) as out:
        if fmt == "jsonl":
            return _jsonl((r.to_dict() for r in store.records()), out)
        if fmt == "csv":
            return _csv(mention_rows(store), MENTION_COLUMNS, out)
        groups = consolidated(store)
        kb = kb_by_name(store)
        if fmt == "plover":
            coded = datetime.now(UTC).date().isoformat()
            return _jsonl((plover_record(g, kb, coded) for g in groups), out)
        if fmt == "gdelt":
            return _csv(gdelt_rows(groups, kb), GDELT_COLUMNS, out)
        if fmt == "acled":
            return _csv(acled_rows(groups, kb), ACLED_COLUMNS, out)
    raise ValueError(f"unknown export format {fmt!r}")


def run(args: argparse.Namespace) -> int:
    with open_store(args.db) as store:
        try:
            n = export(store, args.format, args.output)
        except ValueError as exc:
            print(f"pantau export: {exc}", file=sys.stderr)
            return 2
    where = "stdout" if args.output == "-" else args.output
    print(f"export: {n} {args.format} rows to {where}", file=sys.stderr)
    return 0

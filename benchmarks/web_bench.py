"""Page-load times of the web app over a 10,000-document store, as a Markdown table.

    .venv/bin/python benchmarks/web_bench.py [--docs 10000] [--requests 40] [--db FILE]
                                             [--rebuild] [--seed 7]

The store is built from annotated records (the dev corpus in ../shared/corpus
when it sits next to the checkout, else the bundled example articles, analysed),
repeated and perturbed with a fixed seed: every copy gets its own id, a
publication date moved by up to a year (event dates move with it) and its
letters put through a per-copy substitution, so that copies are neither exact
nor near duplicates while every span still points at the same offsets. The
store is kept (default ``build/web-bench.db``) and reused unless ``--rebuild``.

Each page is requested in-process through the ASGI app (routing, queries,
templates, middleware; no network) with varied offsets, filters and entities.
Median and p95 are wall times. The target (300 ms) is reported, not asserted.

Then single-document ingest latency (``--ingest N``, default 5): a new perturbed
report is stored and the next read brings consolidation up to date (what a
``POST /api/ingest`` followed by a page load costs), then it is removed again
(consolidated too), so the store ends as it began.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import string
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi.testclient import TestClient
from sqlalchemy import func, select

ROOT = Path(__file__).resolve().parents[1]
SHARED_DEV = ROOT.parent / "shared" / "corpus" / "dev.jsonl"
EXAMPLES = [ROOT / "examples" / "articles.jsonl", ROOT / "benchmarks" / "articles.jsonl"]
RESULTS = Path(__file__).resolve().parent / "results"
TARGET_MS = 300.0


def source_records() -> tuple[str, list[dict[str, Any]]]:
    if SHARED_DEV.exists():
        lines = SHARED_DEV.read_text(encoding="utf-8").splitlines()
        return "dev corpus (annotated)", [json.loads(line) for line in lines if line.strip()]
    import pantau

    records = []
    for path in EXAMPLES:
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    d = json.loads(line)
                    records.append(pantau.analyze(
                        d["text"], published=d.get("published"), lang=d.get("lang") or "auto",
                        doc_id=str(d["id"]), title=d.get("title"),
                        source=d.get("source")).to_dict())
    return "example articles (analysed)", records


def _shift(value: str | None, days: int) -> str | None:
    if not value:
        return value
    try:
        return (date.fromisoformat(value[:10]) + timedelta(days=days)).isoformat() + value[10:]
    except ValueError:
        return value


def perturbed(record: dict[str, Any], copy: int, rng: random.Random) -> dict[str, Any]:
    """A copy with its own id, a moved date and substituted letters (same offsets)."""
    letters = list(string.ascii_lowercase)
    rng.shuffle(letters)
    table = str.maketrans(string.ascii_lowercase + string.ascii_uppercase,
                          "".join(letters) + "".join(letters).upper())
    days = rng.randint(-365, 365)
    out = json.loads(json.dumps(record))
    out.update(id=f"{record['id']}~{copy}", text=record["text"].translate(table),
               title=(record.get("title") or "").translate(table) or None,
               published=_shift(record.get("published"), days), url=None)
    for ev in out.get("events") or []:
        if ev.get("time"):
            ev["time"]["from"] = _shift(ev["time"]["from"], days)
            ev["time"]["to"] = _shift(ev["time"]["to"], days)
    return out


def build(db: str, n_docs: int, seed: int) -> str:
    from pantau.record import Record
    from pantau.store import open_store

    label, records = source_records()
    if not records:
        sys.exit("no source records: neither ../shared/corpus/dev.jsonl nor examples/")
    rng = random.Random(seed)
    started = time.perf_counter()
    with open_store(db) as store:
        for i in range(n_docs):
            base = records[i % len(records)]
            store.add_record(Record.from_dict(perturbed(base, i // len(records), rng)))
            if (i + 1) % 1000 == 0:
                print(f"  stored {i + 1} documents ({time.perf_counter() - started:.0f}s)",
                      file=sys.stderr)
        added = time.perf_counter()
        counts = store.consolidate()
    print(f"built from {label}: {n_docs} documents in {added - started:.0f}s, "
          f"consolidated {counts['mentions']} mentions in {time.perf_counter() - added:.0f}s",
          file=sys.stderr)
    return label


def ingest_latency(db: str, n: int, seed: int) -> list[tuple[float, float, float]]:
    """(store, first read, removal) seconds for ``n`` single new reports."""
    from pantau.record import Record
    from pantau.store import open_store

    _, records = source_records()
    rng = random.Random(seed + 1)
    out = []
    with open_store(db) as store:
        for i in range(n):
            record = Record.from_dict(perturbed(rng.choice(records), 90_000 + i, rng))
            started = time.perf_counter()
            store.add_record(record)
            stored = time.perf_counter()
            store.ensure_consolidated()  # what the next read does
            read = time.perf_counter()
            store.delete_document(record.id)
            store.ensure_consolidated()
            out.append((stored - started, read - stored, time.perf_counter() - read))
    return out


def popular_entities(db: str, limit: int) -> list[str]:
    from pantau.store import open_store
    from pantau.store.schema import entities

    with open_store(db) as store, store.engine.connect() as conn:
        rows = conn.execute(select(entities.c.name, func.count()).group_by(entities.c.name)
                            .order_by(func.count().desc()).limit(limit)).all()
    return [name for name, _ in rows]


def page_urls(kind: str, n: int, total_docs: int, entities: list[str], rng: random.Random
              ) -> Iterator[str]:
    actors = entities[:10]
    for i in range(n):
        if kind == "documents list":
            yield rng.choice([f"/documents?offset={rng.randrange(0, total_docs, 50)}",
                              "/documents", "/documents?lang=id",
                              f"/documents?entity={quote(rng.choice(actors))}",
                              "/documents?since=2025-01-01&until=2025-06-30"])
        elif kind == "documents search":
            yield f"/documents?q={rng.choice(['2025', 'rumah', 'the', 'polisi', 'xyz'])}"
        elif kind == "events table":
            yield rng.choice(["/events", f"/events?offset={rng.randrange(0, 5000, 50)}",
                              "/events?type=ASSAULT", "/events?certainty=reported",
                              f"/events?actor={quote(rng.choice(actors))}",
                              "/events?since=2025-03-01&until=2025-03-31&status=occurred",
                              "/events?order=reports"])
        elif kind == "entity page":
            yield "/entities/" + quote(entities[i % len(entities)], safe="")
        elif kind == "overview":
            yield "/"


def measure(client: TestClient, urls: list[str]) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds per request (CPU of the whole process, all threads)."""
    wall, cpu = [], []
    for url in urls:
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code}")
    return wall, cpu


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=40, help="requests per page kind")
    parser.add_argument("--db", default=str(ROOT / "build" / "web-bench.db"))
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--ingest", type=int, default=5,
                        help="single-document ingests to time (0: none)")
    parser.add_argument("--ingest-only", action="store_true",
                        help="time single-document ingests only, no page loads")
    args = parser.parse_args()

    from pantau.store import open_store
    from pantau.web import create_app

    db = Path(args.db)
    if args.rebuild:
        for path in db.parent.glob(db.name + "*"):
            path.unlink()
    with open_store(str(db)) as store:
        stored = store.counts()["documents"]
    label = "existing store"
    if stored != args.docs:
        if stored:
            sys.exit(f"{db} holds {stored} documents, not {args.docs}: use --rebuild")
        label = build(str(db), args.docs, args.seed)
    with open_store(str(db)) as store:
        if store.is_stale():  # e.g. a store made before incremental consolidation
            started = time.perf_counter()
            store.consolidate()
            print(f"consolidated in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    ingests = ingest_latency(str(db), args.ingest, args.seed) if args.ingest else []
    ingest_lines = []
    if ingests:
        ingest_lines = ["", f"Single-document ingest into this store ({len(ingests)} reports):",
                        "", "| step | median s | max s |", "|---|---:|---:|"]
        for i, step in enumerate(("store one report", "next read (consolidation)",
                                  "remove it + next read")):
            values = [t[i] for t in ingests]
            ingest_lines.append(f"| {step} | {statistics.median(values):.3f} "
                                f"| {max(values):.3f} |")
        print("\n".join(ingest_lines))
    if args.ingest_only:
        return 0

    rng = random.Random(args.seed)
    entities = popular_entities(str(db), 40)
    with open_store(str(db)) as store:
        counts = store.counts()
        doc_ids = rng.sample(store.document_ids(), min(args.requests, counts["documents"]))
    rows = []
    with TestClient(create_app(str(db))) as client:
        client.get("/")  # warm up: templates compiled, pools filled
        kinds = ["documents list", "documents search", "events table", "entity page",
                 "document view", "overview"]
        for kind in kinds:
            if kind == "document view":
                urls = ["/documents/" + quote(i, safe="") for i in doc_ids]
            else:
                n = min(args.requests, 10) if kind == "overview" else args.requests
                urls = list(page_urls(kind, n, counts["documents"], entities, rng))
            wall, cpu = measure(client, urls)
            rows.append((kind, len(wall), statistics.median(wall), p95(wall), max(wall),
                         statistics.median(cpu), p95(cpu)))

    lines = [f"# Web page loads, {date.today().isoformat()}", "",
             f"Store: {counts['documents']:,} documents, {counts['events']:,} event mentions, "
             f"{counts['consolidated_events']:,} consolidated events, "
             f"{counts['entities']:,} entities (source: {label}; SQLite, one process, "
             f"in-process ASGI requests; machine load average {os.getloadavg()[0]:.1f} on "
             f"{os.cpu_count()} cores). Wall times include waiting for the CPU when the "
             f"machine is busy; CPU times do not. Target: p95 under {TARGET_MS:.0f} ms.", "",
             "| page | requests | median ms | p95 ms | max ms | CPU median ms | CPU p95 ms "
             "| target |",
             "|---|---:|---:|---:|---:|---:|---:|---|"]
    for kind, n, med, high, top, cpu_med, cpu_high in rows:
        ok = "ok" if high < TARGET_MS else "MISSED"
        lines.append(f"| {kind} | {n} | {med:.1f} | {high:.1f} | {top:.1f} | {cpu_med:.1f} "
                     f"| {cpu_high:.1f} | {ok} |")
    report = "\n".join(lines + ingest_lines)
    print(report)
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"{date.today().isoformat()}-web.md"
    out.write_text(report + "\n", encoding="utf-8")
    print(f"\nwritten to {out.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

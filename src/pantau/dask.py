"""Extraction on a Dask cluster: a bag of document dicts in, a bag of record dicts
out, and the records as Parquet files.

    import dask.bag as db
    from pantau.dask import extract_bag, write_parquet
    records = extract_bag(db.read_text("news-*.jsonl").map(json.loads))
    write_parquet(records, "out/")

Documents are dicts as ``pantau.io.readers.read_inputs`` yields them (at least
``id`` and ``text``). Each worker process builds its pipelines once (they are
cached per process). A document whose analysis fails becomes
``{"id": …, "where": …, "error": "…"}`` in the bag instead of failing the whole
computation.

Parquet layout: one file per bag partition, ``part.00000.parquet`` …, rows in
input order, written by the workers themselves (so the directory must be one
they can reach). One row per document:

============  ========  ===================================================
column        type      content
============  ========  ===================================================
id            string    document id
lang          string    SCHEMA.md document fields (null when unknown)
title         string
published     string
source        string
url           string
text          string    the analysed text
entities      string    JSON array of SCHEMA.md entities
events        string    JSON array of SCHEMA.md events
extra         string    JSON object of the record's other keys (notes …);
                        for a failed document, {"where": input position}
n_entities    int32     number of entities
n_events      int32     number of events
error         string    why the document has no record (other columns null)
============  ========  ===================================================

``read_parquet_records`` turns the rows back into the very records (and JSON
bytes) that the single-process ``pantau extract`` writes.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from pantau.parallel import extract_document
from pantau.record import DOCUMENT_KEYS, Record, dumps

if TYPE_CHECKING:
    import dask.bag

JSON_COLUMNS = ("entities", "events")
PART_GLOB = "part.*.parquet"
# The CLI sends documents to the cluster in batches of BATCH_DOCS (bounding the
# client's memory), as partitions (and Parquet files) of PARTITION_DOCS.
BATCH_DOCS = 20_000
PARTITION_DOCS = 1_000


def _extract_partition(docs: Iterable[dict[str, Any]], lang: str,
                       published: str | None) -> list[dict[str, Any]]:
    out = []
    for doc in docs:
        result = extract_document(doc, lang, published)
        out.append(result.record if result.record is not None
                   else {"id": result.doc_id, "where": doc.get("where"), "error": result.error})
    return out


def extract_bag(bag: dask.bag.Bag, lang: str = "auto",
                published: str | None = None) -> dask.bag.Bag:
    """Map a bag of document dicts to a bag of SCHEMA.md record dicts."""
    return bag.map_partitions(_extract_partition, lang=lang, published=published)


def parquet_schema() -> Any:
    import pyarrow as pa

    text_columns = [*DOCUMENT_KEYS, *JSON_COLUMNS, "extra"]
    return pa.schema([(name, pa.string()) for name in text_columns]
                     + [("n_entities", pa.int32()), ("n_events", pa.int32()),
                        ("error", pa.string())])


def _failed(record: dict[str, Any]) -> bool:
    """Whether a bag item is a failed document's ``{"id", "where", "error"}``."""
    return "error" in record and "text" not in record


def record_to_row(record: dict[str, Any]) -> dict[str, Any]:
    """One Parquet row of a record dict (or of a failed document's dict)."""
    if _failed(record):
        return {"id": record["id"], "extra": dumps({"where": record.get("where")}),
                "error": record["error"]}
    row = {key: record.get(key) for key in DOCUMENT_KEYS}
    for key in JSON_COLUMNS:
        row[key] = dumps(record.get(key) or [])
    known = {*DOCUMENT_KEYS, *JSON_COLUMNS}
    row["extra"] = dumps({k: v for k, v in record.items() if k not in known})
    row["n_entities"] = len(record.get("entities") or [])
    row["n_events"] = len(record.get("events") or [])
    return row


def row_to_record(row: dict[str, Any]) -> dict[str, Any]:
    """The record dict of a Parquet row (inverse of ``record_to_row``)."""
    if row.get("error") is not None:
        return {"id": row["id"], **json.loads(row["extra"] or "{}"), "error": row["error"]}
    record = {key: row.get(key) for key in DOCUMENT_KEYS}
    record.update(json.loads(row["extra"]))
    for key in JSON_COLUMNS:
        record[key] = json.loads(row[key])
    # The record model fixes the key order, so the JSON bytes match the CLI's.
    return Record.from_dict(record).to_dict()


def _write_partition(records: list[dict[str, Any]], path: str) -> list[tuple[str, str]]:
    """Write one partition; return the (where, reason) of its failed documents."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pylist([record_to_row(r) for r in records], schema=parquet_schema())
    pq.write_table(table, path)
    return [(r.get("where") or str(r["id"]), r["error"]) for r in records if _failed(r)]


@dataclass
class Written:
    paths: list[Path]
    failures: list[tuple[str, str]]  # (where, reason) of each document without a record


def write_parquet(records: dask.bag.Bag, directory: str | Path, first_part: int = 0) -> Written:
    """Write a bag of record dicts as ``directory/part.NNNNN.parquet``, one per partition,
    numbered from ``first_part`` (so that several bags can fill one directory)."""
    import dask
    from dask import delayed

    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    if first_part == 0 and any(out.glob(PART_GLOB)):
        raise FileExistsError(f"{out} already holds {PART_GLOB} files; choose an empty directory")
    paths = [out / f"part.{first_part + i:05d}.parquet" for i in range(records.npartitions)]
    writes = [delayed(_write_partition)(part, str(path))
              for part, path in zip(records.to_delayed(), paths, strict=True)]
    failures = [f for part_failures in dask.compute(*writes) for f in part_failures]
    return Written(paths, failures)


def read_parquet_records(directory: str | Path) -> Iterator[dict[str, Any]]:
    """The records of a ``write_parquet`` directory, in input order."""
    import pyarrow.parquet as pq

    for path in sorted(Path(directory).glob(PART_GLOB)):
        for row in pq.read_table(path).to_pylist():
            yield row_to_record(row)


def run(args: argparse.Namespace, err: TextIO) -> int:
    """``pantau extract --dask ADDRESS -o DIR``: extract on the cluster, write Parquet.

    Inputs are read here, by the same readers as the single-process path, and sent
    to the cluster ``BATCH_DOCS`` documents at a time, so memory stays bounded.
    """
    from dask import bag as db
    from distributed import Client

    from pantau.errors import InputError
    from pantau.io.readers import read_inputs

    if args.output in (None, "-"):
        print("pantau: --dask: give -o DIRECTORY for the Parquet files", file=err)
        return 2
    documents = errors = parts = 0
    with Client(args.dask):
        items = iter(read_inputs(args.inputs))
        while batch := list(islice(items, BATCH_DOCS)):
            docs = []
            for item in batch:
                if isinstance(item, InputError):
                    errors += 1
                    print(f"pantau: {item.where}: {item.reason}", file=err)
                else:
                    docs.append(item)
            if not docs:
                continue
            bag = db.from_sequence(docs, partition_size=PARTITION_DOCS)
            written = write_parquet(extract_bag(bag, args.lang, args.published), args.output,
                                    first_part=parts)
            parts += len(written.paths)
            documents += len(docs) - len(written.failures)
            errors += len(written.failures)
            for where, reason in written.failures:
                print(f"pantau: {where}: analysis failed: {reason}", file=err)
    print(f"pantau: {documents} document{'s' if documents != 1 else ''} written to "
          f"{args.output} ({parts} Parquet files), {errors} error{'s' if errors != 1 else ''}",
          file=err)
    return 1 if errors else 0

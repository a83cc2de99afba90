"""``pantau ingest``: read inputs, analyse them (or take records as given), store them.

Documents are analysed on ``--workers`` processes and stored by this one, in input
order. Each document is committed in its own transaction, so a run killed at any
point loses at most the documents in flight (analysed, not yet stored), and
running the same command again neither loses nor doubles anything: documents
already stored from the same input are recognised by their input hash and
skipped before any analysis. Per-document problems are logged with a reason and
the run goes on.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

from tqdm import tqdm

import pantau
from pantau.errors import InputError
from pantau.io.readers import DOC_FIELDS, count_documents, read_inputs
from pantau.parallel import Analysis, Extractor, Result
from pantau.pipeline import analyze
from pantau.record import Record
from pantau.store.rows import json_hash, to_date
from pantau.store.store import Store, open_store, record_hash

log = logging.getLogger("pantau.ingest")


class _TqdmHandler(logging.Handler):
    """Log lines that do not tear the progress bar."""

    def emit(self, record: logging.LogRecord) -> None:
        tqdm.write(self.format(record), file=sys.stderr)


def _setup_logging() -> None:
    if not log.handlers:
        handler = _TqdmHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False


def _fields(doc: dict[str, Any]) -> dict[str, Any]:
    """A document dict from the readers as one flat SCHEMA.md document."""
    return {**doc.get("extra", {}), **{k: doc.get(k) for k in DOC_FIELDS}}


def _as_record(doc: dict[str, Any]) -> Record:
    return Record.from_dict({**_fields(doc), "events": doc.get("events") or [],
                             "entities": doc.get("entities") or []})


def analyse_to_store(doc: dict[str, Any], lang: str, published: str | None = None) -> Record:
    """The record to store for ``doc`` (``published`` is already applied by ``Ingest``).
    A module-level function, so that worker processes can run it."""
    return analyze(doc["text"], published=doc.get("published"),
                   lang=(doc.get("lang") or lang) if lang == "auto" else lang,
                   doc_id=str(doc["id"]), title=doc.get("title"), source=doc.get("source"),
                   url=doc.get("url"), extra=dict(doc.get("extra") or {}))


def _analysis_input_hash(doc: dict[str, Any], lang: str) -> str:
    return json_hash({"document": _fields(doc), "lang": lang, "analyzer": pantau.__version__})


@dataclass(slots=True)
class _Work:
    """A document on its way to the store: checked, with its record given (--as-records)
    or still to be made by the analysis."""

    doc: dict[str, Any]
    where: str
    input_hash: str
    record: Record | None = None


def _to_analyse(work: _Work | None) -> dict[str, Any] | None:
    return work.doc if work is not None and work.record is None else None


class Ingest:
    """One ingest run: counts outcomes, logs problems, stores documents.

    Documents are analysed on ``workers`` processes (default: all cores; 1 analyses in
    this process) and stored here, one at a time and in input order.
    """

    def __init__(self, store: Store, *, as_records: bool = False, lang: str = "auto",
                 published: str | None = None, skip_undated: bool = False,
                 workers: int | None = None):
        self.store = store
        self.as_records = as_records
        self.lang = lang
        self.published = published
        self.skip_undated = skip_undated
        self.workers = workers
        self._analysis = Analysis(lang, extract=analyse_to_store)
        self.counts: Counter[str] = Counter()

    def error(self, exc: InputError) -> None:
        self.counts["errors"] += 1
        log.warning("%s: %s", exc.where, exc.reason)

    def check(self, doc: dict[str, Any], where: str) -> _Work | None:
        """The work left for ``doc``, or None when it is done with here (an invalid
        document, one skipped, or one stored earlier from the same input)."""
        doc = dict(doc)
        doc["id"] = str(doc.get("id") or "")
        if not doc["id"] or not str(doc.get("text") or "").strip():
            self.error(InputError(where, "document has no id or no text"))
            return None
        if not doc.get("published") and self.published:
            doc["published"] = self.published
        if doc.get("published") and to_date(doc["published"]) is None:
            log.warning("%s: unreadable publication date %r, stored as null", where,
                        doc["published"])
            doc["published"] = None
        if not doc.get("published"):
            if self.skip_undated:
                self.counts["skipped_undated"] += 1
                log.warning("%s: no publication date, skipped (--skip-undated)", where)
                return None
            self.counts["undated"] += 1
            log.warning("%s: no publication date, stored with a null date (relative dates "
                        "stay unresolved)", where)
        try:
            if self.as_records and "events" in doc:
                record = _as_record(doc)
                return _Work(doc, where, record_hash(record), record)
            input_hash = _analysis_input_hash(doc, self.lang)
            if self.store.find_current(doc["id"], doc.get("url"), input_hash):
                self.counts["unchanged"] += 1
                return None
        except (KeyError, TypeError, ValueError) as exc:
            self.error(InputError(where, f"invalid document: {exc!r}"))
        except Exception as exc:  # noqa: BLE001 - one bad document must not end a long run
            self.error(InputError(where, f"failed: {type(exc).__name__}: {exc}"))
        else:
            return _Work(doc, where, input_hash)
        return None

    def save(self, work: _Work, analysed: Result | None) -> None:
        """Store the record of ``work``: given, or as the analysis made it."""
        record = work.record
        if record is None:
            data = analysed.record if analysed else None
            if data is None:
                reason = analysed.error if analysed else "not analysed"
                self.error(InputError(work.where, f"analysis failed: {reason}"))
                return
            record = Record.from_dict(data)
        try:
            result = self.store.add_record(record, input_hash=work.input_hash)
        except Exception as exc:  # noqa: BLE001 - one bad document must not end a long run
            self.error(InputError(work.where, f"failed: {type(exc).__name__}: {exc}"))
            return
        self.counts[result.status] += 1
        if result.status == "duplicate":
            log.info("%s: %s, not stored again", work.where, result.reason)

    def add(self, doc: dict[str, Any], where: str) -> None:
        """Check, analyse (in this process) and store one document."""
        work = self.check(doc, where)
        if work is not None:
            todo = _to_analyse(work)
            self.save(work, None if todo is None else self._analysis(todo))

    def run(self, inputs: list[str], progress: bool | None = None) -> Counter[str]:
        # disable=None: a bar on terminals only, so logs and CI output stay clean.
        with tqdm(total=count_documents(inputs), unit="doc", file=sys.stderr,
                  dynamic_ncols=True, disable=None if progress is None else not progress) as bar, \
                Extractor(self.lang, workers=self.workers, extract=analyse_to_store) as extractor:
            items = read_inputs(inputs, keep_annotations=self.as_records)
            for work, analysed in extractor.map_items(map(self._check_item, items),
                                                      document=_to_analyse):
                if work is not None:
                    self.save(work, analysed)
                bar.update(1)
        return self.counts

    def _check_item(self, item: dict[str, Any] | InputError) -> _Work | None:
        if isinstance(item, InputError):
            self.error(item)
            return None
        return self.check(item, f"{item['where']} [{item['id']}]")


def summary(counts: Counter[str], seconds: float) -> str:
    stored = counts["added"] + counts["replaced"]
    seen = stored + counts["unchanged"] + counts["duplicate"] + counts["errors"] + counts[
        "skipped_undated"]
    rate = seen / seconds if seconds > 0 else 0.0
    parts = [f"{counts['added']} added", f"{counts['replaced']} replaced",
             f"{counts['unchanged']} unchanged", f"{counts['duplicate']} duplicate",
             f"{counts['errors']} errors"]
    if counts["undated"]:
        parts.append(f"{counts['undated']} stored without a date")
    if counts["skipped_undated"]:
        parts.append(f"{counts['skipped_undated']} skipped without a date")
    return f"ingest: {seen} documents in {seconds:.1f}s ({rate:.0f}/s): " + ", ".join(parts)


def run(args: argparse.Namespace) -> int:
    _setup_logging()
    started = time.perf_counter()
    with open_store(args.db) as store:
        job = Ingest(store, as_records=args.as_records, lang=args.lang,
                     published=args.published, skip_undated=args.skip_undated,
                     workers=getattr(args, "workers", None))
        try:
            counts = job.run(args.inputs)
        except KeyboardInterrupt:
            print(summary(job.counts, time.perf_counter() - started) + " (interrupted)",
                  file=sys.stderr)
            return 130
        print(summary(counts, time.perf_counter() - started), file=sys.stderr)
        if not args.no_consolidate and store.is_stale():
            done = store.consolidate()
            print(f"consolidated {done['mentions']} event mentions into "
                  f"{done['consolidated_events']} events ({done['multi_document']} reported "
                  f"by several documents, {done['conflicts']} with conflicting figures)",
                  file=sys.stderr)
    stored = counts["added"] + counts["replaced"] + counts["unchanged"] + counts["duplicate"]
    return 1 if counts["errors"] and not stored else 0

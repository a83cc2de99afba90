"""Multi-process batch extraction: ordered, streaming output in bounded memory.

Documents travel to worker processes in chunks. At most ``window`` chunks are in
flight at once, so memory stays bounded however long the input is, and results
come back in input order as soon as the oldest chunk is done. Each worker builds
its pipelines once, when it starts.

Nothing a document does stops the batch: an exception becomes an error
``Result``, and a worker that dies (a crash, an out-of-memory kill) is replaced
while the documents of its chunk are retried one by one, so that only the
culprit fails.

    for result in extract_many(docs, workers=4):
        print(result.record if result.ok else result.error)
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, Any

import orjson

if TYPE_CHECKING:
    from pantau.record import Record

DEFAULT_CHUNKSIZE = 8
CHUNKS_IN_FLIGHT_PER_WORKER = 4
WORKER_DIED = "worker process died while analysing this document"
MAX_DEATHS_IN_A_ROW = 3

# (document dict, lang, published) -> Record; a module-level function, so that it
# can be sent to worker processes.
ExtractFn = Callable[[dict[str, Any], str, "str | None"], "Record"]


@dataclass(frozen=True, slots=True)
class Result:
    """The outcome of one document: its SCHEMA.md record, or why there is none.

    The record travels as its JSON line (``Record.to_json``), made in the worker: a
    string crosses between processes about forty times faster than the nested dicts,
    and ``pantau extract`` writes it as it is.
    """

    doc_id: str | None
    record_json: str | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def record(self) -> dict[str, Any] | None:
        """The record as a dict (parsed from ``record_json`` on each call)."""
        return None if self.record_json is None else orjson.loads(self.record_json)


def default_workers() -> int:
    """The cores this process may run on (respects CPU affinity and containers)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def _doc_id(doc: Any) -> str | None:
    return doc.get("id") if isinstance(doc, dict) else None


@dataclass(frozen=True)
class Analysis:
    """What to do with each document; sent to the workers with every chunk."""

    lang: str = "auto"
    published: str | None = None
    # None: pantau.io.batch.extract_one, the single-process `pantau extract` path.
    extract: ExtractFn | None = None

    def __call__(self, doc: dict[str, Any]) -> Result:
        """Analyse one document dict into a ``Result``; never raises."""
        try:
            record = (self.extract or _extract_one())(doc, self.lang, self.published)
            return Result(record.id, record_json=record.to_json())
        except Exception as exc:  # noqa: BLE001 - one bad document must not stop the batch
            return Result(_doc_id(doc), error=f"{type(exc).__name__}: {exc}")

    def build_pipelines(self) -> None:
        """Pay for loading language data once per worker, before the first document."""
        from pantau.pipeline import LANGUAGES, pipeline_for

        for code in LANGUAGES if self.lang == "auto" else (self.lang,):
            try:
                pipeline_for(code)
            except Exception:  # noqa: BLE001 - each document then reports the error itself
                pass
        # The pipelines live as long as the worker: out of the collector's sight, they are
        # not traversed again by every full collection (which made time grow faster than
        # document length).
        gc.freeze()


def _extract_one() -> ExtractFn:
    # Imported late: batch imports this module to fan out `pantau extract`.
    from pantau.io.batch import extract_one

    return extract_one


def extract_document(doc: dict[str, Any], lang: str = "auto",
                     published: str | None = None) -> Result:
    """Analyse one document dict as ``pantau extract`` does; never raises."""
    return Analysis(lang, published)(doc)


def _analyse_chunk(docs: list[dict[str, Any]], analysis: Analysis) -> list[Result]:
    return [analysis(doc) for doc in docs]


def _ready() -> int:
    # Long enough that one worker cannot take every warm-up task by itself.
    time.sleep(0.02)
    return os.getpid()


def _default_context() -> multiprocessing.context.BaseContext:
    # forkserver: workers fork from a clean single-threaded server, so a parent
    # that runs threads (a Dask client, a web server) cannot hand them a held lock.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _item_document(item: Any) -> Any:
    """A reader's item to analyse: every item but an ``InputError`` (or other exception)."""
    return None if isinstance(item, BaseException) else item


# A chunk: its input items, and for each the document to analyse (None: pass it through).
Chunk = tuple[list[Any], list[Any]]
Pending = deque[tuple[Chunk, "Future[list[Result]]"]]


def _documents(chunk: Chunk) -> list[Any]:
    return [doc for doc in chunk[1] if doc is not None]


def _paired(chunk: Chunk, results: list[Result]) -> Iterator[tuple[Any, Result | None]]:
    analysed = iter(results)
    for item, doc in zip(*chunk, strict=True):
        yield item, None if doc is None else next(analysed)


def _done(results: list[Result]) -> Future[list[Result]]:
    future: Future[list[Result]] = Future()
    future.set_result(results)
    return future


class Extractor:
    """A pool of worker processes analysing documents; use as a context manager.

    ``workers=1`` analyses in this process, and so does an input no longer than one
    chunk (a pool would cost more than it saves). ``chunksize`` documents go to a
    worker at a time; ``window`` chunks at most are in flight. ``extract`` replaces
    ``pantau.io.batch.extract_one`` (it must be a module-level function).
    """

    def __init__(self, lang: str = "auto", published: str | None = None,
                 workers: int | None = None, chunksize: int = DEFAULT_CHUNKSIZE,
                 window: int | None = None, extract: ExtractFn | None = None,
                 mp_context: multiprocessing.context.BaseContext | None = None):
        self.analysis = Analysis(lang, published, extract)
        self.workers = default_workers() if workers is None else workers
        if self.workers < 1 or chunksize < 1:
            raise ValueError("workers and chunksize must be at least 1")
        self.chunksize = chunksize
        self.window = window or self.workers * CHUNKS_IN_FLIGHT_PER_WORKER
        self._context = mp_context or _default_context()
        self._pool: ProcessPoolExecutor | None = None
        self._deaths_in_a_row = 0

    def __enter__(self) -> Extractor:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.workers, mp_context=self._context,
                                             initializer=self.analysis.build_pipelines)
        return self._pool

    def _restart(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def warm(self) -> None:
        """Start every worker and wait until each has built its pipelines."""
        if self.workers == 1:
            self.analysis.build_pipelines()
            return
        seen: set[int] = set()
        while len(seen) < self.workers:
            futures = [self._executor().submit(_ready) for _ in range(self.workers * 2)]
            seen.update(f.result() for f in futures)

    def map(self, docs: Iterable[dict[str, Any]]) -> Iterator[Result]:
        """Results for ``docs``, in order, streamed as they are ready."""
        for _, result in self.map_items(docs):
            if result is not None:
                yield result

    def map_items(self, items: Iterable[Any], document: Callable[[Any], Any] = _item_document,
                  ) -> Iterator[tuple[Any, Result | None]]:
        """Each input item with the ``Result`` of its document, in order.

        ``document(item)`` is what to analyse, or None for an item that passes through
        with a None result: by default a reader's ``InputError``. ``pantau ingest`` also
        passes through the documents it has already stored."""
        it = iter(items)
        first = list(islice(it, self.chunksize))
        second = list(islice(it, self.chunksize))
        if self.workers == 1 or not second:
            for item in itertools.chain(first, second, it):
                doc = document(item)
                yield item, None if doc is None else self.analysis(doc)
            return
        pending: Pending = deque()
        rest = iter(lambda: list(islice(it, self.chunksize)), [])
        for batch in itertools.chain((first, second), rest):
            chunk = (batch, [document(item) for item in batch])
            pending.append((chunk, self._submit(_documents(chunk))))
            if len(pending) >= self.window:
                yield from self._collect_oldest(pending)
        while pending:
            yield from self._collect_oldest(pending)

    def _submit(self, docs: list[Any]) -> Future[list[Result]]:
        if not docs:  # nothing to analyse: no need for a pool
            return _done([])
        return self._executor().submit(_analyse_chunk, docs, self.analysis)

    def _collect_oldest(self, pending: Pending) -> Iterator[tuple[Any, Result | None]]:
        chunk, future = pending.popleft()
        try:
            results = future.result()
            self._deaths_in_a_row = 0
        except BrokenProcessPool:
            # Every future of the dead pool is lost: find the culprit of this
            # chunk one document at a time, then resend the chunks still waiting.
            self._restart()
            results = [self._analyse_alone(doc) for doc in _documents(chunk)]
            waiting = [chunk for chunk, _ in pending]
            pending.clear()
            pending.extend((chunk, self._submit(_documents(chunk))) for chunk in waiting)
        return _paired(chunk, results)

    def _analyse_alone(self, doc: Any) -> Result:
        try:
            result = self._submit([doc]).result()[0]
            self._deaths_in_a_row = 0
            return result
        except BrokenProcessPool:
            self._restart()
            # One document that kills its worker is a bad document; several in a
            # row are workers that cannot run at all.
            self._deaths_in_a_row += 1
            if self._deaths_in_a_row >= MAX_DEATHS_IN_A_ROW:
                raise RuntimeError("worker processes keep dying; try workers=1") from None
            return Result(_doc_id(doc), error=WORKER_DIED)


def extract_many(docs: Iterable[dict[str, Any]], lang: str = "auto",
                 published: str | None = None, workers: int | None = None,
                 chunksize: int = DEFAULT_CHUNKSIZE) -> Iterator[Result]:
    """Analyse ``docs`` on ``workers`` processes (default: all cores), in order."""
    with Extractor(lang, published, workers, chunksize) as extractor:
        yield from extractor.map(docs)


def extract_items(items: Iterable[Any], lang: str = "auto", published: str | None = None,
                  workers: int | None = None) -> Iterator[tuple[Any, Result | None]]:
    """``Extractor.map_items`` for a reader's stream of documents and ``InputError``s."""
    with Extractor(lang, published, workers) as extractor:
        yield from extractor.map_items(items)

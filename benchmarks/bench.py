"""Throughput, memory and scaling of pantau's pipeline, as a Markdown table.

    .venv/bin/python benchmarks/bench.py [--docs 2000] [--seed 7] [--input FILE ...]
                                         [--quick] [--profile]

The corpus is made by repeating and shuffling the articles given (default: the
annotated corpus in ../shared/corpus when it sits next to the checkout, else the
articles in examples/, else benchmarks/articles.jsonl), with a fixed seed.

Single-process figures are CPU time (so other work on the machine does not skew
them); the 1-versus-2-process comparison is wall time. Every measurement runs in
a fresh process, so its peak RSS is that process's own high-water mark: the full
pipeline on 1 and 2 processes, each stage of ``pipeline_for(lang).stages`` on its
own (the stages before it run untimed), spaCy's tokenizer alone for reference,
documents at 1x, 2x and 4x length, and the pathological-input check of every
pipeline regex (benchmarks/regex_audit.py).
The table is printed and written to ``benchmarks/results/<date>-<corpus>.md``.
Targets are reported, not asserted.
"""

from __future__ import annotations

import argparse
import collections
import json
import math
import multiprocessing
import os
import platform
import random
import resource
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"
SHARED_DATA = ROOT.parent / "shared" / "data"
BUNDLED = Path(__file__).resolve().parent / "articles.jsonl"
RESULTS = Path(__file__).resolve().parent / "results"

TARGET_ARTICLES_PER_S = 300
TARGET_PEAK_RSS_MB = 250
TARGET_SPEEDUP_2 = 1.8
TARGET_LENGTH_2X = 2.2


# --- corpus -------------------------------------------------------------------------------------

def default_sources() -> tuple[str, list[Path]]:
    """(label, files): the annotated corpus, else the examples, else the bundled articles."""
    if SHARED_CORPUS.is_dir():
        files = [SHARED_CORPUS / n for n in ("dev.jsonl", "seed.jsonl")]
        return "dev-corpus", [f for f in files if f.exists()]
    examples = [p for p in sorted((ROOT / "examples").glob("*")) if p.suffix in (".jsonl", ".txt")
                and p.name != "output.jsonl"]
    if examples:
        return "examples", examples
    return "bundled", [BUNDLED]


def read_articles(paths: list[Path]) -> list[dict[str, Any]]:
    """JSON Lines documents, or text files with the title on the first line."""
    articles: list[dict[str, Any]] = []
    for path in paths:
        if path.suffix == ".jsonl":
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    d = json.loads(line)
                    articles.append({k: d.get(k) for k in ("id", "lang", "published", "title",
                                                           "text")})
        else:
            title, _, text = path.read_text(encoding="utf-8").partition("\n")
            articles.append({"id": path.stem, "lang": None, "published": None,
                             "title": title.strip(), "text": text.strip()})
    return articles


@dataclass(frozen=True)
class CorpusSpec:
    """Enough to rebuild the same corpus in any process."""

    files: tuple[str, ...]
    docs: int
    seed: int
    length: int = 1  # articles of one language joined into each document


def _lengthened(articles: list[dict[str, Any]], length: int) -> list[dict[str, Any]]:
    """Each article followed by the next ``length - 1`` of its language (cyclically), so
    that over the set every article appears exactly ``length`` times."""
    if length == 1:
        return articles
    by_lang: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for a in articles:
        by_lang[a["lang"]].append(a)
    out = []
    for group in by_lang.values():
        for i, a in enumerate(group):
            parts = [group[(i + j) % len(group)]["text"] for j in range(length)]
            out.append({**a, "text": "\n\n".join(parts)})
    return out


def make_corpus(spec: CorpusSpec) -> list[dict[str, Any]]:
    articles = _lengthened(read_articles([Path(f) for f in spec.files]), spec.length)
    rng = random.Random(spec.seed)
    corpus: list[dict[str, Any]] = []
    copy = 0
    while len(corpus) < spec.docs:
        order = articles[:]
        rng.shuffle(order)
        corpus.extend({**a, "id": f"{a['id']}#{copy}"} for a in order)
        copy += 1
    return corpus[:spec.docs]


def unseen_articles(words_per_article: int = 372) -> list[dict[str, Any]]:
    """Articles of text the corpus does not hold, each to be read once: the sentences of the
    UD Indonesian treebanks in ../shared/data (their text, and PUD's English translation),
    in order, joined into articles of about ``words_per_article`` words. Empty when the
    treebanks are not there.

    The repeated corpus measures a worker in its steady state, whose per-word-form caches
    have met every form; these measure the cost of forms met for the first time.
    """
    sentences: dict[str, list[str]] = {"id": [], "en": []}
    for path in sorted(SHARED_DATA.glob("ud_indonesian_*/*.conllu")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("# text = "):
                sentences["id"].append(line.removeprefix("# text = ").strip())
            elif line.startswith("# text_en = "):
                sentences["en"].append(line.removeprefix("# text_en = ").strip())
    articles: list[dict[str, Any]] = []
    for lang, lines in sentences.items():
        article: list[str] = []
        for sentence in lines:
            article.append(sentence)
            if sum(len(s.split()) for s in article) >= words_per_article:
                articles.append({"id": f"ud-{lang}-{len(articles)}", "lang": lang,
                                 "published": "2024-01-10", "title": None,
                                 "text": " ".join(article)})
                article = []
    return articles


def words(corpus: list[dict[str, Any]]) -> int:
    return sum(len(d["text"].split()) for d in corpus)


# --- measurements (each runs in a fresh process) ------------------------------------------------

def _peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def in_fresh_process(fn: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(fn, *args).result()


def measure_load() -> dict[str, Any]:
    start = time.perf_counter()
    from pantau.pipeline import LANGUAGES, pipeline_for

    for lang in LANGUAGES:
        pipeline_for(lang)
    return {"seconds": time.perf_counter() - start, "rss": _peak_rss_mb()}


def measure_pipeline(spec: CorpusSpec, workers: int) -> dict[str, Any]:
    """The full pipeline, as ``pantau extract`` runs it, on ``workers`` processes."""
    from pantau.parallel import Extractor

    # Fork, from this clean single-threaded process, so that the workers are our
    # children (their peak RSS is then visible); warm them before loading the
    # corpus so that they do not inherit it.
    with Extractor(workers=workers, mp_context=multiprocessing.get_context("fork")) as ex:
        ex.warm()
        corpus = make_corpus(spec)
        pids = _worker_pids(ex)
        worker_cpu = [_cpu_seconds(pid) for pid in pids]
        errors = []
        start, cpu_start = time.perf_counter(), time.process_time()
        # As `pantau extract` does: each record written as a line of JSON.
        with open(os.devnull, "w", encoding="utf-8") as out:
            for result in ex.map(corpus):
                if result.ok:
                    out.write(result.record_json + "\n")  # type: ignore[operator]
                else:
                    errors.append(result.error)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
        worker_cpu = [_cpu_seconds(pid) - before for pid, before in zip(pids, worker_cpu,
                                                                          strict=True)]
    # With one worker the analysis runs in this process, so its CPU time is the
    # time "on one core", whatever else the machine is busy with.
    return {"seconds": seconds, "cpu": cpu, "worker_cpu": worker_cpu, "docs": len(corpus),
            "words": words(corpus), "errors": len(errors),
            "first_error": errors[0] if errors else None,
            "rss": max(_peak_rss_mb(), _peak_rss_mb(resource.RUSAGE_CHILDREN))}


def measure_unseen(spec: CorpusSpec) -> dict[str, Any]:
    """The full pipeline on one process on ``unseen_articles()``, each read once, after
    the corpus's own articles have been read once (as by a worker that has run a while)."""
    from pantau.parallel import Extractor

    with Extractor(workers=1) as ex:
        ex.warm()
        collections.deque(ex.map(read_articles([Path(f) for f in spec.files])), maxlen=0)
        unseen = unseen_articles()
        cpu_start = time.process_time()
        errors = [r.error for r in ex.map(unseen) if not r.ok]
        cpu = time.process_time() - cpu_start
    return {"cpu": cpu, "docs": len(unseen), "words": words(unseen), "errors": len(errors)}


def measure_ingest(spec: CorpusSpec, workers: int) -> dict[str, Any]:
    """``pantau ingest`` of distinct articles (the unseen ones, else the corpus's own)
    into a new SQLite store, on ``workers`` processes: wall time of the whole run, the
    pool's start included."""
    from pantau.store import open_store
    from pantau.store.ingest import Ingest

    docs = unseen_articles() or read_articles([Path(f) for f in spec.files])
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "articles.jsonl"
        source.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs),
                          encoding="utf-8")
        with open_store(str(Path(tmp) / "bench.db")) as store:
            job = Ingest(store, workers=workers)
            start, cpu_start = time.perf_counter(), time.process_time()
            counts = job.run([str(source)], progress=False)
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    return {"seconds": seconds, "cpu": cpu, "docs": len(docs), "words": words(docs),
            "added": counts["added"], "errors": counts["errors"]}


def _worker_pids(extractor: Any) -> list[int]:
    pool = extractor._pool  # the benchmark may look inside; the library does not
    return list(pool._processes) if pool is not None else []


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a live process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def idle_machine_speedup(one: dict[str, Any], many: dict[str, Any]) -> float | None:
    """The speedup the CPU times predict on an otherwise idle machine: the run takes
    as long as its busiest worker, or as the total work spread over the cores."""
    if not many["worker_cpu"]:
        return None
    total = sum(many["worker_cpu"]) + many["cpu"]
    wall = max(max(many["worker_cpu"]), total / (os.cpu_count() or 1))
    return one["cpu"] / wall if wall > 0 else None


def _as_date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def measure_stages(spec: CorpusSpec, last: int) -> dict[str, Any]:
    """Time cleaning and stages 0..``last`` one by one; peak RSS of running up to ``last``."""
    from pantau.doc import Doc
    from pantau.pipeline import pipeline_for
    from pantau.text.clean import clean
    from pantau.text.langdetect import detect_language

    corpus = make_corpus(spec)
    seconds: dict[str, float] = defaultdict(float)
    clock = time.thread_time  # CPU time: other processes on the machine do not count
    for d in corpus:
        t0 = clock()
        text = clean(d["text"]).text
        lang = d["lang"] or detect_language(text)[0]
        doc = Doc(id=d["id"], text=text, lang=lang, published=_as_date(d["published"]),
                  title=d["title"])
        seconds["clean"] += clock() - t0
        for stage in pipeline_for(lang).stages[:last + 1]:
            t0 = clock()
            stage(doc)
            seconds[type(stage).__name__] += clock() - t0
    return {"seconds": dict(seconds), "stages": [type(s).__name__ for s in
                                                 pipeline_for("id").stages],
            "docs": len(corpus), "words": words(corpus), "rss": _peak_rss_mb()}


def measure_spacy(spec: CorpusSpec) -> dict[str, Any]:
    try:
        import spacy
    except ImportError:
        return {"missing": "spaCy is not installed (make bench installs the bench extra)"}
    tokenizer = spacy.blank("id").tokenizer
    corpus = make_corpus(spec)
    start = time.process_time()
    for d in corpus:
        tokenizer(d["text"])
    return {"seconds": time.process_time() - start, "docs": len(corpus),
            "words": words(corpus), "rss": _peak_rss_mb()}


def measure_lengths(spec: CorpusSpec, lengths: tuple[int, ...]) -> dict[str, Any]:
    """CPU seconds for the same number of documents at each length (min of 2 runs)."""
    from pantau.parallel import Extractor

    out = {}
    with Extractor(workers=1) as ex:
        ex.warm()
        for length in lengths:
            corpus = make_corpus(CorpusSpec(spec.files, spec.docs, spec.seed, length))
            best = math.inf
            for _ in range(2):
                start = time.process_time()
                for _ in ex.map(corpus):
                    pass
                best = min(best, time.process_time() - start)
            out[length] = {"seconds": best, "docs": len(corpus), "words": words(corpus)}
    return out


def profile(spec: CorpusSpec, path: Path) -> str:
    """pyinstrument over the single-process pipeline; the text report is saved to ``path``."""
    from pyinstrument import Profiler

    from pantau.parallel import Extractor

    corpus = make_corpus(spec)
    with Extractor(workers=1) as ex:
        ex.warm()
        profiler = Profiler(interval=0.0005)
        profiler.start()
        for _ in ex.map(corpus):
            pass
        profiler.stop()
    text = profiler.output_text(unicode=False, color=False, show_all=False)
    path.write_text(text, encoding="utf-8")
    return text


# --- report -------------------------------------------------------------------------------------

@dataclass
class Table:
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)

    def add(self, *cells: Any) -> None:
        self.rows.append([str(c) for c in cells])

    def markdown(self) -> str:
        lines = ["| " + " | ".join(self.header) + " |",
                 "|" + "|".join("---" for _ in self.header) + "|"]
        lines += ["| " + " | ".join(r) + " |" for r in self.rows]
        return "\n".join(lines)


def _spread(runs: list[dict[str, Any]]) -> str:
    """The runs' CPU ms per document, fastest to slowest."""
    return ", ".join(f"{run['cpu'] / run['docs'] * 1e3:.2f}"
                     for run in sorted(runs, key=lambda run: run["cpu"])) + " ms"


def _rate(n: float, seconds: float) -> str:
    return f"{n / seconds:,.0f}" if seconds > 0 else "∞"


def _met(ok: bool) -> str:
    return "yes" if ok else "**no**"


def run(args: argparse.Namespace) -> str:
    label, files = (("given", [Path(p) for p in args.input]) if args.input
                    else default_sources())
    spec = CorpusSpec(tuple(str(f) for f in files), args.docs, args.seed)
    articles = read_articles(files)
    load_before = os.getloadavg()[0]
    sections = [f"# pantau benchmark, {date.today().isoformat()}", "",
                f"Corpus: {label}, {len(articles)} articles repeated and shuffled (seed "
                f"{args.seed}) into {args.docs} documents, "
                f"{words(articles) / len(articles):.0f} words per article on average. "
                f"Machine: {os.cpu_count()} cores, Python "
                f"{platform.python_version()}, {platform.system()}.", ""]

    print("measuring: load", file=sys.stderr)
    load = in_fresh_process(measure_load)
    throughput = Table(["run", "processes", "articles/s", "words/s", "peak RSS (MB)", "note"])
    throughput.add("import + build the id and en pipelines", 1, "", "", f"{load['rss']:.0f}",
                   f"{load['seconds']:.2f} s")
    # The best of ``args.repeats`` runs, each in a fresh process. Other guests of a
    # shared machine only ever slow a run down (CPU time too: caches, memory
    # bandwidth), so the fastest is the closest to the code's own cost. (By CPU time
    # on one process; by wall time on two, whose speedup is a ratio of wall times.)
    # One- and two-process runs take turns, so that a slow spell of the host weighs
    # on both alike.
    all_runs: dict[int, list[dict[str, Any]]] = {1: [], 2: []}
    for repeat in range(args.repeats):
        for workers in all_runs:
            print(f"measuring: full pipeline on {workers} process(es), run {repeat + 1}",
                  file=sys.stderr)
            all_runs[workers].append(in_fresh_process(measure_pipeline, spec, workers))
    full: dict[int, dict[str, Any]] = {}
    for workers, runs in all_runs.items():
        full[workers] = r = min(runs, key=lambda run: run["cpu" if workers == 1 else "seconds"])
        note = f"{r['errors']} documents failed" + (f" (first: {r['first_error']})"
                                                     if r["errors"] else "")
        if workers == 1:
            throughput.add("full pipeline (clean, stages, record), CPU time", 1,
                           _rate(r["docs"], r["cpu"]), _rate(r["words"], r["cpu"]),
                           f"{r['rss']:.0f}", f"{r['cpu'] / r['docs'] * 1e3:.2f} ms/article, "
                           f"best of {len(runs)} runs ({_spread(runs)}); " + note)
        else:
            estimate = idle_machine_speedup(full[1], r)
            note += (f"; best of {len(runs)} runs; speedup x{full[1]['seconds'] / r['seconds']:.2f}"
                     " over 1 process"
                     + (f", x{estimate:.2f} predicted from CPU times for an idle machine"
                        if estimate else ""))
        throughput.add("full pipeline, wall time", workers, _rate(r["docs"], r["seconds"]),
                       _rate(r["words"], r["seconds"]), f"{r['rss']:.0f}",
                       ("RSS of the largest process; " if workers > 1 else "") + note)

    unseen: dict[str, Any] | None = None
    if SHARED_DATA.is_dir():
        print("measuring: full pipeline on unseen text", file=sys.stderr)
        runs = [in_fresh_process(measure_unseen, spec) for _ in range(args.repeats)]
        r = unseen = min(runs, key=lambda run: run["cpu"])
        if r["docs"]:
            throughput.add(f"full pipeline on unseen text ({r['docs']} articles of UD "
                           "treebank sentences, each read once), CPU time", 1,
                           _rate(r["docs"], r["cpu"]), _rate(r["words"], r["cpu"]), "",
                           f"{r['cpu'] / r['docs'] * 1e3:.2f} ms/article, best of "
                           f"{len(runs)} runs ({_spread(runs)}), "
                           f"{r['words'] / r['docs']:.0f} words/article; word forms met for "
                           f"the first time; {r['errors']} documents failed")

    ingest: dict[int, dict[str, Any]] = {}
    for workers in (1, 2):
        print(f"measuring: ingest on {workers} process(es)", file=sys.stderr)
        ingest[workers] = r = in_fresh_process(measure_ingest, spec, workers)
        throughput.add(f"pantau ingest of {r['docs']} distinct articles into a new SQLite "
                       "store, wall time", workers, _rate(r["docs"], r["seconds"]),
                       _rate(r["words"], r["seconds"]), "",
                       f"{r['added']} stored, {r['errors']} errors; storing process "
                       f"{r['cpu'] / r['docs'] * 1e3:.1f} ms CPU/article"
                       + (f"; x{ingest[1]['seconds'] / r['seconds']:.2f} over 1 process"
                          if workers > 1 else ""))

    # One fresh process per stage (for its RSS), so on a smaller corpus.
    stage_spec = CorpusSpec(spec.files, min(args.docs, args.stage_docs), args.seed)
    stage_names = in_fresh_process(measure_stages, CorpusSpec(spec.files, 1, 0), -1)["stages"]
    for last, name in enumerate(stage_names):
        print(f"measuring: stages up to {name}", file=sys.stderr)
        r = in_fresh_process(measure_stages, stage_spec, last)
        if last == 0:
            s = r["seconds"]["clean"]
            throughput.add("clean (text.clean, langdetect when needed)", 1,
                           _rate(r["docs"], s), _rate(r["words"], s), "", "")
        s = r["seconds"].get(name, 0.0)
        throughput.add(f"stage {name} alone", 1, _rate(r["docs"], s), _rate(r["words"], s),
                       f"{r['rss']:.0f}", f"{s / r['docs'] * 1e3:.2f} ms/article; RSS when "
                       "running up to here")

    print("measuring: spaCy tokenizer", file=sys.stderr)
    r = in_fresh_process(measure_spacy, spec)
    if "missing" in r:
        throughput.add('spaCy tokenizer, spacy.blank("id")', 1, "", "", "", r["missing"])
    else:
        throughput.add('spaCy tokenizer, spacy.blank("id") (reference)', 1,
                       _rate(r["docs"], r["seconds"]), _rate(r["words"], r["seconds"]),
                       f"{r['rss']:.0f}", "tokens only")
    sections += ["## Throughput", "", throughput.markdown(), ""]

    print("measuring: length scaling", file=sys.stderr)
    n_scale = max(1, math.ceil(args.scale_docs / len(articles))) * len(articles)
    lengths = in_fresh_process(measure_lengths, CorpusSpec(spec.files, n_scale, args.seed),
                               (1, 2, 4))
    scaling = Table(["length", "words/document", "CPU ms/document", "time ratio to 1x"])
    for length, r in lengths.items():
        scaling.add(f"{length}x", f"{r['words'] / r['docs']:.0f}",
                    f"{r['seconds'] / r['docs'] * 1e3:.2f}",
                    f"{r['seconds'] / lengths[1]['seconds']:.2f}")
    sections += ["## Length scaling", "",
                 f"The same {n_scale} documents, each article joined with the next 1 or 3 of its "
                 "language.", "", scaling.markdown(), ""]

    print("measuring: regex pathological inputs", file=sys.stderr)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import regex_audit

    reports = regex_audit.audit(regex_audit.collect_patterns())
    flagged = [rep for rep in reports if not rep.ok]
    worst = sorted(reports, key=lambda rep: math.inf if rep.timed_out or rep.worst is None
                   else rep.worst.ratio, reverse=True)
    regexes = Table(["pattern (where found)", "worst input family", "time ratio, 4x input"])
    for rep in worst[:max(5, len(flagged))]:
        regexes.add(f"`{rep.where}`", rep.worst.family if rep.worst else "",
                    "timeout" if rep.timed_out else f"{rep.worst.ratio:.1f}" if rep.worst else "")
    sections += ["## Regex safety", "",
                 f"{len(reports)} distinct compiled patterns; {len(flagged)} grow faster than "
                 f"x{regex_audit.RATIO_LIMIT:g} for x{regex_audit.GROWTH} input "
                 f"(n = {regex_audit.SIZE} characters). Worst first:", "", regexes.markdown(), ""]

    one, two = full[1], full[2]
    speed = one["docs"] / one["cpu"]
    peak = max(load["rss"], one["rss"])
    speedup = one["seconds"] / two["seconds"]
    predicted = idle_machine_speedup(one, two)
    ratio_2x = lengths[2]["seconds"] / lengths[1]["seconds"]
    targets = Table(["target", "measured", "met"])
    targets.add(f"≥{TARGET_ARTICLES_PER_S} articles/s on one core (CPU time)", f"{speed:,.0f}",
                _met(speed >= TARGET_ARTICLES_PER_S))
    if unseen and unseen["docs"]:
        unseen_speed = unseen["docs"] / unseen["cpu"]
        targets.add(f"≥{TARGET_ARTICLES_PER_S} articles/s on one core, unseen text (CPU time)",
                    f"{unseen_speed:,.0f}", _met(unseen_speed >= TARGET_ARTICLES_PER_S))
    targets.add(f"peak RSS ≤{TARGET_PEAK_RSS_MB} MB (one process)", f"{peak:.0f} MB",
                _met(peak <= TARGET_PEAK_RSS_MB))
    targets.add(f"2 workers ≥{TARGET_SPEEDUP_2}x one (wall time)", f"x{speedup:.2f}",
                _met(speedup >= TARGET_SPEEDUP_2))
    if predicted:
        targets.add(f"2 workers ≥{TARGET_SPEEDUP_2}x one (predicted from CPU times)",
                    f"x{predicted:.2f}", _met(predicted >= TARGET_SPEEDUP_2))
    targets.add(f"2x length → ≤{TARGET_LENGTH_2X}x time", f"x{ratio_2x:.2f}",
                _met(ratio_2x <= TARGET_LENGTH_2X))
    targets.add("no regex grows superlinearly", f"{len(flagged)} flagged", _met(not flagged))
    load_after = os.getloadavg()[0]
    sections += ["## Targets", "", targets.markdown(), "",
                 f"Load average (1 min) {load_before:.1f} before, {load_after:.1f} after, on "
                 f"{os.cpu_count()} cores. Single-process figures are CPU time and hold on a "
                 "busy machine; wall-time figures (the 2-process speedup) do not when the "
                 "load exceeds the cores.", ""]

    if args.profile:
        print("profiling", file=sys.stderr)
        profile_path = RESULTS / f"{date.today().isoformat()}-{label}-profile.txt"
        in_fresh_process(_profile_child, CorpusSpec(spec.files, args.profile_docs, args.seed),
                         str(profile_path))
        sections += [f"Profile (pyinstrument): `{profile_path.relative_to(ROOT)}`.", ""]

    report = "\n".join(sections)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"{date.today().isoformat()}-{label}.md"
    out.write_text(report, encoding="utf-8")
    print(report)
    print(f"written to {out.relative_to(ROOT)}", file=sys.stderr)
    return report


def _profile_child(spec: CorpusSpec, path: str) -> dict[str, Any]:
    profile(spec, Path(path))
    return {}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", nargs="+", help="JSON Lines or text articles to use")
    parser.add_argument("--docs", type=int, default=2000, help="documents in the corpus")
    parser.add_argument("--stage-docs", type=int, default=500,
                        help="documents for the per-stage measurements")
    parser.add_argument("--scale-docs", type=int, default=300,
                        help="documents per length in the length-scaling check")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeats", type=int, default=5,
                        help="runs of the one-process measurements, the best reported")
    parser.add_argument("--quick", action="store_true", help="a small corpus, for a smoke run")
    parser.add_argument("--profile", action="store_true", help="also save a pyinstrument profile")
    parser.add_argument("--profile-docs", type=int, default=500)
    args = parser.parse_args(argv)
    if args.quick:
        args.docs, args.stage_docs, args.scale_docs, args.profile_docs = 200, 100, 50, 100
        args.repeats = 1
    run(args)


if __name__ == "__main__":
    main()

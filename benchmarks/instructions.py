"""Instructions per article of pantau's pipeline and of each stage, counted by valgrind.

    .venv/bin/python benchmarks/instructions.py [--input FILE ...] [--stages] [--unseen]

Timings on a shared virtual machine move by ±10% from one run to the next, which
hides the effect of most single optimisations; callgrind's instruction count is the
same on every run of the same code and input, whatever else the machine does. The
pipeline is warmed (one untimed pass over the articles) before counting, so the
figures are the steady state that ``bench.py`` times. Only the calls to the code
under test are counted: the child process runs them through ``itertools.starmap``,
which pantau itself never calls, and callgrind collects only inside ``starmap_next``
(``--toggle-collect``; a function the code under test also called would switch the
collection off inside it and on again in the warm-up).

The articles are those ``bench.py`` uses (the annotated corpus when it sits next to
the checkout). With ``--unseen`` the counted articles are ``bench.unseen_articles()``
instead, text the warm-up did not read: what a word form met for the first time costs
(the stages keep per-form caches). Figures are printed, not stored: ``bench.py``
writes the timed results.
"""

from __future__ import annotations

import argparse
import collections
import gc
import json
import re
import subprocess
import sys
import tempfile
from itertools import starmap
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench  # noqa: E402

FULL = "full pipeline"
_COLLECTED = re.compile(r"Collected\s*:\s*([\d,]+)")


def _prepare(articles: list[dict[str, Any]], before: int) -> list[Any]:
    """Cleaned documents with the stages before ``before`` already run."""
    from pantau.doc import Doc
    from pantau.pipeline import pipeline_for
    from pantau.text.clean import clean
    from pantau.text.langdetect import detect_language

    docs = []
    for a in articles:
        text = clean(a["text"]).text
        lang = a["lang"] or detect_language(text)[0]
        doc = Doc(id=a["id"], text=text, lang=lang, published=bench._as_date(a["published"]),
                  title=a["title"])
        for stage in pipeline_for(lang).stages[:before]:
            stage(doc)
        docs.append(doc)
    return docs


def unseen_sample() -> list[dict[str, Any]]:
    """Every fourth of ``bench.unseen_articles()``, both languages (callgrind is slow)."""
    return bench.unseen_articles()[::4]


def child(target: str, corpus: Path, unseen: bool = False) -> None:
    """Run ``target`` over the corpus inside ``starmap``: callgrind counts only that. With
    ``unseen``, over ``bench.unseen_articles()`` after the corpus as warm-up."""
    from pantau import analyze
    from pantau.pipeline import pipeline_for

    articles = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()]

    def run_article(a: dict[str, Any]) -> Any:
        return analyze(a["text"], published=a["published"], lang=a["lang"] or "auto",
                       doc_id=a["id"], title=a["title"])

    for a in articles:  # warm every lazy cache
        run_article(a)
    if unseen:
        articles = unseen_sample()
    if target == FULL:
        gc.freeze()
        collections.deque(starmap(run_article, zip(articles)), maxlen=0)
        return
    index = int(target)
    docs = _prepare(articles, index)
    # The prepared documents stay alive; frozen, the garbage collector's full passes
    # do not walk them (the full pipeline drops each document when done).
    gc.freeze()
    stages = [pipeline_for(d.lang).stages[index] for d in docs]
    collections.deque(starmap(lambda stage, d: stage(d), zip(stages, docs, strict=True)),
                      maxlen=0)


def count(target: str, corpus: Path, unseen: bool = False) -> int:
    """Instructions callgrind collects for ``target`` run in a child process."""
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={tmp}/out",
             "--collect-atstart=no", "--toggle-collect=starmap_next",
             sys.executable, __file__, "--child", target, str(corpus)]
            + (["--unseen"] if unseen else []),
            capture_output=True, text=True, check=False)
    found = _COLLECTED.search(done.stderr)
    if done.returncode != 0 or not found:
        raise SystemExit(f"valgrind run for {target!r} failed:\n{done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--input", nargs="+", type=Path, help="JSON Lines or text articles")
    parser.add_argument("--stages", nargs="*", metavar="STAGE",
                        help="also count these stages alone (class names; none given: all)")
    parser.add_argument("--unseen", action="store_true",
                        help="count on unseen text (UD treebank sentences), warmed on the corpus")
    parser.add_argument("--child", nargs=2, metavar=("TARGET", "CORPUS"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child[0], Path(args.child[1]), args.unseen)
        return
    label, paths = ("input", args.input) if args.input else bench.default_sources()
    articles = bench.read_articles(paths)
    from pantau.pipeline import pipeline_for

    stage_names = [type(s).__name__ for s in pipeline_for("id").stages]
    chosen = args.stages or (stage_names if args.stages is not None else [])
    unknown = set(chosen) - set(stage_names)
    if unknown:
        parser.error(f"no such stage: {', '.join(sorted(unknown))} (stages: {stage_names})")
    targets = [FULL] + [str(stage_names.index(name)) for name in chosen]
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "articles.jsonl"
        corpus.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles),
                          encoding="utf-8")
        print(f"{label}: {len(articles)} articles, "
              f"{bench.words(articles) / len(articles):.0f} words on average")
        counted = articles
        if args.unseen:
            counted = unseen_sample()
            print(f"counted on unseen text: {len(counted)} articles of UD treebank sentences, "
                  f"{bench.words(counted) / max(1, len(counted)):.0f} words on average")
            if not counted:
                parser.error("--unseen needs the UD treebanks in ../shared/data")
        print("| run | instructions per article (millions) |\n|---|---|")
        for target in targets:
            name = target if target == FULL else stage_names[int(target)]
            total = count(target, corpus, args.unseen)
            print(f"| {name} | {total / len(counted) / 1e6:.2f} |", flush=True)


if __name__ == "__main__":
    main()

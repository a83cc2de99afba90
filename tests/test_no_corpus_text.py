"""The shared corpus is copyrighted: no file in the repository may hold a passage of it."""

import json
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
WINDOW = 60  # characters; long enough that a match is a copy, not a shared phrase


def _corpus_windows() -> set[str]:
    windows = set()
    for path in CORPUS.glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            text = " ".join(json.loads(line)["text"].split())
            # Non-overlapping windows: any copied passage of 2×WINDOW chars contains one.
            windows.update(text[i:i + WINDOW] for i in range(0, len(text) - WINDOW, WINDOW))
    return windows


@pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus is absent (a user's checkout)")
def test_no_repository_file_contains_corpus_text():
    windows = _corpus_windows()
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.split()
    offenders = []
    for name in tracked:
        path = ROOT / name
        if not path.is_file() or path.stat().st_size > 20_000_000:
            continue
        try:
            text = " ".join(path.read_text(encoding="utf-8").split())
        except UnicodeDecodeError:
            continue
        # A copied passage of 2×WINDOW characters contains one whole window.
        hits = [w for w in windows if w in text]
        if hits:
            offenders.append(f"{name}: {hits[0][:40]!r}…")
    assert not offenders, "corpus text found in:\n" + "\n".join(offenders)

"""Extraction quality on the shared annotated corpus must not fall below the recorded floors."""

from pathlib import Path

import pytest

from pantau.quality import load_floors, measure

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
FLOORS = load_floors(ROOT / "tests" / "quality_floors.json")


@pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus is absent (a user's checkout)")
@pytest.mark.parametrize("name", ["seed", "dev"])
def test_quality_not_below_floor(name):
    floors = FLOORS.get(name)
    assert floors, f"no floors recorded for {name}; run scripts/ratchet_floors.py"
    now = measure(CORPUS / f"{name}.jsonl")
    dropped = {k: (now.get(k), floor) for k, floor in floors.items()
               if now.get(k, 0.0) < floor - 1e-9}
    assert not dropped, f"figures below their floor (now, floor): {dropped}"

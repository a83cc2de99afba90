import json
from pathlib import Path

import pytest

from pantau.record import Record

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
CORPUS = SHARED / "corpus"


@pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus is absent (not a CI checkout)")
@pytest.mark.parametrize("name", ["seed.jsonl", "dev.jsonl"])
def test_gold_files_round_trip_losslessly(name):
    for line in (CORPUS / name).read_text(encoding="utf-8").splitlines():
        original = json.loads(line)
        assert Record.from_dict(original).to_dict() == original

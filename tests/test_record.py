import json
from pathlib import Path

import pytest

from pantau.record import Record, dumps

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
CORPUS = SHARED / "corpus"


@pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus is absent (not a CI checkout)")
@pytest.mark.parametrize("name", ["seed.jsonl", "dev.jsonl"])
def test_gold_files_round_trip_losslessly(name):
    for line in (CORPUS / name).read_text(encoding="utf-8").splitlines():
        original = json.loads(line)
        assert Record.from_dict(original).to_dict() == original


@pytest.mark.parametrize("value", [3000, 2.5, 10**24, -(10**30)])
def test_records_serialise_to_one_compact_line_whatever_the_numbers(value):
    # orjson refuses integers beyond 64 bits (10**24 troops, read from a text); the
    # json module's fallback must write the same layout, and every value must survive.
    data = {"id": "d1", "text": "Pasukan tiba, kata\n\"juru bicara\".", "lang": "id",
            "events": [{"quantities": [{"value": value, "unit": "troops"}]}],
            "title": "Berita \u00e9\t\u0001", "url": None}
    line = dumps(data)
    assert line == json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    assert "\n" not in line and json.loads(line) == data

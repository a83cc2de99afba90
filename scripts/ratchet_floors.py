"""Raise the recorded quality floors to today's figures (never lowers one).

Usage: .venv/bin/python scripts/ratchet_floors.py [SHARED_CORPUS_DIR]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pantau.quality import load_floors, measure

ROOT = Path(__file__).resolve().parents[1]
FLOORS = ROOT / "tests" / "quality_floors.json"


def main() -> int:
    corpus_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "corpus"
    floors = load_floors(FLOORS)
    for name in ("seed", "dev"):
        now = measure(corpus_dir / f"{name}.jsonl")
        old = floors.get(name, {})
        floors[name] = {k: max(v, old.get(k, 0.0)) for k, v in sorted(now.items())}
        for k, v in sorted(now.items()):
            if v != old.get(k):
                print(f"{name}.{k}: {old.get(k, '-')} -> {max(v, old.get(k, 0.0))}")
    FLOORS.write_text(json.dumps(floors, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`pantau extract` end to end, in a subprocess, with bad inputs among good ones."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
PANTAU = shutil.which("pantau", path=str(Path(sys.executable).parent)) or shutil.which("pantau")

pytestmark = pytest.mark.skipif(PANTAU is None, reason="the pantau command is not installed")


def _extract(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(PANTAU), "extract", *args], capture_output=True, text=True,
                          timeout=300, check=False)


def test_good_inputs_are_written_and_bad_ones_reported(tmp_path):
    docs = tmp_path / "docs.jsonl"
    docs.write_text(
        json.dumps({"id": "baik-1", "lang": "id", "published": "2025-04-02",
                    "text": "Polisi menangkap dua pencuri di Medan pada Selasa."}) + "\n"
        + '["bukan", "objek"]\n'
        + json.dumps({"id": "tanpa-teks"}) + "\n"
        + json.dumps({"id": "good-2", "lang": "en",
                      "text": "Police arrested two thieves in Medan on Tuesday."}) + "\n",
        encoding="utf-8")
    article = tmp_path / "banjir.txt"
    article.write_text("Banjir di Medan\n\nBanjir merendam 200 rumah di Medan.\n",
                       encoding="utf-8")
    binary = tmp_path / "foto.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
    missing = tmp_path / "hilang.jsonl"
    out = tmp_path / "out" / "records.jsonl"

    result = _extract(str(docs), str(binary), str(article), str(missing), "-o", str(out),
                      "--published", "2025-04-03")

    assert result.returncode == 1
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["baik-1", "good-2", "banjir"]
    assert records[2]["title"] == "Banjir di Medan"
    assert records[2]["published"] == "2025-04-03"
    assert all(isinstance(r["events"], list) and isinstance(r["entities"], list)
               for r in records)
    errors = result.stderr.splitlines()
    assert errors[:-1] == [
        f"pantau: {docs}:2: a record must be a JSON object, not list",
        f"pantau: {docs}:3: record has no 'text'",
        f"pantau: {binary}: binary file, not text",
        f"pantau: {missing}: no such file or directory",
    ]
    assert errors[-1] == f"pantau: 3 documents written to {out}, 4 errors"


def test_examples_directory_extracts_cleanly_to_stdout():
    result = _extract(str(EXAMPLES))
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 6
    assert {r["lang"] for r in records} == {"id", "en"}
    assert result.stderr.strip() == "pantau: 6 documents written, 0 errors"

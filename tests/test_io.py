"""Readers, writer and batch runner (the pipeline itself is stubbed here)."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import pytest

from pantau.errors import InputError
from pantau.io import batch, readers
from pantau.io.readers import read_inputs
from pantau.io.writers import JsonlWriter
from pantau.record import Record

ARTICLE = "Banjir Melanda Bekasi\n\nBanjir merendam ratusan rumah di Bekasi pada Senin.\n"


def _jsonl(path: Path, *rows: object) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                    encoding="utf-8")
    return path


def _errors(items: list) -> list[str]:
    return [str(i) for i in items if isinstance(i, InputError)]


# --- readers -----------------------------------------------------------------


def test_text_file_title_is_first_line_and_text_the_rest(tmp_path):
    # The corpus format: the title is a field of its own, not part of the text.
    path = tmp_path / "banjir-bekasi.txt"
    path.write_text("\ufeff" + ARTICLE, encoding="utf-8")
    [doc] = read_inputs([path])
    assert doc["id"] == "banjir-bekasi"
    assert doc["title"] == "Banjir Melanda Bekasi"
    assert doc["text"] == "Banjir merendam ratusan rumah di Bekasi pada Senin."
    assert doc["published"] is None and doc["lang"] is None
    assert doc["where"] == str(path)


@pytest.mark.parametrize(("name", "published"), [
    ("2025-03-04-banjir-garut.txt", "2025-03-04"),
    ("2025-03-04.txt", "2025-03-04"),
    ("2025-03-04_banjir.txt", "2025-03-04"),
    ("2025-02-30-banjir.txt", None),  # no such day: the name is only a name
    ("20250304-banjir.txt", None),
    ("banjir-2025-03-04.txt", None),  # only a leading date is the article's
    ("2025-03-045.txt", None),
])
def test_text_file_named_with_a_date_is_published_on_it(tmp_path, name, published):
    path = tmp_path / name
    path.write_text(ARTICLE, encoding="utf-8")
    [doc] = read_inputs([path])
    assert doc["published"] == published
    assert doc["id"] == path.stem


def test_text_file_of_one_line_is_all_text(tmp_path):
    path = tmp_path / "satu.txt"
    path.write_text("Banjir merendam ratusan rumah di Bekasi pada Senin.\n", encoding="utf-8")
    [doc] = read_inputs([path])
    assert doc["title"] is None
    assert doc["text"] == "Banjir merendam ratusan rumah di Bekasi pada Senin."


def test_jsonl_fields_extra_and_default_id(tmp_path):
    path = _jsonl(tmp_path / "docs.jsonl",
                  {"id": "a1", "lang": "id", "title": "T", "published": "2025-03-01",
                   "source": "S", "url": "https://x", "text": "Teks satu.", "license": "CC",
                   "entities": [{"id": "E1"}], "events": []},
                  {"text": "Teks dua."})
    first, second = read_inputs([path])
    assert (first["id"], first["lang"], first["published"]) == ("a1", "id", "2025-03-01")
    assert first["extra"] == {"license": "CC"}  # an input's own annotations are not passed on
    assert first["where"] == f"{path}:1"
    assert second["id"] == "docs-2" and second["where"] == f"{path}:2"


def test_json_file_with_one_object_or_a_list(tmp_path):
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"id": "x", "text": "Satu."}), encoding="utf-8")
    many = tmp_path / "many.json"
    many.write_text(json.dumps([{"text": "Satu."}, {"text": "Dua."}]), encoding="utf-8")
    docs = list(read_inputs([one, many]))
    assert [d["id"] for d in docs] == ["x", "many-1", "many-2"]


def test_directory_is_read_sorted_and_recursive(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("Judul Z\nIsi.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Judul A\nIsi.", encoding="utf-8")
    _jsonl(tmp_path / "b" / "c.jsonl", {"id": "c", "text": "Isi."})
    (tmp_path / "notes.md").write_text("not an input", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "h.txt").write_text("Tersembunyi", encoding="utf-8")
    assert [d["id"] for d in read_inputs([tmp_path])] == ["a", "c", "z"]


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\n ", "empty file"),
    ("empty.jsonl", b"\n\n", "empty file"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "binary file"),
    ("latin1.txt", "Judul\nCaf\u00e9".encode("latin-1"), "not valid UTF-8 (byte offset 9)"),
])
def test_bad_files_give_one_clear_error(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    items = list(read_inputs([path]))
    assert len(items) == 1 and isinstance(items[0], InputError)
    assert items[0].where == str(path)
    assert reason in items[0].reason


def test_bad_jsonl_lines_are_errors_and_good_lines_still_read(tmp_path):
    path = tmp_path / "mixed.jsonl"
    lines = [json.dumps({"id": "ok1", "text": "Baik."}).encode(),
             b"[1, 2]",
             b'{"id": "no-text"}',
             b'{"id": "num", "text": 42}',
             b'{"id": "broken", ',
             '{"id": "bad-utf8", "text": "Caf\u00e9"}'.encode("latin-1"),
             b'{"id": "bad-date", "text": "Teks.", "published": "kemarin"}',
             json.dumps({"id": "ok2", "text": "Baik juga."}).encode()]
    path.write_bytes(b"\n".join(lines) + b"\n")
    items = list(read_inputs([path]))
    assert [i["id"] for i in items if isinstance(i, dict)] == ["ok1", "ok2"]
    errors = {e.where: e.reason for e in items if isinstance(e, InputError)}
    assert "JSON object, not list" in errors[f"{path}:2"]
    assert "no 'text'" in errors[f"{path}:3"]
    assert "'text' must be a string, not int" in errors[f"{path}:4"]
    assert "invalid JSON" in errors[f"{path}:5"]
    offset = sum(len(line) + 1 for line in lines[:5]) + lines[5].index(b"\xe9")
    assert errors[f"{path}:6"] == f"not valid UTF-8 (byte offset {offset})"
    assert "'published' is not a date" in errors[f"{path}:7"]


def test_oversized_text_file_is_rejected_without_reading_it(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:  # a sparse 50 MB file: costs no disk, and no memory if unread
        f.truncate(50 * 1024 * 1024)
    [item] = read_inputs([path])
    assert isinstance(item, InputError)
    assert item.reason == "file is 50.0 MB, over the 10.0 MB limit per document"


def test_oversized_jsonl_line_is_skipped_and_reading_goes_on(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "MAX_DOCUMENT_BYTES", 200)
    path = _jsonl(tmp_path / "big.jsonl", {"id": "big", "text": "x" * 5000},
                  {"id": "small", "text": "Kecil."})
    items = list(read_inputs([path]))
    assert isinstance(items[0], InputError) and items[0].where == f"{path}:1"
    assert "over the" in items[0].reason
    assert items[1]["id"] == "small" and items[1]["where"] == f"{path}:2"


def test_missing_path_and_empty_directory(tmp_path):
    (tmp_path / "empty").mkdir()
    errors = _errors(list(read_inputs([tmp_path / "nope.txt", tmp_path / "empty"])))
    assert errors == [f"{tmp_path / 'nope.txt'}: no such file or directory",
                      f"{tmp_path / 'empty'}: directory holds no .txt, .jsonl, .json, HTML "
                      "or feed files"]


PAGE = """<!DOCTYPE html><html lang="id"><head><title>Gudang terbakar | Warta Kali</title>
<meta property="og:title" content="Gudang terbakar di Cikarang">
<meta property="article:published_time" content="2025-05-06T08:00:00+07:00"></head>
<body><nav>Beranda | Daerah</nav><article><h1>Gudang terbakar di Cikarang</h1>
<p>Sebuah gudang plastik di Cikarang terbakar pada Selasa pagi dan api baru padam
setelah empat jam.</p>
<p>Tujuh mobil pemadam dikerahkan ke lokasi. Tidak ada korban jiwa, kata petugas
pemadam kebakaran setempat kepada wartawan.</p></article><footer>Hak cipta</footer>
</body></html>"""

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Kabar Lembah</title><language>id</language>
<item><title>Jembatan diperbaiki</title><link>https://kabar-lembah.example/jembatan</link>
<pubDate>Mon, 03 Mar 2025 09:00:00 +0700</pubDate>
<description>Pemerintah kabupaten memperbaiki jembatan yang rusak diterjang banjir.
</description></item>
<item><title>Tanpa isi</title><link>https://kabar-lembah.example/kosong</link></item>
</channel></rss>"""


@pytest.mark.parametrize("name", ["gudang.html", "gudang-tanpa-akhiran"])
def test_html_page_by_suffix_or_by_content(tmp_path, name):
    path = tmp_path / name
    path.write_text(PAGE, encoding="utf-8")
    [doc] = read_inputs([path])
    assert doc["title"] == "Gudang terbakar di Cikarang"
    assert doc["text"].startswith("Sebuah gudang plastik di Cikarang terbakar")
    assert "Beranda" not in doc["text"] and "Hak cipta" not in doc["text"]
    assert doc["published"] == "2025-05-06"
    assert doc["where"] == str(path)


def test_feed_entries_are_documents_and_an_empty_entry_an_error(tmp_path):
    path = tmp_path / "kabar.rss"
    path.write_text(FEED, encoding="utf-8")
    entry, empty = read_inputs([path])
    assert (entry["title"], entry["published"], entry["source"], entry["lang"]) == (
        "Jembatan diperbaiki", "2025-03-03", "Kabar Lembah", "id")
    assert entry["url"] == "https://kabar-lembah.example/jembatan"
    assert entry["where"] == f"{path} entry 1"
    assert isinstance(empty, InputError) and "no content" in empty.reason


def test_json_file_holding_json_lines_is_read_as_such(tmp_path):
    path = _jsonl(tmp_path / "lines.json", {"id": "a", "text": "Satu."},
                  {"id": "b", "text": "Dua."})
    assert [d["id"] for d in read_inputs([path])] == ["a", "b"]


def test_annotations_are_kept_only_when_asked(tmp_path):
    gold = {"id": "g", "text": "Teks.", "entities": [{"id": "E1"}], "events": [],
            "license": "CC"}
    path = _jsonl(tmp_path / "gold.jsonl", gold)
    [plain] = read_inputs([path])
    [kept] = read_inputs([path], keep_annotations=True)
    assert "entities" not in plain and "events" not in plain
    assert kept["entities"] == [{"id": "E1"}] and kept["events"] == []
    assert kept["extra"] == plain["extra"] == {"license": "CC"}


def test_count_documents_for_progress(tmp_path):
    (tmp_path / "d").mkdir()
    _jsonl(tmp_path / "d" / "x.jsonl", {"text": "Satu."}, {"text": "Dua."})
    (tmp_path / "d" / "y.txt").write_text("Judul\nIsi.", encoding="utf-8")
    assert readers.count_documents([tmp_path / "d", tmp_path / "missing.txt"]) == 4
    (tmp_path / "d" / "z.rss").write_text(FEED, encoding="utf-8")
    assert readers.count_documents([tmp_path / "d"]) is None  # a feed holds any number
    assert readers.count_documents(["https://example.org/a"]) is None
    (tmp_path / "no-suffix").write_text(FEED, encoding="utf-8")  # read by its content
    assert readers.count_documents([tmp_path / "no-suffix"]) is None


# --- writer ------------------------------------------------------------------


def test_writer_writes_utf8_lines_and_renames_at_the_end(tmp_path):
    target = tmp_path / "out" / "records.jsonl"
    with JsonlWriter(target) as out:
        out.write(Record(id="a", text="Kopi ☕ “enak”", lang="id"))
        assert not target.exists()  # still under its temporary name
        out.write({"id": "b"})
    lines = target.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["text"] == "Kopi ☕ “enak”"
    assert "☕" in lines[0]  # ensure_ascii=False
    assert json.loads(lines[1]) == {"id": "b"}
    assert [p.name for p in target.parent.iterdir()] == ["records.jsonl"]


def test_writer_crash_leaves_no_output_and_keeps_the_old_one(tmp_path):
    target = tmp_path / "records.jsonl"
    target.write_text("old\n", encoding="utf-8")
    with pytest.raises(RuntimeError), JsonlWriter(target) as out:
        out.write({"id": "a"})
        raise RuntimeError("crash")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["records.jsonl"]


# --- batch -------------------------------------------------------------------


def _fake_analyze(text, published=None, lang="auto", doc_id="doc", title=None, source=None,
                  url=None, extra=None):
    if "MELEDAK" in text:
        raise ValueError("stage exploded")
    return Record(id=doc_id, text=text, lang="id" if lang == "auto" else lang, title=title,
                  published=published, source=source, url=url, extra=dict(extra or {}))


@pytest.fixture
def stub_pipeline(monkeypatch):
    monkeypatch.setattr(batch, "analyze", _fake_analyze)


def _run(inputs, output, lang="auto", published=None):
    err = io.StringIO()
    args = argparse.Namespace(inputs=[str(i) for i in inputs], output=str(output), lang=lang,
                              published=published)
    return batch.run(args, stderr=err), err.getvalue().splitlines()


def test_batch_writes_in_order_reports_errors_and_fails(tmp_path, stub_pipeline):
    good = _jsonl(tmp_path / "a.jsonl", {"id": "d1", "lang": "en", "text": "One."},
                  {"id": "d2", "text": "MELEDAK"}, {"id": "d3", "text": "Tiga."})
    empty = tmp_path / "b.txt"
    empty.write_text("", encoding="utf-8")
    article = tmp_path / "c.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, err = _run([good, empty, article], out, published="2025-01-02")
    assert code == 1
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["d1", "d3", "c"]
    assert records[0]["lang"] == "en"  # the record's own language
    assert records[2]["published"] == "2025-01-02"  # --published for undated inputs
    assert err == [f"pantau: {good}:2: analysis failed: ValueError: stage exploded",
                   f"pantau: {empty}: empty file",
                   f"pantau: 3 documents written to {out}, 2 errors"]


def test_batch_without_errors_exits_zero(tmp_path, stub_pipeline):
    src = _jsonl(tmp_path / "a.jsonl", {"id": "d1", "lang": "id", "text": "Satu."})
    code, err = _run([src], tmp_path / "out.jsonl", lang="en")
    assert code == 0
    assert json.loads((tmp_path / "out.jsonl").read_text(encoding="utf-8"))["lang"] == "en"
    assert err == [f"pantau: 1 document written to {tmp_path / 'out.jsonl'}, 0 errors"]


def test_batch_rejects_a_bad_published_date(tmp_path, stub_pipeline):
    code, err = _run([tmp_path], tmp_path / "out.jsonl", published="03/04/2025")
    assert code == 2 and "--published" in err[0]
    assert not (tmp_path / "out.jsonl").exists()


@pytest.mark.parametrize(("doc", "lang", "expected"), [
    ({"lang": "en"}, "auto", "en"),
    ({"lang": "en"}, "id", "id"),
    ({"lang": None}, "auto", "auto"),
    ({"lang": "ms"}, "auto", "auto"),
])
def test_choose_language(doc, lang, expected):
    chosen, notes = batch.choose_language(doc, lang)
    assert chosen == expected
    assert bool(notes) == (doc["lang"] == "ms")

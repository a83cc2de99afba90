"""`pantau ingest`: inputs of every kind, idempotence, per-document errors, crash safety."""

from __future__ import annotations

import functools
import http.server
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from pantau import store as pantau_store
from pantau.cli import main
from pantau.store.schema import documents

ARTICLE = """<!doctype html>
<html lang="id"><head>
<title>Jembatan gantung putus di Lebak | Kabar Banten</title>
<meta property="og:title" content="Jembatan gantung putus di Lebak">
<meta property="og:site_name" content="Kabar Banten">
<meta property="article:published_time" content="2025-02-11T07:30:00+07:00">
<link rel="canonical" href="https://kabar-banten.example/jembatan-lebak">
</head><body>
<nav><a href="/">Beranda</a> <a href="/daerah">Daerah</a></nav>
<article><h1>Jembatan gantung putus di Lebak</h1>
<p>Sebuah jembatan gantung yang menghubungkan dua desa di Kabupaten Lebak putus pada Senin
sore saat puluhan warga melintas di atasnya.</p>
<p>Sedikitnya tujuh warga terluka dan dibawa ke puskesmas terdekat, kata kepala desa setempat
kepada wartawan. Polisi masih menyelidiki penyebab putusnya tali baja jembatan itu.</p>
</article><footer>Hak cipta Kabar Banten</footer></body></html>"""

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Warta Pesisir</title><link>https://warta-pesisir.example/</link>
<language>id</language>
<item><title>Nelayan hilang ditemukan selamat</title>
<link>https://warta-pesisir.example/nelayan</link><pubDate>Tue, 04 Mar 2025 08:00:00 +0700</pubDate>
<content:encoded><![CDATA[<p>Dua nelayan yang hilang sejak Sabtu ditemukan selamat oleh tim SAR
gabungan di perairan utara pulau itu pada Senin pagi.</p><p>Keduanya dibawa ke rumah sakit.</p>]]>
</content:encoded></item>
<item><title>Harga cabai naik</title><link>https://warta-pesisir.example/cabai</link>
<pubDate>Wed, 05 Mar 2025 09:00:00 +0700</pubDate>
<description>Harga cabai rawit di pasar tradisional naik dua kali lipat dalam sepekan
terakhir akibat hujan yang merusak panen petani.</description></item>
<item><title>Entri tanpa isi</title><link>https://warta-pesisir.example/kosong</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Harbour Notes</title>
<entry><title>Ferry service resumes</title><id>tag:harbour.example,2025:ferry</id>
<link href="https://harbour.example/ferry"/><updated>2025-03-06T10:00:00Z</updated>
<summary>Ferry service between the two islands resumed on Thursday after high waves had
halted crossings for three days, the port authority said.</summary></entry></feed>"""


def run_cli(*argv: str) -> int:
    return main(["ingest", *argv])


def doc_count(url: str) -> int:
    with pantau_store.open(url) as db:
        return db.counts()["documents"]


def test_inputs_of_every_kind_are_read_and_bad_ones_reported(
        tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    inbox = tmp_path / "inbox"
    (inbox / "pages").mkdir(parents=True)
    (inbox / "pages" / "jembatan.html").write_text(ARTICLE, encoding="utf-8")
    (inbox / "pages" / "kosong.html").write_text("<html><body><div></div></body></html>")
    (inbox / "pesisir.xml").write_text(RSS, encoding="utf-8")
    (inbox / "harbour.atom").write_text(ATOM, encoding="utf-8")
    (inbox / "catatan.txt").write_text(
        "Rapat warga\nWarga desa menggelar rapat untuk membahas perbaikan saluran irigasi "
        "yang rusak setelah banjir.", encoding="utf-8")
    (inbox / "ignored.png").write_bytes(b"\x89PNG")

    assert run_cli(str(inbox), "--db", db_url, "--no-consolidate") == 0
    err = capsys.readouterr().err

    with pantau_store.open(db_url) as db:
        page = db.get_record("url-" + __import__("hashlib").sha1(
            b"https://kabar-banten.example/jembatan-lebak").hexdigest()[:16])
        assert page is not None
        assert (page.title, page.published, page.source) == (
            "Jembatan gantung putus di Lebak", "2025-02-11", "Kabar Banten")
        assert page.text.startswith("Sebuah jembatan gantung") and "Beranda" not in page.text
        by_title = {r.title: r for r in db.records()}
    assert set(by_title) == {"Jembatan gantung putus di Lebak", "Nelayan hilang ditemukan selamat",
                             "Harga cabai naik", "Ferry service resumes", "Rapat warga"}
    assert by_title["Nelayan hilang ditemukan selamat"].text.endswith("dibawa ke rumah sakit.")
    assert by_title["Nelayan hilang ditemukan selamat"].published == "2025-03-04"
    assert by_title["Ferry service resumes"].source == "Harbour Notes"
    assert by_title["Rapat warga"].published is None  # stored, with the reason logged
    assert "kosong.html: no article text" in err
    assert "pesisir.xml entry 3: entry has no content or summary" in err
    assert "catatan.txt [catatan]: no publication date, stored with a null date" in err
    assert "5 added" in err and "2 errors" in err


def test_skip_undated_leaves_documents_without_a_date_out(tmp_path: Path, db_url: str) -> None:
    (tmp_path / "a.txt").write_text("Judul\nIsi berita tanpa tanggal terbit apa pun di sini.")
    assert run_cli(str(tmp_path / "a.txt"), "--db", db_url, "--skip-undated") == 0
    assert doc_count(db_url) == 0
    assert run_cli(str(tmp_path / "a.txt"), "--db", db_url, "--published", "2025-01-02") == 0
    with pantau_store.open(db_url) as db:
        assert db.get_record("a").published == "2025-01-02"


def test_a_url_is_fetched(tmp_path: Path, db_url: str) -> None:
    (tmp_path / "jembatan.html").write_text(ARTICLE, encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/jembatan.html"
        assert run_cli(url, "--db", db_url) == 0
    finally:
        server.shutdown()
    with pantau_store.open(db_url) as db:
        [record] = list(db.records())
    assert record.url == "https://kabar-banten.example/jembatan-lebak"  # the page's canonical


def test_unreadable_json_lines_are_reported_and_the_rest_stored(
        tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "mixed.jsonl"
    good = {"id": "ok", "lang": "id", "published": "2025-01-01", "text": "Isi berita.",
            "entities": [], "events": []}
    path.write_text(json.dumps(good) + "\n{not json\n" + json.dumps({"id": "no-text"}) + "\n")
    assert run_cli(str(path), "--db", db_url, "--as-records") == 0
    err = capsys.readouterr().err
    assert "mixed.jsonl:2: invalid JSON" in err and "mixed.jsonl:3: record has no 'text'" in err
    assert doc_count(db_url) == 1


# ------------------------------------------------------------ crash safety

_SYLLABLES = ["ba", "ka", "la", "ma", "na", "pa", "ra", "sa", "ta", "wa", "ri", "su", "ko",
              "de", "ngi", "lu", "to", "mi", "pe", "gu"]


def generated_corpus(path: Path, n: int = 300) -> None:
    """``n`` records with one event each; every tenth is a syndicated copy of the one before."""
    rng = random.Random(20261201)
    lines = []
    for i in range(n):
        if i % 10 == 9:
            text = lines[-1]["text"] + " Berita ini disiarkan ulang."
        else:
            words = ["".join(rng.choices(_SYLLABLES, k=3)) for _ in range(50)]
            text = f"Polisi menangkap {i + 1} orang di Kota {words[0].title()}. " + " ".join(words)
        trigger = text.index("menangkap")
        lines.append({
            "id": f"gen-{i:04d}", "lang": "id", "title": f"Laporan {i}",
            "published": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}", "source": f"Outlet {i % 7}",
            "text": text, "entities": [],
            "events": [{"id": "V1", "type": "COERCE", "mode": "arrest",
                        "trigger": [trigger, trigger + 9], "actor": "Indonesian National Police",
                        "actor_span": [0, 6], "location": None, "location_span": None,
                        "quantities": [{"span": None, "value": (i // 10) * 10 + 1,
                                        "qualifier": "exact", "unit": "arrested"}]}]})
    path.write_text("".join(json.dumps(d) + "\n" for d in lines), encoding="utf-8")


def _ingest_command(path: Path, url: str) -> list[str]:
    return [sys.executable, "-m", "pantau.cli", "ingest", str(path), "--as-records", "--db", url]


def _snapshot(url: str) -> dict[str, object]:
    with pantau_store.open(url) as db:
        counts = db.counts()
        with db.engine.connect() as conn:
            versions = conn.scalar(select(func.max(documents.c.version)))
        from pantau import query
        groups = sorted(tuple(e["documents"]) for e in query.events(db))
    return {"counts": counts, "max_version": versions, "groups": groups}


def test_a_killed_ingest_rerun_equals_a_clean_run(tmp_path: Path, db_url: str) -> None:
    corpus = tmp_path / "generated.jsonl"
    generated_corpus(corpus)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(_ingest_command(corpus, db_url), env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    engine = pantau_store.open(db_url, upgrade=False).engine
    stored = 0
    try:
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            try:
                with engine.connect() as conn:
                    stored = conn.scalar(select(func.count()).select_from(documents)) or 0
            except Exception:  # noqa: BLE001 - the schema may not exist yet
                stored = 0
            if stored >= 30:
                break
            time.sleep(0.01)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    finally:
        engine.dispose()
    if not 0 < stored < 300 or proc.returncode != -signal.SIGKILL:
        pytest.skip(f"could not kill the ingest mid-run (stored {stored}, rc {proc.returncode})")
    assert doc_count(db_url) < 300

    rerun = subprocess.run(_ingest_command(corpus, db_url), env=env, capture_output=True,
                           text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert "unchanged" in rerun.stderr
    after_kill = _snapshot(db_url)

    clean_url = f"sqlite:///{tmp_path / 'clean.db'}"
    subprocess.run(_ingest_command(corpus, clean_url), env=env, check=True, capture_output=True,
                   timeout=300)
    clean = _snapshot(clean_url)
    assert after_kill == clean
    assert clean["counts"]["documents"] == 300
    assert clean["counts"]["near_duplicates"] == 30
    assert clean["max_version"] == 1


def test_ingesting_the_same_records_twice_changes_nothing(tmp_path: Path, db_url: str) -> None:
    corpus = tmp_path / "generated.jsonl"
    generated_corpus(corpus, n=40)
    assert run_cli(str(corpus), "--db", db_url, "--as-records") == 0
    first = _snapshot(db_url)
    assert run_cli(str(corpus), "--db", db_url, "--as-records") == 0
    assert _snapshot(db_url) == first


# ------------------------------------------------------------ worker processes

def _stored(url: str) -> tuple[dict[str, int], list[dict[str, object]]]:
    with pantau_store.open(url) as db:
        return db.counts(), sorted((r.to_dict() for r in db.records()), key=lambda r: r["id"])


def test_two_workers_store_what_one_process_stores(
        tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "generated.jsonl"
    generated_corpus(corpus, n=60)  # analysed: their 'events' are not read without --as-records
    lines = corpus.read_text(encoding="utf-8").splitlines()
    first_half = tmp_path / "first.jsonl"
    first_half.write_text("\n".join(lines[:30]) + "\n", encoding="utf-8")
    # Ingested earlier, the first half passes by the workers as "unchanged"; a line
    # without text is an error in the middle of the stream.
    lines.insert(45, json.dumps({"id": "no-text", "published": "2025-01-01"}))
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")

    assert run_cli(str(first_half), "--db", db_url, "--workers", "2", "--no-consolidate") == 0
    assert "30 added" in capsys.readouterr().err
    assert run_cli(str(corpus), "--db", db_url, "--workers", "2", "--no-consolidate") == 0
    err = capsys.readouterr().err
    assert "30 added" in err and "30 unchanged" in err
    assert "1 errors" in err and "generated.jsonl:46: record has no 'text'" in err

    single = f"sqlite:///{tmp_path / 'single.db'}"
    assert run_cli(str(corpus), "--db", single, "--workers", "1", "--no-consolidate") == 0
    counts, records = _stored(db_url)
    assert (counts, records) == _stored(single)
    assert counts["documents"] == 60 and sum(len(r["events"]) for r in records) >= 57

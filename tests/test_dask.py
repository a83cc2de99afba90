"""Extraction on a real Dask cluster (several worker processes) gives byte for byte
the JSON records of the single-process path, through the bag and through Parquet."""

from __future__ import annotations

import json
import os

import pytest

db = pytest.importorskip("dask.bag")
distributed = pytest.importorskip("distributed")
pq = pytest.importorskip("pyarrow.parquet")

from pantau.cli import main  # noqa: E402
from pantau.dask import (  # noqa: E402
    extract_bag,
    parquet_schema,
    read_parquet_records,
    write_parquet,
)
from pantau.io.batch import extract_one  # noqa: E402
from pantau.record import dumps  # noqa: E402

TEXTS = [
    ("id", "Ribuan warga mengungsi setelah banjir merendam empat desa di Kalimantan Selatan "
           "pada Selasa, kata kepala BPBD setempat."),
    ("id", "Menteri Luar Negeri bertemu dengan duta besar Jepang di Jakarta untuk membahas "
           "kerja sama perdagangan."),
    ("id", "Polisi membubarkan unjuk rasa sekitar 500 pengemudi ojek daring di Surabaya."),
    ("en", "Rescuers pulled 12 people from the rubble after a landslide hit a village in "
           "West Java on Sunday, the disaster agency said."),
    ("en", "The government announced on Friday that it would send 50 tonnes of rice to the "
           "flood-hit province."),
]


def _docs(n: int) -> list[dict]:
    docs = []
    for i in range(n):
        lang, text = TEXTS[i % len(TEXTS)]
        docs.append({"id": f"d{i}", "lang": lang, "title": f"Judul {i}",
                     "published": f"2025-03-{1 + i % 28:02d}", "source": "Kantor Berita Contoh",
                     "url": f"https://example.org/{i}", "text": text,
                     "extra": {"provenance": "written for this test"}})
    return docs


def _line(record: dict) -> str:
    return dumps(record)  # as `pantau extract` writes a record


@pytest.fixture(scope="module")
def client():
    # distributed leaves settings for its workers in this process's environment
    # (MALLOC_TRIM_THRESHOLD_, PYTHONHASHSEED …), which every later child process
    # would inherit: put the environment back afterwards.
    environ = dict(os.environ)
    try:
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                      dashboard_address=None) as cluster:
            with distributed.Client(cluster) as c:
                yield c
    finally:
        os.environ.clear()
        os.environ.update(environ)


def test_bag_records_are_byte_identical_to_single_process(client):
    docs = _docs(14)
    expected = [_line(extract_one(d).to_dict()) for d in docs]
    records = extract_bag(db.from_sequence(docs, npartitions=4)).compute()
    assert [_line(r) for r in records] == expected
    # Both worker processes took part.
    assert len(client.scheduler_info()["workers"]) == 2


def test_parquet_round_trip_is_byte_identical_to_single_process(client, tmp_path):
    docs = _docs(14)
    docs[6]["text"] = None  # fails in analysis: an error row, the others go on
    expected = [_line(extract_one(d).to_dict()) for i, d in enumerate(docs) if i != 6]
    written = write_parquet(extract_bag(db.from_sequence(docs, npartitions=3)), tmp_path)
    assert [p.name for p in written.paths] == [f"part.0000{i}.parquet" for i in range(3)]
    assert [where for where, _ in written.failures] == ["d6"]
    back = list(read_parquet_records(tmp_path))
    assert [_line(r) for r in back if "error" not in r] == expected
    assert back[6]["id"] == "d6" and "NoneType" in back[6]["error"]
    table = pq.read_table(written.paths[0])
    assert table.schema.equals(parquet_schema())
    assert json.loads(table.column("extra")[0].as_py()) == {"provenance": "written for this test"}


def test_write_parquet_refuses_a_directory_with_earlier_parts(client, tmp_path):
    bag = extract_bag(db.from_sequence(_docs(2), npartitions=1))
    write_parquet(bag, tmp_path)
    with pytest.raises(FileExistsError):
        write_parquet(bag, tmp_path)


def test_cli_dask_path_matches_the_single_process_cli(client, tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    docs = [{k: v for k, v in d.items() if k != "extra"} for d in _docs(9)]
    source.write_text("".join(_line(d) + "\n" for d in docs), encoding="utf-8")
    single = tmp_path / "single.jsonl"
    assert main(["extract", str(source), "-o", str(single), "--workers", "1"]) == 0
    out = tmp_path / "parquet"
    assert main(["extract", str(source), "-o", str(out), "--dask",
                 client.scheduler.address]) == 0
    assert "9 documents written" in capsys.readouterr().err
    lines = [_line(r) for r in read_parquet_records(out)]
    assert lines == single.read_text(encoding="utf-8").splitlines()

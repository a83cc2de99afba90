"""Storing records: lossless round trip, idempotence, updates, duplicates, near-duplicates."""

from __future__ import annotations

from sqlalchemy import func, select
from store_helpers import make_event, make_record

from pantau.store import Store
from pantau.store.schema import events, mentions, minhash_bands, quantities

FLOOD = ("Banjir bandang melanda Kabupaten Sigi pada Minggu malam dan merendam ratusan rumah "
         "warga di tiga desa. Sedikitnya 12 orang tewas dan 40 orang luka-luka, kata petugas "
         "penanggulangan bencana setempat kepada wartawan pada Senin pagi.")
REWRITE = ("Banjir bandang menerjang Kabupaten Sigi pada Minggu malam dan merendam ratusan rumah "
           "warga di tiga desa. Sedikitnya 12 orang tewas dan 40 orang luka-luka, kata petugas "
           "penanggulangan bencana setempat. Tim SAR masih mencari dua warga yang hilang.")
OTHER = ("Bank sentral mempertahankan suku bunga acuan pada rapat bulanan karena inflasi inti "
         "melambat, sementara nilai tukar rupiah menguat tipis terhadap dolar Amerika pada "
         "perdagangan hari Kamis sore di pasar spot Jakarta.")


def flood(doc_id: str = "d1", text: str = FLOOD, url: str | None = None,
          killed: int = 12, published: str = "2025-06-02T09:00:00+08:00"):
    ev = make_event(text, 1, "DISASTER", "Banjir bandang",
                    location=("Sigi Regency", "Kabupaten Sigi"),
                    time=("Minggu malam", "2025-06-01", "2025-06-01"),
                    figures=[(killed, "at_least", "killed", "12 orang tewas"),
                             (40, "exact", "injured", "40 orang luka-luka")],
                    source=("local disaster officials", "petugas penanggulangan bencana"))
    return make_record(doc_id, text, published, "Warta Sulawesi", [ev], url=url,
                       names={"Kabupaten Sigi": ("GPE", "Sigi Regency", "Q3485618")})


def count(db: Store, table) -> int:
    with db.engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(table))


def test_record_round_trips_losslessly(store: Store) -> None:
    rec = flood()
    rec.extra = {"provenance": "written for this test", "notes": ["a note"]}
    rec.events[0].quantities[0].value = [12, 15]  # a range keeps both ends and int-ness
    rec.events[0].quantities[0].qualifier = "range"
    assert store.add_record(rec).status == "added"
    assert store.get_record("d1").to_dict() == rec.to_dict()


def test_same_record_twice_is_stored_once(store: Store) -> None:
    assert store.add_record(flood()).status == "added"
    again = store.add_record(flood())
    assert (again.status, again.version) == ("unchanged", 1)
    assert store.counts()["documents"] == 1
    assert store.counts()["events"] == 1


def test_updated_article_replaces_its_earlier_version(store: Store) -> None:
    store.add_record(flood(killed=12))
    result = store.add_record(flood(killed=15))
    assert (result.status, result.version) == ("replaced", 2)
    stored = store.get_record("d1")
    assert stored.events[0].quantities[0].value == 15
    # The old version's rows went with it: nothing orphaned, nothing doubled.
    assert count(store, events) == 1
    assert count(store, quantities) == 2
    assert count(store, mentions) == 1
    assert count(store, minhash_bands) > 0


def test_same_url_under_a_new_id_is_an_update(store: Store) -> None:
    store.add_record(flood("old-id", url="https://example.org/banjir-sigi"))
    result = store.add_record(flood("new-id", text=FLOOD + " Pembaruan.",
                                    url="https://example.org/banjir-sigi"))
    assert result.status == "replaced"
    assert store.document_ids() == ["new-id"]


def test_same_text_under_another_id_is_a_duplicate(store: Store) -> None:
    store.add_record(flood("a"))
    result = store.add_record(flood("b"))
    assert (result.status, result.document_id) == ("duplicate", "a")
    assert store.document_ids() == ["a"]


def test_light_rewrite_is_linked_as_near_duplicate_and_unrelated_text_is_not(
        store: Store) -> None:
    store.add_record(flood("a"))
    linked = store.add_record(flood("b", text=REWRITE))
    unrelated = store.add_record(make_record("c", OTHER, "2025-06-02", "Kabar Pasar"))
    assert linked.near_duplicates == ["a"]
    assert unrelated.near_duplicates == []
    assert store.counts()["near_duplicates"] == 1
    # Deleting a document removes its links.
    assert store.delete_document("a")
    assert store.counts()["near_duplicates"] == 0

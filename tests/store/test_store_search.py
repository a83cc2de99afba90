"""Full-text search on both backends: every word, any case, kept in sync with writes."""

from __future__ import annotations

from sqlalchemy import select
from store_helpers import make_record

from pantau.store import Store, search
from pantau.store.schema import documents

FLOOD = "Banjir merendam ratusan rumah warga di Kabupaten Garut setelah hujan deras."
FIRE = "Kebakaran menghanguskan pasar tradisional di Makassar pada Selasa dini hari."
STORM = "A storm flooded homes in Garut and cut power to two villages overnight."


def found(store: Store, q: str) -> set[str]:
    with store.engine.connect() as conn:
        return set(conn.scalars(select(documents.c.id).where(
            search.matching_documents(q, store.dialect))))


def stored(store: Store) -> Store:
    for doc_id, text, lang in (("flood", FLOOD, "id"), ("fire", FIRE, "id"),
                               ("storm", STORM, "en")):
        store.add_record(make_record(doc_id, text, "2025-05-01", "Warta", lang=lang))
    return store


def test_every_word_must_match_in_any_case_and_order(store: Store) -> None:
    stored(store)
    assert found(store, "garut") == {"flood", "storm"}
    assert found(store, "GARUT banjir") == {"flood"}
    assert found(store, "rumah garut hujan") == {"flood"}
    assert found(store, "garut makassar") == set()
    # Whole words, not substrings: "rum" is not "rumah".
    assert found(store, "rum") == set()


def test_titles_are_searched_too(store: Store) -> None:
    store.add_record(make_record("titled", "Isi berita singkat tentang cuaca.", "2025-05-02",
                                 "Kabar"))  # the title is the text's first sentence
    assert found(store, "cuaca") == {"titled"}


def test_operators_and_punctuation_are_plain_text(store: Store) -> None:
    stored(store)
    for q in ('"garut', "garut AND", "garut*", "garut OR fire", "(garut)", "NEAR(garut)",
              "garut -banjir", "%", ""):
        found(store, q)  # never a syntax error
    assert found(store, "(garut) banjir!") == {"flood"}
    assert found(store, "%") == set()


def test_index_follows_replacements_and_deletions(store: Store) -> None:
    stored(store)
    store.add_record(make_record("flood", FIRE.replace("Makassar", "Bandung"), "2025-05-01",
                                 "Warta"))  # a revised version replaces the text
    assert found(store, "banjir") == set()
    assert found(store, "bandung") == {"flood"}
    store.delete_document("fire")
    assert found(store, "makassar") == set()

"""The store: schema versioning, idempotent inserts, full-text search, clear errors. What is not about the SQLite
file itself runs on both backends (``location``: an SQLite file, then a fresh PostgreSQL database)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from newsdesk.errors import DeskError
from newsdesk.model import Article, RemovedLine
from newsdesk.store import SCHEMA_VERSION, Store


def make_article(article_id: str = "a1", **fields) -> Article:
    values = {
        "source": "x.txt",
        "text": "Die Stadtwerke erhöhen die Preise für Fernwärme zum ersten Januar.",
        "title": "Fernwärme wird teurer",
        "text_hash": "h-" + article_id,
        "removed": [RemovedLine(1, "Von: Anna Beispiel", "byline")],
        "authors": ["Anna Beispiel"],
    }
    values.update(fields)
    return Article(id=article_id, **values)


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a new desk goes: an SQLite file, or an empty PostgreSQL database (see ``postgres_desk_url``)."""
    if request.param == "sqlite":
        return str(tmp_path / "d.db")
    return request.getfixturevalue("postgres_desk_url")


def test_store_new_desk_has_current_schema(location: str) -> None:
    store = Store(location)
    assert store.schema_version == SCHEMA_VERSION
    store.close()
    assert Store(location, read_only=True).schema_version == SCHEMA_VERSION


def test_store_new_desk_has_current_schema_and_wal(tmp_path: Path) -> None:
    store = Store(tmp_path / "d.db")
    assert store.schema_version == SCHEMA_VERSION
    with sqlite3.connect(tmp_path / "d.db") as reader:  # WAL is a property of the file, seen by any connection
        assert reader.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_store_roundtrips_an_article(location: str) -> None:
    store = Store(location)
    original = make_article(published="2024-03-12", language="de", notes=["decoded as cp1252"])
    with store.transaction():
        assert store.insert_article(original) is True
        assert store.insert_article(original) is False  # same id: a no-op
    loaded = store.get_article("a1")
    assert loaded is not None
    loaded.added_at = original.added_at = None
    assert loaded == original


def test_store_add_article_answers_what_placing_needs_in_one_call(location: str) -> None:
    """``add_article`` stores the article, its analysis and signature, and answers its rowid, the original it copies
    verbatim (an earlier article with its text hash, or what that one copies) and the articles sharing a bucket
    (not itself); an id stored already writes nothing; a failing article leaves the rest of the transaction."""
    store = Store(location)
    with store.transaction():
        first = store.add_article(make_article("o1", text_hash="same"), analysis=(1, {"k": "v"}),
                                  signature=b"sig-o1", buckets=[7, 8])
        assert first is not None and first.copy_of is None and first.copy_candidates == []
        copy = store.add_article(make_article("c1", text_hash="same"), signature=b"sig-c1", buckets=[7])
        assert copy is not None and copy.copy_of == "o1" and copy.copy_candidates is None  # not looked for
        store.set_duplicate_of("c1", "o1")
        other = store.add_article(make_article("n1"), signature=b"sig-n1", buckets=[8, 9])
        assert other is not None and other.copy_of is None
        assert other.copy_candidates == [("o1", b"sig-o1", None)]
        assert first.rowid < copy.rowid < other.rowid == store.last_article_rowid()
        assert store.add_article(make_article("o1", text_hash="changed")) is None
        with pytest.raises(DeskError):
            store.add_article(make_article("bad", text="ein \x00 Zeichen") if location.startswith("postgresql")
                              else make_article("bad", title=object()))
    assert store.analysis("o1") == {"k": "v"}
    assert store.has_signature("n1") and not store.has_article("bad")
    assert store.existing_ids(["o1", "n1", "gone"]) == {"o1", "n1"}


def test_store_id_prefix_lookup_and_ambiguity(location: str) -> None:
    store = Store(location)
    with store.transaction():
        store.insert_article(make_article("abc111"))
        store.insert_article(make_article("abc222"))
    assert store.get_article("abc1").id == "abc111"
    assert store.get_article("ABC2").id == "abc222"  # a prefix ignores case on both backends
    assert store.get_article("zzz") is None
    with pytest.raises(DeskError, match="ambiguous"):
        store.get_article("abc")


def test_store_search_ranks_title_hits_and_explains_bad_queries(location: str) -> None:
    store = Store(location)
    with store.transaction():
        store.insert_article(make_article("t1", title="Streik bei der Bahn", text="Die Züge stehen still.",
                                          language="de"))
        store.insert_article(make_article("t2", title="Wetter", text="Wegen eines Streiks fällt der Bus aus. Streik!",
                                          language="de"))
    hits = store.search("streik")
    assert [hit.id for hit in hits][0] == "t1"
    # diacritics folded: "zuge" finds "Züge" (SQLite folds them in any text, PostgreSQL's German stemmer in German)
    assert store.search("zuge")[0].id == "t1"
    with pytest.raises(DeskError, match="cannot search"):
        store.search('"unclosed')


def test_store_transaction_rolls_back_on_error(location: str) -> None:
    store = Store(location)
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.insert_article(make_article("r1"))
            raise RuntimeError("killed mid-batch")
    assert store.count_articles() == 0


def test_store_refuses_a_newer_schema(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(DeskError, match="newer than this newsdesk"):
        Store(path)


def test_store_rejects_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("this is not sqlite " * 100)
    with pytest.raises(DeskError, match="not a newsdesk"):
        Store(path)


def test_store_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DeskError, match="does not exist"):
        Store(tmp_path / "nope" / "d.db")


def test_store_locked_database_is_a_clear_error(tmp_path: Path, monkeypatch) -> None:
    import newsdesk.store as store_module

    monkeypatch.setattr(store_module, "WRITE_WAIT_SECONDS", 0.2)
    path = tmp_path / "d.db"
    store = Store(path)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DeskError, match="another newsdesk process"):
            with store.transaction():
                store.insert_article(make_article())
    finally:
        other.rollback()
        other.close()
    assert store.count_articles() == 0


def test_store_writer_waits_for_another_and_then_gives_up(location: str, monkeypatch) -> None:
    import newsdesk.store as store_module

    monkeypatch.setattr(store_module, "WRITE_WAIT_SECONDS", 0.2)
    store, other = Store(location), Store(location)
    holding = other.transaction()
    holding.__enter__()  # another process in the middle of a batch
    try:
        with pytest.raises(DeskError, match="another newsdesk process"):
            with store.transaction():
                store.insert_article(make_article())
    finally:
        holding.__exit__(None, None, None)
    with store.transaction():  # once the other has committed, the write goes through
        store.insert_article(make_article())
    assert other.count_articles() == 1
    store.close()
    other.close()


def test_store_read_only_refuses_writes(location: str) -> None:
    Store(location).close()
    reader = Store(location, read_only=True)
    with pytest.raises(DeskError, match="read-only"):
        with reader.transaction():
            reader.insert_article(make_article())
    assert reader.count_articles() == 0
    reader.close()


def test_store_snapshot_does_not_see_later_writes(location: str) -> None:
    writer, reader = Store(location), Store(location, read_only=True)
    with writer.transaction():
        writer.insert_article(make_article("s1"))
    with reader.snapshot():
        assert reader.count_articles() == 1
        with writer.transaction():
            writer.insert_article(make_article("s2"))
        assert [article.id for article in reader.iter_articles()] == ["s1"]
    assert reader.count_articles() == 2
    writer.close()
    reader.close()

"""The PostgreSQL desk: recognised and refused like an SQLite file, migrated, read-only, searched in German, its
password never shown, and the same desk as SQLite's for the same input (``tests/test_store.py`` runs the store's
own tests on both)."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

psycopg = pytest.importorskip("psycopg")

from newsdesk import Desk  # noqa: E402
from newsdesk.demo import corpus_path  # noqa: E402
from newsdesk.errors import DeskError  # noqa: E402
from newsdesk.model import Article  # noqa: E402
from newsdesk.store import SCHEMA_VERSION, Store, StoreFailure  # noqa: E402
from newsdesk.store.schema import MIGRATIONS, POSTGRES_MIGRATIONS  # noqa: E402


def article(article_id: str, **fields) -> Article:
    values = {"source": "x.txt", "text": "Ein Text über nichts Besonderes.", "text_hash": "h-" + article_id,
              "language": "de"}
    values.update(fields)
    return Article(id=article_id, **values)


def sql(url: str, statement: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(statement)


def with_password(url: str, password: str) -> str:
    parts = urlsplit(url)
    return parts._replace(netloc=f"{parts.username}:{password}@{parts.hostname}:{parts.port}").geturl()


def test_both_backends_agree_on_the_schema_version() -> None:
    versions = [version for version, _ in POSTGRES_MIGRATIONS]
    assert versions == sorted(set(versions)) and versions[-1] == SCHEMA_VERSION == len(MIGRATIONS)


def test_an_empty_database_becomes_a_desk_only_when_writing(postgres_desk_url: str) -> None:
    with pytest.raises(DeskError, match="no desk at"):
        Store(postgres_desk_url, read_only=True)
    with pytest.raises(DeskError, match="no desk at"):
        Store(postgres_desk_url, create=False)
    Store(postgres_desk_url).close()
    assert Store(postgres_desk_url, read_only=True).schema_version == SCHEMA_VERSION


def test_another_programs_database_is_refused_untouched(postgres_desk_url: str) -> None:
    sql(postgres_desk_url, "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total NUMERIC)")
    with pytest.raises(DeskError, match="a PostgreSQL database of another program"):
        Store(postgres_desk_url)
    with psycopg.connect(postgres_desk_url) as conn:
        tables = {name for (name,) in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")}
    assert tables == {"invoices"}


def test_a_newer_schema_is_refused(postgres_desk_url: str) -> None:
    Store(postgres_desk_url).close()
    sql(postgres_desk_url, f"UPDATE newsdesk_schema SET version = {SCHEMA_VERSION + 1}")
    with pytest.raises(DeskError, match="newer than this newsdesk"):
        Store(postgres_desk_url)


def test_an_older_schema_is_migrated_keeping_the_articles(postgres_desk_url: str, monkeypatch) -> None:
    import newsdesk.store as store_module
    import newsdesk.store.postgres as postgres_module

    store = Store(postgres_desk_url)
    with store.transaction():
        store.insert_article(article("kept"))
    store.close()
    upgrade = (SCHEMA_VERSION + 1, "CREATE TABLE later_feature (id TEXT PRIMARY KEY);")
    monkeypatch.setattr(postgres_module, "POSTGRES_MIGRATIONS", (*POSTGRES_MIGRATIONS, upgrade))
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    reader = Store(postgres_desk_url, read_only=True)  # a reader upgrades it first, once
    assert reader.schema_version == SCHEMA_VERSION + 1
    assert reader.get_article("kept") is not None
    with psycopg.connect(postgres_desk_url) as conn:
        assert conn.execute("SELECT to_regclass('later_feature')").fetchone()[0] is not None


def test_a_read_only_desk_refuses_writes(postgres_desk_url: str, tmp_path: Path) -> None:
    Desk(postgres_desk_url).close()
    text = tmp_path / "a.txt"
    text.write_text("Titel\n\nDie Stadt baut neue Häuser am Fluss.", encoding="utf-8")
    with Desk(postgres_desk_url, read_only=True) as reader:
        with pytest.raises(DeskError, match="read-only"):
            reader.add([str(text)], analyze=False)
        assert reader.store.count_articles() == 0


def test_german_articles_are_found_by_their_stems(postgres_desk_url: str) -> None:
    store = Store(postgres_desk_url)
    with store.transaction():
        store.insert_article(article("h1", title="Neubaugebiet", text="Am Stadtrand entstehen vierzig neue Häuser."))
        store.insert_article(article("w1", title="Wetter", text="Morgen regnet es im ganzen Land."))
        store.insert_article(article("e1", title="Housing", text="The city plans new houses.", language="en"))
    hits = store.search("Haus")
    assert [hit.id for hit in hits] == ["h1"]
    assert "[Häuser]" in hits[0].snippet
    assert [hit.id for hit in store.search("house")] == ["e1"]
    assert {hit.id for hit in store.search('"neue Häuser" OR Landes')} == {"h1", "w1"}
    assert store.search("Stadt* NOT Häuser") == []
    with pytest.raises(DeskError, match="cannot search for .*double quote"):
        store.search('"Häuser')


def test_a_value_postgresql_cannot_store_costs_the_article_not_the_desk(postgres_desk_url: str) -> None:
    store = Store(postgres_desk_url)
    with store.transaction():
        with pytest.raises(StoreFailure) as caught:
            with store.savepoint():
                store.insert_article(article("nul", text="ein \x00 Zeichen"))
        store.insert_article(article("fine"))
    assert caught.value.about_the_record
    assert store.count_articles() == 1


def test_placeholders_are_translated_outside_quotes_and_percent_signs_everywhere() -> None:
    from newsdesk.store.postgres import translate

    assert translate("SELECT a FROM t WHERE b = ? AND c LIKE '%?%' AND \"?\" = ?") == (
        "SELECT a FROM t WHERE b = %s AND c LIKE '%%?%%' AND \"?\" = %s")
    assert translate("SELECT 'it''s ?', ?") == "SELECT 'it''s ?', %s"


def test_the_password_of_a_url_is_never_shown(postgres_desk_url: str) -> None:
    missing = with_password(postgres_desk_url, "top-secret-pw") + "_missing"
    with pytest.raises(DeskError) as caught:
        Store(missing)
    assert "top-secret-pw" not in str(caught.value) and "***" in str(caught.value)
    sql(postgres_desk_url, "CREATE TABLE invoices (id INTEGER)")
    with pytest.raises(DeskError) as caught:
        Store(with_password(postgres_desk_url, "top-secret-pw"))
    assert "top-secret-pw" not in str(caught.value) and "***" in str(caught.value)


def _export(desk: Desk, path: Path) -> dict[str, object]:
    desk.export(path, format="json")
    exported = json.loads(path.read_text(encoding="utf-8"))
    exported.pop("generated_at")
    for record in exported["articles"]:
        record.pop("added_at", None)
    return exported


def _correct(desk: Desk) -> None:
    """The same user decisions on either desk (whose events are the same): split, merge, move and rename."""
    events = desk.events()
    big = next(event for event in events if event.articles >= 3)
    members = [member.id for member in desk.event(big.id).members if member.copy_of is None]
    split = desk.split(big.id, members[-1:])
    others = [event for event in events if event.id != big.id]
    desk.merge(others[0].id, [others[1].id])
    desk.move(members[0], split.id)
    desk.rename(desk.stories()[0].id, "Eine eigene Überschrift")


def test_the_demo_corpus_makes_the_same_desk_on_both_backends(postgres_desk_url: str, tmp_path: Path) -> None:
    exports = []
    for location in (str(tmp_path / "demo.db"), postgres_desk_url):
        with Desk(location) as desk:
            report = desk.add([str(corpus_path())], outlet_from_folder=True, analyze=False)
            assert report.failed == 0
            _correct(desk)
            exports.append(_export(desk, tmp_path / "export.json"))
    sqlite_export, postgres_export = exports
    assert sqlite_export.keys() == postgres_export.keys() >= {"articles", "events", "stories"}
    assert len(sqlite_export["events"]) > 1 and len(sqlite_export["stories"]) > 1
    for part in sqlite_export:
        assert sqlite_export[part] == postgres_export[part], part

"""Storage: the only package that speaks SQL. A desk is an SQLite file (``store.file``) or a PostgreSQL database
(``store.postgres``, for ``--db postgresql://…``: one desk shared by several machines); ``store.schema`` builds both.

``Store``'s queries are written once, in the SQL both databases accept (``?`` placeholders, ``INSERT … ON
CONFLICT``, ``RETURNING``, timestamps from Python); each backend's ``Connection`` says in its own words the few
things that differ: recognising a desk, its schema version, the write lock, snapshots, lists of ids, full-text
search, and what its failures mean.

A desk is data, and may come from anyone: it is recognised (an SQLite ``application_id`` or a desk's tables; a
PostgreSQL ``newsdesk_schema`` table) before anything is written, so another program's database is refused
untouched. The schema is versioned and upgraded by the ordered migrations in one transaction, so an old desk opens
in a new release and a desk from a newer release is refused instead of being damaged.

Readers (search, export, the web view) run while an ingest writes; a reader opened read-only never writes, and
``snapshot`` gives it one consistent view. Writes are committed in batches by the caller so that a killed process
leaves every batch either fully stored or absent; a writer that finds another one at work waits its turn
(``WRITE_WAIT_SECONDS``), saying so once. Every database failure becomes a ``StoreFailure`` (a ``DeskError``) that
says what it means for the desk (damaged, read-only, busy, unreachable).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsdesk.errors import DeskError
from newsdesk.store.failures import StoreFailure
from newsdesk.store.file import SQLiteFailure
from newsdesk.store.location import is_database_url, open_connection, shown_location
from newsdesk.store.rows import (ARTICLE_COLUMN_NAMES, ARTICLE_COLUMNS, DUPLICATE_OF, JOINED_ARTICLE_COLUMNS,
                                 article_from_row, article_row, escape_like, join_terms, now, split_terms)
from newsdesk.store.schema import SCHEMA_VERSION
from newsdesk.model import Article, ClusteringRows, EventSummary, Member, StorySummary

LOGGER = logging.getLogger(__name__)


#: How long a write waits for another process that is writing to the desk (an ``add`` holds the desk for one
#: batch at a time), after saying once that it waits.
WRITE_WAIT_SECONDS = 600.0
#: How long a write waits without a word: a writer between two batches lets go within milliseconds.
QUIET_WAIT_SECONDS = 0.5

LEAD_CHARS = 1000
"""Characters of an article's text that ``member_leads`` reads: a lead sentence fits in far fewer."""

#: Counts shared by event and story listings over ``memberships m JOIN articles a``: independent reports, copies,
#: outlets with an independent report, and the publication date span.
_COUNTS = (
    "count(*) - count(a.duplicate_of), count(a.duplicate_of), "
    "count(DISTINCT CASE WHEN a.duplicate_of IS NULL THEN a.outlet END), "
    "min(substr(a.published, 1, 10)), max(substr(a.published, 1, 10))"
)

#: Stores an article unless its id is stored; built once, as every add sends it.
_INSERT_ARTICLE = (f"INSERT INTO articles ({ARTICLE_COLUMNS}) VALUES ({', '.join('?' * len(ARTICLE_COLUMN_NAMES))}) "
                   "ON CONFLICT (id) DO NOTHING")
#: ``_INSERT_ARTICLE`` that fills ``duplicate_of`` with the original of the article's text hash (its parameter is
#: the text hash) and answers the new rowid and that original.
_ADD_ARTICLE = (
    f"INSERT INTO articles ({ARTICLE_COLUMNS}) VALUES ("
    + ", ".join("(SELECT coalesce(duplicate_of, id) FROM articles WHERE text_hash = ? ORDER BY rowid LIMIT 1)"
                if number == DUPLICATE_OF else "?" for number in range(len(ARTICLE_COLUMN_NAMES)))
    + ") ON CONFLICT (id) DO NOTHING RETURNING rowid, duplicate_of"
)


__all__ = ["SCHEMA_VERSION", "SQLiteFailure", "SearchHit", "Store", "StoreFailure", "StoredArticle",
           "is_database_url", "shown_location"]


@dataclass(slots=True, frozen=True)
class StoredArticle:
    """What placing an article needs from the store, answered by ``Store.add_article`` as it stores it: its rowid,
    the original it copies verbatim (the earliest stored article with its text hash, or the one that copies), and
    the stored articles sharing one of its LSH buckets (``copy_candidates``; ``None`` when they were not looked
    for: a verbatim copy, or no signature)."""

    rowid: int
    copy_of: str | None
    copy_candidates: list[tuple[str, bytes, str | None]] | None


@dataclass(slots=True, frozen=True)
class SearchHit:
    """One full-text search result: the article's id, title, outlet, date, a highlighted snippet and its rank
    (lower is better: SQLite's bm25, or PostgreSQL's ``ts_rank`` negated)."""

    id: str
    title: str | None
    outlet: str | None
    published: str | None
    snippet: str
    rank: float


class Store:
    """A desk's database. Opening it applies pending migrations; every method is one short SQL conversation.

    path (Path | str): The SQLite file (``":memory:"`` gives a throw-away desk), or a PostgreSQL URL
        (``postgresql://user:password@host:5432/database``; needs ``pip install 'newsdesk[postgresql]'``).
    create (bool): Make a new desk when the file is missing (or empty), or the database empty; otherwise that is a
        ``DeskError``.
    read_only (bool): Open for reading only (never ``create``): nothing is written, and a desk in a folder or file
        this process cannot write is readable too. Only a desk whose schema is older than this release is written
        to, once: it is upgraded first (reading needs the current schema).

    ``name`` is the desk as messages show it: the path, or the URL without its password.
    """

    def __init__(self, path: Path | str, *, create: bool = True, read_only: bool = False) -> None:
        self.path = str(path)
        self.read_only = read_only
        self._conn = open_connection(self.path, create=create, read_only=read_only)
        self.name = self._conn.name
        self._migrate()
        if not read_only:
            self._conn.prepare_for_writing(self.transaction)

    def close(self) -> None:
        self._conn.close()

    # -- schema ---------------------------------------------------------------------------------------------------

    def _migrate(self) -> None:
        version = self.schema_version
        if version > SCHEMA_VERSION:
            raise DeskError(
                f"{self.name}: the desk has schema version {version}, newer than this newsdesk understands "
                f"({SCHEMA_VERSION}); upgrade newsdesk to open it"
            )
        if version == SCHEMA_VERSION:
            return
        if self.read_only:
            self._conn.close()
            try:
                Store(self.path).close()
            except DeskError as error:
                raise DeskError(f"{self.name}: the desk has schema version {version} and must be upgraded to "
                                f"{SCHEMA_VERSION} before this newsdesk can read it, which needs write access "
                                f"({error})") from error
            self._conn = open_connection(self.path, create=False, read_only=True)
            return
        with self.transaction(f"upgrade the schema to version {SCHEMA_VERSION}"):
            version = self.schema_version  # another process may have upgraded it while this one waited
            for number, script in self._conn.migrations():
                if number > version:
                    self._conn.run_script(script)
                    self._conn.set_schema_version(number)
                    LOGGER.info("%s: schema upgraded to version %d", self.name, number)

    @property
    def schema_version(self) -> int:
        return self._conn.schema_version()

    # -- transactions ---------------------------------------------------------------------------------------------

    @contextmanager
    def transaction(self, what: str = "store articles") -> Iterator[None]:
        """One atomic batch of writes: all of it is stored, or (on any error or a kill) none of it. ``what`` names
        the batch in the error a failed write raises ("cannot merge events …")."""
        if self.read_only:
            raise DeskError(f"{self.name}: cannot {what}: the desk is open read-only (read commands open it so; "
                            "a file or folder that is not writable can only be read)")
        try:
            self._begin_write(what)
            try:
                yield
            except BaseException:
                with suppress(StoreFailure):  # a damaged file may fail the rollback too; the database undoes it
                    self._conn.rollback()
                raise
            self._conn.execute("COMMIT")
        except StoreFailure as failure:
            raise DeskError(f"{self.name}: cannot {what}: {failure.reason}") from failure

    def _begin_write(self, what: str) -> None:
        """Take the desk's write lock. Another process holding it (an ``add`` between two of its batches, or
        in one) is waited for, up to ``WRITE_WAIT_SECONDS``, with one message when the wait begins."""
        for timeout in (QUIET_WAIT_SECONDS, WRITE_WAIT_SECONDS):
            if self._conn.try_begin_write(timeout):
                return
            if timeout == QUIET_WAIT_SECONDS:
                LOGGER.warning("waiting for another newsdesk process to finish writing to %s …", self.name)
        raise DeskError(f"{self.name}: cannot {what}: another newsdesk process has been writing to the desk for "
                        f"{WRITE_WAIT_SECONDS:g} s; try again when it has finished")

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads inside see the desk as it was at their first read, whatever other processes commit meanwhile
        (SQLite's WAL, PostgreSQL's repeatable read): an export, or an event with its members, is one consistent
        picture. Inside a transaction, that transaction is the snapshot already."""
        if self._conn.in_transaction:
            yield
            return
        self._conn.begin_snapshot()
        try:
            yield
        finally:
            with suppress(StoreFailure):  # nothing was written; ending the read is all that is left
                self._conn.rollback()

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """Inside a transaction: if the block raises, its writes are undone and the rest of the transaction stays
        (one article that cannot be stored does not cost the batch it is in)."""
        self._conn.execute("SAVEPOINT one_part")
        try:
            yield
        except BaseException:
            self._conn.execute("ROLLBACK TO one_part")
            raise
        finally:
            self._conn.execute("RELEASE one_part")

    # -- writes ---------------------------------------------------------------------------------------------------

    def insert_article(self, article: Article) -> bool:
        """Store an article unless one with its id exists. RETURNS (bool): whether it was new."""
        return self._conn.execute(_INSERT_ARTICLE, article_row(article)).rowcount == 1

    def add_article(self, article: Article, *, analysis: tuple[int, dict[str, Any]] | None = None,
                    signature: bytes | None = None, buckets: Sequence[int] = ()) -> StoredArticle | None:
        """Store a new article with its analysis (version, record) and its copy signature (``None``: too short to
        have one) and buckets, in a savepoint: if anything fails, only this article's writes are undone. One call
        answers what placing it needs (``StoredArticle``), so that adding an article costs few round trips: the
        original it copies verbatim is found by the statement that inserts it, and its copy candidates are read
        before its own signature is stored. RETURNS: ``None`` (nothing written) when its id is stored already."""
        row = list(article_row(article))
        row[DUPLICATE_OF] = article.text_hash
        with self.savepoint():
            # every row read: SQLite finishes the statement only then
            inserted = self._conn.execute(_ADD_ARTICLE, row).fetchall()
            if not inserted:
                return None
            [(rowid, copy_of)] = inserted
            if analysis is not None:
                self.save_analysis(article.id, *analysis)
            candidates = self.copy_candidates(list(buckets)) if copy_of is None and signature is not None else None
            self._store_signature(rowid, signature or b"", buckets)
        return StoredArticle(rowid, copy_of, candidates)

    def start_run(self, inputs: Iterable[str]) -> int:
        with self.transaction("record the ingest run"):
            [(run_id,)] = self._conn.execute("INSERT INTO ingest_runs (inputs, started_at) VALUES (?, ?) RETURNING id",
                                             (json.dumps(list(inputs)), now())).fetchall()
        return int(run_id)

    def record_problem(self, run_id: int, origin: str, reason: str) -> None:
        """Remember input that failed (inside the caller's batch transaction)."""
        self._conn.execute(
            "INSERT INTO ingest_problems (run_id, origin, reason) VALUES (?, ?, ?)", (run_id, origin, reason)
        )

    def finish_run(self, run_id: int, *, added: int, unchanged: int, failed: int) -> None:
        with self.transaction("record the ingest run"):
            self._conn.execute(
                "UPDATE ingest_runs SET finished_at = ?, added = ?, unchanged = ?, failed = ? WHERE id = ?",
                (now(), added, unchanged, failed, run_id),
            )

    # -- reads ----------------------------------------------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        return self._conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def existing_ids(self, article_ids: list[str]) -> set[str]:
        """Those of these article ids that are stored (``has_article`` of many, in one query)."""
        wanted, ids = self._conn.member_of("id", article_ids)
        return {id_ for (id_,) in self._conn.execute(f"SELECT id FROM articles WHERE {wanted}", (ids,)).fetchall()}

    def get_article(self, article_id: str) -> Article | None:
        """The article with this id, or with an id starting with it when that prefix is unambiguous. The exact id
        is looked up first, through the index: a prefix search reads every id."""
        row = self._conn.execute(f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is not None:
            return article_from_row(row)
        rows = self._conn.execute(  # lower(): SQLite's LIKE ignores ASCII case, PostgreSQL's does not
            f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE lower(id) LIKE lower(?) ESCAPE '\\' LIMIT 2",
            (escape_like(article_id) + "%",),
        ).fetchall()
        if len(rows) == 1:
            return article_from_row(rows[0])
        if rows:
            raise DeskError(f"article id prefix {article_id!r} is ambiguous; give more characters")
        return None

    def iter_articles(self) -> Iterator[Article]:
        """All articles in the order they were added, streamed (constant memory)."""
        cursor = self._conn.stream(f"SELECT {ARTICLE_COLUMNS} FROM articles ORDER BY rowid")
        for row in cursor:
            yield article_from_row(row)

    def count_articles(self) -> int:
        return self._conn.execute("SELECT count(*) FROM articles").fetchone()[0]

    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        """Full-text search (FTS5 query syntax: words, "phrases", OR, AND, NOT, prefix*), best rank first (lower is
        better, like bm25); title matches weigh three times the text."""
        try:
            rows = self._conn.search(query, limit)
        except StoreFailure as failure:
            raise DeskError(f"cannot search for {query!r}: {failure.reason}") from failure
        return [SearchHit(*row) for row in rows]

    def summary(self) -> dict[str, object]:
        """Counts a user wants at a glance: articles, copies, languages, outlets, dated articles, removed lines,
        events and stories."""
        conn = self._conn
        articles, copies, dated = conn.execute(
            "SELECT count(*), count(duplicate_of), count(published) FROM articles"
        ).fetchone()
        languages = dict(
            conn.execute(
                "SELECT coalesce(language, '?'), count(*) FROM articles GROUP BY 1 ORDER BY 2 DESC, 1"
            ).fetchall()
        )
        outlets = conn.execute("SELECT count(DISTINCT outlet) FROM articles").fetchone()[0]
        events, stories = conn.execute(
            "SELECT count(DISTINCT m.event_id), count(DISTINCT e.story_id) FROM memberships m JOIN events e ON e.id = "
            "m.event_id"
        ).fetchone()
        removed = conn.execute(
            f"SELECT coalesce(sum({conn.json_array_length('removed')}), 0) FROM articles").fetchone()[0]
        return {
            "articles": articles,
            "copies": copies,
            "dated": dated,
            "languages": languages,
            "outlets": outlets,
            "removed_lines": removed,
            "events": events,
            "stories": stories,
        }

    # -- desk settings ----------------------------------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        row = self._conn.execute("SELECT value FROM desk_meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self._conn.execute("INSERT INTO desk_meta (key, value) VALUES (?, ?) "
                           "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value))

    # -- copies (MinHash LSH; see newsdesk.dedup) ------------------------------------------------------------------

    def add_signature(self, article_id: str, signature: bytes, buckets: Iterable[int]) -> None:
        """Store an article's MinHash signature (``b""`` for texts too short to have one) and its LSH buckets."""
        (rowid,) = self._conn.execute("SELECT rowid FROM articles WHERE id = ?", (article_id,)).fetchone()
        self._store_signature(rowid, signature, buckets)

    def _store_signature(self, rowid: int, signature: bytes, buckets: Iterable[int]) -> None:
        self._conn.execute(
            "INSERT INTO copy_signatures (article_rowid, signature) VALUES (?, ?) "
            "ON CONFLICT (article_rowid) DO UPDATE SET signature = excluded.signature", (rowid, signature)
        )
        self._conn.executemany(
            "INSERT INTO copy_buckets (bucket, article_rowid) VALUES (?, ?) ON CONFLICT DO NOTHING",
            [(bucket, rowid) for bucket in buckets],
        )

    def copy_candidates(self, buckets: list[int]) -> list[tuple[str, bytes, str | None]]:
        """Stored articles sharing an LSH bucket: (id, signature, duplicate_of), earliest first."""
        if not buckets:
            return []
        rows = self._conn.execute(
            "SELECT a.id, s.signature, a.duplicate_of FROM copy_signatures s JOIN articles a ON a.rowid = "
            "s.article_rowid WHERE s.article_rowid IN (SELECT article_rowid FROM copy_buckets WHERE bucket IN "
            f"({', '.join('?' * len(buckets))})) ORDER BY a.rowid",
            buckets,
        ).fetchall()
        return [(id_, signature, duplicate_of) for id_, signature, duplicate_of in rows]

    def clear_signatures(self) -> None:
        self._conn.execute("DELETE FROM copy_buckets")
        self._conn.execute("DELETE FROM copy_signatures")

    def has_signature(self, article_id: str) -> bool:
        return self._conn.execute(
            "SELECT 1 FROM copy_signatures s JOIN articles a ON a.rowid = s.article_rowid WHERE a.id = ?",
            (article_id,),
        ).fetchone() is not None

    def set_duplicate_of(self, article_id: str, original: str | None) -> None:
        self._conn.execute("UPDATE articles SET duplicate_of = ? WHERE id = ?", (original, article_id))

    # -- events and stories ----------------------------------------------------------------------------------------

    def articles_after(self, rowid: int, *, limit: int) -> list[tuple[int, Article]]:
        """(rowid, article) for the next ``limit`` articles added after ``rowid``, in the order added."""
        rows = self._conn.execute(
            f"SELECT rowid, {ARTICLE_COLUMNS} FROM articles WHERE rowid > ? ORDER BY rowid LIMIT ?", (rowid, limit)
        ).fetchall()
        return [(row[0], article_from_row(row[1:])) for row in rows]

    def last_article_rowid(self) -> int:
        return self._conn.execute("SELECT coalesce(max(rowid), 0) FROM articles").fetchone()[0]

    def count_unplaced(self) -> int:
        """Articles without an event (on a desk made before events existed, or after an interrupted add)."""
        return self._conn.execute(
            "SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM memberships m WHERE m.article_id = a.id)"
        ).fetchone()[0]

    def clear_events(self) -> None:
        """Forget every event, story and membership (before a replay rebuilds them; decisions are kept)."""
        for table in ("memberships", "events", "stories"):
            self._conn.execute(f"DELETE FROM {table}")

    def insert_event(self, event_id: str, story_id: str, *, title: str | None, origin: str) -> None:
        """An event (unless it exists), and its story, untitled, unless that exists."""
        self._conn.execute("INSERT INTO stories (id, title) VALUES (?, NULL) ON CONFLICT (id) DO NOTHING", (story_id,))
        self._conn.execute(
            "INSERT INTO events (id, story_id, title, origin) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
            (event_id, story_id, title, origin),
        )

    def set_event_titles(self, titles: Iterable[tuple[str, str | None, tuple[str, ...] | None]]) -> None:
        """Events' titles with their headline terms, (event, title, terms) each (read back by ``event_titles``)."""
        self._conn.executemany("UPDATE events SET title = ?, title_terms = ? WHERE id = ?",
                               [(title, join_terms(terms), event_id) for event_id, title, terms in titles])

    def set_story_titles(self, titles: Iterable[tuple[str, str | None]]) -> None:
        """Stories' titles, (story, title) each."""
        self._conn.executemany("UPDATE stories SET title = ? WHERE id = ?",
                               [(title, story_id) for story_id, title in titles])

    def place_article(self, article_id: str, event_id: str, *, machine_event_id: str, score: float,
                      evidence: dict[str, object], headline_terms: tuple[str, ...] | None = None) -> None:
        """Record (or replace) the event an article belongs to, with the clusterer's event and its evidence, and
        the terms of its headline when it is an independent report (a title candidate, see ``member_titles``)."""
        self._conn.execute(
            "INSERT INTO memberships (article_id, event_id, machine_event_id, score, evidence, decision, "
            "headline_terms) VALUES (?, ?, ?, ?, ?, NULL, ?) ON CONFLICT (article_id) DO UPDATE SET event_id = "
            "excluded.event_id, machine_event_id = excluded.machine_event_id, score = excluded.score, evidence = "
            "excluded.evidence, decision = NULL, headline_terms = excluded.headline_terms",
            (article_id, event_id, machine_event_id, score, json.dumps(evidence, ensure_ascii=False),
             join_terms(headline_terms)),
        )

    def membership(self, article_id: str) -> tuple[str, str, float, dict[str, object], int | None] | None:
        """(event, clusterer's event, score, evidence, decision) of one article, or ``None`` if it has none."""
        row = self._conn.execute(
            "SELECT event_id, machine_event_id, score, evidence, decision FROM memberships WHERE article_id = ?",
            (article_id,),
        ).fetchone()
        return (row[0], row[1], row[2], json.loads(row[3]), row[4]) if row else None

    def story_links(self, event_id: str) -> list[dict[str, Any]]:
        """The story-link records (``evidence.story_link``) saved with the reports that opened the events now
        filed under the clusterer's event ``event_id`` (its own opener's, and those of events merged into it)."""
        rows = self._conn.execute(  # LIKE, not json_extract: SQLite builds without JSON functions exist
            "SELECT m.evidence FROM memberships m JOIN articles a ON a.id = m.article_id WHERE m.machine_event_id = ? "
            "AND m.evidence LIKE '%\"story_link\"%' ORDER BY a.rowid",
            (event_id,),
        ).fetchall()
        return [link for (text,) in rows if isinstance(link := json.loads(text).get("story_link"), dict)]

    def final_event(self, event_id: str) -> str:
        """The event that ``event_id`` ends up in after user merges (itself when it was never merged)."""
        seen = {event_id}
        while True:
            row = self._conn.execute("SELECT merged_into FROM events WHERE id = ?", (event_id,)).fetchone()
            if not row or row[0] is None or row[0] in seen:
                return event_id
            event_id = row[0]
            seen.add(event_id)

    def event_story(self, event_id: str) -> str | None:
        row = self._conn.execute("SELECT story_id FROM events WHERE id = ?", (event_id,)).fetchone()
        return row[0] if row else None

    def event_stories(self, event_ids: list[str]) -> dict[str, str | None]:
        """The story of each of these events that exists (``event_story`` of many, in one query)."""
        wanted, ids = self._conn.member_of("id", event_ids)
        return dict(self._conn.execute(f"SELECT id, story_id FROM events WHERE {wanted}", (ids,)).fetchall())

    def find_id(self, kind: str, prefix: str) -> str | None:
        """The event or story id equal to ``prefix`` or the only one starting with it (``e-``/``s-`` optional)."""
        table, marker = {"event": ("events", "e-"), "story": ("stories", "s-")}[kind]
        candidates = [prefix] if prefix.startswith(marker) else [prefix, marker + prefix]
        for candidate in candidates:
            rows = self._conn.execute(
                f"SELECT id FROM {table} WHERE id = ? OR lower(id) LIKE lower(?) ESCAPE '\\' LIMIT 2",
                (candidate, escape_like(candidate) + "%"),
            ).fetchall()
            ids = [row[0] for row in rows]
            if candidate in ids:
                return candidate
            if len(ids) == 1:
                return ids[0]
            if ids:
                raise DeskError(f"{kind} id prefix {prefix!r} is ambiguous; give more characters")
        return None

    def member_titles(self, event_ids: list[str], *, limit: int) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
        """(headline, its terms) of each event's independent reports, newest first (at most ``limit`` each), by
        event, in one query; an event without any is left out."""
        wanted, ids = self._conn.member_of("m.event_id", event_ids)
        rows = self._conn.execute(
            "SELECT event_id, title, headline_terms FROM (SELECT m.event_id, a.title, m.headline_terms, row_number() "
            "OVER (PARTITION BY m.event_id ORDER BY a.rowid DESC) AS newest FROM memberships m JOIN articles a ON "
            f"a.id = m.article_id WHERE {wanted} AND a.duplicate_of IS NULL AND a.title IS NOT NULL) AS ranked "
            "WHERE newest <= ? ORDER BY event_id, newest",
            (ids, limit),
        ).fetchall()
        return _titles_by_group(rows)

    def member_leads(self, event_id: str, *, limit: int) -> Iterator[tuple[str, str | None]]:
        """(opening of the text, language) of an event's independent reports, newest first (at most ``limit``),
        streamed: a caller that needs only the first reads only that one. Only the first ``LEAD_CHARS``
        characters are read, enough for a lead sentence."""
        yield from self._conn.execute(
            "SELECT substr(a.text, 1, ?), a.language FROM memberships m JOIN articles a ON a.id = m.article_id "
            "WHERE m.event_id = ? AND a.duplicate_of IS NULL ORDER BY a.rowid DESC LIMIT ?",
            (LEAD_CHARS, event_id, limit),
        )

    def event_titles(self, story_ids: list[str], *, limit: int) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
        """(title, its headline terms) of each story's newest ``limit`` titled events, in the order opened, by
        story, in one query; a story without any is left out."""
        wanted, ids = self._conn.member_of("e.story_id", story_ids)
        rows = self._conn.execute(
            "SELECT story_id, title, title_terms FROM (SELECT e.story_id, e.seq, e.title, e.title_terms, row_number() "
            f"OVER (PARTITION BY e.story_id ORDER BY e.seq DESC) AS newest FROM events e WHERE {wanted} AND e.title "
            "IS NOT NULL AND e.merged_into IS NULL AND EXISTS (SELECT 1 FROM memberships m WHERE m.event_id = e.id)) "
            "AS ranked WHERE newest <= ? ORDER BY story_id, seq",
            (ids, limit),
        ).fetchall()
        return _titles_by_group(rows)

    # -- user decisions --------------------------------------------------------------------------------------------

    def add_decision(self, kind: str, payload: dict[str, object]) -> int:
        [(seq,)] = self._conn.execute(  # every row read: SQLite finishes the statement only then
            "INSERT INTO decisions (kind, payload, made_at) VALUES (?, ?, ?) RETURNING seq",
            (kind, json.dumps(payload, ensure_ascii=False), now()),
        ).fetchall()
        return int(seq)

    def decisions(self) -> list[tuple[int, str, dict[str, object], str]]:
        """Every user decision (number, kind, payload, time), in the order made."""
        rows = self._conn.execute("SELECT seq, kind, payload, made_at FROM decisions ORDER BY seq").fetchall()
        return [(seq, kind, json.loads(payload), made_at) for seq, kind, payload, made_at in rows]

    def has_decision(self, kind: str) -> bool:
        """Whether any user decision of this kind was made (without one of kind "merge", no event is merged)."""
        return self._conn.execute("SELECT 1 FROM decisions WHERE kind = ? LIMIT 1", (kind,)).fetchone() is not None

    def reset_to_clusterer(self) -> None:
        """Undo every decision's effect (before decisions are applied again, in order)."""
        self._conn.execute("UPDATE memberships SET event_id = machine_event_id, decision = NULL")
        self._conn.execute("UPDATE events SET merged_into = NULL")

    def move_articles(self, article_ids: Iterable[str], event_id: str, decision: int) -> None:
        """Put articles, and the copies of them, into an event."""
        ids = list(article_ids)
        marks = ", ".join("?" * len(ids))
        self._conn.execute(
            f"UPDATE memberships SET event_id = ?, decision = ? WHERE article_id IN ({marks}) OR article_id IN "
            f"(SELECT id FROM articles WHERE duplicate_of IN ({marks}))",
            (event_id, decision, *ids, *ids),
        )

    def follow_clusterer_merge(self, merged: Iterable[str], survivor: str) -> None:
        """The clusterer merged events ``merged`` into ``survivor``: their members belong to it now, except those a
        user decision placed (decisions stay in force; they are re-applied over the clusterer's result)."""
        ids = list(merged)
        marks = ", ".join("?" * len(ids))
        self._conn.execute(
            f"UPDATE memberships SET machine_event_id = ?, event_id = CASE WHEN decision IS NULL THEN ? ELSE event_id "
            f"END WHERE machine_event_id IN ({marks})",
            (survivor, self.final_event(survivor), *ids),
        )

    def set_placement_evidence(self, article_id: str, score: float, evidence: dict[str, object]) -> None:
        """Replace the clusterer's score and evidence for an article's placement (later evidence moved it)."""
        self._conn.execute(
            "UPDATE memberships SET score = ?, evidence = ? WHERE article_id = ?",
            (score, json.dumps(evidence, ensure_ascii=False), article_id),
        )

    def merge_events(self, sources: Iterable[str], target: str, decision: int) -> None:
        """Move every member of ``sources`` into ``target`` and remember that later arrivals go there too."""
        ids = list(sources)
        marks = ", ".join("?" * len(ids))
        self._conn.execute(
            f"UPDATE memberships SET event_id = ?, decision = ? WHERE event_id IN ({marks})", (target, decision, *ids)
        )
        self._conn.execute(f"UPDATE events SET merged_into = ? WHERE id IN ({marks})", (target, *ids))

    # -- clustering state (see newsdesk.stories) ------------------------------------------------------------------

    def save_clustering(self, rows: ClusteringRows, *, fingerprint: str, last_rowid: int) -> None:
        """Write the changed part of the clustering state (inside the caller's batch transaction, so the saved
        state always matches the stored articles) and what it now describes: the articles up to ``last_rowid``."""
        conn = self._conn
        conn.execute(
            'INSERT INTO clustering_saved ("only", fingerprint, last_rowid, documents, sizes) VALUES (1, ?, ?, ?, ?) '
            'ON CONFLICT ("only") DO UPDATE SET fingerprint = excluded.fingerprint, last_rowid = excluded.last_rowid, '
            "documents = excluded.documents, sizes = excluded.sizes",
            (fingerprint, last_rowid, rows.documents, json.dumps(rows.sizes, sort_keys=True)),
        )
        conn.executemany(
            "INSERT INTO clustering_groups (kind, id, state) VALUES (?, ?, ?) "
            "ON CONFLICT (kind, id) DO UPDATE SET state = excluded.state",
            rows.groups,
        )
        conn.executemany("DELETE FROM clustering_groups WHERE kind = 'event' AND id = ?",
                         [(event_id,) for event_id in rows.removed])
        conn.executemany("INSERT INTO clustering_merges (gone, survivor) VALUES (?, ?) "
                         "ON CONFLICT (gone) DO UPDATE SET survivor = excluded.survivor", rows.merges)
        conn.executemany("INSERT INTO clustering_postings (kind, key, groups) VALUES (?, ?, ?) "
                         "ON CONFLICT (kind, key) DO UPDATE SET groups = excluded.groups",
                         [(kind, key, " ".join(groups)) for kind, key, groups in rows.postings])
        conn.executemany("INSERT INTO clustering_frequencies (space, key, documents) VALUES (?, ?, ?) "
                         "ON CONFLICT (space, key) DO UPDATE SET documents = excluded.documents", rows.frequencies)

    def saved_clustering(self) -> tuple[str, int, int, dict[str, int]] | None:
        """(fingerprint, last article rowid it has placed, documents counted, sizes) of the saved clustering
        state, if any."""
        row = self._conn.execute("SELECT fingerprint, last_rowid, documents, sizes FROM clustering_saved").fetchone()
        return (row[0], row[1], row[2], json.loads(row[3])) if row else None

    def clustering_groups(self, kind: str) -> Iterator[str]:
        """The saved events or stories (``kind``) as JSON, in the order first saved (streamed)."""
        for (state,) in self._conn.stream("SELECT state FROM clustering_groups WHERE kind = ? ORDER BY rowid",
                                          (kind,)):
            yield state

    def clustering_merges(self) -> list[tuple[str, str]]:
        return self._conn.execute("SELECT gone, survivor FROM clustering_merges").fetchall()

    def clustering_postings(self, kind: str) -> Iterator[tuple[str, list[str]]]:
        """(index key, group ids oldest first) of the saved event or story index (streamed)."""
        for key, groups in self._conn.stream("SELECT key, groups FROM clustering_postings WHERE kind = ?", (kind,)):
            yield key, groups.split(" ")

    def clustering_frequencies(self) -> Iterator[tuple[str, str, int]]:
        """(key space, key, documents containing it) of the saved word frequencies (streamed)."""
        yield from self._conn.stream("SELECT space, key, documents FROM clustering_frequencies")

    def clear_clustering(self) -> None:
        """Forget the saved clustering state (before a replay rebuilds it)."""
        for table in ("clustering_saved", "clustering_groups", "clustering_merges", "clustering_postings",
                      "clustering_frequencies"):
            self._conn.execute(f"DELETE FROM {table}")

    # -- listings --------------------------------------------------------------------------------------------------

    def event_summaries(self, *, story_id: str | None = None, event_id: str | None = None) -> list[EventSummary]:
        """Events that have members (of one story, or one event), oldest first."""
        where, params = "", ()
        if story_id is not None:
            where, params = "WHERE e.story_id = ?", (story_id,)
        elif event_id is not None:
            where, params = "WHERE e.id = ?", (event_id,)
        rows = self._conn.execute(
            f"SELECT e.id, e.title, e.story_id, {_COUNTS}, e.origin FROM events e JOIN memberships m ON m.event_id "
            f"= e.id JOIN articles a ON a.id = m.article_id {where} GROUP BY e.id ORDER BY min(a.rowid)",
            params,
        ).fetchall()
        return [EventSummary(*row) for row in rows]

    def story_summaries(self, *, story_id: str | None = None) -> list[StorySummary]:
        """Stories that have members, newest first: by their latest publication date, or for a story with no dated
        article by when its latest article was added (on a live desk that is close to when it was published)."""
        where, params = ("WHERE s.id = ?", (story_id,)) if story_id is not None else ("", ())
        rows = self._conn.execute(
            f"SELECT s.id, s.title, count(DISTINCT e.id), {_COUNTS} FROM stories s JOIN events e ON e.story_id = "
            f"s.id JOIN memberships m ON m.event_id = e.id JOIN articles a ON a.id = m.article_id {where} "
            "GROUP BY s.id ORDER BY coalesce(max(substr(a.published, 1, 10)), max(a.added_at)) DESC, s.seq DESC",
            params,
        ).fetchall()
        return [StorySummary(*row) for row in rows]

    def members(self, event_id: str) -> list[Member]:
        """An event's articles in the order added, with score, copy-of and deciding decision."""
        rows = self._conn.execute(
            "SELECT a.id, a.title, a.outlet, a.published, m.score, a.duplicate_of, m.decision FROM memberships m "
            "JOIN articles a ON a.id = m.article_id WHERE m.event_id = ? ORDER BY a.rowid",
            (event_id,),
        ).fetchall()
        return [Member(*row) for row in rows]

    def iter_placed_articles(self) -> Iterator[tuple[Article, str | None, str | None, dict[str, Any] | None]]:
        """(article, event id, story id, analysis) for every article in the order added (streamed)."""
        cursor = self._conn.stream(
            f"SELECT {JOINED_ARTICLE_COLUMNS}, m.event_id, e.story_id, n.data FROM articles a "
            "LEFT JOIN memberships m ON m.article_id = a.id LEFT JOIN events e ON e.id = m.event_id "
            "LEFT JOIN analyses n ON n.article_id = a.id ORDER BY a.rowid"
        )
        for row in cursor:
            yield article_from_row(row[:-3]), row[-3], row[-2], json.loads(row[-1]) if row[-1] else None

    # -- analyses --------------------------------------------------------------------------------------------------

    def save_analysis(self, article_id: str, version: int, record: dict[str, Any]) -> None:
        """Store (or replace) what the analysis stage found in an article."""
        self._conn.execute(
            "INSERT INTO analyses (article_id, version, data) VALUES (?, ?, ?) "
            "ON CONFLICT (article_id) DO UPDATE SET version = excluded.version, data = excluded.data",
            (article_id, version, json.dumps(record, ensure_ascii=False)),
        )

    def analysis(self, article_id: str) -> dict[str, Any] | None:
        row = self._conn.execute("SELECT data FROM analyses WHERE article_id = ?", (article_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def articles_with_analyses(self, article_ids: list[str]) -> dict[str, tuple[Article, int | None,
                                                                              dict[str, Any] | None]]:
        """(article, analysis version, analysis) by id for the given exact ids, in one query (a dossier's inputs);
        ids not stored are left out."""
        wanted, ids = self._conn.member_of("a.id", article_ids)
        rows = self._conn.execute(
            f"SELECT {JOINED_ARTICLE_COLUMNS}, n.version, n.data FROM articles a LEFT JOIN analyses n ON "
            f"n.article_id = a.id WHERE {wanted}", (ids,),
        ).fetchall()
        return {row[0]: (article_from_row(row[:-2]), row[-2], json.loads(row[-1]) if row[-1] else None)
                for row in rows}

    def analysis_versions(self, article_ids: list[str]) -> dict[str, int]:
        """The stored analysis version of each of these articles that has one."""
        wanted, ids = self._conn.member_of("article_id", article_ids)
        return dict(self._conn.execute(f"SELECT article_id, version FROM analyses WHERE {wanted}", (ids,)).fetchall())

    # -- dossiers --------------------------------------------------------------------------------------------------

    def cached_dossier(self, story_id: str) -> tuple[int, str, str] | None:
        """(version, fingerprint, JSON) of the dossier stored for a story, if any."""
        return self._conn.execute(
            "SELECT version, fingerprint, data FROM dossiers WHERE story_id = ?", (story_id,)
        ).fetchone()

    def save_dossier(self, story_id: str, version: int, fingerprint: str, data: str) -> bool:
        """Store (or replace) a story's dossier JSON with what it was built from, if that can be done at once: on
        a read-only desk, inside a snapshot or another write, or while another process writes, it is not kept (a
        cache is not worth waiting for; the next reader builds the dossier again). RETURNS (bool): stored."""
        if self.read_only or self._conn.in_transaction:
            return False
        try:
            if not self._conn.try_begin_write(0):
                return False
        except StoreFailure:
            return False
        try:
            self._conn.execute(
                "INSERT INTO dossiers (story_id, version, fingerprint, data) VALUES (?, ?, ?, ?) ON CONFLICT "
                "(story_id) DO UPDATE SET version = excluded.version, fingerprint = excluded.fingerprint, "
                "data = excluded.data",
                (story_id, version, fingerprint, data),
            )
        except BaseException:
            self._conn.rollback()
            raise
        self._conn.execute("COMMIT")
        return True

    def articles_to_analyze(self, version: int, *, after: int, limit: int) -> list[tuple[int, Article]]:
        """(rowid, article) of the next ``limit`` articles after ``rowid`` with no analysis of ``version``."""
        rows = self._conn.execute(
            f"SELECT a.rowid, {JOINED_ARTICLE_COLUMNS} FROM articles a LEFT JOIN analyses n ON n.article_id = a.id "
            "WHERE a.rowid > ? AND (n.version IS NULL OR n.version != ?) ORDER BY a.rowid LIMIT ?",
            (after, version, limit),
        ).fetchall()
        return [(row[0], article_from_row(row[1:])) for row in rows]

    def count_to_analyze(self, version: int) -> int:
        """How many articles have no analysis of ``version`` (what ``articles_to_analyze`` would list)."""
        return self._conn.execute(
            "SELECT count(*) FROM articles a LEFT JOIN analyses n ON n.article_id = a.id "
            "WHERE n.version IS NULL OR n.version != ?", (version,)
        ).fetchone()[0]


def _titles_by_group(rows: Iterable[tuple[str, str, str | None]]) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """(group, title, joined terms) rows, in order, as group → [(title, its terms)]."""
    titles: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for group, title, terms in rows:
        titles.setdefault(group, []).append((title, split_terms(terms)))
    return titles

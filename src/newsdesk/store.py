"""SQLite storage: the only module that speaks SQL.

One file holds a desk. The schema is versioned with ``PRAGMA user_version`` and upgraded by the ordered
``MIGRATIONS`` below, each applied in its own transaction, so an old desk opens in a new release and a desk from a
newer release is refused instead of being damaged. WAL mode lets readers (search, export, the web view) run while
an ingest writes; writes are committed in batches by the caller so that a killed process leaves every batch either
fully stored or absent.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from newsdesk.errors import DeskError
from newsdesk.model import Article, RemovedLine

LOGGER = logging.getLogger(__name__)

MIGRATIONS: tuple[str, ...] = (
    # 1: articles with full-text search over title and text.
    """
    CREATE TABLE articles (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL,
        title TEXT,
        text TEXT NOT NULL,
        authors TEXT NOT NULL DEFAULT '[]',
        outlet TEXT,
        url TEXT,
        language TEXT,
        published TEXT,
        published_from TEXT,
        removed TEXT NOT NULL DEFAULT '[]',
        text_hash TEXT NOT NULL,
        duplicate_of TEXT,
        extraction TEXT NOT NULL,
        notes TEXT NOT NULL DEFAULT '[]',
        added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
    );
    CREATE INDEX articles_text_hash ON articles(text_hash);
    CREATE INDEX articles_published ON articles(published);
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END;
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
    END;
    CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END;
    CREATE TABLE ingest_runs (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
        finished_at TEXT,
        inputs TEXT NOT NULL,
        added INTEGER NOT NULL DEFAULT 0,
        unchanged INTEGER NOT NULL DEFAULT 0,
        failed INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE ingest_problems (
        run_id INTEGER NOT NULL REFERENCES ingest_runs(id),
        origin TEXT NOT NULL,
        reason TEXT NOT NULL
    );
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)

_ARTICLE_COLUMNS = (
    "id, source, title, text, authors, outlet, url, language, published, published_from, removed, text_hash, "
    "duplicate_of, extraction, notes, added_at"
)


@dataclass(slots=True, frozen=True)
class SearchHit:
    """One full-text search result: the article's id, title, outlet, date, a highlighted snippet and bm25 rank."""

    id: str
    title: str | None
    outlet: str | None
    published: str | None
    snippet: str
    rank: float


class Store:
    """A desk's SQLite file. Opening it applies pending migrations; every method is one short SQL conversation.

    path (Path | str): The database file, created when missing. ``":memory:"`` gives a throw-away desk.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = str(path)
        self._conn = _connect(self.path)
        self._migrate()

    def close(self) -> None:
        self._conn.close()

    # -- schema ---------------------------------------------------------------------------------------------------

    def _migrate(self) -> None:
        version = self._conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise DeskError(
                f"{self.path}: the desk has schema version {version}, newer than this newsdesk understands "
                f"({SCHEMA_VERSION}); upgrade newsdesk to open it"
            )
        for number in range(version + 1, SCHEMA_VERSION + 1):
            with self._write(f"upgrade the schema to version {number}"):
                self._conn.executescript("BEGIN;" + MIGRATIONS[number - 1] + f"; PRAGMA user_version = {number}; COMMIT;")
            LOGGER.info("%s: schema upgraded to version %d", self.path, number)

    @property
    def schema_version(self) -> int:
        return self._conn.execute("PRAGMA user_version").fetchone()[0]

    # -- writes ---------------------------------------------------------------------------------------------------

    @contextmanager
    def _write(self, what: str) -> Iterator[None]:
        """Run a write, turning SQLite's terse failures into messages that say what to do."""
        try:
            yield
        except sqlite3.OperationalError as error:
            if self._conn.in_transaction:
                self._conn.rollback()
            raise DeskError(f"{self.path}: cannot {what}: {_explain(error)}") from error

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic batch of writes: all of it is stored, or (on any error or a kill) none of it."""
        with self._write("store articles"):
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self._conn.rollback()
                raise
            self._conn.commit()

    def insert_article(self, article: Article) -> bool:
        """Store an article unless one with its id exists. RETURNS (bool): whether it was new."""
        row = _article_row(article)
        cursor = self._conn.execute(
            f"INSERT OR IGNORE INTO articles ({_ARTICLE_COLUMNS}) VALUES ({', '.join('?' * len(row))})", row
        )
        return cursor.rowcount == 1

    def start_run(self, inputs: Iterable[str]) -> int:
        with self._write("record the ingest run"), self._conn:
            cursor = self._conn.execute("INSERT INTO ingest_runs (inputs) VALUES (?)", (json.dumps(list(inputs)),))
        return int(cursor.lastrowid)

    def record_problem(self, run_id: int, origin: str, reason: str) -> None:
        """Remember input that failed (inside the caller's batch transaction)."""
        self._conn.execute(
            "INSERT INTO ingest_problems (run_id, origin, reason) VALUES (?, ?, ?)", (run_id, origin, reason)
        )

    def finish_run(self, run_id: int, *, added: int, unchanged: int, failed: int) -> None:
        with self._write("record the ingest run"), self._conn:
            self._conn.execute(
                "UPDATE ingest_runs SET finished_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), added = ?, "
                "unchanged = ?, failed = ? WHERE id = ?",
                (added, unchanged, failed, run_id),
            )

    # -- reads ----------------------------------------------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        return self._conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def first_with_text_hash(self, text_hash: str) -> str | None:
        """Id of the earliest stored article with this clean-text hash (the original of verbatim copies)."""
        row = self._conn.execute(
            "SELECT id FROM articles WHERE text_hash = ? ORDER BY rowid LIMIT 1", (text_hash,)
        ).fetchone()
        return row[0] if row else None

    def get_article(self, article_id: str) -> Article | None:
        """The article with this id, or with an id starting with it when that prefix is unambiguous."""
        rows = self._conn.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ? OR id LIKE ? ESCAPE '\\' LIMIT 2",
            (article_id, _escape_like(article_id) + "%"),
        ).fetchall()
        exact = [row for row in rows if row[0] == article_id]
        if exact or len(rows) == 1:
            return _article_from_row((exact or rows)[0])
        if rows:
            raise DeskError(f"article id prefix {article_id!r} is ambiguous; give more characters")
        return None

    def iter_articles(self) -> Iterator[Article]:
        """All articles in the order they were added, streamed (constant memory)."""
        cursor = self._conn.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles ORDER BY rowid")
        for row in cursor:
            yield _article_from_row(row)

    def count_articles(self) -> int:
        return self._conn.execute("SELECT count(*) FROM articles").fetchone()[0]

    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        """Full-text search (FTS5 query syntax), best bm25 rank first; title matches weigh three times the text."""
        try:
            rows = self._conn.execute(
                "SELECT a.id, a.title, a.outlet, a.published, "
                "snippet(articles_fts, 1, '[', ']', ' … ', 14), bm25(articles_fts, 3.0, 1.0) AS rank "
                "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
                "WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?",
                (query, limit),
            ).fetchall()
        except sqlite3.OperationalError as error:
            raise DeskError(f"cannot search for {query!r}: {_explain(error)}") from error
        return [SearchHit(*row) for row in rows]

    def summary(self) -> dict[str, object]:
        """Counts a user wants at a glance: articles, copies, languages, outlets, dated articles, removed lines."""
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
        removed = conn.execute("SELECT coalesce(sum(json_array_length(removed)), 0) FROM articles").fetchone()[0]
        return {
            "articles": articles,
            "copies": copies,
            "dated": dated,
            "languages": languages,
            "outlets": outlets,
            "removed_lines": removed,
        }


def _connect(path: str) -> sqlite3.Connection:
    if path != ":memory:":
        parent = Path(path).parent
        if not parent.is_dir():
            raise DeskError(f"{path}: cannot create the desk: folder {parent} does not exist")
    try:
        # isolation_level=None: transactions are explicit (BEGIN IMMEDIATE in Store.transaction), never implicit.
        conn = sqlite3.connect(path, isolation_level=None, timeout=5.0, check_same_thread=False)
        conn.execute("PRAGMA foreign_keys = ON")
        if path != ":memory:":
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal":
                LOGGER.warning("%s: WAL mode unavailable (journal mode %s)", path, mode)
        conn.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.DatabaseError as error:
        raise DeskError(f"{path}: cannot open the desk: {_explain(error)}") from error
    return conn


def _explain(error: sqlite3.Error) -> str:
    """SQLite's message plus what it usually means for a newsdesk user."""
    message = str(error)
    hints = {
        "readonly": "the file or its folder is read-only; use --db to pick a writable place",
        "locked": "another newsdesk process is writing to it; try again when it has finished",
        "not a database": "the file is not a newsdesk (SQLite) desk; pick another --db path",
        "fts5: syntax error": "not a valid search query; put phrases in double quotes, e.g. '\"Kim Jong-un\"'",
        "no such column": "not a valid search query; quote words that contain ':' or '-', e.g. '\"Jong-un\"'",
        "unterminated string": "a double quote is not closed",
        "disk I/O error": "the disk failed or is full",
    }
    for needle, hint in hints.items():
        if needle in message:
            return f"{message} ({hint})"
    return message


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _article_row(article: Article) -> tuple[object, ...]:
    removed = [[item.line, item.text, item.rule] for item in article.removed]
    return (
        article.id,
        article.source,
        article.title,
        article.text,
        json.dumps(article.authors, ensure_ascii=False),
        article.outlet,
        article.url,
        article.language,
        article.published,
        article.published_from,
        json.dumps(removed, ensure_ascii=False),
        article.text_hash,
        article.duplicate_of,
        article.extraction,
        json.dumps(article.notes, ensure_ascii=False),
        article.added_at or _now(),
    )


def _article_from_row(row: tuple[object, ...]) -> Article:
    (id_, source, title, text, authors, outlet, url, language, published, published_from, removed, text_hash,
     duplicate_of, extraction, notes, added_at) = row
    return Article(
        id=id_,
        source=source,
        title=title,
        text=text,
        authors=json.loads(authors),
        outlet=outlet,
        url=url,
        language=language,
        published=published,
        published_from=published_from,
        removed=[RemovedLine(line, text_, rule) for line, text_, rule in json.loads(removed)],
        text_hash=text_hash,
        duplicate_of=duplicate_of,
        extraction=extraction,
        notes=json.loads(notes),
        added_at=added_at,
    )


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

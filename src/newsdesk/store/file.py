"""The SQLite backend: recognising a desk file, opening it for writing or for reading only, what SQLite's failures
mean, and the few things the store says in SQLite's own words (schema version, write lock, full-text search).

A desk may come from anyone, and ``--db`` may name any file, so a file is looked at before anything is written to
it: a desk says what it is with its SQLite ``application_id`` (a desk made before that was set, by its tables);
anything else is refused and left as it was. Only a missing or empty file becomes a new desk, and only for a
command that writes.

Every SQLite failure, from a statement or from reading its rows (a damaged page is met while reading), becomes a
``SQLiteFailure``: a ``StoreFailure`` whose message says what it means for the desk (damaged, read-only, busy).
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from newsdesk.errors import DeskError
from newsdesk.store.failures import Rows, StoreFailure
from newsdesk.store.schema import APPLICATION_ID, MIGRATIONS

LOGGER = logging.getLogger(__name__)

#: The tables every desk since schema 1 has: how a desk made before ``APPLICATION_ID`` is recognised.
DESK_TABLES = frozenset({"articles", "ingest_runs"})
#: The first bytes of every SQLite database file.
SQLITE_HEADER = b"SQLite format 3\x00"

PAGE_CACHE_KIB = 65_536
"""SQLite's page cache per connection (its default is 2 MiB). Every added article inserts into the full-text index
and several B-tree indexes spread over the file; with the default cache most of those pages are read back from
the OS on each insert once a desk outgrows a few thousand articles (bench_desk, 20,000 articles: 161 -> 172
articles/s)."""

DAMAGED = "the desk file is damaged; export what can still be read (newsdesk export) or restore a backup"
#: What an SQLite error code usually means for a newsdesk user.
_CODE_HINTS = {
    sqlite3.SQLITE_CORRUPT: DAMAGED,
    sqlite3.SQLITE_NOTADB: DAMAGED,
    sqlite3.SQLITE_READONLY: "the desk is read-only here: the file or its folder is not writable, or it was opened "
                             "for reading; use --db to pick a writable place",
    sqlite3.SQLITE_BUSY: "another newsdesk process is writing to it; try again when it has finished",
    sqlite3.SQLITE_LOCKED: "another newsdesk process is writing to it; try again when it has finished",
    sqlite3.SQLITE_IOERR: "the disk failed or is full",
    sqlite3.SQLITE_FULL: "the disk is full",
    sqlite3.SQLITE_CANTOPEN: "the file cannot be opened; check that it and its folder exist and are readable",
}
#: What the messages of a failed full-text query mean (SQLite gives them the generic error code).
_MESSAGE_HINTS = {
    "fts5: syntax error": "not a valid search query; put phrases in double quotes, e.g. '\"Kim Jong-un\"'",
    "no such column": "not a valid search query; quote words that contain ':' or '-', e.g. '\"Jong-un\"'",
    "unterminated string": "a double quote is not closed",
}


#: SQLite result codes that come from the value being written (too big, a value SQLite cannot take), not from the
#: desk file (busy, read-only, full, damaged). ``None``: a value the sqlite3 module itself refuses.
_RECORD_CODES = frozenset({None, sqlite3.SQLITE_TOOBIG, sqlite3.SQLITE_CONSTRAINT, sqlite3.SQLITE_MISMATCH,
                           sqlite3.SQLITE_RANGE})


class SQLiteFailure(StoreFailure):
    """An SQLite failure on a desk. ``code``: SQLite's primary result code (``sqlite3.SQLITE_BUSY`` …), ``None``
    for a misuse Python itself reports."""

    def __init__(self, path: str, error: sqlite3.Error) -> None:
        code = getattr(error, "sqlite_errorcode", None)
        self.code = None if code is None else code & 0xFF
        super().__init__(path, explain(error), about_the_record=self.code in _RECORD_CODES)


def explain(error: sqlite3.Error) -> str:
    """SQLite's message plus what it usually means for a newsdesk user."""
    message = str(error)
    code = getattr(error, "sqlite_errorcode", None)
    hint = _CODE_HINTS.get(code & 0xFF) if code is not None else None
    hint = hint or next((hint for needle, hint in _MESSAGE_HINTS.items() if needle in message), None)
    return f"{message} ({hint})" if hint else message


class Connection:
    """An SQLite connection whose failures are ``SQLiteFailure``s (the statements, and the rows they stream), with
    what ``Store`` asks every backend in its own words (``store.postgres.Connection`` is the other)."""

    def __init__(self, conn: sqlite3.Connection, path: str) -> None:
        self._conn = conn
        self.name = path

    @property
    def in_transaction(self) -> bool:
        return self._conn.in_transaction

    def execute(self, sql: str, parameters: Iterable[Any] = ()) -> Rows:
        try:
            return Rows(self._conn.execute(sql, parameters), sqlite3.Error, self._failure)
        except sqlite3.Error as error:
            raise self._failure(error) from error

    def executemany(self, sql: str, rows: Iterable[Iterable[Any]]) -> Rows:
        try:
            return Rows(self._conn.executemany(sql, rows), sqlite3.Error, self._failure)
        except sqlite3.Error as error:
            raise self._failure(error) from error

    stream = execute
    """A large result read row by row: SQLite's cursors stream already."""

    def _failure(self, error: Exception) -> SQLiteFailure:
        return SQLiteFailure(self.name, error)  # type: ignore[arg-type]

    def rollback(self) -> None:
        try:
            self._conn.rollback()
        except sqlite3.Error as error:
            raise self._failure(error) from error

    def close(self) -> None:
        self._conn.close()

    # -- schema ---------------------------------------------------------------------------------------------------

    def schema_version(self) -> int:
        return self.execute("PRAGMA user_version").fetchone()[0]

    def migrations(self) -> Iterator[tuple[int, str]]:
        """(schema version it leads to, script) of every migration, oldest first."""
        return enumerate(MIGRATIONS, 1)

    def run_script(self, script: str) -> None:
        for statement in statements(script):
            self.execute(statement)

    def set_schema_version(self, version: int) -> None:
        self.execute(f"PRAGMA user_version = {int(version)}")

    # -- transactions ---------------------------------------------------------------------------------------------

    def try_begin_write(self, seconds: float) -> bool:
        """Begin a write transaction, waiting up to ``seconds`` for another writer. RETURNS (bool): begun."""
        self.execute(f"PRAGMA busy_timeout = {round(seconds * 1000)}")
        try:
            self.execute("BEGIN IMMEDIATE")
        except SQLiteFailure as failure:
            if failure.code != sqlite3.SQLITE_BUSY:
                raise
            return False
        return True

    def begin_snapshot(self) -> None:
        self.execute("BEGIN")  # WAL keeps the state of the first read for this reader

    def prepare_for_writing(self, transaction: Any) -> None:
        """Nothing to bring up to date: SQLite's full-text index needs no per-language settings."""

    # -- what differs in SQL ----------------------------------------------------------------------------------------

    @staticmethod
    def member_of(column: str, values: list[str]) -> tuple[str, object]:
        """(condition, its one parameter): ``column`` is one of ``values``, however many there are."""
        return f"{column} IN (SELECT value FROM json_each(?))", json.dumps(values)

    @staticmethod
    def json_array_length(column: str) -> str:
        return f"json_array_length({column})"

    def search(self, query: str, limit: int) -> list[tuple[str, str | None, str | None, str | None, str, float]]:
        """(id, title, outlet, published, snippet, rank) of the best FTS5 matches; title matches weigh three times
        the text."""
        return self.execute(
            "SELECT a.id, a.title, a.outlet, a.published, "
            "snippet(articles_fts, 1, '[', ']', ' … ', 14), bm25(articles_fts, 3.0, 1.0) AS rank "
            "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
            "WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?",
            (query, limit),
        ).fetchall()


def identify(path: str, *, create: bool) -> None:
    """Refuse, before anything is written, a file that is not a newsdesk desk, and a missing or empty one unless
    ``create``. Reads the file's header, then (to tell a desk made before ``APPLICATION_ID`` from another
    program's database) its schema over a read-only connection."""
    file = Path(path)
    if not file.exists() or (file.is_file() and file.stat().st_size == 0):
        if not create:
            raise DeskError(f"no desk at {path} (newsdesk add creates one)")
        if not file.parent.is_dir():
            raise DeskError(f"{path}: cannot create the desk: folder {file.parent} does not exist")
        return
    try:
        with file.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise DeskError(f"{path}: cannot read the desk: {error.strerror or error}") from error
    refusal = f"{path} is not a newsdesk desk ({{}}); it was left untouched: pick another --db path"
    if header != SQLITE_HEADER:
        raise DeskError(refusal.format("not an SQLite database"))
    conn = connect(path, read_only=True)
    try:
        application_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        conn.close()
    if application_id == APPLICATION_ID or (application_id == 0 and DESK_TABLES <= tables):
        return
    if application_id == 0 and not tables:  # an SQLite file with nothing in it: no data to lose
        if not create:
            raise DeskError(f"no desk at {path} (newsdesk add creates one)")
        return
    raise DeskError(refusal.format("an SQLite database of another program"))


def connect(path: str, *, read_only: bool) -> Connection:
    """Open a desk file (``identify`` it first): for writing in WAL mode, or with SQLite's ``mode=ro``."""
    try:
        if read_only:
            conn = sqlite3.connect(_read_only_uri(path), uri=True, isolation_level=None, check_same_thread=False)
        else:
            _check_writable(path)
            # isolation_level=None: transactions are explicit (Store.transaction), never implicit. The long busy
            # timeout is for a journal-mode switch that meets another process; writes wait in Store._begin_write.
            conn = sqlite3.connect(path, isolation_level=None, timeout=60.0, check_same_thread=False)
            conn.execute("PRAGMA foreign_keys = ON")
            if path != ":memory:":
                mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                if mode.lower() != "wal":
                    LOGGER.warning("%s: WAL mode unavailable (journal mode %s)", path, mode)
            conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute(f"PRAGMA cache_size = -{PAGE_CACHE_KIB}")
    except sqlite3.Error as error:
        raise DeskError(f"{path}: cannot open the desk: {explain(error)}") from error
    return Connection(conn, path)


def _check_writable(path: str) -> None:
    """A desk is written with its WAL files beside it: the file and its folder must be writable."""
    if path == ":memory:":
        return
    folder = Path(path).absolute().parent
    if not os.access(folder, os.W_OK) or (Path(path).exists() and not os.access(path, os.W_OK)):
        raise DeskError(f"{path}: the desk is read-only here (the file or its folder is not writable); commands "
                        "that only read it work, writing needs a writable place")


def _read_only_uri(path: str) -> str:
    """``mode=ro``, and ``immutable=1`` in a folder this process cannot write: SQLite could not create the WAL
    index it reads through beside the file there, and a desk in such a folder is not being written."""
    file = Path(path).absolute()
    immutable = not os.access(file.parent, os.W_OK)
    return file.as_uri() + "?mode=ro" + ("&immutable=1" if immutable else "")


def statements(script: str) -> Iterator[str]:
    """The statements of a migration script, one by one: ``executescript`` would commit the transaction that
    makes an upgrade all-or-nothing. ``sqlite3.complete_statement`` knows where a trigger's body ends."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            yield statement
            statement = ""

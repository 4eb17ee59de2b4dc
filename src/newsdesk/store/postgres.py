"""The PostgreSQL backend (``--db postgresql://user:password@host:5432/database``): one desk that several machines
share. Recognising a desk, connecting, and saying in PostgreSQL's words what ``Store`` asks every backend (schema
version, write lock, snapshots, lists of ids, full-text search); needs ``pip install 'newsdesk[postgresql]'``.

A database is a desk when it has the ``newsdesk_schema`` table (in the connection's current schema). An empty
database becomes one only for a command that writes; a database with other tables is another program's and is
refused untouched. Read commands open it with ``default_transaction_read_only``, so they cannot write.

Writers take one advisory lock per database (``pg_advisory_xact_lock``, held until commit): two ``add`` processes
on two machines take turns batch by batch, as two on one SQLite file do. A snapshot is a ``REPEATABLE READ READ
ONLY`` transaction. The connection is in autocommit mode with explicit ``BEGIN``/``COMMIT``, like SQLite's
``isolation_level=None``. ``Store`` writes ``?`` placeholders; ``translate`` turns them into psycopg's ``%s``.

Every failure becomes a ``PostgresFailure`` (a ``StoreFailure``) naming the desk by its URL without the password.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from functools import lru_cache
from typing import Any

import psycopg
from psycopg import errors
from psycopg.pq import TransactionStatus

from newsdesk import lang
from newsdesk.errors import DeskError
from newsdesk.store.failures import Rows, StoreFailure
from newsdesk.store.location import shown_location, url_password
from newsdesk.store.postgres_search import tsquery
from newsdesk.store.schema import APPLICATION_ID, POSTGRES_MIGRATIONS

#: Rows a streamed result (an export, the clustering state) fetches from the server at a time.
STREAM_ROWS = 2_000
CONNECT_TIMEOUT_SECONDS = 15
#: The configuration of articles whose language has none in the registry (``search.json``): no stemming.
FALLBACK_TEXT_SEARCH = "simple"
#: ``ts_headline`` options that make a snippet like FTS5's ``snippet(…, '[', ']', ' … ', 14)``.
_SNIPPET = 'StartSel=[, StopSel=], MaxWords=14, MinWords=5, MaxFragments=1, FragmentDelimiter=" … "'
#: ``ts_rank`` weights of {D, C, B, A}: a title (A) weighs three times the text (B), as in the SQLite desk's bm25.
_RANK_WEIGHTS = "{0.1, 0.2, 0.3333, 1.0}"

DAMAGED = "the database is damaged; export what can still be read (newsdesk export) or restore a backup"
BUSY = "another newsdesk process is writing to it; try again when it has finished"
#: What a PostgreSQL error usually means for a newsdesk user, most specific class first.
_HINTS: tuple[tuple[type[Exception], str], ...] = (
    (errors.ReadOnlySqlTransaction, "the desk is read-only here: it was opened for reading, or the server only "
                                    "reads (a standby); use --db to pick a writable database"),
    (errors.LockNotAvailable, BUSY),
    (errors.DiskFull, "the database server's disk is full"),
    (errors.InsufficientPrivilege, "the database user lacks the rights for this; ask the database's owner to "
                                   "grant them, or use --db to pick another database"),
    (errors.DataCorrupted, DAMAGED),
    (errors.IndexCorrupted, DAMAGED),
    (errors.ProgramLimitExceeded, "the value is too large for PostgreSQL"),
    (psycopg.OperationalError, "the PostgreSQL server could not be reached, refused the login, or the "
                               "connection was lost; check that the server runs, the database exists, and the URL "
                               "and password are right"),
)
#: Failures that come from the value being written, not from the desk: they cost one article, not the add.
_RECORD_ERRORS = (psycopg.DataError, psycopg.IntegrityError, errors.ProgramLimitExceeded)


class PostgresFailure(StoreFailure):
    """A PostgreSQL failure on a desk. ``sqlstate``: PostgreSQL's error code (``None`` for one psycopg reports)."""

    def __init__(self, name: str, error: psycopg.Error, password: str | None) -> None:
        self.sqlstate = error.sqlstate
        about_the_record = isinstance(error, _RECORD_ERRORS) or (
            isinstance(error, psycopg.ProgrammingError) and error.sqlstate is None)  # a value psycopg cannot send
        super().__init__(name, explain(error, password), about_the_record=about_the_record)


def explain(error: psycopg.Error, password: str | None = None) -> str:
    """PostgreSQL's message (its first line: the rest repeats the statement) plus what it usually means, never
    with the password in it."""
    message = getattr(error.diag, "message_primary", None) or str(error).strip().splitlines()[0]
    hint = next((hint for kind, hint in _HINTS if isinstance(error, kind)), None)
    explained = f"{message} ({hint})" if hint else message
    return explained.replace(password, "***") if password else explained


@lru_cache(maxsize=1024)
def translate(sql: str) -> str:
    """``Store``'s SQL in psycopg's parameter style: ``?`` outside quotes becomes ``%s``, and every literal ``%`` (in
    a string such as ``LIKE '%…%'`` too) becomes ``%%``. Cached: the store sends the same few statements over and
    over."""
    translated, quote = [], None
    for char in sql:
        if char == "%":
            translated.append("%%")
        elif quote is not None:
            translated.append(char)
            quote = None if char == quote else quote
        elif char in "'\"":
            translated.append(char)
            quote = char
        else:
            translated.append("%s" if char == "?" else char)
    return "".join(translated)


def text_search_configs() -> dict[str, str]:
    """Language code → PostgreSQL text-search configuration, from each language's ``search.json``
    (``postgresql_text_search``): which stemmer reads an article is language knowledge, kept with the language."""
    found = {}
    for code in lang.languages():
        config = lang.get(code).data("search").get("postgresql_text_search")
        if isinstance(config, str) and config:
            found[code] = config
    return found


class Connection:
    """A psycopg connection to a desk, whose failures are ``PostgresFailure``s, with what ``Store`` asks every
    backend in PostgreSQL's words (``store.file.Connection`` is SQLite's)."""

    def __init__(self, conn: psycopg.Connection, location: str) -> None:
        self._conn = conn
        self.name = shown_location(location)
        self._password = url_password(location)
        self._cursor_numbers = itertools.count(1)

    @property
    def in_transaction(self) -> bool:
        return self._conn.info.transaction_status != TransactionStatus.IDLE

    def _failure(self, error: Exception) -> PostgresFailure:
        return PostgresFailure(self.name, error, self._password)  # type: ignore[arg-type]

    def execute(self, sql: str, parameters: Iterable[Any] = ()) -> Rows:
        try:
            return Rows(self._conn.execute(translate(sql), tuple(parameters)), psycopg.Error, self._failure)
        except psycopg.Error as error:
            raise self._failure(error) from error

    def executemany(self, sql: str, rows: Iterable[Iterable[Any]]) -> Rows:
        try:
            cursor = self._conn.cursor()
            cursor.executemany(translate(sql), [tuple(row) for row in rows])
            return Rows(cursor, psycopg.Error, self._failure)
        except psycopg.Error as error:
            raise self._failure(error) from error

    def stream(self, sql: str, parameters: Iterable[Any] = ()) -> Rows:
        """A large result read ``STREAM_ROWS`` at a time through a server-side cursor (inside a transaction,
        which such a cursor needs; outside one the rows come at once)."""
        if not self.in_transaction:
            return self.execute(sql, parameters)
        try:
            cursor = self._conn.cursor(name=f"newsdesk_stream_{next(self._cursor_numbers)}")
            cursor.itersize = STREAM_ROWS
            cursor.execute(translate(sql), tuple(parameters))
            return Rows(cursor, psycopg.Error, self._failure)
        except psycopg.Error as error:
            raise self._failure(error) from error

    def rollback(self) -> None:
        if self.in_transaction:
            self.execute("ROLLBACK")

    def close(self) -> None:
        self._conn.close()

    # -- schema ---------------------------------------------------------------------------------------------------

    def schema_version(self) -> int:
        # pg_tables, not to_regclass: in a transaction that waited for the write lock while another process made the
        # desk, to_regclass still answers from a catalog cache that has not seen the new table.
        if self.execute("SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND "
                        "tablename = 'newsdesk_schema'").fetchone() is None:
            return 0
        return self.execute("SELECT version FROM newsdesk_schema").fetchone()[0]

    @staticmethod
    def migrations() -> Iterator[tuple[int, str]]:
        """(schema version it leads to, script) of every PostgreSQL migration, oldest first."""
        return iter(POSTGRES_MIGRATIONS)

    def run_script(self, script: str) -> None:
        try:
            self._conn.execute(script)  # no parameters: several statements in one go, ``$$`` bodies untouched
        except psycopg.Error as error:
            raise self._failure(error) from error

    def set_schema_version(self, version: int) -> None:
        self.execute("UPDATE newsdesk_schema SET version = ?", (version,))

    # -- transactions ---------------------------------------------------------------------------------------------

    def try_begin_write(self, seconds: float) -> bool:
        """Begin a transaction holding the desk's write lock, waiting up to ``seconds`` for another writer (``0``:
        not at all). RETURNS (bool): begun."""
        self.execute("BEGIN")
        try:
            if seconds <= 0:
                taken = self.execute("SELECT pg_try_advisory_xact_lock(?)", (APPLICATION_ID,)).fetchone()[0]
            else:
                self.execute(f"SET LOCAL lock_timeout = {max(1, round(seconds * 1000))}")
                self.execute("SELECT pg_advisory_xact_lock(?)", (APPLICATION_ID,))
                self.execute("SET LOCAL lock_timeout TO DEFAULT")
                taken = True
        except PostgresFailure as failure:
            self.rollback()
            if failure.sqlstate != errors.LockNotAvailable.sqlstate:
                raise
            return False
        if not taken:
            self.rollback()
        return bool(taken)

    def begin_snapshot(self) -> None:
        self.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")

    def prepare_for_writing(self, transaction: Callable[[str], AbstractContextManager[None]]) -> None:
        """Bring ``text_search_configs`` up to date with the language registry (in a ``transaction`` of the
        store's): a language whose configuration changed has its articles' search vectors made again. Only
        configurations this server has are used; an article of any other language is read with ``simple``."""
        available = {name for (name,) in self.execute("SELECT cfgname FROM pg_ts_config").fetchall()}
        wanted = {code: config for code, config in text_search_configs().items() if config in available}
        stored = dict(self.execute("SELECT language, config FROM text_search_configs").fetchall())
        if stored == wanted:
            return
        with transaction("record the languages of full-text search"):
            stored = dict(self.execute("SELECT language, config FROM text_search_configs").fetchall())
            if stored == wanted:  # another process brought it up to date while this one waited
                return
            changed = sorted(code for code in stored.keys() | wanted.keys() if stored.get(code) != wanted.get(code))
            self.execute("DELETE FROM text_search_configs")
            self.executemany("INSERT INTO text_search_configs (language, config) VALUES (?, ?)", wanted.items())
            self.execute("UPDATE articles SET language = language WHERE language = ANY(?)", (changed,))

    # -- what differs in SQL ----------------------------------------------------------------------------------------

    @staticmethod
    def member_of(column: str, values: list[str]) -> tuple[str, object]:
        """(condition, its one parameter): ``column`` is one of ``values``, however many there are."""
        return f"{column} = ANY(?)", list(values)

    @staticmethod
    def json_array_length(column: str) -> str:
        return f"json_array_length({column}::json)"

    def search(self, query: str, limit: int) -> list[tuple[str, str | None, str | None, str | None, str, float]]:
        """(id, title, outlet, published, snippet, rank) of the best matches, lower rank first (like bm25); each word
        is looked up in every configuration the desk uses (see ``store.postgres_search``)."""
        configs = tuple(sorted({config for (config,) in self.execute(
            "SELECT DISTINCT config FROM text_search_configs").fetchall()} | {FALLBACK_TEXT_SEARCH}))
        matching, parameters = tsquery(query, configs)
        return self.execute(
            "SELECT hit.id, hit.title, hit.outlet, hit.published, ts_headline(coalesce(c.config, ?)::regconfig, "
            "hit.text, hit.query, ?), hit.rank FROM (SELECT a.rowid, a.id, a.title, a.outlet, a.published, a.text, "
            f"a.language, q.query, -ts_rank('{_RANK_WEIGHTS}', a.search, q.query) AS rank FROM articles a, "
            f"(SELECT {matching} AS query) q WHERE a.search @@ q.query ORDER BY rank, a.rowid LIMIT ?) hit "
            "LEFT JOIN text_search_configs c ON c.language = hit.language ORDER BY hit.rank, hit.rowid",
            (FALLBACK_TEXT_SEARCH, _SNIPPET, *parameters, limit),
        ).fetchall()


def open_desk(location: str, *, create: bool, read_only: bool) -> Connection:
    """Connect to the desk at the URL ``location`` and recognise it (see the module's description)."""
    name = shown_location(location)
    try:
        raw = psycopg.connect(location, autocommit=True, connect_timeout=CONNECT_TIMEOUT_SECONDS,
                              application_name="newsdesk")
    except psycopg.Error as error:
        raise DeskError(f"{name}: cannot open the desk: {explain(error, url_password(location))}") from error
    conn = Connection(raw, location)
    try:
        conn.execute("SET client_min_messages = warning")  # no NOTICE for a query word that is a stop word
        _identify(conn, create=create)
        if read_only:
            conn.execute("SET default_transaction_read_only = on")
    except BaseException:
        conn.close()
        raise
    return conn


def _identify(conn: Connection, *, create: bool) -> None:
    """Refuse, before anything is written, a database that is not a desk, and an empty one unless ``create``."""
    tables = {name for (name,) in conn.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()").fetchall()}
    if "newsdesk_schema" in tables:
        return
    if not tables:  # nothing in it: no data to lose
        if not create:
            raise DeskError(f"no desk at {conn.name} (newsdesk add creates one)")
        return
    raise DeskError(f"{conn.name} is not a newsdesk desk (a PostgreSQL database of another program: it has tables "
                    "but no newsdesk_schema); it was left untouched: pick another --db database")

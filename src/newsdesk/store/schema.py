"""The desk's schema: the ordered migrations that build and upgrade it, in SQLite's form (``MIGRATIONS``, counted by
``PRAGMA user_version``) and in PostgreSQL's (``POSTGRES_MIGRATIONS``, counted in the ``newsdesk_schema`` table).

A migration is never edited once released: a desk made by that release has run it. Each change of the schema is a
new migration at the end, so an old desk opens in a new release and a desk from a newer release is refused.

PostgreSQL desks began at schema version 7: their first migration builds what SQLite's first seven built, in
PostgreSQL's types (``BIGINT … IDENTITY`` for SQLite's rowids, ``BYTEA``, ``DOUBLE PRECISION``, the events' and
stories' ids as primary keys) and with its full-text search (a ``tsvector`` column kept by a trigger, in the
text-search configuration the language registry names for each article's language: ``text_search_configs``, filled
by ``store.postgres``). **A later change of the schema is written twice**: SQLite's form appended to
``MIGRATIONS``, and PostgreSQL's appended to ``POSTGRES_MIGRATIONS`` with the same version number, so both
backends always agree on ``SCHEMA_VERSION`` (``tests/test_store_backends.py`` checks that).
"""

from __future__ import annotations

#: ``PRAGMA application_id`` of an SQLite desk ("news" in ASCII), set when a desk is created or upgraded; also the key
#: of a PostgreSQL desk's write lock (``pg_advisory_xact_lock``).
APPLICATION_ID = 0x6E657773

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
    # 2: copies (MinHash signatures + LSH buckets), events, stories, memberships, user decisions, clusterer state.
    """
    CREATE TABLE desk_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE copy_signatures (
        article_rowid INTEGER PRIMARY KEY REFERENCES articles(rowid),
        signature BLOB NOT NULL
    );
    CREATE TABLE copy_buckets (
        bucket INTEGER NOT NULL,
        article_rowid INTEGER NOT NULL,
        PRIMARY KEY (bucket, article_rowid)
    ) WITHOUT ROWID;
    CREATE TABLE stories (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        title TEXT
    );
    CREATE TABLE events (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        story_id TEXT NOT NULL REFERENCES stories(id),
        title TEXT,
        origin TEXT NOT NULL,
        merged_into TEXT REFERENCES events(id)
    );
    CREATE INDEX events_story ON events(story_id);
    CREATE TABLE memberships (
        article_id TEXT PRIMARY KEY REFERENCES articles(id),
        event_id TEXT NOT NULL REFERENCES events(id),
        machine_event_id TEXT NOT NULL REFERENCES events(id),
        score REAL NOT NULL,
        evidence TEXT NOT NULL,
        decision INTEGER REFERENCES decisions(seq)
    );
    CREATE INDEX memberships_event ON memberships(event_id);
    CREATE TABLE decisions (
        seq INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        payload TEXT NOT NULL,
        made_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
    );
    CREATE TABLE clusterer_state (
        name TEXT NOT NULL,
        part INTEGER NOT NULL,
        fingerprint TEXT NOT NULL,
        last_rowid INTEGER NOT NULL,
        state BLOB NOT NULL,
        saved_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
        PRIMARY KEY (name, part)
    );
    """,
    # 3: what the analysis stage found in each article (sentences, dates, quotes, inferred publication date).
    """
    CREATE TABLE analyses (
        article_id TEXT PRIMARY KEY REFERENCES articles(id),
        version INTEGER NOT NULL,
        data TEXT NOT NULL
    );
    CREATE INDEX analyses_version ON analyses(version);
    """,
    # 4: the clustering state as rows that each save updates where it changed, instead of a whole-state snapshot
    # per add (whose cost grew with the desk). The old snapshot goes; the desk rebuilds its state by replay.
    # Indexes for what a batch looks up: the members of a merged-away event, a story's newest events.
    """
    DROP TABLE clusterer_state;
    CREATE TABLE clustering_saved (
        only INTEGER PRIMARY KEY CHECK (only = 1),
        fingerprint TEXT NOT NULL,
        last_rowid INTEGER NOT NULL,
        documents INTEGER NOT NULL,
        sizes TEXT NOT NULL
    );
    CREATE TABLE clustering_groups (
        rowid INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        state BLOB NOT NULL,
        UNIQUE (kind, id)
    );
    CREATE TABLE clustering_merges (gone TEXT PRIMARY KEY, survivor TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE clustering_postings (
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        groups TEXT NOT NULL,
        PRIMARY KEY (kind, key)
    ) WITHOUT ROWID;
    CREATE TABLE clustering_frequencies (
        space TEXT NOT NULL,
        key TEXT NOT NULL,
        documents INTEGER NOT NULL,
        PRIMARY KEY (space, key)
    ) WITHOUT ROWID;
    CREATE INDEX memberships_machine_event ON memberships(machine_event_id);
    DROP INDEX events_story;
    CREATE INDEX events_story ON events(story_id, seq);
    """,
    # 5: the headline terms of each independent report and of each event title, stored when the article is placed
    # and the event titled, so titling reads them instead of extracting features again for up to 64 headlines per
    # changed event and story. Rows from before have none: the saved state goes, so the desk replays and fills them.
    """
    ALTER TABLE memberships ADD COLUMN headline_terms TEXT;
    ALTER TABLE events ADD COLUMN title_terms TEXT;
    DELETE FROM clustering_saved;
    """,
    # 6: saved events and stories are JSON text, no longer pickles (loading a pickle runs whatever code it names,
    # and a desk may come from anyone). The pickled rows go unread; the desk rebuilds its state by replay. And the
    # file says it is a desk (``APPLICATION_ID``), so that newsdesk recognises its own files.
    f"""
    DROP TABLE clustering_groups;
    CREATE TABLE clustering_groups (
        rowid INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        state TEXT NOT NULL,
        UNIQUE (kind, id)
    );
    DELETE FROM clustering_saved;
    PRAGMA application_id = {APPLICATION_ID};
    """,
    # 7: each story's dossier as built, so reading a story does not rebuild it: the JSON, the dossier version that
    # built it and a fingerprint of its inputs (members, their events and copies, their analysis versions, the
    # title). A row whose version or fingerprint differs from the story's now is stale and is rebuilt.
    """
    CREATE TABLE dossiers (
        story_id TEXT PRIMARY KEY,
        version INTEGER NOT NULL,
        fingerprint TEXT NOT NULL,
        data TEXT NOT NULL
    );
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)

_NOW = """to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')"""
"""The time as SQLite's ``strftime('%Y-%m-%dT%H:%M:%SZ', 'now')`` writes it (the store passes its own)."""

#: (schema version it leads to, script) of each PostgreSQL migration, oldest first.
POSTGRES_MIGRATIONS: tuple[tuple[int, str], ...] = (
    # 7: everything SQLite's migrations 1 to 7 built, and the version table.
    (7, f"""
    CREATE TABLE newsdesk_schema (version INTEGER NOT NULL);
    INSERT INTO newsdesk_schema (version) VALUES (0);
    CREATE TABLE text_search_configs (language TEXT PRIMARY KEY, config TEXT NOT NULL);
    CREATE TABLE articles (
        rowid BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
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
        added_at TEXT NOT NULL DEFAULT {_NOW},
        search TSVECTOR
    );
    CREATE INDEX articles_text_hash ON articles(text_hash);
    CREATE INDEX articles_published ON articles(published);
    CREATE INDEX articles_search ON articles USING GIN (search);
    CREATE FUNCTION articles_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        chosen REGCONFIG := coalesce(
            (SELECT config FROM text_search_configs WHERE language = NEW.language), 'simple')::REGCONFIG;
    BEGIN
        NEW.search := setweight(to_tsvector(chosen, coalesce(NEW.title, '')), 'A')
            || setweight(to_tsvector(chosen, NEW.text), 'B');
        RETURN NEW;
    END
    $$;
    CREATE TRIGGER articles_search BEFORE INSERT OR UPDATE OF title, text, language ON articles
        FOR EACH ROW EXECUTE FUNCTION articles_search_vector();
    CREATE TABLE ingest_runs (
        id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        started_at TEXT NOT NULL DEFAULT {_NOW},
        finished_at TEXT,
        inputs TEXT NOT NULL,
        added BIGINT NOT NULL DEFAULT 0,
        unchanged BIGINT NOT NULL DEFAULT 0,
        failed BIGINT NOT NULL DEFAULT 0
    );
    CREATE TABLE ingest_problems (
        run_id BIGINT NOT NULL REFERENCES ingest_runs(id),
        origin TEXT NOT NULL,
        reason TEXT NOT NULL
    );
    CREATE TABLE desk_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE copy_signatures (
        article_rowid BIGINT PRIMARY KEY REFERENCES articles(rowid),
        signature BYTEA NOT NULL
    );
    CREATE TABLE copy_buckets (
        bucket BIGINT NOT NULL,
        article_rowid BIGINT NOT NULL,
        PRIMARY KEY (bucket, article_rowid)
    );
    CREATE TABLE stories (
        seq BIGINT GENERATED BY DEFAULT AS IDENTITY UNIQUE,
        id TEXT PRIMARY KEY,
        title TEXT
    );
    CREATE TABLE events (
        seq BIGINT GENERATED BY DEFAULT AS IDENTITY UNIQUE,
        id TEXT PRIMARY KEY,
        story_id TEXT NOT NULL REFERENCES stories(id),
        title TEXT,
        origin TEXT NOT NULL,
        merged_into TEXT REFERENCES events(id),
        title_terms TEXT
    );
    CREATE INDEX events_story ON events(story_id, seq);
    CREATE TABLE decisions (
        seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        kind TEXT NOT NULL,
        payload TEXT NOT NULL,
        made_at TEXT NOT NULL DEFAULT {_NOW}
    );
    CREATE TABLE memberships (
        article_id TEXT PRIMARY KEY REFERENCES articles(id),
        event_id TEXT NOT NULL REFERENCES events(id),
        machine_event_id TEXT NOT NULL REFERENCES events(id),
        score DOUBLE PRECISION NOT NULL,
        evidence TEXT NOT NULL,
        decision BIGINT REFERENCES decisions(seq),
        headline_terms TEXT
    );
    CREATE INDEX memberships_event ON memberships(event_id);
    CREATE INDEX memberships_machine_event ON memberships(machine_event_id);
    CREATE TABLE analyses (
        article_id TEXT PRIMARY KEY REFERENCES articles(id),
        version INTEGER NOT NULL,
        data TEXT NOT NULL
    );
    CREATE INDEX analyses_version ON analyses(version);
    CREATE TABLE clustering_saved (
        "only" INTEGER PRIMARY KEY CHECK ("only" = 1),
        fingerprint TEXT NOT NULL,
        last_rowid BIGINT NOT NULL,
        documents BIGINT NOT NULL,
        sizes TEXT NOT NULL
    );
    CREATE TABLE clustering_groups (
        rowid BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        state TEXT NOT NULL,
        UNIQUE (kind, id)
    );
    CREATE TABLE clustering_merges (gone TEXT PRIMARY KEY, survivor TEXT NOT NULL);
    CREATE TABLE clustering_postings (
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        groups TEXT NOT NULL,
        PRIMARY KEY (kind, key)
    );
    CREATE TABLE clustering_frequencies (
        space TEXT NOT NULL,
        key TEXT NOT NULL,
        documents BIGINT NOT NULL,
        PRIMARY KEY (space, key)
    );
    CREATE TABLE dossiers (
        story_id TEXT PRIMARY KEY,
        version INTEGER NOT NULL,
        fingerprint TEXT NOT NULL,
        data TEXT NOT NULL
    );
    """),
)

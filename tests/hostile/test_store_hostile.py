"""A desk is data: opening one never runs code from it, only newsdesk desks are touched, reads never write and
read one snapshot, a second writer waits its turn, and a damaged or read-only file is explained in one line."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsdesk import Desk, DeskError, store
from newsdesk.cli import cli
from newsdesk.demo import corpus_path

#: Two outlets of the demo corpus: enough for events, stories and a move decision, quick to add without analysis.
FOLDERS = ("elbe-tageblatt", "hanse-nachrichten", "tech-ledger")
#: A pickle (protocol 0) that runs ``os.system`` when unpickled: what a hostile desk could hold as saved state.
PICKLE_RUNNING = "cos\nsystem\n(S'touch {marker}'\ntR."
#: Commands that only read a desk, each with the arguments it needs.
READ_COMMANDS = [["articles"], ["article", "abc"], ["search", "Streik"], ["stories"], ["events"], ["show", "abc"],
                 ["explain", "abc"], ["similar", "abc"], ["export"], ["info"]]


def add_demo_folders(desk: Desk) -> None:
    desk.add([str(corpus_path() / folder) for folder in FOLDERS], outlet_from_folder=True, analyze=False)


@pytest.fixture
def made_desk(tmp_path: Path) -> Path:
    """A closed desk of three demo outlets with one user decision (a move) on it."""
    path = tmp_path / "desk.db"
    with Desk(path) as desk:
        add_demo_folders(desk)
        events = desk.events()
        article = desk.event(events[0].id).members[0].id
        desk.move(article, events[-1].id)
    return path


def contents(path: Path) -> dict:
    """Articles, events and stories of a desk as its export has them (without the times that differ per run)."""
    with Desk(path, read_only=True) as desk:
        out = path.with_name("contents.json")
        desk.export(out)
    data = json.loads(out.read_text(encoding="utf-8"))
    del data["generated_at"]
    for article in data["articles"]:
        del article["added_at"]
    return data


def fingerprint_of(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def run_cli(*args: str) -> subprocess.CompletedProcess:
    """The real command in its own process: what a user sees on stderr, tracebacks included."""
    return subprocess.run([sys.executable, "-m", "newsdesk", *args], capture_output=True, text=True, timeout=120)


# -- a desk is data: saved state is JSON, a pickle in it never runs --------------------------------------------------


def test_a_pickle_in_the_saved_state_is_never_run(made_desk: Path, tmp_path: Path) -> None:
    before = contents(made_desk)
    marker = tmp_path / "ran"
    with sqlite3.connect(made_desk) as conn:
        conn.execute("UPDATE clustering_groups SET state = ?", (PICKLE_RUNNING.format(marker=marker).encode(),))
    with Desk(made_desk) as desk:
        assert desk.add([str(corpus_path() / FOLDERS[0])], analyze=False).added == 0  # loads (and rebuilds) state
    assert not marker.exists()
    assert contents(made_desk) == before


def test_an_old_desk_with_pickled_state_is_rebuilt_by_replay_keeping_decisions(made_desk: Path, tmp_path: Path) -> None:
    """A desk of schema 5 saved its events and stories as pickles; the upgrade drops them unread and the desk
    replays: the same events and stories, the user's move included."""
    before = contents(made_desk)
    marker = tmp_path / "ran"
    with sqlite3.connect(made_desk) as conn:  # back to schema 5 as an older release left it, pickles and all
        conn.executescript(
            "ALTER TABLE clustering_groups RENAME TO groups_now;"
            "CREATE TABLE clustering_groups (rowid INTEGER PRIMARY KEY, kind TEXT NOT NULL, id TEXT NOT NULL, "
            "state BLOB NOT NULL, UNIQUE (kind, id));"
            f"INSERT INTO clustering_groups (kind, id, state) SELECT kind, id, "
            f"x'{PICKLE_RUNNING.format(marker=marker).encode().hex()}' FROM groups_now ORDER BY rowid;"
            "DROP TABLE groups_now; DROP TABLE IF EXISTS dossiers; PRAGMA user_version = 5; PRAGMA application_id = 0;"
        )
    with Desk(made_desk) as desk:
        assert desk.add([str(corpus_path() / FOLDERS[0])], analyze=False).added == 0
    assert not marker.exists()
    assert contents(made_desk) == before
    with sqlite3.connect(made_desk) as conn:
        states = [state for (state,) in conn.execute("SELECT state FROM clustering_groups")]
    assert states and all(isinstance(json.loads(state), dict) for state in states)


# -- only a newsdesk desk is touched ----------------------------------------------------------------------------------


def test_an_unrelated_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.execute("INSERT INTO notes VALUES ('mine')")
    conn.close()
    before = fingerprint_of(other)
    for args in (["info"], ["add", str(corpus_path() / FOLDERS[0]), "--no-analyze"]):
        result = CliRunner().invoke(cli, [*args, "--db", str(other)])
        assert result.exit_code == 1
        assert "not a newsdesk desk" in result.stderr and "untouched" in result.stderr
        assert fingerprint_of(other) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["other.db"]


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes " * 500)
    before = fingerprint_of(notes)
    with pytest.raises(DeskError, match="not a newsdesk desk"):
        Desk(notes)
    assert fingerprint_of(notes) == before


@pytest.mark.parametrize("args", READ_COMMANDS, ids=lambda args: args[0])
def test_read_commands_on_a_missing_desk_say_so_and_create_nothing(tmp_path: Path, monkeypatch, args) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NEWSDESK_DB", raising=False)
    for db in ([], ["--db", "missing.db"]):
        result = CliRunner().invoke(cli, [*args, *db])
        assert result.exit_code == 1, result.output
        name = "missing.db" if db else "newsdesk.db"
        assert f"no desk at {name} (newsdesk add creates one)" in result.stderr
        assert list(tmp_path.iterdir()) == []


def test_an_empty_file_becomes_a_desk_marked_as_newsdesk(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    with Desk(path) as desk:
        add_demo_folders(desk)
        assert desk.stories()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] != 0


# -- readers never write and read one snapshot; a second writer waits -----------------------------------------------


def test_similar_reads_while_another_process_writes(made_desk: Path) -> None:
    """``similar`` on a desk whose saved state is gone (as after an upgrade) used to rebuild it in a write
    transaction and fail with 'database is locked' while another process wrote."""
    with sqlite3.connect(made_desk) as conn:
        conn.execute("DELETE FROM clustering_saved")
        article = conn.execute("SELECT id FROM articles ORDER BY rowid LIMIT 1").fetchone()[0]
    writer = sqlite3.connect(made_desk, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        result = CliRunner().invoke(cli, ["similar", article, "--db", str(made_desk), "--json"])
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout.splitlines()[0])
        assert time.monotonic() - started < 5
    finally:
        writer.rollback()
        writer.close()


def test_read_only_desk_reads_everything_and_changes_nothing(made_desk: Path, tmp_path: Path) -> None:
    """Read commands open the desk read-only (SQLite ``mode=ro``): this is also how a desk in a read-only folder
    or file is read (root, which runs these tests, ignores permissions, so the mode is exercised directly)."""
    before = fingerprint_of(made_desk)
    with Desk(made_desk, read_only=True) as desk:
        article = next(desk.articles()).id
        assert desk.stories() and desk.events() and desk.search("Streik")
        assert desk.similar(article) and desk.explain(article).event
        desk.export(tmp_path / "out.jsonl", format="jsonl")
        with pytest.raises(DeskError, match="read-only"):
            add_demo_folders(desk)
        with pytest.raises(DeskError, match="read-only"):
            desk.move(article, desk.events()[-1].id)
    assert fingerprint_of(made_desk) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_a_desk_in_a_read_only_folder_can_be_read(made_desk: Path) -> None:
    folder = made_desk.parent
    folder.chmod(0o555)
    try:
        result = CliRunner().invoke(cli, ["stories", "--db", str(made_desk)])
        assert result.exit_code == 0, result.output
        result = CliRunner().invoke(cli, ["add", str(corpus_path() / "morgenkurier"), "--db", str(made_desk)])
        assert result.exit_code == 1 and "read-only" in result.stderr
    finally:
        folder.chmod(0o755)


class _AddsOnFirstWrite:
    """An export destination that lets another desk add articles once the export has begun."""

    def __init__(self, other: Desk) -> None:
        self.other, self.parts = other, []

    def write(self, text: str) -> int:
        if not self.parts:
            self.other.add([str(corpus_path() / "morgenkurier")], outlet_from_folder=True, analyze=False)
        self.parts.append(text)
        return len(text)


def test_export_is_one_snapshot_while_another_desk_adds(made_desk: Path) -> None:
    with Desk(made_desk, read_only=True) as reader, Desk(made_desk) as writer:
        count = reader.store.count_articles()
        destination = _AddsOnFirstWrite(writer)
        assert reader.export(destination) == count
        assert writer.store.count_articles() > count
    data = json.loads("".join(destination.parts))
    events = {event["id"] for event in data["events"]}
    assert len(data["articles"]) == count
    assert {article["event"] for article in data["articles"]} <= events


def test_a_second_writer_waits_its_turn_and_says_so_once(made_desk: Path, caplog, monkeypatch) -> None:
    monkeypatch.setattr(store, "WRITE_WAIT_SECONDS", 30.0)  # the test fails, not hangs, if nobody lets go
    holder = sqlite3.connect(made_desk, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(1.5, holder.rollback)
    release.start()
    try:
        with caplog.at_level(logging.WARNING), Desk(made_desk) as desk:
            report = desk.add([str(corpus_path() / "morgenkurier")], outlet_from_folder=True, analyze=False)
        assert report.added > 0
    finally:
        release.join()
        holder.close()
    waits = [record.getMessage() for record in caplog.records if "waiting for another" in record.getMessage()]
    assert waits == [f"waiting for another newsdesk process to finish writing to {made_desk} …"]


# -- a damaged file is one clear line ---------------------------------------------------------------------------------


def test_a_damaged_page_is_one_clear_line_for_add_similar_and_search(made_desk: Path) -> None:
    with sqlite3.connect(made_desk) as conn:
        article = conn.execute("SELECT id FROM articles ORDER BY rowid LIMIT 1").fetchone()[0]
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(made_desk.read_bytes())
    pages = len(data) // page_size
    for page in range(2, pages - 1):  # every page but the header page and the last: the middle of the file
        start = page * page_size
        data[start:start + page_size] = bytes([0x5A]) * page_size
    made_desk.write_bytes(bytes(data))
    for args in (["add", str(corpus_path() / "morgenkurier"), "--no-analyze"], ["similar", article],
                 ["search", "Streik"]):
        result = run_cli(*args, "--db", str(made_desk))
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "the desk file is damaged" in lines[0], result.stderr


def test_a_search_query_of_thousands_of_prefix_terms_is_refused_with_its_bounds(tmp_path: Path) -> None:
    from newsdesk.desk import MAX_QUERY_PREFIXES

    (tmp_path / "a.txt").write_text("Ein Bericht über den Hafen\n\n" + "Der Hafen wächst. " * 20, encoding="utf-8")
    with Desk(tmp_path / "d.db") as desk:
        desk.add([str(tmp_path / "a.txt")])
        query = " OR ".join(f"h{index}*" for index in range(300))
        with pytest.raises(DeskError, match="too large"):
            desk.search(query)
        assert desk.search(" OR ".join(["hafen*"] * MAX_QUERY_PREFIXES))

"""What the CLI prints is safe and says what happened: desk text never reaches the terminal as escape sequences or
rich markup (a desk made before text was stored plain still holds them), long runs show progress, messages count
right, and a GermEval file with an empty trailing column is read."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

import newsdesk.store
from newsdesk.cli import cli
from newsdesk.cli._output import RunProgress, json_text, shown
from newsdesk.evaluate.ner import read_germeval
from newsdesk.model import Article, RemovedLine
from newsdesk.store import Store

BODY = ("Der Stadtrat hat am Montag beschlossen, dass die Brücke an der Weser saniert wird. Die Arbeiten sollen "
        "im Herbst beginnen und ein Jahr dauern.\n\nDie Kosten trägt zum größten Teil das Land Niedersachsen.")
OTHER = ("Wegen eines Maschinenschadens fällt die Fähre nach Helgoland bis Freitag aus. Die Reederei bietet "
         "Ersatzflüge an, teilte ein Sprecher in Cuxhaven mit.")
#: What a desk made before plain-text storage may hold: OSC (window title), CSI (clear screen), 8-bit CSI, BEL,
#: and text that rich would read as markup (an unbalanced ``[/]`` even makes rich raise).
HOSTILE = "\x1b]0;owned\x07[bold red]Brücke[/] \x1b[2J[link=https://evil.example]klick[/link]\x9b31m :thumbs_up:"
TERMINAL_CONTROLS = ("\x1b", "\x07", "\x9b")
ADD_KINDS = {"added": "added", "unchanged": "unchanged", "failed": "failed"}
ANALYZE_KINDS = {"analyzed": "analysed", "failed": "failed"}


def hostile_article() -> Article:
    """An article as an old desk may hold it, its text and metadata unsanitised."""
    return Article(
        id="00ff00ff00ff00ff",
        source=f"old-{HOSTILE}.json",
        text=f"{BODY}\n\n„Wir {HOSTILE} bauen“, sagte Anna Muster am Montag. [/]",
        title=HOSTILE,
        authors=[HOSTILE],
        outlet=HOSTILE,
        language="de",
        removed=[RemovedLine(1, HOSTILE, HOSTILE)],
        text_hash="hostile",
        notes=[HOSTILE],
    )


@pytest.fixture
def old_desk(tmp_path: Path) -> str:
    """A desk with one ordinary article and one hostile article stored as an old release stored it."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "plain.txt").write_text(f"Brücke an der Weser wird saniert\n\n{BODY}\n", encoding="utf-8")
    (tmp_path / "in" / "other.txt").write_text(f"Fähre fällt aus\n\n{OTHER}\n", encoding="utf-8")
    db = str(tmp_path / "desk.db")
    assert CliRunner().invoke(cli, ["add", "--db", db, "--no-analyze", str(tmp_path / "in")]).exit_code == 0
    store = Store(db)
    with store.transaction():
        store.insert_article(hostile_article())
    store.close()
    assert CliRunner().invoke(cli, ["add", "--db", db, str(tmp_path / "in")]).exit_code == 0  # places it
    return db


def run(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == code, result.output
    return result.output


def assert_safe(output: str) -> None:
    assert not any(control in output for control in TERMINAL_CONTROLS), repr(output)


def test_every_listing_prints_desk_text_without_escapes_and_markup_literally(old_desk: str) -> None:
    story = json.loads(run("stories", "--db", old_desk, "--json"))[0]["id"]
    plain = next(item["id"] for item in json.loads(run("articles", "--db", old_desk, "--json"))
                 if item["title"].startswith("Brücke an der Weser"))
    assert_safe(run("analyze", "--db", old_desk))
    outputs = {
        "article": run("article", "--db", old_desk, "00ff00"),
        "articles": run("articles", "--db", old_desk),
        "search": run("search", "--db", old_desk, "Brücke"),
        "stories": run("stories", "--db", old_desk),
        "show": run("show", "--db", old_desk, story),
        "events": run("events", "--db", old_desk),
        "explain": run("explain", "--db", old_desk, "00ff00"),
        "similar": run("similar", "--db", old_desk, plain),
        "info": run("info", "--db", old_desk),
    }
    for output in outputs.values():
        assert_safe(output)
    for command in ("article", "articles", "search", "similar"):
        assert "[bold red]Brücke[/]" in outputs[command], command
        assert ":thumbs_up:" in outputs[command], command
    assert "[link=https://evil.example]klick[/link]" in outputs["article"]
    assert "sagte Anna Muster" in outputs["article"] and "Removed while cleaning" in outputs["article"]


def test_json_output_stays_exact_json_without_raw_controls(old_desk: str) -> None:
    for args in (["articles"], ["article", "00ff00"], ["search", "Brücke"], ["stories"], ["events"]):
        output = run(*args, "--db", old_desk, "--json")
        assert_safe(output)
        try:
            parsed = json.loads(output)
        except json.JSONDecodeError:  # search: one JSON object per line
            parsed = [json.loads(line) for line in output.splitlines()]
        items = parsed if isinstance(parsed, list) else [parsed]
        if args[0] in ("articles", "article", "search"):
            assert HOSTILE in {item["title"] for item in items}, args


def test_json_text_escapes_c1_controls_and_round_trips() -> None:
    data = {"title": "a\x1b[31mb\x9bc\x7fd\u2028e ü"}
    text = json_text(data)
    assert json.loads(text) == data
    assert all(char not in text for char in "\x1b\x9b\x7f") and "ü" in text


def test_shown_removes_escapes_and_escapes_markup() -> None:
    assert shown("a\x1b]0;x\x07[b]c[/b]\x1b[2J") == "a\\[b]c\\[/b]"
    assert shown(None) == ""


def test_add_progress_lines_name_failures_safely_and_count_right(tmp_path: Path) -> None:
    bad = tmp_path / "leer-\x1b]0;owned\x07[bold]x.txt"
    bad.write_text("")
    (tmp_path / "gut.txt").write_text(f"Brücke an der Weser wird saniert\n\n{BODY}\n", encoding="utf-8")
    (tmp_path / "kopie.txt").write_text(f"Brücke wird saniert\n\n{BODY}\n", encoding="utf-8")
    db = str(tmp_path / "desk.db")
    output = run("add", "--db", db, "--no-analyze", str(tmp_path), code=1)
    assert_safe(output)
    assert "[bold]x.txt" in output and output.count("FAILED") == 1
    assert "2 added (1 copy of a stored article), 0 already on the desk, 1 failed" in output
    assert "added " not in output.replace("2 added", "")  # progress, not one line per article
    quiet = run("add", "-q", "--db", db, "--no-analyze", str(tmp_path), code=1)
    assert quiet.count("\n") == 2 and "FAILED" in quiet and "2 already on the desk" in quiet


def test_run_progress_prints_plain_periodic_lines_when_not_a_terminal() -> None:
    from rich.console import Console

    console = Console(record=True, force_terminal=False, width=200)
    with RunProgress(console, "add", kinds=ADD_KINDS, done_word="read", every=0.0) as progress:
        for kind in ("added", "added", "unchanged", "failed"):
            progress.advance(kind)
    lines = console.export_text().splitlines()
    assert lines[-1].startswith("add: 4 read, 2 added, 1 unchanged, 1 failed, ")
    assert lines[-1].endswith("/s")
    with RunProgress(console, "analyze", kinds=ANALYZE_KINDS, total=10, every=0.0) as progress:
        progress.advance("analyzed")
    assert "analyze: 1 of 10 done, 1 analysed, 0 failed" in console.export_text()
    with RunProgress(console, "add", kinds=ADD_KINDS, quiet=True, every=0.0) as progress:
        progress.advance("added")
    assert console.export_text() == ""


def test_run_progress_draws_a_bar_on_a_terminal() -> None:
    from rich.console import Console

    console = Console(record=True, force_terminal=True, width=120)
    with RunProgress(console, "analyze", kinds=ANALYZE_KINDS, total=4) as progress:
        for _ in range(4):
            progress.advance("analyzed")
    text = console.export_text()
    assert "4/4" in text and "/s" in text


def test_merge_of_an_event_with_itself_is_an_error(old_desk: str) -> None:
    event = json.loads(run("events", "--db", old_desk, "--json"))[0]["id"]
    output = run("merge", "--db", old_desk, event, event[:8], code=1)
    assert f"cannot merge event {event} with itself" in output and "merged" not in output


def test_merge_on_a_locked_desk_says_it_cannot_merge(old_desk: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(newsdesk.store, "WRITE_WAIT_SECONDS", 0.1)  # give up on the lock at once
    events = [event["id"] for event in json.loads(run("events", "--db", old_desk, "--json"))]
    assert len(events) == 2
    locker = sqlite3.connect(old_desk, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        output = run("merge", "--db", old_desk, *events, code=1)
    finally:
        locker.rollback()
        locker.close()
    assert "cannot merge" in output and "store articles" not in output


def test_germeval_reader_tolerates_an_empty_trailing_column(tmp_path: Path) -> None:
    path = tmp_path / "test.tsv"
    path.write_text("#\thttp://example.org/a\t[2024-01-01]\n1\tAnna\tB-PER\tO\t\n2\tlacht\tO\tO\n\n",
                    encoding="utf-8")
    [sentence] = read_germeval(path)
    assert sentence.tokens == ("Anna", "lacht") and sentence.outer == ("B-PER", "O")
    path.write_text("1\tAnna\tB-PER\n", encoding="utf-8")
    with pytest.raises(ValueError, match="expected 4 tab-separated columns"):
        read_germeval(path)


def test_add_reports_each_input_as_read_before_its_batch_is_stored(tmp_path: Path) -> None:
    from newsdesk import Desk

    folder = tmp_path / "in"
    folder.mkdir()
    for index in range(3):
        (folder / f"{index}.txt").write_text(f"Bericht {index}\n\nDer Rat tagte am Abend zum Haushalt, Punkt {index}.",
                                             encoding="utf-8")
    notices: list[str] = []
    with Desk(tmp_path / "d.db") as desk:
        desk.add([str(folder)], progress=lambda kind, item: notices.append(kind))
    assert notices.count("read") == 3 and notices.count("added") == 3
    assert notices.index("added") > max(i for i, kind in enumerate(notices) if kind == "read")  # one batch of three

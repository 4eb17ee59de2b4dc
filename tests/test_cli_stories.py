"""The event and story commands through click's CliRunner on a copy of the demo desk, error paths included."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsdesk.cli import cli
from newsdesk.demo import corpus_path, run_demo

STRIKE_A = corpus_path() / "hanse-nachrichten" / "2024-03-12_streiktag-an-der-weser.html"
STRIKE_B = corpus_path() / "niederweser-anzeiger" / "undated_streik-weserholz-steht-still.txt"
CAMP = corpus_path() / "rheinischer-bote" / "2024-07-09_roemisches-marschlager-kranzburg.html"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return run_demo(tmp_path_factory.mktemp("demo")).db_path


@pytest.fixture
def db(demo_db: Path, tmp_path: Path) -> str:
    path = tmp_path / "desk.db"
    source = sqlite3.connect(demo_db)
    with sqlite3.connect(path) as target:
        source.backup(target)
    source.close()
    return str(path)


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_cli_stories_table_and_json(db: str) -> None:
    table = run("stories", "--db", db)
    assert "Talbahn" in table and "copy" in table
    stories = json.loads(run("stories", "--db", db, "--json"))
    assert {"id", "title", "events", "articles", "outlets", "first", "last"} <= stories[0].keys()
    assert sum(story["articles"] + story["copies"] for story in stories) == 42


def test_cli_show_lists_events_articles_and_copies(db: str) -> None:
    stories = json.loads(run("stories", "--db", db, "--json"))
    story = next(s for s in stories if s["copies"])
    shown = run("show", "--db", db, story["id"][:6])
    assert "copy:" in shown and story["title"] in shown
    detail = json.loads(run("show", "--db", db, story["id"], "--json"))
    assert len(detail["events"]) == story["events"]


def test_cli_explain_similar_and_events(db: str) -> None:
    first = sqlite3.connect(db).execute("SELECT id FROM articles ORDER BY rowid LIMIT 1").fetchone()[0]
    articles = json.loads(run("similar", "--db", db, "--json", "-n", "3", first))
    assert len(articles) == 3 and all(0 <= a["score"] <= 1 for a in articles)
    explained = run("explain", "--db", db, articles[0]["id"])
    assert "is in event" in explained and "  story:           its event " in explained
    assert json.loads(run("explain", "--db", db, articles[0]["id"], "--json"))["event"]
    assert "e-" in run("events", "--db", db)


def test_cli_compare_two_files_and_pairs(tmp_path: Path) -> None:
    same = json.loads(run("compare", str(STRIKE_A), str(STRIKE_B), "--json"))
    other = json.loads(run("compare", str(STRIKE_A), str(CAMP), "--json"))
    assert 0.0 <= other["score"] < same["score"] <= 1.0
    assert "score" in run("compare", str(STRIKE_A), str(STRIKE_B))
    pairs = tmp_path / "pairs.jsonl"
    text_a, text_b = STRIKE_B.read_text(encoding="utf-8"), CAMP.read_text(encoding="utf-8")
    pairs.write_text(
        json.dumps({"id": "p1", "text1": text_a, "text2": text_a}) + "\n"
        + json.dumps({"id": "p2", "text1": text_a, "text2": text_b}) + "\n"
        + json.dumps({"id": "p3", "text1": "", "text2": text_b}) + "\n"
        + "{broken\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["compare", "--pairs", str(pairs)])
    assert result.exit_code == 1  # every pair answered, two of them unreadable: exit code 1, as for add
    lines = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert [line.get("id") for line in lines] == ["p1", "p2", "p3", None]
    assert lines[0]["score"] > 0.5 > lines[1]["score"]
    assert lines[2]["score"] == 0.0 and "error" in lines[2] and "error" in lines[3]


def test_cli_compare_usage_errors() -> None:
    result = CliRunner().invoke(cli, ["compare", str(STRIKE_A)])
    assert result.exit_code == 2


def test_cli_move_split_merge_and_errors(db: str) -> None:
    events = json.loads(run("events", "--db", db, "--json"))
    big = max(events, key=lambda event: event["articles"])
    members = [m["id"] for m in json.loads(run("show", "--db", db, big["story"], "--json"))["events"][0]["members"]
               if not m["copy_of"]]
    detail = json.loads(run("show", "--db", db, big["story"], "--json"))
    first_event = detail["events"][0]["event"]["id"]
    assert "split" in run("split", "--db", db, first_event, members[-1])
    assert "moved" in run("move", "--db", db, members[-1], first_event)
    other = next(event["id"] for event in events if event["id"] != first_event)
    assert "merged" in run("merge", "--db", db, first_event, other)
    for args in (["move", "--db", db, "nope", first_event], ["show", "--db", db, "s-nothing"],
                 ["merge", "--db", db, "e-nothing", first_event], ["explain", "--db", db, "0000000000"]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 1, args
        assert result.output.count("\n") == 1 and "Error:" in result.output


def test_cli_rename_a_story_and_errors(db: str) -> None:
    story = json.loads(run("stories", "--db", db, "--json"))[0]
    said = run("rename", "--db", db, story["id"][:8], "Mein Titel <b>")
    assert "renamed" in said and "Mein Titel <b>" in said
    assert json.loads(run("show", "--db", db, story["id"], "--json"))["story"]["title"] == "Mein Titel <b>"
    for args in (["rename", "--db", db, "s-nothing", "Titel"], ["rename", "--db", db, story["id"], "  "]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 1, args
        assert result.output.count("\n") == 1 and "Error:" in result.output


def test_cli_demo_prints_the_stories(tmp_path: Path) -> None:
    output = run("demo", "-o", str(tmp_path / "demo"))
    assert "stories, newest first" in output and "Talbahn" in output

"""The command line: each command on a real desk through click's CliRunner, including the error paths."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsdesk.cli import cli

TEXT = """Fähre nach Helgoland fällt aus

Von: Ole Beispiel

Wegen eines Maschinenschadens fällt die Fähre nach Helgoland bis Freitag aus. Die Reederei bietet Ersatzflüge an.

„Wir bedauern die Unannehmlichkeiten“, sagte ein Sprecher der Reederei am Mittwoch.
"""


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def filled_db(tmp_path: Path, runner: CliRunner) -> str:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "faehre.txt").write_text(TEXT, encoding="utf-8")
    db = str(tmp_path / "desk.db")
    result = runner.invoke(cli, ["add", "--db", db, str(tmp_path / "in")])
    assert result.exit_code == 0, result.output
    return db


def test_cli_add_reports_summary_and_is_idempotent(runner: CliRunner, filled_db: str, tmp_path: Path) -> None:
    again = runner.invoke(cli, ["add", "--db", filled_db, str(tmp_path / "in")])
    assert again.exit_code == 0
    assert "0 added" in again.output and "1 already on the desk" in again.output


def test_cli_add_failure_exits_non_zero_with_one_line_per_problem(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    result = runner.invoke(cli, ["add", "--db", str(tmp_path / "d.db"), str(tmp_path / "empty.txt"),
                                 str(tmp_path / "nothing-here.txt")])
    assert result.exit_code == 1
    assert "empty.txt" in result.output and "nothing-here.txt" in result.output
    assert "Traceback" not in result.output


def test_cli_db_from_environment(runner: CliRunner, filled_db: str) -> None:
    result = runner.invoke(cli, ["info", "--json"], env={"NEWSDESK_DB": filled_db})
    assert result.exit_code == 0
    assert json.loads(result.output)["articles"] == 1


def test_cli_search_prints_hits_and_explains_bad_query(runner: CliRunner, filled_db: str) -> None:
    result = runner.invoke(cli, ["search", "--db", filled_db, "Helgoland"])
    assert result.exit_code == 0 and "Fähre nach Helgoland" in result.output
    as_json = runner.invoke(cli, ["search", "--db", filled_db, "--json", "Reederei"])
    assert json.loads(as_json.output.splitlines()[0])["title"] == "Fähre nach Helgoland fällt aus"
    bad = runner.invoke(cli, ["search", "--db", filled_db, '"Helgoland'])
    assert bad.exit_code == 1 and "Error" in bad.output and "Traceback" not in bad.output


def test_cli_export_to_file_and_stdout(runner: CliRunner, filled_db: str, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    result = runner.invoke(cli, ["export", "--db", filled_db, "-o", str(target)])
    assert result.exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["articles"][0]["authors"] == ["Ole Beispiel"]
    stdout = runner.invoke(cli, ["export", "--db", filled_db, "--format", "jsonl"])
    assert json.loads(stdout.stdout.splitlines()[1])["type"] == "article"


def test_cli_article_shows_audit_of_removed_lines(runner: CliRunner, filled_db: str) -> None:
    listing = runner.invoke(cli, ["articles", "--db", filled_db])
    article_id = next(line.split()[1] for line in listing.output.splitlines() if "Helgoland" in line)
    shown = runner.invoke(cli, ["article", "--db", filled_db, article_id[:6]])
    assert shown.exit_code == 0
    assert "byline" in shown.output and "Von: Ole Beispiel" in shown.output
    missing = runner.invoke(cli, ["article", "--db", filled_db, "ffffffff"])
    assert missing.exit_code == 1 and "no article" in missing.output


def test_cli_articles_lists_metadata_as_json(runner: CliRunner, filled_db: str) -> None:
    listed = json.loads(runner.invoke(cli, ["articles", "--db", filled_db, "--json"]).output)
    helgoland = next(item for item in listed if "Helgoland" in (item["title"] or ""))
    assert helgoland["authors"] == ["Ole Beispiel"] and "text" not in helgoland
    assert list(helgoland) == ["id", "title", "outlet", "language", "published", "published_from", "duplicate_of",
                               "source", "url", "authors"]
    assert len(json.loads(runner.invoke(cli, ["articles", "--db", filled_db, "--json", "-n", "1"]).output)) == 1


def test_cli_field_map_validation(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["add", "--db", str(tmp_path / "d.db"), "--field-map", "body", "x.json"])
    assert result.exit_code == 2 and "FIELD=KEY" in result.output


def test_cli_field_map_reads_other_layouts(runner: CliRunner, tmp_path: Path) -> None:
    record = {"headline": "Neue Brücke eröffnet", "body": {"content": "Die neue Brücke ist offen. " * 10},
              "meta": {"date": "2024-06-01"}}
    (tmp_path / "other.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    db = str(tmp_path / "d.db")
    result = runner.invoke(cli, ["add", "--db", db, "--field-map", "title=headline", "--field-map",
                                 "text=body.content", "--field-map", "published=meta.date", str(tmp_path / "other.jsonl")])
    assert result.exit_code == 0, result.output
    exported = json.loads(runner.invoke(cli, ["export", "--db", db]).stdout)
    assert exported["articles"][0]["title"] == "Neue Brücke eröffnet"
    assert exported["articles"][0]["published"].startswith("2024-06-01")


def test_cli_article_shows_its_entities_with_their_fields(runner: CliRunner, filled_db: str) -> None:
    listing = json.loads(runner.invoke(cli, ["articles", "--db", filled_db, "--json"]).output)
    article_id = next(item["id"] for item in listing if "Helgoland" in (item["title"] or ""))
    shown = runner.invoke(cli, ["article", "--db", filled_db, article_id])
    assert shown.exit_code == 0 and "Entities" in shown.output
    data = json.loads(runner.invoke(cli, ["article", "--db", filled_db, article_id, "--json"]).output)
    helgoland = next(entity for entity in data["entities"] if entity["name"] == "Helgoland")
    assert helgoland["id"].startswith("loc:") and helgoland["id"] in shown.output
    assert helgoland["fields"] == ["title", "text"] and helgoland["mentions"] == 2
    assert any(item["field"] == "title" for item in data["analysis"]["entities"])

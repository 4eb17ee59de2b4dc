"""End to end on the bundled demo corpus: the main job a new user runs first (``newsdesk demo``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsdesk.cli import cli
from newsdesk.demo import corpus_path, run_demo

GOLD = json.loads((corpus_path().parent / "gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):
    return run_demo(tmp_path_factory.mktemp("demo"))


def test_demo_ingests_every_article_without_failures(demo) -> None:
    assert demo.report.problems == []
    assert demo.report.added == len(GOLD["documents"])
    assert demo.summary["languages"].keys() >= {"de", "en"}


def test_demo_export_matches_gold_metadata(demo) -> None:
    exported = json.loads(demo.export_path.read_text(encoding="utf-8"))["articles"]
    assert len(exported) == len(GOLD["documents"])
    by_title = {article["title"]: article for article in exported}
    for document in GOLD["documents"]:
        article = by_title.get(document["title"])
        assert article is not None, f"title not found for {document['path']}: {document['title']!r}"
        assert article["language"] == document["language"], document["path"]
        if document.get("published"):
            assert article["published"] and article["published"].startswith(document["published"]), document["path"]
        if document.get("authors"):
            assert set(document["authors"]) <= set(article["authors"]), document["path"]


def test_demo_marks_the_verbatim_copy(demo) -> None:
    exported = json.loads(demo.export_path.read_text(encoding="utf-8"))["articles"]
    copies = [article for article in exported if article["duplicate_of"]]
    verbatim = [doc for doc in GOLD["documents"] if doc.get("copy_kind") == "verbatim"]
    assert len(copies) >= len(verbatim) == 1


def test_demo_debris_is_removed(demo) -> None:
    exported = json.loads(demo.export_path.read_text(encoding="utf-8"))["articles"]
    for article in exported:
        for marker in ("Lesen Sie auch", "Leave a Reply", "pic.twitter.com", "Akismet", "©", "Startseite"):
            assert marker not in article["text"], (article["source"], marker)


def test_demo_rerun_adds_nothing(demo) -> None:
    again = run_demo(demo.db_path.parent)
    assert again.report.added == 0 and again.report.unchanged == demo.report.added


def test_demo_command_says_where_the_output_is(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["demo", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "export.json" in result.output and "desk.db" in result.output

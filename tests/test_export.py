"""The export contract: both layouts, streaming, and documentation of every key."""

from __future__ import annotations

import io
import json
from dataclasses import fields
from pathlib import Path

import pytest

from newsdesk.export import EXPORT_VERSION, write_export
from newsdesk.model import Article, RemovedLine

DOCS = Path(__file__).resolve().parents[1] / "docs" / "export-format.md"


def sample_articles() -> list[Article]:
    return [
        Article(id="a1", source="a.txt", text="Erster Absatz.\n\nZweiter Absatz.", title="Eins", text_hash="h1",
                removed=[RemovedLine(2, "Kommentare", "comments")]),
        Article(id="a2", source="b.txt", text="Anderer Text.", text_hash="h2", duplicate_of="a1"),
    ]


def test_export_json_is_one_document_with_header_and_articles() -> None:
    buffer = io.StringIO()
    assert write_export(sample_articles(), buffer, format="json") == 2
    data = json.loads(buffer.getvalue())
    assert data["format"] == "newsdesk" and data["version"] == EXPORT_VERSION
    assert [item["id"] for item in data["articles"]] == ["a1", "a2"]
    assert data["articles"][0]["removed"] == [{"line": 2, "text": "Kommentare", "rule": "comments"}]
    assert data["articles"][1]["duplicate_of"] == "a1"


def test_export_json_with_no_articles_is_valid() -> None:
    buffer = io.StringIO()
    write_export([], buffer, format="json")
    assert json.loads(buffer.getvalue())["articles"] == []


def test_export_jsonl_has_header_line_then_typed_articles() -> None:
    buffer = io.StringIO()
    write_export(sample_articles(), buffer, format="jsonl")
    lines = [json.loads(line) for line in buffer.getvalue().splitlines()]
    assert lines[0]["type"] == "header" and lines[0]["version"] == EXPORT_VERSION
    assert [line["type"] for line in lines[1:]] == ["article", "article"]
    assert Article.from_dict(lines[1]) == sample_articles()[0]


def test_export_rejects_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown export format"):
        write_export([], io.StringIO(), format="xml")  # type: ignore[arg-type]


def test_export_every_article_key_is_documented() -> None:
    documented = DOCS.read_text(encoding="utf-8")
    for field in [*(f.name for f in fields(Article)), "event", "story"]:
        assert f"| `{field}` |" in documented, f"{field} missing from docs/export-format.md"
    assert f"| {EXPORT_VERSION} |" in documented


def test_export_documents_every_key_of_the_analysis_findings() -> None:
    """Entities, dates and quotes carry ``field`` (title or text) and entities their matching ``key``: each key a
    finding has is named in its row of the Analysis table."""
    from newsdesk.analysis import analysis_record, analyze

    record = analysis_record(analyze("„Wir bleiben“, sagte Anna Berg am 3. März 2024 in Weserholz.", language="de",
                                     title="Anna Berg bleibt"))
    rows = {line.split("|")[1].strip(" `"): line for line in DOCS.read_text(encoding="utf-8").splitlines()
            if line.startswith("| `")}
    for part in ("entities", "timexes", "quotes"):
        assert record[part], part
        for key in record[part][0]:
            assert f"`{key}`" in rows[part], f"{part}.{key} missing from docs/export-format.md"
    assert {item["field"] for item in record["entities"]} == {"title", "text"}

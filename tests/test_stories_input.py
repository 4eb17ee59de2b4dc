"""Bad input never crashes clustering or corrupts the stored events: each case ends with a consistent desk."""

from __future__ import annotations

import json
import random
import sqlite3
from pathlib import Path

import pytest

from newsdesk import Desk

SENTENCES = [
    "Der Stadtrat von Lindenau hat am Dienstag über den neuen Haushalt beraten.",
    "Die Feuerwehr rückte in der Nacht zu einem Brand in einer Lagerhalle aus.",
    "Nach Angaben der Polizei wurde niemand verletzt.",
    "Die Bürgermeisterin kündigte an, die Pläne im Herbst vorzustellen.",
    "Der Verein feierte am Wochenende sein hundertjähriges Bestehen.",
    "Die Opposition kritisierte die Kosten von 18 Millionen Euro scharf.",
]


def assert_consistent(desk: Desk, expected: int) -> None:
    """Every article has exactly one event, every event a story, and the file is intact."""
    articles = list(desk.articles())
    assert len(articles) == expected
    for article in articles:
        explanation = desk.explain(article.id)
        assert explanation.event and explanation.story
        assert 0.0 <= explanation.score <= 1.0
    listed = sum(story.articles + story.copies for story in desk.stories())
    assert listed == expected
    assert sqlite3.connect(desk.path).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records), encoding="utf-8")
    return path


def test_input_article_without_text_is_a_problem_not_an_event(desk: Desk, tmp_path: Path) -> None:
    (tmp_path / "debris.txt").write_text("Kommentare\n\nLesen Sie auch: Mehr zum Thema\n", encoding="utf-8")
    (tmp_path / "digits.txt").write_text("Zahlen\n\n12 34 56 78 90 !!! ...", encoding="utf-8")
    report = desk.add([str(tmp_path)])
    assert report.added + report.failed == 2
    assert_consistent(desk, report.added)


def test_input_identical_timestamps_and_missing_dates(desk: Desk, tmp_path: Path) -> None:
    records = [
        {"title": f"Meldung {number}", "maintext": " ".join(random.Random(number).sample(SENTENCES, 4)),
         "date_publish": "2024-05-03 08:15:00" if number < 4 else None, "language": "de"}
        for number in range(8)
    ]
    desk.add([str(write_jsonl(tmp_path / "same-time.jsonl", records))])
    assert_consistent(desk, 8)


def test_input_one_word_articles(desk: Desk, tmp_path: Path) -> None:
    for number, word in enumerate(["Hallo", "Hallo!", "Streik", "Ja"]):
        (tmp_path / f"{number}.txt").write_text(f"{word}\n\n{word}", encoding="utf-8")
    report = desk.add([str(tmp_path)])
    assert report.added >= 3
    assert_consistent(desk, report.added)


def test_input_one_megabyte_article(desk: Desk, tmp_path: Path) -> None:
    rng = random.Random(7)
    paragraphs = [" ".join(rng.choice(SENTENCES) for _ in range(8)) + f" Absatz {n}." for n in range(2000)]
    body = "Ein sehr langer Bericht\n\n" + "\n\n".join(paragraphs)
    assert len(body.encode("utf-8")) > 1_000_000
    (tmp_path / "long.txt").write_text(body, encoding="utf-8")
    (tmp_path / "short.txt").write_text("Brand in Lindenau\n\n" + " ".join(SENTENCES[1:3]), encoding="utf-8")
    assert desk.add([str(tmp_path)]).added == 2
    assert_consistent(desk, 2)
    assert "truncated" in desk.explain(next(desk.articles()).id).note


@pytest.mark.parametrize("language", ["fi", "xx", None])
def test_input_unseen_languages(desk: Desk, tmp_path: Path, language: str | None) -> None:
    records = [
        {"title": "Helsingin kaupunginvaltuusto hyväksyi budjetin",
         "maintext": "Helsingin kaupunginvaltuusto hyväksyi tiistaina ensi vuoden budjetin äänin 60-25. " * 3,
         "language": language},
        {"title": "北京举行新闻发布会", "maintext": "北京市政府周二举行新闻发布会，介绍了明年的预算计划。" * 3,
         "language": language},
        {"title": "Helsingin budjetti hyväksyttiin",
         "maintext": "Kaupunginvaltuusto hyväksyi budjetin tiistaina Helsingissä äänin 60-25. " * 3,
         "language": language},
    ]
    desk.add([str(write_jsonl(tmp_path / "foreign.jsonl", records))])
    assert_consistent(desk, 3)

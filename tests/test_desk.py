"""The Desk end to end: add from every kind of input, idempotence, copies, failures, search and export."""

from __future__ import annotations

import gc
import io
import json
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from newsdesk import Desk, DeskError

ARTICLE_DE = """Stadtrat beschließt neues Radwegenetz für Lindenau

Von: Clara Muster

Der Stadtrat von Lindenau hat am Dienstagabend mit großer Mehrheit ein neues Radwegenetz beschlossen. Bis 2027 sollen 42 Kilometer geschützte Radwege entstehen.

„Wir holen nach, was zwanzig Jahre liegen geblieben ist“, sagte Bürgermeisterin Petra Haldemann nach der Abstimmung.

Lesen Sie auch: Warum Lindenau keine Straßenbahn bekommt

Die Opposition kritisierte die Kosten von 18 Millionen Euro. Der Bau soll im Frühjahr beginnen.

Kommentare
"""

ARTICLE_EN = """Harbour bridge closes for repairs

By Sam Example

The old harbour bridge in Port Elden will close for six weeks from Monday, the city council said on Friday. Engineers found corroded cables during a routine inspection last month.

"Safety comes first," council leader Dana Brooks told reporters. Ferries will run every twenty minutes while the bridge is shut.

Leave a Reply
"""


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def test_desk_add_plain_text_cleans_and_stores(desk: Desk, tmp_path: Path) -> None:
    write(tmp_path / "in" / "rad.txt", ARTICLE_DE)
    report = desk.add([str(tmp_path / "in")])
    assert (report.added, report.failed) == (1, 0)
    article = next(desk.articles())
    assert article.title == "Stadtrat beschließt neues Radwegenetz für Lindenau"
    assert article.authors == ["Clara Muster"]
    assert article.language == "de"
    assert "Lesen Sie auch" not in article.text and "Kommentare" not in article.text
    assert "42 Kilometer" in article.text and "18 Millionen Euro" in article.text
    rules = {line.rule for line in article.removed}
    assert {"title", "byline"} <= rules
    assert len(rules) >= 4


def test_desk_add_twice_is_a_no_op(desk: Desk, tmp_path: Path) -> None:
    source = write(tmp_path / "rad.txt", ARTICLE_DE)
    desk.add([str(source)])
    write(tmp_path / "renamed.txt", ARTICLE_DE)
    again = desk.add([str(source), str(tmp_path / "renamed.txt")])
    assert (again.added, again.unchanged) == (0, 2)
    assert desk.summary()["articles"] == 1


def test_desk_marks_verbatim_copies(desk: Desk, tmp_path: Path) -> None:
    write(tmp_path / "a.txt", ARTICLE_DE)
    syndicated = ARTICLE_DE.replace("Von: Clara Muster", "Von: NDA").replace("Kommentare", "Auch interessant")
    write(tmp_path / "b.txt", syndicated)
    report = desk.add([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")])
    assert (report.added, report.copies) == (2, 1)
    first, second = list(desk.articles())
    assert second.duplicate_of == first.id


def test_desk_reports_bad_input_and_keeps_going(desk: Desk, tmp_path: Path) -> None:
    write(tmp_path / "good.txt", ARTICLE_EN)
    write(tmp_path / "empty.txt", "")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    write(tmp_path / "feed.jsonl", '{"title": "Ok", "maintext": "' + "Ein Satz über den Hafen. " * 20 + '"}\n{broken\n')
    report = desk.add([str(tmp_path / "good.txt"), str(tmp_path / "empty.txt"), str(tmp_path / "image.txt"),
                       str(tmp_path / "feed.jsonl"), str(tmp_path / "missing.txt")])
    assert report.added == 2
    origins = {problem.origin for problem in report.problems}
    assert str(tmp_path / "empty.txt") in origins
    assert str(tmp_path / "image.txt") in origins
    assert str(tmp_path / "feed.jsonl") + ":2" in origins
    assert any("missing.txt" in origin for origin in origins)
    assert all(problem.reason for problem in report.problems)
    with sqlite3.connect(desk.path) as conn:
        stored = conn.execute("SELECT count(*) FROM ingest_problems").fetchone()[0]
    assert stored == len(report.problems)


def test_desk_reads_news_please_jsonl_with_metadata(desk: Desk, tmp_path: Path) -> None:
    record = {
        "title": "Hafenbrücke gesperrt",
        "maintext": "Die alte Hafenbrücke wird ab Montag für sechs Wochen gesperrt. " * 5,
        "date_publish": "2024-05-03 08:15:00",
        "authors": ["Jo Beispiel"],
        "url": "https://example.org/bruecke",
        "source_domain": "example.org",
        "language": "de",
    }
    write(tmp_path / "np.jsonl", json.dumps(record, ensure_ascii=False) + "\n")
    desk.add([str(tmp_path / "np.jsonl")])
    article = next(desk.articles())
    assert (article.title, article.outlet, article.url) == ("Hafenbrücke gesperrt", "example.org", record["url"])
    assert article.published.startswith("2024-05-03") and article.published_from == "source"
    assert article.authors == ["Jo Beispiel"]


def test_desk_reads_html_with_metadata(desk: Desk, tmp_path: Path) -> None:
    paragraphs = "".join(f"<p>{sentence}</p>" for sentence in ARTICLE_EN.splitlines()[4:7] if sentence)
    html = f"""<!doctype html><html lang="en"><head><title>Harbour bridge closes | Elden Post</title>
    <meta property="og:site_name" content="Elden Post"><meta name="author" content="Sam Example">
    <meta property="article:published_time" content="2024-05-03T09:30:00+01:00"></head>
    <body><nav><a href="/">Home</a> <a href="/city">City</a></nav><article><h1>Harbour bridge closes</h1>
    {paragraphs}{paragraphs.replace('bridge', 'crossing')}</article><footer>© Elden Post 2024</footer></body></html>"""
    write(tmp_path / "page.html", html)
    report = desk.add([str(tmp_path / "page.html")])
    assert report.added == 1, report.problems
    article = next(desk.articles())
    assert article.outlet == "Elden Post"
    assert article.published.startswith("2024-05-03")
    assert article.extraction != "text"
    assert "Home" not in article.text


def test_desk_reads_stdin(desk: Desk) -> None:
    report = desk.add(["-"], stdin=io.BytesIO(ARTICLE_EN.encode()))
    assert report.added == 1
    assert next(desk.articles()).source == "-"


def test_desk_outlet_from_folder_and_explicit_outlet(desk: Desk, tmp_path: Path) -> None:
    write(tmp_path / "elden-post" / "a.txt", ARTICLE_EN)
    write(tmp_path / "other" / "b.txt", ARTICLE_DE)
    desk.add([str(tmp_path / "elden-post")], outlet_from_folder=True)
    desk.add([str(tmp_path / "other")], outlet="Lindenauer Anzeiger")
    assert [article.outlet for article in desk.articles()] == ["elden-post", "Lindenauer Anzeiger"]


def test_desk_search_and_export_roundtrip(desk: Desk, tmp_path: Path) -> None:
    write(tmp_path / "a.txt", ARTICLE_DE)
    write(tmp_path / "b.txt", ARTICLE_EN)
    desk.add([str(tmp_path)])
    assert desk.search("Radwegenetz")[0].title.startswith("Stadtrat")
    assert "[" in desk.search("bridge")[0].snippet
    with pytest.raises(DeskError):
        desk.search("AND")
    target = tmp_path / "out.jsonl"
    assert desk.export(target, format="jsonl") == 2
    lines = target.read_text(encoding="utf-8").splitlines()
    types = [json.loads(line)["type"] for line in lines]
    assert types == ["header", "article", "article", "event", "event", "story", "story"]
    assert not (tmp_path / "out.jsonl.partial").exists()


def test_desk_add_freezes_the_heap_while_placing_and_leaves_the_collector_as_it_found_it(
    desk: Desk, tmp_path: Path
) -> None:
    write(tmp_path / "a.txt", ARTICLE_DE)
    write(tmp_path / "b.txt", ARTICLE_EN)
    frozen_while_adding = []
    def placed(kind: str, item: object) -> None:
        if kind != "read":  # "read" is reported as the input is prepared, before placing begins
            frozen_while_adding.append(gc.get_freeze_count())

    desk.add([str(tmp_path / "a.txt")], progress=placed)
    assert frozen_while_adding and all(count > 0 for count in frozen_while_adding)
    assert gc.get_freeze_count() == 0  # unfrozen after the add: later collections see every object again
    gc.freeze()  # a caller's own freeze survives an add
    try:
        desk.add([str(tmp_path / "b.txt")])
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_desk_adds_placing_at_once_unfreeze_only_when_the_last_one_ends() -> None:
    from newsdesk.gcpause import collector_paused  # two desks adding in two threads of one process

    first, second = collector_paused(), collector_paused()
    first.__enter__()
    gc.freeze()  # the first add's batch
    second.__enter__()  # starts while the heap is frozen by the first
    first.__exit__(None, None, None)
    assert gc.get_freeze_count() > 0  # the first to end does not unfreeze under the other
    gc.freeze()  # the second add's next batch
    second.__exit__(None, None, None)
    assert gc.get_freeze_count() == 0  # the last to end unfreezes, although it began frozen


def test_desk_interrupted_batch_leaves_stored_articles_intact(desk: Desk, tmp_path: Path, monkeypatch) -> None:
    write(tmp_path / "first" / "a.txt", ARTICLE_DE)
    desk.add([str(tmp_path / "first")])
    for number in range(3):
        write(tmp_path / "second" / f"{number}.txt", ARTICLE_EN.replace("six", f"{number + 2} more"))

    import newsdesk.prepare as prepare_module

    calls = {"n": 0}
    real_build = prepare_module.build_article

    def build_then_die(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt  # as if the user pressed Ctrl-C mid-batch
        return real_build(*args, **kwargs)

    monkeypatch.setattr(prepare_module, "build_article", build_then_die)
    with pytest.raises(KeyboardInterrupt):
        desk.add([str(tmp_path / "second")])
    assert gc.get_freeze_count() == 0
    assert desk.summary()["articles"] == 1  # the interrupted batch is rolled back whole
    check = sqlite3.connect(desk.path).execute("PRAGMA integrity_check").fetchone()[0]
    assert check == "ok"
    monkeypatch.setattr(prepare_module, "build_article", real_build)
    assert desk.add([str(tmp_path / "second")]).added == 3  # re-running completes the job


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_desk_read_only_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "ro.db"
    Desk(path).close()
    path.chmod(stat.S_IRUSR)
    write(tmp_path / "in" / "a.txt", ARTICLE_EN)
    with pytest.raises(DeskError, match="read-only"):
        with Desk(path) as desk:
            desk.add([str(tmp_path / "in")])


def test_desk_read_only_database_via_sqlite_uri(tmp_path: Path) -> None:
    """Root ignores permissions, so a read-only file is simulated with SQLite's own read-only mode."""
    path = tmp_path / "ro.db"
    Desk(path).close()
    write(tmp_path / "in" / "a.txt", ARTICLE_EN)
    with pytest.raises(DeskError, match="read-only"):
        with Desk(path, read_only=True) as desk:
            desk.add([str(tmp_path / "in")])

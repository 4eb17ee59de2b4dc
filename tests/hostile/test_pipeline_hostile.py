"""The per-article pipeline on hostile input: one article whose preparation, analysis, storing or placing fails is
one problem, never the batch; calendar edges do not break analysis; analysis time is linear and bounded; the write
lock is held only while storing; worker processes end with their parent."""

from __future__ import annotations

import dataclasses

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest
from click.testing import CliRunner

import newsdesk.analysis as analysis_module
import newsdesk.analysis.entities.finder as finder_module
import newsdesk.prepare as prepare_module
from newsdesk import Desk
from newsdesk.analysis import Analysis, analyze
from newsdesk.analysis.entities import find_entities
from newsdesk.analysis.pubdate import infer_publication_date
from newsdesk.analysis.timex import Timex, find_timexes
from newsdesk.cli import cli
from newsdesk.store import Store
from newsdesk.stories import Clustering

WORDS = ("Stadtrat Brücke Haushalt Schule Bahnhof Hafen Museum Klinik Feuerwehr Polizei Gericht Verein Theater "
         "Bibliothek Sportplatz Rathaus Kita Wasserwerk Müllabfuhr Radweg Marktplatz Kirche Friedhof Schwimmbad "
         "Gymnasium Straßenbahn Kläranlage Windpark Solaranlage Wohnungsbau Mietpreis Parkhaus Flughafen Tunnel "
         "Deich Wald Landwirt Bäckerei Brauerei Fabrik Werft Hochschule Labor Zoo Park Festival Konzert "
         "Ausstellung").split()


def write_articles(folder: Path, count: int, *, marked: int | None = None) -> list[Path]:
    """``count`` distinct short German articles (generated, so no two are copies); the one at index ``marked``
    has "Kaputt" in its headline and text, for a failure to be injected into."""
    folder.mkdir(parents=True, exist_ok=True)
    randomly = random.Random(7)
    paths = []
    for number in range(count):
        topic = randomly.sample(WORDS, 12)
        title = f"{'Kaputt: ' if number == marked else ''}{topic[0]} und {topic[1]} in Ort {number}"
        body = " ".join(f"Der {a} lobt die {b}, sagte der Sprecher am Montag." for a, b in pairwise(topic))
        body = f"Kaputt ist die Anlage. {body}" if number == marked else body
        path = folder / f"{number:02d}.txt"
        path.write_text(f"{title}\n\n{body}\n", encoding="utf-8")
        paths.append(path)
    return paths


def stored_ids(path: Path) -> set[str]:
    """The ids committed to the desk file, as another connection sees them."""
    with sqlite3.connect(path) as connection:
        return {row[0] for row in connection.execute("SELECT id FROM articles")}


# -- fault isolation ---------------------------------------------------------------------------------------------


def failing_analysis(monkeypatch: pytest.MonkeyPatch) -> None:
    """The analysis raises for the article with "Kaputt" in its text, and finds nothing in the others (fast)."""

    def analyse(text: str, *, language: str | None, published: date | None = None,
                title: str | None = None) -> Analysis:
        if "Kaputt" in text:
            raise OverflowError("date value out of range")
        return Analysis(language)

    monkeypatch.setattr(analysis_module, "analyze", analyse)


def test_failing_analysis_stores_every_article_and_reports_the_one(tmp_path: Path, monkeypatch) -> None:
    paths = write_articles(tmp_path / "in", 5, marked=2)
    failing_analysis(monkeypatch)
    events: list[tuple[str, object]] = []
    with Desk(tmp_path / "d.db") as desk:
        report = desk.add([str(tmp_path / "in")], progress=lambda kind, item: events.append((kind, item)))
        assert report.added == 5
        assert [(p.origin, p.reason) for p in report.problems] == [
            (str(paths[2]), "analysis failed: OverflowError: date value out of range")]
        assert [kind for kind, _ in events].count("failed") == 1
        analysed = [desk.analysis(article.id) is not None for article in desk.articles()]
        assert sorted(analysed) == [False, True, True, True, True]
        again = desk.add([str(tmp_path / "in")])
        assert (again.unchanged, again.added, again.problems) == (5, 0, [])  # a re-run is clean


def test_failing_preparation_is_a_problem_for_that_document_only(tmp_path: Path, monkeypatch) -> None:
    paths = write_articles(tmp_path / "in", 5, marked=3)
    real_features = prepare_module.extract_features

    def features(doc, **settings):
        if "Kaputt" in doc.title:
            raise TypeError("unsupported operand type(s)")
        return real_features(doc, **settings)

    monkeypatch.setattr(prepare_module, "extract_features", features)
    with Desk(tmp_path / "d.db") as desk:
        report = desk.add([str(tmp_path / "in")], analyze=False)
        assert report.added == 4
        assert [(p.origin, p.reason) for p in report.problems] == [
            (str(paths[3]), "measuring failed: TypeError: unsupported operand type(s)")]
        assert len(stored_ids(tmp_path / "d.db")) == 4
        monkeypatch.setattr(prepare_module, "extract_features", real_features)
        again = desk.add([str(tmp_path / "in")], analyze=False)
        assert (again.added, again.unchanged, again.problems) == (1, 4, [])


def test_failing_extraction_is_a_problem_for_that_document_only(tmp_path: Path, monkeypatch) -> None:
    write_articles(tmp_path / "in", 3, marked=0)
    real_build = prepare_module.build_article

    def build(doc, **kwargs):
        if "Kaputt" in doc.content:
            raise UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed")
        return real_build(doc, **kwargs)

    monkeypatch.setattr(prepare_module, "build_article", build)
    with Desk(tmp_path / "d.db") as desk:
        report = desk.add([str(tmp_path / "in")], analyze=False)
    assert report.added == 2
    assert report.problems[0].reason.startswith("extraction failed: UnicodeEncodeError: ")
    assert "\n" not in report.problems[0].reason


def test_failing_store_of_one_article_keeps_the_rest_of_its_batch(tmp_path: Path, monkeypatch) -> None:
    paths = write_articles(tmp_path / "in", 6, marked=1)
    real_add = Store.add_article

    def add(store, article, **parts):
        if "Kaputt" in (article.title or ""):  # a value SQLite cannot take, met while the article is written
            article = dataclasses.replace(article, outlet=2**70)
        return real_add(store, article, **parts)

    monkeypatch.setattr(Store, "add_article", add)
    with Desk(tmp_path / "d.db") as desk:
        report = desk.add([str(tmp_path / "in")], analyze=False)
        assert report.added == 5
        assert [(p.origin, p.reason) for p in report.problems] == [
            (str(paths[1]), "storing failed: OverflowError: Python int too large to convert to SQLite INTEGER")]
        assert len(stored_ids(tmp_path / "d.db")) == 5
        assert sum(event.articles + event.copies for event in desk.events()) == 5
        monkeypatch.setattr(Store, "add_article", real_add)
        again = desk.add([str(tmp_path / "in")], analyze=False)
        assert (again.added, again.unchanged, again.problems) == (1, 5, [])


def test_failing_placement_of_one_article_keeps_the_rest_and_the_events_consistent(tmp_path: Path,
                                                                                     monkeypatch) -> None:
    paths = write_articles(tmp_path / "in", 6, marked=2)
    real_assign = Clustering.assign

    def assign(clustering, doc, features=None):
        result = real_assign(clustering, doc, features)  # the in-memory state already holds it when it fails
        if "Kaputt" in doc.title:
            raise ZeroDivisionError("division by zero")
        return result

    monkeypatch.setattr(Clustering, "assign", assign)
    with Desk(tmp_path / "d.db") as desk:
        report = desk.add([str(tmp_path / "in")], analyze=False)
        assert report.added == 5
        assert [(p.origin, p.reason) for p in report.problems] == [
            (str(paths[2]), "placing failed: ZeroDivisionError: division by zero")]
        assert sum(event.articles + event.copies for event in desk.events()) == 5
        monkeypatch.setattr(Clustering, "assign", real_assign)
        assert desk.add([str(tmp_path / "in")], analyze=False).added == 1
        placed = sorted((e.id, e.articles, e.title) for e in desk.events())
    with Desk(tmp_path / "same-order.db") as other:  # the failure left no trace in the events that followed
        other.add([str(path) for path in paths if path != paths[2]], analyze=False)
        other.add([str(paths[2])], analyze=False)
        assert sorted((e.id, e.articles, e.title) for e in other.events()) == placed


def test_desk_analyze_reports_a_failing_article_and_goes_on(tmp_path: Path, monkeypatch) -> None:
    paths = write_articles(tmp_path / "in", 4, marked=1)
    with Desk(tmp_path / "d.db") as desk:
        desk.add([str(tmp_path / "in")], analyze=False)
        failing_analysis(monkeypatch)
        events: list[tuple[str, object]] = []
        assert desk.analyze(progress=lambda kind, item: events.append((kind, item))) == 3
        failed = [item for kind, item in events if kind == "failed"]
        assert len(failed) == 1 and failed[0].reason == "analysis failed: OverflowError: date value out of range"
        assert failed[0].origin == str(paths[1])
    result = CliRunner().invoke(cli, ["analyze", "--db", str(tmp_path / "d.db")])
    assert result.exit_code == 1
    assert "analysis failed: OverflowError: date value out of range" in result.output
    assert "Traceback" not in result.output


# -- calendar edges ----------------------------------------------------------------------------------------------

EDGE_DE = ("Der Stadtrat hat am Montag beschlossen, dass die Brücke saniert wird. Gestern sagte der Bürgermeister, "
           "die Arbeiten begännen morgen, nächste Woche, in zwei Wochen, im kommenden Jahr, am 31. Dezember und im "
           "Januar; vor drei Tagen und am Freitag sei es beschlossen worden. Ein Jahr später ist alles fertig.")
EDGE_EN = ("The council said on Monday that work starts tomorrow, next week, in two days and on December 31; "
           "it was decided last year, on January 1 and three days ago. A year later it will be done.")


@pytest.mark.parametrize("published", [date.min, date(1, 1, 2), date(9999, 12, 30), date.max])
@pytest.mark.parametrize(("text", "language"), [(EDGE_DE, "de"), (EDGE_EN, "en")])
def test_relative_dates_at_the_edges_of_the_calendar_stay_unresolved(text: str, language: str,
                                                                     published: date) -> None:
    timexes = find_timexes(text, language=language, reference=published)
    assert len(timexes) >= 8 and all(t.value for t in timexes)
    assert any(t.anchor == "document_date" for t in timexes)  # what the calendar has is still resolved
    assert any(t.anchor == "unresolved" for t in timexes)  # what it has not is left open


@pytest.mark.parametrize("value", ["0001-01-01", "0001-01-02", "9999-12-30", "9999-12-31", "0000-01-01"])
def test_publication_date_inference_from_dates_at_the_edges_of_the_calendar(value: str) -> None:
    """Clues come from ``find_timexes`` or from the caller; a day next to the calendar's ends is no clue."""
    text = f"Am Dienstag, dem {value}, wurde gefeiert. Das war vor 25 Jahren."
    clues = [Timex(17, 27, value, "DATE", value, None, "absolute"), Timex(4, 13, "Dienstag", "DATE", "XXXX-WXX-2")]
    guess = infer_publication_date(text, language="de", timexes=clues, not_after=date.max)
    assert 0 <= guess.confidence <= 1


def test_json_ld_date_at_the_edge_of_the_calendar_is_analysed(tmp_path: Path) -> None:
    page = """<html><head><title>Brücke wird saniert</title>
    <script type="application/ld+json">{{"@type": "NewsArticle", "headline": "Brücke wird saniert",
    "datePublished": "{day}"}}</script></head><body><article><h1>Brücke wird saniert</h1>
    <p>{text}</p></article></body></html>"""
    (tmp_path / "in").mkdir()
    for day in ("0001-01-01", "9999-12-31"):
        (tmp_path / "in" / f"{day}.html").write_text(page.format(day=day, text=EDGE_DE), encoding="utf-8")
    with Desk(tmp_path / "d.db") as desk:
        report = desk.add([str(tmp_path / "in")])
        assert (report.added, report.problems) == (2, [])
        assert all(desk.analysis(article.id)["timexes"] for article in desk.articles())


# -- linear and bounded analysis -----------------------------------------------------------------------------------


def cpu_seconds(function, *args, **kwargs) -> float:
    started = time.process_time()
    function(*args, **kwargs)
    return time.process_time() - started


def test_entity_grouping_cost_is_linear_in_the_mentions(monkeypatch) -> None:
    """A name repeated throughout a long article: four times the text costs about four times as long, not
    sixteen (each mention was compared with every other one). The model is replaced by one that tags each
    "Olaf Scholz", so that only the grouping is timed."""

    def tag_each_full_name(sentences, *, language, kind=None):
        return [[(i, i + 2, "PER") for i, word in enumerate(words[:-1]) if word == "Olaf"] for words in sentences]

    monkeypatch.setattr(finder_module, "predict_spans", tag_each_full_name)
    unit = "Bundeskanzler Olaf Scholz sagte in Berlin, Scholz komme nach Hamburg. "
    find_entities(unit * 20, "de")  # lexicon loaded, caches warm
    short, long = cpu_seconds(find_entities, unit * 200, "de"), cpu_seconds(find_entities, unit * 800, "de")
    assert long < 8 * short + 0.02, (short, long)


def test_publication_date_inference_cost_is_linear_in_the_dates() -> None:
    unit = "Gestern, am 12.03.2024, tagte der Rat. "
    infer_publication_date(unit * 10, language="de")
    short = cpu_seconds(infer_publication_date, unit * 150, language="de")
    long = cpu_seconds(infer_publication_date, unit * 600, language="de")
    assert long < 8 * short + 0.05, (short, long)


def test_analysis_reads_at_most_its_character_limit_and_says_so(monkeypatch) -> None:
    monkeypatch.setattr(analysis_module, "ANALYSIS_MAX_CHARS", 300)
    paragraph = "Am Montag, dem 11. März 2024, sagte Olaf Scholz in Berlin: „Wir kommen voran.“"
    text = "\n".join([paragraph] * 10)
    result = analyze(text, language="de")
    assert result.sentences and result.timexes and result.quotes
    assert max(span.end for span in result.sentences) <= 300
    assert max(t.end for t in result.timexes) <= 300
    assert any("first 236 of 789 characters" in note for note in result.notes), result.notes
    short = analyze(paragraph, language="de")
    assert not any("characters" in note for note in short.notes)


# -- the write lock and the progress lines -------------------------------------------------------------------------


def test_add_reads_its_input_without_holding_the_write_lock(tmp_path: Path, monkeypatch) -> None:
    write_articles(tmp_path / "in", 3)
    Desk(tmp_path / "d.db").close()
    real_build = prepare_module.build_article
    attempts: list[str] = []

    def build_while_another_writes(doc, **kwargs):
        other = sqlite3.connect(tmp_path / "d.db", timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            attempts.append("wrote")
        except sqlite3.OperationalError as error:
            attempts.append(str(error))
        finally:
            other.close()
        return real_build(doc, **kwargs)

    monkeypatch.setattr(prepare_module, "build_article", build_while_another_writes)
    with Desk(tmp_path / "d.db") as desk:
        assert desk.add([str(tmp_path / "in")], analyze=False).added == 3
    assert attempts == ["wrote"] * 3


def test_added_is_reported_only_once_committed(tmp_path: Path) -> None:
    write_articles(tmp_path / "in", 3)
    seen: list[bool] = []

    def progress(kind: str, item: object) -> None:
        if kind == "added":
            seen.append(item.id in stored_ids(tmp_path / "d.db"))

    with Desk(tmp_path / "d.db") as desk:
        desk.add([str(tmp_path / "in")], analyze=False, progress=progress)
    assert seen == [True, True, True]


# -- worker processes ----------------------------------------------------------------------------------------------

POOL_SCRIPT = """
import multiprocessing, os, time
from newsdesk.prepare import worker_pool

if __name__ == "__main__":
    pool = worker_pool(2)
    for future in [pool.submit(os.getpid), pool.submit(os.getpid)]:
        future.result()
    print(" ".join(str(child.pid) for child in multiprocessing.active_children()), flush=True)
    time.sleep(120)
"""


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie waiting for a parent that does not reap it counts as ended)."""
    status = Path(f"/proc/{pid}/status")
    if status.parent.parent.is_dir() and sys.platform.startswith("linux"):
        try:
            return "\nState:\tZ" not in status.read_text()
        except FileNotFoundError:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_worker_processes_end_when_their_parent_is_killed(tmp_path: Path) -> None:
    script = tmp_path / "pool.py"
    script.write_text(textwrap.dedent(POOL_SCRIPT), encoding="utf-8")
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    try:
        workers = [int(pid) for pid in parent.stdout.readline().split()]
        assert len(workers) == 2 and all(alive(pid) for pid in workers)
    finally:
        parent.send_signal(signal.SIGKILL)
        parent.wait()
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(pid) for pid in workers)

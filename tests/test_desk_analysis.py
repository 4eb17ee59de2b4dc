"""The analysis stage on a desk: stored with each new article, exported under ``analysis``, shown by
``newsdesk article``, deferred with ``--no-analyze`` and caught up by ``newsdesk analyze``."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from newsdesk import Desk
from newsdesk.analysis import ANALYSIS_VERSION
from newsdesk.cli import cli

UNDATED = """Talbahn-Warnstreik legt den Verkehr lahm

Am Dienstag, dem 12. März 2024, standen in Weserholz alle Züge still. „Wir sind entschlossen“, sagte \
Gewerkschaftschef Jens Kamphausen. Der Vorstand erklärte, man sei weiter gesprächsbereit.
"""


def write(tmp_path: Path) -> Path:
    path = tmp_path / "streik.txt"
    path.write_text(UNDATED, encoding="utf-8")
    return path


def test_desk_add_stores_the_analysis_and_exports_it(tmp_path: Path) -> None:
    with Desk(tmp_path / "d.db") as desk:
        desk.add([str(write(tmp_path))])
        article = next(desk.articles())
        analysis = desk.analysis(article.id)
        assert analysis is not None and analysis["version"] == ANALYSIS_VERSION
        text = article.text
        quote = next(q for q in analysis["quotes"] if q["type"] == "direct")
        assert text[quote["start"] : quote["end"]] == quote["text"] == "„Wir sind entschlossen“"
        assert "Kamphausen" in quote["speaker"]
        start, end = analysis["sentences"][quote["sentence"]]
        assert start <= quote["start"] < quote["end"] <= end
        day = next(t for t in analysis["timexes"] if "März" in t["text"])
        assert day["value"] == "2024-03-12" and text[day["start"] : day["end"]] == day["text"]
        assert analysis["inferred_published"]["value"] is not None  # undated: the date was inferred
        desk.export(tmp_path / "out.json")
    exported = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert exported["articles"][0]["analysis"] == analysis


def test_desk_no_analyze_then_analyze_catches_up_once(tmp_path: Path) -> None:
    with Desk(tmp_path / "d.db") as desk:
        desk.add([str(write(tmp_path))], analyze=False)
        article_id = next(desk.articles()).id
        assert desk.analysis(article_id) is None
        assert desk.analyze() == 1
        assert desk.analysis(article_id)["quotes"]
        assert desk.analyze() == 0  # re-running is safe and does nothing


def test_cli_article_shows_quotes_and_dates(tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "d.db")
    assert runner.invoke(cli, ["add", "--db", db, "--no-analyze", str(write(tmp_path))]).exit_code == 0
    assert "1 article analysed" in runner.invoke(cli, ["analyze", "--db", db]).output
    article_id = json.loads(runner.invoke(cli, ["export", "--db", db]).stdout)["articles"][0]["id"]
    shown = runner.invoke(cli, ["article", "--db", db, article_id])
    assert shown.exit_code == 0
    assert "Quotes and reported speech" in shown.output and "Kamphausen" in shown.output
    assert "2024-03-12" in shown.output
    as_json = json.loads(runner.invoke(cli, ["article", "--db", db, "--json", article_id]).stdout)
    assert as_json["analysis"]["quotes"]


def test_desk_analyze_in_worker_processes_gives_the_same_records(tmp_path: Path) -> None:
    texts = [UNDATED, UNDATED.replace("Weserholz", "Delmsen"), UNDATED.replace("Dienstag", "Mittwoch")]
    for number, text in enumerate(texts):
        (tmp_path / f"a{number}.txt").write_text(text, encoding="utf-8")
    records = []
    for workers in (1, 2):
        with Desk(tmp_path / f"w{workers}.db") as desk:
            desk.add([str(tmp_path / f"a{n}.txt") for n in range(3)], analyze=False)
            assert desk.analyze(workers=workers) == 3
            records.append([desk.analysis(article.id) for article in desk.articles()])
    assert records[0] == records[1] and all(records[0])

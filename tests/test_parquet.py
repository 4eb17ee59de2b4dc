"""The Parquet form of the export contract: writing it, reading it back as articles, and foreign Parquet files."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from newsdesk import Desk
from newsdesk.cli import cli
from newsdesk.errors import DeskError
from newsdesk.export import (
    EXPORT_VERSION,
    PARQUET_COLUMNS,
    article_record,
    parquet_export_paths,
    write_parquet_export,
)
from newsdesk.model import Article, SourceDocument, SourceProblem
from newsdesk.sources import iter_sources
from newsdesk.sources.parquet import PYARROW_MISSING

DOCS = Path(__file__).resolve().parents[1] / "docs" / "export-format.md"

#: invented articles: two reports of one happening, one of another
RECORDS = [
    {"title": "Brücke in Hafenstadt gesperrt", "maintext": "Die Nordbrücke in Hafenstadt ist seit Montag gesperrt. "
     "Prüfer fanden Risse im Beton.\n\nDer Verkehr wird über die Südbrücke umgeleitet.",
     "date_publish": "2024-03-11 09:30:00", "authors": ["Lena Beispiel"], "url": "https://hafenbote.example/bruecke",
     "source_domain": "hafenbote.example", "language": "de"},
    {"title": "Risse: Nordbrücke bleibt zu", "maintext": "Wegen Rissen im Beton bleibt die Nordbrücke in Hafenstadt "
     "gesperrt. Die Stadt leitet den Verkehr um.\n\nEine Sanierung soll im Sommer beginnen.",
     "date_publish": "2024-03-12", "authors": [], "url": "https://kuestenblatt.example/nordbruecke",
     "source_domain": "kuestenblatt.example", "language": "de"},
    {"title": "Chor aus Talheim gewinnt Landespreis", "maintext": "Der Kammerchor Talheim hat den Landespreis für "
     "Laienmusik gewonnen. Die Jury lobte die Auswahl der Lieder.",
     "date_publish": "2024-05-02 18:00:00", "authors": ["Tom Muster"], "url": "https://talbote.example/chor",
     "source_domain": "talbote.example", "language": "de"},
]


@pytest.fixture
def filled(desk: Desk, tmp_path: Path) -> Desk:
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in RECORDS), encoding="utf-8")
    assert desk.add([str(source)], analyze=False).added == len(RECORDS)
    return desk


def write_table(path: Path, columns: dict[str, list[object]], types: dict[str, object] | None = None) -> Path:
    schema = pa.schema([(name, (types or {}).get(name, pa.string())) for name in columns])
    pq.write_table(pa.table(columns, schema=schema), path)
    return path


def read_back(paths: list[str], **options: object) -> tuple[list[SourceDocument], list[SourceProblem]]:
    results = list(iter_sources(paths, **options))  # type: ignore[arg-type]
    return ([item for item in results if isinstance(item, SourceDocument)],
            [item for item in results if isinstance(item, SourceProblem)])


def test_export_writes_articles_events_and_stories_with_the_contract_schema(filled: Desk, tmp_path: Path) -> None:
    target = tmp_path / "out" / "desk.parquet"
    target.parent.mkdir()
    assert filled.export(target, format="parquet") == len(RECORDS)
    files = parquet_export_paths(target)
    assert sorted(path.name for path in target.parent.iterdir()) == sorted(path.name for path in files.values())
    for table, path in files.items():
        schema = pq.read_schema(path)
        assert schema.names == [name for name, _ in PARQUET_COLUMNS[table]]
        header = json.loads(schema.metadata[b"newsdesk"])
        assert (header["format"], header["version"], header["table"]) == ("newsdesk", EXPORT_VERSION, table)
    articles = pq.read_table(files["articles"]).to_pylist()
    assert [row["title"] for row in articles] == [record["title"] for record in RECORDS]
    assert articles[0]["authors"] == ["Lena Beispiel"] and articles[0]["published"] == "2024-03-11T09:30:00"
    assert articles[0]["removed"] == [] and articles[0]["analysis"] is None
    events = pq.read_table(files["events"]).to_pylist()
    assert sorted(id_ for event in events for id_ in event["articles"]) == sorted(row["id"] for row in articles)
    stories = pq.read_table(files["stories"]).to_pylist()
    assert {row["story"] for row in articles} == {story["id"] for story in stories}
    assert all(json.loads(story["dossier"])["story"] == story["id"] for story in stories)


def test_article_columns_are_the_contract_keys_and_documented() -> None:
    record = article_record(Article(id="0" * 16, source="a.txt", text="Text."))
    assert [name for name, _ in PARQUET_COLUMNS["articles"]] == list(record)
    documented = DOCS.read_text(encoding="utf-8")
    assert "## Parquet" in documented and "`newsdesk` metadata key" in documented


def test_articles_are_written_in_row_groups_as_they_stream_in(tmp_path: Path) -> None:
    articles = (Article(id=f"{number:016x}", source=f"a{number}.txt", text=f"Meldung Nummer {number}.")
                for number in range(2500))
    assert write_parquet_export(articles, tmp_path / "many.parquet") == 2500
    metadata = pq.read_metadata(tmp_path / "many.parquet")
    assert (metadata.num_rows, metadata.num_row_groups) == (2500, 3)


def test_export_of_an_empty_desk_is_three_readable_empty_tables(desk: Desk, tmp_path: Path) -> None:
    assert desk.export(tmp_path / "empty.parquet", format="parquet") == 0
    for path in parquet_export_paths(tmp_path / "empty.parquet").values():
        assert pq.read_table(path).num_rows == 0


def test_round_trip_gives_the_same_articles_in_a_fresh_desk(filled: Desk, tmp_path: Path) -> None:
    target = tmp_path / "export" / "desk.parquet"
    target.parent.mkdir()
    filled.export(target, format="parquet")
    with Desk(tmp_path / "fresh.db") as fresh:
        report = fresh.add([str(target.parent)], analyze=False)  # the folder: the events and stories files are skipped
        assert (report.added, report.failed) == (len(RECORDS), 0)
        before, after = list(filled.articles()), list(fresh.articles())
        fields = ("id", "source", "text", "title", "authors", "outlet", "url", "language", "published", "extraction",
                  "removed")
        assert [[getattr(a, name) for name in fields] for a in after] == [[getattr(a, name) for name in fields]
                                                                          for a in before]
        assert after[0].source.endswith("in.jsonl:1")  # where it was first read, not the export
        assert fresh.add([str(target)], analyze=False).unchanged == len(RECORDS)  # same ids: nothing new


def test_bad_rows_are_reported_with_file_and_row_and_the_rest_is_added(desk: Desk, tmp_path: Path) -> None:
    path = write_table(tmp_path / "rows.parquet", {
        "title": ["Erste Meldung", "Leer", "Zweite Meldung", "Nur Leerzeichen"],
        "text": ["Der Stadtrat von Talheim tagte am Abend lange.", None,
                 "Die Feuerwehr von Talheim übte am Samstag am Hafen.", "   "],
    })
    report = desk.add([str(path)], analyze=False)
    assert report.added == 2
    assert sorted(str(problem) for problem in report.problems) == [
        f"{path}#2: record has no article text (no 'maintext' or 'text' or 'description' field with text)",
        f"{path}#4: record has no article text (no 'maintext' or 'text' or 'description' field with text)",
    ]


def test_a_text_column_of_the_wrong_type_is_a_problem_per_row(tmp_path: Path) -> None:
    path = write_table(tmp_path / "numbers.parquet", {"title": ["A", "B"], "text": [1, 2]}, {"text": pa.int64()})
    documents, problems = read_back([str(path)])
    assert documents == [] and [problem.origin for problem in problems] == [f"{path}#1", f"{path}#2"]


def test_a_file_without_a_text_column_is_one_problem(tmp_path: Path) -> None:
    path = write_table(tmp_path / "other.parquet", {"name": ["x"], "value": ["y"]})
    documents, problems = read_back([str(path)])
    assert documents == [] and len(problems) == 1
    assert problems[0].origin == str(path) and "no article text column" in problems[0].reason


def test_a_damaged_file_is_one_problem(tmp_path: Path) -> None:
    path = tmp_path / "broken.parquet"
    path.write_bytes(b"PAR1 not really parquet")
    documents, problems = read_back([str(path)])
    assert documents == [] and len(problems) == 1 and "not a readable Parquet file" in problems[0].reason


def test_foreign_parquet_with_news_please_columns(tmp_path: Path) -> None:
    path = write_table(tmp_path / "crawl.parquet", {
        "title": ["Neuer Radweg am Fluss"], "maintext": ["Am Fluss in Talheim ist ein neuer Radweg eröffnet worden."],
        "date_publish": ["2024-06-01 07:45:00"], "language": ["de-DE"], "url": ["https://talbote.example/radweg"],
        "authors": [["Mia Muster", "Jan Probe"]], "id": ["ffffffffffffffff"],
    }, {"authors": pa.list_(pa.string())})
    [document], problems = read_back([str(path)])
    assert problems == []
    assert (document.origin, document.title, document.published, document.language, document.outlet) == (
        f"{path}#1", "Neuer Radweg am Fluss", "2024-06-01T07:45:00", "de", "talbote.example")
    assert document.authors == ("Mia Muster", "Jan Probe")
    assert document.article_id is None  # an id column of a file newsdesk did not write is not trusted


def test_foreign_timestamps_and_a_field_map(tmp_path: Path) -> None:
    from datetime import datetime

    path = write_table(tmp_path / "mapped.parquet", {
        "headline": ["Markt öffnet wieder"], "body": ["Der Wochenmarkt in Talheim öffnet ab Dienstag wieder."],
        "date_publish": [datetime(2024, 7, 2, 6, 0)],
    }, {"date_publish": pa.timestamp("s")})
    [document], _ = read_back([str(path)], field_map={"title": "headline", "text": "body"})
    assert (document.title, document.published) == ("Markt öffnet wieder", "2024-07-02T06:00:00")


def test_an_events_file_named_explicitly_is_one_problem(filled: Desk, tmp_path: Path) -> None:
    filled.export(tmp_path / "desk.parquet", format="parquet")
    events = parquet_export_paths(tmp_path / "desk.parquet")["events"]
    documents, problems = read_back([str(events)])
    assert documents == [] and [problem.reason for problem in problems] == [
        "holds the events of a newsdesk export, not articles; add the articles file"]


def test_missing_pyarrow_gives_one_line(filled: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_table(tmp_path / "rows.parquet", {"text": ["Ein kurzer Text über Talheim."]})
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(DeskError, match="pip install 'newsdesk\\[parquet\\]'"):
        filled.export(tmp_path / "out.parquet", format="parquet")
    assert not list(tmp_path.glob("out*"))
    assert read_back([str(path)]) == ([], [SourceProblem(str(path), PYARROW_MISSING)])
    result = CliRunner().invoke(cli, ["export", "--db", str(filled.path), "--format", "parquet", "-o",
                                      str(tmp_path / "cli.parquet")])
    assert result.exit_code == 1 and PYARROW_MISSING in " ".join(result.output.split())


def test_cli_export_parquet_needs_a_file_and_writes_three(filled: Desk, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["export", "--db", str(filled.path), "--format", "parquet"])
    assert result.exit_code == 2 and "-o" in result.output
    target = tmp_path / "cli.parquet"
    result = runner.invoke(cli, ["export", "--db", str(filled.path), "--format", "parquet", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert all(path.exists() for path in parquet_export_paths(target).values())
    assert pq.read_metadata(target).num_rows == len(RECORDS)


@pytest.fixture
def analysed_export(filled: Desk, tmp_path: Path) -> Path:
    """The filled desk, analysed, exported as Parquet."""
    assert filled.analyze() == len(RECORDS)
    target = tmp_path / "analysed" / "desk.parquet"
    target.parent.mkdir()
    filled.export(target, format="parquet")
    return target


def counting_analyses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Ids of the articles ``add`` analyses itself (in this process: ``workers=1``)."""
    import newsdesk.prepare as prepare_module

    analysed: list[str] = []
    original = prepare_module.analyze_article

    def counted(article: Article) -> dict[str, object]:
        analysed.append(article.id)
        return original(article)

    monkeypatch.setattr(prepare_module, "analyze_article", counted)
    return analysed


def placed(desk: Desk) -> tuple[list[tuple[str, dict[str, object] | None]], list[list[str]]]:
    """Each article's id and stored analysis, and the articles of each event."""
    events = sorted(sorted(member.id for member in desk.event(summary.id).members) for summary in desk.events())
    return [(article.id, desk.analysis(article.id)) for article in desk.articles()], events


def test_adding_an_analysed_export_reuses_its_analyses(filled: Desk, analysed_export: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The current analysis records of an export are stored as they are, not computed again, and the desk is the
    one a full analysis gives: same analyses, same events."""
    analysed = counting_analyses(monkeypatch)
    with Desk(tmp_path / "fresh.db") as fresh:
        report = fresh.add([str(analysed_export)], workers=1)
        assert (report.added, report.analyses_reused, analysed) == (len(RECORDS), len(RECORDS), [])
        assert placed(fresh) == placed(filled)
    result = CliRunner().invoke(cli, ["add", "--db", str(tmp_path / "cli.db"), "-q", "-j", "1", str(analysed_export)])
    assert result.exit_code == 0 and f"{len(RECORDS)} analyses reused from the input" in result.output


def test_an_outdated_missing_or_unreadable_analysis_is_computed_again(filled: Desk, analysed_export: Path,
                                                                     tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Only a record of the current version is trusted; the others are analysed as any new article, and the
    desk ends the same."""
    from newsdesk.analysis import ANALYSIS_VERSION

    table = pq.read_table(analysed_export)
    records = [json.loads(raw) for raw in table.column("analysis").to_pylist()]
    older = json.dumps({**records[0], "version": ANALYSIS_VERSION - 1})
    unversioned = json.dumps({key: value for key, value in records[1].items() if key != "version"})
    edited = table.set_column(table.schema.get_field_index("analysis"), "analysis",
                              pa.array([older, unversioned, "{not json"], pa.string()))
    pq.write_table(edited.replace_schema_metadata(table.schema.metadata), analysed_export)
    analysed = counting_analyses(monkeypatch)
    with Desk(tmp_path / "fresh.db") as fresh:
        report = fresh.add([str(analysed_export)], workers=1)
        assert (report.added, report.analyses_reused, report.failed) == (len(RECORDS), 0, 0)
        assert analysed == [article.id for article in filled.articles()]
        assert placed(fresh) == placed(filled)


def test_a_text_that_reading_changes_is_analysed_again(filled: Desk, analysed_export: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A row whose text is not as the export stored it (here: debris that cleaning removes) gets a new analysis,
    whose offsets index the clean text; the others are reused."""
    table = pq.read_table(analysed_export)
    texts = table.column("text").to_pylist()
    texts[2] = texts[2] + "\n\nTeilen auf Facebook"
    pq.write_table(table.set_column(table.schema.get_field_index("text"), "text", pa.array(texts, pa.string()))
                   .replace_schema_metadata(table.schema.metadata), analysed_export)
    analysed = counting_analyses(monkeypatch)
    with Desk(tmp_path / "fresh.db") as fresh:
        report = fresh.add([str(analysed_export)], workers=1)
        assert (report.added, report.analyses_reused) == (len(RECORDS), len(RECORDS) - 1)
        assert analysed == [list(filled.articles())[2].id]

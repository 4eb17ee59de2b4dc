"""``newsdesk prepare`` on Ray Data: the same articles and events as ``add``, problems named, a killed actor retried.

One local Ray (2 CPUs) serves the whole module; the input is a WARC of invented German reports on three invented
events (our own text), with one record cut short.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

ray = pytest.importorskip("ray")
pq = pytest.importorskip("pyarrow.parquet")

from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

from newsdesk import Desk  # noqa: E402
from newsdesk.cli import cli  # noqa: E402
from newsdesk.distributed import MANIFEST, PROBLEMS, RAY_MISSING, prepare_folder  # noqa: E402

EVENTS = {
    "flut": [
        "Nach tagelangem Regen ist die Sarn in Kelbrunn über die Ufer getreten.",
        "Die Feuerwehr von Kelbrunn hat in der Nacht zum Dienstag zweihundert Anwohner in Sicherheit gebracht.",
        "Bürgermeisterin Ilvy Marquardt sprach von der schwersten Flut seit Jahrzehnten.",
        "Das Hochwasser der Sarn erreichte am Morgen einen Pegel von über sechs Metern.",
        "In der Altstadt von Kelbrunn stehen zahlreiche Keller unter Wasser.",
        "Marquardt kündigte Soforthilfen für die betroffenen Familien in Kelbrunn an.",
        "Der Wetterdienst erwartet für die Region um die Sarn weiteren Regen.",
    ],
    "fusion": [
        "Der Maschinenbauer Velmora will den Zulieferer Trinix übernehmen.",
        "Velmora-Chef Ottokar Zellweger nannte die Fusion mit Trinix einen strategischen Schritt.",
        "Die Übernahme soll Velmora rund vierhundert Millionen Euro kosten.",
        "Die Belegschaft von Trinix fürchtet den Abbau von Arbeitsplätzen.",
        "Zellweger versicherte, alle Standorte von Trinix würden erhalten bleiben.",
        "Die Kartellbehörde muss der Übernahme von Trinix durch Velmora noch zustimmen.",
        "An der Börse legte die Aktie von Velmora nach der Ankündigung deutlich zu.",
    ],
    "wahl": [
        "In Ostwiesen ist Halvard Brenke zum neuen Bürgermeister gewählt worden.",
        "Brenke setzte sich in der Stichwahl in Ostwiesen mit knapp sechzig Prozent durch.",
        "Die Wahlbeteiligung in Ostwiesen lag bei rund vierzig Prozent.",
        "Brenke will als erstes den Bau der neuen Schule in Ostwiesen voranbringen.",
        "Sein Herausforderer Gundolf Reiche gratulierte Brenke noch am Wahlabend.",
        "Brenke tritt sein Amt in Ostwiesen zum ersten des kommenden Monats an.",
        "Der Gemeinderat von Ostwiesen bleibt nach der Wahl unverändert.",
    ],
}
HEADLINES = {"flut": "Hochwasser in Kelbrunn", "fusion": "Velmora kauft Trinix", "wahl": "Brenke gewinnt in Ostwiesen"}
OUTLETS = ["tagblatt.example", "kurier.example", "rundschau.example", "anzeiger.example", "bote.example",
           "zeitung.example", "echo.example"]
#: Words of the invented background sentences each report adds, so that no two reports are near-copies.
PEOPLE = ["Anwohnerin Frida Lohmeier", "Rentner Konstantin Amsel", "Lehrerin Berit Schwalm", "Händler Eike Pfandl",
          "Studentin Merle Quast", "Landwirt Jost Wendehorst", "Pfarrer Anselm Krügel"]
SAID = ["sagte am Telefon", "erzählte unserer Zeitung", "meinte beim Einkaufen", "betonte im Gespräch",
        "berichtete am Nachmittag", "erklärte vor dem Rathaus", "schilderte am Abend"]
THEMES = ["die Lage sei unübersichtlich", "man habe so etwas noch nie erlebt", "die Nachbarn hielten zusammen",
          "viele Fragen seien noch offen", "die Stimmung im Ort sei angespannt", "man hoffe auf schnelle Klarheit",
          "der Alltag gehe trotzdem weiter"]
ARTICLES = 20


def invented_reports() -> Iterator[tuple[str, str, str, str]]:
    """(url, title, published, HTML paragraphs) of ``ARTICLES`` reports, in publication order: three invented
    events, each report with four facts of its event and three background sentences of its own."""
    names = list(EVENTS)
    for number in range(ARTICLES):
        event = names[number % 3]
        pool = EVENTS[event]
        facts = [pool[(number + step * 2) % len(pool)] for step in range(4)]
        voices = [f"{PEOPLE[(number + step) % 7]} {SAID[(number * 3 + step) % 7]}, {THEMES[(number * 5 + step) % 7]}."
                  for step in range(3)]
        paragraphs = [facts[0], voices[0], facts[1], facts[2], voices[1], facts[3], voices[2]]
        outlet = OUTLETS[number % len(OUTLETS)]
        published = f"2026-03-{2 + number // 3:02d}T{8 + number % 3:02d}:00:00+01:00"
        body = "\n".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
        title = f"{HEADLINES[event]}: {THEMES[number % 7][0].upper()}{THEMES[number % 7][1:]}"
        yield f"https://{outlet}/artikel/{event}-{number}", title, published, body


def write_warc(path: Path) -> None:
    """The invented reports as HTML responses, each record its own gzip member; the fourth record is cut short."""
    with path.open("wb") as handle:
        for number, (url, title, published, body) in enumerate(invented_reports()):
            html = (f'<html lang="de"><head><title>{title}</title>'
                    f'<meta property="article:published_time" content="{published}"></head>'
                    f"<body><article><h1>{title}</h1>{body}</article></body></html>").encode()
            member = io.BytesIO()
            writer = WARCWriter(member, gzip=False)
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(html),
                                                          http_headers=headers))
            record = member.getvalue()
            if number == 3:  # one damaged record: its end is missing, the file goes on
                handle.write(gzip.compress(record[: len(record) - 200]))
            handle.write(gzip.compress(record))


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    if ray.is_initialized():
        yield
        return
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="warning")
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def warc(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("input") / "crawl.warc.gz"
    write_warc(path)
    return path


@pytest.fixture(scope="module")
def prepared(local_ray: None, warc: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The WARC and a JSON Lines file whose only line is broken, prepared by ``newsdesk prepare``."""
    broken = warc.with_name("feed.jsonl")
    broken.write_text('{"title": "Abgebrochen", "maintext": "Der Satz endet nie\n', encoding="utf-8")
    out = tmp_path_factory.mktemp("prepared") / "out"
    result = CliRunner().invoke(cli, ["prepare", str(warc), str(broken), "-o", str(out), "--workers", "1",
                                      "--rows-per-part", "8"])
    assert result.exit_code == 1  # inputs failed, as for add
    return out, result.output


def events_of(desk: Desk) -> set[frozenset[str]]:
    """The event membership partition of a desk, as sets of article ids."""
    return {frozenset(member.id for member in desk.event(event.id).members) for event in desk.events()}


def test_prepare_writes_language_folders_in_publication_order(prepared: tuple[Path, str], warc: Path) -> None:
    out, output = prepared
    parts = sorted((out / "de").glob("part-*.parquet"))
    assert [part.name for part in parts] == ["part-00000.parquet", "part-00001.parquet", "part-00002.parquet"]
    published = [day for part in parts for day in pq.read_table(part).column("published").to_pylist()]
    assert len(published) == ARTICLES and published == sorted(published)  # parts in name order: publication order
    analyses = [record for part in parts for record in pq.read_table(part).column("analysis").to_pylist()]
    assert all(json.loads(record)["version"] for record in analyses)
    manifest = json.loads((out / MANIFEST).read_text())
    assert manifest["languages"] == {"de": ARTICLES} and manifest["problems"] == 2
    problems = [json.loads(line) for line in (out / PROBLEMS).read_text().splitlines()]
    assert [problem["origin"] for problem in problems] == [f"{warc}#4", f"{warc.with_name('feed.jsonl')}:1"]
    assert f"FAILED {warc}#4: record ends before its declared length" in " ".join(output.split())


def test_adding_the_output_gives_the_articles_and_events_of_adding_the_input(prepared: tuple[Path, str], warc: Path,
                                                                             tmp_path: Path) -> None:
    out, _ = prepared
    with Desk(tmp_path / "direct.db") as direct, Desk(tmp_path / "placed.db") as placed:
        direct_report = direct.add([str(warc)])
        placed_report = placed.add([str(out / "de")])
        assert placed_report.added == direct_report.added == ARTICLES
        assert placed_report.analyses_reused == ARTICLES  # placed without per-article NLP
        assert {item.id for item in placed.articles()} == {item.id for item in direct.articles()}
        partition = events_of(direct)
        assert events_of(placed) == partition and len(partition) == len(EVENTS)


def test_a_killed_actor_is_retried_with_no_article_lost_or_doubled(local_ray: None, warc: Path,
                                                                   tmp_path: Path) -> None:
    killed: list[str] = []
    killer = threading.Thread(target=kill_a_busy_actor, args=(killed,), daemon=True)
    killer.start()
    report = prepare_folder([str(warc)], tmp_path / "out", workers=1, batch_size=4)
    killer.join()
    assert killed, "no actor was caught preparing a batch"
    ids = pq.read_table(tmp_path / "out" / "de").column("id").to_pylist()
    assert len(ids) == len(set(ids)) == ARTICLES and report.articles == ARTICLES


def kill_a_busy_actor(killed: list[str], timeout: float = 60) -> None:
    """SIGKILL the process of a preparing actor while it runs a batch: Ray titles an actor's process
    ``ray::Class.method`` while a call runs (``__init__`` while it starts), so ``ps`` shows when it is busy."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        listing = subprocess.run(["ps", "-eo", "pid=,args="], capture_output=True, text=True).stdout
        for line in listing.splitlines():
            pid, _, title = line.strip().partition(" ")
            if title.startswith("ray::") and "PrepareActor))." in title and not title.endswith("__init__"):
                os.kill(int(pid), signal.SIGKILL)
                killed.append(title)
                return
        time.sleep(0.1)


def test_a_folder_that_is_not_an_earlier_output_is_not_replaced(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(cli, ["prepare", str(tmp_path), "-o", str(tmp_path)])
    assert result.exit_code == 1 and "is not the output of newsdesk prepare" in result.output
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_a_missing_ray_is_one_line_naming_the_extra(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)
    result = CliRunner().invoke(cli, ["prepare", str(tmp_path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert " ".join(result.output.split()) == f"Error: {RAY_MISSING}"


def test_the_output_on_a_postgresql_desk_exports_what_one_machine_gives(prepared: tuple[Path, str], warc: Path,
                                                                        tmp_path: Path, postgres_desk_url: str) -> None:
    """The whole way: WARC -> ``prepare`` on Ray -> Parquet -> clustering into a PostgreSQL desk -> export, against
    ``add`` of the same WARC on one machine's SQLite desk: the same articles, and the same events."""
    out, _ = prepared
    runner = CliRunner()
    single = tmp_path / "single.db"
    assert runner.invoke(cli, ["add", "--db", str(single), str(warc)]).exit_code == 1  # the damaged record
    placed = runner.invoke(cli, ["add", "--db", postgres_desk_url, str(out)])  # the manifest and problems skipped
    assert placed.exit_code == 0, placed.output
    assert f"{ARTICLES} analyses reused" in " ".join(placed.output.split())
    exports = []
    for db in (str(single), postgres_desk_url):
        result = runner.invoke(cli, ["export", "--db", db, "--format", "json"])
        assert result.exit_code == 0, result.output
        exports.append(json.loads(result.stdout))
    articles = [{item["id"]: {key: value for key, value in item.items() if key != "added_at"}
                 for item in export["articles"]} for export in exports]
    assert len(articles[0]) == ARTICLES and articles[0] == articles[1]
    partitions = [{frozenset(event["articles"]) for event in export["events"]} for export in exports]
    assert partitions[0] == partitions[1] and len(partitions[0]) == len(EVENTS)

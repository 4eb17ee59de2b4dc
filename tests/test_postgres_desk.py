"""The PostgreSQL desk in use: several writers at once, readers while one writes, every CLI command and the web app
giving what the SQLite desk gives for the same input, and a password that no error shows.

``tests/test_store_backends.py`` checks the backend itself (recognising, migrating, searching); here the desk is
used as a newsroom would. Every test needs a PostgreSQL server (``postgres_url`` in ``conftest.py``) and is
skipped without one, or fails where one is required (CI). The articles are our own invented German news: five
events of three reports each (the reports of one event share places, people and words; the events share none),
three lone reports and one copy.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from newsdesk import Desk
from newsdesk.cli import cli as main
from newsdesk.errors import DeskError
from newsdesk.store.schema import APPLICATION_ID
from newsdesk.web import create_app

#: Per event: (day, what every report of it names, the reports' (outlet, title, text)).
EVENTS: dict[str, tuple[str, list[tuple[str, str, str]]]] = {
    "hafen": ("2025-03-03", [
        ("kuestenbote", "Hafenarbeiter in Brakenau legen die Arbeit nieder",
         "In Brakenau streiken seit Montagmorgen die Hafenarbeiter. Die Gewerkschaft Hafenbund fordert acht Prozent "
         "mehr Lohn für die Beschäftigten an den Kais. Sprecherin Jolanda Wiesmeyer sagte, die Containerbrücken "
         "stünden still, bis die Reederei Quelling ein besseres Angebot vorlege. Mehrere Frachter warten auf Reede."),
        ("nordwelle", "Streik legt den Containerhafen Brakenau lahm",
         "Der Streik im Containerhafen Brakenau trifft die Reederei Quelling hart. Nach Angaben des Hafenbunds "
         "beteiligen sich fast alle Hafenarbeiter. Jolanda Wiesmeyer kündigte an, der Ausstand könne bis Freitag "
         "dauern. Auch andere Häfen an der Küste spüren die Folgen, weil Frachter umgeleitet werden."),
        ("tagesrundschau", "Brakenau: Hafenbund droht mit längerem Streik",
         "Im Lohnstreit der Hafenarbeiter von Brakenau ist keine Einigung in Sicht. Die Reederei Quelling nannte die "
         "Forderung des Hafenbunds überzogen. Wiesmeyer erklärte, die Kais in Brakenau blieben besetzt. Spediteure "
         "rechnen mit Verspätungen bei Containern aus Übersee."),
    ]),
    "bruecke": ("2025-03-04", [
        ("tagesrundschau", "Talbrücke bei Ostrandorf wegen Rissen gesperrt",
         "Die Talbrücke bei Ostrandorf ist seit Dienstag für den gesamten Verkehr gesperrt. Prüfer hatten Risse in "
         "den Pfeilern entdeckt. Verkehrsminister Bertram Quastel sagte, die Sicherheit gehe vor. Pendler müssen "
         "über die Landstraße durch Molkenfeld ausweichen, was bis zu vierzig Minuten länger dauert."),
        ("kuestenbote", "Risse in den Pfeilern: Talbrücke bei Ostrandorf gesperrt",
         "Pendler zwischen Ostrandorf und Molkenfeld brauchen Geduld. Weil in den Pfeilern der Talbrücke bei "
         "Ostrandorf Risse gefunden wurden, bleibt sie gesperrt. Verkehrsminister Bertram Quastel kündigte ein "
         "Gutachten an. Die Umleitung über "
         "Molkenfeld ist nach Angaben der Polizei schon am ersten Tag überlastet gewesen."),
        ("nordwelle", "Quastel: Talbrücke Ostrandorf bleibt monatelang gesperrt",
         "Die gesperrte Talbrücke bei Ostrandorf wird nach den Worten von Verkehrsminister Bertram Quastel "
         "monatelang nicht befahrbar sein. Die Risse in den Pfeilern seien tiefer als gedacht. Der Bürgermeister "
         "von Molkenfeld verlangt eine Ampel für die Umleitung durch seinen Ort."),
    ]),
    "museum": ("2025-03-05", [
        ("nordwelle", "Goldmünzen aus dem Stadtmuseum Welvenhagen gestohlen",
         "Unbekannte sind in der Nacht in das Stadtmuseum Welvenhagen eingebrochen und haben zwölf Goldmünzen "
         "aus dem Mittelalter gestohlen. Kommissar Till Ambrosius sagte, die Täter hätten ein Fenster im "
         "Obergeschoss aufgehebelt. Die Alarmanlage habe nicht ausgelöst. Der Wert der Münzen ist unbekannt."),
        ("tagesrundschau", "Einbruch in Welvenhagen: Museum vermisst zwölf Münzen",
         "Nach dem Einbruch in das Stadtmuseum Welvenhagen sucht die Kriminalpolizei Zeugen. Kommissar Ambrosius "
         "bittet um Hinweise auf ein dunkles Auto, das nachts vor dem Museum parkte. Die gestohlenen Goldmünzen "
         "waren erst im Januar als Leihgabe nach Welvenhagen gekommen."),
        ("kuestenbote", "Museumsdiebe von Welvenhagen kamen durchs Fenster",
         "Die Diebe, die aus dem Stadtmuseum Welvenhagen zwölf Goldmünzen stahlen, kamen über ein Fenster im "
         "Obergeschoss. Das teilte Kommissar Till Ambrosius mit. Warum die Alarmanlage schwieg, prüfen nun "
         "Fachleute. Die Museumsleitung spricht von einem schweren Verlust für die Stadt."),
    ]),
    "fussball": ("2025-03-06", [
        ("kuestenbote", "FC Grünmarsch trennt sich von Trainer Pellwitz",
         "Der FC Grünmarsch hat Trainer Oskar Pellwitz nach der fünften Niederlage in Folge entlassen. "
         "Vereinschef Heiner Tolksdorf sagte, der Klub brauche einen neuen Impuls im Abstiegskampf. "
         "Bis ein Nachfolger gefunden ist, leitet Co-Trainer Mats Ebeling das Training im Grünmarschstadion."),
        ("tagesrundschau", "Pellwitz muss gehen: Grünmarsch zieht die Notbremse",
         "Nach fünf Niederlagen hintereinander zieht der FC Grünmarsch die Notbremse und entlässt Oskar Pellwitz. "
         "Tolksdorf dankte dem Trainer für zwei Jahre Arbeit. Mats Ebeling übernimmt vorerst. Grünmarsch steht "
         "auf dem vorletzten Tabellenplatz und spielt am Samstag gegen den Tabellenführer."),
        ("nordwelle", "Ebeling übernimmt beim FC Grünmarsch",
         "Beim FC Grünmarsch übernimmt nach der Entlassung von Oskar Pellwitz Co-Trainer Mats Ebeling. "
         "Vereinschef Heiner Tolksdorf will bis zur Länderspielpause einen neuen Trainer vorstellen. "
         "Die Fans im Grünmarschstadion hatten schon seit Wochen den Rauswurf von Pellwitz gefordert."),
    ]),
    "hochwasser": ("2025-03-07", [
        ("nordwelle", "Hochwasser am Ilmenbach: Sandwerth wird geräumt",
         "Wegen des steigenden Ilmenbachs wird das Dorf Sandwerth geräumt. Landrätin Greta Omsteder ordnete am "
         "Freitag die Evakuierung von zweihundert Häusern an. Feuerwehr und Technisches Hilfswerk füllen "
         "Sandsäcke, der Pegel liegt bereits einen Meter über der Warnstufe."),
        ("kuestenbote", "Sandwerth evakuiert: Ilmenbach über die Ufer getreten",
         "Der Ilmenbach ist bei Sandwerth über die Ufer getreten. Die Bewohner von zweihundert Häusern mussten "
         "ihre Wohnungen verlassen, wie Landrätin Omsteder mitteilte. In der Turnhalle von Sandwerth sind "
         "Notbetten aufgestellt. Das Hilfswerk rechnet mit weiter steigendem Pegel."),
        ("tagesrundschau", "Omsteder: Lage in Sandwerth bleibt angespannt",
         "Landrätin Greta Omsteder hält die Lage am Ilmenbach für angespannt. Der Pegel bei Sandwerth steige "
         "weiter, die Deiche seien durchweicht. Feuerwehrleute aus dem ganzen Landkreis helfen beim Füllen von "
         "Sandsäcken. Die Evakuierung des Dorfes werde mindestens bis Sonntag dauern."),
    ]),
}
#: Reports of their own: no other article tells of them.
LONE = [
    ("2025-03-03", "nordwelle", "Bäckerei Hollerbusch gewinnt Brotpreis",
     "Die Bäckerei Hollerbusch aus Fennstedt hat den Landesbrotpreis gewonnen. Die Jury lobte ihr Roggenbrot mit "
     "Sauerteig, das nach einem Rezept der Großmutter gebacken wird. Meisterin Irmela Hollerbusch will das "
     "Preisgeld in einen neuen Steinofen stecken."),
    ("2025-03-05", "kuestenbote", "Schachturnier in Lorenzbüttel endet mit Überraschung",
     "Beim Schachturnier in Lorenzbüttel hat der vierzehnjährige Kilian Strobach alle Favoriten geschlagen. "
     "In der letzten Runde besiegte er die Titelverteidigerin mit den schwarzen Steinen. Der Schachverein "
     "Lorenzbüttel feiert damit seinen ersten Turniersieger aus der eigenen Jugend."),
    ("2025-03-07", "tagesrundschau", "Stadtbibliothek Rinkhausen öffnet nach Umbau",
     "Nach zwei Jahren Umbau öffnet die Stadtbibliothek Rinkhausen wieder. Sie bietet nun einen Lesegarten, "
     "Arbeitsplätze für Studierende und eine Werkstatt mit 3D-Druckern. Bibliotheksleiterin Wiebke Danzer "
     "erwartet zur Eröffnung am Samstag mehrere hundert Gäste."),
]
#: When a decision was made, as a note in ``explain`` says it (UTC, to the second).
MOMENT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
#: An article's link on a page of the web app.
LINK = re.compile(r'href="/article/([0-9a-f]+)"')
#: A report one outlet took over word for word from another (a copy, placed with its original).
COPY_OF = ("hafen", 0, "agenturdienst")


def write_corpus(folder: Path) -> dict[str, list[Path]]:
    """Every article as a news-please JSON file in ``folder``. RETURNS: the files by event name (``lone`` for the
    reports of their own; the copy goes with its original's event)."""
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, list[Path]] = {}

    def write(group: str, day: str, outlet: str, title: str, text: str) -> None:
        path = folder / f"{group}-{len(files.setdefault(group, []))}-{outlet}.json"
        record = {"title": title, "maintext": text, "date_publish": f"{day} 09:30:00", "source_domain": outlet,
                  "url": f"https://{outlet}.invalid/{path.stem}", "authors": [], "language": "de"}
        path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        files[group].append(path)

    for name, (day, reports) in EVENTS.items():
        for outlet, title, text in reports:
            write(name, day, outlet, title, text)
    for day, outlet, title, text in LONE:
        write("lone", day, outlet, title, text)
    event, number, outlet = COPY_OF
    _, original, text = EVENTS[event][1][number]
    write(event, EVENTS[event][0], outlet, f"{original} (Agentur)", text)
    return files


def all_files(files: dict[str, list[Path]]) -> list[Path]:
    return [path for group in files.values() for path in group]


@pytest.fixture
def corpus(tmp_path: Path) -> list[Path]:
    return all_files(write_corpus(tmp_path / "input"))


def cli(*args: str, db: str) -> str:
    """Run one newsdesk command in this process on the desk ``db``. RETURNS: its standard output."""
    result = CliRunner().invoke(main, [*args, "--db", db], catch_exceptions=False)
    assert result.exit_code == 0, (args, result.output)
    return result.stdout


def without_times(value: Any) -> Any:
    """``value`` without the moments things happened (``…_at``, and such a moment in a sentence), which two runs
    never share, nor the desk's name."""
    if isinstance(value, dict):
        return {key: without_times(item) for key, item in value.items() if not key.endswith("_at") and key != "db"}
    if isinstance(value, list):
        return [without_times(item) for item in value]
    return MOMENT.sub("(a moment)", value) if isinstance(value, str) else value


def jsonl_export(db: str) -> dict[str, list[dict[str, Any]]]:
    """``newsdesk export --format jsonl`` without times, its records by type (``article``, ``event``, …)."""
    records: dict[str, list[dict[str, Any]]] = {}
    for line in cli("export", "--format", "jsonl", db=db).splitlines():
        record = without_times(json.loads(line))
        records.setdefault(record.pop("type"), []).append(record)
    return records


def partition(export: dict[str, list[dict[str, Any]]]) -> set[frozenset[str]]:
    """The events of an export as sets of article ids (copies with their original's event), checking on the way
    that every article is in exactly one event."""
    placed: dict[str, str] = {}
    for event in export["event"]:
        for article_id in [*event["articles"], *event["copies"]]:
            assert article_id not in placed, f"{article_id} is in {placed[article_id]} and {event['id']}"
            placed[article_id] = event["id"]
    articles = [record["id"] for record in export["article"]]
    assert len(articles) == len(set(articles)), "an article exported twice"
    assert sorted(placed) == sorted(articles), "an article in no event, or an event member that is not stored"
    assert all(placed[record["id"]] == record["event"] for record in export["article"])
    events: dict[str, set[str]] = {}
    for article_id, event_id in placed.items():
        events.setdefault(event_id, set()).add(article_id)
    return {frozenset(members) for members in events.values()}


def sqlite_desk(folder: Path, files: list[Path], *, analyze: bool) -> str:
    """The reference: the same files added one after another to an SQLite desk. RETURNS: its path."""
    path = folder / "reference.db"
    with Desk(path) as desk:
        for file in files:
            desk.add([str(file)], analyze=analyze)
    return str(path)


# -- several writers, and readers while one writes -----------------------------------------------------------------

#: A writer that adds its files one ``Desk.add`` at a time (its batches interleave with the other writers').
WRITER = """
import sys
from newsdesk import Desk
location, analyze, *paths = sys.argv[1:]
with Desk(location) as desk:
    for path in paths:
        desk.add([path], analyze=analyze == "analyze")
"""


def start_writer(location: str, paths: list[Path], *, analyze: bool = False) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", WRITER, location, "analyze" if analyze else "plain",
                             *map(str, paths)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finished(process: subprocess.Popen[str]) -> str:
    """Wait for a writer. RETURNS: its standard error, after checking that it succeeded."""
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == 0 and "Traceback" not in stderr, stderr
    return stderr


def test_processes_that_make_the_desk_at_once_all_open_it(postgres_desk_url: str) -> None:
    """Three processes open an empty database while a fourth writer holds the desk's write lock: each has seen no
    schema and waits to make it; the first to get the lock makes it, the others must find it made."""
    import psycopg  # present: the fixture checked

    opener = "import sys; from newsdesk.store import Store; Store(sys.argv[1]).close()"
    with psycopg.connect(postgres_desk_url, autocommit=True) as holder:
        holder.execute("BEGIN")
        holder.execute("SELECT pg_advisory_xact_lock(%s)", (APPLICATION_ID,))
        openers = [subprocess.Popen([sys.executable, "-c", opener, postgres_desk_url], stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True) for _ in range(3)]
        deadline = time.monotonic() + 60
        while holder.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                             ).fetchone()[0] < len(openers) and time.monotonic() < deadline:
            time.sleep(0.1)
        holder.execute("COMMIT")
    for process in openers:
        finished(process)


def test_three_writers_at_once_lose_and_double_nothing(postgres_desk_url: str, corpus: list[Path],
                                                       tmp_path: Path) -> None:
    Desk(postgres_desk_url).close()  # made once (see the test above for several processes making it at once)
    # Overlapping shares: every article comes from at least one writer, most from two or three.
    shares = [corpus[:13], corpus[6:][::-1], corpus[::2]]
    writers = [start_writer(postgres_desk_url, shares[0]), start_writer(postgres_desk_url, shares[1]),
               subprocess.Popen([sys.executable, "-m", "newsdesk", "add", "--db", postgres_desk_url, "--no-analyze",
                                 "-q", *map(str, shares[2])], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)]
    for writer in writers:
        finished(writer)
    info = json.loads(cli("info", "--json", db=postgres_desk_url))
    assert (info["articles"], info["copies"]) == (len(corpus), 1)
    shared = jsonl_export(postgres_desk_url)
    reference = jsonl_export(sqlite_desk(tmp_path, corpus, analyze=False))
    assert partition(shared) == partition(reference)
    assert info["events"] == len(reference["event"]) == len(EVENTS) + len(LONE)
    assert sorted(a["id"] for a in shared["article"]) == sorted(a["id"] for a in reference["article"])


def snapshot_is_whole(export: dict[str, list[dict[str, Any]]]) -> int:
    """Check one export read while a writer writes: every article it holds is placed in one of its events.
    RETURNS: how many articles it holds."""
    partition({"article": export.get("article", []), "event": export.get("event", [])})
    return len(export.get("article", []))


def test_readers_see_whole_batches_while_a_writer_writes(postgres_desk_url: str, corpus: list[Path],
                                                         tmp_path: Path) -> None:
    Desk(postgres_desk_url).close()  # the desk exists before the readers start
    writer = start_writer(postgres_desk_url, corpus, analyze=True)
    seen_articles, seen_hits, reads_during_the_add = [], set(), 0
    while writer.poll() is None:
        hits = [json.loads(line) for line in cli("search", "--json", "Brakenau", db=postgres_desk_url).splitlines()]
        assert seen_hits <= {hit["id"] for hit in hits}, "an article found before is gone"
        seen_hits = {hit["id"] for hit in hits}
        stories = json.loads(cli("stories", "--json", db=postgres_desk_url))
        assert all(story["events"] >= 1 and story["articles"] >= 1 for story in stories)
        seen_articles.append(snapshot_is_whole(jsonl_export(postgres_desk_url)))
        reads_during_the_add += writer.poll() is None
    finished(writer)
    assert reads_during_the_add >= 3, "the add ended before the readers could read while it wrote"
    assert seen_articles == sorted(seen_articles) and seen_articles[-1] <= len(corpus)
    assert snapshot_is_whole(jsonl_export(postgres_desk_url)) == len(corpus)
    reference = sqlite_desk(tmp_path, corpus, analyze=True)
    assert partition(jsonl_export(postgres_desk_url)) == partition(jsonl_export(reference))


# -- the same commands, the same answers ----------------------------------------------------------------------------

def by_title(listing: list[dict[str, Any]], words: str) -> str:
    """The id of the one story or event in ``listing`` whose title holds ``words``."""
    [found] = [item["id"] for item in listing if words in item["title"]]
    return found


def search_hits(db: str, query: str) -> set[tuple[str, str]]:
    """(id, title) of the hits, as a set: the two backends rank alike words differently (bm25 against
    ``ts_rank``) and cut snippets elsewhere, so only which articles match is compared."""
    return {(hit["id"], hit["title"]) for hit in map(json.loads, cli("search", "--json", query, db=db).splitlines())}


def command_session(db: str, files: list[Path]) -> dict[str, Any]:
    """What every command prints, in JSON, on a desk given ``files``, before and after a move, a merge, a
    rename and a split (the same steps whatever the backend). RETURNS: the outputs by step, without times."""
    cli("add", "-q", *map(str, files), db=db)
    seen: dict[str, Any] = {"info": json.loads(cli("info", "--json", db=db)),
                            "search": {query: search_hits(db, query) for query in
                                       ("Hafen", "Brücke", '"zwölf Goldmünzen"', "Pellwitz OR Sandwerth")}}
    seen["stories"] = json.loads(cli("stories", "--json", db=db))
    seen["events"] = json.loads(cli("events", "--json", db=db))
    harbour = by_title(seen["stories"], "Brakenau")
    seen["show"] = json.loads(cli("show", "--json", harbour, db=db))
    seen["dossier"] = json.loads(cli("dossier", "--json", harbour, db=db))
    mover = seen["show"]["events"][0]["members"][-1]["id"]
    seen["explain"] = json.loads(cli("explain", "--json", mover, db=db))
    museum, bridge = by_title(seen["events"], "Welvenhagen"), by_title(seen["events"], "Talbrücke")
    cli("move", mover, museum, db=db)
    cli("merge", museum, bridge, db=db)
    cli("rename", harbour, "Hafenstreik in Brakenau", db=db)
    [flood] = json.loads(cli("show", "--json", by_title(seen["stories"], "Sandwerth"), db=db))["events"]
    cli("split", flood["event"]["id"], flood["members"][-1]["id"], db=db)
    seen["explain_moved"] = json.loads(cli("explain", "--json", mover, db=db))
    seen["stories_after"] = json.loads(cli("stories", "--json", db=db))
    seen["events_after"] = json.loads(cli("events", "--json", db=db))
    seen["export"] = jsonl_export(db)
    return without_times(seen)


def test_every_command_answers_on_postgresql_as_on_sqlite(postgres_desk_url: str, corpus: list[Path],
                                                          tmp_path: Path) -> None:
    on_sqlite = command_session(str(tmp_path / "desk.db"), corpus)
    on_postgres = command_session(postgres_desk_url, corpus)
    assert on_postgres.keys() == on_sqlite.keys()
    for step in on_sqlite:
        assert on_postgres[step] == on_sqlite[step], step
    assert on_postgres["info"]["events"] == len(EVENTS) + len(LONE)
    # "Hafen" finds the one report that speaks of "Häfen" on both: SQLite folds the umlaut, PostgreSQL's german
    # snowball stems both words to "haf"; compounds such as "Hafenarbeiter" are words of their own.
    assert {title for _, title in on_postgres["search"]["Hafen"]} == {EVENTS["hafen"][1][1][1]}
    # Only PostgreSQL stems: "Pfeiler" finds the reports of "Pfeilern" there (SQLite finds none; docs/postgresql.md).
    assert {title for _, title in search_hits(postgres_desk_url, "Pfeiler")} == {
        title for _, title, text in EVENTS["bruecke"][1] if "Pfeilern" in text}
    assert any(story["title"] == "Hafenstreik in Brakenau" for story in on_postgres["stories_after"])


def test_the_web_app_serves_a_postgresql_desk_as_an_sqlite_one(postgres_desk_url: str, corpus: list[Path],
                                                               tmp_path: Path) -> None:
    answers = []
    for location in (str(tmp_path / "desk.db"), postgres_desk_url):
        with Desk(location) as desk:
            desk.add(list(map(str, corpus)))
        client = TestClient(create_app(location))
        story = by_title(client.get("/api/stories").json()["stories"], "Brakenau")
        article = client.get(f"/api/stories/{story}").json()["events"][0]["articles"][-1]
        pages = {url: client.get(url) for url in ["/", f"/story/{story}", f"/article/{article}",
                                                   "/search?q=Welvenhagen", "/api/stories", f"/api/stories/{story}",
                                                   f"/api/articles/{article}"]}
        assert {url: response.status_code for url, response in pages.items()} == dict.fromkeys(pages, 200)
        answers.append({url: without_times(response.json()) if url.startswith("/api/") else
                        set(LINK.findall(response.text)) if url.startswith("/search") else response.text
                        for url, response in pages.items()})
    assert answers[1] == answers[0]  # the search page: the same hits, though ranked and cut by each database


# -- a password never shown ----------------------------------------------------------------------------------------

def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize("where", ["unreachable port", "missing database", "password parameter", "environment"])
def test_a_failing_url_gives_one_line_without_its_password(postgres_url: str, where: str) -> None:
    secret = "Geheim-7f3q"
    server = urlsplit(postgres_url)
    host = f"{server.hostname}:{free_port() if where == 'unreachable port' else server.port}"
    url = {"unreachable port": f"postgresql://newsdesk:{secret}@{host}/desk",
           "missing database": f"postgresql://postgres:{secret}@{host}/no_such_desk",
           "password parameter": f"postgresql://postgres@{host}/no_such_desk?password={secret}&sslmode=disable",
           "environment": f"postgresql://postgres:{secret}@{host}/no_such_desk"}[where]
    environment = {**os.environ, "NEWSDESK_DB": url} if where == "environment" else dict(os.environ)
    command = [sys.executable, "-m", "newsdesk", "info"] + ([] if where == "environment" else ["--db", url])
    result = subprocess.run(command, capture_output=True, text=True, env=environment, timeout=120)
    assert result.returncode == 1
    assert secret not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "***" in lines[0] and "Traceback" not in lines[0], result.stderr


#: A writer that adds every file in one ``Desk.add`` of two-article batches, to be killed between and in batches.
SMALL_BATCH_WRITER = """
import sys
import newsdesk.eventbook
from newsdesk import Desk
newsdesk.eventbook.BATCH_SIZE = 2
with Desk(sys.argv[1]) as desk:
    desk.add(sys.argv[2:], analyze=False)
"""


def stored_articles(location: str) -> int:
    """Articles on the desk now (0 before the desk is made)."""
    try:
        with Desk(location, read_only=True, create=False) as desk:
            return desk.summary()["articles"]
    except DeskError:
        return 0


def test_a_writer_killed_mid_add_is_resumed_from_its_last_committed_batch(postgres_desk_url: str,
                                                                          corpus: list[Path],
                                                                          tmp_path: Path) -> None:
    """A writer killed while it adds leaves its committed batches and nothing else; the next add places the rest
    from the last committed article on, and the desk ends as one add that was never killed."""
    writer = subprocess.Popen([sys.executable, "-c", SMALL_BATCH_WRITER, postgres_desk_url, *map(str, corpus)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    stored = 0
    deadline = time.monotonic() + 120
    while writer.poll() is None and time.monotonic() < deadline:
        stored = stored_articles(postgres_desk_url)
        if stored >= 4:
            writer.kill()
            break
        time.sleep(0.05)
    writer.communicate(timeout=60)
    assert 4 <= stored < len(corpus), "the writer was not caught in the middle of its add"
    with Desk(postgres_desk_url) as desk:
        desk.add([str(file) for file in corpus], analyze=False)
        assert desk.store.count_unplaced() == 0
    resumed = jsonl_export(postgres_desk_url)
    assert partition(resumed) == partition(jsonl_export(sqlite_desk(tmp_path, corpus, analyze=False)))

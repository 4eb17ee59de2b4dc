"""Dossier and reading speed: the four targets of the dossier stage, on generated German articles.

    python bench/bench_dossier.py                      # the figures that count (500-article story, 10,000 stories)
    python bench/bench_dossier.py --story 100 --river 1000 --profile

Printed, each against its target:

- ``dossier``: ``Desk.dossier`` of one story of ``--story`` reports (default 500) built from scratch (< 2 s);
- ``story page``: ``GET /story/ID`` of that story through the web app once its dossier is built and cached (< 300 ms);
- ``river``: ``GET /`` over a desk of ``--river`` one-article stories (default 10,000) (< 300 ms);
- ``report``: ``render_report`` of the demo desk (``newsdesk demo``), every story (< 5 s).

The articles are our own text, generated here: the story's reports draw sentences from templates about one invented
happening (a bridge collapse in a fictional town) with varying officials, figures, dates, quotes and outlets, so that
the clusterer files them in one story (the size found is printed); the river's articles are each about invented
names and places of their own, so that each is its own story, added with ``analyze=False`` to keep the bench short.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from run import machine, write_jsonl
from starlette.testclient import TestClient

from newsdesk import Desk
from newsdesk.demo import run_demo
from newsdesk.report import render_report
from newsdesk.web import create_app

TARGETS_MS = {"dossier": 2000, "story page": 300, "river": 300, "report": 5000}
OFFICIALS = [("Bürgermeisterin", "Anna Keller"), ("Landrat", "Peter Brandt"), ("Feuerwehrchef", "Jonas Weber"),
             ("Verkehrsminister", "Markus Lenz"), ("Polizeisprecherin", "Sabine Roth"),
             ("Statiker", "Tobias Hahn"), ("Stadträtin", "Miriam Vogt"), ("Ministerpräsident", "Klaus Berger")]
STORY_SENTENCES = [
    "Die Brücke über die Lindach in Lindenau ist am {day}. März eingestürzt.",
    "Beim Einsturz der Lindachbrücke wurden nach Angaben der Polizei {n} Menschen verletzt.",
    "{role} {name} sagte: \"Wir tun alles, um die Verletzten zu versorgen.\"",
    "Nach Angaben von {role} {name} waren zum Zeitpunkt des Einsturzes {n} Fahrzeuge auf der Brücke.",
    "Die Brücke war {year} gebaut und zuletzt im Jahr {year2} geprüft worden.",
    "Die Staatsanwaltschaft Lindenau hat Ermittlungen wegen fahrlässiger Körperverletzung aufgenommen.",
    "{name} kündigte an, die Brücke werde binnen {n} Monaten durch einen Neubau ersetzt.",
    "Laut {role} {name} kostet der Neubau rund {n} Millionen Euro.",
    "Anwohner berichteten von einem lauten Knall gegen {hour} Uhr.",
    "Der Verkehr wird über die Umgehungsstraße bei Ostheim umgeleitet.",
    "Taucher suchten am {day}. März im Fluss nach weiteren Vermissten.",
    "{role} {name} erklärte, Risse an den Pfeilern seien seit Jahren bekannt gewesen.",
    "Die Opposition im Landtag fordert einen Untersuchungsausschuss zum Brückeneinsturz.",
    "Nach dem Einsturz in Lindenau sollen alle Brücken des Landkreises überprüft werden.",
    "\"Das hätte nicht passieren dürfen\", sagte {name} am Unglücksort.",
    "{role} {name} besuchte am {day}. März die Unglücksstelle an der Lindach.",
    "Ein Gutachten aus dem Jahr {year2} hatte vor Schäden an den Lagern der Brücke gewarnt.",
    "Die Bahnstrecke unter der Brücke bleibt nach Angaben der Bahn mindestens {n} Tage gesperrt.",
    "Im Krankenhaus Lindenau werden noch {n} Verletzte behandelt, {n2} von ihnen schwer.",
    "{role} {name} sprach den Angehörigen sein Mitgefühl aus.",
    "Der Bund sagte Lindenau Hilfe in Höhe von {n} Millionen Euro zu.",
    "Experten vermuten Korrosion an den Spannseilen als Ursache des Einsturzes.",
    "Am Abend des {day}. März versammelten sich Hunderte Menschen zu einer Andacht am Marktplatz.",
    "Der Einzelhandel in der Altstadt klagt über Umsatzeinbußen von {n} Prozent seit dem Einsturz.",
    "{role} {name} wies Vorwürfe zurück, die Stadt habe Warnungen ignoriert.",
    "Die Feuerwehr war mit {n} Einsatzkräften vor Ort.",
    "Ein Schiff der Wasserschutzpolizei sicherte die Trümmer im Fluss.",
    "Bis zum Neubau soll eine Behelfsbrücke für Fußgänger entstehen, die {n} Wochen Bauzeit braucht.",
]
WITNESSES = ["Lena", "Karl", "Ida", "Paul", "Greta", "Emil", "Frieda", "Otto", "Hanna", "Jakob"]
SYLLABLES = ["ka", "lo", "mi", "ter", "sa", "vo", "ne", "dru", "pel", "zi", "mar", "tos", "ben", "ul", "ra", "fen"]


def story_records(count: int, seed: int = 1) -> Iterator[dict[str, Any]]:
    """``count`` reports of the bridge collapse: 6-10 filled templates each, from 40 outlets over ten days."""
    rng = random.Random(seed)
    for number in range(count):
        lines = []
        for template in rng.sample(STORY_SENTENCES, rng.randint(6, 10)):
            role, name = rng.choice(OFFICIALS)
            lines.append(template.format(role=role, name=name, n=rng.randint(2, 60), day=rng.randint(3, 6),
                                         year=rng.randint(1960, 1980), year2=rng.randint(2005, 2022),
                                         hour=rng.randint(6, 22), n2=rng.randint(1, 9)))
        witness = f"{rng.choice(WITNESSES)} {''.join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()}"
        lines.insert(rng.randrange(len(lines)), f"Augenzeuge {witness} aus {rng.choice(SYLLABLES).capitalize()}"
                     f"dorf sah {rng.randint(2, 30)} Autos in die Tiefe stürzen.")
        role, name = rng.choice(OFFICIALS)
        yield _record(f"story-{number}", f"Brückeneinsturz in Lindenau: {role} {name} äußert sich ({number})",
                      " ".join(lines), f"2024-03-{3 + number % 10:02d} {8 + number % 12:02d}:00:00",
                      f"outlet{number % 40}.invalid")


def river_records(count: int, seed: int = 2) -> Iterator[dict[str, Any]]:
    """``count`` articles about invented names and places of their own, one a day in turn over ten years."""
    rng = random.Random(seed)
    for number in range(count):
        words = ["".join(rng.choice(SYLLABLES) for _ in range(4)).capitalize() for _ in range(6)]
        text = (f"In {words[0]} hat {words[1]} {words[2]} am Montag die {words[3]}werke übernommen. "
                f"Der Betrieb in {words[0]} beschäftigt {rng.randint(10, 900)} Menschen. "
                f"{words[2]} sagte, die {words[4]}halle werde bis {rng.randint(2025, 2030)} erweitert. "
                f"Kritik kam von {words[5]}, der die Pläne für {words[0]} ablehnt.")
        day = number % 3650
        yield _record(f"river-{number}", f"{words[1]} {words[2]} übernimmt {words[3]}werke in {words[0]}", text,
                      f"{2015 + day // 365}-{1 + day // 28 % 12:02d}-{1 + day % 28:02d} 09:00:00",
                      f"outlet{number % 40}.invalid")


def _record(key: str, title: str, text: str, published: str, outlet: str) -> dict[str, Any]:
    return {"title": title, "maintext": text, "date_publish": published, "authors": [], "language": "de",
            "url": f"https://bench.invalid/{key}", "source_domain": outlet}


def timed(call: Callable[[], Any], *, repeat: int = 1) -> tuple[float, Any]:
    """The best wall time of ``repeat`` calls in milliseconds, with the last call's result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        began = time.perf_counter()
        result = call()
        best = min(best, 1000 * (time.perf_counter() - began))
    return best, result


def profiled(call: Callable[[], Any], lines: int = 25) -> None:
    profiler = cProfile.Profile()
    profiler.runcall(call)
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(lines)


def bench_story(work: Path, size: int, *, profile: bool) -> dict[str, Any]:
    """The dossier of the largest story of ``size`` generated reports, cold; then its page, served from the cache."""
    db = work / "story.db"
    write_jsonl(story_records(size), work / "story.jsonl")
    with Desk(db) as desk:
        began = time.perf_counter()
        desk.add([str(work / "story.jsonl")])
        added_s = time.perf_counter() - began
        stories = desk.stories()
        story = max(stories, key=lambda summary: summary.articles + summary.copies)
        if profile:
            with Desk(db, read_only=True) as reader:
                profiled(lambda: reader.dossier(story.id))
        dossier_ms, dossier = timed(lambda: desk.dossier(story.id))  # builds it and, the desk being writable, caches
    client = TestClient(create_app(db))
    client.get(f"/story/{story.id}")  # warm: templates compiled, modules imported
    if profile:
        profiled(lambda: client.get(f"/story/{story.id}"))
    page_ms, response = timed(lambda: client.get(f"/story/{story.id}"), repeat=5)
    assert response.status_code == 200, response.status_code
    return {"reports": size, "added_s": round(added_s, 1), "story_articles": story.articles,
            "story_copies": story.copies, "stories": len(stories), "story_events": story.events, "timeline": len(dossier.timeline), "actors": len(dossier.actors),
            "dossier": dossier_ms, "story page": page_ms, "page_kb": round(len(response.content) / 1024)}


def bench_river(work: Path, size: int, *, profile: bool) -> dict[str, Any]:
    """``GET /`` (first page) and ``GET /?page=N`` (last page) over ``size`` one-article stories."""
    db = work / "river.db"
    write_jsonl(river_records(size), work / "river.jsonl")
    with Desk(db) as desk:
        began = time.perf_counter()
        desk.add([str(work / "river.jsonl")], analyze=False)
        added_s = time.perf_counter() - began
        stories = len(desk.stories())
    client = TestClient(create_app(db))
    client.get("/")
    if profile:
        profiled(lambda: client.get("/"))
    river_ms, response = timed(lambda: client.get("/"), repeat=5)
    assert response.status_code == 200, response.status_code
    last_ms, _ = timed(lambda: client.get(f"/?page={-(-stories // 25)}"), repeat=3)
    return {"articles": size, "added_s": round(added_s, 1), "stories": stories, "river": river_ms,
            "river_last_page_ms": round(last_ms, 1)}


def bench_report(work: Path, *, profile: bool) -> dict[str, Any]:
    """The report of the demo desk, every story (the dossiers cached by the demo's own report, as after `make demo`)."""
    result = run_demo(work / "demo")
    with Desk(result.db_path, read_only=True) as desk:
        if profile:
            profiled(lambda: render_report(desk))
        report_ms, (_, stories) = timed(lambda: render_report(desk), repeat=3)
    return {"demo_stories": stories, "report": report_ms}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--story", type=int, default=500, help="reports generated for the one big story")
    parser.add_argument("--river", type=int, default=10_000, help="one-article stories on the river's desk")
    parser.add_argument("--only", choices=["story", "river", "report"], action="append",
                        help="run only these parts (repeatable)")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of each measured call")
    parser.add_argument("--json", action="store_true", help="print one JSON object with all figures")
    args = parser.parse_args()
    parts = args.only or ["story", "river", "report"]
    figures: dict[str, Any] = {"machine": machine()}
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-dossier-") as tmp:
        work = Path(tmp)
        if "story" in parts:
            figures["story"] = bench_story(work, args.story, profile=args.profile)
        if "river" in parts:
            figures["river"] = bench_river(work, args.river, profile=args.profile)
        if "report" in parts:
            figures["report"] = bench_report(work, profile=args.profile)
    if args.json:
        print(json.dumps(figures))
        return 0
    print(f"on {figures['machine']}")
    for part, values in figures.items():
        if part == "machine":
            continue
        for name, target in TARGETS_MS.items():
            if name in values:
                verdict = "reached" if values[name] < target else "MISSED"
                print(f"{name:>11}: {values[name]:8.1f} ms (target < {target} ms: {verdict})")
        print("             " + ", ".join(f"{k} {v}" for k, v in values.items() if k not in TARGETS_MS))
    return 0


if __name__ == "__main__":
    sys.exit(main())

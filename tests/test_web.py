"""The web app of ``newsdesk serve`` on a demo desk: every page, the JSON API, errors, security headers, escaping of
hostile text, and corrections that happen only with ``allow_edits`` and the right CSRF token."""

from __future__ import annotations

import hashlib
import json
import random
import re
import shutil
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from newsdesk import Desk
from newsdesk.demo import corpus_path
from newsdesk.model import Article, RemovedLine
from newsdesk.web import create_app

HOSTILE = ['<script>alert(1)</script>', '" onmouseover="x', "javascript:alert(1)"]
ESCAPED = ["&lt;script&gt;alert(1)&lt;/script&gt;", "&#34; onmouseover=&#34;x"]


def hostile_article() -> Article:
    """An article as a desk written before text was stored plain may hold it: markup and script in every field
    (``newsdesk add`` strips tags today, so it is stored directly)."""
    payload = " ".join(HOSTILE)
    text = (f"Der Stadtrat von Altwerder beriet am Dienstag über {payload}. "
            f"„Wir prüfen {HOSTILE[0]} genau“, sagte Bürgermeisterin Anna Keller am Mittwoch."
            f"\n\n<b>fett</b> {payload}")
    return Article(id="0badc0de0badc0de", source="hostile.jsonl:1", text=text, title=f"Angriff {payload}",
                   authors=[HOSTILE[0], HOSTILE[1]], outlet=f"{HOSTILE[0]}.example", url=HOSTILE[2], language="de",
                   published="2024-05-02T10:00:00", removed=[RemovedLine(1, payload, "de.teaser")],
                   text_hash="hostile-0badc0de")


def build_desk(folder: Path) -> Path:
    """The demo corpus plus the hostile article, analysed and placed like any other."""
    path = folder / "desk.db"
    with Desk(path) as desk:
        desk.add([str(corpus_path())], outlet_from_folder=True)
    with Desk(path) as desk:  # a fresh desk places what it finds unplaced
        with desk.store.transaction():
            desk.store.insert_article(hostile_article())
        desk.analyze()
        desk.stories()  # places the article in an event and a story
    return path


@pytest.fixture(scope="module")
def desk_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_desk(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="module")
def client(desk_path: Path) -> TestClient:
    return TestClient(create_app(desk_path))


@pytest.fixture(scope="module")
def ids(desk_path: Path) -> dict[str, str]:
    """A story with several events, one of its events, an article of another of its events, and the hostile one."""
    with Desk(desk_path, read_only=True) as desk:
        story = next(s for s in desk.stories() if s.events > 1)
        first, second = desk.story(story.id).events[:2]
        hostile = desk.explain(hostile_article().id)
    mover = next(m for m in second.members if m.copy_of is None)
    return {"story": story.id, "event": first.event.id, "article": mover.id, "hostile": hostile_article().id,
            "hostile_story": hostile.story, "hostile_event": hostile.event}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_web_pages_answer(client: TestClient, ids: dict[str, str]) -> None:
    for url in ["/", "/?page=1", f"/story/{ids['story']}", f"/event/{ids['event']}", f"/article/{ids['article']}",
                "/search?q=Streik", "/search", "/static/style.css", "/openapi.json"]:
        response = client.get(url)
        assert response.status_code == 200, url
    river = client.get("/").text
    assert f'href="/story/{ids["story"]}"' in river and "<svg" in river  # the sparkline
    story = client.get(f"/story/{ids['story']}").text
    assert "Where the sources disagree" in story and "timeline-chart" in story
    assert re.search(r'href="/article/[0-9a-f]+#s\d+"', story)  # statements link to their sentence


def test_web_article_page_marks_sentences_and_findings(client: TestClient, ids: dict[str, str]) -> None:
    page = client.get(f"/article/{ids['article']}").text
    assert 'id="s0"' in page and 'class="ent' in page and 'class="date' in page
    assert "Removed while cleaning" in page


def test_web_api_mirrors_the_desk(client: TestClient, ids: dict[str, str]) -> None:
    stories = client.get("/api/stories").json()
    assert ids["story"] in [story["id"] for story in stories["stories"]]
    story = client.get(f"/api/stories/{ids['story']}").json()
    assert story["story"]["id"] == ids["story"] and "disagreements" in story["dossier"] and story["events"]
    article = client.get(f"/api/articles/{ids['article']}").json()
    assert article["id"] == ids["article"] and article["story"] == ids["story"] and article["analysis"]
    assert "/api/stories/{story_id}" in client.get("/openapi.json").json()["paths"]


def test_web_unknown_ids_are_404_pages(client: TestClient) -> None:
    for url in ["/story/s-nope", "/event/e-nope", "/article/ffffffffffff", "/no/such/page", "/?page=99"]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "text/html" in response.headers["content-type"]
    response = client.get("/api/articles/ffffffffffff")
    assert response.status_code == 404 and response.json()["ok"] is False


def test_web_bad_search_is_a_400_with_a_message(client: TestClient) -> None:
    response = client.get("/search", params={"q": '"unbalanced AND ('})
    assert response.status_code == 400
    assert 'class="problem"' in response.text and "cannot search" in response.text


def test_web_security_headers_on_every_response(client: TestClient) -> None:
    for url in ["/", "/story/s-nope", "/static/style.css", "/api/stories"]:
        headers = client.get(url).headers
        assert "default-src 'self'" in headers["content-security-policy"], url
        assert "script-src 'self'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
    assert "<script" not in client.get("/").text


def test_web_refuses_every_post_without_allow_edits(client: TestClient, desk_path: Path,
                                                    ids: dict[str, str]) -> None:
    before = _digest(desk_path)
    for url in [f"/article/{ids['article']}/move", f"/event/{ids['event']}/merge", "/"]:
        response = client.post(url, data={"event": ids["event"], "events": ids["event"], "csrf": "x"})
        assert response.status_code == 405, url
    assert _digest(desk_path) == before


def test_web_refuses_large_bodies(desk_path: Path, ids: dict[str, str]) -> None:
    editing = TestClient(create_app(desk_path, allow_edits=True))
    response = editing.post(f"/article/{ids['article']}/move", content=b"x" * 200_000,
                            headers={"content-type": "application/x-www-form-urlencoded"})
    assert response.status_code == 413


def test_web_moves_an_article_only_with_the_csrf_token(desk_path: Path, ids: dict[str, str],
                                                       tmp_path: Path) -> None:
    copy = tmp_path / "desk.db"
    shutil.copy(desk_path, copy)
    editing = TestClient(create_app(copy, allow_edits=True))
    page = editing.get(f"/article/{ids['article']}")
    token = re.search(r'name="csrf" value="([0-9a-f]+)"', page.text).group(1)
    move = f"/article/{ids['article']}/move"

    before = _digest(copy)
    refused = editing.post(move, data={"event": ids["event"], "csrf": "0" * len(token)}, follow_redirects=False)
    assert refused.status_code == 403 and _digest(copy) == before
    no_cookie = TestClient(create_app(copy, allow_edits=True))  # another process's secret, and no cookie
    assert no_cookie.post(move, data={"event": ids["event"], "csrf": token}).status_code == 403

    moved = editing.post(move, data={"event": ids["event"], "csrf": token}, follow_redirects=False)
    assert moved.status_code == 303 and moved.headers["location"] == f"/event/{ids['event']}"
    with Desk(copy, read_only=True) as desk:
        assert desk.explain(ids["article"]).event == ids["event"]


def test_web_escapes_hostile_text(client: TestClient, ids: dict[str, str]) -> None:
    article = f"/article/{ids['hostile']}"
    pages = {url: client.get(url).text for url in
             ["/", article, f"/story/{ids['hostile_story']}", f"/event/{ids['hostile_event']}", "/search?q=Stadtrat"]}
    for url, html in pages.items():
        for payload in HOSTILE[:2] + ["<b>fett"]:
            assert payload not in html, (url, payload)
        assert not re.search(r"""(href|src)\s*=\s*["']?\s*javascript:""", html, re.IGNORECASE), url
    for escaped in ESCAPED:
        assert escaped in pages[article] and escaped in pages["/"]
    assert "javascript:alert(1)" in pages[article]  # the address is shown as text, never linked
    api = client.get(f"/api/articles/{ids['hostile']}").json()
    assert api["title"].startswith("Angriff <script>")  # JSON carries the data as stored; a reader escapes it


def test_web_renames_a_story_only_with_the_csrf_token(desk_path: Path, ids: dict[str, str], tmp_path: Path) -> None:
    copy = tmp_path / "desk.db"
    shutil.copy(desk_path, copy)
    editing = TestClient(create_app(copy, allow_edits=True))
    page = editing.get(f"/story/{ids['story']}").text
    assert f'action="/story/{ids["story"]}/rename"' in page
    assert "/rename" not in TestClient(create_app(copy)).get(f"/story/{ids['story']}").text  # read-only: no form
    token = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
    rename = f"/story/{ids['story']}/rename"
    before = _digest(copy)
    refused = editing.post(rename, data={"title": "Neu", "csrf": "0" * len(token)}, follow_redirects=False)
    assert refused.status_code == 403 and _digest(copy) == before
    assert editing.post(rename, data={"title": "  ", "csrf": token}).status_code == 400
    renamed = editing.post(rename, data={"title": "Mein <b>Titel</b>", "csrf": token}, follow_redirects=False)
    assert renamed.status_code == 303 and renamed.headers["location"] == f"/story/{ids['story']}"
    shown = editing.get(f"/story/{ids['story']}").text
    assert "<h1>Mein &lt;b&gt;Titel&lt;/b&gt;</h1>" in shown
    with Desk(copy, read_only=True) as desk:
        assert desk.story(ids["story"]).story.title == "Mein <b>Titel</b>"
    assert TestClient(create_app(copy)).post(rename, data={"title": "x", "csrf": token}).status_code == 405


BIG_STORY_SENTENCES = [
    "Die Seilbahn am Grauhorn bei Kellbach ist am {day}. Mai stehen geblieben.",
    "Nach Angaben der Bergwacht saßen {n} Fahrgäste stundenlang in den Kabinen fest.",
    "{role} {name} sagte: \"Wir holen alle Fahrgäste so schnell wie möglich herunter.\"",
    "\"Die Bremse hat ausgelöst, die Ursache kennen wir noch nicht\", sagte {name} am {day}. Mai.",
    "{role} {name} besuchte am {day}. Mai die Talstation in Kellbach.",
    "Laut {role} {name} kostet die Reparatur rund {n} Millionen Euro.",
    "Die Seilbahn war {year} gebaut und im Jahr {year2} zuletzt geprüft worden.",
    "Hubschrauber brachten am {day}. Mai {n} Fahrgäste ins Tal.",
    "{role} {name} erklärte, die Anlage bleibe bis auf Weiteres geschlossen.",
    "Die Gemeinde Kellbach rechnet mit Einbußen im Tourismus.",
    "Am Abend des {day}. Mai dankte {role} {name} den {n} Helfern der Bergwacht.",
    "Ein Gutachter soll bis Ende Juni klären, warum die Bremse am Grauhorn auslöste.",
    "Die Fahrgäste erhielten nach Angaben von {name} Decken und warmen Tee.",
    "Im Jahr {year2} war die Seilbahn schon einmal für {n} Tage gesperrt.",
    "Die Opposition im Gemeinderat verlangt Auskunft über die Wartung der Anlage.",
]
BIG_STORY_SYLLABLES = ["ka", "lo", "mi", "ter", "sa", "vo", "ne", "dru", "pel", "zi", "mar", "tos", "ben", "ul"]
BIG_STORY_PEOPLE = [("Bürgermeister", "Lorenz Aigner"), ("Bergwachtleiterin", "Vroni Stadler"),
                    ("Landrat", "Severin Huber"), ("Betriebsleiterin", "Resi Moser")]


def big_story_records(count: int) -> list[dict[str, str]]:
    """``count`` reports of one invented happening (our own text, as bench/bench_dossier.py makes its story)."""
    rng = random.Random(20)
    records = []
    for number in range(count):
        lines = []
        for template in rng.sample(BIG_STORY_SENTENCES, rng.randint(5, 8)):
            role, name = rng.choice(BIG_STORY_PEOPLE)
            lines.append(template.format(role=role, name=name, n=rng.randint(2, 90), day=rng.randint(3, 7),
                                         year=rng.randint(1960, 1990), year2=rng.randint(2005, 2022)))
        witness = "".join(rng.choice(BIG_STORY_SYLLABLES) for _ in range(3)).capitalize()
        lines.insert(rng.randrange(len(lines)), f"Der Wanderer {witness} aus {rng.choice(BIG_STORY_SYLLABLES).title()}"
                     f"hausen wartete {rng.randint(2, 9)} Stunden in Kabine {rng.randint(1, 40)}.")
        role, name = rng.choice(BIG_STORY_PEOPLE)
        records.append({"title": f"Seilbahn am Grauhorn steht still: {role} {name} äußert sich ({number})",
                        "maintext": " ".join(lines), "date_publish": f"2024-05-{3 + number % 10:02d} 09:00:00",
                        "language": "de", "url": f"https://big.invalid/{number}",
                        "source_domain": f"outlet{number % 40}.invalid"})
    return records


@pytest.fixture(scope="module")
def big_story(tmp_path_factory: pytest.TempPathFactory) -> tuple[TestClient, str]:
    """A desk whose largest story has over 500 articles (the clusterer may leave some reports in stories of their
    own: a user's merge puts them in) and, merged by the user, one event of hundreds of them beside a dozen others
    (enough that the story's events have pages of their own)."""
    folder = tmp_path_factory.mktemp("big")
    (folder / "story.jsonl").write_text("\n".join(json.dumps(r) for r in big_story_records(520)), encoding="utf-8")
    with Desk(folder / "desk.db") as desk:
        desk.add([str(folder / "story.jsonl")])
        stories = desk.stories()
        story = max(stories, key=lambda s: s.articles)
        strays = [e.event.id for s in stories if s.id != story.id for e in desk.story(s.id).events]
        if strays:
            desk.merge(desk.story(story.id).events[0].event.id, strays)
        events = [event.event.id for event in desk.story(story.id).events]
        desk.merge(events[0], events[1:-11])
        story = desk.story(story.id).story
        desk.dossier(story.id)
    assert story.articles > 500
    return TestClient(create_app(folder / "desk.db")), story.id


def test_web_a_story_of_500_articles_shows_bounded_parts_with_pages(big_story: tuple[TestClient, str]) -> None:
    client, story = big_story
    page = client.get(f"/story/{story}").text
    entries = re.findall(rf'<li id="{story}-t(\d+)"', page)
    assert len(entries) == 10  # the first entries; the rest on the timeline's own pages
    for part in ("timeline", "speakers", "sources", "actors", "events"):
        assert f'href="/story/{story}/{part}"' in page, part
    assert len(page) < 400_000 and page.count('class="cite"') < 400
    timeline = client.get(f"/story/{story}/timeline")
    assert timeline.status_code == 200
    first = re.findall(rf'<li id="{story}-t(\d+)"', timeline.text)
    assert first == [str(i) for i in range(50)] and f'href="/story/{story}/timeline?page=2"' in timeline.text
    second = client.get(f"/story/{story}/timeline?page=2").text
    assert re.findall(rf'<li id="{story}-t(\d+)"', second)[0] == "50" and 'rel="prev"' in second
    assert "Brief" not in second and "Actors" not in second  # a part page shows that part alone
    marks = re.findall(rf'<a href="/story/{story}/timeline\?page=(\d+)#{story}-t(\d+)"><title>', page)
    assert marks and all(int(number) == int(index) // 50 + 1 for number, index in marks)  # the chart's links
    number, index = marks[-1]
    assert f'<li id="{story}-t{index}"' in client.get(f"/story/{story}/timeline?page={number}").text
    pages = int(re.search(r"page 1 of (\d+)", timeline.text).group(1))
    assert client.get(f"/story/{story}/timeline?page={pages}").status_code == 200
    for url in [f"/story/{story}/timeline?page={pages + 1}", f"/story/{story}/nothing", "/story/s-nope/timeline"]:
        assert client.get(url).status_code == 404, url
    assert client.get(f"/story/{story}/timeline?page=x").status_code == 400
    for part in ("speakers", "sources", "actors", "events", "disagreements"):
        response = client.get(f"/story/{story}/{part}")
        assert response.status_code == 200 and len(response.text) < 600_000, part



def test_web_an_event_of_many_articles_lists_them_in_pages(big_story: tuple[TestClient, str]) -> None:
    client, story = big_story
    events = client.get(f"/api/stories/{story}").json()["events"]
    event = max(events, key=lambda record: len(record["articles"]))
    listed = len(event["articles"]) + len(event["copies"])
    assert listed > 300
    url = f"/event/{event['id']}"
    first = client.get(url).text
    assert len(first) < 200_000 and f"showing 1–50 of {listed:,} listed articles" in first
    assert f'href="{url}?page=2" rel="next"' in first and 'rel="prev"' not in first
    pages = -(-listed // 50)
    shown = []
    for number in range(1, pages + 1):
        response = client.get(f"{url}?page={number}")
        assert response.status_code == 200, number
        shown += re.findall(r'<a href="/article/([0-9a-f]+)">', response.text)
    assert len(shown) == listed and set(shown) == set(event["articles"] + event["copies"])
    last = response.text
    assert f'href="{url}?page={pages - 1}" rel="prev"' in last and 'rel="next"' not in last
    assert f"showing {50 * (pages - 1) + 1}–{listed} of" in last
    assert client.get(f"{url}?page={pages + 1}").status_code == 404
    assert client.get(f"{url}?page=x").status_code == 400

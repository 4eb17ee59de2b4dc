"""The web app of ``newsdesk serve`` on a demo desk: every page, the JSON API, errors, security headers, escaping of
hostile text, and corrections that happen only with ``allow_edits`` and the right CSRF token."""

from __future__ import annotations

import hashlib
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

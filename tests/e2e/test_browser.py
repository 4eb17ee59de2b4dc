"""What an analyst does in the browser, against a real ``newsdesk serve`` and Debian's headless Chromium: read the
river, open a story and its disagreements, follow a statement to its sentence, search, and move an article.
Screenshots of the river, a story and an article page land in the folder named at the end of the run."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

if not os.environ.get("CI"):  # in CI a missing Playwright is a collection error, never a skip
    pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install -e '.[test]')")
from playwright.sync_api import Page, expect  # noqa: E402

from .conftest import DemoDesk

SEED_DISAGREEMENTS = [("Außenminister", "Verteidigungsminister"), ("Ende Juni", "Ende Juli"),
                      ("Camp David", "Washington")]


def test_river_lists_the_stories(page: Page, server: str, screenshots: Path) -> None:
    page.goto(server + "/")
    stories = page.locator('a[href^="/story/"]')
    expect(stories.first).to_be_visible()
    assert stories.count() >= 5
    expect(page.locator("svg").first).to_be_visible()  # the sparklines
    page.screenshot(path=screenshots / "river.png", full_page=True)


def test_open_a_story_from_the_river(page: Page, server: str, demo_desk: DemoDesk, screenshots: Path) -> None:
    page.goto(server + "/")
    page.locator(f'a[href="/story/{demo_desk.story}"]').first.click()
    expect(page).to_have_url(f"{server}/story/{demo_desk.story}")
    expect(page.locator("h1")).not_to_be_empty()
    expect(page.get_by_role("heading", name=re.compile("Where the sources disagree"))).to_be_visible()
    expect(page.locator(".timeline-chart").first).to_be_visible()
    page.screenshot(path=screenshots / "story.png", full_page=True)


def test_seed_story_shows_its_three_disagreements(page: Page, server: str, demo_desk: DemoDesk, seeds_dir: Path,
                                                  screenshots: Path) -> None:
    page.goto(server + "/")
    page.locator(f'a[href="/story/{demo_desk.seed_story}"]').first.click()
    disagreements = page.locator(".disagreements .disagreement")
    expect(disagreements).to_have_count(3)
    shown = [disagreements.nth(i).locator(".claim .value").all_inner_texts() for i in range(3)]
    for first, second in SEED_DISAGREEMENTS:
        assert any(any(first in v for v in values) and any(second in v for v in values) for values in shown), shown
    page.screenshot(path=screenshots / "seed-story.png", full_page=True)
    page.locator("section.disagreements").screenshot(path=screenshots / "seed-disagreements.png")


def test_a_citation_leads_to_its_highlighted_sentence(page: Page, server: str, demo_desk: DemoDesk,
                                                      screenshots: Path) -> None:
    page.goto(f"{server}/story/{demo_desk.story}")
    citation = page.locator('.dossier a[href*="/article/"][href*="#s"]').first
    href = citation.get_attribute("href")
    article, sentence = re.fullmatch(r"/article/([0-9a-f]+)#(s\d+)", href).groups()
    citation.click()
    expect(page).to_have_url(f"{server}/article/{article}#{sentence}")
    target = page.locator(f"span.sentence#{sentence}")
    expect(target).to_be_visible()
    expect(target).to_be_in_viewport()
    assert target.evaluate("element => element.matches(':target')")
    assert target.evaluate("element => getComputedStyle(element).outlineStyle") != "none"  # highlighted
    page.screenshot(path=screenshots / "article.png")  # the viewport: the highlighted sentence in view


def test_search_for_a_word_and_open_a_hit(page: Page, server: str) -> None:
    page.goto(server + "/")
    box = page.get_by_role("searchbox", name="Search articles")
    box.fill("Streik")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search\?q=Streik$"))
    hits = page.locator("ol.hits li a")
    expect(hits.first).to_be_visible()
    hits.first.click()
    expect(page).to_have_url(re.compile(r"/article/[0-9a-f]+$"))
    assert "streik" in page.locator("article.article").inner_text().lower()


def test_move_an_article_to_another_event(page: Page, editing_server: str, demo_desk: DemoDesk) -> None:
    page.goto(f"{editing_server}/story/{demo_desk.story}")
    page.locator(f'.events a[href="/article/{demo_desk.mover}"]').first.click()
    expect(page).to_have_url(f"{editing_server}/article/{demo_desk.mover}")
    select = page.locator("section.edit select[name=event]")
    current = select.input_value()
    target = next(value for value in select.locator("option").evaluate_all("options => options.map(o => o.value)")
                  if value != current)
    select.select_option(target)
    page.get_by_role("button", name="Move").click()
    expect(page).to_have_url(f"{editing_server}/event/{target}")
    expect(page.locator(f'table a[href="/article/{demo_desk.mover}"]')).to_be_visible()
    page.goto(f"{editing_server}/article/{demo_desk.mover}")
    expect(page.locator(f'.crumbs a[href="/event/{target}"]')).to_be_visible()

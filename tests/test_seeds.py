"""The five reference articles in ../shared/seeds, ingested through the whole desk (skipped when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk import Desk


def test_seeds_ingest_with_titles_and_bylines(seeds_dir: Path, desk: Desk) -> None:
    report = desk.add([str(seeds_dir)])
    assert (report.added, report.failed) == (5, 0)
    articles = {Path(article.source).name[:3]: article for article in desk.articles()}
    assert all(article.language == "de" for article in articles.values())
    first_lines = {key: (seeds_dir / Path(a.source).name).read_text(encoding="utf-8").splitlines() for key, a in
                   articles.items()}
    assert articles["001"].title == first_lines["001"][0].strip()
    assert articles["002"].title and articles["002"].title in first_lines["002"]
    assert articles["002"].authors == ["Jan Oeftger"]
    assert articles["003"].authors == ["Armin Schmitt"]
    assert articles["004"].authors == ["Linus Prien"]
    for article in articles.values():
        for debris in ("Lesen Sie auch", "Leave a Reply", "Akismet", "©", "Mehr zum Thema", "</"):
            assert debris not in article.text, (article.source, debris)
        assert not article.text.rstrip().endswith("(lp)")


def test_seeds_events_and_story(seeds_dir: Path, desk: Desk) -> None:
    """000 and 001 report one event; 003 and 004 each another; all five belong to one story."""
    desk.add([str(seeds_dir)])
    placed = {Path(article.source).name[:3]: desk.explain(article.id) for article in desk.articles()}
    assert placed["000"].event == placed["001"].event
    others = {placed[key].event for key in ("000", "003", "004")}
    assert len(others) == 3, "003 and 004 must each be an event of their own"
    assert len({explanation.story for explanation in placed.values()}) == 1


@pytest.mark.xfail(strict=False, reason="the current clusterer puts 002 (the 2022 letter exchange of the same ritual) "
                   "into the 000/001 event (join score 0.83): same actors and vocabulary, and 002 names no day or "
                   "year of its own that the date signals could set against 000/001's 15 August 2023")
def test_seeds_002_is_not_the_000_001_event(seeds_dir: Path, desk: Desk) -> None:
    desk.add([str(seeds_dir)])
    placed = {Path(article.source).name[:3]: desk.explain(article.id).event for article in desk.articles()}
    assert placed["002"] != placed["000"]

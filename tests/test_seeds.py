"""The five reference articles in ../shared/seeds, ingested through the whole desk (skipped when absent)."""

from __future__ import annotations

from pathlib import Path

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

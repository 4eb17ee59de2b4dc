"""Cleaning on the five reference articles in ../shared/seeds, read at run time (skipped when absent).

No seed text is copied here: titles are compared with the seed's own lines, debris is checked by pattern.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsdesk.clean import CleanedText, clean_text, normalize_line

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
pytestmark = pytest.mark.seeds

#: sentence ends: . ! ? … with closing quotes or a bracket, before a space, the line end or glued markup ("</…")
SENTENCE_END = re.compile(r"[.!?…][“”\"»«)]*(?=\s|$|</)")
#: markers of lines that are debris wherever they occur (FIELD-NOTES, "Scraping debris seen in the seeds")
DEBRIS = re.compile(r"Lesen Sie auch|©|Archivbild|Archivfoto|Symbolbild|Leave a Reply|Akismet|Your email address|"
                    r"pic\.twitter\.com|Mehr zum Thema|</")  # fmt: skip


def seeds() -> dict[str, str]:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present beside the checkout")
    return {path.name[:3]: path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture(scope="module")
def cleaned() -> dict[str, tuple[str, CleanedText]]:
    return {key: (text, clean_text(text)) for key, text in seeds().items()}


def test_all_five_seeds_are_german(cleaned: dict[str, tuple[str, CleanedText]]) -> None:
    assert len(cleaned) == 5
    assert {result.language for _, result in cleaned.values()} == {"de"}


def test_debris_is_gone(cleaned: dict[str, tuple[str, CleanedText]]) -> None:
    for key, (_, result) in cleaned.items():
        for paragraph in result.text.split("\n\n"):
            assert not DEBRIS.search(paragraph), (key, paragraph)
            assert paragraph not in ("Kommentare", "Auch interessant"), key
            assert not paragraph.startswith(("Von:", "Von ", "Erstellt:", "1. ", "2. ")), (key, paragraph)
            assert "Startseite" not in paragraph, key
        assert not re.search(r"\((?:lp|Jan Oeftger)\)\s*$", result.text), key


def test_no_sentence_is_lost(cleaned: dict[str, tuple[str, CleanedText]]) -> None:
    """Sentence ends in the input = those in the removed lines + those in the text."""
    for key, (text, result) in cleaned.items():
        removed = sum(len(SENTENCE_END.findall(record.text)) for record in result.removed)
        assert len(SENTENCE_END.findall(text)) - removed == len(SENTENCE_END.findall(result.text)), key


def test_every_body_paragraph_is_kept(cleaned: dict[str, tuple[str, CleanedText]]) -> None:
    """Every long seed line without a debris marker is in the text (less a trailing tag or markup fragment)."""
    for key, (text, result) in cleaned.items():
        kept = result.text.split("\n\n")
        for number, raw in enumerate(text.split("\n"), start=1):
            line = normalize_line(raw)
            if len(line.split()) < 15 or DEBRIS.search(line):
                continue
            fragments = [r.text for r in result.removed if r.line == number]
            assert all(r in ("author_tag", "markup") for r in (x.rule for x in result.removed if x.line == number))
            for fragment in fragments:
                line = normalize_line(line.replace(fragment, " "))
            assert line in kept, (key, number)


def test_invariant_every_line_kept_or_removed(cleaned: dict[str, tuple[str, CleanedText]]) -> None:
    for key, (text, result) in cleaned.items():
        kept = set(result.text.split("\n\n"))
        for number, raw in enumerate(text.split("\n"), start=1):
            line = normalize_line(raw)
            records = [r for r in result.removed if r.line == number]
            if not line or any(normalize_line(r.text) == line for r in records):
                continue
            for record in records:
                line = normalize_line(line.replace(record.text, " ", 1))
            assert not line or line in kept, (key, number)


def test_titles(cleaned: dict[str, tuple[str, CleanedText]]) -> None:
    first_lines = {key: [normalize_line(line) for line in text.split("\n") if line.strip()]
                   for key, (text, _) in cleaned.items()}  # fmt: skip
    assert cleaned["001"][1].title == first_lines["001"][0]
    assert cleaned["004"][1].title == first_lines["004"][0]
    after_breadcrumbs = next(line for line in first_lines["002"] if not re.match(r"\d+\.\s", line))
    assert cleaned["002"][1].title == after_breadcrumbs
    assert cleaned["000"][1].title is None  # starts with body text
    assert cleaned["003"][1].title is None  # starts with the byline, then body text


def test_bylines_and_author_tags(cleaned: dict[str, tuple[str, CleanedText]]) -> None:
    assert cleaned["002"][1].authors == ["Jan Oeftger"]
    assert cleaned["003"][1].authors == ["Armin Schmitt"]
    assert cleaned["004"][1].authors == ["Linus Prien"]
    assert cleaned["000"][1].authors == [] and cleaned["001"][1].authors == []
    assert ("author_tag", "(lp)") in {(r.rule, r.text) for r in cleaned["004"][1].removed}
    assert ("author_tag", "(Jan Oeftger)") in {(r.rule, r.text) for r in cleaned["002"][1].removed}


def test_rules_per_seed(cleaned: dict[str, tuple[str, CleanedText]]) -> None:
    rules = {key: {r.rule for r in result.removed} for key, (_, result) in cleaned.items()}
    assert rules["000"] == {"social_embed"}
    assert rules["001"] == {"title", "teaser", "comments"}
    assert rules["002"] >= {"breadcrumb", "title", "dateline", "byline", "comments", "photo_caption", "author_tag",
                            "teaser"}  # fmt: skip
    assert rules["003"] == {"byline", "markup", "teaser"}
    assert rules["004"] >= {"title", "byline", "author_tag"}
    assert not any("foreign_language" in found for found in rules.values())

"""The brief: three to six sentences that tell the story, chosen across its independent articles.

A sentence scores by how many of the story's central actors (those named by most articles) it names, whether it is
dated, and how early it stands in its article (news writing puts the essentials first). Sentences are taken best
first, one per article before a second from any, never two that say the same thing (most content words shared) and
never from a copy; the brief is then ordered by the date of what each sentence reports, oldest first.
"""

from __future__ import annotations

import re
from collections import Counter

from newsdesk.dossier.dates import date_value, sort_key
from newsdesk.dossier.model import BriefSentence, DateValue
from newsdesk.dossier.reading import Report

MIN_SENTENCES, MAX_SENTENCES = 3, 6
#: Two sentences sharing this share of their content words say the same thing.
SAME_THING = 0.5
_CONTENT_WORD = re.compile(r"\w{4,}")


def build_brief(reports: list[Report]) -> list[BriefSentence]:
    """The brief, oldest happening first (fewer than three sentences only when the story has fewer)."""
    originals = [report for report in sorted(reports, key=lambda r: r.order) if not report.copy_of]
    central = _central_actors(originals)
    candidates = sorted(((score, report.order, index, report) for report in originals
                         for index, score in _scored(report, central)), key=lambda c: (-c[0], c[1], c[2]))
    chosen: list[tuple[Report, int]] = []
    for round_ in (1, 2):
        for _, _, index, report in candidates:
            if len(chosen) >= MAX_SENTENCES:
                break
            taken = sum(r.id == report.id for r, _ in chosen)
            if taken < round_ and (report, index) not in chosen and not _repeats(report, index, chosen):
                chosen.append((report, index))
        if len(chosen) >= MIN_SENTENCES:
            break
    brief = [BriefSentence(report.cite(index), _sentence_date(report, index)) for report, index in chosen]
    return sorted(brief, key=lambda s: (sort_key(s.date), s.citation.article, s.citation.sentence or 0))


def _central_actors(reports: list[Report]) -> Counter[str]:
    """Canonical ids of people and organisations with the number of articles naming them."""
    return Counter(entity_id for report in reports for entity_id in
                   {e["id"] for e in report.analysis.get("entities") or [] if e.get("type") in ("PER", "ORG")})


def _scored(report: Report, central: Counter[str]) -> list[tuple[int, float]]:
    """(sentence, score) for the sentences worth a brief: whole statements of 8 to 60 words, not quotes."""
    quoted = {quote.get("sentence") for quote in report.analysis.get("quotes") or [] if quote["type"] == "direct"}
    scored = []
    for index, sentence in enumerate(report.sentences):
        words = len(sentence.split())
        if not 8 <= words <= 60 or index in quoted or not sentence.rstrip().endswith((".", "!", "?", "“", "\"")):
            continue
        entities = report.in_sentence(report.analysis.get("entities") or [], index)
        actors = {e["id"] for e in entities if e.get("type") in ("PER", "ORG")}
        score = sum(central[a] for a in actors) + (1.0 if _sentence_date(report, index) else 0.0) - 0.2 * index
        scored.append((index, score))
    return scored


def _words(report: Report, index: int) -> set[str]:
    """The sentence's content words, without names and figures: two sentences about the same people say the same
    thing only when their other words agree."""
    names = {word.casefold() for entity in report.in_sentence(report.analysis.get("entities") or [], index)
             for word in _CONTENT_WORD.findall(entity["text"])}
    return {word.casefold() for word in _CONTENT_WORD.findall(report.sentences[index])
            if not word.isdigit()} - names


def _repeats(report: Report, index: int, chosen: list[tuple[Report, int]]) -> bool:
    words = _words(report, index)
    for other, other_index in chosen:
        theirs = _words(other, other_index)
        if words and theirs and len(words & theirs) >= SAME_THING * min(len(words), len(theirs)):
            return True
    return False


def _sentence_date(report: Report, index: int) -> DateValue | None:
    """The first resolved date in a sentence, else the article's publication day."""
    for timex in report.in_sentence(report.analysis.get("timexes") or [], index):
        value = date_value(timex)
        if value is not None:
            return value
    return DateValue(report.date, "day", None, report.date) if report.date else None

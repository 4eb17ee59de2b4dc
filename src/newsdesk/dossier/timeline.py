"""The timeline: every dated happening of a story, merged across the articles that report it.

A happening on the timeline is a sentence anchored by a resolved date. Mentions of one happening (``happenings``)
with compatible dates become one entry with all their sources. A date more than a year before its article (the war's
start, an anniversary's origin) is background. An article without a date in its text is placed at its publication
day, marked so; an article without either is left off (``Dossier.undated`` lists it).
"""

from __future__ import annotations

from datetime import date, timedelta

from newsdesk.dossier.dates import compatible, date_value, day_value, sort_key, span
from newsdesk.dossier.happenings import Mention, group_mentions
from newsdesk.dossier.model import Citation, DateValue, TimelineEntry
from newsdesk.dossier.reading import Report

#: A date ending this long before its article's day is background, not news.
BACKGROUND_AFTER = timedelta(days=365)


def build_timeline(reports: list[Report], mentions: list[Mention]) -> tuple[list[TimelineEntry], list[str]]:
    """The timeline, oldest first, and the ids of the articles it cannot place."""
    same = _same_happening(mentions)
    entries: list[tuple[DateValue, bool, bool, list[Citation], set[int]]] = []
    placed: set[str] = set()
    undated: list[str] = []
    for report in reports:
        if report.copy_of:
            continue
        dated = _dated_sentences(report)
        for sentence, value in dated:
            background = _is_background(report, value, dated)
            citation = report.cite(sentence)
            groups = same.get((report.id, sentence), set())
            merged = next((e for e in entries if e[1] == background and groups & e[4] and compatible(e[0], value)),
                          None)
            if merged is None:
                entries.append((value, background, False, [citation], set(groups)))
            elif citation not in merged[3]:
                merged[3].append(citation)
            placed.add(report.id)
        if report.id not in placed:
            if report.date:
                entries.append((day_value(report.date), False, True, [report.cite(None)], set()))
            else:
                undated.append(report.id)
    timeline = [TimelineEntry(value, _summary(cited[0]), tuple(cited), background, by_publication)
                for value, background, by_publication, cited, _ in entries]
    return sorted(timeline, key=lambda entry: sort_key(entry.date)), undated


def _dated_sentences(report: Report) -> list[tuple[int, DateValue]]:
    """(sentence, date) for each resolved date, once per sentence and value."""
    seen: list[tuple[int, DateValue]] = []
    for timex in report.analysis.get("timexes") or []:
        value = date_value(timex)
        sentence = report.sentence_index(timex["start"])
        if value is not None and sentence is not None and all((sentence, value.value) != (s, v.value) for s, v in seen):
            seen.append((sentence, value))
    return seen


def _is_background(report: Report, value: DateValue, dated: list[tuple[int, DateValue]]) -> bool:
    """Whether a date lies over a year before the article's day (or, undated, before its latest date)."""
    reference = date.fromisoformat(report.date) if report.date else max(span(v)[1] for _, v in dated)
    return span(value)[1] < reference - BACKGROUND_AFTER


def _same_happening(mentions: list[Mention]) -> dict[tuple[str, int], set[int]]:
    """(article, sentence) → numbers of the cross-article happening groups its mentions belong to."""
    found: dict[tuple[str, int], set[int]] = {}
    for number, group in enumerate(group_mentions(mentions)):
        for mention in group:
            found.setdefault((mention.report.id, mention.sentence), set()).add(number)
    return found


def _summary(citation: Citation, limit: int = 240) -> str:
    text = " ".join(citation.text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"

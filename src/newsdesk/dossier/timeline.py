"""The timeline: every dated happening of a story, merged across the articles that report it.

A happening on the timeline is a sentence anchored by a resolved date. Mentions of one happening (``happenings``)
with compatible dates become one entry with all their sources. A date more than a year before its article (the war's
start, an anniversary's origin) is background. An article whose text dates nothing but background, or nothing within
a month of its publication, is placed at its publication day as well, marked so; an article without either is left
off (``Dossier.undated`` lists it).

An article whose own text dates it too weakly for the analysis (a named day without a year, "anlässlich des russischen
Nationalfeiertags", and "seit Beginn des Ukraine-Kriegs") is dated once more with what the story knows: a happening it
reports in the past tense that another article dates ("Die USA hatten Nordkorea vorgeworfen, … Wagner-Gruppe" and
"Im Februar beschuldigten die USA Nordkorea, … Wagner") is a day it cannot precede. It is placed by that inferred
publication date at the precision the inference has (a day when the text names one, else a year), marked as inferred
with its confidence.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import cached_property

from newsdesk.analysis.pubdate import infer_publication_date
from newsdesk.analysis.timex import Timex
from newsdesk.analysis.timex import tense_finder
from newsdesk.dossier.dates import compatible, date_value, day_value, inferred_value, sort_key, span
from newsdesk.dossier.happenings import Mention, group_mentions
from newsdesk.dossier.model import Citation, DateValue, TimelineEntry
from newsdesk.dossier.reading import Report

#: A date ending this long before its article's day is background, not news.
BACKGROUND_AFTER = timedelta(days=365)
#: An article whose latest dated happening (not background) ends this long before its publication date, or that
#: has none, reports something its text does not date (the letters of "Putin schreibt Brief an Kim", beside a summit
#: of 2019): it is placed by its publication date too.
NEWS_WINDOW = timedelta(days=31)


def build_timeline(reports: list[Report], mentions: list[Mention]) -> tuple[list[TimelineEntry], list[str]]:
    """The timeline, oldest first, and the ids of the articles it cannot place."""
    same = _same_happening(mentions)
    story = _StoryNames(reports)
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
        news = [span(value)[1] for _sentence, value in dated if not _is_background(report, value, dated)]
        value = _publication_value(report, story)
        if value is not None and (not news or span(value)[0] - max(news) > NEWS_WINDOW):
            entries.append((value, False, True, [_lead(report)], set()))
        elif report.id not in placed:
            undated.append(report.id)
    timeline = [TimelineEntry(value, _summary(cited[0]), tuple(cited), background, by_publication)
                for value, background, by_publication, cited, _ in entries]
    return sorted(timeline, key=lambda entry: sort_key(entry.date)), undated


def _lead(report: Report) -> Citation:
    """The citation an article placed by its publication date is shown with: its title, else its first sentence
    of some length (a byline is not it)."""
    if report.article.title:
        return report.cite(None)
    index = next((i for i, text in enumerate(report.sentences) if len(text.split()) >= LEAD_WORDS), None)
    return report.cite(index)


LEAD_WORDS = 8
"""Words a first sentence needs to stand for an article without a title."""


def _publication_value(report: Report, story: _StoryNames) -> DateValue | None:
    """Where to place an article by its publication date: the source's day, a confident inference, or an
    inference that also knows the happenings other articles of the story date (``None``: no clue at all)."""
    if report.date and not report.date_inferred:
        return day_value(report.date)
    if report.date:
        confidence = float((report.analysis.get("inferred_published") or {}).get("confidence") or 0.0)
        return inferred_value(report.date, "day", confidence)
    if not report.article.text:
        return None
    try:
        guess = infer_publication_date(report.article.text, language=report.language, timexes=_stored_timexes(report),
                                       not_before=story.bound(report))
    except ValueError:  # a language without temporal expression rules
        return None
    if guess.value is None:
        return None
    return inferred_value(guess.value.isoformat(), guess.precision, guess.confidence)


def _stored_timexes(report: Report) -> list[Timex] | None:
    """The temporal expressions the analysis found in the article's text, which are unresolved for an article
    without a confident date; ``None`` for an article never analysed (inference then finds them itself)."""
    if report.analysis.get("version") is None:
        return None
    return [Timex(t["start"], t["end"], t["text"], t["type"], t["value"], t.get("mod"), t.get("anchor", "absolute"))
            for t in report.analysis.get("timexes") or []]


#: Words of a name ("Wagner" of "Wagner-Gruppe"): compared across articles to find the same happening.
_NAME_WORD = re.compile(r"[A-ZÄÖÜ][\w]{2,}")
SHARED_NAMES = 3
"""Names two sentences must share to report the same happening, one of them rare in the story (in two of its
articles at most): "USA", "Nordkorea" and "Wagner" link a US accusation, "USA" and "Nordkorea" alone link nothing."""


class _StoryNames:
    """The words of the names in each sentence of the story's articles, and which of them are rare in the story
    (in two of its articles at most), read once per timeline."""

    def __init__(self, reports: list[Report]) -> None:
        self.reports = [report for report in reports if not report.copy_of]

    @cached_property
    def names(self) -> dict[str, list[set[str]]]:
        return {report.id: _sentence_names(report) for report in self.reports}

    @cached_property
    def dated(self) -> dict[str, list[tuple[int, DateValue]]]:
        return {report.id: _dated_sentences(report) for report in self.reports if report.date}

    @cached_property
    def rare(self) -> set[str]:
        counts: dict[str, int] = {}
        for sentences in self.names.values():
            for word in set().union(*sentences):
                counts[word] = counts.get(word, 0) + 1
        return {word for word, count in counts.items() if count <= 2}

    def bound(self, report: Report) -> date | None:
        """The latest day ``report`` cannot precede by what the story's dated articles say: the first day of each
        happening it reports in the past tense that another article dates."""
        tense_at = tense_finder(report.article.text, language=report.language)
        spans = report.analysis.get("sentences") or []
        bounds = []
        for index, own in enumerate(self.names.get(report.id, [])):
            if len(own) < SHARED_NAMES or tense_at(spans[index][0]) != "past":
                continue
            for other, dated in self.dated.items():
                if other == report.id:
                    continue
                for sentence, value in dated:
                    shared = own & self.names[other][sentence]
                    if len(shared) >= SHARED_NAMES and shared & self.rare:
                        bounds.append(span(value)[0])
        return max(bounds) if bounds else None


def _sentence_names(report: Report) -> list[set[str]]:
    """Per sentence, the words of the names (entities) in it."""
    found: list[set[str]] = [set() for _ in report.sentences]
    for entity in report.analysis.get("entities") or []:
        index = report.sentence_index(entity["start"])
        if index is not None and index < len(found):
            found[index].update(_NAME_WORD.findall(str(entity.get("text") or "")))
    return found


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

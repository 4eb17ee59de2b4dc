"""Infer the publication date of an article that carries none, from the dates its text mentions.

News articles date themselves implicitly: they report what happened "am Dienstag" or "am 15. August", recall
"den 78. Jahrestag der Befreiung … 1945", and announce what "wird am Freitag stattfinden". The inference scores
candidate days (each mentioned full date and the days after it; each day/month without a year placed in each
plausible year) against every clue at once:

* weekday–date consistency: "Dienstag, der 15. August" fixes the year to one in which 15 August is a Tuesday
  (nearest to the other years the text names);
* anniversaries: "78. Jahrestag … 1945" and "vor 25 Jahren … 1982" name the year of writing;
* recency: past events lie shortly before publication (most often one or two days), future ones after it, and no
  past event lies after it;
* years: the publication year is not before the latest year the text reports in the past tense;
* lower bounds: an article is not published before the latest day it reports in the past tense, nor before the
  start of a period it names ("Ukraine-Krieg": ``lang/<code>/pubdate.json``), and is most likely published soon
  after them (a named day such as "Tag der Befreiung Koreas", 15 August, falls in the first year after them);
* recency words: "vergangene Woche" or "kürzlich" beside a dated happening say how long before publication it lies
  (``lang/<code>/pubdate.json``);
* named days with a fixed date ("anlässlich des russischen Nationalfeiertags") come from the temporal expressions
  as day/month clues (``lang/<code>/named_days.json``).

The result is a :class:`PubDateGuess` with a confidence in [0, 1] and the evidence in words, so a caller can decide
whether to trust it (a guess from a year alone is worth little for day-level use).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import MAXYEAR, MINYEAR, date
from functools import lru_cache

from newsdesk.analysis.timex import Timex, find_timexes, parse_value, tense_finder
from newsdesk.lang import get as get_language

__all__ = ["PubDateGuess", "infer_publication_date"]


@dataclass(frozen=True, slots=True)
class PubDateGuess:
    """The inferred publication date (``None`` when the text names no usable date), a confidence in [0, 1] and the
    clues that led to it."""

    value: date | None
    confidence: float
    evidence: list[str] = field(default_factory=list)
    precision: str = "day"
    """"day" when a clue names the day (a reported date, a day and month), "year" when only years and lower
    bounds place it (the day within the year is then a guess of no use)."""


_BREAK = re.compile(r"(?<![0-9])[.!?]\s+(?=\S)|\n")
"""Where a sentence may end: a full stop, "!" or "?" (not after a digit, where it is an ordinal) and the space after
it, or a line break; :func:`_boundaries` keeps the first kind where a new sentence visibly begins."""
_YEARS = range(1900, 2101)
CLUE_TIMEXES = 200
"""Only the first this many temporal expressions are read as clues. An article dates itself in its first
paragraphs; a longer list is a chronology or a table, which says no more about the day of writing, while every
clue is scored against every candidate day (the cost grows with the square of the clues)."""


@dataclass(slots=True)
class _Clues:
    full: list[tuple[date, str | None, int]] = field(default_factory=list)  # date, tense, position
    deixis: dict[int, int] = field(default_factory=dict)  # event position → days from the event to publication
    partial: list[tuple[int, int, int | None, str | None, int]] = field(default_factory=list)  # m, d, weekday, …
    years: list[tuple[int, str | None]] = field(default_factory=list)
    weekdays: list[tuple[int, str | None, int]] = field(default_factory=list)
    anniversaries: list[tuple[int, str]] = field(default_factory=list)
    today_weekdays: list[int] = field(default_factory=list)
    linked: dict[int, int | None] = field(default_factory=dict)  # ``_linked_weekdays``
    epochs: list[tuple[date, str]] = field(default_factory=list)  # start of a named period, its name
    recent: dict[int, tuple[int, int]] = field(default_factory=dict)  # event position → fewest, most days to pub.
    months: list[date] = field(default_factory=list)  # first days of months (with a year) reported in the past
    loose_months: list[int] = field(default_factory=list)  # months without a year reported in the past ("im April")


@dataclass(frozen=True, slots=True)
class _LanguageClues:
    """A language's clues to the time of writing (``lang/<code>/pubdate.json``, weekdays from ``calendar.json``):
    named periods with their first day, words that say how many days before publication a happening lies,
    anniversaries ("78. Jahrestag"), the words for today and for the days around it."""

    epochs: tuple[tuple[re.Pattern[str], date], ...] = ()
    recency: tuple[tuple[re.Pattern[str], int, int], ...] = ()
    anniversary: re.Pattern[str] | None = None  # groups n, n2 or n3: a count of years
    number_words: dict[str, int] = field(default_factory=dict)
    weekdays: dict[str, int] = field(default_factory=dict)
    today: re.Pattern[str] | None = None
    deixis: tuple[re.Pattern[str], dict[str, int]] | None = None  # word → days from a happening to publication


def _optional(pattern: str | None) -> re.Pattern[str] | None:
    return re.compile(pattern) if pattern else None


@lru_cache(maxsize=8)
def _language_clues(language: str) -> _LanguageClues:
    """The clues of ``lang/<language>/pubdate.json`` (none for a language without the file)."""
    known = get_language(language)
    data = known.data("pubdate")
    deixis = data.get("deixis")
    return _LanguageClues(
        tuple((re.compile(rf"(?<![\wäöüß-])(?:{entry['pattern']})(?![\wäöüß])"), date.fromisoformat(entry["since"]))
              for entry in data.get("epochs", [])),
        tuple((re.compile(rf"(?<![\wäöüß])(?:{entry['pattern']})(?![\wäöüß])"), entry["days"][0], entry["days"][1])
              for entry in data.get("recency", [])),
        anniversary=_optional(data.get("anniversary")),
        number_words=data.get("number_words", {}),
        weekdays=known.weekdays,
        today=_optional(data.get("today")),
        deixis=(re.compile(deixis["pattern"]), deixis["days"]) if deixis else None,
    )


def _epochs(text: str, language: str) -> list[tuple[date, str]]:
    found = []
    for pattern, since in _language_clues(language).epochs:
        match = pattern.search(text)
        if match is not None:
            found.append((since, match.group(0)))
    return found


class _SentenceBounds:
    """The sentence around a position by :func:`_boundaries`, with the boundaries found once per text (scanning from
    the start of the text for each date made long texts quadratic)."""

    def __init__(self, text: str) -> None:
        self.text = text
        bounds = list(_boundaries(text))
        self.starts = [start for start, _end in bounds]
        self.ends = [end for _start, end in bounds]

    def begin(self, position: int) -> int:
        """Where the sentence holding ``position`` begins, as :func:`_boundaries` finds it in ``text[:position]``: a
        boundary whose capital letter is at ``position`` itself is not seen there (the sentence before is
        included), a line break inside it is."""
        index = bisect_left(self.ends, position)
        begin = self.ends[index - 1] if index else 0
        if index < len(self.ends) and self.starts[index] < position:
            line_break = self.text.rfind("\n", self.starts[index], position)
            begin = line_break + 1 if line_break >= 0 else begin
        return begin

    def end(self, position: int) -> int:
        """Where the sentence holding ``position`` ends: the next boundary from ``position`` on."""
        index = bisect_left(self.starts, position)
        if index and self.ends[index - 1] > position:  # inside a boundary: search from there, as a scan would
            found = next(_boundaries(self.text, position), None)
            return found[0] if found else len(self.text)
        return self.starts[index] if index < len(self.starts) else len(self.text)


def _opens_sentence(char: str) -> bool:
    """A capital letter of any script or a quotation mark that is no closing one (’ is also an apostrophe): what
    follows a full stop at the start of a sentence in every language that writes capitals, without naming one
    language's letters."""
    return char.isupper() or unicodedata.name(char, "").endswith("QUOTATION MARK") and unicodedata.category(
        char) != "Pf"


def _boundaries(text: str, start: int = 0) -> Iterator[tuple[int, int]]:
    """(start, end) of every sentence boundary from ``start`` on: the punctuation and space before a capital or a
    quotation mark, and every line break (also one inside a space that no sentence follows)."""
    for match in _BREAK.finditer(text, start):
        if match.group() == "\n" or _opens_sentence(text[match.end()]):
            yield match.start(), match.end()
        else:
            yield from ((at, at + 1) for at in range(match.start(), match.end()) if text[at] == "\n")


def _weekday_in(text: str, words: dict[str, int]) -> int | None:
    for token in re.findall(r"\w+", text.lower()):
        if token in words:
            return words[token]
        for word, number in words.items():
            if token.startswith(word):  # "Dienstagabend"
                return number
    return None


def _collect(text: str, timexes: Sequence[Timex], language: str) -> _Clues:
    """Sort the timexes into clue kinds, each with the tense of its sentence."""
    tense_at: Callable[[int], str | None] = tense_finder(text, language=language)
    known = _language_clues(language)
    words = known.weekdays
    clues = _Clues()
    for timex in timexes:
        value = timex.value
        if timex.type not in ("DATE", "TIME") or value.startswith(("BC", "P")) or "REF" in value:
            continue
        tense = tense_at(timex.start)
        if value.startswith("XXXX-WXX-"):
            clues.weekdays.append((int(value[-1]), tense, timex.start))
            continue
        year, month, day = parse_value(value)
        if year is not None and not MINYEAR < year < MAXYEAR:
            continue  # no day around it could be scored: the calendar ends
        weekday = _weekday_in(timex.text, words)
        if year is not None and timex.anchor == "absolute":
            if month is not None and day is not None:
                try:
                    event = date(year, month, day)
                except ValueError:
                    continue
                if weekday is not None and event.isoweekday() != weekday:
                    # "Samstag, den 7. Januar 2005" written in January 2006: trust the weekday, not the year
                    clues.partial.append((month, day, weekday, tense, timex.start))
                    continue
                clues.full.append((event, tense, timex.start))
            elif month is not None and tense == "past":
                clues.months.append(date(year, month, 1))
            clues.years.append((year, tense))
        elif year is None and month is not None and day is not None:
            clues.partial.append((month, day, weekday, tense, timex.start))
        elif year is None and month is not None and tense == "past" and len(value) == 7:
            clues.loose_months.append(month)
    # "heute, Dienstag," / "Am heutigen Dienstag": the weekday of publication itself
    if known.today is not None:
        for match in known.today.finditer(text):
            window = text[max(0, match.start() - 25) : match.end() + 25]
            weekday = _weekday_in(window, words)
            if weekday is not None:
                clues.today_weekdays.append(weekday)
    sentences = _SentenceBounds(text)
    clues.anniversaries = _anniversaries(text, timexes, language, sentences)
    if known.deixis is not None:
        pattern, offsets = known.deixis
        for event_position in [p for _e, _t, p in clues.full] + [p for *_x, p in clues.partial]:
            found = pattern.search(text, sentences.begin(event_position), sentences.end(event_position))
            if found is not None:
                clues.deixis[event_position] = offsets[found.group(0).lower()]
    clues.linked = _linked_weekdays(clues)
    clues.epochs = _epochs(text, language)
    for event_position in [p for _e, _t, p in clues.full] + [p for *_x, p in clues.partial]:
        for pattern, fewest, most in known.recency:
            if pattern.search(text, sentences.begin(event_position), sentences.end(event_position)):
                clues.recent[event_position] = (fewest, most)
    return clues


def _anniversaries(text: str, timexes: Sequence[Timex], language: str,
                   sentences: _SentenceBounds) -> list[tuple[int, str]]:
    """Years of writing implied by "78. Jahrestag … 1945" or "vor 25 Jahren … 1982" (the year in the same
    sentence, nearest to the phrase)."""
    known = _language_clues(language)
    if known.anniversary is None:
        return []
    years = sorted((t.start, year) for t in timexes if t.anchor == "absolute" and t.value[:4].isdigit()
                   and (year := parse_value(t.value)[0]))
    positions = [position for position, _ in years]
    found = []
    for match in known.anniversary.finditer(text):
        raw = match.group("n") or match.group("n2") or match.group("n3")
        count = known.number_words.get(raw.lower()) if not raw.isdigit() else int(raw)
        if not count:
            continue
        first = bisect_left(positions, sentences.begin(match.start()))
        last = bisect_left(positions, sentences.end(match.end()))
        in_sentence = sorted({year for _, year in years[first:last]})
        if not in_sentence:
            continue
        # "78. Jahrestag der Befreiung … von 1910 bis 1945": of several years the anniversary that lands nearest to
        # (not before) the latest year the text names is the one of writing
        latest = max(year for _, year in years)
        implied = [year + count for year in in_sentence]
        chosen = min(implied, key=lambda y: (y < latest, abs(y - latest)))
        found.append((chosen, f"{match.group(0).strip()} + {chosen - count} → {chosen}"))
    return found


def _candidate_years(clues: _Clues) -> set[int]:
    years = {y for y, _ in clues.years} | {y for y, _ in clues.anniversaries} | {d.year for d, _ in clues.epochs}
    years |= {y + 1 for y in years}
    return {y for y in years if y in _YEARS}


def _consistent_years(month: int, day: int, weekday: int, around: int) -> list[int]:
    """Years within ±30 of ``around`` in which day/month falls on ``weekday`` (nearest first)."""
    years = []
    for year in range(around - 30, around + 31):
        try:
            if date(year, month, day).isoweekday() == weekday:
                years.append(year)
        except ValueError:
            continue
    return sorted(years, key=lambda y: (abs(y - around), -y))


#: log-likelihood of "published ``gap`` days after a past event it reports", for the recent part of a mixture (news
#: report the last few days: most often the day before or two days before)
_RECENT = {0: -1.9, 1: -1.5, 2: -1.5, 3: -2.2, 4: -2.7, 5: -3.0, 6: -3.1, 7: -3.2}
_OLD = -8.0  # log-likelihood of an older background date (flat over a decade)
_LATER = -20.0  # an event reported in the past tense but after publication: next to impossible


def _event_score(gap: int, tense: str | None) -> float:
    """Log-likelihood-like score of one mentioned event ``gap`` days before the candidate publication day."""
    if tense == "future":
        return -4.0 if -120 <= gap <= 0 else (-6.0 if gap < 0 else -12.0)
    if gap in _RECENT:
        return _RECENT[gap]
    if gap > 7:
        return _OLD
    if tense is None:  # an announcement in the present tense ("findet am 20. statt")
        return -5.0 if gap >= -60 else -9.0
    return -6.0 if gap >= -1 else _LATER


def _linked_weekdays(clues: _Clues) -> dict[int, int | None]:
    """For the position of each day/month, the weekday mentioned (not in the future tense) within 600 characters
    of it, if exactly one is."""
    said = sorted((where, weekday) for weekday, tense, where in clues.weekdays if tense != "future")
    places = [where for where, _ in said]
    linked = {}
    for *_x, position in clues.partial:
        nearby = said[bisect_left(places, position - 600):bisect_right(places, position + 600)]
        near = {weekday for _, weekday in nearby}
        linked[position] = near.pop() if len(near) == 1 else None
    return linked


def _days_around(event: date, offsets: range) -> set[date]:
    """The days ``offsets`` away from ``event`` that the calendar has (none before 0001-01-01 or after 9999-12-31)."""
    ordinal = event.toordinal()
    return {date.fromordinal(ordinal + k) for k in offsets if 1 <= ordinal + k <= date.max.toordinal()}


YEARLY_DECAY = 0.5
"""Score lost per year between the latest lower bound (past day reported, period named) and a candidate day: news
are written soon after what they report, so of two years a named day fits equally, the first is the likelier."""


def _recency_score(gap: int, window: tuple[int, int] | None) -> float:
    """"vergangene Woche" or "kürzlich" beside a dated happening: it lies that many days before publication."""
    if window is None:
        return 0.0
    return 1.0 if window[0] <= gap <= window[1] else -3.0


def _months_since(month: int, candidate: date) -> int:
    """Months from the latest ``month`` (the month itself counts as 0) to the month of ``candidate``."""
    return (candidate.month - month) % 12


def _loose_month_score(gap: int) -> float:
    """A month named without a year ("Im April legte Russland …") is one of the last few: writers add the year to
    older ones. So of two readings, the one that puts it a month or two before publication is the likelier."""
    return -1.0 - 0.3 * gap if gap <= 3 else -2.0 - 0.3 * gap


DECAY_YEARS = 3
"""Years after which ``YEARLY_DECAY`` stops: a bound decades back (a war's end) says nothing about which recent
year is meant."""


def _score(candidate: date, clues: _Clues, anniversary: int | None, max_past_year: int | None,
           bound: date | None = None) -> float:
    """How well a publication on ``candidate`` explains the clues (a sum of log-likelihood-like terms)."""
    score = 0.0
    if bound is not None:
        score += _LATER if candidate < bound else -YEARLY_DECAY * min((candidate - bound).days // 365, DECAY_YEARS)
    for month in clues.loose_months:
        score += _loose_month_score(_months_since(month, candidate))
    if anniversary is not None:
        score += 0.0 if candidate.year == anniversary else -6.0
    if max_past_year is not None and candidate.year < max_past_year:
        score -= 6.0
    for event, tense, position in clues.full:
        gap = (candidate - event).days
        score += _event_score(gap, tense) + _recency_score(gap, clues.recent.get(position))
        if position in clues.deixis:
            score += 0.0 if gap == clues.deixis[position] else -3.0
    for month, day, weekday, tense, position in clues.partial:
        best: tuple[float, date] | None = None
        for year in (candidate.year - 1, candidate.year, candidate.year + 1):
            try:
                event = date(year, month, day)
            except ValueError:
                continue
            value = _event_score((candidate - event).days, tense)
            if best is None or value > best[0]:
                best = (value, event)
        if best is None:
            continue
        value, event = best
        score += value + _recency_score((candidate - event).days, clues.recent.get(position))
        if position in clues.deixis:
            score += 0.0 if (candidate - event).days == clues.deixis[position] else -3.0
        if weekday is not None:
            score += 1.5 if event.isoweekday() == weekday else -2.5
        elif clues.linked.get(position) == event.isoweekday() and 0 <= (candidate - event).days <= 7:
            score += 1.0  # "Am Dienstag … ausgetauscht. … am 15. August": probably the same day
    for weekday in clues.today_weekdays:
        score += 1.0 if candidate.isoweekday() == weekday else -1.5
    for weekday, tense, _position in clues.weekdays:
        offset = (candidate.isoweekday() - weekday) % 7
        if tense == "future":
            score += -1.0 if offset == 0 else -1.9
        else:
            score += _RECENT.get(offset, -3.0) + 0.5
    return score


def infer_publication_date(
    text: str, *, language: str = "de", timexes: Sequence[Timex] | None = None, not_after: date | None = None,
    not_before: date | None = None,
) -> PubDateGuess:
    """Best guess of the day ``text`` was published, from the dates it mentions (see the module docstring).

    ``timexes`` may be passed when the caller already ran :func:`~newsdesk.analysis.timex.find_timexes` on ``text``
    without a reference date (values such as ``XXXX-08-15`` must stay unresolved for this to work).
    ``not_after`` is the latest possible day (default: today): nothing was published in the future.
    ``not_before`` is a lower bound known from elsewhere (the date another article of the story gives a happening
    this one reports): it counts as a day the text reports.
    """
    if timexes is None:
        timexes = find_timexes(text, language=language)
    timexes = timexes[:CLUE_TIMEXES]
    latest_possible = not_after or date.today()
    clues = _collect(text, timexes, language)
    # years after the latest possible one are announcements, never the year of writing
    clues.anniversaries = [(y, note) for y, note in clues.anniversaries if y <= latest_possible.year]
    clues.years = [(y, tense) for y, tense in clues.years if y <= latest_possible.year]
    evidence: list[str] = []
    anniversary = None
    if clues.anniversaries:
        anniversary = Counter(y for y, _ in clues.anniversaries).most_common(1)[0][0]
        evidence.extend(f"anniversary: {note}" for _y, note in clues.anniversaries)
    clues.epochs = [(since, name) for since, name in clues.epochs if since <= latest_possible]
    evidence.extend(f"names {name}: after {since.isoformat()}" for since, name in clues.epochs)
    if not_before is not None and not_before <= latest_possible:
        clues.epochs.append((not_before, "a happening dated elsewhere"))
        evidence.append(f"reports a happening dated elsewhere: after {not_before.isoformat()}")
    past_years = [y for y, tense in clues.years if tense != "future"]
    max_past_year = max(past_years) if past_years else None

    candidates: set[date] = set()
    for event, tense, _position in clues.full:
        span = range(0, 4) if tense == "past" else (range(-3, 1) if tense == "future" else range(-2, 4))
        candidates.update(_days_around(event, span))
    years = _candidate_years(clues)
    for month, day, weekday, _tense, _position in clues.partial:
        pool = set(years)
        weekday = weekday or clues.linked[_position]
        if weekday is not None:
            around = anniversary or max_past_year or (max(years) if years else None)
            if around is not None:
                pool.update(_consistent_years(month, day, weekday, around)[:2])
        for year in pool:
            try:
                event = date(year, month, day)
            except ValueError:
                continue
            candidates.update(_days_around(event, range(-2, 4)))
    bound = _lower_bound(clues)
    candidates |= _after_loose_months(clues, years | ({bound.year, bound.year + 1} if bound else set()))

    candidates = {d for d in candidates if d <= latest_possible}
    if not candidates:
        only: int | None = anniversary or max_past_year or (max(y for y, _ in clues.years) if clues.years else None)
        if only is None:
            return PubDateGuess(None, 0.0, ["no dated clue in the text"])
        evidence.append(f"year only: {only}")
        return PubDateGuess(date(only, 7, 1), YEAR_ONLY_CONFIDENCE if anniversary is None else 0.2, evidence, "year")

    scored = sorted(
        ((_score(d, clues, anniversary, max_past_year, bound), d) for d in candidates),
        key=lambda pair: (-pair[0], -pair[1].toordinal()),  # ties: the later day (news report a day or two later)
    )
    best_score, best = scored[0]
    runner_up = next((s for s, d in scored[1:] if abs((d - best).days) > 7), None)
    margin = best_score - runner_up if runner_up is not None else 6.0
    evidence.extend(_explain(best, clues))
    background = _background_only(best, clues, anniversary)
    if background:
        evidence.append(f"the one date it reports lies past the first {LEAD_CHARS} characters: perhaps background")
    support = _support(best, clues, anniversary)
    confidence = _confidence(support, margin, background)
    precision = "day" if support or _named_day_near(best, clues) else "year"
    if clues.loose_months and precision == "year":
        evidence.append("months named without a year: " + ", ".join(f"{m:02d}" for m in clues.loose_months))
    return PubDateGuess(best, confidence, list(dict.fromkeys(evidence)), precision)


def _after_loose_months(clues: _Clues, years: set[int]) -> set[date]:
    """Candidate days for a text that dates itself only by months without a year: the first of the next months."""
    days = set()
    for month in clues.loose_months:
        for year in years:
            for ahead in (1, 2):
                shifted = year * 12 + month - 1 + ahead
                if MINYEAR <= shifted // 12 <= MAXYEAR:
                    days.add(date(shifted // 12, shifted % 12 + 1, 1))
    return days


def _named_day_near(best: date, clues: _Clues) -> bool:
    """Whether a day and month the text names (a named day, "am 15. August") lies up to a week before ``best``."""
    for month, day, _weekday, _tense, _position in clues.partial:
        for year in (best.year - 1, best.year):
            try:
                if 0 <= (best - date(year, month, day)).days <= 7:
                    return True
            except ValueError:
                continue
    return False


YEAR_ONLY_CONFIDENCE = 0.05
"""A guess from a year alone (1 July of it): on Wikinews train it lay within 7 days of the truth 3 times in 169."""
CLEAR_MARGIN = 5.0
"""Score by which the best day beats every day more than a week away for the guess to count as clear."""


def _confidence(support: int, margin: float, background: bool) -> float:
    """How often a guess like this one is within 7 days of the truth. The share depends less on the score margin
    than on how many independent clues back the day (Wikinews train: a clear day backed by two clues or more was
    right 9 times in 11, by one reported date in the lead 31 in 54, by one date deeper in the text 15 in 58, by no
    clue of its own 13 in 76), so the confidence is read off that ladder."""
    clear = margin >= CLEAR_MARGIN
    if support >= 2:
        return 0.8 if clear else 0.55
    if support == 1 and not background:
        return 0.55 if clear else 0.3
    if support == 1:
        return BACKGROUND_CONFIDENCE
    return 0.3 if clear else 0.15


def _support(best: date, clues: _Clues, anniversary: int | None) -> int:
    """The independent clues that back ``best``: each day reported up to a week before it (or announced up to a week
    after it), each day/month on the weekday the text gives it, a deictic word that counts to it, an anniversary that names its year."""
    reported = {event for event, tense, _p in clues.full
                if (0 <= (best - event).days <= 7 if tense != "future" else 0 <= (event - best).days <= 7)}
    backing = len(reported) + (anniversary == best.year)
    backing += sum(1 for event, _t, position in clues.full
                   if position in clues.deixis and (best - event).days == clues.deixis[position])
    backing += sum(1 for event, _t, position in clues.full
                   if position in clues.recent and _recency_score((best - event).days, clues.recent[position]) > 0)
    for month, day, weekday, _tense, position in clues.partial:
        weekday = weekday or clues.linked.get(position)
        for year in (best.year - 1, best.year):
            try:
                event = date(year, month, day)
            except ValueError:
                continue
            if weekday is not None and event.isoweekday() == weekday and 0 <= (best - event).days <= 7:
                backing += 1
    return backing


def _lower_bound(clues: _Clues) -> date | None:
    """The latest day the article cannot precede: the start of a period it names, the latest day it reports in
    the past tense."""
    bounds = [since for since, _name in clues.epochs] + clues.months
    bounds += [event for event, tense, _position in clues.full if tense == "past"]
    return max(bounds) if bounds else None


LEAD_CHARS = 300
"""Where the lead ends, for ``_background_only``: a headline and the first sentence or two."""

BACKGROUND_CONFIDENCE = 0.25
"""Confidence of a guess that rests on one full date mentioned only after the lead (below ``analyze``'s 0.5, so
relative dates are not resolved against it). Wikinews quotes, train split: such guesses were within 7 days of the
true date 15 times in 58 (26 %), those whose date stands in the lead 31 in 54 (57 %)."""


def _background_only(best: date, clues: _Clues, anniversary: int | None) -> bool:
    """Does the guess rest on a single reported full date, mentioned only after the lead, with no weekday, deixis
    or anniversary to back it? News name the day they report in the lead; a date deeper in the text is as often the
    background (an earlier event the report recalls)."""
    reported = [(event, position) for event, tense, position in clues.full
                if 0 <= (best - event).days <= 7 and tense != "future"]
    if len({event for event, _ in reported}) != 1 or min(position for _, position in reported) < LEAD_CHARS:
        return False
    backed = anniversary == best.year or any(position in clues.deixis for _, position in reported)
    return not backed and not clues.today_weekdays and not any(
        weekday is not None for _m, _d, weekday, _t, _p in clues.partial)


def _explain(best: date, clues: _Clues) -> list[str]:
    notes = []
    for event, tense, _position in clues.full:
        if 0 <= (best - event).days <= 7 and tense != "future":
            notes.append(f"reports {event.isoformat()} ({(best - event).days} days before)")
    for month, day, weekday, _tense, position in clues.partial:
        weekday = weekday or clues.linked[position]
        if weekday is not None:
            try:
                if date(best.year, month, day).isoweekday() == weekday:
                    notes.append(f"{day:02d}.{month:02d}. falls on weekday {weekday} (ISO) in {best.year}")
            except ValueError:
                pass
    if not notes:
        notes.append("closest fit of the mentioned dates")
    return notes

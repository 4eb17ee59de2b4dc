"""Find temporal expressions (timexes) in text and normalise them to TIMEX2/TIMEX3-style values.

The engine is language-neutral: a per-language module (``newsdesk.lang.<code>.timex``) supplies precompiled
patterns, each turning a match into a :class:`~newsdesk.lang.timex_rules.Spec` (what the words say: "15. August",
"zwei Tage später", "Dienstag"; :mod:`newsdesk.lang.timex_rules` holds the vocabulary the rules are written in),
plus a tense guesser and a few connector patterns; a language with month names but no such module gets the dates
its calendar alone can read (:mod:`newsdesk.analysis.timex_calendar`). This module then does what needs the whole
document: it drops overlapping candidates, lets "Mai/Juni 1940" or "27./28. September" borrow the missing year or
month from the right-hand partner, and resolves relative expressions in reading order against either the document
date (``reference``) or the last date the text mentioned.

Two anchoring styles exist because the same words mean different things in different genres:

* ``"news"`` (default): deictic words ("gestern", "am Dienstag", "im vergangenen Jahr") count from the document
  date and use the tense of their sentence to pick past or future ("Am Dienstag haben … ausgetauscht" is the
  Tuesday before, "wird am Freitag … stattfinden" the Friday after). A day and month without a year take the year
  that puts them nearest to the document date (again steered by tense); without a document date the year stays
  ``XXXX`` so that :mod:`newsdesk.analysis.pubdate` can reason about it.
* ``"narrative"`` (history texts such as WikiWarsDE): everything without an explicit year counts from the last
  date mentioned, as the annotators of such corpora do; "heute" there means "nowadays" (``PRESENT_REF``).

Values follow the TIMEX2 conventions of the ACE/TERN corpora (``1939-09-01``, ``1940-SU``, ``19`` for the 20th
century, ``193`` for the 1930s, ``BC0490``, ``P3D``, ``PXY``, ``PRESENT_REF``) and TIMEX3 ones where TIMEX2 has
none (``2023-W33``, ``XXXX-WXX-2`` for an unresolved Tuesday). Ranges are two timexes, as WikiWarsDE annotates.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import MAXYEAR, MINYEAR, date, timedelta
from types import ModuleType
from typing import TYPE_CHECKING, Literal

from newsdesk.lang import get as get_language
from newsdesk.lang import has_component, languages
from newsdesk.lang.timex_rules import DATE, DURATION, TIME, Rule, Spec

if TYPE_CHECKING:
    from newsdesk.analysis.timex_calendar import CalendarRules

__all__ = ["Timex", "find_timexes", "has_rules", "parse_value", "tense_finder"]

Anchoring = Literal["news", "narrative"]


@dataclass(frozen=True, slots=True)
class Timex:
    """One temporal expression: ``text == source[start:end]``, its type, normalised value and how it was resolved.

    ``anchor`` says where the value came from: ``"absolute"`` (the words alone), ``"document_date"`` (the reference
    date), ``"previous_timex"`` (the last date the text mentioned) or ``"unresolved"`` (a value with ``X``
    placeholders because nothing to anchor to was known). ``mod`` is the TIMEX modifier (START, MID, END, BEFORE,
    AFTER, APPROX, MORE_THAN, LESS_THAN) or ``None``.
    """

    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None = None
    anchor: str = "absolute"


_OPENERS = frozenset("„“\"'‚«»([")


def _word_starts(text: str, position: int, back: int) -> list[int]:
    """``position`` and the starts of up to ``back`` words before it (nearest first, within 80 characters)."""
    starts = [position]
    current = position
    for _ in range(back):
        delimiter = max(text.rfind(" ", 0, current - 1), text.rfind("\n", 0, current - 1))
        start = delimiter + 1
        while start < current and text[start] in _OPENERS:
            start += 1
        if start >= current or position - start > 80:
            break
        starts.append(start)
        current = start
    return starts


def _matches(rule: Rule, text: str) -> Iterator[re.Match[str]]:
    """The rule's matches: a plain scan, or full-pattern attempts around each anchor hit (farthest start first, so
    optional prefixes are included)."""
    if not rule.anchors:
        yield from rule.pattern.finditer(text)
        return
    hits = sorted({m.start() for anchor in rule.anchors for m in anchor.finditer(text)})
    last_end = -1
    for position in hits:
        if position < last_end:
            continue
        for start in reversed(_word_starts(text, position, rule.back)):
            if start < last_end:
                continue
            match = rule.pattern.match(text, start)
            if match is not None and match.end() > position:
                last_end = match.end()
                yield match
                break


# --------------------------------------------------------------------------------------------------------------
# Calendar helpers


@dataclass(frozen=True, slots=True)
class _Point:
    """A resolved calendar point at some granularity (year only, month, day); ``bc`` for years before Christ."""

    year: int
    month: int | None = None
    day: int | None = None
    bc: bool = False

    def as_date(self) -> date | None:
        if self.bc or self.month is None or self.day is None or not 1 <= self.year <= 9999:
            return None
        return date(self.year, self.month, self.day)


def _year_str(year: int, bc: bool) -> str:
    return f"BC{year:04d}" if bc else f"{year:04d}"


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    total = year * 12 + (month - 1) + months
    return total // 12, total % 12 + 1


def _clamp_day(year: int, month: int, day: int) -> int:
    for candidate in (day, 30, 29, 28):
        if candidate <= day:
            try:
                date(year, month, candidate)
                return candidate
            except ValueError:
                continue
    return 28


def _shift(point: _Point, unit: str, amount: int) -> _Point | None:
    """Move ``point`` by ``amount`` units; the result keeps the unit's granularity (TIMEX2: "einen Monat später"
    after a day is a month)."""
    if unit in ("day", "week"):
        current = point.as_date()
        if current is None:
            return None
        try:
            moved = current + timedelta(days=amount * (7 if unit == "week" else 1))
        except OverflowError:
            return None
        return _Point(moved.year, moved.month, moved.day)
    if unit == "month":
        if point.month is None or point.bc:
            return None
        year, month = _add_months(point.year, point.month, amount)
        return _Point(year, month)
    if unit == "year":
        # astronomical numbering (1 BC = year 0) keeps shifts across the era boundary right
        astronomical = (1 - point.year if point.bc else point.year) + amount
        return _Point(1 - astronomical, bc=True) if astronomical <= 0 else _Point(astronomical)
    return None


_SEASON_MONTH = {"SP": 4, "SU": 7, "FA": 10, "WI": 1, "H1": 3, "H2": 9, "Q1": 2, "Q2": 5, "Q3": 8, "Q4": 11}


def parse_value(value: str) -> tuple[int | None, int | None, int | None]:
    """(year, month, day) of a date value such as ``2023-08-15``, ``XXXX-08-15`` or ``1940-06``; Nones elsewhere."""
    match = _VALUE.match(value)
    if not match:
        return None, None, None
    year, month, day = match.groups()
    return (
        int(year) if year and year.isdigit() else None,
        int(month) if month and month.isdigit() else None,
        int(day) if day and day.isdigit() else None,
    )


_VALUE = re.compile(r"^(\d{4}|XXXX)(?:-(\d\d|XX)(?:-(\d\d|XX))?)?")


# --------------------------------------------------------------------------------------------------------------
# Sentences and tense


#: a sentence ends at . ! ? (not after a digit, an initial or a common abbreviation) or at a blank line
_SENTENCE_END = re.compile(
    r"(?<![0-9])(?<!\b[A-Za-z])(?<!\bChr)(?<!\bNr)(?<!\bca)(?<!\bbzw)[.!?]+[\"“”»«']?\s+|\n\s*\n"
)


_HEADING = re.compile(r"(?:^|\n\n)[ \t]*([^\n]{1,120}?)[ \t]*(?=\n\n|\Z)")


def _headings(text: str) -> list[tuple[int, int]]:
    """Spans of heading-like lines: short, standing alone between blank lines, without closing punctuation."""
    spans = []
    for match in _HEADING.finditer(text):
        line = match.group(1)
        if line and line[-1] not in ".!?:;,“\"»)" and len(line.split()) <= 14:
            spans.append(match.span(1))
    return spans


def _sentence_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(m.end() for m in _SENTENCE_END.finditer(text))
    return starts


# --------------------------------------------------------------------------------------------------------------
# Language modules


def _language(tag: str) -> ModuleType | CalendarRules:
    """The rule module ``newsdesk.lang.<code>.timex`` of ``tag`` ("de-AT" reads German), else the rules built from
    the language's month names (:mod:`newsdesk.analysis.timex_calendar`); a language with neither is a ValueError naming
    those that have rules."""
    known = get_language(tag)
    module = known.module("timex")
    if module is not None:
        return module
    from newsdesk.analysis.timex_calendar import calendar_rules  # it builds on this module's rules

    fallback = calendar_rules(known.code)
    if fallback is None:
        have = ", ".join(code for code in languages() if has_component(code, "timex"))
        raise ValueError(f"no temporal expression rules for language {tag!r} (have: {have}, and any language "
                         "with month names in calendar.json)")
    return fallback


def has_rules(language: str | None) -> bool:
    """Whether :func:`find_timexes` reads ``language``: it has a rule module or names its months."""
    known = get_language(language)
    return has_component(known.code, "timex") or bool(known.months)


# --------------------------------------------------------------------------------------------------------------
# Resolution


@dataclass(slots=True)
class _Context:
    reference: date | None
    anchoring: Anchoring
    last: _Point | None = None
    last_day: _Point | None = None
    section: _Point | None = None
    tense: Callable[[int], str | None] = field(default=lambda _pos: None)
    sentence_starts: list[int] = field(default_factory=lambda: [0])
    last_day_sentence: int = -2

    def sentence(self, position: int) -> int:
        """Index of the sentence holding ``position``."""
        return bisect_right(self.sentence_starts, position) - 1


def _format(point: _Point, spec: Spec) -> str:
    """TIMEX value of ``point`` refined by the spec's sub-year parts (season, time of day, clock time)."""
    value = _year_str(point.year, point.bc)
    if spec.week and point.as_date() is not None:
        iso = point.as_date().isocalendar()  # type: ignore[union-attr]
        return f"{iso[0]:04d}-W{iso[1]:02d}"
    if point.month is not None:
        return value + _month_day(point.month, point.day, spec)
    if spec.part:
        value += f"-{spec.part}"
    return value


def _month_day(month: int, day: int | None, spec: Spec) -> str:
    """The "-MM[-DD[Thh:mm]]" part of a TIMEX value, the clock time or time of day only on a day."""
    value = f"-{month:02d}"
    if day is not None:
        value += f"-{day:02d}"
        if spec.clock or spec.tod:
            value += f"T{spec.clock or spec.tod}"
    return value


def _anchor_for(spec: Spec, ctx: _Context, need_day: bool) -> tuple[_Point | None, str]:
    """Pick the point relative parts count from, and name it for ``Timex.anchor``."""
    previous = ctx.last_day if need_day else ctx.last
    document = _Point(ctx.reference.year, ctx.reference.month, ctx.reference.day) if ctx.reference else None
    order: list[tuple[_Point | None, str]]
    if spec.anchor == "dct":
        order = [(document, "document_date")]
        if ctx.anchoring == "narrative":
            order.append((previous, "previous_timex"))
    elif spec.anchor == "previous" or ctx.anchoring == "narrative":
        # a narrative that mentioned any date counts from it, even at a coarser granularity, never from the DCT
        order = [(previous, "previous_timex")]
        if ctx.last is None:
            order.append((document, "document_date"))
        elif need_day and previous is None:
            order.append((ctx.last, "previous_timex"))
    else:
        order = [(document, "document_date"), (previous, "previous_timex")]
    for point, name in order:
        if point is not None:
            return point, name
    return None, "unresolved"


def _pick_year(month: int, day: int | None, around: date, tense: str | None) -> int:
    """Year for a day/month without one, nearest to ``around`` and on the side the tense points to."""
    best_year, best_score = around.year, None
    for year in (around.year - 1, around.year, around.year + 1):
        if not MINYEAR <= year <= MAXYEAR:
            continue
        target = date(year, month, _clamp_day(year, month, day or 15))
        delta = (target - around).days
        if day is None:  # a month counts as the same month even if its middle lies ahead
            same_month = year == around.year and month == around.month
            if same_month:
                delta = 0
        if tense == "past" and delta > 0:
            score = 1000 + delta
        elif tense == "future" and delta < 0:
            score = 1000 - delta
        else:
            score = abs(delta)
        if best_score is None or score < best_score:
            best_year, best_score = year, score
    return best_year


def _resolve_date(spec: Spec, ctx: _Context, position: int) -> tuple[str, str]:
    """Value and anchor name for a ``date`` spec."""
    if spec.century is not None:
        bc = bool(spec.bc)
        return (f"BC{spec.century:02d}" if bc else f"{spec.century:02d}"), "absolute"
    if spec.decade is not None:
        bc = bool(spec.bc) or (spec.bc is None and spec.decade < 100 and ctx.last is not None and ctx.last.bc)
        return (f"BC{spec.decade:03d}" if bc else f"{spec.decade:03d}"), "absolute"

    anchor_name = "absolute"
    point: _Point | None
    if spec.rel is not None:
        unit, amount = spec.rel
        need_day = unit in ("day", "week")
        base, anchor_name = _anchor_for(spec, ctx, need_day)
        if base is None:
            return spec.fallback or _unresolved(spec), "unresolved"
        if anchor_name == "document_date" and ctx.anchoring == "narrative" and spec.fallback and spec.anchor == "dct":
            return spec.fallback, "document_date"
        if need_day and base.as_date() is None:
            # "einen Tag später" after "Herbst 1863": the year is known, the day is not
            return _year_str(base.year, base.bc) + (f"-{base.month:02d}-XX" if base.month else "-XX-XX"), anchor_name
        point = _shift(base, unit, amount) if amount or unit not in ("year", "month") else _truncate(base, unit)
        if point is None:
            return spec.fallback or _unresolved(spec), "unresolved"
        if unit == "year" and (spec.month is not None or spec.part is not None):
            point = _Point(point.year, spec.month, spec.day if spec.month else None, point.bc)
        elif unit == "month" and spec.day is not None and point.month is not None:
            point = _Point(point.year, point.month, spec.day, point.bc)
        return _format(point, spec), anchor_name

    year = spec.year
    bc = bool(spec.bc)
    if year is not None and spec.year2:
        base, _ = _anchor_for(spec, ctx, False)
        century = (base.year // 100) if base is not None and not base.bc else 19
        candidates = [(century + k) * 100 + year for k in (-1, 0, 1)]
        around = base.year if base is not None else 1950
        year = min(candidates, key=lambda y: abs(y - around))
    if year is not None and spec.bc is None and year < 1000 and ctx.last is not None and ctx.last.bc:
        bc = True
    if year is None:
        tense = {-1: "past", 1: "future"}.get(spec.direction) or ctx.tense(position)
        if ctx.anchoring == "news" and ctx.reference is not None and spec.month is not None:
            year = _pick_year(spec.month, spec.day, ctx.reference, tense)
            anchor_name = "document_date"
        elif ctx.anchoring == "news" and ctx.reference is not None and spec.part in _SEASON_MONTH:
            year = _pick_year(_SEASON_MONTH[spec.part], None, ctx.reference, tense)
            anchor_name = "document_date"
        else:
            base, anchor_name = _anchor_for(spec, ctx, False)
            if base is None or (ctx.anchoring == "news" and anchor_name == "previous_timex" and spec.month):
                return _unresolved(spec), "unresolved"
            year, bc = base.year, base.bc
    if spec.month is not None and spec.day is not None and not bc and not _valid(year, spec.month, spec.day):
        return _unresolved(spec), "unresolved"
    point = _Point(year, spec.month, spec.day if spec.month is not None else None, bc)
    return _format(point, spec), anchor_name


def _plausible(spec: Spec) -> bool:
    """Reject impossible calendar fields ("31.02.2023", "30. Februar") and absurd shifts before they become values."""
    if spec.month is not None and spec.day is not None:
        year = spec.year if spec.year is not None and not spec.year2 and not spec.bc else 2000  # 2000: a leap year
        if not 1 <= spec.month <= 12 or not _valid(max(year, 1), spec.month, spec.day):
            return False
    return spec.rel is None or abs(spec.rel[1]) <= 5000


def _truncate(point: _Point, unit: str) -> _Point:
    if unit == "year":
        return _Point(point.year, bc=point.bc)
    return _Point(point.year, point.month, None, point.bc)


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _unresolved(spec: Spec) -> str:
    """Value with X placeholders for the parts the text did not give (TIMEX3 style: ``XXXX-08-15``)."""
    if spec.kind == "weekday":
        return f"XXXX-WXX-{spec.weekday}"
    if spec.kind == "after":
        return "XXXX-XX-XX"
    if spec.rel is not None:
        return spec.fallback or "XXXX"
    value = "XXXX"
    if spec.month is not None:
        value += _month_day(spec.month, spec.day, spec)
    elif spec.part:
        value += f"-{spec.part}"
    elif spec.clock or spec.tod:
        return f"XXXX-XX-XXT{spec.clock or spec.tod}"
    return value


def _resolve_weekday(spec: Spec, ctx: _Context, position: int) -> tuple[str, str]:
    """A weekday: the one before or after the anchor day, as the modifier word or the sentence's tense says."""
    base, anchor_name = _anchor_for(spec, ctx, True)
    day = base.as_date() if base is not None else None
    if day is None or spec.weekday is None:
        return _unresolved(spec), "unresolved"
    direction = spec.direction or {"past": -1, "future": 1}.get(ctx.tense(position) or "", 0)
    offset = (spec.weekday - day.isoweekday()) % 7
    if direction < 0:
        target = day - timedelta(days=(7 - offset) if offset else 7)
    elif direction > 0:
        target = day + timedelta(days=offset or 7)
    else:
        target = day + timedelta(days=offset if offset <= 3 else offset - 7)
    value = target.isoformat()
    if spec.clock:
        value += f"T{spec.clock}"
    elif spec.tod:
        value += f"T{spec.tod}"
    return value, anchor_name


def _resolve_time(spec: Spec, ctx: _Context, position: int) -> tuple[str, str]:
    """A clock time or part of day without a date of its own takes the anchor day. In news, that is the day the
    sentence (or the one before) talks about when it names one ("Am 14. Juli 2021 … Gegen 23 Uhr brach der Damm"
    is a night of 2021, not the publication day), else the document date."""
    base: _Point | None
    if ctx.anchoring == "news" and ctx.last_day is not None and ctx.sentence(position) - ctx.last_day_sentence <= 1:
        base, anchor_name = ctx.last_day, "previous_timex"
    else:
        base, anchor_name = _anchor_for(spec, ctx, True)
    if base is None or base.as_date() is None:
        return _unresolved(spec), "unresolved"
    return f"{base.as_date().isoformat()}T{spec.clock or spec.tod}", anchor_name  # type: ignore[union-attr]


def _inherit(mentions: list[tuple[int, int, Spec]], text: str, connector: re.Pattern[str]) -> None:
    """Let a left range partner borrow what it lacks from the right one ("Mai/Juni 1940", "27./28. September",
    "478/477 v. Chr.", "vom 20. Februar bis zum 10. März 1905")."""
    for i in range(len(mentions) - 2, -1, -1):
        start, end, left = mentions[i]
        right_start, _right_end, right = mentions[i + 1]
        if left.kind != "date" or right.kind != "date" or left.rel is not None or right.rel is not None:
            continue
        if not connector.fullmatch(text[end:right_start]):
            continue
        if left.month is None and left.day is not None and right.month is not None and left.year is None:
            left.month = right.month
        if left.year is None and left.century is None and left.decade is None and right.year is not None:
            if left.month is not None or left.part is not None or left.inherit:
                left.year, left.bc, left.year2 = right.year, right.bc, right.year2
        elif left.year is not None and left.bc is None and right.bc:
            left.bc = True


TENSE_WINDOW = 400
"""Characters on either side of a position that its tense is read from, within its sentence (news sentences are
shorter). A cue that far away counts a fourteenth of one next to it (``cue_tense``), and a "sentence" that runs on
for pages (a list or table without full stops) would otherwise be read whole for each expression in it."""


def tense_finder(text: str, *, language: str = "de") -> Callable[[int], str | None]:
    """A function giving the tense ("past", "future" or ``None``) of the sentence around a character position,
    as the language module guesses it from auxiliaries and verb forms (shared with :mod:`newsdesk.analysis.pubdate`)."""
    lang = _language(language)
    starts = _sentence_starts(text)

    def tense_at(position: int) -> str | None:
        index = bisect_right(starts, position) - 1
        begin = max(starts[index], position - TENSE_WINDOW)
        finish = min(starts[index + 1] if index + 1 < len(starts) else len(text), position + TENSE_WINDOW)
        result: str | None = lang.tense(text[begin:finish], position - begin)
        return result

    return tense_at


def _select(candidates: list[tuple[int, int, int, Spec]]) -> list[tuple[int, int, Spec]]:
    """Keep non-overlapping candidates, longest (then highest priority, then leftmost) first."""
    candidates.sort(key=lambda c: (-(c[1] - c[0]), -c[2], c[0]))
    chosen: list[tuple[int, int, Spec]] = []
    starts: list[int] = []
    for start, end, _priority, spec in candidates:
        index = bisect_right(starts, start)
        if index and chosen[index - 1][1] > start:
            continue
        if index < len(chosen) and chosen[index][0] < end:
            continue
        starts.insert(index, start)
        chosen.insert(index, (start, end, spec))
    return chosen


def find_timexes(
    text: str,
    *,
    language: str = "de",
    reference: date | None = None,
    anchoring: Anchoring = "news",
) -> list[Timex]:
    """All temporal expressions in ``text`` in reading order, with exact character offsets and normalised values.

    ``reference`` is the document (publication) date that deictic words count from; without it such words get
    ``X`` placeholders (``XXXX-08-15``, ``XXXX-WXX-2``) or a ``*_REF`` value. ``anchoring`` is ``"news"`` or
    ``"narrative"`` (see the module docstring).
    """
    if anchoring not in ("news", "narrative"):
        raise ValueError(f"anchoring must be 'news' or 'narrative', not {anchoring!r}")
    lang = _language(language)
    candidates: list[tuple[int, int, int, Spec]] = []
    for rule in lang.RULES:
        for match in _matches(rule, text):
            spec = rule.build(match)
            if spec is None or not _plausible(spec):
                continue
            start, end = match.span("t") if "t" in rule.pattern.groupindex else match.span()
            if start < end:
                candidates.append((start, end, rule.priority, spec))
    mentions = _select(candidates)
    _inherit(mentions, text, lang.CONNECTOR)

    tense_at = tense_finder(text, language=language)
    ctx = _Context(reference=reference, anchoring=anchoring, tense=tense_at, sentence_starts=_sentence_starts(text))
    headings = _headings(text) if anchoring == "narrative" else []
    heading_index = 0
    in_heading: tuple[int, int] | None = None
    found: list[Timex] = []
    pending: list[tuple[int, Spec]] = []  # "after" specs and their place in found, dated once all dates are known
    for start, end, spec in mentions:
        # narratives (Wikipedia sections) restart each section from the date its heading names, not from wherever
        # the previous section's last sentence wandered
        while heading_index < len(headings) and headings[heading_index][0] <= start:
            in_heading = headings[heading_index]
            heading_index += 1
            if ctx.section is not None:
                ctx.last = ctx.section
                ctx.last_day = ctx.section if ctx.section.as_date() else None
        heading_mention = in_heading is not None and in_heading[0] <= start < in_heading[1]
        if spec.era_dependent and not (ctx.last is not None and ctx.last.bc):
            continue
        mod = spec.mod
        if spec.kind == "after":
            pending.append((len(found), spec))
            found.append(Timex(start, end, text[start:end], DATE, _unresolved(spec), mod, "unresolved"))
            continue
        value, anchor_name = _resolve(spec, ctx, start)
        kind = spec.type
        if kind == DATE and "T" in value and value[:1] in "0123456789X" and ":" in value:
            kind = TIME
        found.append(Timex(start, end, text[start:end], kind, value, mod, anchor_name))
        if not (spec.background and ctx.last is not None) and "X" not in value:
            _remember(ctx, value, start)
            if heading_mention and in_heading is not None and ctx.last is not None:
                ctx.section = ctx.last
                in_heading = None  # only the first date of a heading ("Juni 1944 bis Mai 1945") opens the section
    for index, spec in pending:
        found[index] = _resolve_after(found, index, spec, text, ctx)
    return found


#: the words a happening's name is recognised by: its nouns and acronyms ("SVB", "Pleite" of "der SVB-Pleite")
_NAME_WORD = re.compile(r"(?<![\wäöüß])(?:[A-ZÄÖÜ]{2,}|[A-ZÄÖÜ][a-zäöüß]{3,})(?![a-zäöüß])")
_WORD = re.compile(r"[\wäöüß]+")
#: "nach der Pleite am 10. März": the happening's own date follows it
_DATE_AFTER_EVENT = re.compile(r"\s+(?:am|vom)\s+\d")
_DAY_VALUE = re.compile(r"^\d{4}-\d\d-\d\d$")


def _resolve_after(found: list[Timex], index: int, spec: Spec, text: str, ctx: _Context) -> Timex:
    """Date a "zwei Tage nach X": from the date right after it ("nach dem 10. März", "nach der Pleite am 10. März"),
    else from the latest dated happening shortly before whose sentence shares a word with X ("Die SVB brach am
    10. März zusammen. … zwei Tage nach der SVB-Pleite"). Undated, it stays ``XXXX-XX-XX`` in news; narratives keep
    the duration reading their annotators give it ("zwei Monate nach dem deutschen Abzug" = P2M)."""
    timex = found[index]
    base: _Point | None = None
    if spec.event is None or _DATE_AFTER_EVENT.match(text, spec.event[1]):
        following = next((t for t in found[index + 1:] if t.start >= timex.end), None)
        if following is not None and _DAY_VALUE.match(following.value) and following.start - timex.end < 12:
            base = _point_of(following.value)
    if spec.event is not None and base is None:
        base = _dated_happening(found[:index], text[spec.event[0]:spec.event[1]], text, ctx, timex.start)
    unit, amount = spec.rel or ("day", 0)
    point = _shift(base, unit, amount) if base is not None else None
    if point is not None:
        return Timex(timex.start, timex.end, timex.text, DATE, _format(point, spec), timex.mod, "previous_timex")
    if ctx.anchoring == "narrative":
        letter = {"day": "D", "week": "W", "month": "M", "year": "Y"}[unit]
        return Timex(timex.start, timex.end, timex.text, DURATION, f"P{abs(amount)}{letter}", timex.mod, "absolute")
    return timex


HAPPENING_REACH = 2000
"""How far back (characters) a "zwei Tage nach der Pleite" looks for the sentence that dates the Pleite."""


def _dated_happening(earlier: list[Timex], words_of: str, text: str, ctx: _Context, position: int) -> _Point | None:
    """The day of the latest dated sentence within ``HAPPENING_REACH`` before ``position`` sharing a word with the
    happening's name."""
    words = {word.lower() for word in _NAME_WORD.findall(words_of)}
    for timex in reversed(earlier):
        if position - timex.start > HAPPENING_REACH:
            break
        if not _DAY_VALUE.match(timex.value):
            continue
        sentence = ctx.sentence(timex.start)
        begin = ctx.sentence_starts[sentence]
        finish = ctx.sentence_starts[sentence + 1] if sentence + 1 < len(ctx.sentence_starts) else len(text)
        finish = min(finish, position)  # not the words of the expression itself ("am 28. August, zwei Wochen nach …")
        if words & {word.lower() for word in _WORD.findall(text[begin:finish])}:
            return _point_of(timex.value)
    return None


def _point_of(value: str) -> _Point:
    year, month, day = parse_value(value)
    return _Point(year or 1, month, day)


def _resolve(spec: Spec, ctx: _Context, position: int) -> tuple[str, str]:
    """Value and anchor name of one expression. One whose day would lie beyond the calendar (a publication day
    of 0001-01-01 or 9999-12-31 and "gestern" or "am 31. Dezember") stays unresolved."""
    try:
        if spec.kind == "fixed":
            return spec.value or "XXXX", "absolute"
        if spec.kind == "weekday":
            return _resolve_weekday(spec, ctx, position)
        if spec.kind == "time":
            return _resolve_time(spec, ctx, position)
        return _resolve_date(spec, ctx, position)
    except OverflowError:  # a day counted past 0001-01-01 or 9999-12-31
        return _unresolved(spec), "unresolved"


def _remember(ctx: _Context, value: str, position: int) -> None:
    """Make a resolved calendar value the anchor for later anaphora ("am selben Tag", "im Jahr darauf")."""
    bc = value.startswith("BC")
    body = value[2:] if bc else value
    if len(body) < 4 or not body[:4].isdigit():
        return
    year, month, day = parse_value(body)
    if year is None:
        return
    point = _Point(year, month, day if month else None, bc)
    ctx.last = point
    if point.as_date() is not None:
        ctx.last_day = point
        ctx.last_day_sentence = ctx.sentence(position)
    elif ctx.last_day is not None and (ctx.last_day.year != year or (month and ctx.last_day.month != month)):
        ctx.last_day = None

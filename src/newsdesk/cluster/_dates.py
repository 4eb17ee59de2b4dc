"""Find date mentions ("15. August", "Juni 2024", "May 2, 2013", "2023-08-15") with the month names of every language.

A deliberately small pattern set: the clusterer only needs the day/month/year a report talks about, not full
temporal normalisation (that belongs to a later analysis stage, whose dates ``ClusterDoc.mentioned_dates`` carries).
Weekday names and relative expressions ("am Dienstag", "last week") are ignored: without a reliable publication date
they cannot be resolved.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from newsdesk.cluster._words import month_numbers
from newsdesk.lang import get as get_language
from newsdesk.lang import languages, normalise

__all__ = ["PartialDate", "dates_agree", "find_dates", "parse_date"]


class PartialDate(NamedTuple):
    """A date mention with whatever parts the text gave; ``None`` marks a missing part."""

    year: int | None
    month: int | None
    day: int | None

    @property
    def has_day(self) -> bool:
        return self.month is not None and self.day is not None


def _year(name: str) -> str:
    return rf"(?P<{name}>1[89]\d\d|2[01]\d\d)"


@lru_cache(maxsize=4)
def _date_pattern(codes: tuple[str, ...]) -> re.Pattern[str]:
    """The date pattern with the month names of the languages ``codes`` (all known ones, see ``month_numbers``).

    One pass over the text: at each position the first alternative that matches wins, and the alternatives are
    ordered from most to least specific, so "15. August 2023" is one full date, not a day plus a bare year."""
    month = "|".join(sorted((re.escape(m) for m in month_numbers()), key=len, reverse=True))
    return re.compile(
        "|".join(
            [
                rf"\b{_year('iso_y')}-(?P<iso_m>\d\d)-(?P<iso_d>\d\d)\b",
                rf"\b(?P<dot_d>\d{{1,2}})\.(?P<dot_m>\d{{1,2}})\.{_year('dot_y')}\b",
                rf"\b(?P<dm_d>\d{{1,2}})\.?\s+(?P<dm_m>{month})\b\.?(?:,?\s+{_year('dm_y')}\b)?",
                rf"\b(?P<md_m>{month})\b\.?\s+(?P<md_d>\d{{1,2}})(?:st|nd|rd|th)?\b(?![.,:]?\d)"
                rf"(?:,?\s+{_year('md_y')}\b)?",
                rf"\b(?P<my_m>{month})\b\.?\s+{_year('my_y')}\b",
                rf"\b{_year('y_y')}\b",
            ]
        )
    )


def _make(year: str | None, month: int | None, day: str | None) -> PartialDate | None:
    y = int(year) if year else None
    d = int(day) if day else None
    if month is not None and not 1 <= month <= 12:
        return None
    if d is not None and (month is None or not 1 <= d <= 31):
        return None
    if y is not None and month is not None and d is not None:
        try:
            date(y, month, d)
        except ValueError:
            return None
    return PartialDate(y, month, d)


def find_dates(text: str) -> list[PartialDate]:
    """Every date mention in ``text`` in order of appearance."""
    months = month_numbers()
    found: list[PartialDate] = []
    for match in _date_pattern(languages()).finditer(text):
        g = match.groupdict()
        if g["iso_y"]:
            value = _make(g["iso_y"], int(g["iso_m"]), g["iso_d"])
        elif g["dot_d"]:
            value = _make(g["dot_y"], int(g["dot_m"]), g["dot_d"])
        elif g["dm_d"]:
            value = _make(g["dm_y"], months[g["dm_m"]], g["dm_d"])
        elif g["md_m"]:
            value = _make(g["md_y"], months[g["md_m"]], g["md_d"])
        elif g["my_m"]:
            value = _make(g["my_y"], months[g["my_m"]], None)
        else:
            value = _make(g["y_y"], None, None)
        if value is not None:
            found.append(value)
    return found


_SLASHED = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b")
_YEAR_FIRST = re.compile(rf"\b{_year('year')}[-./](?P<month>\d{{1,2}})[-./](?P<day>\d{{1,2}})\b")
_SPACED_SEPARATOR = re.compile(r"(?<=\d) ?([-./]) ?(?=\d)")
_ORDINAL = re.compile(r"(?<=\d)(?:st|nd|rd|th)\b", re.IGNORECASE)


def _month_first(tag: str) -> bool:
    """Whether writers of the language tag ``tag`` put the month first in "05/02/2013" (``month_first_tags`` in
    the language's ``calendar.json``; the rest of the world writes the day first)."""
    spelled = tag.strip().lower().replace("_", "-")
    return spelled in get_language(normalise(spelled)).data("calendar").get("month_first_tags", [])


def parse_date(value: str | None, *, language: str | None = None) -> date | None:
    """A publication date from an ISO string or a loose one ("First Published : June 13, 2013 4 : 59 PM EDT",
    "May 3rd, 2013", "2012 - 04 - 04 11 : 47", "Published : 2012.08.08", "16 / 08 / 2011").

    language (str | None): The text's language tag, which decides a slashed date that fits both orders
        ("05/02/2013": month first for ``en`` and ``en-US``, as American English writes it, day first for other
        tags); without one such a date is refused rather than guessed.
    """
    if not value or not value.strip():
        return None
    text = value.strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    # scraped and re-tokenised date lines space their separators ("05 / 02 / 2013") and shout ("MAY 3RD")
    text = _ORDINAL.sub("", _SPACED_SEPARATOR.sub(r"\1", text))
    year_first = _YEAR_FIRST.search(text)
    if year_first:
        return _make_date(int(year_first["year"]), int(year_first["month"]), int(year_first["day"]))
    for mention in find_dates(text.title()):
        if mention.year is not None and mention.month is not None and mention.day is not None:
            return date(mention.year, mention.month, mention.day)
    slashed = _SLASHED.search(text)
    if slashed:
        first, second, year = (int(g) for g in slashed.groups())
        year += 0 if year >= 100 else (2000 if year < 50 else 1900)
        if second <= 12 and first <= 12 and first != second:  # "05/06/2010": June in Britain, May in the US
            if language is None:
                return None
            day_first = not _month_first(language)
        else:
            day_first = first > 12
        if day_first:
            first, second = second, first
        return _make_date(year, first, second)
    return None


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def dates_agree(a: PartialDate, b: PartialDate) -> bool:
    """Both name a day and no part that both give differs ("15. August" agrees with "15.08.2023")."""
    if not (a.has_day and b.has_day) or a.month != b.month or a.day != b.day:
        return False
    return a.year is None or b.year is None or a.year == b.year

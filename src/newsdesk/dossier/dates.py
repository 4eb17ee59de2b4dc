"""Dates as spans of days, so that "Ende Juli" (the last third of July) and "31. Juli" are seen to agree while
"Ende Juni" and "Ende Juli" are not.

A resolved TIMEX value (``2023-08-15``, ``2023-07``, ``2023``) with its modifier (``START``, ``MID``, ``END``) becomes
the first and last day it can mean; two dates are compatible when their spans overlap. Unresolved values
(``XXXX-06``, ``PAST_REF``, durations) are not dates here.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from newsdesk.dossier.model import DateValue

_VALUE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
#: The part of a month or year each modifier keeps, as fractions of it.
_PARTS = {"START": (0.0, 1 / 3), "EARLY": (0.0, 1 / 3), "MID": (1 / 3, 2 / 3), "END": (2 / 3, 1.0),
          "LATE": (2 / 3, 1.0)}


def date_value(timex: dict[str, object]) -> DateValue | None:
    """The ``DateValue`` of a stored timex record, ``None`` unless it is a resolved calendar date."""
    value = str(timex.get("value") or "")
    if timex.get("type") != "DATE" or not _VALUE.match(value):
        return None
    precision = {4: "year", 7: "month", 10: "day"}[len(value)]
    mod = timex.get("mod")
    return DateValue(value, precision, str(mod) if mod else None, str(timex.get("text") or ""))


def day_value(day: str) -> DateValue:
    """A publication day as a ``DateValue``."""
    return DateValue(day, "day", None, day)


def inferred_value(value: str, precision: str, confidence: float) -> DateValue:
    """A publication date inferred from the text (``2023-06-13`` at day precision, its year at year precision),
    worded so that a reader sees it is an inference and how sure."""
    shown = value if precision == "day" else value[:4]
    return DateValue(shown, "day" if precision == "day" else "year", None,
                     f"inferred publication {'day' if precision == 'day' else 'year'}, confidence {confidence:.2f}")


def span(value: DateValue) -> tuple[date, date]:
    """The first and last day ``value`` can mean."""
    match = _VALUE.match(value.value)
    assert match is not None, value
    year, month, day = (int(part) if part else None for part in match.groups())
    if day is not None and month is not None:
        exact = date(year, month, day)
        return exact, exact
    first = date(year, month or 1, 1)
    last = date(year, month or 12, calendar.monthrange(year, month or 12)[1])
    part = _PARTS.get(value.mod or "")
    if part is None:
        return first, last
    length = (last - first).days + 1
    return (date.fromordinal(first.toordinal() + int(length * part[0])),
            date.fromordinal(first.toordinal() + max(int(length * part[1]) - 1, 0)))


def compatible(a: DateValue, b: DateValue) -> bool:
    """Whether two dates can mean the same day (their spans overlap)."""
    first_a, last_a = span(a)
    first_b, last_b = span(b)
    return first_a <= last_b and first_b <= last_a


def sort_key(value: DateValue | None) -> tuple[str, str]:
    """Order dates by their first day, coarser before finer on ties; ``None`` last."""
    if value is None:
        return ("9999-99-99", "")
    return (span(value)[0].isoformat(), value.value)


def describe(value: DateValue) -> str:
    """The date as a reader wants it: the article's words with the resolved value (``Ende Juli (2023-07, END)``)."""
    resolved = value.value + (f", {value.mod}" if value.mod else "")
    return f"{value.text} ({resolved})" if value.text and value.text != value.value else resolved

"""Temporal expressions for a language that has month names (``lang/<code>/calendar.json``) but no rule module.

A language added from files alone has no ``timex.py``, yet the dates it writes with a month name are still dates:
"5. Aŭgusto 1905", "5 August 1905", "August 5, 1905", "Aŭgusto 1905" and a plain year "1905". These rules read
only what the calendar and the digits say, so they hold in any language that writes the day and year in digits
and the month as a word; everything that needs the language's grammar (deictic words, "two days later", tense) is
left to a real rule module, and the tense guess is always "undecided".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from newsdesk.lang import Language, alternation
from newsdesk.lang import get as get_language
from newsdesk.lang.timex_rules import Rule, Spec, make_rule

__all__ = ["CalendarRules", "calendar_rules"]

_DAY = r"(?<![\d.,])(?P<day>0?[1-9]|[12]\d|3[01])\.?"
_YEAR = r"(?P<year>1\d{3}|20\d{2})(?![\d\w]|[.,]\d)"
_PLAIN_YEAR = rf"(?<![\w.,]){_YEAR}"


@dataclass(frozen=True, slots=True)
class CalendarRules:
    """What :func:`newsdesk.analysis.timex.find_timexes` reads of a language module: its rules, the pattern between
    the two halves of a range ("Majo/Junio 1905", "1904–1905") and a tense guesser."""

    RULES: Sequence[Rule]
    CONNECTOR: re.Pattern[str] = re.compile(r"\s*[/–-]\s*")

    @staticmethod
    def tense(sentence: str, position: int) -> str | None:
        """Undecided: without the language's verbs nothing tells past from future."""
        return None


def _month_pattern(names: dict[str, int], abbreviations: dict[str, int]) -> str:
    """The month as a word in any letter case ("Aŭgusto", "aŭgusto"); a short form may carry its full stop."""
    forms = [rf"(?i:{alternation(names)})(?!\w)"] if names else []
    forms += [rf"(?i:{alternation(abbreviations)})\.?(?!\w)"] if abbreviations else []
    return rf"(?P<month>{'|'.join(forms)})"


def calendar_rules(code: str) -> CalendarRules | None:
    """The calendar-driven rules of language ``code``, or ``None`` when it names no months."""
    return _rules_of(get_language(code))


@lru_cache(maxsize=16)
def _rules_of(known: Language) -> CalendarRules | None:
    """Built once per language and set of folders, so a folder registered or forgotten later is seen."""
    if not known.months:
        return None
    months = known.months

    def number(match: re.Match[str]) -> int | None:
        return months.get(match["month"].lower().rstrip("."))

    def day_month_year(match: re.Match[str]) -> Spec | None:
        month = number(match)
        return Spec(year=int(match["year"]), month=month, day=int(match["day"])) if month else None

    def month_year(match: re.Match[str]) -> Spec | None:
        month = number(match)
        return Spec(year=int(match["year"]), month=month) if month else None

    month = _month_pattern(known.month_names, known.month_abbreviations)
    return CalendarRules((
        make_rule(rf"{_DAY}\s*{month},?\s+{_YEAR}", day_month_year, 3),
        make_rule(rf"(?<!\w){month}\s+{_DAY},?\s+{_YEAR}", day_month_year, 3),
        make_rule(rf"(?<!\w){month},?\s+{_YEAR}", month_year, 2),
        make_rule(_PLAIN_YEAR, lambda match: Spec(year=int(match["year"])), 1),
    ))

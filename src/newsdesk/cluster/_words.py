"""Small closed word lists the clusterer needs before it has seen enough documents to learn them.

Online IDF only learns that "der" or "the" carry no meaning after many documents; until then the function words
of ``lang/<code>/stopwords.json`` keep them out of the term vectors. Month and weekday names (``calendar.json``) are
kept out as well because dates are a separate, structured signal (``_dates.py``): as plain terms "Juni" would make
every June article look alike. Languages without a list rely on IDF alone.

Month and weekday names are taken from every known language at once: a German report quotes "May 2" as readily as
an English one "15. August", and the date finder does not know the language of a loose date string.
"""

from __future__ import annotations

from functools import lru_cache

from newsdesk.lang import get as get_language
from newsdesk.lang import languages

__all__ = ["calendar_words", "month_numbers", "stopwords"]


@lru_cache(maxsize=32)
def stopwords(language: str | None) -> frozenset[str]:
    """The function words of ``language`` (empty for a language without ``stopwords.json``)."""
    return frozenset(get_language(language).data("stopwords").get("words", [])) if language else frozenset()


def month_numbers() -> dict[str, int]:
    """Capitalised month names and abbreviations of every known language → month number ("Mai", "May" → 5)."""
    return _month_numbers(languages())


@lru_cache(maxsize=4)
def _month_numbers(codes: tuple[str, ...]) -> dict[str, int]:
    return {name.capitalize(): number for code in codes for name, number in get_language(code).months.items()}


def calendar_words() -> frozenset[str]:
    """Lower-cased words that never become terms: month names longer than three letters and weekday names."""
    return _calendar_words(languages())


@lru_cache(maxsize=4)
def _calendar_words(codes: tuple[str, ...]) -> frozenset[str]:
    months = {name.lower() for name in _month_numbers(codes) if len(name) > 3}
    return frozenset(months) | {name for code in codes for name in get_language(code).weekdays}

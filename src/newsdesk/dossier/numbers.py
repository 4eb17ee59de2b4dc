"""Figures with their unit ("12 Tote", "rund 20 Länder", "3,5 Millionen Euro"), and when two of them agree.

Which nouns are units, which words make a figure approximate or a bound, and the number words are data
(``lang/<code>/dossier.json``, ``numbers``). Ordinals ("78. Jahrestag") and years are not figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from newsdesk.dossier.reading import language_data

_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"


@dataclass(frozen=True, slots=True)
class Figure:
    """A figure as a text gives it: value, unit (a key of the language's units), how it is qualified (``exact``,
    ``about``, ``at_least``, ``at_most``), the words used and where they start."""

    value: float
    unit: str
    qualifier: str
    text: str
    start: int


@dataclass(frozen=True, slots=True)
class _Patterns:
    figure: re.Pattern[str]
    units: dict[str, str]
    qualifiers: dict[str, str]
    scales: dict[str, int]
    words: dict[str, int]


def _alternation(words: list[str] | dict[str, object]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=16)
def _patterns(language: str) -> _Patterns | None:
    rules = language_data(language, "dossier").get("numbers")
    if not rules:
        return None
    units = {form.casefold(): unit for unit, forms in rules["units"].items() for form in forms}
    qualifiers = {word.casefold(): kind for kind in ("about", "at_least", "at_most") for word in rules.get(kind, [])}
    number = f"{_NUMBER}|{_alternation(rules.get('words', {}))}" if rules.get("words") else _NUMBER
    scale = _alternation(rules.get("scales", {}))
    figure = re.compile(
        rf"(?<![\w.,])(?:(?P<qualifier>{_alternation(qualifiers)})\s+)?(?P<number>{number})(?![\w.]|,\d)"
        rf"(?:\s*(?P<scale>{scale}))?\s*(?P<unit>{_alternation(units)})(?!\w)", re.I)
    return _Patterns(figure, units, qualifiers, {k.casefold(): v for k, v in rules.get("scales", {}).items()},
                     {k.casefold(): v for k, v in rules.get("words", {}).items()})


def find_figures(text: str, *, language: str) -> list[Figure]:
    """Every figure with a known unit in ``text``."""
    patterns = _patterns(language)
    if patterns is None:
        return []
    figures = []
    for match in patterns.figure.finditer(text):
        raw = match.group("number")
        value = patterns.words.get(raw.casefold())
        if value is None:
            value = float(raw.replace(".", "").replace(",", "."))
        if match.group("scale"):
            value *= patterns.scales[match.group("scale").casefold()]
        qualifier = patterns.qualifiers.get((match.group("qualifier") or "").casefold(), "exact")
        figures.append(Figure(float(value), patterns.units[match.group("unit").casefold()], qualifier,
                              match.group(), match.start()))
    return figures


def _rounded_to(value: float) -> float:
    """The step a figure is rounded to: 20 → 10, 1500 → 100, 17 → 1."""
    step = 1.0
    while value and value % (step * 10) == 0:
        step *= 10
    return step


def figures_agree(a: Figure, b: Figure) -> bool:
    """Whether two figures can describe the same count: equal, one a rounding of the other ("rund 20" and 19,
    "1000" and 1012), or within what a bound or an approximation allows ("mehr als 10" and 12)."""
    if a.value == b.value:
        return True
    for first, second in ((a, b), (b, a)):
        if first.qualifier == "at_least" and second.value >= first.value:
            return True
        if first.qualifier == "at_most" and second.value <= first.value:
            return True
        if first.qualifier == "about" and abs(second.value - first.value) <= 0.15 * first.value:
            return True
        step = _rounded_to(first.value)
        if step > 1 and round(second.value / step) * step == first.value:
            return True
    return False

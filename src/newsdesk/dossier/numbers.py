"""Figures with their unit ("12 Tote", "rund 20 Länder", "3,5 Millionen Euro"), what they measure, and when two
of them agree.

Two figures contradict each other only when they measure the same thing: "rund 45 Millionen Euro" for a new
production line and "rund 780 Millionen Euro" of turnover are both euros, not one fact. So every figure gets a
subject: a unit that names what it counts ("Tote", "Stellen") is its own subject; a count of people or jobs takes
the word of its clause that says what happened to them ("verletzt", "evakuiert", "streichen"); any other figure
takes the noun it belongs to, in this order: the noun before "von/über/auf/um" ("Prämie von 1.500 Euro",
"Schaden des Hochwassers auf 310 Millionen Euro"), the first noun after it in its clause ("300 Millionen Euro für
den Wiederaufbau"), the nearest noun before it. A figure whose clause names no such noun has no subject and is
never compared.

These make two figures of one subject different facts rather than a contradiction:
- the whole of a part ("600 von 2.100 Stellen"): 2.100 is every job there is, not the jobs cut; its subject is the
  whole of its unit;
- a stance: a figure in a sentence that demands or offers it ("fordert 8,5 Prozent", "ein Angebot von 4,8 Prozent")
  is a position in a negotiation, and one valid from a date ("zum 1. Juli 3,5 Prozent") is a step of a staged change;
  figures are compared only with figures of the same stance (``None``: a fact).

Which nouns are units, which words make a figure approximate or a bound, the number words and the words the subject
rules use are data (``lang/<code>/dossier.json``, ``numbers``). Ordinals ("78. Jahrestag") and years are not figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from newsdesk.dossier.reading import language_data
from newsdesk.lang import get as get_language

_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"


@dataclass(frozen=True, slots=True)
class Figure:
    """A figure as a text gives it: value, unit (a key of the language's units), how it is qualified (``exact``,
    ``about``, ``at_least``, ``at_most``), the words used, where they start, and what the figure measures (``None``
    when its clause does not say); ``counted``: a count of people or things, not an amount; ``stance``: ``demand``,
    ``offer`` or ``from`` (a step valid from a date) for a figure that is no plain fact (see the module docstring)."""

    value: float
    unit: str
    qualifier: str
    text: str
    start: int
    subject: str | None = None
    counted: bool = False
    stance: str | None = None

    @property
    def scale(self) -> str:
        """What the figure is a quantity of: ``count`` for a number of people or things ("fünf Verletzte" and "fünf
        Menschen wurden verletzt" are one count), else its unit."""
        return "count" if self.counted else self.unit


@dataclass(frozen=True, slots=True)
class _Patterns:
    figure: re.Pattern[str]
    units: dict[str, str]
    qualifiers: dict[str, str]
    scales: dict[str, int]
    words: dict[str, int]
    counted: frozenset[str]
    measured: frozenset[str]
    measures: tuple[tuple[str, tuple[str, ...]], ...]
    not_subjects: frozenset[str]
    prepositions: frozenset[str]
    whole: re.Pattern[str] | None
    stances: tuple[tuple[str, tuple[str, ...]], ...]
    from_date: re.Pattern[str] | None
    genitive_articles: frozenset[str]


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
    partitive = rules.get("partitive")
    whole = re.compile(rf"(?<![\w.,])(?:{number})\s+(?:{_alternation(partitive)})\s+$", re.I) if partitive else None
    figure = re.compile(
        rf"(?<![\w.,])(?:(?P<qualifier>{_alternation(qualifiers)})\s+)?(?P<number>{number})(?![\w.]|,\d)"
        rf"(?:\s*(?P<scale>{scale}))?\s*(?P<unit>{_alternation(units)})(?!\w)", re.I)
    return _Patterns(figure, units, qualifiers, {k.casefold(): v for k, v in rules.get("scales", {}).items()},
                     {k.casefold(): v for k, v in rules.get("words", {}).items()}, frozenset(rules.get("counted", [])),
                     frozenset(rules.get("measured", [])),
                     tuple((key, tuple(w.casefold() for w in words))
                           for key, words in rules.get("measures", {}).items()),
                     frozenset(w.casefold() for w in [*rules.get("not_subjects", []), *get_language(language).months]),
                     frozenset(w.casefold() for w in rules.get("subject_prepositions", [])), whole,
                     tuple((stance, tuple(w.casefold() for w in words))
                           for stance, words in rules.get("stances", {}).items()),
                     re.compile(rules["from_date"], re.I) if rules.get("from_date") else None,
                     frozenset(w.casefold() for w in rules.get("genitive_articles", [])))


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
        unit = patterns.units[match.group("unit").casefold()]
        is_whole = patterns.whole is not None and patterns.whole.search(text, 0, match.start()) is not None
        subject = f"all {unit}" if is_whole else _subject(text, match.start(), match.end(), unit, patterns)
        figures.append(Figure(float(value), unit, qualifier, match.group(), match.start(), subject,
                              unit in patterns.counted or unit in patterns.measured,
                              _stance(text, match.start(), match.end(), patterns)))
    return figures


def _stance(text: str, start: int, end: int, patterns: _Patterns) -> str | None:
    """``demand`` or ``offer`` when the sentence up to the end of the figure's clause demands or offers it (a word
    starting with one of the stance's stems; a stem under four letters must be the whole word: "bot", not
    "Botschaft"), ``from`` when its clause gives the date it applies from ("zum 1. Juli", "from July"), else
    ``None``."""
    after = _CLAUSE_END.search(text, end)
    clause_end = after.start() if after else len(text)
    words = [word.casefold() for word in _TOKEN.findall(text[:clause_end])]
    for stance, stems in patterns.stances:
        if any(word == stem or (len(stem) >= 4 and word.startswith(stem)) for word in words for stem in stems):
            return stance
    if patterns.from_date is None:
        return None
    clause_start = max((m.end() for m in _CLAUSE_END.finditer(text, 0, start)), default=0)
    # a date's own dot ("zum 1. Juli") ends no clause: a date counts when it reaches into the figure's clause
    dates = patterns.from_date.finditer(text, 0, clause_end)
    return "from" if any(m.end() > clause_start for m in dates) else None


_CLAUSE_END = re.compile(r"[,;:()\u2013\u2014]|\s-\s|[.!?](?:\s|$)")
_TOKEN = re.compile(r"\w[\w.-]*\w|\w")
#: How many words a subject noun may lie from its figure (or from the preposition before it).
_REACH = 5


def _subject(text: str, start: int, end: int, unit: str, patterns: _Patterns) -> str | None:
    """What the figure at ``text[start:end]`` measures (see the module docstring), ``None`` when its clause does not
    say."""
    if unit in patterns.counted:
        return unit
    bounds = [0, *(m.end() for m in _CLAUSE_END.finditer(text, 0, start))]
    after = _CLAUSE_END.search(text, end)
    clause_start, clause_end = bounds[-1], after.start() if after else len(text)
    before = [(m.group(), m.start()) for m in _TOKEN.finditer(text, clause_start, start)]
    following = [m.group() for m in _TOKEN.finditer(text, end, clause_end)]
    clause = " ".join(word for word, _ in before) + " " + " ".join(following)
    if unit in patterns.measured:
        folded = clause.casefold()
        return next((key for key, words in patterns.measures if any(w in folded for w in words)), None)
    if before and before[-1][0].casefold() in patterns.prepositions:
        head = _head_before(before[:-1], patterns)
        if head is not None:
            return head
    found = next((word for word in following[:_REACH] if _is_noun(word, patterns)), None)
    if found is not None:
        return found
    near = [word for word, offset in before[-_REACH:] if offset > 0 and _is_noun(word, patterns)]
    return near[-1] if near else None


def _head_before(words: list[tuple[str, int]], patterns: _Patterns) -> str | None:
    """The noun a preposition's figure belongs to, walking back over at most ``_REACH`` words; the head of a
    genitive ("Gesamtschaden des Hochwassers") rather than its attribute."""
    window = words[-_REACH:]
    for i in range(len(window) - 1, -1, -1):
        word, offset = window[i]
        if offset > 0 and _is_noun(word, patterns):
            genitive = i >= 2 and window[i - 1][0].casefold() in patterns.genitive_articles
            if genitive and _is_noun(window[i - 2][0], patterns):
                return window[i - 2][0]
            return word
    return None


def _is_noun(word: str, patterns: _Patterns) -> bool:
    """A capitalised word that can say what a figure measures: not a unit, scale, number word or time word."""
    folded = word.casefold()
    return (word[:1].isupper() and folded not in patterns.not_subjects and folded not in patterns.units
            and folded not in patterns.scales and folded not in patterns.words)


def same_subject(a: str, b: str) -> bool:
    """Whether two subjects name one thing: equal, or one a compound of the other ("Wiederaufbauprogramm" and
    "Programm", "Gesamtschaden" and "Schaden")."""
    a, b = a.casefold(), b.casefold()
    shorter, longer = sorted((a, b), key=len)
    return a == b or (len(shorter) >= 4 and (longer.startswith(shorter) or longer.endswith(shorter)))


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

"""The vocabulary a language's temporal expression rules are written in: :class:`Spec`, :class:`Rule`,
:func:`make_rule`, :func:`cue_tense` and the TIMEX types.

It lives in the language layer, not beside the engine (:mod:`newsdesk.analysis.timex`), because a language's rule
module (``newsdesk.lang.<code>.timex``) is written in it and ``lang/`` never imports a stage: the rules say what a
phrase means (a :class:`Spec`), the engine reads them and resolves the meaning against the document. Nothing here
knows a language.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

__all__ = ["DATE", "DURATION", "SET", "TIME", "Rule", "Spec", "cue_tense", "make_rule"]

DATE = "DATE"
TIME = "TIME"
DURATION = "DURATION"
SET = "SET"


@dataclass(slots=True)
class Spec:
    """What a matched phrase says about time, before the document context resolves it (built by language modules).

    ``kind`` selects the resolver: ``"date"`` (calendar fields, optionally relative via ``rel``), ``"weekday"``,
    ``"fixed"`` (``value`` is final: durations, ``PRESENT_REF``, ``FUTURE_REF``). ``rel`` = (unit, amount) counts
    from the anchor ("zwei Tage später" = ("day", 2)); calendar fields then refine the shifted date ("März des
    folgenden Jahres" = rel ("year", 1) + month 3). ``anchor`` picks what relative parts count from: "dct" (the
    document date), "previous" (the last mentioned date) or "auto" (by anchoring style). ``fallback`` is the value
    used when no anchor is known and, for deictic words that mean "nowadays" in narratives, in narrative style.
    ``direction`` (-1/+1) overrides the sentence's tense for weekdays and year-less dates ("vergangenen Freitag",
    "seit Dezember"). ``background`` marks a mention that should not become the anchor for later ones ("die ab 1941
    ausgearbeiteten Pläne" in a paragraph about June 1944). ``era_dependent`` marks a bare three-digit number ("218
    überquerte Hannibal …") that is a year only where the text already counts years before Christ. ``kind``
    ``"after"`` is a shift (``rel``) from a happening rather than from a date: "zwei Tage nach der SVB-Pleite", where
    ``event`` is the span naming the happening, or "zwei Tage nach dem 10. März" (``event`` ``None``: the date that
    follows); it is a date once the happening is dated, else it stays unresolved (never a duration).
    """

    kind: str = "date"
    type: str = DATE
    value: str | None = None
    year: int | None = None
    bc: bool | None = None
    year2: bool = False
    month: int | None = None
    day: int | None = None
    part: str | None = None
    tod: str | None = None
    clock: str | None = None
    century: int | None = None
    decade: int | None = None
    weekday: int | None = None
    direction: int = 0
    rel: tuple[str, int] | None = None
    anchor: str = "auto"
    fallback: str | None = None
    mod: str | None = None
    inherit: bool = False
    week: bool = False
    background: bool = False
    era_dependent: bool = False
    event: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    """A language pattern: a compiled regex, a builder from match to :class:`Spec` (``None`` rejects it), a priority
    for ties between equally long matches, and optionally fast ``anchors``.

    Speed: Python's regex engine scans quickly only for patterns that begin with a literal or a character class;
    one that begins with an optional prefix ("Anfang", "Gegen Ende des") or a lookbehind tries every position. Such
    a rule names anchors (literal-first patterns for its head word, "1940" or "Jahres"); the full pattern is then
    tried only at the anchor and at up to ``back`` word starts before it.
    """

    pattern: re.Pattern[str]
    build: Callable[[re.Match[str]], Spec | None]
    priority: int = 0
    anchors: tuple[re.Pattern[str], ...] = ()
    back: int = 0


def make_rule(
    pattern: str,
    build: Callable[[re.Match[str]], Spec | None],
    priority: int = 0,
    *,
    anchor: str | Sequence[str] | None = None,
    back: int = 0,
) -> Rule:
    """Compile ``pattern`` (and anchors) once, since rules run on every article."""
    anchors = [anchor] if isinstance(anchor, str) else list(anchor or [])
    return Rule(re.compile(pattern), build, priority, tuple(re.compile(a) for a in anchors), back)


def cue_tense(
    cues: Sequence[tuple[re.Pattern[str], float]],
    *,
    perfect: tuple[re.Pattern[str], re.Pattern[str], float] | None = None,
    reach: float = 30.0,
    threshold: float = 0.25,
) -> Callable[[str, int], str | None]:
    """A tense guesser for language modules: weighted cue patterns (positive weights point to the future, negative
    ones to the past) that count more the nearer they stand to the expression (within ``reach`` characters counts
    about half), so "Die Sitzung ist für Donnerstag geplant und wurde … einberufen" is about a coming Thursday.
    ``perfect`` = (auxiliary, participle, weight) scores a perfect tense once, at the participle nearest in front.
    A sentence without a clear signal stays undecided (``None``: the nearest such day is taken).
    """

    def tense(sentence: str, position: int) -> str | None:
        score = 0.0
        for pattern, weight in cues:
            for match in pattern.finditer(sentence):
                score += weight / (1.0 + abs(match.start() - position) / reach)
        if perfect is not None and perfect[0].search(sentence):
            participle = perfect[1].search(sentence)
            if participle is not None:
                score += perfect[2] / (1.0 + abs(participle.start() - position) / reach)
        if score > threshold:
            return "future"
        if score < -threshold:
            return "past"
        return None

    return tense

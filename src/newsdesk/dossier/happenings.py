"""Happenings: what a sentence reports (a visit, a meeting, a letter, an attack …) with the date, place, people and
figures that belong to it, and which mentions in different articles are the same happening.

A sentence may report several happenings ("Die Erklärung von Putin erfolgt wenige Tage vor einem Gipfeltreffen am
Freitag in Washington"): each word that names one (``lang/<code>/dossier.json``, ``happenings``) is a trigger, and
every date, place and person of the sentence belongs to the nearest trigger — here Putin to the statement, Friday
and Washington to the summit.

Two mentions in different articles are one happening when they are of the same kind and either
- fall on the same day and do not name different people (then their places can be compared), or
- share a person and name compatible places (then their dates can be compared).
A place introduced by a preposition ("in Pjöngjang") is preferred over a nearer one that is not ("des russischen
Ministers").
The mentions linked this way are grouped (union-find); ``newsdesk.dossier.disagreements`` compares within groups.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from newsdesk.analysis.entities.lexicon import load_lexicon
from newsdesk.dossier.dates import date_value
from newsdesk.dossier.model import DateValue
from newsdesk.dossier.reading import Report, language_data

_WORD = re.compile(r"\w[\w-]*")


@dataclass(frozen=True, slots=True)
class Mention:
    """One happening as one sentence of one article reports it.

    trigger (str): The word naming it. place (dict | None): The entity record of its place. actors: The canonical
    ids of the people it names. date (DateValue | None): Its resolved date; ``date_anchor`` how the analysis got it.
    """

    report: Report
    sentence: int
    kind: str
    trigger: str
    offset: int
    date: DateValue | None = None
    date_anchor: str | None = None
    place: dict[str, Any] | None = None
    actors: frozenset[str] = frozenset()


@lru_cache(maxsize=16)
def _triggers(language: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Per kind, a pattern for its words: a stem, optionally after a compound's first part (of three letters or
    more: "Gipfeltreffen", not "betreffen") and before an ending of up to three letters ("Besuchs", "reiste")."""
    groups = language_data(language, "dossier").get("happenings", {})
    return tuple((kind, re.compile(rf"^(?:\w{{3,}})?(?:{'|'.join(map(re.escape, stems))})\w{{0,3}}$", re.I))
                 for kind, stems in groups.items())


def _kind(word: str, language: str) -> str | None:
    """The kind of happening ``word`` names; a word holding a part that is no trigger ("Landkreis") names none."""
    folded = word.casefold()
    if any(part in folded for part in language_data(language, "dossier").get("not_triggers", [])):
        return None
    return next((kind for kind, pattern in _triggers(language) if pattern.match(word)), None)


def place_path(entity: dict[str, Any]) -> tuple[str, ...]:
    """A place's id as a path from its state down: ``loc:US:vashington`` → ("US", "vashington"); a place of
    unknown state (``loc:camp-david``) → ("?", "camp-david")."""
    parts = tuple(str(entity["id"]).split(":")[1:])
    if parts and re.fullmatch(r"[A-Z]{2}", parts[0]):
        return parts
    return ("?",) + parts


def places_compatible(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two places can be the same place: one contains the other ("Washington" and "USA"), or a place of
    unknown state meets a whole state (which may contain it)."""
    path_a, path_b = place_path(a), place_path(b)
    shorter, longer = sorted((path_a, path_b), key=len)
    if longer[: len(shorter)] == shorter:
        return True
    return "?" in (path_a[0], path_b[0]) and min(len(path_a), len(path_b)) == 1


def is_place(entity: dict[str, Any]) -> bool:
    """A place a happening can be at: a location named or derived ("nordkoreanische Hauptstadt"), not a metonym
    ("Moskau bestreitet") nor a compound fragment ("US-Beamte")."""
    return (str(entity.get("id", "")).startswith("loc:") and entity.get("kind") in ("name", "deriv")
            and not entity.get("metonym"))


def find_mentions(report: Report) -> list[Mention]:
    """Every happening mention in ``report``, in text order."""
    analysis = report.analysis
    mentions: list[Mention] = []
    for index, sentence in enumerate(report.sentences):
        start = analysis["sentences"][index][0]
        triggers = [(start + match.start(), match.group(), kind) for match in _WORD.finditer(sentence)
                    if (kind := _kind(match.group(), report.language))]
        if triggers:
            mentions.extend(_sentence_mentions(report, index, triggers))
    return mentions


def _nearest(offset: int, triggers: list[tuple[int, str, str]]) -> int:
    return min(range(len(triggers)), key=lambda i: (abs(triggers[i][0] - offset), i))


def _sentence_mentions(report: Report, index: int, triggers: list[tuple[int, str, str]]) -> list[Mention]:
    dates: dict[int, tuple[DateValue, str]] = {}
    for timex in report.in_sentence(report.analysis.get("timexes") or [], index):
        value = date_value(timex)
        target = _nearest(timex["start"], triggers)
        if value is not None and target not in dates:
            dates[target] = (value, str(timex.get("anchor") or ""))
    places: dict[int, tuple[int, dict[str, Any]]] = {}
    actors: dict[int, set[str]] = {}
    for entity in report.in_sentence(report.analysis.get("entities") or [], index):
        target = _nearest(entity["start"], triggers)
        if entity.get("type") == "PER" and entity.get("kind") in ("name", "role"):
            actors.setdefault(target, set()).add(entity["id"])
        elif is_place(entity):
            rank = (not _after_preposition(report, entity), abs(entity["start"] - triggers[target][0]))
            if target not in places or rank < places[target][0]:
                places[target] = (rank, entity)
    return [Mention(report, index, kind, word, offset, *(dates.get(i) or (None, None)),
                    places[i][1] if i in places else None, frozenset(actors.get(i, ())))
            for i, (offset, word, kind) in enumerate(triggers)]


def _after_preposition(report: Report, entity: dict[str, Any]) -> bool:
    """Whether a place is introduced by a place preposition ("in der nordkoreanischen Hauptstadt"): that is where
    a happening is, while "des russischen Ministers" only says whose it is."""
    before = _WORD.findall(report.article.text[max(0, entity["start"] - 16): entity["start"]])[-2:]
    prepositions = load_lexicon(report.language).place_prepositions
    return any(word.casefold() in prepositions for word in before)


def same_day(a: Mention, b: Mention) -> bool:
    """Same kind on the same day, naming no different people: one happening whose places can be compared."""
    return (a.kind == b.kind and a.date is not None and b.date is not None and a.date.precision == "day"
            and a.date.value == b.date.value and not (a.actors and b.actors and not a.actors & b.actors))


def same_people_and_place(a: Mention, b: Mention) -> bool:
    """Same kind, a shared person and compatible places: one happening whose dates can be compared."""
    return (a.kind == b.kind and bool(a.actors & b.actors) and a.place is not None and b.place is not None
            and places_compatible(a.place, b.place))


def group_mentions(mentions: list[Mention]) -> list[list[Mention]]:
    """Mentions grouped into happenings across articles (copies never link: they are one report), each group in
    story order; groups of one article only are left out."""
    parent = list(range(len(mentions)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(mentions):
        for j in range(i + 1, len(mentions)):
            b = mentions[j]
            if independent(a.report, b.report) and (same_day(a, b) or same_people_and_place(a, b)):
                parent[root(j)] = root(i)
    groups: dict[int, list[Mention]] = {}
    for i, mention in enumerate(mentions):
        groups.setdefault(root(i), []).append(mention)
    return [group for group in groups.values() if len({m.report.id for m in group}) > 1]


def independent(a: Report, b: Report) -> bool:
    """Whether two reports are independent: different articles, neither a copy of the other nor of one original."""
    return a.id != b.id and a.copy_of != b.id and b.copy_of != a.id and not (a.copy_of and a.copy_of == b.copy_of)

"""Disagreements: the same fact given differently by independent articles of a story.

A fact is a subject and an attribute, each value typed by the analysis, so that values are compared by meaning:
- a person's office, from the roles the analysis attaches to a person ("der russische Außenminister Sergei
  Shoigu"); roles of one office ("Machthaber", "Diktator"), roles marked as held before ("der ehemalige
  Außenminister"), titles that are no office ("Chef") and articles more than a year apart never disagree;
- the date of a happening (``happenings``: same kind, a shared person, compatible places), compared as spans of days
  ("Ende Juli" agrees with "31. Juli");
- the place of a happening (same kind on the same day), compared as places containing each other ("Washington" agrees
  with "USA", "der Kreml" with "Moskau");
- a figure of one measured thing (same unit, same subject: "Verletzte", "Wiederaufbauprogramm", same stance) in
  reports of one event or one day, compared with rounding and bounds (``numbers``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date

from newsdesk.analysis.entities.lexicon import load_lexicon
from newsdesk.dossier.dates import compatible, describe
from newsdesk.dossier.happenings import (Mention, independent, group_mentions, place_path, places_compatible,
                                         same_day, same_people_and_place)
from newsdesk.dossier.model import Citation, Claim, Disagreement
from newsdesk.dossier.numbers import Figure, figures_agree, find_figures, same_subject
from newsdesk.dossier.reading import Report, language_data

#: Roles given by articles published further apart than this may both be right: the office changed hands.
ROLE_YEARS_APART = 365


def find_disagreements(reports: list[Report], mentions: list[Mention], names: dict[str, str]) -> list[Disagreement]:
    """Every disagreement among ``reports``, most confident first (``names``: canonical id → name)."""
    found = [*_role_disagreements(reports, names), *_happening_disagreements(mentions, names),
             *_figure_disagreements(reports)]
    return sorted(found, key=lambda d: (-d.confidence, d.kind, d.subject))


# -- offices ---------------------------------------------------------------------------------------------------------

def _office(role: str, language: str) -> str | None:
    """The office a role names, ``None`` for a title that is no office ("Chef", "Diktator" is one: head of state).
    A country prefix goes ("US-Außenminister" is "Außenminister"); roles of one group are one office."""
    lexicon = load_lexicon(language)
    bare = role.rsplit("-", 1)[-1] if "-" in role and role.rsplit("-", 1)[-1][:1].isupper() else role
    offices = language_data(language, "dossier").get("offices", [])
    group = lexicon.office_of.get(bare)
    if group is not None:
        return f"group {group}"
    return bare if any(bare.casefold().endswith(ending) for ending in offices) else None


def _is_former(report: Report, entity: dict[str, object]) -> bool:
    """Whether the words just before a role mention say the role was held before ("der ehemalige …")."""
    start = int(entity["start"])  # type: ignore[arg-type]
    before = report.article.text[max(0, start - 60): start]
    if entity.get("kind") == "name":  # the role is in the apposition before the name: look before it too
        before = report.article.text[max(0, start - 90): start]
    markers = language_data(report.language, "dossier").get("former", [])
    words = before.replace("\n", " ").split()[-4:]
    return any(word.startswith(marker) or word.casefold().startswith(marker) for word in words for marker in markers)


def _role_disagreements(reports: list[Report], names: dict[str, str]) -> Iterable[Disagreement]:
    offices: dict[str, dict[str, dict[str, tuple[str, list[Citation]]]]] = defaultdict(lambda: defaultdict(dict))
    for report in reports:
        if report.copy_of:
            continue
        for entity in report.analysis.get("entities") or []:
            role = entity.get("role")
            if entity.get("type") != "PER" or not role or _is_former(report, entity):
                continue
            office = _office(role, report.language)
            if office is None:
                continue
            shown, cited = offices[entity["id"]][report.id].setdefault(office, (role, []))
            citation = report.cite(report.sentence_index(entity["start"]))
            if citation not in cited:
                cited.append(citation)
    by_id = {report.id: report for report in reports}
    for person, per_article in offices.items():
        conflicting = _conflicting_articles(per_article, by_id)
        if not conflicting:
            continue
        claims: dict[str, list[Citation]] = {}
        for article in conflicting:
            for role, cited in per_article[article].values():
                claims.setdefault(role, []).extend(cited)
        yield Disagreement("role", names.get(person, person), _claims(claims), 0.9)


def _conflicting_articles(per_article: dict[str, dict[str, tuple[str, list[Citation]]]],
                          by_id: dict[str, Report]) -> list[str]:
    """Articles that give a person offices another article does not, and vice versa (published within a year)."""
    articles = sorted(per_article, key=lambda a: by_id[a].order)
    found: list[str] = []
    for i, a in enumerate(articles):
        for b in articles[i + 1:]:
            only_a, only_b = _unmatched(per_article[a], per_article[b]), _unmatched(per_article[b], per_article[a])
            if only_a and only_b and _within_a_year(by_id[a], by_id[b]):
                found.extend(x for x in (a, b) if x not in found)
    return found


def _unmatched(offices: Iterable[str], others: Iterable[str]) -> list[str]:
    """The offices that no other office matches: equal, or one the more specific form of the other
    ("Landesumweltminister" is an "Umweltminister")."""
    keys = [other.casefold() for other in others]
    return [office for office in offices
            if not any(key.endswith(office.casefold()) or office.casefold().endswith(key) for key in keys)]


def _within_a_year(a: Report, b: Report) -> bool:
    if not (a.date and b.date):
        return True
    return abs((date.fromisoformat(a.date) - date.fromisoformat(b.date)).days) <= ROLE_YEARS_APART


# -- dates and places of happenings ----------------------------------------------------------------------------------

def _happening_disagreements(mentions: list[Mention], names: dict[str, str]) -> Iterable[Disagreement]:
    for group in group_mentions(mentions):
        dates: dict[str, list[Citation]] = {}
        places: dict[str, list[Citation]] = {}
        date_confidence = place_confidence = 0.0
        shared: set[str] = set()
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if not independent(a.report, b.report):
                    continue
                if (same_people_and_place(a, b) and a.date and b.date and not compatible(a.date, b.date)):
                    date_confidence = max(date_confidence, _date_confidence(a, b))
                    shared |= a.actors & b.actors
                    _add(dates, describe(a.date), a)
                    _add(dates, describe(b.date), b)
                if same_day(a, b) and a.place and b.place and not places_compatible(a.place, b.place):
                    place_confidence = max(place_confidence, _place_confidence(a, b))
                    _add(places, str(a.place["text"]), a)
                    _add(places, str(b.place["text"]), b)
        if dates:
            actors = sorted(names.get(actor, actor) for actor in shared)
            yield Disagreement("date", f"{group[0].kind} of {', '.join(actors)}", _claims(dates), date_confidence)
        if places:
            day = next(m.date.value for m in group if m.date is not None)
            yield Disagreement("place", f"{group[0].kind} on {day}", _claims(places), place_confidence)


def _add(claims: dict[str, list[Citation]], value: str, mention: Mention) -> None:
    citation = mention.report.cite(mention.sentence)
    cited = claims.setdefault(value, [])
    if citation not in cited:
        cited.append(citation)


def _date_confidence(a: Mention, b: Mention) -> float:
    """Lower when a date was resolved against a day the article does not state (a weekday, "Ende Juni")."""
    relative = sum(mention.date_anchor not in ("absolute", None) for mention in (a, b))
    return round(0.85 - 0.05 * relative, 2)


def _place_confidence(a: Mention, b: Mention) -> float:
    """Highest for two places of known states; lower when one place's state is unknown (it may lie in the other)."""
    unknown = "?" in (place_path(a.place or {"id": "loc:?"})[0], place_path(b.place or {"id": "loc:?"})[0])
    return 0.65 if unknown else 0.85


# -- figures ---------------------------------------------------------------------------------------------------------

Given = tuple[Report, Figure, Citation]


def _figure_disagreements(reports: list[Report]) -> Iterable[Disagreement]:
    """Figures of one measured thing (same scale, same subject, same stance) in reports of one event or of one day,
    where independent articles each give one value for it and two of those values do not agree; an article giving
    several values for it is left out.

    Why one event or one day: a figure may change from one happening to the next (600 jobs to cut, then 380 after
    an agreement), but reports of one day about one story give the figures of the same moment, even when the
    clusterer files a feature piece as an event of its own."""
    given: dict[tuple[str, str | None], list[Given]] = defaultdict(list)
    for report in reports:
        if report.copy_of or report.event is None:
            continue
        for index, sentence in enumerate(report.sentences):
            for figure in find_figures(sentence, language=report.language):
                if figure.subject is not None:
                    given[(figure.scale, figure.stance)].append((report, figure, report.cite(index)))
    for (scale, _), items in given.items():
        for group in _linked(items, lambda x, y: same_subject(x[1].subject or "", y[1].subject or "")):
            for moment in _linked(group, _same_moment):
                yield from _clash(scale, moment)


def _linked(items: list[Given], related: Callable[[Given, Given], bool]) -> list[list[Given]]:
    """``items`` split into groups linked by ``related`` (directly or through others), each in story order: figures
    by subject (compounds join their heads: "Wiederaufbauprogramm" and "Wiederaufbau"), or by moment."""
    groups: list[list[Given]] = []
    for item in items:
        joined = [g for g in groups if any(related(item, other) for other in g)]
        merged = [item, *(other for g in joined for other in g)]
        groups = [g for g in groups if g not in joined] + [merged]
    return [sorted(g, key=lambda item: (item[0].order, item[1].start)) for g in groups]


def _same_moment(a: Given, b: Given) -> bool:
    """Reports of one event, or published on one day."""
    return a[0].event == b[0].event or (a[0].date is not None and a[0].date == b[0].date)


def _clash(scale: str, group: list[Given]) -> Iterable[Disagreement]:
    """The disagreement of one measured thing, each value with every sentence giving it; none when all agree."""
    single: dict[str, tuple[Report, Figure, list[Citation]]] = {}
    several: set[str] = set()
    for report, figure, citation in group:
        known = single.get(report.id)
        if known is None:
            single[report.id] = (report, figure, [citation])
        elif known[1].value != figure.value:
            several.add(report.id)
        elif citation not in known[2]:
            known[2].append(citation)
    kept = [single[a] for a in single if a not in several]
    if not any(independent(x[0], y[0]) and not figures_agree(x[1], y[1])
               for i, x in enumerate(kept) for y in kept[i + 1:]):
        return
    claims: dict[float, tuple[str, list[Citation]]] = {}
    for _, figure, cited in kept:
        claims.setdefault(figure.value, (figure.text, []))[1].extend(cited)
    subject = min((figure.subject or "" for _, figure, _ in kept), key=len)
    confidence = 0.75 if scale == "count" else 0.6
    yield Disagreement("number", subject if scale == "count" else f"{subject} ({scale})",
                       tuple(Claim(text, tuple(cited)) for text, cited in claims.values()), confidence)


def _claims(values: dict[str, list[Citation]]) -> tuple[Claim, ...]:
    return tuple(Claim(value, tuple(cited)) for value, cited in values.items())

"""Actors: the story's canonical people, organisations and places, with their roles, how often and where they
appear, and the names the articles use for them.

Ids are the analysis' readable canonical ids, linked across the story's articles (``build_dossier``), and the
headline's names count with the text's. Copies never count: they would repeat their original's mentions.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from newsdesk.dossier.model import Actor, Role
from newsdesk.dossier.reading import Report

#: Entity kinds that are not an actor: fragments of compounds ("US-Beamte").
_SKIPPED_KINDS = frozenset({"part"})


def build_actors(reports: list[Report]) -> list[Actor]:
    """Every actor, most mentioned first (ties by name)."""
    mentions: Counter[str] = Counter()
    articles: dict[str, list[str]] = defaultdict(list)
    names: dict[str, Counter[str]] = defaultdict(Counter)
    types: dict[str, str] = {}
    variants: dict[str, list[str]] = defaultdict(list)
    roles: dict[str, dict[str, list[str]]] = defaultdict(dict)
    dates: dict[str, list[str]] = defaultdict(list)
    for report in sorted(reports, key=lambda r: r.order):
        if report.copy_of:
            continue
        for entity in (*report.title_entities, *(report.analysis.get("entities") or [])):
            if entity.get("kind") in _SKIPPED_KINDS:
                continue
            key = entity["id"]
            mentions[key] += 1
            names[key][entity["name"]] += 1
            types.setdefault(key, entity["type"])
            if report.id not in articles[key]:
                articles[key].append(report.id)
                if report.date:
                    dates[key].append(report.date)
            if entity.get("kind") == "name" and entity["text"] not in variants[key]:
                variants[key].append(entity["text"])
            if entity.get("role"):
                cited = roles[key].setdefault(entity["role"], [])
                if report.id not in cited:
                    cited.append(report.id)
    actors = [Actor(key, names[key].most_common(1)[0][0], types[key], count, tuple(articles[key]),
                    tuple(Role(role, tuple(cited)) for role, cited in roles[key].items()),
                    min(dates[key], default=None), max(dates[key], default=None), tuple(variants[key]))
              for key, count in mentions.items()]
    return sorted(actors, key=lambda actor: (-actor.mentions, actor.name, actor.id))


"""``build_dossier``: a story's dossier from its articles and their stored analysis records, as one pure function.

The desk gathers the inputs (``Desk.dossier``); everything here is deterministic: the same story, articles and
analyses give the same dossier, in the same order.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import fields, is_dataclass
from functools import cache
from types import UnionType
from typing import Any, Union, get_args, get_origin, get_type_hints

from newsdesk.analysis.entities.records import link_records
from newsdesk.dossier.actors import build_actors
from newsdesk.dossier.brief import build_brief
from newsdesk.dossier.disagreements import find_disagreements
from newsdesk.dossier.happenings import find_mentions
from newsdesk.dossier import model
from newsdesk.dossier.model import Dossier
from newsdesk.dossier.quotes import build_speakers
from newsdesk.dossier.reading import read_report
from newsdesk.dossier.sources import build_sources
from newsdesk.dossier.timeline import build_timeline
from newsdesk.model import Article, StoryDetail


def build_dossier(story: StoryDetail, articles: Mapping[str, Article],
                  analyses: Mapping[str, dict[str, Any] | None]) -> Dossier:
    """The dossier of ``story``.

    story (StoryDetail): The story with its events and members (copies under their original).
    articles (Mapping[str, Article]): Every member article by id.
    analyses (Mapping[str, dict | None]): Their stored analysis records by id (``None``: not analysed); their
        entities are linked across the story first (one id for "Kim Yong-Un" and "Kim Jong-un").
    RETURNS (Dossier): Brief, timeline, actors, speakers, sources and disagreements.
    """
    members = [member.id for event in story.events for member in event.members]
    linked = dict(zip(members, link_records([analyses.get(member) for member in members]), strict=True))
    reports = []
    for event in story.events:
        for member in event.members:
            reports.append(read_report(articles[member.id], linked[member.id], order=len(reports),
                                       event=event.event.id, copy_of=member.copy_of))
    mentions = [mention for report in reports if not report.copy_of for mention in find_mentions(report)]
    actors = build_actors(reports)
    names = {actor.id: actor.name for actor in actors}
    timeline, undated = build_timeline(reports, mentions)
    notes = tuple(f"{report.id} has no analysis: run newsdesk analyze" for report in reports
                  if analyses.get(report.id) is None)
    return Dossier(story.story.id, story.story.title, tuple(report.id for report in reports),
                   brief=tuple(build_brief(reports)), timeline=tuple(timeline), undated=tuple(undated),
                   actors=tuple(actors), speakers=tuple(build_speakers(reports, names)),
                   sources=tuple(build_sources(reports, actors)),
                   disagreements=tuple(find_disagreements(reports, mentions, names)), notes=notes)


def dossier_from_dict(data: dict[str, Any]) -> Dossier:
    """The ``Dossier`` that ``Dossier.to_dict`` gave ``data``: how the desk reads a dossier it stored, so that a
    cached dossier is the same object a fresh build gives (the web pages and the report read its attributes)."""
    return _reviver(Dossier)(data)


Reviver = Callable[[Any], Any]


@cache
def _reviver(kind: Any) -> Reviver:
    """A function that turns the JSON of a ``kind`` back into one, made once per type from the dataclasses'
    annotations (a 500-article dossier has some 40,000 values: they are not inspected one by one)."""
    if is_dataclass(kind):
        hints = get_type_hints(kind, vars(model))
        parts = [(field.name, _reviver(hints[field.name])) for field in fields(kind)]
        return lambda value: kind(**{name: revive(value[name]) for name, revive in parts if name in value})
    if get_origin(kind) is tuple:
        item = _reviver(get_args(kind)[0])
        return lambda value: tuple(map(item, value))
    if get_origin(kind) in (Union, UnionType):  # X | None
        inner = _reviver(next(arg for arg in get_args(kind) if arg is not type(None)))
        return lambda value: None if value is None else inner(value)
    return _same


def _same(value: Any) -> Any:
    return value

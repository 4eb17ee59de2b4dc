"""``build_dossier``: a story's dossier from its articles and their stored analysis records, as one pure function.

The desk gathers the inputs (``Desk.dossier``); everything here is deterministic: the same story, articles and
analyses give the same dossier, in the same order.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from newsdesk.dossier.actors import build_actors
from newsdesk.dossier.brief import build_brief
from newsdesk.dossier.disagreements import find_disagreements
from newsdesk.dossier.happenings import find_mentions
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
    analyses (Mapping[str, dict | None]): Their stored analysis records by id (``None``: not analysed).
    RETURNS (Dossier): Brief, timeline, actors, speakers, sources and disagreements.
    """
    reports = []
    for event in story.events:
        for member in event.members:
            reports.append(read_report(articles[member.id], analyses.get(member.id), order=len(reports),
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

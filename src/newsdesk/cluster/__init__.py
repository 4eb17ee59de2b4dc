"""Group articles into events (one real-world happening) and events into stories (a continuing subject).

``OnlineEventClusterer.add`` assigns each document, in arrival order, to an event; ``StoryLinker`` links events into
stories; ``score_pair`` / ``explain_pair`` compare two documents with the same code the clusterer uses::

    clusterer = OnlineEventClusterer()
    for doc in docs:                                   # ClusterDoc.from_article(article, stored analysis)
        assignment = clusterer.add(doc)                # .event_id, .score, .is_new, .evidence
    stories = StoryLinker().link(clusterer.events_.values())   # event id -> StoryAssignment(.story_id, ...)
"""

from newsdesk.cluster._profile import Evidence
from newsdesk.cluster.events import (
    Assignment,
    Event,
    Move,
    OnlineEventClusterer,
    calibrate_pair_score,
    explain_pair,
    score_pair,
)
from newsdesk.cluster.features import ClusterDoc, DocFeatures, analysis_entities, extract_features
from newsdesk.cluster.stories import Story, StoryAssignment, StoryLinker

__all__ = [
    "Assignment",
    "ClusterDoc",
    "DocFeatures",
    "Event",
    "Evidence",
    "Move",
    "OnlineEventClusterer",
    "Story",
    "StoryAssignment",
    "StoryLinker",
    "analysis_entities",
    "calibrate_pair_score",
    "explain_pair",
    "extract_features",
    "score_pair",
]

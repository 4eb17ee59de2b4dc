"""Events and stories on a desk: the learned clustering state, its snapshot, titles and same-event comparison.

The ``Desk`` feeds every new independent article (copies excluded) to one ``OnlineEventClusterer`` in the order
added and links each newly opened event to a story with one ``StoryLinker`` at that moment. So the clusterer's
state is a pure function of the articles in added order: it is saved as a pickle snapshot after each ``add``, and
when the snapshot is missing or was made by other clustering code or settings (``fingerprint``), replaying the
stored articles in added order rebuilds exactly the same events and ids.

Why link an event when it opens rather than after a batch: linking later sees more of the event (demo story
B-cubed F1 0.975 instead of 0.905) but makes stories depend on how articles were split into ``add`` calls, so a
replay would not reproduce them. User decisions (move, split, merge) are not part of this state; the desk applies
them on top (see ``Desk.move``), so replays never lose them.

Pure functions only; the desk does the storing.
"""

from __future__ import annotations

import hashlib
import logging
import math
import pickle
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from newsdesk.cluster import ClusterDoc, Evidence, OnlineEventClusterer, StoryLinker, explain_pair
from newsdesk.model import Article

LOGGER = logging.getLogger(__name__)

__all__ = ["Clustering", "choose_title", "compare_articles", "evidence_record", "fingerprint", "split_event_id"]

#: Bump when the snapshot's layout changes; old snapshots are then rebuilt by replay.
SNAPSHOT_FORMAT = 1
STATE_NAME = "events"
#: Headlines considered when titling an event: the newest ones, so titling costs the same for any event size
#: (the event centroid also follows its newest reports).
TITLE_CANDIDATES = 64


@dataclass(slots=True)
class Clustering:
    """The learned state of a desk's events and stories (pickled as one snapshot)."""

    clusterer: OnlineEventClusterer
    linker: StoryLinker

    @classmethod
    def new(cls) -> Clustering:
        return cls(OnlineEventClusterer(), StoryLinker())

    def dumps(self) -> bytes:
        return pickle.dumps((SNAPSHOT_FORMAT, self), protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def loads(cls, blob: bytes) -> Clustering | None:
        """The snapshot, or ``None`` when it cannot be read by this code (then the desk replays)."""
        try:
            version, state = pickle.loads(blob)
        except Exception as error:  # any unpickling failure means "rebuild", never a crash
            LOGGER.warning("clusterer snapshot unreadable (%s); events will be rebuilt", error)
            return None
        return state if version == SNAPSHOT_FORMAT and isinstance(state, cls) else None


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """Hash of what decides the clustering: snapshot format, both parameter sets and the clustering code itself.

    A snapshot with another fingerprint is not reused, so a desk never mixes events from two algorithm versions.
    """
    digest = hashlib.sha1(f"{SNAPSHOT_FORMAT}".encode())
    fresh = Clustering.new()
    for params in (fresh.clusterer.get_params(), fresh.linker.get_params()):
        digest.update(repr(sorted(params.items())).encode())
    package = resources.files("newsdesk.cluster")
    for entry in sorted(package.iterdir(), key=lambda item: item.name):
        if entry.name.endswith(".py"):
            digest.update(entry.name.encode() + b"\0" + entry.read_bytes())
    return digest.hexdigest()[:16]


def evidence_record(evidence: Evidence, *, opened: bool) -> dict[str, object]:
    """The stored (JSON) form of an assignment's evidence, read back by ``Desk.explain``."""
    return {
        "opened": opened,
        "candidate": evidence.candidate,
        "components": evidence.components,
        "shared_terms": [list(item) for item in evidence.shared_terms],
        "shared_entities": list(evidence.shared_entities),
        "shared_numbers": list(evidence.shared_numbers),
        "date_agreement": evidence.date_agreement,
        "note": evidence.note,
    }


@lru_cache(maxsize=8192)
def _headline_terms(clusterer: OnlineEventClusterer, title: str, language: str | None) -> tuple[str, ...]:
    doc = ClusterDoc("headline", title, "", None, language)
    return tuple(clusterer.features(doc).terms)


def choose_title(
    headlines: list[tuple[str, str | None]], centroid: dict[str, float] | None, clusterer: OnlineEventClusterer
) -> str | None:
    """The most representative headline: the one whose terms weigh most in the group's centroid.

    headlines: (headline, language) pairs, best tie-breaker first. centroid: The event's or story's term weights;
        ``None`` for a group without a learned profile (made by ``split``), where the headlines' own term counts
        serve as centroid.
    """
    termed = [(title, _headline_terms(clusterer, title, language)) for title, language in headlines if title.strip()]
    if not termed:
        return None
    if centroid is None:
        centroid = {}
        for _, terms in termed:
            for term in terms:
                centroid[term] = centroid.get(term, 0.0) + 1.0
    best_title, best_score = termed[0][0], -1.0
    for title, terms in termed:
        score = sum(centroid.get(term, 0.0) for term in terms) / math.sqrt(len(terms)) if terms else 0.0
        if score > best_score + 1e-12:
            best_title, best_score = title, score
    return best_title


def split_event_id(event_id: str, article_ids: list[str]) -> str:
    """Id of the event ``split`` makes: derived from the source event and the articles, so re-running it is a no-op."""
    seed = "split\0" + event_id + "\0" + "\0".join(sorted(article_ids))
    return "e-" + hashlib.sha1(seed.encode("utf-8")).hexdigest()[:12]


def compare_articles(a: Article, b: Article, *, clusterer: OnlineEventClusterer | None = None) -> Evidence:
    """Same-event evidence of two articles, computed as the clusterer compares a document with an event.

    clusterer: One that has seen a desk's articles lends its learned word frequencies; without one, frequencies
        come from the two articles alone.
    """
    return explain_pair(ClusterDoc.from_article(a), ClusterDoc.from_article(b), clusterer=clusterer)

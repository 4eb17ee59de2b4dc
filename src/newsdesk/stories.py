"""Events and stories on a desk: the learned clustering state, how it is saved, titles and same-event comparison.

The ``Desk`` feeds every new independent article (copies excluded) to one ``OnlineEventClusterer`` in the order
added and links each newly opened event to a story with one ``StoryLinker`` at that moment. So the clusterer's
state is a pure function of the articles in added order. It is saved incrementally, in the transaction of every
batch of articles: only the events, stories, index posting lists and word frequencies that batch changed are
written (``Clustering.take_changes``), so saving costs the same on a desk of any size, and the saved state always
matches the stored articles. When the saved state is missing, incomplete, unreadable or was made by other
clustering code or settings (``fingerprint``), replaying the stored articles in added order rebuilds exactly the
same events and ids.

Why link an event when it opens rather than after a batch: linking later sees more of the event (demo story
B-cubed F1 0.975 instead of 0.905) but makes stories depend on how articles were split into ``add`` calls, so a
replay would not reproduce them. User decisions (move, split, merge, rename) are not part of this state; the desk
applies them on top (see ``Desk.move``), so replays never lose them. A story's title is chosen from its headlines each
time its events change, except where a user renamed it (``user_titles``): that title stays.

Pure functions and records only; the ``EventBook`` (``newsdesk.eventbook``) does the storing.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from newsdesk.analysis.sentences import split_sentences
from newsdesk.cluster import (
    Assignment,
    ClusterDoc,
    DocFeatures,
    Event,
    Evidence,
    OnlineEventClusterer,
    Story,
    StoryAssignment,
    StoryLinker,
    explain_pair,
)
from newsdesk.errors import DeskError
from newsdesk.model import Article, ClusteringRows

LOGGER = logging.getLogger(__name__)

__all__ = [
    "Clustering", "MAX_TITLE_CHARS", "Placement", "StoryLink", "choose_title", "compare_articles", "fingerprint",
    "lead_title", "rename_payload", "split_event_id", "story_link_note", "user_titles",
]

#: Bump when the layout of the saved state changes; a state saved in another layout is rebuilt by replay.
#: 3: events and stories are JSON (``to_data``), never pickles: a desk may come from anyone, and loading a pickle
#: runs whatever code it names.
STATE_FORMAT = 3
#: Headlines considered when titling an event, and event titles when titling a story: the newest ones, so titling
#: costs the same for any event or story size (centroids also follow their newest members).
TITLE_CANDIDATES = 64


@dataclass(slots=True)
class Clustering:
    """The learned state of a desk's events and stories, and which of its events and stories changed since the
    last ``take_changes`` (ordered sets: first change first)."""

    clusterer: OnlineEventClusterer
    linker: StoryLinker
    changed_events: dict[str, None] = field(default_factory=dict)
    changed_stories: dict[str, None] = field(default_factory=dict)

    @classmethod
    def new(cls) -> Clustering:
        return cls(OnlineEventClusterer(), StoryLinker())

    def assign(self, doc: ClusterDoc, features: DocFeatures | None = None) -> tuple[Assignment, StoryAssignment | None]:
        """Put one document into an event; an event it opens is linked to a story at once (see the module
        docstring). features: as ``OnlineEventClusterer.add`` takes them. RETURNS: the assignment, and the story
        link when the document opened an event."""
        assignment = self.clusterer.add(doc, features)
        self.changed_events[assignment.event_id] = None
        self.changed_events.update(dict.fromkeys(assignment.merged))
        if not assignment.is_new:
            return assignment, None
        link = self.linker.add(self.clusterer.events_[assignment.event_id])
        self.changed_stories[link.story_id] = None
        return assignment, link

    def sizes(self) -> dict[str, int]:
        """How many events, stories, merges, posting lists and word frequencies the state holds."""
        clusterer, linker = self.clusterer, self.linker
        if not hasattr(clusterer, "events_"):  # nothing placed yet
            return dict.fromkeys(("events", "stories", "merges", "event_postings", "story_postings", "frequencies"), 0)
        return {
            "events": len(clusterer.events_),
            "stories": len(linker.stories_),
            "merges": len(clusterer.merged_),
            "event_postings": len(clusterer.index_.postings),
            "story_postings": len(linker.index_.postings),
            "frequencies": sum(len(counts) for counts in clusterer.df_.counts.values()),
        }

    def take_changes(self) -> ClusteringRows:
        """The rows that bring the state saved at the last call up to this one."""
        if not hasattr(self.clusterer, "events_"):
            return ClusteringRows(sizes=self.sizes())
        events, stories, merged = self.clusterer.events_, self.linker.stories_, self.clusterer.merged_
        removed = [event_id for event_id in self.changed_events if event_id not in events]
        rows = ClusteringRows(
            documents=self.clusterer.df_.n_docs,
            sizes=self.sizes(),
            groups=[("event", event_id, _dumps(events[event_id])) for event_id in self.changed_events
                    if event_id in events]
            + [("story", story_id, _dumps(stories[story_id])) for story_id in self.changed_stories],
            removed=removed,
            merges=[(event_id, merged[event_id]) for event_id in removed],
            postings=[("event", key, groups) for key, groups in self.clusterer.index_.take_changed()]
            + [("story", key, groups) for key, groups in self.linker.index_.take_changed()],
            frequencies=self.clusterer.df_.take_changed(),
        )
        self.changed_events, self.changed_stories = {}, {}
        return rows

    @classmethod
    def restore(
        cls,
        *,
        documents: int,
        sizes: dict[str, int],
        events: Iterable[str],
        stories: Iterable[str],
        merges: Iterable[tuple[str, str]],
        frequencies: Iterable[tuple[str, str, int]],
        event_postings: Iterable[tuple[str, list[str]]],
        story_postings: Iterable[tuple[str, list[str]]],
    ) -> Clustering | None:
        """The state saved by ``take_changes`` (events and stories in the order opened), or ``None`` when it
        cannot be read by this code or does not have the ``sizes`` it was saved with (then the desk replays).
        A ``DeskError`` of the store (a damaged file) is raised as it is: replaying would only meet it again."""
        clustering = cls.new()
        try:
            clustering.clusterer.restore(map(Event.from_data, map(json.loads, events)), merges, documents,
                                         frequencies, event_postings)
            clustering.linker.restore(map(Story.from_data, map(json.loads, stories)), story_postings)
        except DeskError:
            raise
        except Exception as error:  # any unreadable part means "rebuild", never a crash
            LOGGER.warning("saved clustering state unreadable (%s); events will be rebuilt", error)
            return None
        if clustering.sizes() != sizes:
            LOGGER.warning("saved clustering state incomplete (%s, saved with %s); events will be rebuilt",
                           clustering.sizes(), sizes)
            return None
        return clustering


def _dumps(group: Event | Story) -> str:
    return json.dumps(group.to_data(), ensure_ascii=False, separators=(",", ":"))


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """Hash of what decides the clustering: state format, both parameter sets and the clustering code itself.

    A saved state with another fingerprint is not reused, so a desk never mixes events from two algorithm versions.
    """
    digest = hashlib.sha1(f"{STATE_FORMAT}".encode())
    fresh = Clustering.new()
    for params in (fresh.clusterer.get_params(), fresh.linker.get_params()):
        digest.update(repr(sorted(params.items())).encode())
    package = resources.files("newsdesk.cluster")
    for entry in sorted(package.iterdir(), key=lambda item: item.name):
        if entry.name.endswith(".py"):
            digest.update(entry.name.encode() + b"\0" + entry.read_bytes())
    return digest.hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class StoryLink:
    """How a newly opened event was linked to its story, as the story linker measured it: kept with the placement
    of the report that opened the event (``Placement.story_link``) and told in words by ``story_link_note``."""

    story: str
    opened: bool
    score: float
    candidate: str | None = None
    shared_terms: tuple[str, ...] = ()
    shared_entities: tuple[str, ...] = ()
    note: str = ""

    @classmethod
    def of(cls, link: StoryAssignment) -> StoryLink:
        evidence = link.evidence
        return cls(link.story_id, link.is_new, round(link.score, 6), evidence.candidate,
                   tuple(term for term, _ in evidence.shared_terms), tuple(evidence.shared_entities), evidence.note)

    def to_data(self) -> dict[str, object]:
        """The stored (JSON) form."""
        return {"story": self.story, "opened": self.opened, "score": self.score, "candidate": self.candidate,
                "shared_terms": list(self.shared_terms), "shared_entities": list(self.shared_entities),
                "note": self.note}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> StoryLink:
        return cls(str(data.get("story") or ""), bool(data.get("opened")), float(data.get("score") or 0.0),
                   data.get("candidate"), tuple(data.get("shared_terms") or ()),
                   tuple(data.get("shared_entities") or ()), str(data.get("note") or ""))


def story_link_note(links: list[StoryLink], story: str) -> str:
    """Why an event is in ``story``, in words, from the ``StoryLink`` saved when it opened ("" when none of
    ``links`` links it there: an event made by a user's split, or moved by a user's merge)."""
    link = next((link for link in links if link.story == story), None)
    if link is None:
        return ""
    if link.opened and not link.candidate:
        return f"its event opened story {story}: {link.note or 'no earlier story to compare'}"
    score = f"{link.score:.2f} (join at 0.50)"
    parts = [f"its event joined story {story} with score {score}" if not link.opened else
             f"its event opened story {story}: the nearest earlier story, {link.candidate}, scored {score}"]
    for label, shared in (("shared names", link.shared_entities), ("shared terms", link.shared_terms)):
        if shared:
            parts.append(f"{label}: " + ", ".join(shared[:6]))
    return "; ".join(parts)


@dataclass(frozen=True, slots=True)
class Placement:
    """Why an article is where it was filed, as measured when it was placed: one record from the placement to
    ``EventBook.explain``, stored as JSON (``to_data``, read back with ``from_data``).

    The fields are the clusterer's ``Evidence`` for the event it joined or opened (``opened``), or for a copy its
    original (``copy_of``) with the text overlap in ``note``; ``story_link``: how the event it opened was linked
    to a story.
    """

    opened: bool
    candidate: str | None = None
    components: dict[str, float] = field(default_factory=dict)
    shared_terms: tuple[tuple[str, float], ...] = ()
    shared_entities: tuple[str, ...] = ()
    shared_numbers: tuple[str, ...] = ()
    date_agreement: str = ""
    note: str = ""
    copy_of: str | None = None
    story_link: StoryLink | None = None

    @classmethod
    def of_assignment(cls, evidence: Evidence, *, opened: bool, link: StoryAssignment | None) -> Placement:
        return cls(opened, evidence.candidate, evidence.components, evidence.shared_terms, evidence.shared_entities,
                   evidence.shared_numbers, evidence.date_agreement, evidence.note,
                   story_link=StoryLink.of(link) if link is not None else None)

    @classmethod
    def of_copy(cls, original: str, overlap: float) -> Placement:
        note = f"copy of {original} (word 3-gram overlap ≈ {overlap:.2f}); follows its original"
        return cls(False, note=note, copy_of=original)

    def to_data(self) -> dict[str, object]:
        """The stored (JSON) form: a copy keeps only what says it is one."""
        if self.copy_of is not None:
            return {"opened": self.opened, "copy_of": self.copy_of, "note": self.note}
        data: dict[str, object] = {
            "opened": self.opened,
            "candidate": self.candidate,
            "components": self.components,
            "shared_terms": [list(item) for item in self.shared_terms],
            "shared_entities": list(self.shared_entities),
            "shared_numbers": list(self.shared_numbers),
            "date_agreement": self.date_agreement,
            "note": self.note,
        }
        if self.story_link is not None:
            data["story_link"] = self.story_link.to_data()
        return data

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Placement:
        """The record ``to_data`` stored; missing keys (a desk filed by an older release) read as empty."""
        link = data.get("story_link")
        return cls(
            opened=bool(data.get("opened")),
            candidate=data.get("candidate"),
            components=dict(data.get("components") or {}),
            shared_terms=tuple((str(term), float(weight)) for term, weight in data.get("shared_terms") or ()),
            shared_entities=tuple(data.get("shared_entities") or ()),
            shared_numbers=tuple(data.get("shared_numbers") or ()),
            date_agreement=str(data.get("date_agreement") or ""),
            note=str(data.get("note") or ""),
            copy_of=data.get("copy_of"),
            story_link=StoryLink.from_data(link) if isinstance(link, dict) else None,
        )


def choose_title(
    headlines: list[tuple[str, tuple[str, ...]]], centroid: dict[str, float] | None
) -> tuple[str, tuple[str, ...]] | None:
    """The most representative headline, with its terms: the one whose terms weigh most in the group's centroid.

    headlines: (headline, its terms as ``DocFeatures.title_terms``) pairs, best tie-breaker first. centroid: The
        event's or story's term weights; ``None`` for a group without a learned profile (made by ``split``), where
        the headlines' own term counts serve as centroid.
    """
    termed = [(title, terms) for title, terms in headlines if title.strip()]
    if not termed:
        return None
    if centroid is None:
        centroid = {}
        for _, terms in termed:
            for term in terms:
                centroid[term] = centroid.get(term, 0.0) + 1.0
    best, best_score = termed[0], -1.0
    for title, terms in termed:
        score = sum(centroid.get(term, 0.0) for term in terms) / math.sqrt(len(terms)) if terms else 0.0
        if score > best_score + 1e-12:
            best, best_score = (title, terms), score
    return best


LEAD_TITLE_CHARS = 110
"""Longest lead-sentence title; a longer lead is cut at a word boundary and ends in "…"."""


def lead_title(text: str, *, language: str | None) -> str | None:
    """A title for a group none of whose reports came with a headline: the lead sentence of one of them.

    A news lead says who did what, so it stands in for the missing headline better than a list of key terms (the
    centroid's terms are lemmas in lower case). ``None`` when the text has no sentence.
    """
    spans = split_sentences(text, language=language or "de")
    lead = " ".join(text[spans[0].start:spans[0].end].split()) if spans else ""
    if len(lead) <= LEAD_TITLE_CHARS:
        return lead or None
    cut = lead.rfind(" ", 0, LEAD_TITLE_CHARS)
    return lead[:cut if cut > 0 else LEAD_TITLE_CHARS].rstrip(" ,;:–-") + "…"


MAX_TITLE_CHARS = 300
"""Longest title a user may give a story: a headline, not a text."""


def rename_payload(story_id: str, title: str) -> dict[str, str]:
    """The stored form of a user's rename of ``story_id``: the title with its whitespace collapsed (a title is one
    line). Raises ``DeskError`` for an empty or overlong title."""
    clean = " ".join(title.split())
    if not clean:
        raise DeskError("a story's new title cannot be empty")
    if len(clean) > MAX_TITLE_CHARS:
        raise DeskError(f"a story's title has at most {MAX_TITLE_CHARS} characters (this one has {len(clean)})")
    return {"story": story_id, "title": clean}


def user_titles(decisions: Iterable[tuple[int, str, dict[str, Any], str]]) -> dict[str, str]:
    """The title each renamed story has, from a desk's decisions in the order made: the latest rename wins."""
    return {str(payload["story"]): str(payload["title"]) for _, kind, payload, _ in decisions if kind == "rename"}


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

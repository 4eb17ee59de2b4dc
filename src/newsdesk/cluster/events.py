"""Online event clustering: put each incoming document into the event it reports, or open a new event.

Documents are processed once, in the order given, and the number of events is never given: a document joins the
best-scoring candidate event when that score reaches 0.5, else it opens a new event. Later evidence can move
earlier decisions: a report that was placed alone moves into the event a newcomer joined when, with the newcomer
in it, that event now clearly fits the report (``_revisit``), so the result depends less on arrival order. The
event a document joined may also get one re-check against the index and merge with an event it now clearly matches
(``merge_threshold``, off by default). Candidates come from a bounded inverted index (and a publication-date
window), so the cost per document does not grow with the number of events.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from newsdesk.cluster._profile import (
    Evidence,
    Profile,
    SparseIndex,
    Weights,
    best_match,
    checked,
    checked_strings,
    compare,
    retrieve,
    score,
    weigh_names,
)
from newsdesk.cluster.background import background_frequencies
from newsdesk.cluster.features import ClusterDoc, DocFeatures, DocumentFrequencies, extract_features

__all__ = ["Assignment", "Event", "Move", "OnlineEventClusterer", "calibrate_pair_score", "explain_pair", "score_pair"]

# The score signals whose weights are learned (``newsdesk.cluster.learn`` writes event_weights.json from ECB+ train).
LEARNED_SIGNALS = ("text", "entities", "coverage", "numbers", "dates", "date_gap", "size")


def params_from_logistic(
    intercept: float, coefficients: Mapping[str, float], join_probability: float
) -> dict[str, float]:
    """Clusterer parameters that make the score ``sigmoid(logit P(same event) - logit join_probability)``.

    The fit gives log-odds per unit of each signal; dividing by the term-cosine coefficient keeps ``text`` at 1 so
    ``linear`` stays on the scale of a term cosine, and that coefficient becomes ``steepness``. Joining at score 0.5
    is then joining when the fitted probability reaches ``join_probability``.
    """
    steepness = coefficients["text"]
    return {
        "text": 1.0,
        "entities": coefficients["entities"] / steepness,
        "coverage": coefficients["coverage"] / steepness,
        "numbers": coefficients["numbers"] / steepness,
        "dates": coefficients["dates"] / steepness,
        "date_gap": -coefficients["date_gap"] / steepness,
        "size_penalty": -coefficients["size"] / steepness,
        "steepness": steepness,
        "threshold": (math.log(join_probability / (1.0 - join_probability)) - intercept) / steepness,
    }


def _learned_defaults() -> dict[str, float]:
    learned = json.loads(Path(__file__).with_name("event_weights.json").read_text(encoding="utf-8"))
    return params_from_logistic(learned["intercept"], learned["coefficients"], learned["join_probability"])


_LEARNED = _learned_defaults()

# Events a merge re-check scores: an event that clearly matches the moved one shares its strongest keys, so it ranks
# near the top of retrieval; ECB+ merges are identical for 3 and 10, and the re-check then costs a third as much.
_MERGE_CANDIDATES = 3


@dataclass(frozen=True, slots=True)
class Move:
    """A document placed alone earlier that later evidence moved: once a newcomer had joined another event, the
    document clearly fitted that event.

    doc_id (str): The document moved.
    source (str): The one-report event it left, now gone from ``events_`` (``merged_`` leads on).
    evidence (Evidence): Its evidence against the event it moved to (``candidate``), with the reason in ``note``.
    """

    doc_id: str
    source: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where one document went.

    event_id (str): The event it belongs to now.
    score (float): Score against the best candidate in [0, 1] (also for a new event: how close the nearest was).
    is_new (bool): Whether the document opened this event.
    evidence (Evidence): The measured signals behind the decision.
    merged (tuple[str, ...]): Events this document's arrival merged into ``event_id`` (their ids are gone from
        ``events_``; ``merged_`` maps them to the survivor, and ``labels()`` already says where their documents are).
    moved (tuple[Move, ...]): Documents placed earlier that this arrival moved into ``event_id``; events they left
        empty are in ``merged``.
    """

    event_id: str
    score: float
    is_new: bool
    evidence: Evidence
    merged: tuple[str, ...] = ()
    moved: tuple[Move, ...] = ()


@dataclass(slots=True)
class Event:
    """One real-world happening: its member documents and the profile they add up to."""

    id: str
    members: list[str]
    profile: Profile
    indexed: bool = True
    notes: list[str] = field(default_factory=list)
    opened: int = 0  # how many events were opened before this one: the older event survives a merge

    def to_data(self) -> dict[str, Any]:
        """The event as JSON-ready data (how a desk saves it); ``from_data`` reads it back."""
        return {"id": self.id, "members": self.members, "profile": self.profile.to_data(), "indexed": self.indexed,
                "notes": self.notes, "opened": self.opened}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Event:
        """The event ``to_data`` saved; ``ValueError``, ``TypeError`` or ``KeyError`` on data of another shape."""
        return cls(checked(data["id"], str), checked_strings(data["members"]), Profile.from_data(data["profile"]),
                   indexed=checked(data["indexed"], bool), notes=checked_strings(data["notes"]),
                   opened=checked(data["opened"], int))



def _stable_id(prefix: str, seed: str, *taken: Mapping[str, Any]) -> str:
    """``prefix`` + 12 hex digits of SHA-1 of ``seed``; a numbered suffix only if that id is already taken."""
    base = prefix + hashlib.sha1(seed.encode("utf-8")).hexdigest()[:12]
    candidate, n = base, 1
    while any(candidate in ids for ids in taken):
        n += 1
        candidate = f"{base}-{n}"
    return candidate


class OnlineEventClusterer:
    """Assign documents, one at a time, to events (single real-world happenings).

    Parameters are stored as given (scikit-learn style); learned state lives in attributes ending in ``_`` and is
    created by the first ``add``.

    Score: ``linear = text·cos_terms + entities·cos_names + coverage·names_covered + numbers·cos_numbers
    + dates·day_agreement - date_gap·gap_penalty + language·same_language - size_penalty·log(event size)``,
    squashed by ``1 / (1 + exp(-steepness·(linear - threshold)))`` so that 0.5 is the join boundary.
    ``names_covered`` is the share of the document's name weight that the event also names: the cosine of names
    is diluted by everything else a big event names, coverage asks only whether the newcomer's actors are known.

    The score is a logistic regression: ``steepness·(linear - threshold)`` is the log-odds that the document reports
    the candidate event, less the log-odds of the join probability. The defaults of ``threshold``, ``text``,
    ``entities``, ``coverage``, ``numbers``, ``dates``, ``date_gap``, ``steepness`` and ``size_penalty`` are read from
    ``event_weights.json``, which ``newsdesk.cluster.learn`` fits on the ECB+ train split (``params_from_logistic``
    maps the fit to these parameters; ``text`` stays 1, so ``linear`` is on the scale of a term cosine);
    ``language`` is set by hand (ECB+ is English only). Figures in the comment above ``__init__``.
    window_days (int): An event whose publication dates lie further than this from the document's is not a
        candidate (only when both sides have dates).
    gap_grace_days / gap_scale_days: The gap penalty starts after ``gap_grace_days`` and is full after another
        ``gap_scale_days``.
    title_weight, lead_weight, lead_chars, max_chars: Zone weights and limits of feature extraction.
    prior_docs (float): IDF prior (see ``DocumentFrequencies``).
    doc_terms, centroid_terms (int): Strongest terms kept per document / per event centroid.
    index_terms, index_entities (int): Keys per document/event used for candidate retrieval.
    max_candidates (int): Events fully scored per document, the best by shared-key weight.
    posting_cap (int): Most recent events kept per index key.
    max_effective_size (int): Centroid decay: after this many members, new members keep a fixed weight.
    merge_threshold (float | None): After a join, the event is compared (same score, no size penalty) with the
        events its new profile retrieves, and merged with the best if ``linear`` reaches this; ``None``: never merge.
        The older event keeps its id; ``merged_`` maps merged-away ids to the survivor.
    revisit (bool): After a join, reports placed alone among the newcomer's candidates move into the event it
        joined when they now score at least ``0.5 + move_margin`` against it (see ``_revisit``).
    move_margin (float): How far above the join score a lone report must score to be moved: a move undoes a
        decision already shown, so it needs more evidence than a first placement.

    The size penalty counters centroid attraction: a big event's centroid resembles every report of its topic, so
    without it the first report of a *second* event of the same topic is pulled into the first.
    """

    # Defaults: the score weights are learned (newsdesk.cluster.learn, event_weights.json) on the ECB+ train split
    # only (575 English documents, 50 events, streamed in file order, never told k): a logistic regression over
    # the pair signals of each document and the candidate events retrieval returns, in a stream told the gold events
    # (3,026 pairs, 521 positive), pulled towards the earlier hand weights (l2 30), join probability 0.55 chosen by
    # train B-cubed F1. Per unit of term cosine: entities 0.24, coverage 0.39, numbers 0.31, dates 0.25, date gap
    # 0.48, size penalty 0.11; join at linear 0.41 (steepness 11.9). window_days 365 and no merge re-check were
    # chosen on train with the learned weights. With simplemma lemmas and no one-letter names, B-cubed P/R/F1 and
    # pairwise F1: train 0.919/0.795/0.852 (0.806), dev 1.000/0.805/0.892 (0.890), train+dev 0.939/0.821/0.876
    # (0.843; 114 clusters vs 66 gold); story B-cubed F1 0.838/0.941/0.867 (before a shared day named in reports
    # published weeks apart counted as a recap, see ``_components``: train 0.855, train+dev 0.877). (Before the
    # ECB+ date lines' spaced separators, ordinals and US slashes were read -- 293 of its 341 date lines then, 308
    # now: train 0.852, dev 0.887, train+dev 0.873.) The hand weights before (threshold
    # 0.40, merge re-check 0.95, window 30 days; with simplemma, one-letter names still kept): 0.839 / 0.892 / 0.844
    # (P 0.818, R 0.872), against 0.850 / 0.876 / 0.868 learned then: learning trades recall for precision (dev
    # recall 0.85 -> 0.78 on 197 documents, 16 events). For scale: TF-IDF + K-Means *told the true k* reaches
    # 0.87-0.90 on train and 0.91-0.95 on dev.
    # What bounds the learning is German, not ECB+. A fit pulled towards zero (l2 0.1, join 0.36, window 30) reaches
    # 0.879 on train (dev 0.866) but trusts names so much that the seeds 003/004 join one event; l2 3 with join
    # 0.45: train 0.864, dev 0.890, but 76 of 1,028 10kGNAD articles share an event with another section (the test
    # allows 30); l2 30 with join 0.5: 0.846 / 0.882, 21 mixed, seed 002 joins 000/001; join 0.55 (chosen): 17
    # mixed, all seed checks hold. Ablation at the chosen defaults, one change each (train/dev; train+dev): merge re-
    # check at linear 0.9 -> 0.849/0.864; 0.75 -> 0.835/0.850 (merging joins the two events of a topic); window_days
    # 30 -> 0.849/0.876; date_gap 0 -> 0.859/0.892 (0.880), but then a report two months after a flood joins the flood
    # (test_cluster_story_linker_joins_events_of_one_subject) -- ECB+ events run for weeks (trials, sequels), real
    # streams repeat subjects; size_penalty 0 -> 0.835/0.862 (and seeds 003/004 join); numbers 0 -> 0.815/0.826;
    # prior_docs 30 -> 0.850/0.891 (seeds fail), 3 -> 0.849/0.861. Errors left: the first report of a topic's second
    # event still joins the first when it shares names and places (Klitschko 2008 vs 2012 fights, two Qeshm quakes,
    # Teixeira offers); the older event's ECB documents carry no publication date, so no date signal helps. Recall is
    # lost to reports of one event that share too little with its centroid (short, off-angle follow-ups), and to
    # ECB+ "seminal events" that span months or years: the Seacom outages of August and October 2011, a 2005
    # killing and the 2007 sentence, a 2010 shooting and the 2012 trial are one sub-topic each there, and split by
    # the date signals here on purpose (a desk wants the trial as an event of its own, in the shooting's story).
    # Measured and left out: the best cosine to the event's last 5 members as a further learned signal (fit weight
    # -0.05 at l2 30, -0.87 at l2 1: no evidence beyond the centroid). Earlier findings (hand weights): scoring
    # against the nearest member documents instead of the centroid was worse (0.839 vs 0.852 on train), a
    # years-mentioned agreement term +0.01 train / -0.01 dev (background years dominate), names carrying their zone
    # weight +0.006. Measured with one-letter names dropped (train/dev; before refitting: 0.852/0.887), left out:
    # IDF over events instead of documents (a term counted once per event it occurs in; refitted) 0.852/0.872 at
    # join 0.5, 0.852/0.859 at 0.55; the dot product with the centroid (mean similarity to the members) or the
    # centroid's coherence beside the cosine: fit weights -0.06/-0.05 at l2 30, no change; the share of the
    # document's title/lead names the event never named: separates pairs (0.27 positive vs 0.96 negative) but is
    # redundant with coverage (fit weight +0.06; at l2 3 +0.35, train 0.852 vs 0.854 without it); timex days
    # (relative dates resolved against the publication day) as mentioned dates: 0.846/0.890 added to the pattern
    # dates, 0.835/0.886 instead of them (more day conflicts split events that run for days); "U.S." kept as one
    # token 0.851/0.882; zone weights (title 2/4/5, lead 1.5/3, lead_chars 300/1000, doc_terms 60/200) all within
    # 0.847-0.861 on train, the best (lead_chars 300: 0.861) losing on dev (0.877) and train+dev (0.864). A
    # document scoring >= 0.5 against two events is no safe bridge for merging them: on train 21 of 51 such
    # documents link events of different gold events. Small events do not reach their gold event later either:
    # re-scored at the end of the train stream, most singletons stay below 0.3 against it.
    # A background word rarity from wordfreq (IDF with N0 pseudo-documents, lemma-summed shares, refitted): train
    # 0.860, dev 0.891, train+dev 0.877, German demo events 0.797 / stories 1.000 -- but story words that are rare in
    # general German (Pjöngjang, Putin) then weigh so much that seeds 003/004 join 000/001 at every N0 300-30,000;
    # the prior on every term except the document's own names keeps all seed checks (002 apart too) but gives only
    # 0.853/0.881 (0.867). Not shipped; the seed-safe form of it is open.
    # Reproduce (train; dev: =dev; train+dev: drop --where):
    # newsdesk eval clustering --data ../shared/datasets/ecbplus/ecbplus_train_dev.jsonl --label subtopic
    # --story-label topic --where split_cybulska_vossen_2015=train --json
    # The retrieval bounds (max_candidates, posting_cap) were set for speed (bench/bench_cluster.py); ECB+ scores
    # are identical for max_candidates 10-30, posting_cap 50-200.
    def __init__(
        self,
        *,
        threshold: float = _LEARNED["threshold"],
        text: float = _LEARNED["text"],
        entities: float = _LEARNED["entities"],
        coverage: float = _LEARNED["coverage"],
        numbers: float = _LEARNED["numbers"],
        dates: float = _LEARNED["dates"],
        date_gap: float = _LEARNED["date_gap"],
        language: float = 0.02,
        steepness: float = _LEARNED["steepness"],
        size_penalty: float = _LEARNED["size_penalty"],
        window_days: int = 365,
        gap_grace_days: float = 3.0,
        gap_scale_days: float = 14.0,
        title_weight: float = 3.0,
        lead_weight: float = 2.0,
        lead_chars: int = 600,
        max_chars: int = 20_000,
        prior_docs: float = 10.0,
        doc_terms: int = 100,
        centroid_terms: int = 300,
        index_terms: int = 30,
        index_entities: int = 10,
        max_candidates: int = 10,
        posting_cap: int = 64,
        max_effective_size: int = 50,
        merge_threshold: float | None = None,
        revisit: bool = True,
        move_margin: float = 0.15,
    ) -> None:
        self.threshold = threshold
        self.text = text
        self.entities = entities
        self.coverage = coverage
        self.numbers = numbers
        self.dates = dates
        self.date_gap = date_gap
        self.language = language
        self.steepness = steepness
        self.size_penalty = size_penalty
        self.window_days = window_days
        self.gap_grace_days = gap_grace_days
        self.gap_scale_days = gap_scale_days
        self.title_weight = title_weight
        self.lead_weight = lead_weight
        self.lead_chars = lead_chars
        self.max_chars = max_chars
        self.prior_docs = prior_docs
        self.doc_terms = doc_terms
        self.centroid_terms = centroid_terms
        self.index_terms = index_terms
        self.index_entities = index_entities
        self.max_candidates = max_candidates
        self.posting_cap = posting_cap
        self.max_effective_size = max_effective_size
        self.merge_threshold = merge_threshold
        self.revisit = revisit
        self.move_margin = move_margin

    # -- scikit-learn style parameter access -------------------------------------------------------------------
    def get_params(self) -> dict[str, Any]:
        """The constructor parameters and their current values."""
        names = [p for p in inspect.signature(type(self).__init__).parameters if p != "self"]
        return {name: getattr(self, name) for name in names}

    def weights(self) -> Weights:
        """The score weights as one value, shared with ``score_pair``."""
        return Weights(self.text, self.entities, self.numbers, self.dates, self.date_gap, self.language,
                       self.threshold, self.steepness, self.gap_grace_days, self.gap_scale_days, self.size_penalty,
                       self.coverage)

    # -- state ------------------------------------------------------------------------------------------------
    def _ensure_state(self) -> None:
        if not hasattr(self, "events_"):
            self.events_: dict[str, Event] = {}
            self.doc_event_: dict[str, str] = {}
            self.df_ = DocumentFrequencies(prior_docs=self.prior_docs)
            self.index_ = SparseIndex(posting_cap=self.posting_cap)
            self.weights_ = self.weights()
            self.merged_: dict[str, str] = {}

    def feature_settings(self) -> dict[str, float]:
        """The keyword arguments of ``extract_features`` this clusterer measures documents with (plain values, so
        that other processes can measure documents for it)."""
        return {"title_weight": self.title_weight, "lead_weight": self.lead_weight, "lead_chars": self.lead_chars,
                "max_chars": self.max_chars}

    def features(self, doc: ClusterDoc) -> DocFeatures:
        """Measure one document with this clusterer's extraction settings."""
        return extract_features(doc, **self.feature_settings())

    def profile(self, features: DocFeatures, df: DocumentFrequencies | None = None) -> Profile:
        """IDF-weight a document's features into a comparable profile (with ``df``, or the learned frequencies)."""
        df = df if df is not None else self.df_
        lead_days = {d: 1.0 for d in features.lead_dates if d.has_day}
        days = {d: 1.0 for d in features.dates if d.has_day}
        languages = {features.language: 1} if features.language else {}
        return Profile(
            terms=df.weigh("t", features.terms, self.doc_terms),
            entities=df.weigh("e", features.entities, 30, weigh_names),
            numbers=df.weigh("n", features.numbers, 30),
            lead_days=lead_days,
            days=days,
            languages=languages,
            first=features.published,
            last=features.published,
        )

    # -- the algorithm ----------------------------------------------------------------------------------------
    def add(self, doc: ClusterDoc, features: DocFeatures | None = None) -> Assignment:
        """Assign one document to an event (existing or new) and update that event.

        features: The document measured already, with ``feature_settings()`` (``newsdesk.prepare`` does it in worker
            processes); measured here when not given.
        """
        self._ensure_state()
        features = features if features is not None else self.features(doc)
        if features.empty:
            return self._open(doc, self.profile(features), Evidence(score=0.0, note=features.note), indexed=False)
        self.df_.add(features)
        profile = self.profile(features)
        candidates = self._candidates(profile)
        best = best_match(profile, candidates, self._event_profile, self.weights_)
        if best is None:
            nothing = Evidence(score=0.0, note="no earlier event shares a key term or name")
            return self._open(doc, profile, _with_note(nothing, features.note), indexed=True)
        if best.score >= 0.5 and best.candidate is not None:
            event, merged = self._recheck(self._join(self.events_[best.candidate], doc.id, profile))
            evidence = _with_note(best, features.note)
            if merged:
                evidence = _with_note(evidence, f"its arrival merged {', '.join(merged)} into {event.id}")
            moved = self._revisit(event, doc.id, candidates)
            if moved:
                evidence = _with_note(evidence, f"its arrival moved {len(moved)} earlier report(s) into {event.id}")
            emptied = tuple(move.source for move in moved)
            return Assignment(event.id, best.score, False, evidence, merged + emptied, moved)
        best = _with_note(best, "best candidate below the join score 0.5")
        return self._open(doc, profile, _with_note(best, features.note), indexed=True)

    def _join(self, event: Event, doc_id: str, profile: Profile) -> Event:
        """Add one document to ``event``: its centroid moves and the index learns the event's new strongest keys."""
        event.members.append(doc_id)
        event.profile.absorb(profile, max_effective_size=self.max_effective_size, limits=(self.centroid_terms, 50, 50))
        self.index_.post(event.id, event.profile.top_keys(self.index_terms, self.index_entities))
        self.doc_event_[doc_id] = event.id
        return event

    def _recheck(self, event: Event) -> tuple[Event, tuple[str, ...]]:
        """Merge-on-arrival: once a new member has moved ``event``, merge it with the one event it now matches.

        Reports of one happening that arrived before their event's profile covered them open events of their own
        (early in a stream IDF is still flat, and a first report may name little); a later report that bridges
        both shows they are one. The check is the usual bounded retrieval with the event's profile and the usual
        score, against ``merge_threshold`` instead of ``threshold`` and without the size penalty (both sides are
        groups). The older event keeps its id. Off when ``merge_threshold`` is None.
        """
        if self.merge_threshold is None:
            return event, ()
        weights = self.weights_._replace(threshold=self.merge_threshold, size=0.0)
        candidates = self._candidates(event.profile, exclude=event.id, limit=_MERGE_CANDIDATES)
        best = best_match(event.profile, candidates, self._event_profile, weights)
        if best is None or best.score < 0.5 or best.candidate is None:
            return event, ()
        other = self.events_[best.candidate]
        keep, gone = (event, other) if event.opened < other.opened else (other, event)
        keep.members.extend(gone.members)
        share = len(gone.members) / len(keep.members)
        keep.profile.absorb(gone.profile, max_effective_size=self.max_effective_size,
                            limits=(self.centroid_terms, 50, 50), step=share)
        keep.notes.append(f"merged {gone.id} (score {best.score:.2f})")
        self.index_.post(keep.id, keep.profile.top_keys(self.index_terms, self.index_entities))
        for doc_id in gone.members:
            self.doc_event_[doc_id] = keep.id
        del self.events_[gone.id]
        self.merged_[gone.id] = keep.id
        return keep, (gone.id,)

    def _revisit(self, grown: Event, newcomer: str, near: list[str]) -> tuple[Move, ...]:
        """Later evidence moves earlier decisions: once ``newcomer`` has joined ``grown``, reports placed alone
        before may now clearly belong to ``grown`` (the newcomer tells what both tell).

        The one-report events among the newcomer's own candidates (``near``: they share its strongest keys, within
        the publication window) are scored against ``grown`` as a report arriving now would be; one that reaches
        the join score 0.5 by ``move_margin`` moves into ``grown``, and its emptied event is gone like a merged one
        (``merged_`` leads on). Only lone reports move: a member of a larger event has other reports' evidence for
        staying, and on ECB+ letting members of events of up to three move as well changed nothing. The candidates
        are the ones retrieved already, so a move check costs a few scores and no index query; ``grown`` keeps its
        id and members. RETURNS: the moves (each names the event it emptied).
        """
        if not self.revisit or not grown.indexed:
            return ()
        moves = []
        for event_id in near:
            lone = self.events_.get(event_id)
            if lone is None or event_id == grown.id or len(lone.members) != 1 or not lone.indexed:
                continue
            if score(lone.profile, grown.profile, self.weights_) < 0.5 + self.move_margin:
                continue
            evidence = compare(lone.profile, grown.profile, self.weights_, candidate=grown.id)
            note = (f"moved from {lone.id} by later evidence: placed alone at first, it scored "
                    f"{evidence.score:.2f} against {grown.id} once {newcomer} had joined that")
            moves.append(Move(lone.members[0], lone.id, _with_note(evidence, note)))
            del self.events_[lone.id]
            self.merged_[lone.id] = grown.id
            self._join(grown, lone.members[0], lone.profile)
        return tuple(moves)

    def _open(self, doc: ClusterDoc, profile: Profile, evidence: Evidence, *, indexed: bool) -> Assignment:
        event_id = _stable_id("e-", doc.id, self.events_, self.merged_)
        event = Event(event_id, [doc.id], profile, indexed=indexed, notes=[evidence.note] if evidence.note else [],
                      opened=len(self.events_) + len(self.merged_))
        self.events_[event_id] = event
        self.doc_event_[doc.id] = event_id
        if indexed:
            self.index_.post(event_id, profile.top_keys(self.index_terms, self.index_entities))
        return Assignment(event_id, evidence.score, True, evidence)

    def _event_profile(self, event_id: str) -> Profile | None:
        event = self.events_.get(event_id)
        return event.profile if event is not None else None

    def _candidates(self, profile: Profile, *, exclude: str | None = None, limit: int | None = None) -> list[str]:
        """At most ``max_candidates`` (or ``limit``) events sharing strong keys, inside the publication window when
        dates exist."""
        return retrieve(self.index_, profile, self._event_profile, n_terms=self.index_terms,
                        n_entities=self.index_entities, window_days=self.window_days,
                        limit=self.max_candidates if limit is None else limit, exclude=exclude)

    def restore(
        self,
        events: Iterable[Event],
        merged: Iterable[tuple[str, str]],
        documents: int,
        frequencies: Iterable[tuple[str, str, int]],
        postings: Iterable[tuple[str, list[str]]],
    ) -> None:
        """Put back learned state saved piece by piece into a clusterer that has seen nothing, so that it continues
        exactly as the one it was saved from: the events in the order opened, the merges (merged-away id,
        survivor), the document frequencies (``DocumentFrequencies.take_changed`` rows) and the index's posting
        lists (``SparseIndex.take_changed`` rows). Which document is in which event follows from the events."""
        self._ensure_state()
        for event in events:
            self.events_[event.id] = event
            self.doc_event_.update(dict.fromkeys(event.members, event.id))
        self.merged_.update(merged)
        self.df_.restore(documents, frequencies)
        self.index_.restore(postings)

    def add_many(self, docs: list[ClusterDoc]) -> list[Assignment]:
        """``add`` each document in order."""
        return [self.add(doc) for doc in docs]

    def labels(self) -> dict[str, str]:
        """Document id → event id for every document added so far (where it is now, after any merges)."""
        self._ensure_state()
        return dict(self.doc_event_)


def _with_note(evidence: Evidence, note: str) -> Evidence:
    if not note:
        return evidence
    return replace(evidence, note=f"{evidence.note}; {note}" if evidence.note else note)


def explain_pair(
    doc_a: ClusterDoc, doc_b: ClusterDoc, *, clusterer: OnlineEventClusterer | None = None, calibrated: bool = True
) -> Evidence:
    """Same-event evidence for two documents, computed exactly as the clusterer compares a document to an event.

    With a ``clusterer`` that has seen documents, its learned document frequencies give the IDF weights, and the
    score is the clusterer's (its logistic fit of P(same event), 0.5 at its join boundary). Otherwise each document
    is weighed with the frequencies its language ships (``newsdesk.cluster.background``) plus the two documents, so
    that a common word weighs little even between two texts compared alone, and the score, read on that other
    scale, is mapped to a probability of the same event fitted on ECB+ train pairs (``pair_calibration.json``;
    ``calibrated=False`` leaves it on the clusterer's scale, which is what that fit reads).
    """
    desk_less = clusterer is None or not hasattr(clusterer, "df_")
    clusterer = clusterer if clusterer is not None else OnlineEventClusterer()
    feats_a, feats_b = clusterer.features(doc_a), clusterer.features(doc_b)
    if feats_a.empty or feats_b.empty:
        return Evidence(score=0.0, note=feats_a.note or feats_b.note)
    df_a, df_b = _pair_frequencies(clusterer, feats_a, feats_b)
    evidence = compare(clusterer.profile(feats_a, df_a), clusterer.profile(feats_b, df_b), clusterer.weights(),
                       candidate=doc_b.id)
    if not (desk_less and calibrated):
        return evidence
    return replace(evidence, score=round(calibrate_pair_score(evidence.score), 6))


@lru_cache(maxsize=1)
def _pair_calibration() -> tuple[float, float]:
    fitted = json.loads(Path(__file__).with_name("pair_calibration.json").read_text(encoding="utf-8"))
    return float(fitted["intercept"]), float(fitted["slope"])


def calibrate_pair_score(score: float) -> float:
    """P(same event) of two documents compared alone, from their score: ``sigmoid(intercept + slope ·
    logit(score))`` (Platt scaling, fitted by ``newsdesk.cluster.learn --pair-calibration``). A monotone map, so
    the ranking of pairs stays as the score gives it."""
    intercept, slope = _pair_calibration()
    bounded = min(max(score, 1e-9), 1.0 - 1e-9)
    return 1.0 / (1.0 + math.exp(-(intercept + slope * math.log(bounded / (1.0 - bounded)))))


def _pair_frequencies(
    clusterer: OnlineEventClusterer, feats_a: DocFeatures, feats_b: DocFeatures
) -> tuple[DocumentFrequencies, DocumentFrequencies]:
    """The frequencies each side of a pair is weighed with: the clusterer's learned ones, else per language the
    shipped background counts with both documents counted in."""
    if hasattr(clusterer, "df_"):
        return clusterer.df_, clusterer.df_
    by_language: dict[str | None, DocumentFrequencies] = {}
    for language in (feats_a.language, feats_b.language):
        if language not in by_language:
            frequencies = background_frequencies(language, prior_docs=clusterer.prior_docs)
            frequencies.add(feats_a)
            frequencies.add(feats_b)
            by_language[language] = frequencies
    return by_language[feats_a.language], by_language[feats_b.language]


def score_pair(doc_a: ClusterDoc, doc_b: ClusterDoc, *, clusterer: OnlineEventClusterer | None = None) -> float:
    """Same-event score of two documents in [0, 1] (see ``explain_pair``)."""
    return explain_pair(doc_a, doc_b, clusterer=clusterer).score

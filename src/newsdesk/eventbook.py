"""The ``EventBook``: a desk's events and stories, kept over its ``Store`` (which alone speaks SQL).

Everything that files articles into events and events into stories lives here, behind one small API that the
``Desk`` (and any test) calls: placing an article once it is stored (``place_new``: a copy follows its original,
anything else goes to the clusterer, and an event it opens is linked to a story), titles (``retitle``), the learned
clustering state (``clustering``, saved with ``save`` and rebuilt by replay when missing or stale), user decisions
(``move``, ``split``, ``merge``, ``rename``, stored and applied on top of the clusterer's work so that replays
keep them) and the evidence behind a placement (``explain``, ``similar``, ``compare``).

The pure parts (the state's layout, title choice, decision payloads) are in ``newsdesk.stories``; the clustering
itself is ``newsdesk.cluster``.
"""

from __future__ import annotations

import gc
import logging
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from newsdesk import dedup
from newsdesk.cluster import ClusterDoc, Evidence, Move, explain_pair
from newsdesk.cluster.features import strongest
from newsdesk.errors import DeskError
from newsdesk.gcpause import collector_paused
from newsdesk.model import Article, EventSummary, Explanation, Neighbour, StorySummary
from newsdesk.prepare import Prepared
from newsdesk.stories import (
    TITLE_CANDIDATES,
    Clustering,
    Placement,
    StoryLink,
    choose_title,
    compare_articles,
    fingerprint,
    lead_title,
    rename_payload,
    split_event_id,
    story_link_note,
    user_titles,
)
from newsdesk.store import Store, StoredArticle

LOGGER = logging.getLogger(__name__)

#: Articles per transaction: large enough that commits cost little, small enough that a killed ingest loses
#: at most this much work (the stored batches stay consistent either way). ``Desk.add`` and replays use it.
BATCH_SIZE = 500
#: Batches between two saves of the clustering state (the last batch of an add saves it too). A save writes each
#: posting list and word count the batches since the last one changed, and successive batches mostly change the
#: same ones, so saving every 20th batch writes a fraction of what saving every batch would. A killed add loses
#: no stored article either way: the next use places the articles stored after the last save again.
SAVE_EVERY_BATCHES = 20
#: Terms usable in a full-text query as they are (``similar``).
_PLAIN_WORD = re.compile(r"\w+")


class EventBook:
    """The events and stories of one desk: placement, titles, replay, user decisions and their explanation.

    The clustering state is loaded on first need (reading a listing never loads it) and kept in memory between
    calls; ``path`` names the desk in messages.
    """

    def __init__(self, store: Store, path: str) -> None:
        self.store, self.path = store, path
        self._clustering: Clustering | None = None
        self._seen_rowid = 0  # the last article the loaded clustering state has placed
        self._merges: bool | None = None  # whether events may be merged (see ``_final_event``); asked once a batch

    def drop_if_stale(self) -> None:
        """Forget the loaded state when another process (or another ``Desk`` on the file) stored articles since:
        the next ``clustering()`` loads theirs."""
        if self._clustering is not None and self.store.last_article_rowid() != self._seen_rowid:
            self._clustering = None

    def is_behind(self) -> bool:
        """Whether articles were stored that the loaded state has not placed (another process added them)."""
        return self.store.last_article_rowid() != self._seen_rowid

    # -- the clustering state ---------------------------------------------------------------------------------------

    @contextmanager
    def transaction(self, what: str = "store articles") -> Iterator[None]:
        """A store transaction that also forgets the in-memory clusterer state if the batch fails: that state may
        hold articles the rollback removed, so it is reloaded (snapshot plus replay) on next use."""
        self._merges = None  # another process may have merged events since the last transaction
        try:
            with self.store.transaction(what):
                yield
        except BaseException:
            self._clustering = None
            raise

    def clustering(self) -> Clustering:
        """The clusterer state, loaded from its saved rows, rebuilt by replay when they are missing, incomplete or
        made by other code, and caught up with the articles stored after it was saved (a killed ``add``, or
        articles stored by an older release that did not place them)."""
        if self._clustering is not None:
            return self._clustering
        signatures_current = self.store.get_meta("copy_scheme") == dedup.SCHEME
        clustering, last_rowid = self._saved_state() if signatures_current else (None, 0)
        if clustering is None:
            clustering, last_rowid = Clustering.new(), 0
            with self.transaction():
                self.store.clear_events()
                self.store.clear_clustering()
                if not signatures_current:
                    self.store.clear_signatures()
                    self.store.set_meta("copy_scheme", dedup.SCHEME)
        self._clustering, self._seen_rowid = clustering, last_rowid
        if self.store.last_article_rowid() > last_rowid:
            self._replay(after=last_rowid)
        return clustering

    def _saved_state(self) -> tuple[Clustering | None, int]:
        """The clustering state as saved, and the last article it has placed; ``(None, 0)`` when none is saved, or
        it is incomplete, unreadable or made by other clustering code."""
        saved = self.store.saved_clustering()
        if saved is None or saved[0] != fingerprint():
            return None, 0
        clustering = Clustering.restore(
            documents=saved[2],
            sizes=saved[3],
            events=self.store.clustering_groups("event"),
            stories=self.store.clustering_groups("story"),
            merges=self.store.clustering_merges(),
            frequencies=self.store.clustering_frequencies(),
            event_postings=self.store.clustering_postings("event"),
            story_postings=self.store.clustering_postings("story"),
        )
        return clustering, saved[1] if clustering is not None else 0

    def clustering_for_reading(self) -> Clustering:
        """The clustering state for reading (``similar``, ``compare``): the one in memory, else the saved one as it
        is, even when articles were added after it was saved (their words are then not yet counted). Never rebuilt
        or saved here: a read holds no lock, so an ``add`` in another process goes on. A desk with no usable saved
        state (before its first ``add`` since an upgrade) gets an empty one: words weigh alike."""
        if self._clustering is not None:
            return self._clustering
        clustering, last_rowid = self._saved_state()
        if clustering is None:
            LOGGER.warning("%s: no saved clustering state yet (newsdesk add rebuilds it); every word weighs alike",
                           self.path)
            clustering = Clustering.new()
            clustering.clusterer.restore((), (), 0, (), ())  # a clusterer that has counted nothing
        elif last_rowid == self.store.last_article_rowid():
            self._clustering, self._seen_rowid = clustering, last_rowid  # current: keep it for the next use
        return clustering

    def _replay(self, *, after: int) -> None:
        """Place every article stored after rowid ``after`` again, in added order, then re-apply user decisions."""
        LOGGER.info("%s: placing the articles added after #%d into events", self.path, after)
        batches = 0
        with collector_paused():
            while batch := self.store.articles_after(after, limit=BATCH_SIZE):
                gc.freeze()  # see newsdesk.gcpause
                touched: set[str] = set()
                with self.transaction():
                    for _, article in batch:
                        overlap = 1.0 if self.store.has_signature(article.id) else self._sign(article)
                        self._place(article, touched, overlap=overlap)
                    self.retitle(touched)
                    after = self._seen_rowid = batch[-1][0]
                    batches += 1
                    if batches % SAVE_EVERY_BATCHES == 0:
                        self.save()
        with self.transaction():
            self._reapply_decisions()
            self.save()

    def save(self) -> None:
        """Save what changed in the clustering state since the last save (inside the transaction of the batch that
        placed the last of the articles it covers)."""
        self.store.save_clustering(self.clustering().take_changes(), fingerprint=fingerprint(),
                                   last_rowid=self._seen_rowid)

    # -- placement and titles --------------------------------------------------------------------------------------

    def place_new(self, article: Article, touched: set[str], prepared: Prepared, stored: StoredArticle) -> None:
        """File an article just stored (the newest on the desk: ``stored`` is what ``Store.add_article`` answered)
        with what its preparation measured (see ``_place``); its events go into ``touched`` for ``retitle``."""
        self._seen_rowid = stored.rowid
        overlap = 1.0
        if stored.copy_candidates is not None and prepared.signature is not None:
            overlap = self._copy_of(article, prepared.signature, stored.copy_candidates)
        self._place(article, touched, overlap=overlap, prepared=prepared)

    def _sign(self, article: Article) -> float:
        """Store the copy signature of a stored article placed again without one (a replay after the copy scheme
        changed), finding the original it nearly copies first. RETURNS: the overlap with that original."""
        signature, bands = dedup.signed(article.text)
        overlap = 1.0
        if article.duplicate_of is None and signature is not None:
            overlap = self._copy_of(article, signature, self.store.copy_candidates(bands))
        self.store.add_signature(article.id, signature or b"", bands)
        return overlap

    def _copy_of(self, article: Article, signature: bytes, candidates: list[tuple[str, bytes, str | None]]) -> float:
        """Mark the article as a copy of the original of its most similar candidate, if one is similar enough
        (``_near_copy``). RETURNS: the overlap."""
        article.duplicate_of, overlap = self._near_copy(signature, candidates)
        if article.duplicate_of is not None:
            self.store.set_duplicate_of(article.id, article.duplicate_of)
        return overlap

    def _place(self, article: Article, touched: set[str], *, overlap: float, prepared: Prepared | None = None) -> None:
        """File one stored and signed article: a copy (``overlap``: how much of its original it shares) joins its
        original's event, without reaching the clusterer; anything else is assigned to an event (opening one, and
        linking that to a story, if needed). ``prepared`` holds its features when measured already; otherwise they
        are measured here."""
        if article.duplicate_of is not None:
            original = self.store.membership(article.duplicate_of)
            if original is not None:
                placement = Placement.of_copy(article.duplicate_of, overlap)
                self.store.place_article(article.id, original[0], machine_event_id=original[1], score=overlap,
                                         evidence=placement.to_data())
                touched.add(original[0])
                return
        clustering = self.clustering()
        measured = prepared is not None and prepared.features is not None
        doc = ClusterDoc.from_article(article, None if measured else self.store.analysis(article.id))
        features = prepared.features if measured else clustering.clusterer.features(doc)
        assignment, link = clustering.assign(doc, features)
        if link is not None:
            self.store.insert_event(assignment.event_id, link.story_id, title=None, origin="clusterer")
        if assignment.merged:
            self.store.follow_clusterer_merge(assignment.merged, assignment.event_id)
            touched.update(assignment.merged)
        if assignment.moved:
            self._follow_moves(assignment.moved)
        event_id = self._final_event(assignment.event_id)
        placement = Placement.of_assignment(assignment.evidence, opened=assignment.is_new, link=link)
        self.store.place_article(article.id, event_id, machine_event_id=assignment.event_id,
                                 score=1.0 if assignment.is_new else assignment.score, evidence=placement.to_data(),
                                 headline_terms=features.title_terms)
        touched.add(event_id)

    def _merge_decided(self) -> bool:
        """Whether a user merge decision exists, asked once a transaction: decisions are made in transactions of
        their own (and another process's only between this one's), so the answer holds for the transaction."""
        if self._merges is None:
            self._merges = self.store.has_decision("merge")
        return self._merges

    def _final_event(self, event_id: str) -> str:
        """``Store.final_event``, asked only when a merge decision exists: without one no event is merged, and
        placing an article then costs no query for it."""
        return self.store.final_event(event_id) if self._merge_decided() else event_id

    def _follow_moves(self, moves: tuple[Move, ...]) -> None:
        """Record why later evidence moved earlier reports (the events they left are among the assignment's merged
        ones, whose memberships ``follow_clusterer_merge`` has moved, keeping those a user decision placed). Kept
        in place, a decided report ends where re-applying the decisions puts it unless a merge decision took it
        there (re-applied, that merge no longer finds it in the event it named); then the decisions are applied
        again over the clusterer's result, exactly as after a replay, so that where an article ends up never
        depends on whether the desk was rebuilt since. Without a merge decision no report's decision is read."""
        merges = self._merge_decided()
        decided = False
        for move in moves:
            placement = Placement.of_assignment(move.evidence, opened=False, link=None)
            self.store.set_placement_evidence(move.doc_id, move.evidence.score, placement.to_data())
            if merges and not decided:
                membership = self.store.membership(move.doc_id)
                decided = membership is not None and membership[4] is not None
        if decided:
            self._reapply_decisions()

    @staticmethod
    def _near_copy(signature: bytes, candidates: list[tuple[str, bytes, str | None]]) -> tuple[str | None, float]:
        """The original of the most similar candidate (``Store.copy_candidates``) at or above
        ``dedup.COPY_JACCARD``, and the overlap."""
        best, best_overlap = None, dedup.COPY_JACCARD
        for article_id, other, duplicate_of in candidates:
            overlap = dedup.estimated_jaccard(signature, other) if other else 0.0
            if overlap >= best_overlap and (best is None or overlap > best_overlap):
                best, best_overlap = duplicate_of or article_id, overlap
        return best, best_overlap if best else 0.0

    def retitle(self, events: set[str]) -> None:
        """Give changed events (and their stories) the member headline that best represents them. The candidates
        of all of them are read, and the titles written, in a few queries, not a few per event."""
        if not events:
            return
        clustering = self.clustering()
        ordered = sorted(events)
        candidates = self.store.member_titles(ordered, limit=TITLE_CANDIDATES)
        titles = []
        for event_id in ordered:
            machine = clustering.clusterer.events_.get(event_id)
            title = choose_title(candidates.get(event_id, []),
                                 machine.profile.terms if machine else None) or self._lead_title(event_id)
            titles.append((event_id, *(title or (None, None))))
        self.store.set_event_titles(titles)
        stories = {story_id for story_id in self.store.event_stories(ordered).values() if story_id}
        renamed = user_titles(self.store.decisions()) if stories else {}
        retitled = sorted(stories - renamed.keys())
        if not retitled:
            return
        candidates = self.store.event_titles(retitled, limit=TITLE_CANDIDATES)
        story_titles = []
        for story_id in retitled:
            story = getattr(clustering.linker, "stories_", {}).get(story_id)  # no state before the first link
            title = choose_title(candidates.get(story_id, []), story.profile.terms if story else None)
            story_titles.append((story_id, title[0] if title else None))
        self.store.set_story_titles(story_titles)

    def _lead_title(self, event_id: str) -> tuple[str, tuple[str, ...]] | None:
        """For an event none of whose reports has a headline: the lead sentence of its newest report that has
        one, without headline terms (so that a story prefers the real headlines of its other events)."""
        for text, language in self.store.member_leads(event_id, limit=TITLE_CANDIDATES):
            lead = lead_title(text, language=language)
            if lead:
                return lead, ()
        return None

    # -- user decisions --------------------------------------------------------------------------------------------

    def move(self, article_id: str, event_id: str) -> EventSummary:
        """Put an article (and its copies) into another event, as a stored user decision that survives replays.

        RETURNS (EventSummary): The event it is in now. Raises ``DeskError`` for unknown ids or a copy.
        """
        article = self._original(article_id)
        target = self.event_id(event_id)
        if self.membership(article.id)[0] != target:
            self._decide("move", {"article": article.id, "event": target}, f"move article {article.id}")
        return self.event_summary(target)

    def split(self, event_id: str, article_ids: Sequence[str]) -> EventSummary:
        """Take articles out of an event into a new event of the same story (a stored user decision).

        Re-running the same split changes nothing. RETURNS (EventSummary): The new event.
        """
        source = self.event_id(event_id)
        ids = sorted({self._original(article_id).id for article_id in article_ids})
        if not ids:
            raise DeskError("name at least one article to split off")
        new_id = split_event_id(source, ids)
        current = {article: self.membership(article)[0] for article in ids}
        if all(event == new_id for event in current.values()):
            return self.event_summary(new_id)
        outside = [article for article, event in current.items() if event != source]
        if outside:
            raise DeskError(f"article {outside[0]} is not in event {source} (it is in {current[outside[0]]})")
        if len(ids) == len([m for m in self.store.members(source) if m.copy_of is None]):
            raise DeskError(f"that is every article of event {source}; nothing would be left to split from")
        self._decide("split", {"event": source, "articles": ids, "new_event": new_id}, f"split event {source}")
        return self.event_summary(new_id)

    def merge(self, event_id: str, others: Sequence[str]) -> EventSummary:
        """Merge events into the first one (a stored user decision): their articles, and later articles the
        clusterer would put into them, go to ``event_id``. Naming only the event itself is an error; naming an event
        merged into it before changes nothing. RETURNS (EventSummary): The merged event."""
        if not others:
            raise DeskError("name at least one event to merge into the first")
        target = self.event_id(event_id)
        itself = {target, self.store.find_id("event", event_id)}  # as named, and what it was merged into
        if all(self.store.find_id("event", other) in itself for other in others):
            raise DeskError(f"cannot merge event {target} with itself")
        sources = sorted({self.event_id(other) for other in others} - {target})
        if sources:
            self._decide("merge", {"into": target, "events": sources}, f"merge events into {target}")
        return self.event_summary(target)

    def rename(self, story: StorySummary, title: str) -> None:
        """Give ``story`` a title of the user's own (a stored decision kept through new articles and replays)."""
        payload = rename_payload(story.id, title)
        if story.title != payload["title"]:
            self._decide("rename", payload, f"rename story {story.id}")

    def _decide(self, kind: str, payload: dict[str, Any], what: str) -> None:
        """Store a decision and apply it; ``what`` says what the user asked for, in the error if the write fails."""
        self.clustering()
        with self.transaction(what):
            decision = self.store.add_decision(kind, payload)
            self.retitle(self._apply_decision(decision, kind, payload))

    def _reapply_decisions(self) -> None:
        self.store.reset_to_clusterer()
        touched: set[str] = set()
        for decision, kind, payload, _ in self.store.decisions():
            touched |= self._apply_decision(decision, kind, payload)
        self.retitle(touched)

    def _apply_decision(self, decision: int, kind: str, payload: dict[str, Any]) -> set[str]:
        """Apply one stored decision to the memberships or titles. RETURNS (set[str]): the events it changed."""
        if kind == "rename":
            self.store.set_story_titles([(payload["story"], payload["title"])])
            return set()
        if kind == "move":
            target = self.store.final_event(payload["event"])
            if not self.store.event_story(target) or not self.store.has_article(payload["article"]):
                LOGGER.warning("decision %d (move) skipped: event %s or article %s is gone", decision, target,
                               payload["article"])
                return set()
            before = self.store.membership(payload["article"])
            self.store.move_articles([payload["article"]], target, decision)
            return {target} | ({before[0]} if before else set())
        if kind == "split":
            source, new_id = self.store.final_event(payload["event"]), payload["new_event"]
            story = self.store.event_story(source)
            if story is None:
                LOGGER.warning("decision %d (split) skipped: event %s is gone", decision, source)
                return set()
            self.store.insert_event(new_id, story, title=None, origin="split")
            self.store.move_articles(payload["articles"], new_id, decision)
            return {source, new_id}
        target = self.store.final_event(payload["into"])
        sources = {self.store.final_event(event) for event in payload["events"]} - {target}
        self.store.merge_events(sorted(sources), target, decision)
        return {target}

    # -- reading ---------------------------------------------------------------------------------------------------

    def explain(self, article_id: str) -> Explanation:
        """Why an article is in its event: the evidence the clusterer measured when it joined, plus any copy
        relation or user decision that put it there."""
        article = self.article(article_id)
        event, machine, score, placement, decision = self.membership(article.id)
        notes = [placement.note]
        if decision is not None:
            seq, kind, payload, made_at = next(d for d in self.store.decisions() if d[0] == decision)
            notes.append(f"placed here by user decision #{seq} ({kind}, {made_at}); the clusterer had put it in "
                         f"{machine}")
        elif event != machine:
            notes.append(f"its event {machine} was merged into {event}")
        if placement.opened:
            notes.append("it was the first report of its event")
        story = self.store.event_story(event) or ""
        return Explanation(
            article=article.id,
            event=event,
            story=story,
            score=score,
            opened=placement.opened,
            shared_terms=list(placement.shared_terms),
            shared_entities=list(placement.shared_entities),
            shared_numbers=list(placement.shared_numbers),
            date_agreement=placement.date_agreement,
            components=dict(placement.components),
            note="; ".join(note for note in notes if note),
            copy_of=article.duplicate_of,
            story_note=story_link_note([StoryLink.from_data(link) for link in self.store.story_links(event)], story),
        )

    def similar(self, article_id: str, *, limit: int = 10, candidates: int = 50) -> list[Neighbour]:
        """The stored articles most likely to report the same event, best first, each with its same-event score
        in [0, 1] (0.5 is the join boundary). Candidates come from full-text search on the article's strongest
        terms and names (names find reports in other languages, whose words differ), so the cost does not grow
        with the desk."""
        article = self.article(article_id)
        clusterer = self.clustering_for_reading().clusterer
        doc = ClusterDoc.from_article(article, self.store.analysis(article.id))  # measured as when it was placed
        profile = clusterer.profile(clusterer.features(doc))
        words = [term for term, _ in strongest(profile.terms) if _PLAIN_WORD.fullmatch(term)][:12]
        names = [name for name, _ in strongest(profile.entities)
                 if all(_PLAIN_WORD.fullmatch(part) for part in name.split())][:8]
        if not words and not names:
            return []
        query = " OR ".join([f'"{word}"*' for word in words] + [f'"{name}"' for name in names])
        hits = self.store.search(query, limit=candidates + 1)
        neighbours = []
        for hit in hits:
            if hit.id == article.id:
                continue
            other = self.article(hit.id)
            membership = self.store.membership(other.id)
            other_doc = ClusterDoc.from_article(other, self.store.analysis(other.id))
            neighbours.append(Neighbour(other.id, other.title, other.outlet, other.published,
                                        explain_pair(doc, other_doc, clusterer=clusterer).score,
                                        membership[0] if membership else None, other.duplicate_of))
        neighbours.sort(key=lambda n: (-n.score, n.id))
        return neighbours[:limit]

    def compare(self, a: Article, b: Article) -> Evidence:
        """Same-event evidence of two articles (e.g. from ``read_article``), weighted with this desk's learned
        word frequencies (as last saved: see ``clustering_for_reading``)."""
        return compare_articles(a, b, clusterer=self.clustering_for_reading().clusterer)

    def ensure_placed(self) -> None:
        """Bring events up to date when articles lack one (a desk from before events, or articles stored by
        something that does not place them). Not on a desk opened read-only: there they show without an event."""
        if self._clustering is None and not self.store.read_only and self.store.count_unplaced():
            self.clustering()

    def _original(self, article_id: str) -> Article:
        article = self.article(article_id)
        if article.duplicate_of:
            raise DeskError(f"article {article.id} is a copy of {article.duplicate_of}; decide on the original "
                            "instead (its copies follow it)")
        return article

    def membership(self, article_id: str) -> tuple[str, str, float, Placement, int | None]:
        """(event, the clusterer's event, score, why it was placed there, the user decision that moved it)."""
        self.ensure_placed()
        membership = self.store.membership(article_id)
        if membership is None:
            raise DeskError(f"article {article_id} has no event yet; run newsdesk add again to place it")
        event, machine, score, evidence, decision = membership
        return event, machine, score, Placement.from_data(evidence), decision

    def event_id(self, event_id: str) -> str:
        self.ensure_placed()
        found = self.store.find_id("event", event_id)
        if found is None:
            raise DeskError(f"no event with id {event_id!r} on the desk {self.path}")
        return self.store.final_event(found)

    def event_summary(self, event_id: str) -> EventSummary:
        summaries = self.store.event_summaries(event_id=event_id)
        if not summaries:
            raise DeskError(f"event {event_id} has no articles left")
        return summaries[0]

    def article(self, article_id: str) -> Article:
        """The article with this id (or an unambiguous id prefix). Raises ``DeskError`` when there is none."""
        article = self.store.get_article(article_id)
        if article is None:
            raise DeskError(f"no article with id {article_id!r} on the desk {self.path}")
        return article

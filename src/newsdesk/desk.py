"""The ``Desk``: one newsdesk database and everything a user does with it.

The CLI (and any other front end) is a thin layer over this class, so a script can do exactly what the command
line does::

    from newsdesk import Desk
    with Desk("newsdesk.db") as desk:
        report = desk.add(["articles/"])
        for hit in desk.search('"Kim Jong-un" Brief'):
            print(hit.title)
        desk.export("out.jsonl", format="jsonl")
        for story in desk.stories():            # events and stories are kept up to date by ``add``
            print(story.title, story.events, story.articles)
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import os
import re
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import IO, Any, Literal, TypeVar

from newsdesk import eventbook
from newsdesk.analysis import ANALYSIS_VERSION
from newsdesk.cluster import Evidence
from newsdesk.dossier import DOSSIER_VERSION, Dossier, build_dossier
from newsdesk.dossier.build import dossier_from_dict
from newsdesk.errors import DeskError
from newsdesk.eventbook import EventBook
from newsdesk.export import write_export, write_parquet_export
from newsdesk.gcpause import collector_paused
from newsdesk.ingest import content_id
from newsdesk.model import (
    Article,
    EventDetail,
    EventSummary,
    Explanation,
    Member,
    Neighbour,
    SourceDocument,
    SourceProblem,
    StoryDetail,
    StorySummary,
)
from newsdesk.prepare import Job, Prepared, PrepareSettings, Preparer, analysis_or_problem, failure, worker_pool
from newsdesk.sources import iter_sources
from newsdesk.sources._paths import default_outlet
from newsdesk.store import SearchHit, Store, StoreFailure

LOGGER = logging.getLogger(__name__)

DEFAULT_DB = "newsdesk.db"
DB_ENVIRONMENT_VARIABLE = "NEWSDESK_DB"
#: Dossiers built but not stored (a read-only desk), kept in this process by desk file, story, version and
#: fingerprint, newest last: the fingerprint changes with anything the dossier is built from, so an entry is never
#: stale, only unused. Dossiers are frozen dataclasses, safe to hand to several callers.
UNSTORED_DOSSIERS_KEPT = 32
_UNSTORED_DOSSIERS: OrderedDict[tuple[str, str, int, str], Dossier] = OrderedDict()
#: Bounds of a search query: each term, and a prefix term far more, costs a scan of the full-text index, so a
#: query of thousands of them (pasted, or sent to a server) would hold the desk for many seconds.
MAX_QUERY_CHARS = 2_000
MAX_QUERY_TERMS = 64
MAX_QUERY_PREFIXES = 8
_QUERY_TERM = re.compile(r"\w+\*?")
_QUERY_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})
#: Inputs whose ids ``add`` looks up in one query to skip those stored already: enough that the query costs
#: little per input, few enough that the inputs read ahead of preparing them take little memory.
IDS_LOOKED_UP_TOGETHER = 64


def default_db_path() -> str:
    """``$NEWSDESK_DB`` if set, else ``./newsdesk.db``."""
    return os.environ.get(DB_ENVIRONMENT_VARIABLE) or DEFAULT_DB


@dataclass(slots=True)
class AddReport:
    """What one ``Desk.add`` call did. ``problems`` lists every input that failed, with the reason;
    ``analyses_reused`` counts the added articles whose analysis came with the input (a newsdesk Parquet export)."""

    added: int = 0
    unchanged: int = 0
    copies: int = 0
    analyses_reused: int = 0
    problems: list[SourceProblem] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.problems)

    def count(self, kind: str, item: object) -> None:
        """Count one progress notice: ("added", Article), ("unchanged", id) or ("failed", SourceProblem)."""
        if kind == "added" and isinstance(item, Article):
            self.added += 1
            self.copies += item.duplicate_of is not None
        elif kind == "unchanged":
            self.unchanged += 1
        elif kind == "failed" and isinstance(item, SourceProblem):
            self.problems.append(item)


#: Called for each input once its batch is committed: ("added" | "unchanged", Article or id) or ("failed",
#: SourceProblem); before that, ``Desk.add`` reports ("read", article id) as each input has been prepared, so that a
#: progress display moves with the input rather than with the commits. ``Desk.analyze`` reports ("analyzed",
#: Article) or ("failed", SourceProblem).
ProgressCallback = Callable[[str, object], None]
Notice = tuple[str, object]
"""One progress notice, kept until its batch is committed."""
_Written = TypeVar("_Written")


def _about_the_article(error: Exception) -> bool:
    """Whether an exception while storing or placing one article is that article's problem, not the desk's: a
    database failure about the record being written (too big, a value the database cannot take) costs that article;
    one about the desk (busy, read-only, full, damaged, unreachable) stops the add."""
    if isinstance(error, StoreFailure):
        return error.about_the_record
    return not isinstance(error, DeskError)


def _identified(doc: SourceDocument | SourceProblem) -> tuple[SourceDocument | SourceProblem, str]:
    """An input with its article id (``content_id``; ``""`` for a problem), or the problem reading it made."""
    if isinstance(doc, SourceProblem):
        return doc, ""
    try:
        return doc, content_id(doc)
    except Exception as error:
        return failure(doc.origin, "reading", error), ""


def _announced(prepared: Iterator[Prepared], notify: ProgressCallback) -> Iterator[Prepared]:
    """The prepared inputs, each reported as ("read", its article id) when it comes out of the preparer."""
    for item in prepared:
        notify("read", item.article_id)
        yield item


class _DeskMoved(Exception):
    """Another process stored articles since this one's clustering state last placed one: catch up, then retry."""


class _PlacementFailed(Exception):
    """Placing an article failed after the clustering state took it in: its batch must be stored again without it."""

    def __init__(self, item: Prepared, problem: SourceProblem) -> None:
        super().__init__(str(problem))
        self.item, self.problem = item, problem


class Desk:
    """A desk: a SQLite file of articles with the operations newsdesk offers on it.

    A file that is not a newsdesk desk is refused untouched. Reading never writes: listings show what is stored,
    and ``similar`` and ``compare`` use the clustering state as last saved (see ``EventBook.clustering_for_reading``).
    Events and stories are kept by ``book`` (an ``EventBook``): the methods about them here hand over to it.

    path (Path | str | None): The database file, or a PostgreSQL database's URL (``postgresql://user@host/db``, a
        desk shared by several machines); ``None`` means ``$NEWSDESK_DB`` or ``./newsdesk.db``.
    create (bool): Make a new desk when the file is missing or empty; ``False``: that is a ``DeskError``.
    read_only (bool): Open for reading only (never creates): what read commands do, so that they take no lock and
        work on a desk in a folder or file this process cannot write. Writing methods raise ``DeskError``.
    """

    def __init__(self, path: Path | str | None = None, *, create: bool = True, read_only: bool = False) -> None:
        self.path = str(path) if path is not None else default_db_path()
        self.store = Store(self.path, create=create, read_only=read_only)
        # events and stories: placement, decisions, evidence. Messages name the desk as ``store.name`` does: a
        # PostgreSQL URL without its password.
        self.book = EventBook(self.store, self.store.name)
        self._preparer: Preparer | None = None  # kept between adds: its worker pool is slow to start

    def __enter__(self) -> Desk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._preparer is not None:
            self._preparer.close()
            self._preparer = None
        self.store.close()

    def add(
        self,
        paths: Sequence[str],
        *,
        field_map: Mapping[str, str] | None = None,
        max_bytes: int = 20_000_000,
        outlet: str | None = None,
        outlet_from_folder: bool = False,
        stdin: IO[str] | IO[bytes] | None = None,
        progress: ProgressCallback | None = None,
        analyze: bool = True,
        workers: int | None = 1,
    ) -> AddReport:
        """Ingest files, folders, globs or ``-`` (stdin): read, extract, clean and store every article in them.

        Input already on the desk is recognised by its content hash and left alone, so re-running is safe.
        Bad input never stops the run: each failure is reported (``AddReport.problems``, also stored in the
        desk's ``ingest_problems``) and the rest goes on. Articles are committed in batches of ``eventbook.BATCH_SIZE``.

        outlet (str | None): Outlet name for inputs whose source names none (plain text files).
        outlet_from_folder (bool): Use the name of each file's folder as its outlet when the source names none.
        analyze (bool): Run the analysis stage (sentences, dates, quotes, inferred publication date) on each new
            article. ``False`` ingests several times faster; ``Desk.analyze()`` catches up later.
        workers (int | None): Processes that extract, clean, sign, measure and analyse the documents ahead of
            placing them (``newsdesk.prepare``); ``None``: every core, once the input is long enough to repay
            starting them (``newsdesk add`` does that). The result is the same for any number. Like any process
            pool started with ``spawn``, more than one needs a script's top level guarded by
            ``if __name__ == "__main__":``.
        """
        report = AddReport()
        notify = progress or (lambda kind, item: None)
        self.book.drop_if_stale()  # another Desk on this file added articles since: load its state
        clustering = self.book.clustering()
        if self._preparer is None or self._preparer.workers != workers:
            if self._preparer is not None:
                self._preparer.close()
            self._preparer = Preparer(workers)
        run_id = self.store.start_run(paths)
        documents = iter_sources(paths, field_map=field_map, max_bytes=max_bytes, stdin=stdin)
        prepared = self._preparer.map(self._jobs(documents, outlet=outlet, outlet_from_folder=outlet_from_folder),
                                      PrepareSettings(clustering.clusterer.feature_settings(), analyze))
        prepared = _announced(prepared, notify)
        with collector_paused():
            self._add_batches(prepared, run_id, report, notify)
        self.store.finish_run(run_id, added=report.added, unchanged=report.unchanged, failed=report.failed)
        return report

    def _add_batches(self, prepared: Iterator[Prepared], run_id: int, report: AddReport,
                     notify: ProgressCallback) -> None:
        """Store and place the prepared articles, ``eventbook.BATCH_SIZE`` per transaction.

        A batch is read and prepared before its transaction begins, so the desk's write lock is held only while it
        is stored and placed (another command waits for that, not for the input to be read), and its progress is
        reported once it is committed: "added" means stored. An article that fails to place costs only itself:
        the batch is rolled back, the clustering state (which took the article in) reloaded, and the batch stored
        again with that article as a problem. When another process added articles in between, this one catches up
        with them (the saved state, then a replay of what came after it) and stores its batch after theirs.
        """
        batch: list[Prepared] = []
        batches, saved = 0, True
        while True:
            batch.extend(islice(prepared, eventbook.BATCH_SIZE - len(batch)))
            if not batch:
                break
            gc.freeze()  # see newsdesk.gcpause
            # the last batch saves too
            save = len(batch) < eventbook.BATCH_SIZE or (batches + 1) % eventbook.SAVE_EVERY_BATCHES == 0
            try:
                notices = self._store_batch(batch, run_id, save=save)
            except _PlacementFailed as failed:
                batch = [Prepared(item.article_id, failed.problem) if item is failed.item else item for item in batch]
                self.book.clustering()  # reloaded without the articles the rollback removed
                continue
            except _DeskMoved:
                LOGGER.info("%s: another process added articles; placing them before this add goes on", self.path)
                self.book.clustering()  # the rollback dropped the in-memory state: load theirs and replay what is newer
                continue
            reused = {item.article_id for item in batch if item.analysis_reused}
            batches, saved, batch = batches + 1, save, []
            for kind, item in notices:
                report.count(kind, item)
                report.analyses_reused += kind == "added" and isinstance(item, Article) and item.id in reused
                notify(kind, item)
        if not saved:  # the input ended with a full batch
            with self.book.transaction():
                self.book.save()

    def _store_batch(self, batch: list[Prepared], run_id: int, *, save: bool) -> list[Notice]:
        """Store and place one batch in one transaction. RETURNS: its progress notices, for once it is committed."""
        notices: list[Notice] = []
        touched: set[str] = set()
        with self.book.transaction():
            if self.book.is_behind():
                raise _DeskMoved
            for item in batch:
                notices.extend(self._add_one(item, run_id, touched))
            self.book.retitle(touched)
            if save:
                self.book.save()
        return notices

    def _jobs(self, documents: Iterable[SourceDocument | SourceProblem], *, outlet: str | None,
              outlet_from_folder: bool) -> Iterator[Job]:
        """What to prepare for each input: nothing for one stored already (re-running an add costs little), which
        is asked of the store once per ``IDS_LOOKED_UP_TOGETHER`` inputs."""
        documents = iter(documents)
        while chunk := [_identified(doc) for doc in islice(documents, IDS_LOOKED_UP_TOGETHER)]:
            stored = self.store.existing_ids([article_id for doc, article_id in chunk
                                              if isinstance(doc, SourceDocument)])
            for doc, article_id in chunk:
                if isinstance(doc, SourceDocument):
                    if article_id in stored:
                        yield None, article_id
                        continue
                    if not doc.outlet:
                        doc.outlet = default_outlet(doc.origin, outlet, outlet_from_folder)
                yield doc, article_id

    def _add_one(self, item: Prepared, run_id: int, touched: set[str]) -> list[Notice]:
        """Store and place one prepared article, inside its batch's transaction. An exception that comes from the
        article while storing it undoes only its writes; one while placing it raises ``_PlacementFailed``.
        RETURNS: its progress notices."""
        result = item.article
        if result is None:
            return [("unchanged", item.article_id)]
        if isinstance(result, SourceProblem):
            return [self._failed(run_id, result)]
        analysis = None if item.analysis is None else (ANALYSIS_VERSION, item.analysis)
        stored = self._isolated(result.source, "storing", lambda: self.store.add_article(
            result, analysis=analysis, signature=item.signature, buckets=item.bands))
        if isinstance(stored, SourceProblem):
            return [self._failed(run_id, stored)]
        # the job was read ahead, and the same input may occur twice in one add: the store keeps the first
        if stored is None:
            return [("unchanged", item.article_id)]
        result.duplicate_of = stored.copy_of
        try:
            self.book.place_new(result, touched, item, stored)
        except Exception as error:
            if not _about_the_article(error):
                raise
            raise _PlacementFailed(item, failure(result.source, "placing", error)) from error
        if item.analysis_problem is not None:
            return [("added", result), self._failed(run_id, item.analysis_problem)]
        return [("added", result)]

    @staticmethod
    def _isolated(origin: str, stage: str, write: Callable[[], _Written]) -> _Written | SourceProblem:
        """Run ``write``, which undoes its own writes when it fails (in a savepoint). RETURNS: what it returned, or
        the problem an exception that comes from the article (not from the desk file, which stops the run) made."""
        try:
            return write()
        except Exception as error:
            if not _about_the_article(error):
                raise
            return failure(origin, stage, error)

    def _failed(self, run_id: int, problem: SourceProblem) -> Notice:
        self.store.record_problem(run_id, problem.origin, problem.reason)
        return "failed", problem

    # -- analysis ----------------------------------------------------------------------------------------------------

    def analyze(self, *, workers: int = 1, progress: ProgressCallback | None = None) -> int:
        """Analyse every stored article that has no analysis of the current ``ANALYSIS_VERSION`` (added with
        ``analyze=False``, or analysed by an older release), in batches. Safe to re-run. An article whose analysis
        fails is reported (``progress("failed", SourceProblem)``) and left without one; the rest goes on.

        workers (int): Processes that analyse in parallel (each loads the language models once, ~300 MB); results
            are stored by this process, in the order added, so the outcome is the same for any number.
        RETURNS (int): articles analysed.
        """
        if workers < 1:
            raise DeskError(f"workers must be at least 1, not {workers}")
        notify = progress or (lambda kind, item: None)
        done = after = 0
        pool = worker_pool(workers) if workers > 1 else None
        try:
            while batch := self.store.articles_to_analyze(ANALYSIS_VERSION, after=after, limit=eventbook.BATCH_SIZE):
                articles = [article for _, article in batch]
                # all analysed before the transaction begins: the write lock is held only to store the records
                results = list(pool.map(analysis_or_problem, articles, chunksize=8) if pool
                               else map(analysis_or_problem, articles))
                with self.store.transaction("store analyses"):
                    notices = [self._store_analysis(article, result)
                               for article, result in zip(articles, results, strict=True)]
                for kind, item in notices:
                    done += kind == "analyzed"
                    notify(kind, item)
                after = batch[-1][0]
        finally:
            if pool is not None:
                pool.shutdown(cancel_futures=True)
        return done

    def _store_analysis(self, article: Article, result: dict[str, Any] | SourceProblem) -> Notice:
        if isinstance(result, SourceProblem):
            return "failed", result
        problem = self._isolated(article.source, "storing", lambda: self._save_analysis(article.id, result))
        return ("failed", problem) if problem is not None else ("analyzed", article)

    def _save_analysis(self, article_id: str, record: dict[str, Any]) -> None:
        with self.store.savepoint():
            self.store.save_analysis(article_id, ANALYSIS_VERSION, record)

    def unanalyzed(self) -> int:
        """How many stored articles ``analyze`` would analyse now (for its progress)."""
        return self.store.count_to_analyze(ANALYSIS_VERSION)

    def analysis(self, article_id: str) -> dict[str, Any] | None:
        """What the analysis stage found in an article (id or prefix), as in the export; ``None`` if not analysed."""
        return self.store.analysis(self.article(article_id).id)

    # -- events and stories: user decisions (kept by the ``EventBook``) -------------------------------------------

    def move(self, article_id: str, event_id: str) -> EventSummary:
        """Put an article (and its copies) into another event, as a stored user decision that survives replays.

        RETURNS (EventSummary): The event it is in now. Raises ``DeskError`` for unknown ids or a copy.
        """
        return self.book.move(article_id, event_id)

    def split(self, event_id: str, article_ids: Sequence[str]) -> EventSummary:
        """Take articles out of an event into a new event of the same story (a stored user decision).

        Re-running the same split changes nothing. RETURNS (EventSummary): The new event.
        """
        return self.book.split(event_id, article_ids)

    def merge(self, event_id: str, others: Sequence[str]) -> EventSummary:
        """Merge events into the first one (a stored user decision): their articles, and later articles the
        clusterer would put into them, go to ``event_id``. Naming only the event itself is an error; naming an event
        merged into it before changes nothing. RETURNS (EventSummary): The merged event."""
        return self.book.merge(event_id, others)

    def rename(self, story_id: str, title: str) -> StorySummary:
        """Give a story (id or unambiguous prefix) a title of the user's own, as a stored user decision: it is kept
        when new articles join and through replays, until the next rename. RETURNS (StorySummary): The story."""
        story = self.story(story_id).story
        self.book.rename(story, title)
        return self.story(story.id).story

    # -- events and stories: reading -------------------------------------------------------------------------------

    def stories(self) -> list[StorySummary]:
        """Every story, newest first (by the latest publication, or addition time for undated articles)."""
        self.book.ensure_placed()
        return self.store.story_summaries()

    def story(self, story_id: str) -> StoryDetail:
        """One story (id or unambiguous prefix) with its events and their articles, copies under originals."""
        self.book.ensure_placed()
        with self.store.snapshot():
            found = self.store.find_id("story", story_id)
            summaries = self.store.story_summaries(story_id=found) if found else []
            if not summaries:
                raise DeskError(f"no story with id {story_id!r} on the desk {self.path}")
            events = [EventDetail(event, _originals_first(self.store.members(event.id)))
                      for event in self.store.event_summaries(story_id=found)]
        return StoryDetail(summaries[0], events)

    def dossier(self, story_id: str) -> Dossier:
        """The dossier of one story (id or unambiguous prefix): brief, timeline, actors, who said what, sources and
        disagreements, computed from the stored articles and analyses (``newsdesk.dossier``).

        The dossier is stored with a fingerprint of what it was built from (members, events, copies, analysis
        versions, title) and ``DOSSIER_VERSION``; while both match it is read back instead of built again. A built
        one is stored when the desk can be written at once; one that could not be stored (a read-only desk, as the
        web app opens) is kept in this process for the next call, so a story page is built once, not per view."""
        detail = self.story(story_id)
        ids = [member.id for event in detail.events for member in event.members]
        versions = self.store.analysis_versions(ids)
        fingerprint = hashlib.sha256(json.dumps([detail.story.title, [
            [event.event.id, member.id, member.copy_of, versions.get(member.id)]
            for event in detail.events for member in event.members]]).encode()).hexdigest()
        cached = self.store.cached_dossier(detail.story.id)
        if cached is not None and cached[:2] == (DOSSIER_VERSION, fingerprint):
            return dossier_from_dict(json.loads(cached[2]))
        key = (os.path.abspath(self.path), detail.story.id, DOSSIER_VERSION, fingerprint)
        if self.store.read_only and key in _UNSTORED_DOSSIERS:
            _UNSTORED_DOSSIERS.move_to_end(key)
            return _UNSTORED_DOSSIERS[key]
        inputs = self.store.articles_with_analyses(ids)
        dossier = build_dossier(detail, {i: inputs[i][0] for i in ids}, {i: inputs[i][2] for i in ids})
        if not self.store.save_dossier(detail.story.id, DOSSIER_VERSION, fingerprint,
                                       json.dumps(dossier.to_dict(), ensure_ascii=False)):
            _UNSTORED_DOSSIERS[key] = dossier
            if len(_UNSTORED_DOSSIERS) > UNSTORED_DOSSIERS_KEPT:
                _UNSTORED_DOSSIERS.popitem(last=False)
        return dossier

    def events(self, *, story: str | None = None) -> list[EventSummary]:
        """Every event that has articles (of one story when given), oldest first."""
        self.book.ensure_placed()
        if story is None:
            return self.store.event_summaries()
        return [detail.event for detail in self.story(story).events]

    def event(self, event_id: str) -> EventDetail:
        """One event (id or unambiguous prefix; a merged event's id leads to where it was merged) with members."""
        self.book.ensure_placed()
        with self.store.snapshot():
            return self._event_detail(self.book.event_id(event_id))

    def _event_detail(self, event_id: str) -> EventDetail:
        summary = self.book.event_summary(event_id)
        return EventDetail(summary, _originals_first(self.store.members(summary.id)))

    def explain(self, article_id: str) -> Explanation:
        """Why an article is in its event: the evidence the clusterer measured when it joined, plus any copy
        relation or user decision that put it there."""
        return self.book.explain(article_id)

    def similar(self, article_id: str, *, limit: int = 10, candidates: int = 50) -> list[Neighbour]:
        """The stored articles most likely to report the same event, best first, each with its same-event score
        in [0, 1] (0.5 is the join boundary). Candidates come from full-text search on the article's strongest
        terms and names (names find reports in other languages, whose words differ), so the cost does not grow
        with the desk."""
        return self.book.similar(article_id, limit=limit, candidates=candidates)

    def compare(self, a: Article, b: Article) -> Evidence:
        """Same-event evidence of two articles (e.g. from ``read_article``), weighted with this desk's learned
        word frequencies (as last saved: see ``EventBook.clustering_for_reading``)."""
        return self.book.compare(a, b)

    def article(self, article_id: str) -> Article:
        """The article with this id (or an unambiguous id prefix). Raises ``DeskError`` when there is none."""
        return self.book.article(article_id)

    def articles(self) -> Iterator[Article]:
        """Every article, in the order added (streamed)."""
        return self.store.iter_articles()

    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        """Ranked full-text hits over titles and texts. ``query`` uses SQLite FTS5 syntax (words, "phrases", OR,
        NOT, prefix*); an invalid query raises ``DeskError`` with a hint."""
        if not query.strip():
            raise DeskError("the search query is empty")
        terms = [term for term in _QUERY_TERM.findall(query) if term not in _QUERY_OPERATORS]
        prefixes = sum(term.endswith("*") for term in terms)
        if len(query) > MAX_QUERY_CHARS or len(terms) > MAX_QUERY_TERMS or prefixes > MAX_QUERY_PREFIXES:
            raise DeskError(f"the search query is too large ({len(query):,} characters, {len(terms):,} terms, "
                            f"{prefixes:,} prefix terms); at most {MAX_QUERY_CHARS:,} characters, "
                            f"{MAX_QUERY_TERMS} terms and {MAX_QUERY_PREFIXES} prefix terms")
        return self.store.search(query, limit=limit)

    def export(self, destination: str | Path | IO[str], *,
               format: Literal["json", "jsonl", "parquet"] = "json") -> int:
        """Write the desk in the versioned export format (``docs/export-format.md``). RETURNS (int): articles.

        ``parquet`` needs a file name: the events and stories go into two files beside it
        (``export.parquet_export_paths``)."""
        if format == "parquet":
            if not isinstance(destination, (str, Path)):
                raise DeskError("a Parquet export needs a file to write: give one, e.g. -o desk.parquet")
            return self._write_export(lambda articles, **parts: write_parquet_export(articles, destination, **parts))
        if isinstance(destination, (str, Path)):
            target = Path(destination)
            temporary = target.with_name(target.name + ".partial")
            try:
                with temporary.open("w", encoding="utf-8") as handle:
                    count = self._write_export(
                        lambda articles, **parts: write_export(articles, handle, format=format, **parts))
            except BaseException:
                temporary.unlink(missing_ok=True)
                raise
            temporary.replace(target)  # never leave a half-written export under the real name
            return count
        return self._write_export(lambda articles, **parts: write_export(articles, destination, format=format, **parts))

    def _write_export(self, write: Callable[..., int]) -> int:
        """The export of one snapshot of the desk: articles, events and stories as they were at one moment, even
        while another process adds. ``write`` takes the articles and ``events``, ``stories`` and ``dossier``."""
        self.book.ensure_placed()
        with self.store.snapshot():
            events = (self._event_detail(summary.id) for summary in self.store.event_summaries())
            return write(self.store.iter_placed_articles(), events=events, stories=self.store.story_summaries(),
                         dossier=self.dossier)

    def summary(self) -> dict[str, object]:
        """Counts for a quick look at the desk (articles, copies, languages, outlets, dated, removed lines)."""
        return self.store.summary()




def _originals_first(members: list[Member]) -> list[Member]:
    """Members in added order with each copy moved right behind its original."""
    copies: dict[str, list[Member]] = {}
    for member in members:
        if member.copy_of:
            copies.setdefault(member.copy_of, []).append(member)
    ordered = []
    for member in members:
        if not member.copy_of:
            ordered.append(member)
            ordered.extend(copies.pop(member.id, []))
    ordered.extend(member for group in copies.values() for member in group)  # originals elsewhere: still shown
    return ordered

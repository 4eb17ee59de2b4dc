"""The per-article work of ``Desk.add`` that needs nothing stored, run in worker processes when it pays.

Extracting and cleaning a source record, its MinHash signature, the features the event clusterer compares and
(when asked) the analysis stage depend on the document alone. Only what comes after (is it stored already, which
article it copies, which event it joins) reads the desk, and that must happen one article at a time in arrival
order. So ``Preparer`` does the first part ahead, in a pool of processes, while the desk places the articles
prepared before; results come back in input order, so the outcome is the same for any number of workers.

A pool costs about a second to start (each worker imports the stack, and with analysis loads the language models
once), so by default it starts only once an ``add`` has shown enough documents to repay that: ``AUTO_POOL_AFTER``.

Whatever goes wrong while one document is prepared is that document's problem (``failure``), never the run's: a
bug that one odd record triggers costs that record, with a one-line reason, and the rest of the input goes on.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from newsdesk import dedup
from newsdesk._cores import usable_cores
from newsdesk.analysis import ANALYSIS_VERSION, analyze_article, publication_day
from newsdesk.cluster import ClusterDoc, DocFeatures, extract_features
from newsdesk.errors import DeskError
from newsdesk.ingest import build_article
from newsdesk.lang import normalise
from newsdesk.model import Article, SourceDocument, SourceProblem
from newsdesk.plaintext import plain_text

__all__ = ["AUTO_POOL_AFTER", "Prepared", "PrepareSettings", "Preparer", "analysis_or_problem", "failure", "prepare",
           "reused_analysis", "worker_pool"]

LOGGER = logging.getLogger(__name__)

AUTO_POOL_AFTER = {False: 500, True: 40}
"""Documents an ``add`` must have read (``False``), or analysed itself (``True``: not counting those whose analysis
the input carried), before the default ``Preparer`` starts a pool. As in renting skis until the rent paid would
have bought them: the pool is started once the time two workers would have saved on the documents so far matches
what starting them costs (~1 s, and ~3 s with the language models, for ~1.2 ms and ~75 ms saved per document), so a
short input never pays for a pool and a long one loses little."""

CHUNK = 16
"""Documents sent to a worker at once: fewer round trips, and still a short wait for the first results."""

REASON_CHARS = 300
"""Longest exception message a problem quotes (a message may quote the whole input)."""


@dataclass(frozen=True, slots=True)
class PrepareSettings:
    """How to prepare: the clusterer's ``feature_settings()``, and whether to run the analysis stage."""

    features: dict[str, float]
    analyze: bool


@dataclass(frozen=True, slots=True)
class Prepared:
    """One input document made ready to store and place.

    article: The built article, the reason it cannot be one, or ``None`` when it was stored already (``article_id``
        says which; nothing was prepared).
    signature: Its MinHash signature (``None`` for texts too short to have one); bands: the signature's LSH
        bucket keys (``dedup.band_keys``).
    features: What the event clusterer compares (``OnlineEventClusterer.feature_settings()``).
    analysis: The analysis record, when analysis was asked for.
    analysis_problem: Why there is no analysis record although one was asked for; the article is stored without.
    analysis_reused: Whether ``analysis`` is the record the input carried (``reused_analysis``), not computed here.
    """

    article_id: str
    article: Article | SourceProblem | None
    signature: bytes | None = None
    bands: list[int] = field(default_factory=list)
    features: DocFeatures | None = None
    analysis: dict[str, Any] | None = None
    analysis_problem: SourceProblem | None = None
    analysis_reused: bool = False


def prepare(doc: SourceDocument | SourceProblem, article_id: str, settings: PrepareSettings) -> Prepared:
    """Build one article from its source record and measure it (a pure function of its arguments). An exception
    in any step becomes the document's problem; one in the analysis leaves the article without an analysis."""
    if isinstance(doc, SourceProblem):
        return Prepared(article_id, doc)
    try:
        result = build_article(doc, article_id=article_id)
    except Exception as error:
        return Prepared(article_id, failure(doc.origin, "extraction", error))
    if isinstance(result, SourceProblem):
        return Prepared(article_id, result)
    reused = reused_analysis(doc, result) if settings.analyze else None
    analysis = reused or (analysis_or_problem(result) if settings.analyze else None)
    problem = analysis if isinstance(analysis, SourceProblem) else None
    record = analysis if isinstance(analysis, dict) else None
    try:
        signature, bands = dedup.signed(result.text)
        measured = ClusterDoc.from_article(result, record)  # the clusterer reads the analysis' entities
        features = extract_features(measured, **settings.features)
    except Exception as error:
        return Prepared(article_id, failure(doc.origin, "measuring", error))
    return Prepared(article_id, result, signature=signature, bands=bands, features=features,
                    analysis=record, analysis_problem=problem, analysis_reused=reused is not None)


def reused_analysis(doc: SourceDocument, article: Article) -> dict[str, Any] | None:
    """The analysis record ``doc`` carried (a newsdesk export's), when it is what ``analyze_article`` would
    compute for ``article``: made by the current ``ANALYSIS_VERSION``, for the same language, and the article came
    out of extraction and cleaning with the text, title and publication day the record was made from (an export
    stores clean text, which cleaning leaves as it is). Analysis is most of the cost of adding an exported desk
    again; anything else (an older or missing version, a text that cleaning changed) is analysed as usual."""
    record = doc.analysis
    if not isinstance(record, dict) or type(record.get("version")) is not int:  # a JSON true is no version
        return None
    same_input = (doc.content_type == "text" and article.text == doc.content and article.title == doc.title
                  and publication_day(article.published) == publication_day(doc.published)
                  and article.language == doc.language and record.get("language") == normalise(article.language))
    return record if same_input and record["version"] == ANALYSIS_VERSION else None


def analysis_or_problem(article: Article) -> dict[str, Any] | SourceProblem:
    """The article's analysis record, or the problem that stopped its analysis (``Desk.analyze`` runs this in
    worker processes, so that one failing article does not lose the others' records)."""
    try:
        return analyze_article(article)
    except Exception as error:
        return failure(article.source, "analysis", error)


def failure(origin: str, stage: str, error: Exception) -> SourceProblem:
    """The problem an unexpected exception in one document's ``stage`` makes: one line with the exception's type
    and message (``analysis failed: OverflowError: date value out of range``); the traceback goes to the debug
    log, for a bug report."""
    LOGGER.debug("%s: %s failed", origin, stage, exc_info=error)
    message = " ".join(plain_text(str(error)).split())
    if len(message) > REASON_CHARS:
        message = message[: REASON_CHARS - 1] + "…"
    return SourceProblem(origin, f"{stage} failed: {type(error).__name__}" + (f": {message}" if message else ""))


Job = tuple[SourceDocument | SourceProblem | None, str]
"""A document and its article id; ``None`` for one stored already (it is passed through, not prepared)."""


def _prepare_job(job: Job, settings: PrepareSettings) -> Prepared:
    doc, article_id = job
    return Prepared(article_id, None) if doc is None else prepare(doc, article_id, settings)


def _prepare_chunk(jobs: list[Job], settings: PrepareSettings) -> list[Prepared]:
    return [_prepare_job(job, settings) for job in jobs]


def worker_pool(size: int) -> ProcessPoolExecutor:
    """A pool of ``size`` processes for the desk's parallel stages (preparing articles, ``Desk.analyze``).

    ``spawn``, not ``fork``: the parent may hold model thread pools and an open database, which a fork would copy.
    Workers leave Ctrl-C to the desk's process, which rolls the batch back and shuts them down (otherwise each
    worker prints its own traceback), and end when that process ends, however it ends (``_start_worker``).
    """
    from_main_thread = threading.current_thread() is threading.main_thread()
    return ProcessPoolExecutor(size, mp_context=multiprocessing.get_context("spawn"), initializer=_start_worker,
                               initargs=(os.getpid(), from_main_thread))


PARENT_POLL_SECONDS = 1.0
"""How often a worker checks that the process that started it is still there, where the kernel does not tell it."""
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _start_worker(parent: int, from_main_thread: bool) -> None:
    """Set up a worker process: leave Ctrl-C to the parent, and end when the parent ends. A killed ``add`` cannot
    shut its pool down, and its workers (each holding the language models, up to a GB) would wait for work for
    good. On Linux the kernel kills them with the parent (``PR_SET_PDEATHSIG``; it fires when the *thread* that
    started them ends, so only for a pool started by the main thread); everywhere, a daemon thread checks every
    ``PARENT_POLL_SECONDS`` whether the parent is gone (the worker is then adopted by another process)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux") and from_main_thread:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the kernel was told
        os._exit(1)
    threading.Thread(target=_exit_when_orphaned, args=(parent,), name="newsdesk-parent-watch", daemon=True).start()


def _exit_when_orphaned(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_SECONDS)
    os._exit(1)


class Preparer:
    """Prepares documents in input order, in this process or in a pool kept until ``close``.

    workers: Processes to prepare in. ``None``: every core this process may use, once an ``add`` has read
        ``AUTO_POOL_AFTER`` documents (before that, and on one core, in this process). 1: always in this process.
    """

    def __init__(self, workers: int | None = None) -> None:
        if workers is not None and workers < 1:
            raise ValueError(f"workers must be at least 1, not {workers}")
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    def _pool_size(self) -> int:
        if self.workers is not None:
            return self.workers
        return usable_cores()

    def map(self, jobs: Iterable[Job], settings: PrepareSettings) -> Iterator[Prepared]:
        """Each job prepared, in order. With a pool, up to ``4 * CHUNK`` documents per worker are read ahead of
        the one handed out, which bounds memory however long the input is."""
        jobs = iter(jobs)
        size = self._pool_size()
        if self._pool is None and size > 1 and self.workers is None:
            yield from self._until_a_pool_pays(jobs, settings)
            following = next(jobs, None)
            if following is None:
                return
            jobs = chain([following], jobs)
        if self._pool is None and size > 1:
            self._pool = worker_pool(size)
        if self._pool is None:
            yield from (_prepare_job(job, settings) for job in jobs)
            return
        pending: deque[Future[list[Prepared]]] = deque()
        while True:
            chunk = [job for _, job in zip(range(CHUNK), jobs, strict=False)]
            try:
                if chunk:
                    pending.append(self._pool.submit(_prepare_chunk, chunk, settings))
                ready = pending.popleft().result() if pending and (not chunk or len(pending) >= 4 * size) else None
            except BrokenProcessPool as error:
                self.close()
                raise DeskError(f"a worker process preparing articles stopped unexpectedly ({error}); the batches "
                                "stored before it are kept: run the add again, with --workers 1 (workers=1) if "
                                "it happens again") from error
            if ready is not None:
                yield from ready
            elif not chunk:
                return

    @staticmethod
    def _until_a_pool_pays(jobs: Iterator[Job], settings: PrepareSettings) -> Iterator[Prepared]:
        """Prepare in this process until the input has shown it is long enough for a pool: ``AUTO_POOL_AFTER``
        documents, or as many analysed here (one whose analysis came with the input costs what one without does)."""
        read = analysed = 0
        while read < AUTO_POOL_AFTER[False] and analysed < AUTO_POOL_AFTER[True]:
            job = next(jobs, None)
            if job is None:
                return
            item = _prepare_job(job, settings)
            read += 1
            analysed += settings.analyze and isinstance(item.article, Article) and not item.analysis_reused
            yield item

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

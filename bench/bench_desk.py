"""Desk-level benchmark: ``Desk.add`` with copy detection, event assignment and story linking as the desk grows.

    python bench/bench_desk.py --articles 20000            # while iterating
    python bench/bench_desk.py --articles 100000 --json    # the figure that counts

The stream: the 1,028 real 10kGNAD articles first (../shared/datasets/10kgnad, read at run time, never copied),
then generated ones. A generated article draws 5–12 sentences from the pool of one 10kGNAD category, adds two
invented names and gets a publication date that advances ~100 articles per day. Drawing from a category pool (not
shuffling one text, as ``bench/run.py`` does) keeps generated articles from being near-copies of each other, so
nearly all of them reach the clusterer, as real independent reports would; a share of ``--copy-rate`` are exact or
lightly edited copies of an earlier article, to exercise the copy path.

By default every article comes with its analysis stored beforehand (``analysed_stream``: the real articles analysed
once and cached, the others' records composed from the sentences they drew), in the desk's own Parquet export, so
the clusterer gets the analysis-fed signals (entity ids, resolved dates) and ``add`` reuses the records instead of
analysing; the run fails unless every added article reused its record. ``--no-analysis`` adds news-please JSON
Lines without analysis, as ``newsdesk add --no-analyze``.

The stream is added in blocks (one ``Desk.add`` call each, like a news feed polled repeatedly). Printed per block:
articles/s of the whole ``add`` (wall clock, and per second of CPU time of this process and the workers that
prepare articles for it, which other load on the machine does not distort), CPU milliseconds per article in all and
in this process alone (its work is serial, so it bounds the speed whatever the workers do), the milliseconds per
article split into placing (copy detection + events + stories), titles, saving the clustering state and the rest
(read, clean, store; with workers, also waiting for them), this process's RSS and peak RSS, events/stories so far,
and the calls made to the desk's ``Store`` per placed article (in all, for the article alone, and by method), with
the time spent in them. Flat per-block figures mean the per-article cost does not grow with the desk. Placing,
titles and saving run in this process one article after another; the workers (``--workers``, by default every
core) extract, clean, sign and measure ahead. The CPU the run used is printed first (``machine`` in the JSON).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from analysed_stream import Recipe, analysed, sentences_of, write_block
from run import (gnad_missing, machine, news_please_record, peak_rss_mb, process_tree_cpu, read_gnad, rss_mb,
                 write_jsonl)

from newsdesk import Desk
from newsdesk.export import parquet_export_paths

#: The parts of ``Desk.add`` timed separately: figure name -> the method of its ``EventBook`` that does it.
STAGES = {"place": "_place", "titles": "retitle", "save": "save"}
SYLLABLES = ["ka", "lo", "mi", "ter", "sa", "vo", "ne", "dru", "pel", "zi", "mar", "tos", "ben", "ul", "ra"]


def sentence_pools(rows: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Sentences of the 10kGNAD texts grouped by category (label)."""
    pools: dict[str, list[str]] = {}
    for label, text in rows:
        pools.setdefault(label, []).extend(sentences_of(text))
    return pools


def stream(rows: list[tuple[str, str]], count: int, *, copy_rate: float,
           seed: int = 0) -> Iterator[tuple[dict[str, Any], Recipe]]:
    """The real articles, then generated ones up to ``count`` in all (see the module docstring), each with how it
    was made (which ``analysed_stream`` composes its analysis from)."""
    rng = random.Random(seed)
    emitted: list[dict[str, Any]] = []
    for number, (_, text) in enumerate(rows[:count]):
        record = news_please_record(number, " ".join(text.split()[:8]), text)
        emitted.append(record)
        yield record, Recipe("real")
    pools = sentence_pools(rows)
    labels = sorted(pools)
    for number in range(len(emitted), count):
        if emitted and rng.random() < copy_rate:
            source = rng.choice(emitted[-5000:])
            sentences = source["maintext"].split(". ")
            if rng.random() < 0.5 and len(sentences) > 4:  # lightly edited: one sentence dropped
                del sentences[rng.randrange(len(sentences))]
            record = {**source, "title": f"{source['title']} (Kopie {number})", "maintext": ". ".join(sentences),
                      "url": f"https://bench.invalid/{number}", "source_domain": f"outlet{number % 40}.invalid"}
            yield record, Recipe("copy", original=source["url"])
            continue
        pool = pools[rng.choice(labels)]
        names = ["".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize() for _ in range(2)]
        sentences = [rng.choice(pool) for _ in range(rng.randint(5, 12))]
        text = f"{names[0]} und {names[1]} äußerten sich am Montag. " + " ".join(sentences)
        record = news_please_record(number, f"{names[0]} trifft {names[1]}: " + " ".join(sentences[0].split()[:6]),
                                    text)
        day = number // 100
        record["date_publish"] = f"{2020 + day // 336:04d}-{1 + day // 28 % 12:02d}-{1 + day % 28:02d} 08:00:00"
        record["language"] = "de"
        emitted.append(record)
        yield record, Recipe("generated", tuple(names), tuple(sentences))


def cpu_seconds() -> float:
    """CPU time of this process and of its live child processes (the preparing workers), from /proc."""
    return process_tree_cpu(os.getpid())


def timed(desk: Desk, name: str, totals: dict[str, float]) -> None:
    """Wrap one of the desk's event book's methods to add its run time to ``totals[name]`` (benchmark
    instrumentation only)."""
    method = getattr(desk.book, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        began = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            totals[name] = totals.get(name, 0.0) + time.perf_counter() - began

    setattr(desk.book, name, wrapper)


class StoreCalls:
    """Counts the calls the desk and its event book make to its ``Store``, by method, and those made while one
    article is stored and placed (``Desk._add_one``), for each article, and times them (benchmark instrumentation:
    the store's public methods are wrapped on the instance; a store method that calls another counts once)."""

    def __init__(self, desk: Desk) -> None:
        self.by_method: Counter[str] = Counter()
        self.per_article: list[int] = []
        self.seconds = 0.0  # in the calls (a call that hands out a context manager or an iterator: until it does)
        self._depth = 0
        for name in dir(type(desk.store)):
            method = getattr(desk.store, name)
            if not name.startswith("_") and callable(method):
                setattr(desk.store, name, self._counted(name, method))
        add_one = desk._add_one

        def counted_add_one(*args: Any, **kwargs: Any) -> Any:
            before = self.by_method.total()
            try:
                return add_one(*args, **kwargs)
            finally:
                self.per_article.append(self.by_method.total() - before)

        desk._add_one = counted_add_one  # type: ignore[method-assign]

    def _counted(self, name: str, method: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if self._depth:
                return method(*args, **kwargs)
            self.by_method[name] += 1
            self._depth, began = 1, time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                self._depth, self.seconds = 0, self.seconds + time.perf_counter() - began

        return wrapper

    def clear(self) -> None:
        self.by_method.clear()
        self.per_article.clear()
        self.seconds = 0.0

    def figures(self, placed: int) -> dict[str, Any]:
        """Calls per placed article: all of the ``add`` (mean), those made for one article alone (mean and max; the
        rest are made once per batch or per ``add``), and each method's."""
        own = self.per_article or [0]
        return {
            "per_article": round(self.by_method.total() / placed, 2),
            "own_mean": round(sum(own) / len(own), 2),
            "own_max": max(own),
            "ms_per_article": round(1000 * self.seconds / placed, 2),
            "by_method": {name: round(count / placed, 3) for name, count in self.by_method.most_common()},
        }


def stream_parser(description: str, *, block: int) -> argparse.ArgumentParser:
    """The options of a benchmark timing ``Desk.add`` over ``block_stream``'s blocks, shared by ``bench_postgres``;
    each adds its ``--analysis`` (the defaults differ) and its own options."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=20_000, help="articles in the stream (real + generated)")
    parser.add_argument("--block", type=int, default=block, help="articles per Desk.add call")
    parser.add_argument("--copy-rate", type=float, default=0.05, help="share of generated articles that are copies")
    parser.add_argument("--workers", type=int, default=None,
                        help="Desk.add's preparing processes (default: as `newsdesk add`, every core once the input "
                        "is long enough; 1: all in this process)")
    parser.add_argument("--json", action="store_true", help="print one JSON object with all figures")
    return parser


def block_stream(args: argparse.Namespace, rows: list[tuple[str, str]], work: Path) -> Iterator[tuple[Path, int]]:
    """The input files of the blocks and how many articles each holds: Parquet exports with each article's
    analysis (``analysed_stream``), or news-please JSON Lines without (``--no-analysis``). Written before a block's
    ``add`` is timed."""
    records = stream(rows, args.articles, copy_rate=args.copy_rate)
    if args.analysis:
        items = analysed(records, rows)
        for number in itertools.count():
            path = work / f"block-{number}.parquet"
            if not (size := write_block(islice(items, args.block), path)):  # streamed: never a block in memory
                return
            yield path, size
    for number in itertools.count():
        if not (plain := [record for record, _ in islice(records, args.block)]):
            return
        path = work / f"block-{number}.jsonl"
        write_jsonl(iter(plain), path)
        yield path, len(plain)


def print_block(row: dict[str, Any]) -> None:
    calls = row["store_calls"]
    print(f"{row['articles']:>8} articles  {row['articles_per_s']:>6} art/s ({row['articles_per_cpu_s']:>6} "
          f"per CPU-s; CPU-ms/article {row['cpu_ms_per_article']:>5}, this process {row['own_cpu_ms_per_article']:>5})"
          f"  ms/article {row['ms_per_article']:>5}: place {row['place_ms']:>5}, titles {row['titles_ms']:>4}, save "
          f"{row['save_ms']:>4}, rest {row['rest_ms']:>4}  RSS {row['rss_mb']:>6} MiB (peak {row['peak_rss_mb']:>6})"
          f"  {row['events']:>6} events  {row['stories']:>6} stories  {row['copies']:>4} copies  "
          f"{row['analyses_reused']} analyses reused", flush=True)
    top = ", ".join(f"{name} {count}" for name, count in calls["by_method"].items())
    print(f"{'':>10}store calls per placed article {calls['per_article']} ({calls['ms_per_article']} ms; for the "
          f"article alone: mean {calls['own_mean']}, max {calls['own_max']}): {top}", flush=True)


def main() -> int:
    parser = stream_parser(__doc__, block=5_000)
    parser.add_argument("--analysis", action=argparse.BooleanOptionalAction, default=True,
                        help="add each article with its analysis stored beforehand, so that the clusterer gets the "
                        "analysis-fed signals and no analysis runs while timed (default); --no-analysis: without "
                        "any analysis, as `add --no-analyze`")
    parser.add_argument("--no-analyze", dest="analysis", action="store_false", help="the same as --no-analysis")
    args = parser.parse_args()
    if gnad_missing():
        return 1
    if not args.json:
        print(f"on {machine()}; {'with' if args.analysis else 'without'} stored analyses", flush=True)
    blocks = []
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-desk-") as tmp:
        work = Path(tmp)
        with Desk(work / "desk.db") as desk:
            totals: dict[str, float] = {}
            for stage in STAGES.values():
                timed(desk, stage, totals)
            calls = StoreCalls(desk)
            done = 0
            for path, size in block_stream(args, read_gnad(), work):
                totals.clear()
                calls.clear()
                began, began_cpu, began_own = time.perf_counter(), cpu_seconds(), time.process_time()
                report = desk.add([str(path)], analyze=args.analysis, workers=args.workers)
                seconds, cpu = time.perf_counter() - began, cpu_seconds() - began_cpu
                own_cpu = time.process_time() - began_own
                done += size
                counts = desk.store._conn.execute(
                    "SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM stories)"
                ).fetchone()
                blocks.append({
                    "articles": done,
                    "added": report.added,
                    "copies": report.copies,
                    "analyses_reused": report.analyses_reused,
                    "seconds": round(seconds, 2),
                    "articles_per_s": round(report.added / seconds, 1),
                    "articles_per_cpu_s": round(report.added / cpu, 1),
                    "cpu_seconds": round(cpu, 2),
                    "cpu_ms_per_article": round(1000 * cpu / report.added, 2),
                    "own_cpu_ms_per_article": round(1000 * own_cpu / report.added, 2),
                    "ms_per_article": round(1000 * seconds / report.added, 2),
                    **{f"{name}_ms": round(1000 * totals.get(stage, 0.0) / report.added, 2)
                       for name, stage in STAGES.items()},
                    "rest_ms": round(1000 * (seconds - sum(totals.values())) / report.added, 2),
                    "rss_mb": round(rss_mb(), 1),
                    "peak_rss_mb": round(peak_rss_mb(), 1),
                    "events": counts[0],
                    "stories": counts[1],
                    "store_calls": calls.figures(report.added),
                })
                path.unlink()
                for sibling in parquet_export_paths(path).values():
                    sibling.unlink(missing_ok=True)
                if not args.json:
                    print_block(blocks[-1])
        db_mb = round((work / "desk.db").stat().st_size / 2**20, 1)
    total_s = sum(block["seconds"] for block in blocks)
    added = sum(block["added"] for block in blocks)
    summary = {
        "machine": machine(),
        "analysis": args.analysis,
        "articles": args.articles,
        "added": added,
        "analyses_reused": sum(block["analyses_reused"] for block in blocks),
        "seconds": round(total_s, 1),
        "articles_per_s": round(added / total_s, 1),
        "articles_per_cpu_s": round(added / sum(b["cpu_seconds"] for b in blocks), 1),
        "last_block_articles_per_s": blocks[-1]["articles_per_s"],
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "db_mb": db_mb,
    }
    if args.json:
        print(json.dumps({"desk": summary, "blocks": blocks}))
    else:
        print(json.dumps(summary))
    if args.analysis and summary["analyses_reused"] != added:
        print(f"bench: only {summary['analyses_reused']} of {added} added articles reused their stored analysis; "
              "the others were analysed while timed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

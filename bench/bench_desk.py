"""Desk-level benchmark: ``Desk.add`` with copy detection, event assignment and story linking as the desk grows.

    python bench/bench_desk.py --articles 20000            # while iterating
    python bench/bench_desk.py --articles 100000 --json    # the figure that counts

The stream: the 1,028 real 10kGNAD articles first (../shared/datasets/10kgnad, read at run time, never copied),
then generated ones. A generated article draws 5–12 sentences from the pool of one 10kGNAD category, adds two
invented names and gets a publication date that advances ~100 articles per day. Drawing from a category pool (not
shuffling one text, as ``bench/run.py`` does) keeps generated articles from being near-copies of each other, so
nearly all of them reach the clusterer, as real independent reports would; a share of ``--copy-rate`` are exact or
lightly edited copies of an earlier article, to exercise the copy path.

The stream is added in blocks (one ``Desk.add`` call each, like a news feed polled repeatedly). Printed per block:
articles/s of the whole ``add`` (wall clock, and per second of CPU time of this process and the workers that
prepare articles for it, which other load on the machine does not distort), its milliseconds per article split into
placing (copy detection + events + stories), titles, saving the clustering state and the rest (read, clean, store;
with workers, also waiting for them), this process's RSS and peak RSS, and events/stories so far. Flat per-block
figures mean the per-article cost does not grow with the desk. Placing, titles and saving run in this process one
article after another; the workers (``--workers``, by default every core) extract, clean, sign and measure ahead.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from run import gnad_missing, machine, news_please_record, peak_rss_mb, read_gnad, rss_mb, write_jsonl

from newsdesk import Desk

#: The parts of ``Desk.add`` timed separately: figure name -> the method of its ``EventBook`` that does it.
STAGES = {"place": "_place", "titles": "retitle", "save": "save"}
SYLLABLES = ["ka", "lo", "mi", "ter", "sa", "vo", "ne", "dru", "pel", "zi", "mar", "tos", "ben", "ul", "ra"]


def sentence_pools(rows: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Sentences of the 10kGNAD texts grouped by category (label)."""
    pools: dict[str, list[str]] = {}
    for label, text in rows:
        pools.setdefault(label, []).extend(
            s.strip() for s in text.replace("? ", "?\n").replace("! ", "!\n").replace(". ", ".\n").split("\n")
            if len(s.split()) >= 4
        )
    return pools


def stream(rows: list[tuple[str, str]], count: int, *, copy_rate: float, seed: int = 0) -> Iterator[dict[str, Any]]:
    """The real articles, then generated ones up to ``count`` in all (see the module docstring)."""
    rng = random.Random(seed)
    emitted: list[dict[str, Any]] = []
    for number, (_, text) in enumerate(rows[:count]):
        record = news_please_record(number, " ".join(text.split()[:8]), text)
        emitted.append(record)
        yield record
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
            yield record
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
        yield record


def cpu_seconds() -> float:
    """CPU time of this process and of its live child processes (the preparing workers), from /proc."""
    total = time.process_time()
    ticks = os.sysconf("SC_CLK_TCK")
    me = str(os.getpid())
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # ended meanwhile
            continue
        if fields[1] == me:  # ppid
            total += (int(fields[11]) + int(fields[12])) / ticks  # utime + stime
    return total


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=20_000, help="articles in the stream (real + generated)")
    parser.add_argument("--block", type=int, default=5_000, help="articles per Desk.add call")
    parser.add_argument("--copy-rate", type=float, default=0.05, help="share of generated articles that are copies")
    parser.add_argument("--no-analyze", action="store_true",
                        help="leave out the analysis stage (measured alone by bench_analyze.py), as `add --no-analyze`")
    parser.add_argument("--workers", type=int, default=None,
                        help="Desk.add's preparing processes (default: as `newsdesk add`, every core once the input "
                        "is long enough; 1: all in this process)")
    parser.add_argument("--json", action="store_true", help="print one JSON object with all figures")
    args = parser.parse_args()
    if gnad_missing():
        return 1
    records = stream(read_gnad(), args.articles, copy_rate=args.copy_rate)
    blocks = []
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-desk-") as tmp:
        work = Path(tmp)
        with Desk(work / "desk.db") as desk:
            totals: dict[str, float] = {}
            for stage in STAGES.values():
                timed(desk, stage, totals)
            done = 0
            while done < args.articles:
                size = min(args.block, args.articles - done)
                path = work / f"block-{done}.jsonl"
                write_jsonl((next(records) for _ in range(size)), path)
                totals.clear()
                began, began_cpu = time.perf_counter(), cpu_seconds()
                report = desk.add([str(path)], analyze=not args.no_analyze, workers=args.workers)
                seconds, cpu = time.perf_counter() - began, cpu_seconds() - began_cpu
                done += size
                counts = desk.store._conn.execute(
                    "SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM stories)"
                ).fetchone()
                blocks.append({
                    "articles": done,
                    "added": report.added,
                    "copies": report.copies,
                    "seconds": round(seconds, 2),
                    "articles_per_s": round(report.added / seconds, 1),
                    "articles_per_cpu_s": round(report.added / cpu, 1),
                    "cpu_seconds": round(cpu, 2),
                    "ms_per_article": round(1000 * seconds / report.added, 2),
                    **{f"{name}_ms": round(1000 * totals.get(stage, 0.0) / report.added, 2)
                       for name, stage in STAGES.items()},
                    "rest_ms": round(1000 * (seconds - sum(totals.values())) / report.added, 2),
                    "rss_mb": round(rss_mb(), 1),
                    "peak_rss_mb": round(peak_rss_mb(), 1),
                    "events": counts[0],
                    "stories": counts[1],
                })
                path.unlink()
                if not args.json:
                    row = blocks[-1]
                    print(f"{row['articles']:>8} articles  {row['articles_per_s']:>6} art/s ({row['articles_per_cpu_s']:>6} "
                          f"per CPU-s)  ms/article {row['ms_per_article']:>5}: place {row['place_ms']:>5}, titles "
                          f"{row['titles_ms']:>4}, save {row['save_ms']:>4}, rest {row['rest_ms']:>4}  RSS "
                          f"{row['rss_mb']:>6} MiB (peak {row['peak_rss_mb']:>6})  {row['events']:>6} events  "
                          f"{row['stories']:>6} stories  {row['copies']:>4} copies", flush=True)
        db_mb = round((work / "desk.db").stat().st_size / 2**20, 1)
    total_s = sum(block["seconds"] for block in blocks)
    summary = {
        "machine": machine(),
        "articles": args.articles,
        "seconds": round(total_s, 1),
        "articles_per_s": round(sum(block["added"] for block in blocks) / total_s, 1),
        "articles_per_cpu_s": round(sum(block["added"] for block in blocks) / sum(b["cpu_seconds"] for b in blocks), 1),
        "last_block_articles_per_s": blocks[-1]["articles_per_s"],
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "db_mb": db_mb,
    }
    if args.json:
        print(json.dumps({"desk": summary, "blocks": blocks}))
    else:
        print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())

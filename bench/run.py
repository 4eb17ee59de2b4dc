"""Ingest stage benchmark: read + extract + clean + store throughput and memory.

This is the stage ``Desk.add`` runs first for every input (``iter_sources`` → ``build_article`` → ``Store``, committed
in batches), measured alone; ``bench/bench_desk.py`` measures the whole ``Desk.add`` (with copies, events, stories)
and ``bench/bench_analyze.py`` the analysis stage, so each figure says which stage costs what.

    python bench/run.py                 # both corpora, 100,000 generated articles
    python bench/run.py --generated 20000 --json

Corpora:
- ``10kgnad``: the 1,028 real derStandard articles of ../shared/datasets/10kgnad, once as plain-text files and once
  as one JSON Lines file (news-please layout);
- ``generated``: a JSON Lines file of N articles (default 100,000) built from those texts by shuffling their
  sentences, so that every article is new (no copies) but the language stays real.

Printed per run: articles/s, MB/s of input text, peak RSS, and RSS sampled as the desk grows (memory must stay flat).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path

from newsdesk.eventbook import BATCH_SIZE
from newsdesk.ingest import build_article, content_id
from newsdesk.model import SourceDocument, SourceProblem
from newsdesk.sources import iter_sources
from newsdesk.store import Store

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
GNAD = SHARED / "datasets" / "10kgnad" / "test.csv"


def rss_mb() -> float:
    """Current resident set size of this process in MiB (Linux /proc)."""
    with open("/proc/self/statm") as handle:
        resident_pages = int(handle.read().split()[1])
    return resident_pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def machine() -> str:
    """The CPU the figures were measured on, in one line: the speed of int8 matrix products (the NER encoder's
    cost) depends on whether the cores have AVX-512 VNNI, and this machine's kind changes between sessions."""
    model, flags = "unknown CPU", set()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                key, _, value = line.partition(":")
                if key.strip() == "model name":
                    model = value.strip()
                elif key.strip() == "flags":
                    flags = set(value.split())
                    break
    except OSError:
        pass
    vector = next((name for flag, name in (("avx512_vnni", "AVX-512 VNNI"), ("avx512f", "AVX-512"),
                                           ("avx2", "AVX2")) if flag in flags), "no AVX2")
    return f"{model}, {os.cpu_count()} cores, {vector}"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def gnad_missing() -> bool:
    """Whether the 10kGNAD sample is absent (then say so on stderr): every benchmark here needs it."""
    if GNAD.is_file():
        return False
    print(f"bench: {GNAD} not found; the benchmark needs ../shared beside the checkout", file=sys.stderr)
    return True


def read_gnad() -> list[tuple[str, str]]:
    """(label, text) rows of the 10kGNAD sample."""
    with GNAD.open(encoding="utf-8", newline="") as handle:
        return [(row[0], row[1]) for row in csv.reader(handle, delimiter=";", quotechar="'") if len(row) >= 2]


def write_text_files(rows: list[tuple[str, str]], folder: Path) -> int:
    size = 0
    for number, (_, text) in enumerate(rows):
        path = folder / f"{number:05d}.txt"
        path.write_text(text, encoding="utf-8")
        size += path.stat().st_size
    return size


def news_please_record(number: int, title: str, text: str) -> dict[str, object]:
    return {
        "title": title,
        "maintext": text,
        "date_publish": f"2024-{1 + number % 12:02d}-{1 + number % 28:02d} 08:00:00",
        "authors": [],
        "url": f"https://bench.invalid/{number}",
        "source_domain": f"outlet{number % 40}.invalid",
        "language": None,
    }


def generated_records(rows: list[tuple[str, str]], count: int, seed: int = 0) -> Iterator[dict[str, object]]:
    """``count`` unique articles built from real sentences: each picks a base text and shuffles its sentences."""
    rng = random.Random(seed)
    split = [text.replace("? ", "?\n").replace("! ", "!\n").replace(". ", ".\n").split("\n") for _, text in rows]
    for number in range(count):
        sentences = list(rng.choice(split))
        rng.shuffle(sentences)
        title = " ".join(sentences[0].split()[:8])
        yield news_please_record(number, title, " ".join(sentences) + f" (Meldung {number})")


def write_jsonl(records: Iterator[dict[str, object]], path: Path) -> int:
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path.stat().st_size


def ingest_stage(inputs: list[str], db: Path, progress: Callable[[], None]) -> tuple[int, int]:
    """Read, extract, clean and store every input in batches of ``BATCH_SIZE``, as ``Desk.add`` does before it
    places articles into events. RETURNS: (articles stored, inputs that failed)."""
    added = failed = 0
    store = Store(str(db))
    documents = iter_sources(inputs)
    try:
        while batch := list(islice(documents, BATCH_SIZE)):
            with store.transaction():
                for doc in batch:
                    article = build_article(doc, article_id=content_id(doc)) if isinstance(doc, SourceDocument) else doc
                    if isinstance(article, SourceProblem):
                        failed += 1
                    else:
                        added += store.insert_article(article)
                    progress()
    finally:
        store.close()
    return added, failed


def measure(name: str, inputs: list[str], size: int, db: Path, *, sample_every: int) -> dict[str, object]:
    """Ingest ``inputs`` into a fresh desk at ``db`` and return the figures."""
    samples: list[tuple[int, float]] = []
    seen = {"n": 0}

    def progress() -> None:
        seen["n"] += 1
        if seen["n"] % sample_every == 0:
            samples.append((seen["n"], round(rss_mb(), 1)))

    start = time.perf_counter()
    added, failed = ingest_stage(inputs, db, progress)
    elapsed = time.perf_counter() - start
    return {
        "corpus": name,
        "articles": added,
        "failed": failed,
        "seconds": round(elapsed, 2),
        "articles_per_s": round(added / elapsed, 1),
        "mb_per_s": round(size / 2**20 / elapsed, 2),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "rss_mb_by_articles": samples,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--generated", type=int, default=100_000, help="size of the generated JSONL corpus")
    parser.add_argument("--json", action="store_true", help="print one JSON object with all figures")
    args = parser.parse_args()
    if gnad_missing():
        return 1
    rows = read_gnad()
    results = []
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as tmp:
        work = Path(tmp)
        (work / "txt").mkdir()
        size = write_text_files(rows, work / "txt")
        results.append(measure("10kgnad-txt", [str(work / "txt")], size, work / "txt.db", sample_every=250))
        records = (news_please_record(n, " ".join(text.split()[:8]), text) for n, (_, text) in enumerate(rows))
        size = write_jsonl(records, work / "gnad.jsonl")
        results.append(measure("10kgnad-jsonl", [str(work / "gnad.jsonl")], size, work / "jsonl.db", sample_every=250))
        if args.generated:
            size = write_jsonl(generated_records(rows, args.generated), work / "generated.jsonl")
            results.append(
                measure(f"generated-{args.generated}", [str(work / "generated.jsonl")], size, work / "gen.db",
                        sample_every=max(1, args.generated // 10))
            )
    if args.json:
        print(json.dumps({"ingest": results, "machine": machine()}))
        return 0
    print(f"on {machine()}")
    print(f"{'corpus':<20} {'articles':>9} {'failed':>7} {'s':>8} {'art/s':>8} {'MB/s':>7} {'peak RSS MB':>12}")
    for row in results:
        print(f"{row['corpus']:<20} {row['articles']:>9} {row['failed']:>7} {row['seconds']:>8} "
              f"{row['articles_per_s']:>8} {row['mb_per_s']:>7} {row['peak_rss_mb']:>12}")
    for row in results:
        trail = ", ".join(f"{n}: {mb}" for n, mb in row["rss_mb_by_articles"])
        print(f"RSS MiB as {row['corpus']} grows (articles: MiB): {trail}")
    return 0


def process_stats() -> dict[int, list[str]]:
    """The fields of ``/proc/PID/stat`` after the command name (``[0]`` is the state, ``[1]`` the parent) of every
    live process: one read per process serves both the CPU and the memory figures."""
    stats = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stats[int(entry)] = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):  # ended meanwhile
            continue
    return stats


def process_tree_cpu(root: int) -> float:
    """CPU seconds used so far by process ``root`` and its live children (preparing workers; a PostgreSQL server's
    postmaster and its backends), from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    return sum((int(fields[11]) + int(fields[12])) / ticks  # utime + stime
               for pid, fields in process_stats().items() if pid == root or int(fields[1]) == root)


def process_tree_rss_mb(root: int) -> float:
    """The summed RSS of ``root`` and every process below it (all generations), in MiB, from /proc."""
    stats = process_stats()
    tree, grown = {root}, True
    while grown:
        found = {pid for pid, fields in stats.items() if int(fields[1]) in tree} - tree
        tree |= found
        grown = bool(found)
    return sum(int(stats[pid][21]) for pid in tree if pid in stats) * os.sysconf("SC_PAGE_SIZE") / 2**20  # rss


if __name__ == "__main__":
    sys.exit(main())

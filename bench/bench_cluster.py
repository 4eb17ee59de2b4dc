"""Throughput of online event clustering on a synthetic German stream (10kGNAD texts, repeated and perturbed).

Why synthetic: no public German corpus with 100k dated news articles is available offline. Each of the 1,028
10kGNAD test articles (../shared/datasets/10kgnad/test.csv, CC BY-NC-SA, read at run time, never copied) is
reused many times; every copy drops a random share of its sentences (20 % by default), shuffles the rest, gets
two invented names (so the vocabulary and the number of events keep growing, as in a real stream) and a
publication date that advances with the stream. The printed figure is documents per second per block of the
stream: if candidate retrieval were linear in the number of events, later blocks would be slower.

Run: .venv/bin/python bench/bench_cluster.py --docs 100000 [--block 10000] [--keep 0.8] [--profile]
"""

from __future__ import annotations

import argparse
import random
import re
import time
from datetime import date, timedelta

from run import gnad_missing, machine, read_gnad

from newsdesk.cluster import ClusterDoc, OnlineEventClusterer

_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def stream(texts: list[str], n: int, *, keep: float = 0.8, seed: int = 0):
    """``n`` perturbed copies keeping about ``keep`` of the sentences each, about 100 per simulated day."""
    rng = random.Random(seed)
    start = date(2023, 1, 1)
    syllables = ["ka", "lo", "mi", "ter", "sa", "vo", "ne", "dru", "pel", "zi", "mar", "tos"]
    for i in range(n):
        text = texts[rng.randrange(len(texts))]
        sentences = [s for s in _SENTENCE.split(text) if rng.random() < keep] or [text[:200]]
        rng.shuffle(sentences)
        names = [
            "".join(rng.choice(syllables) for _ in range(3)).capitalize() + " "
            + "".join(rng.choice(syllables) for _ in range(3)).capitalize()
            for _ in range(2)
        ]
        title = f"{names[0]} trifft {names[1]}"
        yield ClusterDoc(f"d{i}", title, " ".join(sentences), start + timedelta(days=i // 100), "de")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--block", type=int, default=5_000)
    parser.add_argument("--keep", type=float, default=0.8, help="share of sentences a copy keeps (lower: more events)")
    parser.add_argument("--profile", action="store_true", help="print the top functions by cumulative time")
    args = parser.parse_args(argv)
    if gnad_missing():
        return 2
    texts = [text for _, text in read_gnad()]
    clusterer = OnlineEventClusterer()
    clusterer.add(ClusterDoc("warm-up", "Aufwärmen", "Das lädt das Lemma-Wörterbuch.", None, "de"))

    def run() -> None:
        began = block_start = time.perf_counter()
        for i, doc in enumerate(stream(texts, args.docs, keep=args.keep), start=1):
            clusterer.add(doc)
            if i % args.block == 0:
                now = time.perf_counter()
                print(f"{i:>8} docs  {len(clusterer.events_):>8} events  "
                      f"{args.block / (now - block_start):7.0f} docs/s (this block)", flush=True)
                block_start = now
        total = time.perf_counter() - began
        print(f"total {args.docs} docs in {total:.1f} s: {args.docs / total:.0f} docs/s, "
              f"{len(clusterer.events_)} events, on {machine()}")

    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(run)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(18)
    else:
        run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

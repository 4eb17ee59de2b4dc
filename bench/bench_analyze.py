"""Language layer benchmark: load time, memory and throughput of ``newsdesk.analyze`` on real German news.

    python bench/bench_analyze.py            # all 1,028 10kGNAD articles
    python bench/bench_analyze.py --json

Runs the whole analysis stage (sentences, named entities, publication-date inference, temporal expressions, quotes) over the clean
texts of the 1,028 derStandard articles in ../shared/datasets/10kgnad (read at run time, never copied), as undated
articles, so that date inference runs for every one of them. Printed: the time to load the layer (first call,
lexicons and rules included), articles/s and characters/s after it, and peak RSS.
Targets (issue: German language layer): load ≤ 3 s, memory ≤ 1 GB, ≥ 20 articles/s.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from run import GNAD, machine, peak_rss_mb, read_gnad

from newsdesk.clean import clean_text


def pooled_seconds(texts: list[str], workers: int) -> float:
    """Wall time to analyse ``texts`` in ``workers`` spawned processes, as ``Desk.analyze(workers=…)`` does."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from newsdesk.analyze import analyze_article
    from newsdesk.model import Article

    articles = [Article(id=str(n), source="bench", text=text, language="de") for n, text in enumerate(texts)]
    began = time.perf_counter()
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        for _ in pool.map(analyze_article, articles, chunksize=8):
            pass
    return time.perf_counter() - began


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=1,
                        help="also measure N worker processes, as `newsdesk analyze --workers N` runs them")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    if not GNAD.is_file():
        print(f"bench: {GNAD} not found; the benchmark needs ../shared beside the checkout", file=sys.stderr)
        return 1
    texts = [clean_text(text, language="de").text for _, text in read_gnad()]
    began = time.perf_counter()
    from newsdesk.analyze import analyze

    analyze(texts[0], language="de")
    load_s = time.perf_counter() - began
    counts = {"sentences": 0, "entities": 0, "timexes": 0, "quotes": 0, "dated": 0}
    began = time.perf_counter()
    for text in texts:
        result = analyze(text, language="de")
        counts["sentences"] += len(result.sentences)
        counts["entities"] += len(result.entities)
        counts["timexes"] += len(result.timexes)
        counts["quotes"] += len(result.quotes)
        counts["dated"] += result.reference_date is not None
    elapsed = time.perf_counter() - began
    figures = {
        "machine": machine(),
        "articles": len(texts),
        "load_s": round(load_s, 2),
        "seconds": round(elapsed, 2),
        "articles_per_s": round(len(texts) / elapsed, 1),
        "chars_per_s": round(sum(map(len, texts)) / elapsed),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        **counts,
    }
    if args.workers > 1:
        figures["workers"] = args.workers
        figures["articles_per_s_with_workers"] = round(len(texts) / pooled_seconds(texts, args.workers), 1)
    if args.json:
        print(json.dumps({"analyze": figures}))
        return 0
    print(f"on {figures['machine']}")
    print(f"analysis of {figures['articles']} 10kGNAD articles: load {figures['load_s']} s, "
          f"{figures['articles_per_s']} articles/s ({figures['chars_per_s']:,} chars/s), "
          f"peak RSS {figures['peak_rss_mb']} MB")
    if args.workers > 1:
        print(f"with {args.workers} worker processes (start-up and model loading included): "
              f"{figures['articles_per_s_with_workers']} articles/s")
    print(f"found {counts['sentences']} sentences, {counts['entities']} entity mentions, {counts['timexes']} temporal "
          f"expressions, {counts['quotes']} quotes; "
          f"{counts['dated']} articles confidently dated from their text")
    return 0


if __name__ == "__main__":
    sys.exit(main())

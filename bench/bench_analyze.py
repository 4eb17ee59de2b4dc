"""Language layer benchmark: load time, memory and throughput of ``newsdesk.analysis`` on real German news.

    python bench/bench_analyze.py            # all 1,028 10kGNAD articles
    python bench/bench_analyze.py --json
    python bench/bench_analyze.py --long     # also one invented 1 MB article, and how entity cost grows

Runs the whole analysis stage (sentences, named entities, publication-date inference, temporal expressions, quotes) over the clean
texts of the 1,028 derStandard articles in ../shared/datasets/10kgnad (read at run time, never copied), as undated
articles, so that date inference runs for every one of them. Printed: the time to load the layer (first call,
lexicons and rules included), articles/s and characters/s after it, and peak RSS.
Targets (issue: German language layer): load ≤ 3 s, memory ≤ 1 GB, ≥ 20 articles/s.

``--long`` adds one invented article of 1,000,000 characters (our own sentences, thousands of invented names): the
time ``analyze`` takes on it (it reads the first ``ANALYSIS_MAX_CHARS``), and the entity pass alone on a quarter of
it and on all of it, whose ratio says whether cost grows linearly (about 4) or faster.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time

from run import GNAD, machine, peak_rss_mb, read_gnad

from newsdesk.clean import clean_text


def pooled_seconds(texts: list[str], workers: int) -> float:
    """Wall time to analyse ``texts`` in ``workers`` spawned processes, as ``Desk.analyze(workers=…)`` does."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from newsdesk.analysis import analyze_article
    from newsdesk.model import Article

    articles = [Article(id=str(n), source="bench", text=text, language="de") for n, text in enumerate(texts)]
    began = time.perf_counter()
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        for _ in pool.map(analyze_article, articles, chunksize=8):
            pass
    return time.perf_counter() - began


_FIRST_NAMES = "Anna Bernd Clara Dieter Elif Frank Greta Hakan Ines Jonas Katrin Lukas Mira Niklas Olga Paul".split()
_SYLLABLES = "ber fal ken dor mun sel wit gar hol rin tas lem bro kat zin vol".split()
_PLACES = "Berlin Hamburg München Köln Leipzig Dresden Bremen Mainz Kassel Erfurt Rostock Passau".split()
_PATTERNS = (
    "Bürgermeisterin {a} sagte am Montag in {place}, man werde die Pläne prüfen.",
    "„Wir haben keine Zeit zu verlieren“, erklärte {a} nach dem Treffen mit {b}.",
    "{a_last} kündigte an, dass die Diakonie im Frühjahr 2024 neue Mittel nach {place} schicke.",
    "Am 12. März trafen sich {a} und {b_last} in {place}, um über den Haushalt zu sprechen.",
    "Nach Angaben von {b} kamen mehr als 300 Menschen zur Versammlung in {place}.",
)


def invented_article(chars: int, seed: int = 1) -> str:
    """A German article of ``chars`` characters from invented sentences naming thousands of invented people."""
    rng = random.Random(seed)

    def person() -> tuple[str, str]:
        last = "".join(rng.choice(_SYLLABLES) for _ in range(3)).capitalize()
        return f"{rng.choice(_FIRST_NAMES)} {last}", last

    paragraphs, size = [], 0
    while size < chars:
        sentences = []
        for _ in range(4):
            (a, a_last), (b, b_last) = person(), person()
            sentences.append(rng.choice(_PATTERNS).format(a=a, a_last=a_last, b=b, b_last=b_last,
                                                          place=rng.choice(_PLACES)))
        paragraphs.append(" ".join(sentences))
        size += len(paragraphs[-1]) + 1
    return "\n".join(paragraphs)[:chars]


def long_article_figures() -> dict[str, float]:
    """Seconds (CPU) to analyse an invented 1 MB article, and the entity pass on a quarter of it and on all of it."""
    from newsdesk.analysis import analyze
    from newsdesk.analysis.entities import find_entities

    text = invented_article(1_000_000)
    figures = {}
    for label, function, part in (("analyze_1mb_s", lambda t: analyze(t, language="de"), text),
                                  ("entities_250k_s", find_entities, text[:250_000]),
                                  ("entities_1mb_s", find_entities, text)):
        began = time.process_time()
        function(part)
        figures[label] = round(time.process_time() - began, 2)
    figures["entities_growth"] = round(figures["entities_1mb_s"] / figures["entities_250k_s"], 2)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=1,
                        help="also measure N worker processes, as `newsdesk analyze --workers N` runs them")
    parser.add_argument("--long", action="store_true", help="also time an invented 1 MB article (see above)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    if not GNAD.is_file():
        print(f"bench: {GNAD} not found; the benchmark needs ../shared beside the checkout", file=sys.stderr)
        return 1
    texts = [clean_text(text, language="de").text for _, text in read_gnad()]
    began = time.perf_counter()
    from newsdesk.analysis import analyze

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
    if args.long:
        figures.update(long_article_figures())
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
    if args.long:
        print(f"invented 1 MB article: analyze {figures['analyze_1mb_s']} s CPU (reads the first ANALYSIS_MAX_CHARS); "
              f"entities alone on 250,000 characters {figures['entities_250k_s']} s, on 1,000,000 "
              f"{figures['entities_1mb_s']} s ({figures['entities_growth']}x for 4x the text)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

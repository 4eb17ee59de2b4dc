"""NER benchmark: model load time, prediction tokens/s on one core, and ``find_entities`` throughput.

    OMP_NUM_THREADS=1 python bench/bench_ner.py            # the default tagger: GermEval dev tokens, then the seeds
    OMP_NUM_THREADS=1 python bench/bench_ner.py --tagger spacy --json

Tokens/s is measured on the official GermEval dev file's own tokens (2,200 sentences, ~41.7k tokens), after one
warm-up pass, so it is the model's speed and not its load time. Set ``OMP_NUM_THREADS=1`` for the one-core figure (the encoder tagger honours it too).
"""

from __future__ import annotations

import argparse
import json
import os
import time

from run import SHARED, machine, rss_mb

DEV = SHARED / "datasets" / "germeval2014_ner" / "NER-de-dev.tsv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--tagger", choices=["encoder", "spacy"], default=None,
                        help="trained tagger to measure (default: the one find_entities uses)")
    args = parser.parse_args()
    if args.tagger:
        os.environ["NEWSDESK_NER"] = args.tagger
    from newsdesk.analysis.entities import find_entities
    from newsdesk.analysis.entities.lexicon import load_lexicon
    from newsdesk.analysis.entities.model import chosen_kind, load_model, predict_spans
    from newsdesk.evaluate.ner import read_germeval

    before = rss_mb()
    start = time.perf_counter()
    load_model("de")
    load_lexicon("de")
    result: dict[str, float | str] = {"machine": machine(), "tagger": chosen_kind("de") or "none",
                                      "load_s": time.perf_counter() - start, "load_rss_mb": rss_mb() - before}
    sentences = [s.tokens for s in read_germeval(DEV)]
    predict_spans(sentences[:200])
    start = time.perf_counter()
    predict_spans(sentences)
    result["model_tokens_per_s"] = sum(map(len, sentences)) / (time.perf_counter() - start)
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    if seeds:
        texts = [path.read_text(encoding="utf-8") for path in seeds]
        start = time.perf_counter()
        for text in texts:
            find_entities(text)
        elapsed = time.perf_counter() - start
        result["find_entities_articles_per_s"] = len(texts) / elapsed
        result["find_entities_chars_per_s"] = sum(map(len, texts)) / elapsed
    result["rss_mb"] = rss_mb()
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:32} {value:>12.2f}" if isinstance(value, float) else f"{key:32} {value:>12}")


if __name__ == "__main__":
    main()

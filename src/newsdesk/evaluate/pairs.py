"""Evaluate same-event scores on graded document pairs: how well ``newsdesk compare`` ranks and calibrates.

A pair's relation is graded: 2 = the same event, 1 = the same story (or ECB+ topic) but another event, 0 = unrelated.
The score of a good same-event scorer rises with the relation, so the figures are the Pearson and Spearman
correlations of score and relation; read as a probability of the same event, its Brier score (mean squared error
against 1 for the same event, 0 otherwise; lower is better) and AUC, and the mean score per relation.

The pairs are generated at evaluation time, never stored: from ECB+ (sub-topic = event, topic = story; a fixed-seed
sample per relation) and from the bundled demo corpus (every pair of its articles, verbatim copies left out, graded
by ``demo/gold.json``). ``write_pairs`` writes them in the layout ``newsdesk compare --pairs`` reads.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np

from newsdesk.cluster import ClusterDoc, score_pair
from newsdesk.evaluate.clustering import read_documents

__all__ = ["Pair", "correlations", "demo_articles", "demo_gold_records", "demo_pairs", "ecbplus_pairs",
           "evaluate_pairs", "format_pairs_report", "gold_key", "pair_sets", "write_pairs"]

RELATIONS = {2: "same event", 1: "same story, other event", 0: "unrelated"}
ECBPLUS_SPLIT_FIELD = "split_cybulska_vossen_2015"

Scorer = Callable[[ClusterDoc, ClusterDoc], float]


@dataclass(frozen=True, slots=True)
class Pair:
    """Two documents and how they are related (2 same event, 1 same story only, 0 unrelated)."""

    first: ClusterDoc
    second: ClusterDoc
    relation: int

    @property
    def languages(self) -> str:
        """``"de-en"``: the two languages, sorted (``"?"`` for an unknown one)."""
        return "-".join(sorted((self.first.language or "?", self.second.language or "?")))


def _graded(events: Sequence[str], stories: Sequence[str], i: int, j: int) -> int:
    return 2 if events[i] == events[j] else 1 if stories[i] == stories[j] else 0


def _sample_graded(docs: Sequence[ClusterDoc], events: Sequence[str], stories: Sequence[str],
                   per_relation: int | None, seed: int) -> list[Pair]:
    """Every pair, or at most ``per_relation`` of each relation drawn with a fixed seed (same pairs every run)."""
    by_relation: dict[int, list[tuple[int, int]]] = {2: [], 1: [], 0: []}
    for i, j in combinations(range(len(docs)), 2):
        by_relation[_graded(events, stories, i, j)].append((i, j))
    rng = random.Random(seed)
    pairs = []
    for relation, indices in by_relation.items():
        if per_relation is not None and len(indices) > per_relation:
            indices = sorted(rng.sample(indices, per_relation))
        pairs.extend(Pair(docs[i], docs[j], relation) for i, j in indices)
    return pairs


def ecbplus_pairs(path: Path, split: str, *, per_relation: int = 400, seed: int = 0) -> list[Pair]:
    """Graded pairs of one ECB+ split (``train`` or ``dev``): sub-topic = event, topic = story."""
    docs, events, topics = read_documents(Path(path), label_field="subtopic", where={ECBPLUS_SPLIT_FIELD: split},
                                          extra_field="topic")
    if not docs:
        raise ValueError(f"{path}: no documents with {ECBPLUS_SPLIT_FIELD}={split}")
    return _sample_graded(docs, events, topics, per_relation, seed)


def gold_key(source: str, corpus: Path) -> str:
    """``/…/corpus/blickpunkt24/x.jsonl:3`` → ``blickpunkt24/x.jsonl#3`` (the key of that record in gold.json)."""
    relative = source.replace(str(corpus) + "/", "")
    return re.sub(r"[:#](\d+)$", r"#\1", relative)


def demo_gold_records() -> dict[str, Mapping[str, Any]]:
    """The demo's gold record of each article, by ``gold_key``."""
    from newsdesk.demo import corpus_path

    gold = json.loads((corpus_path().parent / "gold.json").read_text(encoding="utf-8"))
    return {doc["path"] + (f"#{doc['record_index']}" if doc["record_index"] else ""): doc for doc in gold["documents"]}


def demo_articles() -> list[tuple[ClusterDoc, Mapping[str, Any]]]:
    """Each demo article, read and cleaned as ``newsdesk add`` would, with its gold record."""
    from newsdesk.demo import corpus_path
    from newsdesk.ingest import build_article
    from newsdesk.model import SourceProblem
    from newsdesk.sources import iter_sources

    corpus = corpus_path()
    records = demo_gold_records()
    found = []
    for source in iter_sources([str(corpus)]):
        article = source if isinstance(source, SourceProblem) else build_article(source)
        if isinstance(article, SourceProblem):
            raise ValueError(f"demo corpus: {article}")
        found.append((ClusterDoc.from_article(article), records[gold_key(article.source, corpus)]))
    return found


def demo_pairs(articles: Sequence[tuple[ClusterDoc, Mapping[str, Any]]] | None = None) -> list[Pair]:
    """Every pair of demo articles graded by gold.json, except a copy with its original (trivially one event)."""
    articles = list(articles if articles is not None else demo_articles())
    kept = [(doc, record) for doc, record in articles if not record["copy_of"]]
    docs = [doc for doc, _ in kept]
    return _sample_graded(docs, [r["event"] for _, r in kept], [r["story"] for _, r in kept], None, 0)


def pair_sets(ecbplus: Path | None, *, per_relation: int = 400) -> dict[str, list[Pair]]:
    """The evaluation's pair sets: ECB+ train and dev (when its file is given) and the demo corpus."""
    sets: dict[str, list[Pair]] = {}
    if ecbplus is not None:
        for split in ("train", "dev"):
            sets[f"ecbplus_{split}"] = ecbplus_pairs(ecbplus, split, per_relation=per_relation)
    sets["demo"] = demo_pairs()
    return sets


def _ranks(values: np.ndarray) -> np.ndarray:
    """Average ranks (ties share the mean of their positions), as Spearman's correlation needs."""
    order = np.argsort(values, kind="mergesort")
    ranks = np.empty(len(values))
    ranks[order] = np.arange(len(values), dtype=float)
    _, inverse, counts = np.unique(values, return_inverse=True, return_counts=True)
    sums = np.bincount(inverse, weights=ranks)
    return sums[inverse] / counts[inverse]


def _pearson(x: np.ndarray, y: np.ndarray) -> float:
    if len(x) < 2 or np.std(x) == 0.0 or np.std(y) == 0.0:
        return 0.0
    return float(np.corrcoef(x, y)[0, 1])


def _auc(scores: np.ndarray, positive: np.ndarray) -> float | None:
    """Chance that a same-event pair scores above a pair of two events (ties count half); ``None`` without both."""
    n_pos, n_neg = int(positive.sum()), int((~positive).sum())
    if not n_pos or not n_neg:
        return None
    return float((_ranks(scores)[positive].sum() - n_pos * (n_pos - 1) / 2) / (n_pos * n_neg))  # ranks from 0


def correlations(scores: Sequence[float], relations: Sequence[int]) -> dict[str, Any]:
    """Pearson and Spearman of scores against relations, the pair count, the mean score per relation, and the score
    read as P(same event): its Brier score and its ranking AUC (same event against the rest)."""
    x, y = np.asarray(scores, dtype=float), np.asarray(relations, dtype=float)
    means = {str(r): round(float(x[y == r].mean()), 4) for r in RELATIONS if (y == r).any()}
    same = y == 2
    auc = _auc(x, same)
    return {"pearson": round(_pearson(x, y), 4), "spearman": round(_pearson(_ranks(x), _ranks(y)), 4),
            "pairs": len(x), "mean_score": means, "brier": round(float(np.mean((x - same) ** 2)), 4) if len(x) else 0.0,
            "auc": None if auc is None else round(auc, 4)}


def evaluate_pairs(sets: Mapping[str, Sequence[Pair]], scorer: Scorer = score_pair) -> dict[str, Any]:
    """Score every pair and correlate, per set; a set mixing languages is also reported per language pair
    (``demo de-de``, ``demo de-en``)."""
    result: dict[str, Any] = {}
    for name, pairs in sets.items():
        scores = [scorer(pair.first, pair.second) for pair in pairs]
        result[name] = correlations(scores, [pair.relation for pair in pairs])
        languages = sorted({pair.languages for pair in pairs})
        if len(languages) > 1:
            for language in languages:
                chosen = [i for i, pair in enumerate(pairs) if pair.languages == language]
                result[f"{name} {language}"] = correlations([scores[i] for i in chosen],
                                                            [pairs[i].relation for i in chosen])
    return result


def write_pairs(pairs: Iterable[Pair], path: Path) -> int:
    """Write pairs as JSON Lines for ``newsdesk compare --pairs`` (text1/text2: headline line, then the text;
    relation and ids are echoed back with each score). RETURNS: pairs written."""
    written = 0
    with Path(path).open("w", encoding="utf-8") as handle:
        for pair in pairs:
            record = {"id1": pair.first.id, "id2": pair.second.id, "relation": pair.relation,
                      "text1": f"{pair.first.title}\n{pair.first.text}".strip(),
                      "text2": f"{pair.second.title}\n{pair.second.text}".strip()}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += 1
    return written


def format_pairs_report(result: Mapping[str, Any]) -> str:
    """The result of ``evaluate_pairs`` as one aligned line per set."""
    lines = [f"{'set':<22}{'pairs':>7}{'Pearson':>10}{'Spearman':>10}{'Brier':>8}{'AUC':>8}   mean score (same "
             "event / same story / unrelated)"]
    for name, figures in result.items():
        means = " / ".join(f"{figures['mean_score'][str(r)]:.3f}" if str(r) in figures["mean_score"] else "-"
                           for r in RELATIONS)
        auc = "-" if figures["auc"] is None else f"{figures['auc']:.4f}"
        lines.append(f"{name:<22}{figures['pairs']:>7}{figures['pearson']:>10.4f}{figures['spearman']:>10.4f}"
                     f"{figures['brier']:>8.4f}{auc:>8}   {means}")
    return "\n".join(lines)

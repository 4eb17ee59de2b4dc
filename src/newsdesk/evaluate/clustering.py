"""Evaluate online event clustering against gold labels in a JSON Lines file (e.g. ECB+ sub-topics).

Each line is one document: ``doc_id``, ``title``, ``text``, optionally ``date_publish`` (ISO or loose, e.g. "May 2,
2013") and ``language``, plus a gold label field. Documents are clustered online in file order, exactly as
``OnlineEventClusterer`` would see a stream, and never told the number of clusters.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from newsdesk.cluster import ClusterDoc, OnlineEventClusterer, StoryLinker
from newsdesk.cluster._dates import parse_date
from newsdesk.cluster.features import analysis_entities
from newsdesk.evaluate.baselines import run_baseline

__all__ = ["analysed", "bcubed", "evaluate_clustering", "evaluate_demo_clustering", "format_clustering_report",
           "pairwise_f1", "read_documents"]


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _contingency(
    gold: Sequence[Hashable], predicted: Sequence[Hashable]
) -> tuple[Counter[tuple[Hashable, Hashable]], Counter[Hashable], Counter[Hashable]]:
    """Counts per (gold, predicted) cell, per gold cluster and per predicted cluster: all both metrics need."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted labelings must have the same length")
    return Counter(zip(gold, predicted)), Counter(gold), Counter(predicted)


def bcubed(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 (Bagga & Baldwin 1998) of two labelings of the same items.

    Per item: precision = share of its predicted cluster that shares its gold label; recall = share of its gold
    cluster that shares its predicted cluster; both averaged over items. Empty input scores (1, 1, 1).
    """
    if not gold and not predicted:
        return 1.0, 1.0, 1.0
    joint, gold_sizes, pred_sizes = _contingency(gold, predicted)
    # every item in cell (g, p) has the same per-item precision n_gp/|p| and recall n_gp/|g|
    precision = sum(n * n / pred_sizes[p] for (g, p), n in joint.items()) / len(gold)
    recall = sum(n * n / gold_sizes[g] for (g, p), n in joint.items()) / len(gold)
    return precision, recall, _f1(precision, recall)


def pairwise_f1(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> tuple[float, float, float]:
    """Precision, recall and F1 over unordered item pairs placed in one cluster (gold vs predicted).

    With no same-cluster pair on a side, that side's score is 1.0 when the other side has none either, else 0.0.
    """

    def pairs(counts: Mapping[Any, int]) -> int:
        return sum(n * (n - 1) // 2 for n in counts.values())

    joint, gold_sizes, pred_sizes = _contingency(gold, predicted)
    both, gold_pairs, pred_pairs = pairs(joint), pairs(gold_sizes), pairs(pred_sizes)
    precision = both / pred_pairs if pred_pairs else float(gold_pairs == 0)
    recall = both / gold_pairs if gold_pairs else float(pred_pairs == 0)
    return precision, recall, _f1(precision, recall)


def read_documents(
    path: Path, *, label_field: str, where: Mapping[str, str] | None = None, extra_field: str | None = None
) -> tuple[list[ClusterDoc], list[str], list[str]]:
    """Documents, their gold labels and (optionally) a second label from a JSON Lines file.

    Rows whose fields do not match ``where`` are skipped; the third list is empty without ``extra_field``.
    """
    docs: list[ClusterDoc] = []
    labels: list[str] = []
    extra: list[str] = []
    with Path(path).open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            row = json.loads(line)
            if where and any(str(row.get(k)) != str(v) for k, v in where.items()):
                continue
            if label_field not in row:
                raise ValueError(f"{path}:{number}: no gold label field {label_field!r}")
            docs.append(
                ClusterDoc(
                    id=str(row.get("doc_id") or f"{path.name}:{number}"),
                    title=str(row.get("title") or ""),
                    text=str(row.get("text") or ""),
                    published=parse_date(row.get("date_publish"), language=row.get("language") or None),
                    language=row.get("language") or None,
                )
            )
            labels.append(str(row[label_field]))
            if extra_field is not None:
                if extra_field not in row:
                    raise ValueError(f"{path}:{number}: no label field {extra_field!r}")
                extra.append(str(row[extra_field]))
    return docs, labels, extra


def evaluate_clustering(
    path: Path,
    *,
    label_field: str,
    params: Mapping[str, Any] | None = None,
    where: Mapping[str, str] | None = None,
    story_label_field: str | None = None,
    story_params: Mapping[str, Any] | None = None,
    baseline: str | None = None,
    analysis: bool = True,
    shuffle: int | None = None,
) -> dict[str, Any]:
    """Cluster a labelled JSON Lines file online in file order and score the result against the gold labels.

    params: Keyword arguments for ``OnlineEventClusterer`` (defaults otherwise).
    where: Keep only rows whose fields equal these values, e.g. ``{"split_cybulska_vossen_2015": "dev"}``.
    story_label_field: Also link the events into stories (``StoryLinker(**story_params)``) and score each
        document's story against this field (e.g. ECB+ ``topic``), under ``story_*`` keys.
    analysis: Run the analysis stage on each document first and give the clusterer its entities, as
        ``Desk.add`` does (``False``: as ``add --no-analyze``).
    shuffle: Cluster the documents in an order shuffled with this seed instead of file order (how much the
        result depends on arrival order).
    baseline: Also cluster the documents with this batch reference, told the gold number of clusters
        (``newsdesk.evaluate.baselines``), and score it under ``baseline`` (``method``, ``told_k`` and the scores).
    RETURNS (dict): ``bcubed_precision``, ``bcubed_recall``, ``bcubed_f1``, ``pairwise_f1`` (plus pairwise
        precision/recall), ``documents``, ``clusters`` (predicted) and ``gold_clusters``.
    """
    docs, gold, story_gold = read_documents(
        Path(path), label_field=label_field, where=where, extra_field=story_label_field
    )
    if not docs:  # scores over nothing would read as a perfect 1.0
        selection = " matching " + ", ".join(f"{k}={v}" for k, v in where.items()) if where else ""
        raise ValueError(f"{path}: no documents{selection} to evaluate")
    if shuffle is not None:
        docs, gold, story_gold = _shuffled(shuffle, docs, gold, story_gold)
    if analysis:
        docs = [analysed(doc) for doc in docs]
    clusterer = OnlineEventClusterer(**dict(params or {}))
    clusterer.add_many(docs)
    final = clusterer.labels()  # where each document ended up, after any merges its successors caused
    predicted = [final[doc.id] for doc in docs]
    result = _scores(gold, predicted)
    if story_label_field is not None:
        links = StoryLinker(**dict(story_params or {})).link(clusterer.events_.values())
        stories = [links[event_id].story_id for event_id in predicted]
        result.update({f"story_{k}": v for k, v in _scores(story_gold, stories).items()})
    if baseline is not None:
        told_k = len(set(gold))
        reference = _scores(gold, [str(label) for label in run_baseline(baseline, docs, told_k)])
        result["baseline"] = {"method": baseline, "told_k": told_k, **reference}
    result["documents"] = len(docs)
    return result


def _shuffled(seed: int, docs: list[ClusterDoc], gold: list[str], story_gold: list[str]
              ) -> tuple[list[ClusterDoc], list[str], list[str]]:
    """The documents and their labels in one order drawn with ``seed`` (the same for every run and platform)."""
    order = list(range(len(docs)))
    random.Random(seed).shuffle(order)
    return ([docs[i] for i in order], [gold[i] for i in order],
            [story_gold[i] for i in order] if story_gold else story_gold)


def analysed(doc: ClusterDoc) -> ClusterDoc:
    """The document with what its analysis gives the clusterer, as on a desk (the analysis reads the text; the
    title is the article's headline, not part of it)."""
    from newsdesk.analysis import analysis_record, analyze

    record = analysis_record(analyze(doc.text, language=doc.language, published=doc.published))
    return replace(doc, entities=analysis_entities(record))


def evaluate_demo_clustering() -> dict[str, Any]:
    """Build a desk from the bundled demo corpus (as ``newsdesk demo`` does, analysis included) in a temporary
    folder and score its events and stories against ``demo/gold.json``: the whole desk path, copies included."""
    import tempfile

    from newsdesk.demo import corpus_path, run_demo
    from newsdesk.desk import Desk
    from newsdesk.evaluate.pairs import demo_gold_records, gold_key

    corpus, records = corpus_path(), demo_gold_records()
    gold_events, gold_stories, events, stories = [], [], [], []
    with tempfile.TemporaryDirectory(prefix="newsdesk-demo-") as folder:
        with Desk(run_demo(folder).db_path, read_only=True) as desk:
            for article in desk.articles():
                record = records[gold_key(article.source, corpus)]
                explanation = desk.explain(article.id)
                gold_events.append(record["event"])
                gold_stories.append(record["story"])
                events.append(explanation.event)
                stories.append(explanation.story)
    result = _scores(gold_events, events)
    result.update({f"story_{k}": v for k, v in _scores(gold_stories, stories).items()})
    result["documents"] = len(events)
    return result


def _scores(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, Any]:
    b_p, b_r, b_f = bcubed(gold, predicted)
    p_p, p_r, p_f = pairwise_f1(gold, predicted)
    return {
        "bcubed_precision": round(b_p, 4),
        "bcubed_recall": round(b_r, 4),
        "bcubed_f1": round(b_f, 4),
        "pairwise_precision": round(p_p, 4),
        "pairwise_recall": round(p_r, 4),
        "pairwise_f1": round(p_f, 4),
        "clusters": len(set(predicted)),
        "gold_clusters": len(set(gold)),
    }


def format_clustering_report(result: Mapping[str, Any]) -> str:
    """The result of ``evaluate_clustering`` as a few aligned lines for a terminal."""
    lines = [
        f"documents        {result['documents']}",
        f"clusters         {result['clusters']} (gold {result.get('gold_clusters', '?')})",
        f"B-cubed          P {result['bcubed_precision']:.4f}  R {result['bcubed_recall']:.4f}  "
        f"F1 {result['bcubed_f1']:.4f}",
    ]
    if "pairwise_precision" in result:
        lines.append(
            f"pairwise         P {result['pairwise_precision']:.4f}  R {result['pairwise_recall']:.4f}  "
            f"F1 {result['pairwise_f1']:.4f}"
        )
    else:
        lines.append(f"pairwise F1      {result['pairwise_f1']:.4f}")
    if "story_bcubed_f1" in result:
        lines.append(
            f"stories          {result['story_clusters']} (gold {result['story_gold_clusters']})  B-cubed P "
            f"{result['story_bcubed_precision']:.4f}  R {result['story_bcubed_recall']:.4f}  "
            f"F1 {result['story_bcubed_f1']:.4f}"
        )
    if "baseline" in result:
        reference = result["baseline"]
        lines.append(
            f"baseline         {reference['method']}, batch and told k={reference['told_k']}: B-cubed P "
            f"{reference['bcubed_precision']:.4f}  R {reference['bcubed_recall']:.4f}  F1 "
            f"{reference['bcubed_f1']:.4f}, pairwise F1 {reference['pairwise_f1']:.4f}"
        )
    return "\n".join(lines)

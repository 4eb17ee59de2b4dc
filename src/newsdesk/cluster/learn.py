"""Learn the event clusterer's score weights from a labelled stream: the recipe behind ``event_weights.json``.

Why learned: the score is a weighted sum of measured signals squashed by a logistic, which is exactly a logistic
regression; fitting it to labelled document/event pairs replaces hand-set weights by log-odds with a meaning
(``P(same event)``), and the fit can be rerun whenever the signals change.

How: the labelled documents are streamed in order through a clusterer that is *told* the gold events (each document
joins its gold event, or opens it), so the events, IDF and index look as they would to a clusterer that made no
mistakes. Every candidate event retrieval returns for a document is one training pair: positive when it is the
document's gold event, negative otherwise. A logistic regression (Newton's method, deterministic, no dependencies)
over ``LEARNED_SIGNALS`` gives the weights. Its penalty pulls towards ``HAND_PRIOR``, the hand-set weights that were
used before, not towards zero: ECB+ is one kind of news (English, short, each topic two similar events), and a fit
pulled towards zero trusts names so much (entities 0.68, coverage 0.80 per unit of term cosine, join at linear 0.10)
that German news falls apart: two different Putin-Kim events of the seed articles join; still at ``l2`` 3, 76 of the
1,028 10kGNAD articles share an event with an article of another section (the test allows 3 %). Pulled harder
towards the prior (``l2`` 30), the fit keeps what ECB+ clearly supports (more weight on numbers, a larger size
penalty, a softer date-gap penalty). The join probability, the one thing a pairwise fit cannot know (how a wrong
join and a wrong split trade off in whole clusters), is then chosen by B-cubed F1 of the real online clusterer on
the same documents, from ``JOIN_PROBABILITIES``: below 0.55 German articles mix again (at 0.5: 21 10kGNAD articles
in mixed events and seed 002 joins 000/001; at 0.4: 31), although ECB+ train alone would choose 0.45.

Not learned, kept as set by hand: ``language`` (ECB+ is English only, so the fit cannot see it). ``date_gap`` is
learned but stays near its prior: the older half of ECB+ has no publication dates, so few pairs measure a gap.

Regenerate (ECB+ train split only; the file's ``data`` field credits the source)::

    python -m newsdesk.cluster.learn --data ../shared/datasets/ecbplus/ecbplus_train_dev.jsonl \\
        --label subtopic --where split_cybulska_vossen_2015=train --out src/newsdesk/cluster/event_weights.json

``pair_calibration.json`` (``learn_pair_calibration``: what turns the score of two documents compared without a
desk into a probability) is refitted after the weights, on the same split::

    python -m newsdesk.cluster.learn --data ../shared/datasets/ecbplus/ecbplus_train_dev.jsonl \\
        --pair-calibration --out src/newsdesk/cluster/pair_calibration.json
"""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from newsdesk.cluster._profile import Evidence, _components
from newsdesk.cluster.events import LEARNED_SIGNALS, OnlineEventClusterer, params_from_logistic
from newsdesk.cluster.features import ClusterDoc

__all__ = ["fit_logistic", "learn_weights", "main", "stream_pairs"]

JOIN_PROBABILITIES = (0.55, 0.6, 0.65)
# The hand-set score before learning (threshold 0.40, steepness 12; text 1, entities 0.25, coverage 0.4, numbers
# 0.3, dates 0.25, date gap 0.5, size penalty 0.05) as log-odds: intercept first, then ``LEARNED_SIGNALS`` in order.
HAND_PRIOR = (-4.8, 12.0, 3.0, 4.8, 3.6, 3.0, -6.0, -0.6)


def stream_pairs(
    docs: Sequence[ClusterDoc], gold: Sequence[str], *, params: Mapping[str, Any] | None = None
) -> tuple[list[list[float]], list[int]]:
    """Training pairs from one labelled stream: the ``LEARNED_SIGNALS`` of each (document, retrieved candidate)
    and whether the candidate is the document's gold event. ``params`` configure the clusterer (extraction,
    retrieval); the score weights play no part, since every document is put where its gold label says. It drives
    the clusterer's own retrieval, join and open steps, so the pairs are measured exactly as ``add`` measures."""
    clusterer = OnlineEventClusterer(**dict(params or {}))
    clusterer._ensure_state()
    event_of: dict[str, str] = {}
    rows: list[list[float]] = []
    labels: list[int] = []
    for doc, label in zip(docs, gold, strict=True):
        features = clusterer.features(doc)
        if features.empty:
            continue
        clusterer.df_.add(features)
        profile = clusterer.profile(features)
        for candidate in clusterer._candidates(profile):
            signals, _, _ = _components(profile, clusterer.events_[candidate].profile, clusterer.weights_, explain=True)
            rows.append([signals[name] for name in LEARNED_SIGNALS])
            labels.append(int(event_of.get(label) == candidate))
        if label in event_of:
            clusterer._join(clusterer.events_[event_of[label]], doc.id, profile)
        else:
            event_of[label] = clusterer._open(doc, profile, Evidence(score=0.0), indexed=True).event_id
    return rows, labels


def fit_logistic(
    rows: Sequence[Sequence[float]],
    labels: Sequence[int],
    *,
    l2: float,
    prior: Sequence[float] | None = None,
    iterations: int = 50,
) -> tuple[float, list[float]]:
    """Intercept and coefficients of a logistic regression whose penalty ``l2/2 · |beta - prior|²`` pulls every
    parameter (intercept included) towards ``prior`` (intercept first; default all zero, intercept unpenalised).

    Newton's method: a handful of features converge in a few exact steps, and the result needs no seed.
    """
    n = len(rows[0]) + 1
    centre = list(prior) if prior is not None else [0.0] * n
    penalised = [prior is not None] + [True] * (n - 1)
    beta = list(centre)
    for _ in range(iterations):
        gradient = [l2 * (b - c) * f for b, c, f in zip(beta, centre, penalised, strict=True)]
        hessian = [[l2 * float(i == j and penalised[i]) for j in range(n)] for i in range(n)]
        for row, label in zip(rows, labels, strict=True):
            x = [1.0, *row]
            p = 1.0 / (1.0 + math.exp(-sum(b * v for b, v in zip(beta, x, strict=True))))
            w = p * (1.0 - p)
            for i in range(n):
                gradient[i] += (p - label) * x[i]
                for j in range(n):
                    hessian[i][j] += w * x[i] * x[j]
        step = _solve(hessian, gradient)
        beta = [b - s for b, s in zip(beta, step, strict=True)]
        if max(abs(s) for s in step) < 1e-10:
            break
    return beta[0], beta[1:]


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """``matrix⁻¹ · vector`` by Gauss-Jordan elimination with partial pivoting (the matrix is small and positive
    definite)."""
    n = len(vector)
    rows = [[*row, v] for row, v in zip(matrix, vector, strict=True)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(rows[r][col]))
        rows[col], rows[pivot] = rows[pivot], rows[col]
        for r in range(n):
            if r != col and rows[r][col]:
                factor = rows[r][col] / rows[col][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[col], strict=True)]
    return [rows[i][n] / rows[i][i] for i in range(n)]


def learn_weights(
    path: Path,
    *,
    label_field: str,
    where: Mapping[str, str] | None = None,
    l2: float = 30.0,
    join_probabilities: Sequence[float] = JOIN_PROBABILITIES,
) -> dict[str, Any]:
    """The content of ``event_weights.json`` learned from a labelled JSON Lines file (see the module docstring)."""
    from newsdesk.evaluate.clustering import evaluate_clustering, read_documents  # evaluate imports cluster

    docs, gold, _ = read_documents(Path(path), label_field=label_field, where=where)
    rows, labels = stream_pairs(docs, gold)
    intercept, coefficients = fit_logistic(rows, labels, l2=l2, prior=HAND_PRIOR)
    named = dict(zip(LEARNED_SIGNALS, coefficients, strict=True))
    by_f1 = {}
    for p in join_probabilities:
        params = params_from_logistic(intercept, named, p)
        by_f1[p] = evaluate_clustering(Path(path), label_field=label_field, params=params, where=where)["bcubed_f1"]
    best = max(join_probabilities, key=lambda p: (by_f1[p], -abs(p - 0.5)))  # ties: the more neutral one
    return {
        "about": "Logistic-regression weights of OnlineEventClusterer's same-event score; see newsdesk.cluster.learn",
        "data": "ECB+ (Cybulska & Vossen, LREC 2014; annotation CC BY 3.0), train split of Cybulska & Vossen 2015"
        if where and "train" in where.values() else str(path),
        "where": dict(where or {}),
        "l2": l2,
        "prior": dict(zip(("intercept", *LEARNED_SIGNALS), HAND_PRIOR, strict=True)),
        "pairs": len(labels),
        "positives": sum(labels),
        "intercept": round(intercept, 6),
        "coefficients": {k: round(v, 6) for k, v in named.items()},
        "join_probability_bcubed_f1": {str(p): f for p, f in by_f1.items()},
        "join_probability": best,
    }


def learn_pair_calibration(path: Path, *, split: str = "train", per_relation: int = 400) -> dict[str, Any]:
    """The content of ``pair_calibration.json``: Platt scaling of the score two documents get when compared alone
    (``explain_pair`` without a desk, before calibration) into P(same event), fitted on the graded ECB+ pairs of
    one split (``newsdesk.evaluate.pairs``: as many same-event as same-topic and other-topic pairs, so the fitted
    probability assumes a third of the pairs compared are one event)."""
    from newsdesk.cluster.events import explain_pair
    from newsdesk.evaluate.pairs import ecbplus_pairs  # evaluate imports cluster

    pairs = ecbplus_pairs(Path(path), split, per_relation=per_relation)
    rows, labels = [], []
    for pair in pairs:
        score = min(max(explain_pair(pair.first, pair.second, calibrated=False).score, 1e-9), 1.0 - 1e-9)
        rows.append([math.log(score / (1.0 - score))])
        labels.append(int(pair.relation == 2))
    intercept, (slope,) = fit_logistic(rows, labels, l2=0.0)
    return {
        "about": "Platt scaling of newsdesk compare's desk-less score into P(same event); see newsdesk.cluster.learn",
        "data": f"ECB+ (Cybulska & Vossen, LREC 2014; annotation CC BY 3.0), {split} split of Cybulska & Vossen 2015",
        "pairs": len(labels),
        "positives": sum(labels),
        "intercept": round(intercept, 6),
        "slope": round(slope, 6),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--label", default="subtopic")
    parser.add_argument("--where", action="append", default=[], help="FIELD=VALUE (repeatable)")
    parser.add_argument("--l2", type=float, default=30.0)
    parser.add_argument("--out", type=Path, help="write the JSON here (default: print it)")
    parser.add_argument("--pair-calibration", action="store_true",
                        help="fit pair_calibration.json on ECB+ train pairs instead (--label, --where, --l2 unused)")
    args = parser.parse_args(argv)
    where = dict(item.split("=", 1) for item in args.where)
    learned = learn_pair_calibration(args.data) if args.pair_calibration else learn_weights(
        args.data, label_field=args.label, where=where, l2=args.l2)
    text = json.dumps(learned, indent=2) + "\n"
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        print(text, end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The learned same-event score: the committed weights load, the score is the fitted probability, the recipe works.

Documents are the invented ones of test_cluster.py; ECB+ is read from ../shared only by the slow reproduction test.
"""

from __future__ import annotations

import json
import math
import random
from pathlib import Path

import pytest

from newsdesk.cluster import OnlineEventClusterer
from newsdesk.cluster._profile import Profile, compare
from newsdesk.cluster.events import LEARNED_SIGNALS, params_from_logistic
from newsdesk.cluster.learn import fit_logistic, learn_weights, stream_pairs
from tests.test_cluster import ENGLISH, GERMAN

WEIGHTS = Path(__file__).resolve().parents[1] / "src" / "newsdesk" / "cluster" / "event_weights.json"


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))


def test_learned_weights_load_as_the_clusterer_defaults() -> None:
    learned = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    assert set(learned["coefficients"]) == set(LEARNED_SIGNALS)
    assert "CC BY 3.0" in learned["data"] and learned["where"] == {"split_cybulska_vossen_2015": "train"}
    defaults = OnlineEventClusterer().get_params()
    expected = params_from_logistic(learned["intercept"], learned["coefficients"], learned["join_probability"])
    assert {k: defaults[k] for k in expected} == expected
    assert defaults["text"] == 1.0 and defaults["steepness"] == learned["coefficients"]["text"]
    assert defaults["size_penalty"] > 0 and defaults["date_gap"] > 0  # penalties stay penalties


def test_learned_score_is_the_fitted_probability_against_the_join_probability() -> None:
    """On a constructed pair the score is sigmoid(logit P(same event) - logit join_probability), so it reaches 0.5
    exactly when the fitted probability reaches the join probability (``language`` is hand-set: 0 here)."""
    learned = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    clusterer = OnlineEventClusterer(language=0.0)
    doc = Profile({"a": 0.8, "b": 0.6}, {"putin": 1.0}, {"9,70": 1.0}, {}, {}, {"de": 1}, None, None)
    event = Profile({"a": 0.6, "c": 0.8}, {"putin": 0.6, "kim": 0.8}, {}, {}, {}, {"de": 3}, None, None, size=3)
    evidence = compare(doc, event, clusterer.weights())
    signals = evidence.components
    assert signals["text"] == pytest.approx(0.48) and signals["coverage"] == 1.0  # the doc's one name is known
    assert signals["size"] == pytest.approx(math.log(3), abs=1e-4)  # evidence rounds to 4 places
    fitted = learned["intercept"] + sum(learned["coefficients"][k] * signals[k] for k in LEARNED_SIGNALS)
    expected = 1.0 / (1.0 + math.exp(-(fitted - _logit(learned["join_probability"]))))
    assert evidence.score == pytest.approx(expected, abs=1e-3)
    assert 0.0 <= evidence.score <= 1.0


def test_fit_logistic_recovers_known_coefficients_and_respects_the_prior() -> None:
    rng = random.Random(7)
    truth = (-2.0, 3.0, -1.5)
    rows, labels = [], []
    for _ in range(4000):
        x = [rng.random(), rng.random()]
        p = 1.0 / (1.0 + math.exp(-(truth[0] + truth[1] * x[0] + truth[2] * x[1])))
        rows.append(x)
        labels.append(int(rng.random() < p))
    intercept, coefficients = fit_logistic(rows, labels, l2=0.0)
    assert intercept == pytest.approx(truth[0], abs=0.3)
    assert coefficients == pytest.approx(list(truth[1:]), abs=0.4)
    assert fit_logistic(rows, labels, l2=0.0) == (intercept, coefficients)  # deterministic
    prior = (1.0, 1.0, 1.0)
    anchored = fit_logistic(rows, labels, l2=1e6, prior=prior)
    assert [anchored[0], *anchored[1]] == pytest.approx(list(prior), abs=0.01)


def test_stream_pairs_label_the_gold_event_among_the_candidates() -> None:
    docs = GERMAN + ENGLISH
    gold = [d.id.rsplit("-", 1)[0] for d in docs]
    rows, labels = stream_pairs(docs, gold)
    assert len(rows) == len(labels) and all(len(r) == len(LEARNED_SIGNALS) for r in rows)
    assert sum(labels) == 5  # flood 2 and 3, rail 2, quake 2, chess 2 each meet their gold event
    text = LEARNED_SIGNALS.index("text")
    positives = [r[text] for r, y in zip(rows, labels, strict=True) if y]
    negatives = [r[text] for r, y in zip(rows, labels, strict=True) if not y]
    assert min(positives) > max(negatives, default=0.0)


def test_recipe_runs_end_to_end_on_a_tiny_labelled_file(tmp_path: Path) -> None:
    path = tmp_path / "tiny.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for doc in GERMAN + ENGLISH:
            row = {"doc_id": doc.id, "title": doc.title, "text": doc.text, "language": doc.language,
                   "date_publish": doc.published.isoformat() if doc.published else "",
                   "event": doc.id.rsplit("-", 1)[0]}
            handle.write(json.dumps(row) + "\n")
    first = learn_weights(path, label_field="event", l2=30.0)
    assert first == learn_weights(path, label_field="event", l2=30.0)
    assert set(first["coefficients"]) == set(LEARNED_SIGNALS) and first["positives"] > 0
    assert first["join_probability_bcubed_f1"][str(first["join_probability"])] == 1.0


@pytest.mark.slow
def test_recipe_reproduces_the_committed_weights_from_ecbplus_train(shared_datasets: Path) -> None:
    data = shared_datasets / "ecbplus" / "ecbplus_train_dev.jsonl"
    if not data.exists():
        pytest.skip("ECB+ is not staged")
    learned = learn_weights(data, label_field="subtopic", where={"split_cybulska_vossen_2015": "train"})
    assert learned == json.loads(WEIGHTS.read_text(encoding="utf-8"))

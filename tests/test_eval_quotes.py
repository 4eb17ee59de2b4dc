"""The quotation evaluation: token-overlap pairing and scores on a hand-made corpus, and the dev-split gate."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from newsdesk.analysis.quotes import Quote
from newsdesk.evaluate.quotes import evaluate_quotes, format_quotes_report, score_document

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def make_doc(text: str, annotations: Sequence[tuple[str, str, str | None]]) -> dict[str, Any]:
    """A document in the corpus layout; annotations are (type, quote substring, speaker substring or None)."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"\w+|[^\w\s]", text)]
    tokens = [{"id": i, "charBegin": s, "charEnd": e, "text": text[s:e]} for i, (s, e) in enumerate(spans)]

    def part(sub: str | None) -> dict[str, Any]:
        if not sub:
            return {"spans": [], "text": "", "tokenIds": []}
        start = text.index(sub)
        end = start + len(sub)
        ids = [i for i, (s, e) in enumerate(spans) if s >= start and e <= end]
        return {"spans": [{"begin": ids[0], "end": ids[-1] + 1, "charBegin": start, "charEnd": end}], "text": sub,
                "tokenIds": ids}

    anns = [{"id": n, "type": kind, "quote": part(quote), "speaker": part(speaker), "cue": part(None),
             "frame": part(None), "addressee": part(None), "medium": "Speech", "isNested": False,
             "hasNested": False} for n, (kind, quote, speaker) in enumerate(annotations)]
    return {"documentName": "test", "originalText": text, "tokens": tokens, "annotations": anns, "sentences": []}


TEXT = ("Die Ministerin Lea Stein sagte, die Reform sei nötig. „Wir handeln jetzt“, sagte sie. "
        "Die Opposition protestierte heftig gegen den Plan.")
GOLD = [
    ("Indirect", "die Reform sei nötig", "Die Ministerin Lea Stein"),
    ("Direct", "„Wir handeln jetzt“", "sie"),
    ("Reported", "Die Opposition protestierte heftig gegen den Plan.", "Die Opposition"),
]


def test_eval_quotes_perfect_run_on_a_hand_made_corpus(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps(make_doc(TEXT, GOLD)), encoding="utf-8")
    result = evaluate_quotes(tmp_path)
    assert result["documents"] == 1
    assert result["quote_precision"] == result["quote_recall"] == result["quote_f1"] == 1.0
    assert result["speaker_accuracy"] == 1.0
    assert result["per_type"]["Direct"]["gold"] == 1 and result["per_type"]["Indirect"]["f1"] == 1.0
    assert result["per_type"]["Reported"]["recall"] == 0.0  # not detected, and not part of the headline figure
    report = format_quotes_report(result)
    assert "Direct + Indirect" in report and "IndirectFreeIndirect" in report


def test_eval_quotes_partial_overlap_and_spurious_prediction() -> None:
    doc = make_doc(TEXT, GOLD)
    start = TEXT.index("die Reform")
    half = Quote(start=start, end=start + len("die Reform"), text="die Reform", type="indirect", speaker="Lea Stein",
                 speaker_start=15, speaker_end=24, parts=((start, start + len("die Reform")),))
    spurious_start = TEXT.index("Die Opposition")
    spurious = Quote(start=spurious_start, end=spurious_start + 14, text="Die Opposition", type="indirect",
                     parts=((spurious_start, spurious_start + 14),))
    rows = score_document(doc, [half, spurious])
    paired = next(r for r in rows if r["gold_type"] == "Indirect")
    assert (paired["overlap"], paired["gold_size"], paired["pred_size"]) == (2, 4, 2)
    assert paired["speaker"] is True  # "Lea Stein" lies inside the gold mention
    # the spurious prediction pairs with the Reported quote and so stays out of the headline figure
    assert any(r["gold_type"] == "Reported" and r["pred_type"] == "indirect" for r in rows)


def test_eval_quotes_custom_finder_and_empty_predictions(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps(make_doc(TEXT, GOLD)), encoding="utf-8")
    result = evaluate_quotes(tmp_path, finder=lambda text: [])
    assert result["quote_recall"] == 0.0 and result["quote_precision"] == 0.0 and result["quote_f1"] == 0.0


def test_eval_quotes_unreadable_folders_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no \\*.json articles under"):
        evaluate_quotes(tmp_path)  # an empty folder would otherwise score 0.000 everywhere and exit 0
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="broken.json: not a JSON article"):
        evaluate_quotes(tmp_path)


def test_eval_quotes_dev_split_meets_targets() -> None:
    dev = SHARED / "datasets" / "quotes_wikinews_de" / "dev"
    if not dev.is_dir():
        pytest.skip("../shared/datasets/quotes_wikinews_de is not present beside the checkout")
    result = evaluate_quotes(dev)
    assert result["documents"] == 150
    assert result["quote_f1"] >= 0.75
    assert result["speaker_accuracy"] >= 0.80

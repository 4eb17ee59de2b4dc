"""Evaluate ``newsdesk.analysis.quotes.find_quotes`` on the German Wikinews quotation corpus (Petersen-Frey &
Biemann 2024).

Layout (``quotes_wikinews_de/{train,dev}/*.json``): one JSON object per article with ``originalText``, ``tokens``
(``charBegin``/``charEnd`` per token) and ``annotations``; each annotation has a ``type`` (Direct, Indirect,
FreeIndirect, IndirectFreeIndirect, Reported) and ``quote``/``speaker``/``cue`` parts given as token ids and
character spans. Quotes may be discontinuous ("[Anschließend sei] laut X [die Lage ernst]") and nested (a quoted
fragment inside an indirect quote is a Direct annotation of its own). Speakers are annotated as mentions (a pronoun
stays "er"); the corpus has no coreference chains.

The scores follow the corpus' own evaluation script (``eval/eval.py`` in the dataset repository): quotes are compared
as sets of corpus tokens; each gold quote is paired with at most one predicted quote, choosing pairs by the highest
token-overlap F1 (the script uses an optimal assignment, this module a greedy one, which gives the same pairs
unless overlaps tie); then precision and recall are micro-averaged over tokens:

- quote_precision = sum over pairs |P ∩ G| / sum over predictions |P|
- quote_recall    = sum over pairs |P ∩ G| / sum over gold quotes |G|

A predicted quote covers a corpus token when the token's midpoint lies inside one of the quote's ``parts``.
The headline ``quote_*`` figures score the Direct and Indirect gold quotes: predictions paired with a gold quote of
another type (free indirect, reported) are left out rather than counted as errors, unpaired predictions count
against precision. ``all_types`` scores every gold type against every prediction.
``speaker_accuracy``: share of paired quotes (whose gold quote has a speaker) where the predicted speaker mention
overlaps the gold speaker span, or the last word of one speaker string occurs in the other (so "Wladimir Putin"
matches a gold "Präsident Putin" mention elsewhere; a resolved pronoun is judged by its mention, as in the corpus).

The same scorer reads the hand-annotated 10kGNAD real-text set (``data/10kgnad-annotations/{dev,test}``, see
``newsdesk.evaluate.realtext``): its articles are converted to this shape, with words (runs of letters, digits and
hyphens) as tokens, and the gold speaker is the mention together with its named antecedent, so a speaker
overlapping either counts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from newsdesk.analysis.quotes import Quote, find_quotes

__all__ = ["covered_tokens", "evaluate_quotes", "format_quotes_report", "load_documents", "read_documents",
           "score_document"]

GOLD_TYPES = ("Direct", "Indirect", "FreeIndirect", "IndirectFreeIndirect", "Reported")
HEADLINE_TYPES = frozenset({"Direct", "Indirect"})
# newsdesk quote types -> the corpus type they correspond to (used for unpaired predictions and as tie-breaker)
TYPE_MAP = {"direct": "Direct", "partial": "Direct", "indirect": "Indirect", "free_indirect": "IndirectFreeIndirect"}
_WORD = re.compile(r"\w[\w-]*")


def read_documents(data_dir: Path) -> list[dict[str, Any]]:
    """All articles of one split folder, sorted by file name (none, or a file that is not JSON: a clear error)."""
    files = sorted(Path(data_dir).glob("*.json"))
    if not files:
        raise FileNotFoundError(f"no *.json articles under {data_dir} (give a split folder, e.g. …/dev)")
    return [read_article(path) for path in files]


def read_article(path: Path) -> dict[str, Any]:
    """One Wikinews quote-corpus article (its JSON object); a file that is not JSON is an error naming it."""
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except (UnicodeDecodeError, json.JSONDecodeError, TypeError, ValueError) as error:
        raise ValueError(f"{path}: not a JSON article ({error})") from error


def load_documents(data_dir: Path, texts: Path | None = None) -> list[dict[str, Any]]:
    """A split folder of either evaluation set in the Wikinews corpus shape: a Wikinews split as it is, a split of
    the 10kGNAD real-text set (``data/10kgnad-annotations/…``, recognised by its files' keys) joined with its texts
    (``texts``: the corpus' ``test.csv``; see ``newsdesk.evaluate.realtext``)."""
    from newsdesk.evaluate.realtext import is_annotation_folder, quote_document, read_annotated_folder

    if is_annotation_folder(data_dir):
        return [quote_document(article) for article in read_annotated_folder(data_dir, texts)]
    return read_documents(data_dir)


def covered_tokens(tokens: list[dict[str, Any]], parts: Iterable[tuple[int, int]]) -> frozenset[int]:
    """Ids of the tokens whose midpoint lies inside one of ``parts`` (character spans)."""
    spans = sorted(parts)
    out = set()
    for tok in tokens:
        mid = (tok["charBegin"] + tok["charEnd"]) / 2
        if any(s <= mid < e for s, e in spans):
            out.add(tok["id"])
    return frozenset(out)


def _gold_tokens(ann: dict[str, Any], part: str = "quote") -> frozenset[int]:
    item = ann.get(part) or {}
    ids = item.get("tokenIds")
    if ids is not None:
        return frozenset(ids)
    return frozenset(i for s in item.get("spans", []) for i in range(s["begin"], s["end"]))


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _head(name: str) -> str | None:
    words = _WORD.findall(name.lower())
    return words[-1] if words else None


def _speaker_ok(q: Quote, ann: dict[str, Any], text: str) -> bool:
    spans = (ann.get("speaker") or {}).get("spans") or []
    if q.speaker is None:
        return False
    if q.speaker_start is not None and q.speaker_end is not None and any(
            s["charBegin"] < q.speaker_end and q.speaker_start < s["charEnd"] for s in spans):
        return True
    gold = " ".join(text[s["charBegin"]:s["charEnd"]] for s in spans)
    gold_words = set(_WORD.findall(gold.lower()))
    pred_words = set(_WORD.findall(q.speaker.lower()))
    gh, ph = _head(gold), _head(q.speaker)
    return bool((ph and ph in gold_words) or (gh and gh in pred_words))


def score_document(doc: dict[str, Any], quotes: list[Quote]) -> list[dict[str, Any]]:
    """Pair predictions with gold quotes of one article; one row per pair or unpaired item.

    Each row: gold_type (or None), pred_type (or None), overlap, gold_size, pred_size, speaker (True/False/None:
    not judged).
    """
    tokens = doc["tokens"]
    text = doc["originalText"]
    gold = [(ann, _gold_tokens(ann)) for ann in doc["annotations"]]
    pred = [(q, covered_tokens(tokens, q.parts or ((q.start, q.end),))) for q in quotes]
    candidates = []
    for gi, (ann, g) in enumerate(gold):
        for pi, (q, p) in enumerate(pred):
            inter = len(g & p)
            if inter:
                score = _f1(inter / len(p), inter / len(g)) + (0.01 if TYPE_MAP.get(q.type) == ann["type"] else 0)
                candidates.append((score, gi, pi, inter))
    candidates.sort(key=lambda c: -c[0])
    used_g: set[int] = set()
    used_p: set[int] = set()
    rows = []
    for _, gi, pi, inter in candidates:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        ann, g = gold[gi]
        q, p = pred[pi]
        has_speaker = bool((ann.get("speaker") or {}).get("spans"))
        rows.append({"gold_type": ann["type"], "pred_type": q.type, "overlap": inter, "gold_size": len(g),
                     "pred_size": len(p), "speaker": _speaker_ok(q, ann, text) if has_speaker else None})
    for gi, (ann, g) in enumerate(gold):
        if gi not in used_g:
            rows.append({"gold_type": ann["type"], "pred_type": None, "overlap": 0, "gold_size": len(g),
                         "pred_size": 0, "speaker": None})
    for pi, (q, p) in enumerate(pred):
        if pi not in used_p:
            rows.append({"gold_type": None, "pred_type": q.type, "overlap": 0, "gold_size": 0,
                         "pred_size": len(p), "speaker": None})
    return rows


def _summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    overlap = sum(r["overlap"] for r in rows)
    pred = sum(r["pred_size"] for r in rows)
    gold = sum(r["gold_size"] for r in rows)
    judged = [r["speaker"] for r in rows if r["speaker"] is not None]
    p = overlap / pred if pred else 0.0
    r = overlap / gold if gold else 0.0
    return {"precision": p, "recall": r, "f1": _f1(p, r),
            "speaker_accuracy": sum(judged) / len(judged) if judged else 0.0,
            "gold": sum(1 for x in rows if x["gold_type"] is not None),
            "predicted": sum(1 for x in rows if x["pred_type"] is not None),
            "speaker_judged": len(judged)}


def evaluate_quotes(data_dir: Path, *, language: str = "de", limit: int | None = None,
                    finder: Callable[[str], list[Quote]] | None = None, texts: Path | None = None) -> dict[str, Any]:
    """Run quote finding over one split folder and score it (definitions in the module docstring).

    data_dir (Path): A split folder of the corpus, e.g. ``…/quotes_wikinews_de/dev``, or of the 10kGNAD real-text
        set (``data/10kgnad-annotations/dev``).
    language (str): Passed to ``find_quotes``.
    limit (int | None): Score only the first N articles (by file name).
    finder (Callable | None): Replaces ``find_quotes`` (for comparing variants).
    texts (Path | None): The 10kGNAD ``test.csv`` for a real-text split (default: ``../shared`` beside the repo).
    RETURNS (dict): quote_precision, quote_recall, quote_f1, speaker_accuracy (Direct + Indirect), per_type
        (gold type -> precision, recall, f1, speaker_accuracy, gold, predicted), all_types, documents, chars.
    """
    docs = load_documents(data_dir, texts)[:limit]
    run = finder or (lambda text: find_quotes(text, language=language))
    rows: list[dict[str, Any]] = []
    chars = 0
    for doc in docs:
        chars += len(doc["originalText"])
        rows.extend(score_document(doc, run(doc["originalText"])))
    headline = [r for r in rows if r["gold_type"] in HEADLINE_TYPES or r["gold_type"] is None]
    head = _summary(headline)
    per_type = {}
    for gold_type in GOLD_TYPES:
        sub = [r for r in rows if r["gold_type"] == gold_type
               or (r["gold_type"] is None and TYPE_MAP.get(r["pred_type"] or "") == gold_type)]
        per_type[gold_type] = {k: v for k, v in _summary(sub).items() if k != "speaker_judged"}
    by_pred: dict[str, dict[str, int]] = {}
    for r in rows:
        if r["pred_type"] is not None:
            entry = by_pred.setdefault(r["pred_type"], {"predicted": 0, "paired": 0})
            entry["predicted"] += 1
            entry["paired"] += r["gold_type"] is not None
    return {
        "quote_precision": head["precision"], "quote_recall": head["recall"], "quote_f1": head["f1"],
        "speaker_accuracy": head["speaker_accuracy"], "speaker_judged": head["speaker_judged"],
        "gold": head["gold"], "predicted": head["predicted"],
        "per_type": per_type, "by_predicted_type": by_pred, "all_types": _summary(rows),
        "documents": len(docs), "chars": chars,
    }


def format_quotes_report(result: dict[str, Any]) -> str:
    """A plain-text table of an ``evaluate_quotes`` result."""
    every = result["all_types"]
    lines = [
        f"documents: {result['documents']}  (characters: {result['chars']:,})",
        (f"Direct + Indirect: P {result['quote_precision']:.3f}  R {result['quote_recall']:.3f}  "
         f"F1 {result['quote_f1']:.3f}  speaker accuracy {result['speaker_accuracy']:.3f} "
         f"(on {result['speaker_judged']} paired quotes with a gold speaker)"),
        (f"all types:         P {every['precision']:.3f}  R {every['recall']:.3f}  F1 {every['f1']:.3f}  "
         f"speaker accuracy {every['speaker_accuracy']:.3f}"),
        "",
        f"{'gold type':<22}{'P':>7}{'R':>7}{'F1':>7}{'speaker':>9}{'gold':>7}{'pred':>7}",
    ]
    for name, m in result["per_type"].items():
        lines.append(f"{name:<22}{m['precision']:>7.3f}{m['recall']:>7.3f}{m['f1']:>7.3f}"
                     f"{m['speaker_accuracy']:>9.3f}{m['gold']:>7}{m['predicted']:>7}")
    lines.append("")
    lines.append("predicted type: " + ", ".join(
        f"{k} {v['paired']}/{v['predicted']} paired" for k, v in sorted(result["by_predicted_type"].items())))
    return "\n".join(lines)

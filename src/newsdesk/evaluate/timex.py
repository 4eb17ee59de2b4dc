"""Evaluate temporal expression extraction and normalisation on WikiWarsDE (TIMEX2 inline gold annotations).

Layout (as distributed): ``in/<doc>.sgm`` holds the raw SGML with the document creation time in ``<DATETIME>``;
``keyinline/<doc>.key.xml`` is the same file with ``<TIMEX2 val=…>`` tags around every gold expression. Removing
the tags from the inline file gives back the raw file exactly, so gold offsets are character offsets into it. Only
expressions inside ``<TEXT>`` count: the DCT header is given to the tagger, not found by it.

Scores, as in the TERN/TempEval tradition that HeidelTime reports (0.933 lenient / 0.877 strict / 0.885 value /
0.787 strict+value F1 on the whole corpus):

* lenient: a prediction and a gold expression overlap (one-to-one, greedy by overlap);
* strict: identical character spans;
* value_accuracy: share of leniently matched gold expressions whose normalised value equals the gold VAL;
* strict_value: precision/recall/F1 counting a prediction correct only if the span is exact AND the value equal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from newsdesk.analysis.timex import Timex, find_timexes

__all__ = ["GoldTimex", "WikiWarsDocument", "evaluate_timex", "format_timex_report", "read_wikiwarsde"]

_TAG = re.compile(r"<TIMEX2\b([^>]*)>|</TIMEX2>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_TEXT = re.compile(r"<TEXT>(.*?)</TEXT>", re.S)
_DCT = re.compile(r"<DATETIME>\s*(\d{4})-(\d\d)-(\d\d)")


@dataclass(frozen=True, slots=True)
class GoldTimex:
    """One gold expression: offsets into the document text (the ``<TEXT>`` body), its VAL and MOD."""

    start: int
    end: int
    text: str
    value: str
    mod: str | None


@dataclass(frozen=True, slots=True)
class WikiWarsDocument:
    doc_id: str
    text: str
    dct: date | None
    gold: tuple[GoldTimex, ...]


def _strip_tags(raw: str) -> tuple[str, list[tuple[int, int, dict[str, str]]]]:
    """Plain text of an inline-annotated file and the gold spans in it (TIMEX2 tags do not nest in WikiWarsDE,
    but a stack keeps nested ones correct anyway)."""
    parts: list[str] = []
    stack: list[tuple[int, str]] = []
    spans: list[tuple[int, int, dict[str, str]]] = []
    position = length = 0
    for match in _TAG.finditer(raw):
        parts.append(raw[position : match.start()])
        length += match.start() - position
        position = match.end()
        if match.group(0).startswith("</"):
            start, attributes = stack.pop()
            spans.append((start, length, dict(_ATTR.findall(attributes))))
        else:
            stack.append((length, match.group(1)))
    parts.append(raw[position:])
    return "".join(parts), spans


def read_wikiwarsde(data_dir: Path) -> list[WikiWarsDocument]:
    """All documents of a WikiWarsDE folder (``keyinline/*.key.xml``), text restricted to the ``<TEXT>`` body."""
    inline_dir = Path(data_dir) / "keyinline"
    files = sorted(inline_dir.glob("*.key.xml"))
    if not files:
        raise FileNotFoundError(f"no keyinline/*.key.xml files under {data_dir}")
    documents = []
    for path in files:
        full, spans = _strip_tags(path.read_text(encoding="utf-8"))
        body = _TEXT.search(full)
        if body is None:
            continue
        offset, text = body.start(1), body.group(1)
        dct_match = _DCT.search(full)
        dct = date(*map(int, dct_match.groups())) if dct_match else None
        gold = tuple(
            GoldTimex(s - offset, e - offset, full[s:e], attributes.get("val", ""), attributes.get("mod"))
            for s, e, attributes in sorted(spans)
            if offset <= s and e <= body.end(1)
        )
        documents.append(WikiWarsDocument(path.name.split(".")[0], text, dct, gold))
    return documents


def _prf(correct: int, predicted: int, gold: int) -> dict[str, float]:
    precision = correct / predicted if predicted else 0.0
    recall = correct / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def _match(gold: tuple[GoldTimex, ...], predicted: list[Timex]) -> list[tuple[GoldTimex, Timex]]:
    """One-to-one lenient alignment: exact spans first, then the largest overlaps."""
    pairs: list[tuple[int, int, int]] = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            overlap = min(g.end, p.end) - max(g.start, p.start)
            if overlap > 0:
                exact = g.start == p.start and g.end == p.end
                pairs.append((-(10**6 if exact else overlap), gi, pi))
    pairs.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    matched = []
    for _score, gi, pi in pairs:
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        matched.append((gold[gi], predicted[pi]))
    return matched


def evaluate_timex(data_dir: Path, *, details: bool = False) -> dict[str, Any]:
    """Run :func:`find_timexes` (German, narrative anchoring, DCT as reference) over WikiWarsDE and score it.

    Returns flat headline keys (``lenient_f1``, ``strict_f1``, ``value_accuracy``, ``strict_value_f1``), the
    precision/recall behind each, counts, per-document figures and, with ``details``, every miss for inspection.
    """
    documents = read_wikiwarsde(Path(data_dir))
    totals = {"gold": 0, "predicted": 0, "lenient": 0, "strict": 0, "value": 0, "strict_value": 0}
    per_document: dict[str, dict[str, Any]] = {}
    errors: list[dict[str, Any]] = []
    for document in documents:
        predicted = find_timexes(document.text, language="de", reference=document.dct, anchoring="narrative")
        matched = _match(document.gold, predicted)
        counts = {
            "gold": len(document.gold),
            "predicted": len(predicted),
            "lenient": len(matched),
            "strict": sum(1 for g, p in matched if (g.start, g.end) == (p.start, p.end)),
            "value": sum(1 for g, p in matched if g.value == p.value),
            "strict_value": sum(1 for g, p in matched if (g.start, g.end) == (p.start, p.end) and g.value == p.value),
        }
        for key, number in counts.items():
            totals[key] += number
        per_document[document.doc_id] = {
            **counts,
            "strict_value_f1": _prf(counts["strict_value"], counts["predicted"], counts["gold"])["f1"],
        }
        if details:
            errors.extend(_errors(document, predicted, matched))
    lenient = _prf(totals["lenient"], totals["predicted"], totals["gold"])
    strict = _prf(totals["strict"], totals["predicted"], totals["gold"])
    strict_value = _prf(totals["strict_value"], totals["predicted"], totals["gold"])
    result: dict[str, Any] = {
        "documents": len(documents),
        "gold": totals["gold"],
        "predicted": totals["predicted"],
        "lenient_precision": lenient["precision"],
        "lenient_recall": lenient["recall"],
        "lenient_f1": lenient["f1"],
        "strict_precision": strict["precision"],
        "strict_recall": strict["recall"],
        "strict_f1": strict["f1"],
        "value_accuracy": totals["value"] / totals["lenient"] if totals["lenient"] else 0.0,
        "strict_value_precision": strict_value["precision"],
        "strict_value_recall": strict_value["recall"],
        "strict_value_f1": strict_value["f1"],
        "counts": totals,
        "per_document": per_document,
    }
    if details:
        result["errors"] = errors
    return result


def _errors(
    document: WikiWarsDocument, predicted: list[Timex], matched: list[tuple[GoldTimex, Timex]]
) -> list[dict[str, Any]]:
    """Every way a document went wrong: missed gold, spurious predictions, span and value disagreements."""
    out: list[dict[str, Any]] = []
    seen_gold = {id(g) for g, _ in matched}
    seen_pred = {id(p) for _, p in matched}

    def context(start: int, end: int) -> str:
        text = document.text
        snippet = text[max(0, start - 40) : start] + "[[" + text[start:end] + "]]" + text[end : end + 25]
        return snippet.replace("\n", " ")

    for g in document.gold:
        if id(g) not in seen_gold:
            out.append({"doc": document.doc_id, "kind": "missed", "gold": g.value, "context": context(g.start, g.end)})
    for p in predicted:
        if id(p) not in seen_pred:
            out.append({"doc": document.doc_id, "kind": "spurious", "pred": p.value,
                        "context": context(p.start, p.end)})  # fmt: skip
    for g, p in matched:
        if (g.start, g.end) != (p.start, p.end):
            out.append({"doc": document.doc_id, "kind": "span", "gold": g.text, "pred": p.text,
                        "context": context(g.start, g.end)})  # fmt: skip
        if g.value != p.value:
            out.append({"doc": document.doc_id, "kind": "value", "gold": g.value, "pred": p.value,
                        "context": context(p.start, p.end)})  # fmt: skip
    return out


def format_timex_report(result: dict[str, Any]) -> str:
    """Human-readable summary of :func:`evaluate_timex`, with HeidelTime's published figures for scale."""
    lines = [
        f"WikiWarsDE: {result['documents']} documents, {result['gold']} gold timexes, {result['predicted']} predicted",
        "",
        f"{'':16}{'precision':>10}{'recall':>10}{'F1':>10}   HeidelTime F1",
    ]
    for key, label, reference in (
        ("lenient", "lenient span", "0.933"),
        ("strict", "strict span", "0.877"),
        ("strict_value", "strict + value", "0.787"),
    ):
        lines.append(
            f"{label:16}{result[key + '_precision']:>10.3f}{result[key + '_recall']:>10.3f}"
            f"{result[key + '_f1']:>10.3f}   {reference}"
        )
    lines.append(f"{'value accuracy':16}{'':>20}{result['value_accuracy']:>10.3f}   0.885")
    lines.append("")
    lines.append(f"{'document':24}{'gold':>6}{'pred':>6}{'strict+value F1':>17}")
    for doc_id, figures in sorted(result["per_document"].items()):
        lines.append(f"{doc_id:24}{figures['gold']:>6}{figures['predicted']:>6}{figures['strict_value_f1']:>17.3f}")
    return "\n".join(lines)

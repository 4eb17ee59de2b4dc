"""Evaluate named-entity recognition on GermEval 2014 with the official outer-level metric.

The file format is the organisers' 4-column TSV: ``#`` lines carry the source URL and date, every other line is
``index<TAB>token<TAB>outer tag<TAB>inner tag`` (BIO tags), and a blank line ends a sentence. Empty columns after
the fourth are ignored, as the official scorer ignores them. The official
"Metric 1" scores outer-level chunks only: a predicted chunk counts when its tokens and its label equal a gold
chunk's. The labels are the 12 classes (PER, LOC, ORG, OTH and their ``deriv`` / ``part`` variants) as the
organisers count them; ``collapse=True`` also folds the variants into their main type (``LOCderiv`` -> ``LOC``),
for a reader who only wants the four kinds.

The tokens are given to the tagger as they stand in the file (no re-tokenisation), so spans compare one to one.
By default the tagger is the whole ``find_entities`` pipeline with each sentence read as its own article (GermEval
sentences come from different documents, so document-level consistency has nothing to work with here);
``model_only`` scores the trained model alone.

Given a split folder of the hand-annotated real-text set (``data/10kgnad-annotations/dev``, whole derStandard
articles with name mentions as character spans; see ``newsdesk.evaluate.realtext``), ``evaluate_ner`` runs
``find_entities`` on each article and scores its name mentions (not derived words, parts or role nouns) as exact
(start, end, type) spans, and lists the false positives and misses by surface form, so that a common noun tagged as
a name or an organisation missed every time shows at a glance.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["GoldSentence", "chunks", "evaluate_ner", "evaluate_ner_realtext", "format_ner_report", "name_mentions",
           "read_germeval", "score_chunks"]

Tagger = Callable[[Sequence[Sequence[str]]], list[list[str]]]
"""Takes tokenised sentences, returns one BIO tag per token (``B-PER``, ``I-PER``, ``O``)."""
EntityFinder = Callable[[str], Iterable[tuple[int, int, str]]]
"""Takes an article's text, returns its name mentions as (start, end, type)."""
REALTEXT = "10kgnad-annotations"


@dataclass(frozen=True, slots=True)
class GoldSentence:
    """One sentence of a GermEval file: its tokens, outer and inner BIO tags, and the line it starts on."""

    tokens: tuple[str, ...]
    outer: tuple[str, ...]
    inner: tuple[str, ...]
    line: int


def _check_tag(tag: str, path: Path, number: int, column: str) -> str:
    if tag != "O" and not (tag[:2] in ("B-", "I-") and len(tag) > 2):
        raise ValueError(f"{path}:{number}: {column} tag {tag!r} is not O, B-TYPE or I-TYPE")
    return tag


def read_germeval(path: Path) -> list[GoldSentence]:
    """Sentences of a GermEval 4-column file; a malformed line raises ``ValueError`` naming file:line and why."""
    path = Path(path)
    sentences: list[GoldSentence] = []
    rows: list[tuple[str, str, str]] = []
    first = 0

    def flush() -> None:
        if rows:
            tokens, outer, inner = zip(*rows, strict=True)
            sentences.append(GoldSentence(tokens, outer, inner, first))
            rows.clear()

    with path.open(encoding="utf-8") as handle:
        for number, raw in enumerate(handle, start=1):
            line = raw.rstrip("\r\n")
            if not line.strip():
                flush()
                continue
            if line.startswith("#"):
                continue
            fields = line.split("\t")
            while len(fields) > 4 and not fields[-1]:
                fields.pop()  # an empty trailing column (a line of the official test file ends in a tab)
            if len(fields) != 4:
                raise ValueError(f"{path}:{number}: expected 4 tab-separated columns "
                                 f"(index, token, outer, inner), found {len(fields)}")
            index, token, outer, inner = fields
            if not index.isdigit() or int(index) != len(rows) + 1:
                raise ValueError(f"{path}:{number}: token index {index!r} should be {len(rows) + 1}")
            if not token:
                raise ValueError(f"{path}:{number}: empty token")
            if not rows:
                first = number
            rows.append((token, _check_tag(outer, path, number, "outer"), _check_tag(inner, path, number, "inner")))
    flush()
    if not sentences:
        raise ValueError(f"{path}: no sentences found")
    return sentences


def chunks(tags: Sequence[str]) -> set[tuple[int, int, str]]:
    """Chunks (start, end, label) of a BIO sequence, read as conlleval does: an ``I-`` after ``O`` or after
    another label opens a chunk instead of being dropped."""
    found: set[tuple[int, int, str]] = set()
    start, label = -1, ""
    for index, tag in enumerate([*tags, "O"]):
        prefix, _, kind = tag.partition("-")
        if start >= 0 and (prefix != "I" or kind != label):
            found.add((start, index, label))
            start = -1
        if prefix == "B" or (prefix == "I" and start < 0):
            start, label = index, kind
    return found


def main_type(label: str) -> str:
    """``LOCderiv`` / ``LOCpart`` -> ``LOC``."""
    return label.removesuffix("deriv").removesuffix("part")


def _prf(correct: int, predicted: int, gold: int) -> dict[str, float | int]:
    precision = correct / predicted if predicted else 0.0
    recall = correct / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "correct": correct, "predicted": predicted,
            "gold": gold}


def score_chunks(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]], *,
                 collapse: bool = False) -> dict[str, Any]:
    """Micro precision/recall/F1 over exact chunks, overall and per label.

    gold, predicted: one BIO tag sequence per sentence, aligned token for token.
    collapse: fold ``deriv`` / ``part`` into the main type before matching.
    RETURNS: ``precision``, ``recall``, ``f1``, ``correct``, ``predicted``, ``gold`` and ``per_type`` (label -> same keys).
    """
    if len(gold) != len(predicted):
        raise ValueError(f"{len(predicted)} predicted sentences for {len(gold)} gold ones")
    counts = _new_counts()
    for number, (gold_tags, pred_tags) in enumerate(zip(gold, predicted, strict=True)):
        if len(gold_tags) != len(pred_tags):
            raise ValueError(f"sentence {number}: {len(pred_tags)} predicted tags for {len(gold_tags)} tokens")
        relabel = main_type if collapse else str
        _tally(counts, {(s, e, relabel(t)) for s, e, t in chunks(gold_tags)},
               {(s, e, relabel(t)) for s, e, t in chunks(pred_tags)})
    return _figures(counts)


def _new_counts() -> dict[str, Counter[str]]:
    return {"correct": Counter(), "predicted": Counter(), "gold": Counter()}


def _tally(counts: dict[str, Counter[str]], gold: set[tuple[int, int, str]],
           predicted: set[tuple[int, int, str]]) -> None:
    counts["gold"].update(t for _, _, t in gold)
    counts["predicted"].update(t for _, _, t in predicted)
    counts["correct"].update(t for _, _, t in gold & predicted)


def _figures(counts: dict[str, Counter[str]]) -> dict[str, Any]:
    labels = sorted(set(counts["gold"]) | set(counts["predicted"]))
    result: dict[str, Any] = _prf(*(sum(counts[key].values()) for key in ("correct", "predicted", "gold")))
    result["per_type"] = {label: _prf(*(counts[key][label] for key in ("correct", "predicted", "gold")))
                          for label in labels}
    return result


def default_tagger(language: str = "de", *, model_only: bool = False, kind: str | None = None) -> Tagger:
    """newsdesk's NER over pre-tokenised sentences: the whole ``find_entities`` pipeline (model, title repair,
    gazetteer, consistency), or with ``model_only`` the trained model alone; ``kind`` picks the trained tagger
    (``newsdesk.analysis.entities.model.KINDS``; default: the one ``find_entities`` uses)."""
    from newsdesk.analysis.entities import tag_sentences, tag_tokens

    tag = tag_tokens if model_only else tag_sentences
    return lambda sentences: tag(sentences, language=language, kind=kind)


def evaluate_ner(path: Path, *, tagger: Tagger | None = None, collapse: bool = False,
                 model_only: bool = False, kind: str | None = None, texts: Path | None = None) -> dict[str, Any]:
    """Tag every sentence of a GermEval file and score the outer level (see ``score_chunks``); adds
    ``sentences``, ``tokens``, ``collapsed``, ``tagger``, ``model`` (the trained tagger's kind) and ``data``.
    A folder is read as a split of the real-text set instead (``evaluate_ner_realtext``, ``texts`` its CSV)."""
    from newsdesk.analysis.entities.model import chosen_kind

    if Path(path).is_dir():
        if tagger or model_only or kind:
            raise ValueError("--model-only and --tagger apply to GermEval files; on the real-text set the whole "
                             "pipeline runs (choose its tagger with $NEWSDESK_NER)")
        return evaluate_ner_realtext(path, texts=texts)
    sentences = read_germeval(path)
    tag = tagger or default_tagger(model_only=model_only, kind=kind)
    predicted = tag([s.tokens for s in sentences])
    result = score_chunks([s.outer for s in sentences], predicted, collapse=collapse)
    result.update(sentences=len(sentences), tokens=sum(len(s.tokens) for s in sentences), collapsed=collapse,
                  tagger="given" if tagger else "model" if model_only else "pipeline",
                  model=None if tagger else kind or chosen_kind("de"), data=str(path))
    return result


def name_mentions(text: str) -> list[tuple[int, int, str]]:
    """newsdesk's name mentions of one article (``find_entities``; derived words, parts and role nouns left out,
    as the gold set holds names only)."""
    from newsdesk.analysis.entities import find_entities

    return [(e.start, e.end, e.type) for e in find_entities(text, "de") if e.kind == "name"]


def _surface_list(counter: Counter[tuple[str, str, str | None]], top: int) -> list[dict[str, Any]]:
    ranked = sorted(counter.items(), key=lambda item: (-item[1], item[0][0], item[0][1], item[0][2] or ""))
    return [{"text": text, "type": kind, "other": other, "count": count} for (text, kind, other), count in ranked[:top]]


def evaluate_ner_realtext(data_dir: Path, *, texts: Path | None = None, finder: EntityFinder | None = None,
                          top: int = 15) -> dict[str, Any]:
    """Score name mentions on a split of the real-text set as exact (start, end, type) spans.

    RETURNS: the ``score_chunks`` keys plus ``documents``, ``chars``, ``data``, ``corpus``, ``tagger``, ``model``,
    and ``false_positives`` / ``misses``: the ``top`` most frequent surface forms, each {text, type, other (the
    gold type of a mistyped span, resp. the predicted one), count}, with their totals in ``false_positive_count``
    and ``miss_count``.
    """
    from newsdesk.analysis.entities.model import chosen_kind
    from newsdesk.evaluate.realtext import read_annotated_folder

    articles = read_annotated_folder(data_dir, texts)
    find = finder or name_mentions
    counts = _new_counts()
    wrong: Counter[tuple[str, str, str | None]] = Counter()
    missed: Counter[tuple[str, str, str | None]] = Counter()
    for article in articles:
        gold, predicted = set(article.entities), set(find(article.text))
        _tally(counts, gold, predicted)
        gold_type = {(s, e): t for s, e, t in gold}
        predicted_type = {(s, e): t for s, e, t in predicted}
        wrong.update((article.text[s:e], t, gold_type.get((s, e))) for s, e, t in predicted - gold)
        missed.update((article.text[s:e], t, predicted_type.get((s, e))) for s, e, t in gold - predicted)
    result = _figures(counts)
    result.update(documents=len(articles), chars=sum(len(a.text) for a in articles), data=str(data_dir),
                  corpus=REALTEXT, tagger="given" if finder else "pipeline",
                  model=None if finder else chosen_kind("de"),
                  false_positives=_surface_list(wrong, top), false_positive_count=sum(wrong.values()),
                  misses=_surface_list(missed, top), miss_count=sum(missed.values()))
    return result


def _format_surfaces(title: str, rows: list[dict[str, Any]], total: int, other: str) -> list[str]:
    lines = [f"  {title} ({total} in all), most frequent:"]
    for row in rows:
        note = f", {other} {row['other']}" if row["other"] else ""
        lines.append(f"    {row['count']:3d} × {row['text']} ({row['type']}{note})")
    return lines


def _format_realtext_report(result: dict[str, Any]) -> str:
    lines = [
        f"NER ({result.get('tagger', 'pipeline')}, {result.get('model') or 'given'} tagger), real-text set, exact "
        f"name spans: {result.get('data', '')}",
        f"  {result['documents']} articles, {result['chars']:,} characters, {result['gold']} gold names, "
        f"{result['predicted']} predicted",
        f"  precision {result['precision']:.4f}  recall {result['recall']:.4f}  F1 {result['f1']:.4f}",
        f"  {'type':<10} {'P':>7} {'R':>7} {'F1':>7} {'gold':>6} {'pred':>6}",
    ]
    for label, row in result["per_type"].items():
        lines.append(f"  {label:<10} {row['precision']:7.4f} {row['recall']:7.4f} {row['f1']:7.4f} "
                     f"{row['gold']:6d} {row['predicted']:6d}")
    lines += _format_surfaces("false positives", result["false_positives"], result["false_positive_count"],
                              "gold type")
    lines += _format_surfaces("misses", result["misses"], result["miss_count"], "predicted as")
    return "\n".join(lines)


def format_ner_report(result: dict[str, Any]) -> str:
    """Human-readable report: overall figures, then one line per label (on the real-text set, then the most
    frequent false positives and misses)."""
    if result.get("corpus") == REALTEXT:
        return _format_realtext_report(result)
    levels = "4 main types (deriv/part folded in)" if result.get("collapsed") else "12 classes (official)"
    lines = [
        f"NER ({result.get('tagger', 'pipeline')}, {result.get('model') or 'given'} tagger), GermEval 2014 outer level, exact chunks over {levels}: "
        f"{result.get('data', '')}",
        f"  {result.get('sentences', 0)} sentences, {result.get('tokens', 0)} tokens, "
        f"{result['gold']} gold chunks, {result['predicted']} predicted",
        f"  precision {result['precision']:.4f}  recall {result['recall']:.4f}  F1 {result['f1']:.4f}",
        f"  {'type':<10} {'P':>7} {'R':>7} {'F1':>7} {'gold':>6} {'pred':>6}",
    ]
    for label, row in result["per_type"].items():
        lines.append(f"  {label:<10} {row['precision']:7.4f} {row['recall']:7.4f} {row['f1']:7.4f} "
                     f"{row['gold']:6d} {row['predicted']:6d}")
    return "\n".join(lines)

"""The 10kGNAD real-text set: reading annotations against their texts, the conversion to the quote scorer's shape,
hand-computed quote and entity scores, clear errors, and the real dev half (when ../shared is present)."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from newsdesk.analysis.quotes import Quote
from newsdesk.cli import cli
from newsdesk.evaluate.ner import evaluate_ner, evaluate_ner_realtext, format_ner_report
from newsdesk.evaluate.quotes import evaluate_quotes, format_quotes_report
from newsdesk.evaluate.realtext import is_annotation_folder, quote_document, read_annotated_folder

REPO = Path(__file__).resolve().parents[1]
REAL_TEXTS = REPO.parent / "shared" / "datasets" / "10kgnad" / "test.csv"

TEXT = ("Die Ministerin Lea Stein sagte, die Reform sei nötig. „Wir handeln jetzt“, sagte sie. "
        "Die Firma Nordwerk baut in Kiel.")
OTHER = "Ein zweiter Text ohne Zitat."
SIE = TEXT.index("sagte sie") + len("sagte ")


def span(sub: str, nth: int = 1) -> list[int]:
    """[start, end] of the nth occurrence of ``sub`` in TEXT."""
    start = -1
    for _ in range(nth):
        start = TEXT.index(sub, start + 1)
    return [start, start + len(sub)]


def annotation(text: str = TEXT) -> dict[str, Any]:
    return {
        "source": "10kgnad/test.csv", "row": 1, "label": "Inland",
        "text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(), "text_length": len(text),
        "quotes": [
            {"type": "Indirect", "quote": [span("die Reform sei nötig")], "cue": [span("sagte")],
             "speaker": [span("Lea Stein")], "speaker_entity": []},
            {"type": "Direct", "quote": [span("Wir handeln jetzt")], "cue": [span("sagte", 2)],
             "speaker": [[SIE, SIE + 3]],
             "speaker_entity": [span("Lea Stein")]},
        ],
        "entities": [{"start": s, "end": e, "type": t} for (s, e), t in
                     ((span("Lea Stein"), "PER"), (span("Nordwerk"), "ORG"), (span("Kiel"), "LOC"))],
    }


@pytest.fixture
def split(tmp_path: Path) -> Path:
    """A repository-like tree: repo/data/10kgnad-annotations/dev/0001.json and shared/datasets/10kgnad/test.csv."""
    texts = tmp_path / "shared" / "datasets" / "10kgnad" / "test.csv"
    texts.parent.mkdir(parents=True)
    with texts.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";", quotechar="'").writerows([["Web", OTHER], ["Inland", TEXT]])
    folder = tmp_path / "repo" / "data" / "10kgnad-annotations" / "dev"
    folder.mkdir(parents=True)
    (folder / "0001.json").write_text(json.dumps(annotation(), indent=1, ensure_ascii=False), encoding="utf-8")
    return folder


def test_reads_annotations_against_the_default_texts_file(split: Path) -> None:
    assert is_annotation_folder(split)
    (article,) = read_annotated_folder(split)
    assert (article.row, article.label, article.text) == (1, "Inland", TEXT)
    assert article.entities[1] == (*span("Nordwerk"), "ORG")


def test_conversion_to_the_quote_corpus_shape(split: Path) -> None:
    doc = quote_document(read_annotated_folder(split)[0])
    assert doc["originalText"] == TEXT
    words = [t["text"] for t in doc["tokens"]]
    assert words[:5] == ["Die", "Ministerin", "Lea", "Stein", "sagte"]  # words only: no punctuation tokens
    direct = doc["annotations"][1]
    assert direct["type"] == "Direct"
    assert [words[i] for i in direct["quote"]["tokenIds"]] == ["Wir", "handeln", "jetzt"]
    # the speaker part holds the mention, then its named antecedent
    assert [(s["charBegin"], s["charEnd"]) for s in direct["speaker"]["spans"]] == [
        (SIE, SIE + 3), tuple(span("Lea Stein"))]


def _quote(sub: str, kind: str, speaker: str | None = None, marks: bool = False) -> Quote:
    start, end = span(sub)
    if marks:
        start, end = start - 1, end + 1  # with the quotation marks: the same words
    s_start, s_end = span(speaker) if speaker else (None, None)
    return Quote(start=start, end=end, text=TEXT[start:end], type=kind, speaker=speaker, speaker_start=s_start,
                 speaker_end=s_end, parts=((start, end),))


def test_quote_scores_on_a_hand_computable_case(split: Path) -> None:
    predictions = [
        _quote("Wir handeln jetzt", "direct", "Lea Stein", marks=True),  # 3 of 3 words; speaker = the antecedent
        _quote("die Reform", "indirect", "Nordwerk"),  # 2 of 4 words; wrong speaker
        _quote("Die Firma Nordwerk baut in Kiel", "indirect"),  # 6 words, no gold quote
    ]
    result = evaluate_quotes(split, finder=lambda text: predictions)
    assert result["documents"] == 1 and result["gold"] == 2 and result["predicted"] == 3
    assert result["quote_precision"] == pytest.approx(5 / 11)
    assert result["quote_recall"] == pytest.approx(5 / 7)
    assert result["speaker_accuracy"] == pytest.approx(0.5)
    assert "Direct + Indirect: P 0.455  R 0.714" in format_quotes_report(result)


def test_entity_scores_and_surface_lists(split: Path) -> None:
    found = [(*span("Lea Stein"), "PER"), (*span("Nordwerk"), "LOC"), (*span("Kiel"), "LOC"),
             (*span("Ministerin"), "ORG")]
    result = evaluate_ner_realtext(split, finder=lambda text: found)
    assert (result["correct"], result["predicted"], result["gold"]) == (2, 4, 3)
    assert result["precision"] == pytest.approx(0.5) and result["recall"] == pytest.approx(2 / 3)
    assert result["per_type"]["ORG"] == pytest.approx(
        {"precision": 0.0, "recall": 0.0, "f1": 0.0, "correct": 0, "predicted": 1, "gold": 1})
    assert {(r["text"], r["type"], r["other"]) for r in result["false_positives"]} == {
        ("Nordwerk", "LOC", "ORG"), ("Ministerin", "ORG", None)}
    assert result["misses"] == [{"text": "Nordwerk", "type": "ORG", "other": "LOC", "count": 1}]
    report = format_ner_report(result)
    assert "false positives (2 in all)" in report and "1 × Ministerin (ORG)" in report


def test_ner_on_a_folder_refuses_germeval_only_options(split: Path) -> None:
    with pytest.raises(ValueError, match="apply to GermEval files"):
        evaluate_ner(split, model_only=True)


def test_sha256_mismatch_names_the_texts_file(split: Path, tmp_path: Path) -> None:
    changed = tmp_path / "changed.csv"
    with changed.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";", quotechar="'").writerows([["Web", OTHER], ["Inland", TEXT + " Neu."]])
    with pytest.raises(ValueError, match=r"changed\.csv: row 1 does not match 0001\.json \(SHA-256 differs"):
        read_annotated_folder(split, changed)


def test_cli_missing_texts_file_is_one_clear_line(split: Path, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.csv"
    result = CliRunner().invoke(cli, ["eval", "quotes", "--data", str(split), "--texts", str(missing)])
    assert result.exit_code == 1
    assert "nowhere.csv: 10kGNAD texts file not found" in result.output and "Traceback" not in result.output


def test_cli_eval_quotes_json_on_the_real_text_layout(split: Path, tmp_path: Path) -> None:
    texts = tmp_path / "shared" / "datasets" / "10kgnad" / "test.csv"
    result = CliRunner().invoke(cli, ["eval", "quotes", "--data", str(split), "--texts", str(texts), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert {"quote_precision", "quote_recall", "quote_f1", "speaker_accuracy", "per_type"} <= set(figures)


def test_wikinews_folder_is_not_taken_for_the_real_text_set(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps({"originalText": "x", "tokens": [], "annotations": []}),
                                     encoding="utf-8")
    assert not is_annotation_folder(tmp_path)


def test_real_dev_half_loads_and_every_span_lies_in_its_text() -> None:
    folder = REPO / "data" / "10kgnad-annotations" / "dev"
    if not REAL_TEXTS.is_file():
        pytest.skip("../shared/datasets/10kgnad/test.csv is not present beside the checkout")
    articles = read_annotated_folder(folder)
    assert len(articles) == 40
    for article in articles:
        for quote in article.quotes:
            for part in ("quote", "cue", "speaker", "speaker_entity"):
                for start, end in quote[part]:
                    piece = article.text[start:end]
                    assert piece and piece == piece.strip(), (article.name, part, piece)
            assert quote["type"] in {"Direct", "Indirect", "FreeIndirect"}
            assert quote["speaker"] or not quote["speaker_entity"], article.name
        ends = [0]
        for start, end, _ in article.entities:
            assert start >= ends[-1], (article.name, start)  # in text order, not overlapping
            ends.append(end)
        assert quote_document(article)["annotations"] or not article.quotes

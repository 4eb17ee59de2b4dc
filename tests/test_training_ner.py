"""The NER recipe's data conversion: GermEval BIOES lines to spaCy documents, with the official label names."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.training.ner import HOLDOUT_EVERY, official_label, read_bioes


def test_bioes_becomes_iob_with_official_labels(tmp_path: Path) -> None:
    path = tmp_path / "train.txt"
    path.write_text("Wolf B-PER\nPeter I-PER\nBree E-PER\naus O\nKölner S-LOCDERIV\nSicht O\n\n"
                    "EU-Staaten S-LOCPART\n", encoding="utf-8")
    assert list(read_bioes(path)) == [
        (["Wolf", "Peter", "Bree", "aus", "Kölner", "Sicht"], ["B-PER", "I-PER", "I-PER", "O", "B-LOCderiv", "O"]),
        (["EU-Staaten"], ["B-LOCpart"]),
    ]


def test_adjacent_single_token_entities_stay_apart(tmp_path: Path) -> None:
    path = tmp_path / "train.txt"
    path.write_text("Merkel S-PER\nSarkozy S-PER\n", encoding="utf-8")
    assert list(read_bioes(path)) == [(["Merkel", "Sarkozy"], ["B-PER", "B-PER"])]


@pytest.mark.parametrize(("line", "reason"), [("Merkel", "expected 'token TAG'"), ("Merkel X-PER", "unknown tag")])
def test_malformed_lines_name_file_and_line(tmp_path: Path, line: str, reason: str) -> None:
    path = tmp_path / "train.txt"
    path.write_text(f"Die O\n{line}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=rf"train\.txt:2: {reason}"):
        list(read_bioes(path))


def test_official_label_names() -> None:
    assert [official_label(x) for x in ("PER", "LOCDERIV", "ORGPART")] == ["PER", "LOCderiv", "ORGpart"]
    assert HOLDOUT_EVERY > 1


def test_conversion_holds_out_a_slice_of_train(tmp_path: Path) -> None:
    from spacy.tokens import DocBin
    import spacy

    from newsdesk.training.ner import convert

    path = tmp_path / "train.txt"
    path.write_text("".join(f"Satz{i} O\nBerlin S-LOC\n\n" for i in range(2 * HOLDOUT_EVERY)), encoding="utf-8")
    train, holdout = convert(path, tmp_path / "corpus")
    vocab = spacy.blank("de").vocab
    held = list(DocBin().from_disk(holdout).get_docs(vocab))
    assert len(held) == 2 and len(list(DocBin().from_disk(train).get_docs(vocab))) == 2 * HOLDOUT_EVERY - 2
    assert [(e.text, e.label_) for e in held[0].ents] == [("Berlin", "LOC")]

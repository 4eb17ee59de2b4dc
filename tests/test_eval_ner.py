"""GermEval 2014 scoring: the reader, conlleval-style chunks, hand-computed figures, and the real dev file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsdesk.analysis.entities.model import has_model
from newsdesk.cli import cli
from newsdesk.evaluate.ner import chunks, evaluate_ner, read_germeval, score_chunks

requires_model = pytest.mark.skipif(not has_model("de"), reason="no trained model in newsdesk/lang/de/ner")

# Two sentences, five gold chunks: PER "Angela Merkel", LOC "Berlin", LOCderiv "deutschen", ORG "Siemens",
# ORGpart "Siemens-Chef" (inner tags are read but not scored).
TINY = """#\thttp://example.org/a\t[2024-01-01]
1\tAngela\tB-PER\tO
2\tMerkel\tI-PER\tO
3\treiste\tO\tO
4\tnach\tO\tO
5\tBerlin\tB-LOC\tO
6\t.\tO\tO

#\thttp://example.org/b\t[2024-01-02]
1\tDer\tO\tO
2\tdeutschen\tB-LOCderiv\tO
3\tSiemens\tB-ORG\tO
4\tfolgt\tO\tO
5\tder\tO\tO
6\tSiemens-Chef\tB-ORGpart\tB-ORG
7\t.\tO\tO
"""

# The "system": PER right, LOC typed ORG, LOCderiv right, ORG span too long, ORGpart typed ORG, one extra OTH.
PREDICTED = [
    ["B-PER", "I-PER", "O", "O", "B-ORG", "B-OTH"],
    ["O", "B-LOCderiv", "B-ORG", "I-ORG", "O", "B-ORG", "O"],
]


def _tiny(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.tsv"
    path.write_text(TINY, encoding="utf-8")
    return path


def test_reader_keeps_tokens_tags_and_first_line(tmp_path: Path) -> None:
    sentences = read_germeval(_tiny(tmp_path))
    assert [len(s.tokens) for s in sentences] == [6, 7]
    assert sentences[1].outer[5] == "B-ORGpart" and sentences[1].inner[5] == "B-ORG"
    assert sentences[1].line == 10  # after the comment line


@pytest.mark.parametrize(("line", "reason"), [
    ("1\tAngela\tB-PER", "expected 4 tab-separated columns"),
    ("2\tAngela\tB-PER\tO", "token index '2' should be 1"),
    ("1\tAngela\tPER\tO", "outer tag 'PER' is not O, B-TYPE or I-TYPE"),
])
def test_reader_names_file_line_and_reason(tmp_path: Path, line: str, reason: str) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text(f"# comment\n{line}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=rf"bad\.tsv:2: {reason}"):
        read_germeval(path)


def test_chunks_read_stray_inside_tags_as_conlleval_does() -> None:
    assert chunks(["I-PER", "I-PER", "O", "B-LOC", "I-ORG"]) == {(0, 2, "PER"), (3, 4, "LOC"), (4, 5, "ORG")}


def test_hand_computed_scores(tmp_path: Path) -> None:
    gold = [s.outer for s in read_germeval(_tiny(tmp_path))]
    result = score_chunks(gold, PREDICTED)
    # correct: PER, LOCderiv = 2; predicted: PER, ORG, OTH, LOCderiv, ORG(2 tokens), ORG = 6; gold = 5
    assert (result["correct"], result["predicted"], result["gold"]) == (2, 6, 5)
    assert result["precision"] == pytest.approx(2 / 6)
    assert result["recall"] == pytest.approx(2 / 5)
    assert result["f1"] == pytest.approx(2 * (2 / 6) * (2 / 5) / (2 / 6 + 2 / 5))
    assert result["per_type"]["PER"]["f1"] == 1.0
    assert result["per_type"]["ORG"] == pytest.approx(
        {"precision": 0.0, "recall": 0.0, "f1": 0.0, "correct": 0, "predicted": 3, "gold": 1})
    assert result["per_type"]["ORGpart"]["recall"] == 0.0


def test_collapse_folds_subtypes_into_main_types(tmp_path: Path) -> None:
    gold = [s.outer for s in read_germeval(_tiny(tmp_path))]
    result = score_chunks(gold, PREDICTED, collapse=True)
    # ORGpart "Siemens-Chef" predicted as ORG now counts: 3 correct of 6 predicted, 5 gold
    assert (result["correct"], result["predicted"], result["gold"]) == (3, 6, 5)
    assert set(result["per_type"]) == {"PER", "LOC", "ORG", "OTH"}


def test_evaluate_with_a_given_tagger(tmp_path: Path) -> None:
    result = evaluate_ner(_tiny(tmp_path), tagger=lambda sentences: PREDICTED)
    assert result["sentences"] == 2 and result["tokens"] == 13
    assert result["f1"] == pytest.approx(0.3636, abs=1e-4)


@requires_model
def test_cli_eval_ner_json_keys(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["eval", "ner", "--data", str(_tiny(tmp_path)), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert {"precision", "recall", "f1", "per_type"} <= set(figures)
    assert 0.0 <= figures["f1"] <= 1.0


def test_cli_eval_ner_bad_file_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text("1\tAngela\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", "ner", "--data", str(path)])
    assert result.exit_code == 1
    assert "bad.tsv:1" in result.output and "Traceback" not in result.output


def test_official_dev_file_reads_and_scores_itself_perfectly(shared_datasets: Path) -> None:
    dev = shared_datasets / "germeval2014_ner" / "NER-de-dev.tsv"
    if not dev.exists():
        pytest.skip("NER-de-dev.tsv absent")
    sentences = read_germeval(dev)
    assert len(sentences) == 2200
    result = score_chunks([s.outer for s in sentences], [list(s.outer) for s in sentences])
    assert result["f1"] == 1.0 and len(result["per_type"]) == 12


@requires_model
@pytest.mark.slow
def test_model_on_official_dev_file(shared_datasets: Path) -> None:
    dev = shared_datasets / "germeval2014_ner" / "NER-de-dev.tsv"
    if not dev.exists():
        pytest.skip("NER-de-dev.tsv absent")
    by_kind = {kind: evaluate_ner(dev, kind=kind)["f1"] for kind in ("encoder", "spacy")}
    # measured 0.814 and 0.662; see the README in src/newsdesk/lang/de/ner-encoder and .../ner
    assert by_kind["encoder"] >= 0.80 and by_kind["spacy"] >= 0.64

"""WikiWarsDE evaluation: the reader and the scores on a tiny corpus written here, and the real figures when the
shared corpus is present."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.evaluate.timex import evaluate_timex, format_timex_report, read_wikiwarsde

WIKIWARS = Path(__file__).resolve().parents[1].parent / "shared" / "datasets" / "wikiwarsde"

_RAW = (
    "<DOC>\n<DOCID>99_Test</DOCID>\n<DATETIME> 2011-02-16T17:00:00 </DATETIME>\n<TEXT>\n"
    "Am {a} begann der Marsch. {b} erreichten sie das Meer, {c} ruhten sie.\n</TEXT>\n</DOC>\n"
)


def _write_corpus(root: Path, gold: dict[str, str]) -> Path:
    """One document whose inline file wraps the gold phrases in TIMEX2 tags (the raw file is the same text)."""
    (root / "in").mkdir(parents=True)
    (root / "keyinline").mkdir()
    phrases = {"a": "3. März 1921", "b": "Zwei Tage später", "c": "drei Tage lang"}
    raw = _RAW.format(**phrases)
    wrapped = {k: f'<TIMEX2 val="{gold[k]}">{text}</TIMEX2>' if k in gold else text for k, text in phrases.items()}
    dct = '<DATETIME> <TIMEX2 val="2011-02-16T17:00:00">2011-02-16T17:00:00</TIMEX2> </DATETIME>'
    tagged = _RAW.format(**wrapped).replace("<DATETIME> 2011-02-16T17:00:00 </DATETIME>", dct)
    (root / "in" / "99_Test.sgm").write_text(raw, encoding="utf-8")
    (root / "keyinline" / "99_Test.key.xml").write_text(tagged, encoding="utf-8")
    return root


def test_eval_timex_reader_offsets_point_into_the_text(tmp_path: Path) -> None:
    root = _write_corpus(tmp_path, {"a": "1921-03-03", "b": "1921-03-05", "c": "P3D"})
    (document,) = read_wikiwarsde(root)
    assert document.dct is not None and document.dct.isoformat() == "2011-02-16"
    assert [(g.text, g.value) for g in document.gold] == [
        ("3. März 1921", "1921-03-03"),
        ("Zwei Tage später", "1921-03-05"),
        ("drei Tage lang", "P3D"),
    ]
    for gold in document.gold:  # the DCT header is not part of the text
        assert document.text[gold.start : gold.end] == gold.text


def test_eval_timex_scores_on_a_small_corpus(tmp_path: Path) -> None:
    # the tagger finds "drei Tage" (lenient, not strict) and all three values right
    root = _write_corpus(tmp_path, {"a": "1921-03-03", "b": "1921-03-05", "c": "P3D"})
    result = evaluate_timex(root)
    assert result["gold"] == 3 and result["predicted"] == 3
    assert result["lenient_f1"] == pytest.approx(1.0)
    assert result["strict_f1"] == pytest.approx(2 / 3)
    assert result["value_accuracy"] == pytest.approx(1.0)
    assert result["strict_value_f1"] == pytest.approx(2 / 3)
    assert set(result["per_document"]) == {"99_Test"}
    report = format_timex_report(result)
    assert "strict + value" in report and "99_Test" in report


def test_eval_timex_wrong_value_and_spurious(tmp_path: Path) -> None:
    # gold says the second date is 6 March and does not annotate the duration at all
    root = _write_corpus(tmp_path, {"a": "1921-03-03", "b": "1921-03-06"})
    result = evaluate_timex(root, details=True)
    assert result["lenient_precision"] == pytest.approx(2 / 3)
    assert result["value_accuracy"] == pytest.approx(0.5)
    assert result["strict_value_precision"] == pytest.approx(1 / 3)
    assert result["strict_value_recall"] == pytest.approx(1 / 2)
    kinds = sorted(error["kind"] for error in result["errors"])
    assert kinds == ["spurious", "value"]


def test_eval_timex_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        evaluate_timex(tmp_path)


@pytest.mark.skipif(not WIKIWARS.is_dir(), reason="../shared/datasets/wikiwarsde is not present")
def test_eval_timex_wikiwarsde_reaches_the_target() -> None:
    result = evaluate_timex(WIKIWARS)
    assert result["documents"] >= 1
    assert result["strict_value_f1"] >= 0.78
    assert result["lenient_f1"] >= result["strict_f1"] >= result["strict_value_f1"]
    assert 0.0 <= result["value_accuracy"] <= 1.0

